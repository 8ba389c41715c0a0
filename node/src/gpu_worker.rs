//! The GPU worker inside the node (`--gpu-worker`), or an external one
//! (`--gpu-worker-url`). Either way the node records the worker's URL and bearer token in
//! off-chain local storage so the runtime's off-chain worker can reach it.
//!
//! The embedded worker requires a token (`--gpu-worker-token`, or a random one drawn at
//! every start), so other local processes cannot post jobs to it, and it reads the input
//! artifacts that jobs name by hash from the chain's `Jobs::ArtifactData` at the node's best
//! block. An external worker takes artifacts from its own `--store-dir` / `--artifact-url`.

use crate::{cli::GpuWorkerParams, service::FullClient};
use gpu_worker::{
	service::{
		bench,
		executor::{CorruptingExecutor, CpuExecutor, Executor},
		http::{random_token, serve, HttpConfig},
		store::{ArtifactReader, ArtifactSource, RemoteReader},
		Service, ServiceConfig,
	},
	DeviceConfig, GpuDevice,
};
use sc_client_api::StorageProvider;
use sc_service::TaskManager;
use sp_blockchain::HeaderBackend;
use sp_core::{
	offchain::{OffchainStorage, STORAGE_PREFIX},
	storage::StorageKey,
};
use sp_runtime::codec::Decode;
use std::sync::Arc;
use tensorgrid_primitives::{Digest, GPU_WORKER_TOKEN_KEY, GPU_WORKER_URL_KEY};

const LOG_TARGET: &str = "gpu-worker";

/// Start the embedded worker as an essential task (the node stops if it fails), or record
/// the external URL and token. Does nothing without either flag.
pub fn start<S: OffchainStorage + 'static>(
	params: &GpuWorkerParams,
	task_manager: &TaskManager,
	offchain: Option<S>,
	artifacts: ArtifactReader,
	remote: RemoteReader,
	output_dir: std::path::PathBuf,
	dataset_dir: std::path::PathBuf,
) {
	if let Some(url) = &params.gpu_worker_url {
		let token = params
			.gpu_worker_token
			.clone()
			.or_else(|| std::env::var("GPU_WORKER_TOKEN").ok())
			.filter(|t| !t.is_empty());
		if token.is_none() && !is_loopback(url) {
			log::warn!(target: LOG_TARGET, "the GPU worker at {url} is off loopback and no --gpu-worker-token is set");
		}
		record(offchain.clone(), GPU_WORKER_TOKEN_KEY, token.as_deref());
		record(offchain, GPU_WORKER_URL_KEY, Some(url));
		log::info!(target: LOG_TARGET, "using the GPU worker at {url}");
		return;
	}
	if !params.gpu_worker {
		return;
	}
	// The token is in place before the URL: the agent never finds the new worker without it.
	let token = params.gpu_worker_token.clone().filter(|t| !t.is_empty()).unwrap_or_else(random_token);
	record(offchain.clone(), GPU_WORKER_TOKEN_KEY, Some(&token));
	let (port, cpu, corrupt, memory_cap) = (
		params.gpu_worker_port,
		params.gpu_worker_cpu,
		params.gpu_worker_corrupt_results,
		params.gpu_worker_memory_cap,
	);
	task_manager.spawn_essential_handle().spawn("gpu-worker", None, async move {
		let executor = match tokio::task::spawn_blocking(move || open_executor(cpu)).await {
			Ok(executor) if corrupt => {
				log::warn!(target: LOG_TARGET, "--gpu-worker-corrupt-results: every result is wrong");
				Arc::new(CorruptingExecutor(executor)) as Arc<dyn Executor>
			},
			Ok(executor) => executor,
			Err(e) => {
				log::error!(target: LOG_TARGET, "opening the device failed: {e}");
				return;
			},
		};
		let defaults = ServiceConfig::default();
		if let Some(cap) = memory_cap {
			log::warn!(target: LOG_TARGET, "--gpu-worker-memory-cap: jobs over {cap} bytes are refused");
		}
		let config = ServiceConfig {
			// Chain artifacts and this node's store first, then the dataset items it holds
			// as a custodian, then other jobs' outputs from the peers.
			artifacts: ArtifactSource {
				dir: Some(dataset_dir),
				remote: Some(remote),
				..ArtifactSource::with_reader(artifacts, defaults.artifacts.max_len)
			},
			memory_cap: memory_cap.unwrap_or(defaults.memory_cap),
			// The node serves its peers from there (see `artifacts::store`).
			output_dir: Some(output_dir),
			..defaults
		};
		let service = Service::start(config, executor.clone());
		let http = HttpConfig { listen: ([127, 0, 0, 1], port).into(), token: Some(token), ..HttpConfig::default() };
		let (addr, server) = match serve(service.clone(), http).await {
			Ok(bound) => bound,
			Err(e) => {
				log::error!(target: LOG_TARGET, "cannot listen on 127.0.0.1:{port}: {e}");
				return;
			},
		};
		let url = format!("http://{addr}");
		record(offchain, GPU_WORKER_URL_KEY, Some(&url));
		log::info!(target: LOG_TARGET, "GPU worker on {} serving {url} (bearer token required)", service.device().name);
		// The score for the provider's profile, measured once the API is up.
		let exec = executor.clone();
		if let Ok(Ok(report)) = tokio::task::spawn_blocking(move || bench::run(exec.as_ref(), 1)).await {
			service.set_benchmark_score(report.score);
		}
		let _ = server.await;
		log::error!(target: LOG_TARGET, "the GPU worker's server stopped");
	});
}

