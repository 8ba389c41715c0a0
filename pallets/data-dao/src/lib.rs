// This file is part of Tensorgrid.
// SPDX-License-Identifier: Apache-2.0

//! # Data DAOs (compute-to-data)
//!
//! A data DAO pools a dataset, decides by share-weighted vote who may compute on it and on
//! what terms, never hands the bytes out, and shares what the compute earns.
//!
//! - **Items** are contributed by content hash and size; their bytes stay off chain with
//!   the DAO's custodians. An item is accepted by its curators' review, by a vote, or by
//!   the DAO's automatic rule, and mints non-transferable shares:
//!   `shares = min(⌈size / ShareUnitBytes⌉, MaxUnitsPerItem) × rating` (rating 1..=5 from
//!   the curators; an item whose hash is already in the DAO is refused, so copies earn
//!   nothing). Each acceptance makes a new dataset **version**: the Merkle root of the
//!   accepted items in order ([`merkle`]), so anyone can prove an item is in a version.
//! - **Custodians** are registered providers the DAO admits by vote; jobs on the dataset
//!   are matched only to them, through the jobs pallet's `DataAccess` hook ([`access`]).
//! - **Grants** let an account (or anyone) run named kernels with pinned or free
//!   parameters on one version, within a work-unit budget and an output-byte budget (the
//!   egress meter), at an access price per work unit, until an expiry. The fee is
//!   escrowed with the job and paid to the DAO only if the job settles.
//! - **Revenue** is split by the DAO's rules between members (pro rata to shares),
//!   curators (equally) and the DAO's treasury, through reward-per-weight accumulators
//!   ([`rewards`]): O(1) per payment and per claim, every unit accounted.
//! - **Proposals** (grants, custodians, curators, contribution batches, spends, rules)
//!   are voted by shares held before the proposal's creation block, with quorum,
//!   approval threshold, voting period and enactment delay. The chain's governance can
//!   freeze a DAO.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

pub mod access;
mod api;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod contributions;
mod daos;
mod invariants;
pub mod merkle;
#[cfg(test)]
mod mock;
mod proposals;
mod revenue;
pub mod rewards;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use types::*;
pub use weights::WeightInfo;

