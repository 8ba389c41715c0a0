//! The node's artifact store: blobs on disk, named by the hex of their blake2-256 hash.
//!
//! Two directories under `<base path>/artifacts`:
//! - `pinned/`: outputs this node's GPU worker produced (the embedded worker writes them
//!   there). They are served to any peer and kept for [`pinned_retention`] of the chain's
//!   job parameters: until the job is pruned, and for as long again as a job that reads
//!   the output (submitted just before the pruning) may live.
//! - `cache/`: blobs fetched from peers. Capped at `--artifact-cache-size`; the least
//!   recently written go first.
//!
//! Every blob is checked against its hash before it is kept, and again when read whole.

use std::{
	fs,
	io::{self, Read, Seek, SeekFrom},
	path::{Path, PathBuf},
	sync::Mutex,
	time::{Duration, SystemTime},
};
use tensorgrid_primitives::{digest_of, Digest};

/// The least time a pinned output is kept, whatever the chain's parameters say.
pub const PINNED_RETENTION: Duration = Duration::from_secs(10 * 24 * 3600);

/// How long a pinned output must be kept for chained jobs to find it, given the chain's
/// longest job (`max_job_duration`), its `retention` of finished jobs and the block time:
/// an output may be produced when its job is submitted and the job finish up to
/// `max_job_duration` later; it is pruned `retention` after, and a job that names it as an
/// input just before may run `max_job_duration` more. A day is added for clock and block
/// time drift; never less than [`PINNED_RETENTION`].
pub fn pinned_retention(max_job_duration: u64, retention: u64, block_time: Duration) -> Duration {
	let blocks = max_job_duration.saturating_mul(2).saturating_add(retention);
	let span = block_time.saturating_mul(u32::try_from(blocks).unwrap_or(u32::MAX));
	span.saturating_add(Duration::from_secs(24 * 3600)).max(PINNED_RETENTION)
}

/// Most bytes of pinned outputs kept; beyond it the oldest go first (cheap jobs with large
/// outputs must not fill a provider's disk).
pub const PINNED_CAP: u64 = 16 << 30;

/// Where a stored blob lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
	Pinned,
	Cached,
}

pub struct ArtifactStore {
	pinned: PathBuf,
	cache: PathBuf,
	cache_cap: u64,
	/// Serialises writes and evictions (reads need no lock: files appear by rename).
	write: Mutex<()>,
}

/// Lowercase hex of a hash, without `0x`: the blob's file name.
pub fn file_name(hash: &Digest) -> String {
	hash.iter().map(|b| format!("{b:02x}")).collect()
}

impl ArtifactStore {
	/// Open (creating) the store under `dir`, keeping at most `cache_cap` bytes of cache.
	pub fn open(dir: &Path, cache_cap: u64) -> io::Result<ArtifactStore> {
		let (pinned, cache) = (dir.join("pinned"), dir.join("cache"));
		fs::create_dir_all(&pinned)?;
		fs::create_dir_all(&cache)?;
		Ok(ArtifactStore { pinned, cache, cache_cap, write: Mutex::new(()) })
	}

	/// Where the embedded GPU worker writes its outputs.
	pub fn pinned_dir(&self) -> &Path {
		&self.pinned
	}

	fn dir(&self, kind: Kind) -> &Path {
		match kind {
			Kind::Pinned => &self.pinned,
			Kind::Cached => &self.cache,
		}
	}

	/// The file holding `hash`, pinned first.
	fn path_of(&self, hash: &Digest) -> Option<PathBuf> {
		let name = file_name(hash);
		[Kind::Pinned, Kind::Cached].into_iter().map(|k| self.dir(k).join(&name)).find(|p| p.is_file())
	}

	/// The length of a held blob.
	pub fn len_of(&self, hash: &Digest) -> Option<u64> {
		self.path_of(hash).and_then(|p| fs::metadata(p).ok()).map(|m| m.len())
	}

