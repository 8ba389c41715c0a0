//! The GPU worker inside the node (`--gpu-worker`), or an external one
//! (`--gpu-worker-url`). Either way the node records the worker's URL in off-chain local
//! storage so the runtime's off-chain worker can reach it.

use crate::cli::GpuWorkerParams;
use gpu_worker::{
	service::{
		bench,
		executor::{CorruptingExecutor, CpuExecutor, Executor},
		http::{serve, HttpConfig},
		Service, ServiceConfig,
	},
	DeviceConfig, GpuDevice,
};
use sc_service::TaskManager;
use sp_core::offchain::{OffchainStorage, STORAGE_PREFIX};
use std::sync::Arc;
use tensorgrid_primitives::GPU_WORKER_URL_KEY;

const LOG_TARGET: &str = "gpu-worker";

/// Start the embedded worker as an essential task (the node stops if it fails), or record
/// the external URL. Does nothing without either flag.
pub fn start<S: OffchainStorage + 'static>(
	params: &GpuWorkerParams,
	task_manager: &TaskManager,
	offchain: Option<S>,
) {
	if let Some(url) = &params.gpu_worker_url {
		record_url(offchain, url);
		log::info!(target: LOG_TARGET, "using the GPU worker at {url}");
		return;
	}
	if !params.gpu_worker {
		return;
	}
	let (port, cpu, corrupt) =
		(params.gpu_worker_port, params.gpu_worker_cpu, params.gpu_worker_corrupt_results);
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
		let service = Service::start(ServiceConfig::default(), executor.clone());
		let http = HttpConfig { listen: ([127, 0, 0, 1], port).into(), ..HttpConfig::default() };
		let (addr, server) = match serve(service.clone(), http).await {
			Ok(bound) => bound,
			Err(e) => {
				log::error!(target: LOG_TARGET, "cannot listen on 127.0.0.1:{port}: {e}");
				return;
			},
		};
		let url = format!("http://{addr}");
		record_url(offchain, &url);
		log::info!(target: LOG_TARGET, "GPU worker on {} serving {url}", service.device().name);
		// The score for the provider's profile, measured once the API is up.
		let exec = executor.clone();
		if let Ok(Ok(report)) = tokio::task::spawn_blocking(move || bench::run(exec.as_ref(), 1)).await {
			service.set_benchmark_score(report.score);
		}
		let _ = server.await;
		log::error!(target: LOG_TARGET, "the GPU worker's server stopped");
	});
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

fn record_url<S: OffchainStorage>(offchain: Option<S>, url: &str) {
	match offchain {
		Some(mut storage) => storage.set(STORAGE_PREFIX, GPU_WORKER_URL_KEY, url.as_bytes()),
		None => log::warn!(target: LOG_TARGET, "no off-chain storage: the runtime cannot find {url}"),
	}
}
