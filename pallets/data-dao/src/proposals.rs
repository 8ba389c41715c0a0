//! Proposals voted by shares: open, vote, close, execute, and what each action does.

use crate::{pallet::*, rewards::Stake, types::*};
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{Mutate, MutateHold},
		tokens::{Fortitude, Precision, Preservation, Restriction},
		Contains,
	},
};
use sp_runtime::traits::{CheckedAdd, CheckedSub, Saturating, Zero};

/// Most proposals one member may have open in a DAO at once, so that no single member can
/// fill the DAO's proposal places.
pub const PROPOSALS_PER_MEMBER: u32 = 2;

impl<T: Config> Pallet<T> {
	/// A registered provider offers to be a custodian of `dao` (or withdraws its offer).
	pub(crate) fn do_offer_custody(who: T::AccountId, dao: DaoId, offer: bool) -> DispatchResult {
		let info = Self::dao(dao)?;
		if offer {
			ensure!(T::Providers::contains(&who), Error::<T>::NotProvider);
			CustodyOffers::<T>::insert(dao, &who, ());
		} else {
			CustodyOffers::<T>::remove(dao, &who);
			// Withdrawing the offer also steps down: a custodian leaves when it wants.
			if let Some(at) = info.custodians.iter().position(|c| *c == who) {
				let mut info = info;
				info.custodians.remove(at);
				Daos::<T>::insert(dao, info);
				Self::deposit_event(Event::CustodianRemoved { dao, custodian: who.clone() });
			}
		}
		Self::deposit_event(Event::CustodyOffered { dao, provider: who, offer });
		Ok(())
	}

	pub(crate) fn do_propose(who: T::AccountId, dao: DaoId, action: ActionOf<T>) -> Result<ProposalId, DispatchError> {
		let mut info = Self::live_dao(dao)?;
		let member = Members::<T>::get(dao, &who).ok_or(Error::<T>::NotMember)?;
		ensure!(member.stake.weight > 0, Error::<T>::NotMember);
		ensure!(info.open_proposals < T::MaxOpenProposals::get(), Error::<T>::TooManyProposals);
		ensure!(OpenProposalsOf::<T>::get(dao, &who) < PROPOSALS_PER_MEMBER, Error::<T>::TooManyOwnProposals);
		Self::check_action(&info, &action)?;
		let deposit = T::ProposalDeposit::get();
		T::Currency::hold(&HoldReason::ProposalDeposit.into(), &who, deposit)
			.map_err(|_| Error::<T>::InsufficientBalance)?;
		let id = info.next_proposal;
		info.next_proposal = id.checked_add(1).ok_or(Error::<T>::Overflow)?;
		info.open_proposals += 1;
		OpenProposalsOf::<T>::mutate(dao, &who, |n| *n += 1);
		let now = Self::now();
		let ends_at = now.saturating_add(info.rules.voting_period);
		Proposals::<T>::insert(
			dao,
			id,
			ProposalOf::<T> {
				proposer: who.clone(),
				action,
				deposit,
				created_at: now,
				electorate: Self::electorate(&info, now),
				ayes: 0,
				nays: 0,
				status: ProposalStatus::Voting { ends_at },
			},
		);
		Daos::<T>::insert(dao, info);
		Self::deposit_event(Event::Proposed { dao, proposal: id, proposer: who, ends_at });
		Ok(id)
	}

	/// What can be checked when a proposal is made (execution checks again).
	fn check_action(info: &DaoOf<T>, action: &ActionOf<T>) -> DispatchResult {
		match action {
			DaoAction::Grant(terms) => Self::check_grant(info, terms),
			DaoAction::SetRules(rules) => Self::check_rules(rules),
			DaoAction::AcceptContributions(batch) => {
				ensure!(batch.iter().all(|(_, r)| (1..=5).contains(r)), Error::<T>::BadRating);
				Ok(())
			},
			_ => Ok(()),
		}
	}

