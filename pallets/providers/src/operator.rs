//! Operator keys: the hot key a provider's node signs its work with.
//!
//! A provider account is cold: it registers, bonds, prices and withdraws. It names one
//! operator key that may only do the node's work (commit, reveal, verdicts, declines,
//! heartbeats, pause), so whoever takes over a provider's node cannot move its stake.
//! Naming a key needs the key's own signature over [`operator_proof_payload`], so nobody can
//! claim another's key (and block it for its owner) or name a key it does not hold.

use crate::pallet::*;
use alloc::vec::Vec;
use codec::Encode;
use frame_support::pallet_prelude::*;
use sp_runtime::traits::Verify;

/// Domain tag of the operator ownership proof (22 bytes, no length prefix).
pub const OPERATOR_PROOF_TAG: &[u8; 22] = b"tensorgrid/operator/v1";

/// What an operator key signs to act for `provider`: the tag, then the provider account's
/// SCALE encoding (its 32 bytes for the runtime's `AccountId32`).
pub fn operator_proof_payload<AccountId: Encode>(provider: &AccountId) -> Vec<u8> {
	let mut payload = OPERATOR_PROOF_TAG.to_vec();
	provider.encode_to(&mut payload);
	payload
}

impl<T: Config> Pallet<T> {
	/// Make `operator` the operator key of `provider`; a provider's first operator is its
	/// own account, so a provider that never names one works as before.
	pub(crate) fn do_set_operator(
		provider: T::AccountId,
		operator: T::AccountId,
		proof: T::OperatorProof,
	) -> DispatchResult {
		ensure!(Providers::<T>::contains_key(&provider), Error::<T>::NotRegistered);
		ensure!(
			proof.verify(&operator_proof_payload(&provider)[..], &operator),
			Error::<T>::BadOperatorProof
		);
		ensure!(!Operators::<T>::contains_key(&operator), Error::<T>::OperatorInUse);
		if let Some(old) = OperatorOf::<T>::get(&provider) {
			Operators::<T>::remove(old);
		}
		Operators::<T>::insert(&operator, &provider);
		OperatorOf::<T>::insert(&provider, &operator);
		Self::deposit_event(Event::OperatorSet { provider, operator });
		Ok(())
	}

	/// A new provider operates itself until it names a key.
	pub(crate) fn set_own_operator(provider: &T::AccountId) -> DispatchResult {
		ensure!(!Operators::<T>::contains_key(provider), Error::<T>::OperatorInUse);
		Operators::<T>::insert(provider, provider);
		OperatorOf::<T>::insert(provider, provider);
		Ok(())
	}

	/// The provider that `who` signs for as its operator key.
	pub fn provider_of_operator(who: &T::AccountId) -> Option<T::AccountId> {
		Operators::<T>::get(who)
	}

	/// Remove a provider record with its operator key.
	pub(crate) fn remove_provider(provider: &T::AccountId) {
		Providers::<T>::remove(provider);
		CollateralInUse::<T>::remove(provider);
		if let Some(operator) = OperatorOf::<T>::take(provider) {
			Operators::<T>::remove(operator);
		}
		Self::deposit_event(Event::Removed { provider: provider.clone() });
	}

	/// `try_state`: the two maps are inverse to each other and cover exactly the providers.
	pub(crate) fn check_operators() -> Result<(), sp_runtime::TryRuntimeError> {
		let mut count = 0u32;
		for (provider, operator) in OperatorOf::<T>::iter() {
			ensure!(Providers::<T>::contains_key(&provider), "operator of a provider that is gone");
			ensure!(
				Operators::<T>::get(&operator).as_ref() == Some(&provider),
				"operator map is not the inverse of OperatorOf"
			);
			count += 1;
		}
		ensure!(count == Operators::<T>::iter().count() as u32, "an operator key without its provider");
		ensure!(count == Providers::<T>::count(), "a provider without an operator key");
		Ok(())
	}
}
