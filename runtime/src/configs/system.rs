//! frame-system, timestamp, and the account-level utilities: utility, proxy, multisig.

use crate::{
	constants::{deposit, SLOT_DURATION, SS58_PREFIX},
	AccountId, Balance, Balances, Block, BlockNumber, Hash, Nonce, OriginCaller, PalletInfo,
	Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin, RuntimeTask, VERSION,
};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{ConstU32, InstanceFilter},
	weights::{
		constants::{ParityDbWeight, WEIGHT_REF_TIME_PER_SECOND},
		Weight,
	},
};
use frame_system::limits::{BlockLength, BlockWeights};
use scale_info::TypeInfo;
use sp_runtime::{traits::BlakeTwo256, Perbill};
use sp_version::RuntimeVersion;

/// Share of a block that ordinary transactions may fill; the rest is kept for operational
/// transactions and inherents.
pub const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

parameter_types! {
	pub const BlockHashCount: BlockNumber = 2400;
	pub const Version: RuntimeVersion = VERSION;
	/// Two seconds of compute per 6-second block leaves time to propagate and import it.
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::with_sensible_defaults(
		Weight::from_parts(2u64 * WEIGHT_REF_TIME_PER_SECOND, u64::MAX),
		NORMAL_DISPATCH_RATIO,
	);
	/// 5 MiB blocks, of which ordinary transactions may fill `NORMAL_DISPATCH_RATIO`.
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(5 * 1024 * 1024)
		.modify_max_length_for_class(DispatchClass::Normal, |max| {
			*max = NORMAL_DISPATCH_RATIO * *max
		})
		.build();
	pub const SS58Prefix: u16 = SS58_PREFIX;
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type Hashing = BlakeTwo256;
	type BlockHashCount = BlockHashCount;
	// The node runs ParityDB only.
	type DbWeight = ParityDbWeight;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = ConstU32<16>;
}

impl pallet_timestamp::Config for Runtime {
	type Moment = u64;
	type OnTimestampSet = crate::Babe;
	type MinimumPeriod = frame_support::traits::ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = pallet_timestamp::weights::SubstrateWeight<Runtime>;
}

impl pallet_utility::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type PalletsOrigin = OriginCaller;
	type WeightInfo = pallet_utility::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	// One storage item; key size 32, value size 8.
	pub const ProxyDepositBase: Balance = deposit(1, 8);
	// Additional storage item size of 33 bytes.
	pub const ProxyDepositFactor: Balance = deposit(0, 33);
	pub const AnnouncementDepositBase: Balance = deposit(1, 8);
	pub const AnnouncementDepositFactor: Balance = deposit(0, 66);
}

/// What a proxy may do on behalf of its delegator.
#[derive(
	Copy,
	Clone,
	Eq,
	PartialEq,
	Ord,
	PartialOrd,
	Encode,
	Decode,
	DecodeWithMemTracking,
	Debug,
	MaxEncodedLen,
	TypeInfo,
	Default,
)]
pub enum ProxyType {
	/// Any call.
	#[default]
	Any,
	/// Calls that cannot move balance out of the account, directly or through someone
	/// else: no transfers, treasury or sudo, no new proxies, no job submissions (escrow
	/// pays a provider the proxy may control), no provider registration (a fee) or
	/// operator key (an operator the proxy holds could commit lies and have the stake
	/// slashed to the proxy's accounts), no proof-of-compute work (same), no staking
	/// `bond` / `set_payee` / `update_payee` (rewards redirected). Pallets not listed are
	/// refused, so a pallet added later is not reachable by default.
	NonTransfer,
	/// Governance: referenda, voting, preimages, technical committee.
	Governance,
	/// Staking and session key management (for validator operators).
	Staking,
	/// The compute market as a buyer: submit and cancel jobs, store and remove artifacts.
	/// Job escrow is paid to providers, so give it only to someone trusted to spend.
	Market,
}

