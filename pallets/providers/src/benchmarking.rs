//! Benchmarks of every call, at the largest profile the pallet accepts.

use super::*;

use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Mutate, EnsureOrigin, Get};
use frame_system::RawOrigin;
use sp_runtime::traits::{Bounded, Saturating};
use tensorgrid_primitives::KernelId;

/// Makes what the benchmarks cannot make generically.
pub trait BenchmarkHelper<AccountId, Proof> {
	/// A fresh operator key and its valid proof for `provider` (see `operator_proof_payload`).
	fn operator_with_proof(provider: &AccountId) -> (AccountId, Proof);
}

/// For mocks with `u64` accounts and `TestSignature` proofs: the operator of provider `p`
/// is `p + 1_000_000`.
#[cfg(feature = "std")]
pub struct TestOperators;

#[cfg(feature = "std")]
impl BenchmarkHelper<u64, sp_runtime::testing::TestSignature> for TestOperators {
	fn operator_with_proof(provider: &u64) -> (u64, sp_runtime::testing::TestSignature) {
		let operator = provider + 1_000_000;
		(operator, sp_runtime::testing::TestSignature(operator, crate::operator_proof_payload(provider)))
	}
}

fn max_profile<T: Config>() -> ProfileInput {
	let s = T::MaxStringLen::get() as usize;
	let kernels: Vec<KernelId> =
		KernelId::ALL.iter().copied().take(T::MaxKernels::get() as usize).collect();
	ProfileInput {
		adapter_name: vec![b'a'; s],
		backend: vec![b'b'; s],
		device_type: vec![b'd'; s],
		memory_mib: u32::MAX,
		kernels,
		benchmark_score: u64::MAX,
		endpoint: vec![b'e'; s],
		max_concurrent_jobs: u32::MAX,
	}
}

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	let amount = BalanceOf::<T>::max_value() / 4u32.into();
	T::Currency::set_balance(&who, amount);
	who
}

fn min_stake<T: Config>() -> BalanceOf<T> {
	Parameters::<T>::get().min_provider_stake
}

/// A registered provider with twice the minimum stake.
fn registered<T: Config>() -> T::AccountId {
	let who = funded::<T>("provider", 0);
	Pallet::<T>::register(
		RawOrigin::Signed(who.clone()).into(),
		max_profile::<T>(),
		1u32.into(),
		min_stake::<T>().saturating_mul(2u32.into()),
	)
	.expect("registration works");
	who
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register() {
		let who = funded::<T>("provider", 0);
		let stake = min_stake::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), max_profile::<T>(), 1u32.into(), stake);
		assert!(Providers::<T>::contains_key(&who));
	}

	#[benchmark]
	fn update_profile() {
		let who = registered::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(who), max_profile::<T>());
	}

	#[benchmark]
	fn set_price() {
		let who = registered::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), 7u32.into());
		assert_eq!(Providers::<T>::get(&who).unwrap().price_per_unit, 7u32.into());
	}

	#[benchmark]
	fn bond_extra() {
		let who = registered::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), min_stake::<T>());
	}

	#[benchmark]
	fn unbond() {
		let who = registered::<T>();
		// Worst case: all but one chunk already in use.
		for _ in 1..T::MaxUnbondingChunks::get() {
			Pallet::<T>::bond_extra(RawOrigin::Signed(who.clone()).into(), 2u32.into()).unwrap();
			Pallet::<T>::unbond(RawOrigin::Signed(who.clone()).into(), 1u32.into()).unwrap();
		}
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), 1u32.into());
		assert_eq!(Providers::<T>::get(&who).unwrap().unbonding.len() as u32, T::MaxUnbondingChunks::get());
	}

	#[benchmark]
	fn withdraw_unbonded() {
		let who = registered::<T>();
		Pallet::<T>::deregister(RawOrigin::Signed(who.clone()).into()).unwrap();
		let later = frame_system::Pallet::<T>::block_number()
			.saturating_add(Parameters::<T>::get().unbonding_period);
		frame_system::Pallet::<T>::set_block_number(later);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));
		assert!(!Providers::<T>::contains_key(&who));
	}

	#[benchmark]
	fn deregister() {
		let who = registered::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));
		assert_eq!(Providers::<T>::get(&who).unwrap().status, ProviderStatus::Leaving);
	}

	#[benchmark]
	fn heartbeat() {
		let who = registered::<T>();
		frame_system::Pallet::<T>::set_block_number(
			frame_system::Pallet::<T>::block_number().saturating_add(1u32.into()),
		);
		#[extrinsic_call]
		_(RawOrigin::Signed(who));
	}

	#[benchmark]
	fn pause() {
		let who = registered::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(who));
	}

	#[benchmark]
	fn resume() {
		let who = registered::<T>();
		Pallet::<T>::pause(RawOrigin::Signed(who.clone()).into()).unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(who));
	}

	#[benchmark]
	fn set_parameters() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let params = Parameters::<T>::get();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, params);
		Ok(())
	}

	/// Replace the provider's own operator key by a new one: a proof check, the old key's
	/// removal and both maps written.
	#[benchmark]
	fn set_operator() {
		let who = registered::<T>();
		let (operator, proof) = T::BenchmarkHelper::operator_with_proof(&who);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), operator.clone(), proof);
		assert_eq!(OperatorOf::<T>::get(&who), Some(operator));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}

