// A job submitted with @polkadot/api is escrowed and matched to a registered provider,
// the provider commits and reveals its result and is paid, the JobsApi and ProofApi runtime
// APIs report it, and bad input fails with the pallet's own error.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { u8aConcat, u8aToHex } from '@polkadot/util';
import { startDevNode } from '../src/devnode.js';
import { submitJob } from '../src/chain.js';
import { waitFor } from '../src/wait.js';
import { signAndWait, findEvent, DispatchFailed } from '../src/tx.js';
import { useOperator } from './support.js';

const UNIT = 10n ** 12n;

const matmul = { MatmulI8: { m: 2, k: 3, n: 2 } };
const matmulInputs = [{ Inline: '0x010101010101' }, { Inline: '0x020202020202' }];

test('a job is escrowed, matched, committed, revealed and settled', { timeout: 300_000 }, async () => {
  const node = await startDevNode();
  let api;
  try {
    api = await ApiPromise.create({ provider: new WsProvider(node.wsUrl), noInitWarn: true });
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    const bob = keyring.addFromUri('//Bob');
    const charlie = keyring.addFromUri('//Charlie');

    // Alice is the dev chain's genesis provider; this test wants Bob.
    // Her node's operator key pauses her: her own (stake) account no longer signs node work.
    await signAndWait(api, api.tx.providers.pause(), keyring.addFromUri('//Alice//operator'));
    const profile = {
      adapterName: 'llvmpipe', backend: 'Vulkan', deviceType: 'Cpu', memoryMib: 4096,
      kernels: ['MatmulI8'], benchmarkScore: 1, endpoint: '', maxConcurrentJobs: 1
    };
    const registered = await signAndWait(api, api.tx.providers.register(profile, UNIT, 2_000n * UNIT), bob);
    assert.ok(findEvent(registered.events, 'providers', 'Registered'));
    // Bob's account stays cold: his operator key signs the commit and the reveal.
    const operator = await useOperator(api, '//Bob');
    // A provider's changes reach the matcher three blocks later (the draw view): wait until
    // Alice's pause and Bob's registration count.
    const changedAt = (await api.rpc.chain.getHeader()).number.toNumber();
    await waitFor('the draw view to catch up', async () =>
      (await api.rpc.chain.getHeader()).number.toNumber() >= changedAt + 3 || null, 60_000);

    const head = (await api.rpc.chain.getHeader()).number.toNumber();
    const submit = api.tx.jobs.submitJob(matmul, matmulInputs, 1, 2n * UNIT, head + 300);
    const submitted = await signAndWait(api, submit, charlie);
    const event = findEvent(submitted.events, 'jobs', 'JobSubmitted');
    assert.ok(event, 'JobSubmitted emitted');
    const id = event.data.job.toNumber();
    // One work unit at 2 TGD plus the verification fee: that slot again for each of two verifiers.
    assert.equal(event.data.escrow.toBigInt(), 6n * UNIT);
    const held = await api.query.balances.holds(charlie.address);
    assert.ok(held.some((h) => h.id.toString().includes('JobEscrow') && h.amount.toBigInt() === 6n * UNIT));

    // Matching runs at the start of a later block.
    const job = await waitFor('the job to be assigned', async () => {
      const j = await api.call.jobsApi.job(id);
      return j.isSome && j.unwrap().state.isAssigned ? j.unwrap() : null;
    }, 60_000);
    assert.equal(job.providers[0].provider.toString(), bob.address);
    assert.equal(job.providers[0].pricePerUnit.toBigInt(), UNIT);
    const mine = await api.call.jobsApi.jobsByProvider(bob.address);
    assert.deepEqual(mine.map((j) => j.id.toNumber()), [id]);

    // Bob commits blake2_256(digest ‖ account ‖ salt), then reveals. He is the only
    // provider, so a spot check finds no verifier and the result stands.
    const digest = blake2AsU8a(new Uint8Array([1, 2, 3]));
    const salt = blake2AsU8a(new Uint8Array([42]));
    const commitment = blake2AsU8a(u8aConcat(digest, bob.publicKey, salt));
    const committed = await signAndWait(api, api.tx.proofOfCompute.commitResult(id, commitment), operator);
    assert.ok(findEvent(committed.events, 'jobs', 'JobCommitted'));
    const revealed = await signAndWait(
      api, api.tx.proofOfCompute.revealResult(id, digest, salt, { Artifact: digest }), operator);
    // The reveal decides nothing: the round is decided a few blocks later, with randomness
    // drawn after the reveal was fixed.
    const closed = findEvent(revealed.events, 'proofOfCompute', 'RevealsClosed');
    assert.ok(closed, 'RevealsClosed emitted');
    assert.ok(!findEvent(revealed.events, 'jobs', 'JobSettled'), 'not settled in the reveal\'s block');
    const done = await waitFor('the job to settle', async () => {
      const j = (await api.call.jobsApi.job(id)).unwrap();
      return j.state.isSettled ? j : null;
    }, 60_000);
    assert.equal(done.paid.toBigInt(), UNIT, 'Bob was paid his price');
    assert.equal(done.resultDigest.unwrap().toHex(), u8aToHex(digest));
    assert.equal(done.refunded.toBigInt(), 5n * UNIT, "the rest of the escrow, the unused fee included");
    const round = (await api.call.proofApi.round(id)).unwrap();
    assert.equal(round.outcome.unwrap().type, 'Agreed');

    // Bad input fails with the pallet's specific, readable error.
    await assert.rejects(
      signAndWait(api, api.tx.jobs.submitJob(matmul, matmulInputs, 0, UNIT, head + 300), charlie),
      (err) => err instanceof DispatchFailed && err.error === 'ZeroReplicas' && /jobs\.ZeroReplicas/.test(err.message)
    );
    await assert.rejects(
      signAndWait(api, api.tx.jobs.submitJob(matmul, [{ Inline: '0x01' }, matmulInputs[1]], 1, UNIT, head + 300), charlie),
      (err) => err.error === 'InputSizeMismatch'
    );
    const poor = keyring.addFromUri(`//poor-${Date.now()}`);
    await signAndWait(api, api.tx.balances.transferKeepAlive(poor.address, UNIT), charlie);
    await assert.rejects(
      signAndWait(api, api.tx.jobs.submitJob(matmul, matmulInputs, 1, 1_000n * UNIT, head + 300), poor),
      (err) => err.error === 'InsufficientBalance'
    );

    // A kernel the chain does not know cannot even be encoded: polkadot.js says so.
    assert.throws(() => api.tx.jobs.submitJob({ SortI8: { n: 4 } }, matmulInputs, 1, UNIT, head + 300),
      /SortI8/);
    // A known kernel that governance has switched off.
    const params = (await api.query.jobs.parameters()).toJSON();
    await signAndWait(api, api.tx.sudo.sudo(api.tx.jobs.setParameters({ ...params, enabledKernels: 1 })), keyring.addFromUri('//Alice'));
    await assert.rejects(
      signAndWait(api, api.tx.jobs.submitJob({ AttentionI8: { seqLen: 2, dK: 2, dV: 2, scoreScale: { multiplier: 1, shift: 1 } } },
        matmulInputs, 1, UNIT, head + 300), charlie),
      (err) => err.error === 'KernelDisabled' && /jobs\.KernelDisabled/.test(err.message)
    );
    // Oversized input: a tensor larger than the registry allows, an artifact above
    // MaxArtifactSize, and (caught by the client before sending) an inline input above
    // MaxInlineInputLen.
    await assert.rejects(
      signAndWait(api, api.tx.jobs.submitJob({ MatmulI8: { m: 65536, k: 65536, n: 65536 } }, matmulInputs, 1, UNIT, head + 300), charlie),
      (err) => err.error === 'TensorTooLarge'
    );
    const maxArtifact = api.consts.jobs.maxArtifactSize.toNumber();
    await assert.rejects(
      signAndWait(api, api.tx.jobs.storeArtifact('0x' + '01'.repeat(maxArtifact + 1)), charlie),
      (err) => err.error === 'ArtifactTooLarge' && /jobs\.ArtifactTooLarge/.test(err.message)
    );
    const huge = '0x' + '01'.repeat(api.consts.jobs.maxInlineInputLen.toNumber() + 1);
    await assert.rejects(
      submitJob(api, charlie, { spec: matmul, inputs: [{ Inline: huge }, matmulInputs[1]], replicas: 1, maxPricePerUnit: UNIT, deadline: head + 300 }),
      /input 0 is 16385 bytes inline; the chain takes at most 16384/
    );

    // A job nobody can take (price below every provider's) can be cancelled for a full refund.
    const cheap = await signAndWait(api, api.tx.jobs.submitJob(matmul, matmulInputs, 1, 1n, head + 300), charlie);
    const cheapId = findEvent(cheap.events, 'jobs', 'JobSubmitted').data.job.toNumber();
    const cancelled = await signAndWait(api, api.tx.jobs.cancelJob(cheapId), charlie);
    assert.ok(findEvent(cancelled.events, 'jobs', 'JobCancelled'));
  } catch (err) {
    console.error(node.logs().split('\n').slice(-40).join('\n'));
    throw err;
  } finally {
    if (api) await api.disconnect();
    await node.stop();
  }
});
