//! Referendum tracks: how long each kind of decision takes and how much support it needs.

use super::origins::pallet_custom_origins;
use crate::{
	constants::{DAYS, HOURS, MINUTES, UNIT},
	Balance, BlockNumber, OriginCaller, RuntimeOrigin,
};
use alloc::borrow::Cow;
use pallet_referenda::{Curve, Track, TrackInfo};
use sp_runtime::{str_array as s, FixedI64};

/// Track ids; the order of [`TRACKS`] must follow them.
pub mod ids {
	pub const ROOT: u16 = 0;
	pub const MARKET_ADMIN: u16 = 1;
	pub const TREASURER: u16 = 2;
}

const fn percent(x: u128) -> FixedI64 {
	FixedI64::from_rational(x, 100)
}

// Approval starts at 100 % and may fall to 50 %; support starts at 50 % (root) and may fall
// to a few percent of issuance over the decision period.
const APP_ROOT: Curve = Curve::make_reciprocal(4, 28, percent(80), percent(50), percent(100));
const SUP_ROOT: Curve = Curve::make_linear(28, 28, percent(0), percent(50));
const APP_MARKET: Curve = Curve::make_linear(14, 14, percent(50), percent(100));
const SUP_MARKET: Curve = Curve::make_reciprocal(7, 14, percent(1), percent(0), percent(50));
const APP_TREASURER: Curve = Curve::make_linear(14, 14, percent(50), percent(100));
const SUP_TREASURER: Curve = Curve::make_reciprocal(7, 14, percent(1), percent(0), percent(50));

/// The tracks, sorted by id.
pub const TRACKS: [Track<u16, Balance, BlockNumber>; 3] = [
	Track {
		id: ids::ROOT,
		info: TrackInfo {
			name: s("root"),
			max_deciding: 1,
			decision_deposit: 100_000 * UNIT,
			prepare_period: 2 * HOURS,
			decision_period: 28 * DAYS,
			confirm_period: DAYS,
			min_enactment_period: DAYS,
			min_approval: APP_ROOT,
			min_support: SUP_ROOT,
		},
	},
	Track {
		id: ids::MARKET_ADMIN,
		info: TrackInfo {
			name: s("market_admin"),
			max_deciding: 10,
			decision_deposit: 5_000 * UNIT,
			prepare_period: 30 * MINUTES,
			decision_period: 14 * DAYS,
			confirm_period: 3 * HOURS,
			min_enactment_period: 10 * MINUTES,
			min_approval: APP_MARKET,
			min_support: SUP_MARKET,
		},
	},
	Track {
		id: ids::TREASURER,
		info: TrackInfo {
			name: s("treasurer"),
			max_deciding: 10,
			decision_deposit: 10_000 * UNIT,
			prepare_period: 2 * HOURS,
			decision_period: 14 * DAYS,
			confirm_period: 12 * HOURS,
			min_enactment_period: DAYS,
			min_approval: APP_TREASURER,
			min_support: SUP_TREASURER,
		},
	},
];

/// Maps origins to tracks for `pallet_referenda`.
pub struct TracksInfo;
impl pallet_referenda::TracksInfo<Balance, BlockNumber> for TracksInfo {
	type Id = u16;
	type RuntimeOrigin = <RuntimeOrigin as frame_support::traits::OriginTrait>::PalletsOrigin;

	fn tracks() -> impl Iterator<Item = Cow<'static, Track<Self::Id, Balance, BlockNumber>>> {
		TRACKS.iter().map(Cow::Borrowed)
	}

	fn track_for(origin: &Self::RuntimeOrigin) -> Result<Self::Id, ()> {
		match origin {
			OriginCaller::system(frame_system::RawOrigin::Root) => Ok(ids::ROOT),
			OriginCaller::Origins(pallet_custom_origins::Origin::MarketAdmin) =>
				Ok(ids::MARKET_ADMIN),
			OriginCaller::Origins(pallet_custom_origins::Origin::Treasurer) => Ok(ids::TREASURER),
			_ => Err(()),
		}
	}
}
