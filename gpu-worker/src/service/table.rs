//! The job table: every job the service knows, its state and its result until it expires.
//!
//! Jobs from the chain are found again by [`DedupKey`]: the chain job id *and* a digest of
//! what the job is (spec and inputs), so a submission that reuses a chain id with other
//! content is a different job, and a job is never confused with one posted earlier by
//! someone else under its id.

use crate::{Cancel, Job};
use std::{
	collections::HashMap,
	sync::Arc,
	time::{Duration, Instant},
};
use tensorgrid_primitives::{Digest, KernelSpec};

/// What identifies a chain job in the table: its chain id and [`content_digest`].
pub type DedupKey = (u64, Digest);

/// One input as it identifies a job: its bytes, or the hash of the artifact it names.
pub enum InputKey<'a> {
	Inline(&'a [u8]),
	Artifact(&'a Digest),
}

/// blake2-256 of the SCALE-encoded spec followed by each input: a tag byte (0 for inline
/// bytes, 1 for an artifact hash) and the bytes or the hash. The tag keeps a 32-byte inline
/// input from standing for an artifact whose hash it equals; input lengths are fixed by
/// the spec, so the concatenation is unambiguous.
pub fn content_digest(spec: &KernelSpec, inputs: &[InputKey<'_>]) -> Digest {
	use codec::Encode;
	let mut data = spec.encode();
	for input in inputs {
		match input {
			InputKey::Inline(bytes) => {
				data.push(0);
				data.extend_from_slice(bytes);
			},
			InputKey::Artifact(hash) => {
				data.push(1);
				data.extend_from_slice(&hash[..]);
			},
		}
	}
	tensorgrid_primitives::digest_of(&data)
}

/// Where a job is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
	Queued,
	Running,
	Succeeded,
	Failed,
	Cancelled,
	TimedOut,
}

impl State {
	pub fn name(self) -> &'static str {
		match self {
			State::Queued => "queued",
			State::Running => "running",
			State::Succeeded => "succeeded",
			State::Failed => "failed",
			State::Cancelled => "cancelled",
			State::TimedOut => "timed_out",
		}
	}

	pub fn is_final(self) -> bool {
		!matches!(self, State::Queued | State::Running)
	}

	/// Whether a resubmission of the same job gets this entry back: yes while it is queued,
	/// running or succeeded; a failed, timed-out or cancelled job is queued again.
	pub fn answers_resubmission(self) -> bool {
		!self.is_final() || self == State::Succeeded
	}
}

/// One job.
pub struct Entry {
	pub chain_job_id: Option<u64>,
	/// Under which [`Table::by_key`] finds it (jobs posted with a chain id).
	pub key: Option<DedupKey>,
	pub kernel: &'static str,
	/// Taken by the executor when the job starts.
	pub job: Option<Job>,
	pub state: State,
	pub digest: Option<Digest>,
	pub output: Option<Arc<Vec<u8>>>,
	pub error: Option<String>,
	pub submitted: Instant,
	pub started: Option<Instant>,
	pub finished: Option<Instant>,
	/// When the output was first fetched.
	pub fetched: Option<Instant>,
	/// Set to stop the job's work when it times out or is cancelled.
	pub cancel: Cancel,
}

impl Entry {
	pub fn new(key: Option<DedupKey>, job: Job) -> Entry {
		Entry {
			chain_job_id: key.map(|(chain, _)| chain),
			key,
			kernel: job.spec.kernel_id().name(),
			job: Some(job),
			state: State::Queued,
			digest: None,
			output: None,
			error: None,
			submitted: Instant::now(),
			started: None,
			finished: None,
			fetched: None,
			cancel: Cancel::new(),
		}
	}

	/// End the job in `state`. Ending it any other way than `Succeeded` or `Failed` (the
	/// executor's own answers) asks its work to stop.
	pub fn finish(&mut self, state: State) {
		if matches!(state, State::Cancelled | State::TimedOut) {
			self.cancel.cancel();
		}
		self.state = state;
		self.finished = Some(Instant::now());
		self.job = None;
	}

	/// Whether the entry may be dropped: final, and either fetched a while ago or older
	/// than the retention.
	pub fn expired(&self, now: Instant, retention: Duration, after_fetch: Duration) -> bool {
		let Some(finished) = self.finished else { return false };
		now.duration_since(finished) > retention ||
			self.fetched.is_some_and(|f| now.duration_since(f) > after_fetch)
	}
}

/// Jobs by service id, and the latest service id of each chain job by [`DedupKey`].
#[derive(Default)]
pub struct Table {
	pub jobs: HashMap<String, Entry>,
	pub by_key: HashMap<DedupKey, String>,
	next: u64,
}

impl Table {
	/// A fresh service id.
	pub fn next_id(&mut self) -> String {
		self.next += 1;
		format!("j{}", self.next)
	}

	/// The entry a resubmission of `key` gets back, if any (see
	/// [`State::answers_resubmission`]).
	pub fn answering(&self, key: &DedupKey) -> Option<(&String, &Entry)> {
		let id = self.by_key.get(key)?;
		let entry = self.jobs.get(id)?;
		entry.state.answers_resubmission().then_some((id, entry))
	}

	/// Remove an entry, and its key unless the key already names a newer entry.
	pub fn remove(&mut self, id: &str) -> Option<Entry> {
		let entry = self.jobs.remove(id)?;
		if let Some(key) = &entry.key {
			if self.by_key.get(key).is_some_and(|latest| latest == id) {
				self.by_key.remove(key);
			}
		}
		Some(entry)
	}

	pub fn count(&self, state: State) -> usize {
		self.jobs.values().filter(|e| e.state == state).count()
	}

	/// Drop expired entries.
	pub fn expire(&mut self, retention: Duration, after_fetch: Duration) {
		let now = Instant::now();
		let gone: Vec<String> = self
			.jobs
			.iter()
			.filter(|(_, e)| e.expired(now, retention, after_fetch))
			.map(|(id, _)| id.clone())
			.collect();
		for id in gone {
			self.remove(&id);
		}
	}
}
