//! The compute market: GPU providers (and, as they land, jobs and proof of compute).

use crate::{
	constants::{DAYS, MINUTES, UNIT},
	governance::MarketAdmin,
	AccountId, Balance, Balances, BlockNumber, Runtime, RuntimeEvent, RuntimeHoldReason,
};
use frame_support::{parameter_types, traits::{ConstU32, EitherOf}};
use frame_system::EnsureRoot;

parameter_types! {
	/// Initial least stake of an eligible provider; governance may change it.
	pub const DefaultMinProviderStake: Balance = 1_000 * UNIT;
	/// Initial unbonding period: a week, long enough to settle and audit every job a
	/// provider took before it unbonded.
	pub const DefaultUnbondingPeriod: BlockNumber = 7 * DAYS;
	/// Initial heartbeat window: a provider silent for ten minutes gets no new jobs.
	pub const DefaultHeartbeatWindow: BlockNumber = 10 * MINUTES;
	/// Initial reputation half-life.
	pub const DefaultReputationHalfLife: BlockNumber = 7 * DAYS;
}

impl pallet_providers::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	// Market parameters change by a `market_admin` referendum or root.
	type GovernanceOrigin = EitherOf<EnsureRoot<AccountId>, MarketAdmin>;
	// Matching scans the provider set, so it stays bounded.
	type MaxProviders = ConstU32<1_024>;
	type MaxStringLen = ConstU32<128>;
	type MaxKernels = ConstU32<8>;
	type MaxUnbondingChunks = ConstU32<16>;
	type DefaultMinProviderStake = DefaultMinProviderStake;
	type DefaultUnbondingPeriod = DefaultUnbondingPeriod;
	type DefaultHeartbeatWindow = DefaultHeartbeatWindow;
	type DefaultReputationHalfLife = DefaultReputationHalfLife;
	type WeightInfo = ();
}
