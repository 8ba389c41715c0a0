//! The hooks the jobs pallet calls, and the `ProofApi` views.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use frame_support::{pallet_prelude::*, weights::Weight};
use pallet_jobs::{JobHooks, JobId};
use sp_runtime::traits::Saturating;

impl<T: Config> JobHooks for Pallet<T> {
	/// Every slot committed: open reveals for `reveal_window` blocks.
	fn on_committed(id: JobId) -> Weight {
		let deadline = Self::now().saturating_add(Parameters::<T>::get().reveal_window);
		Rounds::<T>::mutate(id, |round| {
			let round = round.get_or_insert_with(RoundOf::<T>::new);
			round.phase = Phase::Revealing { deadline };
		});
		if Self::schedule(deadline, id).is_err() {
			log::error!(target: "runtime::proof-of-compute", "no deadline slot for job {id}");
		}
		Self::emit(Event::RevealOpened { job: id, deadline });
		T::DbWeight::get().reads_writes(2, 2)
	}

	fn slot_collateral(slot_value: u128, free_stake: u128) -> Option<u128> {
		Pallet::<T>::slot_collateral(slot_value, free_stake)
	}

	fn verification_fee(slot_value: u128) -> u128 {
		Pallet::<T>::verification_fee(slot_value)
	}

	/// The job's record is gone: drop the round and the outputs.
	fn on_pruned(id: JobId) {
		Rounds::<T>::remove(id);
		let _ = Outputs::<T>::clear_prefix(id, T::MaxReplicas::get(), None);
	}
}

impl<T: Config> Pallet<T> {
	/// `ProofApi::round`.
	pub fn api_round(id: JobId) -> Option<RoundSummary<T::AccountId, frame_system::pallet_prelude::BlockNumberFor<T>>> {
		Rounds::<T>::get(id).map(|r| RoundSummary {
			phase: r.phase,
			submissions: r
				.submissions
				.into_iter()
				.map(|s| SubmissionSummary { provider: s.provider, commitment: s.commitment, revealed: s.revealed })
				.collect(),
			verifiers: r.verifiers.into_iter().map(|v| (v.verifier, v.verdict)).collect(),
			outcome: r.outcome,
		})
	}

	/// `ProofApi::audits_for`: open audits `verifier` has not answered.
	pub fn api_audits_for(verifier: T::AccountId) -> Vec<JobId> {
		VerifierAudits::<T>::get(&verifier)
			.into_iter()
			.filter(|id| {
				Rounds::<T>::get(id).is_some_and(|r| {
					r.verifiers.iter().any(|v| v.verifier == verifier && v.verdict.is_none())
				})
			})
			.collect()
	}
}
