//! The kernel registry: every kernel a job can name, its shape parameters, the inputs it
//! expects, the size of its canonical output and its price in work units.
//!
//! The runtime validates job specs with [`KernelSpec::validate`] before taking escrow, and
//! the GPU worker validates them again before touching a device, so both sides agree on
//! what is executable. All bounds below exist so that every kernel's integer arithmetic is
//! exact: no i32 accumulator can overflow for any input allowed by a valid spec.

use bounded_collections::{BoundedVec, ConstU32};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// Ops per work unit: a job's price is `work_units × price_per_unit`.
pub const OPS_PER_WORK_UNIT: u64 = 1_000_000;

/// Largest reduction length (number of int8 products summed into one i32). Each product is
/// at most 128 × 128 = 2^14 in magnitude, so 2^17 − 1 of them stay below 2^31 (2^17 of
/// them would reach exactly 2^31 and wrap).
pub const MAX_REDUCTION: u64 = (1 << 17) - 1;

/// Largest single dimension of any tensor (as long as the longest reduction, so a single
/// row may use all of it).
pub const MAX_DIM: u32 = 1 << 17;

/// Largest tensor (input or output), in bytes: 256 MiB.
pub const MAX_TENSOR_BYTES: u64 = 256 << 20;

/// Largest total work of one job, in ops (2^38 ≈ 2.7 × 10^11): the reference worker's CPU
/// kernels finish it well inside the worker's default job timeout (600 s) and the chain's
/// default commit window (100 blocks).
pub const MAX_OPS: u64 = 1 << 38;

/// Largest device buffer a job may need, in bytes: 128 MiB, wgpu's default
/// `max_storage_buffer_binding_size`, which every adapter the worker opens supports.
pub const MAX_BUFFER_BYTES: u64 = 128 << 20;

/// Most device memory one job may need (every buffer of [`KernelSpec::device_buffers`]
/// together): 1 GiB, the reference worker's default memory cap.
pub const MAX_JOB_MEMORY: u64 = 1 << 30;

/// Most layers in a quantized MLP.
pub const MAX_MLP_LAYERS: u32 = 8;

/// Largest sequence length for integer attention: the softmax weights of one row sum to
/// at most 2^15, and the weighted sum over V stays below 2^22 for any length, but the
/// exponent sum `Σ e_j` with `e_j ≤ 2^15` must stay below 2^31.
pub const MAX_ATTENTION_SEQ: u32 = 1 << 15;

/// Training: fractional bits of the Q-format used for weights, activations and gradients.
pub const TRAIN_FRAC_BITS: u32 = 10;
/// Training: most features per sample, hidden units, outputs per sample and batch size.
/// With values clamped to ±(2^15 − 1), each rounded product is below 2^20, so sums of up
/// to 2^10 of them stay below 2^30.
pub const MAX_TRAIN_DIM: u32 = 1 << 10;
/// Training: most `batch × d_out` (terms of the loss sum).
pub const MAX_TRAIN_LOSS_TERMS: u32 = 1 << 10;
/// Training: most SGD steps in one job.
pub const MAX_TRAIN_STEPS: u32 = 1_000;

/// The kernels a job can name.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, Copy, PartialEq, Eq, Debug,
)]
pub enum KernelId {
	/// int8 × int8 matrix product with i32 accumulation.
	MatmulI8,
	/// 2-D convolution on int8, NCHW, with i32 bias and i32 output.
	Conv2dI8,
	/// Quantized MLP inference: linear + bias + requantize + ReLU layers, argmax.
	MlpInferenceI8,
	/// Single-head integer attention with an integer softmax.
	AttentionI8,
	/// Fixed-point SGD steps of a two-layer MLP.
	MlpTrain,
	/// Fixed-point inference with a model [`KernelId::MlpTrain`] trained: reads that job's
	/// whole output, so a training job chains into it unchanged.
	MlpPredict,
}

impl KernelId {
	/// Every kernel, in id order.
	pub const ALL: [KernelId; 6] = [
		KernelId::MatmulI8,
		KernelId::Conv2dI8,
		KernelId::MlpInferenceI8,
		KernelId::AttentionI8,
		KernelId::MlpTrain,
		KernelId::MlpPredict,
	];

