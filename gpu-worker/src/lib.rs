//! Tensorgrid GPU worker: deterministic integer kernels on wgpu, each with a CPU reference
//! that produces the same bytes, a Freivalds verifier for matrix products, and the job
//! executor that turns a [`Job`] into a canonical output and its digest.
//!
//! The worker knows nothing of the chain: it executes specs from
//! [`tensorgrid_primitives::kernels`]. [`service`] runs it as a job queue behind an HTTP API
//! (the `gpu-worker` binary, or embedded in the node).

pub mod cancel;
pub mod device;
pub mod error;
pub mod executor;
pub mod fixed;
pub mod freivalds;
pub mod kernels;
pub mod service;

pub use cancel::Cancel;
pub use device::{DeviceConfig, DeviceProfile, GpuDevice};
pub use error::{Result, WorkerError};
pub use executor::{
	result_digest, run_cpu, run_cpu_cancellable, run_gpu, run_gpu_cancellable, validate, Job, JobOutput,
};
