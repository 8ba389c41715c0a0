// Cold provider account, hot operator key. Alice's stake sits on her account; her node
// signs its work with `//Alice//operator`. While a job of hers is in flight (committed by
// her node, waiting for Bob's commitment) she rotates to a new operator key on the same
// node: the old key stops working at once, the new one reveals, and the job settles and
// pays Alice. The operator key can neither unbond Alice's stake nor move her money.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { u8aConcat, u8aToHex } from '@polkadot/util';
import { startDevNode, freePort } from '../src/devnode.js';
import { connect, signer, setOperator, UNIT } from '../src/chain.js';
import { signAndWait, findEvent, DispatchFailed } from '../src/tx.js';
import { JOBS, inline, referenceDigest, EventLog, bestNumber, waitBlocks, useOperator, operatorOf } from './support.js';

const profile = {
  adapterName: 'manual', backend: '', deviceType: '', memoryMib: 0,
  kernels: ['MatmulI8'], benchmarkScore: 0, endpoint: '', maxConcurrentJobs: 1
};

const refused = (error) => (err) => {
  assert.ok(err instanceof DispatchFailed, String(err));
  assert.equal(err.error, error, err.message);
  return true;
};

test('an operator key rotated while a job is in flight: the job settles; the key cannot unbond or transfer', { timeout: 300_000 }, async () => {
  const node = await startDevNode({ args: ['--gpu-worker', '--gpu-worker-cpu', '--gpu-worker-port', String(await freePort())] });
  let api;
  let log;
  try {
    api = await connect(node.wsUrl);
    const [alice, bob, charlie] = ['//Alice', '//Bob', '//Charlie'].map(signer);
    const oldKey = operatorOf('//Alice');
    const newKey = signer('//Alice//operator-2');
    assert.equal((await api.query.providers.operatorOf(alice.address)).unwrap().toString(), oldKey.address,
      'the dev chain names //Alice//operator as her operator key');

    // Bob is the job's second provider; the test signs his node work by hand.
    await signAndWait(api, api.tx.providers.register(profile, UNIT, 2_000n * UNIT), bob);
    const bobKey = await useOperator(api, '//Bob');
    await waitBlocks(api, 3);

    log = await EventLog.follow(api);
    const { events } = await signAndWait(api,
      api.tx.jobs.submitJob(JOBS.matmul.spec, inline(JOBS.matmul), 2, 2n * UNIT, (await bestNumber(api)) + 300), charlie);
    const id = findEvent(events, 'jobs', 'JobSubmitted').data.job.toNumber();
    const describe = async () => JSON.stringify({ job: (await api.call.jobsApi.job(id)).toHuman(), events: log.forJob(id).map((e) => e.method) });

    // Alice's node commits with the old key; the job now waits for Bob.
    const committed = await EventLog.until(() => log.forJob(id).find((e) => e.method === 'Committed' &&
      e.event.data.provider.toString() === alice.address), 90_000, describe);
    const stakeOf = async () => (await api.query.providers.providers(alice.address)).unwrap().stake.toBigInt();
    const stakeBefore = await stakeOf();

    // The stolen-node case: the operator key cannot touch Alice's stake or balance.
    await assert.rejects(signAndWait(api, api.tx.providers.unbond(UNIT), oldKey), refused('NotRegistered'));
    await assert.rejects(signAndWait(api, api.tx.providers.deregister(), oldKey), refused('NotRegistered'));
    await assert.rejects(signAndWait(api, api.tx.providers.setOperator(oldKey.address, { Sr25519: u8aToHex(new Uint8Array(64)) }), oldKey),
      refused('NotRegistered'));
    await assert.rejects(signAndWait(api,
      api.tx.proxy.proxy(alice.address, null, api.tx.balances.transferKeepAlive(oldKey.address, UNIT)), oldKey),
    refused('NotProxy'));

    // Rotate: the new key goes into the node's keystore, Alice's (cold) account names it.
    await api.rpc.author.insertKey('gpuw', '//Alice//operator-2', u8aToHex(newKey.publicKey));
    await signAndWait(api, api.tx.balances.transferKeepAlive(newKey.address, 10n * UNIT), alice);
    const set = await setOperator(api, alice, newKey);
    assert.equal(set.data.operator.toString(), newKey.address);
    const rotatedAt = await bestNumber(api);
    await assert.rejects(signAndWait(api, api.tx.providers.heartbeat(), oldKey), refused('NotOperator'));
    assert.ok((await api.call.jobsApi.job(id)).unwrap().state.isAssigned, 'still in flight when the key rotated');

    // Bob commits the reference result; reveals open; Alice's node reveals with the new key.
    const digest = referenceDigest(api, JOBS.matmul);
    const salt = blake2AsU8a(new Uint8Array([7]));
    const commitment = blake2AsU8a(u8aConcat(digest, bob.publicKey, salt));
    await signAndWait(api, api.tx.proofOfCompute.commitResult(id, commitment), bobKey);
    const revealed = await EventLog.until(() => log.forJob(id).find((e) => e.method === 'Revealed' &&
      e.event.data.provider.toString() === alice.address), 90_000, describe);
    assert.ok(revealed.block > rotatedAt, 'revealed after the rotation');
    assert.ok((await api.query.system.account(newKey.address)).nonce.toNumber() >= 1, 'the new key signed');
    await signAndWait(api, api.tx.proofOfCompute.revealResult(id, digest, salt, { Artifact: digest }), bobKey);

    const settled = await EventLog.until(() => log.find(id, 'jobs', 'JobSettled'), 120_000, describe);
    console.log(`job ${id}: Alice committed in #${committed.block}, key rotated in #${rotatedAt}, ` +
      `revealed in #${revealed.block}, settled in #${settled.block}`);
    assert.equal(settled.event.data.resultDigest.toHex(), digest);
    await log.caughtUp(settled.block);
    // Alice's account was paid her price and paid no fee: her keys did the signing.
    const paid = log.forJob(id).filter((e) => e.method === 'EscrowPaid' && e.event.data.to.toString() === alice.address)
      .reduce((sum, e) => sum + e.event.data.amount.toBigInt(), 0n);
    assert.ok(paid > 0n, 'Alice was paid');
    assert.equal(await stakeOf(), stakeBefore, 'her stake is untouched');
    const moved = (await log.freeAt(alice.address, settled.block)) - (await log.freeAt(alice.address, committed.block));
    const fees = log.feesOf(alice.address, settled.block) - log.feesOf(alice.address, committed.block);
    assert.equal(moved, paid - 10n * UNIT - fees, 'her balance moved only by her pay, the new key\'s float and her own fees');
  } finally {
    if (log) log.unsubscribe();
    if (api) await api.disconnect();
    await node.stop();
  }
});
