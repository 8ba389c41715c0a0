//! Command-line interface.

/// `tensorgrid-node` arguments: a subcommand, or the flags of `run` (the default).
#[derive(Debug, clap::Parser)]
pub struct Cli {
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	#[clap(flatten)]
	pub run: sc_cli::RunCmd,

	#[clap(flatten)]
	pub gpu: GpuWorkerParams,

	#[clap(flatten)]
	pub artifacts: ArtifactParams,
}

/// The node's artifact store: outputs its GPU worker produced (served to peers) and blobs
/// fetched from peers for `artifact_get` (cached).
#[derive(Debug, Clone, clap::Args)]
pub struct ArtifactParams {
	/// Most MiB of fetched artifacts the node keeps on disk and serves to its peers (the
	/// oldest go first). Outputs of this node's own GPU worker are kept apart, for 10 days.
	#[arg(long, value_name = "MIB", default_value_t = 1024)]
	pub artifact_cache_size: u64,

	/// Test only: serve every artifact chunk with its first byte flipped, as a hostile
	/// peer would (to check that fetchers report such a peer and get the data elsewhere).
	#[arg(long, hide = true)]
	pub artifact_corrupt_serving: bool,
}

/// Where the node's off-chain worker finds a GPU worker. The node writes the URL into
/// off-chain local storage (persistent kind) under
/// `tensorgrid_primitives::GPU_WORKER_URL_KEY` and the worker's bearer token under
/// `tensorgrid::gpu-worker-token`.
#[derive(Debug, Clone, clap::Args)]
pub struct GpuWorkerParams {
	/// Run a GPU worker inside the node, serving its HTTP API on 127.0.0.1.
	#[arg(long)]
	pub gpu_worker: bool,

	/// Port of the embedded GPU worker (0: any free port).
	#[arg(long, default_value_t = 8844, requires = "gpu_worker")]
	pub gpu_worker_port: u16,

	/// Run the embedded worker's kernels on the CPU reference instead of a GPU.
	#[arg(long, requires = "gpu_worker")]
	pub gpu_worker_cpu: bool,

	/// Test only: the embedded worker reports a wrong result for every job, so the
	/// provider is outvoted and slashed.
	#[arg(long, requires = "gpu_worker", hide = true)]
	pub gpu_worker_corrupt_results: bool,

	/// Test only: the embedded worker's memory cap (bytes of inputs plus output of one
	/// job; default 1 GiB), so that it refuses (413) jobs the chain accepts and the
	/// provider declines them.
	#[arg(long, value_name = "BYTES", requires = "gpu_worker", hide = true)]
	pub gpu_worker_memory_cap: Option<u64>,

	/// Use the GPU worker already serving at this URL (e.g. `http://127.0.0.1:8844`). It
	/// reads jobs' artifact inputs from its own `--store-dir` / `--artifact-url`.
	#[arg(long, conflicts_with = "gpu_worker")]
	pub gpu_worker_url: Option<String>,

	/// Bearer token of the GPU worker. With `--gpu-worker-url`: the token the external
	/// worker was started with (`gpu-worker serve --token`; default: $GPU_WORKER_TOKEN),
	/// sent on every request. With `--gpu-worker`: the token the embedded worker requires
	/// (default: a random one drawn at every start).
	#[arg(long, value_name = "TOKEN")]
	pub gpu_worker_token: Option<String>,

	/// Where this node, as a data DAO's custodian, keeps the dataset items the embedded
	/// worker reads, each named by its lowercase hex blake2-256 hash (default:
	/// `<base path>/chains/<chain id>/datasets`). Never served to peers: only job
	/// outputs leave the node.
	#[arg(long, value_name = "DIR")]
	pub dataset_dir: Option<std::path::PathBuf>,
}

#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
	/// Key management: generate, inspect and insert keys.
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Build a chain specification (use `export-chain-spec` for new scripts).
	BuildSpec(sc_cli::BuildSpecCmd),

	/// Export the chain specification.
	ExportChainSpec(sc_cli::ExportChainSpecCmd),

	/// Validate blocks.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state of a given block into a chain spec.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Remove the whole chain.
	PurgeChain(sc_cli::PurgeChainCmd),

	/// Revert the chain to a previous state.
	Revert(sc_cli::RevertCmd),

	/// Runtime benchmarks: `benchmark pallet`, `block` and `machine` (only in a node built
	/// with `--features runtime-benchmarks`).
	#[cfg(feature = "runtime-benchmarks")]
	#[command(subcommand)]
	Benchmark(frame_benchmarking_cli::BenchmarkCmd),

	/// Database metadata.
	ChainInfo(sc_cli::ChainInfoCmd),

	/// Rehearse a runtime upgrade on a snapshot of a live chain's state: run the new
	/// runtime's migrations and every pallet's `try_state` checks, writing nothing.
	TryUpgrade(crate::try_upgrade::TryUpgradeCmd),
}