sp_api::decl_runtime_apis! {
	/// Read data DAOs without decoding storage.
	pub trait DataDaoApi<AccountId, Balance>
	where
		AccountId: codec::Codec,
		Balance: codec::Codec,
	{
		/// A member's shares and what `claim` would pay it now.
		fn member(dao: DaoId, who: AccountId) -> Option<MemberSummary<Balance>>;
		/// Proof that `item` is in version `version` of the DAO's dataset.
		fn item_proof(dao: DaoId, version: VersionId, item: tensorgrid_primitives::Digest) -> Option<ItemProof>;
		/// The DAO's account (holds its treasury and the revenue not yet claimed).
		fn account(dao: DaoId) -> AccountId;
	}
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{Inspect, InspectHold, Mutate, MutateHold},
			Contains,
		},
		PalletId,
	};
	use alloc::boxed::Box;
	use frame_system::pallet_prelude::*;
	use tensorgrid_primitives::Digest;

	/// Balance type of the pallet's currency.
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
	pub type DaoOf<T> = DaoInfo<
		<T as frame_system::Config>::AccountId,
		BalanceOf<T>,
		BlockNumberFor<T>,
		<T as Config>::MaxCurators,
		<T as Config>::MaxCustodians,
	>;
	pub type RulesOf<T> = DaoRules<BlockNumberFor<T>>;
	pub type ItemOf<T> = Item<<T as frame_system::Config>::AccountId, BalanceOf<T>, <T as Config>::MaxCurators>;
	pub type MemberOf<T> = MemberRecord<BlockNumberFor<T>, <T as Config>::MaxCheckpoints>;
	pub type GrantTermsOf<T> = GrantTerms<
		<T as frame_system::Config>::AccountId,
		BalanceOf<T>,
		BlockNumberFor<T>,
		<T as Config>::MaxKernelsPerGrant,
		<T as Config>::MaxParamsPerGrant,
	>;
	pub type GrantOf<T> = Grant<
		<T as frame_system::Config>::AccountId,
		BalanceOf<T>,
		BlockNumberFor<T>,
		<T as Config>::MaxKernelsPerGrant,
		<T as Config>::MaxParamsPerGrant,
	>;
	pub type ActionOf<T> = DaoAction<
		<T as frame_system::Config>::AccountId,
		BalanceOf<T>,
		BlockNumberFor<T>,
		<T as Config>::MaxKernelsPerGrant,
		<T as Config>::MaxParamsPerGrant,
		<T as Config>::MaxBatch,
	>;
	pub type ProposalOf<T> = Proposal<
		<T as frame_system::Config>::AccountId,
		BalanceOf<T>,
		BlockNumberFor<T>,
		<T as Config>::MaxKernelsPerGrant,
		<T as Config>::MaxParamsPerGrant,
		<T as Config>::MaxBatch,
	>;

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// The currency of deposits, fees and revenue.
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ InspectHold<Self::AccountId>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// Derives each DAO's account.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// Registered providers: only they may be admitted as custodians.
		type Providers: Contains<Self::AccountId>;

		/// The chain's governance, which may freeze and unfreeze any DAO.
		type FreezeOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Held from a DAO's creator (its record, frontier and bounded lists of grants,
		/// curators and custodians).
		#[pallet::constant]
		type DaoDeposit: Get<BalanceOf<Self>>;

		/// Held from a contributor per item (its record, its leaf and a version record).
		#[pallet::constant]
		type ItemDeposit: Get<BalanceOf<Self>>;

		/// Held from a proposer until the proposal closes.
		#[pallet::constant]
		type ProposalDeposit: Get<BalanceOf<Self>>;

		/// Bytes of data worth one share unit.
		#[pallet::constant]
		type ShareUnitBytes: Get<u64>;

		/// Most share units one item earns (before its rating).
		#[pallet::constant]
		type MaxUnitsPerItem: Get<u64>;

		/// Most shares a DAO's creator may start with.
		#[pallet::constant]
		type MaxFounderShares: Get<u128>;

		#[pallet::constant]
		type MaxCurators: Get<u32>;
		#[pallet::constant]
		type MaxCustodians: Get<u32>;
		/// Most live grants per DAO.
		#[pallet::constant]
		type MaxGrants: Get<u32>;
		#[pallet::constant]
		type MaxKernelsPerGrant: Get<u32>;
		#[pallet::constant]
		type MaxParamsPerGrant: Get<u32>;
		/// Most contributions one proposal accepts or rejects.
		#[pallet::constant]
		type MaxBatch: Get<u32>;
		/// Most contributions waiting for review per DAO.
		#[pallet::constant]
		type MaxPendingItems: Get<u32>;
		/// Most proposals open (voting or awaiting execution) per DAO.
		#[pallet::constant]
		type MaxOpenProposals: Get<u32>;
		/// Share checkpoints kept per member. When full, the newest is replaced: a burst of
		/// mints can only undercount votes on proposals made during the burst.
		#[pallet::constant]
		type MaxCheckpoints: Get<u32>;

		/// Bounds of a DAO's voting period and enactment delay.
		#[pallet::constant]
		type MinVotingPeriod: Get<BlockNumberFor<Self>>;
		#[pallet::constant]
		type MaxVotingPeriod: Get<BlockNumberFor<Self>>;
		#[pallet::constant]
		type MaxEnactmentDelay: Get<BlockNumberFor<Self>>;

		type WeightInfo: WeightInfo;

		/// Sets up providers for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Makes an account a registered provider (custodians must be), for the benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	pub trait BenchmarkHelper<AccountId> {
		fn register_provider(who: &AccountId);
	}

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// Deposit for a DAO's records.
		#[codec(index = 0)]
		DaoDeposit,
		/// Deposit for a contributed item.
		#[codec(index = 1)]
		ItemDeposit,
		/// Deposit for an open proposal.
		#[codec(index = 2)]
		ProposalDeposit,
	}

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// The next DAO's id.
	#[pallet::storage]
	pub type NextDaoId<T: Config> = StorageValue<_, DaoId, ValueQuery>;

	/// Every DAO.
	#[pallet::storage]
	pub type Daos<T: Config> = StorageMap<_, Twox64Concat, DaoId, DaoOf<T>>;

	/// Each DAO's dataset tree: the frontier from which a version's root is computed.
	#[pallet::storage]
	pub type Frontiers<T: Config> = StorageMap<_, Twox64Concat, DaoId, merkle::Frontier, ValueQuery>;

	/// Contributed items by DAO and content hash (pending or accepted).
	#[pallet::storage]
	pub type Items<T: Config> = StorageDoubleMap<_, Twox64Concat, DaoId, Identity, Digest, ItemOf<T>>;

	/// Accepted items by DAO and leaf index, for proofs.
	#[pallet::storage]
	pub type ItemAt<T: Config> = StorageDoubleMap<_, Twox64Concat, DaoId, Twox64Concat, u64, Digest>;

	/// Dataset versions by DAO and number.
	#[pallet::storage]
	pub type Versions<T: Config> =
		StorageDoubleMap<_, Twox64Concat, DaoId, Twox64Concat, VersionId, Version<BlockNumberFor<T>>>;

	/// Members: contribution shares and revenue accounts.
	#[pallet::storage]
	pub type Members<T: Config> =
		StorageDoubleMap<_, Twox64Concat, DaoId, Blake2_128Concat, T::AccountId, MemberOf<T>>;

	/// Curators' revenue accounts (weight one while a curator, kept to claim after).
	#[pallet::storage]
	pub type CuratorStakes<T: Config> =
		StorageDoubleMap<_, Twox64Concat, DaoId, Blake2_128Concat, T::AccountId, rewards::Stake>;

	/// Each DAO's revenue pools: members by shares, curators one each.
	#[pallet::storage]
	pub type MemberPools<T: Config> = StorageMap<_, Twox64Concat, DaoId, rewards::Pool, ValueQuery>;
	#[pallet::storage]
	pub type CuratorPools<T: Config> = StorageMap<_, Twox64Concat, DaoId, rewards::Pool, ValueQuery>;

	/// Live grants by DAO and id.
	#[pallet::storage]
	pub type Grants<T: Config> = StorageDoubleMap<_, Twox64Concat, DaoId, Twox64Concat, GrantId, GrantOf<T>>;

	/// Open proposals by DAO and id.
	#[pallet::storage]
	pub type Proposals<T: Config> =
		StorageDoubleMap<_, Twox64Concat, DaoId, Twox64Concat, ProposalId, ProposalOf<T>>;

	/// Providers that offered to be custodians of a DAO (`offer_custody`); only they may be
	/// admitted.
	#[pallet::storage]
	pub type CustodyOffers<T: Config> = StorageDoubleMap<_, Twox64Concat, DaoId, Blake2_128Concat, T::AccountId, ()>;

	/// Open proposals per DAO and proposer (at most `PROPOSALS_PER_MEMBER`).
	#[pallet::storage]
	pub type OpenProposalsOf<T: Config> =
		StorageDoubleMap<_, Twox64Concat, DaoId, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// Votes by (DAO, proposal) and voter. Removed by `remove_vote` once the proposal is
	/// closed.
	#[pallet::storage]
	pub type Votes<T: Config> =
		StorageDoubleMap<_, Twox64Concat, (DaoId, ProposalId), Blake2_128Concat, T::AccountId, VoteRecord>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A DAO was created; its account holds its funds.
		DaoCreated { dao: DaoId, creator: T::AccountId, account: T::AccountId, founder_shares: u128 },
		/// An item was contributed and waits for review.
		ItemContributed { dao: DaoId, item: Digest, contributor: T::AccountId, size: u64 },
		/// A pending contribution was withdrawn by its contributor.
		ItemWithdrawn { dao: DaoId, item: Digest },
		/// A curator rated a pending item (0 rejects).
		ItemReviewed { dao: DaoId, item: Digest, curator: T::AccountId, rating: u8 },
		/// An item joined the dataset and minted shares for its contributor.
		ItemAccepted { dao: DaoId, item: Digest, index: u64, rating: u8, shares: u128 },
		/// An item was refused; its deposit went to the DAO's treasury.
		ItemRejected { dao: DaoId, item: Digest },
		/// A new dataset version: the Merkle root of its first `items` items.
		VersionCreated { dao: DaoId, version: VersionId, root: Digest, items: u64 },
		/// A proposal was opened.
		Proposed { dao: DaoId, proposal: ProposalId, proposer: T::AccountId, ends_at: BlockNumberFor<T> },
		/// A vote was cast or changed.
		Voted { dao: DaoId, proposal: ProposalId, voter: T::AccountId, aye: bool, weight: u128 },
		/// A proposal passed; it may be executed from `enact_at`.
		Approved { dao: DaoId, proposal: ProposalId, enact_at: BlockNumberFor<T> },
		/// A proposal failed quorum or approval and was removed.
		Rejected { dao: DaoId, proposal: ProposalId, ayes: u128, nays: u128 },
		/// An approved proposal was executed (`result` says whether its action applied).
		Executed { dao: DaoId, proposal: ProposalId, result: DispatchResult },
		/// A vote record was removed.
		VoteRemoved { dao: DaoId, proposal: ProposalId, voter: T::AccountId },
		/// A custodian was admitted or removed.
		CustodianAdmitted { dao: DaoId, custodian: T::AccountId },
		CustodianRemoved { dao: DaoId, custodian: T::AccountId },
		/// A curator was added or removed.
		CuratorAdded { dao: DaoId, curator: T::AccountId },
		CuratorRemoved { dao: DaoId, curator: T::AccountId },
		/// A grant was made.
		GrantCreated { dao: DaoId, grant: GrantId, terms: GrantTermsOf<T> },
		/// A grant was revoked, or removed after its expiry.
		GrantRemoved { dao: DaoId, grant: GrantId },
		/// A grant's price changed (jobs already submitted keep theirs).
		GrantPriceSet { dao: DaoId, grant: GrantId, price_per_unit: BalanceOf<T> },
		/// The DAO paid from its treasury.
		Spent { dao: DaoId, to: T::AccountId, amount: BalanceOf<T> },
		/// The DAO's rules changed.
		RulesSet { dao: DaoId, rules: RulesOf<T> },
		/// A settled job's access fee reached the DAO and was split by its rules.
		RevenueReceived { dao: DaoId, amount: BalanceOf<T>, to_members: BalanceOf<T>, to_curators: BalanceOf<T>, to_treasury: BalanceOf<T> },
		/// A member or curator claimed its revenue.
		Claimed { dao: DaoId, who: T::AccountId, amount: BalanceOf<T> },
		/// The chain's governance froze or unfroze a DAO.
		FrozenSet { dao: DaoId, frozen: bool },
		/// A provider offered to be a DAO's custodian, or withdrew its offer (and stepped down).
		CustodyOffered { dao: DaoId, provider: T::AccountId, offer: bool },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No DAO with that id.
		DaoNotFound,
		/// The DAO is frozen by the chain's governance.
		DaoFrozen,
		/// Rules out of bounds: voting period, enactment delay, a zero quorum or approval,
		/// shares of revenue above 100%, an automatic rating outside 1..=5.
		BadRules,
		/// Founder shares must be 1..=`MaxFounderShares`.
		BadFounderShares,
		/// More curators or custodians than the bounds allow.
		TooMany,
		/// An item needs at least one byte.
		EmptyItem,
		/// That content hash is already in the DAO (pending or accepted).
		ItemExists,
		/// No such item in the DAO.
		ItemNotFound,
		/// The item has already been accepted.
		NotPending,
		/// Only the contributor may withdraw it.
		NotContributor,
		/// Too many contributions wait for review in this DAO.
		TooManyPending,
		/// The dataset tree is full.
		DatasetFull,
		/// Only a curator of the DAO may do this.
		NotCurator,
		/// Ratings are 0 (reject) to 5.
		BadRating,
		/// Only a member (one with shares) may propose.
		NotMember,
		/// Too many proposals are open in this DAO.
		TooManyProposals,
		/// No such open proposal.
		ProposalNotFound,
		/// The proposal is not open for votes (or its voting period has not ended).
		NotVoting,
		/// The proposal's voting period has not ended yet.
		VotingNotOver,
		/// The proposal is not approved, or its enactment delay has not passed.
		NotEnactable,
		/// You held no shares before the proposal's creation block.
		NoVotingWeight,
		/// No vote of yours to remove, or its proposal is still open.
		NoRemovableVote,
		/// A custodian must be a registered provider.
		NotProvider,
		/// Already a custodian or curator.
		AlreadyMember,
		/// Not a custodian or curator of the DAO.
		NotInSet,
		/// Too many live grants in this DAO.
		TooManyGrants,
		/// Grant terms out of bounds: no kernel, a version that does not exist, an expiry
		/// in the past, zero budgets.
		BadGrant,
		/// No such live grant.
		GrantNotFound,
		/// The grant is still live.
		GrantLive,
		/// The grant has expired.
		GrantExpired,
		/// The grant is for someone else.
		NotGrantee,
		/// The grant does not cover this kernel.
		KernelNotGranted,
		/// A parameter input is not one the grant pins.
		ParamsNotGranted,
		/// The grant's price per work unit is above the job's `max_fee_per_unit`.
		AccessPriceAboveLimit,
		/// Only a provider that offered custody (`offer_custody`) may be admitted.
		NoCustodyOffer,
		/// A reviewed contribution can no longer be withdrawn.
		AlreadyReviewed,
		/// You have as many open proposals in this DAO as one member may.
		TooManyOwnProposals,
		/// The job's spec is not the one the grant pins.
		SpecNotGranted,
		/// Dataset items and parameters are not in the input positions the grant pins.
		LayoutNotGranted,
		/// A dataset input names an item that is not in its grant's dataset version.
		ItemNotInVersion,
		/// The job needs more work units than the grant has left.
		WorkUnitsExhausted,
		/// The job's output exceeds what the grant's egress budget has left.
		EgressExhausted,
		/// The DAO has no custodian to run the job.
		NoCustodians,
		/// The treasury cannot cover the spend.
		InsufficientTreasury,
		/// The balance cannot cover the deposit.
		InsufficientBalance,
		/// Nothing to claim.
		NothingToClaim,
		/// An amount or count left its type.
		Overflow,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Create a DAO with its rules. Holds `DaoDeposit`; moves the existential deposit
		/// into the DAO's account (kept there for good, so the account always exists). The
		/// creator is its first member with `founder_shares` and its first curator, with
		/// `curators` besides.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::create_dao(curators.len() as u32))]
		pub fn create_dao(
			origin: OriginFor<T>,
			rules: RulesOf<T>,
			founder_shares: u128,
			curators: BoundedVec<T::AccountId, T::MaxCurators>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_create_dao(who, rules, founder_shares, curators).map(|_| ())
		}

		/// Contribute an item by its blake2-256 content hash and size (hand the bytes to
		/// the DAO's custodians off chain). Holds `ItemDeposit`. Accepted at once under the
		/// DAO's automatic rule; otherwise it waits for curators or a vote.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::contribute())]
		pub fn contribute(origin: OriginFor<T>, dao: DaoId, item: Digest, size: u64) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_contribute(who, dao, item, size)
		}

		/// Withdraw your pending contribution; its deposit is released.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::withdraw_contribution())]
		pub fn withdraw_contribution(origin: OriginFor<T>, dao: DaoId, item: Digest) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw(who, dao, item)
		}

		/// As a curator, rate a pending item 1..=5, or 0 to reject it. A majority of the
		/// curators decides: accepted at the mean of the accepting ratings, or rejected.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::review())]
		pub fn review(origin: OriginFor<T>, dao: DaoId, item: Digest, rating: u8) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_review(who, dao, item, rating)
		}

		/// As a member, open a proposal. Holds `ProposalDeposit` until it closes.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::propose())]
		pub fn propose(origin: OriginFor<T>, dao: DaoId, action: Box<ActionOf<T>>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_propose(who, dao, *action).map(|_| ())
		}

		/// Vote with the shares you held before the proposal's creation block; voting
		/// again changes your vote.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::vote())]
		pub fn vote(origin: OriginFor<T>, dao: DaoId, proposal: ProposalId, aye: bool) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_vote(who, dao, proposal, aye)
		}

		/// After its voting period, decide a proposal (anyone may call): approved if turnout
		/// meets the quorum and ayes the approval threshold, removed otherwise. An approved
		/// proposal with no enactment delay executes at once.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::close_proposal().saturating_add(T::WeightInfo::execute_worst_case()))]
		pub fn close_proposal(origin: OriginFor<T>, dao: DaoId, proposal: ProposalId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_close(dao, proposal)
		}

		/// Execute an approved proposal once its enactment delay has passed (anyone may call).
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::execute_worst_case())]
		pub fn execute_proposal(origin: OriginFor<T>, dao: DaoId, proposal: ProposalId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_execute(dao, proposal)
		}

		/// Remove your vote record of a proposal that is no longer open.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::remove_vote())]
		pub fn remove_vote(origin: OriginFor<T>, dao: DaoId, proposal: ProposalId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_remove_vote(who, dao, proposal)
		}

		/// Claim your revenue from the DAO: as a member and as a curator.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::claim())]
		pub fn claim(origin: OriginFor<T>, dao: DaoId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_claim(who, dao).map(|_| ())
		}

		/// Remove a grant after its expiry (anyone may call), freeing its place.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::remove_expired_grant())]
		pub fn remove_expired_grant(origin: OriginFor<T>, dao: DaoId, grant: GrantId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_remove_expired_grant(dao, grant)
		}

		/// As a registered provider, offer to be a custodian of `dao` (`offer: true`), which
		/// a vote may then accept; or withdraw the offer, which also steps down as custodian.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::offer_custody())]
		pub fn offer_custody(origin: OriginFor<T>, dao: DaoId, offer: bool) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_offer_custody(who, dao, offer)
		}

		/// The chain's governance freezes (or unfreezes) a DAO: no contributions, proposals,
		/// votes, executions or new jobs while frozen; claims still work.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::set_frozen())]
		pub fn set_frozen(origin: OriginFor<T>, dao: DaoId, frozen: bool) -> DispatchResult {
			T::FreezeOrigin::ensure_origin(origin)?;
			Self::do_set_frozen(dao, frozen)
		}
	}
}
