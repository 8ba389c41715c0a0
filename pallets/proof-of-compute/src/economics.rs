//! Why lying does not pay: the collateral a provider puts up for each slot it takes, the
//! probability that a job's agreed result is audited, and what an audit's verifiers are
//! paid, all scaled to what the job pays.
//!
//! A provider that reveals a wrong result gains at most its pay for the slot, `g = price ×
//! work_units` (it saves at most the compute it skipped, and is paid as if it had done it).
//! If audited by honest verifiers it loses the slot's collateral `c`. With audit
//! probability `a`, lying is unprofitable by the margin `m` when `a × c ≥ (1 + m) × g`.
//! The chain makes this hold for every slot it assigns:
//! - each slot reserves its own collateral out of the provider's *free* bonded stake `F`
//!   (stake not already backing another slot): `c = min(slash_fraction × F,
//!   max((1 + m) × g / audit_probability, MinSlotCollateral))`, and a provider may take
//!   the slot only if `c ≥ (1 + m) × g` ([`Pallet::slot_collateral`]). The collateral of
//!   the slots a provider holds never adds up to more than its bonded stake, so lying on
//!   many jobs at once costs each job's collateral, not one slash of the same stake;
//! - an agreed result is audited with `a = max(audit_probability, (1 + m) × g / c)`
//!   ([`Pallet::audit_probability_for`]), whether one provider or several agree: several
//!   Sybil accounts of one operator agreeing on a lie face the same odds as one;
//! - the job's escrow holds `auditors_per_dispute` slots at the maximum price for the
//!   verifiers ([`Pallet::verification_fee`]), so each verifier of a decided audit is paid
//!   what the submitter offered a provider to run the job.

use crate::{pallet::*, resolve::ViewOf};
use frame_support::traits::Get;
use pallet_providers::ProviderRegistry;
use sp_runtime::{
	traits::{UniqueSaturatedInto, Zero},
	Perbill, Permill,
};

impl<T: Config> Pallet<T> {
	/// `(1 + m) × value` in u128.
	pub(crate) fn deterrent(value: u128, margin: Perbill) -> u128 {
		value.saturating_add(margin * value)
	}

	/// Least free stake of a provider that may take a slot paying `slot_value`:
	/// `ceil((1 + m) × value / slash_fraction)`.
	pub fn min_stake_for(slot_value: u128) -> u128 {
		let params = Parameters::<T>::get();
		let needed = Self::deterrent(slot_value, params.lie_margin);
		let parts = params.slash_fraction.deconstruct() as u128;
		if parts == 0 {
			return u128::MAX;
		}
		// needed / (parts / 10^9), rounded up.
		let billion = <Perbill as sp_runtime::PerThing>::ACCURACY as u128;
		needed.saturating_mul(billion).saturating_add(parts - 1) / parts
	}

	/// The collateral a provider with `free_stake` puts up for a slot paying `slot_value`,
	/// or `None` if that is less than a lie on the slot could gain with the margin.
	///
	/// `slash_fraction` of the free stake, but no more than makes the floor audit
	/// probability deterrent enough (so that a provider can back many small jobs at once),
	/// and at least `MinSlotCollateral` when the free stake allows (a lie on a cheap job
	/// still costs something).
	pub fn slot_collateral(slot_value: u128, free_stake: u128) -> Option<u128> {
		let params = Parameters::<T>::get();
		let needed = Self::deterrent(slot_value, params.lie_margin);
		let offered = params.slash_fraction * free_stake;
		let floor: u128 = T::MinSlotCollateral::get().unique_saturated_into();
		let audit_parts = params.audit_probability.deconstruct() as u128;
		let enough = if audit_parts == 0 {
			u128::MAX
		} else {
			needed.saturating_mul(1_000_000).div_ceil(audit_parts)
		};
		let collateral = offered.min(enough.max(floor));
		(collateral >= needed && !collateral.is_zero()).then_some(collateral)
	}

	/// The verification fee of a job one of whose slots pays `slot_value` at the maximum
	/// price: one such slot for each verifier an audit draws.
	pub fn verification_fee(slot_value: u128) -> u128 {
		slot_value.saturating_mul(Parameters::<T>::get().auditors_per_dispute.into())
	}

	/// What a wrong or missing result on `who`'s slot of `job` costs it: the slot's
	/// collateral. A slot assigned before storage version 2 has none recorded and risks
	/// `slash_fraction` of the held stake, as it did then.
	pub(crate) fn at_risk(job: &ViewOf<T>, who: &T::AccountId) -> BalanceOf<T> {
		match job.slots.iter().find(|s| &s.provider == who) {
			Some(slot) if !slot.collateral.is_zero() => slot.collateral,
			_ => Parameters::<T>::get().slash_fraction * T::Providers::held_stake(who),
		}
	}

	/// The audit probability of an agreed result on one slot paying `slot_value` that put
	/// up `collateral` (see [`Self::audit_probability_for`]).
	pub fn slot_audit_probability(slot_value: u128, collateral: u128) -> Permill {
		let params = Parameters::<T>::get();
		probability(slot_value, collateral, params.lie_margin, params.audit_probability)
	}

	/// The probability that an agreed result backed by `revealers` is audited.
	pub(crate) fn audit_probability_for(job: &ViewOf<T>, revealers: &[T::AccountId]) -> Permill {
		let params = Parameters::<T>::get();
		let units: u128 = job.work_units.into();
		revealers.iter().fold(params.audit_probability, |p, who| {
			let price: u128 = Self::slot_price(job, who).unwrap_or_default().unique_saturated_into();
			let at_risk: u128 = Self::at_risk(job, who).unique_saturated_into();
			p.max(probability(price.saturating_mul(units), at_risk, params.lie_margin, params.audit_probability))
		})
	}
}

/// `max(base, (1 + m) × gain / at_risk)`, rounded up to the next part per million (1 when
/// nothing is at risk or the stake cannot cover the gain).
pub(crate) fn probability(gain: u128, at_risk: u128, margin: Perbill, base: Permill) -> Permill {
	let deterrent = gain.saturating_add(margin * gain);
	if at_risk.is_zero() || deterrent >= at_risk {
		return Permill::one();
	}
	// ceil(deterrent × 10^6 / at_risk) parts per million.
	let parts = deterrent.saturating_mul(1_000_000).div_ceil(at_risk);
	Permill::from_parts(parts.min(1_000_000) as u32).max(base)
}
