//! The worker as a service: a bounded job queue in front of the device, executors with a
//! per-job timeout and memory cap, cancellation, and results kept until fetched or
//! expired. [`http`] serves it over HTTP.
//!
//! A job that times out or is cancelled while running is stopped, not just forgotten: its
//! [`Cancel`] token is set, the CPU kernels return within milliseconds, and its executor
//! slot takes no other job until the work has returned.
//!
//! A job posted with a `chain_job_id` is de-duplicated on what it is: the key is the chain
//! id and [`table::content_digest`] of its spec and inputs (bytes, or artifact hashes), so
//! the same id with other content is a new job. A resubmission gets the earlier job back
//! while it is queued, running or succeeded; one that failed, timed out or was cancelled is
//! queued again under a new id.

pub mod api;
pub mod bench;
pub mod executor;
pub mod http;
pub mod metrics;
pub mod store;
pub mod table;

use crate::{executor::validate, Cancel, Job};
use api::{DeviceInfo, InputJson, JobStatus, SubmitRequest, SubmitResponse};
use codec::DecodeAll;
use executor::Executor;
use metrics::Metrics;
use std::{
	collections::HashMap,
	sync::{Arc, Mutex},
	time::{Duration, Instant},
};
use store::ArtifactSource;
use table::{DedupKey, Entry, InputKey, State, Table};
use tensorgrid_primitives::KernelSpec;
use tokio::sync::{mpsc, Mutex as AsyncMutex};

/// How the service runs.
#[derive(Clone, Debug)]
pub struct ServiceConfig {
	/// Most jobs waiting for an executor; more are refused with 503.
	pub queue_capacity: usize,
	/// Jobs executed at once (the device runs one at a time; more overlaps transfers).
	pub concurrency: usize,
	/// Longest execution of one job.
	pub job_timeout: Duration,
	/// Most bytes of inputs plus output of one job.
	pub memory_cap: u64,
	/// Finished jobs are kept this long.
	pub retention: Duration,
	/// ...or this long after their output was first fetched.
	pub retention_after_fetch: Duration,
	pub artifacts: ArtifactSource,
	/// Every succeeded job's output is also written here as `<hex of its digest>` (the
	/// node's artifact store serves them to peers from this directory).
	pub output_dir: Option<std::path::PathBuf>,
}

impl Default for ServiceConfig {
	fn default() -> Self {
		ServiceConfig {
			queue_capacity: 256,
			concurrency: 1,
			job_timeout: Duration::from_secs(600),
			memory_cap: 1 << 30,
			retention: Duration::from_secs(3600),
			retention_after_fetch: Duration::from_secs(300),
			artifacts: ArtifactSource { max_len: 256 << 20, ..Default::default() },
			output_dir: None,
		}
	}
}

/// One input of a submission before its artifact is fetched.
enum Parsed {
	Inline(Vec<u8>),
	Artifact(tensorgrid_primitives::Digest),
}

/// Why a request was refused; the HTTP layer maps each to a status code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ServiceError {
	/// Malformed request or invalid job (400).
	BadRequest(String),
	/// The job is valid but exceeds the memory cap (413).
	TooLarge(String),
	/// An input artifact could not be fetched or did not match its hash (422).
	Artifact(String),
	/// The queue is full (503, retry later).
	QueueFull,
	/// No job with this id (404).
	NotFound,
	/// The job has no output (yet, or ever) (409).
	NoOutput(String),
}

impl std::fmt::Display for ServiceError {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		match self {
			ServiceError::BadRequest(m) | ServiceError::TooLarge(m) | ServiceError::Artifact(m) |
			ServiceError::NoOutput(m) => f.write_str(m),
			ServiceError::QueueFull => f.write_str("the job queue is full; retry later"),
			ServiceError::NotFound => f.write_str("no job with this id"),
		}
	}
}

struct Inner {
	config: ServiceConfig,
	executor: Arc<dyn Executor>,
	device: Mutex<DeviceInfo>,
	table: Mutex<Table>,
	queue: mpsc::Sender<String>,
	metrics: Metrics,
	/// The token of every job whose executor run has not returned yet, by job id.
	in_flight: Mutex<HashMap<String, Cancel>>,
}

/// A running service. Cloning shares it.
#[derive(Clone)]
pub struct Service {
	inner: Arc<Inner>,
}

