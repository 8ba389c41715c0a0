//! Every movement of a job's escrow: payments, refunds, and finishing a job. Each one
//! moves held funds to a named account and updates the job's `escrow`, `paid` and
//! `refunded` together with `TotalEscrow`, so `escrow + paid + refunded` never changes.

use crate::{
	pallet::*,
	traits::{DataAccess, JobHooks},
	types::*,
};
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision, Restriction},
	},
};
use crate::weights::WeightInfo;
use frame_support::weights::Weight;
use frame_system::pallet_prelude::BlockNumberFor;
use pallet_providers::ProviderRegistry;
use sp_runtime::traits::{CheckedAdd, CheckedSub, Saturating, Zero};

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

	/// A settled job on a dataset pays its access fee to the DAO, out of its escrow. Should
	/// the transfer fail, nothing of it happened and the fee is refunded with the rest.
	pub(crate) fn pay_access_fee(id: JobId, job: &mut JobOf<T>) {
		let Some(ticket) = JobAccess::<T>::get(id) else { return };
		// Proof of compute pays only providers and verifiers, from the part of the escrow
		// that is theirs: the fee is still there.
		let fee = ticket.fee.min(job.escrow);
		let mut paying = job.clone();
		let paid = if fee.is_zero() {
			fee
		} else {
			match frame_support::storage::with_storage_layer(|| {
				Self::pay_out(id, &mut paying, &ticket.recipient, fee)
			}) {
				Ok(()) => {
					*job = paying;
					fee
				},
				Err(e) => {
					log::error!(target: "runtime::jobs", "paying the access fee of job {id}: {e:?}");
					Zero::zero()
				},
			}
		};
		T::DataAccess::on_settled(&ticket, paid);
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
			Self::unassign(id, &slot.provider, slot.collateral);
		}
		if let Some(inputs) = JobInputs::<T>::get(id) {
			Self::reference_artifacts(&inputs, false);
		}
		if state != JobState::Settled {
			if let Some(ticket) = JobAccess::<T>::get(id) {
				T::DataAccess::on_refunded(&ticket, job.slots.iter().any(|s| s.committed));
			}
		}
		PendingQueue::<T>::mutate(|q| q.retain(|j| *j != id));
		OpenJobs::<T>::mutate_exists(&job.submitter, |open| {
			*open = open.and_then(|n| n.checked_sub(1)).filter(|n| *n > 0);
		});
		// A finished job's deadline timer has nothing left to do: leaving it would let
		// submit-and-cancel pairs fill the timer lists of chosen blocks.
		Timers::<T>::mutate_exists(job.deadline_timer, |timers| {
			if let Some(list) = timers {
				list.retain(|t| *t != (id, TimerKind::Deadline));
				if list.is_empty() {
					*timers = None;
				}
			}
		});
		let now = Self::now();
		job.state = state;
		job.finished_at = Some(now);
		let prune_at = now.saturating_add(Parameters::<T>::get().retention);
		let tail = PruneTail::<T>::get();
		PruneQueue::<T>::insert(tail, (prune_at, id));
		PruneTail::<T>::put(tail.saturating_add(1));
		Ok(refund)
	}

	/// Free `provider`'s capacity and the collateral its slot of job `id` took.
	pub(crate) fn unassign(id: JobId, provider: &T::AccountId, collateral: BalanceOf<T>) {
		T::Providers::release_capacity(provider, collateral);
		ProviderJobs::<T>::mutate_exists(provider, |jobs| {
			if let Some(list) = jobs {
				list.retain(|j| *j != id);
				if list.is_empty() {
					*jobs = None;
				}
			}
		});
	}

	/// Prune the finished jobs whose retention has passed, oldest first, at most
	/// `MaxTimersPerBlock` per block; the rest wait for the next block.
	pub(crate) fn prune_due(now: BlockNumberFor<T>) -> Weight {
		let (mut head, tail) = (PruneHead::<T>::get(), PruneTail::<T>::get());
		let mut weight = T::DbWeight::get().reads(2);
		let mut pruned = 0;
		while head < tail && pruned < T::MaxTimersPerBlock::get() {
			let Some((at, id)) = PruneQueue::<T>::get(head) else {
				head += 1;
				continue;
			};
			if at > now {
				break;
			}
			PruneQueue::<T>::remove(head);
			Self::prune(id);
			weight.saturating_accrue(T::WeightInfo::prune_job());
			head += 1;
			pruned += 1;
		}
		PruneHead::<T>::put(head);
		weight.saturating_add(T::DbWeight::get().writes(1))
	}

	/// Remove a finished job's record.
	pub(crate) fn prune(id: JobId) {
		let Some(job) = Jobs::<T>::get(id) else { return };
		if !job.state.is_final() {
			return;
		}
		Jobs::<T>::remove(id);
		JobInputs::<T>::remove(id);
		JobAccess::<T>::remove(id);
		if let Err(e) =
			T::Currency::release(&HoldReason::JobDeposit.into(), &job.submitter, job.deposit, Precision::Exact)
		{
			log::error!(target: "runtime::jobs", "releasing the deposit of job {id}: {e:?}");
		}
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