	/// Stable name used in APIs and logs.
	pub fn name(self) -> &'static str {
		match self {
			KernelId::MatmulI8 => "matmul_i8",
			KernelId::Conv2dI8 => "conv2d_i8",
			KernelId::MlpInferenceI8 => "mlp_inference_i8",
			KernelId::AttentionI8 => "attention_i8",
			KernelId::MlpTrain => "mlp_train",
			KernelId::MlpPredict => "mlp_predict",
		}
	}

	/// Parse a name given by [`KernelId::name`].
	pub fn from_name(name: &str) -> Option<Self> {
		Self::ALL.iter().copied().find(|k| k.name() == name)
	}

	/// Whether a verifier may check a result with Freivalds' algorithm instead of
	/// re-executing it (true for matrix products only).
	pub fn supports_freivalds(self) -> bool {
		matches!(self, KernelId::MatmulI8)
	}
}

/// Fixed-point requantization `y = round_half_even(x × multiplier / 2^shift)`.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, Copy, PartialEq, Eq, Debug,
)]
pub struct Requant {
	/// Positive multiplier, at most `i32::MAX`.
	pub multiplier: u32,
	/// Right shift, 1..=62.
	pub shift: u8,
}

impl Requant {
	fn validate(&self) -> Result<(), SpecError> {
		if self.multiplier == 0 || self.multiplier > i32::MAX as u32 {
			return Err(SpecError::BadMultiplier);
		}
		if self.shift == 0 || self.shift > 62 {
			return Err(SpecError::BadShift);
		}
		Ok(())
	}
}

/// `C[m×n] = A[m×k] · B[k×n]`.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, Copy, PartialEq, Eq, Debug,
)]
pub struct MatmulShape {
	pub m: u32,
	pub k: u32,
	pub n: u32,
}

/// NCHW convolution with square stride and symmetric zero padding.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, Copy, PartialEq, Eq, Debug,
)]
pub struct Conv2dShape {
	pub batch: u32,
	pub in_channels: u32,
	pub height: u32,
	pub width: u32,
	pub out_channels: u32,
	pub kernel_h: u32,
	pub kernel_w: u32,
	pub stride: u32,
	pub padding: u32,
}

impl Conv2dShape {
	/// Output height and width, or `None` when the kernel does not fit the padded input.
	pub fn output_hw(&self) -> Option<(u32, u32)> {
		let ph = self.height.checked_add(self.padding.checked_mul(2)?)?;
		let pw = self.width.checked_add(self.padding.checked_mul(2)?)?;
		if self.stride == 0 || self.kernel_h > ph || self.kernel_w > pw {
			return None;
		}
		Some(((ph - self.kernel_h) / self.stride + 1, (pw - self.kernel_w) / self.stride + 1))
	}
}

/// One MLP layer; its input width is the previous layer's output width.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, Copy, PartialEq, Eq, Debug,
)]
pub struct MlpLayer {
	pub d_out: u32,
	pub requant: Requant,
}

/// Quantized MLP inference over a batch of int8 samples.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct MlpShape {
	pub batch: u32,
	pub d_in: u32,
	pub layers: BoundedVec<MlpLayer, ConstU32<MAX_MLP_LAYERS>>,
}

impl MlpShape {
	/// `(d_in, d_out)` of every layer, in order.
	pub fn layer_dims(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
		let mut d_in = self.d_in;
		self.layers.iter().map(move |l| {
			let dims = (d_in, l.d_out);
			d_in = l.d_out;
			dims
		})
	}
}

/// Single-head attention `softmax(Q·Kᵀ) · V` in integers.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, Copy, PartialEq, Eq, Debug,
)]
pub struct AttentionShape {
	pub seq_len: u32,
	pub d_k: u32,
	pub d_v: u32,
	/// Maps `score − row max` to a Q8 base-2 exponent (folds 1/√d_k and log2(e)).
	pub score_scale: Requant,
}

/// Fixed-point SGD on a two-layer MLP (`d_in → hidden → d_out`, ReLU, mean-squared error).
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, Copy, PartialEq, Eq, Debug,
)]
pub struct TrainShape {
	pub batch: u32,
	pub d_in: u32,
	pub hidden: u32,
	pub d_out: u32,
	/// Learning rate as `learning_rate / 2^lr_shift` applied to the gradient sum.
	pub learning_rate: u32,
	pub lr_shift: u8,
	pub steps: u32,
}

