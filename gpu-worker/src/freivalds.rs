//! Freivalds' check of a matrix product: is `C = A·B`?
//!
//! Arithmetic is over the prime field of `P = 2^61 − 1`. Every entry of a valid int8
//! product is an integer of magnitude below 2^31, so the map into the field is injective
//! and `C = A·B` over the integers iff it holds in the field. For a random vector `r`, a
//! wrong `C` passes `A·(B·r) = C·r` with probability at most `1/P`; `rounds` independent
//! vectors bring the error bound to `1/P^rounds` (≈ 2^-122 for two rounds). Cost:
//! O(rounds · (m·k + k·n + m·n)) instead of O(m·k·n) for recomputing.

use rand::{Rng, SeedableRng};
use tensorgrid_primitives::kernels::MatmulShape;

/// The field's prime, `2^61 − 1` (a Mersenne prime: reduction is a shift and an add).
pub const P: u64 = (1 << 61) - 1;

fn reduce(x: u128) -> u64 {
	let folded = (x & P as u128) + (x >> 61);
	let folded = (folded & P as u128) + (folded >> 61);
	let v = folded as u64;
	if v >= P {
		v - P
	} else {
		v
	}
}

fn to_field(v: i64) -> u64 {
	v.rem_euclid(P as i64) as u64
}

fn mul_add(acc: u64, a: u64, b: u64) -> u64 {
	reduce(acc as u128 + a as u128 * b as u128)
}

/// Check `C = A·B` with `rounds` random vectors drawn from `seed`. `A` is m×k int8, `B` k×n
/// int8, `C` m×n i32 little endian (the matmul kernel's canonical output). Returns `false`
/// when the sizes do not match the shape.
pub fn verify_matmul(shape: &MatmulShape, a: &[u8], b: &[u8], c: &[u8], rounds: u32, seed: u64) -> bool {
	let (m, k, n) = (shape.m as usize, shape.k as usize, shape.n as usize);
	if a.len() != m * k || b.len() != k * n || c.len() != 4 * m * n {
		return false;
	}
	let a_f: Vec<u64> = a.iter().map(|v| to_field(*v as i8 as i64)).collect();
	let b_f: Vec<u64> = b.iter().map(|v| to_field(*v as i8 as i64)).collect();
	let c_f: Vec<u64> = c
		.chunks_exact(4)
		.map(|w| to_field(i32::from_le_bytes([w[0], w[1], w[2], w[3]]) as i64))
		.collect();
	let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
	for _ in 0..rounds {
		let r: Vec<u64> = (0..n).map(|_| rng.gen_range(0..P)).collect();
		let br: Vec<u64> = (0..k)
			.map(|p| b_f[p * n..(p + 1) * n].iter().zip(&r).fold(0, |acc, (x, y)| mul_add(acc, *x, *y)))
			.collect();
		for i in 0..m {
			let abr = a_f[i * k..(i + 1) * k].iter().zip(&br).fold(0, |acc, (x, y)| mul_add(acc, *x, *y));
			let cr = c_f[i * n..(i + 1) * n].iter().zip(&r).fold(0, |acc, (x, y)| mul_add(acc, *x, *y));
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
	fn reduce_handles_the_top_of_the_range() {
		assert_eq!(reduce(P as u128), 0);
		assert_eq!(reduce((P as u128) * (P as u128)), 0);
		assert_eq!(reduce((P - 1) as u128 * (P - 1) as u128), 1);
		assert_eq!(to_field(-1), P - 1);
	}
}
