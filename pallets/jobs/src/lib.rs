//! # Jobs pallet
//!
//! Users submit compute jobs: a kernel spec from the registry in `tensorgrid-primitives`, its
//! input tensors (inline, or artifacts stored earlier by hash), a replica count, a maximum
//! price per work unit and a deadline. The escrow — `replicas × max price × work units` plus
//! a verification fee — is held under [`HoldReason::JobEscrow`] and leaves the hold only as
//! a payment (to a provider or verifier) or a refund to the submitter.
//!
//! Each block, `on_initialize` (bounded by `MaxTimersPerBlock` and `MaxMatchesPerBlock`):
//! 1. fires the timers due this block: providers that missed their commit deadline are
//!    slashed (to the submitter), lose the slot and the slot is offered again while time
//!    remains; jobs whose deadline passed without every slot committed shrink to the
//!    committed slots (refunding the rest) or expire with a full refund; finished jobs
//!    older than the retention period are removed;
//! 2. matches pending jobs to distinct eligible providers (pallet-providers), drawn with
//!    on-chain randomness weighted by stake × reputation.
//!
//! Once every slot has committed, the job belongs to the settlement pallet (proof of
//! compute) through [`JobHooks`] and [`JobsInterface`]: it pays providers and verifiers from
//! the escrow and finishes the job, which refunds the remainder. Jobs does not know how
//! results are verified.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

mod artifacts;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod escrow;
mod interface;
mod invariants;
mod matching;
pub mod migrations;
mod randomness;
#[cfg(test)]
mod mock;
mod submit;
#[cfg(test)]
mod tests;
mod timers;
pub mod traits;
pub mod types;
pub mod weights;

pub use matching::{draw_weight, weighted_pick};
pub use randomness::MixedRandomness;
pub use traits::{JobHooks, JobsInterface};
pub use types::*;
pub use weights::WeightInfo;

