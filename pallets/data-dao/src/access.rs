//! The jobs pallet's `DataAccess` hook: which jobs may read a dataset, who runs them, and
//! the access fee's way into the DAO.

use crate::{pallet::*, types::*, weights::WeightInfo};
use alloc::vec::Vec;
use frame_support::{pallet_prelude::*, weights::Weight};
use pallet_jobs::{traits::{AccessRequest, DataAccess}, AccessTicket, DatasetInput};
use sp_runtime::traits::{CheckedMul, Saturating, UniqueSaturatedInto};

impl<T: Config> Pallet<T> {
	/// Check `request` against its grant and take its budgets. Guards in the order a
	/// buyer would fix them: the DAO, the grant, who, what, how much.
	pub(crate) fn do_authorize(
		request: AccessRequest<'_, T::AccountId>,
	) -> Result<AccessTicket<T::AccountId, BalanceOf<T>>, DispatchError> {
		let first = request.datasets.first().ok_or(Error::<T>::GrantNotFound)?;
		let (dao, grant_id) = (first.dao, first.grant);
		let info = Self::live_dao(dao)?;
		let mut grant = Grants::<T>::get(dao, grant_id).ok_or(Error::<T>::GrantNotFound)?;
		ensure!(Self::now() < grant.terms.expires_at, Error::<T>::GrantExpired);
		ensure!(
			grant.terms.grantee.as_ref().map_or(true, |g| g == request.submitter),
			Error::<T>::NotGrantee
		);
		ensure!(grant.terms.kernels.contains(&request.kernel), Error::<T>::KernelNotGranted);
		ensure!(grant.terms.spec.map_or(true, |s| s == request.spec_hash), Error::<T>::SpecNotGranted);
		ensure!(
			grant.terms.layout.map_or(true, |l| l == request.dataset_positions),
			Error::<T>::LayoutNotGranted
		);
		ensure!(grant.terms.params.allows(request.params), Error::<T>::ParamsNotGranted);
		let units = grant.used_work_units.checked_add(request.work_units).ok_or(Error::<T>::Overflow)?;
		ensure!(units <= grant.terms.max_work_units, Error::<T>::WorkUnitsExhausted);
		let egress = grant.used_output_bytes.checked_add(request.output_bytes).ok_or(Error::<T>::Overflow)?;
		ensure!(egress <= grant.terms.max_output_bytes, Error::<T>::EgressExhausted);
		ensure!(!info.custodians.is_empty(), Error::<T>::NoCustodians);
		let limit = request.datasets.iter().map(|d| d.max_fee_per_unit).min().unwrap_or(0);
		let price: u128 = grant.terms.price_per_unit.unique_saturated_into();
		ensure!(price <= limit, Error::<T>::AccessPriceAboveLimit);
		let work: BalanceOf<T> =
			BalanceOf::<T>::try_from(request.work_units as u128).map_err(|_| Error::<T>::Overflow)?;
		let fee = grant.terms.price_per_unit.checked_mul(&work).ok_or(Error::<T>::Overflow)?;
		grant.used_work_units = units;
		grant.used_output_bytes = egress;
		Grants::<T>::insert(dao, grant_id, grant);
		Ok(AccessTicket {
			dao,
			grant: grant_id,
			recipient: Self::dao_account(dao),
			fee,
			work_units: request.work_units,
			output_bytes: request.output_bytes,
		})
	}

	/// Give a failed job's budgets back to its grant, if the grant is still there. Output
	/// bytes stay spent once a custodian computed the job: they may have left.
	pub(crate) fn restore_budgets(ticket: &AccessTicket<T::AccountId, BalanceOf<T>>, computed: bool) {
		Grants::<T>::mutate(ticket.dao, ticket.grant, |grant| {
			if let Some(grant) = grant {
				grant.used_work_units = grant.used_work_units.saturating_sub(ticket.work_units);
				if !computed {
					grant.used_output_bytes = grant.used_output_bytes.saturating_sub(ticket.output_bytes);
				}
			}
		});
	}
}

impl<T: Config> DataAccess<T::AccountId, BalanceOf<T>> for Pallet<T> {
	fn item_len(input: &DatasetInput) -> Result<u64, DispatchError> {
		let grant = Grants::<T>::get(input.dao, input.grant).ok_or(Error::<T>::GrantNotFound)?;
		let version = Versions::<T>::get(input.dao, grant.terms.version).ok_or(Error::<T>::ItemNotInVersion)?;
		let item = Items::<T>::get(input.dao, input.item).ok_or(Error::<T>::ItemNotInVersion)?;
		match item.state {
			ItemState::Accepted { index, .. } if index < version.items => Ok(item.size),
			_ => Err(Error::<T>::ItemNotInVersion.into()),
		}
	}

	fn authorize(
		request: AccessRequest<'_, T::AccountId>,
	) -> Result<AccessTicket<T::AccountId, BalanceOf<T>>, DispatchError> {
		Self::do_authorize(request)
	}

	fn custodians(ticket: &AccessTicket<T::AccountId, BalanceOf<T>>) -> Vec<T::AccountId> {
		// Read when the job is matched: a custodian removed meanwhile is not drawn.
		Daos::<T>::get(ticket.dao).map(|d| d.custodians.into_inner()).unwrap_or_default()
	}

	fn on_settled(ticket: &AccessTicket<T::AccountId, BalanceOf<T>>, paid: BalanceOf<T>) {
		if let Err(e) = Self::receive_revenue(ticket.dao, paid.unique_saturated_into()) {
			// The fee is in the DAO's account already: keep it accounted, in the treasury.
			log::error!(target: "runtime::data-dao", "revenue of DAO {}: {e:?}", ticket.dao);
			Daos::<T>::mutate(ticket.dao, |info| {
				if let Some(info) = info {
					info.treasury = info.treasury.saturating_add(paid);
				}
			});
		}
	}

	fn on_refunded(ticket: &AccessTicket<T::AccountId, BalanceOf<T>>, computed: bool) {
		Self::restore_budgets(ticket, computed);
	}

	fn authorize_weight() -> Weight {
		T::WeightInfo::authorize()
	}
}
