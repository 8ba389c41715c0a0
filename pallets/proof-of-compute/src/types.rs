//! Stored and call-argument types of the proof-of-compute pallet.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::*, BoundedVec};
use scale_info::TypeInfo;
use sp_runtime::{Perbill, Permill};
use tensorgrid_primitives::Digest;

/// `blake2_256(result_digest ‖ provider ‖ salt)`: binds a result to the provider that
/// commits it, so copying another provider's commitment is useless.
pub type Commitment = [u8; 32];

/// Where a revealed result can be read.
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
pub enum OutputRef<S: Get<u32>> {
	/// The output bytes themselves; their blake2-256 must equal the revealed digest.
	Inline(BoundedVec<u8, S>),
	/// The hash of an artifact holding the output (stored with `jobs.store_artifact`, or
	/// kept by the provider's worker).
	Artifact(Digest),
}

/// A verifier's answer in an audit.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub enum Verdict {
	/// The verifier re-executed the job: the correct output has this digest.
	Recomputed(Digest),
	/// Freivalds' check accepted the revealed output with this digest (only for kernels that
	/// allow it, and only for a digest some provider revealed).
	FreivaldsAccepted(Digest),
	/// Freivalds' check rejected every revealed output.
	FreivaldsRejectedAll,
	/// The verifier could not obtain the job's inputs (only for a job that reads another
	/// job's output, whose bytes the chain does not hold). Set by `abstain_audit`, never
	/// committed or revealed: the verifier is neither paid nor slashed, and an audit that
	/// abstentions leave undecided refunds the job rather than letting its result stand.
	InputUnavailable,
}

impl<B> Phase<B> {
	/// Why the round is audited, while verifiers commit or reveal.
	pub fn audit_reason(&self) -> Option<AuditReason> {
		match self {
			Phase::Auditing { reason, .. } | Phase::VerdictRevealing { reason, .. } => Some(*reason),
			_ => None,
		}
	}
}

impl Verdict {
	/// The digest this verdict says is correct; `None` when no revealed result is.
	pub fn truth(self) -> Option<Digest> {
		match self {
			Verdict::Recomputed(d) | Verdict::FreivaldsAccepted(d) => Some(d),
			Verdict::FreivaldsRejectedAll | Verdict::InputUnavailable => None,
		}
	}

	/// Whether this is an answer about the result (not an abstention).
	pub fn is_answer(self) -> bool {
		!matches!(self, Verdict::InputUnavailable)
	}
}

/// Why an audit was opened.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub enum AuditReason {
	/// Revealed digests differ.
	Disagreement,
	/// A random spot check of an unopposed result.
	Random,
}

/// Where a round is.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub enum Phase<BlockNumber> {
	/// Providers commit (the jobs pallet owns the commit deadlines).
	Committing,
	/// Every slot committed; reveals are accepted until `deadline`.
	Revealing { deadline: BlockNumber },
	/// Reveals are closed; the round is decided (settled, or sent to audit) at block `at`,
	/// with randomness drawn after every reveal was fixed.
	Deciding { at: BlockNumber },
	/// Verifiers commit to their verdicts until `deadline`.
	Auditing { deadline: BlockNumber, reason: AuditReason },
	/// Every verifier committed (or the commit deadline passed): committed verifiers reveal
	/// their verdicts until `deadline`.
	VerdictRevealing { deadline: BlockNumber, reason: AuditReason },
	/// Settled or refunded.
	Finished,
}

/// How a round ended.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub enum Outcome {
	/// Every revealed digest agreed and no audit was drawn (or none could be staffed).
	Agreed(Digest),
	/// Verifiers decided; `Some` is the winning digest, `None` means every result was wrong.
	Audited(Option<Digest>),
	/// Nobody revealed: refunded.
	NoReveals,
	/// Results disagreed and no verifier could be found: refunded, nobody slashed for the
	/// disagreement.
	NoVerifiers,
	/// Verifiers disagreed or none answered: refunded, nobody slashed for the disagreement.
	Undecided,
}

/// A commitment and, later, the revealed digest of one provider.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct Submission<AccountId> {
	pub provider: AccountId,
	pub commitment: Commitment,
	pub revealed: Option<Digest>,
}

/// A verifier of an audit and its answer.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct VerifierSlot<AccountId> {
	pub verifier: AccountId,
	/// `blake2_256(verdict ‖ verifier ‖ salt)`, once committed.
	pub commitment: Option<Commitment>,
	/// The revealed verdict.
	pub verdict: Option<Verdict>,
}

/// Everything the pallet keeps about one job's verification.
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
#[scale_info(skip_type_params(R, V))]
#[codec(mel_bound(AccountId: MaxEncodedLen, BlockNumber: MaxEncodedLen))]
pub struct Round<AccountId, BlockNumber, R: Get<u32>, V: Get<u32>>
where
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
{
	pub phase: Phase<BlockNumber>,
	pub submissions: BoundedVec<Submission<AccountId>, R>,
	pub verifiers: BoundedVec<VerifierSlot<AccountId>, V>,
	pub outcome: Option<Outcome>,
}

impl<AccountId, BlockNumber, R: Get<u32>, V: Get<u32>> Round<AccountId, BlockNumber, R, V>
where
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
{
	pub fn new() -> Self {
		Self {
			phase: Phase::Committing,
			submissions: BoundedVec::new(),
			verifiers: BoundedVec::new(),
			outcome: None,
		}
	}

	pub fn submission(&self, who: &AccountId) -> Option<usize> {
		self.submissions.iter().position(|s| &s.provider == who)
	}

	pub fn verifier(&self, who: &AccountId) -> Option<usize> {
		self.verifiers.iter().position(|v| &v.verifier == who)
	}
}

/// Protocol parameters; governance changes them with `set_parameters`.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct ProofParameters<BlockNumber> {
	/// Blocks providers have to reveal once every slot committed.
	pub reveal_window: BlockNumber,
	/// Blocks verifiers have to answer.
	pub audit_window: BlockNumber,
	/// Chance that an unopposed single result is audited.
	pub audit_probability: Permill,
	/// Verifiers drawn per audit.
	pub auditors_per_dispute: u32,
	/// Share of its held stake a provider with a wrong or missing result loses.
	pub slash_fraction: Perbill,
	/// Share of a slash (after the submitter is made whole) paid to the verifiers; the rest
	/// goes to the treasury.
	pub verifier_slash_share: Perbill,
	/// Deterrence margin `m`: for every job, a lie's expected slash is at least `1 + m`
	/// times the pay it could earn. Sets both the stake a provider needs to be matched to a
	/// job and the job's audit probability (`docs/protocol.md`, "Why lying does not pay").
	pub lie_margin: Perbill,
	/// Share of its held stake a drawn verifier loses for not answering.
	pub verifier_silence_slash: Perbill,
}

/// One provider's part in a round, as the runtime API shows it.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct SubmissionSummary<AccountId> {
	pub provider: AccountId,
	pub commitment: Commitment,
	pub revealed: Option<Digest>,
}

/// A round as the `ProofApi` runtime API returns it.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct RoundSummary<AccountId, BlockNumber> {
	pub phase: Phase<BlockNumber>,
	pub submissions: Vec<SubmissionSummary<AccountId>>,
	pub verifiers: Vec<(AccountId, Option<Verdict>)>,
	pub outcome: Option<Outcome>,
}
