//! Stored and call-argument types of the data-DAO pallet.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::*, BoundedVec, DefaultNoBound};
use scale_info::TypeInfo;
use sp_runtime::Perbill;
use tensorgrid_primitives::{Digest, KernelId};

/// DAOs are numbered from zero in creation order.
pub type DaoId = u32;
/// Proposals are numbered per DAO from zero.
pub type ProposalId = u32;
/// Grants are numbered per DAO from zero.
pub type GrantId = u32;
/// Dataset versions are numbered per DAO from one (version 0 is the empty dataset).
pub type VersionId = u32;

/// How a settled job's access fee is divided. What `contributors` and `curators` do not
/// take (and every rounding remainder) stays in the DAO's own account.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct RevenueSplit {
	/// Shared by every member pro rata to contribution shares.
	pub contributors: Perbill,
	/// Shared equally by the DAO's curators.
	pub curators: Perbill,
}

/// Contributions accepted without a vote.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct AutoAccept {
	/// Largest item accepted automatically, in bytes.
	pub max_item_bytes: u64,
	/// The curator rating (1..=5) such items get.
	pub rating: u8,
}

/// A DAO's rules, set at creation and changed by its own vote.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct DaoRules<BlockNumber> {
	/// How long a proposal is open for votes.
	pub voting_period: BlockNumber,
	/// How long after approval a proposal may be executed.
	pub enactment_delay: BlockNumber,
	/// Share of the electorate (shares at the proposal's creation) that must vote.
	pub quorum: Perbill,
	/// Share of the votes cast that must be aye.
	pub approval: Perbill,
	pub split: RevenueSplit,
	/// `None`: every contribution waits for curators or a vote.
	pub auto_accept: Option<AutoAccept>,
}

/// A DAO.
#[derive(Encode, Decode, DecodeWithMemTracking, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, TypeInfo, MaxEncodedLen)]
#[scale_info(skip_type_params(MaxCurators, MaxCustodians))]
#[codec(mel_bound(AccountId: MaxEncodedLen, Balance: MaxEncodedLen, BlockNumber: MaxEncodedLen))]
pub struct DaoInfo<AccountId: Parameter, Balance: Parameter, BlockNumber: Parameter, MaxCurators: Get<u32>, MaxCustodians: Get<u32>> {
	pub creator: AccountId,
	/// Held from the creator for as long as the DAO exists (a DAO is never removed: its
	/// records are its dataset's history).
	pub deposit: Balance,
	pub rules: DaoRules<BlockNumber>,
	/// Review contributions; share the curators' part of revenue equally.
	pub curators: BoundedVec<AccountId, MaxCurators>,
	/// Registered providers that hold the dataset's bytes; the only ones a job on the
	/// dataset is matched to.
	pub custodians: BoundedVec<AccountId, MaxCustodians>,
	/// Contribution shares of all members.
	pub total_shares: u128,
	/// `total_shares` before the first mint of block `minted_at`: the electorate of a
	/// proposal created in that block (shares minted in the creation block do not vote).
	pub shares_before_block: u128,
	pub minted_at: BlockNumber,
	/// Accepted items and their bytes.
	pub items: u64,
	pub bytes: u64,
	/// Contributions waiting for review.
	pub pending_items: u32,
	/// The newest dataset version (0: nothing accepted yet).
	pub version: VersionId,
	/// The DAO's own funds in its account, spendable by its vote (members' claims and
	/// undistributed remainders are kept apart from it).
	pub treasury: Balance,
	pub next_proposal: ProposalId,
	pub open_proposals: u32,
	pub next_grant: GrantId,
	pub live_grants: u32,
	/// Set by the chain's governance: no contributions, proposals, votes or new jobs.
	pub frozen: bool,
}

/// A contributed item: its bytes stay with the DAO's custodians, the chain keeps its hash
/// and size.
#[derive(Encode, Decode, DecodeWithMemTracking, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, TypeInfo, MaxEncodedLen)]
#[scale_info(skip_type_params(MaxCurators))]
#[codec(mel_bound(AccountId: MaxEncodedLen, Balance: MaxEncodedLen))]
pub struct Item<AccountId: Parameter, Balance: Parameter, MaxCurators: Get<u32>> {
	pub contributor: AccountId,
	pub size: u64,
	/// Held from the contributor while the item is kept.
	pub deposit: Balance,
	pub state: ItemState<AccountId, MaxCurators>,
}

