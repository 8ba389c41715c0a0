//! Test runtime: System, Balances, Providers, Jobs and ProofOfCompute, with seeded
//! randomness and honest or dishonest providers.

use crate as pallet_proof_of_compute;
use crate::types::*;
use core::cell::RefCell;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, Hooks, Randomness},
	weights::Weight,
};
use pallet_jobs::{InputRef, JobId};
use sp_core::H256;
use sp_runtime::{BuildStorage, Perbill, Permill};
use tensorgrid_primitives::{kernels::MatmulShape, KernelId, KernelSpec};

type Block = frame_system::mocking::MockBlock<Test>;
pub type Balance = u128;
pub type AccountId = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Providers: pallet_providers,
		Jobs: pallet_jobs,
		Proof: pallet_proof_of_compute,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type ExistentialDeposit = frame_support::traits::ConstU128<1>;
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

pub const MIN_STAKE: Balance = 10_000;
pub const COMMIT_WINDOW: u64 = 5;
pub const REVEAL_WINDOW: u64 = 4;
pub const AUDIT_WINDOW: u64 = 6;
pub const RETENTION: u64 = 50;
/// Price of every provider per work unit; the test job has one work unit.
pub const PRICE: Balance = 100;
/// The submitter's maximum price per work unit.
pub const MAX_PRICE: Balance = 200;

/// Receives missed-commit slashes (the treasury in the runtime).
pub const SLASH_SINK: AccountId = 99;
/// Deposit held per job record (the jobs pallet tests it; zero keeps these sums simple).
pub const JOB_BASE_DEPOSIT: Balance = 0;

parameter_types! {
	/// Initial deterrence margin: a lie's expected slash is at least 1.5 times its pay.
	pub const DefaultLieMargin: Perbill = Perbill::from_percent(50);
	/// Initial slash of a drawn verifier that does not answer: 1% of its held stake.
	pub const DefaultVerifierSilenceSlash: Perbill = Perbill::from_percent(1);
	pub const SlashSink: AccountId = SLASH_SINK;
	pub const MaxPendingAge: u64 = 40;
	pub const MinStake: Balance = MIN_STAKE;
	pub const Unbonding: u64 = 10;
	pub const HeartbeatWindow: u64 = 10_000;
	pub const HalfLife: u64 = 1_000;
	pub const CommitWindow: u64 = COMMIT_WINDOW;
	pub const MaxDuration: u64 = 1_000;
	pub const Retention: u64 = RETENTION;
	pub const MissedCommitSlash: Perbill = Perbill::from_percent(1);
	pub const RevealWindow: u64 = REVEAL_WINDOW;
	pub const AuditWindow: u64 = AUDIT_WINDOW;
	pub const AuditProbability: Permill = Permill::zero();
	pub const SlashFraction: Perbill = Perbill::from_percent(10);
	pub const VerifierShare: Perbill = Perbill::from_percent(50);
	pub const TreasuryAccount: AccountId = TREASURY;
}

impl pallet_providers::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type GovernanceOrigin = frame_system::EnsureRoot<AccountId>;
	type MaxProviders = ConstU32<16>;
	type MaxStringLen = ConstU32<32>;
	type MaxKernels = ConstU32<5>;
	type MaxUnbondingChunks = ConstU32<3>;
	type DefaultMinProviderStake = MinStake;
	type DefaultUnbondingPeriod = Unbonding;
	type DefaultHeartbeatWindow = HeartbeatWindow;
	type DefaultReputationHalfLife = HalfLife;
	type DrawDelay = frame_support::traits::ConstU64<0>;
	type RegistrationFee = frame_support::traits::ConstU128<0>;
	type FeeDestination = SlashSink;
	type OperatorProof = sp_runtime::testing::TestSignature;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = pallet_providers::benchmarking::TestOperators;
	type WeightInfo = ();
}

