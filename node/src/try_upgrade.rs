//! `try-upgrade`: rehearse a runtime upgrade on a copy of a live chain's state before anyone
//! votes to enact it. The new runtime (built with the `try-runtime` feature) runs its
//! migrations with their `pre_upgrade`/`post_upgrade` checks and then every pallet's
//! `try_state` invariants, on the snapshot's state with the new code in place, and nothing
//! is written anywhere.

use codec::{Decode, Encode};
use sc_executor::WasmExecutor;
use sp_core::{storage::well_known_keys, traits::CallContext};
use sp_runtime::traits::BlakeTwo256;
use sp_state_machine::{
	backend::{BackendRuntimeCode, TryPendingCode},
	OverlayedChanges, StateMachine, TrieBackend,
};
use std::{collections::BTreeMap, path::PathBuf};

/// Rehearse a runtime upgrade on a snapshot of a chain's state.
#[derive(Debug, clap::Parser)]
pub struct TryUpgradeCmd {
	/// A snapshot of the chain's state: JSON `{"block": "0x…", "top": [["0xkey", "0xvalue"],
	/// …]}`, as `tensorgrid gov snapshot --out FILE` writes it from a node's RPC.
	#[arg(long)]
	pub snapshot: PathBuf,
	/// The runtime to upgrade to, built with the `try-runtime` feature.
	#[arg(long)]
	pub wasm: PathBuf,
}

#[derive(serde::Deserialize)]
struct Snapshot {
	block: String,
	top: Vec<(String, String)>,
}

/// What `TryRuntime_on_runtime_upgrade` is asked to check: pre/post hooks and `try_state`
/// (`frame_try_runtime::UpgradeCheckSelect::All`).
const CHECK_ALL: u8 = 1;

fn hex(s: &str) -> Result<Vec<u8>, String> {
	sp_core::bytes::from_hex(s).map_err(|e| format!("bad hex {s:.20}…: {e}"))
}

impl TryUpgradeCmd {
	pub fn run(&self) -> Result<(), String> {
		// The runtime reports each migration, each pallet's checks and any failed invariant
		// through its log; without a logger a failure would only show a wasm trap.
		sc_cli::LoggerBuilder::new("info")
			.init()
			.map_err(|e| format!("starting the logger: {e}"))?;
		let file = std::fs::read(&self.snapshot)
			.map_err(|e| format!("reading {}: {e}", self.snapshot.display()))?;
		let snapshot: Snapshot =
			serde_json::from_slice(&file).map_err(|e| format!("parsing the snapshot: {e}"))?;
		let mut top = BTreeMap::new();
		for (key, value) in &snapshot.top {
			top.insert(hex(key)?, hex(value)?);
		}
		if !top.contains_key(well_known_keys::CODE) {
			return Err("the snapshot has no :code: it is not a whole chain state".into());
		}
		let wasm = std::fs::read(&self.wasm)
			.map_err(|e| format!("reading {}: {e}", self.wasm.display()))?;
		let keys = top.len();
		top.insert(well_known_keys::CODE.to_vec(), wasm);

		let backend: TrieBackend<_, BlakeTwo256> =
			(top, sp_core::storage::StateVersion::V1).into();
		let code = BackendRuntimeCode::new(&backend, TryPendingCode::No);
		let runtime_code = code.runtime_code()?;
		let executor = WasmExecutor::<crate::service::HostFunctions>::builder().build();
		let mut overlay = OverlayedChanges::default();
		let mut extensions = Default::default();
		println!(
			"state of block {}: {keys} keys; running the new runtime's migrations and try_state",
			snapshot.block
		);
		let output = StateMachine::new(
			&backend,
			&mut overlay,
			&executor,
			"TryRuntime_on_runtime_upgrade",
			&CHECK_ALL.encode(),
			&mut extensions,
			&runtime_code,
			CallContext::Offchain,
		)
		.execute()
		.map_err(|e| {
			let e = e.to_string();
			if e.contains("TryRuntime_on_runtime_upgrade is not found") {
				"the new runtime has no TryRuntime API: build it with `--features try-runtime`".into()
			} else {
				format!("the upgrade failed its checks: {e}")
			}
		})?;
		let (used, max) = <(sp_runtime::Weight, sp_runtime::Weight)>::decode(&mut &output[..])
			.map_err(|e| format!("undecodable result: {e}"))?;
		let changed = overlay
			.changes_mut()
			.filter(|(key, _)| *key != well_known_keys::CODE)
			.count();
		println!(
			"upgrade checks passed: migrations use {} ps of ref time and {} bytes of proof (block \
			 limit {} ps); {changed} storage keys would change",
			used.ref_time(),
			used.proof_size(),
			max.ref_time()
		);
		Ok(())
	}
}
