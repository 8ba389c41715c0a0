// This file is part of Tensorgrid. SPDX-License-Identifier: Apache-2.0

//! Weights for `pallet_proof_of_compute`, generated from its benchmarks by the node's `benchmark pallet`
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
	fn set_parameters() -> Weight;
	fn resolve_reveals(r: u32, p: u32, ) -> Weight;
	fn resolve_audit(r: u32, v: u32, ) -> Weight;
}

/// Weights measured on the reference machine, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `ProofOfCompute::Rounds` (r:1 w:1)
	/// Proof: `ProofOfCompute::Rounds` (`max_values`: None, `max_size`: Some(874), added: 3349, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::Jobs` (r:1 w:1)
	/// Proof: `Jobs::Jobs` (`max_values`: None, `max_size`: Some(716), added: 3191, mode: `MaxEncodedLen`)
	/// Storage: `ProofOfCompute::Parameters` (r:1 w:0)
	/// Proof: `ProofOfCompute::Parameters` (`max_values`: Some(1), `max_size`: Some(24), added: 519, mode: `MaxEncodedLen`)
	/// Storage: `ProofOfCompute::Deadlines` (r:1 w:1)
	/// Proof: `ProofOfCompute::Deadlines` (`max_values`: None, `max_size`: Some(2062), added: 4537, mode: `MaxEncodedLen`)
	fn commit_result() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `1031`
		//  Estimated: `5527`
		// Minimum execution time: 51_363_000 picoseconds.
		Weight::from_parts(81_290_000, 5527)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `ProofOfCompute::Rounds` (r:1 w:1)
	/// Proof: `ProofOfCompute::Rounds` (`max_values`: None, `max_size`: Some(874), added: 3349, mode: `MaxEncodedLen`)
	/// Storage: `ProofOfCompute::Outputs` (r:0 w:1)
	/// Proof: `ProofOfCompute::Outputs` (`max_values`: None, `max_size`: Some(16453), added: 18928, mode: `MaxEncodedLen`)
	fn reveal_result() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `416`
		//  Estimated: `4339`
		// Minimum execution time: 80_254_000 picoseconds.
		Weight::from_parts(108_072_000, 4339)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `ProofOfCompute::Rounds` (r:1 w:1)
	/// Proof: `ProofOfCompute::Rounds` (`max_values`: None, `max_size`: Some(874), added: 3349, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::Jobs` (r:1 w:0)
	/// Proof: `Jobs::Jobs` (`max_values`: None, `max_size`: Some(716), added: 3191, mode: `MaxEncodedLen`)
	fn submit_verdict() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `1064`
		//  Estimated: `4339`
		// Minimum execution time: 32_720_000 picoseconds.
		Weight::from_parts(65_539_000, 4339)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `ProofOfCompute::Parameters` (r:0 w:1)
	/// Proof: `ProofOfCompute::Parameters` (`max_values`: Some(1), `max_size`: Some(24), added: 519, mode: `MaxEncodedLen`)
	fn set_parameters() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `0`
		// Minimum execution time: 7_422_000 picoseconds.
		Weight::from_parts(16_335_000, 0)
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Jobs::Jobs` (r:1 w:1)
	/// Proof: `Jobs::Jobs` (`max_values`: None, `max_size`: Some(716), added: 3191, mode: `MaxEncodedLen`)
	/// Storage: `ProofOfCompute::Parameters` (r:1 w:0)
	/// Proof: `ProofOfCompute::Parameters` (`max_values`: Some(1), `max_size`: Some(24), added: 519, mode: `MaxEncodedLen`)
	/// Storage: `Providers::Parameters` (r:1 w:0)
	/// Proof: `Providers::Parameters` (`max_values`: Some(1), `max_size`: Some(28), added: 523, mode: `MaxEncodedLen`)
	/// Storage: `Providers::Providers` (r:1025 w:5)
	/// Proof: `Providers::Providers` (`max_values`: None, `max_size`: Some(979), added: 3454, mode: `MaxEncodedLen`)
	/// Storage: `Babe::AuthorVrfRandomness` (r:1 w:0)
	/// Proof: `Babe::AuthorVrfRandomness` (`max_values`: Some(1), `max_size`: Some(33), added: 528, mode: `MaxEncodedLen`)
	/// Storage: `System::ParentHash` (r:1 w:0)
	/// Proof: `System::ParentHash` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `ProofOfCompute::VerifierAudits` (r:5 w:5)
	/// Proof: `ProofOfCompute::VerifierAudits` (`max_values`: None, `max_size`: Some(562), added: 3037, mode: `MaxEncodedLen`)
	/// Storage: `ProofOfCompute::Deadlines` (r:1 w:1)
	/// Proof: `ProofOfCompute::Deadlines` (`max_values`: None, `max_size`: Some(2062), added: 4537, mode: `MaxEncodedLen`)
	/// The range of component `r` is `[2, 5]`.
	/// The range of component `p` is `[1, 1019]`.
	fn resolve_reveals(r: u32, p: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `1044 + p * (85 ±0) + r * (143 ±0)`
		//  Estimated: `12658 + p * (3454 ±1) + r * (3454 ±379)`
		// Minimum execution time: 208_536_000 picoseconds.
		Weight::from_parts(223_873_000, 12658)
			// Standard Error: 48_469_399
			.saturating_add(Weight::from_parts(102_365_317, 0).saturating_mul(r.into()))
			// Standard Error: 249_543
			.saturating_add(Weight::from_parts(8_287_549, 0).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(11_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(r.into())))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(10_u64))
			.saturating_add(Weight::from_parts(0, 3454).saturating_mul(p.into()))
			.saturating_add(Weight::from_parts(0, 3454).saturating_mul(r.into()))
	}
	/// Storage: `Providers::Providers` (r:10 w:10)
	/// Proof: `Providers::Providers` (`max_values`: None, `max_size`: Some(979), added: 3454, mode: `MaxEncodedLen`)
	/// Storage: `ProofOfCompute::VerifierAudits` (r:5 w:5)
	/// Proof: `ProofOfCompute::VerifierAudits` (`max_values`: None, `max_size`: Some(562), added: 3037, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::Jobs` (r:1 w:1)
	/// Proof: `Jobs::Jobs` (`max_values`: None, `max_size`: Some(716), added: 3191, mode: `MaxEncodedLen`)
	/// Storage: `Providers::Parameters` (r:1 w:0)
	/// Proof: `Providers::Parameters` (`max_values`: Some(1), `max_size`: Some(28), added: 523, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::TotalEscrow` (r:1 w:1)
	/// Proof: `Jobs::TotalEscrow` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:5 w:5)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(193), added: 2668, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:12 w:12)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `ProofOfCompute::Parameters` (r:1 w:0)
	/// Proof: `ProofOfCompute::Parameters` (`max_values`: Some(1), `max_size`: Some(24), added: 519, mode: `MaxEncodedLen`)
	/// Storage: `Providers::TotalHeld` (r:1 w:1)
	/// Proof: `Providers::TotalHeld` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::ProviderJobs` (r:5 w:5)
	/// Proof: `Jobs::ProviderJobs` (`max_values`: None, `max_size`: Some(562), added: 3037, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::JobInputs` (r:1 w:0)
	/// Proof: `Jobs::JobInputs` (`max_values`: None, `max_size`: Some(278630), added: 281105, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::PendingQueue` (r:1 w:1)
	/// Proof: `Jobs::PendingQueue` (`max_values`: Some(1), `max_size`: Some(8194), added: 8689, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::Parameters` (r:1 w:0)
	/// Proof: `Jobs::Parameters` (`max_values`: Some(1), `max_size`: Some(24), added: 519, mode: `MaxEncodedLen`)
	/// Storage: `Jobs::Timers` (r:1 w:1)
	/// Proof: `Jobs::Timers` (`max_values`: None, `max_size`: Some(1166), added: 3641, mode: `MaxEncodedLen`)
	/// The range of component `r` is `[2, 5]`.
	/// The range of component `v` is `[1, 5]`.
	fn resolve_audit(r: u32, v: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `1332 + r * (348 ±0) + v * (246 ±0)`
		//  Estimated: `282095 + r * (3454 ±0) + v * (3454 ±0)`
		// Minimum execution time: 1_355_415_000 picoseconds.
		Weight::from_parts(1_518_097_000, 282095)
			// Standard Error: 7_070_972
			.saturating_add(Weight::from_parts(131_843_135, 0).saturating_mul(r.into()))
			// Standard Error: 7_317_538
			.saturating_add(Weight::from_parts(80_113_661, 0).saturating_mul(v.into()))
			.saturating_add(T::DbWeight::get().reads(11_u64))
			.saturating_add(T::DbWeight::get().reads((4_u64).saturating_mul(r.into())))
			.saturating_add(T::DbWeight::get().reads((3_u64).saturating_mul(v.into())))
			.saturating_add(T::DbWeight::get().writes(7_u64))
			.saturating_add(T::DbWeight::get().writes((4_u64).saturating_mul(r.into())))
			.saturating_add(T::DbWeight::get().writes((3_u64).saturating_mul(v.into())))
			.saturating_add(Weight::from_parts(0, 3454).saturating_mul(r.into()))
			.saturating_add(Weight::from_parts(0, 3454).saturating_mul(v.into()))
	}
}

