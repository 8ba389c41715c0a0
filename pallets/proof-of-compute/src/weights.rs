//! Weights for pallet_proof_of_compute.
//!
//! Placeholder until the benchmark run generates this file.

#![allow(unused_parens)]
#![allow(unused_imports)]

use frame_support::{traits::Get, weights::{Weight, constants::ParityDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for pallet_proof_of_compute.
pub trait WeightInfo {
	fn commit_result() -> Weight;
	fn reveal_result() -> Weight;
	fn submit_verdict() -> Weight;
	fn set_parameters() -> Weight;
	fn resolve_reveals(r: u32, p: u32, ) -> Weight;
	fn resolve_audit(r: u32, v: u32, ) -> Weight;
}

fn rw(reads: u64, writes: u64) -> Weight {
	Weight::from_parts(50_000_000, 10_000).saturating_add(ParityDbWeight::get().reads_writes(reads, writes))
}

impl WeightInfo for () {
	fn commit_result() -> Weight { rw(4, 4) }
	fn reveal_result() -> Weight { rw(3, 3) }
	fn submit_verdict() -> Weight { rw(3, 2) }
	fn set_parameters() -> Weight { rw(0, 1) }
	fn resolve_reveals(r: u32, p: u32, ) -> Weight { rw(8 + 6 * r as u64 + p as u64, 8 + 6 * r as u64) }
	fn resolve_audit(r: u32, v: u32, ) -> Weight { rw(8 + 6 * (r + v) as u64, 8 + 6 * (r + v) as u64) }
}
