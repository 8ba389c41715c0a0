//! The compute market: GPU providers, jobs and proof of compute.

use crate::{
	constants::{DAYS, MINUTES, UNIT},
	governance::MarketAdmin,
	AccountId, Balance, Balances, BlockNumber, Runtime, RuntimeCall, RuntimeEvent, RuntimeHoldReason,
};
use frame_support::{
	parameter_types,
	traits::{ConstU32, EitherOf, Randomness},
};
use frame_system::EnsureRoot;
use sp_runtime::{
	traits::{BlakeTwo256, Hash as _},
	Perbill, Permill,
};

type Hash = <Runtime as frame_system::Config>::Hash;

parameter_types! {
	/// Most weight one block spends on proof-of-compute deadlines: a fifth of the block.
	pub MaxDeadlineWeight: frame_support::weights::Weight =
		Perbill::from_percent(20) * crate::configs::RuntimeBlockWeights::get().max_block;
	/// Initial deterrence margin: a lie's expected slash is at least 1.5 times its pay.
	pub const DefaultLieMargin: Perbill = Perbill::from_percent(50);
	/// Least collateral a job slot puts up (1% of the minimum provider stake) when the
	/// provider's free stake allows: a lie on the cheapest job still risks 10 TGD.
	pub const MinSlotCollateral: Balance = 10 * UNIT;
	/// Initial slash of a drawn verifier that does not answer: 1% of its held stake.
	pub const DefaultVerifierSilenceSlash: Perbill = Perbill::from_percent(1);
	/// Initial least stake of an eligible provider; governance may change it.
	pub const DefaultMinProviderStake: Balance = 1_000 * UNIT;
	/// Initial unbonding period: eight days, longer than the last slash a job can bring
	/// (the longest job duration, a week, plus the reveal, decision and audit windows and
	/// their timer slips), so stake cannot leave before it has answered for every job it
	/// took (checked by `runtime/tests/market.rs`).
	pub const DefaultUnbondingPeriod: BlockNumber = 8 * DAYS;
	/// Initial heartbeat window: a provider silent for ten minutes gets no new jobs.
	pub const DefaultHeartbeatWindow: BlockNumber = 10 * MINUTES;
	/// Fee of a provider registration, to the treasury.
	pub const ProviderRegistrationFee: Balance = 10 * UNIT;
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
	// A provider's change reaches the job and audit draws three blocks later, when the
	// draw randomness mixes two VRF outputs its author could not know (docs/protocol.md).
	type DrawDelay = frame_support::traits::ConstU32<3>;
	// 10 TGD to the treasury per registration: filling the 1,024 places with Sybil accounts
	// costs 10,240 TGD that never comes back, besides the stake each one locks.
	type RegistrationFee = ProviderRegistrationFee;
	type FeeDestination = crate::configs::TreasuryAccount;
	// Operator keys prove ownership with the same signatures as transactions.
	type OperatorProof = crate::Signature;
	type WeightInfo = pallet_providers::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = OperatorBenchmarkHelper;
}

/// Makes operator keys in the benchmark's keystore, as pallet-session's benchmarks do.
#[cfg(feature = "runtime-benchmarks")]
pub struct OperatorBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_providers::benchmarking::BenchmarkHelper<AccountId, crate::Signature> for OperatorBenchmarkHelper {
	fn operator_with_proof(provider: &AccountId) -> (AccountId, crate::Signature) {
		use sp_runtime::RuntimeAppPublic;
		let public = pallet_provider_agent::crypto::Public::generate_pair(None);
		let payload = pallet_providers::operator_proof_payload(provider);
		let signature = public.sign(&payload).expect("the key was just made");
		let public: sp_core::sr25519::Public = public.into();
		let signature: sp_core::sr25519::Signature = signature.into();
		(AccountId::from(public), signature.into())
	}
}

