//! Origins that referenda on the non-root tracks dispatch with.

/// Most a `treasurer` referendum may spend in one `treasury.spend`.
pub const TREASURER_SPEND_LIMIT: crate::Balance = 10_000_000 * crate::constants::UNIT;

#[frame_support::pallet]
pub mod pallet_custom_origins {
	use crate::Balance;
	use frame_support::pallet_prelude::*;

	#[pallet::config]
	pub trait Config: frame_system::Config {}

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// A governance origin other than root.
	#[derive(
		PartialEq,
		Eq,
		Clone,
		MaxEncodedLen,
		Encode,
		Decode,
		DecodeWithMemTracking,
		TypeInfo,
		Debug,
	)]
	#[pallet::origin]
	pub enum Origin {
		/// Sets compute-market parameters (stakes, fees, audit rates).
		MarketAdmin,
		/// Spends from the treasury, up to the treasurer spend limit.
		Treasurer,
	}

	/// Ensures the origin is [`Origin::MarketAdmin`].
	pub struct MarketAdmin;
	impl<O: OriginTrait + From<Origin>> EnsureOrigin<O> for MarketAdmin
	where
		for<'a> &'a O::PalletsOrigin: TryInto<&'a Origin>,
	{
		type Success = ();
		fn try_origin(o: O) -> Result<Self::Success, O> {
			let matches = matches!(o.caller().try_into(), Ok(Origin::MarketAdmin));
			if matches {
				Ok(())
			} else {
				Err(o)
			}
		}
		#[cfg(feature = "runtime-benchmarks")]
		fn try_successful_origin() -> Result<O, ()> {
			Ok(O::from(Origin::MarketAdmin))
		}
	}

	/// Ensures the origin is [`Origin::Treasurer`]; succeeds with the most it may spend.
	pub struct Treasurer;
	impl<O: OriginTrait + From<Origin>> EnsureOrigin<O> for Treasurer
	where
		for<'a> &'a O::PalletsOrigin: TryInto<&'a Origin>,
	{
		type Success = Balance;
		fn try_origin(o: O) -> Result<Self::Success, O> {
			let matches = matches!(o.caller().try_into(), Ok(Origin::Treasurer));
			if matches {
				Ok(super::TREASURER_SPEND_LIMIT)
			} else {
				Err(o)
			}
		}
		#[cfg(feature = "runtime-benchmarks")]
		fn try_successful_origin() -> Result<O, ()> {
			Ok(O::from(Origin::Treasurer))
		}
	}
}