/// Reads artifacts from the chain: `Jobs::ArtifactData` (an `Identity`-hashed map from the
/// blake2-256 hash to the bytes) at the node's best block. The worker checks the bytes
/// against the hash.
pub fn chain_artifacts(client: Arc<FullClient>) -> ArtifactReader {
	Arc::new(move |hash: &Digest| {
		let best = client.info().best_hash;
		match client.storage(best, &StorageKey(artifact_storage_key(hash))) {
			Ok(Some(data)) => Vec::<u8>::decode(&mut &data.0[..]).ok(),
			Ok(None) => None,
			Err(e) => {
				log::warn!(target: LOG_TARGET, "reading artifact 0x{} from the chain: {e}", hex_of(hash));
				None
			},
		}
	})
}

/// How long pinned outputs are kept, from the chain's job parameters at the best block
/// (`Jobs::Parameters`; the default ones when it cannot be read).
pub fn pinned_retention(client: Arc<FullClient>) -> Arc<dyn Fn() -> std::time::Duration + Send + Sync> {
	Arc::new(move || {
		let mut key = sp_io::hashing::twox_128(b"Jobs").to_vec();
		key.extend_from_slice(&sp_io::hashing::twox_128(b"Parameters"));
		let best = client.info().best_hash;
		let params = match client.storage(best, &StorageKey(key)) {
			Ok(Some(data)) => pallet_jobs::JobParameters::<u32>::decode(&mut &data.0[..]).ok(),
			_ => None,
		};
		let (max_job_duration, retention) = match params {
			Some(p) => (p.max_job_duration, p.retention),
			None => (
				tensorgrid_runtime::configs::DefaultMaxJobDuration::get(),
				tensorgrid_runtime::configs::DefaultRetention::get(),
			),
		};
		crate::artifacts::store::pinned_retention(
			max_job_duration.into(),
			retention.into(),
			std::time::Duration::from_millis(tensorgrid_runtime::constants::MILLISECS_PER_BLOCK),
		)
	})
}

/// The storage key of `Jobs::ArtifactData[hash]`: twox128("Jobs") ‖ twox128("ArtifactData")
/// ‖ hash (`Identity`). "Jobs" is the pallet's name in the runtime (`construct_runtime`).
pub fn artifact_storage_key(hash: &Digest) -> Vec<u8> {
	let mut key = sp_io::hashing::twox_128(b"Jobs").to_vec();
	key.extend_from_slice(&sp_io::hashing::twox_128(b"ArtifactData"));
	key.extend_from_slice(hash);
	key
}

fn hex_of(bytes: &[u8]) -> String {
	bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `url`'s host is the loopback interface.
fn is_loopback(url: &str) -> bool {
	let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
	let authority = rest.split('/').next().unwrap_or(rest);
	let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
	let host = match host_port.strip_prefix('[') {
		Some(v6) => v6.split(']').next().unwrap_or(v6),
		None => host_port.split(':').next().unwrap_or(host_port),
	};
	host.eq_ignore_ascii_case("localhost") || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The GPU if one opens; otherwise (or with `--gpu-worker-cpu`) the CPU reference kernels,
/// which give the same bytes.
fn open_executor(cpu: bool) -> Arc<dyn Executor> {
	if !cpu {
		match GpuDevice::open(DeviceConfig::default().with_env()) {
			Ok(device) => return Arc::new(device),
			Err(e) => log::warn!(target: LOG_TARGET, "{e}; running the CPU reference kernels"),
		}
	}
	Arc::new(CpuExecutor)
}

/// Write (or, with `None`, remove) one of the worker's off-chain local storage entries.
fn record<S: OffchainStorage>(offchain: Option<S>, key: &[u8], value: Option<&str>) {
	match (offchain, value) {
		(Some(mut storage), Some(value)) => storage.set(STORAGE_PREFIX, key, value.as_bytes()),
		(Some(mut storage), None) => storage.remove(STORAGE_PREFIX, key),
		(None, _) => log::warn!(
			target: LOG_TARGET,
			"no off-chain storage: the runtime cannot find the GPU worker ({})",
			String::from_utf8_lossy(key)
		),
	}
}
