//! Every kernel on the GPU produces the CPU reference's bytes exactly, over seeded random
//! shapes (including non-multiples of the tile size, 1×1 and long reductions).

mod common;

use common::*;
use gpu_worker::{run_cpu, run_gpu, Job};
use rand::Rng;
use tensorgrid_primitives::kernels::*;

fn assert_same(job: &Job, what: &str) {
	let cpu = run_cpu(job).unwrap_or_else(|e| panic!("{what}: cpu failed: {e}"));
	let gpu = run_gpu(device(), job).unwrap_or_else(|e| panic!("{what}: gpu failed: {e}"));
	assert_eq!(gpu.output.len(), job.spec.output_size() as usize, "{what}: output size");
	if gpu.output != cpu.output {
		let first = gpu.output.iter().zip(&cpu.output).position(|(a, b)| a != b);
		panic!("{what}: GPU output differs from the CPU reference (first byte {first:?})");
	}
	assert_eq!(gpu.digest, cpu.digest, "{what}: digest");
}

fn matmul_job(rng: &mut rand::rngs::StdRng, m: u32, k: u32, n: u32) -> Job {
	Job {
		spec: KernelSpec::MatmulI8(MatmulShape { m, k, n }),
		inputs: vec![i8_bytes(rng, (m * k) as usize), i8_bytes(rng, (k * n) as usize)],
	}
}

#[test]
fn matmul_matches_cpu_on_random_and_edge_shapes() {
	let mut rng = rng(1);
	let mut shapes = vec![(1, 1, 1), (1, 4096, 1), (17, 33, 15), (16, 16, 16), (64, 3, 65), (2, 131071, 2)];
	for _ in 0..10 {
		shapes.push((rng.gen_range(1..80), rng.gen_range(1..300), rng.gen_range(1..80)));
	}
	for (m, k, n) in shapes {
		let job = matmul_job(&mut rng, m, k, n);
		assert_same(&job, &format!("matmul {m}x{k}x{n}"));
	}
}

#[test]
fn matmul_portable_path_matches_packed_path() {
	let mut rng = rng(2);
	for (m, k, n) in [(5, 7, 3), (33, 129, 17)] {
		let job = matmul_job(&mut rng, m, k, n);
		let a = run_gpu(device(), &job).unwrap();
		let b = run_gpu(portable_device(), &job).unwrap();
		assert_eq!(a, b, "matmul {m}x{k}x{n}");
	}
}

#[test]
fn matmul_extremes_do_not_overflow() {
	// All -128: every product is +16384, the largest magnitude; K at its bound.
	let (m, k, n) = (2u32, 131071u32, 3u32);
	let job = Job {
		spec: KernelSpec::MatmulI8(MatmulShape { m, k, n }),
		inputs: vec![vec![0x80; (m * k) as usize], vec![0x80; (k * n) as usize]],
	};
	let out = run_gpu(device(), &job).unwrap();
	let first = i32::from_le_bytes(out.output[0..4].try_into().unwrap());
	assert_eq!(first as i64, 16384i64 * 131071);
	assert_same(&job, "matmul extremes");
}

#[test]
fn conv2d_matches_cpu() {
	let mut rng = rng(3);
	let mut shapes = vec![
		Conv2dShape { batch: 1, in_channels: 1, height: 1, width: 1, out_channels: 1, kernel_h: 1, kernel_w: 1, stride: 1, padding: 0 },
		Conv2dShape { batch: 2, in_channels: 3, height: 9, width: 7, out_channels: 5, kernel_h: 3, kernel_w: 3, stride: 2, padding: 1 },
	];
	for _ in 0..8 {
		let kh = rng.gen_range(1..5);
		let kw = rng.gen_range(1..5);
		shapes.push(Conv2dShape {
			batch: rng.gen_range(1..3),
			in_channels: rng.gen_range(1..6),
			height: rng.gen_range(kh..20),
			width: rng.gen_range(kw..20),
			out_channels: rng.gen_range(1..7),
			kernel_h: kh,
			kernel_w: kw,
			stride: rng.gen_range(1..4),
			padding: rng.gen_range(0..3),
		});
	}
	for s in shapes {
		let spec = KernelSpec::Conv2dI8(s);
		let sizes = spec.input_sizes();
		let job = Job {
			spec,
			inputs: vec![
				i8_bytes(&mut rng, sizes[0] as usize),
				i8_bytes(&mut rng, sizes[1] as usize),
				i32_bytes(&mut rng, s.out_channels as usize, 1 << 20),
			],
		};
		assert_same(&job, &format!("conv2d {s:?}"));
	}
}

fn mlp_job(rng: &mut rand::rngs::StdRng, batch: u32, d_in: u32, widths: &[u32]) -> Job {
	let layers: Vec<MlpLayer> = widths
		.iter()
		.map(|w| MlpLayer {
			d_out: *w,
			requant: Requant { multiplier: rng.gen_range(1 << 28..1 << 31), shift: rng.gen_range(36..42) },
		})
		.collect();
	let shape = MlpShape { batch, d_in, layers: layers.try_into().unwrap() };
	let spec = KernelSpec::MlpInferenceI8(shape.clone());
	let mut inputs = vec![i8_bytes(rng, (batch * d_in) as usize)];
	for (i, o) in shape.layer_dims() {
		inputs.push(i8_bytes(rng, (i * o) as usize));
		inputs.push(i32_bytes(rng, o as usize, 1 << 12));
	}
	Job { spec, inputs }
}

#[test]
fn mlp_inference_matches_cpu() {
	let mut rng = rng(4);
	let cases: Vec<(u32, u32, Vec<u32>)> = vec![
		(1, 1, vec![1]),
		(3, 20, vec![16, 10]),
		(8, 64, vec![33, 17, 9, 4]),
		(5, 300, vec![128, 10]),
	];
	for (batch, d_in, widths) in cases {
		let job = mlp_job(&mut rng, batch, d_in, &widths);
		assert_same(&job, &format!("mlp {batch}x{d_in} {widths:?}"));
	}
}

#[test]
fn attention_matches_cpu() {
	let mut rng = rng(5);
	let mut shapes = vec![(1, 1, 1), (7, 16, 5), (64, 32, 32)];
	for _ in 0..4 {
		shapes.push((rng.gen_range(1..90), rng.gen_range(1..40), rng.gen_range(1..40)));
	}
	for (l, d_k, d_v) in shapes {
		let spec = KernelSpec::AttentionI8(AttentionShape {
			seq_len: l,
			d_k,
			d_v,
			// ≈ log2(e)/sqrt(d_k)/64 per unit score, in Q8: a spread of weights.
			score_scale: Requant { multiplier: rng.gen_range(1 << 20..1 << 24), shift: 24 },
		});
		let job = Job {
			spec,
			inputs: vec![
				i8_bytes(&mut rng, (l * d_k) as usize),
				i8_bytes(&mut rng, (l * d_k) as usize),
				i8_bytes(&mut rng, (l * d_v) as usize),
			],
		};
		assert_same(&job, &format!("attention L={l} dk={d_k} dv={d_v}"));
	}
}
