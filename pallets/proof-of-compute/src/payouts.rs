//! Money at the end of a round: providers' prices and verifiers' fees come out of the job's
//! escrow (through the jobs pallet); slashes move held stake (through the providers pallet)
//! to the submitter, the verifiers and the treasury. Nothing is created or destroyed.

use crate::{pallet::*, resolve::ViewOf};
use alloc::vec::Vec;
use frame_support::pallet_prelude::*;
use pallet_jobs::{JobId, JobsInterface};
use pallet_providers::{ProviderRegistry, SlashAmount};
use sp_runtime::traits::{Saturating, Zero};

impl<T: Config> Pallet<T> {
	/// Pay each winner its own price × work units.
	pub(crate) fn pay_providers(id: JobId, job: &ViewOf<T>, winners: &[T::AccountId]) {
		let Ok(units) = BalanceOf::<T>::try_from(job.work_units) else { return };
		for who in winners {
			let Some(price) = Self::slot_price(job, who) else { continue };
			if let Err(e) = T::Jobs::pay(id, who, price.saturating_mul(units)) {
				log::error!(target: "runtime::proof-of-compute", "paying {who:?} for job {id}: {e:?}");
			}
			T::Providers::record_success(who);
		}
	}

	/// Split the verification fee equally among the verifiers that answered; returns what
	/// was paid (the remainder of the division stays in escrow and is refunded).
	pub(crate) fn pay_verifiers(id: JobId, job: &ViewOf<T>, verifiers: &[T::AccountId]) -> BalanceOf<T> {
		let count = BalanceOf::<T>::from(verifiers.len() as u32);
		if count.is_zero() {
			return Zero::zero();
		}
		let each = job.verification_fee / count;
		let mut paid = BalanceOf::<T>::zero();
		for v in verifiers {
			T::Providers::record_success(v);
			if each.is_zero() {
				continue;
			}
			match T::Jobs::pay(id, v, each) {
				Ok(()) => paid = paid.saturating_add(each),
				Err(e) => log::error!(target: "runtime::proof-of-compute", "paying verifier of job {id}: {e:?}"),
			}
		}
		paid
	}

	/// Slash `fraction` of `who`'s held stake to `beneficiary` (a verifier's penalty).
	pub(crate) fn slash_to(id: JobId, who: &T::AccountId, fraction: sp_runtime::Perbill, beneficiary: &T::AccountId) {
		match T::Providers::slash(who, SlashAmount::Fraction(fraction), beneficiary) {
			Ok(amount) if !amount.is_zero() =>
				Self::emit(Event::VerifierSlashed { job: id, verifier: who.clone(), amount }),
			Ok(_) => {},
			Err(e) => log::error!(target: "runtime::proof-of-compute", "slashing verifier {who:?}: {e:?}"),
		}
	}

	/// Slash each of `losers` (providers of the job) its slot's collateral: first make the submitter
	/// whole for `compensation` (shared among the losers), then `verifier_slash_share` of the
	/// rest to `verifiers`, the remainder to the treasury.
	pub(crate) fn slash_all(
		id: JobId,
		job: &ViewOf<T>,
		losers: &[T::AccountId],
		compensation: BalanceOf<T>,
		verifiers: &[T::AccountId],
	) {
		if losers.is_empty() {
			return;
		}
		let params = Parameters::<T>::get();
		let share_of_compensation = compensation / BalanceOf::<T>::from(losers.len() as u32);
		for loser in losers {
			let total = Self::at_risk(job, loser);
			let to_submitter = total.min(share_of_compensation);
			let rest = total.saturating_sub(to_submitter);
			let mut moves: Vec<(T::AccountId, BalanceOf<T>)> = Vec::new();
			moves.push((job.submitter.clone(), to_submitter));
			let mut to_treasury = rest;
			if !verifiers.is_empty() {
				let each = (params.verifier_slash_share * rest) / BalanceOf::<T>::from(verifiers.len() as u32);
				for v in verifiers {
					moves.push((v.clone(), each));
					to_treasury = to_treasury.saturating_sub(each);
				}
			}
			moves.push((T::Treasury::get(), to_treasury));
			let mut moved = BalanceOf::<T>::zero();
			for (beneficiary, amount) in moves {
				if amount.is_zero() {
					continue;
				}
				match T::Providers::slash(loser, SlashAmount::Exact(amount), &beneficiary) {
					Ok(m) => moved = moved.saturating_add(m),
					Err(e) => log::error!(target: "runtime::proof-of-compute", "slashing {loser:?}: {e:?}"),
				}
			}
			T::Providers::record_failure(loser);
			Self::emit(Event::ProviderSlashed { job: id, provider: loser.clone(), amount: moved });
		}
	}
}
