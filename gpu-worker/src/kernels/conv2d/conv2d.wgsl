// out[b][o][y][x] = bias[o] + sum_{c,ky,kx} in[b][c][y*s+ky-p][x*s+kx-p] * w[o][c][ky][kx]
// with zero padding; one invocation per output element.

// params: [batch, in_c, h, w, out_c, kh, kw, stride, pad, out_h, out_w]
@group(0) @binding(0) var<storage, read_write> params: array<u32>;
@group(0) @binding(1) var<storage, read_write> input: array<u32>;
@group(0) @binding(2) var<storage, read_write> weight: array<u32>;
@group(0) @binding(3) var<storage, read_write> bias: array<i32>;
@group(0) @binding(4) var<storage, read_write> out: array<i32>;

fn input_i8(i: u32) -> i32 {
    return lane_i8(input[i >> 2u], i & 3u);
}

fn weight_i8(i: u32) -> i32 {
    return lane_i8(weight[i >> 2u], i & 3u);
}

@compute @workgroup_size(64, 1, 1)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
    let batch = params[0];
    let in_c = params[1];
    let h = params[2];
    let w = params[3];
    let out_c = params[4];
    let kh = params[5];
    let kw = params[6];
    let stride = params[7];
    let pad = params[8];
    let out_h = params[9];
    let out_w = params[10];

    let idx = linear_index(gid, groups, 64u);
    if (idx >= batch * out_c * out_h * out_w) {
        return;
    }
    let ox = idx % out_w;
    let oy = (idx / out_w) % out_h;
    let o = (idx / (out_w * out_h)) % out_c;
    let b = idx / (out_w * out_h * out_c);

    var acc = bias[o];
    for (var c = 0u; c < in_c; c = c + 1u) {
        for (var ky = 0u; ky < kh; ky = ky + 1u) {
            // Row in the unpadded input; outside it the padding is zero.
            let iy = i32(oy * stride + ky) - i32(pad);
            if (iy < 0i || iy >= i32(h)) {
                continue;
            }
            for (var kx = 0u; kx < kw; kx = kx + 1u) {
                let ix = i32(ox * stride + kx) - i32(pad);
                if (ix < 0i || ix >= i32(w)) {
                    continue;
                }
                let in_idx = ((b * in_c + c) * h + u32(iy)) * w + u32(ix);
                let w_idx = ((o * in_c + c) * kh + ky) * kw + kx;
                acc = acc + input_i8(in_idx) * weight_i8(w_idx);
            }
        }
    }
    out[idx] = acc;
}
