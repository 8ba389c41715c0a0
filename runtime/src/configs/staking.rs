//! Nominated proof of stake: staking, its on-chain election, and the bags-list voter list.

use crate::{
	constants::UNIT,
	configs::TreasuryAccount,
	AccountId, Balance, Balances, Runtime, RuntimeEvent, RuntimeHoldReason, Session,
	Staking, Timestamp, VoterList,
};
use frame_election_provider_support::{
	bounds::{ElectionBounds, ElectionBoundsBuilder},
	onchain, SequentialPhragmen, VoteWeight,
};
use frame_support::{
	parameter_types,
	traits::{tokens::imbalance::ResolveTo, ConstBool, ConstU32, Nothing},
};
use frame_system::EnsureRoot;
use sp_runtime::{curve::PiecewiseLinear, Perbill};
use sp_staking::{EraIndex, SessionIndex};

pallet_staking_reward_curve::build! {
	// Yearly inflation between 2.5 % and 10 %, highest when half of the issuance is staked.
	const REWARD_CURVE: PiecewiseLinear<'static> = curve!(
		min_inflation: 0_025_000,
		max_inflation: 0_100_000,
		ideal_stake: 0_500_000,
		falloff: 0_050_000,
		max_piece_count: 40,
		test_precision: 0_005_000,
	);
}

/// Most validators an election can pick.
pub const MAX_ACTIVE_VALIDATORS: u32 = 100;

parameter_types! {
	/// Six one-hour sessions: validator sets change every six hours. Test chains run eras of
	/// two one-minute sessions (see `EpochDuration`): a validator that bonds and validates
	/// is elected within about four minutes.
	pub SessionsPerEra: SessionIndex = if super::short_timings() { 2 } else { 6 };
	/// Bonded funds stay locked for 28 eras (7 days) after unbonding, long enough to slash
	/// for offences reported late.
	pub const BondingDuration: EraIndex = 28;
	/// Slashes are applied a day before unbonding could release the funds, so governance
	/// can cancel a wrong one.
	pub const SlashDeferDuration: EraIndex = 27;
	pub const RewardCurve: &'static PiecewiseLinear<'static> = &REWARD_CURVE;
	pub const MaxExposurePageSize: u32 = 256;
	pub const HistoryDepth: u32 = 84;
	/// The on-chain election reads at most this many voters and targets, keeping its
	/// weight inside one block.
	pub ElectionBoundsOnChain: ElectionBounds = ElectionBoundsBuilder::default()
		.voters_count(5_000.into())
		.targets_count(1_250.into())
		.build();
}

/// On-chain sequential Phragmén: cheap enough for a network of up to a few thousand
/// nominators; a multi-phase election can replace it through a runtime upgrade.
pub struct OnChainSeqPhragmen;
impl onchain::Config for OnChainSeqPhragmen {
	type Sort = ConstBool<true>;
	type System = Runtime;
	type Solver = SequentialPhragmen<AccountId, Perbill>;
	type DataProvider = Staking;
	type WeightInfo = frame_election_provider_support::weights::SubstrateWeight<Runtime>;
	type MaxBackersPerWinner = ConstU32<{ MaxExposurePageSize::get() }>;
	type MaxWinnersPerPage = ConstU32<MAX_ACTIVE_VALIDATORS>;
	type Bounds = ElectionBoundsOnChain;
}

/// Sizes the staking benchmarks run at.
pub struct StakingBenchmarkingConfig;
impl pallet_staking::BenchmarkingConfig for StakingBenchmarkingConfig {
	type MaxValidators = ConstU32<1_000>;
	type MaxNominators = ConstU32<1_000>;
}

impl pallet_staking::Config for Runtime {
	type OldCurrency = Balances;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type CurrencyBalance = Balance;
	type UnixTime = Timestamp;
	type CurrencyToVote = sp_staking::currency_to_vote::U128CurrencyToVote;
	type ElectionProvider = onchain::OnChainExecution<OnChainSeqPhragmen>;
	type GenesisElectionProvider = onchain::OnChainExecution<OnChainSeqPhragmen>;
	type NominationsQuota = pallet_staking::FixedNominationsQuota<16>;
	type HistoryDepth = HistoryDepth;
	// Unclaimed era rewards and slashed stake fund the treasury instead of vanishing.
	type RewardRemainder = ResolveTo<TreasuryAccount, Balances>;
	type RuntimeEvent = RuntimeEvent;
	type Slash = ResolveTo<TreasuryAccount, Balances>;
	type Reward = ();
	type SessionsPerEra = SessionsPerEra;
	type BondingDuration = BondingDuration;
	type SlashDeferDuration = SlashDeferDuration;
	type AdminOrigin = EnsureRoot<AccountId>;
	type SessionInterface = Self;
	type EraPayout = pallet_staking::ConvertCurve<RewardCurve>;
	type NextNewSession = Session;
	type MaxExposurePageSize = MaxExposurePageSize;
	type MaxValidatorSet = ConstU32<MAX_ACTIVE_VALIDATORS>;
	type VoterList = VoterList;
	type TargetList = pallet_staking::UseValidatorsMap<Self>;
	type MaxUnlockingChunks = ConstU32<32>;
	type MaxControllersInDeprecationBatch = ConstU32<512>;
	type EventListeners = ();
	type Filter = Nothing;
	type BenchmarkingConfig = StakingBenchmarkingConfig;
	type WeightInfo = pallet_staking::weights::SubstrateWeight<Runtime>;
}

/// Number of bags in the voter list.
const BAG_COUNT: usize = 200;

/// Bag upper bounds, in vote weight: a geometric series growing by 1/8 per bag from one
/// TGD's worth of vote weight, ending at `u64::MAX`. Nominators are sorted by bag, so the
/// election reads the heaviest ones first within its bounds.
const fn bag_thresholds() -> [VoteWeight; BAG_COUNT] {
	let mut out = [0u64; BAG_COUNT];
	let mut value: u64 = (UNIT / 1_000_000) as u64;
	let mut i = 0;
	while i < BAG_COUNT - 1 {
		out[i] = value;
		value = value.saturating_add(value / 8 + 1);
		i += 1;
	}
	out[BAG_COUNT - 1] = u64::MAX;
	out
}

/// The bag thresholds, computed at compile time.
pub const BAG_THRESHOLDS: [VoteWeight; BAG_COUNT] = bag_thresholds();

parameter_types! {
	pub const BagThresholds: &'static [VoteWeight] = &BAG_THRESHOLDS;
}

impl pallet_bags_list::Config<pallet_bags_list::Instance1> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = pallet_bags_list::weights::SubstrateWeight<Runtime>;
	type ScoreProvider = Staking;
	type BagThresholds = BagThresholds;
	type MaxAutoRebagPerBlock = ConstU32<0>;
	type Score = VoteWeight;
}
