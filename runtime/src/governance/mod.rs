//! OpenGov: custom origins and the referendum tracks that lead to them.
//!
//! | track | id | origin it dispatches with | used for |
//! |---|---|---|---|
//! | root | 0 | `Root` | runtime upgrades, anything |
//! | market_admin | 1 | `Origins::MarketAdmin` | compute-market parameters |
//! | treasurer | 2 | `Origins::Treasurer` | treasury spends up to [`origins::TREASURER_SPEND_LIMIT`] |
//! | whitelisted_caller | 3 | `Origins::WhitelistedCaller` | root calls the technical committee whitelisted |
//!
//! A chain's genesis picks production (days) or short (blocks) timings for all of them
//! ([`origins::pallet_custom_origins::TrackTimings`]); `docs/governance.md` lists both.

pub mod origins;
#[cfg(feature = "upgrade-rehearsal")]
pub mod rehearsal;
pub mod tracks;

pub use origins::pallet_custom_origins::{self, MarketAdmin, Treasurer, WhitelistedCaller};
