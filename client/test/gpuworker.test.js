// `tensorgrid-node --dev --gpu-worker` serves the GPU worker's HTTP API, records its URL in
// off-chain local storage, and runs a job whose digest equals one computed here.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { blake2AsHex } from '@polkadot/util-crypto';
import { stringToHex, hexToString } from '@polkadot/util';
import { startDevNode, freePort } from '../src/devnode.js';
import { waitFor } from '../src/wait.js';

async function http (base, method, path, body, token) {
  const headers = body ? { 'content-type': 'application/json' } : {};
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    body: body ? JSON.stringify(body) : undefined
  });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, json, text };
}

test('the node embeds the GPU worker and tells the runtime where it is', { timeout: 240_000 }, async () => {
  const port = await freePort();
  const token = `test-token-${Date.now()}`;
  const node = await startDevNode({ args: ['--gpu-worker', '--gpu-worker-port', String(port), '--gpu-worker-token', token] });
  const base = `http://127.0.0.1:${port}`;
  let api;
  try {
    const health = await waitFor('the GPU worker to answer', async () => {
      try {
        const r = await http(base, 'GET', '/v1/health');
        return r.status === 200 ? r.json : null;
      } catch { return null; }
    }, 60_000);
    assert.equal(health.status, 'ok');
    // Everything but health needs the token, so other local processes cannot post jobs.
    assert.equal((await http(base, 'GET', '/v1/device')).status, 401);
    const device = await http(base, 'GET', '/v1/device', undefined, token);
    assert.equal(device.status, 200);
    assert.ok(device.json.name.length > 0);

    api = await ApiPromise.create({ provider: new WsProvider(node.wsUrl), noInitWarn: true });
    const stored = await api.rpc.offchain.localStorageGet('PERSISTENT', stringToHex('tensorgrid::gpu-worker-url'));
    assert.equal(hexToString(stored.unwrap().toHex()), base);
    const storedToken = await api.rpc.offchain.localStorageGet('PERSISTENT', stringToHex('tensorgrid::gpu-worker-token'));
    assert.equal(hexToString(storedToken.unwrap().toHex()), token, 'the token is stored for the agent');

    // C = A·B for A = 2×3 ones and B = 3×2 twos: every element is 6, as little-endian i32.
    const spec = api.createType('TensorgridPrimitivesKernelsKernelSpec', { MatmulI8: { m: 2, k: 3, n: 2 } });
    const submitted = await http(base, 'POST', '/v1/jobs', {
      chain_job_id: 1,
      spec: spec.toHex(),
      inputs: [{ inline: '0x010101010101' }, { inline: '0x020202020202' }]
    }, token);
    assert.equal(submitted.status, 202, submitted.text);
    const done = await waitFor('the job to finish', async () => {
      const r = await http(base, 'GET', `/v1/jobs/${submitted.json.id}`, undefined, token);
      return ['succeeded', 'failed'].includes(r.json.state) ? r.json : null;
    }, 60_000);
    assert.equal(done.state, 'succeeded', JSON.stringify(done));
    const expected = new Uint8Array(16);
    for (let i = 0; i < 4; i++) expected[4 * i] = 6;
    assert.equal(done.digest, blake2AsHex(expected, 256));
    const output = await fetch(`${base}/v1/jobs/${submitted.json.id}/output`, { headers: { authorization: `Bearer ${token}` } });
    assert.deepEqual(new Uint8Array(await output.arrayBuffer()), expected);

    const bad = await http(base, 'POST', '/v1/jobs', { spec: '0x09', inputs: [] }, token);
    assert.equal(bad.status, 400);
    assert.match(bad.json.error, /KernelSpec/);
  } catch (err) {
    console.error(node.logs().split('\n').slice(-40).join('\n'));
    throw err;
  } finally {
    if (api) await api.disconnect();
    await node.stop();
  }
});