parameter_types! {
	/// Largest artifact: 1 MiB fits comfortably in a block (5 MiB, 75% for normal calls).
	pub const MaxArtifactSize: u32 = 1024 * 1024;
	pub const ArtifactBaseDeposit: Balance = crate::constants::deposit(1, 0);
	pub const ArtifactByteDeposit: Balance = crate::constants::deposit(0, 1);
	/// Initial commit window: ten minutes to run a job and commit its result.
	pub const DefaultCommitWindow: BlockNumber = 10 * MINUTES;
	/// Initial longest job duration.
	pub const DefaultMaxJobDuration: BlockNumber = 7 * DAYS;
	/// Initial retention of finished jobs: a day to read the result by API.
	pub const DefaultRetention: BlockNumber = DAYS;
	/// Initial verification fee: 10% on top of the replicas' maximum price.
	/// Initial slash for a missed commitment: 1% of the provider's held stake, to the
	/// treasury.
	pub const DefaultMissedCommitSlash: Perbill = Perbill::from_percent(1);
	/// Initial longest wait for a first provider: an hour, then the job expires.
	pub const DefaultMaxPendingAge: BlockNumber = 60 * MINUTES;
	/// Storage deposit of a job record (two items: the record and its inputs, ~512 bytes),
	/// held until the record is pruned.
	pub const JobBaseDeposit: Balance = crate::constants::deposit(2, 512);
	/// Storage deposit per inline input byte.
	pub const JobByteDeposit: Balance = crate::constants::deposit(0, 1);
}

/// Matching randomness: BABE's VRF output of the parent block, unknown to anyone before
/// that block was authored. In the first blocks of a chain, before BABE has one, the
/// parent hash stands in.
pub struct MatchingRandomness;

impl Randomness<Hash, BlockNumber> for MatchingRandomness {
	fn random(subject: &[u8]) -> (Hash, BlockNumber) {
		let (vrf, block) = pallet_babe::ParentBlockRandomness::<Runtime>::random(subject);
		let seed = vrf.unwrap_or_else(|| {
			BlakeTwo256::hash_of(&(frame_system::Pallet::<Runtime>::parent_hash(), subject))
		});
		(seed, block)
	}
}

impl pallet_jobs::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Providers = crate::Providers;
	type Randomness = MatchingRandomness;
	type Settlement = crate::ProofOfCompute;
	type DataAccess = crate::DataDao;
	type GovernanceOrigin = EitherOf<EnsureRoot<AccountId>, MarketAdmin>;
	type MaxArtifactSize = MaxArtifactSize;
	type ArtifactBaseDeposit = ArtifactBaseDeposit;
	type ArtifactByteDeposit = ArtifactByteDeposit;
	// An 8-layer MLP reads 17 tensors.
	type MaxInputs = ConstU32<17>;
	type MaxInlineInputLen = ConstU32<16_384>;
	type MaxReplicas = ConstU32<5>;
	type MaxPendingJobs = ConstU32<1_024>;
	type MaxMatchesPerBlock = ConstU32<16>;
	type MaxTimersPerBlock = ConstU32<128>;
	type MaxTimerSlip = ConstU32<32>;
	type MaxJobsPerSubmitter = ConstU32<256>;
	type MaxJobsPerProvider = ConstU32<64>;
	type DefaultCommitWindow = DefaultCommitWindow;
	type DefaultMaxJobDuration = DefaultMaxJobDuration;
	type DefaultRetention = DefaultRetention;
	type DefaultMissedCommitSlash = DefaultMissedCommitSlash;
	type DefaultMaxPendingAge = DefaultMaxPendingAge;
	type SlashBeneficiary = crate::configs::TreasuryAccount;
	type JobBaseDeposit = JobBaseDeposit;
	type JobByteDeposit = JobByteDeposit;
	// With `MaxPendingJobs` 1,024, filling the queue takes at least 16 funded accounts.
	type MaxOpenJobsPerSubmitter = ConstU32<64>;
	type WeightInfo = pallet_jobs::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = JobsBenchmarkHelper;
}

/// Registers providers for the jobs benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct JobsBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_jobs::traits::BenchmarkHelper<AccountId, Balance> for JobsBenchmarkHelper {
	fn register_provider(who: &AccountId, price: Balance) {
		use frame_support::traits::fungible::Mutate;
		let stake = pallet_providers::Parameters::<Runtime>::get().min_provider_stake;
		Balances::set_balance(who, stake.saturating_mul(10));
		let profile = pallet_providers::ProfileInput {
			adapter_name: b"benchmark GPU".to_vec(),
			backend: b"Vulkan".to_vec(),
			device_type: b"DiscreteGpu".to_vec(),
			memory_mib: 81_920,
			kernels: tensorgrid_primitives::KernelId::ALL.to_vec(),
			benchmark_score: 1,
			endpoint: alloc::vec::Vec::new(),
			max_concurrent_jobs: 64,
		};
		crate::Providers::register(crate::RuntimeOrigin::signed(who.clone()), profile, price, stake)
			.expect("benchmark provider registers");
	}

	/// The places left beside the providers the chain starts with (the dev chain's Alice).
	fn max_providers() -> u32 {
		<<Runtime as pallet_providers::Config>::MaxProviders as frame_support::traits::Get<u32>>::get()
			.saturating_sub(pallet_providers::Providers::<Runtime>::count())
	}
}

