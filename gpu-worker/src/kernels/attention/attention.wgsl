// Single-head integer attention in three passes:
//   scores:  s[i][j] = sum_c q[i][c] * k[j][c]                       (i32)
//   softmax: per row, u_j = -mul_shift_round(s_ij - max_j s_ij, scale)  (Q8 base-2 exponent)
//            e_j = exp2_neg_q8(u_j) (Q15), w_ij = (e_j << 15) / sum_j e_j  (Q15, truncating)
//   output:  o[i][c] = clamp_i8(round_shift(sum_j w_ij * v[j][c], 15))

// params: [seq_len, d_k, d_v, scale_multiplier, scale_shift]
@group(0) @binding(0) var<storage, read_write> params: array<u32>;
@group(0) @binding(1) var<storage, read_write> q: array<u32>;
@group(0) @binding(2) var<storage, read_write> k: array<u32>;
@group(0) @binding(3) var<storage, read_write> v: array<u32>;
@group(0) @binding(4) var<storage, read_write> scores: array<i32>;
@group(0) @binding(5) var<storage, read_write> out: array<i32>;

fn q_i8(i: u32) -> i32 {
    return lane_i8(q[i >> 2u], i & 3u);
}

fn k_i8(i: u32) -> i32 {
    return lane_i8(k[i >> 2u], i & 3u);
}

fn v_i8(i: u32) -> i32 {
    return lane_i8(v[i >> 2u], i & 3u);
}

@compute @workgroup_size(64, 1, 1)
fn qk(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
    let l = params[0];
    let d_k = params[1];
    let idx = linear_index(gid, groups, 64u);
    if (idx >= l * l) {
        return;
    }
    let i = idx / l;
    let j = idx % l;
    var acc = 0i;
    for (var c = 0u; c < d_k; c = c + 1u) {
        acc = acc + q_i8(i * d_k + c) * k_i8(j * d_k + c);
    }
    scores[idx] = acc;
}

// One invocation per row: replaces the row's scores with its Q15 softmax weights.
@compute @workgroup_size(64, 1, 1)
fn softmax(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
    let l = params[0];
    let i = linear_index(gid, groups, 64u);
    if (i >= l) {
        return;
    }
    let row = i * l;
    var mx = scores[row];
    for (var j = 1u; j < l; j = j + 1u) {
        mx = max(mx, scores[row + j]);
    }
    var sum = 0u;
    for (var j = 0u; j < l; j = j + 1u) {
        let t = mul_shift_round(scores[row + j] - mx, params[3], params[4]);
        let e = exp2_neg_q8(-t);
        scores[row + j] = e;
        sum = sum + u32(e);
    }
    for (var j = 0u; j < l; j = j + 1u) {
        scores[row + j] = i32((u32(scores[row + j]) << 15u) / sum);
    }
}

@compute @workgroup_size(64, 1, 1)
fn weighted_sum(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
    let l = params[0];
    let d_v = params[2];
    let idx = linear_index(gid, groups, 64u);
    if (idx >= l * d_v) {
        return;
    }
    let i = idx / d_v;
    let c = idx % d_v;
    var acc = 0i;
    for (var j = 0u; j < l; j = j + 1u) {
        acc = acc + scores[i * l + j] * v_i8(j * d_v + c);
    }
    out[idx] = clamp_i8(round_shift(acc, 15u));
}
