#!/usr/bin/env python3
"""Seconds to fetch 1, 16 and 64 MiB between two local nodes over the artifact protocol,
next to a plain TCP copy of the same bytes on the same machine.

Starts two dev-chain nodes (Alice, and Bob booting from her), puts a random blob of each
size in Alice's artifact store (as her GPU worker would), and times Bob's node fetching it
from Alice's through `artifact_get` (the whole blob crosses the network and is checked
against its hash before the call returns), then a loopback TCP copy of the same bytes.

    scripts/artifact-figures.py [--node PATH] [--sizes 1,16,64]
"""
import argparse, glob, hashlib, json, os, shutil, socket, subprocess, sys, tempfile, threading, time, urllib.request

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

def rpc(port, method, params, timeout=300):
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}", body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        answer = json.load(r)
    if "error" in answer:
        raise RuntimeError(f"{method}: {answer['error']}")
    return answer["result"]

def wait_rpc(port, limit=60):
    deadline = time.time() + limit
    while time.time() < deadline:
        try:
            return rpc(port, "system_localPeerId", [])
        except Exception:
            time.sleep(0.5)
    raise RuntimeError(f"no RPC on {port}")

def tcp_copy_seconds(data):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    def send():
        conn, _ = server.accept()
        conn.sendall(data)
        conn.close()
    threading.Thread(target=send, daemon=True).start()
    start = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port)) as c:
        got = bytearray()
        while True:
            chunk = c.recv(1 << 20)
            if not chunk:
                break
            got += chunk
    took = time.perf_counter() - start
    server.close()
    assert bytes(got) == data
    return took

def main():
    ap = argparse.ArgumentParser()
    default_node = os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.expanduser("~/.cache/tensorgrid/target")), "release", "tensorgrid-node")
    ap.add_argument("--node", default=default_node)
    ap.add_argument("--sizes", default="1,16,64")
    args = ap.parse_args()
    base = tempfile.mkdtemp(prefix="tg-artifact-figures-")
    procs = []
    try:
        ports = {k: free_port() for k in ("rpc1", "p2p1", "rpc2", "p2p2")}
        key1 = os.urandom(32).hex()
        log1 = open(os.path.join(base, "alice.log"), "w")
        procs.append(subprocess.Popen([args.node, "--chain", "dev", "--alice", "--base-path", os.path.join(base, "a"),
            "--rpc-port", str(ports["rpc1"]), "--node-key", key1,
            "--listen-addr", f"/ip4/127.0.0.1/tcp/{ports['p2p1']}", "--no-mdns", "--no-prometheus", "--no-telemetry"],
            stdout=log1, stderr=subprocess.STDOUT))
        peer = wait_rpc(ports["rpc1"])
        log2 = open(os.path.join(base, "bob.log"), "w")
        procs.append(subprocess.Popen([args.node, "--chain", "dev", "--bob", "--base-path", os.path.join(base, "b"),
            "--rpc-port", str(ports["rpc2"]), "--node-key", os.urandom(32).hex(),
            "--listen-addr", f"/ip4/127.0.0.1/tcp/{ports['p2p2']}", "--no-mdns", "--no-prometheus", "--no-telemetry",
            "--bootnodes", f"/ip4/127.0.0.1/tcp/{ports['p2p1']}/p2p/{peer}"], stdout=log2, stderr=subprocess.STDOUT))
        wait_rpc(ports["rpc2"])
        deadline = time.time() + 60
        while rpc(ports["rpc2"], "system_health", [])["peers"] < 1:
            if time.time() > deadline:
                raise RuntimeError("the nodes did not connect")
            time.sleep(0.5)
        pinned = glob.glob(os.path.join(base, "a", "chains", "*", "artifacts", "pinned"))[0]
        print(f"{'size':>7} {'artifact protocol':>18} {'MiB/s':>8} {'TCP copy':>10} {'MiB/s':>8} {'ratio':>7}")
        for mib in (int(s) for s in args.sizes.split(",")):
            data = os.urandom(mib << 20)
            digest = hashlib.blake2b(data, digest_size=32).hexdigest()
            with open(os.path.join(pinned, digest), "wb") as f:
                f.write(data)
            start = time.perf_counter()
            first = rpc(ports["rpc2"], "artifact_get", ["0x" + digest, 0, 1, None])
            p2p = time.perf_counter() - start
            assert first == "0x" + data[:1].hex(), first
            tcp = tcp_copy_seconds(data)
            print(f"{mib:>4} MiB {p2p:>16.3f} s {mib / p2p:>8.1f} {tcp:>8.4f} s {mib / tcp:>8.0f} {p2p / tcp:>6.0f}x")
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(base, ignore_errors=True)

if __name__ == "__main__":
    sys.exit(main())
