//! Weights for pallet_jobs.
//!
//! Placeholder until the benchmark run generates this file.

#![allow(unused_parens)]
#![allow(unused_imports)]

use frame_support::{traits::Get, weights::{Weight, constants::ParityDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for pallet_jobs.
pub trait WeightInfo {
	fn store_artifact(b: u32, ) -> Weight;
	fn remove_artifact() -> Weight;
	fn submit_job(i: u32, ) -> Weight;
	fn cancel_job() -> Weight;
	fn set_parameters() -> Weight;
	fn match_job(p: u32, ) -> Weight;
	fn commit_timeout(r: u32, ) -> Weight;
	fn prune_job() -> Weight;
}

fn rw(reads: u64, writes: u64) -> Weight {
	Weight::from_parts(50_000_000, 10_000).saturating_add(ParityDbWeight::get().reads_writes(reads, writes))
}

impl WeightInfo for () {
	fn store_artifact(b: u32, ) -> Weight { rw(2, 3).saturating_add(Weight::from_parts(2_000 * b as u64, b as u64)) }
	fn remove_artifact() -> Weight { rw(2, 3) }
	fn submit_job(i: u32, ) -> Weight { rw(8 + i as u64, 8 + i as u64) }
	fn cancel_job() -> Weight { rw(6, 6) }
	fn set_parameters() -> Weight { rw(0, 1) }
	fn match_job(p: u32, ) -> Weight { rw(8 + p as u64, 8) }
	fn commit_timeout(r: u32, ) -> Weight { rw(6 + 4 * r as u64, 6 + 4 * r as u64) }
	fn prune_job() -> Weight { rw(2, 4) }
}