	/// Bytes `[offset, offset + len)` of a held blob (cut at its end) and its total length.
	pub fn read_range(&self, hash: &Digest, offset: u64, len: u32) -> io::Result<Option<(u64, Vec<u8>)>> {
		let Some(path) = self.path_of(hash) else { return Ok(None) };
		let mut file = fs::File::open(&path)?;
		let total = file.metadata()?.len();
		if offset == 0 && path.starts_with(&self.cache) {
			// Read from the start: in use, so last out of the cache.
			let _ = file.set_modified(SystemTime::now());
		}
		let start = offset.min(total);
		let take = (len as u64).min(total - start);
		file.seek(SeekFrom::Start(start))?;
		let mut bytes = vec![0; take as usize];
		file.read_exact(&mut bytes)?;
		Ok(Some((total, bytes)))
	}

	/// Whether the held blob matches its hash; a damaged one is removed.
	pub fn verify(&self, hash: &Digest) -> io::Result<bool> {
		Ok(self.read(hash)?.is_some())
	}

	/// The whole blob, checked against its hash (a file damaged on disk is removed).
	pub fn read(&self, hash: &Digest) -> io::Result<Option<Vec<u8>>> {
		let Some(path) = self.path_of(hash) else { return Ok(None) };
		let bytes = fs::read(&path)?;
		if digest_of(&bytes) != *hash {
			log::warn!(target: super::LOG_TARGET, "artifact 0x{} is damaged on disk; removed", file_name(hash));
			let _ = fs::remove_file(path);
			return Ok(None);
		}
		Ok(Some(bytes))
	}

	/// Keep `bytes` under `hash` if they match it. Cached blobs may evict older ones.
	#[cfg(test)]
	pub fn insert(&self, hash: &Digest, bytes: &[u8], kind: Kind) -> io::Result<()> {
		if digest_of(bytes) != *hash {
			return Err(io::Error::new(io::ErrorKind::InvalidData, "bytes do not match their hash"));
		}
		self.insert_checked(hash, bytes, kind)
	}

	/// [`Self::insert`] for bytes the caller has just checked against `hash`.
	pub fn insert_checked(&self, hash: &Digest, bytes: &[u8], kind: Kind) -> io::Result<()> {
		if kind == Kind::Cached && bytes.len() as u64 > self.cache_cap {
			return Err(io::Error::new(io::ErrorKind::OutOfMemory, "larger than the artifact cache"));
		}
		let _guard = self.write.lock().unwrap_or_else(|p| p.into_inner());
		let dir = self.dir(kind);
		let name = file_name(hash);
		let tmp = dir.join(format!(".{name}.part"));
		if let Err(e) = fs::write(&tmp, bytes).and_then(|()| fs::rename(&tmp, dir.join(&name))) {
			let _ = fs::remove_file(&tmp);
			return Err(e);
		}
		if kind == Kind::Cached {
			Self::evict_oldest(&self.cache, self.cache_cap, Some(&name), None)?;
		}
		Ok(())
	}

	/// Remove the oldest blobs of `dir` until it holds at most `cap` bytes (`keep` stays),
	/// and, with `max_age`, every blob older than that. Partial writes older than an hour
	/// go too. Returns how many files were removed; a file that cannot be removed is
	/// skipped, not fatal.
	fn evict_oldest(dir: &Path, cap: u64, keep: Option<&str>, max_age: Option<Duration>) -> io::Result<usize> {
		let now = SystemTime::now();
		let mut entries: Vec<(SystemTime, u64, PathBuf)> = Vec::new();
		let mut removed = 0;
		for entry in fs::read_dir(dir)?.flatten() {
			let Ok(meta) = entry.metadata() else { continue };
			if !meta.is_file() {
				continue;
			}
			let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
			let age = now.duration_since(modified).unwrap_or_default();
			let partial = entry.file_name().to_string_lossy().starts_with('.');
			let expired = if partial { age > Duration::from_secs(3600) } else { max_age.is_some_and(|m| age > m) };
			if expired {
				if fs::remove_file(entry.path()).is_ok() {
					removed += 1;
				}
			} else if !partial {
				entries.push((modified, meta.len(), entry.path()));
			}
		}
		let mut total: u64 = entries.iter().map(|e| e.1).sum();
		entries.sort();
		for (_, len, path) in entries {
			if total <= cap {
				break;
			}
			if keep.is_some_and(|k| path.file_name().is_some_and(|n| n == k)) {
				continue;
			}
			if fs::remove_file(&path).is_ok() {
				total -= len;
				removed += 1;
			}
		}
		Ok(removed)
	}

