//! Helpers shared by the network tests: spawn a network of `networks/` natively with the
//! release `tensorgrid-node`, read chain heights over RPC, read storage and submit
//! transactions through subxt (dynamic calls, no generated code), and kill, restart or
//! isolate nodes.
//!
//! The node binary is `$TENSORGRID_NODE`, else `$CARGO_TARGET_DIR/release/tensorgrid-node`,
//! else `$HOME/.cache/tensorgrid/target/release/tensorgrid-node`.

use std::{
	future::Future,
	path::{Path, PathBuf},
	time::{Duration, Instant},
};

use anyhow::{anyhow, bail, Context, Result};
use serde_json::{json, Value as Json};
use subxt::{
	dynamic::{At, Value},
	ext::scale_value::{Composite, Primitive, ValueDef},
	tx::{DynamicPayload, TxStatus},
	utils::H256,
	OnlineClient, PolkadotConfig,
};

pub use zombienet_sdk::{
	subxt, subxt_signer, AddNodeOptions, Arg, LocalFileSystem, Network, NetworkConfig,
	NetworkConfigExt, NetworkNode,
};
pub use subxt_signer::sr25519::{dev, Keypair};

/// A subxt client for one node.
pub type Client = OnlineClient<PolkadotConfig>;
/// A spawned network.
pub type Net = Network<LocalFileSystem>;
/// Events of one extrinsic.
pub type Events = subxt::blocks::ExtrinsicEvents<PolkadotConfig>;
/// A dynamically decoded value.
pub type Decoded = subxt::dynamic::DecodedValue;

/// One TGD in plancks.
pub const UNIT: u128 = 1_000_000_000_000;
/// What a genesis validator of `local_testnet` bonds (runtime `VALIDATOR_BOND`).
pub const GENESIS_VALIDATOR_BOND: u128 = 100_000 * UNIT;

/// `Duration::from_secs`, shorter.
pub fn secs(s: u64) -> Duration {
	Duration::from_secs(s)
}

/// A line of test progress on stderr, with the time since the test process started.
pub fn log(msg: impl AsRef<str>) {
	use std::sync::OnceLock;
	static START: OnceLock<Instant> = OnceLock::new();
	let start = START.get_or_init(Instant::now);
	eprintln!("[{:>7.1}s] {}", start.elapsed().as_secs_f64(), msg.as_ref());
}

/// The `tensorgrid-node` to run, as an absolute path.
pub fn node_binary() -> Result<PathBuf> {
	let path = if let Some(path) = std::env::var_os("TENSORGRID_NODE") {
		PathBuf::from(path)
	} else if let Some(path) = std::env::var_os("CARGO_TARGET_DIR")
		.map(|dir| PathBuf::from(dir).join("release/tensorgrid-node"))
		.filter(|path| path.is_file())
	{
		path
	} else {
		let home = std::env::var_os("HOME").context("HOME is not set")?;
		PathBuf::from(home).join(".cache/tensorgrid/target/release/tensorgrid-node")
	};
	let path = std::path::absolute(&path)?;
	if !path.is_file() {
		bail!(
			"no node binary at {}: build it with `make build` or set TENSORGRID_NODE",
			path.display()
		);
	}
	Ok(path)
}

/// The directory of the network definitions.
pub fn networks_dir() -> PathBuf {
	Path::new(env!("CARGO_MANIFEST_DIR")).join("networks")
}

/// The text of `networks/<name>.toml` with `{{TENSORGRID_NODE}}` replaced by the node binary
/// (zombie-cli takes it from the environment variable of that name).
pub fn network_toml(name: &str) -> Result<String> {
	let file = networks_dir().join(format!("{name}.toml"));
	let text = std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
	let node = node_binary()?;
	Ok(text.replace("{{TENSORGRID_NODE}}", &node.to_string_lossy()))
}

/// Parse a network definition.
pub fn parse_config(text: &str) -> Result<NetworkConfig> {
	NetworkConfig::load_from_toml_string_with_base_dir(text, &networks_dir())
}

