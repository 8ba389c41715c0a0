//! The Tensorgrid runtime: BABE + GRANDPA consensus, NPoS staking, OpenGov governance and
//! (as their issues land) the GPU compute market pallets.
//!
//! Pallet configuration lives in [`configs`], one module per concern; governance origins and
//! referendum tracks in [`governance`]; genesis presets in [`genesis_config_presets`]; runtime
//! API implementations in [`apis`].

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime`/`impl_runtime_apis` expand to deeply nested types.
#![recursion_limit = "512"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

use alloc::vec::Vec;

// Before `apis`: `define_benchmarks!` makes the macros that `apis` uses.
#[cfg(feature = "runtime-benchmarks")]
#[macro_use]
mod benchmarks;
pub mod apis;
pub mod configs;
pub mod genesis_config_presets;
pub mod governance;

use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::{runtime_version, RuntimeVersion};

pub use frame_system::Call as SystemCall;
pub use pallet_balances::Call as BalancesCall;
pub use pallet_timestamp::Call as TimestampCall;
#[cfg(any(feature = "std", test))]
pub use sp_runtime::BuildStorage;

/// Block number: u32 gives over 800 years of 6-second blocks.
pub type BlockNumber = u32;
/// Transaction signature: sr25519, ed25519 or ecdsa.
pub type Signature = MultiSignature;
/// An account on chain is the public key of its signing scheme.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// Balance of an account, in plancks (10^-12 TGD).
pub type Balance = u128;
/// Per-account transaction counter.
pub type Nonce = u32;
/// Block and state hash.
pub type Hash = sp_core::H256;
/// Time in milliseconds since the Unix epoch.
pub type Moment = u64;

/// Token units and time constants shared by the configs, presets and tests.
pub mod constants {
	use super::{Balance, BlockNumber};

	/// Token symbol shown by wallets (also set in the chain spec properties).
	pub const TOKEN_SYMBOL: &str = "TGD";
	/// Decimal places of one TGD.
	pub const TOKEN_DECIMALS: u8 = 12;
	/// SS58 address prefix: 42, the generic Substrate prefix.
	pub const SS58_PREFIX: u16 = 42;

	/// One TGD.
	pub const UNIT: Balance = 1_000_000_000_000;
	/// 10^-3 TGD.
	pub const MILLI_UNIT: Balance = UNIT / 1_000;
	/// 10^-6 TGD.
	pub const MICRO_UNIT: Balance = UNIT / 1_000_000;
	/// Accounts below this balance are reaped.
	pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_UNIT;

	/// Deposit for storing `items` items of `bytes` bytes in total: keeps state growth paid for.
	pub const fn deposit(items: u32, bytes: u32) -> Balance {
		items as Balance * 20 * MILLI_UNIT + (bytes as Balance) * 100 * MICRO_UNIT
	}

	/// Target block time. BABE slots have this length.
	pub const MILLISECS_PER_BLOCK: u64 = 6_000;
	/// Slot length; cannot change once the chain has started.
	pub const SLOT_DURATION: u64 = MILLISECS_PER_BLOCK;

	pub const MINUTES: BlockNumber = 60_000 / (MILLISECS_PER_BLOCK as BlockNumber);
	pub const HOURS: BlockNumber = MINUTES * 60;
	pub const DAYS: BlockNumber = HOURS * 24;

	/// One BABE epoch = one session. One hour keeps validator-set changes quick enough for
	/// a young network while leaving BABE's randomness enough slots per epoch.
	pub const EPOCH_DURATION_IN_BLOCKS: BlockNumber = HOURS;
	pub const EPOCH_DURATION_IN_SLOTS: u64 = EPOCH_DURATION_IN_BLOCKS as u64;

	/// BABE primary-slot probability: 1/4 of slots have a primary (VRF) author; secondary
	/// slots fill the rest so a 6 s block time holds.
	pub const PRIMARY_PROBABILITY: (u64, u64) = (1, 4);
}

/// Opaque types for the node: it needs to know blocks and keys but not the runtime's calls.
pub mod opaque {
	use super::*;
	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header type.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block type.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Opaque block identifier type.
	pub type BlockId = generic::BlockId<Block>;
}

impl_opaque_keys! {
	/// The session keys a validator registers with `session.setKeys`.
	pub struct SessionKeys {
		pub babe: Babe,
		pub grandpa: Grandpa,
		pub authority_discovery: AuthorityDiscovery,
	}
}

/// The runtime's version; nodes compare `spec_version` before upgrading.
#[cfg(not(feature = "upgrade-rehearsal"))]
pub use version::VERSION;
#[cfg(not(feature = "upgrade-rehearsal"))]
mod version {
	use super::*;

	#[runtime_version]
	pub const VERSION: RuntimeVersion = RuntimeVersion {
		spec_name: alloc::borrow::Cow::Borrowed("tensorgrid"),
		impl_name: alloc::borrow::Cow::Borrowed("tensorgrid-node"),
		authoring_version: 1,
		// Bump on every runtime change that alters behaviour.
		spec_version: 100,
		impl_version: 1,
		apis: apis::RUNTIME_API_VERSIONS,
		transaction_version: 1,
		system_version: 1,
	};
}

/// The upgrade-rehearsal runtime's version: the same, with `spec_version` one higher.
#[cfg(feature = "upgrade-rehearsal")]
pub use rehearsal_version::VERSION;
#[cfg(feature = "upgrade-rehearsal")]
mod rehearsal_version {
	use super::*;

	#[runtime_version]
	pub const VERSION: RuntimeVersion = RuntimeVersion {
		spec_name: alloc::borrow::Cow::Borrowed("tensorgrid"),
		impl_name: alloc::borrow::Cow::Borrowed("tensorgrid-node"),
		authoring_version: 1,
		spec_version: 101,
		impl_version: 1,
		apis: apis::RUNTIME_API_VERSIONS,
		transaction_version: 1,
		system_version: 1,
	};
}

/// BABE genesis epoch configuration.
pub const BABE_GENESIS_EPOCH_CONFIG: sp_consensus_babe::BabeEpochConfiguration =
	sp_consensus_babe::BabeEpochConfiguration {
		c: constants::PRIMARY_PROBABILITY,
		allowed_slots: sp_consensus_babe::AllowedSlots::PrimaryAndSecondaryVRFSlots,
	};

/// The address format for describing accounts.
pub type Address = MultiAddress<AccountId, ()>;
/// Block header type as expected by this runtime.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block type as expected by this runtime.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;
/// A block with its justifications.
pub type SignedBlock = generic::SignedBlock<Block>;

/// Checks every signed transaction goes through, in this order.
pub type TxExtension = (
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	// Signs the runtime's metadata hash when the signer asks for it (Ledger, Polkadot
	// Vault): a wallet that shows the call from metadata proves it used the real metadata.
	frame_metadata_hash_extension::CheckMetadataHash<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// Unchecked extrinsic type as expected by this runtime.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// The payload being signed in transactions.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Migrations to run on runtime upgrade, beyond those the pallets declare. Each is
/// versioned: it runs only on a chain whose pallet storage is at its `from` version.
#[allow(unused_parens)]
#[cfg(not(feature = "upgrade-rehearsal"))]
type Migrations = (pallet_jobs::migrations::v2::MigrateV1ToV2<Runtime>,);
#[cfg(feature = "upgrade-rehearsal")]
type Migrations = (
	pallet_jobs::migrations::v2::MigrateV1ToV2<Runtime>,
	governance::rehearsal::MigrateV1ToV2,
);

/// Dispatches calls to the pallets and runs the block lifecycle.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	// Core
	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(2)]
	pub type Utility = pallet_utility;
	#[runtime::pallet_index(3)]
	pub type Proxy = pallet_proxy;
	#[runtime::pallet_index(4)]
	pub type Multisig = pallet_multisig;

	// Money
	#[runtime::pallet_index(10)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(11)]
	pub type TransactionPayment = pallet_transaction_payment;

	// Consensus. Authorship must come before Session; Babe before Session so epoch changes
	// are seen by the session rotation in the same block.
	#[runtime::pallet_index(20)]
	pub type Authorship = pallet_authorship;
	#[runtime::pallet_index(21)]
	pub type Babe = pallet_babe;
	#[runtime::pallet_index(22)]
	pub type Staking = pallet_staking;
	#[runtime::pallet_index(23)]
	pub type Offences = pallet_offences;
	#[runtime::pallet_index(24)]
	pub type Historical = pallet_session::historical;
	#[runtime::pallet_index(25)]
	pub type Session = pallet_session;
	#[runtime::pallet_index(26)]
	pub type Grandpa = pallet_grandpa;
	#[runtime::pallet_index(27)]
	pub type AuthorityDiscovery = pallet_authority_discovery;
	#[runtime::pallet_index(28)]
	pub type VoterList = pallet_bags_list<Instance1>;

	// Governance
	#[runtime::pallet_index(30)]
	pub type Preimage = pallet_preimage;
	#[runtime::pallet_index(31)]
	pub type Scheduler = pallet_scheduler;
	#[runtime::pallet_index(32)]
	pub type Referenda = pallet_referenda;
	#[runtime::pallet_index(33)]
	pub type ConvictionVoting = pallet_conviction_voting;
	#[runtime::pallet_index(34)]
	pub type Origins = crate::governance::origins::pallet_custom_origins;
	#[runtime::pallet_index(35)]
	pub type Treasury = pallet_treasury;
	#[runtime::pallet_index(36)]
	pub type TechnicalCommittee = pallet_collective<Instance1>;
	#[runtime::pallet_index(37)]
	pub type TechnicalMembership = pallet_membership<Instance1>;
	#[runtime::pallet_index(38)]
	pub type Whitelist = pallet_whitelist;

	// Compute market
	#[runtime::pallet_index(40)]
	pub type Providers = pallet_providers;

	#[runtime::pallet_index(41)]
	pub type Jobs = pallet_jobs;

	#[runtime::pallet_index(42)]
	pub type ProofOfCompute = pallet_proof_of_compute;

	#[runtime::pallet_index(43)]
	pub type ProviderAgent = pallet_provider_agent;

	#[runtime::pallet_index(44)]
	pub type DataDao = pallet_data_dao;

	// Development only: the `development` preset sets a key, production presets leave it
	// empty, so no account holds root.
	#[runtime::pallet_index(255)]
	pub type Sudo = pallet_sudo;
}
