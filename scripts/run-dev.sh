#!/usr/bin/env bash
# Start a development chain on ws://127.0.0.1:9944 (Alice validates alone, sudo is Alice)
# with an embedded GPU worker, so Alice, the genesis provider, runs submitted jobs.
set -euo pipefail

NODE="${TENSORGRID_NODE:-${CARGO_TARGET_DIR:-$HOME/.cache/tensorgrid/target}/release/tensorgrid-node}"
PORT="${RPC_PORT:-9944}"
GPU_PORT="${GPU_WORKER_PORT:-8844}"

if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
	echo "Port $PORT is already in use: another node (or program) is listening on ws://127.0.0.1:$PORT." >&2
	echo "Stop it, or start on another port with: make run RPC_PORT=9945" >&2
	exit 1
fi

cat <<MSG
==> Tensorgrid dev chain starting on ws://127.0.0.1:$PORT
    Open it in polkadot.js Apps:
      https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A$PORT#/explorer
    Dev accounts (//Alice … //Ferdie) are endowed; Alice validates, holds sudo and is a
    GPU provider; her GPU worker serves http://127.0.0.1:$GPU_PORT/v1/health.
    State is temporary (--tmp); press Ctrl-C to stop.
MSG
exec "$NODE" --dev --tmp --rpc-port "$PORT" --rpc-cors all --gpu-worker --gpu-worker-port "$GPU_PORT" "$@"
