//! `gpu-worker`: serve the job API, show the device, run the benchmark, or run one job.

use clap::{Parser, Subcommand};
use gpu_worker::{
	service::{
		api::{from_hex, to_hex, InputJson, SubmitRequest},
		bench,
		executor::{CorruptingExecutor, CpuExecutor, Executor},
		http::{serve, HttpConfig},
		store::ArtifactSource,
		Service, ServiceConfig,
	},
	DeviceConfig, GpuDevice, Job,
};
use std::{
	net::SocketAddr,
	path::PathBuf,
	sync::{
		atomic::{AtomicBool, Ordering},
		Arc,
	},
	time::{Duration, Instant},
};
use tensorgrid_primitives::KernelSpec;

#[derive(Parser)]
#[command(name = "gpu-worker", version, about = "Tensorgrid GPU worker")]
struct Cli {
	/// Use the CPU reference kernels instead of a GPU.
	#[arg(long, global = true)]
	cpu: bool,
	#[command(subcommand)]
	command: Command,
}

#[derive(Subcommand)]
enum Command {
	/// Serve the HTTP job API.
	Serve(ServeArgs),
	/// Print the adapter profile.
	Device,
	/// Run the benchmark suite and print the score to declare on chain.
	Bench {
		/// Timed runs per kernel.
		#[arg(long, default_value_t = 5)]
		runs: u32,
	},
	/// Execute one job from a JSON file (the `POST /v1/jobs` body) and print its digest.
	Run {
		spec_file: PathBuf,
		/// Directory of artifacts named by their hex hash.
		#[arg(long)]
		store_dir: Option<PathBuf>,
	},
}

#[derive(clap::Args)]
struct ServeArgs {
	/// Address to listen on; keep it on loopback unless a token is set.
	#[arg(long, default_value = "127.0.0.1:8844")]
	listen: SocketAddr,
	/// Bearer token required on every request but /v1/health (default: $GPU_WORKER_TOKEN).
	#[arg(long)]
	token: Option<String>,
	/// Most queued jobs.
	#[arg(long, default_value_t = 256)]
	queue: usize,
	/// Jobs executed at once.
	#[arg(long, default_value_t = 1)]
	concurrency: usize,
	/// Longest execution of one job, in seconds.
	#[arg(long, default_value_t = 600)]
	timeout_secs: u64,
	/// Most bytes of inputs and output of one job.
	#[arg(long, default_value_t = 1 << 30)]
	memory_cap: u64,
	/// Directory of input artifacts named by their hex hash (jobs from the chain name their
	/// stored artifacts by hash; a node's external worker needs them here or at
	/// --artifact-url).
	#[arg(long)]
	store_dir: Option<PathBuf>,
	/// HTTP source of artifacts: GET <url>/<hex hash>.
	#[arg(long)]
	artifact_url: Option<String>,
	/// Also write every output here as `<hex digest>`. A provider node on the same machine
	/// serves its peers from `<node base path>/chains/<chain id>/artifacts/pinned`: point
	/// this there.
	#[arg(long)]
	output_dir: Option<PathBuf>,
	/// Skip the start-up benchmark.
	#[arg(long)]
	no_bench: bool,
	/// Test only: report a wrong result for every job (to exercise the chain's slashing).
	#[arg(long, hide = true)]
	corrupt_results: bool,
}

fn executor(cpu: bool) -> Result<Arc<dyn Executor>, String> {
	if cpu {
		return Ok(Arc::new(CpuExecutor));
	}
	GpuDevice::open(DeviceConfig::default().with_env())
		.map(|d| Arc::new(d) as Arc<dyn Executor>)
		.map_err(|e| format!("{e} (use --cpu to run the CPU reference kernels)"))
}

fn main() {
	let cli = Cli::parse();
	if let Err(e) = run(cli) {
		eprintln!("Error: {e}");
		std::process::exit(1);
	}
}

fn run(cli: Cli) -> Result<(), String> {
	match cli.command {
		Command::Device => {
			let info = executor(cli.cpu)?.info();
			println!("{}", serde_json::to_string_pretty(&info).map_err(|e| e.to_string())?);
		},
		Command::Bench { runs } => {
			let report = bench::run(executor(cli.cpu)?.as_ref(), runs.max(1)).map_err(|e| e.to_string())?;
			for f in &report.figures {
				let secs = f.elapsed.as_secs_f64() / f.runs as f64;
				println!(
					"{:<18} {:>6} work units  {:>10.3} ms/job  {:>10.1} units/s",
					f.kernel,
					f.work_units,
					secs * 1e3,
					f.work_units as f64 / secs
				);
			}
			println!("score {}", report.score);
		},
		Command::Run { spec_file, store_dir } => run_one(cli.cpu, spec_file, store_dir)?,
		Command::Serve(args) => serve_api(cli.cpu, args)?,
	}
	Ok(())
}

