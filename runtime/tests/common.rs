//! Externalities built from the runtime's own genesis presets.

#![allow(dead_code)]

use frame_support::genesis_builder_helper::build_state;
use sp_genesis_builder::PresetId;
use tensorgrid_runtime::{genesis_config_presets, RuntimeGenesisConfig};

/// Fresh state built exactly as a node builds it from the named preset.
pub fn ext_from_preset(id: &str) -> sp_io::TestExternalities {
	let patch = genesis_config_presets::get_preset(&PresetId::from(id))
		.unwrap_or_else(|| panic!("preset {id} exists"));
	let mut ext = sp_io::TestExternalities::new_empty();
	ext.execute_with(|| {
		build_state::<RuntimeGenesisConfig>(patch).expect("the preset builds");
		frame_system::Pallet::<tensorgrid_runtime::Runtime>::set_block_number(1);
	});
	ext
}
