//! Artifact exchange over the nodes' own network: job outputs (and inputs) of any size,
//! by their blake2-256 hash.
//!
//! - [`store`]: blobs on disk, checked against their hash; outputs of this node's GPU worker
//!   pinned, fetched blobs in a capped cache.
//! - [`protocol`]: the `/<genesis>/tensorgrid/artifact/1` request-response protocol (a byte
//!   range of a blob per request, at most 1 MiB).
//! - [`server`]: answers peers from the store and the chain's stored artifacts, with a
//!   per-peer byte rate.
//! - [`fetch`]: gets a blob from connected peers, checks it, reports peers that send wrong
//!   bytes.
//! - [`rpc`]: `artifact_get` and `artifact_status` for submitters.

pub mod fetch;
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

/// Lists the peers to ask (the node's sync peers).
pub type PeerLister = Arc<dyn Fn() -> BoxFuture<'static, Vec<PeerId>> + Send + Sync>;

/// The fetcher's transport over the node's network service.
pub struct NetworkTransport {
	pub network: Arc<dyn NetworkService>,
	pub protocol: ProtocolName,
	pub peers: PeerLister,
}

impl fetch::Transport for NetworkTransport {
	fn peers(&self) -> BoxFuture<'static, Vec<PeerId>> {
		(self.peers)()
	}

	fn request(&self, peer: PeerId, request: ChunkRequest) -> BoxFuture<'static, Result<ChunkResponse, String>> {
		use codec::{Decode, Encode};
		let (network, protocol) = (self.network.clone(), self.protocol.clone());
		Box::pin(async move {
			let (bytes, _) = network
				.request(peer, protocol, request.encode(), None, IfDisconnected::ImmediateError)
				.await
				.map_err(|e| e.to_string())?;
			ChunkResponse::decode(&mut &bytes[..]).map_err(|e| format!("undecodable response: {e}"))
		})
	}

	fn report(&self, peer: PeerId, change: ReputationChange) {
		self.network.report_peer(peer, change);
	}
}
