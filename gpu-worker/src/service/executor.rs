//! What runs a job: the GPU device, or the CPU reference (for machines without an adapter).

use super::api::DeviceInfo;
use crate::{run_cpu, run_gpu, GpuDevice, Job, JobOutput, Result};

/// Executes validated jobs. Called from blocking threads.
pub trait Executor: Send + Sync + 'static {
	fn run(&self, job: &Job) -> Result<JobOutput>;
	fn info(&self) -> DeviceInfo;
}

impl Executor for GpuDevice {
	fn run(&self, job: &Job) -> Result<JobOutput> {
		run_gpu(self, job)
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

/// The CPU reference kernels: same bytes as the GPU, much slower.
pub struct CpuExecutor;

impl Executor for CpuExecutor {
	fn run(&self, job: &Job) -> Result<JobOutput> {
		run_cpu(job)
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
	fn run(&self, job: &Job) -> Result<JobOutput> {
		let mut output = self.0.run(job)?.output;
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
