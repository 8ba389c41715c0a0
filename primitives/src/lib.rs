//! Types shared by the Tensorgrid runtime, node and GPU worker. `no_std`, SCALE-encoded.
//!
//! Nothing here depends on another project crate: the runtime, the node and the GPU worker
//! all depend on this crate, never the other way round.

#![cfg_attr(not(feature = "std"), no_std)]

pub mod kernels;

pub use kernels::{KernelId, KernelSpec, SpecError};

/// Off-chain local storage key (persistent kind) under which the node records the URL of
/// its GPU worker, for the runtime's off-chain worker.
pub const GPU_WORKER_URL_KEY: &[u8] = b"tensorgrid::gpu-worker-url";

/// Off-chain local storage key (persistent kind) under which the node records the bearer
/// token its GPU worker requires; the off-chain worker sends it with every request.
pub const GPU_WORKER_TOKEN_KEY: &[u8] = b"tensorgrid::gpu-worker-token";

/// Key type of provider keys in a node's keystore (sr25519): the provider agent signs its
/// transactions with them.
pub const PROVIDER_KEY_TYPE: [u8; 4] = *b"gpuw";

/// A 32-byte blake2-256 digest: artifact hashes and result digests.
pub type Digest = [u8; 32];

/// blake2-256 of `data`, the hash used for artifacts and result digests (the same function
/// as `sp_core::hashing::blake2_256`).
pub fn digest_of(data: &[u8]) -> Digest {
	sp_crypto_hashing::blake2_256(data)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn digest_of_empty_input_is_blake2_256() {
		// Known blake2b-256 of the empty string.
		let expected = "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8";
		let got: String = digest_of(b"").iter().map(|b| format!("{b:02x}")).collect();
		assert_eq!(got, expected);
	}
}
