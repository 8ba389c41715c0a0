// Chained jobs: a job reads a settled job's output by the job's id (`{ JobOutput: id }`),
// with no download and no upload. Alice's node runs the first job and keeps its output;
// Bob's node runs the second and fetches its input from Alice's node over the chain's own
// artifact protocol; a model trained on Bob's node predicts on Alice's. Once no node serves an input any more, the provider it is assigned to
// declines the job before its commit deadline and keeps its whole stake.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { startDevNode, freePort } from '../src/devnode.js';
import { connect, signer, getOutput, UNIT } from '../src/chain.js';
import { signAndWait, findEvent } from '../src/tx.js';
import { JOBS, inline, fixtureBytes, useOperator, operatorOf, setParameters, referenceDigest, waitBlocks, matmulReference, EventLog } from './support.js';

// Matching reads providers' status as it was `DrawDelay` (3) blocks earlier.
const settle = (api) => waitBlocks(api, 4);

const profile = {
  adapterName: 'test', backend: 'cpu', deviceType: 'cpu', memoryBytes: 1 << 30,
  kernels: ['MatmulI8', 'AttentionI8', 'MlpTrain', 'MlpPredict'], benchmarkScore: 1, endpoint: '', maxConcurrentJobs: 4
};


async function submit (api, spec, inputs, who) {
  const head = (await api.rpc.chain.getHeader()).number.toNumber();
  const { events } = await signAndWait(api, api.tx.jobs.submitJob(spec, inputs, 1, 2n * UNIT, head + 300), who);
  return findEvent(events, 'jobs', 'JobSubmitted').data.job.toNumber();
}

async function waitSettled (api, id, timeoutMs) {
  return EventLog.until(async () => {
    const job = (await api.call.jobsApi.job(id)).unwrap();
    if (['Cancelled', 'Expired', 'Refunded'].includes(job.state.toString())) throw new Error(`job ${id} ended ${job.state.toString()}`);
    return job.state.isSettled ? job : null;
  }, timeoutMs, async () => `job ${id}: ${JSON.stringify((await api.call.jobsApi.job(id)).toHuman())}`);
}

