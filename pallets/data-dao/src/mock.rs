//! Test runtime: System, Balances, Providers, Jobs (settlement driven by the tests) and
//! the data-DAO pallet as the jobs pallet's `DataAccess`.

use crate as pallet_data_dao;
use crate::types::*;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64, Contains, Hooks},
	PalletId,
};
use pallet_jobs::{DatasetInput, InputRef, JobId};
use sp_runtime::{BuildStorage, Perbill};
use tensorgrid_primitives::{digest_of, kernels::MatmulShape, Digest, KernelId, KernelSpec};

type Block = frame_system::mocking::MockBlock<Test>;
pub type Balance = u128;
pub type AccountId = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Providers: pallet_providers,
		Jobs: pallet_jobs,
		DataDao: pallet_data_dao,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

pub const ED: Balance = 5;

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type ExistentialDeposit = frame_support::traits::ConstU128<ED>;
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

pub const MIN_STAKE: Balance = 1_000;
pub const SINK: AccountId = 99;

parameter_types! {
	pub const Sink: AccountId = SINK;
	pub const MinStake: Balance = MIN_STAKE;
	pub const DaoPalletId: PalletId = PalletId(*b"tg/ddao_");
}

impl pallet_providers::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type GovernanceOrigin = frame_system::EnsureRoot<AccountId>;
	type MaxProviders = ConstU32<16>;
	type MaxStringLen = ConstU32<32>;
	type MaxKernels = ConstU32<8>;
	type MaxUnbondingChunks = ConstU32<3>;
	type DefaultMinProviderStake = MinStake;
	type DefaultUnbondingPeriod = ConstU64<10>;
	type DefaultHeartbeatWindow = ConstU64<100_000>;
	type DefaultReputationHalfLife = ConstU64<100>;
	type DrawDelay = ConstU64<0>;
	type RegistrationFee = frame_support::traits::ConstU128<0>;
	type FeeDestination = Sink;
	type OperatorProof = sp_runtime::testing::TestSignature;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = pallet_providers::benchmarking::TestOperators;
	type WeightInfo = ();
}

/// Randomness from the block number.
pub struct TestRandomness;
impl frame_support::traits::Randomness<sp_core::H256, u64> for TestRandomness {
	fn random(subject: &[u8]) -> (sp_core::H256, u64) {
		let block = System::block_number();
		(sp_core::H256(sp_io::hashing::blake2_256(&codec::Encode::encode(&(subject, block)))), block)
	}
}

parameter_types! {
	pub const CommitWindow: u64 = 5;
	pub const MaxDuration: u64 = 100;
	pub const Retention: u64 = 20;
	pub const MaxPendingAge: u64 = 40;
	pub const MissedCommitSlash: Perbill = Perbill::from_percent(10);
}

impl pallet_jobs::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Providers = Providers;
	type Randomness = TestRandomness;
	type Settlement = ();
	type DataAccess = DataDao;
	type GovernanceOrigin = frame_system::EnsureRoot<AccountId>;
	type MaxArtifactSize = ConstU32<1_024>;
	type ArtifactBaseDeposit = frame_support::traits::ConstU128<10>;
	type ArtifactByteDeposit = frame_support::traits::ConstU128<1>;
	type MaxInputs = ConstU32<17>;
	type MaxInlineInputLen = ConstU32<256>;
	type MaxReplicas = ConstU32<3>;
	type MaxPendingJobs = ConstU32<64>;
	type MaxMatchesPerBlock = ConstU32<16>;
	type MaxTimersPerBlock = ConstU32<64>;
	type MaxTimerSlip = ConstU32<8>;
	type MaxJobsPerSubmitter = ConstU32<64>;
	type MaxJobsPerProvider = ConstU32<16>;
	type DefaultCommitWindow = CommitWindow;
	type DefaultMaxJobDuration = MaxDuration;
	type DefaultRetention = Retention;
	type DefaultMissedCommitSlash = MissedCommitSlash;
	type DefaultMaxPendingAge = MaxPendingAge;
	type SlashBeneficiary = Sink;
	type JobBaseDeposit = frame_support::traits::ConstU128<7>;
	type JobByteDeposit = frame_support::traits::ConstU128<0>;
	type MaxOpenJobsPerSubmitter = ConstU32<32>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = JobsBench;
}

