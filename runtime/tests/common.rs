//! Externalities built from the runtime's own genesis presets.

#![allow(dead_code)]

use frame_support::genesis_builder_helper::build_state;
use sp_genesis_builder::PresetId;
use tensorgrid_runtime::{genesis_config_presets, RuntimeGenesisConfig};

/// Merge `patch` into `base` the way a chain spec applies a preset to the default config:
/// objects merge key by key, anything else is replaced.
fn merge(base: &mut serde_json::Value, patch: serde_json::Value) {
	match (base, patch) {
		(serde_json::Value::Object(base), serde_json::Value::Object(patch)) =>
			for (key, value) in patch {
				merge(base.entry(key).or_insert(serde_json::Value::Null), value);
			},
		(base, patch) => *base = patch,
	}
}

/// Fresh state built exactly as a node builds it from the named preset.
pub fn ext_from_preset(id: &str) -> sp_io::TestExternalities {
	let patch = genesis_config_presets::get_preset(&PresetId::from(id))
		.unwrap_or_else(|| panic!("preset {id} exists"));
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).unwrap();
	merge(&mut config, serde_json::from_slice(&patch).unwrap());
	let config = serde_json::to_vec(&config).unwrap();
	let mut ext = sp_io::TestExternalities::new_empty();
	ext.execute_with(|| {
		build_state::<RuntimeGenesisConfig>(config).expect("the preset builds");
		frame_system::Pallet::<tensorgrid_runtime::Runtime>::set_block_number(1);
	});
	ext
}