	/// The hashes of at most `limit` held blobs, the most recently written first.
	pub fn newest(&self, limit: usize) -> io::Result<Vec<Digest>> {
		let mut found: Vec<(SystemTime, Digest)> = Vec::new();
		for kind in [Kind::Pinned, Kind::Cached] {
			for entry in fs::read_dir(self.dir(kind))?.flatten() {
				let Some(hash) = entry.file_name().to_str().and_then(parse_name) else { continue };
				let Ok(meta) = entry.metadata() else { continue };
				found.push((meta.modified().unwrap_or(SystemTime::UNIX_EPOCH), hash));
			}
		}
		found.sort_by(|a, b| b.0.cmp(&a.0));
		let mut seen = std::collections::HashSet::new();
		Ok(found.into_iter().map(|(_, h)| h).filter(|h| seen.insert(*h)).take(limit).collect())
	}

	/// Remove pinned blobs older than `max_age`, then the oldest beyond `cap` bytes.
	pub fn sweep_pinned(&self, max_age: Duration, cap: u64) -> io::Result<usize> {
		let _guard = self.write.lock().unwrap_or_else(|p| p.into_inner());
		Self::evict_oldest(&self.pinned, cap, None, Some(max_age))
	}
}

/// A blob's hash from its file name (64 lowercase hex digits); `None` for anything else
/// (partial writes start with a dot).
fn parse_name(name: &str) -> Option<Digest> {
	if name.len() != 64 {
		return None;
	}
	let mut hash = [0u8; 32];
	for (i, byte) in hash.iter_mut().enumerate() {
		*byte = u8::from_str_radix(name.get(2 * i..2 * i + 2)?, 16).ok()?;
	}
	(file_name(&hash) == name).then_some(hash)
}