impl InstanceFilter<RuntimeCall> for ProxyType {
	fn filter(&self, c: &RuntimeCall) -> bool {
		match self {
			ProxyType::Any => true,
			ProxyType::NonTransfer => non_transfer(c),
			ProxyType::Governance => governance(c),
			ProxyType::Staking => matches!(
				c,
				RuntimeCall::Staking(..) |
					RuntimeCall::Session(..) |
					RuntimeCall::VoterList(..) |
					RuntimeCall::Utility(..)
			),
			ProxyType::Market => matches!(
				c,
				RuntimeCall::Jobs(
					pallet_jobs::Call::submit_job { .. } |
						pallet_jobs::Call::cancel_job { .. } |
						pallet_jobs::Call::store_artifact { .. } |
						pallet_jobs::Call::remove_artifact { .. }
				) | RuntimeCall::Utility(..)
			),
		}
	}

	fn is_superset(&self, o: &Self) -> bool {
		match (self, o) {
			(x, y) if x == y => true,
			(ProxyType::Any, _) => true,
			(_, ProxyType::Any) => false,
			(ProxyType::NonTransfer, ProxyType::Governance) => true,
			_ => false,
		}
	}
}

fn governance(c: &RuntimeCall) -> bool {
	matches!(
		c,
		RuntimeCall::Referenda(..) |
			RuntimeCall::ConvictionVoting(..) |
			RuntimeCall::Preimage(..) |
			RuntimeCall::TechnicalCommittee(..) |
			RuntimeCall::Utility(..)
	)
}

/// An allow-list (see [`ProxyType::NonTransfer`]).
fn non_transfer(c: &RuntimeCall) -> bool {
	if governance(c) {
		return true;
	}
	match c {
		RuntimeCall::System(frame_system::Call::remark { .. } | frame_system::Call::remark_with_event { .. }) |
		RuntimeCall::Multisig(..) |
		RuntimeCall::Session(..) |
		RuntimeCall::VoterList(..) => true,
		RuntimeCall::Staking(call) => !matches!(
			call,
			pallet_staking::Call::bond { .. } |
				pallet_staking::Call::set_payee { .. } |
				pallet_staking::Call::update_payee { .. }
		),
		RuntimeCall::Jobs(call) => matches!(
			call,
			pallet_jobs::Call::cancel_job { .. } |
				pallet_jobs::Call::store_artifact { .. } |
				pallet_jobs::Call::remove_artifact { .. }
		),
		RuntimeCall::Providers(call) => !matches!(
			call,
			pallet_providers::Call::register { .. } | pallet_providers::Call::set_operator { .. }
		),
		_ => false,
	}
}

impl pallet_proxy::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type Currency = Balances;
	type ProxyType = ProxyType;
	type ProxyDepositBase = ProxyDepositBase;
	type ProxyDepositFactor = ProxyDepositFactor;
	type MaxProxies = ConstU32<32>;
	type WeightInfo = pallet_proxy::weights::SubstrateWeight<Runtime>;
	type MaxPending = ConstU32<32>;
	type CallHasher = BlakeTwo256;
	type AnnouncementDepositBase = AnnouncementDepositBase;
	type AnnouncementDepositFactor = AnnouncementDepositFactor;
	type BlockNumberProvider = crate::System;
}

parameter_types! {
	// One storage item; key size is 32; value is size 4+4+16+32 bytes = 56 bytes.
	pub const MultisigDepositBase: Balance = deposit(1, 88);
	// Additional storage item size of 32 bytes.
	pub const MultisigDepositFactor: Balance = deposit(0, 32);
}

impl pallet_multisig::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type Currency = Balances;
	type DepositBase = MultisigDepositBase;
	type DepositFactor = MultisigDepositFactor;
	type MaxSignatories = ConstU32<100>;
	type WeightInfo = pallet_multisig::weights::SubstrateWeight<Runtime>;
	type BlockNumberProvider = crate::System;
}
