//! Timers: commit deadlines and job deadlines, kept per block so each block does a
//! bounded amount of timeout work (pruning has its own queue, see `escrow.rs`).

use crate::{pallet::*, traits::JobHooks, types::*, weights::WeightInfo};
use frame_system::pallet_prelude::BlockNumberFor;
use frame_support::{pallet_prelude::*, weights::Weight};
use pallet_providers::{ProviderRegistry, SlashAmount};
use sp_runtime::traits::{Saturating, Zero};

impl<T: Config> Pallet<T> {
	/// Schedule `kind` for job `id` at block `at`, or the first later block with room
	/// (at most `MaxTimerSlip` blocks later). A late timer only delays the timeout; the
	/// deadlines themselves are checked against the job record.
	pub(crate) fn schedule(
		at: BlockNumberFor<T>,
		id: JobId,
		kind: TimerKind,
	) -> Result<BlockNumberFor<T>, Error<T>> {
		for slip in 0..=T::MaxTimerSlip::get() {
			let block = at.saturating_add(slip.into());
			if Timers::<T>::try_append(block, (id, kind)).is_ok() {
				return Ok(block);
			}
		}
		Err(Error::<T>::TimerQueueFull)
	}

	/// Run the timers due at `now`.
	pub(crate) fn fire_timers(now: BlockNumberFor<T>) -> Weight {
		let timers = Timers::<T>::take(now);
		let mut weight = T::DbWeight::get().reads_writes(1, 1);
		for (id, kind) in timers {
			weight.saturating_accrue(match kind {
				TimerKind::CommitDeadline | TimerKind::Deadline => Self::check_timeouts(id, now),
			});
		}
		weight
	}

	/// Drop every provider of job `id` whose commit deadline passed before `now` without a
	/// commitment, then decide what happens to the open slots. Returns the weight used.
	pub(crate) fn check_timeouts(id: JobId, now: BlockNumberFor<T>) -> Weight {
		let Some(mut job) = Jobs::<T>::get(id) else { return T::DbWeight::get().reads(1) };
		if !job.state.awaits_providers() {
			return T::DbWeight::get().reads(1);
		}
		let slash = Parameters::<T>::get().missed_commit_slash;
		let (missed, kept): (alloc::vec::Vec<_>, alloc::vec::Vec<_>) = core::mem::take(&mut job.slots)
			.into_iter()
			.partition(|s| !s.committed && s.commit_deadline < now);
		job.slots = BoundedVec::truncate_from(kept);
		for slot in &missed {
			let slashed =
				T::Providers::slash(&slot.provider, SlashAmount::Fraction(slash), &T::SlashBeneficiary::get())
					.unwrap_or_else(|_| Zero::zero());
			T::Providers::record_failure(&slot.provider);
			Self::unassign(id, &slot.provider, slot.collateral);
			// Once full, later offenders may be drawn again; they are slashed again if they
			// miss again.
			let _ = job.dropped.try_push(slot.provider.clone());
			Self::emit(Event::CommitMissed { job: id, provider: slot.provider.clone(), slashed });
		}
		if let Err(e) = Self::resolve_open_slots(id, &mut job, now) {
			log::error!(target: "runtime::jobs", "job {id}: resolving open slots failed: {e:?}");
		}
		let committed = job.state == JobState::Committed;
		Jobs::<T>::insert(id, job);
		let mut weight = T::WeightInfo::commit_timeout(missed.len() as u32);
		if committed {
			weight.saturating_accrue(T::Settlement::on_committed(id));
		}
		weight
	}

	/// A job awaiting providers may have open slots: requeue it while a full commit window
	/// still fits before the deadline; otherwise go on with the slots it has (refunding the
	/// missing replicas) or expire when none is left.
	pub(crate) fn resolve_open_slots(
		id: JobId,
		job: &mut JobOf<T>,
		now: BlockNumberFor<T>,
	) -> DispatchResult {
		let filled = job.slots.len() as u32;
		if filled == job.replicas {
			return Ok(());
		}
		let window = Parameters::<T>::get().commit_window;
		let time_left = now.saturating_add(window) <= job.deadline;
		if time_left {
			if job.state == JobState::Pending ||
				PendingQueue::<T>::try_append(id).is_ok()
			{
				if job.state != JobState::Pending {
					Self::emit(Event::JobRequeued { job: id, open_slots: job.replicas - filled });
				}
				job.state = JobState::Pending;
				return Ok(());
			}
		}
		PendingQueue::<T>::mutate(|q| q.retain(|j| *j != id));
		if filled == 0 {
			let refund = Self::conclude(id, job, JobState::Expired)?;
			Self::emit(Event::JobExpired { job: id, refund });
			return Ok(());
		}
		let missing = job.replicas - filled;
		let refund = Self::slot_cost(job.max_price_per_unit, job.work_units)?
			.saturating_mul(missing.into())
			.min(job.escrow);
		Self::refund(job, refund)?;
		job.replicas = filled;
		Self::emit(Event::ReplicasReduced { job: id, replicas: filled, refund });
		if job.fully_committed() {
			Self::hand_over(id, job);
		} else {
			job.state = JobState::Assigned;
		}
		Ok(())
	}

	/// Every slot committed: verification owns the job from here. The caller stores the
	/// job, then runs `T::Settlement::on_committed`.
	pub(crate) fn hand_over(id: JobId, job: &mut JobOf<T>) {
		job.state = JobState::Committed;
		Self::emit(Event::JobCommitted { job: id });
	}
}