impl Service {
	/// Start the executors and the expiry task on the current tokio runtime.
	pub fn start(config: ServiceConfig, executor: Arc<dyn Executor>) -> Service {
		let (tx, rx) = mpsc::channel(config.queue_capacity.max(1));
		let device = executor.info();
		let inner = Arc::new(Inner {
			config,
			executor,
			device: Mutex::new(device),
			table: Mutex::new(Table::default()),
			queue: tx,
			metrics: Metrics::default(),
			in_flight: Mutex::new(HashMap::new()),
		});
		let rx = Arc::new(AsyncMutex::new(rx));
		for _ in 0..inner.config.concurrency.max(1) {
			tokio::spawn(run_executor(inner.clone(), rx.clone()));
		}
		tokio::spawn(expire_loop(Arc::downgrade(&inner)));
		Service { inner }
	}

	/// Record the benchmark score reported by `GET /v1/device`.
	pub fn set_benchmark_score(&self, score: u64) {
		self.inner.device.lock().expect("device lock").benchmark_score = Some(score);
	}

	pub fn device(&self) -> DeviceInfo {
		self.inner.device.lock().expect("device lock").clone()
	}

	/// Validate, fetch artifacts, and queue a job. Returns at once.
	pub async fn submit(&self, request: SubmitRequest) -> Result<SubmitResponse, ServiceError> {
		let result = self.submit_inner(request).await;
		if let Err(e) = &result {
			self.inner.metrics.rejected(match e {
				ServiceError::QueueFull => "queue_full",
				ServiceError::TooLarge(_) => "too_large",
				ServiceError::Artifact(_) => "artifact",
				_ => "invalid",
			});
		}
		result
	}

	async fn submit_inner(&self, request: SubmitRequest) -> Result<SubmitResponse, ServiceError> {
		let spec_bytes = api::from_hex(&request.spec).map_err(ServiceError::BadRequest)?;
		let spec = KernelSpec::decode_all(&mut &spec_bytes[..])
			.map_err(|e| ServiceError::BadRequest(format!("spec is not a SCALE-encoded KernelSpec: {e}")))?;
		spec.validate().map_err(|e| ServiceError::BadRequest(format!("invalid job spec: {e:?}")))?;
		let sizes = spec.input_sizes();
		let total = sizes.iter().sum::<u64>().saturating_add(spec.output_size());
		if total > self.inner.config.memory_cap {
			return Err(ServiceError::TooLarge(format!(
				"the job needs {total} bytes of inputs and output, the cap is {}",
				self.inner.config.memory_cap
			)));
		}
		if sizes.len() != request.inputs.len() {
			return Err(ServiceError::BadRequest(format!(
				"kernel {} reads {} inputs, got {}",
				spec.kernel_id().name(),
				sizes.len(),
				request.inputs.len()
			)));
		}
		let mut parsed = Vec::with_capacity(sizes.len());
		for (index, input) in request.inputs.iter().enumerate() {
			parsed.push(match input {
				InputJson::Inline(h) => {
					let bytes = api::from_hex(h).map_err(ServiceError::BadRequest)?;
					if bytes.len() as u64 != sizes[index] {
						let e = crate::WorkerError::InputSize { index, expected: sizes[index], got: bytes.len() as u64 };
						return Err(ServiceError::BadRequest(e.to_string()));
					}
					Parsed::Inline(bytes)
				},
				InputJson::Artifact(h) => Parsed::Artifact(
					api::from_hex(h)
						.map_err(ServiceError::BadRequest)?
						.try_into()
						.map_err(|_| ServiceError::BadRequest("an artifact hash has 32 bytes".into()))?,
				),
			});
		}
		// A chain job is found again by what it is, not by its id alone: someone who posts
		// the id first with other inputs creates another job, never the provider's.
		let key = request.chain_job_id.map(|chain| {
			let inputs: Vec<InputKey<'_>> = parsed
				.iter()
				.map(|p| match p {
					Parsed::Inline(bytes) => InputKey::Inline(bytes),
					Parsed::Artifact(hash) => InputKey::Artifact(hash),
				})
				.collect();
			(chain, table::content_digest(&spec, &inputs))
		});
		if let Some(existing) = key.as_ref().and_then(|key| self.existing(key)) {
			return Ok(existing);
		}
		let mut inputs = Vec::with_capacity(sizes.len());
		for (input, len) in parsed.into_iter().zip(&sizes) {
			inputs.push(match input {
				Parsed::Inline(bytes) => bytes,
				Parsed::Artifact(hash) =>
					self.inner.config.artifacts.fetch(&hash, *len).await.map_err(ServiceError::Artifact)?,
			});
		}
		let job = Job { spec, inputs };
		validate(&job).map_err(|e| ServiceError::BadRequest(e.to_string()))?;

		let id = {
			let mut table = self.inner.table.lock().expect("table lock");
			// A concurrent submission of the same job may have won the race.
			if let Some((id, e)) = key.as_ref().and_then(|key| table.answering(key)) {
				return Ok(SubmitResponse { id: id.clone(), state: e.state.name().into(), existing: true });
			}
			let id = table.next_id();
			table.jobs.insert(id.clone(), Entry::new(key, job));
			// A failed, timed-out or cancelled entry of the same job stays readable under
			// its own id until it expires; the key now names the new one.
			if let Some(key) = key {
				table.by_key.insert(key, id.clone());
			}
			id
		};
		if self.inner.queue.try_send(id.clone()).is_err() {
			self.inner.table.lock().expect("table lock").remove(&id);
			return Err(ServiceError::QueueFull);
		}
		self.inner.metrics.submitted();
		Ok(SubmitResponse { id, state: State::Queued.name().into(), existing: false })
	}

