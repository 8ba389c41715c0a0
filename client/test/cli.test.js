// The `tensorgrid` CLI against a dev node: register a provider, list providers (amounts in
// TGD, and as JSON), submit jobs, list recent jobs, watch a job until the provider's commit
// and reveal settle it, and print a pallet error for bad input. Offline: TGD amounts with
// other decimals, and the operator key's ownership proof. Against a node that has
// `providers.setOperator`: naming a provider's operator key.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { blake2AsU8a, cryptoWaitReady, signatureVerify } from '@polkadot/util-crypto';
import { stringToU8a, u8aConcat, u8aToString } from '@polkadot/util';
import { startDevNode } from '../src/devnode.js';
import {
  connect, signer, formatTgd, parseTgd, operatorProof, operatorProofPayload, OPERATOR_PROOF_TAG, UNIT
} from '../src/chain.js';
import { signAndWait } from '../src/tx.js';
import { waitFor } from '../src/wait.js';

const cliPath = fileURLToPath(new URL('../src/cli.js', import.meta.url));
const run = promisify(execFile);
const MATMUL = '{"MatmulI8":{"m":2,"k":3,"n":2}}';

/** Run `cli watch-job ID ...args` in the background; `done` resolves to { code, out }. */
function watchJobInBackground (wsUrl, id, ...args) {
  const child = spawn(process.execPath, [cliPath, '--url', wsUrl, 'watch-job', String(id), ...args]);
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  return { done: new Promise((resolve) => child.on('exit', (code) => resolve({ code, out }))) };
}

/**
 * The key that signs `suri`'s provider work: its operator key where the chain names one
 * (the dev chain's genesis gives Alice `//Alice//operator`), else the account itself.
 */
async function operatorOf (api, suri) {
  const own = signer(suri);
  const summary = (await api.call.providersApi.provider(own.address)).unwrap().toJSON();
  if (summary.operator === undefined || summary.operator === own.address) return own;
  const operator = signer(`${suri}//operator`);
  assert.equal(summary.operator, operator.address, `the operator key of ${suri}`);
  return operator;
}