/// Inference with the two-layer MLP an [`KernelSpec::MlpTrain`] job trained: the forward
/// pass of its training step, `Y = clamp(b2 + W2·clamp(relu(b1 + W1·x)))` in Q10, on new
/// samples. Its second input is the training job's whole output (`steps` losses, then `W1,
/// b1, W2, b2`), so `{ JobOutput: training job }` is the model, with no download.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, Copy, PartialEq, Eq, Debug,
)]
pub struct PredictShape {
	pub batch: u32,
	pub d_in: u32,
	pub hidden: u32,
	pub d_out: u32,
	/// Steps of the training job whose output is read (its losses come first and are
	/// skipped).
	pub steps: u32,
}

impl PredictShape {
	/// The training job whose output this reads would have this shape (any learning rate).
	fn trained(&self) -> TrainShape {
		TrainShape {
			batch: 1,
			d_in: self.d_in,
			hidden: self.hidden,
			d_out: self.d_out,
			learning_rate: 1,
			lr_shift: 1,
			steps: self.steps,
		}
	}
}

/// A kernel together with its shape parameters: everything needed to validate and price a
/// job before any input is read.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub enum KernelSpec {
	MatmulI8(MatmulShape),
	Conv2dI8(Conv2dShape),
	MlpInferenceI8(MlpShape),
	AttentionI8(AttentionShape),
	MlpTrain(TrainShape),
	MlpPredict(PredictShape),
}

/// Why a spec is not executable.
#[derive(Encode, Decode, TypeInfo, Clone, Copy, PartialEq, Eq, Debug)]
pub enum SpecError {
	/// A dimension is zero: empty tensors are not jobs.
	EmptyTensor,
	/// A dimension exceeds [`MAX_DIM`] or a kernel-specific bound.
	DimensionTooLarge,
	/// A reduction is longer than the i32 accumulator allows.
	ReductionTooLong,
	/// An input or output tensor exceeds [`MAX_TENSOR_BYTES`].
	TensorTooLarge,
	/// The job exceeds [`MAX_OPS`].
	TooMuchWork,
	/// A device buffer the job needs exceeds [`MAX_BUFFER_BYTES`], or all of them together
	/// exceed [`MAX_JOB_MEMORY`]: the reference worker could not run it.
	ExceedsWorkerMemory,
	/// An MLP with no layers.
	NoLayers,
	/// A requantization multiplier of zero or above `i32::MAX`.
	BadMultiplier,
	/// A shift outside 1..=62.
	BadShift,
	/// A convolution with stride zero or a kernel larger than the padded input.
	BadConvolution,
	/// A training step count of zero or above [`MAX_TRAIN_STEPS`].
	BadSteps,
}

fn nonzero(dims: &[u32]) -> Result<(), SpecError> {
	if dims.iter().any(|d| *d == 0) {
		return Err(SpecError::EmptyTensor);
	}
	if dims.iter().any(|d| *d > MAX_DIM) {
		return Err(SpecError::DimensionTooLarge);
	}
	Ok(())
}

/// Product of `dims` in u64, saturating: a saturated product exceeds every bound, so the
/// spec is rejected rather than wrapped.
fn product(dims: &[u32]) -> u64 {
	dims.iter().fold(1u64, |acc, d| acc.saturating_mul(*d as u64))
}

fn reduction(len: u64) -> Result<(), SpecError> {
	if len > MAX_REDUCTION {
		return Err(SpecError::ReductionTooLong);
	}
	Ok(())
}

impl KernelSpec {
	/// The kernel this spec runs.
	pub fn kernel_id(&self) -> KernelId {
		match self {
			KernelSpec::MatmulI8(_) => KernelId::MatmulI8,
			KernelSpec::Conv2dI8(_) => KernelId::Conv2dI8,
			KernelSpec::MlpInferenceI8(_) => KernelId::MlpInferenceI8,
			KernelSpec::AttentionI8(_) => KernelId::AttentionI8,
			KernelSpec::MlpTrain(_) => KernelId::MlpTrain,
			KernelSpec::MlpPredict(_) => KernelId::MlpPredict,
		}
	}

