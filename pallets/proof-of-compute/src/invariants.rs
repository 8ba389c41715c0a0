//! `try_state`: rounds agree with the jobs pallet and with the verifiers' index.

use crate::{pallet::*, types::*};
use alloc::collections::{btree_map::BTreeMap, btree_set::BTreeSet};
use frame_support::pallet_prelude::*;
use pallet_jobs::{JobState, JobsInterface};
use pallet_providers::ProviderRegistry;

impl<T: Config> Pallet<T> {
	/// Invariants:
	/// - a round in `Revealing` or `Auditing` belongs to a job in verification, a finished
	///   round to a finished job, a committing round to a job still awaiting providers;
	/// - every committed provider of a round holds a committed slot of the job;
	/// - `VerifierAudits` lists exactly the verifiers of rounds in `Auditing` or
	///   `VerdictRevealing`, and only committed verifiers have revealed;
	/// - every round in `Revealing`, `Deciding` or `Auditing` has a deadline timer;
	/// - each provider's capacity in use equals its unfinished job slots plus open audits.
	/// Money is checked where it is held: escrow by the jobs pallet, stake by providers.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let mut auditing: BTreeMap<T::AccountId, BTreeSet<pallet_jobs::JobId>> = BTreeMap::new();
		let timed: BTreeSet<pallet_jobs::JobId> = Deadlines::<T>::iter_values().flatten().collect();
		for (id, round) in Rounds::<T>::iter() {
			let Some(job) = T::Jobs::job(id) else {
				return Err("a round outlived its job".into());
			};
			let consistent = match round.phase {
				Phase::Committing => job.state.awaits_providers(),
				Phase::Revealing { .. } |
				Phase::Deciding { .. } |
				Phase::Auditing { .. } |
				Phase::VerdictRevealing { .. } =>
					job.state.in_verification(),
				Phase::Finished => job.state.is_final(),
			};
			ensure!(consistent, "a round's phase disagrees with its job's state");
			if !matches!(round.phase, Phase::Committing | Phase::Finished) {
				ensure!(timed.contains(&id), "a round in flight has no deadline timer");
			}
			ensure!(
				round.phase != Phase::Finished || round.outcome.is_some(),
				"a finished round has no outcome"
			);
			for s in round.submissions.iter() {
				let slot = job.slots.iter().find(|slot| slot.provider == s.provider);
				ensure!(slot.is_some_and(|slot| slot.committed), "a commitment without a committed slot");
			}
			if round.phase.audit_reason().is_some() {
				ensure!(job.state == JobState::Disputed, "an audited job is not disputed");
				for v in round.verifiers.iter() {
					match v.verdict {
						Some(verdict) if !verdict.is_answer() =>
							ensure!(v.commitment.is_none(), "an abstention with a commitment"),
						Some(_) => ensure!(v.commitment.is_some(), "a verdict without a commitment"),
						None => {},
					}
					auditing.entry(v.verifier.clone()).or_default().insert(id);
				}
			}
		}
		let mut indexed: BTreeMap<T::AccountId, BTreeSet<pallet_jobs::JobId>> = BTreeMap::new();
		for (who, jobs) in VerifierAudits::<T>::iter() {
			indexed.insert(who, jobs.into_iter().collect());
		}
		ensure!(indexed == auditing, "VerifierAudits differs from the open audits");
		for (who, in_use) in T::Providers::capacity_in_use() {
			let slots = T::Jobs::assigned_count(&who) as usize;
			let audits = indexed.get(&who).map(|a| a.len()).unwrap_or(0);
			ensure!(in_use as usize == slots + audits, "a provider's capacity in use differs from its jobs and audits");
		}
		Ok(())
	}
}
