//! Artifact exchange over the nodes' own network: job outputs (and inputs) of any size,
//! by their blake2-256 hash.
//!
//! - [`store`]: blobs on disk, checked against their hash; outputs of this node's GPU worker
//!   pinned, fetched blobs in a capped cache.
//! - [`protocol`]: the `/<genesis>/tensorgrid/artifact/1` request-response protocol (a byte
//!   range of a blob per request, at most 1 MiB).
//! - [`server`]: answers peers from the store and the chain's stored artifacts, with a
//!   per-peer byte rate.
//! - [`fetch`]: gets a blob from connected peers, or from peers that announced it on the
//!   DHT, checks it, reports peers that send wrong bytes.
//! - [`dht`]: announces the blobs this node holds and finds who announced a hash.
//! - [`inputs`]: the embedded GPU worker's inputs that are other jobs' outputs, fetched in
//!   the background.
//! - [`rpc`]: `artifact_get` and `artifact_status` for submitters.

pub mod dht;
pub mod fetch;
pub mod inputs;
pub mod protocol;
pub mod rpc;
pub mod server;
pub mod store;

use futures::future::BoxFuture;
use protocol::{ChunkRequest, ChunkResponse};
use sc_network::{
	service::traits::NetworkService, IfDisconnected, NetworkPeers, NetworkRequest, PeerId, ProtocolName,
	ReputationChange,
};
use std::sync::Arc;

pub const LOG_TARGET: &str = "artifacts";

/// The store and the protocol, set up before the network starts.
pub struct Setup {
	pub store: Arc<store::ArtifactStore>,
	protocol: ProtocolName,
	requests: async_channel::Receiver<sc_network::config::IncomingRequest>,
}

/// Open the store under `dir` and make the protocol's configuration for backend `N` (to be
/// added to the network configuration).
pub fn setup<N>(
	dir: &std::path::Path,
	cache_bytes: u64,
	genesis_hash: &sp_core::H256,
	fork_id: Option<&str>,
) -> std::io::Result<(Setup, N::RequestResponseProtocolConfig)>
where
	N: sc_network::NetworkBackend<tensorgrid_runtime::opaque::Block, <tensorgrid_runtime::opaque::Block as sp_runtime::traits::Block>::Hash>,
{
	let store = Arc::new(store::ArtifactStore::open(dir, cache_bytes)?);
	let protocol = protocol::protocol_name(genesis_hash, fork_id);
	let (tx, requests) = async_channel::bounded(protocol::INBOUND_QUEUE);
	let config = protocol::config::<N>(protocol.clone(), tx);
	Ok((Setup { store, protocol, requests }, config))
}

/// Once the network runs: answer peers, announce what this node holds, sweep old outputs
/// (kept for `retention()`), and return the fetcher the RPC and the GPU worker use.
/// `corrupt` is the test-only `--artifact-corrupt-serving`.
pub fn start(
	setup: Setup,
	spawn: &sc_service::SpawnTaskHandle,
	network: Arc<dyn NetworkService>,
	peers: PeerLister,
	chain: gpu_worker::service::store::ArtifactReader,
	retention: Arc<dyn Fn() -> std::time::Duration + Send + Sync>,
	corrupt: bool,
) -> Arc<fetch::Fetcher> {
	let Setup { store, protocol, requests } = setup;
	let mut server = server::ArtifactServer::new(store.clone(), chain);
	if corrupt {
		log::warn!(target: LOG_TARGET, "--artifact-corrupt-serving: every chunk this node serves is wrong");
		server.corrupt = true;
	}
	spawn.spawn("artifact-server", Some("networking"), server.run(requests));
	spawn.spawn("artifact-sweeper", Some("networking"), store::sweep_forever(store.clone(), retention));
	spawn.spawn("artifact-announcer", Some("networking"), dht::announce_forever(store.clone(), network.clone()));
	let dht = dht::Dht::new(network.clone());
	spawn.spawn("artifact-dht", Some("networking"), dht.clone().run());
	Arc::new(fetch::Fetcher {
		transport: Arc::new(NetworkTransport { network, protocol, peers, dht }),
		store,
		// 512 MiB of fetches in flight, counted in KiB.
		memory: Arc::new(tokio::sync::Semaphore::new(512 << 10)),
		busy_retries: 20,
		busy_wait: std::time::Duration::from_millis(250),
		// 128 MiB at 1 MiB/s, and some.
		peer_deadline: std::time::Duration::from_secs(150),
	})
}

/// Lists the peers to ask (the node's sync peers).
pub type PeerLister = Arc<dyn Fn() -> BoxFuture<'static, Vec<PeerId>> + Send + Sync>;

/// The fetcher's transport over the node's network service.
pub struct NetworkTransport {
	pub network: Arc<dyn NetworkService>,
	pub protocol: ProtocolName,
	pub peers: PeerLister,
	pub dht: Arc<dht::Dht>,
}

impl fetch::Transport for NetworkTransport {
	fn peers(&self) -> BoxFuture<'static, Vec<PeerId>> {
		(self.peers)()
	}

	fn providers(&self, hash: tensorgrid_primitives::Digest) -> BoxFuture<'static, Vec<PeerId>> {
		let dht = self.dht.clone();
		Box::pin(async move { dht.providers(hash).await })
	}

	fn request(&self, peer: PeerId, request: ChunkRequest) -> BoxFuture<'static, Result<ChunkResponse, String>> {
		use codec::{Decode, Encode};
		let (network, protocol) = (self.network.clone(), self.protocol.clone());
		Box::pin(async move {
			// A peer found on the DHT may not be connected yet: dial it (its addresses came
			// with the provider record).
			let (bytes, _) = network
				.request(peer, protocol, request.encode(), None, IfDisconnected::TryConnect)
				.await
				.map_err(|e| e.to_string())?;
			ChunkResponse::decode(&mut &bytes[..]).map_err(|e| format!("undecodable response: {e}"))
		})
	}

	fn report(&self, peer: PeerId, change: ReputationChange) {
		self.network.report_peer(peer, change);
	}
}
