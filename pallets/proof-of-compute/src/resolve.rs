//! Deciding a round: settle on agreement, audit on disagreement or by chance, and turn the
//! verifiers' verdicts into payments and slashes.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use frame_system::pallet_prelude::BlockNumberFor;
use frame_support::traits::Get;
use pallet_jobs::{JobId, JobOutcome, JobView, JobsInterface};
use pallet_providers::ProviderRegistry;
use sp_runtime::{traits::Zero, Permill};
use tensorgrid_primitives::Digest;

pub(crate) type ViewOf<T> =
	JobView<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

/// Distinct values of `items`, in first-seen order.
fn distinct<X: PartialEq + Copy>(items: impl IntoIterator<Item = X>) -> Vec<X> {
	let mut out = Vec::new();
	for x in items {
		if !out.contains(&x) {
			out.push(x);
		}
	}
	out
}

impl<T: Config> Pallet<T> {
	/// Reveals are complete or their deadline passed.
	pub(crate) fn resolve_reveals(id: JobId, round: &mut RoundOf<T>) {
		let Some(job) = T::Jobs::job(id) else {
			round.phase = Phase::Finished;
			return;
		};
		let revealed: Vec<(T::AccountId, Digest)> = round
			.submissions
			.iter()
			.filter_map(|s| s.revealed.map(|d| (s.provider.clone(), d)))
			.collect();
		let silent: Vec<T::AccountId> =
			round.submissions.iter().filter(|s| s.revealed.is_none()).map(|s| s.provider.clone()).collect();
		let digests = distinct(revealed.iter().map(|(_, d)| *d));
		match digests.as_slice() {
			[] => {
				Self::slash_all(id, &job, &silent, Zero::zero(), &[]);
				Self::finish(id, round, Outcome::NoReveals, JobOutcome::Refunded);
			},
			[digest] => {
				// Agreeing replicas are audited too (they may be one operator's accounts),
				// with a probability that makes a lie cost more than it pays.
				let revealers: Vec<_> = revealed.iter().map(|(p, _)| p.clone()).collect();
				let spot_check = Self::draw_permill(id) < Self::audit_probability_for(&job, &revealers);
				if spot_check && Self::start_audit(id, round, &job, AuditReason::Random) {
					return;
				}
				// Unopposed and not audited (or no verifier to audit it): it stands.
				let winners: Vec<_> = revealed.iter().map(|(p, _)| p.clone()).collect();
				Self::pay_providers(id, &job, &winners);
				Self::slash_all(id, &job, &silent, Zero::zero(), &[]);
				Self::finish(id, round, Outcome::Agreed(*digest), JobOutcome::Settled(*digest));
			},
			_ => {
				if Self::start_audit(id, round, &job, AuditReason::Disagreement) {
					return;
				}
				// Nobody can tell who is right: refund, slash only those who never revealed.
				Self::slash_all(id, &job, &silent, Zero::zero(), &[]);
				Self::finish(id, round, Outcome::NoVerifiers, JobOutcome::Refunded);
			},
		}
	}

