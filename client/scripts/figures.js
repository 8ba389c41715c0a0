#!/usr/bin/env node
// Market figures on a one-node dev chain (`tensorgrid-node --dev --gpu-worker`, Alice the
// only provider): blocks and seconds from submission to settlement for one job of each
// kernel, then jobs settled per minute with many small jobs submitted at once.
//
//   node scripts/figures.js [--jobs 100] [--cpu] [--trace]
//
// `--cpu` runs the node's worker on the CPU reference kernels instead of the GPU;
// `--trace` prints, for the batch run, how many jobs were assigned, committed, revealed and
// settled in each block (where the pipeline waits).

import { parseArgs } from 'node:util';
import { startDevNode, freePort } from '../src/devnode.js';
import { connect, signer, UNIT } from '../src/chain.js';
import { signAndWait, findEvent } from '../src/tx.js';
import { JOBS, inline, EventLog } from '../test/support.js';

const { values: opts } = parseArgs({
  options: {
    jobs: { type: 'string', default: '100' },
    cpu: { type: 'boolean', default: false },
    trace: { type: 'boolean', default: false }
  }
});
const manyJobs = Number(opts.jobs);

const args = ['--gpu-worker', '--gpu-worker-port', String(await freePort())];
if (opts.cpu) args.push('--gpu-worker-cpu');
const node = await startDevNode({ args });
const api = await connect(node.wsUrl);
const log = await EventLog.follow(api);
const times = new Map(); // block number → wall-clock ms when this script saw it
const stopTimes = await api.rpc.chain.subscribeNewHeads((h) => { times.set(h.number.toNumber(), Date.now()); });
const settledBlock = (id) => log.find(id, 'jobs', 'JobSettled')?.block;
const waitSettled = (ids, timeoutMs) => EventLog.until(() => ids.every(settledBlock), timeoutMs,
  async () => `${ids.filter((id) => !settledBlock(id)).length} of ${ids.length} jobs unsettled`);

try {
  const worker = (await (await fetch(`http://127.0.0.1:${args[2]}/v1/device`)).json());
  console.log(`node: one-node dev chain, 6 s blocks; GPU worker on ${worker.name} (${worker.backend})`);

  // 1. One job of each kernel, one at a time.
  console.log('\nsubmit → settled, one job at a time');
  console.log('kernel      work units  blocks  seconds');
  const charlie = signer('//Charlie');
  for (const [name, job] of Object.entries(JOBS)) {
    const head = (await api.rpc.chain.getHeader()).number.toNumber();
    const sentAt = Date.now();
    const { events } = await signAndWait(api, api.tx.jobs.submitJob(job.spec, inline(job), 1, 2n * UNIT, head + 300), charlie);
    const id = findEvent(events, 'jobs', 'JobSubmitted').data.job.toNumber();
    await waitSettled([id], 300_000);
    const submitted = log.find(id, 'jobs', 'JobSubmitted').block;
    const settled = settledBlock(id);
    const units = (await api.call.jobsApi.job(id)).unwrap().workUnits.toNumber();
    const seconds = (times.get(settled) - sentAt) / 1000;
    console.log(`${name.padEnd(12)}${String(units).padStart(10)}  ${String(settled - submitted).padStart(6)}  ${seconds.toFixed(1).padStart(7)}`);
  }

  // 2. Many small jobs at once: one batch of submissions in a single block.
  const bob = signer('//Bob');
  const head = (await api.rpc.chain.getHeader()).number.toNumber();
  const calls = Array.from({ length: manyJobs }, () =>
    api.tx.jobs.submitJob(JOBS.matmul.spec, inline(JOBS.matmul), 1, 2n * UNIT, head + 600));
  const sentAt = Date.now();
  const { events } = await signAndWait(api, api.tx.utility.batchAll(calls), bob);
  const ids = events.filter((e) => e.section === 'jobs' && e.method === 'JobSubmitted').map((e) => e.data.job.toNumber());
  if (ids.length !== manyJobs) throw new Error(`${ids.length} of ${manyJobs} jobs were submitted`);
  await waitSettled(ids, 1_200_000);
  const submitted = log.find(ids[0], 'jobs', 'JobSubmitted').block;
  const last = Math.max(...ids.map(settledBlock));
  const minutes = (times.get(last) - sentAt) / 60_000;
  console.log(`\n${manyJobs} matmul jobs submitted at once (block #${submitted}): all settled by #${last}`);
  console.log(`  ${last - submitted} blocks, ${(minutes * 60).toFixed(1)} s: ${(manyJobs / minutes).toFixed(1)} jobs settled per minute`);
  if (opts.trace) printTrace(log, new Set(ids), submitted, last);
} finally {
  stopTimes();
  log.unsubscribe();
  await api.disconnect();
  await node.stop();
}

/** Per block: jobs of `ids` assigned, committed, revealed and settled in it. */
function printTrace (log, ids, from, to) {
  const stages = [['jobs', 'JobAssigned'], ['jobs', 'ResultCommitted'], ['proofOfCompute', 'Revealed'], ['jobs', 'JobSettled']];
  console.log('\nblock  assigned  committed  revealed  settled');
  for (let block = from; block <= to; block++) {
    const counts = stages.map(([section, method]) => log.events.filter((e) => e.block === block &&
      e.section === section && e.method === method && ids.has(e.event.data.job.toNumber())).length);
    console.log(`#${String(block).padEnd(5)}${counts.map((c, i) => String(c).padStart(i ? 10 : 9)).join('')}`);
  }
}
