#!/usr/bin/env bash
# Install what building and testing Tensorgrid needs on a Debian machine that has only the
# Rust toolchain: protoc (libp2p), Mesa's lavapipe Vulkan driver (GPU tests without a GPU),
# the wasm32v1-none target and rust-src (runtime wasm), and the client's npm packages.
set -euo pipefail

need_apt=()
command -v protoc >/dev/null 2>&1 || need_apt+=(protobuf-compiler)
[ -e /usr/share/vulkan/icd.d/lvp_icd.x86_64.json ] || [ -e /usr/share/vulkan/icd.d/lvp_icd.json ] || need_apt+=(mesa-vulkan-drivers)
ldconfig -p 2>/dev/null | grep -q libvulkan.so.1 || need_apt+=(libvulkan1)
if [ ${#need_apt[@]} -gt 0 ]; then
	echo "==> installing ${need_apt[*]}"
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO="sudo"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! rustup target list --installed | grep -q '^wasm32v1-none$'; then
	echo "==> rustup target add wasm32v1-none"
	rustup target add wasm32v1-none
fi
if ! rustup component list --installed | grep -q '^rust-src'; then
	echo "==> rustup component add rust-src"
	rustup component add rust-src
fi

if ! command -v node >/dev/null 2>&1; then
	echo "Node.js (>= 20) is required for the client and end-to-end tests" >&2
	exit 1
fi
if [ ! -d client/node_modules/@polkadot/api ]; then
	echo "==> npm ci (client)"
	(cd client && npm ci --no-audit --no-fund --loglevel=error)
fi
