//! Answers peers' chunk requests from the node's store, falling back to the chain's
//! stored artifacts (job inputs uploaded with `jobs.store_artifact`). Each peer has a byte
//! budget that refills at a fixed rate, and so has the node as a whole (peer identities
//! are free); a request costs at least [`MIN_CHARGE`] however little it asks for. A peer
//! over budget is told `Busy`; a malformed request costs reputation. A stored blob is
//! checked against its hash before its first byte is served (a file damaged on disk is
//! removed, never served), and the disk and chain reads run off the async executor.

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
/// The same for all peers together.
pub const NODE_BURST: f64 = 256.0 * 1024.0 * 1024.0;
pub const NODE_RATE: f64 = 128.0 * 1024.0 * 1024.0;
/// What any request costs, found or not.
pub const MIN_CHARGE: u64 = 64 * 1024;
/// Peers whose budgets are remembered; idle ones are forgotten first.
const MAX_TRACKED_PEERS: usize = 1024;

const BAD_REQUEST: ReputationChange = ReputationChange::new(-(1 << 12), "malformed artifact request");

/// A token bucket of bytes.
pub struct Bucket {
	burst: f64,
	rate: f64,
	left: f64,
	at: Option<Instant>,
}

impl Bucket {
	pub fn new(burst: f64, rate: f64) -> Bucket {
		Bucket { burst, rate, left: burst, at: None }
	}

	/// Bytes available at `now`.
	fn level(&self, now: Instant) -> f64 {
		let refill = self.at.map_or(0.0, |at| now.saturating_duration_since(at).as_secs_f64() * self.rate);
		(self.left + refill).min(self.burst)
	}

	/// Take `bytes` at `now`; false (and nothing taken) if short.
	pub fn take(&mut self, bytes: u64, now: Instant) -> bool {
		self.left = self.level(now);
		self.at = Some(now);
		if self.left < bytes as f64 {
			return false;
		}
		self.left -= bytes as f64;
		true
	}
}

/// Token buckets of bytes, one per peer.
pub struct PeerBudgets {
	burst: f64,
	rate: f64,
	peers: HashMap<PeerId, Bucket>,
}

impl PeerBudgets {
	pub fn new(burst: f64, rate: f64) -> PeerBudgets {
		PeerBudgets { burst, rate, peers: HashMap::new() }
	}

	/// Take `bytes` from `peer`'s budget at `now`; false (and nothing taken) if short.
	pub fn take(&mut self, peer: PeerId, bytes: u64, now: Instant) -> bool {
		if self.peers.len() >= MAX_TRACKED_PEERS && !self.peers.contains_key(&peer) {
			// Forget peers whose budget has refilled: they are owed nothing.
			let burst = self.burst;
			self.peers.retain(|_, bucket| bucket.level(now) < burst);
			if self.peers.len() >= MAX_TRACKED_PEERS {
				// Still full: the longest idle goes (its debt is forgiven, once).
				if let Some(oldest) = self.peers.iter().min_by_key(|(_, b)| b.at).map(|(p, _)| *p) {
					self.peers.remove(&oldest);
				}
			}
		}
		let (burst, rate) = (self.burst, self.rate);
		self.peers.entry(peer).or_insert_with(|| Bucket::new(burst, rate)).take(bytes, now)
	}
}

pub struct ArtifactServer {
	pub store: Arc<ArtifactStore>,
	/// The chain's `Jobs::ArtifactData` at the best block.
	pub chain: ArtifactReader,
	pub budgets: PeerBudgets,
	/// The budget of all peers together.
	pub node_budget: Bucket,
	/// Blobs of the store checked against their hash since the node started.
	pub checked: Arc<std::sync::Mutex<std::collections::HashSet<tensorgrid_primitives::Digest>>>,
	/// Test only (`--artifact-corrupt-serving`): flip the first byte of every chunk served.
	pub corrupt: bool,
}

/// A request the budgets let through, to be read from disk or the chain.
pub struct Admitted {
	store: Arc<ArtifactStore>,
	chain: ArtifactReader,
	checked: Arc<std::sync::Mutex<std::collections::HashSet<tensorgrid_primitives::Digest>>>,
	request: ChunkRequest,
}

impl ArtifactServer {
	pub fn new(store: Arc<ArtifactStore>, chain: ArtifactReader) -> ArtifactServer {
		ArtifactServer {
			store,
			chain,
			budgets: PeerBudgets::new(PEER_BURST, PEER_RATE),
			node_budget: Bucket::new(NODE_BURST, NODE_RATE),
			checked: Default::default(),
			corrupt: false,
		}
	}

	/// Decode and admit one request from `peer`: `Err` for a malformed one, `Ok(Err(Busy))`
	/// over budget.
	pub fn admit(&mut self, peer: PeerId, payload: &[u8], now: Instant) -> Result<Result<Admitted, ChunkResponse>, ()> {
		let request = ChunkRequest::decode(&mut &payload[..]).map_err(|_| ())?;
		if request.len == 0 || request.len > MAX_CHUNK {
			return Err(());
		}
		let cost = (request.len as u64).max(MIN_CHARGE);
		if !self.node_budget.take(cost, now) || !self.budgets.take(peer, cost, now) {
			return Ok(Err(ChunkResponse::Busy));
		}
		Ok(Ok(Admitted { store: self.store.clone(), chain: self.chain.clone(), checked: self.checked.clone(), request }))
	}

