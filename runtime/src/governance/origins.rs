//! Origins that referenda on the non-root tracks dispatch with, and the chain's choice of
//! track timings.

/// Most a `treasurer` referendum may spend in one `treasury.spend`.
pub const TREASURER_SPEND_LIMIT: crate::Balance = 10_000_000 * crate::constants::UNIT;

#[frame_support::pallet]
pub mod pallet_custom_origins {
	use crate::Balance;
	use frame_support::pallet_prelude::*;

	/// Bumped by the upgrade rehearsal's migration (`governance::rehearsal`).
	#[cfg(not(feature = "upgrade-rehearsal"))]
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);
	#[cfg(feature = "upgrade-rehearsal")]
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::config]
	pub trait Config: frame_system::Config {}

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// How long referenda, vote locks and committee motions last on this chain.
	#[derive(
		PartialEq,
		Eq,
		Clone,
		Copy,
		Default,
		MaxEncodedLen,
		Encode,
		Decode,
		DecodeWithMemTracking,
		TypeInfo,
		Debug,
		frame_support::Serialize,
		frame_support::Deserialize,
	)]
	#[serde(crate = "frame_support::__private::serde")]
	pub enum TrackTimings {
		/// Days, as on Polkadot: every chain a genesis config does not say otherwise of.
		#[default]
		Production,
		/// Blocks: a referendum passes in about two minutes. Only the `development` and
		/// `local_testnet` presets choose it, at genesis; no call changes it.
		Short,
	}

	/// The timings this chain's governance runs on, fixed at genesis.
	#[pallet::storage]
	pub type Timings<T> = StorageValue<_, TrackTimings, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		pub track_timings: TrackTimings,
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			Timings::<T>::put(self.track_timings);
		}
	}

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
		/// Dispatches, as root, a call the technical committee whitelisted.
		WhitelistedCaller,
	}

	macro_rules! ensure_origin {
		($name:ident, $variant:ident, $success:ty, $value:expr) => {
			#[doc = concat!("Ensures the origin is [`Origin::", stringify!($variant), "`].")]
			pub struct $name;
			impl<O: OriginTrait + From<Origin>> EnsureOrigin<O> for $name
			where
				for<'a> &'a O::PalletsOrigin: TryInto<&'a Origin>,
			{
				type Success = $success;
				fn try_origin(o: O) -> Result<Self::Success, O> {
					if matches!(o.caller().try_into(), Ok(Origin::$variant)) {
						Ok($value)
					} else {
						Err(o)
					}
				}
				#[cfg(feature = "runtime-benchmarks")]
				fn try_successful_origin() -> Result<O, ()> {
					Ok(O::from(Origin::$variant))
				}
			}
		};
	}

	ensure_origin!(MarketAdmin, MarketAdmin, (), ());
	// Succeeds with the most one spend may take.
	ensure_origin!(Treasurer, Treasurer, Balance, super::TREASURER_SPEND_LIMIT);
	ensure_origin!(WhitelistedCaller, WhitelistedCaller, (), ());
}
