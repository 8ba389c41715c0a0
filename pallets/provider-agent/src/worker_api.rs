//! The GPU worker's HTTP API as the off-chain worker uses it.

use alloc::{string::String, vec::Vec};
use serde::{Deserialize, Serialize};
use sp_runtime::offchain::{http, Duration};

/// Longest wait for one HTTP exchange with the local worker.
const TIMEOUT_MS: u64 = 3_000;

#[derive(Serialize)]
struct SubmitBody<'a> {
	chain_job_id: u64,
	spec: String,
	inputs: Vec<InputBody<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum InputBody<'a> {
	Inline(String),
	#[allow(dead_code)]
	Artifact(&'a str),
}

#[derive(Deserialize)]
struct Submitted {
	id: String,
}

/// A job's state as the worker reports it.
#[derive(Deserialize)]
pub struct Status {
	pub state: String,
	#[serde(default)]
	pub digest: Option<String>,
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

fn exchange<'a, T, I>(request: http::Request<'a, T>) -> Result<(u16, Vec<u8>), ()>
where
	T: Default + IntoIterator<Item = I>,
	I: AsRef<[u8]>,
{
	let deadline = sp_io::offchain::timestamp().add(Duration::from_millis(TIMEOUT_MS));
	let pending = request.deadline(deadline).send().map_err(|_| ())?;
	let response = pending.try_wait(deadline).map_err(|_| ())?.map_err(|_| ())?;
	Ok((response.code, response.body().collect()))
}

/// Post a job; returns the worker's id for it.
pub fn submit(base: &str, chain_job_id: u64, spec: &[u8], inputs: &[Vec<u8>]) -> Result<Vec<u8>, ()> {
	let body = SubmitBody {
		chain_job_id,
		spec: to_hex(spec),
		inputs: inputs.iter().map(|i| InputBody::Inline(to_hex(i))).collect(),
	};
	let body = serde_json::to_vec(&body).map_err(|_| ())?;
	let url = alloc::format!("{base}/v1/jobs");
	let request = http::Request::post(&url, alloc::vec![body]).add_header("content-type", "application/json");
	let (code, body) = exchange(request)?;
	if !(200..300).contains(&code) {
		log::warn!(target: "provider-agent", "worker refused job {chain_job_id}: {code} {}", String::from_utf8_lossy(&body));
		return Err(());
	}
	let submitted: Submitted = serde_json::from_slice(&body).map_err(|_| ())?;
	Ok(submitted.id.into_bytes())
}

/// A job's status; `Ok(None)` when the worker no longer knows it.
pub fn status(base: &str, worker_id: &[u8]) -> Result<Option<Status>, ()> {
	let url = alloc::format!("{base}/v1/jobs/{}", String::from_utf8_lossy(worker_id));
	let (code, body) = exchange(http::Request::get(&url))?;
	match code {
		200 => serde_json::from_slice(&body).map(Some).map_err(|_| ()),
		404 => Ok(None),
		_ => Err(()),
	}
}

/// A finished job's output bytes.
pub fn output(base: &str, worker_id: &[u8]) -> Result<Vec<u8>, ()> {
	let url = alloc::format!("{base}/v1/jobs/{}/output", String::from_utf8_lossy(worker_id));
	match exchange(http::Request::get(&url))? {
		(200, body) => Ok(body),
		_ => Err(()),
	}
}
