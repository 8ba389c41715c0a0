//! The fixed-point training kernel: GPU weights equal the CPU's after every step, and the
//! loss falls on a small synthetic regression problem.

mod common;

use common::*;
use gpu_worker::{fixed, kernels::train, run_cpu, run_gpu, Job};
use rand::Rng;
use tensorgrid_primitives::kernels::{KernelSpec, PredictShape, TrainShape};

/// y = 0.5·x0 − 0.25·x1 + 0.125·x2 in Q10, on inputs in [-2, 2].
fn synthetic(batch: usize, seed: u64) -> (Vec<i32>, Vec<i32>) {
	let mut rng = rng(seed);
	let mut x = Vec::new();
	let mut t = Vec::new();
	for _ in 0..batch {
		let row: Vec<i32> = (0..3).map(|_| rng.gen_range(-2048..=2048)).collect();
		t.push((row[0] * 512 - row[1] * 256 + row[2] * 128) / 1024);
		x.extend(row);
	}
	(x, t)
}

fn job(shape: TrainShape, x: &[i32], t: &[i32], w: &train::Weights) -> Job {
	Job {
		spec: KernelSpec::MlpTrain(shape),
		inputs: vec![
			fixed::i32s_to_bytes(x),
			fixed::i32s_to_bytes(t),
			fixed::i32s_to_bytes(&w.w1),
			fixed::i32s_to_bytes(&w.b1),
			fixed::i32s_to_bytes(&w.w2),
			fixed::i32s_to_bytes(&w.b2),
		],
	}
}

fn initial_weights(shape: &TrainShape, seed: u64) -> train::Weights {
	let mut rng = rng(seed);
	let (d_in, h, d_out) = (shape.d_in as usize, shape.hidden as usize, shape.d_out as usize);
	train::Weights {
		w1: (0..h * d_in).map(|_| rng.gen_range(-400..=400)).collect(),
		b1: (0..h).map(|_| rng.gen_range(0..=100)).collect(),
		w2: (0..d_out * h).map(|_| rng.gen_range(-400..=400)).collect(),
		b2: vec![0; d_out],
	}
}

fn shape(steps: u32) -> TrainShape {
	TrainShape { batch: 32, d_in: 3, hidden: 16, d_out: 1, learning_rate: 1, lr_shift: 7, steps }
}

#[test]
fn gpu_weights_equal_cpu_weights_after_every_step_and_loss_falls() {
	let single = shape(1);
	let (x, t) = synthetic(32, 7);
	let mut cpu_w = initial_weights(&single, 8);
	let mut gpu_w = cpu_w.clone();
	let mut losses = Vec::new();
	for step in 0..40 {
		let cpu_loss = train::cpu_step(&single, &x, &t, &mut cpu_w);
		let out = run_gpu(device(), &job(single, &x, &t, &gpu_w)).unwrap();
		let values = fixed::bytes_to_i32s(&out.output);
		let gpu_loss = values[0];
		let flat = &values[1..];
		let (w1, rest) = flat.split_at(gpu_w.w1.len());
		let (b1, rest) = rest.split_at(gpu_w.b1.len());
		let (w2, b2) = rest.split_at(gpu_w.w2.len());
		gpu_w = train::Weights { w1: w1.to_vec(), b1: b1.to_vec(), w2: w2.to_vec(), b2: b2.to_vec() };
		assert_eq!(gpu_loss, cpu_loss, "loss at step {step}");
		assert_eq!(gpu_w, cpu_w, "weights after step {step}");
		losses.push(cpu_loss);
	}
	let (first, last) = (losses[0], *losses.last().unwrap());
	eprintln!("loss: first {first}, last {last}: {losses:?}");
	assert!(last < first / 4, "loss must fall: {first} -> {last}");
}