	/// Every verifier answered or the audit deadline passed. A verdict decides only when at
	/// least two verifiers agree on it and outnumber every other answer: no single verifier
	/// decides alone. Silent verifiers lose `verifier_silence_slash`, verifiers whose answer
	/// the decision rejects lose `slash_fraction`, both to the treasury.
	pub(crate) fn resolve_audit(id: JobId, round: &mut RoundOf<T>) {
		let reason = round.phase.audit_reason().unwrap_or(AuditReason::Disagreement);
		let verifiers: Vec<T::AccountId> = round.verifiers.iter().map(|v| v.verifier.clone()).collect();
		Self::release_verifiers(id, &verifiers);
		let Some(job) = T::Jobs::job(id) else {
			round.phase = Phase::Finished;
			return;
		};
		let params = Parameters::<T>::get();
		let answered: Vec<(T::AccountId, Verdict)> = round
			.verifiers
			.iter()
			.filter_map(|v| v.verdict.filter(|verdict| verdict.is_answer()).map(|verdict| (v.verifier.clone(), verdict)))
			.collect();
		// Verifiers that could not obtain the job's inputs: neither paid nor slashed.
		let abstained = round.verifiers.iter().any(|v| v.verdict.is_some_and(|verdict| !verdict.is_answer()));
		let treasury = [T::Treasury::get()];
		for v in round.verifiers.iter().filter(|v| v.verdict.is_none()) {
			T::Providers::record_failure(&v.verifier);
			Self::slash_to(id, &v.verifier, params.verifier_silence_slash, &treasury[0]);
		}
		let silent: Vec<T::AccountId> =
			round.submissions.iter().filter(|s| s.revealed.is_none()).map(|s| s.provider.clone()).collect();
		let Some(truth) = Self::majority(&answered) else {
			Self::slash_all(id, &job, &silent, Zero::zero(), &[]);
			let unopposed = distinct(round.submissions.iter().filter_map(|s| s.revealed));
			match (reason, unopposed.as_slice()) {
				// A spot check that could not decide leaves the unopposed result standing,
				// unless verifiers abstained: a provider that alone holds a chained job's
				// input must not make its result uncheckable and still be paid for it.
				(AuditReason::Random, [digest]) if !abstained => {
					let winners: Vec<_> = round
						.submissions
						.iter()
						.filter(|s| s.revealed.is_some())
						.map(|s| s.provider.clone())
						.collect();
					Self::pay_providers(id, &job, &winners);
					Self::finish(id, round, Outcome::Agreed(*digest), JobOutcome::Settled(*digest));
				},
				// Disagreement nobody could settle, or a spot check abstentions left
				// undecided: the safe default is a full refund.
				_ => Self::finish(id, round, Outcome::Undecided, JobOutcome::Refunded),
			}
			return;
		};
		let (majority, minority): (Vec<_>, Vec<_>) =
			answered.iter().cloned().partition(|(_, v)| v.truth() == truth);
		for (v, _) in &minority {
			T::Providers::record_failure(v);
			Self::slash_to(id, v, params.slash_fraction, &treasury[0]);
		}
		let paid_verifiers: Vec<T::AccountId> = majority.into_iter().map(|(v, _)| v).collect();
		let fee_paid = Self::pay_verifiers(id, &job, &paid_verifiers);
		let (winners, mut losers): (Vec<_>, Vec<_>) = round
			.submissions
			.iter()
			.filter(|s| s.revealed.is_some())
			.map(|s| (s.provider.clone(), s.revealed))
			.partition(|(_, d)| truth.is_some() && *d == truth);
		let winners: Vec<T::AccountId> = winners.into_iter().map(|(p, _)| p).collect();
		let mut all_losers: Vec<T::AccountId> = losers.drain(..).map(|(p, _)| p).collect();
		all_losers.extend(silent);
		Self::pay_providers(id, &job, &winners);
		Self::slash_all(id, &job, &all_losers, fee_paid, &paid_verifiers);
		match truth {
			Some(digest) if !winners.is_empty() =>
				Self::finish(id, round, Outcome::Audited(truth), JobOutcome::Settled(digest)),
			_ => Self::finish(id, round, Outcome::Audited(truth), JobOutcome::Refunded),
		}
	}

	/// The answer at least two verifiers gave and more than half of those who answered.
	fn majority(answered: &[(T::AccountId, Verdict)]) -> Option<Option<Digest>> {
		let truths = distinct(answered.iter().map(|(_, v)| v.truth()));
		truths.into_iter().find(|t| {
			let count = answered.iter().filter(|(_, v)| v.truth() == *t).count();
			count >= 2 && 2 * count > answered.len()
		})
	}

	fn finish(id: JobId, round: &mut RoundOf<T>, outcome: Outcome, job_outcome: JobOutcome) {
		round.phase = Phase::Finished;
		round.outcome = Some(outcome);
		if let Err(e) = T::Jobs::finish(id, job_outcome) {
			log::error!(target: "runtime::proof-of-compute", "finishing job {id} failed: {e:?}");
		}
		Self::emit(Event::RoundFinished { job: id, outcome });
	}

	/// A uniform draw in per-million for job `id`'s spot check.
	fn draw_permill(id: JobId) -> Permill {
		let r = Self::random(b"tensorgrid/poc/audit", id);
		let x = u32::from_le_bytes([r[0], r[1], r[2], r[3]]) % 1_000_000;
		Permill::from_parts(x)
	}

	/// Slot of `who` in `job`.
	pub(crate) fn slot_price(job: &ViewOf<T>, who: &T::AccountId) -> Option<BalanceOf<T>> {
		job.slots.iter().find(|s| &s.provider == who).map(|s| s.price_per_unit)
	}
}
