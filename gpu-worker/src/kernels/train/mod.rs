//! Fixed-point SGD on a two-layer MLP: `d_in → hidden (ReLU) → d_out`, squared error.
//!
//! Format: every value is Q10 (`TRAIN_FRAC_BITS`) in an i32, clamped to ±(2^15 − 1).
//! A product of two values is rounded back to Q10 (round half to even) before it is
//! summed; sums over at most 2^10 terms stay below 2^30 (see the bounds in the kernel
//! registry).
//!
//! One step, for a batch `X` with targets `T`:
//! - `H = clamp(relu(b1 + W1·x))`, `Y = clamp(b2 + W2·h)`, `E = clamp(Y − T)`;
//! - `dH = clamp(W2ᵀ·e)` where `H > 0`, else 0;
//! - `g = Σ_batch` of the rounded products (`E⊗H`, `dH⊗X`; plain sums for the biases);
//! - `w ← clamp(w − clamp(round(g × lr / 2^lr_shift), ±2^16))`;
//! - the step's loss is `Σ round(e²/2^10)` with the weights before the update.
//!
//! Inputs: `X` (batch×d_in i32), `T` (batch×d_out i32), `W1` (hidden×d_in), `b1` (hidden),
//! `W2` (d_out×hidden), `b2` (d_out), all i32 little endian within ±(2^15 − 1).
//! Output: the loss of every step (i32 each), then the final `W1, b1, W2, b2`.

use crate::{
	cancel::{Cancel, Meter},
	device::{dispatch, GpuDevice},
	error::Result,
	fixed::{self, clamp_train, mul_shift_round, round_shift, TRAIN_MAX_DELTA},
};
use tensorgrid_primitives::kernels::{TrainShape, TRAIN_FRAC_BITS};

const SHADER: &str = include_str!("train.wgsl");

fn q_mul(a: i32, b: i32) -> i32 {
	round_shift(a * b, TRAIN_FRAC_BITS)
}

/// The model's parameters, in the order they are stored and output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Weights {
	pub w1: Vec<i32>,
	pub b1: Vec<i32>,
	pub w2: Vec<i32>,
	pub b2: Vec<i32>,
}

impl Weights {
	/// Parse from the four weight inputs.
	pub fn from_inputs(w1: &[u8], b1: &[u8], w2: &[u8], b2: &[u8]) -> Weights {
		Weights {
			w1: fixed::bytes_to_i32s(w1),
			b1: fixed::bytes_to_i32s(b1),
			w2: fixed::bytes_to_i32s(w2),
			b2: fixed::bytes_to_i32s(b2),
		}
	}

	/// All parameters concatenated: the layout of the GPU's weight buffers.
	pub fn flatten(&self) -> Vec<i32> {
		[&self.w1[..], &self.b1, &self.w2, &self.b2].concat()
	}

	fn unflatten(shape: &TrainShape, flat: &[i32]) -> Weights {
		let (d_in, h, d_out) = (shape.d_in as usize, shape.hidden as usize, shape.d_out as usize);
		let (w1, rest) = flat.split_at(h * d_in);
		let (b1, rest) = rest.split_at(h);
		let (w2, b2) = rest.split_at(d_out * h);
		Weights { w1: w1.to_vec(), b1: b1.to_vec(), w2: w2.to_vec(), b2: b2.to_vec() }
	}
}

/// One SGD step on the CPU; returns the loss before the update.
pub fn cpu_step(shape: &TrainShape, x: &[i32], t: &[i32], w: &mut Weights) -> i32 {
	let cancel = Cancel::new();
	cpu_step_metered(shape, x, t, w, &mut cancel.meter()).unwrap_or_default()
}

/// [`cpu_step`], stopping with `Err(Cancelled)` (and `w` unchanged) soon after the meter's
/// token is set; checked per row of every loop nest.
fn cpu_step_metered(shape: &TrainShape, x: &[i32], t: &[i32], w: &mut Weights, meter: &mut Meter<'_>) -> Result<i32> {
	let (batch, d_in, hid, d_out) =
		(shape.batch as usize, shape.d_in as usize, shape.hidden as usize, shape.d_out as usize);
	let (lr, shift) = (shape.learning_rate, shape.lr_shift as u32);
	let sgd = |weight: i32, grad: i32| {
		clamp_train(
			weight - mul_shift_round(grad, lr, shift).clamp(-TRAIN_MAX_DELTA, TRAIN_MAX_DELTA),
		)
	};

	let mut h = vec![0i32; batch * hid];
	for b in 0..batch {
		for j in 0..hid {
			meter.tick(d_in as u64)?;
			let mut z = w.b1[j];
			for k in 0..d_in {
				z += q_mul(w.w1[j * d_in + k], x[b * d_in + k]);
			}
			h[b * hid + j] = clamp_train(z.max(0));
		}
	}
	let mut e = vec![0i32; batch * d_out];
	for b in 0..batch {
		for o in 0..d_out {
			meter.tick(hid as u64)?;
			let mut y = w.b2[o];
			for j in 0..hid {
				y += q_mul(w.w2[o * hid + j], h[b * hid + j]);
			}
			e[b * d_out + o] = clamp_train(clamp_train(y) - t[b * d_out + o]);
		}
	}
	let mut dh = vec![0i32; batch * hid];
	for b in 0..batch {
		for j in 0..hid {
			meter.tick(d_out as u64)?;
			if h[b * hid + j] > 0 {
				let mut g = 0;
				for o in 0..d_out {
					g += q_mul(w.w2[o * hid + j], e[b * d_out + o]);
				}
				dh[b * hid + j] = clamp_train(g);
			}
		}
	}
	let mut next = w.clone();
	for o in 0..d_out {
		for j in 0..hid {
			meter.tick(batch as u64)?;
			let g: i32 = (0..batch).map(|b| q_mul(e[b * d_out + o], h[b * hid + j])).sum();
			next.w2[o * hid + j] = sgd(w.w2[o * hid + j], g);
		}
		let g: i32 = (0..batch).map(|b| e[b * d_out + o]).sum();
		next.b2[o] = sgd(w.b2[o], g);
	}
	for j in 0..hid {
		for k in 0..d_in {
			meter.tick(batch as u64)?;
			let g: i32 = (0..batch).map(|b| q_mul(dh[b * hid + j], x[b * d_in + k])).sum();
			next.w1[j * d_in + k] = sgd(w.w1[j * d_in + k], g);
		}
		let g: i32 = (0..batch).map(|b| dh[b * hid + j]).sum();
		next.b1[j] = sgd(w.b1[j], g);
	}
	*w = next;
	Ok(e.iter().map(|v| q_mul(*v, *v)).sum())
}

