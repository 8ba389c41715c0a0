// This file is part of Tensorgrid. SPDX-License-Identifier: Apache-2.0

//! Weights for `pallet_providers`, generated from its benchmarks by the node's `benchmark pallet`
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
//! pallet_providers
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
//! pallets/providers/src/weights.rs

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::ParityDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_providers`.
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
	fn set_operator() -> Weight;
}

/// Weights measured on the reference machine, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Providers::Providers` (r:1 w:1)
	/// Proof: `Providers::Providers` (`max_values`: None, `max_size`: Some(1029), added: 3504, mode: `MaxEncodedLen`)
	/// Storage: `Providers::CounterForProviders` (r:1 w:1)
	/// Proof: `Providers::CounterForProviders` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Providers::Parameters` (r:1 w:0)
	/// Proof: `Providers::Parameters` (`max_values`: Some(1), `max_size`: Some(28), added: 523, mode: `MaxEncodedLen`)
	/// Storage: `Providers::Operators` (r:1 w:1)
	/// Proof: `Providers::Operators` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `Providers::TotalHeld` (r:1 w:1)
	/// Proof: `Providers::TotalHeld` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(211), added: 2686, mode: `MaxEncodedLen`)
	/// Storage: `Providers::OperatorOf` (r:0 w:1)
	/// Proof: `Providers::OperatorOf` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	fn register() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `753`
		//  Estimated: `6196`
		// Minimum execution time: 125_767_000 picoseconds.
		Weight::from_parts(131_275_000, 6196)
			.saturating_add(T::DbWeight::get().reads(8_u64))
			.saturating_add(T::DbWeight::get().writes(8_u64))
	}
	/// Storage: `Providers::Providers` (r:1 w:1)
	/// Proof: `Providers::Providers` (`max_values`: None, `max_size`: Some(1029), added: 3504, mode: `MaxEncodedLen`)
	fn update_profile() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `968`
		//  Estimated: `4494`
		// Minimum execution time: 17_746_000 picoseconds.
		Weight::from_parts(19_419_000, 4494)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Providers::Providers` (r:1 w:1)
	/// Proof: `Providers::Providers` (`max_values`: None, `max_size`: Some(1029), added: 3504, mode: `MaxEncodedLen`)
	fn set_price() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `968`
		//  Estimated: `4494`
		// Minimum execution time: 16_425_000 picoseconds.
		Weight::from_parts(18_097_000, 4494)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Providers::Providers` (r:1 w:1)
	/// Proof: `Providers::Providers` (`max_values`: None, `max_size`: Some(1029), added: 3504, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Providers::TotalHeld` (r:1 w:1)
	/// Proof: `Providers::TotalHeld` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(211), added: 2686, mode: `MaxEncodedLen`)
	fn bond_extra() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `1271`
		//  Estimated: `4494`
		// Minimum execution time: 76_434_000 picoseconds.
		Weight::from_parts(79_838_000, 4494)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `Providers::Providers` (r:1 w:1)
	/// Proof: `Providers::Providers` (`max_values`: None, `max_size`: Some(1029), added: 3504, mode: `MaxEncodedLen`)
	/// Storage: `Providers::Parameters` (r:1 w:0)
	/// Proof: `Providers::Parameters` (`max_values`: Some(1), `max_size`: Some(28), added: 523, mode: `MaxEncodedLen`)
	fn unbond() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `1268`
		//  Estimated: `4494`
		// Minimum execution time: 22_424_000 picoseconds.
		Weight::from_parts(24_877_000, 4494)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Providers::Providers` (r:1 w:1)
	/// Proof: `Providers::Providers` (`max_values`: None, `max_size`: Some(1029), added: 3504, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(211), added: 2686, mode: `MaxEncodedLen`)
	/// Storage: `Providers::TotalHeld` (r:1 w:1)
	/// Proof: `Providers::TotalHeld` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Providers::CounterForProviders` (r:1 w:1)
	/// Proof: `Providers::CounterForProviders` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Providers::OperatorOf` (r:1 w:1)
	/// Proof: `Providers::OperatorOf` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `Providers::Operators` (r:0 w:1)
	/// Proof: `Providers::Operators` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `Providers::CollateralInUse` (r:0 w:1)
	/// Proof: `Providers::CollateralInUse` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	fn withdraw_unbonded() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `1398`
		//  Estimated: `4494`
		// Minimum execution time: 76_764_000 picoseconds.
		Weight::from_parts(80_931_000, 4494)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(8_u64))
	}
	/// Storage: `Providers::Providers` (r:1 w:1)
	/// Proof: `Providers::Providers` (`max_values`: None, `max_size`: Some(1029), added: 3504, mode: `MaxEncodedLen`)
	/// Storage: `Providers::Parameters` (r:1 w:0)
	/// Proof: `Providers::Parameters` (`max_values`: Some(1), `max_size`: Some(28), added: 523, mode: `MaxEncodedLen`)
	fn deregister() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `968`
		//  Estimated: `4494`
		// Minimum execution time: 23_535_000 picoseconds.
		Weight::from_parts(25_268_000, 4494)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Providers::Operators` (r:1 w:0)
	/// Proof: `Providers::Operators` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `Providers::Providers` (r:1 w:1)
	/// Proof: `Providers::Providers` (`max_values`: None, `max_size`: Some(1029), added: 3504, mode: `MaxEncodedLen`)
	/// Storage: `Providers::Parameters` (r:1 w:0)
	/// Proof: `Providers::Parameters` (`max_values`: Some(1), `max_size`: Some(28), added: 523, mode: `MaxEncodedLen`)
	fn heartbeat() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `1074`
		//  Estimated: `4494`
		// Minimum execution time: 21_592_000 picoseconds.
		Weight::from_parts(23_315_000, 4494)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Providers::Operators` (r:1 w:0)
	/// Proof: `Providers::Operators` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `Providers::Providers` (r:1 w:1)
	/// Proof: `Providers::Providers` (`max_values`: None, `max_size`: Some(1029), added: 3504, mode: `MaxEncodedLen`)
	fn pause() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `1074`
		//  Estimated: `4494`
		// Minimum execution time: 20_660_000 picoseconds.
		Weight::from_parts(22_434_000, 4494)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Providers::Providers` (r:1 w:1)
	/// Proof: `Providers::Providers` (`max_values`: None, `max_size`: Some(1029), added: 3504, mode: `MaxEncodedLen`)
	fn resume() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `968`
		//  Estimated: `4494`
		// Minimum execution time: 16_234_000 picoseconds.
		Weight::from_parts(17_756_000, 4494)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Providers::Parameters` (r:0 w:1)
	/// Proof: `Providers::Parameters` (`max_values`: Some(1), `max_size`: Some(28), added: 523, mode: `MaxEncodedLen`)
	fn set_parameters() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `0`
		// Minimum execution time: 5_909_000 picoseconds.
		Weight::from_parts(6_820_000, 0)
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Providers::Providers` (r:1 w:0)
	/// Proof: `Providers::Providers` (`max_values`: None, `max_size`: Some(1029), added: 3504, mode: `MaxEncodedLen`)
	/// Storage: `Providers::Operators` (r:1 w:2)
	/// Proof: `Providers::Operators` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `Providers::OperatorOf` (r:1 w:1)
	/// Proof: `Providers::OperatorOf` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	fn set_operator() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `504`
		//  Estimated: `4494`
		// Minimum execution time: 69_914_000 picoseconds.
		Weight::from_parts(76_163_000, 4494)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
}

/// The same figures with ParityDB weights, for tests and mocks.
impl WeightInfo for () {
	fn register() -> Weight {
		Weight::from_parts(131_275_000, 6196)
			.saturating_add(ParityDbWeight::get().reads(8_u64))
			.saturating_add(ParityDbWeight::get().writes(8_u64))
	}
	fn update_profile() -> Weight {
		Weight::from_parts(19_419_000, 4494)
			.saturating_add(ParityDbWeight::get().reads(1_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn set_price() -> Weight {
		Weight::from_parts(18_097_000, 4494)
			.saturating_add(ParityDbWeight::get().reads(1_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn bond_extra() -> Weight {
		Weight::from_parts(79_838_000, 4494)
			.saturating_add(ParityDbWeight::get().reads(4_u64))
			.saturating_add(ParityDbWeight::get().writes(4_u64))
	}
	fn unbond() -> Weight {
		Weight::from_parts(24_877_000, 4494)
			.saturating_add(ParityDbWeight::get().reads(2_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn withdraw_unbonded() -> Weight {
		Weight::from_parts(80_931_000, 4494)
			.saturating_add(ParityDbWeight::get().reads(6_u64))
			.saturating_add(ParityDbWeight::get().writes(8_u64))
	}
	fn deregister() -> Weight {
		Weight::from_parts(25_268_000, 4494)
			.saturating_add(ParityDbWeight::get().reads(2_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn heartbeat() -> Weight {
		Weight::from_parts(23_315_000, 4494)
			.saturating_add(ParityDbWeight::get().reads(3_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn pause() -> Weight {
		Weight::from_parts(22_434_000, 4494)
			.saturating_add(ParityDbWeight::get().reads(2_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn resume() -> Weight {
		Weight::from_parts(17_756_000, 4494)
			.saturating_add(ParityDbWeight::get().reads(1_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn set_parameters() -> Weight {
		Weight::from_parts(6_820_000, 0)
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn set_operator() -> Weight {
		Weight::from_parts(76_163_000, 4494)
			.saturating_add(ParityDbWeight::get().reads(3_u64))
			.saturating_add(ParityDbWeight::get().writes(3_u64))
	}
}
