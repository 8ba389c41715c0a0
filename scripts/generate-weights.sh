#!/usr/bin/env bash
# Generate `weights.rs` of the project's pallets from their benchmarks, in one run of a
# `runtime-benchmarks` node build. Usage: scripts/generate-weights.sh [pallet ...]
# (default: every project pallet). Needs a quiet machine: the figures are timings.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tensorgrid/target}"
export WASM_BUILD_WORKSPACE_HINT="$PWD"
STEPS="${STEPS:-20}"
REPEAT="${REPEAT:-5}"
pallets=("$@")
[ ${#pallets[@]} -gt 0 ] || pallets=(providers jobs proof-of-compute data-dao)

# frame-benchmarking-cli is an optional dependency of the node (only under this feature), so
# the wasm builder cannot resolve its storage-access test runtime from the workspace's
# default metadata; `benchmark pallet` never uses that runtime.
export SKIP_FRAME_STORAGE_ACCESS_TEST_RUNTIME_WASM_BUILD=1
cargo build --release -p tensorgrid-node --features runtime-benchmarks
node="$CARGO_TARGET_DIR/release/tensorgrid-node"
for p in "${pallets[@]}"; do
	echo "== pallet_${p//-/_}"
	"$node" benchmark pallet \
		--chain dev \
		--pallet "pallet_${p//-/_}" \
		--extrinsic '*' \
		--steps "$STEPS" \
		--repeat "$REPEAT" \
		--wasm-execution compiled \
		--heap-pages 4096 \
		--template scripts/pallet-weight-template.hbs \
		--header scripts/license-header.txt \
		--output "pallets/$p/src/weights.rs"
done
