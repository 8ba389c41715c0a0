//! Attack 1 of the soundness review: the chain accepted specs that every worker refused,
//! so nobody could commit and the assigned providers were slashed. The chain and the
//! worker now share one validation (`KernelSpec::validate`); this property test generates
//! specs around every bound and checks that each spec the chain accepts fits the reference
//! worker's default limits and, where it is small enough to run here, executes with any
//! input bytes (training values outside the fixed-point range included).

mod common;

use common::*;
use gpu_worker::{run_cpu, run_gpu, service::ServiceConfig, Job};
use rand::{rngs::StdRng, Rng};
use tensorgrid_primitives::kernels::*;

/// A dimension near one of the interesting bounds, or small.
fn dim(rng: &mut StdRng, bounds: &[u32]) -> u32 {
	match rng.gen_range(0..4) {
		0 => rng.gen_range(1..=4),
		1 => rng.gen_range(1..=64),
		_ => {
			let b = bounds[rng.gen_range(0..bounds.len())] as i64;
			(b + rng.gen_range(-2i64..=2)).clamp(1, u32::MAX as i64) as u32
		},
	}
}

fn requant(rng: &mut StdRng) -> Requant {
	let multiplier = match rng.gen_range(0..3) {
		0 => 1,
		1 => i32::MAX as u32,
		_ => rng.gen_range(1..=i32::MAX as u32),
	};
	Requant { multiplier, shift: rng.gen_range(1..=62) }
}

fn random_spec(rng: &mut StdRng) -> KernelSpec {
	let big = [MAX_DIM, MAX_REDUCTION as u32, 4096, 8192, 1 << 14, 1 << 15];
	match rng.gen_range(0..6) {
		0 => KernelSpec::MatmulI8(MatmulShape { m: dim(rng, &big), k: dim(rng, &big), n: dim(rng, &big) }),
		1 => KernelSpec::Conv2dI8(Conv2dShape {
			batch: dim(rng, &[64, 1024]),
			in_channels: dim(rng, &[512, 8192]),
			height: dim(rng, &[224, 4096]),
			width: dim(rng, &[224, 4096]),
			out_channels: dim(rng, &[512, 8192]),
			kernel_h: rng.gen_range(1..=7),
			kernel_w: rng.gen_range(1..=7),
			stride: rng.gen_range(1..=3),
			padding: rng.gen_range(0..=3),
		}),
		2 => {
			let layers = (0..rng.gen_range(1..=MAX_MLP_LAYERS))
				.map(|_| MlpLayer { d_out: dim(rng, &[4096, 1 << 16]), requant: requant(rng) })
				.collect::<Vec<_>>();
			KernelSpec::MlpInferenceI8(MlpShape {
				batch: dim(rng, &[1024, 1 << 16]),
				d_in: dim(rng, &[4096, 1 << 16]),
				layers: layers.try_into().expect("at most MAX_MLP_LAYERS"),
			})
		},
		3 => KernelSpec::AttentionI8(AttentionShape {
			seq_len: dim(rng, &[4096, 5792, 5793, 8192, MAX_ATTENTION_SEQ]),
			d_k: dim(rng, &[64, 4096]),
			d_v: dim(rng, &[64, 4096]),
			score_scale: requant(rng),
		}),
		5 => KernelSpec::MlpPredict(PredictShape {
			batch: dim(rng, &[MAX_TRAIN_DIM]),
			d_in: dim(rng, &[MAX_TRAIN_DIM]),
			hidden: dim(rng, &[MAX_TRAIN_DIM]),
			d_out: dim(rng, &[MAX_TRAIN_DIM, 16]),
			steps: dim(rng, &[MAX_TRAIN_STEPS]),
		}),
		_ => KernelSpec::MlpTrain(TrainShape {
			batch: dim(rng, &[MAX_TRAIN_DIM, MAX_TRAIN_LOSS_TERMS]),
			d_in: dim(rng, &[MAX_TRAIN_DIM]),
			hidden: dim(rng, &[MAX_TRAIN_DIM]),
			d_out: dim(rng, &[MAX_TRAIN_DIM, 16]),
			learning_rate: requant(rng).multiplier,
			lr_shift: rng.gen_range(1..=62),
			steps: dim(rng, &[MAX_TRAIN_STEPS]),
		}),
	}
}

/// Inputs of the right sizes with arbitrary bytes: the chain checks sizes, not values.
fn random_inputs(rng: &mut StdRng, spec: &KernelSpec) -> Vec<Vec<u8>> {
	spec.input_sizes().iter().map(|len| i8_bytes(rng, *len as usize)).collect()
}

#[test]
fn every_spec_the_chain_accepts_fits_and_runs_on_the_reference_worker() {
	let dev = device();
	let max_binding = dev.profile.max_storage_buffer_binding_size.min(dev.profile.max_buffer_size);
	let cap = ServiceConfig::default().memory_cap;
	let mut rng = rng(0x5eed);
	let (mut accepted, mut refused_for_memory, mut large, mut executed, mut on_gpu) = (0, 0, 0, 0, 0);
	for _ in 0..20_000 {
		let spec = random_spec(&mut rng);
		match spec.validate() {
			Ok(()) => {},
			Err(SpecError::ExceedsWorkerMemory) => {
				refused_for_memory += 1;
				continue;
			},
			Err(_) => continue,
		}
		accepted += 1;
		let buffers = spec.device_buffers();
		let total: u64 = buffers.iter().sum();
		assert!(total <= cap, "{spec:?} needs {total} bytes, the worker's cap is {cap}");
		for b in &buffers {
			assert!(*b <= max_binding, "{spec:?} binds {b} bytes, the device allows {max_binding}");
		}
		if buffers.iter().any(|b| *b >= MAX_BUFFER_BYTES / 8) {
			large += 1;
		}
		if spec.ops() <= 200_000 && total <= 4 << 20 {
			let job = Job { inputs: random_inputs(&mut rng, &spec), spec };
			let cpu = run_cpu(&job).unwrap_or_else(|e| panic!("{:?} refused on the CPU: {e}", job.spec));
			executed += 1;
			if on_gpu < 40 {
				let gpu = run_gpu(dev, &job).unwrap_or_else(|e| panic!("{:?} refused on the GPU: {e}", job.spec));
				assert_eq!(gpu.digest, cpu.digest, "{:?}", job.spec);
				on_gpu += 1;
			}
		}
	}
	eprintln!(
		"accepted {accepted} (with a buffer of 16 MiB or more: {large}), refused for memory \
		 {refused_for_memory}, executed {executed}, on the GPU {on_gpu}"
	);
	// The generator must reach the memory bound from both sides and the runnable region, or
	// this proves nothing.
	assert!(accepted > 2_000 && large > 20 && refused_for_memory > 20 && executed > 200 && on_gpu == 40);
}

#[test]
fn the_worker_reports_what_the_chain_rejects() {
	// The spec behind attack 1: an attention whose 256 MiB score matrix no device buffer
	// holds. The chain refuses it at submission now, with the same error the worker gives.
	let spec = KernelSpec::AttentionI8(AttentionShape {
		seq_len: 8192,
		d_k: 1,
		d_v: 1,
		score_scale: Requant { multiplier: 1, shift: 8 },
	});
	assert_eq!(spec.validate(), Err(SpecError::ExceedsWorkerMemory));
	let mut rng = rng(1);
	let job = Job { inputs: random_inputs(&mut rng, &spec), spec };
	let err = run_cpu(&job).unwrap_err();
	assert!(matches!(err, gpu_worker::WorkerError::InvalidSpec(SpecError::ExceedsWorkerMemory)), "{err}");
}
