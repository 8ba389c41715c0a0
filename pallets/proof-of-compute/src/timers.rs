//! Reveal and audit deadlines, fired by `on_initialize` in bounded batches.

use crate::{pallet::*, types::*, weights::WeightInfo};
use frame_support::{pallet_prelude::*, weights::Weight};
use frame_system::pallet_prelude::BlockNumberFor;
use pallet_jobs::{JobId, JobsInterface, VerificationPhase};
use pallet_providers::ProviderRegistry;
use sp_runtime::traits::{Saturating, Zero};

impl<T: Config> Pallet<T> {
	/// Run job `id`'s deadline check once `at` has passed (at block `at + 1`, or the first
	/// later block with room).
	pub(crate) fn schedule(at: BlockNumberFor<T>, id: JobId) -> Result<(), Error<T>> {
		let first = at.saturating_add(1u32.into());
		for slip in 0..=T::MaxDeadlineSlip::get() {
			if Deadlines::<T>::try_append(first.saturating_add(slip.into()), id).is_ok() {
				return Ok(());
			}
		}
		Err(Error::<T>::DeadlineQueueFull)
	}

	/// Reveals are complete or their deadline passed: decide `DecisionDelay` blocks later
	/// (at once when it is zero, or when no deadline slot is left).
	pub(crate) fn close_reveals(id: JobId, round: &mut RoundOf<T>) {
		let _ = T::Jobs::set_phase(id, VerificationPhase::Revealed);
		let delay = T::DecisionDelay::get();
		if delay.is_zero() {
			return Self::resolve_reveals(id, round);
		}
		let at = Self::now().saturating_add(delay);
		// `schedule(b)` fires at b + 1.
		if Self::schedule(at.saturating_sub(1u32.into()), id).is_err() {
			log::warn!(target: "runtime::proof-of-compute", "no deadline slot to decide job {id}; deciding now");
			return Self::resolve_reveals(id, round);
		}
		round.phase = Phase::Deciding { at };
		Self::emit(Event::RevealsClosed { job: id, decide_at: at });
	}

	/// Fire the deadlines due by `now`, oldest block first, until `MaxDeadlineWeight` is
	/// spent (at least one per block, so a backlog always shrinks). What does not fit stays
	/// in its block's list and `DeadlineCursor` remembers where to go on next block: the
	/// hook's weight is bounded, and no deadline is dropped.
	pub(crate) fn fire_deadlines(now: BlockNumberFor<T>) -> Weight {
		let budget = T::MaxDeadlineWeight::get();
		let db = T::DbWeight::get();
		let mut weight = db.reads_writes(1, 1);
		let mut block = DeadlineCursor::<T>::get();
		if block.is_zero() || block > now {
			block = now;
		}
		let worst = T::WeightInfo::resolve_reveals(T::MaxReplicas::get(), T::Providers::provider_count())
			.max(T::WeightInfo::resolve_audit(T::MaxReplicas::get(), T::MaxVerifiers::get()));
		let mut fired = 0u32;
		while block <= now {
			let mut due = Deadlines::<T>::take(block).into_inner();
			weight.saturating_accrue(db.reads_writes(1, 1));
			while !due.is_empty() {
				if fired > 0 && weight.saturating_add(worst).any_gt(budget) {
					// Out of budget: the rest waits in its block for the next one.
					Deadlines::<T>::insert(block, BoundedVec::truncate_from(due));
					DeadlineCursor::<T>::put(block);
					return weight;
				}
				let id = due.remove(0);
				weight.saturating_accrue(Self::fire_deadline(id, now));
				fired += 1;
			}
			block = block.saturating_add(1u32.into());
		}
		DeadlineCursor::<T>::put(block);
		weight
	}

	/// Resolve job `id`'s phase if its deadline passed; returns the weight used.
	fn fire_deadline(id: JobId, now: BlockNumberFor<T>) -> Weight {
		let Some(mut round) = Rounds::<T>::get(id) else {
			return T::DbWeight::get().reads(1);
		};
		let weight = match round.phase {
			Phase::Revealing { deadline } if deadline < now => {
				Self::close_reveals(id, &mut round);
				T::WeightInfo::resolve_reveals(round.submissions.len() as u32, T::Providers::provider_count())
			},
			Phase::Deciding { at } if at <= now => {
				Self::resolve_reveals(id, &mut round);
				T::WeightInfo::resolve_reveals(round.submissions.len() as u32, T::Providers::provider_count())
			},
			Phase::Auditing { deadline, reason } if deadline < now => {
				// Whoever committed may still reveal; with no commitment there is nothing to
				// wait for.
				if round.verifiers.iter().any(|v| v.commitment.is_some()) {
					Self::open_verdict_reveals(id, &mut round, reason);
				} else {
					Self::resolve_audit(id, &mut round);
				}
				T::WeightInfo::resolve_audit(round.submissions.len() as u32, round.verifiers.len() as u32)
			},
			Phase::VerdictRevealing { deadline, .. } if deadline < now => {
				Self::resolve_audit(id, &mut round);
				T::WeightInfo::resolve_audit(round.submissions.len() as u32, round.verifiers.len() as u32)
			},
			_ => return T::DbWeight::get().reads(1),
		};
		Rounds::<T>::insert(id, round);
		weight
	}
}
