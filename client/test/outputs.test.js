// Results delivery: Alice's node runs the job on its GPU worker and keeps the output; a
// second node that is no provider (the one the submitter talks to) fetches it from Alice's
// node over the chain's own peer-to-peer protocol, checks it against the settled digest,
// and hands it out through `artifact_get`, `getOutput` and `tensorgrid get-output`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { blake2AsHex } from '@polkadot/util-crypto';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { startDevNode, freePort } from '../src/devnode.js';
import { connect, signer, getOutput, UNIT } from '../src/chain.js';
import { signAndWait, findEvent } from '../src/tx.js';
import { fixtureBytes, matmulReference } from './support.js';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'cli.js');


test('a 4 MiB output is fetched through a node that is no provider and matches its digest and the CPU reference', { timeout: 400_000 }, async () => {
  const provider = await startDevNode({ args: ['--gpu-worker', '--gpu-worker-port', String(await freePort())] });
  let other;
  let api;
  let api2;
  try {
    api = await connect(provider.wsUrl);
    const peerId = (await api.rpc.system.localPeerId()).toString();
    other = await startDevNode({ as: 'bob', args: ['--bootnodes', `/ip4/127.0.0.1/tcp/${provider.p2pPort}/p2p/${peerId}`] });
    api2 = await connect(other.wsUrl);
    const charlie = signer('//Charlie');

    // 1024×4 · 4×1024: two 4 KiB inline inputs, 5 work units, 4 MiB of int32 output.
    const [m, k, n] = [1024, 4, 1024];
    const a = hexToU8a(fixtureBytes(m * k, 1, 127, 3));
    const b = hexToU8a(fixtureBytes(k * n, 1, 127, 5));
    const spec = { MatmulI8: { m, k, n } };
    const head = (await api2.rpc.chain.getHeader()).number.toNumber();
    const submitted = await signAndWait(api2,
      api2.tx.jobs.submitJob(spec, [{ Inline: u8aToHex(a) }, { Inline: u8aToHex(b) }], 1, 2n * UNIT, head + 300), charlie);
    const id = findEvent(submitted.events, 'jobs', 'JobSubmitted').data.job.toNumber();

    const settled = await waitSettled(api2, id, 240_000);
    const digest = settled.resultDigest.unwrap().toHex();
    const expected = matmulReference(a, b, m, k, n);
    assert.equal(blake2AsHex(expected, 256), digest, 'the settled digest is the CPU reference output\'s');

    // Too big to reveal inline: the chain holds only the digest.
    const revealed = await api2.query.proofOfCompute.outputs(id, settled.providers[0].provider);
    assert.ok(revealed.isSome && revealed.unwrap().isArtifact, 'revealed by hash');
    assert.equal((await api2.rpc.artifact.status(digest)).held.isTrue, false, 'the second node does not hold it yet');

    const started = Date.now();
    const bytes = await getOutput(api2, id);
    const seconds = (Date.now() - started) / 1000;
    console.log(`fetched ${bytes.length} bytes through the second node in ${seconds.toFixed(2)} s`);
    assert.equal(bytes.length, 4 * m * n);
    assert.deepEqual(bytes, expected, 'the bytes equal the CPU reference');
    const status = await api2.rpc.artifact.status(digest);
    assert.ok(status.held.isTrue && status.len.unwrap().toNumber() === 4 * m * n, 'cached by the second node');

    // The CLI through the second node: raw bytes to a file, and decoded JSON.
    const out = join(mkdtempSync(join(tmpdir(), 'tg-output-')), 'out.bin');
    await promisify(execFile)('node', [cli, '--url', other.wsUrl, 'get-output', String(id), '--out', out]);
    assert.deepEqual(new Uint8Array(readFileSync(out)), expected);
    const { stdout } = await promisify(execFile)('node', [cli, '--url', other.wsUrl, 'get-output', String(id)], { maxBuffer: 64 << 20 });
    const decoded = JSON.parse(stdout);
    assert.deepEqual(decoded.output.shape, [m, n]);
    assert.equal(decoded.output.matrix[7][9], new DataView(expected.buffer).getInt32(4 * (7 * n + 9), true));

    // An unknown hash: a clear error after asking every peer; a bad range is refused.
    await assert.rejects(api2.rpc.artifact.get(blake2AsHex('nobody has this', 256), 0, 1024, null), /not found on any peer/);
    await assert.rejects(api2.rpc.artifact.get(digest, 0, 8 << 20, null), /len must be/);
    await assert.rejects(api2.rpc.artifact.get(digest, 0, 1024, 12345), /not 12345/);
  } catch (err) {
    console.error('--- provider node ---\n' + provider.logs().split('\n').slice(-40).join('\n'));
    if (other) console.error('--- second node ---\n' + other.logs().split('\n').slice(-40).join('\n'));
    throw err;
  } finally {
    await api2?.disconnect();
    await api?.disconnect();
    await other?.stop();
    await provider.stop();
  }
});

