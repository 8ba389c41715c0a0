// This file is part of Tensorgrid. SPDX-License-Identifier: Apache-2.0

//! Weights for `pallet_data_dao`, generated from its benchmarks by the node's `benchmark pallet`
//! command (64.0.0) on 2026-12-01.
//! STEPS: `20`, REPEAT: `5`, HOST: `vm`, CPU: `AMD EPYC`
//! WASM-EXECUTION: `Compiled`, CHAIN: `Some("dev")`
//!
//! Regenerate with `scripts/generate-weights.sh`. The command that produced this file:
//! /tmp/tg-bench-node
//! benchmark
//! pallet
//! --chain
//! dev
//! --pallet
//! pallet_data_dao
//! --extrinsic
//! *
//! --steps
//! 20
//! --repeat
//! 5
//! --wasm-execution
//! compiled
//! --heap-pages
//! 4096
//! --template
//! scripts/pallet-weight-template.hbs
//! --header
//! scripts/license-header.txt
//! --output
//! pallets/data-dao/src/weights.rs

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
	fn offer_custody() -> Weight;
	fn authorize() -> Weight;
}

/// Weights measured on the reference machine, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `DataDao::NextDaoId` (r:1 w:1)
	/// Proof: `DataDao::NextDaoId` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(265), added: 2740, mode: `MaxEncodedLen`)
	/// Storage: `DataDao::MemberPools` (r:1 w:1)
	/// Proof: `DataDao::MemberPools` (`max_values`: None, `max_size`: Some(92), added: 2567, mode: `MaxEncodedLen`)
	/// Storage: `DataDao::CuratorPools` (r:1 w:1)
	/// Proof: `DataDao::CuratorPools` (`max_values`: None, `max_size`: Some(92), added: 2567, mode: `MaxEncodedLen`)
	/// Storage: `DataDao::Daos` (r:0 w:1)
	/// Proof: `DataDao::Daos` (`max_values`: None, `max_size`: Some(957), added: 3432, mode: `MaxEncodedLen`)
	/// Storage: `DataDao::Versions` (r:0 w:1)
	/// Proof: `DataDao::Versions` (`max_values`: None, `max_size`: Some(76), added: 2551, mode: `MaxEncodedLen`)
	/// Storage: `DataDao::Members` (r:0 w:1)
	/// Proof: `DataDao::Members` (`max_values`: None, `max_size`: Some(269), added: 2744, mode: `MaxEncodedLen`)
	/// Storage: `DataDao::CuratorStakes` (r:0 w:8)
	/// Proof: `DataDao::CuratorStakes` (`max_values`: None, `max_size`: Some(108), added: 2583, mode: `MaxEncodedLen`)
	/// The range of component `c` is `[0, 7]`.
	fn create_dao(c: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `265`
		//  Estimated: `6196`
		// Minimum execution time: 132_487_000 picoseconds.
		Weight::from_parts(143_125_406, 6196)
			// Standard Error: 14_594
			.saturating_add(Weight::from_parts(3_161_787, 0).saturating_mul(c.into()))
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(c.into())))
	}
	/// Storage: `DataDao::Daos` (r:1 w:1)
	/// Proof: `DataDao::Daos` (`max_values`: None, `max_size`: Some(957), added: 3432, mode: `MaxEncodedLen`)
	/// Storage: `DataDao::Items` (r:1 w:1)
	/// Proof: `DataDao::Items` (`max_values`: None, `max_size`: Some(366), added: 2841, mode: `MaxEncodedLen`)
	/// Storage: `DataDao::Members` (r:1 w:1)
	/// Proof: `DataDao::Members` (`max_values`: None, `max_size`: Some(269), added: 2744, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(265), added: 2740, mode: `MaxEncodedLen`)
	/// Storage: `DataDao::Frontiers` (r:1 w:1)
	/// Proof: `DataDao::Frontiers` (`max_values`: None, `max_size`: Some(660), added: 3135, mode: `MaxEncodedLen`)
	/// Storage: `DataDao::MemberPools` (r:1 w:1)
	/// Proof: `DataDao::MemberPools` (`max_values`: None, `max_size`: Some(92), added: 2567, mode: `MaxEncodedLen`)
	/// Storage: `DataDao::Versions` (r:0 w:1)
	/// Proof: `DataDao::Versions` (`max_values`: None, `max_size`: Some(76), added: 2551, mode: `MaxEncodedLen`)
	/// Storage: `DataDao::ItemAt` (r:0 w:1)
	/// Proof: `DataDao::ItemAt` (`max_values`: None, `max_size`: Some(60), added: 2535, mode: `MaxEncodedLen`)
	fn contribute() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `1981`
		//  Estimated: `4422`
		// Minimum execution time: 126_768_000 picoseconds.
		Weight::from_parts(135_261_000, 4422)
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(9_u64))
	}
	/// Storage: `DataDao::Items` (r:1 w:1)
	/// Proof: `DataDao::Items` (`max_values`: None, `max_size`: Some(366), added: 2841, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(265), added: 2740, mode: `MaxEncodedLen`)
	/// Storage: `DataDao::Daos` (r:1 w:1)
	/// Proof: `DataDao::Daos` (`max_values`: None, `max_size`: Some(957), added: 3432, mode: `MaxEncodedLen`)
	fn withdraw_contribution() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `1054`
		//  Estimated: `4422`
		// Minimum execution time: 65_097_000 picoseconds.
		Weight::from_parts(71_036_000, 4422)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `DataDao::Daos` (r:1 w:1)
	/// Proof: `DataDao::Daos` (`max_values`: None, `max_size`: Some(957), added: 3432, mode: `MaxEncodedLen`)
	/// Storage: `DataDao::Items` (r:1 w:1)
	/// Proof: `DataDao::Items` (`max_values`: None, `max_size`: Some(366), added: 2841, mode: `MaxEncodedLen`)
	/// Storage: `DataDao::Frontiers` (r:1 w:1)
	/// Proof: `DataDao::Frontiers` (`max_values`: None, `max_size`: Some(660), added: 3135, mode: `MaxEncodedLen`)
	/// Storage: `DataDao::Members` (r:1 w:1)
	/// Proof: `DataDao::Members` (`max_values`: None, `max_size`: Some(269), added: 2744, mode: `MaxEncodedLen`)
	/// Storage: `DataDao::MemberPools` (r:1 w:1)
	/// Proof: `DataDao::MemberPools` (`max_values`: None, `max_size`: Some(92), added: 2567, mode: `MaxEncodedLen`)
	/// Storage: `DataDao::Versions` (r:0 w:1)
	/// Proof: `DataDao::Versions` (`max_values`: None, `max_size`: Some(76), added: 2551, mode: `MaxEncodedLen`)
	/// Storage: `DataDao::ItemAt` (r:0 w:1)
	/// Proof: `DataDao::ItemAt` (`max_values`: None, `max_size`: Some(60), added: 2535, mode: `MaxEncodedLen`)
	fn review() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `1082`
		//  Estimated: `4422`
		// Minimum execution time: 68_382_000 picoseconds.
		Weight::from_parts(75_262_000, 4422)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(7_u64))
	}
	/// Storage: `DataDao::Daos` (r:1 w:1)
	/// Proof: `DataDao::Daos` (`max_values`: None, `max_size`: Some(957), added: 3432, mode: `MaxEncodedLen`)
	/// Storage: `DataDao::Members` (r:1 w:0)
	/// Proof: `DataDao::Members` (`max_values`: None, `max_size`: Some(269), added: 2744, mode: `MaxEncodedLen`)
	/// Storage: `DataDao::OpenProposalsOf` (r:1 w:1)
	/// Proof: `DataDao::OpenProposalsOf` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(265), added: 2740, mode: `MaxEncodedLen`)
	/// Storage: `DataDao::Proposals` (r:0 w:1)
	/// Proof: `DataDao::Proposals` (`max_values`: None, `max_size`: Some(2244), added: 4719, mode: `MaxEncodedLen`)
	fn propose() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `1104`
		//  Estimated: `4422`
		// Minimum execution time: 86_759_000 picoseconds.
		Weight::from_parts(92_247_000, 4422)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `DataDao::Daos` (r:1 w:0)
	/// Proof: `DataDao::Daos` (`max_values`: None, `max_size`: Some(957), added: 3432, mode: `MaxEncodedLen`)
	/// Storage: `DataDao::Proposals` (r:1 w:1)
	/// Proof: `DataDao::Proposals` (`max_values`: None, `max_size`: Some(2244), added: 4719, mode: `MaxEncodedLen`)
	/// Storage: `DataDao::Members` (r:1 w:0)
	/// Proof: `DataDao::Members` (`max_values`: None, `max_size`: Some(269), added: 2744, mode: `MaxEncodedLen`)
	/// Storage: `DataDao::Votes` (r:1 w:1)
	/// Proof: `DataDao::Votes` (`max_values`: None, `max_size`: Some(81), added: 2556, mode: `MaxEncodedLen`)
	fn vote() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `1084`
		//  Estimated: `5709`
		// Minimum execution time: 34_892_000 picoseconds.
		Weight::from_parts(38_387_000, 5709)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `DataDao::Daos` (r:1 w:0)
	/// Proof: `DataDao::Daos` (`max_values`: None, `max_size`: Some(957), added: 3432, mode: `MaxEncodedLen`)
	/// Storage: `DataDao::Proposals` (r:1 w:1)
	/// Proof: `DataDao::Proposals` (`max_values`: None, `max_size`: Some(2244), added: 4719, mode: `MaxEncodedLen`)
	fn close_proposal() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `857`
		//  Estimated: `5709`
		// Minimum execution time: 22_663_000 picoseconds.
		Weight::from_parts(25_297_000, 5709)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `DataDao::Daos` (r:1 w:1)
	/// Proof: `DataDao::Daos` (`max_values`: None, `max_size`: Some(957), added: 3432, mode: `MaxEncodedLen`)
	/// Storage: `DataDao::Proposals` (r:1 w:1)
	/// Proof: `DataDao::Proposals` (`max_values`: None, `max_size`: Some(2244), added: 4719, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(265), added: 2740, mode: `MaxEncodedLen`)
	/// Storage: `DataDao::OpenProposalsOf` (r:1 w:1)
	/// Proof: `DataDao::OpenProposalsOf` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `DataDao::Frontiers` (r:1 w:1)
	/// Proof: `DataDao::Frontiers` (`max_values`: None, `max_size`: Some(660), added: 3135, mode: `MaxEncodedLen`)
	/// Storage: `DataDao::Items` (r:64 w:64)
	/// Proof: `DataDao::Items` (`max_values`: None, `max_size`: Some(366), added: 2841, mode: `MaxEncodedLen`)
	/// Storage: `DataDao::Members` (r:64 w:64)
	/// Proof: `DataDao::Members` (`max_values`: None, `max_size`: Some(269), added: 2744, mode: `MaxEncodedLen`)
	/// Storage: `DataDao::MemberPools` (r:1 w:1)
	/// Proof: `DataDao::MemberPools` (`max_values`: None, `max_size`: Some(92), added: 2567, mode: `MaxEncodedLen`)
	/// Storage: `DataDao::Versions` (r:0 w:1)
	/// Proof: `DataDao::Versions` (`max_values`: None, `max_size`: Some(76), added: 2551, mode: `MaxEncodedLen`)
	/// Storage: `DataDao::ItemAt` (r:0 w:64)
	/// Proof: `DataDao::ItemAt` (`max_values`: None, `max_size`: Some(60), added: 2535, mode: `MaxEncodedLen`)
	fn execute_worst_case() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `10472`
		//  Estimated: `182814`
		// Minimum execution time: 1_401_324_000 picoseconds.
		Weight::from_parts(1_445_770_000, 182814)
			.saturating_add(T::DbWeight::get().reads(135_u64))
			.saturating_add(T::DbWeight::get().writes(200_u64))
	}
	/// Storage: `DataDao::Votes` (r:1 w:1)
	/// Proof: `DataDao::Votes` (`max_values`: None, `max_size`: Some(81), added: 2556, mode: `MaxEncodedLen`)
	/// Storage: `DataDao::Proposals` (r:1 w:0)
	/// Proof: `DataDao::Proposals` (`max_values`: None, `max_size`: Some(2244), added: 4719, mode: `MaxEncodedLen`)
	fn remove_vote() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `305`
		//  Estimated: `5709`
		// Minimum execution time: 19_589_000 picoseconds.
		Weight::from_parts(21_822_000, 5709)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `DataDao::Daos` (r:1 w:0)
	/// Proof: `DataDao::Daos` (`max_values`: None, `max_size`: Some(957), added: 3432, mode: `MaxEncodedLen`)
	/// Storage: `DataDao::Members` (r:1 w:1)
	/// Proof: `DataDao::Members` (`max_values`: None, `max_size`: Some(269), added: 2744, mode: `MaxEncodedLen`)
	/// Storage: `DataDao::MemberPools` (r:1 w:1)
	/// Proof: `DataDao::MemberPools` (`max_values`: None, `max_size`: Some(92), added: 2567, mode: `MaxEncodedLen`)
	/// Storage: `DataDao::CuratorStakes` (r:1 w:1)
	/// Proof: `DataDao::CuratorStakes` (`max_values`: None, `max_size`: Some(108), added: 2583, mode: `MaxEncodedLen`)
	/// Storage: `DataDao::CuratorPools` (r:1 w:1)
	/// Proof: `DataDao::CuratorPools` (`max_values`: None, `max_size`: Some(92), added: 2567, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn claim() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `1560`
		//  Estimated: `6196`
		// Minimum execution time: 88_622_000 picoseconds.
		Weight::from_parts(95_001_000, 6196)
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
	/// Storage: `DataDao::Grants` (r:1 w:1)
	/// Proof: `DataDao::Grants` (`max_values`: None, `max_size`: Some(415), added: 2890, mode: `MaxEncodedLen`)
	/// Storage: `DataDao::Daos` (r:1 w:1)
	/// Proof: `DataDao::Daos` (`max_values`: None, `max_size`: Some(957), added: 3432, mode: `MaxEncodedLen`)
	fn remove_expired_grant() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `1079`
		//  Estimated: `4422`
		// Minimum execution time: 22_854_000 picoseconds.
		Weight::from_parts(26_059_000, 4422)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `DataDao::Daos` (r:1 w:1)
	/// Proof: `DataDao::Daos` (`max_values`: None, `max_size`: Some(957), added: 3432, mode: `MaxEncodedLen`)
	fn set_frozen() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `661`
		//  Estimated: `4422`
		// Minimum execution time: 14_702_000 picoseconds.
		Weight::from_parts(17_246_000, 4422)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `DataDao::Daos` (r:1 w:1)
	/// Proof: `DataDao::Daos` (`max_values`: None, `max_size`: Some(957), added: 3432, mode: `MaxEncodedLen`)
	/// Storage: `DataDao::CustodyOffers` (r:0 w:1)
	/// Proof: `DataDao::CustodyOffers` (`max_values`: None, `max_size`: Some(60), added: 2535, mode: `MaxEncodedLen`)
	fn offer_custody() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `705`
		//  Estimated: `4422`
		// Minimum execution time: 20_901_000 picoseconds.
		Weight::from_parts(23_895_000, 4422)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `DataDao::Grants` (r:1 w:1)
	/// Proof: `DataDao::Grants` (`max_values`: None, `max_size`: Some(415), added: 2890, mode: `MaxEncodedLen`)
	/// Storage: `DataDao::Versions` (r:1 w:0)
	/// Proof: `DataDao::Versions` (`max_values`: None, `max_size`: Some(76), added: 2551, mode: `MaxEncodedLen`)
	/// Storage: `DataDao::Items` (r:1 w:0)
	/// Proof: `DataDao::Items` (`max_values`: None, `max_size`: Some(366), added: 2841, mode: `MaxEncodedLen`)
	/// Storage: `DataDao::Daos` (r:1 w:0)
	/// Proof: `DataDao::Daos` (`max_values`: None, `max_size`: Some(957), added: 3432, mode: `MaxEncodedLen`)
	fn authorize() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `1423`
		//  Estimated: `4422`
		// Minimum execution time: 129_002_000 picoseconds.
		Weight::from_parts(133_719_000, 4422)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
}