	/// The answer to one request's payload from `peer` (`Err` for a malformed one), read
	/// on the calling thread.
	#[cfg(test)]
	pub fn answer(&mut self, peer: PeerId, payload: &[u8], now: Instant) -> Result<ChunkResponse, ()> {
		Ok(match self.admit(peer, payload, now)? {
			Ok(admitted) => admitted.read(),
			Err(busy) => busy,
		})
	}

	/// Answer requests until the network stops.
	pub async fn run(mut self, mut requests: async_channel::Receiver<IncomingRequest>) {
		while let Some(IncomingRequest { peer, payload, pending_response }) = requests.next().await {
			let answer = match self.admit(peer, &payload, Instant::now()) {
				Ok(Ok(admitted)) => tokio::task::spawn_blocking(move || admitted.read()).await.map_err(|_| ()),
				Ok(Err(busy)) => Ok(busy),
				Err(()) => Err(()),
			};
			let answer = match answer {
				Ok(ChunkResponse::Chunk { total_len, mut bytes }) if self.corrupt && !bytes.is_empty() => {
					bytes[0] ^= 0xff;
					Ok(ChunkResponse::Chunk { total_len, bytes })
				},
				other => other,
			};
			let response = match answer {
				Ok(answer) => OutgoingResponse { result: Ok(answer.encode()), reputation_changes: Vec::new(), sent_feedback: None },
				Err(()) => OutgoingResponse { result: Err(()), reputation_changes: vec![BAD_REQUEST], sent_feedback: None },
			};
			let _ = pending_response.send(response);
		}
	}
}

impl Admitted {
	/// Read the range from the store (a blob checked once against its hash first) or the
	/// chain.
	pub fn read(self) -> ChunkResponse {
		let Admitted { store, chain, checked, request } = self;
		let name = super::store::file_name(&request.hash);
		if store.len_of(&request.hash).is_some() {
			let known = checked.lock().unwrap_or_else(|p| p.into_inner()).contains(&request.hash);
			let sound = known || match store.verify(&request.hash) {
				Ok(sound) => sound,
				Err(e) => {
					log::warn!(target: LOG_TARGET, "checking artifact 0x{name}: {e}");
					false
				},
			};
			if sound {
				checked.lock().unwrap_or_else(|p| p.into_inner()).insert(request.hash);
				match store.read_range(&request.hash, request.offset, request.len) {
					Ok(Some((total_len, bytes))) => return ChunkResponse::Chunk { total_len, bytes },
					Ok(None) => {},
					Err(e) => log::warn!(target: LOG_TARGET, "reading artifact 0x{name}: {e}"),
				}
			}
		}
		// An input stored on chain: served from there (the chain already checked it).
		match chain(&request.hash) {
			Some(bytes) => {
				let total_len = bytes.len() as u64;
				let start = request.offset.min(total_len) as usize;
				let end = (start + request.len as usize).min(bytes.len());
				ChunkResponse::Chunk { total_len, bytes: bytes[start..end].to_vec() }
			},
			None => ChunkResponse::NotFound,
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
		ArtifactServer::new(
			Arc::new(ArtifactStore::open(&dir, 1 << 30).unwrap()),
			Arc::new(move |h| (*h == digest_of(&on_chain)).then(|| on_chain.clone())),
		)
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
			ChunkResponse::Chunk { total_len: 17, bytes: b"input".to_vec() }
		);
		assert_eq!(ask(&mut s, peer, digest_of(b"nobody has this"), 0, 10, now), ChunkResponse::NotFound);
	}

	#[test]
	fn a_blob_damaged_on_disk_is_never_served() {
		let mut s = server("damaged");
		let blob = vec![5u8; 10_000];
		let hash = digest_of(&blob);
		s.store.insert(&hash, &blob, Kind::Pinned).unwrap();
		std::fs::write(s.store.pinned_dir().join(crate::artifacts::store::file_name(&hash)), vec![6u8; 10_000]).unwrap();
		assert_eq!(ask(&mut s, PeerId::random(), hash, 0, 100, Instant::now()), ChunkResponse::NotFound);
		assert_eq!(s.store.len_of(&hash), None, "removed");
	}

	#[test]
	fn all_peers_together_have_a_budget_too() {
		let mut s = server("node-budget");
		let hash = digest_of(b"x");
		let now = Instant::now();
		// 256 MiB for the node: 256 peers asking 1 MiB each pass, the next is told busy.
		for _ in 0..256 {
			assert_eq!(ask(&mut s, PeerId::random(), hash, 0, MAX_CHUNK, now), ChunkResponse::NotFound);
		}
		assert_eq!(ask(&mut s, PeerId::random(), hash, 0, MAX_CHUNK, now), ChunkResponse::Busy);
		// A 1-byte request costs 64 KiB.
		let mut s = server("min-charge");
		let peer = PeerId::random();
		for _ in 0..1024 {
			assert_eq!(ask(&mut s, peer, hash, 0, 1, now), ChunkResponse::NotFound);
		}
		assert_eq!(ask(&mut s, peer, hash, 0, 1, now), ChunkResponse::Busy);
	}

	#[test]
	fn fetched_blobs_in_the_cache_are_served_too() {
		let mut s = server("cached");
		let blob: Vec<u8> = (0..3_000_000u32).map(|i| (i % 13) as u8).collect();
		let hash = digest_of(&blob);
		s.store.insert(&hash, &blob, Kind::Cached).unwrap();
		assert_eq!(
			ask(&mut s, PeerId::random(), hash, 0, MAX_CHUNK, Instant::now()),
			ChunkResponse::Chunk { total_len: 3_000_000, bytes: blob[..MAX_CHUNK as usize].to_vec() }
		);
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
