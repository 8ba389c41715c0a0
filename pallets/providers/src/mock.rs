//! Test runtime: System, Balances and Providers, with named accounts.

use crate as pallet_providers;
use frame_support::{derive_impl, parameter_types, traits::ConstU32};
use sp_runtime::BuildStorage;
use tensorgrid_primitives::KernelId;

type Block = frame_system::mocking::MockBlock<Test>;
pub type Balance = u128;
pub type AccountId = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Providers: pallet_providers,
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
pub const UNBONDING: u64 = 10;
pub const WINDOW: u64 = 5;
/// Blocks before a provider's change reaches the draws.
pub const DRAW_DELAY: u64 = 2;
/// Fee of a registration (paid to account 77) in the test that sets it.
pub const REGISTRATION_FEE: Balance = 5;

thread_local! {
	/// The registration fee in force: zero unless a test sets it.
	pub static FEE: core::cell::RefCell<Balance> = const { core::cell::RefCell::new(0) };
}

/// `RegistrationFee` as the test sets it.
pub struct TestRegistrationFee;
impl frame_support::traits::Get<Balance> for TestRegistrationFee {
	fn get() -> Balance {
		FEE.with(|f| *f.borrow())
	}
}
pub const HALF_LIFE: u64 = 100;

parameter_types! {
	pub const MinStake: Balance = MIN_STAKE;
	pub const Unbonding: u64 = UNBONDING;
	pub const Window: u64 = WINDOW;
	pub const HalfLife: u64 = HALF_LIFE;
}

impl pallet_providers::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type GovernanceOrigin = frame_system::EnsureRoot<AccountId>;
	type MaxProviders = ConstU32<4>;
	type MaxStringLen = ConstU32<32>;
	type MaxKernels = ConstU32<5>;
	type MaxUnbondingChunks = ConstU32<3>;
	type DefaultMinProviderStake = MinStake;
	type DefaultUnbondingPeriod = Unbonding;
	type DefaultHeartbeatWindow = Window;
	type DefaultReputationHalfLife = HalfLife;
	type DrawDelay = frame_support::traits::ConstU64<DRAW_DELAY>;
	type RegistrationFee = TestRegistrationFee;
	type FeeDestination = frame_support::traits::ConstU64<77>;
	type OperatorProof = sp_runtime::testing::TestSignature;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = pallet_providers::benchmarking::TestOperators;
	type WeightInfo = ();
}

pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
pub const DAVE: AccountId = 4;
pub const EVE: AccountId = 5;
/// Stands in for the treasury in slashing tests.
pub const TREASURY: AccountId = 99;
/// Stands in for a job's submitter.
pub const SUBMITTER: AccountId = 100;
pub const INITIAL: Balance = 100_000;

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![
			(ALICE, INITIAL),
			(BOB, INITIAL),
			(CHARLIE, INITIAL),
			(DAVE, INITIAL),
			(EVE, INITIAL),
			(TREASURY, 1),
			(SUBMITTER, 1),
		],
		..Default::default()
	}
	.assimilate_storage(&mut t)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Run a test and check the pallet's invariants afterwards.
pub fn test(f: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		f();
		Providers::do_try_state().expect("invariants hold after the test");
	});
}

pub fn profile() -> crate::ProfileInput {
	crate::ProfileInput {
		adapter_name: b"NVIDIA H100".to_vec(),
		backend: b"Vulkan".to_vec(),
		device_type: b"DiscreteGpu".to_vec(),
		memory_mib: 81_920,
		kernels: vec![KernelId::MatmulI8, KernelId::MlpInferenceI8],
		benchmark_score: 12_345,
		endpoint: b"https://gpu.example".to_vec(),
		max_concurrent_jobs: 2,
	}
}

/// Advance to block `n`.
pub fn run_to(n: u64) {
	System::set_block_number(n);
}