/// A spawned network that kills every process it started when dropped, also when a test
/// fails half-way (zombienet's own teardown only runs on `destroy`).
pub struct TestNet {
	net: Option<Net>,
	base_dir: String,
	name: String,
	started: Instant,
}

impl std::ops::Deref for TestNet {
	type Target = Net;
	fn deref(&self) -> &Net {
		self.net.as_ref().expect("the network is up until destroyed")
	}
}

impl std::ops::DerefMut for TestNet {
	fn deref_mut(&mut self) -> &mut Net {
		self.net.as_mut().expect("the network is up until destroyed")
	}
}

impl TestNet {
	/// A node by name.
	pub fn node(&self, name: &str) -> Result<&NetworkNode> {
		self.get_node(name)
	}

	/// The network's directory (chain spec, each node's base path and log).
	pub fn base_dir(&self) -> &str {
		&self.base_dir
	}

	/// Stop every node and remove nothing from disk (the logs stay for a look).
	pub async fn destroy(mut self) -> Result<()> {
		if let Some(net) = self.net.take() {
			net.destroy().await.map_err(|e| anyhow!("tearing the network down: {e}"))?;
		}
		kill_processes_under(&self.base_dir);
		log(format!(
			"network {} torn down after {:.0?} (logs in {})",
			self.name,
			self.started.elapsed(),
			self.base_dir
		));
		Ok(())
	}
}

impl Drop for TestNet {
	fn drop(&mut self) {
		if self.net.is_some() {
			eprintln!("network {} left running by a failed test: killing its nodes (logs in {})", self.name, self.base_dir);
		}
		kill_processes_under(&self.base_dir);
	}
}

/// Spawn `networks/<name>.toml` and wait until every node is up.
pub async fn spawn(name: &str) -> Result<TestNet> {
	spawn_config(name, parse_config(&network_toml(name)?)?).await
}

/// Spawn a parsed network definition and wait until every node is up.
pub async fn spawn_config(name: &str, config: NetworkConfig) -> Result<TestNet> {
	let started = Instant::now();
	let net = config.spawn_native().await.map_err(|e| anyhow!("spawning network {name}: {e}"))?;
	let base_dir = net.base_dir().unwrap_or_default().to_string();
	let net = TestNet { net: Some(net), base_dir, name: name.to_string(), started };
	net.wait_until_is_up(180).await?;
	log(format!(
		"network {name} up in {:.1?}: {} (base dir {})",
		started.elapsed(),
		net.node_names().join(", "),
		net.base_dir
	));
	Ok(net)
}

/// Spawn the nodes of `networks/<name>.toml` above its `# --- joining node ---` line, and
/// return the options (arguments) of the node defined below it, to add with `add_node`.
pub async fn spawn_without_joining_node(name: &str, joining: &str) -> Result<(TestNet, AddNodeOptions)> {
	const MARK: &str = "# --- joining node ---";
	let text = network_toml(name)?;
	let full = parse_config(&text)?;
	let node = full
		.relaychain()
		.nodes()
		.into_iter()
		.find(|n| n.name() == joining)
		.with_context(|| format!("no node {joining} in {name}.toml"))?;
	let options = AddNodeOptions {
		args: node.args().into_iter().cloned().collect(),
		is_validator: node.is_validator(),
		..Default::default()
	};
	let head = text.split(MARK).next().expect("split yields at least one part");
	if head.len() == text.len() {
		bail!("{name}.toml has no `{MARK}` line");
	}
	Ok((spawn_config(name, parse_config(head)?).await?, options))
}

// Processes.

/// SIGKILL every process whose command line names `dir` (the nodes of one network: their
/// base paths and chain spec live under it), except this one.
pub fn kill_processes_under(dir: &str) {
	if dir.len() < 8 {
		return;
	}
	for pid in pids_with_cmdline(dir) {
		signal(pid, "KILL");
	}
}

fn pids_with_cmdline(needle: &str) -> Vec<u32> {
	let me = std::process::id();
	let Ok(entries) = std::fs::read_dir("/proc") else { return vec![] };
	entries
		.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
		.filter(|pid| *pid != me)
		.filter(|pid| {
			std::fs::read(format!("/proc/{pid}/cmdline"))
				.map(|raw| String::from_utf8_lossy(&raw).replace('\0', " ").contains(needle))
				.unwrap_or(false)
		})
		.collect()
}

