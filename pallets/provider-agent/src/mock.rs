//! Test runtime: System, Balances, Providers, Jobs, ProofOfCompute, Utility and the agent,
//! with sr25519 accounts (the agent's keys are real keystore keys) and an off-chain
//! environment whose HTTP requests, storage and transaction pool the tests inspect.

use crate as pallet_provider_agent;
use codec::Decode;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, Hooks, Randomness},
};
use pallet_jobs::{InputRef, JobId};
use sp_core::{
	offchain::{testing, HttpRequestId, HttpRequestStatus, OffchainDbExt, OffchainWorkerExt, TransactionPoolExt},
	H256,
};
use sp_keystore::{testing::MemoryKeystore, Keystore, KeystoreExt};
use sp_runtime::{
	generic::UncheckedExtrinsic,
	traits::{IdentifyAccount, Verify},
	AccountId32, BuildStorage, MultiSignature, Perbill, Permill,
};
use std::sync::Arc;
use tensorgrid_primitives::{kernels::MatmulShape, KernelId, KernelSpec};

type Block = frame_system::mocking::MockBlock<Test>;
pub type Balance = u128;
pub type AccountId = AccountId32;
pub type Extrinsic = UncheckedExtrinsic<AccountId, RuntimeCall, (), ()>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Providers: pallet_providers,
		Jobs: pallet_jobs,
		Proof: pallet_proof_of_compute,
		Utility: pallet_utility,
		Agent: pallet_provider_agent,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = sp_runtime::traits::IdentityLookup<AccountId>;
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
pub const HEARTBEAT_WINDOW: u64 = 20;
pub const PRICE: Balance = 100;
pub const INITIAL: Balance = 1_000_000;

/// Deposit held per job record (the jobs pallet tests it; zero keeps these sums simple).
pub const JOB_BASE_DEPOSIT: Balance = 0;

parameter_types! {
	pub const MaxDeadlineWeight: frame_support::weights::Weight = frame_support::weights::Weight::MAX;
	/// Initial deterrence margin: a lie's expected slash is at least 1.5 times its pay.
	pub const DefaultLieMargin: Perbill = Perbill::from_percent(50);
	/// Initial slash of a drawn verifier that does not answer: 1% of its held stake.
	pub const DefaultVerifierSilenceSlash: Perbill = Perbill::from_percent(1);
	pub SlashSink: AccountId = AccountId32::new([99; 32]);
	pub const MaxPendingAge: u64 = 40;
	pub const MinStake: Balance = MIN_STAKE;
	pub const Unbonding: u64 = 10;
	pub const HeartbeatWindow: u64 = HEARTBEAT_WINDOW;
	pub const HalfLife: u64 = 1_000;
	pub const CommitWindow: u64 = 10;
	pub const MaxDuration: u64 = 1_000;
	pub const Retention: u64 = 50;
	pub const MissedCommitSlash: Perbill = Perbill::from_percent(1);
	pub const RevealWindow: u64 = 10;
	pub const AuditWindow: u64 = 10;
	pub const AuditProbability: Permill = Permill::zero();
	pub const SlashFraction: Perbill = Perbill::from_percent(10);
	pub const VerifierShare: Perbill = Perbill::from_percent(50);
	pub TreasuryAccount: AccountId = AccountId32::new([99; 32]);
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
	type OperatorProof = sp_runtime::MultiSignature;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = SrOperators;
	type WeightInfo = ();
}

/// Randomness from the block number and the subject.
pub struct TestRandomness;
impl Randomness<H256, u64> for TestRandomness {
	fn random(subject: &[u8]) -> (H256, u64) {
		let block = System::block_number();
		(H256(sp_io::hashing::blake2_256(&codec::Encode::encode(&(subject, block)))), block)
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
}

impl pallet_proof_of_compute::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type Jobs = Jobs;
	type Providers = Providers;
	type Randomness = TestRandomness;
	type DecisionDelay = frame_support::traits::ConstU64<0>;
	type Treasury = TreasuryAccount;
	type GovernanceOrigin = frame_system::EnsureRoot<AccountId>;
	type MaxReplicas = ConstU32<3>;
	type MaxVerifiers = ConstU32<3>;
	type MaxInlineOutput = ConstU32<256>;
	type MaxDeadlinesPerBlock = ConstU32<16>;
	type MaxDeadlineSlip = ConstU32<8>;
	type MaxDeadlineWeight = MaxDeadlineWeight;
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
}

