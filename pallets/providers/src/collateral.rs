//! Slot collateral: the part of a provider's bonded stake that backs the job slots it holds.
//!
//! A provider's stake backs every job it runs at once. If each slot only put "a share of
//! whatever is held at settlement" at risk, a provider could take many slots and lie on
//! all of them while losing at most its stake once. So each slot reserves its own
//! collateral when it is assigned (the settlement pallet decides how much) and a lie on the
//! slot loses that collateral: the sum of the collateral of the slots a provider holds
//! never exceeds the bonded stake it had free when it took them.
//!
//! Only bonded stake is free: an unbonding chunk may unlock before a new slot's last slash.

use crate::pallet::*;
use frame_support::pallet_prelude::*;
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::{Saturating, Zero};

impl<T: Config> Pallet<T> {
	/// Bonded stake as the draws at `now` see it (never more than is bonded now), less the
	/// collateral of the slots the provider holds.
	pub fn free_stake(who: &T::AccountId, p: &ProviderOf<T>, now: BlockNumberFor<T>) -> BalanceOf<T> {
		let bonded = Self::draw_view(p, now).stake.min(p.stake);
		bonded.saturating_sub(CollateralInUse::<T>::get(who))
	}

	/// Add `amount` to `who`'s collateral in use; fails if its free stake cannot cover it.
	pub(crate) fn reserve_collateral(
		who: &T::AccountId,
		p: &ProviderOf<T>,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(Self::free_stake(who, p, now) >= amount, Error::<T>::InsufficientFreeStake);
		CollateralInUse::<T>::mutate(who, |c| *c = c.saturating_add(amount));
		Ok(())
	}

	/// Return `amount` of `who`'s collateral when a slot ends (saturates at zero).
	pub(crate) fn release_collateral(who: &T::AccountId, amount: BalanceOf<T>) {
		if amount.is_zero() {
			return;
		}
		CollateralInUse::<T>::mutate_exists(who, |c| {
			*c = c.map(|c| c.saturating_sub(amount)).filter(|c| !c.is_zero());
		});
	}

	/// `try_state`: collateral is kept only for registered providers with jobs in hand.
	pub(crate) fn check_collateral() -> Result<(), sp_runtime::TryRuntimeError> {
		for (who, amount) in CollateralInUse::<T>::iter() {
			ensure!(!amount.is_zero(), "a zero collateral entry is stored");
			let p = Providers::<T>::get(&who).ok_or("collateral of a provider that is gone")?;
			ensure!(p.active_jobs > 0, "collateral in use by a provider with no jobs");
		}
		Ok(())
	}
}
