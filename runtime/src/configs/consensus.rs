//! Block production (BABE), finality (GRANDPA), sessions, authorship, authority discovery,
//! offence reporting, and the transaction-creation plumbing they use for equivocation reports.

use crate::{
	constants::{EPOCH_DURATION_IN_SLOTS, MILLISECS_PER_BLOCK},
	AccountId, Babe, Balances, Historical, Nonce, Offences, Runtime, RuntimeCall, RuntimeEvent,
	Session, SessionKeys, Signature, Staking, System, UncheckedExtrinsic,
};
use frame_support::{
	parameter_types,
	traits::ConstU32,
};
use sp_runtime::traits::OpaqueKeys;

/// Most validators the chain is built for; bounds BABE, GRANDPA and authority-discovery lists.
pub const MAX_AUTHORITIES: u32 = 100;
/// Most nominators backing one validator that an equivocation proof must account for.
pub const MAX_NOMINATORS: u32 = 512;

/// Session (BABE epoch) length of test chains: one minute.
pub const SHORT_EPOCH_DURATION_IN_SLOTS: u64 = 10;

/// Whether this chain runs on the short timings of test chains: its genesis chose them (the
/// `development` and `local_testnet` presets do), and no call changes that, so a chain's
/// BABE epoch length never changes after genesis.
pub fn short_timings() -> bool {
	use crate::governance::origins::pallet_custom_origins::{Timings, TrackTimings};
	Timings::<Runtime>::get() == TrackTimings::Short
}

parameter_types! {
	/// One-hour sessions; one minute on test chains, so that a new validator is elected
	/// within minutes there (see `SessionsPerEra`).
	pub EpochDuration: u64 =
		if short_timings() { SHORT_EPOCH_DURATION_IN_SLOTS } else { EPOCH_DURATION_IN_SLOTS };
	pub const ExpectedBlockTime: u64 = MILLISECS_PER_BLOCK;
	/// Equivocation reports are accepted for as long as the offender could still be slashed.
	pub ReportLongevity: u64 = super::BondingDuration::get() as u64 *
		super::SessionsPerEra::get() as u64 *
		EpochDuration::get();
	pub MaxSetIdSessionEntries: u64 =
		super::BondingDuration::get() as u64 * super::SessionsPerEra::get() as u64;
}

impl pallet_babe::Config for Runtime {
	type EpochDuration = EpochDuration;
	type ExpectedBlockTime = ExpectedBlockTime;
	// Sessions rotate epochs: BABE authorities follow the session's validator set.
	type EpochChangeTrigger = pallet_babe::ExternalTrigger;
	type DisabledValidators = Session;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
	type MaxNominators = ConstU32<MAX_NOMINATORS>;
	type KeyOwnerProof = sp_session::MembershipProof;
	type EquivocationReportSystem =
		pallet_babe::EquivocationReportSystem<Self, Offences, Historical, ReportLongevity>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
	type MaxNominators = ConstU32<MAX_NOMINATORS>;
	type MaxSetIdSessionEntries = MaxSetIdSessionEntries;
	type KeyOwnerProof = sp_session::MembershipProof;
	type EquivocationReportSystem =
		pallet_grandpa::EquivocationReportSystem<Self, Offences, Historical, ReportLongevity>;
}

impl pallet_authorship::Config for Runtime {
	type FindAuthor = pallet_session::FindAccountFromAuthorIndex<Self, Babe>;
	// Block authors earn era points in staking.
	type EventHandler = Staking;
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	// A validator is identified by its stash account.
	type ValidatorIdOf = sp_runtime::traits::ConvertInto;
	type ShouldEndSession = Babe;
	type NextSessionRotation = Babe;
	type SessionManager = pallet_session::historical::NoteHistoricalRoot<Self, Staking>;
	type SessionHandler = <SessionKeys as OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	// Disable at most a third of validators for misbehaviour, so finality can continue.
	type DisablingStrategy = pallet_session::disabling::UpToLimitWithReEnablingDisablingStrategy;
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	// Validators already bond stake; no separate deposit for registering keys.
	type KeyDeposit = ();
}

impl pallet_session::historical::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type FullIdentification = ();
	type FullIdentificationOf = pallet_staking::UnitIdentificationOf<Self>;
}

impl pallet_authority_discovery::Config for Runtime {
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
}

impl pallet_offences::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type IdentificationTuple = pallet_session::historical::IdentificationTuple<Self>;
	type OnOffenceHandler = Staking;
}

impl<C> frame_system::offchain::CreateTransactionBase<C> for Runtime
where
	RuntimeCall: From<C>,
{
	type Extrinsic = UncheckedExtrinsic;
	type RuntimeCall = RuntimeCall;
}

impl frame_system::offchain::SigningTypes for Runtime {
	type Public = <Signature as sp_runtime::traits::Verify>::Signer;
	type Signature = Signature;
}

// Off-chain workers (the provider agent) sign ordinary transactions: the same extensions
// as a wallet's, a mortal era from the current block, no tip.
impl<C> frame_system::offchain::CreateSignedTransaction<C> for Runtime
where
	RuntimeCall: From<C>,
{
	fn create_signed_transaction<
		A: frame_system::offchain::AppCrypto<Self::Public, Self::Signature>,
	>(
		call: RuntimeCall,
		public: Self::Public,
		account: AccountId,
		nonce: Nonce,
	) -> Option<UncheckedExtrinsic> {
		use codec::Encode;
		use sp_runtime::{generic::Era, traits::SaturatedConversion};
		let period = crate::configs::BlockHashCount::get()
			.checked_next_power_of_two()
			.map(|c| c / 2)
			.unwrap_or(2) as u64;
		let current = System::block_number().saturated_into::<u64>().saturating_sub(1);
		let extension: crate::TxExtension = (
			frame_system::CheckNonZeroSender::<Runtime>::new(),
			frame_system::CheckSpecVersion::<Runtime>::new(),
			frame_system::CheckTxVersion::<Runtime>::new(),
			frame_system::CheckGenesis::<Runtime>::new(),
			frame_system::CheckEra::<Runtime>::from(Era::mortal(period, current)),
			frame_system::CheckNonce::<Runtime>::from(nonce),
			frame_system::CheckWeight::<Runtime>::new(),
			pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(0),
			frame_metadata_hash_extension::CheckMetadataHash::<Runtime>::new(false),
			frame_system::WeightReclaim::<Runtime>::new(),
		);
		let payload = crate::SignedPayload::new(call, extension).ok()?;
		let signature = payload.using_encoded(|bytes| A::sign(bytes, public))?;
		let (call, extension, _) = payload.deconstruct();
		Some(UncheckedExtrinsic::new_signed(call, sp_runtime::MultiAddress::Id(account), signature, extension))
	}
}

// Equivocation reports are bare (unsigned) transactions validated by the reporting pallets.
impl<C> frame_system::offchain::CreateBare<C> for Runtime
where
	RuntimeCall: From<C>,
{
	fn create_bare(call: RuntimeCall) -> UncheckedExtrinsic {
		UncheckedExtrinsic::new_bare(call)
	}
}

