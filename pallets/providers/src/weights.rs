// This file is part of Tensorgrid. SPDX-License-Identifier: Apache-2.0

//! Weights for `pallet_providers`, generated from its benchmarks by the node's `benchmark pallet`
//! command (64.0.0) on 2026-11-22.
//! STEPS: `20`, REPEAT: `5`, HOST: `vm`, CPU: `Intel(R) Xeon(R) Processor`
//! WASM-EXECUTION: `Compiled`, CHAIN: `Some("dev")`
//!
//! Regenerate with `scripts/generate-weights.sh`. The command that produced this file:
//! /root/.cache/tensorgrid/target/release/tensorgrid-node
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
	/// Storage: `Providers::Providers` (r:1 w:1)
	/// Proof: `Providers::Providers` (`max_values`: None, `max_size`: Some(979), added: 3454, mode: `MaxEncodedLen`)
	/// Storage: `Providers::CounterForProviders` (r:1 w:1)
	/// Proof: `Providers::CounterForProviders` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Providers::Parameters` (r:1 w:0)
	/// Proof: `Providers::Parameters` (`max_values`: Some(1), `max_size`: Some(28), added: 523, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Providers::TotalHeld` (r:1 w:1)
	/// Proof: `Providers::TotalHeld` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(193), added: 2668, mode: `MaxEncodedLen`)
	fn register() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `305`
		//  Estimated: `4444`
		// Minimum execution time: 79_440_000 picoseconds.
		Weight::from_parts(89_860_000, 4444)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `Providers::Providers` (r:1 w:1)
	/// Proof: `Providers::Providers` (`max_values`: None, `max_size`: Some(979), added: 3454, mode: `MaxEncodedLen`)
	fn update_profile() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `818`
		//  Estimated: `4444`
		// Minimum execution time: 20_315_000 picoseconds.
		Weight::from_parts(23_977_000, 4444)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Providers::Providers` (r:1 w:1)
	/// Proof: `Providers::Providers` (`max_values`: None, `max_size`: Some(979), added: 3454, mode: `MaxEncodedLen`)
	fn set_price() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `818`
		//  Estimated: `4444`
		// Minimum execution time: 18_402_000 picoseconds.
		Weight::from_parts(21_163_000, 4444)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Providers::Providers` (r:1 w:1)
	/// Proof: `Providers::Providers` (`max_values`: None, `max_size`: Some(979), added: 3454, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Providers::TotalHeld` (r:1 w:1)
	/// Proof: `Providers::TotalHeld` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(193), added: 2668, mode: `MaxEncodedLen`)
	fn bond_extra() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `1088`
		//  Estimated: `4444`
		// Minimum execution time: 83_737_000 picoseconds.
		Weight::from_parts(90_047_000, 4444)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `Providers::Providers` (r:1 w:1)
	/// Proof: `Providers::Providers` (`max_values`: None, `max_size`: Some(979), added: 3454, mode: `MaxEncodedLen`)
	/// Storage: `Providers::Parameters` (r:1 w:0)
	/// Proof: `Providers::Parameters` (`max_values`: Some(1), `max_size`: Some(28), added: 523, mode: `MaxEncodedLen`)
	fn unbond() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `1118`
		//  Estimated: `4444`
		// Minimum execution time: 25_491_000 picoseconds.
		Weight::from_parts(30_314_000, 4444)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Providers::Providers` (r:1 w:1)
	/// Proof: `Providers::Providers` (`max_values`: None, `max_size`: Some(979), added: 3454, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(193), added: 2668, mode: `MaxEncodedLen`)
	/// Storage: `Providers::TotalHeld` (r:1 w:1)
	/// Proof: `Providers::TotalHeld` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Providers::CounterForProviders` (r:1 w:1)
	/// Proof: `Providers::CounterForProviders` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	fn withdraw_unbonded() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `1108`
		//  Estimated: `4444`
		// Minimum execution time: 77_479_000 picoseconds.
		Weight::from_parts(128_779_000, 4444)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `Providers::Providers` (r:1 w:1)
	/// Proof: `Providers::Providers` (`max_values`: None, `max_size`: Some(979), added: 3454, mode: `MaxEncodedLen`)
	/// Storage: `Providers::Parameters` (r:1 w:0)
	/// Proof: `Providers::Parameters` (`max_values`: Some(1), `max_size`: Some(28), added: 523, mode: `MaxEncodedLen`)
	fn deregister() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `818`
		//  Estimated: `4444`
		// Minimum execution time: 27_424_000 picoseconds.
		Weight::from_parts(54_234_000, 4444)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Providers::Providers` (r:1 w:1)
	/// Proof: `Providers::Providers` (`max_values`: None, `max_size`: Some(979), added: 3454, mode: `MaxEncodedLen`)
	fn heartbeat() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `818`
		//  Estimated: `4444`
		// Minimum execution time: 19_265_000 picoseconds.
		Weight::from_parts(23_931_000, 4444)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Providers::Providers` (r:1 w:1)
	/// Proof: `Providers::Providers` (`max_values`: None, `max_size`: Some(979), added: 3454, mode: `MaxEncodedLen`)
	fn pause() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `818`
		//  Estimated: `4444`
		// Minimum execution time: 18_682_000 picoseconds.
		Weight::from_parts(22_763_000, 4444)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Providers::Providers` (r:1 w:1)
	/// Proof: `Providers::Providers` (`max_values`: None, `max_size`: Some(979), added: 3454, mode: `MaxEncodedLen`)
	fn resume() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `818`
		//  Estimated: `4444`
		// Minimum execution time: 18_367_000 picoseconds.
		Weight::from_parts(22_534_000, 4444)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Providers::Parameters` (r:0 w:1)
	/// Proof: `Providers::Parameters` (`max_values`: Some(1), `max_size`: Some(28), added: 523, mode: `MaxEncodedLen`)
	fn set_parameters() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `0`
		// Minimum execution time: 7_605_000 picoseconds.
		Weight::from_parts(15_158_000, 0)
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Not yet measured: an sr25519 verification and three reads and writes, rounded up
	/// (regenerated with the next `scripts/generate-weights.sh` run).
	fn set_operator() -> Weight {
		Weight::from_parts(90_000_000, 7_000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
}

/// The same figures with ParityDB weights, for tests and mocks.
impl WeightInfo for () {
	fn register() -> Weight {
		Weight::from_parts(89_860_000, 4444)
			.saturating_add(ParityDbWeight::get().reads(6_u64))
			.saturating_add(ParityDbWeight::get().writes(5_u64))
	}
	fn update_profile() -> Weight {
		Weight::from_parts(23_977_000, 4444)
			.saturating_add(ParityDbWeight::get().reads(1_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn set_price() -> Weight {
		Weight::from_parts(21_163_000, 4444)
			.saturating_add(ParityDbWeight::get().reads(1_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn bond_extra() -> Weight {
		Weight::from_parts(90_047_000, 4444)
			.saturating_add(ParityDbWeight::get().reads(4_u64))
			.saturating_add(ParityDbWeight::get().writes(4_u64))
	}
	fn unbond() -> Weight {
		Weight::from_parts(30_314_000, 4444)
			.saturating_add(ParityDbWeight::get().reads(2_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn withdraw_unbonded() -> Weight {
		Weight::from_parts(128_779_000, 4444)
			.saturating_add(ParityDbWeight::get().reads(5_u64))
			.saturating_add(ParityDbWeight::get().writes(5_u64))
	}
	fn deregister() -> Weight {
		Weight::from_parts(54_234_000, 4444)
			.saturating_add(ParityDbWeight::get().reads(2_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn heartbeat() -> Weight {
		Weight::from_parts(23_931_000, 4444)
			.saturating_add(ParityDbWeight::get().reads(1_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn pause() -> Weight {
		Weight::from_parts(22_763_000, 4444)
			.saturating_add(ParityDbWeight::get().reads(1_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn resume() -> Weight {
		Weight::from_parts(22_534_000, 4444)
			.saturating_add(ParityDbWeight::get().reads(1_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn set_parameters() -> Weight {
		Weight::from_parts(15_158_000, 0)
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	/// Not yet measured: an sr25519 verification and three reads and writes, rounded up
	/// (regenerated with the next `scripts/generate-weights.sh` run).
	fn set_operator() -> Weight {
		Weight::from_parts(90_000_000, 7_000)
			.saturating_add(ParityDbWeight::get().reads(3_u64))
			.saturating_add(ParityDbWeight::get().writes(3_u64))
	}
}
