//! `try_state`: shares, revenue and deposits all add up.

use crate::{pallet::*, types::*};
use alloc::collections::btree_map::BTreeMap;
use frame_support::{
	pallet_prelude::*,
	traits::fungible::{Inspect, InspectHold},
};
use sp_runtime::traits::{Saturating, UniqueSaturatedInto, Zero};

impl<T: Config> Pallet<T> {
	/// Invariants, per DAO:
	/// - total shares equal the sum of members' shares and the member pool's weight; the
	///   curator pool weighs exactly the curators, one each;
	/// - in each pool, `owed + dust + paid == received` exactly;
	/// - the DAO's account holds at least its existential deposit, treasury, everything
	///   owed and every undistributed remainder;
	/// - counts of accepted and pending items, grants and open proposals match the
	///   records; the frontier holds every accepted item, and the newest version's root is
	///   the frontier's; every grant's use is within its budgets;
	/// and, per account, each deposit hold equals the deposits of its records.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let mut item_deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut proposal_deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut dao_deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (dao, info) in Daos::<T>::iter() {
			let d = dao_deposits.entry(info.creator.clone()).or_insert_with(Zero::zero);
			*d = d.saturating_add(info.deposit);

			let members = MemberPools::<T>::get(dao);
			let mut shares = 0u128;
			let mut owed = 0u128;
			for (_, member) in Members::<T>::iter_prefix(dao) {
				shares = shares.saturating_add(member.stake.weight);
				owed = owed.saturating_add(members.owed(&member.stake).map_err(|_| "member owed overflows")?);
			}
			ensure!(shares == info.total_shares, "a DAO's total shares differ from its members' shares");
			ensure!(members.total_weight == shares, "the member pool's weight differs from the shares");
			ensure!(
				owed.saturating_add(members.dust).saturating_add(members.paid) == members.received,
				"member revenue: owed + dust + paid != received"
			);
			let curators = CuratorPools::<T>::get(dao);
			let mut curator_owed = 0u128;
			let mut curator_weight = 0u128;
			for (who, stake) in CuratorStakes::<T>::iter_prefix(dao) {
				let expected = if info.curators.contains(&who) { 1 } else { 0 };
				ensure!(stake.weight == expected, "a curator's revenue weight is not one, or a non-curator's not zero");
				curator_weight += stake.weight;
				curator_owed = curator_owed.saturating_add(curators.owed(&stake).map_err(|_| "curator owed overflows")?);
			}
			ensure!(
				curator_weight == info.curators.len() as u128 && curators.total_weight == curator_weight,
				"the curator pool's weight differs from the curators"
			);
			ensure!(
				curator_owed.saturating_add(curators.dust).saturating_add(curators.paid) == curators.received,
				"curator revenue: owed + dust + paid != received"
			);
			let needed: u128 = T::Currency::minimum_balance().unique_saturated_into();
			let needed = needed
				.saturating_add(info.treasury.unique_saturated_into())
				.saturating_add(owed)
				.saturating_add(curator_owed)
				.saturating_add(members.dust)
				.saturating_add(curators.dust);
			let balance: u128 = T::Currency::balance(&Self::dao_account(dao)).unique_saturated_into();
			ensure!(balance >= needed, "a DAO's account holds less than it owes");

			let (mut accepted, mut pending) = (0u64, 0u32);
			for (_, item) in Items::<T>::iter_prefix(dao) {
				let d = item_deposits.entry(item.contributor.clone()).or_insert_with(Zero::zero);
				*d = d.saturating_add(item.deposit);
				match item.state {
					ItemState::Pending { .. } => pending += 1,
					ItemState::Accepted { index, .. } => {
						accepted += 1;
						ensure!(ItemAt::<T>::contains_key(dao, index), "an accepted item has no leaf index");
					},
				}
			}
			ensure!(accepted == info.items && pending == info.pending_items, "item counts differ from the items");
			let frontier = Frontiers::<T>::get(dao);
			ensure!(frontier.count == info.items, "the frontier does not hold every accepted item");
			let newest = Versions::<T>::get(dao, info.version).ok_or("the newest version is missing")?;
			ensure!(newest.root == frontier.root() && newest.items == info.items, "the newest version is not the frontier's");

			let mut grants = 0u32;
			for (_, grant) in Grants::<T>::iter_prefix(dao) {
				grants += 1;
				ensure!(
					grant.used_work_units <= grant.terms.max_work_units &&
						grant.used_output_bytes <= grant.terms.max_output_bytes,
					"a grant is used past its budgets"
				);
			}
			ensure!(grants == info.live_grants, "live grant count differs from the grants");
			let mut open = 0u32;
			for (_, proposal) in Proposals::<T>::iter_prefix(dao) {
				open += 1;
				let p = proposal_deposits.entry(proposal.proposer.clone()).or_insert_with(Zero::zero);
				*p = p.saturating_add(proposal.deposit);
			}
			ensure!(open == info.open_proposals, "open proposal count differs from the proposals");
			let mut by_proposer: BTreeMap<T::AccountId, u32> = BTreeMap::new();
			for (_, proposal) in Proposals::<T>::iter_prefix(dao) {
				*by_proposer.entry(proposal.proposer).or_default() += 1;
			}
			let counted: BTreeMap<T::AccountId, u32> = OpenProposalsOf::<T>::iter_prefix(dao).collect();
			ensure!(counted == by_proposer, "open proposals per proposer differ from the proposals");
			for custodian in info.custodians.iter() {
				ensure!(CustodyOffers::<T>::contains_key(dao, custodian), "a custodian that never offered custody");
			}
		}
		for (reason, expected) in [
			(HoldReason::ItemDeposit, &item_deposits),
			(HoldReason::ProposalDeposit, &proposal_deposits),
			(HoldReason::DaoDeposit, &dao_deposits),
		] {
			for (who, amount) in expected {
				let held = T::Currency::balance_on_hold(&reason.clone().into(), who);
				ensure!(held == *amount, "a deposit hold differs from the deposits of its records");
			}
		}
		Ok(())
	}
}