	/// The entry a resubmission of `key` gets back: queued, running or succeeded.
	fn existing(&self, key: &DedupKey) -> Option<SubmitResponse> {
		let table = self.inner.table.lock().expect("table lock");
		let (id, e) = table.answering(key)?;
		Some(SubmitResponse { id: id.clone(), state: e.state.name().into(), existing: true })
	}

	pub fn status(&self, id: &str) -> Result<JobStatus, ServiceError> {
		let table = self.inner.table.lock().expect("table lock");
		let e = table.jobs.get(id).ok_or(ServiceError::NotFound)?;
		let now = Instant::now();
		let queued_until = e.started.or(e.finished).unwrap_or(now);
		Ok(JobStatus {
			id: id.to_string(),
			chain_job_id: e.chain_job_id,
			kernel: e.kernel.to_string(),
			state: e.state.name().to_string(),
			digest: e.digest.map(|d| api::to_hex(&d)),
			output_len: e.output.as_ref().map(|o| o.len() as u64),
			error: e.error.clone(),
			queued_ms: queued_until.duration_since(e.submitted).as_millis() as u64,
			run_ms: e.started.map(|s| e.finished.unwrap_or(now).duration_since(s).as_millis() as u64),
			adapter: self.device().name,
		})
	}

	/// The output with blake2-256 `digest` of a job this worker ran, from its table or its
	/// output directory.
	pub fn output_by_digest(&self, digest: &tensorgrid_primitives::Digest) -> Option<Arc<Vec<u8>>> {
		let held = {
			let table = self.inner.table.lock().expect("table lock");
			table.jobs.values().find(|e| e.digest.as_ref() == Some(digest)).and_then(|e| e.output.clone())
		};
		held.or_else(|| {
			let dir = self.inner.config.output_dir.as_ref()?;
			let bytes = std::fs::read(dir.join(hex::encode(digest))).ok()?;
			(tensorgrid_primitives::digest_of(&bytes) == *digest).then(|| Arc::new(bytes))
		})
	}

	/// The output bytes of a succeeded job.
	pub fn output(&self, id: &str) -> Result<Arc<Vec<u8>>, ServiceError> {
		let mut table = self.inner.table.lock().expect("table lock");
		let e = table.jobs.get_mut(id).ok_or(ServiceError::NotFound)?;
		let output = e
			.output
			.clone()
			.ok_or_else(|| ServiceError::NoOutput(format!("the job is {}", e.state.name())))?;
		e.fetched.get_or_insert_with(Instant::now);
		Ok(output)
	}

	/// Cancel a job: a queued job never runs; a running job is told to stop (the CPU
	/// kernels stop within milliseconds; a GPU job's submitted work runs to its end) and its
	/// result is discarded. Cancelling a finished job removes it.
	pub fn cancel(&self, id: &str) -> Result<JobStatus, ServiceError> {
		{
			let mut table = self.inner.table.lock().expect("table lock");
			let e = table.jobs.get_mut(id).ok_or(ServiceError::NotFound)?;
			if !e.state.is_final() {
				e.finish(State::Cancelled);
				self.inner.metrics.finished(State::Cancelled.name());
			}
		}
		self.status(id)
	}

	/// Jobs queued and running.
	pub fn load(&self) -> (usize, usize) {
		let table = self.inner.table.lock().expect("table lock");
		(table.count(State::Queued), table.count(State::Running))
	}

	/// Jobs ended (timed out or cancelled) whose work has not stopped yet. Each holds its
	/// executor slot until it stops.
	pub fn abandoned(&self) -> usize {
		self.inner.in_flight.lock().expect("in-flight lock").values().filter(|c| c.is_cancelled()).count()
	}

	pub fn metrics_text(&self) -> String {
		let (queued, running) = self.load();
		self.inner.metrics.render(queued, running, self.abandoned())
	}
}

