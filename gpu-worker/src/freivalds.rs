//! Freivalds' check of a matrix product: is `C = A·B`?
//!
//! Arithmetic is over the prime field of `P = 2^61 − 1`. Every entry of a valid int8
//! product is an integer of magnitude below 2^31, so the map into the field is injective
//! and `C = A·B` over the integers iff it holds in the field (a corrupted i32 entry differs
//! from the true one by less than 2^32, never a multiple of `P`). For a random vector `r`,
//! a wrong `C` passes `A·(B·r) = C·r` with probability at most `1/P`; `rounds` independent
//! vectors bring the error bound to `1/P^rounds` (≈ 2^-122 for two rounds). Cost:
//! O(rounds · (m·k + k·n + m·n)) instead of O(m·k·n) for recomputing.

use rand::{Rng, SeedableRng};
use tensorgrid_primitives::kernels::MatmulShape;

/// The field's prime, `2^61 − 1` (a Mersenne prime: reduction is a shift and an add).
pub const P: u64 = (1 << 61) - 1;

/// `Σ x_i · r_i mod P` for int8 `x` and field elements `r` (< 2^61). Each `r` is split into
/// 32-bit halves so both partial sums stay exact in i64 (|x·r_lo| < 2^39, |x·r_hi| < 2^36,
/// and at most 2^17 terms), which keeps the loops vectorisable; one reduction per row.
fn dot_i8(x: &[i8], r_lo: &[i64], r_hi: &[i64]) -> u64 {
	let mut lo = 0i64;
	let mut hi = 0i64;
	for ((v, l), h) in x.iter().zip(r_lo).zip(r_hi) {
		lo += *v as i64 * l;
		hi += *v as i64 * h;
	}
	((lo as i128 + ((hi as i128) << 32)).rem_euclid(P as i128)) as u64
}

fn split(r: &[u64]) -> (Vec<i64>, Vec<i64>) {
	(r.iter().map(|v| (v & 0xFFFF_FFFF) as i64).collect(), r.iter().map(|v| (v >> 32) as i64).collect())
}

/// Check `C = A·B` with `rounds` random vectors drawn from `seed`. `A` is m×k int8, `B` k×n
/// int8, `C` m×n i32 little endian (the matmul kernel's canonical output). Returns `false`
/// when the sizes do not match the shape.
pub fn verify_matmul(shape: &MatmulShape, a: &[u8], b: &[u8], c: &[u8], rounds: u32, seed: u64) -> bool {
	let (m, k, n) = (shape.m as usize, shape.k as usize, shape.n as usize);
	if a.len() != m * k || b.len() != k * n || c.len() != 4 * m * n {
		return false;
	}
	let a: &[i8] = bytemuck::cast_slice(a);
	let b: &[i8] = bytemuck::cast_slice(b);
	let c: Vec<i32> = c.chunks_exact(4).map(|w| i32::from_le_bytes([w[0], w[1], w[2], w[3]])).collect();
	let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
	for _ in 0..rounds {
		let r: Vec<u64> = (0..n).map(|_| rng.gen_range(0..P)).collect();
		let (r_lo, r_hi) = split(&r);
		// B·r, one row of B at a time.
		let br: Vec<u64> = (0..k).map(|p| dot_i8(&b[p * n..(p + 1) * n], &r_lo, &r_hi)).collect();
		let (br_lo, br_hi) = split(&br);
		for i in 0..m {
			let abr = dot_i8(&a[i * k..(i + 1) * k], &br_lo, &br_hi);
			// C·r: |c·r| < 2^92 and at most 2^17 terms, exact in i128.
			let cr = c[i * n..(i + 1) * n]
				.iter()
				.zip(&r)
				.fold(0i128, |acc, (x, y)| acc + *x as i128 * *y as i128)
				.rem_euclid(P as i128) as u64;
			if abr != cr {
				return false;
			}
		}
	}
	true
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn dot_is_exact_at_the_extremes() {
		// Largest magnitudes: -128 against P - 1, many times.
		let n = 1 << 17;
		let x = vec![-128i8; n];
		let r = vec![P - 1; n];
		let (lo, hi) = split(&r);
		let expected = ((-128i128 * (P - 1) as i128) * n as i128).rem_euclid(P as i128) as u64;
		assert_eq!(dot_i8(&x, &lo, &hi), expected);
	}
}
