//! What the agent has done for each job, in off-chain local storage (persistent, so it
//! survives a node restart).
//!
//! Each provider key keeps a bounded index of the (role, job) pairs it holds records for,
//! with the number of times the GPU worker failed the job; the agent [`prune`]s it every
//! run, clearing the records of jobs that finished or were pruned from the chain, so the
//! node's off-chain database does not grow with every job ever run.

use alloc::vec::Vec;
use codec::{Decode, Encode};
use sp_runtime::offchain::storage::StorageValueRef;

/// Most (role, job) pairs tracked per key: far above the jobs and audits a provider can
/// hold at once on chain, so only a bug would evict a live record (the oldest goes first).
pub const MAX_TRACKED: usize = 512;

/// The agent's progress on one job in one role.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug)]
pub enum Progress {
	/// Posted to the GPU worker under this id.
	Submitted { worker_id: Vec<u8> },
	/// The result is known; the commitment (or verdict) was sent at block `at`. An empty
	/// `worker_id` means the output is too large to reveal inline: reveal by hash without
	/// asking the worker.
	Sent { worker_id: Vec<u8>, digest: [u8; 32], salt: [u8; 32], at: u32 },
	/// The reveal was sent at block `at`.
	Revealed { digest: [u8; 32], salt: [u8; 32], at: u32 },
	/// The job cannot run on this worker: `decline_job` was sent at block `at` (provider),
	/// or the audit was given up (verifier; for a job that reads another job's output,
	/// `abstain_audit` was sent).
	Refused { at: u32 },
	/// The worker lacks an input that is another job's output, and the node has been
	/// looking for it on its peers since block `since`.
	AwaitingInput { since: u32 },
}

/// Whether a record is for running a job or for verifying one.
#[derive(Encode, Decode, Clone, Copy, PartialEq, Eq, Debug)]
pub enum Role {
	Provider,
	Verifier,
}

/// One tracked (role, job) pair.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug)]
struct Tracked {
	role: Role,
	job: u64,
	/// Worker jobs for it that failed or timed out.
	failures: u8,
}

fn key<A: Encode>(role: Role, job: u64, account: &A) -> Vec<u8> {
	(b"tensorgrid/agent/", role, job, account).encode()
}

fn index_key<A: Encode>(account: &A) -> Vec<u8> {
	(b"tensorgrid/agent/index/", account).encode()
}

fn index<A: Encode>(account: &A) -> Vec<Tracked> {
	StorageValueRef::persistent(&index_key(account)).get::<Vec<Tracked>>().ok().flatten().unwrap_or_default()
}

fn set_index<A: Encode>(account: &A, index: &Vec<Tracked>) {
	let key = index_key(account);
	if index.is_empty() {
		StorageValueRef::persistent(&key).clear();
	} else {
		StorageValueRef::persistent(&key).set(index);
	}
}

/// Change the index entry of (role, job), adding it if missing (evicting the oldest entry
/// when the index is full).
fn with_entry<A: Encode, R>(role: Role, job: u64, account: &A, f: impl FnOnce(&mut Tracked) -> R) -> R {
	let mut entries = index(account);
	let mut changed = false;
	let position = match entries.iter().position(|t| t.role == role && t.job == job) {
		Some(position) => position,
		None => {
			changed = true;
			if entries.len() >= MAX_TRACKED {
				let oldest = entries.remove(0);
				log::warn!(target: "provider-agent", "progress index full: forgetting job {}", oldest.job);
				clear(oldest.role, oldest.job, account);
			}
			entries.push(Tracked { role, job, failures: 0 });
			entries.len() - 1
		},
	};
	let before = entries[position].clone();
	let result = f(&mut entries[position]);
	if changed || entries[position] != before {
		set_index(account, &entries);
	}
	result
}

pub fn get<A: Encode>(role: Role, job: u64, account: &A) -> Option<Progress> {
	StorageValueRef::persistent(&key(role, job, account)).get::<Progress>().ok().flatten()
}

pub fn set<A: Encode>(role: Role, job: u64, account: &A, progress: &Progress) {
	with_entry(role, job, account, |_| ());
	StorageValueRef::persistent(&key(role, job, account)).set(progress);
}

/// Forget the record (the failure count stays until the job is pruned).
pub fn clear<A: Encode>(role: Role, job: u64, account: &A) {
	let key = key(role, job, account);
	StorageValueRef::persistent(&key).clear();
}

/// Worker failures counted for (role, job).
pub fn failures<A: Encode>(role: Role, job: u64, account: &A) -> u8 {
	index(account).iter().find(|t| t.role == role && t.job == job).map_or(0, |t| t.failures)
}

/// Count one more worker failure for (role, job); returns the new count.
pub fn add_failure<A: Encode>(role: Role, job: u64, account: &A) -> u8 {
	with_entry(role, job, account, |t| {
		t.failures = t.failures.saturating_add(1);
		t.failures
	})
}

/// Clear every record of `account` whose job is no longer `live`, and its index entry.
pub fn prune<A: Encode>(account: &A, live: impl Fn(u64) -> bool) {
	let entries = index(account);
	if entries.is_empty() {
		return;
	}
	let (keep, gone): (Vec<Tracked>, Vec<Tracked>) = entries.into_iter().partition(|t| live(t.job));
	if gone.is_empty() {
		return;
	}
	for t in &gone {
		clear(t.role, t.job, account);
	}
	set_index(account, &keep);
}

/// The (role, job) pairs tracked for `account`, oldest first.
#[cfg(test)]
pub fn tracked<A: Encode>(account: &A) -> Vec<(Role, u64)> {
	index(account).into_iter().map(|t| (t.role, t.job)).collect()
}
