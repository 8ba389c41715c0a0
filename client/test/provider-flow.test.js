// The whole market on one dev node: `tensorgrid-node --dev --gpu-worker` makes Alice a
// provider whose off-chain worker runs jobs submitted with polkadot.js on the GPU worker,
// commits and reveals the results, and the jobs settle with the right digests and payments.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDevNode, freePort } from '../src/devnode.js';
import { connect, signer, UNIT } from '../src/chain.js';
import { signAndWait, findEvent } from '../src/tx.js';
import { JOBS, inline, referenceDigest, EventLog } from './support.js';

// Matched next block, committed the one after, revealed and settled the one after that:
// three blocks when the machine keeps up; the slack is for a loaded CI machine.
const MAX_BLOCKS_TO_SETTLE = 10;

test('a job of every kernel (int8 matmul, conv2d, attention, MLP inference, a training step) runs on the provider node and settles', { timeout: 400_000 }, async () => {
  const port = await freePort();
  const node = await startDevNode({ args: ['--gpu-worker', '--gpu-worker-port', String(port)] });
  let api;
  let log;
  try {
    api = await connect(node.wsUrl);
    log = await EventLog.follow(api);
    const alice = signer('//Alice');
    const charlie = signer('//Charlie');
    const [aliceBefore, charlieBefore] = [await log.freeAt(alice.address, log.start), await log.freeAt(charlie.address, log.start)];

    const head = (await api.rpc.chain.getHeader()).number.toNumber();
    const ids = {};
    for (const [name, job] of Object.entries(JOBS)) {
      const tx = api.tx.jobs.submitJob(job.spec, inline(job), 1, 2n * UNIT, head + 300);
      const { events } = await signAndWait(api, tx, charlie);
      ids[name] = findEvent(events, 'jobs', 'JobSubmitted').data.job.toNumber();
    }

    const expectedPay = {};
    let last = 0;
    for (const [name, id] of Object.entries(ids)) {
      const settled = await EventLog.until(
        () => log.find(id, 'jobs', 'JobSettled'), 300_000,
        async () => `${name} job ${id}: ${JSON.stringify((await api.call.jobsApi.job(id)).toHuman())}`);
      const submitted = log.find(id, 'jobs', 'JobSubmitted');
      console.log(`${name}: job ${id} submitted in #${submitted.block}, settled in #${settled.block}`);
      assert.ok(settled.block - submitted.block <= MAX_BLOCKS_TO_SETTLE,
        `${name} settled ${settled.block - submitted.block} blocks after submission, more than ${MAX_BLOCKS_TO_SETTLE}`);
      last = Math.max(last, settled.block);

      const job = (await api.call.jobsApi.job(id)).unwrap();
      assert.ok(job.state.isSettled, `${name} settled`);
      assert.equal(job.resultDigest.unwrap().toHex(), referenceDigest(api, JOBS[name]),
        `${name}: the on-chain digest is the CPU reference's`);
      assert.equal(job.providers[0].provider.toString(), alice.address);
      expectedPay[name] = job.providers[0].pricePerUnit.toBigInt() * job.workUnits.toBigInt();
      assert.equal(expectedPay[name], UNIT * job.workUnits.toBigInt(), 'Alice charges her own price, 1 TGD a unit');
    }

    // Up to the last settlement, Charlie paid exactly the providers' prices plus his
    // transaction fees, and holds the records' deposits; Alice earned the prices, less the
    // fees of her own (commit, reveal, heartbeat) transactions.
    await log.caughtUp(last);
    const total = Object.values(expectedPay).reduce((a, b) => a + b, 0n);
    // Each job record also holds a storage deposit until it is pruned (a day later).
    let deposits = 0n;
    for (const id of Object.values(ids)) deposits += (await api.call.jobsApi.job(id)).unwrap().deposit.toBigInt();
    assert.ok(deposits > 0n, 'job records hold a deposit');
    assert.equal(await log.freeAt(charlie.address, last), charlieBefore - total - deposits - log.feesOf(charlie.address, last));
    assert.equal(await log.freeAt(alice.address, last), aliceBefore + total - log.feesOf(alice.address, last));
  } catch (err) {
    console.error(node.logs().split('\n').slice(-60).join('\n'));
    throw err;
  } finally {
    if (log) log.unsubscribe();
    if (api) await api.disconnect();
    await node.stop();
  }
});
