//! Referendum tracks: how long each kind of decision takes and how much support it needs.

use super::origins::pallet_custom_origins::{self, TrackTimings};
use crate::{
	constants::{DAYS, HOURS, MINUTES, UNIT},
	Balance, BlockNumber, OriginCaller, Runtime, RuntimeOrigin,
};
use alloc::borrow::Cow;
use pallet_referenda::{Curve, Track, TrackInfo};
use sp_runtime::{str_array as s, FixedI64};

/// Track ids; the order of each track list must follow them.
pub mod ids {
	pub const ROOT: u16 = 0;
	pub const MARKET_ADMIN: u16 = 1;
	pub const TREASURER: u16 = 2;
	pub const WHITELISTED_CALLER: u16 = 3;
}

const fn percent(x: u128) -> FixedI64 {
	FixedI64::from_rational(x, 100)
}

// Curves are fractions of the decision period, so the short tracks keep the shapes of the
// production ones. Approval starts at 100 % and may fall to 50 %; support starts at 50 % and
// may fall to a few percent of issuance over the decision period.
const APP_ROOT: Curve = Curve::make_reciprocal(4, 28, percent(80), percent(50), percent(100));
const SUP_ROOT: Curve = Curve::make_linear(28, 28, percent(0), percent(50));
const APP_MARKET: Curve = Curve::make_linear(14, 14, percent(50), percent(100));
const SUP_MARKET: Curve = Curve::make_reciprocal(7, 14, percent(1), percent(0), percent(50));
const APP_TREASURER: Curve = Curve::make_linear(14, 14, percent(50), percent(100));
const SUP_TREASURER: Curve = Curve::make_reciprocal(7, 14, percent(1), percent(0), percent(50));
// A whitelisted call was already vetted by the technical committee: a high approval bar, and
// support that falls to 20 % within a day (root's reaches that after 17 days) and never below
// 5 % (Polkadot's earlier whitelisted-caller curves).
const APP_WHITELISTED: Curve =
	Curve::make_reciprocal(16, 28 * 24, percent(96), percent(50), percent(100));
const SUP_WHITELISTED: Curve = Curve::make_reciprocal(1, 28, percent(20), percent(5), percent(50));

/// How long each phase of a referendum lasts on a track, in blocks.
struct Periods {
	prepare: BlockNumber,
	decision: BlockNumber,
	confirm: BlockNumber,
	min_enactment: BlockNumber,
}

const fn track(
	id: u16,
	name: &'static str,
	max_deciding: u32,
	decision_deposit: Balance,
	periods: Periods,
	min_approval: Curve,
	min_support: Curve,
) -> Track<u16, Balance, BlockNumber> {
	Track {
		id,
		info: TrackInfo {
			name: s(name),
			max_deciding,
			decision_deposit,
			prepare_period: periods.prepare,
			decision_period: periods.decision,
			confirm_period: periods.confirm,
			min_enactment_period: periods.min_enactment,
			min_approval,
			min_support,
		},
	}
}

/// Deposits that must be placed before a referendum on each track can be decided.
pub const ROOT_DECISION_DEPOSIT: Balance = 100_000 * UNIT;
pub const MARKET_ADMIN_DECISION_DEPOSIT: Balance = 5_000 * UNIT;
pub const TREASURER_DECISION_DEPOSIT: Balance = 10_000 * UNIT;
pub const WHITELISTED_CALLER_DECISION_DEPOSIT: Balance = 10_000 * UNIT;

/// The tracks of a production chain, sorted by id: days, as on Polkadot.
pub const PRODUCTION_TRACKS: [Track<u16, Balance, BlockNumber>; 4] = [
	track(
		ids::ROOT,
		"root",
		1,
		ROOT_DECISION_DEPOSIT,
		Periods { prepare: 2 * HOURS, decision: 28 * DAYS, confirm: DAYS, min_enactment: DAYS },
		APP_ROOT,
		SUP_ROOT,
	),
	track(
		ids::MARKET_ADMIN,
		"market_admin",
		10,
		MARKET_ADMIN_DECISION_DEPOSIT,
		Periods {
			prepare: 30 * MINUTES,
			decision: 14 * DAYS,
			confirm: 3 * HOURS,
			min_enactment: 10 * MINUTES,
		},
		APP_MARKET,
		SUP_MARKET,
	),
	track(
		ids::TREASURER,
		"treasurer",
		10,
		TREASURER_DECISION_DEPOSIT,
		Periods {
			prepare: 2 * HOURS,
			decision: 14 * DAYS,
			confirm: 12 * HOURS,
			min_enactment: DAYS,
		},
		APP_TREASURER,
		SUP_TREASURER,
	),
	track(
		ids::WHITELISTED_CALLER,
		"whitelisted_caller",
		100,
		WHITELISTED_CALLER_DECISION_DEPOSIT,
		Periods {
			prepare: 30 * MINUTES,
			decision: 28 * DAYS,
			confirm: 10 * MINUTES,
			min_enactment: 10 * MINUTES,
		},
		APP_WHITELISTED,
		SUP_WHITELISTED,
	),
];

