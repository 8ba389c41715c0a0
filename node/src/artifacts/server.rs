//! Answers peers' chunk requests from the node's store, falling back to the chain's
//! stored artifacts (job inputs uploaded with `jobs.store_artifact`). Each peer has a byte
//! budget that refills at a fixed rate; a peer over it is told `Busy`, a malformed request
//! costs reputation.

use super::{
	protocol::{ChunkRequest, ChunkResponse, MAX_CHUNK},
	store::ArtifactStore,
	LOG_TARGET,
};
use codec::{Decode, Encode};
use futures::StreamExt;
use gpu_worker::service::store::ArtifactReader;
use sc_network::{
	config::{IncomingRequest, OutgoingResponse},
	PeerId, ReputationChange,
};
use std::{
	collections::HashMap,
	sync::Arc,
	time::Instant,
};

/// Bytes a peer may take at once, and per second after that.
pub const PEER_BURST: f64 = 64.0 * 1024.0 * 1024.0;
pub const PEER_RATE: f64 = 32.0 * 1024.0 * 1024.0;
/// Peers whose budgets are remembered; idle ones are forgotten first.
const MAX_TRACKED_PEERS: usize = 1024;

const BAD_REQUEST: ReputationChange = ReputationChange::new(-(1 << 12), "malformed artifact request");

/// Token buckets of bytes, one per peer.
pub struct PeerBudgets {
	burst: f64,
	rate: f64,
	peers: HashMap<PeerId, (f64, Instant)>,
}

impl PeerBudgets {
	pub fn new(burst: f64, rate: f64) -> PeerBudgets {
		PeerBudgets { burst, rate, peers: HashMap::new() }
	}

	/// Take `bytes` from `peer`'s budget at `now`; false (and nothing taken) if short.
	pub fn take(&mut self, peer: PeerId, bytes: u64, now: Instant) -> bool {
		if self.peers.len() >= MAX_TRACKED_PEERS && !self.peers.contains_key(&peer) {
			// Forget peers whose budget has refilled: they are owed nothing.
			let (burst, rate) = (self.burst, self.rate);
			self.peers.retain(|_, (left, at)| *left + now.duration_since(*at).as_secs_f64() * rate < burst);
		}
		let (left, at) = self.peers.entry(peer).or_insert((self.burst, now));
		*left = (*left + now.duration_since(*at).as_secs_f64() * self.rate).min(self.burst);
		*at = now;
		if *left < bytes as f64 {
			return false;
		}
		*left -= bytes as f64;
		true
	}
}

pub struct ArtifactServer {
	pub store: Arc<ArtifactStore>,
	/// The chain's `Jobs::ArtifactData` at the best block.
	pub chain: ArtifactReader,
	pub budgets: PeerBudgets,
}

impl ArtifactServer {
	/// The answer to one request's payload from `peer` (`Err` for a malformed one).
	pub fn answer(&mut self, peer: PeerId, payload: &[u8], now: Instant) -> Result<ChunkResponse, ()> {
		let request = ChunkRequest::decode(&mut &payload[..]).map_err(|_| ())?;
		if request.len == 0 || request.len > MAX_CHUNK {
			return Err(());
		}
		if !self.budgets.take(peer, request.len as u64, now) {
			return Ok(ChunkResponse::Busy);
		}
		match self.store.read_range(&request.hash, request.offset, request.len) {
			Ok(Some((total_len, bytes))) => return Ok(ChunkResponse::Chunk { total_len, bytes }),
			Ok(None) => {},
			Err(e) => log::warn!(target: LOG_TARGET, "reading artifact 0x{}: {e}", super::store::file_name(&request.hash)),
		}
		// An input stored on chain: served from there (the chain already checked it).
		Ok(match (self.chain)(&request.hash) {
			Some(bytes) => {
				let total_len = bytes.len() as u64;
				let start = request.offset.min(total_len) as usize;
				let end = (start + request.len as usize).min(bytes.len());
				ChunkResponse::Chunk { total_len, bytes: bytes[start..end].to_vec() }
			},
			None => ChunkResponse::NotFound,
		})
	}

