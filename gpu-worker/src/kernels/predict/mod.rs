//! Fixed-point inference with a model the training kernel produced: the forward pass of
//! [`super::train`]'s step, `H = clamp(relu(b1 + W1·x))`, `Y = clamp(b2 + W2·h)`, all Q10,
//! then each sample's argmax.
//!
//! Inputs: `X` (batch×d_in i32) and the training job's whole output (`steps` losses, then
//! `W1, b1, W2, b2`, as [`super::train`] writes them), so a training job's output is the
//! model with no conversion. Output: `Y` (batch×d_out i32), then one u32 argmax per sample
//! (the first index of the largest value). On the GPU it runs the training shader's two
//! forward passes with zero targets (its error `clamp(clamp(y) − 0)` is `Y`); the argmax
//! of the few outputs per sample is taken on the host after reading `Y` back, the same
//! integer comparison the CPU reference makes.

use super::train::Weights;
use crate::{
	cancel::{Cancel, Meter},
	device::{dispatch, GpuDevice},
	error::Result,
	fixed::{self, clamp_train, round_shift},
};
use tensorgrid_primitives::kernels::{PredictShape, TRAIN_FRAC_BITS};

const SHADER: &str = include_str!("../train/train.wgsl");

fn q_mul(a: i32, b: i32) -> i32 {
	round_shift(a * b, TRAIN_FRAC_BITS)
}

/// The model's parameters from a training job's output (its losses skipped).
fn model(shape: &PredictShape, trained: &[u8]) -> Weights {
	let (d_in, h, d_out) = (shape.d_in as usize, shape.hidden as usize, shape.d_out as usize);
	let rest = &trained[4 * shape.steps as usize..];
	let (w1, rest) = rest.split_at(4 * h * d_in);
	let (b1, rest) = rest.split_at(4 * h);
	let (w2, b2) = rest.split_at(4 * d_out * h);
	Weights::from_inputs(w1, b1, w2, b2)
}

/// `Y` followed by the argmax of each row.
fn encode_output(shape: &PredictShape, y: &[i32]) -> Vec<u8> {
	let d_out = shape.d_out as usize;
	let mut out = fixed::i32s_to_bytes(y);
	for row in y.chunks(d_out) {
		let mut best = 0usize;
		for (i, v) in row.iter().enumerate() {
			if *v > row[best] {
				best = i;
			}
		}
		out.extend_from_slice(&(best as u32).to_le_bytes());
	}
	out
}

/// CPU reference. `inputs` are `[X, trained]`.
pub fn cpu(shape: &PredictShape, inputs: &[&[u8]]) -> Vec<u8> {
	cpu_cancellable(shape, inputs, &Cancel::new()).unwrap_or_default()
}

/// [`cpu`], stopping with `Err(Cancelled)` soon after `cancel` is set.
pub fn cpu_cancellable(shape: &PredictShape, inputs: &[&[u8]], cancel: &Cancel) -> Result<Vec<u8>> {
	let x = fixed::bytes_to_i32s(inputs[0]);
	let w = model(shape, inputs[1]);
	let mut meter = cancel.meter();
	let y = forward(shape, &x, &w, &mut meter)?;
	Ok(encode_output(shape, &y))
}

fn forward(shape: &PredictShape, x: &[i32], w: &Weights, meter: &mut Meter<'_>) -> Result<Vec<i32>> {
	let (batch, d_in, hid, d_out) =
		(shape.batch as usize, shape.d_in as usize, shape.hidden as usize, shape.d_out as usize);
	let mut h = vec![0i32; hid];
	let mut y = vec![0i32; batch * d_out];
	for b in 0..batch {
		for j in 0..hid {
			meter.tick(d_in as u64)?;
			let mut z = w.b1[j];
			for k in 0..d_in {
				z += q_mul(w.w1[j * d_in + k], x[b * d_in + k]);
			}
			h[j] = clamp_train(z.max(0));
		}
		for o in 0..d_out {
			meter.tick(hid as u64)?;
			let mut acc = w.b2[o];
			for j in 0..hid {
				acc += q_mul(w.w2[o * hid + j], h[j]);
			}
			y[b * d_out + o] = clamp_train(clamp_train(acc));
		}
	}
	Ok(y)
}

/// The training shader's forward passes, one submission.
pub fn gpu(dev: &GpuDevice, shape: &PredictShape, inputs: &[&[u8]]) -> Result<Vec<u8>> {
	let (batch, d_in, hid, d_out) =
		(shape.batch as u64, shape.d_in as u64, shape.hidden as u64, shape.d_out as u64);
	let weights = &inputs[1][4 * shape.steps as usize..];
	let mut data = inputs[0].to_vec();
	data.resize(data.len() + 4 * (batch * d_out) as usize, 0);
	let scratch_len = 4 * (2 * batch * hid + batch * d_out + 1);
	dev.check_memory(&[data.len() as u64, weights.len() as u64, weights.len() as u64, scratch_len])?;

	let source = format!("{}\n{}", fixed::WGSL, SHADER);
	// The training kernel's pipelines (compiled once per device for both kernels).
	let hidden = dev.pipeline("train", &source, "forward_hidden", 5)?;
	let output = dev.pipeline("train", &source, "forward_output", 5)?;
	// The training parameters' learning rate and shift are not read by the forward passes.
	let params = dev.upload("params", &fixed::i32s_to_bytes(&[batch as i32, d_in as i32, hid as i32, d_out as i32, 1, 1]));
	let data = dev.upload("data", &data);
	let weight_len = weights.len() as u64;
	let weights = dev.upload("weights", weights);
	let unused = dev.scratch("weights-next", weight_len);
	let scratch = dev.scratch("scratch", scratch_len);
	let y = dev.scratch("y", 4 * batch * d_out);
	let bind = dev.bind(&[&params, &data, &weights, &scratch, &unused]);
	let mut encoder = dev.encoder();
	dispatch(&mut encoder, &hidden, &bind, dev.grid_1d(batch * hid, 64)?);
	dispatch(&mut encoder, &output, &bind, dev.grid_1d(batch * d_out, 64)?);
	encoder.copy_buffer_to_buffer(&scratch.buffer, 4 * batch * hid, &y.buffer, 0, 4 * batch * d_out);
	let read = dev.run_and_read(encoder, &[&y])?;
	Ok(encode_output(shape, &fixed::bytes_to_i32s(&read[0])))
}
