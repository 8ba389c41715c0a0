//! Test runtime: System, Balances, Providers and Jobs, with a recording settlement hook
//! and seeded randomness.

use crate as pallet_jobs;
use crate::{traits::JobHooks, types::*};
use core::cell::RefCell;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, Hooks, Randomness},
	weights::Weight,
};
use sp_core::H256;
use sp_runtime::{BuildStorage, Perbill};
use tensorgrid_primitives::{
	kernels::{MatmulShape, MlpLayer, MlpShape, Requant},
	KernelId, KernelSpec,
};

type Block = frame_system::mocking::MockBlock<Test>;
pub type Balance = u128;
pub type AccountId = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Providers: pallet_providers,
		Jobs: pallet_jobs,
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

pub const MIN_STAKE: Balance = 1_000;
pub const HEARTBEAT_WINDOW: u64 = 1_000;
pub const COMMIT_WINDOW: u64 = 5;
pub const MAX_DURATION: u64 = 100;
pub const RETENTION: u64 = 20;

/// Receives missed-commit slashes (the treasury in the runtime).
pub const SLASH_SINK: AccountId = 99;
/// Deposit held per job record until it is pruned.
pub const JOB_BASE_DEPOSIT: Balance = 7;

parameter_types! {
	pub const SlashSink: AccountId = SLASH_SINK;
	pub const MaxPendingAge: u64 = 40;
	pub const MinStake: Balance = MIN_STAKE;
	pub const Unbonding: u64 = 10;
	pub const Window: u64 = HEARTBEAT_WINDOW;
	pub const HalfLife: u64 = 100;
	pub const CommitWindow: u64 = COMMIT_WINDOW;
	pub const MaxDuration: u64 = MAX_DURATION;
	pub const Retention: u64 = RETENTION;
	pub const MissedCommitSlash: Perbill = Perbill::from_percent(10);
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
	type DefaultHeartbeatWindow = Window;
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
	/// Jobs handed to the settlement hook, in order.
	pub static COMMITTED: RefCell<Vec<JobId>> = const { RefCell::new(Vec::new()) };
	/// Jobs whose records were pruned.
	pub static PRUNED: RefCell<Vec<JobId>> = const { RefCell::new(Vec::new()) };
	/// Seed mixed into the test randomness.
	pub static SEED: RefCell<u64> = const { RefCell::new(0) };
}

pub struct RecordingSettlement;
impl JobHooks for RecordingSettlement {
	fn on_committed(id: JobId) -> Weight {
		COMMITTED.with(|c| c.borrow_mut().push(id));
		Weight::zero()
	}
	fn on_pruned(id: JobId) {
		PRUNED.with(|p| p.borrow_mut().push(id));
	}
	/// A slot's collateral is a tenth of the provider's free stake, and must be at least
	/// the slot's pay.
	fn slot_collateral(slot_value: u128, free_stake: u128) -> Option<u128> {
		let collateral = free_stake / 10;
		(collateral >= slot_value && collateral > 0).then_some(collateral)
	}
	/// Each of two verifiers is paid a tenth of a slot.
	fn verification_fee(slot_value: u128) -> u128 {
		slot_value / 5
	}
}

pub fn committed_jobs() -> Vec<JobId> {
	COMMITTED.with(|c| c.borrow().clone())
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
	type Settlement = RecordingSettlement;
	type DataAccess = ();
	type GovernanceOrigin = frame_system::EnsureRoot<AccountId>;
	type MaxArtifactSize = ConstU32<1_024>;
	type ArtifactBaseDeposit = frame_support::traits::ConstU128<10>;
	type ArtifactByteDeposit = frame_support::traits::ConstU128<1>;
	type MaxInputs = ConstU32<17>;
	type MaxInlineInputLen = ConstU32<256>;
	type MaxReplicas = ConstU32<3>;
	type MaxPendingJobs = ConstU32<8>;
	type MaxMatchesPerBlock = ConstU32<4>;
	type MaxTimersPerBlock = ConstU32<4>;
	type MaxTimerSlip = ConstU32<8>;
	type MaxJobsPerSubmitter = ConstU32<8>;
	type MaxJobsPerProvider = ConstU32<4>;
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
	type BenchmarkHelper = BenchHelper;
}

