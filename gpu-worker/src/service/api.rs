//! JSON shapes of the HTTP API (`/v1`). Specs travel SCALE-encoded as hex, exactly as the
//! chain stores them; tensors as hex bytes or as the hash of an artifact.

use serde::{Deserialize, Serialize};

/// `POST /v1/jobs` body.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SubmitRequest {
	/// The chain's job id: a second submission of the same job (this id, the same spec and
	/// the same inputs) returns the first one while it is queued, running or succeeded; the
	/// same id with other content is another job, and a failed, timed-out or cancelled job
	/// is queued again.
	#[serde(default)]
	pub chain_job_id: Option<u64>,
	/// `0x`-prefixed hex of the SCALE-encoded `KernelSpec`.
	pub spec: String,
	/// One entry per tensor the kernel reads, in order.
	pub inputs: Vec<InputJson>,
}

/// One input tensor.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum InputJson {
	/// `0x`-prefixed hex of the bytes.
	Inline(String),
	/// `0x`-prefixed hex of the blake2-256 hash of an artifact.
	Artifact(String),
}

/// Answer to a submission.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct SubmitResponse {
	pub id: String,
	pub state: String,
	/// True when the submission matched a job submitted earlier (same chain id and
	/// content) that is queued, running or succeeded.
	pub existing: bool,
}

/// `GET /v1/jobs/{id}`.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct JobStatus {
	pub id: String,
	pub chain_job_id: Option<u64>,
	pub kernel: String,
	/// `queued`, `running`, `succeeded`, `failed`, `cancelled` or `timed_out`.
	pub state: String,
	/// `0x`-prefixed blake2-256 of the output, once succeeded.
	pub digest: Option<String>,
	pub output_len: Option<u64>,
	pub error: Option<String>,
	/// Milliseconds spent queued and running.
	pub queued_ms: u64,
	pub run_ms: Option<u64>,
	pub adapter: String,
}

/// `GET /v1/device`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct DeviceInfo {
	pub name: String,
	pub backend: String,
	pub device_type: String,
	pub driver: String,
	/// Work units per second measured by the benchmark suite at start-up (`None` until
	/// measured).
	pub benchmark_score: Option<u64>,
}

/// Every error body: `{"error": "..."}`.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct ErrorBody {
	pub error: String,
}

/// `0x`-prefixed lowercase hex.
pub fn to_hex(bytes: &[u8]) -> String {
	format!("0x{}", hex::encode(bytes))
}

/// Parse `0x`-prefixed (or bare) hex.
pub fn from_hex(s: &str) -> Result<Vec<u8>, String> {
	hex::decode(s.strip_prefix("0x").unwrap_or(s)).map_err(|e| format!("bad hex: {e}"))
}
