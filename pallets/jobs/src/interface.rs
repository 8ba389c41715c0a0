//! The jobs pallet as the settlement pallet and the runtime API see it.

use crate::{pallet::*, traits::*, types::*};
use alloc::vec::Vec;
use frame_support::pallet_prelude::*;
use frame_system::pallet_prelude::BlockNumberFor;

impl<T: Config> JobsInterface<T::AccountId, BalanceOf<T>, BlockNumberFor<T>> for Pallet<T> {
	fn job(id: JobId) -> Option<JobView<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>> {
		Jobs::<T>::get(id).map(|job| JobView {
			kernel: job.kernel(),
			submitter: job.submitter,
			work_units: job.work_units,
			max_price_per_unit: job.max_price_per_unit,
			escrow: job.escrow,
			verification_fee: job.verification_fee,
			state: job.state,
			deadline: job.deadline,
			dropped: job.dropped.into_inner(),
			slots: job.slots.into_inner(),
			runners: JobAccess::<T>::get(id).map(|ticket| T::DataAccess::custodians(&ticket)),
		})
	}

	fn reads_job_output(id: JobId) -> bool {
		JobInputs::<T>::get(id).is_some_and(|inputs| inputs.iter().any(|i| i.is_job_output()))
	}

	fn note_commit(id: JobId, who: &T::AccountId) -> DispatchResult {
		let mut job = Jobs::<T>::get(id).ok_or(Error::<T>::JobNotFound)?;
		ensure!(job.state.awaits_providers(), Error::<T>::WrongState);
		let index = job.slot_of(who).ok_or(Error::<T>::NotAssigned)?;
		let slot = &mut job.slots[index];
		ensure!(!slot.committed, Error::<T>::AlreadyCommitted);
		ensure!(Self::now() <= slot.commit_deadline, Error::<T>::CommitDeadlinePassed);
		slot.committed = true;
		Self::emit(Event::ResultCommitted { job: id, provider: who.clone() });
		let done = job.fully_committed();
		if done {
			Self::hand_over(id, &mut job);
		}
		Jobs::<T>::insert(id, job);
		if done {
			T::Settlement::on_committed(id);
		}
		Ok(())
	}

	fn assigned_count(who: &T::AccountId) -> u32 {
		ProviderJobs::<T>::decode_len(who).unwrap_or(0) as u32
	}

	fn set_phase(id: JobId, phase: VerificationPhase) -> DispatchResult {
		Jobs::<T>::try_mutate(id, |job| {
			let job = job.as_mut().ok_or(Error::<T>::JobNotFound)?;
			ensure!(job.state.in_verification(), Error::<T>::WrongState);
			job.state = match phase {
				VerificationPhase::Revealed => JobState::Revealed,
				VerificationPhase::Disputed => JobState::Disputed,
			};
			Ok::<_, DispatchError>(())
		})?;
		Self::emit(Event::PhaseChanged { job: id, phase });
		Ok(())
	}

	fn pay(id: JobId, to: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		let mut job = Jobs::<T>::get(id).ok_or(Error::<T>::JobNotFound)?;
		ensure!(job.state.in_verification(), Error::<T>::WrongState);
		Self::pay_out(id, &mut job, to, amount)?;
		Jobs::<T>::insert(id, job);
		Ok(())
	}

	fn finish(id: JobId, outcome: JobOutcome) -> Result<BalanceOf<T>, DispatchError> {
		let mut job = Jobs::<T>::get(id).ok_or(Error::<T>::JobNotFound)?;
		ensure!(job.state.in_verification(), Error::<T>::WrongState);
		let refund = match outcome {
			JobOutcome::Settled(digest) => {
				job.result_digest = Some(digest);
				Self::pay_access_fee(id, &mut job);
				let refund = Self::conclude(id, &mut job, JobState::Settled)?;
				Self::emit(Event::JobSettled { job: id, result_digest: digest, paid: job.paid, refund });
				refund
			},
			JobOutcome::Refunded => {
				let refund = Self::conclude(id, &mut job, JobState::Refunded)?;
				Self::emit(Event::JobRefunded { job: id, refund });
				refund
			},
		};
		Jobs::<T>::insert(id, job);
		Ok(refund)
	}
}

impl<T: Config> Pallet<T> {
	/// The API view of a job.
	pub fn summary(id: JobId, job: JobOf<T>) -> SummaryOf<T> {
		JobSummary {
			id,
			kernel: job.kernel(),
			output_len: job.spec.output_size(),
			submitter: job.submitter,
			spec: job.spec,
			replicas: job.replicas,
			max_price_per_unit: job.max_price_per_unit,
			work_units: job.work_units,
			escrow: job.escrow,
			deposit: job.deposit,
			verification_fee: job.verification_fee,
			paid: job.paid,
			refunded: job.refunded,
			submitted_at: job.submitted_at,
			deadline: job.deadline,
			state: job.state,
			providers: job
				.slots
				.into_iter()
				.map(|s| SlotSummary {
					provider: s.provider,
					price_per_unit: s.price_per_unit,
					commit_deadline: s.commit_deadline,
					committed: s.committed,
					collateral: s.collateral,
				})
				.collect(),
			result_digest: job.result_digest,
			finished_at: job.finished_at,
		}
	}

	/// `JobsApi::job`.
	pub fn api_job(id: JobId) -> Option<SummaryOf<T>> {
		Jobs::<T>::get(id).map(|job| Self::summary(id, job))
	}

	fn summaries(ids: impl IntoIterator<Item = JobId>) -> Vec<SummaryOf<T>> {
		ids.into_iter().filter_map(Self::api_job).collect()
	}

	/// `JobsApi::jobs_by_submitter`.
	pub fn api_jobs_by_submitter(who: T::AccountId) -> Vec<SummaryOf<T>> {
		Self::summaries(SubmitterJobs::<T>::get(who))
	}

	/// `JobsApi::jobs_by_provider`.
	pub fn api_jobs_by_provider(who: T::AccountId) -> Vec<SummaryOf<T>> {
		Self::summaries(ProviderJobs::<T>::get(who))
	}

	/// `JobsApi::pending_jobs`.
	pub fn api_pending_jobs() -> Vec<JobId> {
		PendingQueue::<T>::get().into_inner()
	}
}