fn signal(pid: u32, sig: &str) {
	let _ = std::process::Command::new("kill").arg(format!("-{sig}")).arg(pid.to_string()).status();
}

/// The process id of a node.
pub fn pid_of(node: &NetworkNode) -> Result<u32> {
	let json = serde_json::to_value(node)?;
	if let Some(pid) = json.pointer("/inner/process_handle").and_then(Json::as_u64) {
		return Ok(pid as u32);
	}
	let data = format!("{}/data", node.base_dir().display());
	pids_with_cmdline(&data)
		.into_iter()
		.next()
		.with_context(|| format!("{}: no process runs with base path {data}", node.name()))
}

/// Kill a node (SIGKILL): it stays down until `restart`. Marked paused for zombienet first,
/// so that nothing there reads it as a crash.
pub async fn kill(node: &NetworkNode) -> Result<()> {
	let pid = pid_of(node)?;
	node.pause().await?;
	signal(pid, "KILL");
	// The process is gone (a zombie until zombienet reaps it at the restart) once its
	// state reads Z or its entry disappears.
	for _ in 0..50 {
		let state = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
		let dead = state.rsplit(')').next().map(|rest| rest.trim_start().starts_with('Z')).unwrap_or(true);
		if state.is_empty() || dead {
			log(format!("{} killed (pid {pid})", node.name()));
			return Ok(());
		}
		tokio::time::sleep(Duration::from_millis(100)).await;
	}
	bail!("{} (pid {pid}) still runs after SIGKILL", node.name())
}

/// Start a killed (or running) node again on its database, with its arguments, and wait
/// until it answers RPC.
pub async fn restart(node: &NetworkNode) -> Result<()> {
	node.restart(None).await?;
	wait_for(&format!("{} to answer RPC after its restart", node.name()), Duration::from_secs(120), || async move {
		anyhow::Ok(best(node).await.is_ok())
	})
	.await?;
	log(format!("{} restarted", node.name()));
	Ok(())
}

/// Isolate a node: SIGSTOP. It keeps its connections but answers nothing.
pub async fn pause(node: &NetworkNode) -> Result<()> {
	node.pause().await?;
	log(format!("{} paused", node.name()));
	Ok(())
}

/// End an isolation: SIGCONT.
pub async fn resume(node: &NetworkNode) -> Result<()> {
	node.resume().await?;
	log(format!("{} resumed", node.name()));
	Ok(())
}

// Waiting.

/// Poll `check` every 2 s until it is true; fail after `timeout`. Errors of `check` (a node
/// restarting) count as false; the last one is reported on timeout.
pub async fn wait_for<F, Fut>(what: &str, timeout: Duration, mut check: F) -> Result<()>
where
	F: FnMut() -> Fut,
	Fut: Future<Output = Result<bool>>,
{
	let start = Instant::now();
	let mut last_error = None;
	loop {
		match check().await {
			Ok(true) => {
				log(format!("ok after {:.1?}: {what}", start.elapsed()));
				return Ok(());
			},
			Ok(false) => {},
			Err(e) => last_error = Some(e),
		}
		if start.elapsed() > timeout {
			let detail = last_error.map(|e| format!(" (last error: {e:#})")).unwrap_or_default();
			bail!("timed out after {timeout:?} waiting for {what}{detail}");
		}
		tokio::time::sleep(Duration::from_secs(2)).await;
	}
}

/// Wait until `node` has finalized block `at_least`.
pub async fn wait_finalized(node: &NetworkNode, at_least: u32, timeout: Duration) -> Result<()> {
	let what = format!("{} to finalize #{at_least}", node.name());
	wait_for(&what, timeout, || async move { anyhow::Ok(finalized(node).await? >= at_least) }).await
}

/// Wait until `node`'s best block is at least `at_least`.
pub async fn wait_best(node: &NetworkNode, at_least: u32, timeout: Duration) -> Result<()> {
	let what = format!("{} to reach best #{at_least}", node.name());
	wait_for(&what, timeout, || async move { anyhow::Ok(best(node).await? >= at_least) }).await
}

