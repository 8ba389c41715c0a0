//! Inputs the embedded GPU worker lacks (another job's output, by its hash): fetched from
//! peers in the background while the worker answers the agent's submission with 422, so
//! a submission never waits on the network. One fetch per hash at a time, at most
//! [`MAX_RUNNING`] at once, and a hash that no peer served is not asked for again before
//! [`RETRY_AFTER`]: a job naming bytes nobody has costs this node a bounded effort, and
//! the agent gives such a job up (declines or abstains, unslashed) after a bounded wait.

use super::{fetch::Fetcher, store::file_name, LOG_TARGET};
use gpu_worker::service::store::RemoteReader;
use std::{
	collections::HashMap,
	sync::{Arc, Mutex},
	time::{Duration, Instant},
};
use tensorgrid_primitives::Digest;

/// Fetches of worker inputs running at once.
pub const MAX_RUNNING: usize = 4;
/// Wait before asking the peers again for a hash none of them served.
pub const RETRY_AFTER: Duration = Duration::from_secs(12);
/// Failed hashes remembered (the oldest are forgotten first).
const MAX_REMEMBERED: usize = 1024;

enum Attempt {
	Running,
	Failed { at: Instant },
}

pub struct InputFetches {
	fetcher: Arc<Fetcher>,
	runtime: tokio::runtime::Handle,
	attempts: Mutex<HashMap<Digest, Attempt>>,
}

impl InputFetches {
	pub fn new(fetcher: Arc<Fetcher>, runtime: tokio::runtime::Handle) -> Arc<InputFetches> {
		Arc::new(InputFetches { fetcher, runtime, attempts: Mutex::default() })
	}

	/// The worker's last source: the bytes if a background fetch brought them, else start
	/// one (if none runs and the last did not fail just now) and answer `None` at once.
	pub fn reader(self: &Arc<Self>) -> RemoteReader {
		let this = self.clone();
		Arc::new(move |hash: &Digest, len: u64| this.read(*hash, len))
	}

	fn read(self: &Arc<Self>, hash: Digest, len: u64) -> Option<Vec<u8>> {
		if let Ok(Some(bytes)) = self.fetcher.store.read(&hash) {
			return Some(bytes);
		}
		self.start(hash, len);
		None
	}

