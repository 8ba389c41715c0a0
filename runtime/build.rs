fn main() {
	// With `metadata-hash` the wasm is built twice: once to read its metadata, then with the
	// metadata's RFC-78 hash in `RUNTIME_METADATA_HASH`, which `CheckMetadataHash` signs
	// against. Symbol and decimals must match the chain properties (node/src/chain_spec.rs).
	#[cfg(all(feature = "std", feature = "metadata-hash"))]
	substrate_wasm_builder::WasmBuilder::init_with_defaults()
		.enable_metadata_hash("TGD", 12)
		.build();
	#[cfg(all(feature = "std", not(feature = "metadata-hash")))]
	substrate_wasm_builder::WasmBuilder::build_using_defaults();
}
