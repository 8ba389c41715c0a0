// One quantized linear layer per dispatch:
//   y[b][o] = clamp_i8(mul_shift_round(bias[o] + sum_i x[b][i] * w[o][i], mult, shift))
// then ReLU on hidden layers. Activations are stored as one i32 per element.
// `argmax` picks the first index of the largest logit per sample.

// params: [batch, d_in, d_out, multiplier, shift, relu]
@group(0) @binding(0) var<storage, read_write> params: array<u32>;
@group(0) @binding(1) var<storage, read_write> x: array<i32>;
@group(0) @binding(2) var<storage, read_write> weight: array<u32>;
@group(0) @binding(3) var<storage, read_write> bias: array<i32>;
@group(0) @binding(4) var<storage, read_write> y: array<i32>;

fn weight_i8(i: u32) -> i32 {
    return lane_i8(weight[i >> 2u], i & 3u);
}

@compute @workgroup_size(64, 1, 1)
fn layer(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
    let batch = params[0];
    let d_in = params[1];
    let d_out = params[2];
    let idx = linear_index(gid, groups, 64u);
    if (idx >= batch * d_out) {
        return;
    }
    let b = idx / d_out;
    let o = idx % d_out;
    var acc = bias[o];
    for (var i = 0u; i < d_in; i = i + 1u) {
        acc = acc + x[b * d_in + i] * weight_i8(o * d_in + i);
    }
    var v = clamp_i8(mul_shift_round(acc, params[3], params[4]));
    if (params[5] == 1u) {
        v = max(v, 0i);
    }
    y[idx] = v;
}

// params: [batch, d_in (unused), d_out]; writes argmax of each row of x into y[b].
@compute @workgroup_size(64, 1, 1)
fn argmax(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
    let batch = params[0];
    let d_out = params[2];
    let b = linear_index(gid, groups, 64u);
    if (b >= batch) {
        return;
    }
    var best = 0u;
    var best_value = x[b * d_out];
    for (var o = 1u; o < d_out; o = o + 1u) {
        let v = x[b * d_out + o];
        if (v > best_value) {
            best = o;
            best_value = v;
        }
    }
    y[b] = i32(best);
}
