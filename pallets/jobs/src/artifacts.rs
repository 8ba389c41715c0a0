//! Content-addressed artifacts: model weights and large inputs stored once, named by hash.

use crate::{pallet::*, types::InputRef};
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::MutateHold,
		tokens::Precision,
	},
};
use sp_runtime::traits::Saturating;
use tensorgrid_primitives::{digest_of, Digest};

impl<T: Config> Pallet<T> {
	/// Deposit for an artifact of `len` bytes.
	pub fn artifact_deposit(len: u32) -> BalanceOf<T> {
		T::ArtifactByteDeposit::get()
			.saturating_mul(len.into())
			.saturating_add(T::ArtifactBaseDeposit::get())
	}

	pub(crate) fn do_store_artifact(who: T::AccountId, data: alloc::vec::Vec<u8>) -> DispatchResult {
		ensure!(!data.is_empty(), Error::<T>::EmptyArtifact);
		let bytes: BoundedVec<u8, T::MaxArtifactSize> =
			data.try_into().map_err(|_| Error::<T>::ArtifactTooLarge)?;
		let hash = digest_of(&bytes);
		ensure!(!Artifacts::<T>::contains_key(hash), Error::<T>::ArtifactExists);
		let len = bytes.len() as u32;
		let deposit = Self::artifact_deposit(len);
		T::Currency::hold(&HoldReason::ArtifactDeposit.into(), &who, deposit)
			.map_err(|_| Error::<T>::InsufficientBalance)?;
		Artifacts::<T>::insert(
			hash,
			ArtifactOf::<T> { owner: who.clone(), len, deposit, stored_at: Self::now(), references: 0 },
		);
		ArtifactData::<T>::insert(hash, bytes);
		Self::emit(Event::ArtifactStored { hash, owner: who, len, deposit });
		Ok(())
	}

	pub(crate) fn do_remove_artifact(who: T::AccountId, hash: Digest) -> DispatchResult {
		let info = Artifacts::<T>::get(hash).ok_or(Error::<T>::ArtifactNotFound)?;
		ensure!(info.owner == who, Error::<T>::NotArtifactOwner);
		ensure!(info.references == 0, Error::<T>::ArtifactInUse);
		T::Currency::release(&HoldReason::ArtifactDeposit.into(), &who, info.deposit, Precision::Exact)?;
		Artifacts::<T>::remove(hash);
		ArtifactData::<T>::remove(hash);
		Self::emit(Event::ArtifactRemoved { hash, owner: who });
		Ok(())
	}

	/// Count one more (or one fewer) live job reading each artifact among `inputs`.
	pub(crate) fn reference_artifacts(inputs: &InputsOf<T>, add: bool) {
		for input in inputs.iter() {
			if let InputRef::Artifact(hash) = input {
				Artifacts::<T>::mutate(hash, |a| {
					if let Some(a) = a {
						a.references = if add {
							a.references.saturating_add(1)
						} else {
							a.references.saturating_sub(1)
						};
					}
				});
			}
		}
	}
}