sp_api::decl_runtime_apis! {
	/// Read jobs without decoding storage.
	pub trait JobsApi<AccountId, Balance, BlockNumber>
	where
		AccountId: codec::Codec,
		Balance: codec::Codec,
		BlockNumber: codec::Codec,
	{
		/// One job, while its record is kept.
		fn job(id: JobId) -> Option<JobSummary<AccountId, Balance, BlockNumber>>;
		/// Every kept job of `who`, oldest first.
		fn jobs_by_submitter(who: AccountId) -> alloc::vec::Vec<JobSummary<AccountId, Balance, BlockNumber>>;
		/// Every unfinished job assigned to provider `who`.
		fn jobs_by_provider(who: AccountId) -> alloc::vec::Vec<JobSummary<AccountId, Balance, BlockNumber>>;
		/// Jobs waiting for providers, in matching order.
		fn pending_jobs() -> alloc::vec::Vec<JobId>;
	}
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{Inspect, InspectHold, Mutate, MutateHold},
			Randomness,
		},
	};
	use frame_system::pallet_prelude::*;
	use pallet_providers::ProviderRegistry;
	use sp_runtime::{traits::Zero, Perbill};
	use tensorgrid_primitives::{Digest, KernelSpec};

	/// Balance type of the pallet's currency.
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
	/// The stored job record.
	pub type JobOf<T> = JobInfo<
		<T as frame_system::Config>::AccountId,
		BalanceOf<T>,
		BlockNumberFor<T>,
		<T as Config>::MaxReplicas,
	>;
	/// A job's inputs.
	pub type InputsOf<T> =
		BoundedVec<InputRef<<T as Config>::MaxInlineInputLen>, <T as Config>::MaxInputs>;
	/// A stored artifact's metadata.
	pub type ArtifactOf<T> =
		ArtifactInfo<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;
	/// The parameters type.
	pub type ParametersOf<T> = JobParameters<BlockNumberFor<T>>;
	/// The API view of a job.
	pub type SummaryOf<T> =
		JobSummary<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// The currency holding escrow and artifact deposits.
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ InspectHold<Self::AccountId>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The provider registry (pallet-providers).
		type Providers: ProviderRegistry<Self::AccountId, BalanceOf<Self>>;

		/// Fresh randomness of each block (the runtime uses BABE's VRF output of the parent
		/// block). The pallet mixes every block's into [`RandomSeed`], so a draw depends on
		/// the VRF outputs of several authors (see [`MixedRandomness`]).
		type Randomness: Randomness<Self::Hash, BlockNumberFor<Self>>;

		/// The settlement pallet, told when a job is fully committed.
		type Settlement: JobHooks;

		/// Access to data DAOs' datasets (pallet-data-dao; `()` for none): authorises jobs
		/// that read a dataset, names the providers that may run them, takes their fees.
		type DataAccess: traits::DataAccess<Self::AccountId, BalanceOf<Self>>;

		/// Origin that may change the market parameters.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Largest artifact, in bytes.
		#[pallet::constant]
		type MaxArtifactSize: Get<u32>;

		/// Deposit held per stored artifact.
		#[pallet::constant]
		type ArtifactBaseDeposit: Get<BalanceOf<Self>>;

		/// Deposit held per artifact byte.
		#[pallet::constant]
		type ArtifactByteDeposit: Get<BalanceOf<Self>>;

		/// Most inputs of one job (a quantized MLP with 8 layers reads 17).
		#[pallet::constant]
		type MaxInputs: Get<u32>;

		/// Largest inline input, in bytes; larger inputs are stored as artifacts.
		#[pallet::constant]
		type MaxInlineInputLen: Get<u32>;

		/// Most replicas of one job.
		#[pallet::constant]
		type MaxReplicas: Get<u32>;

		/// Most jobs waiting for providers at once.
		#[pallet::constant]
		type MaxPendingJobs: Get<u32>;

		/// Most pending jobs the matcher looks at per block.
		#[pallet::constant]
		type MaxMatchesPerBlock: Get<u32>;

		/// Most timers due in one block.
		#[pallet::constant]
		type MaxTimersPerBlock: Get<u32>;

		/// A timer whose block is full moves up to this many blocks later.
		#[pallet::constant]
		type MaxTimerSlip: Get<u32>;

		/// Most kept jobs (live and recently finished) per submitter.
		#[pallet::constant]
		type MaxJobsPerSubmitter: Get<u32>;

		/// Most unfinished jobs assigned to one provider.
		#[pallet::constant]
		type MaxJobsPerProvider: Get<u32>;

		/// Initial commit window, in blocks.
		#[pallet::constant]
		type DefaultCommitWindow: Get<BlockNumberFor<Self>>;

		/// Initial longest job duration, in blocks.
		#[pallet::constant]
		type DefaultMaxJobDuration: Get<BlockNumberFor<Self>>;

		/// Initial retention of finished jobs, in blocks.
		#[pallet::constant]
		type DefaultRetention: Get<BlockNumberFor<Self>>;

		/// Initial slash for a missed commitment, as a fraction of held stake.
		#[pallet::constant]
		type DefaultMissedCommitSlash: Get<Perbill>;

		/// Initial longest wait for a first provider, in blocks.
		#[pallet::constant]
		type DefaultMaxPendingAge: Get<BlockNumberFor<Self>>;

		/// Receives missed-commit slashes (the treasury). Never the submitter: a submitter
		/// who profited from a missed commitment would profit from jobs nobody can run.
		type SlashBeneficiary: Get<Self::AccountId>;

		/// Deposit held per job record until it is pruned.
		#[pallet::constant]
		type JobBaseDeposit: Get<BalanceOf<Self>>;

		/// Deposit held per byte of a job's inline inputs until it is pruned.
		#[pallet::constant]
		type JobByteDeposit: Get<BalanceOf<Self>>;

		/// Most unfinished jobs of one submitter.
		#[pallet::constant]
		type MaxOpenJobsPerSubmitter: Get<u32>;

		/// Weights of calls and per-block work.
		type WeightInfo: WeightInfo;

		/// Registers providers for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: traits::BenchmarkHelper<Self::AccountId, BalanceOf<Self>>;
	}

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// Escrow of a submitted job.
		#[codec(index = 0)]
		JobEscrow,
		/// Deposit for a stored artifact.
		#[codec(index = 1)]
		ArtifactDeposit,
		/// Storage deposit for a job record and its inline inputs.
		#[codec(index = 2)]
		JobDeposit,
	}

	/// The storage layout version (see `migrations` when it changes).
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Unfinished jobs of each submitter (bounded by `MaxOpenJobsPerSubmitter`).
	#[pallet::storage]
	pub type OpenJobs<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// The id the next job gets.
	#[pallet::storage]
	pub type NextJobId<T: Config> = StorageValue<_, JobId, ValueQuery>;

	/// Jobs by id: live ones and finished ones within the retention period.
	#[pallet::storage]
	pub type Jobs<T: Config> = StorageMap<_, Twox64Concat, JobId, JobOf<T>>;

	/// Each job's inputs, kept while its record is.
	#[pallet::storage]
	pub type JobInputs<T: Config> = StorageMap<_, Twox64Concat, JobId, InputsOf<T>>;

	/// The data-DAO terms of each job that reads a dataset: the access fee held in its
	/// escrow and the DAO it goes to. Kept as long as the job's record.
	#[pallet::storage]
	pub type JobAccess<T: Config> =
		StorageMap<_, Twox64Concat, JobId, AccessTicket<T::AccountId, BalanceOf<T>>>;

	/// Kept jobs of each submitter, oldest first.
	#[pallet::storage]
	pub type SubmitterJobs<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<JobId, T::MaxJobsPerSubmitter>,
		ValueQuery,
	>;

	/// Unfinished jobs assigned to each provider.
	#[pallet::storage]
	pub type ProviderJobs<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<JobId, T::MaxJobsPerProvider>,
		ValueQuery,
	>;

	/// Jobs waiting for providers, in matching order (unmatched jobs rotate to the back).
	#[pallet::storage]
	pub type PendingQueue<T: Config> =
		StorageValue<_, BoundedVec<JobId, T::MaxPendingJobs>, ValueQuery>;

	/// Timers by the block at which they fire.
	#[pallet::storage]
	pub type Timers<T: Config> = StorageMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		BoundedVec<(JobId, TimerKind), T::MaxTimersPerBlock>,
		ValueQuery,
	>;

	/// Running mix of every block's randomness: `seed_N = blake2_256(seed_{N−1} ‖ VRF_{N−1})`,
	/// updated first thing in each block. Draws read it through [`MixedRandomness`].
	#[pallet::storage]
	pub type RandomSeed<T: Config> = StorageValue<_, [u8; 32], ValueQuery>;

	/// Finished jobs waiting to be pruned, in the order they finished: `(prune at, job)`
	/// under consecutive indices from [`PruneHead`] to [`PruneTail`]. Pruning is not
	/// urgent, so it is a queue that each block works through up to its budget rather than
	/// per-block timer lists anyone could fill.
	#[pallet::storage]
	pub type PruneQueue<T: Config> = StorageMap<_, Twox64Concat, u64, (BlockNumberFor<T>, JobId)>;

	/// Index of the oldest entry of [`PruneQueue`].
	#[pallet::storage]
	pub type PruneHead<T: Config> = StorageValue<_, u64, ValueQuery>;

	/// Index the next entry of [`PruneQueue`] gets.
	#[pallet::storage]
	pub type PruneTail<T: Config> = StorageValue<_, u64, ValueQuery>;

	/// Sum of every job's held escrow.
	#[pallet::storage]
	pub type TotalEscrow<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// Stored artifacts by blake2-256 hash.
	#[pallet::storage]
	pub type Artifacts<T: Config> = StorageMap<_, Identity, Digest, ArtifactOf<T>>;

	/// Artifact bytes by hash.
	#[pallet::storage]
	pub type ArtifactData<T: Config> =
		StorageMap<_, Identity, Digest, BoundedVec<u8, T::MaxArtifactSize>>;

	#[pallet::type_value]
	pub fn DefaultParameters<T: Config>() -> ParametersOf<T> {
		JobParameters {
			commit_window: T::DefaultCommitWindow::get(),
			max_job_duration: T::DefaultMaxJobDuration::get(),
			retention: T::DefaultRetention::get(),
			missed_commit_slash: T::DefaultMissedCommitSlash::get(),
			max_pending_age: T::DefaultMaxPendingAge::get(),
			enabled_kernels: ALL_KERNELS,
		}
	}

	/// Market parameters currently in force.
	#[pallet::storage]
	pub type Parameters<T: Config> =
		StorageValue<_, ParametersOf<T>, ValueQuery, DefaultParameters<T>>;

	/// Test chains start with a shorter commit window than the runtime's default, so that a
	/// missed commitment (and the slot offered again) plays out in a minute, not ten.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// `Parameters.commit_window` at genesis; `None`: `DefaultCommitWindow`.
		pub commit_window: Option<BlockNumberFor<T>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			if let Some(commit_window) = self.commit_window {
				let parameters = JobParameters { commit_window, ..Parameters::<T>::get() };
				assert!(Pallet::<T>::parameters_valid(&parameters), "the genesis commit window is invalid");
				Parameters::<T>::put(parameters);
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An artifact was stored; `deposit` is held from `owner` until it is removed.
		ArtifactStored { hash: Digest, owner: T::AccountId, len: u32, deposit: BalanceOf<T> },
		/// An artifact was removed and its deposit released.
		ArtifactRemoved { hash: Digest, owner: T::AccountId },
		/// A job was submitted; `escrow` is held from the submitter.
		JobSubmitted {
			job: JobId,
			submitter: T::AccountId,
			kernel: tensorgrid_primitives::KernelId,
			replicas: u32,
			work_units: u64,
			escrow: BalanceOf<T>,
			deadline: BlockNumberFor<T>,
		},
		/// A provider took a slot of the job and must commit by `commit_deadline`.
		ProviderAssigned {
			job: JobId,
			provider: T::AccountId,
			price_per_unit: BalanceOf<T>,
			commit_deadline: BlockNumberFor<T>,
		},
		/// Every slot of the job has a provider.
		JobAssigned { job: JobId },
		/// A provider committed its result.
		ResultCommitted { job: JobId, provider: T::AccountId },
		/// Every slot committed: verification owns the job now.
		JobCommitted { job: JobId },
		/// A provider missed its commit deadline: it lost the slot and `slashed` of its stake
		/// went to the treasury.
		CommitMissed { job: JobId, provider: T::AccountId, slashed: BalanceOf<T> },
		/// An assigned provider said it cannot execute the job and left the slot, unslashed;
		/// it is not drawn for this job again.
		JobDeclined { job: JobId, provider: T::AccountId },
		/// The job waits for providers again for `open_slots` slots.
		JobRequeued { job: JobId, open_slots: u32 },
		/// No time was left to refill slots: the job goes on with `replicas` and the escrow of
		/// the missing ones was refunded.
		ReplicasReduced { job: JobId, replicas: u32, refund: BalanceOf<T> },
		/// Verification reached a phase.
		PhaseChanged { job: JobId, phase: VerificationPhase },
		/// `amount` of the job's escrow was paid to `to`.
		EscrowPaid { job: JobId, to: T::AccountId, amount: BalanceOf<T> },
		/// The job settled with a proven result; `refund` returned to the submitter.
		JobSettled { job: JobId, result_digest: Digest, paid: BalanceOf<T>, refund: BalanceOf<T> },
		/// Verification could not decide; the rest of the escrow was refunded.
		JobRefunded { job: JobId, refund: BalanceOf<T> },
		/// The submitter cancelled the job before assignment; fully refunded.
		JobCancelled { job: JobId, refund: BalanceOf<T> },
		/// No provider committed before the deadline; the escrow was refunded.
		JobExpired { job: JobId, refund: BalanceOf<T> },
		/// A finished job's record was removed.
		JobPruned { job: JobId },
		/// Governance changed the market parameters.
		ParametersSet { parameters: ParametersOf<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The artifact is empty.
		EmptyArtifact,
		/// The artifact exceeds `MaxArtifactSize`.
		ArtifactTooLarge,
		/// An artifact with this content is already stored; refer to it by hash.
		ArtifactExists,
		/// No artifact has this hash.
		ArtifactNotFound,
		/// Only the account that stored the artifact may remove it.
		NotArtifactOwner,
		/// A live job reads the artifact.
		ArtifactInUse,
		/// Governance has disabled this kernel.
		KernelDisabled,
		/// A tensor dimension is zero.
		EmptyTensor,
		/// A dimension exceeds the kernel registry's bound.
		DimensionTooLarge,
		/// A reduction is longer than the i32 accumulator allows.
		ReductionTooLong,
		/// An input or output tensor exceeds the size bound.
		TensorTooLarge,
		/// The job exceeds the work bound.
		TooMuchWork,
		/// A device buffer of the job, or all of them together, exceed what the reference
		/// worker can hold (`tensorgrid_primitives::kernels::MAX_JOB_MEMORY`).
		ExceedsWorkerMemory,
		/// An MLP with no layers.
		NoLayers,
		/// A requantization multiplier is zero or above `i32::MAX`.
		BadMultiplier,
		/// A requantization shift is outside 1..=62.
		BadShift,
		/// The convolution's stride is zero or its kernel exceeds the padded input.
		BadConvolution,
		/// The training step count is zero or too large.
		BadSteps,
		/// The number of inputs differs from what the kernel reads.
		WrongInputCount,
		/// An input's length differs from what the spec implies.
		InputSizeMismatch,
		/// An input names an artifact that is not stored.
		MissingArtifact,
		/// Replicas must be at least one.
		ZeroReplicas,
		/// More replicas than `MaxReplicas`.
		TooManyReplicas,
		/// The maximum price per work unit is zero.
		ZeroPrice,
		/// The deadline is not after the current block.
		DeadlineInPast,
		/// The deadline leaves less than one commit window.
		DeadlineTooSoon,
		/// The deadline is beyond the longest job duration.
		DeadlineTooFar,
		/// The free balance cannot cover the hold.
		InsufficientBalance,
		/// The submitter keeps `MaxJobsPerSubmitter` jobs; wait for some to be pruned.
		TooManyJobs,
		/// The submitter has `MaxOpenJobsPerSubmitter` unfinished jobs; wait for some to end.
		TooManyOpenJobs,
		/// `MaxPendingJobs` jobs already wait for providers.
		QueueFull,
		/// Every block a timer could use is full; try another deadline.
		TimerQueueFull,
		/// No job has this id.
		JobNotFound,
		/// Only the submitter may do this.
		NotSubmitter,
		/// The job has providers assigned or has finished; it cannot be cancelled.
		NotCancellable,
		/// The account holds no slot of this job.
		NotAssigned,
		/// The provider already committed (a committed slot cannot be declined).
		AlreadyCommitted,
		/// The commit deadline has passed.
		CommitDeadlinePassed,
		/// The job is not in a state that allows this.
		WrongState,
		/// A payment exceeds the job's remaining escrow.
		EscrowExceeded,
		/// A parameter is zero where it must not be.
		InvalidParameters,
		/// Internal accounting would overflow.
		Overflow,
		/// The signer is no provider's operator key (see `providers.set_operator`).
		NotOperator,
		/// A job's dataset inputs name more than one DAO or grant.
		MixedDatasets,
		/// An input names a job that has no proven output: it does not exist, is not
		/// settled, or its record was pruned.
		UnsettledJobOutput,
		/// An input names a job's output by its hash: name the job, `JobOutput(id)`.
		OutputByHash,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::mix_randomness();
			let timers = Self::fire_timers(now).saturating_add(Self::prune_due(now));
			let matching = Self::match_pending(now);
			timers.saturating_add(matching)
		}

		fn integrity_test() {
			assert!(T::MaxReplicas::get() > 0, "MaxReplicas must be positive");
			assert!(T::MaxTimersPerBlock::get() > 0, "MaxTimersPerBlock must be positive");
			assert!(
				T::MaxInputs::get() >= 1 + 2 * tensorgrid_primitives::kernels::MAX_MLP_LAYERS,
				"MaxInputs must fit the largest MLP"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Store `data` as a content-addressed artifact (blake2-256), holding a deposit of
		/// `ArtifactBaseDeposit + len × ArtifactByteDeposit` until it is removed.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::store_artifact(data.len() as u32))]
		pub fn store_artifact(origin: OriginFor<T>, data: alloc::vec::Vec<u8>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_store_artifact(who, data)
		}

		/// Remove an artifact you stored and release its deposit (no live job may read it).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::remove_artifact())]
		pub fn remove_artifact(origin: OriginFor<T>, hash: Digest) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_remove_artifact(who, hash)
		}

		/// Submit a job. Holds `replicas × max_price_per_unit × work_units` plus the
		/// verification fee; what is not paid to providers or verifiers is refunded.
		/// `deadline` is the last block at which the job may still wait for providers or
		/// commitments.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::submit_job(
			inputs.iter().filter(|i| matches!(i, InputRef::Artifact(_) | InputRef::JobOutput(_))).count() as u32
		).saturating_add(
			// A chained input reads a job record where the benchmark read an artifact's.
			Weight::from_parts(0, JobOf::<T>::max_encoded_len() as u64)
				.saturating_mul(inputs.iter().filter(|i| matches!(i, InputRef::JobOutput(_))).count() as u64)
		).saturating_add(if inputs.iter().any(|i| matches!(i, InputRef::Dataset(_))) {
			<T::DataAccess as traits::DataAccess<_, _>>::authorize_weight()
		} else {
			Weight::zero()
		}))]
		pub fn submit_job(
			origin: OriginFor<T>,
			spec: KernelSpec,
			inputs: InputsOf<T>,
			replicas: u32,
			max_price_per_unit: BalanceOf<T>,
			deadline: BlockNumberFor<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_submit(who, spec, inputs, replicas, max_price_per_unit, deadline).map(|_| ())
		}

		/// Cancel a job that has no provider yet; the whole escrow is refunded.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::cancel_job())]
		pub fn cancel_job(origin: OriginFor<T>, job: JobId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_cancel(who, job)
		}

		/// An assigned provider that cannot execute the job (its worker refuses it) leaves
		/// the slot before its commit deadline. It is not slashed and not drawn for this job
		/// again; the slot is offered to others while a full commit window fits.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::decline_job())]
		pub fn decline_job(origin: OriginFor<T>, job: JobId) -> DispatchResult {
			let who = Self::ensure_operator(origin)?;
			Self::do_decline(who, job)
		}

		/// Change the market parameters (governance).
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::set_parameters())]
		pub fn set_parameters(origin: OriginFor<T>, parameters: ParametersOf<T>) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(Self::parameters_valid(&parameters), Error::<T>::InvalidParameters);
			Parameters::<T>::put(parameters);
			Self::deposit_event(Event::ParametersSet { parameters });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// Whether `parameters` may be in force: a commit window that fits in a job's
		/// duration and its pending age, a retention, and only known kernels.
		pub(crate) fn parameters_valid(parameters: &ParametersOf<T>) -> bool {
			!parameters.commit_window.is_zero() &&
				parameters.max_job_duration >= parameters.commit_window &&
				parameters.max_pending_age >= parameters.commit_window &&
				!parameters.retention.is_zero() &&
				parameters.enabled_kernels & !ALL_KERNELS == 0
		}

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
	}
}