	pub(crate) fn do_vote(who: T::AccountId, dao: DaoId, id: ProposalId, aye: bool) -> DispatchResult {
		Self::live_dao(dao)?;
		let mut proposal = Proposals::<T>::get(dao, id).ok_or(Error::<T>::ProposalNotFound)?;
		let ProposalStatus::Voting { ends_at } = proposal.status else { return Err(Error::<T>::NotVoting.into()) };
		ensure!(Self::now() <= ends_at, Error::<T>::NotVoting);
		// Shares are not transferable and only ever grow; counting those held before the
		// creation block means nothing minted during the vote can swing it.
		let weight = Members::<T>::get(dao, &who)
			.map(|m| Self::shares_before(&m, proposal.created_at))
			.unwrap_or(0);
		ensure!(weight > 0, Error::<T>::NoVotingWeight);
		if let Some(previous) = Votes::<T>::get((dao, id), &who) {
			let side = if previous.aye { &mut proposal.ayes } else { &mut proposal.nays };
			*side = side.saturating_sub(previous.weight);
		}
		let side = if aye { &mut proposal.ayes } else { &mut proposal.nays };
		*side = side.checked_add(weight).ok_or(Error::<T>::Overflow)?;
		Votes::<T>::insert((dao, id), &who, VoteRecord { aye, weight });
		Proposals::<T>::insert(dao, id, proposal);
		Self::deposit_event(Event::Voted { dao, proposal: id, voter: who, aye, weight });
		Ok(())
	}

	/// Quorum on turnout against the electorate, approval on ayes against votes cast.
	pub fn passes(proposal: &ProposalOf<T>, rules: &RulesOf<T>) -> bool {
		let turnout = proposal.ayes.saturating_add(proposal.nays);
		turnout > 0 &&
			turnout >= rules.quorum.mul_ceil(proposal.electorate) &&
			proposal.ayes >= rules.approval.mul_ceil(turnout)
	}

	pub(crate) fn do_close(dao: DaoId, id: ProposalId) -> DispatchResult {
		let info = Self::live_dao(dao)?;
		let mut proposal = Proposals::<T>::get(dao, id).ok_or(Error::<T>::ProposalNotFound)?;
		let ProposalStatus::Voting { ends_at } = proposal.status else { return Err(Error::<T>::NotVoting.into()) };
		let now = Self::now();
		ensure!(now > ends_at, Error::<T>::VotingNotOver);
		if !Self::passes(&proposal, &info.rules) {
			let turnout = proposal.ayes.saturating_add(proposal.nays);
			// A proposal that nobody cared to vote on costs its deposit (to the treasury):
			// otherwise one share could keep every proposal place filled for free.
			let forfeit = turnout < info.rules.quorum.mul_ceil(proposal.electorate);
			Self::drop_proposal(dao, id, &proposal, forfeit)?;
			Self::deposit_event(Event::Rejected { dao, proposal: id, ayes: proposal.ayes, nays: proposal.nays });
			return Ok(());
		}
		let enact_at = now.saturating_add(info.rules.enactment_delay);
		proposal.status = ProposalStatus::Approved { enact_at };
		Proposals::<T>::insert(dao, id, proposal);
		Self::deposit_event(Event::Approved { dao, proposal: id, enact_at });
		if info.rules.enactment_delay.is_zero() {
			Self::do_execute(dao, id)?;
		}
		Ok(())
	}

	pub(crate) fn do_execute(dao: DaoId, id: ProposalId) -> DispatchResult {
		Self::live_dao(dao)?;
		let proposal = Proposals::<T>::get(dao, id).ok_or(Error::<T>::ProposalNotFound)?;
		let ProposalStatus::Approved { enact_at } = proposal.status else {
			return Err(Error::<T>::NotEnactable.into())
		};
		ensure!(Self::now() >= enact_at, Error::<T>::NotEnactable);
		Self::drop_proposal(dao, id, &proposal, false)?;
		// An action that no longer applies (a custodian that left the registry, a spend
		// above the treasury) fails alone: the proposal is still done with.
		let result = frame_support::storage::with_storage_layer(|| Self::apply(dao, proposal.action.clone()));
		Self::deposit_event(Event::Executed { dao, proposal: id, result });
		Ok(())
	}