#[cfg(feature = "runtime-benchmarks")]
pub struct BenchHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::traits::BenchmarkHelper<AccountId, Balance> for BenchHelper {
	fn register_provider(who: &AccountId, price: Balance) {
		use frame_support::traits::fungible::Mutate;
		Balances::set_balance(who, 1_000_000);
		let mut profile = provider_profile(4);
		profile.kernels = KernelId::ALL.to_vec();
		Providers::register(RuntimeOrigin::signed(*who), profile, price, MIN_STAKE).unwrap();
	}

	fn max_providers() -> u32 {
		<<Test as pallet_providers::Config>::MaxProviders as frame_support::traits::Get<u32>>::get()
	}
}

pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
pub const DAVE: AccountId = 4;
pub const EVE: AccountId = 5;
/// Submits jobs.
pub const USER: AccountId = 10;
pub const USER2: AccountId = 11;
pub const INITIAL: Balance = 1_000_000;

pub fn new_test_ext() -> sp_io::TestExternalities {
	COMMITTED.with(|c| c.borrow_mut().clear());
	PRUNED.with(|p| p.borrow_mut().clear());
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: [ALICE, BOB, CHARLIE, DAVE, EVE, USER, USER2].iter().map(|a| (*a, INITIAL)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut t)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Run a test and check both pallets' invariants afterwards.
pub fn test(f: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		f();
		check_invariants();
	});
}

pub fn check_invariants() {
	Jobs::do_try_state().expect("jobs invariants hold");
	Providers::do_try_state().expect("providers invariants hold");
}

pub fn provider_profile(capacity: u32) -> pallet_providers::ProfileInput {
	pallet_providers::ProfileInput {
		adapter_name: b"Test GPU".to_vec(),
		backend: b"Vulkan".to_vec(),
		device_type: b"DiscreteGpu".to_vec(),
		memory_mib: 16_384,
		kernels: vec![KernelId::MatmulI8, KernelId::MlpInferenceI8],
		benchmark_score: 1_000,
		endpoint: vec![],
		max_concurrent_jobs: capacity,
	}
}

/// Register `who` as a provider at `price` with `stake`.
pub fn provider(who: AccountId, price: Balance, stake: Balance) {
	Providers::register(RuntimeOrigin::signed(who), provider_profile(2), price, stake).unwrap();
}

/// A 2×3 · 3×2 matmul: 12 ops, one work unit. Inputs of 6 and 6 bytes.
pub fn small_matmul() -> KernelSpec {
	KernelSpec::MatmulI8(MatmulShape { m: 2, k: 3, n: 2 })
}

pub fn matmul_inputs() -> InputsOf {
	vec![InputRef::Inline(vec![1; 6].try_into().unwrap()), InputRef::Inline(vec![2; 6].try_into().unwrap())]
		.try_into()
		.unwrap()
}

pub type InputsOf = crate::InputsOf<Test>;

/// A one-layer MLP spec (batch 1, 4 → 2): inputs of 4, 8 and 8 bytes.
pub fn small_mlp() -> KernelSpec {
	KernelSpec::MlpInferenceI8(MlpShape {
		batch: 1,
		d_in: 4,
		layers: vec![MlpLayer { d_out: 2, requant: Requant { multiplier: 1 << 30, shift: 31 } }]
			.try_into()
			.unwrap(),
	})
}

/// Submit the small matmul from `who` with `replicas` at `max_price`, deadline `now + 50`.
pub fn submit(who: AccountId, replicas: u32, max_price: Balance) -> JobId {
	let id = crate::NextJobId::<Test>::get();
	Jobs::submit_job(
		RuntimeOrigin::signed(who),
		small_matmul(),
		matmul_inputs(),
		replicas,
		max_price,
		System::block_number() + 50,
	)
	.unwrap();
	id
}

/// Run `on_initialize` for each block up to and including `n`.
pub fn run_to(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Jobs::on_initialize(next);
	}
}

pub fn job(id: JobId) -> crate::JobOf<Test> {
	crate::Jobs::<Test>::get(id).expect("job exists")
}

pub fn free(who: AccountId) -> Balance {
	Balances::free_balance(who)
}

pub fn held_escrow(who: AccountId) -> Balance {
	use frame_support::traits::fungible::InspectHold;
	Balances::balance_on_hold(&crate::HoldReason::JobEscrow.into(), &who)
}

pub fn events() -> Vec<crate::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::Jobs(e) = r.event { Some(e) } else { None })
		.collect()
}
