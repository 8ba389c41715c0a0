//! Reveal and audit deadlines, fired by `on_initialize` in bounded batches.

use crate::{pallet::*, types::*, weights::WeightInfo};
use frame_support::{pallet_prelude::*, weights::Weight};
use frame_system::pallet_prelude::BlockNumberFor;
use pallet_jobs::JobId;
use pallet_providers::ProviderRegistry;
use sp_runtime::traits::Saturating;

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

	pub(crate) fn fire_deadlines(now: BlockNumberFor<T>) -> Weight {
		let due = Deadlines::<T>::take(now);
		let mut weight = T::DbWeight::get().reads_writes(1, 1);
		for id in due {
			let Some(mut round) = Rounds::<T>::get(id) else {
				weight.saturating_accrue(T::DbWeight::get().reads(1));
				continue;
			};
			match round.phase {
				Phase::Revealing { deadline } if deadline < now => {
					weight.saturating_accrue(T::WeightInfo::resolve_reveals(
						round.submissions.len() as u32,
						T::Providers::provider_count(),
					));
					Self::resolve_reveals(id, &mut round);
				},
				Phase::Auditing { deadline, .. } if deadline < now => {
					weight.saturating_accrue(T::WeightInfo::resolve_audit(
						round.submissions.len() as u32,
						round.verifiers.len() as u32,
					));
					Self::resolve_audit(id, &mut round);
				},
				_ => {
					weight.saturating_accrue(T::DbWeight::get().reads(1));
					continue;
				},
			}
			Rounds::<T>::insert(id, round);
		}
		weight
	}
}