thread_local! {
	/// Seed mixed into the test randomness.
	pub static SEED: RefCell<u64> = const { RefCell::new(0) };
	/// Blocks from the close of reveals to the decision (0: decide at once).
	pub static DECISION_DELAY: RefCell<u64> = const { RefCell::new(0) };
	/// `MaxDeadlineWeight` (unbounded unless a test sets it).
	pub static DEADLINE_WEIGHT: RefCell<Weight> = const { RefCell::new(Weight::MAX) };
}

/// `MaxDeadlineWeight` as the test sets it.
pub struct TestDeadlineWeight;
impl frame_support::traits::Get<Weight> for TestDeadlineWeight {
	fn get() -> Weight {
		DEADLINE_WEIGHT.with(|w| *w.borrow())
	}
}

/// `DecisionDelay` as the test sets it.
pub struct TestDecisionDelay;
impl frame_support::traits::Get<u64> for TestDecisionDelay {
	fn get() -> u64 {
		DECISION_DELAY.with(|d| *d.borrow())
	}
}

/// Randomness from the block number, the subject and the test's seed.
pub struct TestRandomness;
impl Randomness<H256, u64> for TestRandomness {
	fn random(subject: &[u8]) -> (H256, u64) {
		let block = System::block_number();
		let seed = SEED.with(|s| *s.borrow());
		let bytes = codec::Encode::encode(&(subject, block, seed));
		(H256(sp_io::hashing::blake2_256(&bytes)), block)
	}
}

impl pallet_jobs::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Providers = Providers;
	type Randomness = TestRandomness;
	type Settlement = Proof;
	type DataAccess = ();
	type GovernanceOrigin = frame_system::EnsureRoot<AccountId>;
	type MaxArtifactSize = ConstU32<1_024>;
	type ArtifactBaseDeposit = frame_support::traits::ConstU128<10>;
	type ArtifactByteDeposit = frame_support::traits::ConstU128<1>;
	type MaxInputs = ConstU32<17>;
	type MaxInlineInputLen = ConstU32<256>;
	type MaxReplicas = ConstU32<3>;
	type MaxPendingJobs = ConstU32<16>;
	type MaxMatchesPerBlock = ConstU32<8>;
	type MaxTimersPerBlock = ConstU32<16>;
	type MaxTimerSlip = ConstU32<8>;
	type MaxJobsPerSubmitter = ConstU32<64>;
	type MaxJobsPerProvider = ConstU32<8>;
	type DefaultCommitWindow = CommitWindow;
	type DefaultMaxJobDuration = MaxDuration;
	type DefaultRetention = Retention;
	type DefaultMissedCommitSlash = MissedCommitSlash;
	type DefaultMaxPendingAge = MaxPendingAge;
	type SlashBeneficiary = SlashSink;
	type JobBaseDeposit = frame_support::traits::ConstU128<JOB_BASE_DEPOSIT>;
	type JobByteDeposit = frame_support::traits::ConstU128<0>;
	type MaxOpenJobsPerSubmitter = ConstU32<6>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = JobsBenchHelper;
}

impl pallet_proof_of_compute::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type Jobs = Jobs;
	type Providers = Providers;
	type Randomness = TestRandomness;
	type DecisionDelay = TestDecisionDelay;
	type Treasury = TreasuryAccount;
	type GovernanceOrigin = frame_system::EnsureRoot<AccountId>;
	type MaxReplicas = ConstU32<3>;
	type MaxVerifiers = ConstU32<3>;
	type MaxInlineOutput = ConstU32<256>;
	type MaxDeadlinesPerBlock = ConstU32<16>;
	type MaxDeadlineSlip = ConstU32<8>;
	type MaxDeadlineWeight = TestDeadlineWeight;
	type MaxAuditsPerVerifier = ConstU32<8>;
	type DefaultRevealWindow = RevealWindow;
	type DefaultAuditWindow = AuditWindow;
	type DefaultAuditProbability = AuditProbability;
	type DefaultAuditorsPerDispute = ConstU32<2>;
	type DefaultSlashFraction = SlashFraction;
	type DefaultVerifierSlashShare = VerifierShare;
	type DefaultLieMargin = DefaultLieMargin;
	type MinSlotCollateral = frame_support::traits::ConstU128<1>;
	type DefaultVerifierSilenceSlash = DefaultVerifierSilenceSlash;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ProofBenchHelper;
}