	/// Check every bound; `Ok` guarantees exact integer arithmetic and sizes that fit u64.
	pub fn validate(&self) -> Result<(), SpecError> {
		self.check_shape()?;
		for bytes in self.input_sizes().into_iter().chain(core::iter::once(self.output_size())) {
			if bytes > MAX_TENSOR_BYTES {
				return Err(SpecError::TensorTooLarge);
			}
		}
		if self.ops() > MAX_OPS {
			return Err(SpecError::TooMuchWork);
		}
		let buffers = self.device_buffers();
		let total = buffers.iter().fold(0u64, |a, b| a.saturating_add(*b));
		if buffers.iter().any(|b| *b > MAX_BUFFER_BYTES) || total > MAX_JOB_MEMORY {
			return Err(SpecError::ExceedsWorkerMemory);
		}
		Ok(())
	}

	/// Byte length of every device buffer the worker's kernel binds for this job (inputs as
	/// laid out on the device, scratch and output), in binding order. The chain's
	/// validation and the worker's memory check both use this list, so they agree on what
	/// fits.
	pub fn device_buffers(&self) -> alloc_vec::Vec<u64> {
		let inputs = self.input_sizes();
		match self {
			KernelSpec::MatmulI8(s) => {
				// Rows of A and columns of B packed four int8 to a 32-bit word.
				let k_bytes = 4 * (s.k as u64).div_ceil(4);
				alloc_vec::vec![
					(s.m as u64).saturating_mul(k_bytes),
					(s.n as u64).saturating_mul(k_bytes),
					self.output_size(),
				]
			},
			KernelSpec::Conv2dI8(_) => {
				let mut b = inputs;
				b.push(self.output_size());
				b
			},
			KernelSpec::MlpInferenceI8(s) => {
				let batch = s.batch as u64;
				let widest = s.layer_dims().map(|(_, o)| o as u64).chain([s.d_in as u64]).max().unwrap_or(1);
				let act = 4u64.saturating_mul(batch).saturating_mul(widest);
				let mut b = inputs;
				b.extend([act, act, 4 * batch]);
				b
			},
			KernelSpec::AttentionI8(s) => {
				let l = s.seq_len as u64;
				let mut b = inputs;
				b.extend([4 * product(&[s.seq_len, s.seq_len]), 4 * l * s.d_v as u64]);
				b
			},
			KernelSpec::MlpTrain(s) => {
				let data = inputs[0] + inputs[1];
				let weights: u64 = inputs[2..].iter().sum();
				let scratch = 4 * (2 * product(&[s.batch, s.hidden]) + product(&[s.batch, s.d_out]) + 1);
				alloc_vec::vec![data, weights, weights, scratch, 4 * s.steps as u64]
			},
			KernelSpec::MlpPredict(s) => {
				// The training kernel's forward passes: samples with zero targets, the
				// weights (twice: its layout binds a second weight buffer), its scratch.
				let data = inputs[0] + 4 * product(&[s.batch, s.d_out]);
				let weights = inputs[1] - 4 * s.steps as u64;
				let scratch = 4 * (2 * product(&[s.batch, s.hidden]) + product(&[s.batch, s.d_out]) + 1);
				alloc_vec::vec![data, weights, weights, scratch]
			},
		}
	}

