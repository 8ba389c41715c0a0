//! The wgpu device: adapter selection, its profile, bounded waits, and the pipeline cache.

use crate::error::{Result, WorkerError};
use std::{
	collections::HashMap,
	sync::{Arc, Mutex},
	time::Duration,
};
use wgpu::util::DeviceExt;

/// How to pick and use a device.
#[derive(Clone, Debug)]
pub struct DeviceConfig {
	/// Backends to consider; `WGPU_BACKEND` (e.g. `vulkan`, `gl`) overrides.
	pub backends: wgpu::Backends,
	/// Only adapters whose name contains this (case-insensitive); `WGPU_ADAPTER_NAME`
	/// overrides.
	pub adapter_name: Option<String>,
	/// Longest wait for any submitted GPU work. Software drivers can hang on unbounded
	/// waits, so every wait is bounded.
	pub timeout: Duration,
	/// Most bytes of GPU buffers one job may allocate.
	pub memory_cap: u64,
	/// Use `dot4I8Packed` when the adapter offers it (false forces the portable path).
	pub allow_dot4: bool,
}

impl Default for DeviceConfig {
	fn default() -> Self {
		DeviceConfig {
			backends: wgpu::Backends::all(),
			adapter_name: None,
			timeout: Duration::from_secs(60),
			memory_cap: 2 << 30,
			allow_dot4: true,
		}
	}
}

impl DeviceConfig {
	/// Apply `WGPU_BACKEND` and `WGPU_ADAPTER_NAME` from the environment.
	pub fn with_env(mut self) -> Self {
		if let Some(backends) = wgpu::Backends::from_env() {
			self.backends = backends;
		}
		if let Ok(name) = std::env::var("WGPU_ADAPTER_NAME") {
			if !name.is_empty() {
				self.adapter_name = Some(name);
			}
		}
		self
	}
}

/// What a provider's hardware is, as reported on chain and by the HTTP API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceProfile {
	pub name: String,
	pub backend: String,
	pub device_type: String,
	pub driver: String,
	/// Whether the WGSL `dot4I8Packed` builtin is available (and used).
	pub packed_dot4: bool,
	pub max_buffer_size: u64,
	pub max_storage_buffer_binding_size: u64,
	pub max_compute_workgroups_per_dimension: u32,
	pub max_compute_invocations_per_workgroup: u32,
	pub max_compute_workgroup_storage_size: u32,
}

/// A storage buffer and the number of bytes it holds.
pub struct GpuBuffer {
	pub buffer: wgpu::Buffer,
	pub len: u64,
}

/// An open device with its queue and compiled pipelines.
pub struct GpuDevice {
	pub device: wgpu::Device,
	pub queue: wgpu::Queue,
	pub profile: DeviceProfile,
	pub config: DeviceConfig,
	pipelines: Mutex<HashMap<String, Arc<wgpu::ComputePipeline>>>,
	layouts: Mutex<HashMap<u32, Arc<(wgpu::BindGroupLayout, wgpu::PipelineLayout)>>>,
	/// One job at a time per device: wgpu's error scopes form one stack per device, so
	/// interleaved jobs would pop each other's scopes.
	exclusive: Mutex<()>,
}

fn rank(info: &wgpu::AdapterInfo) -> u8 {
	// A real GPU first; among software devices prefer Vulkan (lavapipe) over GL.
	match (info.device_type, info.backend) {
		(wgpu::DeviceType::DiscreteGpu, _) => 0,
		(wgpu::DeviceType::IntegratedGpu, _) => 1,
		(wgpu::DeviceType::VirtualGpu, _) => 2,
		(_, wgpu::Backend::Vulkan) => 3,
		(_, wgpu::Backend::Metal) | (_, wgpu::Backend::Dx12) => 4,
		_ => 5,
	}
}

