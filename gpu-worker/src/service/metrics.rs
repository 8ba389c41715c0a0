//! Prometheus metrics in the text exposition format: jobs by state, kernel time
//! histograms, queue depth.

use std::{
	collections::BTreeMap,
	fmt::Write,
	sync::Mutex,
	time::Duration,
};

/// Upper bounds of the kernel time buckets, in seconds.
const BUCKETS: [f64; 9] = [0.001, 0.005, 0.025, 0.1, 0.5, 2.5, 10.0, 60.0, 300.0];

#[derive(Default)]
struct Histogram {
	counts: [u64; BUCKETS.len()],
	count: u64,
	sum: f64,
}

#[derive(Default)]
struct Inner {
	/// Jobs that reached each final state, and submissions.
	finished: BTreeMap<&'static str, u64>,
	submitted: u64,
	rejected: BTreeMap<&'static str, u64>,
	kernel_seconds: BTreeMap<String, Histogram>,
}

/// Counters shared by the service and the `/metrics` endpoint.
#[derive(Default)]
pub struct Metrics {
	inner: Mutex<Inner>,
}

impl Metrics {
	pub fn submitted(&self) {
		self.inner.lock().expect("metrics lock").submitted += 1;
	}

	pub fn rejected(&self, reason: &'static str) {
		*self.inner.lock().expect("metrics lock").rejected.entry(reason).or_default() += 1;
	}

	pub fn finished(&self, state: &'static str) {
		*self.inner.lock().expect("metrics lock").finished.entry(state).or_default() += 1;
	}

	pub fn kernel_time(&self, kernel: &str, took: Duration) {
		let mut inner = self.inner.lock().expect("metrics lock");
		let h = inner.kernel_seconds.entry(kernel.to_string()).or_default();
		let secs = took.as_secs_f64();
		for (i, bound) in BUCKETS.iter().enumerate() {
			if secs <= *bound {
				h.counts[i] += 1;
			}
		}
		h.count += 1;
		h.sum += secs;
	}

	/// The exposition text, with the live gauges given by the caller: jobs queued, running,
	/// and abandoned (timed out or cancelled, their work not stopped yet).
	pub fn render(&self, queued: usize, running: usize, abandoned: usize) -> String {
		let inner = self.inner.lock().expect("metrics lock");
		let mut out = String::new();
		let _ = writeln!(out, "# HELP gpu_worker_jobs_submitted_total Jobs accepted.");
		let _ = writeln!(out, "# TYPE gpu_worker_jobs_submitted_total counter");
		let _ = writeln!(out, "gpu_worker_jobs_submitted_total {}", inner.submitted);
		let _ = writeln!(out, "# HELP gpu_worker_jobs_rejected_total Submissions refused, by reason.");
		let _ = writeln!(out, "# TYPE gpu_worker_jobs_rejected_total counter");
		for (reason, n) in &inner.rejected {
			let _ = writeln!(out, "gpu_worker_jobs_rejected_total{{reason=\"{reason}\"}} {n}");
		}
		let _ = writeln!(out, "# HELP gpu_worker_jobs_finished_total Jobs that ended, by final state.");
		let _ = writeln!(out, "# TYPE gpu_worker_jobs_finished_total counter");
		for (state, n) in &inner.finished {
			let _ = writeln!(out, "gpu_worker_jobs_finished_total{{state=\"{state}\"}} {n}");
		}
		let _ = writeln!(out, "# HELP gpu_worker_jobs Jobs now queued or running.");
		let _ = writeln!(out, "# TYPE gpu_worker_jobs gauge");
		let _ = writeln!(out, "gpu_worker_jobs{{state=\"queued\"}} {queued}");
		let _ = writeln!(out, "gpu_worker_jobs{{state=\"running\"}} {running}");
		let _ = writeln!(
			out,
			"# HELP gpu_worker_abandoned_jobs Jobs timed out or cancelled whose work has not stopped yet; each holds its executor slot."
		);
		let _ = writeln!(out, "# TYPE gpu_worker_abandoned_jobs gauge");
		let _ = writeln!(out, "gpu_worker_abandoned_jobs {abandoned}");
		let _ = writeln!(out, "# HELP gpu_worker_queue_depth Jobs waiting for an executor.");
		let _ = writeln!(out, "# TYPE gpu_worker_queue_depth gauge");
		let _ = writeln!(out, "gpu_worker_queue_depth {queued}");
		let _ = writeln!(out, "# HELP gpu_worker_kernel_seconds Execution time per kernel.");
		let _ = writeln!(out, "# TYPE gpu_worker_kernel_seconds histogram");
		for (kernel, h) in &inner.kernel_seconds {
			for (i, bound) in BUCKETS.iter().enumerate() {
				let _ = writeln!(
					out,
					"gpu_worker_kernel_seconds_bucket{{kernel=\"{kernel}\",le=\"{bound}\"}} {}",
					h.counts[i]
				);
			}
			let _ = writeln!(out, "gpu_worker_kernel_seconds_bucket{{kernel=\"{kernel}\",le=\"+Inf\"}} {}", h.count);
			let _ = writeln!(out, "gpu_worker_kernel_seconds_sum{{kernel=\"{kernel}\"}} {}", h.sum);
			let _ = writeln!(out, "gpu_worker_kernel_seconds_count{{kernel=\"{kernel}\"}} {}", h.count);
		}
		out
	}
}
