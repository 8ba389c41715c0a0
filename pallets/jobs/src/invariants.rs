//! `try_state`: conservation of escrow and deposits, and index consistency.

use crate::{pallet::*, types::*};
use alloc::collections::{btree_map::BTreeMap, btree_set::BTreeSet};
use frame_support::{pallet_prelude::*, traits::fungible::InspectHold};
use sp_runtime::traits::{Saturating, Zero};

impl<T: Config> Pallet<T> {
	/// Invariants:
	/// - each submitter's hold under `JobEscrow` equals the escrow of its jobs, and their sum
	///   equals `TotalEscrow`; finished jobs hold nothing;
	/// - each artifact owner's hold under `ArtifactDeposit` equals its artifacts' deposits,
	///   and every artifact's reference count equals the unfinished jobs that read it;
	/// - the pending queue holds exactly the `Pending` jobs, once each; `ProviderJobs` lists
	///   exactly the slots of unfinished jobs; no job has more slots than replicas.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let mut escrow_by_submitter: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut total = BalanceOf::<T>::zero();
		let mut references: BTreeMap<tensorgrid_primitives::Digest, u32> = BTreeMap::new();
		let mut pending = BTreeSet::new();
		let mut assignments: BTreeMap<T::AccountId, BTreeSet<JobId>> = BTreeMap::new();
		for (id, job) in Jobs::<T>::iter() {
			ensure!(job.slots.len() as u32 <= job.replicas, "a job has more slots than replicas");
			if job.state.is_final() {
				ensure!(job.escrow.is_zero(), "a finished job still holds escrow");
				continue;
			}
			let e = escrow_by_submitter.entry(job.submitter.clone()).or_insert_with(Zero::zero);
			*e = e.saturating_add(job.escrow);
			total = total.saturating_add(job.escrow);
			if job.state == JobState::Pending {
				pending.insert(id);
			}
			for slot in job.slots.iter() {
				assignments.entry(slot.provider.clone()).or_default().insert(id);
			}
			for input in JobInputs::<T>::get(id).unwrap_or_default() {
				if let InputRef::Artifact(hash) = input {
					*references.entry(hash).or_default() += 1;
				}
			}
		}
		ensure!(total == TotalEscrow::<T>::get(), "sum of job escrow differs from TotalEscrow");
		for (who, escrow) in &escrow_by_submitter {
			let held = T::Currency::balance_on_hold(&HoldReason::JobEscrow.into(), who);
			ensure!(held == *escrow, "a submitter's escrow hold differs from its jobs' escrow");
		}

		let mut deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (hash, info) in Artifacts::<T>::iter() {
			let d = deposits.entry(info.owner.clone()).or_insert_with(Zero::zero);
			*d = d.saturating_add(info.deposit);
			ensure!(
				info.references == references.get(&hash).copied().unwrap_or(0),
				"an artifact's reference count differs from the jobs that read it"
			);
			ensure!(ArtifactData::<T>::contains_key(hash), "an artifact has no data");
		}
		for (who, deposit) in &deposits {
			let held = T::Currency::balance_on_hold(&HoldReason::ArtifactDeposit.into(), who);
			ensure!(held == *deposit, "an owner's artifact hold differs from its deposits");
		}

		let queue = PendingQueue::<T>::get();
		let queued: BTreeSet<JobId> = queue.iter().copied().collect();
		ensure!(queued.len() == queue.len(), "a job is queued twice");
		ensure!(queued == pending, "the pending queue differs from the pending jobs");

		let mut indexed: BTreeMap<T::AccountId, BTreeSet<JobId>> = BTreeMap::new();
		for (who, jobs) in ProviderJobs::<T>::iter() {
			indexed.insert(who, jobs.into_iter().collect());
		}
		ensure!(indexed == assignments, "ProviderJobs differs from the slots of unfinished jobs");
		Ok(())
	}
}