impl GpuDevice {
	/// Pick the best adapter under `config` and open a device on it.
	pub fn open(config: DeviceConfig) -> Result<GpuDevice> {
		let mut desc = wgpu::InstanceDescriptor::new_without_display_handle();
		desc.backends = config.backends;
		let instance = wgpu::Instance::new(desc);
		let adapters = pollster::block_on(instance.enumerate_adapters(config.backends));
		let wanted = config.adapter_name.as_ref().map(|n| n.to_lowercase());
		let seen: Vec<String> = adapters
			.iter()
			.map(|a| {
				let i = a.get_info();
				format!("{} ({:?})", i.name, i.backend)
			})
			.collect();
		let adapter = adapters
			.into_iter()
			.filter(|a| {
				wanted.as_ref().is_none_or(|w| a.get_info().name.to_lowercase().contains(w))
			})
			.min_by_key(|a| rank(&a.get_info()))
			.ok_or_else(|| {
				WorkerError::NoAdapter(if seen.is_empty() {
					"no adapter found (install a GPU driver, or mesa-vulkan-drivers for the \
					 lavapipe software device)"
						.into()
				} else {
					format!(
						"none of [{}] matches WGPU_ADAPTER_NAME={}",
						seen.join(", "),
						config.adapter_name.clone().unwrap_or_default()
					)
				})
			})?;

		let info = adapter.get_info();
		// Ask for everything the adapter offers: the WebGPU defaults (128 MiB storage
		// bindings, 8 storage buffers) are far below what compute GPUs provide.
		let limits = adapter.limits();
		let (device, queue) = pollster::block_on(adapter.request_device(&wgpu::DeviceDescriptor {
			label: Some("tensorgrid-gpu-worker"),
			required_features: wgpu::Features::empty(),
			required_limits: limits,
			experimental_features: wgpu::ExperimentalFeatures::disabled(),
			memory_hints: wgpu::MemoryHints::Performance,
			trace: wgpu::Trace::Off,
		}))
		.map_err(|e| WorkerError::DeviceRequest(e.to_string()))?;
		// Errors are captured with error scopes around every job; anything that escapes is
		// logged instead of aborting the process.
		device.on_uncaptured_error(Arc::new(|e: wgpu::Error| {
			log::error!(target: "gpu-worker", "uncaptured wgpu error: {e}");
		}));

		let packed_dot4 = config.allow_dot4 &&
			instance
				.wgsl_language_features()
				.contains(wgpu::WgslLanguageFeatures::Packed4x8IntegerDotProduct);
		let l = device.limits();
		let profile = DeviceProfile {
			name: info.name.clone(),
			backend: format!("{:?}", info.backend),
			device_type: format!("{:?}", info.device_type),
			driver: format!("{} {}", info.driver, info.driver_info).trim().to_string(),
			packed_dot4,
			max_buffer_size: l.max_buffer_size,
			max_storage_buffer_binding_size: l.max_storage_buffer_binding_size as u64,
			max_compute_workgroups_per_dimension: l.max_compute_workgroups_per_dimension,
			max_compute_invocations_per_workgroup: l.max_compute_invocations_per_workgroup,
			max_compute_workgroup_storage_size: l.max_compute_workgroup_storage_size,
		};
		Ok(GpuDevice {
			device,
			queue,
			profile,
			config,
			pipelines: Mutex::new(HashMap::new()),
			layouts: Mutex::new(HashMap::new()),
			exclusive: Mutex::new(()),
		})
	}