test('a job reads another job\'s output by id; its provider fetches it from the node that produced it; train then predict; a provider declines unslashed once nobody serves the input', { timeout: 600_000 }, async () => {
  const aliceNode = await startDevNode({ args: ['--gpu-worker', '--gpu-worker-port', String(await freePort())] });
  let bobNode;
  let api;
  let bobApi;
  try {
    api = await connect(aliceNode.wsUrl);
    const peerId = (await api.rpc.system.localPeerId()).toString();
    bobNode = await startDevNode({
      as: 'bob',
      args: ['--bootnodes', `/ip4/127.0.0.1/tcp/${aliceNode.p2pPort}/p2p/${peerId}`,
        '--gpu-worker', '--gpu-worker-port', String(await freePort())]
    });
    bobApi = await connect(bobNode.wsUrl);
    const [alice, bob, charlie] = ['//Alice', '//Bob', '//Charlie'].map(signer);
    // No spot checks: this test is about who holds the bytes (abstaining verifiers are
    // covered by the pallet and agent tests).
    await setParameters(api, 'proofOfCompute', { auditProbability: 0 }, alice);
    await signAndWait(api, api.tx.providers.register(profile, UNIT, 2_000n * UNIT), bob);
    await useOperator(api, '//Bob');
    // Bob waits while Alice runs the first job.
    await signAndWait(api, api.tx.providers.pause(), operatorOf('//Bob'));
    await settle(api);

    // 1. An attention job on Alice's node: 64 bytes of int8 output.
    const first = await submit(api, JOBS.attention.spec, inline(JOBS.attention), charlie);
    const firstJob = await waitSettled(api, first, 240_000);
    assert.equal(firstJob.providers[0].provider.toString(), alice.address);
    const attended = await getOutput(api, first);
    assert.equal(attended.length, 64);

    // 2. A matmul on Bob's node reads it as its first input, named by the job.
    await signAndWait(api, api.tx.providers.resume(), bob);
    await signAndWait(api, api.tx.providers.pause(), operatorOf('//Alice'));
    await settle(api);
    const weights = hexToU8a(fixtureBytes(8 * 16, 1, 100, 21));
    const second = await submit(api, { MatmulI8: { m: 8, k: 8, n: 16 } },
      [{ JobOutput: first }, { Inline: u8aToHex(weights) }], charlie);
    const stored = (await api.query.jobs.jobInputs(second)).unwrap();
    assert.equal(stored[0].asOutput.toHex(), firstJob.resultDigest.unwrap().toHex(), 'kept by the first job\'s digest');
    const secondJob = await waitSettled(api, second, 240_000);
    assert.equal(secondJob.providers[0].provider.toString(), bob.address, 'Bob ran the chained job');
    assert.match(bobNode.logs(), /fetched job input 0x[0-9a-f]{64} \(64 bytes\)/, 'Bob\'s node fetched the input from a peer');
    const product = await getOutput(bobApi, second); // inline on chain: Alice's node does not fetch it
    assert.deepEqual(product, matmulReference(attended, weights, 8, 8, 16), 'computed on the first job\'s output');
    assert.equal(secondJob.outputLen.toNumber(), 4 * 8 * 16, 'the API gives the output length');

    // Train on Bob's node, predict with the trained model on Alice's: two submissions.
    const training = await submit(api, JOBS.training.spec, inline(JOBS.training), charlie);
    const trainedJob = await waitSettled(api, training, 240_000);
    assert.equal(trainedJob.providers[0].provider.toString(), bob.address);
    await signAndWait(api, api.tx.providers.resume(), alice);
    await signAndWait(api, api.tx.providers.pause(), operatorOf('//Bob'));
    await settle(api);
    const { batch, dIn, hidden, dOut, steps } = JOBS.training.spec.MlpTrain;
    const samples = fixtureBytes(16 * dIn, 4, 1024, 23);
    const predictSpec = { MlpPredict: { batch: 16, dIn, hidden, dOut, steps } };
    const predict = await submit(api, predictSpec, [{ Inline: samples }, { JobOutput: training }], charlie);
    const predicted = await waitSettled(api, predict, 240_000);
    assert.equal(predicted.providers[0].provider.toString(), alice.address, 'Alice predicted');
    assert.match(aliceNode.logs(), /fetched job input 0x[0-9a-f]{64} \(\d+ bytes\)/, 'with the model fetched from Bob\'s node');
    const model = await getOutput(api, training);
    assert.equal(predicted.resultDigest.unwrap().toHex(),
      referenceDigest(api, { spec: predictSpec, inputs: [samples, u8aToHex(model)] }),
      'the prediction is the CPU reference\'s on the trained weights');
    assert.ok(batch > 0);

    // Naming an unsettled job, or an output by its bare hash, is refused.
    await assert.rejects(submit(api, JOBS.matmul.spec, [{ JobOutput: 999_999 }, { Inline: JOBS.matmul.inputs[1] }], charlie),
      /UnsettledJobOutput/);
    await assert.rejects(submit(api, JOBS.matmul.spec, [{ Output: firstJob.resultDigest.unwrap().toHex() }, { Inline: JOBS.matmul.inputs[1] }], charlie),
      /OutputByHash/);

    // 3. Bob's node, the only one holding the second job's output, goes away; a job that
    // reads that output is matched to Alice, whose node cannot find it anywhere: she
    // declines before her commit deadline, unslashed, and the submitter gets it all back.
    await bobApi.disconnect();
    bobApi = null;
    await bobNode.stop();
    const aliceStake = (await api.query.providers.providers(alice.address)).unwrap().stake.toBigInt();
    const log = await EventLog.follow(api);
    // The second job's 512-byte output is this job's 8×64 int8 A.
    const third = await submit(api, { MatmulI8: { m: 8, k: 64, n: 2 } },
      [{ JobOutput: second }, { Inline: fixtureBytes(64 * 2, 1, 100, 22) }], charlie);
    const declined = await EventLog.until(() => log.find(third, 'jobs', 'JobDeclined'), 180_000,
      async () => `job ${third}: ${JSON.stringify((await api.call.jobsApi.job(third)).toHuman())}`);
    assert.equal(declined.event.data.provider.toString(), alice.address);
    const assigned = log.find(third, 'jobs', 'ProviderAssigned');
    if (assigned) console.log(`job ${third}: assigned in #${assigned.block}, declined in #${declined.block}`);
    assert.match(aliceNode.logs(), /reads another job's output that no reachable peer served/);
    const thirdJob = (await api.call.jobsApi.job(third)).unwrap();
    assert.equal(thirdJob.state.toString(), 'Pending', 'back to waiting for a provider');
    assert.equal(thirdJob.providers.length, 0);
    assert.equal((await api.query.providers.providers(alice.address)).unwrap().stake.toBigInt(), aliceStake,
      'declining cost Alice nothing');
    const held = async () => (await api.query.system.account(charlie.address)).data.reserved.toBigInt();
    const before = await held();
    await signAndWait(api, api.tx.jobs.cancelJob(third), charlie);
    assert.equal((await api.call.jobsApi.job(third)).unwrap().state.toString(), 'Cancelled');
    assert.equal(before - await held(), thirdJob.escrow.toBigInt(), 'the whole escrow is released');
    log.unsubscribe();
  } catch (err) {
    console.error('--- Alice\'s node ---\n' + aliceNode.logs().split('\n').filter((l) => /artifact|agent|input|gpu-worker/.test(l)).slice(-40).join('\n'));
    if (bobNode) console.error('--- Bob\'s node ---\n' + bobNode.logs().split('\n').filter((l) => /artifact|agent|input|gpu-worker/.test(l)).slice(-40).join('\n'));
    throw err;
  } finally {
    await bobApi?.disconnect();
    await api?.disconnect();
    await bobNode?.stop();
    await aliceNode.stop();
  }
});
