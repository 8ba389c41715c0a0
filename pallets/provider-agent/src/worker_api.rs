//! The GPU worker's HTTP API as the off-chain worker uses it.
//!
//! Everything here runs in the runtime's wasm heap, so nothing large passes through it:
//! artifact inputs go by hash, every response body is read up to a bound (a bigger one is
//! refused unread), and outputs are fetched only when the status says they fit inline.

use alloc::{format, string::String, vec, vec::Vec};
use serde::{Deserialize, Serialize};
use sp_runtime::offchain::{http, Duration, StorageKind};
use tensorgrid_primitives::Digest;

/// Longest wait for one HTTP exchange with the local worker.
const TIMEOUT_MS: u64 = 3_000;
/// Largest JSON answer read (a status, a submission's answer, an error).
pub const MAX_JSON_BODY: usize = 16 * 1024;
const LOG_TARGET: &str = "provider-agent";

/// Off-chain local storage key (persistent kind) of the bearer token the agent sends to
/// the GPU worker, next to `tensorgrid_primitives::GPU_WORKER_URL_KEY`. The node writes it.
pub use tensorgrid_primitives::GPU_WORKER_TOKEN_KEY;

/// Where the worker is and how to authenticate to it.
pub struct Worker {
	pub url: String,
	/// Sent as `Authorization: Bearer <token>` on every request when set.
	pub token: Option<String>,
}

impl Worker {
	/// The worker the node recorded in off-chain local storage, if any.
	pub fn from_local_storage() -> Option<Worker> {
		let get = |key: &[u8]| {
			sp_io::offchain::local_storage_get(StorageKind::PERSISTENT, key)
				.and_then(|raw| String::from_utf8(raw).ok())
				.filter(|s| !s.is_empty())
		};
		let url = get(tensorgrid_primitives::GPU_WORKER_URL_KEY)?;
		Some(Worker { url: String::from(url.trim_end_matches('/')), token: get(GPU_WORKER_TOKEN_KEY) })
	}

	fn request<'a, T: Default>(&self, request: http::Request<'a, T>) -> http::Request<'a, T> {
		match &self.token {
			Some(token) => request.add_header("Authorization", &format!("Bearer {token}")),
			None => request,
		}
	}
}

#[derive(Serialize)]
struct SubmitBody {
	chain_job_id: u64,
	spec: String,
	inputs: Vec<InputBody>,
}

/// One input as the worker takes it: inline bytes, or an artifact's hash (the worker fetches
/// the bytes itself).
#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum InputBody {
	Inline(String),
	Artifact(String),
}

/// A job input as the agent sends it.
pub enum Input<'a> {
	Inline(&'a [u8]),
	Artifact(&'a Digest),
}

/// The worker's answer to a submission.
#[derive(Deserialize)]
pub struct Submitted {
	pub id: String,
	#[serde(default)]
	pub state: String,
	#[serde(default)]
	pub existing: bool,
}

/// Why a submission did not go through.
#[derive(Debug, PartialEq, Eq)]
pub enum SubmitError {
	/// The worker refused the job itself: 400 (not a valid job) or 413 (too large for
	/// it). Trying again cannot help.
	Unexecutable(u16),
	/// 422: an input artifact is not in the worker's store (yet).
	MissingInput,
	/// Anything else (401, 404, 422, 5xx, a network error, a bad answer): try again later.
	Other,
}

/// A job's state as the worker reports it.
#[derive(Deserialize)]
pub struct Status {
	pub state: String,
	#[serde(default)]
	pub digest: Option<String>,
	/// Length of the output, once succeeded.
	#[serde(default)]
	pub output_len: Option<u64>,
}

pub fn to_hex(bytes: &[u8]) -> String {
	const DIGITS: &[u8; 16] = b"0123456789abcdef";
	let mut s = String::with_capacity(2 + 2 * bytes.len());
	s.push_str("0x");
	for b in bytes {
		s.push(DIGITS[(b >> 4) as usize] as char);
		s.push(DIGITS[(b & 15) as usize] as char);
	}
	s
}

pub fn digest_from_hex(s: &str) -> Option<[u8; 32]> {
	let s = s.strip_prefix("0x").unwrap_or(s).as_bytes();
	if s.len() != 64 {
		return None;
	}
	let nibble = |c: u8| -> Option<u8> {
		match c {
			b'0'..=b'9' => Some(c - b'0'),
			b'a'..=b'f' => Some(c - b'a' + 10),
			b'A'..=b'F' => Some(c - b'A' + 10),
			_ => None,
		}
	};
	let mut out = [0u8; 32];
	for (i, pair) in s.chunks(2).enumerate() {
		out[i] = nibble(pair[0])? << 4 | nibble(pair[1])?;
	}
	Some(out)
}

/// Send `request` and read the status code and at most `max_body` bytes of the body; a
/// longer body is refused (`Err`) after reading one more byte than the bound, never whole.
fn exchange<'a, T, I>(request: http::Request<'a, T>, max_body: usize) -> Result<(u16, Vec<u8>), ()>
where
	T: Default + IntoIterator<Item = I>,
	I: AsRef<[u8]>,
{
	let deadline = sp_io::offchain::timestamp().add(Duration::from_millis(TIMEOUT_MS));
	let pending = request.deadline(deadline).send().map_err(|_| ())?;
	let response = pending.try_wait(deadline).map_err(|_| ())?.map_err(|_| ())?;
	let mut reader = response.body();
	reader.deadline(deadline);
	let body: Vec<u8> = reader.by_ref().take(max_body.saturating_add(1)).collect();
	if reader.error().is_some() {
		return Err(());
	}
	if body.len() > max_body {
		log::warn!(target: LOG_TARGET, "the GPU worker's answer exceeds {max_body} bytes: refused");
		return Err(());
	}
	Ok((response.code, body))
}