#[cfg(feature = "runtime-benchmarks")]
pub struct JobsBench;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_jobs::traits::BenchmarkHelper<AccountId, Balance> for JobsBench {
	fn register_provider(who: &AccountId, price: Balance) {
		use frame_support::traits::fungible::Mutate;
		Balances::set_balance(who, 1_000_000);
		Providers::register(RuntimeOrigin::signed(*who), provider_profile(), price, MIN_STAKE).unwrap();
	}
	fn max_providers() -> u32 {
		16
	}
}

/// Registered providers.
pub struct IsProvider;
impl Contains<AccountId> for IsProvider {
	fn contains(who: &AccountId) -> bool {
		pallet_providers::Providers::<Test>::contains_key(who)
	}
}

pub const DAO_DEPOSIT: Balance = 100;
pub const ITEM_DEPOSIT: Balance = 10;
pub const PROPOSAL_DEPOSIT: Balance = 50;
pub const VOTING: u64 = 10;

impl pallet_data_dao::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type PalletId = DaoPalletId;
	type Providers = IsProvider;
	type FreezeOrigin = frame_system::EnsureRoot<AccountId>;
	type DaoDeposit = frame_support::traits::ConstU128<DAO_DEPOSIT>;
	type ItemDeposit = frame_support::traits::ConstU128<ITEM_DEPOSIT>;
	type ProposalDeposit = frame_support::traits::ConstU128<PROPOSAL_DEPOSIT>;
	type ShareUnitBytes = ConstU64<4>;
	type MaxUnitsPerItem = ConstU64<1_000>;
	type MaxFounderShares = frame_support::traits::ConstU128<1_000_000>;
	type MaxCurators = ConstU32<4>;
	type MaxCustodians = ConstU32<4>;
	type MaxGrants = ConstU32<4>;
	type MaxKernelsPerGrant = ConstU32<5>;
	type MaxParamsPerGrant = ConstU32<4>;
	type MaxBatch = ConstU32<8>;
	type MaxPendingItems = ConstU32<8>;
	type MaxOpenProposals = ConstU32<4>;
	type MaxCheckpoints = ConstU32<3>;
	type MinVotingPeriod = ConstU64<2>;
	type MaxVotingPeriod = ConstU64<1_000>;
	type MaxEnactmentDelay = ConstU64<1_000>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = DaoBench;
}

#[cfg(feature = "runtime-benchmarks")]
pub struct DaoBench;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for DaoBench {
	fn register_provider(who: &AccountId) {
		use frame_support::traits::fungible::Mutate;
		Balances::set_balance(who, 1_000_000);
		Providers::register(RuntimeOrigin::signed(*who), provider_profile(), 1, MIN_STAKE).unwrap();
	}
}

/// Founder, curator and first member.
pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
/// Custodians (registered providers).
pub const CUSTODIAN: AccountId = 20;
pub const CUSTODIAN2: AccountId = 21;
/// A provider that is not a custodian.
pub const OUTSIDER: AccountId = 22;
/// Buys access.
pub const BUYER: AccountId = 30;
pub const INITIAL: Balance = 1_000_000;

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: [ALICE, BOB, CHARLIE, CUSTODIAN, CUSTODIAN2, OUTSIDER, BUYER, SINK]
			.iter()
			.map(|a| (*a, INITIAL))
			.collect(),
		..Default::default()
	}
	.assimilate_storage(&mut t)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Run a test and check every pallet's invariants afterwards.
pub fn test(f: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		f();
		check_invariants();
	});
}

pub fn check_invariants() {
	DataDao::do_try_state().expect("data-dao invariants hold");
	Jobs::do_try_state().expect("jobs invariants hold");
	Providers::do_try_state().expect("providers invariants hold");
}

pub fn provider_profile() -> pallet_providers::ProfileInput {
	pallet_providers::ProfileInput {
		adapter_name: b"Test GPU".to_vec(),
		backend: b"Vulkan".to_vec(),
		device_type: b"DiscreteGpu".to_vec(),
		memory_mib: 16_384,
		kernels: KernelId::ALL.to_vec(),
		benchmark_score: 1_000,
		endpoint: vec![],
		max_concurrent_jobs: 8,
	}
}

pub fn register_provider(who: AccountId) {
	Providers::register(RuntimeOrigin::signed(who), provider_profile(), 1, 10 * MIN_STAKE).unwrap();
}

/// Rules: 10-block votes, no enactment delay, quorum 50%, approval 60%, revenue 70% to
/// members, 10% to curators, 20% to the treasury, no automatic acceptance.
pub fn rules() -> DaoRules<u64> {
	DaoRules {
		voting_period: VOTING,
		enactment_delay: 0,
		quorum: Perbill::from_percent(50),
		approval: Perbill::from_percent(60),
		split: RevenueSplit { contributors: Perbill::from_percent(70), curators: Perbill::from_percent(10) },
		auto_accept: None,
	}
}