#[test]
fn multi_step_job_matches_cpu_and_reports_falling_loss() {
	let s = shape(25);
	let (x, t) = synthetic(32, 9);
	let w = initial_weights(&s, 10);
	let j = job(s, &x, &t, &w);
	let cpu = run_cpu(&j).unwrap();
	let gpu = run_gpu(device(), &j).unwrap();
	assert_eq!(gpu.output, cpu.output);
	let losses = &fixed::bytes_to_i32s(&gpu.output)[..25];
	assert!(losses[24] < losses[0], "{losses:?}");
}

#[test]
fn out_of_range_training_input_runs_clamped() {
	// The chain accepts any bytes for a training input; the worker must run every job the
	// chain accepts, so a value outside ±TRAIN_CLAMP is read as the nearest bound.
	let s = shape(1);
	let (mut x, t) = synthetic(32, 11);
	let w = initial_weights(&s, 12);
	x[5] = 40_000;
	x[6] = i32::MIN;
	let wild = run_gpu(device(), &job(s, &x, &t, &w)).unwrap();
	x[5] = fixed::TRAIN_CLAMP;
	x[6] = -fixed::TRAIN_CLAMP;
	let clamped = run_cpu(&job(s, &x, &t, &w)).unwrap();
	assert_eq!(wild.output, clamped.output);
}

/// A training job's output is the prediction kernel's model as is: GPU and CPU agree bit for
/// bit, the trained model predicts held-out samples better than the initial one, and each
/// sample's argmax follows its outputs.
#[test]
fn a_trained_model_predicts_from_the_training_output_unchanged_on_cpu_and_gpu() {
	let s = shape(60);
	let (x, t) = synthetic(32, 13);
	let initial = initial_weights(&s, 14);
	let trained = run_cpu(&job(s, &x, &t, &initial)).unwrap().output;
	assert_eq!(run_gpu(device(), &job(s, &x, &t, &initial)).unwrap().output, trained);
	let predict = PredictShape { batch: 64, d_in: 3, hidden: 16, d_out: 1, steps: 60 };
	let (held_out, truth) = synthetic(64, 15);
	let run = |model: Vec<u8>| {
		let j = Job { spec: KernelSpec::MlpPredict(predict), inputs: vec![fixed::i32s_to_bytes(&held_out), model] };
		let cpu = run_cpu(&j).unwrap().output;
		assert_eq!(run_gpu(device(), &j).unwrap().output, cpu, "GPU equals CPU");
		assert_eq!(cpu.len() as u64, KernelSpec::MlpPredict(predict).output_size());
		cpu
	};
	let error = |out: &[u8]| -> i64 {
		let y = fixed::bytes_to_i32s(&out[..4 * 64]);
		y.iter().zip(&truth).map(|(a, b)| ((a - b) as i64).pow(2)).sum()
	};
	let after = run(trained.clone());
	// The initial model laid out as a zero-step training output would be (losses skipped).
	let mut untrained = fixed::i32s_to_bytes(&vec![0; 60]);
	untrained.extend(fixed::i32s_to_bytes(&initial.flatten()));
	let before = run(untrained);
	eprintln!("squared error on held-out samples: {} before training, {} after", error(&before), error(&after));
	assert!(error(&after) * 4 < error(&before), "training helps on held-out samples");
	// One output per sample: every argmax is 0.
	assert!(fixed::bytes_to_i32s(&after[4 * 64..]).iter().all(|a| *a == 0));
	// With two outputs the argmax picks the larger.
	let two = PredictShape { batch: 2, d_in: 1, hidden: 1, d_out: 2, steps: 1 };
	let model = fixed::i32s_to_bytes(&[0, 1024, 0, 1024, -1024, 0, 0]);
	let out = run_cpu(&Job { spec: KernelSpec::MlpPredict(two), inputs: vec![fixed::i32s_to_bytes(&[512, -512]), model] })
		.unwrap()
		.output;
	let values = fixed::bytes_to_i32s(&out);
	// h = relu(x): 512, then 0; y = (h, -h).
	assert_eq!(&values[..4], &[512, -512, 0, 0]);
	assert_eq!(&values[4..], &[0, 0], "ties go to the first index");
}