parameter_types! {
	/// Initial reveal window: five minutes once every slot committed.
	pub const DefaultRevealWindow: BlockNumber = 5 * MINUTES;
	/// Initial audit window: ten minutes for verifiers to re-execute or check.
	pub const DefaultAuditWindow: BlockNumber = 10 * MINUTES;
	/// Initial chance that an unopposed single-provider result is audited: 5%.
	pub const DefaultAuditProbability: Permill = Permill::from_percent(5);
	/// Initial slash for a wrong or missing result: 10% of the provider's held stake.
	pub const DefaultSlashFraction: Perbill = Perbill::from_percent(10);
	/// Initial verifiers' share of a slash (after the submitter is made whole): half.
	pub const DefaultVerifierSlashShare: Perbill = Perbill::from_percent(50);
}

impl pallet_proof_of_compute::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type Jobs = crate::Jobs;
	type Providers = crate::Providers;
	// The jobs pallet's mix of every block's VRF output (see pallet_jobs::MixedRandomness).
	type Randomness = pallet_jobs::MixedRandomness<Runtime>;
	// Audits are decided three blocks after reveals close, with randomness none of the
	// revealers could see when they revealed.
	type DecisionDelay = frame_support::traits::ConstU32<3>;
	type Treasury = crate::configs::TreasuryAccount;
	type GovernanceOrigin = EitherOf<EnsureRoot<AccountId>, MarketAdmin>;
	// The jobs pallet's bound.
	type MaxReplicas = ConstU32<5>;
	type MaxVerifiers = ConstU32<5>;
	type MaxInlineOutput = ConstU32<16_384>;
	type MaxDeadlinesPerBlock = ConstU32<256>;
	type MaxDeadlineSlip = ConstU32<64>;
	// A fifth of a block for reveal, decision and audit deadlines; the rest carries over.
	type MaxDeadlineWeight = MaxDeadlineWeight;
	type MaxAuditsPerVerifier = ConstU32<64>;
	type DefaultRevealWindow = DefaultRevealWindow;
	type DefaultAuditWindow = DefaultAuditWindow;
	type DefaultAuditProbability = DefaultAuditProbability;
	type DefaultAuditorsPerDispute = ConstU32<2>;
	type DefaultSlashFraction = DefaultSlashFraction;
	type DefaultVerifierSlashShare = DefaultVerifierSlashShare;
	type DefaultLieMargin = DefaultLieMargin;
	type MinSlotCollateral = MinSlotCollateral;
	type DefaultVerifierSilenceSlash = DefaultVerifierSilenceSlash;
	type WeightInfo = pallet_proof_of_compute::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ProofBenchmarkHelper;
}

/// Creates assigned jobs for the proof-of-compute benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct ProofBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_proof_of_compute::BenchmarkHelper<AccountId> for ProofBenchmarkHelper {
	fn assigned_job(providers: u32, spare: u32) -> (pallet_jobs::JobId, alloc::vec::Vec<AccountId>) {
		use frame_support::traits::{fungible::Mutate, Hooks};
		use pallet_jobs::traits::BenchmarkHelper as _;
		use tensorgrid_primitives::{kernels::MatmulShape, KernelSpec};
		let account = |i: u32| -> AccountId { frame_benchmarking::account("provider", i, 7) };
		for i in 0..providers + spare {
			JobsBenchmarkHelper::register_provider(&account(i), UNIT);
		}
		let submitter: AccountId = frame_benchmarking::account("submitter", 0, 7);
		Balances::set_balance(&submitter, 1_000_000 * UNIT);
		let id = pallet_jobs::NextJobId::<Runtime>::get();
		let inputs = alloc::vec![
			pallet_jobs::InputRef::Inline(alloc::vec![1u8; 6].try_into().expect("fits")),
			pallet_jobs::InputRef::Inline(alloc::vec![2u8; 6].try_into().expect("fits")),
		]
		.try_into()
		.expect("two inputs fit");
		let now = frame_system::Pallet::<Runtime>::block_number();
		crate::Jobs::submit_job(
			crate::RuntimeOrigin::signed(submitter),
			KernelSpec::MatmulI8(MatmulShape { m: 2, k: 3, n: 2 }),
			inputs,
			providers,
			10 * UNIT,
			now + DAYS,
		)
		.expect("job submits");
		// Only the first `providers` may take it; the others pause until it is assigned.
		for i in providers..providers + spare {
			crate::Providers::pause(crate::RuntimeOrigin::signed(account(i))).expect("pauses");
		}
		// Providers registered now are drawn `DrawDelay` blocks later.
		use pallet_providers::ProviderRegistry;
		let delay = crate::Providers::draw_delay() + 1;
		frame_system::Pallet::<Runtime>::set_block_number(now + delay);
		crate::Jobs::on_initialize(now + delay);
		for i in providers..providers + spare {
			crate::Providers::resume(crate::RuntimeOrigin::signed(account(i))).expect("resumes");
		}
		// ...and so is their resumption, for the verifier draws.
		frame_system::Pallet::<Runtime>::set_block_number(now + 2 * delay);
		let job = pallet_jobs::Jobs::<Runtime>::get(id).expect("job exists");
		(id, job.slots.iter().map(|s| s.provider.clone()).collect())
	}

	fn max_providers() -> u32 {
		<JobsBenchmarkHelper as pallet_jobs::traits::BenchmarkHelper<AccountId, Balance>>::max_providers()
	}
	fn chain_input(id: pallet_jobs::JobId) {
		pallet_jobs::JobInputs::<Runtime>::mutate(id, |inputs| {
			if let Some(inputs) = inputs.as_mut().filter(|i| !i.is_empty()) {
				inputs[0] = pallet_jobs::InputRef::Output([0x0C; 32]);
			}
		});
	}
}