	/// Whether a fetch of `hash` was started now.
	fn start(self: &Arc<Self>, hash: Digest, len: u64) -> bool {
		let mut attempts = self.attempts.lock().unwrap_or_else(|p| p.into_inner());
		match attempts.get(&hash) {
			Some(Attempt::Running) => return false,
			Some(Attempt::Failed { at }) if at.elapsed() < RETRY_AFTER => return false,
			_ => {},
		}
		if attempts.values().filter(|a| matches!(a, Attempt::Running)).count() >= MAX_RUNNING {
			return false;
		}
		if attempts.len() >= MAX_REMEMBERED {
			let oldest = attempts
				.iter()
				.filter_map(|(h, a)| match a {
					Attempt::Failed { at } => Some((*at, *h)),
					Attempt::Running => None,
				})
				.min();
			if let Some((_, h)) = oldest {
				attempts.remove(&h);
			}
		}
		attempts.insert(hash, Attempt::Running);
		drop(attempts);
		let this = self.clone();
		self.runtime.spawn(async move {
			let result = this.fetcher.fetch(hash, Some(len)).await;
			let mut attempts = this.attempts.lock().unwrap_or_else(|p| p.into_inner());
			match result {
				Ok(_) => {
					attempts.remove(&hash);
					log::info!(target: LOG_TARGET, "fetched job input 0x{} ({len} bytes) for the GPU worker", file_name(&hash));
				},
				Err(e) => {
					attempts.insert(hash, Attempt::Failed { at: Instant::now() });
					log::warn!(target: LOG_TARGET, "job input 0x{}: {e}", file_name(&hash));
				},
			}
		});
		true
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::artifacts::{
		fetch::{FetchError, Transport},
		protocol::{ChunkRequest, ChunkResponse},
		store::ArtifactStore,
	};
	use futures::future::BoxFuture;
	use sc_network::{PeerId, ReputationChange};
	use std::sync::atomic::{AtomicUsize, Ordering};
	use tensorgrid_primitives::digest_of;

	/// One peer that holds `blob`, answering each request after `delay`.
	struct OnePeer {
		peer: PeerId,
		blob: Vec<u8>,
		delay: Duration,
		requests: AtomicUsize,
	}

	impl Transport for OnePeer {
		fn peers(&self) -> BoxFuture<'static, Vec<PeerId>> {
			let peer = self.peer;
			Box::pin(async move { vec![peer] })
		}
		fn providers(&self, _: Digest) -> BoxFuture<'static, Vec<PeerId>> {
			Box::pin(async { Vec::new() })
		}
		fn request(&self, _: PeerId, r: ChunkRequest) -> BoxFuture<'static, Result<ChunkResponse, String>> {
			self.requests.fetch_add(1, Ordering::SeqCst);
			let answer = if r.hash == digest_of(&self.blob) {
				let start = (r.offset as usize).min(self.blob.len());
				let end = (start + r.len as usize).min(self.blob.len());
				ChunkResponse::Chunk { total_len: self.blob.len() as u64, bytes: self.blob[start..end].to_vec() }
			} else {
				ChunkResponse::NotFound
			};
			let delay = self.delay;
			Box::pin(async move {
				tokio::time::sleep(delay).await;
				Ok(answer)
			})
		}
		fn report(&self, _: PeerId, _: ReputationChange) {}
	}

	fn setup(name: &str, blob: Vec<u8>, delay: Duration) -> (Arc<OnePeer>, Arc<InputFetches>) {
		let dir = std::env::temp_dir().join(format!("tg-inputs-{name}-{}", std::process::id()));
		let _ = std::fs::remove_dir_all(&dir);
		let peer = Arc::new(OnePeer { peer: PeerId::random(), blob, delay, requests: AtomicUsize::new(0) });
		let fetcher = Arc::new(Fetcher {
			transport: peer.clone(),
			store: Arc::new(ArtifactStore::open(&dir, 64 << 20).unwrap()),
			memory: Arc::new(tokio::sync::Semaphore::new(64 << 10)),
			busy_retries: 0,
			busy_wait: Duration::from_millis(1),
			peer_deadline: Duration::from_secs(5),
		});
		(peer, InputFetches::new(fetcher, tokio::runtime::Handle::current()))
	}

	#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
	async fn a_missing_input_is_fetched_in_the_background_once_and_then_read() {
		let blob: Vec<u8> = (0..100_000u32).map(|i| i as u8).collect();
		let hash = digest_of(&blob);
		let (peer, inputs) = setup("background", blob.clone(), Duration::from_millis(50));
		let reader = inputs.reader();
		// The worker asks on a blocking thread and is answered at once, however slow the peer.
		let started = Instant::now();
		let r = reader.clone();
		assert_eq!(tokio::task::spawn_blocking(move || r(&hash, 100_000)).await.unwrap(), None);
		assert!(started.elapsed() < Duration::from_millis(40), "the submission does not wait on the network");
		// Asked again while the fetch runs: no second fetch.
		let r = reader.clone();
		assert_eq!(tokio::task::spawn_blocking(move || r(&hash, 100_000)).await.unwrap(), None);
		tokio::time::sleep(Duration::from_millis(300)).await;
		assert_eq!(peer.requests.load(Ordering::SeqCst), 1, "one chunk, one fetch");
		let r = reader.clone();
		assert_eq!(tokio::task::spawn_blocking(move || r(&hash, 100_000)).await.unwrap(), Some(blob));
	}

	#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
	async fn a_hash_nobody_serves_is_not_asked_for_again_at_once_and_fetches_are_bounded() {
		let (peer, inputs) = setup("missing", vec![1, 2, 3], Duration::ZERO);
		let unknown = digest_of(b"nobody has this");
		assert!(inputs.start(unknown, 10));
		tokio::time::sleep(Duration::from_millis(100)).await;
		assert_eq!(peer.requests.load(Ordering::SeqCst), 1);
		assert!(!inputs.start(unknown, 10), "failed just now: not asked again before RETRY_AFTER");
		assert_eq!(peer.requests.load(Ordering::SeqCst), 1);
		// Slow peers: at most MAX_RUNNING fetches run at once.
		let (_, inputs) = setup("bounded", vec![1, 2, 3], Duration::from_secs(2));
		let started: usize = (0..10u8).map(|i| inputs.start(digest_of(&[i]), 10) as usize).sum();
		assert_eq!(started, MAX_RUNNING);
		// The bytes a fetch brings are checked: a wrong length is never kept.
		let blob = vec![9u8; 1000];
		let (_, inputs) = setup("length", blob.clone(), Duration::ZERO);
		assert_eq!(
			inputs.fetcher.fetch(digest_of(&blob), Some(999)).await,
			Err(FetchError::NotFound { asked: 1 })
		);
	}
}
