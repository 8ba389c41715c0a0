// This file is part of Tensorgrid. SPDX-License-Identifier: Apache-2.0

//! Weights for `pallet_jobs`, generated from its benchmarks by the node's `benchmark pallet`
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
	fn decline_job() -> Weight;
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
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(211), added: 2686, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::ArtifactData` (r:0 w:1)
	/// Proof: `Jobs::ArtifactData` (`max_values`: None, `max_size`: Some(1048612), added: 1051087, mode: `MaxEncodedLen`)
	/// The range of component `b` is `[1, 1048576]`.
	fn store_artifact(b: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `250`
		//  Estimated: `3676`
		// Minimum execution time: 65_518_000 picoseconds.
		Weight::from_parts(79_752_850, 3676)
			// Standard Error: 16
			.saturating_add(Weight::from_parts(7_531, 0).saturating_mul(b.into()))
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `Jobs::Artifacts` (r:1 w:1)
	/// Proof: `Jobs::Artifacts` (`max_values`: None, `max_size`: Some(92), added: 2567, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(211), added: 2686, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::ArtifactData` (r:0 w:1)
	/// Proof: `Jobs::ArtifactData` (`max_values`: None, `max_size`: Some(1048612), added: 1051087, mode: `MaxEncodedLen`)
	fn remove_artifact() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `429`
		//  Estimated: `3676`
		// Minimum execution time: 77_145_000 picoseconds.
		Weight::from_parts(97_275_000, 3676)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `Jobs::Parameters` (r:1 w:0)
	/// Proof: `Jobs::Parameters` (`max_values`: Some(1), `max_size`: Some(24), added: 519, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::Artifacts` (r:17 w:17)
	/// Proof: `Jobs::Artifacts` (`max_values`: None, `max_size`: Some(92), added: 2567, mode: `MaxEncodedLen`)
	/// Storage: `ProofOfCompute::Parameters` (r:1 w:0)
	/// Proof: `ProofOfCompute::Parameters` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::OpenJobs` (r:1 w:1)
	/// Proof: `Jobs::OpenJobs` (`max_values`: None, `max_size`: Some(52), added: 2527, mode: `MaxEncodedLen`)
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
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(211), added: 2686, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::TotalEscrow` (r:1 w:1)
	/// Proof: `Jobs::TotalEscrow` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::Jobs` (r:0 w:1)
	/// Proof: `Jobs::Jobs` (`max_values`: None, `max_size`: Some(816), added: 3291, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::JobInputs` (r:0 w:1)
	/// Proof: `Jobs::JobInputs` (`max_values`: None, `max_size`: Some(278630), added: 281105, mode: `MaxEncodedLen`)
	/// The range of component `i` is `[0, 17]`.
	fn submit_job(i: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `10860 + i * (70 ±0)`
		//  Estimated: `9679 + i * (2567 ±0)`
		// Minimum execution time: 144_875_000 picoseconds.
		Weight::from_parts(159_033_129, 9679)
			// Standard Error: 16_839
			.saturating_add(Weight::from_parts(5_881_746, 0).saturating_mul(i.into()))
			.saturating_add(T::DbWeight::get().reads(10_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(i.into())))
			.saturating_add(T::DbWeight::get().writes(10_u64))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(i.into())))
			.saturating_add(Weight::from_parts(0, 2567).saturating_mul(i.into()))
	}
	/// Storage: `Jobs::Jobs` (r:1 w:1)
	/// Proof: `Jobs::Jobs` (`max_values`: None, `max_size`: Some(816), added: 3291, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::TotalEscrow` (r:1 w:1)
	/// Proof: `Jobs::TotalEscrow` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(211), added: 2686, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::JobInputs` (r:1 w:0)
	/// Proof: `Jobs::JobInputs` (`max_values`: None, `max_size`: Some(278630), added: 281105, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::PendingQueue` (r:1 w:1)
	/// Proof: `Jobs::PendingQueue` (`max_values`: Some(1), `max_size`: Some(8194), added: 8689, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::OpenJobs` (r:1 w:1)
	/// Proof: `Jobs::OpenJobs` (`max_values`: None, `max_size`: Some(52), added: 2527, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::Timers` (r:1 w:1)
	/// Proof: `Jobs::Timers` (`max_values`: None, `max_size`: Some(1166), added: 3641, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::Parameters` (r:1 w:0)
	/// Proof: `Jobs::Parameters` (`max_values`: Some(1), `max_size`: Some(24), added: 519, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::PruneTail` (r:1 w:1)
	/// Proof: `Jobs::PruneTail` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::PruneQueue` (r:0 w:1)
	/// Proof: `Jobs::PruneQueue` (`max_values`: None, `max_size`: Some(28), added: 2503, mode: `MaxEncodedLen`)
	fn cancel_job() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `9105`
		//  Estimated: `282095`
		// Minimum execution time: 93_449_000 picoseconds.
		Weight::from_parts(98_947_000, 282095)
			.saturating_add(T::DbWeight::get().reads(10_u64))
			.saturating_add(T::DbWeight::get().writes(9_u64))
	}
	/// Storage: `Jobs::Parameters` (r:0 w:1)
	/// Proof: `Jobs::Parameters` (`max_values`: Some(1), `max_size`: Some(24), added: 519, mode: `MaxEncodedLen`)
	fn set_parameters() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `0`
		// Minimum execution time: 5_748_000 picoseconds.
		Weight::from_parts(6_720_000, 0)
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Jobs::PendingQueue` (r:1 w:1)
	/// Proof: `Jobs::PendingQueue` (`max_values`: Some(1), `max_size`: Some(8194), added: 8689, mode: `MaxEncodedLen`)
	/// Storage: `Providers::CounterForProviders` (r:1 w:0)
	/// Proof: `Providers::CounterForProviders` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::RandomSeed` (r:1 w:0)
	/// Proof: `Jobs::RandomSeed` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::Jobs` (r:1 w:1)
	/// Proof: `Jobs::Jobs` (`max_values`: None, `max_size`: Some(816), added: 3291, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::Parameters` (r:1 w:0)
	/// Proof: `Jobs::Parameters` (`max_values`: Some(1), `max_size`: Some(24), added: 519, mode: `MaxEncodedLen`)
	/// Storage: `Providers::Parameters` (r:1 w:0)
	/// Proof: `Providers::Parameters` (`max_values`: Some(1), `max_size`: Some(28), added: 523, mode: `MaxEncodedLen`)
	/// Storage: `Providers::Providers` (r:1025 w:5)
	/// Proof: `Providers::Providers` (`max_values`: None, `max_size`: Some(1029), added: 3504, mode: `MaxEncodedLen`)
	/// Storage: `Providers::CollateralInUse` (r:1024 w:5)
	/// Proof: `Providers::CollateralInUse` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `ProofOfCompute::Parameters` (r:1 w:0)
	/// Proof: `ProofOfCompute::Parameters` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::ProviderJobs` (r:5 w:5)
	/// Proof: `Jobs::ProviderJobs` (`max_values`: None, `max_size`: Some(562), added: 3037, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::Timers` (r:1 w:1)
	/// Proof: `Jobs::Timers` (`max_values`: None, `max_size`: Some(1166), added: 3641, mode: `MaxEncodedLen`)
	/// The range of component `p` is `[5, 1023]`.
	fn match_job(p: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `1942 + p * (86 ±0)`
		//  Estimated: `16175 + p * (3504 ±0)`
		// Minimum execution time: 177_114_000 picoseconds.
		Weight::from_parts(71_618_533, 16175)
			// Standard Error: 99_326
			.saturating_add(Weight::from_parts(9_900_070, 0).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(16_u64))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(18_u64))
			.saturating_add(Weight::from_parts(0, 3504).saturating_mul(p.into()))
	}
	/// Storage: `Jobs::Jobs` (r:1 w:1)
	/// Proof: `Jobs::Jobs` (`max_values`: None, `max_size`: Some(816), added: 3291, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::Parameters` (r:1 w:0)
	/// Proof: `Jobs::Parameters` (`max_values`: Some(1), `max_size`: Some(24), added: 519, mode: `MaxEncodedLen`)
	/// Storage: `Providers::Providers` (r:5 w:5)
	/// Proof: `Providers::Providers` (`max_values`: None, `max_size`: Some(1029), added: 3504, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:6 w:6)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(211), added: 2686, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:7 w:7)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Providers::TotalHeld` (r:1 w:1)
	/// Proof: `Providers::TotalHeld` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Providers::Parameters` (r:1 w:0)
	/// Proof: `Providers::Parameters` (`max_values`: Some(1), `max_size`: Some(28), added: 523, mode: `MaxEncodedLen`)
	/// Storage: `Providers::CollateralInUse` (r:5 w:5)
	/// Proof: `Providers::CollateralInUse` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::ProviderJobs` (r:5 w:5)
	/// Proof: `Jobs::ProviderJobs` (`max_values`: None, `max_size`: Some(562), added: 3037, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::PendingQueue` (r:1 w:1)
	/// Proof: `Jobs::PendingQueue` (`max_values`: Some(1), `max_size`: Some(8194), added: 8689, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::TotalEscrow` (r:1 w:1)
	/// Proof: `Jobs::TotalEscrow` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::JobInputs` (r:1 w:0)
	/// Proof: `Jobs::JobInputs` (`max_values`: None, `max_size`: Some(278630), added: 281105, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::OpenJobs` (r:1 w:1)
	/// Proof: `Jobs::OpenJobs` (`max_values`: None, `max_size`: Some(52), added: 2527, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::Timers` (r:1 w:1)
	/// Proof: `Jobs::Timers` (`max_values`: None, `max_size`: Some(1166), added: 3641, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::PruneTail` (r:1 w:1)
	/// Proof: `Jobs::PruneTail` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::PruneQueue` (r:0 w:1)
	/// Proof: `Jobs::PruneQueue` (`max_values`: None, `max_size`: Some(28), added: 2503, mode: `MaxEncodedLen`)
	/// The range of component `r` is `[1, 5]`.
	fn commit_timeout(r: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `1500 + r * (451 ±0)`
		//  Estimated: `282095 + r * (3504 ±0)`
		// Minimum execution time: 175_120_000 picoseconds.
		Weight::from_parts(102_937_258, 282095)
			// Standard Error: 98_210
			.saturating_add(Weight::from_parts(80_885_762, 0).saturating_mul(r.into()))
			.saturating_add(T::DbWeight::get().reads(13_u64))
			.saturating_add(T::DbWeight::get().reads((5_u64).saturating_mul(r.into())))
			.saturating_add(T::DbWeight::get().writes(11_u64))
			.saturating_add(T::DbWeight::get().writes((5_u64).saturating_mul(r.into())))
			.saturating_add(Weight::from_parts(0, 3504).saturating_mul(r.into()))
	}
	/// Storage: `Providers::Operators` (r:1 w:0)
	/// Proof: `Providers::Operators` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::Jobs` (r:1 w:1)
	/// Proof: `Jobs::Jobs` (`max_values`: None, `max_size`: Some(816), added: 3291, mode: `MaxEncodedLen`)
	/// Storage: `Providers::Providers` (r:1 w:1)
	/// Proof: `Providers::Providers` (`max_values`: None, `max_size`: Some(1029), added: 3504, mode: `MaxEncodedLen`)
	/// Storage: `Providers::CollateralInUse` (r:1 w:1)
	/// Proof: `Providers::CollateralInUse` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::ProviderJobs` (r:1 w:1)
	/// Proof: `Jobs::ProviderJobs` (`max_values`: None, `max_size`: Some(562), added: 3037, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::Parameters` (r:1 w:0)
	/// Proof: `Jobs::Parameters` (`max_values`: Some(1), `max_size`: Some(24), added: 519, mode: `MaxEncodedLen`)
	fn decline_job() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `1324`
		//  Estimated: `4494`
		// Minimum execution time: 44_055_000 picoseconds.
		Weight::from_parts(47_431_000, 4494)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `Jobs::Jobs` (r:1 w:1)
	/// Proof: `Jobs::Jobs` (`max_values`: None, `max_size`: Some(816), added: 3291, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(211), added: 2686, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::SubmitterJobs` (r:1 w:1)
	/// Proof: `Jobs::SubmitterJobs` (`max_values`: None, `max_size`: Some(2098), added: 4573, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::JobInputs` (r:0 w:1)
	/// Proof: `Jobs::JobInputs` (`max_values`: None, `max_size`: Some(278630), added: 281105, mode: `MaxEncodedLen`)
	/// Storage: `ProofOfCompute::Rounds` (r:0 w:1)
	/// Proof: `ProofOfCompute::Rounds` (`max_values`: None, `max_size`: Some(1039), added: 3514, mode: `MaxEncodedLen`)
	fn prune_job() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `2871`
		//  Estimated: `5563`
		// Minimum execution time: 67_561_000 picoseconds.
		Weight::from_parts(71_296_000, 5563)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
}

