#!/usr/bin/env bash
# Print the market's end-to-end figures on a one-node dev chain: blocks and seconds from
# submission to settlement for one job of each kernel, and jobs settled per minute with
# 100 small jobs submitted at once. Needs the release node (`make build`).
#
#   scripts/market-figures.sh [--jobs N] [--cpu] [--trace]
set -euo pipefail
cd "$(dirname "$0")/../client"
[ -d node_modules ] || npm ci --no-audit --no-fund
exec node scripts/figures.js "$@"