	fn check_shape(&self) -> Result<(), SpecError> {
		match self {
			KernelSpec::MatmulI8(s) => {
				nonzero(&[s.m, s.k, s.n])?;
				reduction(s.k as u64)
			},
			KernelSpec::Conv2dI8(s) => {
				nonzero(&[
					s.batch,
					s.in_channels,
					s.height,
					s.width,
					s.out_channels,
					s.kernel_h,
					s.kernel_w,
					s.stride,
				])?;
				if s.padding > MAX_DIM {
					return Err(SpecError::DimensionTooLarge);
				}
				s.output_hw().ok_or(SpecError::BadConvolution)?;
				reduction(product(&[s.in_channels, s.kernel_h, s.kernel_w]))
			},
			KernelSpec::MlpInferenceI8(s) => {
				if s.layers.is_empty() {
					return Err(SpecError::NoLayers);
				}
				nonzero(&[s.batch, s.d_in])?;
				for layer in s.layers.iter() {
					nonzero(&[layer.d_out])?;
					layer.requant.validate()?;
				}
				// Bias is added to the accumulator, so leave one more bit of headroom.
				for (d_in, _) in s.layer_dims() {
					reduction(2 * d_in as u64)?;
				}
				Ok(())
			},
			KernelSpec::AttentionI8(s) => {
				nonzero(&[s.seq_len, s.d_k, s.d_v])?;
				if s.seq_len > MAX_ATTENTION_SEQ {
					return Err(SpecError::DimensionTooLarge);
				}
				s.score_scale.validate()?;
				reduction(s.d_k as u64)
			},
			KernelSpec::MlpTrain(s) => {
				nonzero(&[s.batch, s.d_in, s.hidden, s.d_out])?;
				if [s.batch, s.d_in, s.hidden, s.d_out].iter().any(|d| *d > MAX_TRAIN_DIM) ||
					(s.batch as u64) * (s.d_out as u64) > MAX_TRAIN_LOSS_TERMS as u64
				{
					return Err(SpecError::DimensionTooLarge);
				}
				if s.steps == 0 || s.steps > MAX_TRAIN_STEPS {
					return Err(SpecError::BadSteps);
				}
				Requant { multiplier: s.learning_rate, shift: s.lr_shift }.validate()
			},
			KernelSpec::MlpPredict(s) => {
				nonzero(&[s.batch, s.d_in, s.hidden, s.d_out])?;
				if [s.batch, s.d_in, s.hidden, s.d_out].iter().any(|d| *d > MAX_TRAIN_DIM) {
					return Err(SpecError::DimensionTooLarge);
				}
				if s.steps == 0 || s.steps > MAX_TRAIN_STEPS {
					return Err(SpecError::BadSteps);
				}
				Ok(())
			},
		}
	}

	/// Byte length of each input, in the order the kernel reads them (see the GPU worker's
	/// README for the layouts). int8 tensors take one byte per element, i32 tensors four
	/// (little endian).
	pub fn input_sizes(&self) -> alloc_vec::Vec<u64> {
		match self {
			KernelSpec::MatmulI8(s) =>
				alloc_vec::vec![product(&[s.m, s.k]), product(&[s.k, s.n])],
			KernelSpec::Conv2dI8(s) => alloc_vec::vec![
				product(&[s.batch, s.in_channels, s.height, s.width]),
				product(&[s.out_channels, s.in_channels, s.kernel_h, s.kernel_w]),
				4 * s.out_channels as u64,
			],
			KernelSpec::MlpInferenceI8(s) => {
				let mut sizes = alloc_vec::vec![product(&[s.batch, s.d_in])];
				for (d_in, d_out) in s.layer_dims() {
					sizes.push(product(&[d_out, d_in]));
					sizes.push(4 * d_out as u64);
				}
				sizes
			},
			KernelSpec::AttentionI8(s) => alloc_vec::vec![
				product(&[s.seq_len, s.d_k]),
				product(&[s.seq_len, s.d_k]),
				product(&[s.seq_len, s.d_v]),
			],
			KernelSpec::MlpTrain(s) => alloc_vec::vec![
				4 * product(&[s.batch, s.d_in]),
				4 * product(&[s.batch, s.d_out]),
				4 * product(&[s.hidden, s.d_in]),
				4 * s.hidden as u64,
				4 * product(&[s.d_out, s.hidden]),
				4 * s.d_out as u64,
			],
			KernelSpec::MlpPredict(s) =>
				alloc_vec::vec![4 * product(&[s.batch, s.d_in]), KernelSpec::MlpTrain(s.trained()).output_size()],
		}
	}

	/// Byte length of the canonical output.
	pub fn output_size(&self) -> u64 {
		match self {
			KernelSpec::MatmulI8(s) => 4 * product(&[s.m, s.n]),
			KernelSpec::Conv2dI8(s) => {
				let (oh, ow) = s.output_hw().unwrap_or((0, 0));
				4 * product(&[s.batch, s.out_channels, oh, ow])
			},
			KernelSpec::MlpInferenceI8(s) => {
				let d_last = s.layers.last().map(|l| l.d_out).unwrap_or(0);
				// int8 logits, then one u32 argmax per sample.
				product(&[s.batch, d_last]) + 4 * s.batch as u64
			},
			KernelSpec::AttentionI8(s) => product(&[s.seq_len, s.d_v]),
			KernelSpec::MlpTrain(s) =>
				4 * (s.steps as u64 +
					product(&[s.hidden, s.d_in]) +
					s.hidden as u64 + product(&[s.d_out, s.hidden]) +
					s.d_out as u64),
			// i32 (Q10) outputs, then one u32 argmax per sample.
			KernelSpec::MlpPredict(s) => 4 * product(&[s.batch, s.d_out]) + 4 * s.batch as u64,
		}
	}

