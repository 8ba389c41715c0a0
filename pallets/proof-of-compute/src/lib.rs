//! # Proof-of-compute pallet
//!
//! Decides which result of a job is correct and who gets paid, without trusting anyone:
//!
//! 1. **Commit**: each assigned provider commits `blake2_256(result_digest ‖ provider ‖ salt)`
//!    before its commit deadline (`commit_result`). The provider's account is inside the
//!    hash, so a lazy provider cannot copy another's commitment.
//! 2. **Reveal**: once every slot committed (the jobs pallet hands the job over), providers
//!    reveal digest and salt within `reveal_window` blocks (`reveal_result`).
//! 3. **Settle**: if every revealed digest agrees and no random audit is drawn, each
//!    revealing provider is paid its price × work units from the escrow and the rest is
//!    refunded. Providers that committed but did not reveal are slashed.
//! 4. **Audit**: on disagreement, or with probability `audit_probability` for a result
//!    backed by a single provider, `auditors_per_dispute` verifiers (providers not among the
//!    job's) are drawn. Each answers with `submit_verdict`: a recomputed digest, or, for
//!    matrix products, a Freivalds check of the revealed outputs. If the verifiers agree,
//!    the digest they back wins: its providers are paid, every other provider is slashed
//!    `slash_fraction` of its stake — first making the submitter whole for the verifiers'
//!    fee, then `verifier_slash_share` to the verifiers, the rest to the treasury. If no
//!    verifier can be found, none answers, or they disagree, the job is refunded in full and
//!    nobody is slashed for the disagreement (the safe default).
//!
//! Every phase has a deadline driven by per-block timers, so every job ends settled or
//! refunded.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

mod audit;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod commit_reveal;
pub(crate) mod economics;
mod interface;
mod invariants;
#[cfg(test)]
mod mock;
mod payouts;
mod resolve;
#[cfg(test)]
mod tests;
mod timers;
pub mod types;
pub mod weights;

pub use types::*;
pub use weights::WeightInfo;

use pallet_jobs::JobId;

sp_api::decl_runtime_apis! {
	/// Read a job's verification without decoding storage.
	pub trait ProofApi<AccountId, BlockNumber>
	where
		AccountId: codec::Codec,
		BlockNumber: codec::Codec,
	{
		/// Commitments, reveals, audit state and outcome of a job, while its record is kept.
		fn round(job: JobId) -> Option<RoundSummary<AccountId, BlockNumber>>;
		/// Jobs whose audit `verifier` has been drawn for and has not answered yet.
		fn audits_for(verifier: AccountId) -> alloc::vec::Vec<JobId>;
	}
}

/// The commitment a provider submits for `result_digest` with `salt`.
pub fn commitment_of<AccountId: codec::Encode>(
	result_digest: &tensorgrid_primitives::Digest,
	provider: &AccountId,
	salt: &[u8; 32],
) -> Commitment {
	let mut data = result_digest.to_vec();
	provider.encode_to(&mut data);
	data.extend_from_slice(salt);
	tensorgrid_primitives::digest_of(&data)
}

