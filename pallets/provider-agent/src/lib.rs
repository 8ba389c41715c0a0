//! # Provider agent
//!
//! The off-chain worker of a GPU provider's node. On every imported block, for each
//! operator key (`gpuw`, sr25519) in the node's keystore that is a registered provider's
//! operator key (`providers.set_operator`; a provider that named none is its own), it acts
//! for that provider and sends at most one signed transaction per block (so nonces never collide): a
//! `utility.force_batch` of up to `MaxCallsPerBlock` calls that are due, most urgent first:
//!
//! 1. reveal a committed result once reveals open (`proof_of_compute.reveal_result`): the
//!    output inline when the worker's status said it fits (`MaxInlineOutput`), by hash
//!    otherwise, without fetching it;
//! 2. commit a result the GPU worker finished (`proof_of_compute.commit_result`), with a
//!    fresh random salt kept in off-chain local storage, so a restart between commit and
//!    reveal still reveals;
//! 3. decline a job the worker cannot run (`jobs.decline_job`): it refused the job as
//!    invalid (400) or too large (413), or failed it three times;
//! 4. answer an audit it was drawn for by re-executing the job: commit to the verdict with a
//!    fresh salt (`commit_verdict`), then reveal it once reveals open (`submit_verdict`);
//! 5. a heartbeat (`providers.heartbeat`) when the last one is half a window old.
//!
//! A call whose transaction has not taken effect after a few blocks (dropped from the pool,
//! lost in a restart) is sent again; one that fails inside a batch fails alone. Each job is
//! handled on its own: an error with one is logged and the others go on.
//!
//! Jobs go to the GPU worker whose URL the node recorded in off-chain local storage under
//! `tensorgrid_primitives::GPU_WORKER_URL_KEY`, with the bearer token recorded beside it
//! (`tensorgrid::gpu-worker-token`) on every request: submitted asynchronously, inline
//! inputs as bytes and stored artifacts by hash (the worker fetches them), polled once more
//! moments later (so a small job's commitment leaves in the same run that posted it) and on
//! later blocks. Nothing large enters the runtime's heap: every response body is read up to
//! a bound. A storage lock keeps two concurrent off-chain worker runs from acting twice;
//! progress records live in persistent off-chain storage and are cleared once their job
//! finished or was pruned.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod agent;
mod progress;
mod worker_api;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use pallet::*;

/// Key type of provider keys in the node's keystore.
pub const KEY_TYPE: sp_core::crypto::KeyTypeId =
	sp_core::crypto::KeyTypeId(tensorgrid_primitives::PROVIDER_KEY_TYPE);

/// The operator key: sr25519 under [`KEY_TYPE`]; it signs for the provider that named it.
pub mod crypto {
	use super::KEY_TYPE;
	use sp_runtime::{
		app_crypto::{app_crypto, sr25519},
		MultiSignature, MultiSigner,
	};
	app_crypto!(sr25519, KEY_TYPE);

	/// Signs the agent's transactions.
	pub struct ProviderAuthId;

	impl frame_system::offchain::AppCrypto<MultiSigner, MultiSignature> for ProviderAuthId {
		type RuntimeAppPublic = Public;
		type GenericSignature = sp_core::sr25519::Signature;
		type GenericPublic = sp_core::sr25519::Public;
	}
}

#[frame_support::pallet]
pub mod pallet {
	use frame_support::pallet_prelude::*;
	use frame_system::{
		offchain::{AppCrypto, CreateSignedTransaction},
		pallet_prelude::*,
	};

	#[pallet::config]
	pub trait Config:
		frame_system::Config
		+ pallet_providers::Config
		+ pallet_jobs::Config
		+ pallet_proof_of_compute::Config
		+ pallet_utility::Config
		+ CreateSignedTransaction<pallet_providers::Call<Self>>
		+ CreateSignedTransaction<pallet_proof_of_compute::Call<Self>>
		+ CreateSignedTransaction<pallet_utility::Call<Self>>
	{
		/// The provider key's crypto.
		type AuthorityId: AppCrypto<Self::Public, Self::Signature>;

		/// A call the agent sends, as it goes into a `utility.force_batch` (the runtime's
		/// `RuntimeCall`).
		type AgentCall: From<pallet_providers::Call<Self>>
			+ From<pallet_jobs::Call<Self>>
			+ From<pallet_proof_of_compute::Call<Self>>
			+ Into<<Self as pallet_utility::Config>::RuntimeCall>;

		/// Most calls the agent puts into one block's transaction.
		#[pallet::constant]
		type MaxCallsPerBlock: Get<u32>;
	}

	/// The agent keeps no storage; its version is recorded so upgrades can tell if it ever does.
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn offchain_worker(now: BlockNumberFor<T>) {
			Self::run(now);
		}
	}
}
