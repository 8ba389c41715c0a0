//! Matching pending jobs to providers: distinct eligible providers per job, drawn at random
//! with probability proportional to stake × (reputation + 1‰).

use crate::{
	pallet::*,
	traits::{DataAccess, JobHooks},
	types::*,
	weights::WeightInfo,
};
use frame_system::pallet_prelude::BlockNumberFor;
use alloc::vec::Vec;
use codec::Encode;
use frame_support::{pallet_prelude::*, traits::Randomness, weights::Weight};
use pallet_providers::{Candidate, ProviderRegistry};
use sp_runtime::traits::{Bounded, Saturating, UniqueSaturatedInto};
use tensorgrid_primitives::KernelId;

/// Draw weight of a candidate: stake × (reputation + 1‰), so a new provider with no
/// record still has a chance.
pub fn draw_weight<AccountId, Balance: UniqueSaturatedInto<u128> + Copy>(
	c: &Candidate<AccountId, Balance>,
) -> u128 {
	let stake: u128 = c.stake.unique_saturated_into();
	stake.saturating_mul(c.reputation_permill as u128 + 1)
}

/// Pick an index of `weights` with probability proportional to its weight, from 32 random
/// bytes. `None` when every weight is zero.
pub fn weighted_pick(weights: &[u128], random: [u8; 32]) -> Option<usize> {
	let total = weights.iter().fold(0u128, |a, w| a.saturating_add(*w));
	if total == 0 {
		return None;
	}
	let mut bytes = [0u8; 16];
	bytes.copy_from_slice(&random[..16]);
	// 128 random bits reduced modulo a total below 2^128: the bias is below total / 2^128.
	let mut point = u128::from_le_bytes(bytes) % total;
	for (i, w) in weights.iter().enumerate() {
		if point < *w {
			return Some(i);
		}
		point -= w;
	}
	None
}

impl<T: Config> Pallet<T> {
	/// Give pending jobs providers, looking at most at `MaxMatchesPerBlock` jobs. Jobs still
	/// missing providers move to the back of the queue.
	pub(crate) fn match_pending(now: BlockNumberFor<T>) -> Weight {
		let queue = PendingQueue::<T>::get();
		let mut weight = T::DbWeight::get().reads(1);
		if queue.is_empty() {
			return weight;
		}
		let limit = T::MaxMatchesPerBlock::get() as usize;
		let provider_count = T::Providers::provider_count();
		let seed = crate::MixedRandomness::<T>::random(b"tensorgrid/jobs/match").0;
		// One scan of the provider set per kernel per block.
		let mut candidates: Vec<(KernelId, Vec<Candidate<T::AccountId, BalanceOf<T>>>)> = Vec::new();
		let mut waiting = Vec::with_capacity(queue.len());
		let mut retry = Vec::new();
		let mut committed = Vec::new();
		for (n, id) in queue.into_iter().enumerate() {
			if n >= limit {
				waiting.push(id);
				continue;
			}
			let Some(mut job) = Jobs::<T>::get(id) else {
				weight.saturating_accrue(T::DbWeight::get().reads(1));
				continue;
			};
			if job.state != JobState::Pending {
				weight.saturating_accrue(T::DbWeight::get().reads(1));
				continue;
			}
			if job.slots.is_empty() &&
				now > job.submitted_at.saturating_add(Parameters::<T>::get().max_pending_age)
			{
				// Nobody took it in time: refund rather than keep a queue place for days.
				weight.saturating_accrue(T::WeightInfo::cancel_job());
				match Self::conclude(id, &mut job, JobState::Expired) {
					Ok(refund) => Self::emit(Event::JobExpired { job: id, refund }),
					Err(e) => log::error!(target: "runtime::jobs", "expiring job {id}: {e:?}"),
				}
				Jobs::<T>::insert(id, job);
				continue;
			}
			let kernel = job.kernel();
			// The first job of a kernel pays for the scan of every provider; later ones
			// reuse the candidate list and pay for filling every slot from a short one.
			let index = match candidates.iter().position(|(k, _)| *k == kernel) {
				Some(i) => {
					weight.saturating_accrue(T::WeightInfo::match_job(T::MaxReplicas::get()));
					i
				},
				None => {
					weight.saturating_accrue(T::WeightInfo::match_job(provider_count.max(T::MaxReplicas::get())));
					candidates.push((kernel, T::Providers::eligible(kernel, BalanceOf::<T>::max_value())));
					candidates.len() - 1
				},
			};
			// A job on a dataset runs only on the DAO's custodians: nobody else has the bytes.
			let custodians = JobAccess::<T>::get(id).map(|ticket| {
				weight.saturating_accrue(T::DataAccess::authorize_weight());
				T::DataAccess::custodians(&ticket)
			});
			let list = &mut candidates[index].1;
			Self::fill_slots(id, &mut job, list, custodians.as_deref(), &seed, now);
			if job.slots.len() as u32 == job.replicas {
				if job.fully_committed() {
					Self::hand_over(id, &mut job);
					committed.push(id);
				} else {
					job.state = JobState::Assigned;
					Self::emit(Event::JobAssigned { job: id });
				}
			} else {
				retry.push(id);
			}
			Jobs::<T>::insert(id, job);
		}
		waiting.extend(retry);
		PendingQueue::<T>::put(BoundedVec::truncate_from(waiting));
		for id in committed {
			weight.saturating_accrue(T::Settlement::on_committed(id));
		}
		weight
	}

