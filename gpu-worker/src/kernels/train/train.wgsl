// One fixed-point SGD step of a two-layer MLP (d_in -> hidden -> d_out, ReLU, squared
// error), all values Q10 in i32 and clamped to +-(2^15 - 1). Products of two values are
// rounded back to Q10 (round half to even) before they are summed, so no sum overflows.
//
// Buffers: data = [X (batch x d_in), T (batch x d_out)]
//          weights / next = [W1 (hidden x d_in), b1 (hidden), W2 (d_out x hidden), b2 (d_out)]
//          scratch = [H (batch x hidden), E (batch x d_out), dH (batch x hidden), loss]

// params: [batch, d_in, hidden, d_out, learning_rate, lr_shift]
@group(0) @binding(0) var<storage, read_write> params: array<u32>;
@group(0) @binding(1) var<storage, read_write> data: array<i32>;
@group(0) @binding(2) var<storage, read_write> weights: array<i32>;
@group(0) @binding(3) var<storage, read_write> scratch: array<i32>;
@group(0) @binding(4) var<storage, read_write> next: array<i32>;

const F: u32 = 10u;

fn q_mul(a: i32, b: i32) -> i32 {
    return round_shift(a * b, F);
}

fn sgd(w: i32, grad: i32) -> i32 {
    let delta = clamp(mul_shift_round(grad, params[4], params[5]), -TRAIN_MAX_DELTA, TRAIN_MAX_DELTA);
    return clamp_train(w - delta);
}

@compute @workgroup_size(64, 1, 1)
fn forward_hidden(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
    let batch = params[0]; let d_in = params[1]; let hidden = params[2];
    let idx = linear_index(gid, groups, 64u);
    if (idx >= batch * hidden) { return; }
    let b = idx / hidden;
    let j = idx % hidden;
    var z = weights[hidden * d_in + j];
    for (var k = 0u; k < d_in; k = k + 1u) {
        z = z + q_mul(weights[j * d_in + k], data[b * d_in + k]);
    }
    scratch[idx] = clamp_train(max(z, 0i));
}

@compute @workgroup_size(64, 1, 1)
fn forward_output(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
    let batch = params[0]; let d_in = params[1]; let hidden = params[2]; let d_out = params[3];
    let idx = linear_index(gid, groups, 64u);
    if (idx >= batch * d_out) { return; }
    let b = idx / d_out;
    let o = idx % d_out;
    let w2 = hidden * d_in + hidden;
    var y = weights[w2 + d_out * hidden + o];
    for (var j = 0u; j < hidden; j = j + 1u) {
        y = y + q_mul(weights[w2 + o * hidden + j], scratch[b * hidden + j]);
    }
    let t = data[batch * d_in + idx];
    scratch[batch * hidden + idx] = clamp_train(clamp_train(y) - t);
}

@compute @workgroup_size(64, 1, 1)
fn backward_hidden(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
    let batch = params[0]; let d_in = params[1]; let hidden = params[2]; let d_out = params[3];
    let idx = linear_index(gid, groups, 64u);
    if (idx >= batch * hidden) { return; }
    let b = idx / hidden;
    let j = idx % hidden;
    let w2 = hidden * d_in + hidden;
    var g = 0i;
    if (scratch[idx] > 0i) {
        for (var o = 0u; o < d_out; o = o + 1u) {
            g = g + q_mul(weights[w2 + o * hidden + j], scratch[batch * hidden + b * d_out + o]);
        }
    }
    scratch[batch * hidden + batch * d_out + idx] = clamp_train(g);
}

// One invocation per W2 entry plus one per b2 entry.
@compute @workgroup_size(64, 1, 1)
fn update_output_layer(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
    let batch = params[0]; let d_in = params[1]; let hidden = params[2]; let d_out = params[3];
    let idx = linear_index(gid, groups, 64u);
    if (idx >= d_out * (hidden + 1u)) { return; }
    let o = idx / (hidden + 1u);
    let j = idx % (hidden + 1u);
    let w2 = hidden * d_in + hidden;
    let e_at = batch * hidden;
    var g = 0i;
    if (j < hidden) {
        for (var b = 0u; b < batch; b = b + 1u) {
            g = g + q_mul(scratch[e_at + b * d_out + o], scratch[b * hidden + j]);
        }
        next[w2 + o * hidden + j] = sgd(weights[w2 + o * hidden + j], g);
    } else {
        for (var b = 0u; b < batch; b = b + 1u) {
            g = g + scratch[e_at + b * d_out + o];
        }
        next[w2 + d_out * hidden + o] = sgd(weights[w2 + d_out * hidden + o], g);
    }
}

// One invocation per W1 entry plus one per b1 entry.
@compute @workgroup_size(64, 1, 1)
fn update_hidden_layer(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
    let batch = params[0]; let d_in = params[1]; let hidden = params[2]; let d_out = params[3];
    let idx = linear_index(gid, groups, 64u);
    if (idx >= hidden * (d_in + 1u)) { return; }
    let j = idx / (d_in + 1u);
    let k = idx % (d_in + 1u);
    let dh_at = batch * hidden + batch * d_out;
    var g = 0i;
    if (k < d_in) {
        for (var b = 0u; b < batch; b = b + 1u) {
            g = g + q_mul(scratch[dh_at + b * hidden + j], data[b * d_in + k]);
        }
        next[j * d_in + k] = sgd(weights[j * d_in + k], g);
    } else {
        for (var b = 0u; b < batch; b = b + 1u) {
            g = g + scratch[dh_at + b * hidden + j];
        }
        next[hidden * d_in + j] = sgd(weights[hidden * d_in + j], g);
    }
}

// Single invocation: loss = sum over the batch of round(e^2 / 2^10), before this step's update.
@compute @workgroup_size(1, 1, 1)
fn loss() {
    let batch = params[0]; let hidden = params[2]; let d_out = params[3];
    let e_at = batch * hidden;
    var total = 0i;
    for (var i = 0u; i < batch * d_out; i = i + 1u) {
        let e = scratch[e_at + i];
        total = total + q_mul(e, e);
    }
    scratch[2u * batch * hidden + batch * d_out] = total;
}
