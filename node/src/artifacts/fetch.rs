//! Fetching a blob from peers: ask connected peers in turn for its first chunk, take the
//! rest from the first that has it, check the whole blob against its hash, and keep it in
//! the cache. When no connected peer has it, ask the DHT which peers announced it (the
//! nodes that produced or fetched it, see [`super::dht`]) and dial at most
//! [`MAX_DHT_PEERS`] of them. A peer whose bytes do not match (or that lies about the
//! length) is reported and the next peer is tried. The bytes of fetches in flight are
//! bounded by a memory budget; a blob over [`MAX_ARTIFACT_LEN`] is never asked for.

use super::{
	protocol::{ChunkRequest, ChunkResponse, MAX_ARTIFACT_LEN, MAX_CHUNK},
	store::{file_name, ArtifactStore, Kind},
	LOG_TARGET,
};
use futures::{future::BoxFuture, StreamExt};
use sc_network::{PeerId, ReputationChange};
use std::{sync::Arc, time::Duration};
use tensorgrid_primitives::{digest_of, Digest};
use tokio::sync::Semaphore;

/// What a peer that sent bytes not matching the hash they were asked for loses.
pub const WRONG_BYTES: ReputationChange = ReputationChange::new_fatal("sent artifact bytes that do not match the hash");
/// Chunk requests kept in flight to one peer.
pub const IN_FLIGHT: usize = 4;
/// Most peers found through the DHT that one fetch dials (anyone can announce any hash).
pub const MAX_DHT_PEERS: usize = 8;
/// A response that is not the range asked for.
pub const BAD_RESPONSE: ReputationChange = ReputationChange::new(-(1 << 16), "malformed artifact response");

/// The network as the fetcher sees it (the node's network service; a fake in tests).
pub trait Transport: Send + Sync {
	/// Peers to ask, in order.
	fn peers(&self) -> BoxFuture<'static, Vec<PeerId>>;
	/// Peers that announced `hash` on the DHT (found within a bounded wait).
	fn providers(&self, hash: Digest) -> BoxFuture<'static, Vec<PeerId>>;
	/// Send one request; `Err` on a network failure or an undecodable answer.
	fn request(&self, peer: PeerId, request: ChunkRequest) -> BoxFuture<'static, Result<ChunkResponse, String>>;
	fn report(&self, peer: PeerId, change: ReputationChange);
}

#[derive(Debug, PartialEq, Eq)]
pub enum FetchError {
	/// No peer had it (`asked` peers answered or failed).
	NotFound { asked: usize },
	TooLarge(u64),
	/// The blob does not fit in the memory set aside for fetches, or the cache.
	NoRoom(String),
}

impl std::fmt::Display for FetchError {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		match self {
			FetchError::NotFound { asked } => write!(f, "not found on any peer ({asked} asked)"),
			FetchError::TooLarge(len) => write!(f, "{len} bytes is over the {MAX_ARTIFACT_LEN}-byte limit"),
			FetchError::NoRoom(why) => write!(f, "no room: {why}"),
		}
	}
}

pub struct Fetcher {
	pub transport: Arc<dyn Transport>,
	pub store: Arc<ArtifactStore>,
	/// Bytes of blobs being fetched at once, in KiB permits.
	pub memory: Arc<Semaphore>,
	/// Times a `Busy` peer is asked again during one blob, and the wait between.
	pub busy_retries: u32,
	pub busy_wait: Duration,
	/// Longest time one peer may take to deliver a whole blob.
	pub peer_deadline: Duration,
}

/// Why one peer did not deliver.
enum PeerFailure {
	NotFound,
	/// Reported already; try the next peer.
	Misbehaved,
	Unreachable(String),
}