/// Where a contribution is.
#[derive(Encode, Decode, DecodeWithMemTracking, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, TypeInfo, MaxEncodedLen)]
#[scale_info(skip_type_params(MaxCurators))]
#[codec(mel_bound(AccountId: MaxEncodedLen))]
pub enum ItemState<AccountId: Parameter, MaxCurators: Get<u32>> {
	/// Waiting; each curator's rating so far (0 rejects).
	Pending { reviews: BoundedVec<(AccountId, u8), MaxCurators> },
	/// In the dataset from version `version` on, as leaf `index`.
	Accepted { index: u64, version: VersionId, rating: u8, shares: u128 },
}

/// One dataset version: the Merkle root of the first `items` accepted items.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct Version<BlockNumber> {
	pub root: Digest,
	pub items: u64,
	pub bytes: u64,
	pub created_at: BlockNumber,
}

/// A member's contribution shares and its revenue account.
#[derive(Encode, Decode, DecodeWithMemTracking, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, TypeInfo, MaxEncodedLen, DefaultNoBound)]
#[scale_info(skip_type_params(MaxCheckpoints))]
#[codec(mel_bound(BlockNumber: MaxEncodedLen))]
pub struct MemberRecord<BlockNumber: Parameter, MaxCheckpoints: Get<u32>> {
	pub stake: crate::rewards::Stake,
	/// `(block, shares from that block on)`, oldest first: the shares a proposal counts
	/// are those held before its creation block.
	pub checkpoints: BoundedVec<(BlockNumber, u128), MaxCheckpoints>,
}

/// Which parameter inputs (every input that is not a dataset item) a grant allows.
#[derive(Encode, Decode, DecodeWithMemTracking, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, TypeInfo, MaxEncodedLen)]
#[scale_info(skip_type_params(MaxParams))]
pub enum ParamRule<MaxParams: Get<u32>> {
	/// Any: the grantee chooses the weights (fine for training; see docs/data-dao.md
	/// for what that reveals).
	Any,
	/// Exactly these content hashes, in this order (inline inputs are hashed): pins the
	/// model, so a matmul against an identity matrix cannot copy the data out, and no
	/// pinned tensor can be swapped into another's place or repeated.
	Only(BoundedVec<Digest, MaxParams>),
}

impl<M: Get<u32>> ParamRule<M> {
	pub fn allows(&self, params: &[Digest]) -> bool {
		match self {
			ParamRule::Any => true,
			ParamRule::Only(pinned) => pinned.as_slice() == params,
		}
	}
}

/// The terms of a compute-to-data grant.
#[derive(Encode, Decode, DecodeWithMemTracking, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, TypeInfo, MaxEncodedLen)]
#[scale_info(skip_type_params(MaxKernels, MaxParams))]
#[codec(mel_bound(AccountId: MaxEncodedLen, Balance: MaxEncodedLen, BlockNumber: MaxEncodedLen))]
pub struct GrantTerms<AccountId: Parameter, Balance: Parameter, BlockNumber: Parameter, MaxKernels: Get<u32>, MaxParams: Get<u32>> {
	/// Who may submit jobs under it; `None`: anyone.
	pub grantee: Option<AccountId>,
	/// The dataset version its jobs read.
	pub version: VersionId,
	pub kernels: BoundedVec<KernelId, MaxKernels>,
	/// `Some`: only this spec (blake2-256 of the SCALE-encoded `KernelSpec`), so the
	/// buyer cannot pick shapes or requantization that turn a model into a copy.
	pub spec: Option<Digest>,
	/// `Some(bits)`: bit `i` set iff input `i` must be a dataset item, every other input a
	/// parameter; without it an item may be fed where a pinned parameter belongs.
	pub layout: Option<u32>,
	pub params: ParamRule<MaxParams>,
	/// Work units all its jobs together may use.
	pub max_work_units: u64,
	/// Output bytes all its jobs together may produce (the egress meter).
	pub max_output_bytes: u64,
	/// Access fee per work unit, escrowed with each job and paid to the DAO if it settles.
	pub price_per_unit: Balance,
	/// First block at which it no longer authorises jobs.
	pub expires_at: BlockNumber,
}

