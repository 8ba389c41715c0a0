//! Contributions: items by hash and size, curator review, acceptance into a new dataset
//! version, and the shares it mints.

use crate::{merkle, pallet::*, types::*};
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision, Restriction},
	},
};
use sp_runtime::traits::CheckedAdd;
use tensorgrid_primitives::Digest;

impl<T: Config> Pallet<T> {
	/// Shares an accepted item mints: `min(⌈size / ShareUnitBytes⌉, MaxUnitsPerItem) × rating`.
	pub fn shares_for(size: u64, rating: u8) -> u128 {
		let unit = T::ShareUnitBytes::get().max(1);
		let units = size.div_ceil(unit).min(T::MaxUnitsPerItem::get());
		units as u128 * rating as u128
	}

	pub(crate) fn do_contribute(who: T::AccountId, dao: DaoId, item: Digest, size: u64) -> DispatchResult {
		let mut info = Self::live_dao(dao)?;
		ensure!(size > 0, Error::<T>::EmptyItem);
		ensure!(!Items::<T>::contains_key(dao, item), Error::<T>::ItemExists);
		// Automatic acceptance is for members (contributors curators already accepted):
		// unverified claims from strangers would otherwise mint voting shares at will.
		let member = Members::<T>::get(dao, &who).is_some_and(|m| m.stake.weight > 0);
		let auto = info.rules.auto_accept.filter(|a| size <= a.max_item_bytes && member);
		if auto.is_none() {
			ensure!(info.pending_items < T::MaxPendingItems::get(), Error::<T>::TooManyPending);
		}
		ensure!((info.items as u64) < merkle::CAPACITY, Error::<T>::DatasetFull);
		let deposit = T::ItemDeposit::get();
		T::Currency::hold(&HoldReason::ItemDeposit.into(), &who, deposit)
			.map_err(|_| Error::<T>::InsufficientBalance)?;
		Items::<T>::insert(
			dao,
			item,
			ItemOf::<T> {
				contributor: who.clone(),
				size,
				deposit,
				state: ItemState::Pending { reviews: BoundedVec::new() },
			},
		);
		info.pending_items += 1;
		Self::deposit_event(Event::ItemContributed { dao, item, contributor: who, size });
		if let Some(rule) = auto {
			Self::accept_items(dao, &mut info, &[(item, rule.rating)])?;
		}
		Daos::<T>::insert(dao, info);
		Ok(())
	}

	pub(crate) fn do_withdraw(who: T::AccountId, dao: DaoId, item: Digest) -> DispatchResult {
		let entry = Items::<T>::get(dao, item).ok_or(Error::<T>::ItemNotFound)?;
		ensure!(entry.contributor == who, Error::<T>::NotContributor);
		let ItemState::Pending { reviews } = &entry.state else { return Err(Error::<T>::NotPending.into()) };
		// Once curators looked at it, withdrawing would dodge a rejection's forfeit.
		ensure!(reviews.is_empty(), Error::<T>::AlreadyReviewed);
		T::Currency::release(&HoldReason::ItemDeposit.into(), &who, entry.deposit, Precision::Exact)?;
		Items::<T>::remove(dao, item);
		Daos::<T>::mutate(dao, |info| {
			if let Some(info) = info {
				info.pending_items = info.pending_items.saturating_sub(1);
			}
		});
		Self::deposit_event(Event::ItemWithdrawn { dao, item });
		Ok(())
	}

	pub(crate) fn do_review(who: T::AccountId, dao: DaoId, item: Digest, rating: u8) -> DispatchResult {
		let mut info = Self::live_dao(dao)?;
		ensure!(info.curators.contains(&who), Error::<T>::NotCurator);
		ensure!(rating <= 5, Error::<T>::BadRating);
		let mut entry = Items::<T>::get(dao, item).ok_or(Error::<T>::ItemNotFound)?;
		let ItemState::Pending { reviews } = &mut entry.state else { return Err(Error::<T>::NotPending.into()) };
		// Reviews by curators since removed no longer count.
		reviews.retain(|(c, _)| info.curators.contains(c));
		match reviews.iter_mut().find(|(c, _)| *c == who) {
			Some(review) => review.1 = rating,
			// Room: every remaining review is by a distinct current curator.
			None => reviews.try_push((who.clone(), rating)).map_err(|_| Error::<T>::TooMany)?,
		}
		Self::deposit_event(Event::ItemReviewed { dao, item, curator: who, rating });
		let majority = info.curators.len() / 2 + 1;
		let accepting: alloc::vec::Vec<u8> = reviews.iter().map(|(_, r)| *r).filter(|r| *r > 0).collect();
		let rejecting = reviews.len() - accepting.len();
		if accepting.len() >= majority {
			let mean = accepting.iter().map(|r| *r as u32).sum::<u32>() / accepting.len() as u32;
			Items::<T>::insert(dao, item, entry);
			Self::accept_items(dao, &mut info, &[(item, mean.max(1) as u8)])?;
			Daos::<T>::insert(dao, info);
		} else if rejecting >= majority {
			Self::reject_item(dao, &mut info, item, entry)?;
			Daos::<T>::insert(dao, info);
		} else {
			Items::<T>::insert(dao, item, entry);
		}
		Ok(())
	}

