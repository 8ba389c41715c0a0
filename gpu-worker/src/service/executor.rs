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
