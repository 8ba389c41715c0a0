// C[m][n] = sum_k A[m][k] * B[k][n], int8 inputs, i32 accumulation (wrapping, but the
// spec bounds k so it never wraps).
//
// A is packed row-major four int8 per word along k; B is packed transposed (column n's k
// values consecutive), so one word of each holds four matching products. Each 16x16
// workgroup stages a 16-row slab of A and a 16-column slab of B, TILE_WORDS words deep,
// in workgroup memory and reuses every word 16 times.

// params: [m, n, k_words]
@group(0) @binding(0) var<storage, read_write> params: array<u32>;
@group(0) @binding(1) var<storage, read_write> a: array<u32>;
@group(0) @binding(2) var<storage, read_write> bt: array<u32>;
@group(0) @binding(3) var<storage, read_write> c: array<i32>;

const TILE: u32 = 16u;
const TILE_WORDS: u32 = 8u;

var<workgroup> a_tile: array<array<u32, TILE_WORDS>, TILE>;
var<workgroup> b_tile: array<array<u32, TILE_WORDS>, TILE>;

@compute @workgroup_size(16, 16, 1)
fn main(
    @builtin(local_invocation_id) lid: vec3<u32>,
    @builtin(workgroup_id) wid: vec3<u32>,
) {
    let m = params[0];
    let n = params[1];
    let k_words = params[2];
    let row = wid.y * TILE + lid.y;
    let col = wid.x * TILE + lid.x;
    let flat = lid.y * TILE + lid.x;

    var acc: i32 = 0i;
    var base: u32 = 0u;
    loop {
        if (base >= k_words) {
            break;
        }
        // 256 invocations load 128 words of A and 128 of B; words past the matrix edge
        // are zero, which adds nothing to any sum.
        let slot = flat & 127u;
        let r = slot / TILE_WORDS;
        let w = slot % TILE_WORDS;
        if (flat < 128u) {
            let gr = wid.y * TILE + r;
            var word = 0u;
            if (gr < m && base + w < k_words) {
                word = a[gr * k_words + base + w];
            }
            a_tile[r][w] = word;
        } else {
            let gc = wid.x * TILE + r;
            var word = 0u;
            if (gc < n && base + w < k_words) {
                word = bt[gc * k_words + base + w];
            }
            b_tile[r][w] = word;
        }
        workgroupBarrier();
        for (var i = 0u; i < TILE_WORDS; i = i + 1u) {
            acc = acc + dot4(a_tile[lid.y][i], b_tile[lid.x][i]);
        }
        workgroupBarrier();
        base = base + TILE_WORDS;
    }
    if (row < m && col < n) {
        c[row * n + col] = acc;
    }
}
