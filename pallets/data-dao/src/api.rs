//! What the runtime API serves.

use crate::{merkle, pallet::*, types::*};
use alloc::vec::Vec;
use sp_runtime::traits::UniqueSaturatedInto;
use tensorgrid_primitives::Digest;

/// Most items of a version `item_proof` walks.
pub const MAX_PROOF_ITEMS: u64 = 1 << 16;

impl<T: Config> Pallet<T> {
	/// `DataDaoApi::member`.
	pub fn api_member(dao: DaoId, who: T::AccountId) -> Option<MemberSummary<BalanceOf<T>>> {
		let shares = Members::<T>::get(dao, &who).map(|m| m.stake.weight);
		let curator = CuratorStakes::<T>::contains_key(dao, &who);
		if shares.is_none() && !curator {
			return None;
		}
		Some(MemberSummary {
			shares: shares.unwrap_or(0),
			claimable: Self::claimable(dao, &who).unique_saturated_into(),
		})
	}

	/// `DataDaoApi::item_proof`: reads every leaf of the version (an API call, not a
	/// transaction), for versions of at most [`MAX_PROOF_ITEMS`] items.
	pub fn api_item_proof(dao: DaoId, version: VersionId, item: Digest) -> Option<ItemProof> {
		let v = Versions::<T>::get(dao, version)?;
		let ItemState::Accepted { index, .. } = Items::<T>::get(dao, item)?.state else { return None };
		// Bounded work per call on a public RPC node; larger datasets prove from `ItemAt`.
		if index >= v.items || v.items > MAX_PROOF_ITEMS {
			return None;
		}
		let leaves: Vec<Digest> = (0..v.items)
			.map(|i| {
				let hash = ItemAt::<T>::get(dao, i).unwrap_or_default();
				let size = Items::<T>::get(dao, hash).map(|it| it.size).unwrap_or(0);
				merkle::leaf(&hash, size)
			})
			.collect();
		let siblings = merkle::proof(&leaves, index as usize)?;
		Some(ItemProof { index, leaf: leaves[index as usize], siblings, root: v.root })
	}
}