#[cfg(feature = "runtime-benchmarks")]
pub struct JobsBenchHelper;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_jobs::traits::BenchmarkHelper<AccountId, Balance> for JobsBenchHelper {
	fn register_provider(who: &AccountId, price: Balance) {
		use frame_support::traits::fungible::Mutate;
		Balances::set_balance(who, 10 * MIN_STAKE);
		Providers::register(RuntimeOrigin::signed(*who), profile(), price, MIN_STAKE).unwrap();
	}
	fn max_providers() -> u32 {
		16
	}
}

#[cfg(feature = "runtime-benchmarks")]
pub struct ProofBenchHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for ProofBenchHelper {
	fn assigned_job(providers: u32, spare: u32) -> (JobId, Vec<AccountId>) {
		use frame_support::traits::fungible::Mutate;
		for i in 0..providers + spare {
			let who = 1_000 + i as AccountId;
			Balances::set_balance(&who, 10 * MIN_STAKE);
			Providers::register(RuntimeOrigin::signed(who), profile(), PRICE, MIN_STAKE).unwrap();
		}
		Balances::set_balance(&USER, INITIAL);
		let id = submit(providers);
		// Only the first `providers` may take it: the rest pause until the job is assigned.
		for i in providers..providers + spare {
			Providers::pause(RuntimeOrigin::signed(1_000 + i as AccountId)).unwrap();
		}
		run_to(System::block_number() + 1);
		for i in providers..providers + spare {
			Providers::resume(RuntimeOrigin::signed(1_000 + i as AccountId)).unwrap();
		}
		(id, slots(id))
	}

	fn max_providers() -> u32 {
		16
	}

	fn chain_input(id: pallet_jobs::JobId) {
		pallet_jobs::JobInputs::<Test>::mutate(id, |inputs| {
			if let Some(inputs) = inputs.as_mut().filter(|i| !i.is_empty()) {
				inputs[0] = pallet_jobs::InputRef::Output([0x0C; 32]);
			}
		});
	}
}

/// Providers.
pub const P1: AccountId = 1;
pub const P2: AccountId = 2;
pub const P3: AccountId = 3;
/// Providers that only serve as verifiers in most tests (registered later).
pub const V1: AccountId = 4;
pub const V2: AccountId = 5;
pub const USER: AccountId = 10;
pub const TREASURY: AccountId = 99;
pub const INITIAL: Balance = 1_000_000;

pub fn profile() -> pallet_providers::ProfileInput {
	pallet_providers::ProfileInput {
		adapter_name: b"Test GPU".to_vec(),
		backend: b"Vulkan".to_vec(),
		device_type: b"DiscreteGpu".to_vec(),
		memory_mib: 16_384,
		kernels: vec![KernelId::MatmulI8, KernelId::MlpInferenceI8],
		benchmark_score: 1_000,
		endpoint: vec![],
		max_concurrent_jobs: 4,
	}
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: [P1, P2, P3, V1, V2, USER, TREASURY].iter().map(|a| (*a, INITIAL)).collect(),
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
	Proof::do_try_state().expect("proof-of-compute invariants hold");
	Jobs::do_try_state().expect("jobs invariants hold");
	Providers::do_try_state().expect("providers invariants hold");
}

pub fn register(who: AccountId) {
	Providers::register(RuntimeOrigin::signed(who), profile(), PRICE, MIN_STAKE).unwrap();
}