/// Take queued jobs one at a time and run them on a blocking thread, within the timeout.
///
/// A job that times out, or is cancelled while it runs, is ended at once (its status says
/// so) and its [`Cancel`] token is set, which stops the CPU kernels within milliseconds.
/// The slot then waits until the executor has returned before it takes the next job, so
/// abandoned work never piles up on the cores or the device: at most `concurrency` jobs'
/// work runs at any time, whatever the executor does with the token (a submitted GPU
/// command buffer runs to its end, bounded by the device's own timeout).
async fn run_executor(inner: Arc<Inner>, rx: Arc<AsyncMutex<mpsc::Receiver<String>>>) {
	loop {
		let Some(id) = rx.lock().await.recv().await else { return };
		let job = {
			let mut table = inner.table.lock().expect("table lock");
			match table.jobs.get_mut(&id) {
				Some(e) if e.state == State::Queued => {
					e.state = State::Running;
					e.started = Some(Instant::now());
					e.job.take().map(|job| (job, e.cancel.clone()))
				},
				_ => None,
			}
		};
		let Some((job, cancel)) = job else { continue };
		let kernel = job.spec.kernel_id().name();
		let executor = inner.executor.clone();
		inner.in_flight.lock().expect("in-flight lock").insert(id.clone(), cancel.clone());
		let started = Instant::now();
		let mut run = {
			let cancel = cancel.clone();
			tokio::task::spawn_blocking(move || executor.run(&job, &cancel))
		};
		let result = tokio::time::timeout(inner.config.job_timeout, &mut run).await;
		let took = started.elapsed();
		let timed_out = result.is_err();
		record(&inner, &id, kernel, took, result);
		if timed_out {
			// The entry may be gone already (deleted after it was cancelled): stop the work
			// anyway, and keep the slot until it has stopped.
			cancel.cancel();
			let _ = run.await;
		}
		inner.in_flight.lock().expect("in-flight lock").remove(&id);
	}
}

type RunResult = Result<Result<crate::Result<crate::JobOutput>, tokio::task::JoinError>, tokio::time::error::Elapsed>;

/// Record how a run ended, unless the job was ended meanwhile (cancelled: the result is
/// discarded).
fn record(inner: &Inner, id: &str, kernel: &'static str, took: Duration, result: RunResult) {
	if let (Some(dir), Ok(Ok(Ok(output)))) = (&inner.config.output_dir, &result) {
		// Outside the table lock: an output may be 128 MiB.
		if let Err(e) = keep_output(dir, &output.digest, &output.output) {
			log::warn!(target: "gpu-worker", "writing output {} to {}: {e}", api::to_hex(&output.digest), dir.display());
		}
	}
	let mut table = inner.table.lock().expect("table lock");
	let Some(e) = table.jobs.get_mut(id) else { return };
	if e.state != State::Running {
		return;
	}
	let state = match result {
		Ok(Ok(Ok(output))) => {
			inner.metrics.kernel_time(kernel, took);
			e.digest = Some(output.digest);
			e.output = Some(Arc::new(output.output));
			State::Succeeded
		},
		Ok(Ok(Err(err))) => {
			e.error = Some(err.to_string());
			State::Failed
		},
		Ok(Err(join)) => {
			e.error = Some(format!("the executor failed: {join}"));
			State::Failed
		},
		Err(_) => {
			e.error = Some(format!("the job ran longer than {:?} and was stopped", inner.config.job_timeout));
			State::TimedOut
		},
	};
	e.finish(state);
	inner.metrics.finished(state.name());
}

/// Write `bytes` as `<dir>/<hex of digest>` (by rename, so a reader never sees half a file).
fn keep_output(dir: &std::path::Path, digest: &tensorgrid_primitives::Digest, bytes: &[u8]) -> std::io::Result<()> {
	static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
	let name = hex::encode(digest);
	let path = dir.join(&name);
	if path.is_file() {
		// Produced again: needed again, so kept as long as if it were new.
		return std::fs::File::options().append(true).open(&path)?.set_modified(std::time::SystemTime::now());
	}
	std::fs::create_dir_all(dir)?;
	// A name of its own: two jobs with the same output never write one file at once.
	let unique = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
	let tmp = dir.join(format!(".{name}.{}.{unique}.part", std::process::id()));
	if let Err(e) = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, &path)) {
		let _ = std::fs::remove_file(&tmp);
		return Err(e);
	}
	Ok(())
}

/// Drop expired results every few seconds, until the service is gone.
async fn expire_loop(inner: std::sync::Weak<Inner>) {
	loop {
		tokio::time::sleep(Duration::from_secs(5)).await;
		let Some(inner) = inner.upgrade() else { return };
		let (retention, after_fetch) = (inner.config.retention, inner.config.retention_after_fetch);
		inner.table.lock().expect("table lock").expire(retention, after_fetch);
	}
}