test('the CLI registers, submits, lists, watches and reports errors', { timeout: 300_000 }, async () => {
  const node = await startDevNode();
  const cli = (...args) => run(process.execPath, [cliPath, '--url', node.wsUrl, ...args]);
  const json = async (...args) => JSON.parse((await cli(...args, '--json')).stdout);
  let api;
  try {
    const bob = signer('//Bob');
    // Alice is the dev chain's genesis provider; this test wants Bob.
    api = await connect(node.wsUrl);
    await signAndWait(api, api.tx.providers.pause(), await operatorOf(api, '//Alice'));
    assert.match((await cli('register-provider', '--seed', '//Bob', '--price', '1', '--stake', '2000')).stdout,
      new RegExp(`registered ${bob.address}`));
    assert.match((await cli('providers')).stdout,
      new RegExp(`${bob.address}\\s+Active online\\s+price 1 TGD/unit\\s+stake 2000 TGD\\s`));
    const providers = await json('providers');
    assert.deepEqual(providers.token, { decimals: 12, symbol: 'TGD' });
    const listedBob = providers.providers.find((p) => p.account === bob.address);
    assert.deepEqual(listedBob.pricePerUnit, { plancks: String(UNIT), formatted: '1 TGD' });
    assert.deepEqual(listedBob.stake, { plancks: String(2000n * UNIT), formatted: '2000 TGD' });
    assert.equal(listedBob.status, 'Active');
    assert.equal(listedBob.adapterName, 'unknown');

    // No job yet: `jobs` without arguments lists the recent ones, none here.
    assert.match((await cli('jobs')).stdout, /^no jobs$/m);
    assert.deepEqual((await json('jobs')).jobs, []);

    const submitted = await cli('submit-job', '--seed', '//Charlie', '--spec', MATMUL,
      '--input', '0x010101010101', '--input', '0x020202020202', '--max-price', '2');
    const id = Number(/submitted job (\d+)/.exec(submitted.stdout)[1]);

    await waitFor('assignment', async () => (await cli('jobs', '--provider', bob.address)).stdout.includes(`job ${id}: Assigned`), 60_000);

    // watch-job follows the job while Bob commits and reveals, as text and as JSON.
    const text = watchJobInBackground(node.wsUrl, id);
    const asJson = watchJobInBackground(node.wsUrl, id, '--json');
    const digest = blake2AsU8a(new Uint8Array([9]));
    const salt = blake2AsU8a(new Uint8Array([8]));
    await signAndWait(api, api.tx.proofOfCompute.commitResult(id, blake2AsU8a(u8aConcat(digest, bob.publicKey, salt))), bob);
    await signAndWait(api, api.tx.proofOfCompute.revealResult(id, digest, salt, { Artifact: digest }), bob);
    const watched = await text.done;
    assert.equal(watched.code, 0, watched.out);
    assert.match(watched.out, /jobs\.JobSettled/);
    assert.match(watched.out, new RegExp(`job ${id}: Settled .* paid 1 TGD `));
    const watchedJson = await asJson.done;
    assert.equal(watchedJson.code, 0, watchedJson.out);
    const doc = JSON.parse(watchedJson.out);
    assert.equal(doc.job.id, id);
    assert.equal(doc.job.state, 'Settled');
    assert.deepEqual(doc.job.paid, { plancks: String(UNIT), formatted: '1 TGD' });
    assert.ok(doc.events.some((e) => e.event === 'jobs.JobSettled' && e.data.job === id), watchedJson.out);

    const listed = (await cli('jobs', '--submitter', signer('//Charlie').address)).stdout;
    assert.match(listed, new RegExp(`job ${id}: Settled .* escrow \\d+(\\.\\d+)? TGD  paid 1 TGD  refunded \\d+(\\.\\d+)? TGD`));

    // A second job; the listing is newest first and --limit cuts it.
    const second = await json('submit-job', '--seed', '//Charlie', '--spec', MATMUL,
      '--input', '0x010101010101', '--input', '0x020202020202', '--max-price', '1.5');
    assert.equal(second.submitted, id + 1);
    const recent = (await cli('jobs')).stdout;
    assert.ok(recent.indexOf(`job ${id + 1}: `) >= 0 && recent.indexOf(`job ${id + 1}: `) < recent.indexOf(`job ${id}: `), recent);
    const limited = await json('jobs', '--limit', '1');
    assert.deepEqual(limited.jobs.map((j) => j.id), [id + 1]);
    assert.deepEqual(limited.jobs[0].maxPricePerUnit, { plancks: String(3n * UNIT / 2n), formatted: '1.5 TGD' });
    assert.deepEqual((await json('jobs', '--submitter', signer('//Charlie').address)).jobs.map((j) => j.id), [id + 1, id]);

    await assert.rejects(
      cli('submit-job', '--seed', '//Charlie', '--spec', MATMUL, '--input', '0x010101010101', '--input', '0x020202020202', '--replicas', '0'),
      (err) => err.code === 1 && /Error: jobs\.ZeroReplicas: Replicas must be at least one\./.test(err.stderr)
    );
    await assert.rejects(cli('jobs', '--limit', '0'), (err) => err.code === 1 && /--limit must be a positive whole number/.test(err.stderr));
  } catch (err) {
    console.error(node.logs().split('\n').slice(-40).join('\n'));
    throw err;
  } finally {
    if (api) await api.disconnect();
    await node.stop();
  }
});

test('TGD amounts parse and format with the token decimals', () => {
  assert.equal(parseTgd('1.5'), 3n * UNIT / 2n);
  assert.equal(formatTgd(3n * UNIT / 2n), '1.5');
  assert.equal(formatTgd(2000n * UNIT), '2000');
  assert.equal(parseTgd('0.000000000001'), 1n);
  assert.throws(() => parseTgd('0.0000000000001'), /at most 12 decimals/);
  assert.equal(parseTgd('1.5', 6), 1_500_000n);
  assert.equal(formatTgd(1_500_000n, 6), '1.5');
  assert.equal(parseTgd('7', 0), 7n);
  assert.equal(formatTgd(7n, 0), '7');
  assert.throws(() => parseTgd('1.5', 0), /at most 0 decimals/);
  for (const bad of ['', '-1', '1.2.3', '1e3', 'abc']) assert.throws(() => parseTgd(bad), /not an amount/, bad);
});

