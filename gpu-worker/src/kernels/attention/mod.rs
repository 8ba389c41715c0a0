//! Single-head integer attention: `softmax(Q·Kᵀ) · V` with an integer softmax.
//!
//! Inputs: `Q` (L×d_k int8), `K` (L×d_k int8), `V` (L×d_v int8).
//! Softmax: the row maximum is subtracted, the difference is scaled by the spec's
//! `score_scale` into a Q8 base-2 exponent (so the scale folds `1/√d_k · log2 e`),
//! exponentiated by `2^(-u/256)` in Q15 ([`fixed::exp2_neg_q8`]) and normalised with a
//! truncating integer division into Q15 weights.
//! Output: `O` (L×d_v int8), `round_half_even(Σ_j w_ij · V_jc / 2^15)`.

use crate::{
	cancel::Cancel,
	device::{dispatch, GpuDevice},
	error::Result,
	fixed,
};
use tensorgrid_primitives::kernels::AttentionShape;

const SHADER: &str = include_str!("attention.wgsl");

/// CPU reference.
pub fn cpu(shape: &AttentionShape, q: &[u8], k: &[u8], v: &[u8]) -> Vec<u8> {
	cpu_cancellable(shape, q, k, v, &Cancel::new()).unwrap_or_default()
}

/// [`cpu`], stopping with `Err(Cancelled)` soon after `cancel` is set (checked per score and
/// per output element, counted by a [`crate::cancel::Meter`]).
pub fn cpu_cancellable(shape: &AttentionShape, q: &[u8], k: &[u8], v: &[u8], cancel: &Cancel) -> Result<Vec<u8>> {
	let (l, d_k, d_v) = (shape.seq_len as usize, shape.d_k as usize, shape.d_v as usize);
	let mut meter = cancel.meter();
	let (m, s) = (shape.score_scale.multiplier, shape.score_scale.shift as u32);
	let mut out = vec![0u8; l * d_v];
	let mut scores = vec![0i32; l];
	let mut weights = vec![0i32; l];
	for i in 0..l {
		for (j, score) in scores.iter_mut().enumerate() {
			meter.tick(d_k as u64)?;
			let mut acc = 0i32;
			for c in 0..d_k {
				acc = acc.wrapping_add(q[i * d_k + c] as i8 as i32 * k[j * d_k + c] as i8 as i32);
			}
			*score = acc;
		}
		let mx = *scores.iter().max().unwrap_or(&0);
		let mut sum = 0u32;
		for (w, score) in weights.iter_mut().zip(&scores) {
			let t = fixed::mul_shift_round(score.wrapping_sub(mx), m, s);
			*w = fixed::exp2_neg_q8(-t);
			sum += *w as u32;
		}
		for w in weights.iter_mut() {
			*w = (((*w as u32) << 15) / sum) as i32;
		}
		for c in 0..d_v {
			meter.tick(l as u64)?;
			let mut acc = 0i32;
			for (j, w) in weights.iter().enumerate() {
				acc = acc.wrapping_add(w * (v[j * d_v + c] as i8 as i32));
			}
			out[i * d_v + c] = fixed::clamp_i8(fixed::round_shift(acc, 15)) as i8 as u8;
		}
	}
	Ok(out)
}

/// Run on the GPU: scores, row softmax, weighted sum.
pub fn gpu(dev: &GpuDevice, shape: &AttentionShape, q: &[u8], k: &[u8], v: &[u8]) -> Result<Vec<u8>> {
	let (l, d_v) = (shape.seq_len as u64, shape.d_v as u64);
	dev.check_memory(&[q.len() as u64, k.len() as u64, v.len() as u64, 4 * l * l, 4 * l * d_v])?;
	let source = format!("{}\n{}", fixed::WGSL, SHADER);
	let qk = dev.pipeline("attention", &source, "qk", 6)?;
	let softmax = dev.pipeline("attention", &source, "softmax", 6)?;
	let weighted = dev.pipeline("attention", &source, "weighted_sum", 6)?;
	let params = dev.upload(
		"params",
		&fixed::i32s_to_bytes(&[
			shape.seq_len as i32,
			shape.d_k as i32,
			shape.d_v as i32,
			shape.score_scale.multiplier as i32,
			shape.score_scale.shift as i32,
		]),
	);
	let (q_buf, k_buf, v_buf) = (dev.upload("q", q), dev.upload("k", k), dev.upload("v", v));
	let scores = dev.scratch("scores", 4 * l * l);
	let out = dev.scratch("out", 4 * l * d_v);
	let bind = dev.bind(&[&params, &q_buf, &k_buf, &v_buf, &scores, &out]);
	let mut encoder = dev.encoder();
	dispatch(&mut encoder, &qk, &bind, dev.grid_1d(l * l, 64)?);
	dispatch(&mut encoder, &softmax, &bind, dev.grid_1d(l, 64)?);
	dispatch(&mut encoder, &weighted, &bind, dev.grid_1d(l * d_v, 64)?);
	let read = dev.run_and_read(encoder, &[&out])?;
	Ok(fixed::bytes_to_i32s(&read[0]).iter().map(|v| *v as i8 as u8).collect())
}
