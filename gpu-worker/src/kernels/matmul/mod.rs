//! int8 matrix product with i32 accumulation.
//!
//! Inputs: `A` (m×k int8, row-major), `B` (k×n int8, row-major).
//! Output: `C` (m×n i32, row-major, little endian).

use crate::{
	cancel::Cancel,
	device::{dispatch, GpuDevice},
	error::Result,
	fixed,
};
use tensorgrid_primitives::kernels::MatmulShape;

const SHADER: &str = include_str!("matmul.wgsl");

/// `dot4` through the hardware's packed 4×8 integer dot product.
const DOT4_PACKED: &str = "
fn dot4(x: u32, y: u32) -> i32 {
    return dot4I8Packed(x, y);
}
";

/// `dot4` for adapters without `dot4I8Packed`: four sign-extended products.
const DOT4_PORTABLE: &str = "
fn dot4(x: u32, y: u32) -> i32 {
    return lane_i8(x, 0u) * lane_i8(y, 0u) + lane_i8(x, 1u) * lane_i8(y, 1u)
        + lane_i8(x, 2u) * lane_i8(y, 2u) + lane_i8(x, 3u) * lane_i8(y, 3u);
}
";

/// The shader source for the chosen dot-product path.
pub fn shader(packed_dot4: bool) -> String {
	let dot = if packed_dot4 { DOT4_PACKED } else { DOT4_PORTABLE };
	format!("{}\n{}\n{}", fixed::WGSL, dot, SHADER)
}

/// CPU reference: the same sums in plain Rust.
pub fn cpu(shape: &MatmulShape, a: &[u8], b: &[u8]) -> Vec<u8> {
	cpu_cancellable(shape, a, b, &Cancel::new()).unwrap_or_default()
}

/// [`cpu`], stopping with `Err(Cancelled)` soon after `cancel` is set (checked every row
/// of `B` a row of `A` visits, counted by a [`crate::cancel::Meter`]).
pub fn cpu_cancellable(shape: &MatmulShape, a: &[u8], b: &[u8], cancel: &Cancel) -> Result<Vec<u8>> {
	let (m, k, n) = (shape.m as usize, shape.k as usize, shape.n as usize);
	let mut meter = cancel.meter();
	let mut c = vec![0i32; m * n];
	for i in 0..m {
		let row = &a[i * k..(i + 1) * k];
		for (p, &av) in row.iter().enumerate() {
			meter.tick(n as u64)?;
			let av = av as i8 as i32;
			if av == 0 {
				continue;
			}
			let brow = &b[p * n..(p + 1) * n];
			let out = &mut c[i * n..(i + 1) * n];
			for (o, &bv) in out.iter_mut().zip(brow) {
				*o = o.wrapping_add(av * (bv as i8 as i32));
			}
		}
	}
	Ok(fixed::i32s_to_bytes(&c))
}

/// Pack an r×k int8 matrix (row-major) into words of four along k, rows padded to
/// `k_words` words.
fn pack_rows(data: &[u8], rows: usize, k: usize, k_words: usize) -> Vec<u8> {
	let mut out = vec![0u8; rows * k_words * 4];
	for r in 0..rows {
		out[r * k_words * 4..r * k_words * 4 + k].copy_from_slice(&data[r * k..(r + 1) * k]);
	}
	out
}

/// Transpose k×n into n×k (row-major) so B's columns are contiguous.
fn transpose(b: &[u8], k: usize, n: usize) -> Vec<u8> {
	let mut t = vec![0u8; k * n];
	for p in 0..k {
		for j in 0..n {
			t[j * k + p] = b[p * n + j];
		}
	}
	t
}

/// Run on the GPU.
pub fn gpu(dev: &GpuDevice, shape: &MatmulShape, a: &[u8], b: &[u8]) -> Result<Vec<u8>> {
	let (m, k, n) = (shape.m as usize, shape.k as usize, shape.n as usize);
	let k_words = k.div_ceil(4);
	let a_packed = pack_rows(a, m, k, k_words);
	let bt_packed = pack_rows(&transpose(b, k, n), n, k, k_words);
	let c_len = (m * n * 4) as u64;
	dev.check_memory(&[a_packed.len() as u64, bt_packed.len() as u64, c_len])?;
	let tiles = ((n as u64).div_ceil(16), (m as u64).div_ceil(16));
	let max = dev.profile.max_compute_workgroups_per_dimension as u64;
	if tiles.0 > max || tiles.1 > max {
		return Err(crate::error::WorkerError::ExceedsLimit {
			what: "matmul tiles per dimension",
			needed: tiles.0.max(tiles.1),
			limit: max,
		});
	}

	let packed = dev.profile.packed_dot4;
	let key = if packed { "matmul_dot4" } else { "matmul_portable" };
	let pipeline = dev.pipeline(key, &shader(packed), "main", 4)?;
	let params = dev.upload("params", &fixed::i32s_to_bytes(&[m as i32, n as i32, k_words as i32]));
	let a_buf = dev.upload("a", &a_packed);
	let b_buf = dev.upload("bt", &bt_packed);
	let c_buf = dev.scratch("c", c_len);
	let bind = dev.bind(&[&params, &a_buf, &b_buf, &c_buf]);
	let mut encoder = dev.encoder();
	dispatch(&mut encoder, &pipeline, &bind, (tiles.0 as u32, tiles.1 as u32));
	Ok(dev.run_and_read(encoder, &[&c_buf])?.remove(0))
}
