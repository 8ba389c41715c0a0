//! Why lying does not pay: the stake a provider needs to take a job, and the probability
//! that a job's agreed result is audited, both scaled to what the job pays.
//!
//! A provider that reveals a wrong result gains at most its pay for the job, `g = price ×
//! work_units` (it saves at most the compute it skipped, and is paid as if it had done it).
//! If audited by honest verifiers it loses `L = slash_fraction × held stake`. With audit
//! probability `a`, lying is unprofitable by the margin `m` when `a × L ≥ (1 + m) × g`.
//! The chain makes this hold for every job it matches:
//! - matching only assigns a provider whose bonded stake `S` has
//!   `slash_fraction × S ≥ (1 + m) × g` ([`Pallet::min_stake_for`]), so `a ≤ 1` suffices;
//! - an agreed result is audited with `a = max(audit_probability, (1 + m) × g / L)`
//!   ([`Pallet::audit_probability_for`]), whether one provider or several agree: several
//!   Sybil accounts of one operator agreeing on a lie face the same odds as one.

use crate::{pallet::*, resolve::ViewOf};
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

	/// Least bonded stake of a provider matched to a slot that pays `slot_value`:
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

	/// The probability that an agreed result backed by `revealers` is audited.
	pub(crate) fn audit_probability_for(job: &ViewOf<T>, revealers: &[T::AccountId]) -> Permill {
		let params = Parameters::<T>::get();
		let units: u128 = job.work_units.into();
		revealers.iter().fold(params.audit_probability, |p, who| {
			let price: u128 = Self::slot_price(job, who).unwrap_or_default().unique_saturated_into();
			let at_risk: u128 = (params.slash_fraction * T::Providers::held_stake(who)).unique_saturated_into();
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