// JSON-RPC.

/// One JSON-RPC call to a node, over a fresh connection (nodes restart under the tests),
/// failing after 20 s (a paused node accepts connections and never answers).
pub async fn rpc(node: &NetworkNode, method: &str, params: Vec<Json>) -> Result<Json> {
	let call = async {
		let client = node.rpc().await?;
		let mut p = subxt::ext::subxt_rpcs::client::RpcParams::new();
		for param in params {
			p.push(param)?;
		}
		let res: Json = client.request(method, p).await?;
		Ok::<_, anyhow::Error>(res)
	};
	tokio::time::timeout(Duration::from_secs(20), call)
		.await
		.map_err(|_| anyhow!("{}: {method} got no answer in 20 s", node.name()))?
		.with_context(|| format!("{}: {method}", node.name()))
}

fn header_number(header: &Json) -> Result<u32> {
	let hex = header["number"].as_str().with_context(|| format!("no block number in {header}"))?;
	Ok(u32::from_str_radix(hex.trim_start_matches("0x"), 16)?)
}

/// The node's best block number.
pub async fn best(node: &NetworkNode) -> Result<u32> {
	header_number(&rpc(node, "chain_getHeader", vec![]).await?)
}

/// The node's finalized head: number and hash.
pub async fn finalized_head(node: &NetworkNode) -> Result<(u32, String)> {
	let hash = rpc(node, "chain_getFinalizedHead", vec![]).await?;
	let header = rpc(node, "chain_getHeader", vec![hash.clone()]).await?;
	Ok((header_number(&header)?, hash.as_str().unwrap_or_default().to_string()))
}

/// The node's finalized block number.
pub async fn finalized(node: &NetworkNode) -> Result<u32> {
	Ok(finalized_head(node).await?.0)
}

/// The hash of the node's canonical block `number`.
pub async fn block_hash(node: &NetworkNode, number: u32) -> Result<Option<String>> {
	Ok(rpc(node, "chain_getBlockHash", vec![json!(number)]).await?.as_str().map(str::to_string))
}

/// A hex block hash as subxt takes it.
pub fn h256(hex: &str) -> Result<H256> {
	let bytes = hex::decode(hex.trim_start_matches("0x"))?;
	if bytes.len() != 32 {
		bail!("not a 32-byte hash: {hex}");
	}
	Ok(H256::from_slice(&bytes))
}

/// The heights and finality of every node, for the log.
pub async fn describe(nodes: &[&NetworkNode]) -> String {
	let mut parts = vec![];
	for node in nodes {
		let part = match (best(node).await, finalized(node).await) {
			(Ok(b), Ok(f)) => format!("{} #{b} (finalized #{f})", node.name()),
			_ => format!("{} down", node.name()),
		};
		parts.push(part);
	}
	parts.join(", ")
}

// subxt.

/// A subxt client for `node`.
pub async fn client(node: &NetworkNode) -> Result<Client> {
	tokio::time::timeout(Duration::from_secs(60), node.wait_client::<PolkadotConfig>())
		.await
		.map_err(|_| anyhow!("{}: no subxt client in 60 s", node.name()))?
}

/// The 32-byte account id of a keypair.
pub fn account(who: &Keypair) -> [u8; 32] {
	who.public_key().0
}

/// A dev account by name (`alice` … `ferdie`).
pub fn dev_account(name: &str) -> Result<Keypair> {
	Ok(match name {
		"alice" => dev::alice(),
		"bob" => dev::bob(),
		"charlie" => dev::charlie(),
		"dave" => dev::dave(),
		"eve" => dev::eve(),
		"ferdie" => dev::ferdie(),
		other => bail!("no dev account {other}"),
	})
}

/// Read a storage entry at block `at` (the best block when `None`).
pub async fn storage(
	client: &Client,
	pallet: &str,
	entry: &str,
	keys: Vec<Value>,
	at: Option<H256>,
) -> Result<Option<Decoded>> {
	let query = subxt::dynamic::storage(pallet, entry, keys);
	let storage = match at {
		Some(hash) => client.storage().at(hash),
		None => client.storage().at_latest().await?,
	};
	match storage.fetch(&query).await? {
		Some(thunk) => Ok(Some(thunk.to_value()?)),
		None => Ok(None),
	}
}

