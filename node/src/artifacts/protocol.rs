//! The artifact request-response protocol: a peer asks for a byte range of a blob by its
//! blake2-256 hash; the answer is that range (at most [`MAX_CHUNK`] bytes) and the blob's
//! total length, `NotFound`, or `Busy` (the asker is over its rate; it may ask again
//! later). Messages are SCALE-encoded; request and response sizes are bounded by the
//! protocol configuration, so one oversized message never reaches the handler.

use codec::{Decode, Encode};
use sc_network::{NetworkBackend, ProtocolName};
use std::time::Duration;
use tensorgrid_primitives::Digest;
use tensorgrid_runtime::opaque::Block;

/// Largest range one response carries.
pub const MAX_CHUNK: u32 = 1 << 20;

/// Largest blob the protocol moves: a kernel's largest buffer.
pub const MAX_ARTIFACT_LEN: u64 = tensorgrid_primitives::kernels::MAX_BUFFER_BYTES;

/// A request is a hash and two integers.
pub const MAX_REQUEST_SIZE: u64 = 64;

/// A chunk plus its framing.
pub const MAX_RESPONSE_SIZE: u64 = MAX_CHUNK as u64 + 64;

/// How long one request may take before the asker tries elsewhere.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);

/// Requests waiting for the handler; more are refused by the network layer.
pub const INBOUND_QUEUE: usize = 64;

#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub struct ChunkRequest {
	pub hash: Digest,
	pub offset: u64,
	pub len: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub enum ChunkResponse {
	/// `bytes` = the blob's `[offset, offset + len)`, cut at its end and at `MAX_CHUNK`.
	Chunk { total_len: u64, bytes: Vec<u8> },
	NotFound,
	/// Over the per-peer rate: ask again later.
	Busy,
}

/// `/<genesis hash hex>[/<fork id>]/tensorgrid/artifact/1`.
pub fn protocol_name(genesis_hash: &sp_core::H256, fork_id: Option<&str>) -> ProtocolName {
	match fork_id {
		Some(fork) => format!("/{genesis_hash:x}/{fork}/tensorgrid/artifact/1"),
		None => format!("/{genesis_hash:x}/tensorgrid/artifact/1"),
	}
	.into()
}

/// The protocol's configuration for network backend `N`, with requests arriving on `inbound`.
pub fn config<N>(name: ProtocolName, inbound: async_channel::Sender<sc_network::config::IncomingRequest>) -> N::RequestResponseProtocolConfig
where
	N: NetworkBackend<Block, <Block as sp_runtime::traits::Block>::Hash>,
{
	N::request_response_config(name, Vec::new(), MAX_REQUEST_SIZE, MAX_RESPONSE_SIZE, REQUEST_TIMEOUT, Some(inbound))
}
