//! The HTTP API, versioned under `/v1`, JSON in and out:
//!
//! | method and path | answer |
//! |---|---|
//! | `POST /v1/jobs` | 202 `{id, state, existing}` (200 when the same chain job, same id and content, is queued, running or succeeded) |
//! | `GET /v1/jobs/{id}` | 200 job status |
//! | `GET /v1/jobs/{id}/output` | 200 output bytes (`application/octet-stream`) |
//! | `GET /v1/outputs/{0x digest}` | 200 the output with that blake2-256 digest, from the job table or the output directory |
//! | `DELETE /v1/jobs/{id}` | 200 job status after cancelling |
//! | `GET /v1/device` | 200 adapter profile and benchmark score |
//! | `GET /v1/health` | 200 `{status, queued, running}` |
//! | `GET /metrics` | Prometheus text |
//!
//! Errors are `{"error": "..."}` with a 4xx or 503 status. Request bodies are bounded. With
//! a bearer token configured, every request but `/v1/health` must carry it.

use super::{api::ErrorBody, Service, ServiceError};
use http_body_util::{BodyExt, Full, Limited};
use hyper::{
	body::{Bytes, Incoming},
	header, Method, Request, Response, StatusCode,
};
use hyper_util::rt::TokioIo;
use serde::Serialize;
use std::{convert::Infallible, net::SocketAddr};
use tokio::{net::TcpListener, task::JoinHandle};

/// How the server listens.
#[derive(Clone, Debug)]
pub struct HttpConfig {
	/// 127.0.0.1 by default; anything else should set `token`.
	pub listen: SocketAddr,
	/// Required as `Authorization: Bearer <token>` when set.
	pub token: Option<String>,
	/// Largest request body, in bytes.
	pub max_body: usize,
}

impl Default for HttpConfig {
	fn default() -> Self {
		HttpConfig { listen: ([127, 0, 0, 1], 8844).into(), token: None, max_body: 64 << 20 }
	}
}

/// Bind and serve `service`; returns the bound address and the accept loop's task.
pub async fn serve(service: Service, config: HttpConfig) -> std::io::Result<(SocketAddr, JoinHandle<()>)> {
	let listener = TcpListener::bind(config.listen).await?;
	let addr = listener.local_addr()?;
	let task = tokio::spawn(async move {
		loop {
			let (stream, _) = match listener.accept().await {
				Ok(conn) => conn,
				Err(e) => {
					log::warn!(target: "gpu-worker", "accept failed: {e}");
					continue;
				},
			};
			let (service, config) = (service.clone(), config.clone());
			tokio::spawn(async move {
				let handler = hyper::service::service_fn(move |req| {
					let (service, config) = (service.clone(), config.clone());
					async move { Ok::<_, Infallible>(handle(service, config, req).await) }
				});
				let _ = hyper::server::conn::http1::Builder::new()
					.serve_connection(TokioIo::new(stream), handler)
					.await;
			});
		}
	});
	Ok((addr, task))
}

type Reply = Response<Full<Bytes>>;

fn json<T: Serialize>(status: StatusCode, value: &T) -> Reply {
	let body = serde_json::to_vec(value).unwrap_or_else(|_| b"{}".to_vec());
	Response::builder()
		.status(status)
		.header(header::CONTENT_TYPE, "application/json")
		.body(Full::new(Bytes::from(body)))
		.expect("static response parts are valid")
}

fn error(status: StatusCode, message: impl Into<String>) -> Reply {
	json(status, &ErrorBody { error: message.into() })
}

fn service_error(e: ServiceError) -> Reply {
	let status = match &e {
		ServiceError::BadRequest(_) => StatusCode::BAD_REQUEST,
		ServiceError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
		ServiceError::Artifact(_) => StatusCode::UNPROCESSABLE_ENTITY,
		ServiceError::QueueFull => StatusCode::SERVICE_UNAVAILABLE,
		ServiceError::NotFound => StatusCode::NOT_FOUND,
		ServiceError::NoOutput(_) => StatusCode::CONFLICT,
	};
	let mut reply = error(status, e.to_string());
	if e == ServiceError::QueueFull {
		reply.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from_static("1"));
	}
	reply
}

fn authorized(config: &HttpConfig, req: &Request<Incoming>) -> bool {
	let Some(token) = &config.token else { return true };
	req.headers()
		.get(header::AUTHORIZATION)
		.and_then(|v| v.to_str().ok())
		.and_then(|v| v.strip_prefix("Bearer "))
		.is_some_and(|given| same_secret(given.as_bytes(), token.as_bytes()))
}

