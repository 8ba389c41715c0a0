// This file is part of Tensorgrid. SPDX-License-Identifier: Apache-2.0

//! Weights for `pallet_data_dao`: provisional, until `scripts/generate-weights.sh
//! data-dao` replaces this file with figures from the pallet's benchmarks.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::ParityDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_data_dao`.
pub trait WeightInfo {
	fn create_dao(c: u32, ) -> Weight;
	fn contribute() -> Weight;
	fn withdraw_contribution() -> Weight;
	fn review() -> Weight;
	fn propose() -> Weight;
	fn vote() -> Weight;
	fn close_proposal() -> Weight;
	fn execute_worst_case() -> Weight;
	fn remove_vote() -> Weight;
	fn claim() -> Weight;
	fn remove_expired_grant() -> Weight;
	fn set_frozen() -> Weight;
	fn authorize() -> Weight;
}

/// Weights measured on the reference machine, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn create_dao(c: u32, ) -> Weight {
		Weight::from_parts(60_000_000, 20_000).saturating_add(Weight::from_parts(1_000_000, 0).saturating_mul(c.into()))
			.saturating_add(T::DbWeight::get().reads(8_u64))
			.saturating_add(T::DbWeight::get().writes(9_u64))
	}
	fn contribute() -> Weight {
		Weight::from_parts(60_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
	fn withdraw_contribution() -> Weight {
		Weight::from_parts(40_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	fn review() -> Weight {
		Weight::from_parts(60_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(8_u64))
			.saturating_add(T::DbWeight::get().writes(8_u64))
	}
	fn propose() -> Weight {
		Weight::from_parts(50_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	fn vote() -> Weight {
		Weight::from_parts(40_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	fn close_proposal() -> Weight {
		Weight::from_parts(40_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	fn execute_worst_case() -> Weight {
		Weight::from_parts(400_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(140_u64))
			.saturating_add(T::DbWeight::get().writes(140_u64))
	}
	fn remove_vote() -> Weight {
		Weight::from_parts(20_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn claim() -> Weight {
		Weight::from_parts(70_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	fn remove_expired_grant() -> Weight {
		Weight::from_parts(25_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	fn set_frozen() -> Weight {
		Weight::from_parts(15_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn authorize() -> Weight {
		Weight::from_parts(40_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
}

// For backwards compatibility and tests.
impl WeightInfo for () {
	fn create_dao(c: u32, ) -> Weight {
		Weight::from_parts(60_000_000, 20_000).saturating_add(Weight::from_parts(1_000_000, 0).saturating_mul(c.into()))
			.saturating_add(ParityDbWeight::get().reads(8_u64))
			.saturating_add(ParityDbWeight::get().writes(9_u64))
	}
	fn contribute() -> Weight {
		Weight::from_parts(60_000_000, 20_000)
			.saturating_add(ParityDbWeight::get().reads(6_u64))
			.saturating_add(ParityDbWeight::get().writes(6_u64))
	}
	fn withdraw_contribution() -> Weight {
		Weight::from_parts(40_000_000, 20_000)
			.saturating_add(ParityDbWeight::get().reads(3_u64))
			.saturating_add(ParityDbWeight::get().writes(3_u64))
	}
	fn review() -> Weight {
		Weight::from_parts(60_000_000, 20_000)
			.saturating_add(ParityDbWeight::get().reads(8_u64))
			.saturating_add(ParityDbWeight::get().writes(8_u64))
	}
	fn propose() -> Weight {
		Weight::from_parts(50_000_000, 20_000)
			.saturating_add(ParityDbWeight::get().reads(4_u64))
			.saturating_add(ParityDbWeight::get().writes(4_u64))
	}
	fn vote() -> Weight {
		Weight::from_parts(40_000_000, 20_000)
			.saturating_add(ParityDbWeight::get().reads(4_u64))
			.saturating_add(ParityDbWeight::get().writes(2_u64))
	}
	fn close_proposal() -> Weight {
		Weight::from_parts(40_000_000, 20_000)
			.saturating_add(ParityDbWeight::get().reads(3_u64))
			.saturating_add(ParityDbWeight::get().writes(3_u64))
	}
	fn execute_worst_case() -> Weight {
		Weight::from_parts(400_000_000, 20_000)
			.saturating_add(ParityDbWeight::get().reads(140_u64))
			.saturating_add(ParityDbWeight::get().writes(140_u64))
	}
	fn remove_vote() -> Weight {
		Weight::from_parts(20_000_000, 20_000)
			.saturating_add(ParityDbWeight::get().reads(2_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn claim() -> Weight {
		Weight::from_parts(70_000_000, 20_000)
			.saturating_add(ParityDbWeight::get().reads(7_u64))
			.saturating_add(ParityDbWeight::get().writes(5_u64))
	}
	fn remove_expired_grant() -> Weight {
		Weight::from_parts(25_000_000, 20_000)
			.saturating_add(ParityDbWeight::get().reads(2_u64))
			.saturating_add(ParityDbWeight::get().writes(2_u64))
	}
	fn set_frozen() -> Weight {
		Weight::from_parts(15_000_000, 20_000)
			.saturating_add(ParityDbWeight::get().reads(1_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn authorize() -> Weight {
		Weight::from_parts(40_000_000, 20_000)
			.saturating_add(ParityDbWeight::get().reads(5_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
}