/// Free and reserved (held) balance of an account at block `at` (the best block when `None`).
pub async fn balance(client: &Client, who: &[u8; 32], at: Option<H256>) -> Result<(u128, u128)> {
	let Some(info) = storage(client, "System", "Account", vec![Value::from_bytes(who)], at).await? else {
		return Ok((0, 0));
	};
	let field = |name: &str| {
		info.at("data").at(name).and_then(|v| v.as_u128()).with_context(|| format!("no data.{name} in {info:?}"))
	};
	Ok((field("free")?, field("reserved")?))
}

/// `Balances.transfer_keep_alive(dest, amount)`.
pub fn transfer(dest: &[u8; 32], amount: u128) -> DynamicPayload {
	subxt::dynamic::tx(
		"Balances",
		"transfer_keep_alive",
		vec![Value::unnamed_variant("Id", [Value::from_bytes(dest)]), Value::u128(amount)],
	)
}

/// Sign and submit `call`, and return its events once it is in a best block and succeeded
/// (in a best block, not finalized: some tests submit while finality stalls).
///
/// The nonce is the node's `system_accountNextIndex` (best block and pool: subxt's own is
/// the finalized block's), and the transaction is immortal (valid while finality stalls).
pub async fn submit(node: &NetworkNode, signer: &Keypair, call: &DynamicPayload) -> Result<Events> {
	let what = format!("{}.{}", call.pallet_name(), call.call_name());
	let client = client(node).await?;
	let who = subxt::utils::AccountId32::from(account(signer));
	let nonce = rpc(node, "system_accountNextIndex", vec![json!(who.to_string())])
		.await?
		.as_u64()
		.context("system_accountNextIndex is not a number")?;
	let params = subxt::config::DefaultExtrinsicParamsBuilder::<PolkadotConfig>::new()
		.immortal()
		.nonce(nonce)
		.build();
	let run = watch_until_in_block(&client, signer, call, params);
	let events = tokio::time::timeout(Duration::from_secs(120), run)
		.await
		.map_err(|_| anyhow!("{what}: not in a block within 120 s"))?
		.with_context(|| what.clone())?;
	log(format!("{what} succeeded"));
	Ok(events)
}

async fn watch_until_in_block(
	client: &Client,
	signer: &Keypair,
	call: &DynamicPayload,
	params: <<PolkadotConfig as subxt::Config>::ExtrinsicParams as subxt::config::ExtrinsicParams<PolkadotConfig>>::Params,
) -> Result<Events> {
	let mut progress = client.tx().sign_and_submit_then_watch(call, signer, params).await?;
	while let Some(status) = progress.next().await {
		match status? {
			TxStatus::InBestBlock(in_block) | TxStatus::InFinalizedBlock(in_block) =>
				return Ok(in_block.wait_for_success().await?),
			TxStatus::Error { message } | TxStatus::Invalid { message } | TxStatus::Dropped { message } =>
				bail!("{message}"),
			_ => {},
		}
	}
	bail!("the transaction's status subscription ended")
}

/// Whether `events` hold `pallet.variant`.
pub fn has_event(events: &Events, pallet: &str, variant: &str) -> bool {
	events
		.iter()
		.filter_map(|ev| ev.ok())
		.any(|ev| ev.pallet_name() == pallet && ev.variant_name() == variant)
}

/// The events of block `hash` as (pallet, variant, fields).
pub async fn block_events(client: &Client, hash: H256) -> Result<Vec<(String, String, Composite<u32>)>> {
	let events = client.blocks().at(hash).await?.events().await?;
	let mut out = vec![];
	for ev in events.iter() {
		let ev = ev?;
		out.push((ev.pallet_name().to_string(), ev.variant_name().to_string(), ev.field_values()?));
	}
	Ok(out)
}

