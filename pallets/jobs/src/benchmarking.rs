//! Benchmarks of every call and of the per-block work (matching one job against `p`
//! providers, dropping `r` providers that missed their commitment, pruning a job).

use super::*;

use crate::traits::BenchmarkHelper;
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungible::Mutate, EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_runtime::traits::{Bounded, One, Saturating};
use tensorgrid_primitives::{
	kernels::{MlpLayer, MlpShape, Requant, MAX_MLP_LAYERS},
	KernelSpec,
};

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	T::Currency::set_balance(&who, BalanceOf::<T>::max_value() / 4u32.into());
	who
}

/// The spec with the most inputs: an 8-layer MLP of width 8 (17 inputs of 8, 64 or 32 bytes).
fn widest_spec() -> KernelSpec {
	let layer = MlpLayer { d_out: 8, requant: Requant { multiplier: 1 << 30, shift: 31 } };
	KernelSpec::MlpInferenceI8(MlpShape {
		batch: 1,
		d_in: 8,
		layers: BoundedVec::truncate_from(vec![layer; MAX_MLP_LAYERS as usize]),
	})
}

/// Inputs for `spec`: the first `artifacts` stored as artifacts by `owner`, the rest inline.
fn inputs_for<T: Config>(spec: &KernelSpec, artifacts: u32, owner: &T::AccountId) -> InputsOf<T> {
	let inputs: Vec<InputRef<T::MaxInlineInputLen>> = spec
		.input_sizes()
		.into_iter()
		.enumerate()
		.map(|(i, len)| {
			// Distinct contents, so every artifact has its own hash.
			let mut data = vec![i as u8; len as usize];
			data[0] = 0xA0 ^ i as u8;
			if (i as u32) < artifacts {
				let hash = tensorgrid_primitives::digest_of(&data);
				Pallet::<T>::do_store_artifact(owner.clone(), data).expect("artifact stores");
				InputRef::Artifact(hash)
			} else {
				InputRef::Inline(BoundedVec::truncate_from(data))
			}
		})
		.collect();
	BoundedVec::truncate_from(inputs)
}

fn deadline<T: Config>() -> BlockNumberFor<T> {
	// Some room beyond one commit window: the benchmark harness may move the block on.
	let params = Parameters::<T>::get();
	let room = params.commit_window.saturating_mul(2u32.into()).min(params.max_job_duration);
	frame_system::Pallet::<T>::block_number().saturating_add(room)
}

/// Fill every other job slot of the submitter's index and of the pending queue, so the
/// benchmarked call reads and writes them at their largest.
fn crowd<T: Config>(submitter: &T::AccountId) {
	let fillers = T::MaxJobsPerSubmitter::get().saturating_sub(1) as u64;
	SubmitterJobs::<T>::insert(submitter, BoundedVec::truncate_from((1_000_000..1_000_000 + fillers).collect()));
	let queued = T::MaxPendingJobs::get().saturating_sub(1) as u64;
	PendingQueue::<T>::put(BoundedVec::truncate_from((2_000_000..2_000_000 + queued).collect::<Vec<_>>()));
}

/// A submitted one-input-inline matmul job with `replicas` at a high price.
fn submitted<T: Config>(submitter: &T::AccountId, replicas: u32) -> JobId {
	let spec = KernelSpec::MatmulI8(tensorgrid_primitives::kernels::MatmulShape { m: 2, k: 3, n: 2 });
	let inputs = inputs_for::<T>(&spec, 0, submitter);
	Pallet::<T>::do_submit(submitter.clone(), spec, inputs, replicas, 1_000u32.into(), deadline::<T>())
		.expect("job submits")
}

/// The first block at which providers registered now can be drawn.
fn drawable_at<T: Config>() -> BlockNumberFor<T> {
	use pallet_providers::ProviderRegistry;
	let delay = T::Providers::draw_delay().max(1);
	frame_system::Pallet::<T>::block_number().saturating_add(delay.into())
}