/// The same figures with ParityDB weights, for tests and mocks.
impl WeightInfo for () {
	fn store_artifact(b: u32, ) -> Weight {
		Weight::from_parts(79_752_850, 3676)
			.saturating_add(Weight::from_parts(7_531, 0).saturating_mul(b.into()))
			.saturating_add(ParityDbWeight::get().reads(3_u64))
			.saturating_add(ParityDbWeight::get().writes(4_u64))
	}
	fn remove_artifact() -> Weight {
		Weight::from_parts(97_275_000, 3676)
			.saturating_add(ParityDbWeight::get().reads(3_u64))
			.saturating_add(ParityDbWeight::get().writes(4_u64))
	}
	fn submit_job(i: u32, ) -> Weight {
		Weight::from_parts(159_033_129, 9679)
			.saturating_add(Weight::from_parts(5_881_746, 0).saturating_mul(i.into()))
			.saturating_add(ParityDbWeight::get().reads(10_u64))
			.saturating_add(ParityDbWeight::get().reads((1_u64).saturating_mul(i.into())))
			.saturating_add(ParityDbWeight::get().writes(10_u64))
			.saturating_add(ParityDbWeight::get().writes((1_u64).saturating_mul(i.into())))
			.saturating_add(Weight::from_parts(0, 2567).saturating_mul(i.into()))
	}
	fn cancel_job() -> Weight {
		Weight::from_parts(98_947_000, 282095)
			.saturating_add(ParityDbWeight::get().reads(10_u64))
			.saturating_add(ParityDbWeight::get().writes(9_u64))
	}
	fn set_parameters() -> Weight {
		Weight::from_parts(6_720_000, 0)
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn match_job(p: u32, ) -> Weight {
		Weight::from_parts(71_618_533, 16175)
			.saturating_add(Weight::from_parts(9_900_070, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(16_u64))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(18_u64))
			.saturating_add(Weight::from_parts(0, 3504).saturating_mul(p.into()))
	}
	fn commit_timeout(r: u32, ) -> Weight {
		Weight::from_parts(102_937_258, 282095)
			.saturating_add(Weight::from_parts(80_885_762, 0).saturating_mul(r.into()))
			.saturating_add(ParityDbWeight::get().reads(13_u64))
			.saturating_add(ParityDbWeight::get().reads((5_u64).saturating_mul(r.into())))
			.saturating_add(ParityDbWeight::get().writes(11_u64))
			.saturating_add(ParityDbWeight::get().writes((5_u64).saturating_mul(r.into())))
			.saturating_add(Weight::from_parts(0, 3504).saturating_mul(r.into()))
	}
	fn decline_job() -> Weight {
		Weight::from_parts(47_431_000, 4494)
			.saturating_add(ParityDbWeight::get().reads(6_u64))
			.saturating_add(ParityDbWeight::get().writes(4_u64))
	}
	fn prune_job() -> Weight {
		Weight::from_parts(71_296_000, 5563)
			.saturating_add(ParityDbWeight::get().reads(4_u64))
			.saturating_add(ParityDbWeight::get().writes(6_u64))
	}
}