	/// Integer operations of the job, counting one multiply-accumulate as one op.
	pub fn ops(&self) -> u64 {
		match self {
			KernelSpec::MatmulI8(s) => product(&[s.m, s.k, s.n]),
			KernelSpec::Conv2dI8(s) => {
				let (oh, ow) = s.output_hw().unwrap_or((0, 0));
				product(&[s.batch, s.out_channels, oh, ow])
					.saturating_mul(product(&[s.in_channels, s.kernel_h, s.kernel_w]))
			},
			KernelSpec::MlpInferenceI8(s) => s
				.layer_dims()
				.map(|(i, o)| product(&[s.batch, i, o]))
				.fold(0u64, |a, b| a.saturating_add(b)),
			KernelSpec::AttentionI8(s) => {
				let l2 = product(&[s.seq_len, s.seq_len]);
				// QKᵀ, the softmax (a handful of ops per score), and the weighted sum over V.
				l2.saturating_mul(s.d_k as u64 + s.d_v as u64 + 8)
			},
			KernelSpec::MlpTrain(s) => {
				let weights = product(&[s.d_in, s.hidden]) + product(&[s.hidden, s.d_out]);
				// Forward, backward through the second layer, and two weight gradients:
				// three passes over every weight per sample.
				product(&[s.batch, s.steps]).saturating_mul(3).saturating_mul(weights)
			},
			KernelSpec::MlpPredict(s) =>
				(s.batch as u64).saturating_mul(product(&[s.d_in, s.hidden]) + product(&[s.hidden, s.d_out])),
		}
	}

	/// Price of the job in work units: `ceil(ops / 10^6)`, at least 1.
	pub fn work_units(&self) -> u64 {
		self.ops().div_ceil(OPS_PER_WORK_UNIT).max(1)
	}
}

// `Vec` without making `alloc` part of the public path.
mod alloc_vec {
	extern crate alloc;
	pub use alloc::{vec, vec::Vec};
}

#[cfg(test)]
mod tests {
	use super::*;

	fn rq() -> Requant {
		Requant { multiplier: 1 << 30, shift: 31 }
	}

	#[test]
	fn matmul_work_units_round_up() {
		let spec = KernelSpec::MatmulI8(MatmulShape { m: 100, k: 100, n: 101 });
		assert_eq!(spec.ops(), 1_010_000);
		assert_eq!(spec.work_units(), 2);
		let tiny = KernelSpec::MatmulI8(MatmulShape { m: 1, k: 1, n: 1 });
		assert_eq!(tiny.work_units(), 1);
	}

	#[test]
	fn empty_and_oversized_shapes_are_rejected() {
		assert_eq!(
			KernelSpec::MatmulI8(MatmulShape { m: 0, k: 4, n: 4 }).validate(),
			Err(SpecError::EmptyTensor)
		);
		assert_eq!(
			KernelSpec::MatmulI8(MatmulShape { m: 4, k: (1 << 17) + 1, n: 4 }).validate(),
			Err(SpecError::DimensionTooLarge)
		);
		assert_eq!(
			KernelSpec::MatmulI8(MatmulShape { m: 65536, k: 65536, n: 65536 }).validate(),
			Err(SpecError::TensorTooLarge)
		);
	}

	#[test]
	fn conv_output_shape_and_bad_kernel() {
		let s = Conv2dShape {
			batch: 1,
			in_channels: 3,
			height: 8,
			width: 7,
			out_channels: 4,
			kernel_h: 3,
			kernel_w: 3,
			stride: 2,
			padding: 1,
		};
		assert_eq!(s.output_hw(), Some((4, 4)));
		assert!(KernelSpec::Conv2dI8(s).validate().is_ok());
		let too_big = Conv2dShape { kernel_h: 11, ..s };
		assert_eq!(KernelSpec::Conv2dI8(too_big).validate(), Err(SpecError::BadConvolution));
	}

