//! Shared helpers for the GPU tests: one device per test binary and seeded random data.

#![allow(dead_code)]

use gpu_worker::{DeviceConfig, GpuDevice};
use rand::{rngs::StdRng, Rng, SeedableRng};
use std::sync::OnceLock;

/// The test device: the best adapter (lavapipe in CI). A missing adapter fails the tests
/// with the reason instead of skipping them.
pub fn device() -> &'static GpuDevice {
	static DEV: OnceLock<GpuDevice> = OnceLock::new();
	DEV.get_or_init(|| {
		let dev = GpuDevice::open(DeviceConfig::default().with_env())
			.unwrap_or_else(|e| panic!("GPU tests need an adapter: {e}"));
		eprintln!("adapter: {:?}", dev.profile);
		dev
	})
}

/// A device forced onto the portable (no `dot4I8Packed`) path.
pub fn portable_device() -> &'static GpuDevice {
	static DEV: OnceLock<GpuDevice> = OnceLock::new();
	DEV.get_or_init(|| {
		GpuDevice::open(DeviceConfig { allow_dot4: false, ..DeviceConfig::default().with_env() })
			.unwrap_or_else(|e| panic!("GPU tests need an adapter: {e}"))
	})
}

pub fn rng(seed: u64) -> StdRng {
	StdRng::seed_from_u64(seed)
}

/// Uniform int8 bytes, the full range included.
pub fn i8_bytes(rng: &mut StdRng, len: usize) -> Vec<u8> {
	(0..len).map(|_| rng.gen::<u8>()).collect()
}

/// i32 values in `-limit..=limit`, little endian.
pub fn i32_bytes(rng: &mut StdRng, len: usize, limit: i32) -> Vec<u8> {
	(0..len).flat_map(|_| rng.gen_range(-limit..=limit).to_le_bytes()).collect()
}