/// Provider nodes' off-chain worker signs with their `gpuw` key.
impl pallet_provider_agent::Config for Runtime {
	type AuthorityId = pallet_provider_agent::crypto::ProviderAuthId;
	type AgentCall = RuntimeCall;
	type MaxCallsPerBlock = ConstU32<32>;
}

parameter_types! {
	pub const DataDaoPalletId: frame_support::PalletId = frame_support::PalletId(*b"tg/ddao_");
	/// A DAO's record, frontier and bounded lists (about 2 KiB).
	pub const DaoDeposit: Balance = 10 * UNIT;
	/// An item's record, its leaf index and a version record (about 200 bytes).
	pub const DataItemDeposit: Balance = UNIT / 10;
	pub const DaoProposalDeposit: Balance = UNIT;
	/// 30 days at 6 s blocks.
	pub const MaxDaoPeriod: BlockNumber = 30 * DAYS;
}

/// Registered providers (custodians must be).
pub struct RegisteredProviders;
impl frame_support::traits::Contains<AccountId> for RegisteredProviders {
	fn contains(who: &AccountId) -> bool {
		pallet_providers::Providers::<Runtime>::contains_key(who)
	}
}

impl pallet_data_dao::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type PalletId = DataDaoPalletId;
	type Providers = RegisteredProviders;
	// A referendum on the market-admin track (or root) can freeze a DAO that breaks the
	// chain's rules.
	type FreezeOrigin = EitherOf<EnsureRoot<AccountId>, MarketAdmin>;
	type DaoDeposit = DaoDeposit;
	type ItemDeposit = DataItemDeposit;
	type ProposalDeposit = DaoProposalDeposit;
	type ShareUnitBytes = frame_support::traits::ConstU64<1_024>;
	type MaxUnitsPerItem = frame_support::traits::ConstU64<1_048_576>;
	type MaxFounderShares = frame_support::traits::ConstU128<1_000_000_000>;
	type MaxCurators = ConstU32<8>;
	type MaxCustodians = ConstU32<16>;
	type MaxGrants = ConstU32<16>;
	type MaxKernelsPerGrant = ConstU32<5>;
	type MaxParamsPerGrant = ConstU32<8>;
	type MaxBatch = ConstU32<64>;
	type MaxPendingItems = ConstU32<256>;
	type MaxOpenProposals = ConstU32<16>;
	type MaxCheckpoints = ConstU32<8>;
	type MinVotingPeriod = frame_support::traits::ConstU32<5>;
	type MaxVotingPeriod = MaxDaoPeriod;
	type MaxEnactmentDelay = MaxDaoPeriod;
	type WeightInfo = pallet_data_dao::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = DataDaoBenchmarkHelper;
}

/// Registers custodians for the data-DAO benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct DataDaoBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_data_dao::BenchmarkHelper<AccountId> for DataDaoBenchmarkHelper {
	fn register_provider(who: &AccountId) {
		<JobsBenchmarkHelper as pallet_jobs::traits::BenchmarkHelper<AccountId, Balance>>::register_provider(who, UNIT);
	}
}