/// Alice's DAO (id 0) with 100 founder shares, Alice the only curator.
pub fn create_dao() -> DaoId {
	let id = crate::NextDaoId::<Test>::get();
	DataDao::create_dao(RuntimeOrigin::signed(ALICE), rules(), 100, Default::default()).unwrap();
	id
}

/// Content of test item `n`: 6 bytes (one 2×3 matmul operand).
pub fn item_bytes(n: u8) -> Vec<u8> {
	vec![n; 6]
}

pub fn item(n: u8) -> Digest {
	digest_of(&item_bytes(n))
}

pub fn run_to(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Jobs::on_initialize(next);
	}
}

/// Propose `action` as `who`, let `voters` vote aye, close after the voting period.
pub fn pass(dao: DaoId, who: AccountId, action: crate::ActionOf<Test>, voters: &[AccountId]) -> crate::ProposalId {
	let id = crate::Daos::<Test>::get(dao).unwrap().next_proposal;
	// Shares vote from the block after they were minted.
	run_to(System::block_number() + 1);
	DataDao::propose(RuntimeOrigin::signed(who), dao, Box::new(action)).unwrap();
	run_to(System::block_number() + 1);
	for v in voters {
		DataDao::vote(RuntimeOrigin::signed(*v), dao, id, true).unwrap();
	}
	run_to(System::block_number() + VOTING + 1);
	DataDao::close_proposal(RuntimeOrigin::signed(who), dao, id).unwrap();
	id
}

/// A DAO with items 1 and 2 accepted (versions 1 and 2), `CUSTODIAN` admitted and grant 0 to
/// `grantee` on version 2 for matmul with any parameters at `price` per unit.
pub fn dao_with_grant(grantee: Option<AccountId>, price: Balance) -> DaoId {
	let dao = create_dao();
	for n in [1, 2] {
		DataDao::contribute(RuntimeOrigin::signed(BOB), dao, item(n), 6).unwrap();
		DataDao::review(RuntimeOrigin::signed(ALICE), dao, item(n), 3).unwrap();
	}
	register_provider(CUSTODIAN);
	DataDao::offer_custody(RuntimeOrigin::signed(CUSTODIAN), dao, true).unwrap();
	pass(dao, ALICE, DaoAction::AdmitCustodian(CUSTODIAN), &[ALICE]);
	pass(dao, ALICE, DaoAction::Grant(grant_terms(grantee, price)), &[ALICE]);
	dao
}

pub fn grant_terms(grantee: Option<AccountId>, price: Balance) -> crate::GrantTermsOf<Test> {
	GrantTerms {
		grantee,
		version: 2,
		kernels: vec![KernelId::MatmulI8].try_into().unwrap(),
		spec: None,
		layout: None,
		params: ParamRule::Any,
		max_work_units: 10,
		max_output_bytes: 1_000,
		price_per_unit: price,
		expires_at: 1_000,
	}
}

/// 2×3 · 3×2 matmul: one work unit, 16 output bytes.
pub fn matmul() -> KernelSpec {
	KernelSpec::MatmulI8(MatmulShape { m: 2, k: 3, n: 2 })
}

pub fn dataset(dao: DaoId, grant: u32, n: u8) -> InputRef<ConstU32<256>> {
	InputRef::Dataset(DatasetInput { dao, grant, item: item(n), max_fee_per_unit: u128::MAX })
}

pub fn inline(bytes: Vec<u8>) -> InputRef<ConstU32<256>> {
	InputRef::Inline(bytes.try_into().unwrap())
}

/// Submit a matmul reading dataset item `n` as A and inline B, one replica at price 1.
pub fn submit_on_dataset(who: AccountId, dao: DaoId, grant: u32, n: u8) -> Result<JobId, sp_runtime::DispatchError> {
	use frame_support::dispatch::DispatchErrorWithPostInfo as E;
	let id = pallet_jobs::NextJobId::<Test>::get();
	Jobs::submit_job(
		RuntimeOrigin::signed(who),
		matmul(),
		vec![dataset(dao, grant, n), inline(vec![1; 6])].try_into().unwrap(),
		1,
		1,
		System::block_number() + 50,
	)
	.map(|_| id)
	.map_err(|e| E::from(e).error)
}

pub fn events() -> Vec<crate::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::DataDao(e) = r.event { Some(e) } else { None })
		.collect()
}
