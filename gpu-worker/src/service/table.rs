//! The job table: every job the service knows, its state and its result until it expires.

use crate::Job;
use std::{
	collections::HashMap,
	sync::Arc,
	time::{Duration, Instant},
};
use tensorgrid_primitives::Digest;

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
}

/// One job.
pub struct Entry {
	pub chain_job_id: Option<u64>,
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
}

impl Entry {
	pub fn new(chain_job_id: Option<u64>, job: Job) -> Entry {
		Entry {
			chain_job_id,
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
		}
	}

	/// End the job in `state`.
	pub fn finish(&mut self, state: State) {
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

/// Jobs by service id, and service ids by chain job id.
#[derive(Default)]
pub struct Table {
	pub jobs: HashMap<String, Entry>,
	pub by_chain_id: HashMap<u64, String>,
	next: u64,
}

impl Table {
	/// A fresh service id.
	pub fn next_id(&mut self) -> String {
		self.next += 1;
		format!("j{}", self.next)
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
			if let Some(e) = self.jobs.remove(&id) {
				if let Some(chain) = e.chain_job_id {
					self.by_chain_id.remove(&chain);
				}
			}
		}
	}
}
