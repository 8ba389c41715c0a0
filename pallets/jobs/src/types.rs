//! Stored and call-argument types of the jobs pallet.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::*, BoundedVec};
use scale_info::TypeInfo;
use sp_runtime::Perbill;
use tensorgrid_primitives::{Digest, KernelId, KernelSpec};

/// Jobs are numbered from zero in submission order.
pub type JobId = u64;

/// One input tensor of a job: carried in the transaction, or stored earlier with
/// `store_artifact` and named by its blake2-256 hash.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(S))]
#[codec(mel_bound())]
pub enum InputRef<S: Get<u32>> {
	/// The tensor's bytes, in the layout the kernel reads.
	Inline(BoundedVec<u8, S>),
	/// The blake2-256 hash of a stored artifact.
	Artifact(Digest),
	/// An item of a data DAO's dataset, read under one of its access grants. Its bytes
	/// never touch the chain: only the DAO's custodians hold them, so only they are drawn.
	Dataset(DatasetInput),
	/// At submission: the output of settled job `id`, which must have exactly the length
	/// this input needs. The chain keeps it as [`InputRef::Output`] with that job's digest,
	/// so it still reads after the first job's record is pruned.
	JobOutput(JobId),
	/// A settled job's output by its digest, as stored. The providers that produced it (and
	/// any node that fetched it) serve it over the nodes' network; a provider that lacks it
	/// fetches it there, and one that cannot get it declines unslashed. Refused at
	/// submission: name the job instead, so only proven outputs are chained.
	Output(Digest),
}

impl<S: Get<u32>> InputRef<S> {
	/// Whether this input is another job's output (its bytes may be unavailable).
	pub fn is_job_output(&self) -> bool {
		matches!(self, InputRef::JobOutput(_) | InputRef::Output(_))
	}
}

/// Names one item of a DAO's dataset and the grant under which a job reads it.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct DatasetInput {
	/// The data DAO.
	pub dao: u32,
	/// The DAO's grant the job runs under (it names the dataset version).
	pub grant: u32,
	/// The item's blake2-256 content hash; it must be in the grant's version.
	pub item: Digest,
	/// Most access fee per work unit the submitter accepts: a DAO that raises its grant's
	/// price in the block of a submission cannot take more than this.
	pub max_fee_per_unit: u128,
}

/// What a job on a dataset owes its DAO, fixed when the job is submitted: the access fee
/// is escrowed with the job and paid to `recipient` only if the job settles.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct AccessTicket<AccountId, Balance> {
	pub dao: u32,
	pub grant: u32,
	/// The DAO's account, paid the fee on settlement.
	pub recipient: AccountId,
	pub fee: Balance,
	/// Work units and output bytes the job took from the grant's budgets.
	pub work_units: u64,
	pub output_bytes: u64,
}

/// Where a job is in its life. `Pending` and `Assigned` belong to this pallet; from
/// `Committed` on, the settlement hook (proof of compute) drives the job until it finishes.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub enum JobState {
	/// Waiting for providers: fewer slots are filled than replicas asked.
	Pending,
	/// Every slot has a provider; waiting for their commitments.
	Assigned,
	/// Every remaining slot committed; verification runs.
	Committed,
	/// Results are revealed and being compared.
	Revealed,
	/// Results disagree or an audit was drawn; verifiers decide.
	Disputed,
	/// Finished with a proven result.
	Settled,
	/// The submitter cancelled before assignment; fully refunded.
	Cancelled,
	/// No provider committed before the deadline; refunded.
	Expired,
	/// Verification could not decide; refunded in full, nobody slashed.
	Refunded,
}

impl JobState {
	/// Whether the job has finished (its escrow is fully paid out or refunded).
	pub fn is_final(self) -> bool {
		matches!(self, Self::Settled | Self::Cancelled | Self::Expired | Self::Refunded)
	}

	/// Whether the job is still waiting on providers (this pallet owns its timeouts).
	pub fn awaits_providers(self) -> bool {
		matches!(self, Self::Pending | Self::Assigned)
	}