/// The same figures with ParityDB weights, for tests and mocks.
impl WeightInfo for () {
	fn commit_result() -> Weight {
		Weight::from_parts(81_290_000, 5527)
			.saturating_add(ParityDbWeight::get().reads(4_u64))
			.saturating_add(ParityDbWeight::get().writes(3_u64))
	}
	fn reveal_result() -> Weight {
		Weight::from_parts(108_072_000, 4339)
			.saturating_add(ParityDbWeight::get().reads(1_u64))
			.saturating_add(ParityDbWeight::get().writes(2_u64))
	}
	fn submit_verdict() -> Weight {
		Weight::from_parts(65_539_000, 4339)
			.saturating_add(ParityDbWeight::get().reads(2_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn set_parameters() -> Weight {
		Weight::from_parts(16_335_000, 0)
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn resolve_reveals(r: u32, p: u32, ) -> Weight {
		Weight::from_parts(223_873_000, 12658)
			.saturating_add(Weight::from_parts(102_365_317, 0).saturating_mul(r.into()))
			.saturating_add(Weight::from_parts(8_287_549, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(11_u64))
			.saturating_add(ParityDbWeight::get().reads((1_u64).saturating_mul(r.into())))
			.saturating_add(ParityDbWeight::get().reads((1_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(10_u64))
			.saturating_add(Weight::from_parts(0, 3454).saturating_mul(p.into()))
			.saturating_add(Weight::from_parts(0, 3454).saturating_mul(r.into()))
	}
	fn resolve_audit(r: u32, v: u32, ) -> Weight {
		Weight::from_parts(1_518_097_000, 282095)
			.saturating_add(Weight::from_parts(131_843_135, 0).saturating_mul(r.into()))
			.saturating_add(Weight::from_parts(80_113_661, 0).saturating_mul(v.into()))
			.saturating_add(ParityDbWeight::get().reads(11_u64))
			.saturating_add(ParityDbWeight::get().reads((4_u64).saturating_mul(r.into())))
			.saturating_add(ParityDbWeight::get().reads((3_u64).saturating_mul(v.into())))
			.saturating_add(ParityDbWeight::get().writes(7_u64))
			.saturating_add(ParityDbWeight::get().writes((4_u64).saturating_mul(r.into())))
			.saturating_add(ParityDbWeight::get().writes((3_u64).saturating_mul(v.into())))
			.saturating_add(Weight::from_parts(0, 3454).saturating_mul(r.into()))
			.saturating_add(Weight::from_parts(0, 3454).saturating_mul(v.into()))
	}
}
