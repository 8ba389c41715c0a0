// Attacks from the threat model (docs/protocol.md), end to end against release dev nodes.
//
// - attack 1: a submitter posts a job no worker can run, hoping to have providers slashed
//   for missing their commitment. The chain refuses a spec whose device buffers exceed the
//   reference worker's limits; a valid job that one worker still refuses (here: a node
//   started with the test-only `--gpu-worker-memory-cap`) is declined by the provider's
//   agent, unslashed, and the job expires with the escrow refunded.
// - attack 4: one operator runs two provider accounts that agree on a lie (the test-only
//   `--gpu-worker-corrupt-results`). Agreeing replicas are audited too; the verifiers'
//   recomputation wins and both accounts lose 10% of their held stake.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDevNode, freePort } from '../src/devnode.js';
import { connect, signer, UNIT } from '../src/chain.js';
import { signAndWait, findEvent } from '../src/tx.js';
import { JOBS, inline, fixtureBytes, referenceDigest, EventLog, bestNumber, waitBlocks, setParameters, workerEndpoint, useOperator, operatorOf } from './support.js';

const profile = (maxConcurrentJobs) => ({
  adapterName: 'test', backend: 'Vulkan', deviceType: 'Cpu', memoryMib: 1024,
  kernels: ['MatmulI8'], benchmarkScore: 1, endpoint: '', maxConcurrentJobs
});

const stakeOf = async (api, who) => (await api.query.providers.providers(who.address)).unwrap().stake.toBigInt();

const lastLines = (node, n) => node.logs().split('\n').slice(-n).join('\n');

test('attack 1: a spec no worker can run is refused at submission, and a job the worker refuses is declined without a slash', { timeout: 420_000 }, async () => {
  // The worker refuses every job with more than 256 bytes of inputs plus output (413).
  const port = await freePort();
  const node = await startDevNode({
    args: ['--gpu-worker', '--gpu-worker-cpu', '--gpu-worker-port', String(port), '--gpu-worker-memory-cap', '256']
  });
  let api;
  let log;
  try {
    api = await connect(node.wsUrl);
    const [alice, eve] = ['//Alice', '//Eve'].map(signer);
    // Short windows so the refused job expires within a couple of minutes: commitment due
    // 10 blocks after assignment, a job nobody takes expires 10 blocks after submission.
    const params = await setParameters(api, 'jobs', { commitWindow: 10, maxPendingAge: 10 }, alice);
    assert.equal(params.commitWindow, 10);

    // 1. Attention over 8192 positions needs a 256 MiB score matrix (4 × 8192²), above the
    // 128 MiB a worker's storage buffer holds: refused at submission, nothing is escrowed.
    const seq = 8192;
    const attention = { AttentionI8: { seqLen: seq, dK: 1, dV: 1, scoreScale: { multiplier: 1, shift: 8 } } };
    const qkv = [31, 32, 33].map((seed) => ({ Inline: fixtureBytes(seq, 1, 100, seed) }));
    let head = await bestNumber(api);
    await assert.rejects(
      signAndWait(api, api.tx.jobs.submitJob(attention, qkv, 1, 2n * UNIT, head + 25), eve),
      (err) => {
        assert.equal(err.error, 'ExceedsWorkerMemory', err.message);
        return true;
      });

    // 2. A valid job (512 bytes of inputs and output) the capped worker refuses.
    const aliceStake = await stakeOf(api, alice);
    log = await EventLog.follow(api);
    const eveBefore = await log.freeAt(eve.address, log.start);
    head = await bestNumber(api);
    const { events } = await signAndWait(api,
      api.tx.jobs.submitJob(JOBS.matmul.spec, inline(JOBS.matmul), 1, 2n * UNIT, head + 25), eve);
    const submitted = findEvent(events, 'jobs', 'JobSubmitted');
    const id = submitted.data.job.toNumber();
    const escrow = submitted.data.escrow.toBigInt();
    const describe = async () => JSON.stringify({ job: (await api.call.jobsApi.job(id)).toHuman(), events: log.forJob(id).map((e) => e.method) });

    const assigned = await EventLog.until(() => log.find(id, 'jobs', 'ProviderAssigned'), 60_000, describe);
    assert.equal(assigned.event.data.provider.toString(), alice.address, 'Alice, the only provider, was assigned');
    const declined = await EventLog.until(() => log.find(id, 'jobs', 'JobDeclined'), 90_000, describe);
    assert.equal(declined.event.data.provider.toString(), alice.address, 'Alice declined the job');
    assert.ok(declined.block <= assigned.event.data.commitDeadline.toNumber(), 'declined before the commit deadline');
    const expired = await EventLog.until(() => log.find(id, 'jobs', 'JobExpired'), 240_000, describe);
    await log.caughtUp(expired.block);
    console.log(`job ${id}: submitted in #${log.find(id, 'jobs', 'JobSubmitted').block}, assigned in #${assigned.block}, ` +
      `declined in #${declined.block}, expired in #${expired.block}`);

    // No slash: no missed commitment, Alice's stake as it was.
    assert.equal(log.find(id, 'jobs', 'CommitMissed'), undefined, 'no CommitMissed');
    assert.equal(log.events.filter((e) => e.section === 'providers' && e.method === 'Slashed').length, 0, 'nobody slashed');
    assert.equal(await stakeOf(api, alice), aliceStake, "Alice's stake is unchanged");
    // The escrow came back whole; only the job record's storage deposit stays held (until
    // the record is pruned).
    const job = (await api.call.jobsApi.job(id)).unwrap();
    assert.ok(job.state.isExpired, `expired, not ${job.state.toString()}`);
    assert.equal(expired.event.data.refund.toBigInt(), escrow, 'the whole escrow was refunded');
    const eveAfter = await log.freeAt(eve.address, expired.block);
    assert.equal(eveAfter - eveBefore + log.feesOf(eve.address, expired.block), -job.deposit.toBigInt(),
      'the submitter lost nothing but the fees and the record deposit');

    // The refusal was the worker's memory cap (413 → `too_large`).
    const { url, token } = await workerEndpoint(api);
    const metrics = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text();
    assert.match(metrics, /gpu_worker_jobs_rejected_total\{reason="too_large"\} [1-9]/, metrics);
  } catch (err) {
    console.error(lastLines(node, 60));
    throw err;
  } finally {
    if (log) log.unsubscribe();
    if (api) await api.disconnect();
    await node.stop();
  }
});

