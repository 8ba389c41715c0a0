//! Every movement of a job's escrow: payments, refunds, and finishing a job. Each one
//! moves held funds to a named account and updates the job's `escrow`, `paid` and
//! `refunded` together with `TotalEscrow`, so `escrow + paid + refunded` never changes.

use crate::{pallet::*, traits::JobHooks, types::*};
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision, Restriction},
	},
};
use pallet_providers::ProviderRegistry;
use sp_runtime::traits::{CheckedAdd, CheckedSub, Saturating};

impl<T: Config> Pallet<T> {
	fn take_from_escrow(job: &mut JobOf<T>, amount: BalanceOf<T>) -> Result<(), Error<T>> {
		job.escrow = job.escrow.checked_sub(&amount).ok_or(Error::<T>::EscrowExceeded)?;
		TotalEscrow::<T>::mutate(|t| *t = t.saturating_sub(amount));
		Ok(())
	}

	/// Return `amount` of the job's escrow to its submitter.
	pub(crate) fn refund(job: &mut JobOf<T>, amount: BalanceOf<T>) -> DispatchResult {
		Self::take_from_escrow(job, amount)?;
		T::Currency::release(&HoldReason::JobEscrow.into(), &job.submitter, amount, Precision::Exact)?;
		job.refunded = job.refunded.checked_add(&amount).ok_or(Error::<T>::Overflow)?;
		Ok(())
	}

	/// Pay `amount` of the job's escrow to `to`.
	pub(crate) fn pay_out(
		id: JobId,
		job: &mut JobOf<T>,
		to: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		Self::take_from_escrow(job, amount)?;
		T::Currency::transfer_on_hold(
			&HoldReason::JobEscrow.into(),
			&job.submitter,
			to,
			amount,
			Precision::Exact,
			Restriction::Free,
			Fortitude::Polite,
		)?;
		job.paid = job.paid.checked_add(&amount).ok_or(Error::<T>::Overflow)?;
		Self::emit(Event::EscrowPaid { job: id, to: to.clone(), amount });
		Ok(())
	}

	/// Finish a job in `state`: refund the rest of the escrow, free its providers' capacity,
	/// stop counting it as a reader of its artifacts, and schedule its record's removal.
	/// Returns the refund.
	pub(crate) fn conclude(
		id: JobId,
		job: &mut JobOf<T>,
		state: JobState,
	) -> Result<BalanceOf<T>, DispatchError> {
		debug_assert!(state.is_final());
		let refund = job.escrow;
		Self::refund(job, refund)?;
		for slot in job.slots.iter() {
			Self::unassign(id, &slot.provider);
		}
		if let Some(inputs) = JobInputs::<T>::get(id) {
			Self::reference_artifacts(&inputs, false);
		}
		PendingQueue::<T>::mutate(|q| q.retain(|j| *j != id));
		let now = Self::now();
		job.state = state;
		job.finished_at = Some(now);
		let prune_at = now.saturating_add(Parameters::<T>::get().retention);
		if Self::schedule(prune_at, id, TimerKind::Prune).is_err() {
			// The record stays readable; nothing is owed on it any more.
			log::warn!(target: "runtime::jobs", "no timer slot to prune job {id}");
		}
		Ok(refund)
	}

	/// Free `provider`'s capacity taken by job `id`.
	pub(crate) fn unassign(id: JobId, provider: &T::AccountId) {
		T::Providers::release_capacity(provider);
		ProviderJobs::<T>::mutate_exists(provider, |jobs| {
			if let Some(list) = jobs {
				list.retain(|j| *j != id);
				if list.is_empty() {
					*jobs = None;
				}
			}
		});
	}

	/// Remove a finished job's record.
	pub(crate) fn prune(id: JobId) {
		let Some(job) = Jobs::<T>::get(id) else { return };
		if !job.state.is_final() {
			return;
		}
		Jobs::<T>::remove(id);
		JobInputs::<T>::remove(id);
		SubmitterJobs::<T>::mutate_exists(&job.submitter, |jobs| {
			if let Some(list) = jobs {
				list.retain(|j| *j != id);
				if list.is_empty() {
					*jobs = None;
				}
			}
		});
		T::Settlement::on_pruned(id);
		Self::emit(Event::JobPruned { job: id });
	}
}
