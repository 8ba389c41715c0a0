// The provider agent and its node's GPU worker, hardened (issue 14): the embedded worker
// requires the random bearer token the node recorded for its off-chain worker; a job whose
// input is a stored artifact runs with the input sent by hash and read from the chain by
// the worker; and a job with a 64 MiB output from two 4 KiB inputs (`MatmulI8 4096×1×4096`)
// settles, revealed by hash, without stopping a small job beside it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blake2AsHex } from '@polkadot/util-crypto';
import { stringToHex, hexToString, hexToU8a } from '@polkadot/util';
import { startDevNode, freePort } from '../src/devnode.js';
import { connect, signer, UNIT } from '../src/chain.js';
import { signAndWait, findEvent } from '../src/tx.js';
import { JOBS, fixtureBytes, referenceDigest, EventLog } from './support.js';

async function http (base, method, path, token) {
  const res = await fetch(`${base}${path}`, { method, headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, text: await res.text() };
}

test('the embedded worker wants its token, inputs go by hash, a 64 MiB output does not stop the provider', { timeout: 400_000 }, async () => {
  const port = await freePort();
  const node = await startDevNode({ args: ['--gpu-worker', '--gpu-worker-cpu', '--gpu-worker-port', String(port)] });
  const base = `http://127.0.0.1:${port}`;
  let api;
  let log;
  try {
    api = await connect(node.wsUrl);
    log = await EventLog.follow(api);
    const charlie = signer('//Charlie');

    // Attack 7: the worker answers only with the token the node recorded beside its URL.
    const url = await EventLog.until(async () => {
      const stored = await api.rpc.offchain.localStorageGet('PERSISTENT', stringToHex('tensorgrid::gpu-worker-url'));
      return stored.isSome ? hexToString(stored.unwrap().toHex()) : null;
    }, 60_000, async () => 'the node to record its worker URL');
    assert.equal(url, base);
    const token = hexToString((await api.rpc.offchain.localStorageGet('PERSISTENT', stringToHex('tensorgrid::gpu-worker-token'))).unwrap().toHex());
    assert.match(token, /^[0-9a-f]{64}$/);
    assert.equal((await http(base, 'GET', '/v1/health')).status, 200);
    assert.equal((await http(base, 'GET', '/v1/device')).status, 401);
    assert.equal((await http(base, 'GET', '/v1/device', 'wrong')).status, 401);
    assert.equal((await http(base, 'GET', '/v1/device', token)).status, 200);

    // Attack 3: an artifact input by hash; a job with a 64 MiB output; a small job.
    const matmul = JOBS.matmul;
    const hash = blake2AsHex(hexToU8a(matmul.inputs[1]), 256);
    const { events } = await signAndWait(api, api.tx.jobs.storeArtifact(matmul.inputs[1]), charlie);
    // The first field (`data.hash` is the codec's own hash getter, not the field).
    assert.equal(findEvent(events, 'jobs', 'ArtifactStored').data[0].toHex(), hash);
    const large = {
      spec: { MatmulI8: { m: 4096, k: 1, n: 4096 } },
      inputs: [fixtureBytes(4096, 1, 100, 21), fixtureBytes(4096, 1, 100, 22)]
    };
    const head = (await api.rpc.chain.getHeader()).number.toNumber();
    const submit = async (spec, inputs) => {
      const { events } = await signAndWait(api, api.tx.jobs.submitJob(spec, inputs, 1, 2n * UNIT, head + 300), charlie);
      return findEvent(events, 'jobs', 'JobSubmitted').data.job.toNumber();
    };
    const ids = {
      byHash: await submit(matmul.spec, [{ Inline: matmul.inputs[0] }, { Artifact: hash }]),
      large: await submit(large.spec, large.inputs.map((hex) => ({ Inline: hex }))),
      small: await submit(JOBS.mlp.spec, JOBS.mlp.inputs.map((hex) => ({ Inline: hex })))
    };
    const expected = { byHash: referenceDigest(api, matmul), large: referenceDigest(api, large), small: referenceDigest(api, JOBS.mlp) };
    for (const [name, id] of Object.entries(ids)) {
      await EventLog.until(() => log.find(id, 'jobs', 'JobSettled'), 240_000,
        async () => `${name} job ${id}: ${JSON.stringify((await api.call.jobsApi.job(id)).toHuman())}`);
      const job = (await api.call.jobsApi.job(id)).unwrap();
      assert.ok(job.state.isSettled, `${name} settled`);
      assert.equal(job.resultDigest.unwrap().toHex(), expected[name], `${name}: the CPU reference's digest`);
    }
  } catch (err) {
    console.error(node.logs().split('\n').slice(-60).join('\n'));
    throw err;
  } finally {
    if (log) log.unsubscribe();
    if (api) await api.disconnect();
    await node.stop();
  }
});
