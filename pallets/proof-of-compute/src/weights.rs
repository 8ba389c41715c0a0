// This file is part of Tensorgrid. SPDX-License-Identifier: Apache-2.0

//! Weights for `pallet_proof_of_compute`, generated from its benchmarks by the node's `benchmark pallet`
//! command (64.0.0) on 2026-12-02.
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
//! pallet_proof_of_compute
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
//! pallets/proof-of-compute/src/weights.rs

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::ParityDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_proof_of_compute`.
pub trait WeightInfo {
	fn commit_result() -> Weight;
	fn reveal_result() -> Weight;
	fn submit_verdict() -> Weight;
	fn commit_verdict() -> Weight;
	fn abstain_audit() -> Weight;
	fn set_parameters() -> Weight;
	fn resolve_reveals(r: u32, p: u32, ) -> Weight;
	fn resolve_audit(r: u32, v: u32, ) -> Weight;
}

/// Weights measured on the reference machine, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Providers::OperatorOf` (r:1 w:0)
	/// Proof: `Providers::OperatorOf` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `Providers::Operators` (r:1 w:0)
	/// Proof: `Providers::Operators` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `ProofOfCompute::Rounds` (r:1 w:1)
	/// Proof: `ProofOfCompute::Rounds` (`max_values`: None, `max_size`: Some(1039), added: 3514, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::Jobs` (r:1 w:1)
	/// Proof: `Jobs::Jobs` (`max_values`: None, `max_size`: Some(816), added: 3291, mode: `MaxEncodedLen`)
	/// Storage: `ProofOfCompute::Parameters` (r:1 w:0)
	/// Proof: `ProofOfCompute::Parameters` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `ProofOfCompute::Deadlines` (r:1 w:1)
	/// Proof: `ProofOfCompute::Deadlines` (`max_values`: None, `max_size`: Some(2062), added: 4537, mode: `MaxEncodedLen`)
	fn commit_result() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `1854`
		//  Estimated: `5527`
		// Minimum execution time: 56_227_000 picoseconds.
		Weight::from_parts(77_133_000, 5527)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `Providers::OperatorOf` (r:1 w:0)
	/// Proof: `Providers::OperatorOf` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `Providers::Operators` (r:1 w:0)
	/// Proof: `Providers::Operators` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `ProofOfCompute::Rounds` (r:1 w:1)
	/// Proof: `ProofOfCompute::Rounds` (`max_values`: None, `max_size`: Some(1039), added: 3514, mode: `MaxEncodedLen`)
	/// Storage: `ProofOfCompute::Outputs` (r:0 w:1)
	/// Proof: `ProofOfCompute::Outputs` (`max_values`: None, `max_size`: Some(16453), added: 18928, mode: `MaxEncodedLen`)
	fn reveal_result() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `1099`
		//  Estimated: `4504`
		// Minimum execution time: 84_208_000 picoseconds.
		Weight::from_parts(110_607_000, 4504)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Providers::OperatorOf` (r:1 w:0)
	/// Proof: `Providers::OperatorOf` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `Providers::Operators` (r:1 w:0)
	/// Proof: `Providers::Operators` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `ProofOfCompute::Rounds` (r:1 w:1)
	/// Proof: `ProofOfCompute::Rounds` (`max_values`: None, `max_size`: Some(1039), added: 3514, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::Jobs` (r:1 w:0)
	/// Proof: `Jobs::Jobs` (`max_values`: None, `max_size`: Some(816), added: 3291, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::JobAccess` (r:1 w:0)
	/// Proof: `Jobs::JobAccess` (`max_values`: None, `max_size`: Some(88), added: 2563, mode: `MaxEncodedLen`)
	fn submit_verdict() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `2107`
		//  Estimated: `4504`
		// Minimum execution time: 45_870_000 picoseconds.
		Weight::from_parts(65_707_000, 4504)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Providers::OperatorOf` (r:1 w:0)
	/// Proof: `Providers::OperatorOf` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `Providers::Operators` (r:1 w:0)
	/// Proof: `Providers::Operators` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `ProofOfCompute::Rounds` (r:1 w:1)
	/// Proof: `ProofOfCompute::Rounds` (`max_values`: None, `max_size`: Some(1039), added: 3514, mode: `MaxEncodedLen`)
	/// Storage: `ProofOfCompute::Parameters` (r:1 w:0)
	/// Proof: `ProofOfCompute::Parameters` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `ProofOfCompute::Deadlines` (r:1 w:1)
	/// Proof: `ProofOfCompute::Deadlines` (`max_values`: None, `max_size`: Some(2062), added: 4537, mode: `MaxEncodedLen`)
	fn commit_verdict() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `1500`
		//  Estimated: `5527`
		// Minimum execution time: 47_826_000 picoseconds.
		Weight::from_parts(69_030_000, 5527)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Providers::OperatorOf` (r:1 w:0)
	/// Proof: `Providers::OperatorOf` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `Providers::Operators` (r:1 w:0)
	/// Proof: `Providers::Operators` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `ProofOfCompute::Rounds` (r:1 w:1)
	/// Proof: `ProofOfCompute::Rounds` (`max_values`: None, `max_size`: Some(1039), added: 3514, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::JobInputs` (r:1 w:0)
	/// Proof: `Jobs::JobInputs` (`max_values`: None, `max_size`: Some(278630), added: 281105, mode: `MaxEncodedLen`)
	/// Storage: `ProofOfCompute::Parameters` (r:1 w:0)
	/// Proof: `ProofOfCompute::Parameters` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `ProofOfCompute::Deadlines` (r:1 w:1)
	/// Proof: `ProofOfCompute::Deadlines` (`max_values`: None, `max_size`: Some(2062), added: 4537, mode: `MaxEncodedLen`)
	fn abstain_audit() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `1941`
		//  Estimated: `282095`
		// Minimum execution time: 57_275_000 picoseconds.
		Weight::from_parts(79_193_000, 282095)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `ProofOfCompute::Parameters` (r:0 w:1)
	/// Proof: `ProofOfCompute::Parameters` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	fn set_parameters() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `0`
		// Minimum execution time: 5_541_000 picoseconds.
		Weight::from_parts(11_488_000, 0)
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Jobs::Jobs` (r:1 w:1)
	/// Proof: `Jobs::Jobs` (`max_values`: None, `max_size`: Some(816), added: 3291, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::JobAccess` (r:1 w:0)
	/// Proof: `Jobs::JobAccess` (`max_values`: None, `max_size`: Some(88), added: 2563, mode: `MaxEncodedLen`)
	/// Storage: `ProofOfCompute::Parameters` (r:1 w:0)
	/// Proof: `ProofOfCompute::Parameters` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Providers::Parameters` (r:1 w:0)
	/// Proof: `Providers::Parameters` (`max_values`: Some(1), `max_size`: Some(28), added: 523, mode: `MaxEncodedLen`)
	/// Storage: `Providers::Providers` (r:1025 w:5)
	/// Proof: `Providers::Providers` (`max_values`: None, `max_size`: Some(1029), added: 3504, mode: `MaxEncodedLen`)
	/// Storage: `Providers::CollateralInUse` (r:1024 w:0)
	/// Proof: `Providers::CollateralInUse` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::RandomSeed` (r:1 w:0)
	/// Proof: `Jobs::RandomSeed` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `ProofOfCompute::VerifierAudits` (r:5 w:5)
	/// Proof: `ProofOfCompute::VerifierAudits` (`max_values`: None, `max_size`: Some(562), added: 3037, mode: `MaxEncodedLen`)
	/// Storage: `ProofOfCompute::Deadlines` (r:1 w:1)
	/// Proof: `ProofOfCompute::Deadlines` (`max_values`: None, `max_size`: Some(2062), added: 4537, mode: `MaxEncodedLen`)
	/// The range of component `r` is `[2, 5]`.
	/// The range of component `p` is `[1, 1018]`.
	fn resolve_reveals(r: u32, p: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `2298 + p * (85 ±0) + r * (229 ±0)`
		//  Estimated: `13536 + p * (3504 ±0) + r * (3504 ±284)`
		// Minimum execution time: 187_869_000 picoseconds.
		Weight::from_parts(190_208_000, 13536)
			// Standard Error: 106_262_698
			.saturating_add(Weight::from_parts(17_078_421, 0).saturating_mul(r.into()))
			// Standard Error: 547_637
			.saturating_add(Weight::from_parts(12_597_729, 0).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(13_u64))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(r.into())))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(10_u64))
			.saturating_add(Weight::from_parts(0, 3504).saturating_mul(p.into()))
			.saturating_add(Weight::from_parts(0, 3504).saturating_mul(r.into()))
	}
	/// Storage: `Providers::Providers` (r:10 w:10)
	/// Proof: `Providers::Providers` (`max_values`: None, `max_size`: Some(1029), added: 3504, mode: `MaxEncodedLen`)
	/// Storage: `ProofOfCompute::VerifierAudits` (r:5 w:5)
	/// Proof: `ProofOfCompute::VerifierAudits` (`max_values`: None, `max_size`: Some(562), added: 3037, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::Jobs` (r:1 w:1)
	/// Proof: `Jobs::Jobs` (`max_values`: None, `max_size`: Some(816), added: 3291, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::JobAccess` (r:1 w:0)
	/// Proof: `Jobs::JobAccess` (`max_values`: None, `max_size`: Some(88), added: 2563, mode: `MaxEncodedLen`)
	/// Storage: `ProofOfCompute::Parameters` (r:1 w:0)
	/// Proof: `ProofOfCompute::Parameters` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Providers::Parameters` (r:1 w:0)
	/// Proof: `Providers::Parameters` (`max_values`: Some(1), `max_size`: Some(28), added: 523, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::TotalEscrow` (r:1 w:1)
	/// Proof: `Jobs::TotalEscrow` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:5 w:5)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(265), added: 2740, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:12 w:12)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Providers::TotalHeld` (r:1 w:1)
	/// Proof: `Providers::TotalHeld` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Providers::CollateralInUse` (r:5 w:5)
	/// Proof: `Providers::CollateralInUse` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::ProviderJobs` (r:5 w:5)
	/// Proof: `Jobs::ProviderJobs` (`max_values`: None, `max_size`: Some(562), added: 3037, mode: `MaxEncodedLen`)
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
	/// The range of component `r` is `[2, 5]`.
	/// The range of component `v` is `[2, 5]`.
	fn resolve_audit(r: u32, v: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `2101 + r * (433 ±0) + v * (232 ±0)`
		//  Estimated: `282095 + r * (3504 ±0) + v * (3504 ±0)`
		// Minimum execution time: 760_267_000 picoseconds.
		Weight::from_parts(1_010_621_000, 282095)
			// Standard Error: 3_881_421
			.saturating_add(Weight::from_parts(135_112_469, 0).saturating_mul(r.into()))
			// Standard Error: 3_881_421
			.saturating_add(Weight::from_parts(12_762_532, 0).saturating_mul(v.into()))
			.saturating_add(T::DbWeight::get().reads(14_u64))
			.saturating_add(T::DbWeight::get().reads((5_u64).saturating_mul(r.into())))
			.saturating_add(T::DbWeight::get().reads((3_u64).saturating_mul(v.into())))
			.saturating_add(T::DbWeight::get().writes(10_u64))
			.saturating_add(T::DbWeight::get().writes((5_u64).saturating_mul(r.into())))
			.saturating_add(T::DbWeight::get().writes((3_u64).saturating_mul(v.into())))
			.saturating_add(Weight::from_parts(0, 3504).saturating_mul(r.into()))
			.saturating_add(Weight::from_parts(0, 3504).saturating_mul(v.into()))
	}
}