impl pallet_utility::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type PalletsOrigin = OriginCaller;
	type WeightInfo = ();
}

impl frame_system::offchain::SigningTypes for Test {
	type Public = <MultiSignature as Verify>::Signer;
	type Signature = MultiSignature;
}

impl<C> frame_system::offchain::CreateTransactionBase<C> for Test
where
	RuntimeCall: From<C>,
{
	type RuntimeCall = RuntimeCall;
	type Extrinsic = Extrinsic;
}

impl<C> frame_system::offchain::CreateSignedTransaction<C> for Test
where
	RuntimeCall: From<C>,
{
	fn create_signed_transaction<A: frame_system::offchain::AppCrypto<Self::Public, Self::Signature>>(
		call: RuntimeCall,
		_public: Self::Public,
		account: AccountId,
		_nonce: u32,
	) -> Option<Extrinsic> {
		Some(Extrinsic::new_signed(call, account, (), ()))
	}
}

impl pallet_provider_agent::Config for Test {
	type AuthorityId = crate::crypto::ProviderAuthId;
	type AgentCall = RuntimeCall;
	type MaxCallsPerBlock = ConstU32<8>;
}

pub const WORKER: &str = "http://worker.test";
pub const USER: AccountId = AccountId32::new([10; 32]);

pub fn profile() -> pallet_providers::ProfileInput {
	pallet_providers::ProfileInput {
		adapter_name: b"Test GPU".to_vec(),
		backend: b"Vulkan".to_vec(),
		device_type: b"DiscreteGpu".to_vec(),
		memory_mib: 16_384,
		kernels: vec![KernelId::MatmulI8],
		benchmark_score: 1_000,
		endpoint: vec![],
		max_concurrent_jobs: 4,
	}
}

/// The bearer token the test node records for its worker.
pub const TOKEN: &str = "test-token";
/// A response header of a scripted request that sets its HTTP status (the test extension
/// answers 200 to everything); `io` makes the request fail as a network error.
const STATUS_HEADER: &str = "x-test-status";

/// sp_core's test off-chain extension, with scripted status codes.
#[derive(Clone)]
struct ScriptedOffchain(testing::TestOffchainExt);

impl sp_core::offchain::Externalities for ScriptedOffchain {
	fn is_validator(&self) -> bool {
		self.0.is_validator()
	}
	fn network_state(&self) -> Result<sp_core::offchain::OpaqueNetworkState, ()> {
		self.0.network_state()
	}
	fn timestamp(&mut self) -> sp_core::offchain::Timestamp {
		self.0.timestamp()
	}
	fn sleep_until(&mut self, deadline: sp_core::offchain::Timestamp) {
		self.0.sleep_until(deadline)
	}
	fn random_seed(&mut self) -> [u8; 32] {
		self.0.random_seed()
	}
	fn http_request_start(&mut self, method: &str, uri: &str, meta: &[u8]) -> Result<HttpRequestId, ()> {
		self.0.http_request_start(method, uri, meta)
	}
	fn http_request_add_header(&mut self, id: HttpRequestId, name: &str, value: &str) -> Result<(), ()> {
		self.0.http_request_add_header(id, name, value)
	}
	fn http_request_write_body(
		&mut self,
		id: HttpRequestId,
		chunk: &[u8],
		deadline: Option<sp_core::offchain::Timestamp>,
	) -> Result<(), sp_core::offchain::HttpError> {
		self.0.http_request_write_body(id, chunk, deadline)
	}
	fn http_response_wait(
		&mut self,
		ids: &[HttpRequestId],
		deadline: Option<sp_core::offchain::Timestamp>,
	) -> Vec<HttpRequestStatus> {
		let statuses = self.0.http_response_wait(ids, deadline);
		let state = self.0 .0.read();
		ids.iter()
			.zip(statuses)
			.map(|(id, status)| {
				let scripted = state
					.requests
					.get(id)
					.and_then(|r| r.response_headers.iter().find(|(k, _)| k == STATUS_HEADER))
					.map(|(_, v)| v.clone());
				match scripted.as_deref() {
					Some("io") => HttpRequestStatus::IoError,
					Some(code) => HttpRequestStatus::Finished(code.parse().expect("a status code")),
					None => status,
				}
			})
			.collect()
	}
	fn http_response_headers(&mut self, id: HttpRequestId) -> Vec<(Vec<u8>, Vec<u8>)> {
		self.0.http_response_headers(id)
	}
	fn http_response_read_body(
		&mut self,
		id: HttpRequestId,
		buffer: &mut [u8],
		deadline: Option<sp_core::offchain::Timestamp>,
	) -> Result<usize, sp_core::offchain::HttpError> {
		self.0.http_response_read_body(id, buffer, deadline)
	}
	fn set_authorized_nodes(&mut self, nodes: Vec<sp_core::OpaquePeerId>, authorized_only: bool) {
		self.0.set_authorized_nodes(nodes, authorized_only)
	}
}