	/// Assign providers from `list` to the open slots of `job` until it is full or no
	/// candidate is left. Providers that turn out to be full are removed from `list`.
	fn fill_slots(
		id: JobId,
		job: &mut JobOf<T>,
		list: &mut Vec<Candidate<T::AccountId, BalanceOf<T>>>,
		custodians: Option<&[T::AccountId]>,
		seed: &T::Hash,
		now: BlockNumberFor<T>,
	) {
		// Every provider gets a full commit window: a job whose deadline leaves less is not
		// assigned any more (it expires at its deadline).
		let commit_deadline = now.saturating_add(Parameters::<T>::get().commit_window);
		if commit_deadline > job.deadline {
			return;
		}
		let mut attempt = 0u32;
		let mut timer_set = false;
		let units = job.work_units as u128;
		// What does not change while this job's slots fill: price, the collateral each
		// candidate would put up (one parameter read per candidate, not per attempt),
		// submitter, dropped providers. Kept index for index with `list`; a candidate
		// that may not take the job has weight zero.
		let mut eligible: Vec<(u128, BalanceOf<T>)> = list
			.iter()
			.map(|c| {
				let price: u128 = c.price_per_unit.unique_saturated_into();
				let free: u128 = c.free_stake.unique_saturated_into();
				let collateral = (c.price_per_unit <= job.max_price_per_unit &&
					c.account != job.submitter &&
					!job.dropped.contains(&c.account) &&
					custodians.map_or(true, |allowed| allowed.contains(&c.account)))
				.then(|| T::Settlement::slot_collateral(price.saturating_mul(units), free))
				.flatten()
				.and_then(|c| BalanceOf::<T>::try_from(c).ok());
				match collateral {
					Some(collateral) => (draw_weight(c), collateral),
					None => (0, Default::default()),
				}
			})
			.collect();
		while (job.slots.len() as u32) < job.replicas {
			let weights: Vec<u128> = list
				.iter()
				.zip(&eligible)
				.map(|(c, (w, _))| if job.slot_of(&c.account).is_none() { *w } else { 0 })
				.collect();
			let random = (seed, id, job.slots.len() as u32, attempt).using_encoded(sp_io::hashing::blake2_256);
			attempt += 1;
			let Some(pick) = weighted_pick(&weights, random) else { return };
			let provider = list[pick].account.clone();
			let collateral = eligible[pick].1;
			// Fails when the provider is full, or its free stake was taken by a slot of
			// another kernel's job this block (the candidate lists are per kernel).
			if T::Providers::reserve_capacity(&provider, collateral).is_err() {
				list.swap_remove(pick);
				eligible.swap_remove(pick);
				continue;
			}
			if ProviderJobs::<T>::try_append(&provider, id).is_err() {
				T::Providers::release_capacity(&provider, collateral);
				list.swap_remove(pick);
				eligible.swap_remove(pick);
				continue;
			}
			// Later jobs of this block see what is left free.
			list[pick].free_stake = list[pick].free_stake.saturating_sub(collateral);
			// One timer per job and round; it fires the block after the commit deadline, so
			// a commit in the deadline block still counts.
			if !timer_set {
				let at = commit_deadline.saturating_add(1u32.into());
				if Self::schedule(at, id, TimerKind::CommitDeadline).is_err() {
					Self::unassign(id, &provider, collateral);
					return;
				}
				timer_set = true;
			}
			let price_per_unit = list[pick].price_per_unit;
			// `slots` has room: its length is below `replicas` ≤ `MaxReplicas`.
			let _ = job.slots.try_push(Slot {
				provider: provider.clone(),
				price_per_unit,
				assigned_at: now,
				commit_deadline,
				committed: false,
				collateral,
			});
			Self::emit(Event::ProviderAssigned { job: id, provider, price_per_unit, commit_deadline });
		}
	}
}

#[cfg(test)]
mod tests {
	use super::weighted_pick;

	#[test]
	fn zero_weights_pick_nothing() {
		assert_eq!(weighted_pick(&[0, 0], [7; 32]), None);
		assert_eq!(weighted_pick(&[], [7; 32]), None);
	}

	#[test]
	fn picks_follow_weights() {
		// 3:1 weights over many seeds: the heavy index wins about three quarters.
		let mut heavy = 0;
		for i in 0..4000u32 {
			let random = sp_io::hashing::blake2_256(&i.to_le_bytes());
			match weighted_pick(&[3, 0, 1], random) {
				Some(0) => heavy += 1,
				Some(2) => {},
				other => panic!("picked {other:?}"),
			}
		}
		assert!((2800..3200).contains(&heavy), "heavy index won {heavy} of 4000");
	}
}