async function waitSettled (api, id, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = (await api.call.jobsApi.job(id)).unwrap();
    if (job.state.isSettled) return job;
    if (['Cancelled', 'Expired', 'Refunded'].includes(job.state.toString())) throw new Error(`job ${id} ended ${job.state.toString()}`);
    if (Date.now() > deadline) throw new Error(`job ${id} still ${job.state.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

test('a peer that serves wrong bytes is reported and the blob comes from another peer', { timeout: 300_000 }, async () => {
  const { writeFileSync, mkdirSync } = await import('node:fs');
  const { randomBytes } = await import('node:crypto');
  const base = mkdtempSync(join(tmpdir(), 'tg-honest-'));
  const honest = await startDevNode({ basePath: base });
  let liar;
  let liarApi;
  let client;
  let api;
  try {
    // A 3 MiB blob in the honest node's store, as its worker would have left it.
    const blob = new Uint8Array(randomBytes(3 << 20));
    const hash = blake2AsHex(blob, 256);
    const pinned = join(base, 'chains', 'tensorgrid_dev', 'artifacts', 'pinned');
    mkdirSync(pinned, { recursive: true });
    writeFileSync(join(pinned, hash.slice(2)), blob);
    const honestApi = await connect(honest.wsUrl);
    const honestPeer = (await honestApi.rpc.system.localPeerId()).toString();
    await honestApi.disconnect();
    const honestAddr = `/ip4/127.0.0.1/tcp/${honest.p2pPort}/p2p/${honestPeer}`;

    // The liar fetches it honestly, then serves every chunk with a flipped byte (the
    // test-only `--artifact-corrupt-serving`).
    liar = await startDevNode({ as: 'bob', args: ['--bootnodes', honestAddr, '--artifact-corrupt-serving'] });
    liarApi = await connect(liar.wsUrl);
    // Fetches ask the node's sync peers.
    await waitFor(async () => (await liarApi.rpc.system.peers()).length >= 1, 60_000, 'the liar to sync with the honest node');
    assert.deepEqual((await liarApi.rpc.artifact.get(hash, 0, 16, null)).toU8a(true), blob.slice(0, 16));
    const liarAddr = `/ip4/127.0.0.1/tcp/${liar.p2pPort}/p2p/${(await liarApi.rpc.system.localPeerId()).toString()}`;

    // The client's only connected peer is the liar: its wrong bytes are discarded and it is
    // reported. The honest node announced the blob on the DHT, so the client finds it there
    // and dials it; only if the DHT has not found it yet is it added as a peer by hand.
    client = await startDevNode({ as: 'charlie', args: ['--reserved-only', '--reserved-nodes', liarAddr, '--bootnodes', liarAddr] });
    api = await connect(client.wsUrl);
    await waitFor(async () => (await api.rpc.system.peers()).length >= 1, 60_000, 'the client to sync with the liar');
    let viaDht = true;
    try {
      assert.deepEqual((await api.rpc.artifact.get(hash, 0, 16, null)).toU8a(true), blob.slice(0, 16));
    } catch (err) {
      assert.match(String(err), /not found on any peer/);
      viaDht = false;
      assert.equal((await api.rpc.artifact.status(hash)).held.isTrue, false, 'nothing wrong was kept');
      await api.rpc.system.addReservedPeer(honestAddr);
      await waitFor(async () => (await api.rpc.system.peers()).some((p) => p.peerId.toString() === honestPeer), 60_000, 'the client to reach the honest node');
    }
    console.log(`the honest node was found ${viaDht ? 'through the DHT' : 'as a peer added by hand'}`);
    await waitFor(async () => /sent bytes that do not match .*: reported/.test(client.logs()), 10_000, 'the report in the client\'s log');
    // The peerstore logs the ban just after the fetcher's report.
    await waitFor(async () => /Banned, disconnecting/.test(client.logs()), 10_000, 'the ban in the client\'s log');
    const parts = [];
    for (let offset = 0; offset < blob.length; offset += 4 << 20) {
      parts.push((await api.rpc.artifact.get(hash, offset, Math.min(4 << 20, blob.length - offset), blob.length)).toU8a(true));
    }
    // Every byte is right: the liar serves no chunk unaltered, so they came from the honest
    // node (the fetcher's "fetched artifact" log line is not asserted: it is written after
    // the store holds the blob, and the RPC may answer first).
    assert.deepEqual(Buffer.concat(parts), Buffer.from(blob));
    assert.equal((await api.rpc.artifact.status(hash)).held.isTrue, true, 'the client keeps the checked blob');
  } catch (err) {
    for (const [name, node] of [['honest', honest], ['liar', liar], ['client', client]]) {
      if (node) console.error(`--- ${name} node ---\n` + node.logs().split('\n').filter((l) => /artifact/.test(l)).slice(-20).join('\n'));
    }
    throw err;
  } finally {
    await api?.disconnect();
    await liarApi?.disconnect();
    await client?.stop();
    await liar?.stop();
    await honest.stop();
  }
});

async function waitFor (check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