	/// Answer requests until the network stops.
	pub async fn run(mut self, mut requests: async_channel::Receiver<IncomingRequest>) {
		while let Some(IncomingRequest { peer, payload, pending_response }) = requests.next().await {
			let response = match self.answer(peer, &payload, Instant::now()) {
				Ok(answer) => OutgoingResponse { result: Ok(answer.encode()), reputation_changes: Vec::new(), sent_feedback: None },
				Err(()) => OutgoingResponse { result: Err(()), reputation_changes: vec![BAD_REQUEST], sent_feedback: None },
			};
			let _ = pending_response.send(response);
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::artifacts::store::Kind;
	use std::time::Duration;
	use tensorgrid_primitives::digest_of;

	fn server(name: &str) -> ArtifactServer {
		let dir = std::env::temp_dir().join(format!("tg-server-{name}-{}", std::process::id()));
		let _ = std::fs::remove_dir_all(&dir);
		let on_chain = b"an input on chain".to_vec();
		ArtifactServer {
			store: Arc::new(ArtifactStore::open(&dir, 1 << 30).unwrap()),
			chain: Arc::new(move |h| (*h == digest_of(&on_chain)).then(|| on_chain.clone())),
			budgets: PeerBudgets::new(PEER_BURST, PEER_RATE),
		}
	}

	fn ask(s: &mut ArtifactServer, peer: PeerId, hash: [u8; 32], offset: u64, len: u32, now: Instant) -> ChunkResponse {
		s.answer(peer, &ChunkRequest { hash, offset, len }.encode(), now).expect("well formed")
	}

	#[test]
	fn serves_ranges_from_the_store_and_the_chain() {
		let mut s = server("ranges");
		let blob: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
		let hash = digest_of(&blob);
		s.store.insert(&hash, &blob, Kind::Pinned).unwrap();
		let (peer, now) = (PeerId::random(), Instant::now());
		assert_eq!(
			ask(&mut s, peer, hash, 2_500_000, MAX_CHUNK, now),
			ChunkResponse::Chunk { total_len: 3_000_000, bytes: blob[2_500_000..].to_vec() }
		);
		let input = digest_of(b"an input on chain");
		assert_eq!(
			ask(&mut s, peer, input, 3, 5, now),
			ChunkResponse::Chunk { total_len: 17, bytes: b"nput".iter().chain(b" ").copied().collect() }
		);
		assert_eq!(ask(&mut s, peer, digest_of(b"nobody has this"), 0, 10, now), ChunkResponse::NotFound);
	}

	#[test]
	fn malformed_and_oversized_requests_are_refused() {
		let mut s = server("malformed");
		let peer = PeerId::random();
		assert!(s.answer(peer, b"junk", Instant::now()).is_err());
		let too_big = ChunkRequest { hash: [0; 32], offset: 0, len: MAX_CHUNK + 1 }.encode();
		assert!(s.answer(peer, &too_big, Instant::now()).is_err());
		let empty = ChunkRequest { hash: [0; 32], offset: 0, len: 0 }.encode();
		assert!(s.answer(peer, &empty, Instant::now()).is_err());
	}

	#[test]
	fn a_peer_over_its_rate_is_told_busy_and_others_are_not() {
		let mut s = server("rate");
		let (greedy, other, start) = (PeerId::random(), PeerId::random(), Instant::now());
		let hash = digest_of(b"x");
		// 64 MiB of burst: 64 chunk requests pass, the 65th is refused.
		for _ in 0..64 {
			assert_eq!(ask(&mut s, greedy, hash, 0, MAX_CHUNK, start), ChunkResponse::NotFound);
		}
		assert_eq!(ask(&mut s, greedy, hash, 0, MAX_CHUNK, start), ChunkResponse::Busy);
		assert_eq!(ask(&mut s, other, hash, 0, MAX_CHUNK, start), ChunkResponse::NotFound);
		// Half a second later the budget has 16 MiB again.
		let later = start + Duration::from_millis(500);
		for _ in 0..16 {
			assert_eq!(ask(&mut s, greedy, hash, 0, MAX_CHUNK, later), ChunkResponse::NotFound);
		}
		assert_eq!(ask(&mut s, greedy, hash, 0, MAX_CHUNK, later), ChunkResponse::Busy);
	}
}