/// The commitment a verifier submits for `verdict` with `salt`: verifiers commit before any
/// verdict is visible, so none can copy another's.
pub fn verdict_commitment_of<AccountId: codec::Encode>(
	verdict: &Verdict,
	verifier: &AccountId,
	salt: &[u8; 32],
) -> Commitment {
	use codec::Encode;
	let mut data = verdict.encode();
	verifier.encode_to(&mut data);
	data.extend_from_slice(salt);
	tensorgrid_primitives::digest_of(&data)
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{fungible::Inspect, Randomness},
	};
	use frame_system::pallet_prelude::*;
	use pallet_jobs::JobsInterface;
	use pallet_providers::ProviderRegistry;
	use sp_runtime::{Perbill, Permill};
	use tensorgrid_primitives::Digest;

	/// Balance type of the currency.
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
	/// The stored round.
	pub type RoundOf<T> = Round<
		<T as frame_system::Config>::AccountId,
		BlockNumberFor<T>,
		<T as Config>::MaxReplicas,
		<T as Config>::MaxVerifiers,
	>;
	/// An output reference.
	pub type OutputOf<T> = OutputRef<<T as Config>::MaxInlineOutput>;
	/// The parameters type.
	pub type ParametersOf<T> = ProofParameters<BlockNumberFor<T>>;

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// The currency (only its balance type is used here; money moves through the jobs
		/// pallet's escrow and the providers pallet's slashing).
		type Currency: Inspect<Self::AccountId>;

		/// The jobs pallet.
		type Jobs: JobsInterface<Self::AccountId, BalanceOf<Self>, BlockNumberFor<Self>>;

		/// The provider registry: verifiers, capacity, slashing, reputation.
		type Providers: ProviderRegistry<Self::AccountId, BalanceOf<Self>>;

		/// Randomness for audits and verifier draws (in the runtime, the jobs pallet's mix of
		/// every block's BABE VRF output).
		type Randomness: Randomness<Self::Hash, BlockNumberFor<Self>>;

		/// Blocks between the close of reveals and the decision (audit or not, and which
		/// verifiers): the randomness that decides is drawn only after every reveal is
		/// fixed, so no reveal can be dry-run to learn whether it will be audited. Zero
		/// decides in the closing call (only for test chains without adversarial authors).
		#[pallet::constant]
		type DecisionDelay: Get<BlockNumberFor<Self>>;

		/// Receives what is left of slashes after the submitter and verifiers.
		type Treasury: Get<Self::AccountId>;

		/// Origin that may change the protocol parameters.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Most replicas of a job (at least the jobs pallet's bound).
		#[pallet::constant]
		type MaxReplicas: Get<u32>;

		/// Most verifiers of one audit.
		#[pallet::constant]
		type MaxVerifiers: Get<u32>;

		/// Largest inline output, in bytes; larger outputs are referenced by hash.
		#[pallet::constant]
		type MaxInlineOutput: Get<u32>;

		/// Most deadlines due in one block.
		#[pallet::constant]
		type MaxDeadlinesPerBlock: Get<u32>;

		/// A deadline whose block is full moves up to this many blocks later.
		#[pallet::constant]
		type MaxDeadlineSlip: Get<u32>;

		/// Most weight `on_initialize` spends firing deadlines in one block; the rest carries
		/// over to the next block.
		#[pallet::constant]
		type MaxDeadlineWeight: Get<Weight>;

		/// Most open audits one verifier serves at once.
		#[pallet::constant]
		type MaxAuditsPerVerifier: Get<u32>;

		/// Initial reveal window, in blocks.
		#[pallet::constant]
		type DefaultRevealWindow: Get<BlockNumberFor<Self>>;

		/// Initial audit window, in blocks.
		#[pallet::constant]
		type DefaultAuditWindow: Get<BlockNumberFor<Self>>;

		/// Initial audit probability for single-provider results.
		#[pallet::constant]
		type DefaultAuditProbability: Get<Permill>;

		/// Initial number of verifiers per audit.
		#[pallet::constant]
		type DefaultAuditorsPerDispute: Get<u32>;

		/// Initial slash fraction for wrong or missing results.
		#[pallet::constant]
		type DefaultSlashFraction: Get<Perbill>;

		/// Initial verifiers' share of slashes.
		#[pallet::constant]
		type DefaultVerifierSlashShare: Get<Perbill>;

		/// Initial deterrence margin (see [`ProofParameters::lie_margin`]).
		#[pallet::constant]
		type DefaultLieMargin: Get<Perbill>;

		/// Least collateral a slot puts up when the provider's free stake allows, however
		/// little the slot pays: a lie on a cheap job still costs this much when audited.
		#[pallet::constant]
		type MinSlotCollateral: Get<BalanceOf<Self>>;

		/// Initial slash of a silent verifier.
		#[pallet::constant]
		type DefaultVerifierSilenceSlash: Get<Perbill>;

		/// Weights of calls and per-block work.
		type WeightInfo: WeightInfo;

		/// Creates committed jobs for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// The storage layout version.
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Verification state of each job that has a commitment.
	#[pallet::storage]
	pub type Rounds<T: Config> = StorageMap<_, Twox64Concat, JobId, RoundOf<T>>;

	/// Revealed outputs by job and provider.
	#[pallet::storage]
	pub type Outputs<T: Config> =
		StorageDoubleMap<_, Twox64Concat, JobId, Blake2_128Concat, T::AccountId, OutputOf<T>>;

	/// Open audits of each verifier.
	#[pallet::storage]
	pub type VerifierAudits<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<JobId, T::MaxAuditsPerVerifier>,
		ValueQuery,
	>;

	/// Reveal and audit deadlines by the block after which they pass.
	#[pallet::storage]
	pub type Deadlines<T: Config> = StorageMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		BoundedVec<JobId, T::MaxDeadlinesPerBlock>,
		ValueQuery,
	>;

	/// The oldest block whose deadline list may still hold deadlines to fire (a backlog
	/// carried over when a block's budget ran out).
	#[pallet::storage]
	pub type DeadlineCursor<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	#[pallet::type_value]
	pub fn DefaultParameters<T: Config>() -> ParametersOf<T> {
		ProofParameters {
			reveal_window: T::DefaultRevealWindow::get(),
			audit_window: T::DefaultAuditWindow::get(),
			audit_probability: T::DefaultAuditProbability::get(),
			auditors_per_dispute: T::DefaultAuditorsPerDispute::get(),
			slash_fraction: T::DefaultSlashFraction::get(),
			verifier_slash_share: T::DefaultVerifierSlashShare::get(),
			lie_margin: T::DefaultLieMargin::get(),
			verifier_silence_slash: T::DefaultVerifierSilenceSlash::get(),
		}
	}

	/// Protocol parameters currently in force.
	#[pallet::storage]
	pub type Parameters<T: Config> =
		StorageValue<_, ParametersOf<T>, ValueQuery, DefaultParameters<T>>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A provider committed to a result.
		Committed { job: JobId, provider: T::AccountId, commitment: Commitment },
		/// Every slot committed; reveals are open until `deadline`.
		RevealOpened { job: JobId, deadline: BlockNumberFor<T> },
		/// Reveals are closed; the round is decided at block `decide_at`.
		RevealsClosed { job: JobId, decide_at: BlockNumberFor<T> },
		/// A provider revealed its result digest.
		Revealed { job: JobId, provider: T::AccountId, result_digest: Digest },
		/// An audit started; `verifiers` answer until `deadline`.
		AuditStarted {
			job: JobId,
			reason: AuditReason,
			verifiers: alloc::vec::Vec<T::AccountId>,
			deadline: BlockNumberFor<T>,
		},
		/// A verifier committed to its verdict.
		VerdictCommitted { job: JobId, verifier: T::AccountId },
		/// Verdict commitments are closed; committed verifiers reveal until `deadline`.
		VerdictRevealOpened { job: JobId, deadline: BlockNumberFor<T> },
		/// A verifier revealed its verdict.
		VerdictSubmitted { job: JobId, verifier: T::AccountId, verdict: Verdict },
		/// A verifier of a job that reads another job's output could not obtain it and
		/// abstained: neither paid nor slashed.
		AuditAbstained { job: JobId, verifier: T::AccountId },
		/// A provider was slashed for a wrong or missing result.
		ProviderSlashed { job: JobId, provider: T::AccountId, amount: BalanceOf<T> },
		/// A verifier was slashed for silence or for an answer the decision rejected.
		VerifierSlashed { job: JobId, verifier: T::AccountId, amount: BalanceOf<T> },
		/// The round ended.
		RoundFinished { job: JobId, outcome: Outcome },
		/// Governance changed the parameters.
		ParametersSet { parameters: ParametersOf<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No job has this id, or it is not waiting for this step.
		WrongPhase,
		/// The provider already committed.
		AlreadyCommitted,
		/// The provider did not commit.
		NotCommitted,
		/// The provider already revealed.
		AlreadyRevealed,
		/// Digest, provider and salt do not hash to the commitment.
		CommitmentMismatch,
		/// The inline output does not hash to the revealed digest.
		OutputMismatch,
		/// The inline output exceeds `MaxInlineOutput`.
		OutputTooLarge,
		/// The reveal deadline has passed.
		RevealDeadlinePassed,
		/// The account is not a verifier of this audit.
		NotVerifier,
		/// The verifier already answered.
		AlreadyAnswered,
		/// The kernel does not allow Freivalds checks.
		FreivaldsNotSupported,
		/// A Freivalds verdict named a digest no provider revealed.
		UnknownDigest,
		/// A parameter is out of range.
		InvalidParameters,
		/// Every block a deadline could use is full.
		DeadlineQueueFull,
		/// The signer is no provider's operator key (see `providers.set_operator`).
		NotOperator,
		/// Only a verifier of a job that reads another job's output may abstain: every other
		/// job's inputs are on chain or with the custodians drawn to check it.
		CannotAbstain,
		/// `InputUnavailable` is not a verdict to commit or reveal: call `abstain_audit`.
		AbstentionIsNotAVerdict,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::fire_deadlines(now)
		}

		fn integrity_test() {
			assert!(T::MaxVerifiers::get() > 0, "MaxVerifiers must be positive");
			assert!(
				T::DefaultAuditorsPerDispute::get() <= T::MaxVerifiers::get(),
				"DefaultAuditorsPerDispute exceeds MaxVerifiers"
			);
			// An audit decides only with two agreeing verifiers.
			assert!(T::DefaultAuditorsPerDispute::get() >= 2, "an audit needs at least two verifiers");
			// Deterrence: the stake matching requires must make a lie cost more than it pays.
			assert!(!T::DefaultSlashFraction::get().is_zero(), "a lie must be slashable");
			assert!(!T::DefaultLieMargin::get().is_zero(), "the deterrence margin must be positive");
			assert!(!T::MinSlotCollateral::get().is_zero(), "a slot must put up some collateral");
			// The rule of `economics.rs` over the configured parameters (this hook runs in
			// externalities: `Parameters` reads the defaults): every slot that may be
			// assigned has `a × c ≥ (1 + m) × g`, and its collateral is free stake.
			let params = Parameters::<T>::get();
			for g in (0..40).map(|e| 3u128.pow(e)) {
				for free in (0..40).map(|e| 5u128.pow(e)) {
					let Some(c) = Self::slot_collateral(g, free) else { continue };
					let a = economics::probability(g, c, params.lie_margin, params.audit_probability);
					assert!(
						a.mul_ceil(c) >= Self::deterrent(g, params.lie_margin),
						"a lie on a slot paying {g} with free stake {free} is not deterred"
					);
					assert!(c <= free, "a slot's collateral exceeds the free stake");
				}
			}
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Commit to a result of job `job`: `commitment = blake2_256(result_digest ‖ provider ‖
		/// salt)`. Only an assigned provider, before its commit deadline.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::commit_result())]
		pub fn commit_result(origin: OriginFor<T>, job: JobId, commitment: Commitment) -> DispatchResult {
			let who = Self::ensure_operator(origin)?;
			Self::do_commit(who, job, commitment)
		}

		/// Reveal the committed result: its digest, the salt, and where the output is. When the
		/// last provider reveals, the job settles or goes to audit in the same call.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::reveal_result().saturating_add(T::WeightInfo::resolve_reveals(T::MaxReplicas::get(), T::Providers::provider_count())))]
		pub fn reveal_result(
			origin: OriginFor<T>,
			job: JobId,
			result_digest: Digest,
			salt: [u8; 32],
			output: OutputOf<T>,
		) -> DispatchResultWithPostInfo {
			let who = Self::ensure_operator(origin)?;
			let resolved = Self::do_reveal(who, job, result_digest, salt, output)?;
			Ok(Some(match resolved {
				Some(replicas) =>
					T::WeightInfo::reveal_result()
						.saturating_add(T::WeightInfo::resolve_reveals(replicas, T::Providers::provider_count())),
				None => T::WeightInfo::reveal_result(),
			})
			.into())
		}

		/// A drawn verifier commits to its verdict: `commitment = blake2_256(verdict ‖
		/// verifier ‖ salt)` (see [`verdict_commitment_of`]). Reveals open once every verifier
		/// committed or the audit deadline passed, so no verifier sees another's answer first.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::commit_verdict())]
		pub fn commit_verdict(origin: OriginFor<T>, job: JobId, commitment: Commitment) -> DispatchResult {
			let who = Self::ensure_operator(origin)?;
			Self::do_commit_verdict(who, job, commitment)
		}

		/// A verifier reveals the verdict it committed to, with its salt. When the last
		/// committed verifier reveals, the audit is decided in the same call.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::submit_verdict().saturating_add(T::WeightInfo::resolve_audit(T::MaxReplicas::get(), T::MaxVerifiers::get())))]
		pub fn submit_verdict(
			origin: OriginFor<T>,
			job: JobId,
			verdict: Verdict,
			salt: [u8; 32],
		) -> DispatchResultWithPostInfo {
			let who = Self::ensure_operator(origin)?;
			let resolved = Self::do_verdict(who, job, verdict, salt)?;
			Ok(Some(match resolved {
				Some((r, v)) =>
					T::WeightInfo::submit_verdict().saturating_add(T::WeightInfo::resolve_audit(r, v)),
				None => T::WeightInfo::submit_verdict(),
			})
			.into())
		}

		/// A drawn verifier that cannot obtain the inputs of a job reading another job's
		/// output says so before it commits, instead of staying silent (which is slashed).
		/// It is neither paid nor slashed; when it is the last verifier to answer the commit
		/// phase, the audit moves on (or is decided) in the same call.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::abstain_audit().saturating_add(T::WeightInfo::resolve_audit(T::MaxReplicas::get(), T::MaxVerifiers::get())))]
		pub fn abstain_audit(origin: OriginFor<T>, job: JobId) -> DispatchResultWithPostInfo {
			let who = Self::ensure_operator(origin)?;
			let resolved = Self::do_abstain(who, job)?;
			Ok(Some(match resolved {
				Some((r, v)) => T::WeightInfo::abstain_audit().saturating_add(T::WeightInfo::resolve_audit(r, v)),
				None => T::WeightInfo::abstain_audit(),
			})
			.into())
		}

		/// Change the protocol parameters (governance).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::set_parameters())]
		pub fn set_parameters(origin: OriginFor<T>, parameters: ParametersOf<T>) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			use sp_runtime::traits::Zero;
			ensure!(
				!parameters.reveal_window.is_zero() &&
					!parameters.audit_window.is_zero() &&
					parameters.auditors_per_dispute >= 2 &&
					!parameters.slash_fraction.is_zero() &&
					parameters.auditors_per_dispute <= T::MaxVerifiers::get(),
				Error::<T>::InvalidParameters
			);
			Parameters::<T>::put(parameters);
			Self::deposit_event(Event::ParametersSet { parameters });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// The provider whose operator key signed `origin`: node work is signed by the hot
		/// operator key, and it counts for (and pays or slashes) the provider account.
		pub(crate) fn ensure_operator(origin: OriginFor<T>) -> Result<T::AccountId, DispatchError> {
			let who = ensure_signed(origin)?;
			Ok(T::Providers::provider_of_operator(&who).ok_or(Error::<T>::NotOperator)?)
		}

		pub(crate) fn now() -> BlockNumberFor<T> {
			frame_system::Pallet::<T>::block_number()
		}

		pub(crate) fn emit(event: Event<T>) {
			Self::deposit_event(event)
		}

		/// 32 random bytes for `purpose` and `job`.
		pub(crate) fn random(purpose: &[u8], job: JobId) -> [u8; 32] {
			use codec::Encode;
			let (seed, _) = T::Randomness::random(purpose);
			(seed, job).using_encoded(sp_io::hashing::blake2_256)
		}
	}
}

/// Creates committed jobs for the benchmarks (the runtime uses the jobs and providers
/// pallets).
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Register `providers` providers and `spare` more (verifier candidates), submit a job
	/// with `providers` replicas from a funded submitter and assign it. Returns the job and
	/// its providers, in slot order.
	fn assigned_job(providers: u32, spare: u32) -> (JobId, alloc::vec::Vec<AccountId>);

	/// Most providers that can be registered.
	fn max_providers() -> u32;

	/// Make job `id` read another job's output (its verifiers may then abstain).
	fn chain_input(id: JobId);
}
