// This file is part of Tensorgrid. SPDX-License-Identifier: Apache-2.0

//! Weights for `pallet_jobs`, generated from its benchmarks by the node's `benchmark pallet`
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
//! pallet_jobs
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
//! pallets/jobs/src/weights.rs

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::ParityDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_jobs`.
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

/// Weights measured on the reference machine, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Jobs::Artifacts` (r:1 w:1)
	/// Proof: `Jobs::Artifacts` (`max_values`: None, `max_size`: Some(92), added: 2567, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(193), added: 2668, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::ArtifactData` (r:0 w:1)
	/// Proof: `Jobs::ArtifactData` (`max_values`: None, `max_size`: Some(1048612), added: 1051087, mode: `MaxEncodedLen`)
	/// The range of component `b` is `[1, 1048576]`.
	fn store_artifact(b: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `238`
		//  Estimated: `3658`
		// Minimum execution time: 71_565_000 picoseconds.
		Weight::from_parts(100_393_632, 3658)
			// Standard Error: 21
			.saturating_add(Weight::from_parts(3_984, 0).saturating_mul(b.into()))
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `Jobs::Artifacts` (r:1 w:1)
	/// Proof: `Jobs::Artifacts` (`max_values`: None, `max_size`: Some(92), added: 2567, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(193), added: 2668, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::ArtifactData` (r:0 w:1)
	/// Proof: `Jobs::ArtifactData` (`max_values`: None, `max_size`: Some(1048612), added: 1051087, mode: `MaxEncodedLen`)
	fn remove_artifact() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `429`
		//  Estimated: `3658`
		// Minimum execution time: 87_696_000 picoseconds.
		Weight::from_parts(112_256_000, 3658)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `Jobs::Parameters` (r:1 w:0)
	/// Proof: `Jobs::Parameters` (`max_values`: Some(1), `max_size`: Some(24), added: 519, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::Artifacts` (r:17 w:17)
	/// Proof: `Jobs::Artifacts` (`max_values`: None, `max_size`: Some(92), added: 2567, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::NextJobId` (r:1 w:1)
	/// Proof: `Jobs::NextJobId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::SubmitterJobs` (r:1 w:1)
	/// Proof: `Jobs::SubmitterJobs` (`max_values`: None, `max_size`: Some(2098), added: 4573, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::PendingQueue` (r:1 w:1)
	/// Proof: `Jobs::PendingQueue` (`max_values`: Some(1), `max_size`: Some(8194), added: 8689, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::Timers` (r:1 w:1)
	/// Proof: `Jobs::Timers` (`max_values`: None, `max_size`: Some(1166), added: 3641, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(193), added: 2668, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::TotalEscrow` (r:1 w:1)
	/// Proof: `Jobs::TotalEscrow` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::Jobs` (r:0 w:1)
	/// Proof: `Jobs::Jobs` (`max_values`: None, `max_size`: Some(716), added: 3191, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::JobInputs` (r:0 w:1)
	/// Proof: `Jobs::JobInputs` (`max_values`: None, `max_size`: Some(278630), added: 281105, mode: `MaxEncodedLen`)
	/// The range of component `i` is `[0, 17]`.
	fn submit_job(i: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `10820 + i * (70 ±0)`
		//  Estimated: `9679 + i * (2567 ±0)`
		// Minimum execution time: 109_859_000 picoseconds.
		Weight::from_parts(149_840_884, 9679)
			// Standard Error: 102_556
			.saturating_add(Weight::from_parts(7_030_918, 0).saturating_mul(i.into()))
			.saturating_add(T::DbWeight::get().reads(8_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(i.into())))
			.saturating_add(T::DbWeight::get().writes(9_u64))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(i.into())))
			.saturating_add(Weight::from_parts(0, 2567).saturating_mul(i.into()))
	}
	/// Storage: `Jobs::Jobs` (r:1 w:1)
	/// Proof: `Jobs::Jobs` (`max_values`: None, `max_size`: Some(716), added: 3191, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::TotalEscrow` (r:1 w:1)
	/// Proof: `Jobs::TotalEscrow` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(193), added: 2668, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::JobInputs` (r:1 w:0)
	/// Proof: `Jobs::JobInputs` (`max_values`: None, `max_size`: Some(278630), added: 281105, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::PendingQueue` (r:1 w:1)
	/// Proof: `Jobs::PendingQueue` (`max_values`: Some(1), `max_size`: Some(8194), added: 8689, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::Parameters` (r:1 w:0)
	/// Proof: `Jobs::Parameters` (`max_values`: Some(1), `max_size`: Some(24), added: 519, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::Timers` (r:1 w:1)
	/// Proof: `Jobs::Timers` (`max_values`: None, `max_size`: Some(1166), added: 3641, mode: `MaxEncodedLen`)
	fn cancel_job() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `8958`
		//  Estimated: `282095`
		// Minimum execution time: 97_448_000 picoseconds.
		Weight::from_parts(109_300_000, 282095)
			.saturating_add(T::DbWeight::get().reads(8_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
	/// Storage: `Jobs::Parameters` (r:0 w:1)
	/// Proof: `Jobs::Parameters` (`max_values`: Some(1), `max_size`: Some(24), added: 519, mode: `MaxEncodedLen`)
	fn set_parameters() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `0`
		// Minimum execution time: 7_535_000 picoseconds.
		Weight::from_parts(9_224_000, 0)
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Jobs::PendingQueue` (r:1 w:1)
	/// Proof: `Jobs::PendingQueue` (`max_values`: Some(1), `max_size`: Some(8194), added: 8689, mode: `MaxEncodedLen`)
	/// Storage: `Providers::CounterForProviders` (r:1 w:0)
	/// Proof: `Providers::CounterForProviders` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Babe::AuthorVrfRandomness` (r:1 w:0)
	/// Proof: `Babe::AuthorVrfRandomness` (`max_values`: Some(1), `max_size`: Some(33), added: 528, mode: `MaxEncodedLen`)
	/// Storage: `System::ParentHash` (r:1 w:0)
	/// Proof: `System::ParentHash` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::Jobs` (r:1 w:1)
	/// Proof: `Jobs::Jobs` (`max_values`: None, `max_size`: Some(716), added: 3191, mode: `MaxEncodedLen`)
	/// Storage: `Providers::Parameters` (r:1 w:0)
	/// Proof: `Providers::Parameters` (`max_values`: Some(1), `max_size`: Some(28), added: 523, mode: `MaxEncodedLen`)
	/// Storage: `Providers::Providers` (r:1025 w:5)
	/// Proof: `Providers::Providers` (`max_values`: None, `max_size`: Some(979), added: 3454, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::Parameters` (r:1 w:0)
	/// Proof: `Jobs::Parameters` (`max_values`: Some(1), `max_size`: Some(24), added: 519, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::ProviderJobs` (r:5 w:5)
	/// Proof: `Jobs::ProviderJobs` (`max_values`: None, `max_size`: Some(562), added: 3037, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::Timers` (r:1 w:1)
	/// Proof: `Jobs::Timers` (`max_values`: None, `max_size`: Some(1166), added: 3641, mode: `MaxEncodedLen`)
	/// The range of component `p` is `[5, 1024]`.
	fn match_job(p: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `874 + p * (85 ±0)`
		//  Estimated: `16175 + p * (3454 ±0)`
		// Minimum execution time: 148_185_000 picoseconds.
		Weight::from_parts(156_336_000, 16175)
			// Standard Error: 106_930
			.saturating_add(Weight::from_parts(7_266_750, 0).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(14_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(13_u64))
			.saturating_add(Weight::from_parts(0, 3454).saturating_mul(p.into()))
	}
	/// Storage: `Jobs::Jobs` (r:1 w:1)
	/// Proof: `Jobs::Jobs` (`max_values`: None, `max_size`: Some(716), added: 3191, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::Parameters` (r:1 w:0)
	/// Proof: `Jobs::Parameters` (`max_values`: Some(1), `max_size`: Some(24), added: 519, mode: `MaxEncodedLen`)
	/// Storage: `Providers::Providers` (r:5 w:5)
	/// Proof: `Providers::Providers` (`max_values`: None, `max_size`: Some(979), added: 3454, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:6 w:6)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(193), added: 2668, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:6 w:6)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Providers::TotalHeld` (r:1 w:1)
	/// Proof: `Providers::TotalHeld` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Providers::Parameters` (r:1 w:0)
	/// Proof: `Providers::Parameters` (`max_values`: Some(1), `max_size`: Some(28), added: 523, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::ProviderJobs` (r:5 w:5)
	/// Proof: `Jobs::ProviderJobs` (`max_values`: None, `max_size`: Some(562), added: 3037, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::PendingQueue` (r:1 w:1)
	/// Proof: `Jobs::PendingQueue` (`max_values`: Some(1), `max_size`: Some(8194), added: 8689, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::TotalEscrow` (r:1 w:1)
	/// Proof: `Jobs::TotalEscrow` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::JobInputs` (r:1 w:0)
	/// Proof: `Jobs::JobInputs` (`max_values`: None, `max_size`: Some(278630), added: 281105, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::Timers` (r:1 w:1)
	/// Proof: `Jobs::Timers` (`max_values`: None, `max_size`: Some(1166), added: 3641, mode: `MaxEncodedLen`)
	/// The range of component `r` is `[1, 5]`.
	fn commit_timeout(r: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `1080 + r * (366 ±0)`
		//  Estimated: `282095 + r * (3454 ±0)`
		// Minimum execution time: 179_659_000 picoseconds.
		Weight::from_parts(108_440_947, 282095)
			// Standard Error: 102_507
			.saturating_add(Weight::from_parts(84_186_196, 0).saturating_mul(r.into()))
			.saturating_add(T::DbWeight::get().reads(10_u64))
			.saturating_add(T::DbWeight::get().reads((4_u64).saturating_mul(r.into())))
			.saturating_add(T::DbWeight::get().writes(7_u64))
			.saturating_add(T::DbWeight::get().writes((4_u64).saturating_mul(r.into())))
			.saturating_add(Weight::from_parts(0, 3454).saturating_mul(r.into()))
	}
	/// Storage: `Jobs::Jobs` (r:1 w:1)
	/// Proof: `Jobs::Jobs` (`max_values`: None, `max_size`: Some(716), added: 3191, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::SubmitterJobs` (r:1 w:1)
	/// Proof: `Jobs::SubmitterJobs` (`max_values`: None, `max_size`: Some(2098), added: 4573, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::JobInputs` (r:0 w:1)
	/// Proof: `Jobs::JobInputs` (`max_values`: None, `max_size`: Some(278630), added: 281105, mode: `MaxEncodedLen`)
	fn prune_job() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `2540`
		//  Estimated: `5563`
		// Minimum execution time: 24_192_000 picoseconds.
		Weight::from_parts(27_391_000, 5563)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
}

/// The same figures with ParityDB weights, for tests and mocks.
impl WeightInfo for () {
	fn store_artifact(b: u32, ) -> Weight {
		Weight::from_parts(100_393_632, 3658)
			.saturating_add(Weight::from_parts(3_984, 0).saturating_mul(b.into()))
			.saturating_add(ParityDbWeight::get().reads(3_u64))
			.saturating_add(ParityDbWeight::get().writes(4_u64))
	}
	fn remove_artifact() -> Weight {
		Weight::from_parts(112_256_000, 3658)
			.saturating_add(ParityDbWeight::get().reads(3_u64))
			.saturating_add(ParityDbWeight::get().writes(4_u64))
	}
	fn submit_job(i: u32, ) -> Weight {
		Weight::from_parts(149_840_884, 9679)
			.saturating_add(Weight::from_parts(7_030_918, 0).saturating_mul(i.into()))
			.saturating_add(ParityDbWeight::get().reads(8_u64))
			.saturating_add(ParityDbWeight::get().reads((1_u64).saturating_mul(i.into())))
			.saturating_add(ParityDbWeight::get().writes(9_u64))
			.saturating_add(ParityDbWeight::get().writes((1_u64).saturating_mul(i.into())))
			.saturating_add(Weight::from_parts(0, 2567).saturating_mul(i.into()))
	}
	fn cancel_job() -> Weight {
		Weight::from_parts(109_300_000, 282095)
			.saturating_add(ParityDbWeight::get().reads(8_u64))
			.saturating_add(ParityDbWeight::get().writes(6_u64))
	}
	fn set_parameters() -> Weight {
		Weight::from_parts(9_224_000, 0)
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn match_job(p: u32, ) -> Weight {
		Weight::from_parts(156_336_000, 16175)
			.saturating_add(Weight::from_parts(7_266_750, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(14_u64))
			.saturating_add(ParityDbWeight::get().reads((1_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(13_u64))
			.saturating_add(Weight::from_parts(0, 3454).saturating_mul(p.into()))
	}
	fn commit_timeout(r: u32, ) -> Weight {
		Weight::from_parts(108_440_947, 282095)
			.saturating_add(Weight::from_parts(84_186_196, 0).saturating_mul(r.into()))
			.saturating_add(ParityDbWeight::get().reads(10_u64))
			.saturating_add(ParityDbWeight::get().reads((4_u64).saturating_mul(r.into())))
			.saturating_add(ParityDbWeight::get().writes(7_u64))
			.saturating_add(ParityDbWeight::get().writes((4_u64).saturating_mul(r.into())))
			.saturating_add(Weight::from_parts(0, 3454).saturating_mul(r.into()))
	}
	fn prune_job() -> Weight {
		Weight::from_parts(27_391_000, 5563)
			.saturating_add(ParityDbWeight::get().reads(2_u64))
			.saturating_add(ParityDbWeight::get().writes(3_u64))
	}
}
