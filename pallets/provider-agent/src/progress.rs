//! What the agent has done for each job, in off-chain local storage (persistent, so it
//! survives a node restart).

use alloc::vec::Vec;
use codec::{Decode, Encode};
use sp_runtime::offchain::storage::StorageValueRef;

/// The agent's progress on one job in one role.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug)]
pub enum Progress {
	/// Posted to the GPU worker under this id.
	Submitted { worker_id: Vec<u8> },
	/// The result is known; the commitment (or verdict) was sent at block `at`.
	Sent { worker_id: Vec<u8>, digest: [u8; 32], salt: [u8; 32], at: u32 },
	/// The reveal was sent at block `at`.
	Revealed { digest: [u8; 32], salt: [u8; 32], at: u32 },
}

/// Whether a record is for running a job or for verifying one.
#[derive(Encode, Clone, Copy)]
pub enum Role {
	Provider,
	Verifier,
}

fn key<A: Encode>(role: Role, job: u64, account: &A) -> Vec<u8> {
	(b"tensorgrid/agent/", role, job, account).encode()
}

pub fn get<A: Encode>(role: Role, job: u64, account: &A) -> Option<Progress> {
	StorageValueRef::persistent(&key(role, job, account)).get::<Progress>().ok().flatten()
}

pub fn set<A: Encode>(role: Role, job: u64, account: &A, progress: &Progress) {
	StorageValueRef::persistent(&key(role, job, account)).set(progress);
}

pub fn clear<A: Encode>(role: Role, job: u64, account: &A) {
	let key = key(role, job, account);
	StorageValueRef::persistent(&key).clear();
}
