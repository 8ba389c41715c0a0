//! Benchmarks of every call and of both resolution paths at their worst case.

use super::*;

use alloc::vec;
use frame_benchmarking::v2::*;
use frame_support::{traits::{EnsureOrigin, Get}, BoundedVec};
use frame_system::RawOrigin;
use pallet_jobs::JobsInterface;
use pallet_providers::ProviderRegistry;
use sp_runtime::Permill;

const HONEST: [u8; 32] = [0xAA; 32];
const WRONG: [u8; 32] = [0xBB; 32];

/// The key that signs `provider`'s node work.
fn operator<T: Config>(provider: &T::AccountId) -> RawOrigin<T::AccountId> {
	RawOrigin::Signed(T::Providers::operator_of(provider).expect("a provider has an operator key"))
}

fn salt() -> [u8; 32] {
	[7; 32]
}

fn set_params<T: Config>(audit_probability: Permill, auditors: u32) {
	let mut p = Parameters::<T>::get();
	p.audit_probability = audit_probability;
	p.auditors_per_dispute = auditors;
	Parameters::<T>::put(p);
}

/// A job with `r` providers that all committed `digests[i]`; reveals are open.
fn committed<T: Config>(r: u32, spare: u32, digest: impl Fn(usize) -> [u8; 32]) -> (JobId, alloc::vec::Vec<T::AccountId>) {
	let (id, providers) = T::BenchmarkHelper::assigned_job(r, spare);
	for (i, p) in providers.iter().enumerate() {
		Pallet::<T>::do_commit(p.clone(), id, commitment_of(&digest(i), p, &salt())).expect("commits");
	}
	(id, providers)
}

/// Every provider reveals; a round waiting for its decision block is decided at once.
fn reveal_all<T: Config>(id: JobId, providers: &[T::AccountId], digest: impl Fn(usize) -> [u8; 32]) {
	for (i, p) in providers.iter().enumerate() {
		Pallet::<T>::do_reveal(p.clone(), id, digest(i), salt(), OutputRef::Artifact(digest(i))).expect("reveals");
	}
	let mut round = Rounds::<T>::get(id).expect("round");
	if matches!(round.phase, Phase::Deciding { .. }) {
		Pallet::<T>::resolve_reveals(id, &mut round);
		Rounds::<T>::insert(id, round);
	}
}

/// A disputed job audited by the most verifiers, none of whom committed yet; the verdict
/// they will give and the verifiers.
fn audited<T: Config>() -> (JobId, Verdict, alloc::vec::Vec<T::AccountId>) {
	let v = T::MaxVerifiers::get().max(2);
	set_params::<T>(Permill::zero(), v);
	let (id, providers) = committed::<T>(2, v, split);
	reveal_all::<T>(id, &providers, split);
	let verifiers = Rounds::<T>::get(id).expect("round").verifiers.iter().map(|s| s.verifier.clone()).collect();
	(id, Verdict::FreivaldsAccepted(HONEST), verifiers)
}

/// Each of `verifiers` commits to `verdict`.
fn commit_verdicts<T: Config>(id: JobId, verdict: Verdict, verifiers: &[T::AccountId]) {
	for who in verifiers {
		Pallet::<T>::do_commit_verdict(who.clone(), id, verdict_commitment_of(&verdict, who, &salt())).expect("commits");
	}
}

