// Start `tensorgrid-node` on the dev chain on free loopback ports, for tests.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** A free TCP port on 127.0.0.1 (the OS picks it). */
export function freePort () {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Path of the release node binary: $TENSORGRID_NODE, else the shared cargo target dir. */
export function nodeBinary () {
  if (process.env.TENSORGRID_NODE) return process.env.TENSORGRID_NODE;
  const target = process.env.CARGO_TARGET_DIR || join(homedir(), '.cache', 'tensorgrid', 'target');
  const bin = join(target, 'release', 'tensorgrid-node');
  if (!existsSync(bin)) {
    throw new Error(`tensorgrid-node not found at ${bin}: run \`make build\` or set TENSORGRID_NODE`);
  }
  return bin;
}

/**
 * Launch a node of the dev chain. Resolves to { wsUrl, p2pPort, stop(), logs() } once its
 * RPC port answers.
 *  - `args`: extra CLI arguments;
 *  - `basePath`: keep the node's data there (for restarts) instead of `--tmp`;
 *  - `as`: run as this dev account (`bob`, ...) on `--chain dev` instead of `--dev` (Alice).
 */
export async function startDevNode ({ args = [], basePath = null, as = null, timeoutMs = 60_000 } = {}) {
  const [rpcPort, p2pPort, promPort] = [await freePort(), await freePort(), await freePort()];
  const argv = [
    // A second authority-role node needs a network key of its own.
    ...(as ? ['--chain', 'dev', `--${as}`, '--node-key', randomBytes(32).toString('hex')] : ['--dev']),
    ...(basePath ? ['--base-path', basePath] : ['--tmp']),
    '--rpc-port', String(rpcPort),
    '--prometheus-port', String(promPort),
    '--no-telemetry', '--no-mdns',
    '--listen-addr', `/ip4/127.0.0.1/tcp/${p2pPort}`,
    ...args
  ];
  const child = spawn(nodeBinary(), argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk) => { output = (output + chunk.toString()).slice(-200_000); };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  let exited = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; });
  child.on('error', (err) => { exited = { error: err.message }; });

  const deadline = Date.now() + timeoutMs;
  // The node logs the RPC address once the server is up.
  while (!/Running JSON-RPC server/.test(output)) {
    if (exited) throw new Error(`node exited early (${JSON.stringify(exited)}):\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`node did not start within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  return {
    wsUrl: `ws://127.0.0.1:${rpcPort}`,
    p2pPort,
    prometheusPort: promPort,
    logs: () => output,
    stop: () => new Promise((resolve) => {
      if (exited) return resolve(exited);
      child.once('exit', (code, signal) => resolve({ code, signal }));
      child.kill('SIGINT');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    })
  };
}
