//! The storage migration of the upgrade-rehearsal runtime (feature `upgrade-rehearsal`).
//!
//! It proves the upgrade path end to end: a referendum authorizes this runtime, anyone
//! applies it, and on the first block under it this migration runs once, moving the origins
//! pallet from storage version 1 to 2 and counting its runs under [`runs_key`].

use crate::{governance::pallet_custom_origins, Runtime};
use codec::{Decode, Encode};
use frame_support::{
	migrations::VersionedMigration, storage::unhashed, traits::UncheckedOnRuntimeUpgrade,
	weights::Weight,
};

/// Where the migration counts how often it ran: `Origins::RehearsalMigrationRuns`.
pub fn runs_key() -> [u8; 32] {
	frame_support::storage::storage_prefix(b"Origins", b"RehearsalMigrationRuns")
}

/// Counts one run.
pub struct CountRun;

impl UncheckedOnRuntimeUpgrade for CountRun {
	fn on_runtime_upgrade() -> Weight {
		let runs = unhashed::get::<u32>(&runs_key()).unwrap_or(0).saturating_add(1);
		unhashed::put(&runs_key(), &runs);
		<Runtime as frame_system::Config>::DbWeight::get().reads_writes(1, 1)
	}

	#[cfg(feature = "try-runtime")]
	fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
		let before = unhashed::get::<u32>(&runs_key()).unwrap_or(0);
		frame_support::ensure!(before == 0, "the rehearsal migration already ran");
		Ok(before.encode())
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		let before = u32::decode(&mut &state[..]).map_err(|_| "undecodable pre-upgrade state")?;
		let after = unhashed::get::<u32>(&runs_key()).unwrap_or(0);
		frame_support::ensure!(after == before + 1, "the rehearsal migration did not run once");
		Ok(())
	}
}

/// [`CountRun`], only on a chain whose origins pallet is at storage version 1.
pub type MigrateV1ToV2 = VersionedMigration<
	1,
	2,
	CountRun,
	pallet_custom_origins::Pallet<Runtime>,
	<Runtime as frame_system::Config>::DbWeight,
>;