/// A short, printable excerpt of an error body for the log.
fn excerpt(body: &[u8]) -> String {
	let mut s = String::from_utf8_lossy(&body[..body.len().min(256)]).into_owned();
	if body.len() > 256 {
		s.push('…');
	}
	s
}

/// Post a job; returns the worker's answer (its id for the job, and whether it is one
/// posted before).
pub fn submit(worker: &Worker, chain_job_id: u64, spec: &[u8], inputs: &[Input<'_>]) -> Result<Submitted, SubmitError> {
	let body = SubmitBody {
		chain_job_id,
		spec: to_hex(spec),
		inputs: inputs
			.iter()
			.map(|input| match input {
				Input::Inline(bytes) => InputBody::Inline(to_hex(bytes)),
				Input::Artifact(hash) => InputBody::Artifact(to_hex(&hash[..])),
			})
			.collect(),
	};
	let body = serde_json::to_vec(&body).map_err(|_| SubmitError::Other)?;
	let url = format!("{}/v1/jobs", worker.url);
	let request = worker.request(http::Request::post(&url, vec![body])).add_header("content-type", "application/json");
	let (code, body) = exchange(request, MAX_JSON_BODY).map_err(|()| SubmitError::Other)?;
	if !(200..300).contains(&code) {
		log::warn!(target: LOG_TARGET, "worker refused job {chain_job_id}: {code} {}", excerpt(&body));
		return Err(match code {
			400 | 413 => SubmitError::Unexecutable(code),
			422 => SubmitError::MissingInput,
			_ => SubmitError::Other,
		});
	}
	serde_json::from_slice(&body).map_err(|_| SubmitError::Other)
}

/// A job's status; `Ok(None)` when the worker no longer knows it.
pub fn status(worker: &Worker, worker_id: &[u8]) -> Result<Option<Status>, ()> {
	let url = format!("{}/v1/jobs/{}", worker.url, String::from_utf8_lossy(worker_id));
	let (code, body) = exchange(worker.request(http::Request::get(&url)), MAX_JSON_BODY)?;
	match code {
		200 => serde_json::from_slice(&body).map(Some).map_err(|_| ()),
		404 => Ok(None),
		_ => Err(()),
	}
}

/// A finished job's output bytes, if they are at most `max_len` bytes.
pub fn output(worker: &Worker, worker_id: &[u8], max_len: usize) -> Result<Vec<u8>, ()> {
	let url = format!("{}/v1/jobs/{}/output", worker.url, String::from_utf8_lossy(worker_id));
	match exchange(worker.request(http::Request::get(&url)), max_len)? {
		(200, body) => Ok(body),
		_ => Err(()),
	}
}
