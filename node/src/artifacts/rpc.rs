//! `artifact_get` and `artifact_status`: a submitter's node fetches a job's output from
//! the peers that hold it, checks it against its hash and hands it out in ranges (a range
//! is at most 4 MiB, so a response stays under the RPC server's size limit).

use super::fetch::{FetchError, Fetcher};
use jsonrpsee::{
	core::{async_trait, RpcResult},
	proc_macros::rpc,
	types::ErrorObjectOwned,
};
use serde::Serialize;
use sp_core::{Bytes, H256};
use std::sync::Arc;
use tokio::sync::Semaphore;

/// Largest range one `artifact_get` returns.
pub const MAX_RPC_RANGE: u32 = 4 << 20;

/// Longest a call waits for a fetch from peers.
pub const FETCH_DEADLINE: std::time::Duration = std::time::Duration::from_secs(300);

const NOT_FOUND: i32 = 9000;
const TOO_LARGE: i32 = 9001;
const NO_ROOM: i32 = 9002;
const BAD_RANGE: i32 = 9003;
const BUSY: i32 = 9004;

#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ArtifactStatus {
	/// Whether this node holds the blob (it then serves it to its peers too).
	pub held: bool,
	pub len: Option<u64>,
}

#[rpc(server)]
pub trait ArtifactApi {
	/// The bytes `[offset, offset + len)` of the blob with blake2-256 `hash` (default: from
	/// 0, up to 4 MiB), fetched from the node's peers first if it does not hold it, and
	/// checked against the hash. `expectedLen`, when given, must be the blob's length.
	#[method(name = "artifact_get")]
	async fn get(&self, hash: H256, offset: Option<u64>, len: Option<u32>, expected_len: Option<u64>) -> RpcResult<Bytes>;

	/// Whether this node holds the blob, and its length.
	#[method(name = "artifact_status")]
	fn status(&self, hash: H256) -> RpcResult<ArtifactStatus>;
}

pub struct Artifacts {
	pub fetcher: Arc<Fetcher>,
	/// Fetches the RPC may start at once.
	pub fetches: Arc<Semaphore>,
}

fn error(code: i32, message: impl ToString) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(code, message.to_string(), None::<()>)
}

#[async_trait]
impl ArtifactApiServer for Artifacts {
	async fn get(&self, hash: H256, offset: Option<u64>, len: Option<u32>, expected_len: Option<u64>) -> RpcResult<Bytes> {
		let (hash, offset, len) = (hash.0, offset.unwrap_or(0), len.unwrap_or(MAX_RPC_RANGE));
		if len == 0 || len > MAX_RPC_RANGE {
			return Err(error(BAD_RANGE, format!("len must be 1..={MAX_RPC_RANGE}")));
		}
		let total = match self.fetcher.store.len_of(&hash) {
			Some(total) => total,
			None => {
				let _slot = self.fetches.try_acquire().map_err(|_| error(BUSY, "too many fetches in flight; try again"))?;
				tokio::time::timeout(FETCH_DEADLINE, self.fetcher.fetch(hash, expected_len))
					.await
					.map_err(|_| error(NOT_FOUND, format!("not fetched from any peer within {FETCH_DEADLINE:?}")))?
					.map_err(|e| match e {
						FetchError::NotFound { .. } => error(NOT_FOUND, e),
						FetchError::TooLarge(_) => error(TOO_LARGE, e),
						FetchError::NoRoom(_) => error(NO_ROOM, e),
					})?
			},
		};
		if expected_len.is_some_and(|l| l != total) {
			return Err(error(BAD_RANGE, format!("the blob is {total} bytes, not {}", expected_len.unwrap_or(0))));
		}
		if offset > total {
			return Err(error(BAD_RANGE, format!("offset {offset} is past the blob's {total} bytes")));
		}
		match self.fetcher.store.read_range(&hash, offset, len) {
			Ok(Some((_, bytes))) => Ok(bytes.into()),
			Ok(None) => Err(error(NOT_FOUND, "the blob was evicted; ask again")),
			Err(e) => Err(error(NO_ROOM, e)),
		}
	}

	fn status(&self, hash: H256) -> RpcResult<ArtifactStatus> {
		let len = self.fetcher.store.len_of(&hash.0);
		Ok(ArtifactStatus { held: len.is_some(), len })
	}
}
