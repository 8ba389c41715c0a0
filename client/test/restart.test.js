// A provider node stopped between its commit and its reveal still reveals after it starts
// again on the same base path: the salt and digest live in off-chain local storage, so the
// job settles and nothing is lost.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevNode, freePort } from '../src/devnode.js';
import { connect, signer, UNIT } from '../src/chain.js';
import { signAndWait, findEvent } from '../src/tx.js';
import { JOBS, inline, referenceDigest, EventLog } from './support.js';

test('a job committed before a node restart is revealed and settled after it', { timeout: 500_000 }, async () => {
  const basePath = mkdtempSync(join(tmpdir(), 'tensorgrid-restart-'));
  const start = async () => startDevNode({ basePath, args: ['--gpu-worker', '--gpu-worker-port', String(await freePort())] });
  let node = await start();
  let api;
  let log;
  try {
    api = await connect(node.wsUrl);
    log = await EventLog.follow(api);
    const alice = signer('//Alice');
    const charlie = signer('//Charlie');
    const head = (await api.rpc.chain.getHeader()).number.toNumber();
    const { events } = await signAndWait(api,
      api.tx.jobs.submitJob(JOBS.matmul.spec, inline(JOBS.matmul), 1, 2n * UNIT, head + 300), charlie);
    const id = findEvent(events, 'jobs', 'JobSubmitted').data.job.toNumber();

    // Stop the node as soon as a block carries Alice's commit; the next block, which would
    // carry her reveal, is seconds away.
    const committed = await EventLog.until(() => log.find(id, 'proofOfCompute', 'Committed'), 120_000,
      async () => JSON.stringify((await api.call.jobsApi.job(id)).toHuman()));
    log.unsubscribe();
    await api.disconnect();
    api = null;
    const stopped = await node.stop();
    console.log(`job ${id}: committed in #${committed.block}; node stopped (${JSON.stringify(stopped)})`);

    node = await start();
    api = await connect(node.wsUrl);
    const round = (await api.call.proofApi.round(id)).unwrap();
    const own = round.submissions.find((s) => s.provider.toString() === alice.address);
    assert.ok(own, 'Alice committed before the restart');
    assert.ok(own.revealed.isNone, 'the node stopped before Alice revealed');
    const restartedAt = (await api.rpc.chain.getHeader()).number.toNumber();

    log = await EventLog.follow(api);
    const settled = await EventLog.until(async () => {
      const job = (await api.call.jobsApi.job(id)).unwrap();
      return job.state.isSettled ? job : null;
    }, 240_000, async () => JSON.stringify((await api.call.jobsApi.job(id)).toHuman()));
    const settledAt = (await api.rpc.chain.getHeader()).number.toNumber();
    console.log(`job ${id}: restarted at #${restartedAt}, settled by #${settledAt}`);
    assert.equal(settled.resultDigest.unwrap().toHex(), referenceDigest(api, JOBS.matmul));
  } catch (err) {
    console.error(node.logs().split('\n').slice(-60).join('\n'));
    throw err;
  } finally {
    if (log) log.unsubscribe();
    if (api) await api.disconnect();
    await node.stop();
    rmSync(basePath, { recursive: true, force: true });
  }
});