test('the operator proof is the operator key signing the tag and the provider account', async () => {
  await cryptoWaitReady();
  const cold = signer('//Bob');
  const operator = signer('//Bob//operator');
  const payload = operatorProofPayload(cold.publicKey);
  assert.equal(payload.length, 54);
  assert.equal(u8aToString(payload.slice(0, 22)), 'tensorgrid/operator/v1');
  assert.equal(OPERATOR_PROOF_TAG, 'tensorgrid/operator/v1');
  assert.deepEqual(payload, u8aConcat(stringToU8a('tensorgrid/operator/v1'), cold.publicKey));
  assert.deepEqual(operatorProofPayload(cold.address), payload, 'an address names the same account');

  const proof = operatorProof(cold.publicKey, operator);
  assert.deepEqual(Object.keys(proof), ['Sr25519']);
  assert.match(proof.Sr25519, /^0x[0-9a-f]{128}$/);
  assert.ok(signatureVerify(payload, proof.Sr25519, operator.address).isValid, 'the operator key signed the payload');
  assert.ok(!signatureVerify(payload, proof.Sr25519, cold.address).isValid, 'the cold key did not');
  const forDave = operatorProofPayload(signer('//Dave').publicKey);
  assert.ok(!signatureVerify(forDave, proof.Sr25519, operator.address).isValid, 'the proof names one provider only');
  assert.throws(() => operatorProofPayload(new Uint8Array(31)), /32 bytes/);
});

test('set-operator names a provider\'s operator key', { timeout: 300_000 }, async (t) => {
  const node = await startDevNode();
  const cli = (...args) => run(process.execPath, [cliPath, '--url', node.wsUrl, ...args]);
  let api;
  try {
    api = await connect(node.wsUrl);
    if (!api.tx.providers.setOperator) {
      t.skip('this node has no providers.setOperator call');
      return;
    }
    const alice = signer('//Alice');
    const dave = signer('//Dave');
    const first = signer('//Dave//operator');
    const second = signer('//Dave//operator2');
    const registered = (await cli('register-provider', '--seed', '//Dave', '--price', '1', '--stake', '2000',
      '--operator-seed', '//Dave//operator')).stdout;
    assert.match(registered, new RegExp(`registered ${dave.address}`));
    assert.match(registered, new RegExp(`operator of ${dave.address}: ${first.address}`));
    // Eve names no operator key: she operates herself.
    const eve = signer('//Eve');
    await cli('register-provider', '--seed', '//Eve', '--price', '1', '--stake', '2000');
    let listed = JSON.parse((await cli('providers', '--json')).stdout).providers;
    assert.equal(listed.find((p) => p.account === dave.address).operator, first.address);
    assert.equal(listed.find((p) => p.account === eve.address).operator, eve.address, 'a provider operates itself by default');
    const aliceOperator = listed.find((p) => p.account === alice.address).operator;
    const text = (await cli('providers')).stdout;
    assert.match(text, new RegExp(`${dave.address}\\s.*operator ${first.address}$`, 'm'));
    assert.match(text, new RegExp(`${eve.address}\\s.*operator \\(itself\\)$`, 'm'));
    assert.match(text, new RegExp(`${alice.address}\\s.*operator ${aliceOperator === alice.address ? '\\(itself\\)' : aliceOperator}$`, 'm'));

    assert.match((await cli('set-operator', '--seed', '//Dave', '--operator-seed', '//Dave//operator2')).stdout,
      new RegExp(`operator of ${dave.address}: ${second.address}`));
    listed = JSON.parse((await cli('providers', '--json')).stdout).providers;
    assert.equal(listed.find((p) => p.account === dave.address).operator, second.address);

    // A proof made for another provider does not name the key.
    const third = signer('//Dave//operator3');
    await assert.rejects(
      signAndWait(api, api.tx.providers.setOperator(third.address, operatorProof(signer('//Bob').publicKey, third)), dave),
      (err) => err.pallet === 'providers' && err.error === 'BadOperatorProof');
  } catch (err) {
    console.error(node.logs().split('\n').slice(-40).join('\n'));
    throw err;
  } finally {
    if (api) await api.disconnect();
    await node.stop();
  }
});
