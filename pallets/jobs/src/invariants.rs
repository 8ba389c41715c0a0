//! `try_state`: conservation of escrow and deposits, and index consistency.

use crate::{pallet::*, types::*};
use pallet_providers::ProviderRegistry;
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
	///   exactly the slots of unfinished jobs; no job has more slots than replicas;
	/// - each provider's collateral in use (pallet-providers) is the sum of its slots'
	///   collateral;
	/// - each submitter's hold under `JobDeposit` equals the deposits of its kept jobs, and
	///   `OpenJobs` counts its unfinished jobs;
	/// - every job still waiting on providers has its deadline timer where its record says,
	///   and no finished job keeps one; every finished job is queued for pruning.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let mut escrow_by_submitter: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut total = BalanceOf::<T>::zero();
		let mut references: BTreeMap<tensorgrid_primitives::Digest, u32> = BTreeMap::new();
		let mut pending = BTreeSet::new();
		let mut assignments: BTreeMap<T::AccountId, BTreeSet<JobId>> = BTreeMap::new();
		let mut deposits_by_submitter: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut open: BTreeMap<T::AccountId, u32> = BTreeMap::new();
		let mut collateral: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let queued_for_pruning: BTreeSet<JobId> = PruneQueue::<T>::iter_values().map(|(_, id)| id).collect();
		for (id, job) in Jobs::<T>::iter() {
			ensure!(job.slots.len() as u32 <= job.replicas, "a job has more slots than replicas");
			let d = deposits_by_submitter.entry(job.submitter.clone()).or_insert_with(Zero::zero);
			*d = d.saturating_add(job.deposit);
			let has_deadline_timer =
				Timers::<T>::get(job.deadline_timer).contains(&(id, TimerKind::Deadline));
			if job.state.is_final() {
				ensure!(job.escrow.is_zero(), "a finished job still holds escrow");
				ensure!(!has_deadline_timer, "a finished job keeps its deadline timer");
				ensure!(queued_for_pruning.contains(&id), "a finished job is not queued for pruning");
				continue;
			}
			*open.entry(job.submitter.clone()).or_default() += 1;
			if job.state.awaits_providers() {
				ensure!(has_deadline_timer, "a job waiting on providers has no deadline timer");
			}
			let e = escrow_by_submitter.entry(job.submitter.clone()).or_insert_with(Zero::zero);
			*e = e.saturating_add(job.escrow);
			total = total.saturating_add(job.escrow);
			if job.state == JobState::Pending {
				pending.insert(id);
			}
			for slot in job.slots.iter() {
				assignments.entry(slot.provider.clone()).or_default().insert(id);
				let c = collateral.entry(slot.provider.clone()).or_insert_with(Zero::zero);
				*c = c.saturating_add(slot.collateral);
			}
			for input in JobInputs::<T>::get(id).unwrap_or_default() {
				ensure!(!matches!(input, InputRef::JobOutput(_)), "a job-output input was stored by job id");
				if let InputRef::Artifact(hash) = input {
					*references.entry(hash).or_default() += 1;
				}
			}
		}
		ensure!(total == TotalEscrow::<T>::get(), "sum of job escrow differs from TotalEscrow");
		for (id, _) in JobAccess::<T>::iter() {
			ensure!(Jobs::<T>::contains_key(id), "data-access terms of a job that is gone");
		}
		for (who, escrow) in &escrow_by_submitter {
			let held = T::Currency::balance_on_hold(&HoldReason::JobEscrow.into(), who);
			ensure!(held == *escrow, "a submitter's escrow hold differs from its jobs' escrow");
		}

		for (who, deposit) in &deposits_by_submitter {
			let held = T::Currency::balance_on_hold(&HoldReason::JobDeposit.into(), who);
			ensure!(held == *deposit, "a submitter's job deposit hold differs from its jobs' deposits");
		}
		let counted: BTreeMap<T::AccountId, u32> = OpenJobs::<T>::iter().collect();
		ensure!(counted == open, "OpenJobs differs from the unfinished jobs per submitter");

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
		for (who, _) in T::Providers::capacity_in_use() {
			let expected = collateral.get(&who).copied().unwrap_or_else(Zero::zero);
			ensure!(
				T::Providers::collateral_in_use(&who) == expected,
				"a provider's collateral in use differs from its slots' collateral"
			);
		}
		Ok(())
	}
}
