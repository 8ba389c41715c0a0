//! Pallet configurations, one module per concern.

mod consensus;
mod governance;
mod market;
mod monetary;
mod staking;
mod system;

pub use consensus::*;
pub use governance::*;
pub use market::*;
pub use monetary::*;
pub use staking::*;
pub use system::*;
