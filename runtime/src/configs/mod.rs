//! Pallet configurations, one module per concern.

mod consensus;
mod governance;
mod monetary;
mod staking;
mod system;

pub use consensus::*;
pub use governance::*;
pub use monetary::*;
pub use staking::*;
pub use system::*;
