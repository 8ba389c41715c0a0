//! The HTTP API over real loopback connections: results equal the CPU reference, and every
//! bad request gets a 4xx (or 503) JSON answer while the service keeps serving.

use codec::Encode;
use gpu_worker::{
	run_cpu,
	service::{
		api::{to_hex, InputJson, SubmitRequest},
		executor::{CpuExecutor, Executor},
		http::{serve, HttpConfig},
		store::{ArtifactReader, ArtifactSource},
		Service, ServiceConfig,
	},
	Cancel, DeviceConfig, GpuDevice, Job, JobOutput, WorkerError,
};
use serde_json::Value;
use std::{
	collections::HashMap,
	net::SocketAddr,
	sync::{
		atomic::{AtomicUsize, Ordering},
		Arc, Mutex, OnceLock,
	},
	time::{Duration, Instant},
};
use tensorgrid_primitives::{digest_of, kernels::MatmulShape, KernelSpec};
use tokio::{
	io::{AsyncReadExt, AsyncWriteExt},
	net::TcpStream,
};

/// One GPU device for the whole test binary (lavapipe in CI).
fn gpu() -> Arc<dyn Executor> {
	static DEV: OnceLock<Arc<GpuDevice>> = OnceLock::new();
	DEV.get_or_init(|| {
		Arc::new(GpuDevice::open(DeviceConfig::default().with_env()).unwrap_or_else(|e| panic!("needs an adapter: {e}")))
	})
	.clone()
}

/// The CPU reference, slowed down, to hold jobs in the queue.
struct Slow(Duration);
impl Executor for Slow {
	fn run(&self, job: &Job, cancel: &Cancel) -> gpu_worker::Result<JobOutput> {
		std::thread::sleep(self.0);
		CpuExecutor.run(job, cancel)
	}
	fn info(&self) -> gpu_worker::service::api::DeviceInfo {
		CpuExecutor.info()
	}
}

/// The CPU reference after failing its first `fail` runs (a device lost mid-job).
struct Flaky {
	fail: usize,
	runs: AtomicUsize,
}
impl Executor for Flaky {
	fn run(&self, job: &Job, cancel: &Cancel) -> gpu_worker::Result<JobOutput> {
		if self.runs.fetch_add(1, Ordering::SeqCst) < self.fail {
			return Err(gpu_worker::WorkerError::DeviceLost("injected".into()));
		}
		CpuExecutor.run(job, cancel)
	}
	fn info(&self) -> gpu_worker::service::api::DeviceInfo {
		CpuExecutor.info()
	}
}

struct Reply {
	status: u16,
	headers: String,
	body: Vec<u8>,
}

impl Reply {
	fn json(&self) -> Value {
		serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", String::from_utf8_lossy(&self.body)))
	}
}

async fn request(addr: SocketAddr, method: &str, path: &str, body: &[u8], token: Option<&str>) -> Reply {
	let mut stream = TcpStream::connect(addr).await.expect("connects");
	let auth = token.map(|t| format!("Authorization: Bearer {t}\r\n")).unwrap_or_default();
	let head = format!(
		"{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
		body.len()
	);
	stream.write_all(head.as_bytes()).await.expect("writes");
	// A server may answer (and close) before reading an oversized body.
	let _ = stream.write_all(body).await;
	let mut raw = Vec::new();
	let _ = stream.read_to_end(&mut raw).await;
	let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a complete response");
	let headers = String::from_utf8_lossy(&raw[..split]).to_string();
	let status = headers.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("a status code");
	Reply { status, headers, body: raw[split + 4..].to_vec() }
}

async fn start(config: ServiceConfig, executor: Arc<dyn Executor>, http: HttpConfig) -> (Service, SocketAddr) {
	let service = Service::start(config, executor);
	let (addr, _) = serve(service.clone(), HttpConfig { listen: ([127, 0, 0, 1], 0).into(), ..http })
		.await
		.expect("binds");
	(service, addr)
}

fn matmul(m: u32, k: u32, n: u32, seed: u8) -> (KernelSpec, Vec<Vec<u8>>) {
	let spec = KernelSpec::MatmulI8(MatmulShape { m, k, n });
	let a = (0..m * k).map(|i| (i as u8).wrapping_mul(seed).wrapping_add(3)).collect();
	let b = (0..k * n).map(|i| (i as u8).wrapping_mul(7).wrapping_sub(seed)).collect();
	(spec, vec![a, b])
}

