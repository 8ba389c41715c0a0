//! Fixed-point arithmetic shared by every kernel. Each function here has a WGSL twin in
//! `fixed.wgsl` that computes the same bits; the kernels' tests compare the two.

/// WGSL source of the helpers below; prepended to every kernel's shader.
pub const WGSL: &str = include_str!("fixed.wgsl");

/// Largest magnitude of a training value (Q10 fixed point, so about ±32).
pub const TRAIN_CLAMP: i32 = (1 << 15) - 1;
/// Largest magnitude of one SGD update of one weight.
pub const TRAIN_MAX_DELTA: i32 = 1 << 16;

/// `round_half_even(x / 2^s)` for `s` in 1..=30.
///
/// Ties go to the even neighbour so that rounding is unbiased; positive and negative values
/// round symmetrically.
pub fn round_shift(x: i32, s: u32) -> i32 {
	let q = x >> s;
	let r = x.wrapping_sub(q.wrapping_shl(s));
	let half = 1i32 << (s - 1);
	if r > half || (r == half && (q & 1) == 1) {
		q + 1
	} else {
		q
	}
}

/// `round_half_even(a × m / 2^s)`, saturated to ±(2^31 − 1), for `m` in 1..=i32::MAX and
/// `s` in 1..=62. The product is exact (up to 62 bits); the GPU builds it from 16-bit limbs.
pub fn mul_shift_round(a: i32, m: u32, s: u32) -> i32 {
	let p = (a as i64).unsigned_abs() as u128 * m as u128;
	let q = p >> s;
	let r = p & ((1u128 << s) - 1);
	let half = 1u128 << (s - 1);
	let q = if r > half || (r == half && q & 1 == 1) { q + 1 } else { q };
	let magnitude = q.min(i32::MAX as u128) as i32;
	if a < 0 {
		-magnitude
	} else {
		magnitude
	}
}

/// Clamp to the int8 range.
pub fn clamp_i8(x: i32) -> i32 {
	x.clamp(-128, 127)
}

/// Clamp to the training value range.
pub fn clamp_train(x: i32) -> i32 {
	x.clamp(-TRAIN_CLAMP, TRAIN_CLAMP)
}

/// `2^(-u/256)` in Q15 for `u ≥ 0`: the exponential of the integer softmax. The fraction is
/// a quadratic fit of `2^-f` on [0, 1) that is exact at both ends.
pub fn exp2_neg_q8(u: i32) -> i32 {
	let whole = u >> 8;
	if whole >= 16 {
		return 0;
	}
	let f = u & 255;
	let p = 32768 - ((21522 * f) >> 8) + ((5138 * ((f * f) >> 8)) >> 8);
	p >> whole
}

/// Little-endian i32s to bytes.
pub fn i32s_to_bytes(values: &[i32]) -> Vec<u8> {
	values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// Bytes (length a multiple of four) to little-endian i32s.
pub fn bytes_to_i32s(bytes: &[u8]) -> Vec<i32> {
	bytes.chunks_exact(4).map(|c| i32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect()
}

/// Bytes reinterpreted as int8.
pub fn bytes_to_i8s(bytes: &[u8]) -> Vec<i8> {
	bytes.iter().map(|b| *b as i8).collect()
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn round_shift_is_half_even() {
		assert_eq!(round_shift(5, 1), 2); // 2.5 -> 2
		assert_eq!(round_shift(7, 1), 4); // 3.5 -> 4
		assert_eq!(round_shift(-5, 1), -2); // -2.5 -> -2
		assert_eq!(round_shift(-7, 1), -4); // -3.5 -> -4
		assert_eq!(round_shift(6, 2), 2); // 1.5 -> 2
		assert_eq!(round_shift(-6, 2), -2);
		assert_eq!(round_shift(-1, 10), 0);
	}

	#[test]
	fn mul_shift_round_matches_exact_rational() {
		assert_eq!(mul_shift_round(3, 1, 1), 2); // 1.5 -> 2
		assert_eq!(mul_shift_round(5, 1, 1), 2); // 2.5 -> 2
		assert_eq!(mul_shift_round(-5, 1, 1), -2);
		assert_eq!(mul_shift_round(i32::MIN, i32::MAX as u32, 62), -1); // 1 - 2^-31 rounds to 1
		assert_eq!(mul_shift_round(i32::MAX, i32::MAX as u32, 1), i32::MAX);
		assert_eq!(mul_shift_round(i32::MIN, 1, 1), -(1 << 30));
	}

	#[test]
	fn exp2_is_monotone_and_exact_at_integers() {
		assert_eq!(exp2_neg_q8(0), 32768);
		assert_eq!(exp2_neg_q8(256), 16384);
		assert_eq!(exp2_neg_q8(16 * 256), 0);
		let mut last = i32::MAX;
		for u in 0..(16 * 256) {
			let e = exp2_neg_q8(u);
			assert!(e <= last, "not monotone at {u}");
			last = e;
		}
	}
}