/// The same figures with ParityDB weights, for tests and mocks.
impl WeightInfo for () {
	fn create_dao(c: u32, ) -> Weight {
		Weight::from_parts(143_125_406, 6196)
			.saturating_add(Weight::from_parts(3_161_787, 0).saturating_mul(c.into()))
			.saturating_add(ParityDbWeight::get().reads(6_u64))
			.saturating_add(ParityDbWeight::get().writes(10_u64))
			.saturating_add(ParityDbWeight::get().writes((1_u64).saturating_mul(c.into())))
	}
	fn contribute() -> Weight {
		Weight::from_parts(135_261_000, 4422)
			.saturating_add(ParityDbWeight::get().reads(7_u64))
			.saturating_add(ParityDbWeight::get().writes(9_u64))
	}
	fn withdraw_contribution() -> Weight {
		Weight::from_parts(71_036_000, 4422)
			.saturating_add(ParityDbWeight::get().reads(4_u64))
			.saturating_add(ParityDbWeight::get().writes(4_u64))
	}
	fn review() -> Weight {
		Weight::from_parts(75_262_000, 4422)
			.saturating_add(ParityDbWeight::get().reads(5_u64))
			.saturating_add(ParityDbWeight::get().writes(7_u64))
	}
	fn propose() -> Weight {
		Weight::from_parts(92_247_000, 4422)
			.saturating_add(ParityDbWeight::get().reads(5_u64))
			.saturating_add(ParityDbWeight::get().writes(5_u64))
	}
	fn vote() -> Weight {
		Weight::from_parts(38_387_000, 5709)
			.saturating_add(ParityDbWeight::get().reads(4_u64))
			.saturating_add(ParityDbWeight::get().writes(2_u64))
	}
	fn close_proposal() -> Weight {
		Weight::from_parts(25_297_000, 5709)
			.saturating_add(ParityDbWeight::get().reads(2_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn execute_worst_case() -> Weight {
		Weight::from_parts(1_445_770_000, 182814)
			.saturating_add(ParityDbWeight::get().reads(135_u64))
			.saturating_add(ParityDbWeight::get().writes(200_u64))
	}
	fn remove_vote() -> Weight {
		Weight::from_parts(21_822_000, 5709)
			.saturating_add(ParityDbWeight::get().reads(2_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn claim() -> Weight {
		Weight::from_parts(95_001_000, 6196)
			.saturating_add(ParityDbWeight::get().reads(7_u64))
			.saturating_add(ParityDbWeight::get().writes(6_u64))
	}
	fn remove_expired_grant() -> Weight {
		Weight::from_parts(26_059_000, 4422)
			.saturating_add(ParityDbWeight::get().reads(2_u64))
			.saturating_add(ParityDbWeight::get().writes(2_u64))
	}
	fn set_frozen() -> Weight {
		Weight::from_parts(17_246_000, 4422)
			.saturating_add(ParityDbWeight::get().reads(1_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn offer_custody() -> Weight {
		Weight::from_parts(23_895_000, 4422)
			.saturating_add(ParityDbWeight::get().reads(1_u64))
			.saturating_add(ParityDbWeight::get().writes(2_u64))
	}
	fn authorize() -> Weight {
		Weight::from_parts(133_719_000, 4422)
			.saturating_add(ParityDbWeight::get().reads(4_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
}
