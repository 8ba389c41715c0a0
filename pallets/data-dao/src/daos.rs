//! Creating DAOs, their accounts and rules, and the chain's freeze.

use crate::{merkle, pallet::*, rewards::Stake, types::*};
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{Inspect, Mutate, MutateHold},
		tokens::Preservation,
	},
};
use sp_runtime::traits::{AccountIdConversion, Zero};

impl<T: Config> Pallet<T> {
	/// The account that holds DAO `dao`'s funds.
	pub fn dao_account(dao: DaoId) -> T::AccountId {
		T::PalletId::get().into_sub_account_truncating(dao)
	}

	pub(crate) fn now() -> frame_system::pallet_prelude::BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	pub(crate) fn check_rules(rules: &RulesOf<T>) -> DispatchResult {
		ensure!(
			rules.voting_period >= T::MinVotingPeriod::get() &&
				rules.voting_period <= T::MaxVotingPeriod::get() &&
				rules.enactment_delay <= T::MaxEnactmentDelay::get() &&
				!rules.quorum.is_zero() &&
				!rules.approval.is_zero() &&
				rules.split.contributors.deconstruct().saturating_add(rules.split.curators.deconstruct()) <=
					sp_runtime::Perbill::one().deconstruct() &&
				rules.auto_accept.map_or(true, |a| (1..=5).contains(&a.rating) && a.max_item_bytes > 0),
			Error::<T>::BadRules
		);
		Ok(())
	}

	pub(crate) fn dao(dao: DaoId) -> Result<DaoOf<T>, Error<T>> {
		Daos::<T>::get(dao).ok_or(Error::<T>::DaoNotFound)
	}

	/// A DAO that is not frozen.
	pub(crate) fn live_dao(dao: DaoId) -> Result<DaoOf<T>, Error<T>> {
		let info = Self::dao(dao)?;
		ensure!(!info.frozen, Error::<T>::DaoFrozen);
		Ok(info)
	}

	pub(crate) fn do_create_dao(
		who: T::AccountId,
		rules: RulesOf<T>,
		founder_shares: u128,
		mut curators: BoundedVec<T::AccountId, T::MaxCurators>,
	) -> Result<DaoId, DispatchError> {
		Self::check_rules(&rules)?;
		ensure!(
			founder_shares > 0 && founder_shares <= T::MaxFounderShares::get(),
			Error::<T>::BadFounderShares
		);
		if !curators.contains(&who) {
			curators.try_insert(0, who.clone()).map_err(|_| Error::<T>::TooMany)?;
		}
		let mut seen = alloc::collections::btree_set::BTreeSet::new();
		ensure!(curators.iter().all(|c| seen.insert(c.clone())), Error::<T>::AlreadyMember);

		let id = NextDaoId::<T>::get();
		NextDaoId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		let account = Self::dao_account(id);
		let deposit = T::DaoDeposit::get();
		T::Currency::hold(&HoldReason::DaoDeposit.into(), &who, deposit)
			.map_err(|_| Error::<T>::InsufficientBalance)?;
		// The account must exist before a fee smaller than the existential deposit can
		// reach it; this amount stays in it for good (never part of the treasury).
		let ed = T::Currency::minimum_balance();
		T::Currency::transfer(&who, &account, ed, Preservation::Preserve)
			.map_err(|_| Error::<T>::InsufficientBalance)?;

		let now = Self::now();
		let mut member = MemberOf::<T>::default();
		let mut pool = MemberPools::<T>::get(id);
		pool.set_weight(&mut member.stake, founder_shares).map_err(|_| Error::<T>::Overflow)?;
		// Founder shares exist before the creation block ends: they vote from the next one.
		let _ = member.checkpoints.try_push((now, founder_shares));
		MemberPools::<T>::insert(id, pool);
		Members::<T>::insert(id, &who, member);
		let mut curator_pool = CuratorPools::<T>::get(id);
		for curator in curators.iter() {
			let mut stake = Stake::default();
			curator_pool.set_weight(&mut stake, 1).map_err(|_| Error::<T>::Overflow)?;
			CuratorStakes::<T>::insert(id, curator, stake);
		}
		CuratorPools::<T>::insert(id, curator_pool);
		Versions::<T>::insert(
			id,
			0,
			Version { root: merkle::Frontier::default().root(), items: 0, bytes: 0, created_at: now },
		);
		Daos::<T>::insert(
			id,
			DaoOf::<T> {
				creator: who.clone(),
				deposit,
				rules,
				curators,
				custodians: BoundedVec::new(),
				total_shares: founder_shares,
				shares_before_block: 0,
				minted_at: now,
				items: 0,
				bytes: 0,
				pending_items: 0,
				version: 0,
				treasury: Zero::zero(),
				next_proposal: 0,
				open_proposals: 0,
				next_grant: 0,
				live_grants: 0,
				frozen: false,
			},
		);
		Self::deposit_event(Event::DaoCreated { dao: id, creator: who, account, founder_shares });
		Ok(id)
	}

	pub(crate) fn do_set_frozen(dao: DaoId, frozen: bool) -> DispatchResult {
		Daos::<T>::try_mutate(dao, |info| {
			let info = info.as_mut().ok_or(Error::<T>::DaoNotFound)?;
			info.frozen = frozen;
			Ok::<_, Error<T>>(())
		})?;
		Self::deposit_event(Event::FrozenSet { dao, frozen });
		Ok(())
	}
}
