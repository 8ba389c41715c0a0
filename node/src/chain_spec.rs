//! Chain specifications: `dev` and `local` from the runtime's genesis presets, or a file.

use sc_service::{ChainType, Properties};
use tensorgrid_runtime::{
	constants::{SS58_PREFIX, TOKEN_DECIMALS, TOKEN_SYMBOL},
	WASM_BINARY,
};

/// A chain spec with no extensions.
pub type ChainSpec = sc_service::GenericChainSpec;

/// Token properties wallets such as polkadot.js Apps read from the chain spec.
fn properties() -> Properties {
	let mut p = Properties::new();
	p.insert("tokenSymbol".into(), TOKEN_SYMBOL.into());
	p.insert("tokenDecimals".into(), TOKEN_DECIMALS.into());
	p.insert("ss58Format".into(), SS58_PREFIX.into());
	p
}

fn wasm_binary() -> Result<&'static [u8], String> {
	WASM_BINARY.ok_or_else(|| {
		"the runtime wasm is missing: this node was built with SKIP_WASM_BUILD set; rebuild \
		 without it"
			.to_string()
	})
}

/// `--dev`: Alice validates alone and holds sudo.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name("Tensorgrid Development")
		.with_id("tensorgrid_dev")
		.with_chain_type(ChainType::Development)
		.with_genesis_config_preset_name(sp_genesis_builder::DEV_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}

/// `--chain local`: Alice, Bob, Charlie and Dave validate; no sudo.
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name("Tensorgrid Local Testnet")
		.with_id("tensorgrid_local")
		.with_chain_type(ChainType::Local)
		.with_genesis_config_preset_name(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}

/// Resolve `--chain <id>`: a built-in name or a path to a chain-spec JSON file.
pub fn load(id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
	Ok(match id {
		"dev" => Box::new(development_chain_spec()?),
		"" | "local" => Box::new(local_chain_spec()?),
		path => {
			let file = std::path::PathBuf::from(path);
			if !file.exists() {
				return Err(format!(
					"unknown chain `{path}`: expected `dev`, `local` or the path of a chain-spec \
					 JSON file"
				));
			}
			Box::new(
				ChainSpec::from_json_file(file)
					.map_err(|e| format!("invalid chain-spec file `{path}`: {}", one_line(&e)))?,
			)
		},
	})
}

/// Parser errors can span lines; operators get them on one.
fn one_line(message: &str) -> String {
	message.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn unknown_chain_name_is_a_clear_error() {
		let err = load("mainnet-that-does-not-exist").err().expect("must fail");
		assert!(err.contains("unknown chain `mainnet-that-does-not-exist`"), "{err}");
		assert!(!err.contains('\n'));
	}

	#[test]
	fn malformed_chain_spec_file_is_a_clear_error() {
		let path = std::env::temp_dir().join(format!("tg-bad-spec-{}.json", std::process::id()));
		std::fs::write(&path, b"{ not json").unwrap();
		let err = load(path.to_str().unwrap()).err().expect("must fail");
		std::fs::remove_file(&path).ok();
		assert!(err.starts_with("invalid chain-spec file"), "{err}");
		assert!(!err.contains('\n'));
	}

	#[test]
	fn builtin_specs_carry_token_properties() {
		let spec = development_chain_spec().unwrap();
		let props = sc_service::ChainSpec::properties(&spec);
		assert_eq!(props.get("tokenSymbol").unwrap(), "TGD");
		assert_eq!(props.get("tokenDecimals").unwrap(), 12);
		assert_eq!(props.get("ss58Format").unwrap(), 42);
	}
}
