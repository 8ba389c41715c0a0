//! Freivalds verification, result digests, and typed errors for bad jobs.

mod common;

use common::*;
use gpu_worker::{freivalds, result_digest, run_cpu, run_gpu, Job, WorkerError};
use tensorgrid_primitives::{kernels::*, SpecError};

#[test]
fn freivalds_accepts_correct_and_rejects_every_single_corruption() {
	let mut rng = rng(20);
	let shape = MatmulShape { m: 9, k: 13, n: 7 };
	let a = i8_bytes(&mut rng, 9 * 13);
	let b = i8_bytes(&mut rng, 13 * 7);
	let job = Job { spec: KernelSpec::MatmulI8(shape), inputs: vec![a.clone(), b.clone()] };
	let c = run_gpu(device(), &job).unwrap().output;
	assert!(freivalds::verify_matmul(&shape, &a, &b, &c, 2, 99));
	for element in 0..(9 * 7) {
		for delta in [1i32, -1, 1 << 20] {
			let mut bad = c.clone();
			let at = element * 4;
			let v = i32::from_le_bytes(bad[at..at + 4].try_into().unwrap()).wrapping_add(delta);
			bad[at..at + 4].copy_from_slice(&v.to_le_bytes());
			assert!(
				!freivalds::verify_matmul(&shape, &a, &b, &bad, 2, 99),
				"corruption of element {element} by {delta} accepted"
			);
		}
	}
	assert!(!freivalds::verify_matmul(&shape, &a, &b, &c[4..], 2, 99), "short C accepted");
}

#[test]
fn digest_is_blake2_256_of_the_output() {
	let job = Job {
		spec: KernelSpec::MatmulI8(MatmulShape { m: 1, k: 1, n: 1 }),
		inputs: vec![vec![3], vec![(-2i8) as u8]],
	};
	let out = run_cpu(&job).unwrap();
	assert_eq!(out.output, (-6i32).to_le_bytes().to_vec());
	assert_eq!(out.digest, result_digest(&out.output));
	assert_eq!(out.digest, tensorgrid_primitives::digest_of(&(-6i32).to_le_bytes()));
}

#[test]
fn bad_jobs_are_typed_errors_not_panics() {
	let spec = KernelSpec::MatmulI8(MatmulShape { m: 2, k: 3, n: 4 });
	let wrong_count = Job { spec: spec.clone(), inputs: vec![vec![0; 6]] };
	assert_eq!(run_gpu(device(), &wrong_count), Err(WorkerError::InputCount { expected: 2, got: 1 }));
	let wrong_size = Job { spec: spec.clone(), inputs: vec![vec![0; 6], vec![0; 11]] };
	assert_eq!(
		run_gpu(device(), &wrong_size),
		Err(WorkerError::InputSize { index: 1, expected: 12, got: 11 })
	);
	let empty = Job { spec: KernelSpec::MatmulI8(MatmulShape { m: 0, k: 3, n: 4 }), inputs: vec![] };
	assert_eq!(run_gpu(device(), &empty), Err(WorkerError::InvalidSpec(SpecError::EmptyTensor)));
	let long_k = Job {
		spec: KernelSpec::MatmulI8(MatmulShape { m: 1, k: 200_000, n: 1 }),
		inputs: vec![],
	};
	assert!(matches!(run_gpu(device(), &long_k), Err(WorkerError::InvalidSpec(_))));
}

#[test]
fn memory_cap_is_enforced() {
	let dev = gpu_worker::GpuDevice::open(gpu_worker::DeviceConfig {
		memory_cap: 1024,
		..gpu_worker::DeviceConfig::default().with_env()
	})
	.unwrap();
	let mut rng = rng(21);
	let job = Job {
		spec: KernelSpec::MatmulI8(MatmulShape { m: 32, k: 32, n: 32 }),
		inputs: vec![i8_bytes(&mut rng, 1024), i8_bytes(&mut rng, 1024)],
	};
	assert!(matches!(run_gpu(&dev, &job), Err(WorkerError::ExceedsLimit { .. })));
}

#[test]
fn device_profile_reports_the_adapter() {
	let p = &device().profile;
	assert!(!p.name.is_empty());
	assert!(p.max_compute_workgroups_per_dimension >= 65535);
}
