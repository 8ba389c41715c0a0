//! Quantized MLP inference: linear + bias + requantize + ReLU layers, then argmax.
//!
//! Inputs: `x` (batch×d_in int8), then per layer `W` (d_out×d_in int8, row-major) and
//! `bias` (d_out i32).
//! Requantization: `clamp(round_half_even((acc + bias) × multiplier / 2^shift), -128, 127)`,
//! the sum wrapping in two's complement. Hidden layers apply ReLU; the last does not.
//! Output: the last layer's int8 logits (batch×d_last bytes), then each sample's argmax as
//! u32 little endian (the first index of the largest logit).

use crate::{
	cancel::Cancel,
	device::{dispatch, GpuDevice},
	error::Result,
	fixed,
};
use tensorgrid_primitives::kernels::MlpShape;

const SHADER: &str = include_str!("mlp.wgsl");

fn encode_output(logits: &[i32], argmax: &[i32]) -> Vec<u8> {
	let mut out: Vec<u8> = logits.iter().map(|v| *v as i8 as u8).collect();
	for a in argmax {
		out.extend_from_slice(&(*a as u32).to_le_bytes());
	}
	out
}

/// CPU reference. `inputs` are `[x, W0, b0, W1, b1, …]`.
pub fn cpu(shape: &MlpShape, inputs: &[&[u8]]) -> Vec<u8> {
	cpu_cancellable(shape, inputs, &Cancel::new()).unwrap_or_default()
}

/// [`cpu`], stopping with `Err(Cancelled)` soon after `cancel` is set (checked per output
/// neuron, counted by a [`crate::cancel::Meter`]).
pub fn cpu_cancellable(shape: &MlpShape, inputs: &[&[u8]], cancel: &Cancel) -> Result<Vec<u8>> {
	let mut meter = cancel.meter();
	let batch = shape.batch as usize;
	let mut act: Vec<i32> = inputs[0].iter().map(|v| *v as i8 as i32).collect();
	let layers = shape.layers.len();
	let mut d_last = shape.d_in as usize;
	for (li, ((d_in, d_out), layer)) in shape.layer_dims().zip(shape.layers.iter()).enumerate() {
		let (d_in, d_out) = (d_in as usize, d_out as usize);
		let w = inputs[1 + 2 * li];
		let bias = fixed::bytes_to_i32s(inputs[2 + 2 * li]);
		let mut next = vec![0i32; batch * d_out];
		for b in 0..batch {
			for o in 0..d_out {
				meter.tick(d_in as u64)?;
				let mut acc = bias[o];
				for i in 0..d_in {
					acc = acc.wrapping_add(act[b * d_in + i] * (w[o * d_in + i] as i8 as i32));
				}
				let mut v = fixed::clamp_i8(fixed::mul_shift_round(
					acc,
					layer.requant.multiplier,
					layer.requant.shift as u32,
				));
				if li + 1 < layers {
					v = v.max(0);
				}
				next[b * d_out + o] = v;
			}
		}
		act = next;
		d_last = d_out;
	}
	let argmax: Vec<i32> = (0..batch)
		.map(|b| {
			let row = &act[b * d_last..(b + 1) * d_last];
			// First index of the maximum, as the GPU's strict `>` scan.
			let mut best = 0;
			for (o, v) in row.iter().enumerate() {
				if *v > row[best] {
					best = o;
				}
			}
			best as i32
		})
		.collect();
	Ok(encode_output(&act, &argmax))
}

/// Run on the GPU: one dispatch per layer, activations ping-ponging between two buffers.
pub fn gpu(dev: &GpuDevice, shape: &MlpShape, inputs: &[&[u8]]) -> Result<Vec<u8>> {
	let batch = shape.batch as u64;
	let widest = shape.layer_dims().map(|(_, o)| o as u64).chain([shape.d_in as u64]).max().unwrap_or(1);
	let mut sizes: Vec<u64> = inputs.iter().map(|i| i.len() as u64).collect();
	sizes.extend([4 * batch * widest, 4 * batch * widest, 4 * batch]);
	dev.check_memory(&sizes)?;

	let source = format!("{}\n{}", fixed::WGSL, SHADER);
	let layer_pipeline = dev.pipeline("mlp", &source, "layer", 5)?;
	let argmax_pipeline = dev.pipeline("mlp", &source, "argmax", 5)?;

	// Both activation buffers hold the widest layer: with an odd layer count the last
	// layer writes into the first one, which starts out holding the (narrower) input.
	let mut x: Vec<i32> = inputs[0].iter().map(|v| *v as i8 as i32).collect();
	x.resize((batch * widest) as usize, 0);
	let acts = [dev.upload("act0", &fixed::i32s_to_bytes(&x)), dev.scratch("act1", 4 * batch * widest)];
	let mut encoder = dev.encoder();
	let layers = shape.layers.len();
	let mut keep = Vec::new();
	let mut d_last = shape.d_in;
	for (li, ((d_in, d_out), layer)) in shape.layer_dims().zip(shape.layers.iter()).enumerate() {
		let relu = (li + 1 < layers) as i32;
		let params = dev.upload(
			"params",
			&fixed::i32s_to_bytes(&[
				batch as i32,
				d_in as i32,
				d_out as i32,
				layer.requant.multiplier as i32,
				layer.requant.shift as i32,
				relu,
			]),
		);
		let w = dev.upload("weight", inputs[1 + 2 * li]);
		let b = dev.upload("bias", inputs[2 + 2 * li]);
		let (src, dst) = (li % 2, (li + 1) % 2);
		let bind = dev.bind(&[&params, &acts[src], &w, &b, &acts[dst]]);
		dispatch(&mut encoder, &layer_pipeline, &bind, dev.grid_1d(batch * d_out as u64, 64)?);
		keep.push((params, w, b, bind));
		d_last = d_out;
	}
	let logits_at = layers % 2;
	let argmax_buf = dev.scratch("argmax", 4 * batch);
	let params = dev.upload("params", &fixed::i32s_to_bytes(&[batch as i32, 0, d_last as i32]));
	// The argmax entry point reads only `x` and writes `y`; the other bindings must still
	// be distinct buffers.
	let (unused_w, unused_b) = (dev.scratch("unused", 4), dev.scratch("unused", 4));
	let bind = dev.bind(&[&params, &acts[logits_at], &unused_w, &unused_b, &argmax_buf]);
	dispatch(&mut encoder, &argmax_pipeline, &bind, dev.grid_1d(batch, 64)?);

	let logits_len = 4 * batch * d_last as u64;
	let logits_view = dev.scratch("logits", logits_len);
	encoder.copy_buffer_to_buffer(&acts[logits_at].buffer, 0, &logits_view.buffer, 0, logits_len);
	let mut read = dev.run_and_read(encoder, &[&logits_view, &argmax_buf])?;
	let argmax = fixed::bytes_to_i32s(&read.pop().unwrap_or_default());
	let logits = fixed::bytes_to_i32s(&read.pop().unwrap_or_default());
	Ok(encode_output(&logits, &argmax))
}