	#[test]
	fn mlp_sizes_follow_layers() {
		let spec = KernelSpec::MlpInferenceI8(MlpShape {
			batch: 2,
			d_in: 3,
			layers: alloc_vec::vec![
				MlpLayer { d_out: 5, requant: rq() },
				MlpLayer { d_out: 4, requant: rq() }
			]
			.try_into()
			.unwrap(),
		});
		assert!(spec.validate().is_ok());
		assert_eq!(spec.input_sizes(), alloc_vec::vec![6, 15, 20, 20, 16]);
		assert_eq!(spec.output_size(), 2 * 4 + 2 * 4);
		assert_eq!(spec.ops(), 2 * 3 * 5 + 2 * 5 * 4);
	}

	#[test]
	fn bad_requant_and_training_bounds() {
		let bad = KernelSpec::AttentionI8(AttentionShape {
			seq_len: 4,
			d_k: 4,
			d_v: 4,
			score_scale: Requant { multiplier: 0, shift: 8 },
		});
		assert_eq!(bad.validate(), Err(SpecError::BadMultiplier));
		let train = TrainShape {
			batch: 8,
			d_in: 4,
			hidden: 8,
			d_out: 2,
			learning_rate: 1,
			lr_shift: 70,
			steps: 1,
		};
		assert_eq!(KernelSpec::MlpTrain(train).validate(), Err(SpecError::BadShift));
		let no_steps = TrainShape { lr_shift: 4, steps: 0, ..train };
		assert_eq!(KernelSpec::MlpTrain(no_steps).validate(), Err(SpecError::BadSteps));
	}

	#[test]
	fn attention_whose_scores_exceed_worker_memory_is_rejected() {
		// seq_len 8192: the score matrix alone needs 256 MiB, above the reference device's
		// largest buffer, although every input and the output are small.
		let spec = |seq_len| {
			KernelSpec::AttentionI8(AttentionShape {
				seq_len,
				d_k: 4,
				d_v: 4,
				score_scale: Requant { multiplier: 1, shift: 8 },
			})
		};
		assert_eq!(spec(8192).validate(), Err(SpecError::ExceedsWorkerMemory));
		assert!(spec(4096).validate().is_ok());
		assert_eq!(spec(4096).device_buffers()[3], 64 << 20);
	}

	#[test]
	fn kernel_names_round_trip() {
		for k in KernelId::ALL {
			assert_eq!(KernelId::from_name(k.name()), Some(k));
		}
		assert_eq!(KernelId::from_name("nope"), None);
	}

	#[test]
	fn spec_scale_round_trips() {
		let spec = KernelSpec::MatmulI8(MatmulShape { m: 2, k: 3, n: 4 });
		let bytes = spec.encode();
		assert_eq!(KernelSpec::decode(&mut &bytes[..]).unwrap(), spec);
	}

	#[test]
	fn a_training_jobs_output_is_exactly_the_prediction_model_input() {
		let train = TrainShape { batch: 8, d_in: 4, hidden: 8, d_out: 2, learning_rate: 1, lr_shift: 4, steps: 20 };
		let predict = PredictShape { batch: 3, d_in: 4, hidden: 8, d_out: 2, steps: 20 };
		let spec = KernelSpec::MlpPredict(predict);
		assert!(spec.validate().is_ok());
		assert_eq!(spec.input_sizes(), alloc_vec::vec![4 * 3 * 4, KernelSpec::MlpTrain(train).output_size()]);
		assert_eq!(spec.output_size(), 4 * 3 * 2 + 4 * 3);
		assert_eq!(spec.ops(), 3 * (4 * 8 + 8 * 2));
		assert_eq!(spec.kernel_id().name(), "mlp_predict");
		assert_eq!(KernelId::from_name("mlp_predict"), Some(KernelId::MlpPredict));
		assert_eq!(KernelSpec::MlpPredict(PredictShape { steps: 0, ..predict }).validate(), Err(SpecError::BadSteps));
		assert_eq!(
			KernelSpec::MlpPredict(PredictShape { hidden: MAX_TRAIN_DIM + 1, ..predict }).validate(),
			Err(SpecError::DimensionTooLarge)
		);
	}
}