/// Handles on the off-chain side: the HTTP requests the worker expects and answers, and the
/// transaction pool.
pub struct Node {
	pub http: Arc<parking_lot::RwLock<testing::OffchainState>>,
	pub pool: Arc<parking_lot::RwLock<testing::PoolState>>,
	/// The token the agent is expected to send (`None`: no `Authorization` header).
	pub token: std::cell::RefCell<Option<String>>,
}

/// A chain with USER funded, provider keys generated from `seeds` in the node's keystore
/// (their accounts funded too, returned in order) and the agent pointed at the test worker.
pub fn env(seeds: &[&str]) -> (sp_io::TestExternalities, Node, Vec<AccountId>) {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let keystore = Arc::new(MemoryKeystore::new());
	let accounts: Vec<AccountId> = seeds
		.iter()
		.map(|seed| {
			let public = keystore.sr25519_generate_new(crate::KEY_TYPE, Some(seed)).unwrap();
			sp_runtime::MultiSigner::from(public).into_account()
		})
		.collect();
	let mut balances: Vec<_> = accounts.iter().map(|a| (a.clone(), INITIAL)).collect();
	balances.push((USER, INITIAL));
	pallet_balances::GenesisConfig::<Test> { balances, ..Default::default() }
		.assimilate_storage(&mut storage)
		.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	let (offchain, http) = testing::TestOffchainExt::new();
	let (pool, pool_state) = testing::TestTransactionPoolExt::new();
	ext.register_extension(OffchainWorkerExt::new(ScriptedOffchain(offchain.clone())));
	ext.register_extension(OffchainDbExt::new(offchain));
	ext.register_extension(TransactionPoolExt::new(pool));
	ext.register_extension(KeystoreExt::new(keystore.clone()));
	ext.execute_with(|| {
		System::set_block_number(1);
		sp_io::offchain::local_storage_set(
			sp_core::offchain::StorageKind::PERSISTENT,
			tensorgrid_primitives::GPU_WORKER_URL_KEY,
			WORKER.as_bytes(),
		);
		sp_io::offchain::local_storage_set(
			sp_core::offchain::StorageKind::PERSISTENT,
			crate::worker_api::GPU_WORKER_TOKEN_KEY,
			TOKEN.as_bytes(),
		);
	});
	(ext, Node { http, pool: pool_state, token: Some(TOKEN.to_string()).into() }, accounts)
}

impl Node {
	/// Expect one HTTP request to the worker (with the bearer token, when one is set) and
	/// answer it with 200.
	pub fn expect(&self, method: &str, path: &str, body: Option<String>, response: &str) {
		self.expect_status(method, path, body, "200", response.as_bytes());
	}

