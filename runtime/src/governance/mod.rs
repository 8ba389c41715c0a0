//! OpenGov: custom origins and the referendum tracks that lead to them.
//!
//! | track | id | origin it dispatches with | used for |
//! |---|---|---|---|
//! | root | 0 | `Root` | runtime upgrades, anything |
//! | market_admin | 1 | `Origins::MarketAdmin` | compute-market parameters |
//! | treasurer | 2 | `Origins::Treasurer` | treasury spends up to [`origins::TREASURER_SPEND_LIMIT`] |

pub mod origins;
pub mod tracks;

pub use origins::pallet_custom_origins::{self, MarketAdmin, Treasurer};
