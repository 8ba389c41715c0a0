// The whole market on one dev node: `tensorgrid-node --dev --gpu-worker` makes Alice a
// provider whose off-chain worker runs a job submitted with polkadot.js on the GPU worker,
// commits and reveals the result, and the job settles with the right digest and payments.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blake2AsHex } from '@polkadot/util-crypto';
import { startDevNode, freePort } from '../src/devnode.js';
import { connect, signer, UNIT } from '../src/chain.js';
import { signAndWait, findEvent } from '../src/tx.js';

test('a matmul job runs on the provider node and settles with no human in between', { timeout: 400_000 }, async () => {
  const port = await freePort();
  const node = await startDevNode({ args: ['--gpu-worker', '--gpu-worker-port', String(port)] });
  let api;
  let unsubscribe = () => {};
  try {
    api = await connect(node.wsUrl);
    const alice = signer('//Alice');
    const charlie = signer('//Charlie');
    const free = async (who) => (await api.query.system.account(who.address)).data.free.toBigInt();

    // Follow every block: fees Alice pays, and the job's settlement.
    let aliceFees = 0n;
    let settled = null;
    let jobId = null;
    const seen = new Set();
    unsubscribe = await api.query.system.events((records) => {
      for (const { event, phase } of records) {
        const key = `${records.createdAtHash?.toHex()}-${phase.toString()}-${event.index.toHex()}`;
        if (seen.has(key)) continue;
        seen.add(key);
        if (event.section === 'transactionPayment' && event.method === 'TransactionFeePaid' &&
            event.data[0].toString() === alice.address) {
          aliceFees += event.data[1].toBigInt();
        }
        if (event.section === 'jobs' && event.method === 'JobSettled' && jobId !== null &&
            event.data[0].toNumber() === jobId) {
          settled = event;
        }
      }
    });

    const [aliceBefore, charlieBefore] = [await free(alice), await free(charlie)];
    const head = (await api.rpc.chain.getHeader()).number.toNumber();
    const submitted = await signAndWait(api, api.tx.jobs.submitJob(
      { MatmulI8: { m: 2, k: 3, n: 2 } },
      [{ Inline: '0x010101010101' }, { Inline: '0x020202020202' }],
      1, 2n * UNIT, head + 300), charlie);
    jobId = findEvent(submitted.events, 'jobs', 'JobSubmitted').data.job.toNumber();
    const submitFee = findEvent(submitted.events, 'transactionPayment', 'TransactionFeePaid').data.actualFee.toBigInt();
    const startBlock = (await api.rpc.chain.getHeader()).number.toNumber();

    const deadline = Date.now() + 300_000;
    while (!settled) {
      if (Date.now() > deadline) throw new Error(`job ${jobId} did not settle: ${JSON.stringify((await api.call.jobsApi.job(jobId)).toHuman())}`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const endBlock = (await api.rpc.chain.getHeader()).number.toNumber();
    console.log(`job ${jobId}: submitted at #${startBlock}, settled by #${endBlock}`);

    // C = A·B with A all ones (2×3) and B all twos (3×2): four i32 sixes, little endian.
    const expected = new Uint8Array(16);
    for (let i = 0; i < 4; i++) expected[4 * i] = 6;
    const job = (await api.call.jobsApi.job(jobId)).unwrap();
    assert.ok(job.state.isSettled);
    assert.equal(job.resultDigest.unwrap().toHex(), blake2AsHex(expected, 256));
    assert.equal(job.providers[0].provider.toString(), alice.address);

    // One work unit at Alice's price of 1 TGD: Charlie paid exactly that plus his fee;
    // Alice earned it, less the fees of her commit and reveal.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.equal(await free(charlie), charlieBefore - UNIT - submitFee);
    assert.equal(await free(alice), aliceBefore + UNIT - aliceFees);
  } catch (err) {
    console.error(node.logs().split('\n').slice(-60).join('\n'));
    throw err;
  } finally {
    unsubscribe();
    if (api) await api.disconnect();
    await node.stop();
  }
});
