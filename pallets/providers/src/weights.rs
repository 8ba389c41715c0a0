//! Weights for pallet_providers.
//!
//! Placeholder until the benchmark run generates this file: every call is priced at the
//! cost of a few storage reads and writes.

#![allow(unused_parens)]
#![allow(unused_imports)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for pallet_providers.
pub trait WeightInfo {
	fn register() -> Weight;
	fn update_profile() -> Weight;
	fn set_price() -> Weight;
	fn bond_extra() -> Weight;
	fn unbond() -> Weight;
	fn withdraw_unbonded() -> Weight;
	fn deregister() -> Weight;
	fn heartbeat() -> Weight;
	fn pause() -> Weight;
	fn resume() -> Weight;
	fn set_parameters() -> Weight;
}

fn rw(reads: u64, writes: u64) -> Weight {
	Weight::from_parts(50_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(reads, writes))
}

impl WeightInfo for () {
	fn register() -> Weight { rw(5, 5) }
	fn update_profile() -> Weight { rw(1, 1) }
	fn set_price() -> Weight { rw(1, 1) }
	fn bond_extra() -> Weight { rw(4, 4) }
	fn unbond() -> Weight { rw(2, 1) }
	fn withdraw_unbonded() -> Weight { rw(4, 4) }
	fn deregister() -> Weight { rw(3, 3) }
	fn heartbeat() -> Weight { rw(1, 1) }
	fn pause() -> Weight { rw(1, 1) }
	fn resume() -> Weight { rw(1, 1) }
	fn set_parameters() -> Weight { rw(0, 1) }
}