fn run_one(cpu: bool, spec_file: PathBuf, store_dir: Option<PathBuf>) -> Result<(), String> {
	let text = std::fs::read_to_string(&spec_file).map_err(|e| format!("{}: {e}", spec_file.display()))?;
	let request: SubmitRequest = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", spec_file.display()))?;
	let spec_bytes = from_hex(&request.spec)?;
	let spec = <KernelSpec as codec::Decode>::decode(&mut &spec_bytes[..]).map_err(|e| format!("spec: {e}"))?;
	let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
	let source = ArtifactSource { dir: store_dir, max_len: 256 << 20, ..ArtifactSource::default() };
	let mut inputs = Vec::new();
	let sizes = spec.input_sizes();
	for (index, input) in request.inputs.iter().enumerate() {
		let len = sizes.get(index).copied().unwrap_or(0);
		inputs.push(match input {
			InputJson::Inline(h) => from_hex(h)?,
			InputJson::Artifact(h) => {
				let hash: [u8; 32] = from_hex(h)?.try_into().map_err(|_| "an artifact hash has 32 bytes".to_string())?;
				runtime.block_on(source.fetch(&hash, len))?
			},
		});
	}
	let job = Job { spec, inputs };
	let executor = executor(cpu)?;
	eprintln!("{} on {}: {} work units", job.spec.kernel_id().name(), executor.info().name, job.spec.work_units());
	// Long jobs (training) show that they are alive, once a second.
	let done = Arc::new(AtomicBool::new(false));
	let ticker = {
		let done = done.clone();
		std::thread::spawn(move || {
			let start = Instant::now();
			while !done.load(Ordering::Relaxed) {
				std::thread::sleep(Duration::from_millis(200));
				let secs = start.elapsed().as_secs();
				if secs > 0 && start.elapsed().subsec_millis() < 200 {
					eprint!("\r  running… {secs} s");
				}
			}
		})
	};
	let start = Instant::now();
	let result = executor.run(&job, &gpu_worker::Cancel::new());
	done.store(true, Ordering::Relaxed);
	let _ = ticker.join();
	let output = result.map_err(|e| e.to_string())?;
	eprintln!();
	println!("digest {}", to_hex(&output.digest));
	println!("output {} bytes", output.output.len());
	println!("time {:.3} ms", start.elapsed().as_secs_f64() * 1e3);
	Ok(())
}

fn serve_api(cpu: bool, args: ServeArgs) -> Result<(), String> {
	let mut executor = executor(cpu)?;
	if args.corrupt_results {
		eprintln!("warning: --corrupt-results: every result this worker reports is wrong");
		executor = Arc::new(CorruptingExecutor(executor));
	}
	let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
	runtime.block_on(async move {
		let config = ServiceConfig {
			queue_capacity: args.queue,
			concurrency: args.concurrency,
			job_timeout: Duration::from_secs(args.timeout_secs),
			memory_cap: args.memory_cap,
			artifacts: ArtifactSource {
				dir: args.store_dir,
				url: args.artifact_url,
				max_len: 256 << 20,
				..ArtifactSource::default()
			},
			output_dir: args.output_dir,
			..ServiceConfig::default()
		};
		let service = Service::start(config, executor.clone());
		if !args.no_bench {
			let exec = executor.clone();
			let score = tokio::task::spawn_blocking(move || bench::run(exec.as_ref(), 1))
				.await
				.map_err(|e| e.to_string())?
				.map_err(|e| e.to_string())?;
			service.set_benchmark_score(score.score);
		}
		let token = args.token.or_else(|| std::env::var("GPU_WORKER_TOKEN").ok().filter(|t| !t.is_empty()));
		let http = HttpConfig { listen: args.listen, token, ..HttpConfig::default() };
		if !http.listen.ip().is_loopback() && http.token.is_none() {
			eprintln!("warning: listening on {} without a bearer token", http.listen);
		}
		let (addr, task) = serve(service.clone(), http).await.map_err(|e| format!("listen: {e}"))?;
		eprintln!("gpu-worker serving on http://{addr} ({})", service.device().name);
		tokio::select! {
			_ = task => Err("the server stopped".to_string()),
			_ = tokio::signal::ctrl_c() => Ok(()),
		}
	})
}
