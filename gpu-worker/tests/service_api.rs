//! The HTTP API over real loopback connections: results equal the CPU reference, and every
//! bad request gets a 4xx (or 503) JSON answer while the service keeps serving.

use codec::Encode;
use gpu_worker::{
	run_cpu,
	service::{
		api::{to_hex, InputJson, SubmitRequest},
		executor::{CpuExecutor, Executor},
		http::{serve, HttpConfig},
		store::ArtifactSource,
		Service, ServiceConfig,
	},
	DeviceConfig, GpuDevice, Job, JobOutput,
};
use serde_json::Value;
use std::{
	net::SocketAddr,
	sync::{Arc, OnceLock},
	time::{Duration, Instant},
};
use tensorgrid_primitives::{kernels::MatmulShape, KernelSpec};
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
	fn run(&self, job: &Job) -> gpu_worker::Result<JobOutput> {
		std::thread::sleep(self.0);
		CpuExecutor.run(job)
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
		artifacts: ArtifactSource { dir: Some(store.clone()), url: None, max_len: 1 << 20 },
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