fn encode_output(losses: &[i32], w: &Weights) -> Vec<u8> {
	let mut out = fixed::i32s_to_bytes(losses);
	out.extend(fixed::i32s_to_bytes(&w.flatten()));
	out
}

/// CPU reference: `steps` SGD steps. `inputs` are `[X, T, W1, b1, W2, b2]`.
pub fn cpu(shape: &TrainShape, inputs: &[&[u8]]) -> Vec<u8> {
	cpu_cancellable(shape, inputs, &Cancel::new()).unwrap_or_default()
}

/// [`cpu`], stopping with `Err(Cancelled)` soon after `cancel` is set.
pub fn cpu_cancellable(shape: &TrainShape, inputs: &[&[u8]], cancel: &Cancel) -> Result<Vec<u8>> {
	let x = fixed::bytes_to_i32s(inputs[0]);
	let t = fixed::bytes_to_i32s(inputs[1]);
	let mut w = Weights::from_inputs(inputs[2], inputs[3], inputs[4], inputs[5]);
	let mut meter = cancel.meter();
	let losses = (0..shape.steps)
		.map(|_| cpu_step_metered(shape, &x, &t, &mut w, &mut meter))
		.collect::<Result<Vec<i32>>>()?;
	Ok(encode_output(&losses, &w))
}

/// Run all steps on the GPU in one submission; weights ping-pong between two buffers.
pub fn gpu(dev: &GpuDevice, shape: &TrainShape, inputs: &[&[u8]]) -> Result<Vec<u8>> {
	let (batch, d_in, hid, d_out) =
		(shape.batch as u64, shape.d_in as u64, shape.hidden as u64, shape.d_out as u64);
	let weights = Weights::from_inputs(inputs[2], inputs[3], inputs[4], inputs[5]).flatten();
	let data: Vec<u8> = [inputs[0], inputs[1]].concat();
	let weight_bytes = 4 * weights.len() as u64;
	let scratch_len = 4 * (2 * batch * hid + batch * d_out + 1);
	let losses_len = 4 * shape.steps as u64;
	dev.check_memory(&[data.len() as u64, weight_bytes, weight_bytes, scratch_len, losses_len])?;

	let source = format!("{}\n{}", fixed::WGSL, SHADER);
	let passes = [
		("forward_hidden", batch * hid),
		("forward_output", batch * d_out),
		("backward_hidden", batch * hid),
		("update_output_layer", d_out * (hid + 1)),
		("update_hidden_layer", hid * (d_in + 1)),
	];
	let mut pipelines = Vec::new();
	for (entry, threads) in passes {
		pipelines.push((dev.pipeline("train", &source, entry, 5)?, dev.grid_1d(threads, 64)?));
	}
	let loss_pipeline = dev.pipeline("train", &source, "loss", 5)?;

	let params = dev.upload(
		"params",
		&fixed::i32s_to_bytes(&[
			batch as i32,
			d_in as i32,
			hid as i32,
			d_out as i32,
			shape.learning_rate as i32,
			shape.lr_shift as i32,
		]),
	);
	let data = dev.upload("data", &data);
	let ping = dev.upload("weights", &fixed::i32s_to_bytes(&weights));
	let pong = dev.scratch("weights-next", weight_bytes);
	let scratch = dev.scratch("scratch", scratch_len);
	let losses = dev.scratch("losses", losses_len);
	let binds = [
		dev.bind(&[&params, &data, &ping, &scratch, &pong]),
		dev.bind(&[&params, &data, &pong, &scratch, &ping]),
	];
	let loss_offset = scratch_len - 4;
	let mut encoder = dev.encoder();
	for step in 0..shape.steps as usize {
		let bind = &binds[step % 2];
		for (pipeline, groups) in &pipelines {
			dispatch(&mut encoder, pipeline, bind, *groups);
		}
		dispatch(&mut encoder, &loss_pipeline, bind, (1, 1));
		encoder.copy_buffer_to_buffer(&scratch.buffer, loss_offset, &losses.buffer, 4 * step as u64, 4);
	}
	let final_weights = if shape.steps % 2 == 1 { &pong } else { &ping };
	let read = dev.run_and_read(encoder, &[&losses, final_weights])?;
	let w = Weights::unflatten(shape, &fixed::bytes_to_i32s(&read[1]));
	Ok(encode_output(&fixed::bytes_to_i32s(&read[0]), &w))
}