	fn drop_proposal(dao: DaoId, id: ProposalId, proposal: &ProposalOf<T>, forfeit: bool) -> DispatchResult {
		let reason = HoldReason::ProposalDeposit.into();
		let mut info = Self::dao(dao)?;
		if forfeit {
			T::Currency::transfer_on_hold(
				&reason,
				&proposal.proposer,
				&Self::dao_account(dao),
				proposal.deposit,
				Precision::Exact,
				Restriction::Free,
				Fortitude::Polite,
			)?;
			info.treasury = info.treasury.checked_add(&proposal.deposit).ok_or(Error::<T>::Overflow)?;
		} else {
			T::Currency::release(&reason, &proposal.proposer, proposal.deposit, Precision::Exact)?;
		}
		Proposals::<T>::remove(dao, id);
		info.open_proposals = info.open_proposals.saturating_sub(1);
		OpenProposalsOf::<T>::mutate_exists(dao, &proposal.proposer, |n| {
			*n = n.and_then(|n| n.checked_sub(1)).filter(|n| *n > 0);
		});
		Daos::<T>::insert(dao, info);
		Ok(())
	}

	pub(crate) fn do_remove_vote(who: T::AccountId, dao: DaoId, id: ProposalId) -> DispatchResult {
		ensure!(Votes::<T>::contains_key((dao, id), &who), Error::<T>::NoRemovableVote);
		let open = Proposals::<T>::get(dao, id).is_some_and(|p| matches!(p.status, ProposalStatus::Voting { .. }));
		ensure!(!open, Error::<T>::NoRemovableVote);
		Votes::<T>::remove((dao, id), &who);
		Self::deposit_event(Event::VoteRemoved { dao, proposal: id, voter: who });
		Ok(())
	}

