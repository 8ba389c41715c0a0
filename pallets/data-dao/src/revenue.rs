//! Revenue: a settled job's access fee split by the DAO's rules, and claims.

use crate::{pallet::*, rewards::Stake};
use frame_support::{
	pallet_prelude::*,
	traits::{fungible::Mutate, tokens::Preservation},
};
use sp_runtime::traits::{CheckedAdd, UniqueSaturatedInto};

impl<T: Config> Pallet<T> {
	/// `amount` reached the DAO's account: members' part into their pool, curators' into
	/// theirs, the rest (and any part with nobody to receive it) to the treasury.
	pub(crate) fn receive_revenue(dao: crate::DaoId, amount: u128) -> DispatchResult {
		let mut info = Self::dao(dao)?;
		let to_members = info.rules.split.contributors.mul_floor(amount);
		let to_curators = info.rules.split.curators.mul_floor(amount);
		let mut to_treasury = amount - to_members - to_curators;
		let mut members = MemberPools::<T>::get(dao);
		let mut curators = CuratorPools::<T>::get(dao);
		let unplaced_members = members.receive(to_members).map_err(|_| Error::<T>::Overflow)?;
		let unplaced_curators = curators.receive(to_curators).map_err(|_| Error::<T>::Overflow)?;
		to_treasury = to_treasury
			.checked_add(unplaced_members)
			.and_then(|t| t.checked_add(unplaced_curators))
			.ok_or(Error::<T>::Overflow)?;
		let treasury_part: BalanceOf<T> = to_treasury.unique_saturated_into();
		info.treasury = info.treasury.checked_add(&treasury_part).ok_or(Error::<T>::Overflow)?;
		MemberPools::<T>::insert(dao, members);
		CuratorPools::<T>::insert(dao, curators);
		Daos::<T>::insert(dao, info);
		Self::deposit_event(Event::RevenueReceived {
			dao,
			amount: amount.unique_saturated_into(),
			to_members: (to_members - unplaced_members).unique_saturated_into(),
			to_curators: (to_curators - unplaced_curators).unique_saturated_into(),
			to_treasury: treasury_part,
		});
		Ok(())
	}

	/// What `who` would be paid by `claim` now.
	pub fn claimable(dao: crate::DaoId, who: &T::AccountId) -> u128 {
		let member = Members::<T>::get(dao, who).map(|m| m.stake).unwrap_or_default();
		let curator: Stake = CuratorStakes::<T>::get(dao, who).unwrap_or_default();
		let members = MemberPools::<T>::get(dao).owed(&member).unwrap_or(0);
		let curators = CuratorPools::<T>::get(dao).owed(&curator).unwrap_or(0);
		members.saturating_add(curators)
	}

	pub(crate) fn do_claim(who: T::AccountId, dao: crate::DaoId) -> Result<BalanceOf<T>, DispatchError> {
		Self::dao(dao)?;
		let mut amount = 0u128;
		if let Some(mut member) = Members::<T>::get(dao, &who) {
			let mut pool = MemberPools::<T>::get(dao);
			amount = pool.claim(&mut member.stake).map_err(|_| Error::<T>::Overflow)?;
			MemberPools::<T>::insert(dao, pool);
			Members::<T>::insert(dao, &who, member);
		}
		if let Some(mut stake) = CuratorStakes::<T>::get(dao, &who) {
			let mut pool = CuratorPools::<T>::get(dao);
			let part = pool.claim(&mut stake).map_err(|_| Error::<T>::Overflow)?;
			amount = amount.checked_add(part).ok_or(Error::<T>::Overflow)?;
			CuratorPools::<T>::insert(dao, pool);
			if stake.weight == 0 {
				// A former curator with nothing left owed: its record is no longer needed.
				CuratorStakes::<T>::remove(dao, &who);
			} else {
				CuratorStakes::<T>::insert(dao, &who, stake);
			}
		}
		ensure!(amount > 0, Error::<T>::NothingToClaim);
		let amount: BalanceOf<T> = BalanceOf::<T>::try_from(amount).map_err(|_| Error::<T>::Overflow)?;
		// The DAO's account keeps its existential deposit: claims never reap it.
		T::Currency::transfer(&Self::dao_account(dao), &who, amount, Preservation::Preserve)?;
		Self::deposit_event(Event::Claimed { dao, who, amount });
		Ok(amount)
	}
}