impl Fetcher {
	/// Make sure the store holds `hash`, fetching it if needed; returns its length.
	/// `expected_len`, when the caller knows it (a job's output size), is enforced.
	pub async fn fetch(&self, hash: Digest, expected_len: Option<u64>) -> Result<u64, FetchError> {
		if let Some(len) = self.store.len_of(&hash) {
			return Ok(len);
		}
		if let Some(len) = expected_len.filter(|l| *l > MAX_ARTIFACT_LEN) {
			return Err(FetchError::TooLarge(len));
		}
		let mut peers = self.transport.peers().await;
		if let Some(len) = self.try_peers(&peers, hash, expected_len).await? {
			return Ok(len);
		}
		// Nobody connected has it: those that announced it, dialled if need be.
		let announced: Vec<PeerId> = self
			.transport
			.providers(hash)
			.await
			.into_iter()
			.filter(|p| !peers.contains(p))
			.take(MAX_DHT_PEERS)
			.collect();
		if let Some(len) = self.try_peers(&announced, hash, expected_len).await? {
			return Ok(len);
		}
		peers.extend(announced);
		Err(FetchError::NotFound { asked: peers.len() })
	}

	/// Ask `peers` in turn; the blob's length once one delivered it.
	async fn try_peers(&self, peers: &[PeerId], hash: Digest, expected_len: Option<u64>) -> Result<Option<u64>, FetchError> {
		for peer in peers {
			// A peer that stalls (slow answers, `Busy` forever) is given up on: it never
			// holds a fetch slot longer than its deadline.
			let attempt = tokio::time::timeout(self.peer_deadline, self.fetch_from(*peer, hash, expected_len));
			let outcome = attempt.await.unwrap_or_else(|_| Err(PeerFailure::Unreachable("too slow".into())));
			match outcome {
				Ok(bytes) => {
					let len = bytes.len() as u64;
					let store = self.store.clone();
					// Hashed already; the write of up to 128 MiB runs off the async executor.
					tokio::task::spawn_blocking(move || store.insert_checked(&hash, &bytes, Kind::Cached))
						.await
						.map_err(|e| FetchError::NoRoom(e.to_string()))?
						.map_err(|e| FetchError::NoRoom(e.to_string()))?;
					log::info!(target: LOG_TARGET, "fetched artifact 0x{} ({len} bytes) from {peer}", file_name(&hash));
					return Ok(Some(len));
				},
				Err(PeerFailure::NotFound | PeerFailure::Misbehaved) => {},
				Err(PeerFailure::Unreachable(e)) =>
					log::debug!(target: LOG_TARGET, "asking {peer} for 0x{}: {e}", file_name(&hash)),
			}
		}
		Ok(None)
	}

	/// One request, asked again while the peer is busy (at most `busy_retries` times for
	/// the whole blob, counted in `busy`).
	async fn ask(&self, peer: PeerId, request: ChunkRequest, busy: &std::sync::atomic::AtomicU32) -> Result<ChunkResponse, PeerFailure> {
		use std::sync::atomic::Ordering;
		loop {
			match self.transport.request(peer, request.clone()).await.map_err(PeerFailure::Unreachable)? {
				ChunkResponse::Busy if busy.fetch_add(1, Ordering::Relaxed) < self.busy_retries => {
					tokio::time::sleep(self.busy_wait).await;
				},
				ChunkResponse::Busy => return Err(PeerFailure::Unreachable("busy".into())),
				other => return Ok(other),
			}
		}
	}