/// The bytes a decoded value holds: an account id, a public key, a `Vec<u8>`, however
/// deeply wrapped in single-field composites.
pub fn bytes_of(value: &Decoded) -> Option<Vec<u8>> {
	fn collect(value: &Decoded, out: &mut Vec<u8>) -> Option<()> {
		match &value.value {
			ValueDef::Primitive(Primitive::U128(n)) if *n < 256 => out.push(*n as u8),
			ValueDef::Composite(composite) => {
				for v in composite.values() {
					collect(v, out)?;
				}
			},
			_ => return None,
		}
		Some(())
	}
	let mut out = vec![];
	collect(value, &mut out)?;
	Some(out)
}

/// The account ids a decoded sequence of accounts holds (e.g. `Session.Validators`).
pub fn accounts_of(value: &Decoded) -> Vec<[u8; 32]> {
	match &value.value {
		ValueDef::Composite(composite) => composite
			.values()
			.filter_map(|v| bytes_of(v).and_then(|b| <[u8; 32]>::try_from(b).ok()))
			.collect(),
		_ => vec![],
	}
}

/// The current validator set (`Session.Validators`) at block `at`.
pub async fn session_validators(client: &Client, at: Option<H256>) -> Result<Vec<[u8; 32]>> {
	let value = storage(client, "Session", "Validators", vec![], at).await?.context("no Session.Validators")?;
	Ok(accounts_of(&value))
}

/// The active era's index.
pub async fn active_era(client: &Client, at: Option<H256>) -> Result<u32> {
	let value = storage(client, "Staking", "ActiveEra", vec![], at).await?.context("no Staking.ActiveEra")?;
	let index = value.at("index").and_then(|v| v.as_u128()).with_context(|| format!("no index in {value:?}"))?;
	Ok(index as u32)
}

/// Era points of each validator in era `era` (`Staking.ErasRewardPoints`).
pub async fn era_points(client: &Client, era: u32, at: Option<H256>) -> Result<Vec<([u8; 32], u32)>> {
	let Some(value) = storage(client, "Staking", "ErasRewardPoints", vec![Value::u128(era as u128)], at).await? else {
		return Ok(vec![]);
	};
	let individual = value.at("individual").with_context(|| format!("no individual points in {value:?}"))?;
	let mut out = vec![];
	if let ValueDef::Composite(entries) = &individual.value {
		for entry in entries.values() {
			let who = entry.at(0).and_then(bytes_of).and_then(|b| <[u8; 32]>::try_from(b).ok());
			let points = entry.at(1).and_then(|v| v.as_u128());
			if let (Some(who), Some(points)) = (who, points) {
				out.push((who, points as u32));
			}
		}
	}
	Ok(out)
}

/// The BABE authority index that authored block `hash`, from its pre-runtime digest.
pub async fn babe_author_index(client: &Client, hash: H256) -> Result<u32> {
	use subxt::config::substrate::DigestItem;
	let block = client.blocks().at(hash).await?;
	for item in &block.header().digest.logs {
		if let DigestItem::PreRuntime(engine, data) = item {
			// `PreDigest`: a variant byte (primary, secondary plain, secondary VRF), then the
			// authority index (u32, little endian) in each variant.
			if engine == b"BABE" && data.len() >= 5 {
				return Ok(u32::from_le_bytes(data[1..5].try_into().expect("4 bytes")));
			}
		}
	}
	bail!("block {hash:?} has no BABE pre-runtime digest")
}

/// The BABE public key that authored block `hash`.
pub async fn babe_author(client: &Client, hash: H256) -> Result<[u8; 32]> {
	let index = babe_author_index(client, hash).await?;
	let authorities = storage(client, "Babe", "Authorities", vec![], Some(hash)).await?.context("no Babe.Authorities")?;
	let entry = authorities.at(index as usize).with_context(|| format!("no BABE authority {index}"))?;
	let key = entry.at(0).and_then(bytes_of).context("undecodable BABE authority")?;
	<[u8; 32]>::try_from(key).map_err(|_| anyhow!("a BABE authority is not 32 bytes"))
}

/// Hex with 0x.
pub fn hex0x(bytes: &[u8]) -> String {
	format!("0x{}", hex::encode(bytes))
}

