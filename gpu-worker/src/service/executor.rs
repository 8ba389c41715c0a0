//! What runs a job: the GPU device, or the CPU reference (for machines without an adapter).

use super::api::DeviceInfo;
use crate::{run_cpu_cancellable, run_gpu_cancellable, Cancel, GpuDevice, Job, JobOutput, Result};

/// Executes validated jobs. Called from blocking threads.
///
/// `cancel` is set when the service gives the job up (it timed out or was cancelled). An
/// executor should then stop as soon as it can and return `Err(Cancelled)`: the service
/// starts nothing else on this executor slot until `run` has returned, so work that ignores
/// the token holds its slot (and its CPU cores or device) until it ends.
pub trait Executor: Send + Sync + 'static {
	fn run(&self, job: &Job, cancel: &Cancel) -> Result<JobOutput>;
	fn info(&self) -> DeviceInfo;
}

/// The GPU: the token is checked before the job takes the device and before it submits; a
/// submitted command buffer runs to its end (bounded by `DeviceConfig::timeout`).
impl Executor for GpuDevice {
	fn run(&self, job: &Job, cancel: &Cancel) -> Result<JobOutput> {
		run_gpu_cancellable(self, job, cancel)
	}

	fn info(&self) -> DeviceInfo {
		DeviceInfo {
			name: self.profile.name.clone(),
			backend: self.profile.backend.clone(),
			device_type: self.profile.device_type.clone(),
			driver: self.profile.driver.clone(),
			benchmark_score: None,
		}
	}
}

/// The CPU reference kernels: same bytes as the GPU, much slower. They poll the token
/// every million operations or so and stop within milliseconds of a timeout or cancel.
pub struct CpuExecutor;

impl Executor for CpuExecutor {
	fn run(&self, job: &Job, cancel: &Cancel) -> Result<JobOutput> {
		run_cpu_cancellable(job, cancel)
	}

	fn info(&self) -> DeviceInfo {
		DeviceInfo {
			name: "CPU reference".into(),
			backend: "cpu".into(),
			device_type: "Cpu".into(),
			driver: String::new(),
			benchmark_score: None,
		}
	}
}

/// Fault injection for tests of the chain's slashing: runs the job on `inner`, then flips
/// the first output byte, so the worker reports a well-formed but wrong result. Only the
/// hidden `--corrupt-results` flags select it.
pub struct CorruptingExecutor(pub std::sync::Arc<dyn Executor>);

impl Executor for CorruptingExecutor {
	fn run(&self, job: &Job, cancel: &Cancel) -> Result<JobOutput> {
		let mut output = self.0.run(job, cancel)?.output;
		if let Some(first) = output.first_mut() {
			*first ^= 0x01;
		}
		let digest = crate::result_digest(&output);
		Ok(JobOutput { output, digest })
	}

	fn info(&self) -> DeviceInfo {
		self.0.info()
	}
}
