// Two provider nodes on one chain: Alice's (honest) and Bob's, whose GPU worker reports a
// wrong result (the test-only `--gpu-worker-corrupt-results`). Their digests disagree, the
// chain draws Charlie and Dave (keys on Alice's node) as verifiers, their re-execution backs
// Alice: Bob is slashed, Alice paid, the verifiers paid, and the submitter made whole.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDevNode, freePort } from '../src/devnode.js';
import { connect, signer, UNIT } from '../src/chain.js';
import { signAndWait, findEvent } from '../src/tx.js';
import { JOBS, inline, referenceDigest, EventLog, useOperator } from './support.js';

const profile = (maxConcurrentJobs) => ({
  adapterName: 'test', backend: 'Vulkan', deviceType: 'Cpu', memoryMib: 1024,
  kernels: ['MatmulI8'], benchmarkScore: 1, endpoint: '', maxConcurrentJobs
});

test('a provider that reveals a wrong digest is outvoted by verifiers and slashed', { timeout: 500_000 }, async () => {
  const honest = await startDevNode({ args: ['--gpu-worker', '--gpu-worker-port', String(await freePort())] });
  let liar;
  let api;
  let log;
  try {
    api = await connect(honest.wsUrl);
    const peerId = (await api.rpc.system.localPeerId()).toString();
    liar = await startDevNode({
      as: 'bob',
      args: ['--bootnodes', `/ip4/127.0.0.1/tcp/${honest.p2pPort}/p2p/${peerId}`,
        '--gpu-worker', '--gpu-worker-port', String(await freePort()), '--gpu-worker-corrupt-results']
    });
    const [alice, bob, charlie, dave, eve] = ['//Alice', '//Bob', '//Charlie', '//Dave', '//Eve'].map(signer);

    // Charlie and Dave ask 100 TGD a unit, more than the job offers, so they are never
    // matched to it but are eligible verifiers. Every provider account stays cold: Bob's
    // node holds `//Bob//operator` (as any `--bob` node), Alice's node gets Charlie's and
    // Dave's operator keys.
    await Promise.all([
      signAndWait(api, api.tx.providers.register(profile(4), UNIT, 2_000n * UNIT), bob),
      signAndWait(api, api.tx.providers.register(profile(4), 100n * UNIT, 2_000n * UNIT), charlie),
      signAndWait(api, api.tx.providers.register(profile(4), 100n * UNIT, 2_000n * UNIT), dave)
    ]);
    await Promise.all([
      useOperator(api, '//Bob'),
      useOperator(api, '//Charlie', { keystoreApi: api }),
      useOperator(api, '//Dave', { keystoreApi: api })
    ]);
    const bobStake = (await api.query.providers.providers(bob.address)).unwrap().stake.toBigInt();

    log = await EventLog.follow(api);
    const before = {};
    for (const who of [alice, bob, charlie, dave, eve]) before[who.address] = await log.freeAt(who.address, log.start);

    const head = (await api.rpc.chain.getHeader()).number.toNumber();
    const { events } = await signAndWait(api,
      api.tx.jobs.submitJob(JOBS.matmul.spec, inline(JOBS.matmul), 2, 2n * UNIT, head + 300), eve);
    const id = findEvent(events, 'jobs', 'JobSubmitted').data.job.toNumber();

    const finished = await EventLog.until(() => log.find(id, 'proofOfCompute', 'RoundFinished'), 400_000,
      async () => JSON.stringify({ job: (await api.call.jobsApi.job(id)).toHuman(), round: (await api.call.proofApi.round(id)).toHuman() }));
    const at = finished.block;
    await log.caughtUp(at);
    console.log(`job ${id}: submitted in #${log.find(id, 'jobs', 'JobSubmitted').block}, ` +
      `audit started in #${log.find(id, 'proofOfCompute', 'AuditStarted')?.block}, finished in #${at}`);

    const job = (await api.call.jobsApi.job(id)).unwrap();
    const assigned = job.providers.map((s) => s.provider.toString()).sort();
    assert.deepEqual(assigned, [alice.address, bob.address].sort(), 'Alice and Bob ran the job');
    assert.ok(job.state.isSettled, `settled, not ${job.state.toString()}`);
    const reference = referenceDigest(api, JOBS.matmul);
    assert.equal(job.resultDigest.unwrap().toHex(), reference, 'the verifiers backed the honest digest');

    const round = (await api.call.proofApi.round(id)).unwrap();
    const verifiers = round.verifiers.map(([v]) => v.toString()).sort();
    assert.deepEqual(verifiers, [charlie.address, dave.address].sort());
    const slash = log.forJob(id).find((e) => e.method === 'ProviderSlashed');
    assert.ok(slash, 'a provider was slashed');
    assert.equal(slash.event.data.provider.toString(), bob.address);
    const slashed = slash.event.data.amount.toBigInt();
    // Bob's slot put up 10% of his free stake, capped at 30 × its pay (the pay that makes a
    // 5% audit deterrent), at least 10 TGD; a lie costs that collateral.
    const units = job.workUnits.toBigInt();
    const bobSlot = job.providers.find((s) => s.provider.toString() === bob.address);
    const cap = 30n * UNIT * units > 10n * UNIT ? 30n * UNIT * units : 10n * UNIT;
    const collateral = bobStake / 10n < cap ? bobStake / 10n : cap;
    assert.equal(bobSlot.collateral.toBigInt(), collateral, "Bob's slot collateral");
    assert.equal(slashed, collateral, 'Bob lost his slot\'s collateral');
    assert.equal((await api.query.providers.providers(bob.address)).unwrap().stake.toBigInt(), bobStake - slashed);

    // Money after the round: Eve paid Alice's price and nothing for the audit; the verifiers
    // shared the fee and half of what the slash left after making Eve whole.
    const fee = job.verificationFee.toBigInt();
    assert.equal(fee, 2n * 2n * UNIT * units, 'one slot at the maximum price for each of two verifiers');
    const delta = async (who) => (await log.freeAt(who.address, at)) - before[who.address] + log.feesOf(who.address, at);
    // The job record's storage deposit stays held until the record is pruned.
    assert.equal(await delta(eve), -UNIT * units - job.deposit.toBigInt(), 'the submitter paid only for the honest work');
    assert.equal(await delta(alice), UNIT * units, 'Alice was paid her price');
    assert.equal(await delta(bob), 0n, 'Bob was paid nothing (his loss is from his held stake)');
    const toVerifiers = (slashed - fee) / 2n;
    for (const verifier of [charlie, dave]) {
      assert.equal(await delta(verifier), fee / 2n + toVerifiers / 2n, 'each verifier: half the fee and a share of the slash');
    }
  } catch (err) {
    console.error('--- honest node ---\n' + honest.logs().split('\n').slice(-40).join('\n'));
    if (liar) console.error('--- lying node ---\n' + liar.logs().split('\n').slice(-40).join('\n'));
    throw err;
  } finally {
    if (log) log.unsubscribe();
    if (api) await api.disconnect();
    if (liar) await liar.stop();
    await honest.stop();
  }
});
