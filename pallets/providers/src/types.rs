//! Stored and call-argument types of the providers pallet.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::*, BoundedVec};
use scale_info::TypeInfo;

use tensorgrid_primitives::KernelId;

use crate::reputation::Reputation;

/// A provider's hardware profile as submitted in a call. Field lengths are checked
/// against the pallet's bounds (`ProfileTooLarge`) before anything is stored.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct ProfileInput {
	/// GPU adapter name as wgpu reports it, e.g. "NVIDIA H100 80GB HBM3".
	pub adapter_name: Vec<u8>,
	/// Graphics backend, e.g. "Vulkan".
	pub backend: Vec<u8>,
	/// Device type, e.g. "DiscreteGpu".
	pub device_type: Vec<u8>,
	/// Device memory in MiB.
	pub memory_mib: u32,
	/// Kernels the provider runs.
	pub kernels: Vec<KernelId>,
	/// Score printed by `gpu-worker bench`.
	pub benchmark_score: u64,
	/// Public endpoint metadata (for example the worker's public URL); may be empty.
	pub endpoint: Vec<u8>,
	/// Most jobs the provider runs at once.
	pub max_concurrent_jobs: u32,
}

/// A provider's hardware profile as stored.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(S, K))]
#[codec(mel_bound())]
pub struct HardwareProfile<S: Get<u32>, K: Get<u32>> {
	pub adapter_name: BoundedVec<u8, S>,
	pub backend: BoundedVec<u8, S>,
	pub device_type: BoundedVec<u8, S>,
	pub memory_mib: u32,
	pub kernels: BoundedVec<KernelId, K>,
	pub benchmark_score: u64,
	pub endpoint: BoundedVec<u8, S>,
	pub max_concurrent_jobs: u32,
}

impl<S: Get<u32>, K: Get<u32>> HardwareProfile<S, K> {
	/// Whether the provider declared `kernel`.
	pub fn supports(&self, kernel: KernelId) -> bool {
		self.kernels.contains(&kernel)
	}
}

/// Whether a provider takes new jobs.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub enum ProviderStatus {
	/// Takes new jobs while its heartbeat is fresh.
	Active,
	/// Takes no new jobs; running jobs continue.
	Paused,
	/// Deregistered: stake is unbonding; the record goes once everything is withdrawn.
	Leaving,
}

/// Stake on its way out: still held (and slashable) until `unlock_at`.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct UnbondingChunk<Balance, BlockNumber> {
	pub amount: Balance,
	pub unlock_at: BlockNumber,
}

/// Everything the chain knows about one provider.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(S, K, C))]
#[codec(mel_bound(Balance: MaxEncodedLen, BlockNumber: MaxEncodedLen))]
pub struct ProviderInfo<Balance, BlockNumber, S: Get<u32>, K: Get<u32>, C: Get<u32>>
where
	Balance: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
{
	pub profile: HardwareProfile<S, K>,
	/// Price per work unit the provider charges.
	pub price_per_unit: Balance,
	/// Bonded stake (held under `HoldReason::ProviderStake`), excluding unbonding chunks.
	pub stake: Balance,
	/// Stake leaving, oldest first; each chunk is still held and slashable until it unlocks.
	pub unbonding: BoundedVec<UnbondingChunk<Balance, BlockNumber>, C>,
	pub status: ProviderStatus,
	pub registered_at: BlockNumber,
	/// Block of the last heartbeat (registration counts as one).
	pub last_heartbeat: BlockNumber,
	/// Jobs assigned and not yet finished.
	pub active_jobs: u32,
	pub reputation: Reputation<BlockNumber>,
	/// The draw-relevant state from before the last change (see `draw_view`).
	pub view: DrawView<Balance, BlockNumber, K>,
	/// Block of the last change to the draw-relevant state.
	pub changed_at: BlockNumber,
}

/// The part of a provider's state that decides whether, and how likely, it is drawn for a
/// job or an audit.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(K))]
#[codec(mel_bound(Balance: MaxEncodedLen, BlockNumber: MaxEncodedLen))]
pub struct DrawView<Balance, BlockNumber, K: Get<u32>>
where
	Balance: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
{
	pub stake: Balance,
	pub price_per_unit: Balance,
	pub status: ProviderStatus,
	pub last_heartbeat: BlockNumber,
	pub kernels: BoundedVec<KernelId, K>,
}

impl<Balance, BlockNumber, S: Get<u32>, K: Get<u32>, C: Get<u32>>
	ProviderInfo<Balance, BlockNumber, S, K, C>
where
	Balance: Clone + PartialEq + Eq + core::fmt::Debug + sp_runtime::traits::AtLeast32BitUnsigned + Copy,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
{
	/// Bonded plus unbonding stake: everything held for this provider.
	pub fn total_held(&self) -> Balance {
		self.unbonding.iter().fold(self.stake, |acc, c| acc.saturating_add(c.amount))
	}
}

/// Market parameters of the providers pallet; governance changes them with
/// `set_parameters`.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct ProviderParameters<Balance, BlockNumber> {
	/// Least bonded stake of a registered, eligible provider.
	pub min_provider_stake: Balance,
	/// Blocks unbonded stake stays held (and slashable) before it can be withdrawn.
	pub unbonding_period: BlockNumber,
	/// A provider is online if its last heartbeat is at most this many blocks old.
	pub heartbeat_window: BlockNumber,
	/// Reputation counts halve over this many blocks.
	pub reputation_half_life: BlockNumber,
}

/// How much of a provider's held stake to slash.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub enum SlashAmount<Balance> {
	/// An absolute amount (capped at what is held).
	Exact(Balance),
	/// A fraction of everything held (bonded and unbonding).
	Fraction(sp_runtime::Perbill),
}

/// One entry of the `ProvidersApi` listing.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct ProviderSummary<AccountId, Balance, BlockNumber> {
	pub account: AccountId,
	/// The key that signs the provider's node work (the account itself if it named none).
	pub operator: AccountId,
	pub adapter_name: Vec<u8>,
	pub backend: Vec<u8>,
	pub device_type: Vec<u8>,
	pub memory_mib: u32,
	pub kernels: Vec<KernelId>,
	pub benchmark_score: u64,
	pub endpoint: Vec<u8>,
	pub max_concurrent_jobs: u32,
	pub price_per_unit: Balance,
	pub stake: Balance,
	pub unbonding: Balance,
	pub status: ProviderStatus,
	/// Whether the heartbeat is within the window now.
	pub online: bool,
	pub last_heartbeat: BlockNumber,
	pub active_jobs: u32,
	/// Stake backing the job slots the provider holds now (see `collateral.rs`).
	pub collateral_in_use: Balance,
	/// Reputation score, per mill, decayed to the current block.
	pub reputation_permill: u32,
}

/// A provider that may take a job, as offered to the jobs pallet.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct Candidate<AccountId, Balance> {
	pub account: AccountId,
	pub price_per_unit: Balance,
	/// Held stake as the draw sees it: the draw weight.
	pub stake: Balance,
	/// Bonded stake not yet backing a slot: what a new slot's collateral may come from.
	pub free_stake: Balance,
	pub reputation_permill: u32,
}