	/// The whole blob from `peer`, checked, or why not.
	async fn fetch_from(&self, peer: PeerId, hash: Digest, expected_len: Option<u64>) -> Result<Vec<u8>, PeerFailure> {
		let busy = std::sync::atomic::AtomicU32::new(0);
		let busy = &busy;
		let first = self.ask(peer, ChunkRequest { hash, offset: 0, len: MAX_CHUNK }, busy).await?;
		let (total, first_bytes) = match first {
			ChunkResponse::NotFound => return Err(PeerFailure::NotFound),
			ChunkResponse::Chunk { total_len, bytes } => (total_len, bytes),
			ChunkResponse::Busy => unreachable!("ask retries busy answers"),
		};
		// The caller's expected length may be wrong (it comes from whoever called the RPC):
		// a blob of another length is not the one wanted, but the peer did nothing wrong.
		if expected_len.is_some_and(|l| l != total) {
			return Err(PeerFailure::NotFound);
		}
		if total > MAX_ARTIFACT_LEN || first_bytes.len() as u64 != total.min(MAX_CHUNK as u64) {
			self.transport.report(peer, BAD_RESPONSE);
			return Err(PeerFailure::Misbehaved);
		}
		let kib = u32::try_from(total.div_ceil(1024)).unwrap_or(u32::MAX);
		let _room = self.memory.acquire_many(kib).await.map_err(|_| PeerFailure::Unreachable("shutting down".into()))?;
		let mut bytes = Vec::with_capacity(total as usize);
		bytes.extend_from_slice(&first_bytes);
		// The other chunks, `IN_FLIGHT` requests at a time, kept in order.
		let offsets = (1..total.div_ceil(MAX_CHUNK as u64)).map(|i| i * MAX_CHUNK as u64);
		let mut chunks = futures::stream::iter(offsets)
			.map(|offset| {
				let want = (total - offset).min(MAX_CHUNK as u64);
				async move { (want, self.ask(peer, ChunkRequest { hash, offset, len: want as u32 }, busy).await) }
			})
			.buffered(IN_FLIGHT);
		while let Some((want, answer)) = chunks.next().await {
			match answer? {
				ChunkResponse::Chunk { total_len, bytes: chunk } if total_len == total && chunk.len() as u64 == want =>
					bytes.extend_from_slice(&chunk),
				ChunkResponse::NotFound => return Err(PeerFailure::Unreachable("dropped the blob mid-way".into())),
				_ => {
					self.transport.report(peer, BAD_RESPONSE);
					return Err(PeerFailure::Misbehaved);
				},
			}
		}
		if digest_of(&bytes) != hash {
			log::warn!(target: LOG_TARGET, "{peer} sent bytes that do not match 0x{}: reported", file_name(&hash));
			self.transport.report(peer, WRONG_BYTES);
			return Err(PeerFailure::Misbehaved);
		}
		Ok(bytes)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use std::{collections::HashMap, sync::Mutex};

	/// How a fake peer behaves.
	#[derive(Clone, Copy)]
	enum Peer {
		Honest,
		/// Flips a byte of every chunk after the first.
		Corrupting,
		Missing,
		/// Claims a length other than the blob's.
		LyingLength,
		/// Busy this many times, then honest.
		BusyFor(u32),
	}

	struct Fake {
		blob: Vec<u8>,
		peers: Vec<(PeerId, Peer)>,
		/// Not connected: found only through the DHT.
		announced: Vec<(PeerId, Peer)>,
		busy: Mutex<HashMap<PeerId, u32>>,
		reports: Mutex<Vec<(PeerId, ReputationChange)>>,
		requests: Mutex<Vec<PeerId>>,
	}

	impl Transport for Fake {
		fn peers(&self) -> BoxFuture<'static, Vec<PeerId>> {
			let ids = self.peers.iter().map(|p| p.0).collect();
			Box::pin(async move { ids })
		}
		fn providers(&self, _: Digest) -> BoxFuture<'static, Vec<PeerId>> {
			let ids = self.announced.iter().map(|p| p.0).collect();
			Box::pin(async move { ids })
		}
		fn request(&self, peer: PeerId, r: ChunkRequest) -> BoxFuture<'static, Result<ChunkResponse, String>> {
			self.requests.lock().unwrap().push(peer);
			let kind = self.peers.iter().chain(&self.announced).find(|p| p.0 == peer).unwrap().1;
			let total = self.blob.len() as u64;
			let start = (r.offset as usize).min(self.blob.len());
			let end = (start + r.len as usize).min(self.blob.len());
			let mut bytes = self.blob[start..end].to_vec();
			let answer = match kind {
				Peer::Missing => ChunkResponse::NotFound,
				Peer::LyingLength => ChunkResponse::Chunk { total_len: total + 1, bytes },
				Peer::Corrupting => {
					if r.offset > 0 {
						bytes[0] ^= 1;
					}
					ChunkResponse::Chunk { total_len: total, bytes }
				},
				Peer::BusyFor(n) => {
					let mut busy = self.busy.lock().unwrap();
					let seen = busy.entry(peer).or_default();
					*seen += 1;
					if *seen <= n { ChunkResponse::Busy } else { ChunkResponse::Chunk { total_len: total, bytes } }
				},
				Peer::Honest => ChunkResponse::Chunk { total_len: total, bytes },
			};
			Box::pin(async move { Ok(answer) })
		}
		fn report(&self, peer: PeerId, change: ReputationChange) {
			self.reports.lock().unwrap().push((peer, change));
		}
	}

	fn setup(name: &str, blob: Vec<u8>, peers: &[Peer]) -> (Arc<Fake>, Fetcher) {
		let dir = std::env::temp_dir().join(format!("tg-fetch-{name}-{}", std::process::id()));
		let _ = std::fs::remove_dir_all(&dir);
		let fake = Arc::new(Fake {
			blob,
			peers: peers.iter().map(|p| (PeerId::random(), *p)).collect(),
			announced: Vec::new(),
			busy: Mutex::default(),
			reports: Mutex::default(),
			requests: Mutex::default(),
		});
		let fetcher = Fetcher {
			transport: fake.clone(),
			store: Arc::new(ArtifactStore::open(&dir, 256 << 20).unwrap()),
			memory: Arc::new(Semaphore::new(512 << 10)),
			busy_retries: 3,
			busy_wait: Duration::from_millis(1),
			peer_deadline: Duration::from_secs(5),
		};
		(fake, fetcher)
	}

	fn blob(len: usize) -> Vec<u8> {
		(0..len).map(|i| (i * 7 % 253) as u8).collect()
	}

	#[tokio::test]
	async fn five_mib_cross_in_chunks_and_match_their_hash() {
		let data = blob(5 << 20);
		let hash = digest_of(&data);
		let (fake, fetcher) = setup("five", data.clone(), &[Peer::Missing, Peer::Honest]);
		assert_eq!(fetcher.fetch(hash, Some(5 << 20)).await, Ok(5 << 20));
		assert_eq!(fetcher.store.read(&hash).unwrap(), Some(data));
		// One request to the peer without it, five 1-MiB chunks from the other.
		assert_eq!(fake.requests.lock().unwrap().len(), 6);
		assert!(fake.reports.lock().unwrap().is_empty());
		// Held now: no second fetch.
		assert_eq!(fetcher.fetch(hash, None).await, Ok(5 << 20));
		assert_eq!(fake.requests.lock().unwrap().len(), 6);
	}

	#[tokio::test]
	async fn a_peer_sending_corrupted_chunks_is_reported_and_another_serves() {
		let data = blob(3 << 20);
		let hash = digest_of(&data);
		let (fake, fetcher) = setup("corrupt", data.clone(), &[Peer::Corrupting, Peer::LyingLength, Peer::Honest]);
		assert_eq!(fetcher.fetch(hash, None).await, Ok(3 << 20));
		assert_eq!(fetcher.store.read(&hash).unwrap(), Some(data));
		let reports = fake.reports.lock().unwrap().clone();
		assert_eq!(reports.len(), 2);
		assert_eq!(reports[0], (fake.peers[0].0, WRONG_BYTES));
		assert_eq!(reports[1], (fake.peers[1].0, BAD_RESPONSE));
	}

	#[tokio::test]
	async fn unknown_hashes_and_limits_fail_clearly() {
		let (_, fetcher) = setup("missing", blob(10), &[Peer::Missing, Peer::Missing]);
		assert_eq!(fetcher.fetch(digest_of(b"?"), None).await, Err(FetchError::NotFound { asked: 2 }));
		assert_eq!(
			fetcher.fetch(digest_of(b"?"), Some(MAX_ARTIFACT_LEN + 1)).await,
			Err(FetchError::TooLarge(MAX_ARTIFACT_LEN + 1))
		);
		// A length other than the one the chain implies is refused from an honest-looking peer.
		let data = blob(2_000);
		let (fake, fetcher) = setup("length", data.clone(), &[Peer::Honest]);
		assert_eq!(fetcher.fetch(digest_of(&data), Some(1_000)).await, Err(FetchError::NotFound { asked: 1 }));
		assert!(fake.reports.lock().unwrap().is_empty(), "the caller's length was wrong, not the peer");
	}

	#[tokio::test]
	async fn a_peer_that_stalls_is_given_up_on_and_the_next_serves() {
		let data = blob(3 << 20);
		let hash = digest_of(&data);
		// Busy on every request for far longer than the deadline allows.
		let (_, mut fetcher) = setup("stall", data.clone(), &[Peer::BusyFor(u32::MAX), Peer::Honest]);
		fetcher.busy_retries = u32::MAX;
		fetcher.busy_wait = Duration::from_millis(50);
		fetcher.peer_deadline = Duration::from_millis(300);
		let started = std::time::Instant::now();
		assert_eq!(fetcher.fetch(hash, None).await, Ok(3 << 20));
		assert!(started.elapsed() < Duration::from_secs(3), "took {:?}", started.elapsed());
	}

	#[tokio::test]
	async fn a_busy_peer_is_asked_again() {
		let data = blob(100);
		let (_, fetcher) = setup("busy", data.clone(), &[Peer::BusyFor(2)]);
		assert_eq!(fetcher.fetch(digest_of(&data), None).await, Ok(100));
		let (_, fetcher) = setup("too-busy", data.clone(), &[Peer::BusyFor(10)]);
		assert_eq!(fetcher.fetch(digest_of(&data), None).await, Err(FetchError::NotFound { asked: 1 }));
	}

	#[tokio::test]
	async fn a_blob_no_connected_peer_has_comes_from_a_peer_that_announced_it() {
		let data = blob(2 << 20);
		let hash = digest_of(&data);
		let (mut fake, _) = setup("dht", data.clone(), &[Peer::Missing]);
		// Many announcers, most of them lying or without it: at most MAX_DHT_PEERS are dialled.
		let mut announced: Vec<(PeerId, Peer)> = (0..20).map(|_| (PeerId::random(), Peer::Missing)).collect();
		announced.insert(2, (PeerId::random(), Peer::Corrupting));
		announced.insert(5, (PeerId::random(), Peer::Honest));
		Arc::get_mut(&mut fake).unwrap().announced = announced.clone();
		let fetcher = Fetcher { transport: fake.clone(), ..setup("dht-2", Vec::new(), &[]).1 };
		assert_eq!(fetcher.fetch(hash, Some(2 << 20)).await, Ok(2 << 20));
		assert_eq!(fetcher.store.read(&hash).unwrap(), Some(data));
		assert_eq!(fake.reports.lock().unwrap().clone(), vec![(announced[2].0, WRONG_BYTES)]);
		// Only announcers up to the honest one were asked.
		let asked: std::collections::HashSet<_> = fake.requests.lock().unwrap().iter().copied().collect();
		assert!(!asked.contains(&announced[6].0));

		// Announcers beyond the bound are never dialled: a flood of fake records costs a
		// fetch at most MAX_DHT_PEERS peers.
		let (mut fake, _) = setup("dht-flood", blob(10), &[]);
		Arc::get_mut(&mut fake).unwrap().announced = (0..50).map(|_| (PeerId::random(), Peer::Missing)).collect();
		let fetcher = Fetcher { transport: fake.clone(), ..setup("dht-flood-2", Vec::new(), &[]).1 };
		assert_eq!(fetcher.fetch(digest_of(b"?"), None).await, Err(FetchError::NotFound { asked: MAX_DHT_PEERS }));
		assert_eq!(fake.requests.lock().unwrap().len(), MAX_DHT_PEERS);
	}
}