	/// Accept the still-pending of `items` with their ratings, in order, and cut one new
	/// version (items withdrawn or decided since are skipped: one of them must not void
	/// a whole voted batch). Fails without a change if the tree would overflow.
	pub(crate) fn accept_items(dao: DaoId, info: &mut DaoOf<T>, items: &[(Digest, u8)]) -> DispatchResult {
		ensure!(items.iter().all(|(_, r)| (1..=5).contains(r)), Error::<T>::BadRating);
		let mut frontier = Frontiers::<T>::get(dao);
		let version = info.version.checked_add(1).ok_or(Error::<T>::Overflow)?;
		let now = Self::now();
		let mut accepted = alloc::vec::Vec::with_capacity(items.len());
		for (item, rating) in items {
			let Some(entry) = Items::<T>::get(dao, item) else { continue };
			if !matches!(entry.state, ItemState::Pending { .. }) || accepted.iter().any(|(i, _, _)| i == item) {
				continue;
			}
			ensure!(frontier.append(merkle::leaf(item, entry.size)), Error::<T>::DatasetFull);
			accepted.push((*item, *rating, entry));
		}
		let accepted_count = accepted.len();
		for (item, rating, mut entry) in accepted {
			let index = info.items;
			let shares = Self::shares_for(entry.size, rating);
			Self::mint_shares(dao, info, &entry.contributor, shares, now)?;
			info.items = index + 1;
			info.bytes = info.bytes.saturating_add(entry.size);
			info.pending_items = info.pending_items.saturating_sub(1);
			entry.state = ItemState::Accepted { index, version, rating, shares };
			Items::<T>::insert(dao, item, entry);
			ItemAt::<T>::insert(dao, index, item);
			Self::deposit_event(Event::ItemAccepted { dao, item, index, rating, shares });
		}
		if accepted_count == 0 {
			return Ok(());
		}
		let root = frontier.root();
		Frontiers::<T>::insert(dao, frontier);
		info.version = version;
		Versions::<T>::insert(dao, version, Version { root, items: info.items, bytes: info.bytes, created_at: now });
		Self::deposit_event(Event::VersionCreated { dao, version, root, items: info.items });
		Ok(())
	}

	/// Refuse a pending item: its deposit goes to the DAO's treasury (a deterrent against
	/// flooding curators with junk; withdrawing before review costs nothing).
	pub(crate) fn reject_item(dao: DaoId, info: &mut DaoOf<T>, item: Digest, entry: ItemOf<T>) -> DispatchResult {
		ensure!(matches!(entry.state, ItemState::Pending { .. }), Error::<T>::NotPending);
		T::Currency::transfer_on_hold(
			&HoldReason::ItemDeposit.into(),
			&entry.contributor,
			&Self::dao_account(dao),
			entry.deposit,
			Precision::Exact,
			Restriction::Free,
			Fortitude::Polite,
		)?;
		info.treasury = info.treasury.checked_add(&entry.deposit).ok_or(Error::<T>::Overflow)?;
		info.pending_items = info.pending_items.saturating_sub(1);
		Items::<T>::remove(dao, item);
		Self::deposit_event(Event::ItemRejected { dao, item });
		Ok(())
	}

	/// Give `who` `shares` more: settle its revenue first, then record a checkpoint and
	/// the DAO's total as it was before this block's first mint.
	pub(crate) fn mint_shares(
		dao: DaoId,
		info: &mut DaoOf<T>,
		who: &T::AccountId,
		shares: u128,
		now: frame_system::pallet_prelude::BlockNumberFor<T>,
	) -> DispatchResult {
		let mut member = Members::<T>::get(dao, who).unwrap_or_default();
		let mut pool = MemberPools::<T>::get(dao);
		let total = member.stake.weight.checked_add(shares).ok_or(Error::<T>::Overflow)?;
		pool.set_weight(&mut member.stake, total).map_err(|_| Error::<T>::Overflow)?;
		match member.checkpoints.last_mut() {
			Some((at, value)) if *at == now => *value = total,
			_ => {
				// Full: replace the newest instead of dropping the oldest, so a burst of mints
				// (say a curator accepting items one block at a time) can only undercount a
				// vote on proposals made during the burst, never take away older weight.
				if member.checkpoints.is_full() {
					member.checkpoints.pop();
				}
				let _ = member.checkpoints.try_push((now, total));
			},
		}
		if info.minted_at != now {
			info.shares_before_block = info.total_shares;
			info.minted_at = now;
		}
		info.total_shares = info.total_shares.checked_add(shares).ok_or(Error::<T>::Overflow)?;
		MemberPools::<T>::insert(dao, pool);
		Members::<T>::insert(dao, who, member);
		Ok(())
	}

	/// Shares `who` held before block `at` (what it votes with on a proposal created then).
	pub(crate) fn shares_before(member: &MemberOf<T>, at: frame_system::pallet_prelude::BlockNumberFor<T>) -> u128 {
		member.checkpoints.iter().rev().find(|(block, _)| *block < at).map(|(_, s)| *s).unwrap_or(0)
	}

	/// The DAO's total shares before block `at`, for a proposal created in the current block.
	pub(crate) fn electorate(info: &DaoOf<T>, now: frame_system::pallet_prelude::BlockNumberFor<T>) -> u128 {
		if info.minted_at == now { info.shares_before_block } else { info.total_shares }
	}
}