fn providers<T: Config>(count: u32) {
	for i in 0..count {
		T::BenchmarkHelper::register_provider(&account("provider", i, 0), 1u32.into());
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn store_artifact(b: Linear<1, { T::MaxArtifactSize::get() }>) {
		let who = funded::<T>("owner", 0);
		let data = vec![7u8; b as usize];
		let hash = tensorgrid_primitives::digest_of(&data);
		#[extrinsic_call]
		_(RawOrigin::Signed(who), data);
		assert!(Artifacts::<T>::contains_key(hash));
	}

	#[benchmark]
	fn remove_artifact() {
		let who = funded::<T>("owner", 0);
		let data = vec![7u8; T::MaxArtifactSize::get() as usize];
		let hash = tensorgrid_primitives::digest_of(&data);
		Pallet::<T>::do_store_artifact(who.clone(), data).expect("artifact stores");
		#[extrinsic_call]
		_(RawOrigin::Signed(who), hash);
		assert!(!Artifacts::<T>::contains_key(hash));
	}

	#[benchmark]
	fn submit_job(i: Linear<0, { 1 + 2 * MAX_MLP_LAYERS }>) {
		let who = funded::<T>("submitter", 0);
		let spec = widest_spec();
		let inputs = inputs_for::<T>(&spec, i, &who);
		crowd::<T>(&who);
		let id = NextJobId::<T>::get();
		#[extrinsic_call]
		_(RawOrigin::Signed(who), spec, inputs, T::MaxReplicas::get(), 1_000u32.into(), deadline::<T>());
		assert!(Jobs::<T>::contains_key(id));
	}

	#[benchmark]
	fn cancel_job() {
		let who = funded::<T>("submitter", 0);
		crowd::<T>(&who);
		let id = submitted::<T>(&who, T::MaxReplicas::get());
		#[extrinsic_call]
		_(RawOrigin::Signed(who), id);
		assert_eq!(Jobs::<T>::get(id).map(|j| j.state), Some(JobState::Cancelled));
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

	/// One pending job with the most replicas, matched against `p` registered providers.
	#[benchmark]
	fn match_job(p: Linear<{ T::MaxReplicas::get() }, { T::BenchmarkHelper::max_providers() }>) {
		providers::<T>(p);
		let who = funded::<T>("submitter", 0);
		let replicas = T::MaxReplicas::get();
		let id = submitted::<T>(&who, replicas);
		let now = drawable_at::<T>();
		frame_system::Pallet::<T>::set_block_number(now);
		#[block]
		{
			Pallet::<T>::match_pending(now);
		}
		assert_eq!(Jobs::<T>::get(id).map(|j| j.slots.len() as u32), Some(replicas));
	}

	/// A job whose `r` providers all missed the commit deadline with no time left: each is
	/// slashed and unassigned, and the job expires with a refund.
	#[benchmark]
	fn commit_timeout(r: Linear<1, { T::MaxReplicas::get() }>) {
		providers::<T>(r);
		let who = funded::<T>("submitter", 0);
		let id = submitted::<T>(&who, r);
		let now = drawable_at::<T>();
		frame_system::Pallet::<T>::set_block_number(now);
		Pallet::<T>::match_pending(now);
		// Past the job's deadline: nothing can be reassigned, so the job expires.
		let late = Jobs::<T>::get(id).expect("job exists").deadline.saturating_add(One::one());
		frame_system::Pallet::<T>::set_block_number(late);
		#[block]
		{
			Pallet::<T>::check_timeouts(id, late);
		}
		assert_eq!(Jobs::<T>::get(id).map(|j| j.state), Some(JobState::Expired));
	}

	/// The only provider of a job with the most replicas leaves its slot, signed by its
	/// operator key: the job is offered again.
	#[benchmark]
	fn decline_job() {
		providers::<T>(1);
		let who = funded::<T>("submitter", 0);
		let id = submitted::<T>(&who, T::MaxReplicas::get());
		let now = drawable_at::<T>();
		frame_system::Pallet::<T>::set_block_number(now);
		Pallet::<T>::match_pending(now);
		let slots = Jobs::<T>::get(id).expect("job exists").slots;
		assert_eq!(slots.len(), 1);
		let operator = {
			use pallet_providers::ProviderRegistry;
			T::Providers::operator_of(&slots[0].provider).expect("a provider has an operator key")
		};
		#[extrinsic_call]
		_(RawOrigin::Signed(operator), id);
		assert_eq!(Jobs::<T>::get(id).map(|j| j.slots.len()), Some(0));
	}

	#[benchmark]
	fn prune_job() {
		let who = funded::<T>("submitter", 0);
		crowd::<T>(&who);
		let id = submitted::<T>(&who, 1);
		Pallet::<T>::do_cancel(who, id).expect("cancels");
		#[block]
		{
			Pallet::<T>::prune(id);
		}
		assert!(!Jobs::<T>::contains_key(id));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
