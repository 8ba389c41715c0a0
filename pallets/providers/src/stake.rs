//! Stake on holds: bonding, unbonding, withdrawal, leaving, and slashing. Every movement
//! goes through the currency's hold API, so balance is only ever moved, never minted or
//! burnt, and `TotalHeld` tracks the sum of all provider holds.

use crate::{pallet::*, types::*};
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{Inspect, InspectHold, MutateHold},
		tokens::{Fortitude, Precision, Preservation, Restriction},
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{CheckedAdd, Saturating, Zero},
	DispatchResult,
};

impl<T: Config> Pallet<T> {
	/// Hold `amount` from `who`'s free balance and add it to `TotalHeld`.
	pub(crate) fn hold_stake(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		// Keep the account alive: stake never reaps the provider's account.
		let spendable =
			T::Currency::reducible_balance(who, Preservation::Preserve, Fortitude::Polite);
		ensure!(spendable >= amount, Error::<T>::InsufficientBalance);
		let total = TotalHeld::<T>::get().checked_add(&amount).ok_or(Error::<T>::Overflow)?;
		T::Currency::hold(&HoldReason::ProviderStake.into(), who, amount)
			.map_err(|_| Error::<T>::InsufficientBalance)?;
		TotalHeld::<T>::put(total);
		Ok(())
	}

	pub(crate) fn do_bond_extra(who: T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		let mut p = Providers::<T>::get(&who).ok_or(Error::<T>::NotRegistered)?;
		ensure!(p.status != ProviderStatus::Leaving, Error::<T>::Leaving);
		Self::note_change(&mut p, frame_system::Pallet::<T>::block_number());
		p.stake = p.stake.checked_add(&amount).ok_or(Error::<T>::Overflow)?;
		Self::hold_stake(&who, amount)?;
		Providers::<T>::insert(&who, p);
		Self::deposit_event(Event::Bonded { provider: who, amount });
		Ok(())
	}

	/// Move `amount` of `p`'s bonded stake into a new unbonding chunk.
	fn start_unbonding(
		p: &mut ProviderOf<T>,
		amount: BalanceOf<T>,
	) -> Result<BlockNumberFor<T>, DispatchError> {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		ensure!(amount <= p.stake, Error::<T>::UnbondExceedsStake);
		let now = frame_system::Pallet::<T>::block_number();
		Self::note_change(p, now);
		let unlock_at = now.saturating_add(Parameters::<T>::get().unbonding_period);
		p.unbonding
			.try_push(UnbondingChunk { amount, unlock_at })
			.map_err(|_| Error::<T>::TooManyUnbondingChunks)?;
		p.stake -= amount;
		Ok(unlock_at)
	}

	pub(crate) fn do_unbond(who: T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		let mut p = Providers::<T>::get(&who).ok_or(Error::<T>::NotRegistered)?;
		ensure!(p.status != ProviderStatus::Leaving, Error::<T>::Leaving);
		// A registered provider keeps the minimum bonded; to take everything out, leave.
		let remaining = p.stake.saturating_sub(amount);
		ensure!(
			remaining >= Parameters::<T>::get().min_provider_stake,
			if amount > p.stake { Error::<T>::UnbondExceedsStake } else { Error::<T>::StakeTooLow }
		);
		let unlock_at = Self::start_unbonding(&mut p, amount)?;
		Providers::<T>::insert(&who, p);
		Self::deposit_event(Event::Unbonding { provider: who, amount, unlock_at });
		Ok(())
	}

	pub(crate) fn do_withdraw_unbonded(who: T::AccountId) -> DispatchResult {
		let mut p = Providers::<T>::get(&who).ok_or(Error::<T>::NotRegistered)?;
		let now = frame_system::Pallet::<T>::block_number();
		let mut amount = BalanceOf::<T>::zero();
		p.unbonding.retain(|c| {
			if c.unlock_at <= now {
				amount = amount.saturating_add(c.amount);
				false
			} else {
				true
			}
		});
		ensure!(!amount.is_zero(), Error::<T>::NothingToWithdraw);
		Self::release_exact(&who, amount)?;
		TotalHeld::<T>::mutate(|t| *t = t.saturating_sub(amount));
		Self::deposit_event(Event::Withdrawn { provider: who.clone(), amount });
		if p.status == ProviderStatus::Leaving && p.unbonding.is_empty() {
			Self::remove_provider(&who);
		} else {
			Providers::<T>::insert(&who, p);
		}
		Ok(())
	}

	pub(crate) fn do_deregister(who: T::AccountId) -> DispatchResult {
		let mut p = Providers::<T>::get(&who).ok_or(Error::<T>::NotRegistered)?;
		ensure!(p.status != ProviderStatus::Leaving, Error::<T>::Leaving);
		ensure!(p.active_jobs == 0, Error::<T>::HasActiveJobs);
		if !p.stake.is_zero() {
			let amount = p.stake;
			let unlock_at = Self::start_unbonding(&mut p, amount)?;
			Self::deposit_event(Event::Unbonding { provider: who.clone(), amount, unlock_at });
		}
		Self::note_change(&mut p, frame_system::Pallet::<T>::block_number());
		p.status = ProviderStatus::Leaving;
		if p.unbonding.is_empty() {
			// Everything was slashed away: nothing to wait for.
			Self::deposit_event(Event::Deregistered { provider: who.clone() });
			Self::remove_provider(&who);
		} else {
			Providers::<T>::insert(&who, p);
			Self::deposit_event(Event::Deregistered { provider: who });
		}
		Ok(())
	}

	/// Move up to `amount` of `who`'s held stake to `beneficiary`: bonded stake first, then
	/// unbonding chunks newest first (they are still answerable for jobs taken before the
	/// provider unbonded). Returns what was moved.
	pub(crate) fn do_slash(
		who: &T::AccountId,
		amount: SlashAmount<BalanceOf<T>>,
		beneficiary: &T::AccountId,
	) -> Result<BalanceOf<T>, DispatchError> {
		let mut p = Providers::<T>::get(who).ok_or(Error::<T>::NotRegistered)?;
		let held = p.total_held();
		let target = match amount {
			SlashAmount::Exact(a) => a.min(held),
			SlashAmount::Fraction(f) => f * held,
		};
		if target.is_zero() {
			return Ok(target);
		}
		let moved = T::Currency::transfer_on_hold(
			&HoldReason::ProviderStake.into(),
			who,
			beneficiary,
			target,
			Precision::BestEffort,
			Restriction::Free,
			Fortitude::Force,
		)?;
		Self::note_change(&mut p, frame_system::Pallet::<T>::block_number());
		let mut left = moved;
		let from_stake = left.min(p.stake);
		p.stake -= from_stake;
		left -= from_stake;
		for chunk in p.unbonding.iter_mut().rev() {
			let take = left.min(chunk.amount);
			chunk.amount -= take;
			left -= take;
		}
		p.unbonding.retain(|c| !c.amount.is_zero());
		TotalHeld::<T>::mutate(|t| *t = t.saturating_sub(moved));
		if p.status == ProviderStatus::Leaving && p.unbonding.is_empty() {
			Self::remove_provider(who);
		} else {
			Providers::<T>::insert(who, p);
		}
		Self::deposit_event(Event::Slashed {
			provider: who.clone(),
			amount: moved,
			beneficiary: beneficiary.clone(),
		});
		debug_assert_eq!(
			T::Currency::balance_on_hold(&HoldReason::ProviderStake.into(), who),
			Providers::<T>::get(who).map(|p| p.total_held()).unwrap_or_default()
		);
		Ok(moved)
	}
}