/// Submit a 2×3·3×2 matmul (one work unit) with `replicas`; deadline 40 blocks ahead.
pub fn submit(replicas: u32) -> JobId {
	let id = pallet_jobs::NextJobId::<Test>::get();
	let inputs = vec![
		InputRef::Inline(vec![1; 6].try_into().unwrap()),
		InputRef::Inline(vec![2; 6].try_into().unwrap()),
	]
	.try_into()
	.unwrap();
	Jobs::submit_job(
		RuntimeOrigin::signed(USER),
		KernelSpec::MatmulI8(MatmulShape { m: 2, k: 3, n: 2 }),
		inputs,
		replicas,
		MAX_PRICE,
		System::block_number() + 40,
	)
	.unwrap();
	id
}

/// Providers assigned to job `id`, in slot order.
#[cfg_attr(not(feature = "runtime-benchmarks"), allow(dead_code))]
pub fn slots(id: JobId) -> Vec<AccountId> {
	pallet_jobs::Jobs::<Test>::get(id).unwrap().slots.iter().map(|s| s.provider).collect()
}

/// Run both pallets' `on_initialize` for each block up to and including `n`.
pub fn run_to(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Jobs::on_initialize(next);
		Proof::on_initialize(next);
	}
}

/// The result digest an honest provider computes, and a wrong one.
pub const HONEST: [u8; 32] = [0xAA; 32];
pub const WRONG: [u8; 32] = [0xBB; 32];

pub fn salt(who: AccountId) -> [u8; 32] {
	[who as u8; 32]
}

/// The key that signs provider `who`'s node work: its operator key (itself unless it named
/// another).
pub fn operator(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(pallet_providers::OperatorOf::<Test>::get(who).unwrap_or(who))
}

pub fn commit(id: JobId, who: AccountId, digest: [u8; 32]) {
	let c = crate::commitment_of(&digest, &who, &salt(who));
	Proof::commit_result(operator(who), id, c).unwrap();
}

pub fn reveal(id: JobId, who: AccountId, digest: [u8; 32]) -> frame_support::dispatch::DispatchResultWithPostInfo {
	Proof::reveal_result(operator(who), id, digest, salt(who), OutputRef::Artifact(digest))
}

/// A verifier's secret salt for its verdict commitment.
pub fn verdict_salt(who: AccountId) -> [u8; 32] {
	[who as u8 ^ 0x55; 32]
}

/// `who` commits to `verdict` on job `id`.
pub fn commit_verdict(id: JobId, who: AccountId, verdict: Verdict) -> frame_support::dispatch::DispatchResult {
	let c = crate::verdict_commitment_of(&verdict, &who, &verdict_salt(who));
	Proof::commit_verdict(operator(who), id, c)
}

/// `who` reveals the `verdict` it committed to on job `id`.
pub fn reveal_verdict(id: JobId, who: AccountId, verdict: Verdict) -> frame_support::dispatch::DispatchResultWithPostInfo {
	Proof::submit_verdict(operator(who), id, verdict, verdict_salt(who))
}

/// Every listed verifier commits, then every one reveals.
pub fn answer(id: JobId, answers: &[(AccountId, Verdict)]) {
	for (who, verdict) in answers {
		commit_verdict(id, *who, *verdict).expect("commits its verdict");
	}
	for (who, verdict) in answers {
		reveal_verdict(id, *who, *verdict).expect("reveals its verdict");
	}
}

pub fn job_state(id: JobId) -> pallet_jobs::JobState {
	pallet_jobs::Jobs::<Test>::get(id).unwrap().state
}

pub fn round(id: JobId) -> crate::RoundOf<Test> {
	crate::Rounds::<Test>::get(id).unwrap()
}

pub fn free(who: AccountId) -> Balance {
	Balances::free_balance(who)
}

pub fn stake(who: AccountId) -> Balance {
	use pallet_providers::ProviderRegistry;
	Providers::held_stake(&who)
}

pub fn events() -> Vec<crate::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::Proof(e) = r.event { Some(e) } else { None })
		.collect()
}

pub fn set_audit_probability(p: Permill) {
	let mut params = crate::Parameters::<Test>::get();
	params.audit_probability = p;
	crate::Parameters::<Test>::put(params);
}