	/// Carry out an approved action.
	pub(crate) fn apply(dao: DaoId, action: ActionOf<T>) -> DispatchResult {
		let mut info = Self::dao(dao)?;
		match action {
			DaoAction::AcceptContributions(batch) => Self::accept_items(dao, &mut info, &batch)?,
			DaoAction::RejectContributions(batch) =>
				for item in batch {
					// Skip what was withdrawn or decided since the vote began.
					match Items::<T>::get(dao, item) {
						Some(entry) if matches!(entry.state, ItemState::Pending { .. }) =>
							Self::reject_item(dao, &mut info, item, entry)?,
						_ => {},
					}
				},
			DaoAction::AdmitCustodian(who) => {
				ensure!(T::Providers::contains(&who), Error::<T>::NotProvider);
				// Nobody is made a custodian (drawn for the DAO's jobs and audits, and so
				// exposed to its data's absence) without asking for it.
				ensure!(CustodyOffers::<T>::contains_key(dao, &who), Error::<T>::NoCustodyOffer);
				ensure!(!info.custodians.contains(&who), Error::<T>::AlreadyMember);
				info.custodians.try_push(who.clone()).map_err(|_| Error::<T>::TooMany)?;
				Self::deposit_event(Event::CustodianAdmitted { dao, custodian: who });
			},
			DaoAction::RemoveCustodian(who) => {
				let at = info.custodians.iter().position(|c| *c == who).ok_or(Error::<T>::NotInSet)?;
				info.custodians.remove(at);
				Self::deposit_event(Event::CustodianRemoved { dao, custodian: who });
			},
			DaoAction::AddCurator(who) => {
				ensure!(!info.curators.contains(&who), Error::<T>::AlreadyMember);
				info.curators.try_push(who.clone()).map_err(|_| Error::<T>::TooMany)?;
				Self::set_curator_weight(dao, &who, 1)?;
				Self::deposit_event(Event::CuratorAdded { dao, curator: who });
			},
			DaoAction::RemoveCurator(who) => {
				let at = info.curators.iter().position(|c| *c == who).ok_or(Error::<T>::NotInSet)?;
				info.curators.remove(at);
				Self::set_curator_weight(dao, &who, 0)?;
				Self::deposit_event(Event::CuratorRemoved { dao, curator: who });
			},
			DaoAction::Grant(terms) => {
				Self::check_grant(&info, &terms)?;
				ensure!(info.live_grants < T::MaxGrants::get(), Error::<T>::TooManyGrants);
				let grant = info.next_grant;
				info.next_grant = grant.checked_add(1).ok_or(Error::<T>::Overflow)?;
				info.live_grants += 1;
				Grants::<T>::insert(
					dao,
					grant,
					GrantOf::<T> { terms: terms.clone(), used_work_units: 0, used_output_bytes: 0 },
				);
				Self::deposit_event(Event::GrantCreated { dao, grant, terms });
			},
			DaoAction::RevokeGrant(grant) => {
				ensure!(Grants::<T>::contains_key(dao, grant), Error::<T>::GrantNotFound);
				Grants::<T>::remove(dao, grant);
				info.live_grants = info.live_grants.saturating_sub(1);
				Self::deposit_event(Event::GrantRemoved { dao, grant });
			},
			DaoAction::SetGrantPrice(grant, price_per_unit) => {
				Grants::<T>::try_mutate(dao, grant, |g| {
					let g = g.as_mut().ok_or(Error::<T>::GrantNotFound)?;
					g.terms.price_per_unit = price_per_unit;
					Ok::<_, Error<T>>(())
				})?;
				Self::deposit_event(Event::GrantPriceSet { dao, grant, price_per_unit });
			},
			DaoAction::Spend(to, amount) => {
				info.treasury = info.treasury.checked_sub(&amount).ok_or(Error::<T>::InsufficientTreasury)?;
				T::Currency::transfer(&Self::dao_account(dao), &to, amount, Preservation::Preserve)?;
				Self::deposit_event(Event::Spent { dao, to, amount });
			},
			DaoAction::SetRules(rules) => {
				Self::check_rules(&rules)?;
				info.rules = rules;
				Self::deposit_event(Event::RulesSet { dao, rules });
			},
		}
		Daos::<T>::insert(dao, info);
		Ok(())
	}

	/// Settle a curator's revenue account, then give it weight one (a curator) or zero.
	fn set_curator_weight(dao: DaoId, who: &T::AccountId, weight: u128) -> DispatchResult {
		let mut pool = CuratorPools::<T>::get(dao);
		let mut stake: Stake = CuratorStakes::<T>::get(dao, who).unwrap_or_default();
		pool.set_weight(&mut stake, weight).map_err(|_| Error::<T>::Overflow)?;
		CuratorPools::<T>::insert(dao, pool);
		CuratorStakes::<T>::insert(dao, who, stake);
		Ok(())
	}

	/// Grant terms that can be used: a kernel, an existing version, budgets, a future expiry.
	pub(crate) fn check_grant(info: &DaoOf<T>, terms: &GrantTermsOf<T>) -> DispatchResult {
		ensure!(
			!terms.kernels.is_empty() &&
				terms.version >= 1 &&
				terms.version <= info.version &&
				terms.max_work_units > 0 &&
				terms.max_output_bytes > 0 &&
				terms.expires_at > Self::now(),
			Error::<T>::BadGrant
		);
		Ok(())
	}

	pub(crate) fn do_remove_expired_grant(dao: DaoId, grant: GrantId) -> DispatchResult {
		let g = Grants::<T>::get(dao, grant).ok_or(Error::<T>::GrantNotFound)?;
		ensure!(Self::now() >= g.terms.expires_at, Error::<T>::GrantLive);
		Grants::<T>::remove(dao, grant);
		Daos::<T>::mutate(dao, |info| {
			if let Some(info) = info {
				info.live_grants = info.live_grants.saturating_sub(1);
			}
		});
		Self::deposit_event(Event::GrantRemoved { dao, grant });
		Ok(())
	}
}