	/// Whether verification owns the job.
	pub fn in_verification(self) -> bool {
		matches!(self, Self::Committed | Self::Revealed | Self::Disputed)
	}
}

/// A verification phase the settlement hook reports (see [`crate::JobsInterface`]).
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo)]
pub enum VerificationPhase {
	Revealed,
	Disputed,
}

/// How verification ended.
#[derive(Encode, Decode, Clone, Copy, PartialEq, Eq, Debug, TypeInfo)]
pub enum JobOutcome {
	/// A result was proven; what remains of the escrow returns to the submitter.
	Settled(Digest),
	/// No result could be proven; the rest of the escrow returns to the submitter.
	Refunded,
}

/// One replica of a job and the provider that runs it.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct Slot<AccountId, Balance, BlockNumber> {
	pub provider: AccountId,
	/// The provider's price per work unit when it was assigned (at most the job's maximum).
	pub price_per_unit: Balance,
	pub assigned_at: BlockNumber,
	/// Last block at which the provider may commit.
	pub commit_deadline: BlockNumber,
	pub committed: bool,
	/// Stake the provider put up for this slot (reserved in pallet-providers while the slot
	/// lasts): what a wrong or missing result on it costs. Zero only for slots assigned
	/// before storage version 2.
	pub collateral: Balance,
}

/// Everything the chain keeps about one job (its inputs are stored apart, in `JobInputs`).
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(R))]
#[codec(mel_bound(
	AccountId: MaxEncodedLen,
	Balance: MaxEncodedLen,
	BlockNumber: MaxEncodedLen
))]
pub struct JobInfo<AccountId, Balance, BlockNumber, R: Get<u32>>
where
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	Balance: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
{
	pub submitter: AccountId,
	pub spec: KernelSpec,
	/// Replicas asked for.
	pub replicas: u32,
	pub max_price_per_unit: Balance,
	/// Price units of the spec (see `KernelSpec::work_units`).
	pub work_units: u64,
	/// Still held for this job under `HoldReason::JobEscrow`.
	pub escrow: Balance,
	/// Storage deposit for the record and its inline inputs, held under
	/// `HoldReason::JobDeposit` until the record is pruned.
	pub deposit: Balance,
	/// Part of the escrow set aside for verifiers (paid only when an audit needs them):
	/// enough for every verifier of an audit to be paid one slot at the maximum price.
	pub verification_fee: Balance,
	/// Paid out of the escrow so far (to providers and verifiers).
	pub paid: Balance,
	/// Returned to the submitter so far.
	pub refunded: Balance,
	pub submitted_at: BlockNumber,
	/// Last block at which the job may still wait for providers or commitments.
	pub deadline: BlockNumber,
	/// Block whose timer list holds the job's deadline timer (the block after the deadline,
	/// or a later one when that list was full); the timer is removed when the job finishes.
	pub deadline_timer: BlockNumber,
	pub state: JobState,
	/// Assigned providers, at most `replicas`.
	pub slots: BoundedVec<Slot<AccountId, Balance, BlockNumber>, R>,
	/// Providers dropped from this job for missing their commit deadline; never assigned
	/// to it again. Once full, missed slots are no longer reassigned.
	pub dropped: BoundedVec<AccountId, R>,
	/// The proven result's digest, once settled.
	pub result_digest: Option<Digest>,
	pub finished_at: Option<BlockNumber>,
}

impl<AccountId, Balance, BlockNumber, R: Get<u32>> JobInfo<AccountId, Balance, BlockNumber, R>
where
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	Balance: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
{
	pub fn kernel(&self) -> KernelId {
		self.spec.kernel_id()
	}

	/// Whether `who` holds a slot of this job.
	pub fn slot_of(&self, who: &AccountId) -> Option<usize> {
		self.slots.iter().position(|s| &s.provider == who)
	}

	/// Whether every slot is filled and committed.
	pub fn fully_committed(&self) -> bool {
		self.slots.len() as u32 == self.replicas && self.slots.iter().all(|s| s.committed)
	}
}

