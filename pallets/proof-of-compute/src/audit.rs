//! Drawing verifiers for an audit and releasing them afterwards.

use crate::{pallet::*, resolve::ViewOf, types::*};
use alloc::vec::Vec;
use codec::Encode;
use frame_support::{pallet_prelude::*, BoundedVec};
use pallet_jobs::{draw_weight, weighted_pick, JobId, JobsInterface, VerificationPhase};
use pallet_providers::ProviderRegistry;
use sp_runtime::traits::{Bounded, Saturating, Zero};

impl<T: Config> Pallet<T> {
	/// Draw up to `auditors_per_dispute` verifiers among eligible providers that are neither
	/// the submitter nor one of the job's providers, weighted by stake × reputation, and
	/// open the audit. Returns false when nobody could be drawn.
	pub(crate) fn start_audit(
		id: JobId,
		round: &mut RoundOf<T>,
		job: &ViewOf<T>,
		reason: AuditReason,
	) -> bool {
		let params = Parameters::<T>::get();
		let mut candidates: Vec<_> = T::Providers::eligible(job.kernel, BalanceOf::<T>::max_value())
			.into_iter()
			.filter(|c| c.account != job.submitter && !job.slots.iter().any(|s| s.provider == c.account))
			// Only a data DAO's custodians can re-run a job on its dataset: anyone else
			// would fail for want of the bytes and be slashed as silent.
			.filter(|c| job.runners.as_ref().map_or(true, |allowed| allowed.contains(&c.account)))
			// One that declined the job cannot (or would not) run it as a verifier either.
			.filter(|c| !job.dropped.contains(&c.account))
			.collect();
		let seed = Self::random(b"tensorgrid/poc/verifiers", id);
		let mut drawn: Vec<VerifierSlot<T::AccountId>> = Vec::new();
		let wanted = params.auditors_per_dispute.min(T::MaxVerifiers::get()) as usize;
		let mut attempt = 0u32;
		while drawn.len() < wanted && !candidates.is_empty() {
			let weights: Vec<u128> = candidates.iter().map(draw_weight).collect();
			let random = (seed, attempt).using_encoded(sp_io::hashing::blake2_256);
			attempt += 1;
			let Some(pick) = weighted_pick(&weights, random) else { break };
			let verifier = candidates.swap_remove(pick).account;
			if T::Providers::reserve_capacity(&verifier, Zero::zero()).is_err() {
				continue;
			}
			if VerifierAudits::<T>::try_append(&verifier, id).is_err() {
				T::Providers::release_capacity(&verifier, Zero::zero());
				continue;
			}
			drawn.push(VerifierSlot { verifier, commitment: None, verdict: None });
		}
		if drawn.is_empty() {
			return false;
		}
		let deadline = Self::now().saturating_add(params.audit_window);
		if Self::schedule(deadline, id).is_err() {
			let verifiers: Vec<_> = drawn.into_iter().map(|v| v.verifier).collect();
			Self::release_verifiers(id, &verifiers);
			return false;
		}
		let verifiers: Vec<T::AccountId> = drawn.iter().map(|v| v.verifier.clone()).collect();
		round.verifiers = BoundedVec::truncate_from(drawn);
		round.phase = Phase::Auditing { deadline, reason };
		let _ = T::Jobs::set_phase(id, VerificationPhase::Disputed);
		Self::emit(Event::AuditStarted { job: id, reason, verifiers, deadline });
		true
	}

	/// Free the verifiers' capacity and drop the audit from their lists.
	pub(crate) fn release_verifiers(id: JobId, verifiers: &[T::AccountId]) {
		for v in verifiers {
			T::Providers::release_capacity(v, Zero::zero());
			VerifierAudits::<T>::mutate_exists(v, |audits| {
				if let Some(list) = audits {
					list.retain(|j| *j != id);
					if list.is_empty() {
						*audits = None;
					}
				}
			});
		}
	}
}
