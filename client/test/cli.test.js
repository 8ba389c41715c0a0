// The `tensorgrid` CLI against a dev node: register a provider, list providers, submit a
// job, list jobs, watch it until the provider's commit and reveal settle it, and print a
// pallet error for bad input.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { u8aConcat } from '@polkadot/util';
import { startDevNode } from '../src/devnode.js';
import { connect, signer } from '../src/chain.js';
import { signAndWait } from '../src/tx.js';
import { waitFor } from '../src/wait.js';

const cliPath = fileURLToPath(new URL('../src/cli.js', import.meta.url));
const run = promisify(execFile);
const MATMUL = '{"MatmulI8":{"m":2,"k":3,"n":2}}';

test('the CLI registers, submits, lists, watches and reports errors', { timeout: 300_000 }, async () => {
  const node = await startDevNode();
  const cli = (...args) => run(process.execPath, [cliPath, '--url', node.wsUrl, ...args]);
  let api;
  try {
    const bob = signer('//Bob');
    // Alice is the dev chain's genesis provider; this test wants Bob.
    api = await connect(node.wsUrl);
    await signAndWait(api, api.tx.providers.pause(), signer('//Alice'));
    assert.match((await cli('register-provider', '--seed', '//Bob', '--price', '1', '--stake', '2000')).stdout,
      new RegExp(`registered ${bob.address}`));
    assert.match((await cli('providers')).stdout, new RegExp(`${bob.address}\\s+Active online`));

    const submitted = await cli('submit-job', '--seed', '//Charlie', '--spec', MATMUL,
      '--input', '0x010101010101', '--input', '0x020202020202', '--max-price', '2');
    const id = Number(/submitted job (\d+)/.exec(submitted.stdout)[1]);

    await waitFor('assignment', async () => (await cli('jobs', '--provider', bob.address)).stdout.includes(`job ${id}: Assigned`), 60_000);

    // watch-job follows the job while Bob commits and reveals.
    const watcher = spawn(process.execPath, [cliPath, '--url', node.wsUrl, 'watch-job', String(id)]);
    let watched = '';
    watcher.stdout.on('data', (d) => { watched += d; });
    const exited = new Promise((resolve) => watcher.on('exit', resolve));
    const digest = blake2AsU8a(new Uint8Array([9]));
    const salt = blake2AsU8a(new Uint8Array([8]));
    await signAndWait(api, api.tx.proofOfCompute.commitResult(id, blake2AsU8a(u8aConcat(digest, bob.publicKey, salt))), bob);
    await signAndWait(api, api.tx.proofOfCompute.revealResult(id, digest, salt, { Artifact: digest }), bob);
    assert.equal(await exited, 0, watched);
    assert.match(watched, /jobs\.JobSettled/);
    assert.match(watched, new RegExp(`job ${id}: Settled`));

    const listed = (await cli('jobs', '--submitter', signer('//Charlie').address)).stdout;
    assert.match(listed, new RegExp(`job ${id}: Settled`));

    await assert.rejects(
      cli('submit-job', '--seed', '//Charlie', '--spec', MATMUL, '--input', '0x010101010101', '--input', '0x020202020202', '--replicas', '0'),
      (err) => err.code === 1 && /Error: jobs\.ZeroReplicas: Replicas must be at least one\./.test(err.stderr)
    );
  } catch (err) {
    console.error(node.logs().split('\n').slice(-40).join('\n'));
    throw err;
  } finally {
    if (api) await api.disconnect();
    await node.stop();
  }
});