/// A job as other pallets see it (see [`crate::JobsInterface::job`]).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct JobView<AccountId, Balance, BlockNumber> {
	pub submitter: AccountId,
	pub kernel: KernelId,
	pub work_units: u64,
	pub max_price_per_unit: Balance,
	pub escrow: Balance,
	pub verification_fee: Balance,
	pub state: JobState,
	pub deadline: BlockNumber,
	pub slots: Vec<Slot<AccountId, Balance, BlockNumber>>,
	/// The only providers that may run or check the job (a data DAO's custodians, for a
	/// job that reads a dataset: nobody else has its bytes); `None`: any provider.
	pub runners: Option<Vec<AccountId>>,
	/// Providers that declined or missed this job: never drawn to audit it either.
	pub dropped: Vec<AccountId>,
}

/// Market parameters of the jobs pallet; governance changes them with `set_parameters`.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct JobParameters<BlockNumber> {
	/// Blocks an assigned provider has to commit its result.
	pub commit_window: BlockNumber,
	/// Longest time from submission to deadline.
	pub max_job_duration: BlockNumber,
	/// Blocks a finished job stays readable before its record is removed.
	pub retention: BlockNumber,
	/// Share of held stake a provider loses (to the treasury) for a missed commitment.
	pub missed_commit_slash: Perbill,
	/// A job that has had no provider for this many blocks since submission expires (and
	/// is refunded) the next time the matcher looks at it.
	pub max_pending_age: BlockNumber,
	/// Bit `i` set: kernel `KernelId::ALL[i]` may be submitted.
	pub enabled_kernels: u32,
}

impl<B> JobParameters<B> {
	pub fn kernel_enabled(&self, kernel: KernelId) -> bool {
		let index = KernelId::ALL.iter().position(|k| *k == kernel).unwrap_or(31);
		self.enabled_kernels & (1 << index) != 0
	}
}

/// Bitmask enabling every kernel.
pub const ALL_KERNELS: u32 = (1 << KernelId::ALL.len()) - 1;

/// A stored artifact's metadata (its bytes are in `ArtifactData`).
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct ArtifactInfo<AccountId, Balance, BlockNumber> {
	pub owner: AccountId,
	pub len: u32,
	/// Held from the owner under `HoldReason::ArtifactDeposit`.
	pub deposit: Balance,
	pub stored_at: BlockNumber,
	/// Live jobs that read this artifact; it cannot be removed while any does.
	pub references: u32,
}

/// What a timer does when it fires.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub enum TimerKind {
	/// Drop providers that missed their commit deadline.
	CommitDeadline,
	/// The job's deadline passed: expire it if it still waits on providers.
	Deadline,
}

/// One assigned provider, as the runtime API shows it.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct SlotSummary<AccountId, Balance, BlockNumber> {
	pub provider: AccountId,
	pub price_per_unit: Balance,
	pub commit_deadline: BlockNumber,
	pub committed: bool,
	/// Stake the provider put up for this slot.
	pub collateral: Balance,
}

/// A job as the `JobsApi` runtime API returns it.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct JobSummary<AccountId, Balance, BlockNumber> {
	pub id: JobId,
	pub submitter: AccountId,
	pub kernel: KernelId,
	pub spec: KernelSpec,
	pub replicas: u32,
	pub max_price_per_unit: Balance,
	pub work_units: u64,
	pub escrow: Balance,
	/// Storage deposit held until the record is pruned.
	pub deposit: Balance,
	pub verification_fee: Balance,
	pub paid: Balance,
	pub refunded: Balance,
	pub submitted_at: BlockNumber,
	pub deadline: BlockNumber,
	pub state: JobState,
	pub providers: Vec<SlotSummary<AccountId, Balance, BlockNumber>>,
	pub result_digest: Option<Digest>,
	pub finished_at: Option<BlockNumber>,
	/// Length in bytes of the job's output (what `artifact_get` fetches for a result
	/// revealed by hash, and what a job reading it as `JobOutput` must expect).
	pub output_len: u64,
}