/// Compare a presented token with the configured one in time that does not depend on where
/// they differ.
fn same_secret(given: &[u8], token: &[u8]) -> bool {
	given.len() == token.len() && given.iter().zip(token).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

/// A fresh random bearer token (32 bytes from the OS, hex): what the node's embedded worker
/// requires, so that other local processes cannot use it.
pub fn random_token() -> String {
	use rand::RngCore;
	let mut bytes = [0u8; 32];
	rand::rngs::OsRng.fill_bytes(&mut bytes);
	hex::encode(bytes)
}

async fn handle(service: Service, config: HttpConfig, req: Request<Incoming>) -> Reply {
	let path: Vec<String> = req.uri().path().trim_matches('/').split('/').map(str::to_string).collect();
	let path: Vec<&str> = path.iter().map(String::as_str).collect();
	if path != ["v1", "health"] && !authorized(&config, &req) {
		return error(StatusCode::UNAUTHORIZED, "missing or wrong bearer token");
	}
	match (req.method().clone(), path.as_slice()) {
		(Method::POST, ["v1", "jobs"]) => submit(service, config, req).await,
		(Method::GET, ["v1", "jobs", id]) => match service.status(id) {
			Ok(status) => json(StatusCode::OK, &status),
			Err(e) => service_error(e),
		},
		(Method::GET, ["v1", "jobs", id, "output"]) => match service.output(id) {
			Ok(bytes) => Response::builder()
				.status(StatusCode::OK)
				.header(header::CONTENT_TYPE, "application/octet-stream")
				.body(Full::new(Bytes::from(bytes.as_ref().clone())))
				.expect("static response parts are valid"),
			Err(e) => service_error(e),
		},
		(Method::GET, ["v1", "outputs", digest]) => match parse_digest(digest).and_then(|d| service.output_by_digest(&d)) {
			Some(bytes) => Response::builder()
				.status(StatusCode::OK)
				.header(header::CONTENT_TYPE, "application/octet-stream")
				.body(Full::new(Bytes::from(bytes.as_ref().clone())))
				.expect("static response parts are valid"),
			None => error(StatusCode::NOT_FOUND, "no output with that digest"),
		},
		(Method::DELETE, ["v1", "jobs", id]) => match service.cancel(id) {
			Ok(status) => json(StatusCode::OK, &status),
			Err(e) => service_error(e),
		},
		(Method::GET, ["v1", "device"]) => json(StatusCode::OK, &service.device()),
		(Method::GET, ["v1", "health"]) => {
			let (queued, running) = service.load();
			json(StatusCode::OK, &serde_json::json!({ "status": "ok", "queued": queued, "running": running }))
		},
		(Method::GET, ["metrics"]) => Response::builder()
			.status(StatusCode::OK)
			.header(header::CONTENT_TYPE, "text/plain; version=0.0.4")
			.body(Full::new(Bytes::from(service.metrics_text())))
			.expect("static response parts are valid"),
		(_, ["v1", "jobs"] | ["v1", "jobs", _] | ["v1", "jobs", _, "output"] | ["v1", "device"] |
			["v1", "health"] | ["metrics"]) => error(StatusCode::METHOD_NOT_ALLOWED, "method not allowed"),
		_ => error(StatusCode::NOT_FOUND, "no such endpoint"),
	}
}

async fn submit(service: Service, config: HttpConfig, req: Request<Incoming>) -> Reply {
	let body = match Limited::new(req.into_body(), config.max_body).collect().await {
		Ok(body) => body.to_bytes(),
		Err(_) => return error(StatusCode::PAYLOAD_TOO_LARGE, format!("request body exceeds {} bytes", config.max_body)),
	};
	let request = match serde_json::from_slice(&body) {
		Ok(request) => request,
		Err(e) => return error(StatusCode::BAD_REQUEST, format!("malformed JSON: {e}")),
	};
	match service.submit(request).await {
		Ok(response) => {
			let status = if response.existing { StatusCode::OK } else { StatusCode::ACCEPTED };
			json(status, &response)
		},
		Err(e) => service_error(e),
	}
}

/// A 32-byte digest from `0x`-prefixed (or bare) hex.
fn parse_digest(text: &str) -> Option<tensorgrid_primitives::Digest> {
	let bytes = hex::decode(text.strip_prefix("0x").unwrap_or(text)).ok()?;
	bytes.try_into().ok()
}
