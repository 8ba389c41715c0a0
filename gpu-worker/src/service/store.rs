//! Input artifacts by hash: from a pluggable reader (the node's embedded worker reads the
//! chain's `Jobs::ArtifactData` and its artifact store through it), a local
//! content-addressed directory (`<dir>/<hex hash>`), a configured HTTP source
//! (`<url>/<hex hash>`), then a pluggable remote source told the length the job needs (the
//! node's peers), tried in that order. Every artifact is checked against its hash before
//! use, whatever its source.

use http_body_util::{BodyExt, Empty, Limited};
use hyper::body::Bytes;
use hyper_util::{client::legacy::Client, rt::TokioExecutor};
use std::{path::PathBuf, sync::Arc, time::Duration};
use tensorgrid_primitives::{digest_of, Digest};

/// Reads an artifact's bytes by its hash, or `None` when it does not have it. Called on a
/// blocking thread; what it returns is still checked against the hash.
pub type ArtifactReader = Arc<dyn Fn(&Digest) -> Option<Vec<u8>> + Send + Sync>;

/// Asked last for an artifact by its hash and the exact length the job reads: `None` when
/// it does not have the bytes (yet). It must return at once (the submission waits on it):
/// a remote fetch runs in the background and the submission is answered 422 meanwhile.
pub type RemoteReader = Arc<dyn Fn(&Digest, u64) -> Option<Vec<u8>> + Send + Sync>;

/// Where artifacts come from.
#[derive(Clone, Default)]
pub struct ArtifactSource {
	/// Asked first, e.g. the chain's artifact storage at the node's best block.
	pub reader: Option<ArtifactReader>,
	pub dir: Option<PathBuf>,
	pub url: Option<String>,
	/// Asked after every other source (e.g. the node's peers).
	pub remote: Option<RemoteReader>,
	/// Largest artifact accepted, in bytes.
	pub max_len: usize,
}

impl std::fmt::Debug for ArtifactSource {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		f.debug_struct("ArtifactSource")
			.field("reader", &self.reader.as_ref().map(|_| "<reader>"))
			.field("dir", &self.dir)
			.field("url", &self.url)
			.field("remote", &self.remote.as_ref().map(|_| "<remote>"))
			.field("max_len", &self.max_len)
			.finish()
	}
}

impl ArtifactSource {
	/// A source that asks only `reader`.
	pub fn with_reader(reader: ArtifactReader, max_len: usize) -> ArtifactSource {
		ArtifactSource { reader: Some(reader), max_len, ..ArtifactSource::default() }
	}

	/// The artifact with blake2-256 `hash`, checked; `len` is the length the job reads
	/// (a remote source is asked for exactly that).
	pub async fn fetch(&self, hash: &Digest, len: u64) -> Result<Vec<u8>, String> {
		let name = hex::encode(hash);
		let bytes = match self.read_reader(hash, &name).await? {
			Some(bytes) => bytes,
			None => match self.read_local(&name).await? {
				Some(bytes) => bytes,
				None if self.url.is_some() || self.remote.is_none() => self.download(&name).await?,
				None => self.read_remote(hash, len, &name).await?,
			},
		};
		if bytes.len() > self.max_len {
			return Err(format!("artifact 0x{name} exceeds {} bytes", self.max_len));
		}
		if digest_of(&bytes) != *hash {
			return Err(format!("artifact 0x{name} does not match its hash"));
		}
		Ok(bytes)
	}

	async fn read_reader(&self, hash: &Digest, name: &str) -> Result<Option<Vec<u8>>, String> {
		let Some(reader) = self.reader.clone() else { return Ok(None) };
		let hash = *hash;
		tokio::task::spawn_blocking(move || reader(&hash))
			.await
			.map_err(|e| format!("reading artifact 0x{name}: {e}"))
	}

	async fn read_remote(&self, hash: &Digest, len: u64, name: &str) -> Result<Vec<u8>, String> {
		let Some(remote) = self.remote.clone() else {
			return Err(format!("artifact 0x{name} is not in the local store"));
		};
		if len > self.max_len as u64 {
			return Err(format!("artifact 0x{name} exceeds {} bytes", self.max_len));
		}
		let hash = *hash;
		tokio::task::spawn_blocking(move || remote(&hash, len))
			.await
			.map_err(|e| format!("reading artifact 0x{name}: {e}"))?
			.ok_or_else(|| format!("artifact 0x{name} is not in the local store (looking for it on the network)"))
	}

	async fn read_local(&self, name: &str) -> Result<Option<Vec<u8>>, String> {
		let Some(dir) = &self.dir else { return Ok(None) };
		match tokio::fs::read(dir.join(name)).await {
			Ok(bytes) if bytes.len() > self.max_len =>
				Err(format!("artifact 0x{name} exceeds {} bytes", self.max_len)),
			Ok(bytes) => Ok(Some(bytes)),
			Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
			Err(e) => Err(format!("reading artifact 0x{name}: {e}")),
		}
	}

	async fn download(&self, name: &str) -> Result<Vec<u8>, String> {
		let Some(base) = &self.url else {
			return Err(format!("artifact 0x{name} is not in the local store"));
		};
		let uri: hyper::Uri = format!("{}/{name}", base.trim_end_matches('/'))
			.parse()
			.map_err(|e| format!("bad artifact URL: {e}"))?;
		let client = Client::builder(TokioExecutor::new()).build_http::<Empty<Bytes>>();
		let response = tokio::time::timeout(Duration::from_secs(30), client.get(uri))
			.await
			.map_err(|_| format!("fetching artifact 0x{name} timed out"))?
			.map_err(|e| format!("fetching artifact 0x{name}: {e}"))?;
		if !response.status().is_success() {
			return Err(format!("artifact 0x{name}: source answered {}", response.status()));
		}
		let body = Limited::new(response.into_body(), self.max_len)
			.collect()
			.await
			.map_err(|e| format!("artifact 0x{name}: {e}"))?;
		Ok(body.to_bytes().to_vec())
	}
}
