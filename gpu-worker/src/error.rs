//! Typed errors of the GPU worker. Nothing in the library panics on bad input.

use tensorgrid_primitives::SpecError;

/// Everything that can go wrong between a job spec and its result.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum WorkerError {
	/// No wgpu adapter matched (no GPU, no software Vulkan driver, or the filter excluded
	/// all of them).
	#[error("no GPU adapter available: {0}")]
	NoAdapter(String),
	/// The adapter refused to create a device.
	#[error("could not open the GPU device: {0}")]
	DeviceRequest(String),
	/// The spec is not executable (see [`SpecError`]).
	#[error("invalid job spec: {0:?}")]
	InvalidSpec(SpecError),
	/// Wrong number of inputs for the kernel.
	#[error("kernel expects {expected} inputs, got {got}")]
	InputCount { expected: usize, got: usize },
	/// An input's length does not match the spec's shapes.
	#[error("input {index} has {got} bytes, the spec needs {expected}")]
	InputSize { index: usize, expected: u64, got: u64 },
	/// A buffer or dispatch exceeds the device's limits or the configured memory cap.
	#[error("{what} needs {needed}, the limit is {limit}")]
	ExceedsLimit { what: &'static str, needed: u64, limit: u64 },
	/// The device reported a validation or out-of-memory error.
	#[error("GPU error: {0}")]
	Gpu(String),
	/// A GPU wait did not finish in time.
	#[error("GPU work did not finish within {0:?}")]
	Timeout(std::time::Duration),
	/// The device was lost or a buffer could not be mapped.
	#[error("GPU device failure: {0}")]
	DeviceLost(String),
	/// The job's [`crate::cancel::Cancel`] token was set (it timed out or was cancelled)
	/// and the work stopped before it finished.
	#[error("the job was cancelled before it finished")]
	Cancelled,
}

impl From<SpecError> for WorkerError {
	fn from(e: SpecError) -> Self {
		WorkerError::InvalidSpec(e)
	}
}

/// Result type of the GPU worker.
pub type Result<T> = core::result::Result<T, WorkerError>;