fn submit_body(spec: &KernelSpec, inputs: &[Vec<u8>], chain_job_id: Option<u64>) -> Vec<u8> {
	serde_json::to_vec(&SubmitRequest {
		chain_job_id,
		spec: to_hex(&spec.encode()),
		inputs: inputs.iter().map(|i| InputJson::Inline(to_hex(i))).collect(),
	})
	.unwrap()
}

async fn wait_final(addr: SocketAddr, id: &str) -> Value {
	let deadline = Instant::now() + Duration::from_secs(60);
	loop {
		let status = request(addr, "GET", &format!("/v1/jobs/{id}"), b"", None).await.json();
		if !matches!(status["state"].as_str(), Some("queued" | "running")) {
			return status;
		}
		assert!(Instant::now() < deadline, "job {id} did not finish: {status}");
		tokio::time::sleep(Duration::from_millis(20)).await;
	}
}

async fn healthy(addr: SocketAddr) {
	let reply = request(addr, "GET", "/v1/health", b"", None).await;
	assert_eq!(reply.status, 200);
	assert_eq!(reply.json()["status"], "ok");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_runs_on_the_gpu_and_matches_the_cpu_reference() {
	let (_, addr) = start(ServiceConfig::default(), gpu(), HttpConfig::default()).await;
	let (spec, inputs) = matmul(33, 70, 17, 5);
	let reply = request(addr, "POST", "/v1/jobs", &submit_body(&spec, &inputs, Some(7)), None).await;
	assert_eq!(reply.status, 202, "{}", String::from_utf8_lossy(&reply.body));
	let id = reply.json()["id"].as_str().unwrap().to_string();

	let status = wait_final(addr, &id).await;
	let expected = run_cpu(&Job { spec, inputs }).unwrap();
	assert_eq!(status["state"], "succeeded");
	assert_eq!(status["digest"], to_hex(&expected.digest));
	assert_eq!(status["kernel"], "matmul_i8");
	assert_eq!(status["chain_job_id"], 7);
	let output = request(addr, "GET", &format!("/v1/jobs/{id}/output"), b"", None).await;
	assert_eq!(output.status, 200);
	assert_eq!(output.body, expected.output);

	// The same chain job again: the first job, not a second one.
	let (spec, inputs) = matmul(33, 70, 17, 5);
	let again = request(addr, "POST", "/v1/jobs", &submit_body(&spec, &inputs, Some(7)), None).await;
	assert_eq!(again.status, 200);
	assert_eq!(again.json()["id"], id);
	assert_eq!(again.json()["existing"], true);

	let device = request(addr, "GET", "/v1/device", b"", None).await.json();
	assert!(!device["name"].as_str().unwrap().is_empty());
	let metrics = String::from_utf8(request(addr, "GET", "/metrics", b"", None).await.body).unwrap();
	assert!(metrics.contains("gpu_worker_jobs_finished_total{state=\"succeeded\"} 1"), "{metrics}");
	assert!(metrics.contains("gpu_worker_kernel_seconds_count{kernel=\"matmul_i8\"} 1"), "{metrics}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_timeout_and_a_full_queue() {
	let config = ServiceConfig { queue_capacity: 1, job_timeout: Duration::from_millis(400), ..ServiceConfig::default() };
	let (_, addr) = start(config, Arc::new(Slow(Duration::from_millis(900))), HttpConfig::default()).await;
	let (spec, inputs) = matmul(2, 3, 2, 1);
	let body = submit_body(&spec, &inputs, None);
	let first = request(addr, "POST", "/v1/jobs", &body, None).await.json()["id"].as_str().unwrap().to_string();
	// Wait until the executor took the first job; the queue then holds one more.
	let deadline = Instant::now() + Duration::from_secs(10);
	while request(addr, "GET", &format!("/v1/jobs/{first}"), b"", None).await.json()["state"] != "running" {
		assert!(Instant::now() < deadline);
		tokio::time::sleep(Duration::from_millis(10)).await;
	}
	let second = request(addr, "POST", "/v1/jobs", &body, None).await.json()["id"].as_str().unwrap().to_string();
	let full = request(addr, "POST", "/v1/jobs", &body, None).await;
	assert_eq!(full.status, 503);
	assert!(full.headers.to_ascii_lowercase().contains("retry-after: 1"), "{}", full.headers);
	assert!(full.json()["error"].as_str().unwrap().contains("queue is full"));

	// The queued job is cancelled and never runs; the running one times out.
	let cancelled = request(addr, "DELETE", &format!("/v1/jobs/{second}"), b"", None).await;
	assert_eq!((cancelled.status, cancelled.json()["state"].clone()), (200, Value::from("cancelled")));
	let status = wait_final(addr, &first).await;
	assert_eq!(status["state"], "timed_out");
	assert!(status["error"].as_str().unwrap().contains("longer than"));
	tokio::time::sleep(Duration::from_millis(1200)).await;
	let second_status = request(addr, "GET", &format!("/v1/jobs/{second}"), b"", None).await.json();
	assert_eq!(second_status["state"], "cancelled");
	assert!(second_status["run_ms"].is_null(), "a cancelled queued job never starts");
	let no_output = request(addr, "GET", &format!("/v1/jobs/{second}/output"), b"", None).await;
	assert_eq!(no_output.status, 409);
	healthy(addr).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_get_json_errors_and_the_service_keeps_serving() {
	let store = std::env::temp_dir().join(format!("gpu-worker-test-{}", std::process::id()));
	std::fs::create_dir_all(&store).unwrap();
	// A file stored under a hash that is not its content's.
	let claimed = [0x11u8; 32];
	std::fs::write(store.join(hex::encode(claimed)), vec![1u8; 6]).unwrap();
	let config = ServiceConfig {
		artifacts: ArtifactSource { dir: Some(store.clone()), max_len: 1 << 20, ..ArtifactSource::default() },
		memory_cap: 1 << 20,
		..ServiceConfig::default()
	};
	let http = HttpConfig { max_body: 4096, ..HttpConfig::default() };
	let (_, addr) = start(config, Arc::new(CpuExecutor), http).await;
	let (spec, inputs) = matmul(2, 3, 2, 1);

	let cases: Vec<(Vec<u8>, u16, &str)> = vec![
		(b"{not json".to_vec(), 400, "malformed JSON"),
		(br#"{"spec": "0x00"}"#.to_vec(), 400, "malformed JSON"),
		(vec![b' '; 5000], 413, "exceeds 4096 bytes"),
		// Kernel index 9 does not exist.
		(br#"{"spec": "0x0901", "inputs": []}"#.to_vec(), 400, "not a SCALE-encoded KernelSpec"),
		(
			serde_json::to_vec(&SubmitRequest {
				chain_job_id: None,
				spec: to_hex(&KernelSpec::MatmulI8(MatmulShape { m: 0, k: 1, n: 1 }).encode()),
				inputs: vec![],
			})
			.unwrap(),
			400,
			"invalid job spec",
		),
		(submit_body(&spec, &inputs[..1], None), 400, "reads 2 inputs"),
		(submit_body(&spec, &[inputs[0].clone(), vec![1; 5]], None), 400, "input 1 has 5 bytes"),
		(
			serde_json::to_vec(&SubmitRequest {
				chain_job_id: None,
				spec: to_hex(&spec.encode()),
				inputs: vec![InputJson::Inline(to_hex(&inputs[0])), InputJson::Artifact(to_hex(&claimed))],
			})
			.unwrap(),
			422,
			"does not match its hash",
		),
		(
			serde_json::to_vec(&SubmitRequest {
				chain_job_id: None,
				spec: to_hex(&spec.encode()),
				inputs: vec![InputJson::Inline(to_hex(&inputs[0])), InputJson::Artifact(to_hex(&[0x22; 32]))],
			})
			.unwrap(),
			422,
			"not in the local store",
		),
		(submit_body(&KernelSpec::MatmulI8(MatmulShape { m: 1024, k: 1024, n: 1024 }), &[], None), 413, "the cap is"),
	];
	for (body, status, message) in cases {
		let reply = request(addr, "POST", "/v1/jobs", &body, None).await;
		assert_eq!(reply.status, status, "{:?}", String::from_utf8_lossy(&reply.body));
		let error = reply.json()["error"].as_str().unwrap().to_string();
		assert!(error.contains(message), "{error:?} should mention {message:?}");
		healthy(addr).await;
	}
	assert_eq!(request(addr, "GET", "/v1/jobs/nope", b"", None).await.status, 404);
	assert_eq!(request(addr, "GET", "/v1/nothing", b"", None).await.status, 404);
	assert_eq!(request(addr, "PUT", "/v1/jobs", b"", None).await.status, 405);
	// The service still runs jobs.
	let ok = request(addr, "POST", "/v1/jobs", &submit_body(&spec, &inputs, None), None).await;
	assert_eq!(ok.status, 202);
	let id = ok.json()["id"].as_str().unwrap().to_string();
	assert_eq!(wait_final(addr, &id).await["state"], "succeeded");
	let _ = std::fs::remove_dir_all(store);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bearer_token_guards_everything_but_health() {
	let http = HttpConfig { token: Some("s3cret".into()), ..HttpConfig::default() };
	let (_, addr) = start(ServiceConfig::default(), Arc::new(CpuExecutor), http).await;
	assert_eq!(request(addr, "GET", "/v1/device", b"", None).await.status, 401);
	assert_eq!(request(addr, "GET", "/v1/device", b"", Some("wrong")).await.status, 401);
	assert_eq!(request(addr, "GET", "/v1/device", b"", Some("s3cret")).await.status, 200);
	healthy(addr).await;
}

/// A few hundred small jobs at once on the device: none lost, every digest equal to the CPU
/// reference. Prints jobs per second.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn load_test_hundreds_of_concurrent_jobs() {
	const JOBS: usize = 300;
	let config = ServiceConfig { queue_capacity: JOBS, concurrency: 2, ..ServiceConfig::default() };
	let (_, addr) = start(config, gpu(), HttpConfig::default()).await;
	let start = Instant::now();
	let mut tasks = Vec::new();
	for i in 0..JOBS {
		tasks.push(tokio::spawn(async move {
			let (spec, inputs) = matmul(8 + (i % 5) as u32, 16, 8, i as u8);
			let reply = request(addr, "POST", "/v1/jobs", &submit_body(&spec, &inputs, Some(i as u64)), None).await;
			assert_eq!(reply.status, 202);
			let id = reply.json()["id"].as_str().unwrap().to_string();
			let status = wait_final(addr, &id).await;
			let expected = run_cpu(&Job { spec, inputs }).unwrap();
			assert_eq!(status["state"], "succeeded", "{status}");
			assert_eq!(status["digest"], to_hex(&expected.digest));
		}));
	}
	for t in tasks {
		t.await.expect("every job succeeded with the right digest");
	}
	let secs = start.elapsed().as_secs_f64();
	println!("load test: {JOBS} jobs in {secs:.2} s, {:.0} jobs/s", JOBS as f64 / secs);
}

async fn post(addr: SocketAddr, body: &[u8]) -> (u16, Value) {
	let reply = request(addr, "POST", "/v1/jobs", body, None).await;
	(reply.status, reply.json())
}

/// Attack 7: whoever reaches the worker posts the provider's chain job id first, with other
/// inputs. The provider's own submission must not get that job back (`existing: true`, a
/// wrong digest to commit): the same id with other content is a new job.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attack_7_same_chain_id_other_inputs_is_a_new_job() {
	let (_, addr) = start(ServiceConfig::default(), Arc::new(CpuExecutor), HttpConfig::default()).await;
	let (spec, honest) = matmul(4, 5, 3, 1);
	let (_, forged) = matmul(4, 5, 3, 2);
	assert_ne!(honest, forged);

	let (status, first) = post(addr, &submit_body(&spec, &forged, Some(42))).await;
	assert_eq!((status, first["existing"].clone()), (202, Value::from(false)));
	let (status, mine) = post(addr, &submit_body(&spec, &honest, Some(42))).await;
	assert_eq!(status, 202, "{mine}");
	assert_eq!(mine["existing"], false);
	assert_ne!(mine["id"], first["id"]);
	let done = wait_final(addr, mine["id"].as_str().unwrap()).await;
	let expected = run_cpu(&Job { spec: spec.clone(), inputs: honest.clone() }).unwrap();
	assert_eq!(done["state"], "succeeded");
	assert_eq!(done["digest"], to_hex(&expected.digest));
	assert_eq!(done["chain_job_id"], 42);

	// The same job again (same id and content) is still the provider's job.
	let (status, again) = post(addr, &submit_body(&spec, &honest, Some(42))).await;
	assert_eq!((status, again["id"].clone(), again["existing"].clone()), (200, mine["id"].clone(), Value::from(true)));
	// Another spec under the same id is another job too.
	let (spec2, inputs2) = matmul(5, 4, 3, 1);
	let (status, other) = post(addr, &submit_body(&spec2, &inputs2, Some(42))).await;
	assert_eq!((status, other["existing"].clone()), (202, Value::from(false)));
	assert_ne!(other["id"], mine["id"]);
	healthy(addr).await;
}

/// Attack 7: a failed job used to come back as `existing` for an hour and was never run
/// again, so the provider missed its commit. A resubmission of a failed (timed-out,
/// cancelled) job queues it again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attack_7_failed_job_runs_again() {
	let executor = Arc::new(Flaky { fail: 1, runs: AtomicUsize::new(0) });
	let (_, addr) = start(ServiceConfig::default(), executor.clone(), HttpConfig::default()).await;
	let (spec, inputs) = matmul(3, 4, 5, 9);
	let body = submit_body(&spec, &inputs, Some(7));

	let (status, first) = post(addr, &body).await;
	assert_eq!(status, 202);
	let failed = wait_final(addr, first["id"].as_str().unwrap()).await;
	assert_eq!(failed["state"], "failed", "{failed}");
	assert!(failed["error"].as_str().unwrap().contains("injected"));

	let (status, second) = post(addr, &body).await;
	assert_eq!(status, 202, "{second}");
	assert_eq!(second["existing"], false);
	assert_ne!(second["id"], first["id"]);
	let done = wait_final(addr, second["id"].as_str().unwrap()).await;
	assert_eq!(done["state"], "succeeded", "{done}");
	assert_eq!(done["digest"], to_hex(&run_cpu(&Job { spec, inputs }).unwrap().digest));
	assert_eq!(executor.runs.load(Ordering::SeqCst), 2);
	// The failed entry stays readable under its own id; the succeeded one now answers.
	assert_eq!(request(addr, "GET", &format!("/v1/jobs/{}", first["id"].as_str().unwrap()), b"", None).await.json()["state"], "failed");
	let (status, third) = post(addr, &body).await;
	assert_eq!((status, third["id"].clone(), third["existing"].clone()), (200, second["id"].clone(), Value::from(true)));

	// A cancelled job is queued again too.
	let slow = Arc::new(Slow(Duration::from_millis(300)));
	let (_, addr) = start(ServiceConfig::default(), slow, HttpConfig::default()).await;
	let (spec, inputs) = matmul(2, 3, 2, 4);
	let blocker = post(addr, &submit_body(&spec, &inputs, None)).await.1;
	let (_, queued) = post(addr, &submit_body(&spec, &inputs, Some(8))).await;
	let cancelled = request(addr, "DELETE", &format!("/v1/jobs/{}", queued["id"].as_str().unwrap()), b"", None).await;
	assert_eq!(cancelled.json()["state"], "cancelled");
	let (status, requeued) = post(addr, &submit_body(&spec, &inputs, Some(8))).await;
	assert_eq!((status, requeued["existing"].clone()), (202, Value::from(false)));
	assert_eq!(wait_final(addr, requeued["id"].as_str().unwrap()).await["state"], "succeeded");
	assert_eq!(wait_final(addr, blocker["id"].as_str().unwrap()).await["state"], "succeeded");
}

/// Artifact inputs by hash through a pluggable reader (the node's embedded worker reads the
/// chain's artifact storage this way): what it returns is checked against the hash, so a
/// reader returning wrong bytes is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn artifacts_by_hash_from_a_pluggable_reader_are_checked() {
	let (spec, inputs) = matmul(4, 8, 4, 3);
	let good = digest_of(&inputs[1]);
	let lying = [0x33u8; 32];
	let oversized = [0x44u8; 32];
	let mut store: HashMap<[u8; 32], Vec<u8>> = HashMap::new();
	store.insert(good, inputs[1].clone());
	// Bytes of the right length whose hash is not the one asked for.
	store.insert(lying, vec![9u8; inputs[1].len()]);
	store.insert(oversized, vec![0u8; 2048]);
	let asked = Arc::new(AtomicUsize::new(0));
	let reader: ArtifactReader = {
		let asked = asked.clone();
		Arc::new(move |hash: &[u8; 32]| {
			asked.fetch_add(1, Ordering::SeqCst);
			store.get(hash).cloned()
		})
	};
	let config = ServiceConfig { artifacts: ArtifactSource::with_reader(reader, 1024), ..ServiceConfig::default() };
	let (_, addr) = start(config, Arc::new(CpuExecutor), HttpConfig::default()).await;
	let with_artifact = |hash: [u8; 32], chain: Option<u64>| {
		serde_json::to_vec(&SubmitRequest {
			chain_job_id: chain,
			spec: to_hex(&spec.encode()),
			inputs: vec![InputJson::Inline(to_hex(&inputs[0])), InputJson::Artifact(to_hex(&hash))],
		})
		.unwrap()
	};

	let (status, ok) = post(addr, &with_artifact(good, Some(1))).await;
	assert_eq!(status, 202, "{ok}");
	let done = wait_final(addr, ok["id"].as_str().unwrap()).await;
	assert_eq!(done["state"], "succeeded");
	assert_eq!(done["digest"], to_hex(&run_cpu(&Job { spec: spec.clone(), inputs: inputs.clone() }).unwrap().digest));

	for (hash, message) in [(lying, "does not match its hash"), (oversized, "exceeds 1024 bytes"), ([0x55; 32], "not in the local store")] {
		let reply = request(addr, "POST", "/v1/jobs", &with_artifact(hash, Some(2)), None).await;
		assert_eq!(reply.status, 422, "{:?}", String::from_utf8_lossy(&reply.body));
		let error = reply.json()["error"].as_str().unwrap().to_string();
		assert!(error.contains(message), "{error:?} should mention {message:?}");
	}
	assert_eq!(asked.load(Ordering::SeqCst), 4);

	// The same chain id with the input inline instead of by hash is another job (the key
	// tags inline bytes apart from artifact hashes); the same job by hash again is not.
	let (status, inline) = post(addr, &submit_body(&spec, &inputs, Some(1))).await;
	assert_eq!((status, inline["existing"].clone()), (202, Value::from(false)));
	let (status, again) = post(addr, &with_artifact(good, Some(1))).await;
	assert_eq!((status, again["id"].clone()), (200, ok["id"].clone()));
	assert_eq!(asked.load(Ordering::SeqCst), 4, "a resubmission is answered before any artifact is read");
	healthy(addr).await;
}

/// Wraps an executor and watches its runs: how many are in flight, the most at once, and
/// how and when each one returned.
struct Watched {
	inner: Arc<dyn Executor>,
	in_flight: AtomicUsize,
	most: AtomicUsize,
	ended: Mutex<Vec<(Instant, Result<(), WorkerError>)>>,
}

impl Watched {
	fn new(inner: Arc<dyn Executor>) -> Arc<Watched> {
		Arc::new(Watched { inner, in_flight: AtomicUsize::new(0), most: AtomicUsize::new(0), ended: Mutex::new(Vec::new()) })
	}

	fn ended(&self) -> Vec<(Instant, Result<(), WorkerError>)> {
		self.ended.lock().unwrap().clone()
	}

	/// Wait until `n` runs have returned, at most `limit`.
	async fn wait_ended(&self, n: usize, limit: Duration, what: &str) -> Vec<(Instant, Result<(), WorkerError>)> {
		let deadline = Instant::now() + limit;
		loop {
			let ended = self.ended();
			if ended.len() >= n {
				return ended;
			}
			assert!(Instant::now() < deadline, "{what}: after {limit:?} only {} of {n} runs returned", ended.len());
			tokio::time::sleep(Duration::from_millis(20)).await;
		}
	}
}

impl Executor for Watched {
	fn run(&self, job: &Job, cancel: &Cancel) -> gpu_worker::Result<JobOutput> {
		let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
		self.most.fetch_max(now, Ordering::SeqCst);
		let result = self.inner.run(job, cancel);
		self.ended.lock().unwrap().push((Instant::now(), result.as_ref().map(|_| ()).map_err(Clone::clone)));
		self.in_flight.fetch_sub(1, Ordering::SeqCst);
		result
	}
	fn info(&self) -> gpu_worker::service::api::DeviceInfo {
		self.inner.info()
	}
}

/// Ignores its cancellation token on the first run (as a submitted GPU command buffer
/// does): sleeps `first`, then runs the CPU reference.
struct Stubborn {
	first: Duration,
	runs: AtomicUsize,
}
impl Executor for Stubborn {
	fn run(&self, job: &Job, cancel: &Cancel) -> gpu_worker::Result<JobOutput> {
		if self.runs.fetch_add(1, Ordering::SeqCst) == 0 {
			std::thread::sleep(self.first);
		}
		CpuExecutor.run(job, cancel)
	}
	fn info(&self) -> gpu_worker::service::api::DeviceInfo {
		CpuExecutor.info()
	}
}

async fn wait_state(service: &Service, id: &str, done: impl Fn(&str) -> bool, limit: Duration) -> gpu_worker::service::api::JobStatus {
	let deadline = Instant::now() + limit;
	loop {
		let status = service.status(id).expect("the job is known");
		if done(&status.state) {
			return status;
		}
		assert!(Instant::now() < deadline, "job {id} stayed {} for {limit:?}", status.state);
		tokio::time::sleep(Duration::from_millis(10)).await;
	}
}

fn is_final(state: &str) -> bool {
	!matches!(state, "queued" | "running")
}

/// Attack 10: a job that exceeded the timeout was marked timed out but its blocking thread
/// computed on, and the executor slot took the next job at once, so a few oversized CPU
/// jobs held every core. Now the timed-out (or cancelled) job's CPU kernel stops with
/// `Cancelled` within milliseconds, and the next job starts only after it has stopped.
///
/// The oversized job is a 4096×2048×4096 matmul: 2^35 multiply-adds, seconds of the CPU
/// reference on any machine, against a 300 ms timeout. Its run must return `Cancelled`
/// (work that is not stopped returns `Ok` at its end, however fast the machine), within
/// 10 s; and no two runs may overlap (the old slot started the next job beside the
/// abandoned one).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attack_10_a_timed_out_cpu_job_stops_running() {
	let (m, k, n) = (4096u32, 2048u32, 4096u32);
	let spec = KernelSpec::MatmulI8(MatmulShape { m, k, n });
	// Inputs by hash (16 MiB), never zero so no row is skipped.
	let a: Vec<u8> = (0..m as usize * k as usize).map(|i| (i % 251) as u8 | 1).collect();
	let b: Vec<u8> = (0..k as usize * n as usize).map(|i| (i % 241) as u8 | 1).collect();
	let (ha, hb) = (digest_of(&a), digest_of(&b));
	let blobs: HashMap<[u8; 32], Vec<u8>> = [(ha, a), (hb, b)].into_iter().collect();
	let reader: ArtifactReader = Arc::new(move |hash: &[u8; 32]| blobs.get(hash).cloned());
	let timeout = Duration::from_millis(300);
	let config = ServiceConfig {
		concurrency: 1,
		job_timeout: timeout,
		artifacts: ArtifactSource::with_reader(reader, 16 << 20),
		..ServiceConfig::default()
	};
	let watched = Watched::new(Arc::new(CpuExecutor));
	let service = Service::start(config, watched.clone());
	let big = |chain: u64| SubmitRequest {
		chain_job_id: Some(chain),
		spec: to_hex(&spec.encode()),
		inputs: vec![InputJson::Artifact(to_hex(&ha)), InputJson::Artifact(to_hex(&hb))],
	};
	let (small_spec, small_inputs) = matmul(8, 8, 8, 3);
	let small = SubmitRequest {
		chain_job_id: None,
		spec: to_hex(&small_spec.encode()),
		inputs: small_inputs.iter().map(|i| InputJson::Inline(to_hex(i))).collect(),
	};

	// 1. The oversized job times out, and its work stops.
	let first = service.submit(big(1)).await.expect("the oversized job is accepted").id;
	let next = service.submit(small.clone()).await.expect("the small job is accepted").id;
	let timed_out = wait_state(&service, &first, is_final, Duration::from_secs(30)).await;
	assert_eq!(timed_out.state, "timed_out", "{timed_out:?}");
	let at = Instant::now();
	let ended = watched.wait_ended(1, Duration::from_secs(10), "the timed-out job's work kept running").await;
	assert_eq!(ended[0].1, Err(WorkerError::Cancelled), "the oversized run stopped on its token");
	println!("the timed-out run stopped {:?} after its status said so", ended[0].0.saturating_duration_since(at));

	// 2. The next job runs, after the abandoned work stopped, never beside it.
	let done = wait_state(&service, &next, is_final, Duration::from_secs(30)).await;
	assert_eq!(done.state, "succeeded", "{done:?}");
	let expected = run_cpu(&Job { spec: small_spec, inputs: small_inputs }).unwrap();
	assert_eq!(done.digest, Some(to_hex(&expected.digest)));
	assert_eq!(watched.most.load(Ordering::SeqCst), 1, "a job ran beside the abandoned one");
	assert_eq!(service.abandoned(), 0);

	// 3. Cancelling a running CPU job stops it too.
	let third = service.submit(big(2)).await.expect("accepted").id;
	wait_state(&service, &third, |s| s != "queued", Duration::from_secs(10)).await;
	assert_eq!(service.cancel(&third).expect("known").state, "cancelled");
	let ended = watched.wait_ended(3, Duration::from_secs(10), "the cancelled job's work kept running").await;
	assert_eq!(ended[2].1, Err(WorkerError::Cancelled));
	assert_eq!(watched.most.load(Ordering::SeqCst), 1);
	// The slot is handed back just after the work returns: allow the service a moment.
	let deadline = Instant::now() + Duration::from_secs(5);
	while !service.metrics_text().contains("gpu_worker_abandoned_jobs 0") && Instant::now() < deadline {
		tokio::time::sleep(Duration::from_millis(20)).await;
	}
	assert!(service.metrics_text().contains("gpu_worker_abandoned_jobs 0"), "{}", service.metrics_text());
}

/// Attack 10: work that cannot be stopped (a submitted GPU command buffer; here an executor
/// that ignores its token) keeps its executor slot until it returns, so abandoned work
/// never runs beside new jobs; `/metrics` shows it as abandoned meanwhile.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attack_10_work_that_cannot_stop_keeps_its_slot() {
	let config = ServiceConfig { concurrency: 1, job_timeout: Duration::from_millis(200), ..ServiceConfig::default() };
	let watched = Watched::new(Arc::new(Stubborn { first: Duration::from_secs(3), runs: AtomicUsize::new(0) }));
	let service = Service::start(config, watched.clone());
	let (spec, inputs) = matmul(4, 4, 4, 1);
	let request = SubmitRequest {
		chain_job_id: None,
		spec: to_hex(&spec.encode()),
		inputs: inputs.iter().map(|i| InputJson::Inline(to_hex(i))).collect(),
	};
	let first = service.submit(request.clone()).await.unwrap().id;
	let second = service.submit(request).await.unwrap().id;
	assert_eq!(wait_state(&service, &first, is_final, Duration::from_secs(10)).await.state, "timed_out");
	if watched.ended().is_empty() {
		// The abandoned run still sleeps: the next job waits for the slot.
		assert_eq!(service.status(&second).unwrap().state, "queued");
		assert_eq!(service.abandoned(), 1);
		assert!(service.metrics_text().contains("gpu_worker_abandoned_jobs 1"), "{}", service.metrics_text());
	}
	let done = wait_state(&service, &second, is_final, Duration::from_secs(30)).await;
	assert_eq!(done.state, "succeeded", "{done:?}");
	assert_eq!(watched.most.load(Ordering::SeqCst), 1, "the next job ran beside the abandoned one");
	assert_eq!(service.abandoned(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outputs_are_written_to_the_output_dir_and_served_by_digest() {
	let dir = std::env::temp_dir().join(format!("tg-worker-outputs-{}", std::process::id()));
	let _ = std::fs::remove_dir_all(&dir);
	let config = ServiceConfig { output_dir: Some(dir.clone()), ..ServiceConfig::default() };
	let (service, addr) = start(config, Arc::new(CpuExecutor), HttpConfig::default()).await;
	let (spec, inputs) = matmul(64, 32, 48, 7);
	let (status, body) = post(addr, &submit_body(&spec, &inputs, Some(11))).await;
	assert_eq!(status, 202, "{body}");
	let done = wait_final(addr, body["id"].as_str().unwrap()).await;
	let expected = run_cpu(&Job { spec: spec.clone(), inputs: inputs.clone() }).unwrap();
	assert_eq!(done["digest"], to_hex(&expected.digest));
	// On disk, named by the digest, whole.
	let on_disk = std::fs::read(dir.join(hex::encode(expected.digest))).expect("written to the output dir");
	assert_eq!(on_disk, expected.output);
	// Over HTTP by digest, with or without 0x.
	for path in [format!("/v1/outputs/{}", to_hex(&expected.digest)), format!("/v1/outputs/{}", hex::encode(expected.digest))] {
		let reply = request(addr, "GET", &path, b"", None).await;
		assert_eq!(reply.status, 200);
		assert_eq!(reply.body, expected.output);
	}
	let reply = request(addr, "GET", &format!("/v1/outputs/{}", to_hex(&[7; 32])), b"", None).await;
	assert_eq!(reply.status, 404);
	let reply = request(addr, "GET", "/v1/outputs/not-hex", b"", None).await;
	assert_eq!(reply.status, 404);
	// Once the job table forgets the job, the directory still answers.
	assert_eq!(service.cancel(body["id"].as_str().unwrap()).map(|s| s.state).ok(), Some("succeeded".to_string()));
	assert_eq!(service.output_by_digest(&expected.digest).map(|o| o.as_ref().clone()), Some(expected.output));
}
