//! Kernel benchmarks: GPU vs CPU reference for every kernel at two or three sizes, with
//! throughput in integer ops (a multiply-accumulate counts as two), and Freivalds
//! verification vs full recomputation for a 1024³ matrix product.
//!
//! `cargo bench -p gpu-worker` (add `-- <filter>` to run a subset).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use gpu_worker::{freivalds, run_cpu, run_gpu, DeviceConfig, GpuDevice, Job};
use rand::{rngs::StdRng, Rng, SeedableRng};
use std::time::Duration;
use tensorgrid_primitives::kernels::*;

fn bytes(rng: &mut StdRng, len: u64) -> Vec<u8> {
	(0..len).map(|_| rng.gen::<u8>()).collect()
}

fn q10(rng: &mut StdRng, len: u64, limit: i32) -> Vec<u8> {
	(0..len).flat_map(|_| rng.gen_range(-limit..=limit).to_le_bytes()).collect()
}

/// Random inputs of the right sizes (i32 inputs kept small enough for every kernel).
fn job(spec: KernelSpec, seed: u64) -> Job {
	let mut rng = StdRng::seed_from_u64(seed);
	let inputs = match &spec {
		KernelSpec::MlpTrain(_) | KernelSpec::MlpPredict(_) =>
			spec.input_sizes().iter().map(|s| q10(&mut rng, s / 4, 1024)).collect(),
		KernelSpec::Conv2dI8(s) => vec![
			bytes(&mut rng, spec.input_sizes()[0]),
			bytes(&mut rng, spec.input_sizes()[1]),
			q10(&mut rng, s.out_channels as u64, 1000),
		],
		KernelSpec::MlpInferenceI8(_) => spec
			.input_sizes()
			.iter()
			.enumerate()
			.map(|(i, s)| if i > 0 && i % 2 == 0 { q10(&mut rng, s / 4, 1000) } else { bytes(&mut rng, *s) })
			.collect(),
		_ => spec.input_sizes().iter().map(|s| bytes(&mut rng, *s)).collect(),
	};
	Job { spec, inputs }
}

fn rq(shift: u8) -> Requant {
	Requant { multiplier: 1 << 30, shift }
}

fn cases() -> Vec<(&'static str, String, KernelSpec)> {
	let mut out = Vec::new();
	for n in [128u32, 512, 1024] {
		out.push(("matmul_i8", format!("n={n}"), KernelSpec::MatmulI8(MatmulShape { m: n, k: n, n })));
	}
	for (c, hw) in [(16u32, 32u32), (64, 56)] {
		out.push((
			"conv2d_i8",
			format!("c={c},hw={hw}"),
			KernelSpec::Conv2dI8(Conv2dShape {
				batch: 1,
				in_channels: c,
				height: hw,
				width: hw,
				out_channels: c,
				kernel_h: 3,
				kernel_w: 3,
				stride: 1,
				padding: 1,
			}),
		));
	}
	for (batch, width) in [(64u32, 256u32), (256, 1024)] {
		let layers = vec![
			MlpLayer { d_out: width, requant: rq(38) },
			MlpLayer { d_out: width, requant: rq(38) },
			MlpLayer { d_out: 10, requant: rq(38) },
		];
		out.push((
			"mlp_inference_i8",
			format!("batch={batch},width={width}"),
			KernelSpec::MlpInferenceI8(MlpShape { batch, d_in: width, layers: layers.try_into().unwrap() }),
		));
	}
	for l in [128u32, 512] {
		out.push((
			"attention_i8",
			format!("L={l},d=64"),
			KernelSpec::AttentionI8(AttentionShape { seq_len: l, d_k: 64, d_v: 64, score_scale: rq(24) }),
		));
	}
	for (batch, hidden) in [(64u32, 128u32), (256, 512)] {
		out.push((
			"mlp_train",
			format!("batch={batch},hidden={hidden}"),
			KernelSpec::MlpTrain(TrainShape {
				batch,
				d_in: 64,
				hidden,
				d_out: 4,
				learning_rate: 1,
				lr_shift: 10,
				steps: 1,
			}),
		));
	}
	out.push((
		"mlp_predict",
		"batch=1024,hidden=512".into(),
		KernelSpec::MlpPredict(PredictShape { batch: 1024, d_in: 64, hidden: 512, d_out: 4, steps: 1 }),
	));
	out
}

fn kernels(c: &mut Criterion) {
	let dev = GpuDevice::open(DeviceConfig::default().with_env()).expect("an adapter");
	eprintln!("adapter: {} ({}, {}), dot4I8Packed: {}", dev.profile.name, dev.profile.backend, dev.profile.device_type, dev.profile.packed_dot4);
	for (kernel, size, spec) in cases() {
		let job = job(spec.clone(), 1);
		// Warm the pipeline cache and check the result once.
		assert_eq!(run_gpu(&dev, &job).unwrap(), run_cpu(&job).unwrap(), "{kernel} {size}");
		let mut group = c.benchmark_group(kernel);
		group.sample_size(10).measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_millis(500));
		group.throughput(Throughput::Elements(2 * spec.ops()));
		group.bench_with_input(BenchmarkId::new("gpu", &size), &job, |b, j| b.iter(|| run_gpu(&dev, j).unwrap()));
		group.bench_with_input(BenchmarkId::new("cpu", &size), &job, |b, j| b.iter(|| run_cpu(j).unwrap()));
		group.finish();
	}
}

fn freivalds_vs_recompute(c: &mut Criterion) {
	let shape = MatmulShape { m: 1024, k: 1024, n: 1024 };
	let job = job(KernelSpec::MatmulI8(shape), 2);
	let product = run_cpu(&job).unwrap().output;
	assert!(freivalds::verify_matmul(&shape, &job.inputs[0], &job.inputs[1], &product, 2, 7));
	let mut group = c.benchmark_group("matmul_verify_n1024");
	group.sample_size(10).measurement_time(Duration::from_secs(5));
	group.bench_function("freivalds_2_rounds", |b| {
		b.iter(|| freivalds::verify_matmul(&shape, &job.inputs[0], &job.inputs[1], &product, 2, 7))
	});
	group.bench_function("cpu_recompute", |b| b.iter(|| run_cpu(&job).unwrap()));
	group.finish();
}

criterion_group!(benches, freivalds_vs_recompute, kernels);
criterion_main!(benches);
