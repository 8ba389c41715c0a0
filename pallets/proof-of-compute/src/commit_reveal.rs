//! Commit and reveal: binding each provider to its result before anyone shows theirs.

use crate::{commitment_of, pallet::*, types::*};
use frame_support::pallet_prelude::*;
use sp_runtime::traits::Saturating;
use pallet_jobs::{JobId, JobsInterface};
use tensorgrid_primitives::{digest_of, Digest};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_commit(who: T::AccountId, job: JobId, commitment: Commitment) -> DispatchResult {
		let mut round = Rounds::<T>::get(job).unwrap_or_else(RoundOf::<T>::new);
		ensure!(round.phase == Phase::Committing, Error::<T>::WrongPhase);
		ensure!(round.submission(&who).is_none(), Error::<T>::AlreadyCommitted);
		round
			.submissions
			.try_push(Submission { provider: who.clone(), commitment, revealed: None })
			.map_err(|_| Error::<T>::WrongPhase)?;
		// Stored first: the jobs pallet may hand the job over (and open reveals) right away.
		Rounds::<T>::insert(job, round);
		T::Jobs::note_commit(job, &who)?;
		Self::emit(Event::Committed { job, provider: who, commitment });
		Ok(())
	}

	/// Returns the number of submissions when the reveal completed the round's reveals
	/// (and so resolved it), `None` otherwise.
	pub(crate) fn do_reveal(
		who: T::AccountId,
		job: JobId,
		result_digest: Digest,
		salt: [u8; 32],
		output: OutputOf<T>,
	) -> Result<Option<u32>, DispatchError> {
		let mut round = Rounds::<T>::get(job).ok_or(Error::<T>::WrongPhase)?;
		let Phase::Revealing { deadline } = round.phase else {
			return Err(Error::<T>::WrongPhase.into());
		};
		ensure!(Self::now() <= deadline, Error::<T>::RevealDeadlinePassed);
		let index = round.submission(&who).ok_or(Error::<T>::NotCommitted)?;
		let submission = &mut round.submissions[index];
		ensure!(submission.revealed.is_none(), Error::<T>::AlreadyRevealed);
		ensure!(
			commitment_of(&result_digest, &who, &salt) == submission.commitment,
			Error::<T>::CommitmentMismatch
		);
		if let OutputRef::Inline(bytes) = &output {
			ensure!(digest_of(bytes) == result_digest, Error::<T>::OutputMismatch);
		}
		submission.revealed = Some(result_digest);
		Outputs::<T>::insert(job, &who, output);
		Self::emit(Event::Revealed { job, provider: who, result_digest });
		let complete = round.submissions.iter().all(|s| s.revealed.is_some());
		let count = round.submissions.len() as u32;
		if complete {
			Self::close_reveals(job, &mut round);
		}
		Rounds::<T>::insert(job, round);
		Ok(complete.then_some(count))
	}

	pub(crate) fn do_commit_verdict(who: T::AccountId, job: JobId, commitment: Commitment) -> DispatchResult {
		let mut round = Rounds::<T>::get(job).ok_or(Error::<T>::WrongPhase)?;
		let Phase::Auditing { deadline, reason } = round.phase else {
			return Err(Error::<T>::WrongPhase.into());
		};
		ensure!(Self::now() <= deadline, Error::<T>::WrongPhase);
		let index = round.verifier(&who).ok_or(Error::<T>::NotVerifier)?;
		ensure!(round.verifiers[index].commitment.is_none(), Error::<T>::AlreadyCommitted);
		round.verifiers[index].commitment = Some(commitment);
		Self::emit(Event::VerdictCommitted { job, verifier: who });
		if round.verifiers.iter().all(|v| v.commitment.is_some() || v.verdict.is_some()) {
			Self::open_verdict_reveals(job, &mut round, reason);
		}
		Rounds::<T>::insert(job, round);
		Ok(())
	}

	/// Record an abstention (see `abstain_audit`). Returns `(submissions, verifiers)` when
	/// it ended the audit (nobody committed and nobody else is left to answer).
	pub(crate) fn do_abstain(who: T::AccountId, job: JobId) -> Result<Option<(u32, u32)>, DispatchError> {
		let mut round = Rounds::<T>::get(job).ok_or(Error::<T>::WrongPhase)?;
		let Phase::Auditing { deadline, reason } = round.phase else {
			return Err(Error::<T>::WrongPhase.into());
		};
		ensure!(Self::now() <= deadline, Error::<T>::WrongPhase);
		let index = round.verifier(&who).ok_or(Error::<T>::NotVerifier)?;
		let slot = &round.verifiers[index];
		ensure!(slot.commitment.is_none(), Error::<T>::AlreadyCommitted);
		ensure!(slot.verdict.is_none(), Error::<T>::AlreadyAnswered);
		ensure!(T::Jobs::reads_job_output(job), Error::<T>::CannotAbstain);
		round.verifiers[index].verdict = Some(Verdict::InputUnavailable);
		Self::emit(Event::AuditAbstained { job, verifier: who });
		let mut resolved = None;
		if round.verifiers.iter().all(|v| v.commitment.is_some() || v.verdict.is_some()) {
			if round.verifiers.iter().any(|v| v.commitment.is_some()) {
				Self::open_verdict_reveals(job, &mut round, reason);
			} else {
				resolved = Some((round.submissions.len() as u32, round.verifiers.len() as u32));
				Self::resolve_audit(job, &mut round);
			}
		}
		Rounds::<T>::insert(job, round);
		Ok(resolved)
	}

	/// Returns `(submissions, verifiers)` when the verdict completed the audit (and so
	/// resolved it), `None` otherwise.
	pub(crate) fn do_verdict(
		who: T::AccountId,
		job: JobId,
		verdict: Verdict,
		salt: [u8; 32],
	) -> Result<Option<(u32, u32)>, DispatchError> {
		let mut round = Rounds::<T>::get(job).ok_or(Error::<T>::WrongPhase)?;
		let Phase::VerdictRevealing { deadline, .. } = round.phase else {
			return Err(Error::<T>::WrongPhase.into());
		};
		ensure!(Self::now() <= deadline, Error::<T>::WrongPhase);
		ensure!(verdict.is_answer(), Error::<T>::AbstentionIsNotAVerdict);
		let index = round.verifier(&who).ok_or(Error::<T>::NotVerifier)?;
		let slot = &round.verifiers[index];
		let commitment = slot.commitment.ok_or(Error::<T>::NotCommitted)?;
		ensure!(slot.verdict.is_none(), Error::<T>::AlreadyAnswered);
		ensure!(
			crate::verdict_commitment_of(&verdict, &who, &salt) == commitment,
			Error::<T>::CommitmentMismatch
		);
		if !matches!(verdict, Verdict::Recomputed(_)) {
			let kernel = T::Jobs::job(job).ok_or(Error::<T>::WrongPhase)?.kernel;
			ensure!(kernel.supports_freivalds(), Error::<T>::FreivaldsNotSupported);
		}
		if let Verdict::FreivaldsAccepted(d) = verdict {
			ensure!(
				round.submissions.iter().any(|s| s.revealed == Some(d)),
				Error::<T>::UnknownDigest
			);
		}
		round.verifiers[index].verdict = Some(verdict);
		Self::emit(Event::VerdictSubmitted { job, verifier: who, verdict });
		let complete =
			round.verifiers.iter().filter(|v| v.commitment.is_some()).all(|v| v.verdict.is_some());
		let sizes = (round.submissions.len() as u32, round.verifiers.len() as u32);
		if complete {
			Self::resolve_audit(job, &mut round);
		}
		Rounds::<T>::insert(job, round);
		Ok(complete.then_some(sizes))
	}

	/// Verdict commitments are closed: committed verifiers reveal within `reveal_window`.
	pub(crate) fn open_verdict_reveals(job: JobId, round: &mut RoundOf<T>, reason: AuditReason) {
		let deadline = Self::now().saturating_add(Parameters::<T>::get().reveal_window);
		if Self::schedule(deadline, job).is_err() {
			log::warn!(target: "runtime::proof-of-compute", "no deadline slot for the verdicts of job {job}; deciding now");
			return Self::resolve_audit(job, round);
		}
		round.phase = Phase::VerdictRevealing { deadline, reason };
		Self::emit(Event::VerdictRevealOpened { job, deadline });
	}
}