test('attack 4: two Sybil accounts of one operator agreeing on a wrong result are audited and both slashed', { timeout: 480_000 }, async () => {
  const honest = await startDevNode({ args: ['--gpu-worker', '--gpu-worker-cpu', '--gpu-worker-port', String(await freePort())] });
  let liar;
  let api;
  let liarApi;
  let log;
  try {
    api = await connect(honest.wsUrl);
    const peerId = (await api.rpc.system.localPeerId()).toString();
    // One operator, one node, one lying worker, two provider accounts: Bob and Ferdie, whose
    // operator keys both sit on that node.
    liar = await startDevNode({
      as: 'bob',
      args: ['--bootnodes', `/ip4/127.0.0.1/tcp/${honest.p2pPort}/p2p/${peerId}`,
        '--gpu-worker', '--gpu-worker-cpu', '--gpu-worker-port', String(await freePort()), '--gpu-worker-corrupt-results']
    });
    liarApi = await connect(liar.wsUrl);
    const [alice, bob, charlie, dave, eve, ferdie] = ['//Alice', '//Bob', '//Charlie', '//Dave', '//Eve', '//Ferdie'].map(signer);

    // Every agreed round is audited (the floor; the deterrence rule may only raise it).
    const params = await setParameters(api, 'proofOfCompute', { auditProbability: 1_000_000 }, alice);
    assert.equal(params.auditProbability, 1_000_000);
    // Alice, the genesis provider, takes no jobs: only the Sybil pair can fill both slots.
    // Her node's operator key pauses her.
    await signAndWait(api, api.tx.providers.pause(), operatorOf('//Alice'));
    await Promise.all([
      signAndWait(api, api.tx.providers.register(profile(4), UNIT, 2_000n * UNIT), bob),
      signAndWait(api, api.tx.providers.register(profile(4), UNIT, 2_000n * UNIT), ferdie),
      signAndWait(api, api.tx.providers.register(profile(4), 100n * UNIT, 2_000n * UNIT), charlie),
      signAndWait(api, api.tx.providers.register(profile(4), 100n * UNIT, 2_000n * UNIT), dave)
    ]);
    // Cold provider accounts, hot operator keys: Bob's and Ferdie's on the lying node (the
    // `--bob` node already holds Bob's), Charlie's and Dave's on the honest one, where they
    // ask 100 TGD a unit, more than the job offers: never matched to it, but eligible
    // verifiers.
    await Promise.all([
      useOperator(api, '//Bob'),
      useOperator(api, '//Ferdie', { keystoreApi: liarApi }),
      useOperator(api, '//Charlie', { keystoreApi: api }),
      useOperator(api, '//Dave', { keystoreApi: api })
    ]);
    // The draw view sees the pause and the registrations three blocks later.
    await waitBlocks(api, 3);
    const stake = { [bob.address]: await stakeOf(api, bob), [ferdie.address]: await stakeOf(api, ferdie) };

    log = await EventLog.follow(api);
    const before = {};
    for (const who of [bob, ferdie, eve]) before[who.address] = await log.freeAt(who.address, log.start);
    const head = await bestNumber(api);
    const { events } = await signAndWait(api,
      api.tx.jobs.submitJob(JOBS.matmul.spec, inline(JOBS.matmul), 2, 2n * UNIT, head + 300), eve);
    const id = findEvent(events, 'jobs', 'JobSubmitted').data.job.toNumber();

    const finished = await EventLog.until(() => log.find(id, 'proofOfCompute', 'RoundFinished'), 420_000,
      async () => JSON.stringify({ job: (await api.call.jobsApi.job(id)).toHuman(), round: (await api.call.proofApi.round(id)).toHuman() }));
    const at = finished.block;
    await log.caughtUp(at);
    const audit = log.find(id, 'proofOfCompute', 'AuditStarted');
    console.log(`job ${id}: submitted in #${log.find(id, 'jobs', 'JobSubmitted').block}, ` +
      `audit started in #${audit?.block}, finished in #${at}: ${finished.event.data.outcome.toString()}`);

    // Both slots went to the one operator, and its two accounts agreed on a wrong digest.
    const job = (await api.call.jobsApi.job(id)).unwrap();
    assert.deepEqual(job.providers.map((s) => s.provider.toString()).sort(), [bob.address, ferdie.address].sort(),
      'Bob and Ferdie took both slots');
    const round = (await api.call.proofApi.round(id)).unwrap();
    const revealed = round.submissions.map((s) => s.revealed.unwrap().toHex());
    const reference = referenceDigest(api, JOBS.matmul);
    assert.equal(revealed.length, 2);
    assert.equal(revealed[0], revealed[1], 'the Sybil accounts agreed');
    assert.notEqual(revealed[0], reference, 'on a wrong result');

    // Agreement bought nothing: a random audit was drawn anyway, and the honest verifiers'
    // answer decided the round against both.
    assert.ok(audit, 'an audit started');
    assert.ok(audit.event.data.reason.isRandom, `a random audit, not ${audit.event.data.reason.toString()}`);
    assert.deepEqual(audit.event.data.verifiers.map((v) => v.toString()).sort(), [charlie.address, dave.address].sort());
    const outcome = finished.event.data.outcome;
    assert.ok(outcome.isAudited, `decided by the audit, not ${outcome.toString()}`);
    // Recomputed: the reference digest; Freivalds: every revealed output rejected (None).
    if (outcome.asAudited.isSome) assert.equal(outcome.asAudited.unwrap().toHex(), reference, 'the verifiers found the true digest');
    assert.ok(job.state.isRefunded, `refunded, not ${job.state.toString()}`);
    assert.equal(log.forJob(id).filter((e) => e.method === 'VerifierSlashed').length, 0, 'no verifier was slashed');

    for (const liarAccount of [bob, ferdie]) {
      const slash = log.forJob(id).find((e) => e.method === 'ProviderSlashed' && e.event.data.provider.toString() === liarAccount.address);
      assert.ok(slash, `${liarAccount.address} was slashed`);
      const amount = slash.event.data.amount.toBigInt();
      const slot = job.providers.find((s) => s.provider.toString() === liarAccount.address);
      assert.ok(slot.collateral.toBigInt() > 0n, 'the slot put up collateral');
      assert.equal(amount, slot.collateral.toBigInt(), 'the liar lost its slot\'s collateral');
      assert.equal(await stakeOf(api, liarAccount), stake[liarAccount.address] - amount);
      const delta = (await log.freeAt(liarAccount.address, at)) - before[liarAccount.address] + log.feesOf(liarAccount.address, at);
      assert.equal(delta, 0n, 'a liar was paid nothing');
    }
    // The submitter paid nothing for the job (only the record's storage deposit stays held).
    const eveDelta = (await log.freeAt(eve.address, at)) - before[eve.address] + log.feesOf(eve.address, at);
    assert.equal(eveDelta, -job.deposit.toBigInt(), 'the submitter was made whole');
  } catch (err) {
    console.error('--- honest node ---\n' + lastLines(honest, 40));
    if (liar) console.error('--- lying node ---\n' + lastLines(liar, 40));
    throw err;
  } finally {
    if (log) log.unsubscribe();
    if (liarApi) await liarApi.disconnect();
    if (api) await api.disconnect();
    if (liar) await liar.stop();
    await honest.stop();
  }
});
