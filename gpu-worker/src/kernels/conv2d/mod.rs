//! 2-D convolution on int8, NCHW, with stride and symmetric zero padding.
//!
//! Inputs: `input` (batch×C×H×W int8), `weight` (O×C×KH×KW int8), `bias` (O i32).
//! Output: batch×O×OH×OW i32 (bias plus the i32 sum; the bias is added with
//! two's-complement wrap-around on both sides).

use crate::{
	cancel::Cancel,
	device::{dispatch, GpuDevice},
	error::Result,
	fixed,
};
use tensorgrid_primitives::kernels::Conv2dShape;

const SHADER: &str = include_str!("conv2d.wgsl");

fn dims(s: &Conv2dShape) -> [usize; 11] {
	let (oh, ow) = s.output_hw().unwrap_or((0, 0));
	[
		s.batch as usize,
		s.in_channels as usize,
		s.height as usize,
		s.width as usize,
		s.out_channels as usize,
		s.kernel_h as usize,
		s.kernel_w as usize,
		s.stride as usize,
		s.padding as usize,
		oh as usize,
		ow as usize,
	]
}

/// CPU reference.
pub fn cpu(shape: &Conv2dShape, input: &[u8], weight: &[u8], bias: &[u8]) -> Vec<u8> {
	cpu_cancellable(shape, input, weight, bias, &Cancel::new()).unwrap_or_default()
}

/// [`cpu`], stopping with `Err(Cancelled)` soon after `cancel` is set (checked per output
/// element, counted by a [`crate::cancel::Meter`]).
pub fn cpu_cancellable(
	shape: &Conv2dShape,
	input: &[u8],
	weight: &[u8],
	bias: &[u8],
	cancel: &Cancel,
) -> Result<Vec<u8>> {
	let [batch, in_c, h, w, out_c, kh, kw, stride, pad, out_h, out_w] = dims(shape);
	let mut meter = cancel.meter();
	let bias = fixed::bytes_to_i32s(bias);
	let mut out = vec![0i32; batch * out_c * out_h * out_w];
	for b in 0..batch {
		for o in 0..out_c {
			for oy in 0..out_h {
				for ox in 0..out_w {
					meter.tick((in_c * kh * kw) as u64)?;
					let mut acc = bias[o];
					for c in 0..in_c {
						for ky in 0..kh {
							let iy = (oy * stride + ky) as isize - pad as isize;
							if iy < 0 || iy >= h as isize {
								continue;
							}
							for kx in 0..kw {
								let ix = (ox * stride + kx) as isize - pad as isize;
								if ix < 0 || ix >= w as isize {
									continue;
								}
								let x = input[((b * in_c + c) * h + iy as usize) * w + ix as usize];
								let k = weight[((o * in_c + c) * kh + ky) * kw + kx];
								acc = acc.wrapping_add(x as i8 as i32 * k as i8 as i32);
							}
						}
					}
					out[((b * out_c + o) * out_h + oy) * out_w + ox] = acc;
				}
			}
		}
	}
	Ok(fixed::i32s_to_bytes(&out))
}

/// Run on the GPU.
pub fn gpu(
	dev: &GpuDevice,
	shape: &Conv2dShape,
	input: &[u8],
	weight: &[u8],
	bias: &[u8],
) -> Result<Vec<u8>> {
	let d = dims(shape);
	let outputs = (d[0] * d[4] * d[9] * d[10]) as u64;
	dev.check_memory(&[input.len() as u64, weight.len() as u64, bias.len() as u64, outputs * 4])?;
	let pipeline = dev.pipeline("conv2d", &format!("{}\n{}", fixed::WGSL, SHADER), "main", 5)?;
	let params: Vec<i32> = d.iter().map(|v| *v as i32).collect();
	let params = dev.upload("params", &fixed::i32s_to_bytes(&params));
	let in_buf = dev.upload("input", input);
	let w_buf = dev.upload("weight", weight);
	let b_buf = dev.upload("bias", bias);
	let out_buf = dev.scratch("out", outputs * 4);
	let bind = dev.bind(&[&params, &in_buf, &w_buf, &b_buf, &out_buf]);
	let mut encoder = dev.encoder();
	dispatch(&mut encoder, &pipeline, &bind, dev.grid_1d(outputs, 64)?);
	Ok(dev.run_and_read(encoder, &[&out_buf])?.remove(0))
}