/// The tracks of the `development` and `local_testnet` chains: the same deposits and
/// curves, in blocks, so a referendum is decided in about two minutes.
pub const SHORT_TRACKS: [Track<u16, Balance, BlockNumber>; 4] = [
	track(
		ids::ROOT,
		"root",
		1,
		ROOT_DECISION_DEPOSIT,
		Periods { prepare: 2, decision: 20, confirm: 3, min_enactment: 2 },
		APP_ROOT,
		SUP_ROOT,
	),
	track(
		ids::MARKET_ADMIN,
		"market_admin",
		10,
		MARKET_ADMIN_DECISION_DEPOSIT,
		Periods { prepare: 2, decision: 20, confirm: 2, min_enactment: 1 },
		APP_MARKET,
		SUP_MARKET,
	),
	track(
		ids::TREASURER,
		"treasurer",
		10,
		TREASURER_DECISION_DEPOSIT,
		Periods { prepare: 2, decision: 20, confirm: 2, min_enactment: 1 },
		APP_TREASURER,
		SUP_TREASURER,
	),
	track(
		ids::WHITELISTED_CALLER,
		"whitelisted_caller",
		100,
		WHITELISTED_CALLER_DECISION_DEPOSIT,
		Periods { prepare: 1, decision: 20, confirm: 1, min_enactment: 1 },
		APP_WHITELISTED,
		SUP_WHITELISTED,
	),
];

/// The tracks this chain runs on (its genesis chose [`TrackTimings`]).
pub fn tracks() -> &'static [Track<u16, Balance, BlockNumber>; 4] {
	match pallet_custom_origins::Timings::<Runtime>::get() {
		TrackTimings::Production => &PRODUCTION_TRACKS,
		TrackTimings::Short => &SHORT_TRACKS,
	}
}

/// Other governance periods that follow the chain's [`TrackTimings`].
pub struct OtherPeriods {
	/// Blocks one conviction multiple of a vote lock lasts.
	pub vote_locking: BlockNumber,
	/// Blocks a referendum may wait for its decision deposit before it times out.
	pub undeciding_timeout: BlockNumber,
	/// Blocks a technical-committee motion stays open.
	pub committee_motion: BlockNumber,
}

/// The [`OtherPeriods`] of this chain.
pub fn other_periods() -> OtherPeriods {
	match pallet_custom_origins::Timings::<Runtime>::get() {
		TrackTimings::Production => OtherPeriods {
			vote_locking: 7 * DAYS,
			undeciding_timeout: 14 * DAYS,
			committee_motion: 3 * DAYS,
		},
		TrackTimings::Short =>
			OtherPeriods { vote_locking: 10, undeciding_timeout: 50, committee_motion: 20 },
	}
}

/// Maps origins to tracks for `pallet_referenda`.
pub struct TracksInfo;
impl pallet_referenda::TracksInfo<Balance, BlockNumber> for TracksInfo {
	type Id = u16;
	type RuntimeOrigin = <RuntimeOrigin as frame_support::traits::OriginTrait>::PalletsOrigin;

	fn tracks() -> impl Iterator<Item = Cow<'static, Track<Self::Id, Balance, BlockNumber>>> {
		tracks().iter().map(Cow::Borrowed)
	}

	fn track_for(origin: &Self::RuntimeOrigin) -> Result<Self::Id, ()> {
		match origin {
			OriginCaller::system(frame_system::RawOrigin::Root) => Ok(ids::ROOT),
			OriginCaller::Origins(pallet_custom_origins::Origin::MarketAdmin) =>
				Ok(ids::MARKET_ADMIN),
			OriginCaller::Origins(pallet_custom_origins::Origin::Treasurer) => Ok(ids::TREASURER),
			OriginCaller::Origins(pallet_custom_origins::Origin::WhitelistedCaller) =>
				Ok(ids::WHITELISTED_CALLER),
			_ => Err(()),
		}
	}
}