/// Every minute, remove pinned outputs older than `retention()` (the chain's parameters
/// decide it, see [`pinned_retention`]) or beyond [`PINNED_CAP`], off the async executor.
pub async fn sweep_forever(
	store: std::sync::Arc<ArtifactStore>,
	retention: std::sync::Arc<dyn Fn() -> Duration + Send + Sync>,
) {
	loop {
		let sweeping = store.clone();
		let max_age = retention();
		match tokio::task::spawn_blocking(move || sweeping.sweep_pinned(max_age, PINNED_CAP)).await {
			Ok(Ok(0)) => {},
			Ok(Ok(n)) => log::info!(
				target: super::LOG_TARGET,
				"removed {n} outputs (over {} days old, or beyond 16 GiB)",
				max_age.as_secs() / 86_400
			),
			Ok(Err(e)) => log::warn!(target: super::LOG_TARGET, "sweeping pinned outputs: {e}"),
			Err(e) => log::warn!(target: super::LOG_TARGET, "sweeping pinned outputs: {e}"),
		}
		tokio::time::sleep(Duration::from_secs(60)).await;
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn temp_dir(name: &str) -> PathBuf {
		let dir = std::env::temp_dir().join(format!("tg-store-{name}-{}", std::process::id()));
		let _ = fs::remove_dir_all(&dir);
		dir
	}

	#[test]
	fn keeps_only_matching_bytes_and_reads_ranges() {
		let store = ArtifactStore::open(&temp_dir("ranges"), 1 << 20).unwrap();
		let bytes: Vec<u8> = (0..5_000u32).map(|i| i as u8).collect();
		let hash = digest_of(&bytes);
		assert!(store.insert(&digest_of(b"other"), &bytes, Kind::Cached).is_err(), "wrong hash refused");
		assert_eq!(store.len_of(&hash), None);
		store.insert(&hash, &bytes, Kind::Cached).unwrap();
		assert_eq!(store.len_of(&hash), Some(5_000));
		assert_eq!(store.read_range(&hash, 4_990, 100).unwrap(), Some((5_000, bytes[4_990..].to_vec())));
		assert_eq!(store.read_range(&hash, 9_000, 100).unwrap(), Some((5_000, vec![])));
		assert_eq!(store.read(&hash).unwrap(), Some(bytes));
	}

	#[test]
	fn the_cache_stays_under_its_cap_and_pinned_blobs_stay() {
		let store = ArtifactStore::open(&temp_dir("cap"), 2_500).unwrap();
		let blob = |n: u8| vec![n; 1_000];
		store.insert(&digest_of(&blob(9)), &blob(9), Kind::Pinned).unwrap();
		for n in 0..4u8 {
			store.insert(&digest_of(&blob(n)), &blob(n), Kind::Cached).unwrap();
			std::thread::sleep(Duration::from_millis(10));
		}
		let held: Vec<bool> = (0..4u8).map(|n| store.len_of(&digest_of(&blob(n))).is_some()).collect();
		assert_eq!(held, vec![false, false, true, true], "the oldest were evicted");
		assert!(store.len_of(&digest_of(&blob(9))).is_some(), "pinned blobs are not evicted");
		assert!(store.insert(&digest_of(&[0; 3_000]), &[0; 3_000], Kind::Cached).is_err());
		assert_eq!(store.sweep_pinned(Duration::from_secs(3600), 1 << 20).unwrap(), 0);
		assert_eq!(store.sweep_pinned(Duration::from_secs(3600), 500).unwrap(), 1, "over the pinned cap");
		store.insert(&digest_of(&blob(8)), &blob(8), Kind::Pinned).unwrap();
		assert_eq!(store.sweep_pinned(Duration::ZERO, 1 << 20).unwrap(), 1, "older than the retention");
	}

	#[test]
	fn a_blob_damaged_on_disk_is_not_served_whole() {
		let dir = temp_dir("damaged");
		let store = ArtifactStore::open(&dir, 1 << 20).unwrap();
		let hash = digest_of(b"payload");
		store.insert(&hash, b"payload", Kind::Cached).unwrap();
		fs::write(dir.join("cache").join(file_name(&hash)), b"paylOad").unwrap();
		assert_eq!(store.read(&hash).unwrap(), None);
		assert_eq!(store.len_of(&hash), None, "removed");
	}

	#[test]
	fn outputs_outlive_every_job_that_can_still_read_them() {
		// The runtime's defaults: 7-day jobs, a day of retention, 6-second blocks.
		let day = 24 * 3600 / 6;
		let kept = pinned_retention(7 * day, day, Duration::from_secs(6));
		assert_eq!(kept, Duration::from_secs(16 * 24 * 3600), "15 days of jobs and a day of margin");
		// Short test chains keep at least the floor; governance raising the limits raises it.
		assert_eq!(pinned_retention(100, 10, Duration::from_secs(6)), PINNED_RETENTION);
		assert!(pinned_retention(30 * day, day, Duration::from_secs(6)) > Duration::from_secs(60 * 24 * 3600));
		// Absurd parameters saturate instead of overflowing.
		assert!(pinned_retention(u64::MAX, u64::MAX, Duration::from_secs(6)) > Duration::from_secs(365 * 24 * 3600));
	}

	#[test]
	fn the_newest_blobs_are_listed_for_announcement() {
		let store = ArtifactStore::open(&temp_dir("newest"), 1 << 20).unwrap();
		let (a, b) = (b"first".to_vec(), b"second".to_vec());
		store.insert_checked(&digest_of(&a), &a, Kind::Pinned).unwrap();
		std::thread::sleep(Duration::from_millis(20));
		store.insert_checked(&digest_of(&b), &b, Kind::Cached).unwrap();
		fs::write(store.dir(Kind::Cached).join(".partial"), b"x").unwrap();
		fs::write(store.dir(Kind::Cached).join("not-a-hash"), b"x").unwrap();
		assert_eq!(store.newest(10).unwrap(), vec![digest_of(&b), digest_of(&a)]);
		assert_eq!(store.newest(1).unwrap(), vec![digest_of(&b)]);
	}
}
