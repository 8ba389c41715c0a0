//! Input artifacts by hash: from a local content-addressed directory (`<dir>/<hex hash>`)
//! or a configured HTTP source (`<url>/<hex hash>`). Every artifact is checked against its
//! hash before use.

use http_body_util::{BodyExt, Empty, Limited};
use hyper::body::Bytes;
use hyper_util::{client::legacy::Client, rt::TokioExecutor};
use std::{path::PathBuf, time::Duration};
use tensorgrid_primitives::{digest_of, Digest};

/// Where artifacts come from.
#[derive(Clone, Debug, Default)]
pub struct ArtifactSource {
	pub dir: Option<PathBuf>,
	pub url: Option<String>,
	/// Largest artifact accepted, in bytes.
	pub max_len: usize,
}

impl ArtifactSource {
	/// The artifact with blake2-256 `hash`, checked.
	pub async fn fetch(&self, hash: &Digest) -> Result<Vec<u8>, String> {
		let name = hex::encode(hash);
		let bytes = match self.read_local(&name).await? {
			Some(bytes) => bytes,
			None => self.download(&name).await?,
		};
		if digest_of(&bytes) != *hash {
			return Err(format!("artifact 0x{name} does not match its hash"));
		}
		Ok(bytes)
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
