// Fixed-point helpers shared by every kernel; twins of the functions in fixed.rs.

// Sign-extended int8 lane `lane` (0..4) of a packed little-endian word.
fn lane_i8(word: u32, lane: u32) -> i32 {
    return extractBits(bitcast<i32>(word), lane * 8u, 8u);
}

// round_half_even(x / 2^s), s in 1..=30.
fn round_shift(x: i32, s: u32) -> i32 {
    let q = x >> s;
    let r = x - (q << s);
    let half = 1i << (s - 1u);
    if (r > half || (r == half && (q & 1i) == 1i)) {
        return q + 1i;
    }
    return q;
}

// round_half_even(a * m / 2^s), saturated to +-(2^31 - 1); m in 1..=2^31-1, s in 1..=62.
// WGSL has no 64-bit integers, so the 62-bit product is built from 16-bit limbs.
fn mul_shift_round(a: i32, m: u32, s: u32) -> i32 {
    let neg = a < 0i;
    var ua = bitcast<u32>(a);
    if (neg) {
        ua = 0u - ua;
    }
    let a0 = ua & 0xFFFFu;
    let a1 = ua >> 16u;
    let m0 = m & 0xFFFFu;
    let m1 = m >> 16u;
    let p00 = a0 * m0;
    let p01 = a0 * m1;
    let p10 = a1 * m0;
    let p11 = a1 * m1;
    let mid = p01 + p10;
    let mid_carry = select(0u, 1u, mid < p01);
    let lo = p00 + (mid << 16u);
    let lo_carry = select(0u, 1u, lo < p00);
    let hi = p11 + (mid >> 16u) + (mid_carry << 16u) + lo_carry;

    var q_lo: u32;
    var q_hi: u32;
    var r_lo: u32;
    var r_hi: u32;
    var h_lo: u32;
    var h_hi: u32;
    if (s < 32u) {
        q_lo = (lo >> s) | (hi << (32u - s));
        q_hi = hi >> s;
        r_lo = lo & ((1u << s) - 1u);
        r_hi = 0u;
        h_lo = 1u << (s - 1u);
        h_hi = 0u;
    } else if (s == 32u) {
        q_lo = hi;
        q_hi = 0u;
        r_lo = lo;
        r_hi = 0u;
        h_lo = 0x80000000u;
        h_hi = 0u;
    } else {
        let t = s - 32u;
        q_lo = hi >> t;
        q_hi = 0u;
        r_lo = lo;
        r_hi = hi & ((1u << t) - 1u);
        h_lo = 0u;
        h_hi = 1u << (t - 1u);
    }
    let above = (r_hi > h_hi) || (r_hi == h_hi && r_lo > h_lo);
    let tie = (r_hi == h_hi) && (r_lo == h_lo);
    if (above || (tie && (q_lo & 1u) == 1u)) {
        q_lo = q_lo + 1u;
        if (q_lo == 0u) {
            q_hi = q_hi + 1u;
        }
    }
    var magnitude = q_lo;
    if (q_hi != 0u || q_lo > 0x7FFFFFFFu) {
        magnitude = 0x7FFFFFFFu;
    }
    let r = bitcast<i32>(magnitude);
    return select(r, -r, neg);
}

fn clamp_i8(x: i32) -> i32 {
    return clamp(x, -128i, 127i);
}

const TRAIN_CLAMP: i32 = 32767i;
const TRAIN_MAX_DELTA: i32 = 65536i;

fn clamp_train(x: i32) -> i32 {
    return clamp(x, -TRAIN_CLAMP, TRAIN_CLAMP);
}

// 2^(-u/256) in Q15 for u >= 0.
fn exp2_neg_q8(u: i32) -> i32 {
    let whole = u >> 8u;
    if (whole >= 16i) {
        return 0i;
    }
    let f = u & 255i;
    let p = 32768i - ((21522i * f) >> 8u) + ((5138i * ((f * f) >> 8u)) >> 8u);
    return p >> u32(whole);
}

// Linear invocation index for a grid laid out by GpuDevice::grid_1d.
fn linear_index(gid: vec3<u32>, groups: vec3<u32>, wg_size: u32) -> u32 {
    return gid.x + gid.y * groups.x * wg_size;
}
