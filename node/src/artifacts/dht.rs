//! Where blobs are: every node announces the blobs it holds (its worker's outputs and the
//! blobs it fetched) as a provider record on the chain's Kademlia DHT, and a fetch that no
//! connected peer can serve asks the DHT who announced the hash. Both network backends
//! (libp2p and litep2p) implement provider records; litep2p also learns the providers'
//! addresses from the answer, so a request to one of them dials it.

use super::{store::ArtifactStore, LOG_TARGET};
use futures::StreamExt;
use sc_network::{
	event::{DhtEvent, Event},
	service::traits::NetworkService,
	KademliaKey, PeerId,
};
use std::{
	collections::{HashMap, HashSet},
	sync::{Arc, Mutex},
	time::Duration,
};
use tensorgrid_primitives::Digest;
use tokio::sync::oneshot;

/// Most blobs announced at once (the newest first): provider records are republished
/// periodically, and a node with millions of tiny outputs must not flood the DHT.
pub const MAX_ANNOUNCED: usize = 4096;
/// How often the store is listed to announce new blobs and withdraw removed ones.
pub const ANNOUNCE_EVERY: Duration = Duration::from_secs(10);
/// Longest wait for the DHT's answer to one lookup.
pub const LOOKUP_TIMEOUT: Duration = Duration::from_secs(20);

/// The DHT key of a blob: distinct from every other record kind on the chain's DHT.
pub fn key_of(hash: &Digest) -> KademliaKey {
	let mut preimage = b"tensorgrid/artifact/v1".to_vec();
	preimage.extend_from_slice(hash);
	KademliaKey::new(&sp_io::hashing::blake2_256(&preimage))
}

/// Lookups waiting for the DHT, by key: the providers found so far and who waits.
#[derive(Default)]
struct Pending {
	found: Vec<PeerId>,
	waiters: Vec<oneshot::Sender<Vec<PeerId>>>,
}

pub struct Dht {
	network: Arc<dyn NetworkService>,
	pending: Mutex<HashMap<KademliaKey, Pending>>,
}

impl Dht {
	pub fn new(network: Arc<dyn NetworkService>) -> Arc<Dht> {
		Arc::new(Dht { network, pending: Mutex::default() })
	}

	/// Peers (other than this node) that announced `hash`, found within [`LOOKUP_TIMEOUT`].
	/// Concurrent lookups of one hash share one DHT query.
	pub async fn providers(&self, hash: Digest) -> Vec<PeerId> {
		let key = key_of(&hash);
		let (tx, rx) = oneshot::channel();
		let first = {
			let mut pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
			let entry = pending.entry(key.clone()).or_default();
			entry.waiters.push(tx);
			entry.waiters.len() == 1
		};
		if first {
			self.network.get_providers(key.clone());
		}
		let found = match tokio::time::timeout(LOOKUP_TIMEOUT, rx).await {
			Ok(Ok(found)) => found,
			// No final answer in time: take what came so far, and forget the query once
			// nobody waits for it.
			_ => {
				let mut pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
				let found = pending.get(&key).map(|p| p.found.clone()).unwrap_or_default();
				if pending.get_mut(&key).is_some_and(|p| {
					p.waiters.retain(|w| !w.is_closed());
					p.waiters.is_empty()
				}) {
					pending.remove(&key);
				}
				found
			},
		};
		let me = self.network.local_peer_id();
		let mut seen = HashSet::new();
		found.into_iter().filter(|p| *p != me && seen.insert(*p)).collect()
	}

	/// Route the network's DHT events to the lookups waiting for them.
	pub async fn run(self: Arc<Self>) {
		let mut events = self.network.event_stream("artifact-dht");
		while let Some(event) = events.next().await {
			let Event::Dht(event) = event else { continue };
			let mut pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
			match event {
				DhtEvent::ProvidersFound(key, peers) =>
					if let Some(p) = pending.get_mut(&key) {
						// Bounded: a lookup uses the first few anyway.
						let room = 64usize.saturating_sub(p.found.len());
						p.found.extend(peers.into_iter().take(room));
					},
				DhtEvent::NoMoreProviders(key) | DhtEvent::ProvidersNotFound(key) =>
					if let Some(p) = pending.remove(&key) {
						for waiter in p.waiters {
							let _ = waiter.send(p.found.clone());
						}
					},
				DhtEvent::StartProvidingFailed(key) =>
					log::debug!(target: LOG_TARGET, "announcing {key:?} on the DHT failed (it is tried again when republished)"),
				_ => {},
			}
		}
	}
}

/// Announce every blob the store holds (at most [`MAX_ANNOUNCED`], the newest) and
/// withdraw the announcements of blobs it no longer holds.
pub async fn announce_forever(store: Arc<ArtifactStore>, network: Arc<dyn NetworkService>) {
	let mut announced: HashSet<Digest> = HashSet::new();
	loop {
		let listing = store.clone();
		match tokio::task::spawn_blocking(move || listing.newest(MAX_ANNOUNCED)).await {
			Ok(Ok(held)) => {
				let held: HashSet<Digest> = held.into_iter().collect();
				for hash in held.difference(&announced) {
					network.start_providing(key_of(hash));
				}
				for hash in announced.difference(&held) {
					network.stop_providing(key_of(hash));
				}
				let added = held.difference(&announced).count();
				if added > 0 {
					log::debug!(target: LOG_TARGET, "announced {added} more blobs on the DHT ({} in all)", held.len());
				}
				announced = held;
			},
			Ok(Err(e)) => log::warn!(target: LOG_TARGET, "listing the artifact store: {e}"),
			Err(e) => log::warn!(target: LOG_TARGET, "listing the artifact store: {e}"),
		}
		tokio::time::sleep(ANNOUNCE_EVERY).await;
	}
}