/// The same figures with ParityDB weights, for tests and mocks.
impl WeightInfo for () {
	fn commit_result() -> Weight {
		Weight::from_parts(77_133_000, 5527)
			.saturating_add(ParityDbWeight::get().reads(6_u64))
			.saturating_add(ParityDbWeight::get().writes(3_u64))
	}
	fn reveal_result() -> Weight {
		Weight::from_parts(110_607_000, 4504)
			.saturating_add(ParityDbWeight::get().reads(3_u64))
			.saturating_add(ParityDbWeight::get().writes(2_u64))
	}
	fn submit_verdict() -> Weight {
		Weight::from_parts(65_707_000, 4504)
			.saturating_add(ParityDbWeight::get().reads(5_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn commit_verdict() -> Weight {
		Weight::from_parts(69_030_000, 5527)
			.saturating_add(ParityDbWeight::get().reads(5_u64))
			.saturating_add(ParityDbWeight::get().writes(2_u64))
	}
	fn abstain_audit() -> Weight {
		Weight::from_parts(79_193_000, 282095)
			.saturating_add(ParityDbWeight::get().reads(6_u64))
			.saturating_add(ParityDbWeight::get().writes(2_u64))
	}
	fn set_parameters() -> Weight {
		Weight::from_parts(11_488_000, 0)
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn resolve_reveals(r: u32, p: u32, ) -> Weight {
		Weight::from_parts(190_208_000, 13536)
			.saturating_add(Weight::from_parts(17_078_421, 0).saturating_mul(r.into()))
			.saturating_add(Weight::from_parts(12_597_729, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(13_u64))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(r.into())))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(10_u64))
			.saturating_add(Weight::from_parts(0, 3504).saturating_mul(p.into()))
			.saturating_add(Weight::from_parts(0, 3504).saturating_mul(r.into()))
	}
	fn resolve_audit(r: u32, v: u32, ) -> Weight {
		Weight::from_parts(1_010_621_000, 282095)
			.saturating_add(Weight::from_parts(135_112_469, 0).saturating_mul(r.into()))
			.saturating_add(Weight::from_parts(12_762_532, 0).saturating_mul(v.into()))
			.saturating_add(ParityDbWeight::get().reads(14_u64))
			.saturating_add(ParityDbWeight::get().reads((5_u64).saturating_mul(r.into())))
			.saturating_add(ParityDbWeight::get().reads((3_u64).saturating_mul(v.into())))
			.saturating_add(ParityDbWeight::get().writes(10_u64))
			.saturating_add(ParityDbWeight::get().writes((5_u64).saturating_mul(r.into())))
			.saturating_add(ParityDbWeight::get().writes((3_u64).saturating_mul(v.into())))
			.saturating_add(Weight::from_parts(0, 3504).saturating_mul(r.into()))
			.saturating_add(Weight::from_parts(0, 3504).saturating_mul(v.into()))
	}
}