	/// Expect one HTTP request and answer it with `status` (a code, or `io` for a network
	/// error).
	pub fn expect_status(&self, method: &str, path: &str, body: Option<String>, status: &str, response: &[u8]) {
		let mut headers = vec![];
		if let Some(token) = self.token.borrow().as_ref() {
			headers.push(("Authorization".to_string(), format!("Bearer {token}")));
		}
		if body.is_some() {
			headers.push(("content-type".to_string(), "application/json".to_string()));
		}
		self.http.write().expect_request(testing::PendingRequest {
			method: method.into(),
			uri: format!("{WORKER}{path}"),
			headers,
			body: body.map(String::into_bytes).unwrap_or_default(),
			response: Some(response.to_vec()),
			response_headers: vec![(STATUS_HEADER.to_string(), status.to_string())],
			sent: true,
			..Default::default()
		});
	}

	/// The calls of every transaction the agent sent since the last call, with their signer.
	pub fn sent(&self) -> Vec<(AccountId, Vec<RuntimeCall>)> {
		let txs: Vec<Vec<u8>> = core::mem::take(&mut self.pool.write().transactions);
		txs.into_iter()
			.map(|raw| {
				let tx = Extrinsic::decode(&mut &raw[..]).unwrap();
				let sp_runtime::generic::Preamble::Signed(signer, (), ()) = tx.preamble else {
					panic!("the agent sends signed transactions")
				};
				let RuntimeCall::Utility(pallet_utility::Call::force_batch { calls }) = tx.function else {
					panic!("the agent sends one force_batch")
				};
				(signer, calls)
			})
			.collect()
	}
}

pub fn register(who: &AccountId) {
	Providers::register(RuntimeOrigin::signed(who.clone()), profile(), PRICE, MIN_STAKE).unwrap();
}

/// The test job: a 2×3·3×2 int8 matmul.
pub fn spec() -> KernelSpec {
	KernelSpec::MatmulI8(MatmulShape { m: 2, k: 3, n: 2 })
}
pub const INPUT_A: [u8; 6] = [1; 6];
pub const INPUT_B: [u8; 6] = [2; 6];

pub fn submit(replicas: u32) -> JobId {
	submit_inputs(
		replicas,
		vec![
			InputRef::Inline(INPUT_A.to_vec().try_into().unwrap()),
			InputRef::Inline(INPUT_B.to_vec().try_into().unwrap()),
		],
	)
}

/// Submit the test job with these inputs.
pub fn submit_inputs(replicas: u32, inputs: Vec<InputRef<<Test as pallet_jobs::Config>::MaxInlineInputLen>>) -> JobId {
	let id = pallet_jobs::NextJobId::<Test>::get();
	let inputs = inputs.try_into().unwrap();
	Jobs::submit_job(RuntimeOrigin::signed(USER), spec(), inputs, replicas, 2 * PRICE, System::block_number() + 100)
		.unwrap();
	id
}

/// Advance to block `n`, running the pallets' `on_initialize`.
pub fn run_to(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Jobs::on_initialize(next);
		Proof::on_initialize(next);
	}
}

/// Run the agent's off-chain worker for the current block.
pub fn offchain_worker() {
	Agent::offchain_worker(System::block_number());
}

/// Dispatch calls the agent sent, as its signer would (through `force_batch`).
pub fn dispatch(signer: &AccountId, calls: Vec<RuntimeCall>) {
	use sp_runtime::traits::Dispatchable;
	RuntimeCall::Utility(pallet_utility::Call::force_batch { calls })
		.dispatch(RuntimeOrigin::signed(signer.clone()))
		.unwrap();
}

/// Operator keys with real sr25519 proofs, for benchmark builds of this mock.
#[cfg(feature = "runtime-benchmarks")]
pub struct SrOperators;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_providers::benchmarking::BenchmarkHelper<AccountId, sp_runtime::MultiSignature> for SrOperators {
	fn operator_with_proof(provider: &AccountId) -> (AccountId, sp_runtime::MultiSignature) {
		use sp_core::Pair;
		let pair = sp_core::sr25519::Pair::from_string("//operator", None).expect("valid seed");
		let signature = pair.sign(&pallet_providers::operator_proof_payload(provider));
		(AccountId32::from(pair.public()), signature.into())
	}
}