	/// Hold the device for one job; other threads wait until the guard drops.
	pub fn exclusive(&self) -> std::sync::MutexGuard<'_, ()> {
		self.exclusive.lock().unwrap_or_else(|p| p.into_inner())
	}

	/// The largest buffer one binding may hold on this device.
	fn max_binding(&self) -> u64 {
		self.profile.max_storage_buffer_binding_size.min(self.profile.max_buffer_size)
	}

	/// Check that buffers of these sizes fit the device and the memory cap.
	pub fn check_memory(&self, sizes: &[u64]) -> Result<()> {
		let max = self.max_binding();
		for &s in sizes {
			if s > max {
				return Err(WorkerError::ExceedsLimit {
					what: "a storage buffer",
					needed: s,
					limit: max,
				});
			}
		}
		let total: u64 = sizes.iter().fold(0u64, |a, b| a.saturating_add(*b));
		if total > self.config.memory_cap {
			return Err(WorkerError::ExceedsLimit {
				what: "the job's GPU memory",
				needed: total,
				limit: self.config.memory_cap,
			});
		}
		Ok(())
	}

	/// A bind-group layout with `count` read-write storage buffers at bindings 0..count,
	/// and the pipeline layout around it; shared by every kernel with that many buffers.
	fn layout(&self, count: u32) -> Arc<(wgpu::BindGroupLayout, wgpu::PipelineLayout)> {
		let mut layouts = self.layouts.lock().unwrap_or_else(|p| p.into_inner());
		layouts
			.entry(count)
			.or_insert_with(|| {
				let entries: Vec<_> = (0..count)
					.map(|binding| wgpu::BindGroupLayoutEntry {
						binding,
						visibility: wgpu::ShaderStages::COMPUTE,
						ty: wgpu::BindingType::Buffer {
							ty: wgpu::BufferBindingType::Storage { read_only: false },
							has_dynamic_offset: false,
							min_binding_size: None,
						},
						count: None,
					})
					.collect();
				let bgl = self.device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
					label: Some("storage-buffers"),
					entries: &entries,
				});
				let pl = self.device.create_pipeline_layout(&wgpu::PipelineLayoutDescriptor {
					label: Some("storage-buffers"),
					bind_group_layouts: &[Some(&bgl)],
					immediate_size: 0,
				});
				Arc::new((bgl, pl))
			})
			.clone()
	}

	/// The compute pipeline for `entry` in `source`, compiled once per device.
	pub fn pipeline(
		&self,
		key: &str,
		source: &str,
		entry: &str,
		buffers: u32,
	) -> Result<Arc<wgpu::ComputePipeline>> {
		let cache_key = format!("{key}:{entry}");
		if let Some(p) = self.pipelines.lock().unwrap_or_else(|p| p.into_inner()).get(&cache_key) {
			return Ok(p.clone());
		}
		let layout = self.layout(buffers);
		let scope = self.device.push_error_scope(wgpu::ErrorFilter::Validation);
		let module = self.device.create_shader_module(wgpu::ShaderModuleDescriptor {
			label: Some(key),
			source: wgpu::ShaderSource::Wgsl(source.into()),
		});
		let pipeline = self.device.create_compute_pipeline(&wgpu::ComputePipelineDescriptor {
			label: Some(key),
			layout: Some(&layout.1),
			module: &module,
			entry_point: Some(entry),
			compilation_options: Default::default(),
			cache: None,
		});
		if let Some(err) = pollster::block_on(scope.pop()) {
			return Err(WorkerError::Gpu(format!("compiling {key}:{entry}: {err}")));
		}
		let pipeline = Arc::new(pipeline);
		self.pipelines
			.lock()
			.unwrap_or_else(|p| p.into_inner())
			.insert(cache_key, pipeline.clone());
		Ok(pipeline)
	}

	/// A storage buffer holding `data` (padded to a multiple of four bytes).
	pub fn upload(&self, label: &str, data: &[u8]) -> GpuBuffer {
		let mut contents = data.to_vec();
		contents.resize(data.len().div_ceil(4).max(1) * 4, 0);
		let buffer = self.device.create_buffer_init(&wgpu::util::BufferInitDescriptor {
			label: Some(label),
			contents: &contents,
			usage: wgpu::BufferUsages::STORAGE |
				wgpu::BufferUsages::COPY_SRC |
				wgpu::BufferUsages::COPY_DST,
		});
		GpuBuffer { buffer, len: data.len() as u64 }
	}

	/// A zeroed storage buffer of `len` bytes.
	pub fn scratch(&self, label: &str, len: u64) -> GpuBuffer {
		let buffer = self.device.create_buffer(&wgpu::BufferDescriptor {
			label: Some(label),
			size: len.div_ceil(4).max(1) * 4,
			usage: wgpu::BufferUsages::STORAGE |
				wgpu::BufferUsages::COPY_SRC |
				wgpu::BufferUsages::COPY_DST,
			mapped_at_creation: false,
		});
		GpuBuffer { buffer, len }
	}

	/// A bind group over `buffers`, bound at 0..n in order.
	pub fn bind(&self, buffers: &[&GpuBuffer]) -> wgpu::BindGroup {
		let layout = self.layout(buffers.len() as u32);
		let entries: Vec<_> = buffers
			.iter()
			.enumerate()
			.map(|(i, b)| wgpu::BindGroupEntry {
				binding: i as u32,
				resource: b.buffer.as_entire_binding(),
			})
			.collect();
		self.device.create_bind_group(&wgpu::BindGroupDescriptor {
			label: None,
			layout: &layout.0,
			entries: &entries,
		})
	}

	/// Workgroup counts `(x, y)` that cover `threads` invocations in groups of `wg_size`,
	/// spilling into y when x would exceed the device's per-dimension limit. Shaders
	/// linearise with `gid.x + gid.y * num_workgroups.x * wg_size`.
	pub fn grid_1d(&self, threads: u64, wg_size: u32) -> Result<(u32, u32)> {
		let groups = threads.div_ceil(wg_size as u64).max(1);
		let max = self.profile.max_compute_workgroups_per_dimension as u64;
		let x = groups.min(max);
		let y = groups.div_ceil(x);
		if y > max {
			return Err(WorkerError::ExceedsLimit {
				what: "workgroups per dispatch",
				needed: groups,
				limit: max * max,
			});
		}
		Ok((x as u32, y as u32))
	}

	/// Submit `encoder`, copy `outputs` to host memory and wait (bounded) for the results.
	pub fn run_and_read(
		&self,
		mut encoder: wgpu::CommandEncoder,
		outputs: &[&GpuBuffer],
	) -> Result<Vec<Vec<u8>>> {
		let staging: Vec<wgpu::Buffer> = outputs
			.iter()
			.map(|out| {
				let size = out.len.div_ceil(4).max(1) * 4;
				let staging = self.device.create_buffer(&wgpu::BufferDescriptor {
					label: Some("readback"),
					size,
					usage: wgpu::BufferUsages::MAP_READ | wgpu::BufferUsages::COPY_DST,
					mapped_at_creation: false,
				});
				encoder.copy_buffer_to_buffer(&out.buffer, 0, &staging, 0, size);
				staging
			})
			.collect();
		let scope = self.device.push_error_scope(wgpu::ErrorFilter::Validation);
		let index = self.queue.submit(Some(encoder.finish()));
		if let Some(err) = pollster::block_on(scope.pop()) {
			return Err(WorkerError::Gpu(err.to_string()));
		}
		let (tx, rx) = std::sync::mpsc::channel();
		for (i, buf) in staging.iter().enumerate() {
			let tx = tx.clone();
			buf.slice(..).map_async(wgpu::MapMode::Read, move |r| {
				let _ = tx.send((i, r));
			});
		}
		self.device
			.poll(wgpu::PollType::Wait { submission_index: Some(index), timeout: Some(self.config.timeout) })
			.map_err(|e| match e {
				wgpu::PollError::Timeout => WorkerError::Timeout(self.config.timeout),
				other => WorkerError::DeviceLost(other.to_string()),
			})?;
		for _ in 0..staging.len() {
			let (i, r) = rx
				.recv_timeout(self.config.timeout)
				.map_err(|_| WorkerError::Timeout(self.config.timeout))?;
			r.map_err(|e| WorkerError::DeviceLost(format!("mapping output {i}: {e}")))?;
		}
		let mut results = Vec::with_capacity(outputs.len());
		for (buf, out) in staging.iter().zip(outputs) {
			let view = buf
				.slice(..)
				.get_mapped_range()
				.map_err(|e| WorkerError::DeviceLost(format!("reading output: {e}")))?;
			results.push(view[..out.len as usize].to_vec());
			drop(view);
			buf.unmap();
		}
		Ok(results)
	}

	/// A command encoder for one job.
	pub fn encoder(&self) -> wgpu::CommandEncoder {
		self.device.create_command_encoder(&wgpu::CommandEncoderDescriptor { label: Some("job") })
	}
}

/// Record one dispatch of `pipeline` over `bind_group` with `groups` workgroups.
pub fn dispatch(
	encoder: &mut wgpu::CommandEncoder,
	pipeline: &wgpu::ComputePipeline,
	bind_group: &wgpu::BindGroup,
	groups: (u32, u32),
) {
	let mut pass = encoder.begin_compute_pass(&wgpu::ComputePassDescriptor {
		label: None,
		timestamp_writes: None,
	});
	pass.set_pipeline(pipeline);
	pass.set_bind_group(0, bind_group, &[]);
	pass.dispatch_workgroups(groups.0, groups.1, 1);
}