/// A grant and what its jobs have used.
#[derive(Encode, Decode, DecodeWithMemTracking, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, TypeInfo, MaxEncodedLen)]
#[scale_info(skip_type_params(MaxKernels, MaxParams))]
#[codec(mel_bound(AccountId: MaxEncodedLen, Balance: MaxEncodedLen, BlockNumber: MaxEncodedLen))]
pub struct Grant<AccountId: Parameter, Balance: Parameter, BlockNumber: Parameter, MaxKernels: Get<u32>, MaxParams: Get<u32>> {
	pub terms: GrantTerms<AccountId, Balance, BlockNumber, MaxKernels, MaxParams>,
	pub used_work_units: u64,
	pub used_output_bytes: u64,
}

/// What a proposal does when executed.
#[derive(Encode, Decode, DecodeWithMemTracking, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, TypeInfo, MaxEncodedLen)]
#[scale_info(skip_type_params(MaxKernels, MaxParams, MaxBatch))]
#[codec(mel_bound(AccountId: MaxEncodedLen, Balance: MaxEncodedLen, BlockNumber: MaxEncodedLen))]
pub enum DaoAction<AccountId: Parameter, Balance: Parameter, BlockNumber: Parameter, MaxKernels: Get<u32>, MaxParams: Get<u32>, MaxBatch: Get<u32>> {
	/// Accept pending contributions with these curator ratings (1..=5): one new version.
	AcceptContributions(BoundedVec<(Digest, u8), MaxBatch>),
	/// Reject pending contributions: their deposits go to the DAO's treasury.
	RejectContributions(BoundedVec<Digest, MaxBatch>),
	AdmitCustodian(AccountId),
	RemoveCustodian(AccountId),
	AddCurator(AccountId),
	RemoveCurator(AccountId),
	Grant(GrantTerms<AccountId, Balance, BlockNumber, MaxKernels, MaxParams>),
	RevokeGrant(GrantId),
	SetGrantPrice(GrantId, Balance),
	/// Pay from the DAO's treasury.
	Spend(AccountId, Balance),
	SetRules(DaoRules<BlockNumber>),
}

/// Where a proposal is.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub enum ProposalStatus<BlockNumber> {
	/// Open for votes until `ends_at` (inclusive).
	Voting { ends_at: BlockNumber },
	/// Approved; may be executed from `enact_at` on.
	Approved { enact_at: BlockNumber },
}

/// A proposal under vote or awaiting execution.
#[derive(Encode, Decode, DecodeWithMemTracking, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, TypeInfo, MaxEncodedLen)]
#[scale_info(skip_type_params(MaxKernels, MaxParams, MaxBatch))]
#[codec(mel_bound(AccountId: MaxEncodedLen, Balance: MaxEncodedLen, BlockNumber: MaxEncodedLen))]
pub struct Proposal<AccountId: Parameter, Balance: Parameter, BlockNumber: Parameter, MaxKernels: Get<u32>, MaxParams: Get<u32>, MaxBatch: Get<u32>> {
	pub proposer: AccountId,
	pub action: DaoAction<AccountId, Balance, BlockNumber, MaxKernels, MaxParams, MaxBatch>,
	/// Held from the proposer until the proposal closes.
	pub deposit: Balance,
	pub created_at: BlockNumber,
	/// Shares that could vote: the DAO's total before the creation block.
	pub electorate: u128,
	pub ayes: u128,
	pub nays: u128,
	pub status: ProposalStatus<BlockNumber>,
}

/// A vote on a proposal: its side and the shares it counts.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct VoteRecord {
	pub aye: bool,
	pub weight: u128,
}

/// A member's view for clients (runtime API).
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct MemberSummary<Balance> {
	pub shares: u128,
	/// What `claim` would pay now (contributor and curator revenue together).
	pub claimable: Balance,
}

/// Proof that an item is in a dataset version (runtime API).
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct ItemProof {
	pub index: u64,
	pub leaf: Digest,
	pub siblings: alloc::vec::Vec<Digest>,
	pub root: Digest,
}
