# Tensorgrid: `make run` starts a dev chain, `make test` runs every test.
#
# One cargo target dir outside the clone, shared by the shell, this Makefile and CI, so
# the polkadot-sdk dependencies compile once per machine.
CARGO_TARGET_DIR ?= $(HOME)/.cache/tensorgrid/target
export CARGO_TARGET_DIR
# The runtime wasm is built in a nested project under the target dir; point it at this
# workspace so it finds Cargo.lock and builds with the same locked versions.
WASM_BUILD_WORKSPACE_HINT := $(CURDIR)
export WASM_BUILD_WORKSPACE_HINT
NODE := $(CARGO_TARGET_DIR)/release/tensorgrid-node
# The runtime an upgrade rehearsal enacts (spec_version + 1, one migration, try-runtime).
HOST_TRIPLE := $(shell rustc -vV | sed -n 's/^host: //p')
REHEARSAL_WASM := $(CARGO_TARGET_DIR)/$(HOST_TRIPLE)/release/wbuild/tensorgrid-runtime/tensorgrid_runtime.compact.compressed.wasm
RPC_PORT ?= 9944

.PHONY: all deps build rehearsal-wasm run test test-rust test-e2e test-pallets test-network bench-gpu clean-chain

all: build

## Install apt packages, rustup target/components and npm packages that are missing.
deps:
	@scripts/install-deps.sh

## Build the node (and its runtime wasm), every test and benchmark, in release. One build
## of the whole workspace with all targets resolves crate features once, so the tests
## reuse the node's compiled dependencies instead of building a second variant.
build: deps
	cargo build --release --workspace --all-targets

## The upgrade-rehearsal runtime wasm that the governance end-to-end test enacts by
## referendum: the runtime with features `upgrade-rehearsal` and `try-runtime`. `cargo check`
## runs the runtime's build script, which compiles the wasm, while the native crates are
## only checked. Naming the host `--target` puts it under `target/<triple>/`, apart from the
## node's runtime wasm, yet reuses the release build's build scripts and proc macros.
rehearsal-wasm:
	cargo check --release --target $(HOST_TRIPLE) -p tensorgrid-runtime --features upgrade-rehearsal,try-runtime
	@test -f $(REHEARSAL_WASM) && ls -l $(REHEARSAL_WASM)

## Start a dev chain on ws://127.0.0.1:$(RPC_PORT).
run: build
	@RPC_PORT=$(RPC_PORT) TENSORGRID_NODE=$(NODE) scripts/run-dev.sh

## Every test: Rust unit and integration tests (runtime, node, primitives, GPU kernels on
## the local adapter or lavapipe), then the end-to-end tests against the release node.
test: build test-rust test-e2e

## Rust tests, built in the release profile so they reuse the node's compiled dependencies.
test-rust: deps
	cargo test --release --workspace

## End-to-end tests: @polkadot/api against `tensorgrid-node --dev --tmp`.
test-e2e: build rehearsal-wasm
	cd client && TENSORGRID_NODE=$(NODE) TENSORGRID_REHEARSAL_WASM=$(REHEARSAL_WASM) npm test

## Multi-validator network tests (zombienet/, see zombienet/README.md): the release node
## spawned natively by zombienet-sdk, with finality, joining, partition and offence
## scenarios. A crate with its own workspace, lock file and target dir, so that its
## dependencies (another polkadot-sdk release) never touch the node's build.
ZOMBIENET_TARGET_DIR ?= $(HOME)/.cache/tensorgrid/zombienet-target
test-network: build
	cd zombienet && CARGO_TARGET_DIR=$(ZOMBIENET_TARGET_DIR) TENSORGRID_NODE=$(NODE) \
		cargo test --release -- --test-threads=1 --nocapture

## The network tests CI runs (those that have passed here): finality under lost validators
## and a provider dying mid-job.
test-network-ci: build
	cd zombienet && CARGO_TARGET_DIR=$(ZOMBIENET_TARGET_DIR) TENSORGRID_NODE=$(NODE) \
		cargo test --release --test finality_lost_validator --test provider_dies_mid_job -- --test-threads=1 --nocapture

## Fast loop for pallet work: no wasm build.
test-pallets:
	SKIP_WASM_BUILD=1 cargo test --release -p tensorgrid-primitives -p pallet-providers -p pallet-jobs \
		-p pallet-proof-of-compute -p pallet-provider-agent -p pallet-data-dao

## Criterion benchmarks of the GPU kernels.
bench-gpu: deps
	cargo bench -p gpu-worker
