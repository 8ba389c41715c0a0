//! Runs a job (spec + inputs) on the GPU or on the CPU reference, after validating it.

use crate::{
	cancel::Cancel,
	device::GpuDevice,
	error::{Result, WorkerError},
	fixed,
	kernels,
};
use tensorgrid_primitives::{Digest, KernelSpec};

/// A job as the worker receives it: what to run and its input tensors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Job {
	pub spec: KernelSpec,
	pub inputs: Vec<Vec<u8>>,
}

/// A finished job's canonical output and its digest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobOutput {
	pub output: Vec<u8>,
	pub digest: Digest,
}

impl JobOutput {
	fn new(output: Vec<u8>) -> JobOutput {
		let digest = result_digest(&output);
		JobOutput { output, digest }
	}
}

/// `result_digest` = blake2-256 of the canonical output bytes (as `sp_core::blake2_256`).
pub fn result_digest(output: &[u8]) -> Digest {
	tensorgrid_primitives::digest_of(output)
}

/// Check the spec and that the inputs have the count and sizes it needs. This is the same
/// validation the chain runs at submission (`KernelSpec::validate` in the primitives), so
/// every job the chain accepts passes it.
pub fn validate(job: &Job) -> Result<()> {
	job.spec.validate()?;
	let expected = job.spec.input_sizes();
	if expected.len() != job.inputs.len() {
		return Err(WorkerError::InputCount { expected: expected.len(), got: job.inputs.len() });
	}
	for (index, (want, got)) in expected.iter().zip(&job.inputs).enumerate() {
		if *want != got.len() as u64 {
			return Err(WorkerError::InputSize { index, expected: *want, got: got.len() as u64 });
		}
	}
	Ok(())
}

/// The inputs as the kernels read them. Training values are Q10 fixed point clamped to
/// ±`TRAIN_CLAMP` (the range in which the kernel's arithmetic is exact): a value outside
/// it is read as the nearest bound, on every device, so any bytes the chain accepts run.
pub fn canonical_inputs(job: &Job) -> std::borrow::Cow<'_, [Vec<u8>]> {
	match job.spec {
		KernelSpec::MlpTrain(_) | KernelSpec::MlpPredict(_) => std::borrow::Cow::Owned(
			job.inputs
				.iter()
				.map(|input| {
					let values: Vec<i32> =
						fixed::bytes_to_i32s(input).into_iter().map(fixed::clamp_train).collect();
					fixed::i32s_to_bytes(&values)
				})
				.collect(),
		),
		_ => std::borrow::Cow::Borrowed(&job.inputs),
	}
}

fn inputs(canonical: &[Vec<u8>]) -> Vec<&[u8]> {
	canonical.iter().map(|i| i.as_slice()).collect()
}

/// Execute on the CPU reference.
pub fn run_cpu(job: &Job) -> Result<JobOutput> {
	run_cpu_cancellable(job, &Cancel::new())
}

/// Execute on the CPU reference; once `cancel` is set the kernel stops within about
/// [`crate::cancel::CHECK_EVERY_OPS`] operations and this returns `Err(Cancelled)`.
pub fn run_cpu_cancellable(job: &Job, cancel: &Cancel) -> Result<JobOutput> {
	validate(job)?;
	cancel.check()?;
	let canonical = canonical_inputs(job);
	let i = inputs(&canonical);
	let out = match &job.spec {
		KernelSpec::MatmulI8(s) => kernels::matmul::cpu_cancellable(s, i[0], i[1], cancel)?,
		KernelSpec::Conv2dI8(s) => kernels::conv2d::cpu_cancellable(s, i[0], i[1], i[2], cancel)?,
		KernelSpec::MlpInferenceI8(s) => kernels::mlp::cpu_cancellable(s, &i, cancel)?,
		KernelSpec::AttentionI8(s) => kernels::attention::cpu_cancellable(s, i[0], i[1], i[2], cancel)?,
		KernelSpec::MlpTrain(s) => kernels::train::cpu_cancellable(s, &i, cancel)?,
		KernelSpec::MlpPredict(s) => kernels::predict::cpu_cancellable(s, &i, cancel)?,
	};
	Ok(JobOutput::new(out))
}

/// Execute on the GPU.
pub fn run_gpu(dev: &GpuDevice, job: &Job) -> Result<JobOutput> {
	run_gpu_cancellable(dev, job, &Cancel::new())
}

/// Execute on the GPU, unless `cancel` is set before the job gets the device (a job that
/// timed out while it waited for another job's device lock never runs). A command buffer,
/// once submitted, cannot be interrupted: its wait is bounded by the device's own timeout
/// ([`crate::DeviceConfig::timeout`]), and the caller must treat the device as busy until
/// this returns.
pub fn run_gpu_cancellable(dev: &GpuDevice, job: &Job, cancel: &Cancel) -> Result<JobOutput> {
	validate(job)?;
	cancel.check()?;
	let canonical = canonical_inputs(job);
	let i = inputs(&canonical);
	dev.check_memory(&job.spec.device_buffers())?;
	let _device = dev.exclusive();
	cancel.check()?;
	let out = match &job.spec {
		KernelSpec::MatmulI8(s) => kernels::matmul::gpu(dev, s, i[0], i[1])?,
		KernelSpec::Conv2dI8(s) => kernels::conv2d::gpu(dev, s, i[0], i[1], i[2])?,
		KernelSpec::MlpInferenceI8(s) => kernels::mlp::gpu(dev, s, &i)?,
		KernelSpec::AttentionI8(s) => kernels::attention::gpu(dev, s, i[0], i[1], i[2])?,
		KernelSpec::MlpTrain(s) => kernels::train::gpu(dev, s, &i)?,
		KernelSpec::MlpPredict(s) => kernels::predict::gpu(dev, s, &i)?,
	};
	Ok(JobOutput::new(out))
}
