//! The benchmark suite behind `gpu-worker bench` and the score providers put on chain:
//! work units per second over a fixed mix of kernels with seeded inputs.

use super::executor::Executor;
use crate::{Cancel, Job, Result};
use rand::{rngs::StdRng, Rng, SeedableRng};
use std::time::{Duration, Instant};
use tensorgrid_primitives::{
	kernels::{Conv2dShape, MatmulShape, MlpLayer, MlpShape, Requant},
	KernelSpec,
};

/// One kernel's figures.
#[derive(Clone, Debug)]
pub struct KernelFigure {
	pub kernel: &'static str,
	pub work_units: u64,
	pub runs: u32,
	pub elapsed: Duration,
}

/// The suite's result.
#[derive(Clone, Debug)]
pub struct BenchReport {
	pub figures: Vec<KernelFigure>,
	/// Work units per second over the whole suite.
	pub score: u64,
}

fn random_inputs(spec: &KernelSpec, rng: &mut StdRng) -> Vec<Vec<u8>> {
	// Small values keep every kernel's i32 inputs (biases) in range.
	spec.input_sizes().iter().map(|n| (0..*n).map(|_| rng.gen_range(0u8..4)).collect()).collect()
}

/// The fixed job mix.
pub fn suite() -> Vec<KernelSpec> {
	let rq = Requant { multiplier: 1 << 30, shift: 38 };
	vec![
		KernelSpec::MatmulI8(MatmulShape { m: 256, k: 256, n: 256 }),
		KernelSpec::Conv2dI8(Conv2dShape {
			batch: 1,
			in_channels: 16,
			height: 32,
			width: 32,
			out_channels: 16,
			kernel_h: 3,
			kernel_w: 3,
			stride: 1,
			padding: 1,
		}),
		KernelSpec::MlpInferenceI8(MlpShape {
			batch: 64,
			d_in: 256,
			layers: vec![MlpLayer { d_out: 256, requant: rq }, MlpLayer { d_out: 10, requant: rq }]
				.try_into()
				.expect("two layers fit"),
		}),
	]
}

/// Run the suite `runs` times per kernel (after one warm-up run).
pub fn run(executor: &dyn Executor, runs: u32) -> Result<BenchReport> {
	let mut rng = StdRng::seed_from_u64(7);
	let mut figures = Vec::new();
	let cancel = Cancel::new();
	for spec in suite() {
		let job = Job { inputs: random_inputs(&spec, &mut rng), spec };
		executor.run(&job, &cancel)?;
		let start = Instant::now();
		for _ in 0..runs {
			executor.run(&job, &cancel)?;
		}
		figures.push(KernelFigure {
			kernel: job.spec.kernel_id().name(),
			work_units: job.spec.work_units(),
			runs,
			elapsed: start.elapsed(),
		});
	}
	let units: u64 = figures.iter().map(|f| f.work_units * f.runs as u64).sum();
	let secs: f64 = figures.iter().map(|f| f.elapsed.as_secs_f64()).sum();
	let score = if secs > 0.0 { (units as f64 / secs) as u64 } else { 0 };
	Ok(BenchReport { figures, score })
}