/// Decode a 0x hex string.
pub fn unhex(text: &str) -> Result<Vec<u8>> {
	Ok(hex::decode(text.trim_start_matches("0x"))?)
}

// Validators.

/// Make `stash` a validator run by `validator_node`: the node generates session keys with an
/// ownership proof for the stash (`author_rotateKeysWithOwner`), and the stash signs
/// `staking.bond(bond, Staked)`, `session.setKeys(keys, proof)` and
/// `staking.validate(0 % commission)`, submitted through `rpc_node`. Returns the session keys
/// (babe ++ grandpa ++ authority discovery, 32 bytes each).
pub async fn make_validator(
	rpc_node: &NetworkNode,
	validator_node: &NetworkNode,
	stash: &Keypair,
	bond: u128,
) -> Result<Vec<u8>> {
	let stash_id = account(stash);
	let generated = rpc(validator_node, "author_rotateKeysWithOwner", vec![hex0x(&stash_id).into()]).await?;
	let keys = unhex(generated["keys"].as_str().context("author_rotateKeysWithOwner: no keys")?)?;
	let proof = unhex(
		generated["proof"]
			.as_str()
			.context("author_rotateKeysWithOwner: the node made keys without an ownership proof")?,
	)?;
	if keys.len() != 96 {
		bail!("session keys are babe + grandpa + authority discovery (3 x 32 bytes), got {} bytes", keys.len());
	}
	let held = rpc(validator_node, "author_hasSessionKeys", vec![hex0x(&keys).into()]).await?;
	if held.as_bool() != Some(true) {
		bail!("{}: the keystore does not hold the keys it generated", validator_node.name());
	}
	submit(
		rpc_node,
		stash,
		&subxt::dynamic::tx(
			"Staking",
			"bond",
			vec![Value::u128(bond), Value::unnamed_variant("Staked", Vec::<Value>::new())],
		),
	)
	.await?;
	submit(
		rpc_node,
		stash,
		&subxt::dynamic::tx(
			"Session",
			"set_keys",
			vec![
				Value::named_composite([
					("babe", Value::from_bytes(&keys[0..32])),
					("grandpa", Value::from_bytes(&keys[32..64])),
					("authority_discovery", Value::from_bytes(&keys[64..96])),
				]),
				Value::from_bytes(&proof),
			],
		),
	)
	.await?;
	let events = submit(
		rpc_node,
		stash,
		&subxt::dynamic::tx(
			"Staking",
			"validate",
			vec![Value::named_composite([("commission", Value::u128(0)), ("blocked", Value::bool(false))])],
		),
	)
	.await?;
	if !has_event(&events, "Staking", "ValidatorPrefsSet") {
		bail!("staking.validate emitted no ValidatorPrefsSet");
	}
	Ok(keys)
}

/// Wait until `stash` is in the session's validator set.
pub async fn wait_in_validator_set(client: &Client, stash: [u8; 32], timeout: Duration) -> Result<()> {
	let what = format!("{} in the active validator set", subxt::utils::AccountId32::from(stash));
	wait_for(&what, timeout, || {
		let client = client.clone();
		async move { anyhow::Ok(session_validators(&client, None).await?.contains(&stash)) }
	})
	.await
}

/// Find a block at or after `from` (on `node`'s canonical chain) authored with BABE key
/// `babe_key`, waiting for new blocks up to `timeout`. Returns its number and hash.
pub async fn find_block_by(
	node: &NetworkNode,
	client: &Client,
	babe_key: [u8; 32],
	from: u32,
	timeout: Duration,
) -> Result<(u32, String)> {
	let deadline = Instant::now() + timeout;
	let mut next = from.max(1);
	loop {
		let top = best(node).await?;
		while next <= top {
			if let Some(hash) = block_hash(node, next).await? {
				if babe_author(client, h256(&hash)?).await? == babe_key {
					return Ok((next, hash));
				}
			}
			next += 1;
		}
		if Instant::now() > deadline {
			bail!("no block authored by BABE key {} in #{from}..=#{top}", hex0x(&babe_key));
		}
		tokio::time::sleep(Duration::from_secs(3)).await;
	}
}
