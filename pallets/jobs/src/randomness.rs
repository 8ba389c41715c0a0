//! Draw randomness that no single block author knows in advance.
//!
//! BABE's VRF output for a slot is computable by that slot's author as soon as the epoch's
//! randomness is fixed, so a draw that used only the parent block's output could be
//! predicted by the parent's author, who could then arrange state to win it. Every block
//! mixes its parent's output into [`RandomSeed`]; together with the providers pallet's
//! `DrawDelay` (a provider's change reaches the draws only `DrawDelay` blocks later), the
//! seed a draw uses includes `DrawDelay − 1` outputs produced after the state it decides
//! on was fixed, so predicting it takes authoring all of those blocks. What remains is the
//! last author's choice to withhold its block (see `docs/protocol.md`).

use crate::pallet::*;
use codec::Encode;
use core::marker::PhantomData;
use frame_support::traits::Randomness;
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::Hash;

impl<T: Config> Pallet<T> {
	/// `seed = blake2_256(seed ‖ parent randomness)`.
	pub(crate) fn mix_randomness() {
		let (fresh, _) = T::Randomness::random(b"tensorgrid/jobs/mix");
		RandomSeed::<T>::mutate(|seed| *seed = (*seed, fresh).using_encoded(sp_io::hashing::blake2_256));
	}
}

/// The mixed seed, as a `Randomness` source for other pallets (proof of compute's audit
/// and verifier draws). Each subject gets its own hash of the seed.
pub struct MixedRandomness<T>(PhantomData<T>);

impl<T: Config> Randomness<T::Hash, BlockNumberFor<T>> for MixedRandomness<T> {
	fn random(subject: &[u8]) -> (T::Hash, BlockNumberFor<T>) {
		let seed = RandomSeed::<T>::get();
		(T::Hashing::hash_of(&(seed, subject)), frame_system::Pallet::<T>::block_number())
	}
}