/// The first provider honest, the rest wrong.
fn split(i: usize) -> [u8; 32] {
	if i == 0 { HONEST } else { WRONG }
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// The last commitment, which hands the job over and opens reveals.
	#[benchmark]
	fn commit_result() {
		let r = T::MaxReplicas::get();
		let (id, providers) = T::BenchmarkHelper::assigned_job(r, 0);
		let (last, others) = providers.split_last().expect("at least one provider");
		for p in others {
			Pallet::<T>::do_commit(p.clone(), id, commitment_of(&HONEST, p, &salt())).expect("commits");
		}
		let commitment = commitment_of(&HONEST, last, &salt());
		#[extrinsic_call]
		_(operator::<T>(last), id, commitment);
		assert!(matches!(Rounds::<T>::get(id).map(|r| r.phase), Some(Phase::Revealing { .. })));
	}

	/// A reveal with the largest inline output that does not complete the round.
	#[benchmark]
	fn reveal_result() {
		let output = vec![3u8; T::MaxInlineOutput::get() as usize];
		let digest = tensorgrid_primitives::digest_of(&output);
		let (id, providers) = committed::<T>(T::MaxReplicas::get().max(2), 0, |_| digest);
		let who = providers[0].clone();
		#[extrinsic_call]
		_(operator::<T>(&who), id, digest, salt(), OutputRef::Inline(BoundedVec::truncate_from(output)));
		assert_eq!(Rounds::<T>::get(id).map(|r| r.submissions[0].revealed), Some(Some(digest)));
	}

	/// A verdict reveal that does not complete the audit (every verifier committed).
	#[benchmark]
	fn submit_verdict() {
		let (id, verdict, verifiers) = audited::<T>();
		commit_verdicts::<T>(id, verdict, &verifiers);
		#[extrinsic_call]
		_(operator::<T>(&verifiers[0]), id, verdict, salt());
		assert!(matches!(Rounds::<T>::get(id).map(|r| r.phase), Some(Phase::VerdictRevealing { .. })));
	}

	/// The last verdict commitment, which opens verdict reveals.
	#[benchmark]
	fn commit_verdict() {
		let (id, verdict, verifiers) = audited::<T>();
		let (last, others) = verifiers.split_last().expect("two verifiers");
		commit_verdicts::<T>(id, verdict, others);
		let commitment = verdict_commitment_of(&verdict, last, &salt());
		#[extrinsic_call]
		_(operator::<T>(last), id, commitment);
		assert!(matches!(Rounds::<T>::get(id).map(|r| r.phase), Some(Phase::VerdictRevealing { .. })));
	}

	/// The last verifier abstains from the audit of a chained job after the others
	/// committed, which opens verdict reveals.
	#[benchmark]
	fn abstain_audit() {
		let (id, verdict, verifiers) = audited::<T>();
		T::BenchmarkHelper::chain_input(id);
		let (last, others) = verifiers.split_last().expect("two verifiers");
		commit_verdicts::<T>(id, verdict, others);
		#[extrinsic_call]
		_(operator::<T>(last), id);
		assert!(matches!(Rounds::<T>::get(id).map(|r| r.phase), Some(Phase::VerdictRevealing { .. })));
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

	/// `r` revealed results that disagree, `p` registered providers scanned for verifiers:
	/// the audit opens with the most verifiers.
	#[benchmark]
	fn resolve_reveals(
		r: Linear<2, { T::MaxReplicas::get().max(2) }>,
		p: Linear<1, { T::BenchmarkHelper::max_providers().saturating_sub(T::MaxReplicas::get()).max(1) }>,
	) {
		set_params::<T>(Permill::zero(), T::MaxVerifiers::get());
		let (id, providers) = committed::<T>(r, p, split);
		let (last, others) = providers.split_last().expect("two providers");
		reveal_all::<T>(id, others, split);
		let index = providers.len() - 1;
		let mut round = Rounds::<T>::get(id).expect("round");
		round.submissions[index].revealed = Some(split(index));
		let _ = last;
		#[block]
		{
			Pallet::<T>::resolve_reveals(id, &mut round);
		}
		assert!(matches!(round.phase, Phase::Auditing { .. }));
	}

	/// `v` verifiers agree that the first of `r` providers is right: one payment, `r − 1`
	/// slashes shared with every verifier, `v` fee payments.
	#[benchmark]
	fn resolve_audit(r: Linear<2, { T::MaxReplicas::get().max(2) }>, v: Linear<2, { T::MaxVerifiers::get() }>) {
		set_params::<T>(Permill::zero(), v);
		let (id, providers) = committed::<T>(r, v, split);
		reveal_all::<T>(id, &providers, split);
		let mut round = Rounds::<T>::get(id).expect("round");
		assert_eq!(round.verifiers.len() as u32, v);
		for slot in round.verifiers.iter_mut() {
			slot.verdict = Some(Verdict::Recomputed(HONEST));
		}
		#[block]
		{
			Pallet::<T>::resolve_audit(id, &mut round);
		}
		assert_eq!(round.outcome, Some(Outcome::Audited(Some(HONEST))));
		assert!(T::Jobs::job(id).is_some_and(|j| j.state.is_final()));
		assert!(T::Providers::held_stake(&providers[1]) > 0u32.into());
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
