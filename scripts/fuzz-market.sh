#!/usr/bin/env bash
# Drive the providers, jobs and proof-of-compute pallets together with N random sequences
# (honest, lazy, lying and silent actors; submit, cancel, register, bond, unbond, pause,
# commit, reveal, decline, verdict, block advance) and check after every block: try_state
# of every pallet, total issuance and the sum of balances unchanged, no honest provider
# losing stake. Prints the time taken and the outcomes reached.
#
#   scripts/fuzz-market.sh 1000000
#   FUZZ_FIRST_SEED=200001 scripts/fuzz-market.sh 100000   # seeds 200,001..300,000
#
# The sequences run on every core (FUZZ_THREADS to choose); a long run prints its progress.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-10000}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tensorgrid/target}"
export WASM_BUILD_WORKSPACE_HINT="$PWD"
start=$SECONDS
log=$(mktemp)
status=0
FUZZ_SEQUENCES="$N" cargo test --release --workspace --lib -- market_fuzz --nocapture >"$log" 2>&1 || status=$?
grep -E "sequences|panicked|seed [0-9]+:" "$log" || tail -20 "$log"
rm -f "$log"
echo "fuzz-market: $N sequences, $((SECONDS - start)) s including the build check, exit $status"
exit "$status"
