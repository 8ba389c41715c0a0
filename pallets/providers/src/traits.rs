//! How the jobs and proof-of-compute pallets reach providers.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use frame_support::pallet_prelude::*;
use sp_runtime::DispatchError;
use tensorgrid_primitives::KernelId;

/// The provider registry as other pallets see it.
pub trait ProviderRegistry<AccountId, Balance> {
	/// Providers that may take a job of `kernel` at no more than `max_price` per work unit
	/// now: active, heartbeat within the window, stake at least the minimum, free capacity.
	/// At most `MaxProviders` entries, in storage order.
	fn eligible(kernel: KernelId, max_price: Balance) -> Vec<Candidate<AccountId, Balance>>;

	/// How many providers are registered (the cost of one `eligible` scan).
	fn provider_count() -> u32;

	/// Whether `who` may take a job of `kernel` now.
	fn is_eligible(who: &AccountId, kernel: KernelId) -> bool;

	/// Take one unit of `who`'s capacity for an assigned job or audit, and `collateral` of
	/// its free stake (zero for an audit). Fails without a change if either is short.
	fn reserve_capacity(who: &AccountId, collateral: Balance) -> Result<(), DispatchError>;

	/// Return one unit of capacity and the slot's `collateral` when a job or audit ends
	/// (never fails; saturates at zero).
	fn release_capacity(who: &AccountId, collateral: Balance);

	/// The collateral of the slots `who` holds now.
	fn collateral_in_use(who: &AccountId) -> Balance;

	/// Move held stake to `beneficiary`; returns the amount moved (capped at what is held).
	fn slash(
		who: &AccountId,
		amount: SlashAmount<Balance>,
		beneficiary: &AccountId,
	) -> Result<Balance, DispatchError>;

	/// A proven result: reputation up.
	fn record_success(who: &AccountId);

	/// A wrong or missing result: reputation down.
	fn record_failure(who: &AccountId);

	/// Everything held for `who` (bonded and unbonding).
	fn held_stake(who: &AccountId) -> Balance;

	/// Every provider with the capacity it has in use (for `try_state` cross-checks).
	fn capacity_in_use() -> Vec<(AccountId, u32)>;

	/// Blocks before a provider's change (a registration included) reaches the draws.
	fn draw_delay() -> u32;

	/// The provider whose operator key is `who` (a provider that named no key is its own).
	fn provider_of_operator(who: &AccountId) -> Option<AccountId>;

	/// The operator key of provider `who`.
	fn operator_of(who: &AccountId) -> Option<AccountId>;
}

impl<T: Config> ProviderRegistry<T::AccountId, BalanceOf<T>> for Pallet<T> {
	fn eligible(kernel: KernelId, max_price: BalanceOf<T>) -> Vec<Candidate<T::AccountId, BalanceOf<T>>> {
		let now = frame_system::Pallet::<T>::block_number();
		let params = Parameters::<T>::get();
		Providers::<T>::iter()
			.filter_map(|(account, p)| {
				let view = Self::draw_view(&p, now);
				(view.price_per_unit <= max_price && Self::is_eligible_at(&p, kernel, now, &params))
					.then_some((account, p, view))
			})
			.map(|(account, p, view)| Candidate {
				free_stake: Self::free_stake(&account, &p, now),
				account,
				// The advertised price and stake the draw saw (`DrawDelay` blocks old), the
				// stake never more than is held now: a view kept old by a change every block
				// must not lend draw weight or collateral that was withdrawn since.
				price_per_unit: view.price_per_unit,
				stake: view.stake.min(p.total_held()),
				reputation_permill: p.reputation.permill(now, params.reputation_half_life),
			})
			.collect()
	}

	fn provider_count() -> u32 {
		Providers::<T>::count()
	}

	fn is_eligible(who: &T::AccountId, kernel: KernelId) -> bool {
		let now = frame_system::Pallet::<T>::block_number();
		Providers::<T>::get(who)
			.is_some_and(|p| Self::is_eligible_at(&p, kernel, now, &Parameters::<T>::get()))
	}

	fn reserve_capacity(who: &T::AccountId, collateral: BalanceOf<T>) -> Result<(), DispatchError> {
		Providers::<T>::try_mutate(who, |p| {
			let p = p.as_mut().ok_or(Error::<T>::NotRegistered)?;
			ensure!(p.active_jobs < p.profile.max_concurrent_jobs, Error::<T>::NoFreeCapacity);
			Self::reserve_collateral(who, p, collateral)?;
			p.active_jobs += 1;
			Ok(())
		})
	}

	fn release_capacity(who: &T::AccountId, collateral: BalanceOf<T>) {
		Providers::<T>::mutate(who, |p| {
			if let Some(p) = p {
				p.active_jobs = p.active_jobs.saturating_sub(1);
			}
		});
		Self::release_collateral(who, collateral);
	}

	fn collateral_in_use(who: &T::AccountId) -> BalanceOf<T> {
		CollateralInUse::<T>::get(who)
	}

	fn slash(
		who: &T::AccountId,
		amount: SlashAmount<BalanceOf<T>>,
		beneficiary: &T::AccountId,
	) -> Result<BalanceOf<T>, DispatchError> {
		Self::do_slash(who, amount, beneficiary)
	}

	fn record_success(who: &T::AccountId) {
		Self::record_outcome(who, true)
	}

	fn record_failure(who: &T::AccountId) {
		Self::record_outcome(who, false)
	}

	fn held_stake(who: &T::AccountId) -> BalanceOf<T> {
		Providers::<T>::get(who).map(|p| p.total_held()).unwrap_or_default()
	}

	fn draw_delay() -> u32 {
		use sp_runtime::traits::UniqueSaturatedInto;
		T::DrawDelay::get().unique_saturated_into()
	}

	fn provider_of_operator(who: &T::AccountId) -> Option<T::AccountId> {
		Pallet::<T>::provider_of_operator(who)
	}

	fn operator_of(who: &T::AccountId) -> Option<T::AccountId> {
		OperatorOf::<T>::get(who)
	}

	fn capacity_in_use() -> Vec<(T::AccountId, u32)> {
		Providers::<T>::iter().map(|(who, p)| (who, p.active_jobs)).collect()
	}
}

impl<T: Config> Pallet<T> {
	fn record_outcome(who: &T::AccountId, success: bool) {
		let now = frame_system::Pallet::<T>::block_number();
		let half_life = Parameters::<T>::get().reputation_half_life;
		let permill = Providers::<T>::mutate(who, |p| {
			p.as_mut().map(|p| {
				if success {
					p.reputation.record_success(now, half_life);
				} else {
					p.reputation.record_failure(now, half_life);
				}
				p.reputation.permill(now, half_life)
			})
		});
		if let Some(permill) = permill {
			Self::deposit_event(Event::ReputationChanged { provider: who.clone(), success, permill });
		}
	}
}
