// Compute-to-data end to end on one dev node: Bob founds a data DAO, Charlie contributes
// the two data tensors of a training job by hash and size (their bytes go only into the
// custodian's dataset directory), Bob's review accepts them, a share vote admits Alice's
// node as custodian and grants MlpTrain to anyone; a buyer trains on the dataset and gets
// the CPU reference's digest; the access fee reaches the DAO and is split and claimed to
// the planck; a job under a missing grant or an ungranted kernel fails costing only its
// transaction fee; and neither item's bytes ever appear in a block or in storage.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blake2AsHex, cryptoWaitReady } from '@polkadot/util-crypto';
import { hexToU8a } from '@polkadot/util';
import { startDevNode, freePort } from '../src/devnode.js';
import { connect, signer, UNIT } from '../src/chain.js';
import { signAndWait, findEvent, DispatchFailed } from '../src/tx.js';
import { encodeRules, eventField, eventsOf } from '../src/dao.js';
import { JOBS, fixtureBytes, referenceDigest, EventLog, bestNumber } from './support.js';

const PERBILL = 1_000_000_000n;
const FOUNDER_SHARES = 100n;
const RATINGS = { x: 5, y: 3 };
// An odd price, so that both Perbill floors and the per-share floor drop something.
const PRICE_PER_UNIT = UNIT + 123_457n;

/** `floor(amount × parts / 10^9)`, as `Perbill::mul_floor`. */
const mulFloor = (amount, parts) => (amount * BigInt(parts)) / PERBILL;

/** The transaction fee an extrinsic's own events report. */
function feeOf (events) {
  const paid = findEvent(events, 'transactionPayment', 'TransactionFeePaid');
  assert.ok(paid, 'TransactionFeePaid among the extrinsic\'s events');
  return eventField(paid, 'actualFee').toBigInt() + eventField(paid, 'tip').toBigInt();
}

test('a data DAO sells training on its dataset: exact revenue, refused jobs, no bytes on chain', { timeout: 600_000 }, async () => {
  const started = Date.now();
  const datasetDir = mkdtempSync(join(tmpdir(), 'tg-dataset-'));
  const node = await startDevNode({
    args: ['--gpu-worker', '--gpu-worker-port', String(await freePort()), '--dataset-dir', datasetDir],
    timeoutMs: 180_000
  });
  let api;
  let log;
  const mark = async (what) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s, #${await bestNumber(api)}] ${what}`);
  try {
    await cryptoWaitReady();
    api = await connect(node.wsUrl);
    assert.ok(api.tx.dataDao && api.call.dataDaoApi,
      `the node's runtime (spec ${api.runtimeVersion.specVersion}) has no dataDao pallet: a node binary with a stale runtime wasm?`);
    log = await EventLog.follow(api);
    await mark('node up');
    const alice = signer('//Alice');
    const bob = signer('//Bob');
    const charlie = signer('//Charlie');
    const buyer = signer('//DataBuyer');
    const probe = signer('//DataProbe');

    /** An account's free and reserved balance after block `number` (one the log has seen). */
    const balanceAt = async (who, number) => {
      const at = await api.at(log.hashes.get(number) ?? await api.rpc.chain.getBlockHash(number));
      const { data } = await at.query.system.account(who);
      return { free: data.free.toBigInt(), reserved: data.reserved.toBigInt(), total: data.free.toBigInt() + data.reserved.toBigInt() };
    };
    const numberOf = async (blockHash) => (await api.rpc.chain.getHeader(blockHash)).number.toNumber();

    // The two data tensors of the MlpTrain fixture: x (8 × 4 i32) and y (8 × 2 i32).
    const training = JOBS.training;
    const item = (hex) => {
      const bytes = hexToU8a(hex);
      return { hex: hex.slice(2), bytes, hash: blake2AsHex(bytes, 256), size: bytes.length };
    };
    const x = item(training.inputs[0]);
    const y = item(training.inputs[1]);
    assert.equal(x.size, 128);
    assert.equal(y.size, 64);
    // The custodian's copy: one file per item, named by its hash in lowercase hex.
    for (const it of [x, y]) writeFileSync(join(datasetDir, it.hash.slice(2)), it.bytes);
    const weights = training.inputs.slice(2).map((hex) => ({ Inline: hex }));

    // 1. Bob founds the DAO (he is its first curator); Alice funds the buyer and the probe.
    const rules = encodeRules({ votingPeriod: 5, enactmentDelay: 0, quorum: '50', approval: '50', membersShare: '70', curatorsShare: '10' });
    assert.deepEqual(rules, {
      votingPeriod: 5, enactmentDelay: 0, quorum: 500_000_000, approval: 500_000_000,
      split: { contributors: 700_000_000, curators: 100_000_000 }, autoAccept: null
    });
    const [created] = await Promise.all([
      signAndWait(api, api.tx.dataDao.createDao(rules, FOUNDER_SHARES, []), bob),
      signAndWait(api, api.tx.utility.batchAll([
        api.tx.balances.transferKeepAlive(buyer.address, 1_000n * UNIT),
        api.tx.balances.transferKeepAlive(probe.address, 1_000n * UNIT)
      ]), alice)
    ]);
    const daoCreated = findEvent(created.events, 'dataDao', 'DaoCreated');
    assert.ok(daoCreated, 'DaoCreated');
    const dao = eventField(daoCreated, 'dao').toNumber();
    const daoAccount = eventField(daoCreated, 'account').toString();
    assert.equal((await api.call.dataDaoApi.account(dao)).toString(), daoAccount);
    let info = (await api.query.dataDao.daos(dao)).unwrap();
    assert.deepEqual(info.curators.map((c) => c.toString()), [bob.address], 'the founder is the only curator');
    await mark(`DAO ${dao} created, account ${daoAccount}`);

    // 2. Charlie contributes x and y by hash and size; Bob, the only curator, accepts them.
    const contributed = await signAndWait(api, api.tx.utility.batchAll([
      api.tx.dataDao.contribute(dao, x.hash, x.size),
      api.tx.dataDao.contribute(dao, y.hash, y.size)
    ]), charlie);
    assert.equal(eventsOf(contributed.events, 'dataDao', 'ItemContributed').length, 2);
    const reviewed = await signAndWait(api, api.tx.utility.batchAll([
      api.tx.dataDao.review(dao, x.hash, RATINGS.x),
      api.tx.dataDao.review(dao, y.hash, RATINGS.y)
    ]), bob);
    const reviewedAt = await numberOf(reviewed.blockHash);
    const unitBytes = api.consts.dataDao.shareUnitBytes.toBigInt();
    const maxUnits = api.consts.dataDao.maxUnitsPerItem.toBigInt();
    const sharesOf = (it, rating) => {
      const units = (BigInt(it.size) + unitBytes - 1n) / unitBytes;
      return (units < maxUnits ? units : maxUnits) * BigInt(rating);
    };
    const accepted = eventsOf(reviewed.events, 'dataDao', 'ItemAccepted');
    assert.deepEqual(accepted.map((e) => [eventField(e, 'item').toHex(), eventField(e, 'rating').toNumber(), eventField(e, 'shares').toBigInt()]),
      [[x.hash, RATINGS.x, sharesOf(x, RATINGS.x)], [y.hash, RATINGS.y, sharesOf(y, RATINGS.y)]]);
    const charlieShares = sharesOf(x, RATINGS.x) + sharesOf(y, RATINGS.y);
    const totalShares = FOUNDER_SHARES + charlieShares;
    const versions = eventsOf(reviewed.events, 'dataDao', 'VersionCreated');
    const version = eventField(versions[versions.length - 1], 'version').toNumber();
    assert.equal(version, 2, 'one version per acceptance');
    info = (await api.query.dataDao.daos(dao)).unwrap();
    assert.equal(info.totalShares.toBigInt(), totalShares);
    assert.equal(info.version.toNumber(), version);
    await mark(`items accepted in #${reviewedAt}: x ${x.hash} (${sharesOf(x, RATINGS.x)} shares), y ${y.hash} (${sharesOf(y, RATINGS.y)} shares)`);

    // 3. A block later (so Charlie's shares are in the electorate), Bob proposes Alice as
    // custodian and a grant of MlpTrain to anyone, and votes aye on both.
    const head = await bestNumber(api);
    const grantTerms = {
      grantee: null,
      version,
      kernels: ['MlpTrain'],
      spec: null,
      layout: null,
      params: 'Any',
      maxWorkUnits: 10,
      maxOutputBytes: 4096,
      pricePerUnit: PRICE_PER_UNIT,
      expiresAt: head + 1000
    };
    // Alice's provider account offers custody first: nobody is made a custodian unasked.
    const offered = await signAndWait(api, api.tx.dataDao.offerCustody(dao, true), alice);
    assert.ok(eventsOf(offered.events, 'dataDao', 'CustodyOffered').length === 1);
    const proposed = await signAndWait(api, api.tx.utility.batchAll([
      api.tx.dataDao.propose(dao, { AdmitCustodian: alice.address }),
      api.tx.dataDao.propose(dao, { Grant: grantTerms })
    ]), bob);
    const proposedAt = await numberOf(proposed.blockHash);
    assert.ok(proposedAt > reviewedAt);
    const proposals = eventsOf(proposed.events, 'dataDao', 'Proposed');
    assert.equal(proposals.length, 2);
    const ids = proposals.map((e) => eventField(e, 'proposal').toNumber());
    const endsAt = Math.max(...proposals.map((e) => eventField(e, 'endsAt').toNumber()));
    assert.equal(endsAt, proposedAt + 5);
    for (const id of ids) {
      assert.equal((await api.query.dataDao.proposals(dao, id)).unwrap().electorate.toBigInt(), totalShares);
    }
    const voted = await signAndWait(api, api.tx.utility.batchAll(ids.map((id) => api.tx.dataDao.vote(dao, id, true))), bob);
    assert.deepEqual(eventsOf(voted.events, 'dataDao', 'Voted').map((e) => eventField(e, 'weight').toBigInt()), [FOUNDER_SHARES, FOUNDER_SHARES]);
    await mark(`proposals ${ids} made in #${proposedAt}, voted; voting ends at #${endsAt}`);

    // Meanwhile: the CPU reference of the training job, and a job under a grant that does
    // not exist, which costs its submitter exactly the transaction fee.
    const expectedDigest = referenceDigest(api, training);
    const alicePrice = (await api.query.providers.providers(alice.address)).unwrap().pricePerUnit.toBigInt();
    let probeFees = 0;
    /** Submit a job that must fail with `dataDao.<error>`; check it cost only the fee. */
    const refused = async (error, spec, inputs) => {
      const nextJob = (await api.query.jobs.nextJobId()).toNumber();
      const deadline = (await bestNumber(api)) + 300;
      await assert.rejects(signAndWait(api, api.tx.jobs.submitJob(spec, inputs, 1, alicePrice, deadline), probe),
        (err) => err instanceof DispatchFailed && err.pallet === 'dataDao' && err.error === error,
        `dataDao.${error}`);
      // The probe's fee entries, in order: its n-th transaction is the n-th.
      const n = probeFees++;
      const paid = await EventLog.until(() => log.fees.filter((f) => f.who === probe.address)[n], 60_000,
        async () => `the fee of the probe's transaction ${n}`);
      const [before, after] = [await balanceAt(probe.address, paid.block - 1), await balanceAt(probe.address, paid.block)];
      assert.equal(before.total - after.total, paid.amount, `${error}: the total balance drops by the fee alone`);
      assert.equal(after.reserved, 0n, `${error}: nothing held`);
      const at = await api.at(log.hashes.get(paid.block));
      assert.equal((await at.query.balances.holds(probe.address)).length, 0, `${error}: no hold`);
      assert.equal((await at.query.jobs.openJobs(probe.address)).toNumber(), 0, `${error}: no open job`);
      assert.equal((await at.query.jobs.nextJobId()).toNumber(), nextJob, `${error}: no job created`);
      console.log(`  ${error}: in #${paid.block}, fee ${paid.amount}, total ${before.total} -> ${after.total}`);
    };
    await refused('GrantNotFound', training.spec, [
      { Dataset: { dao, grant: 99, item: x.hash, maxFeePerUnit: PRICE_PER_UNIT } }, { Dataset: { dao, grant: 99, item: y.hash, maxFeePerUnit: PRICE_PER_UNIT } }, ...weights
    ]);

    // After the voting period anyone closes; with no enactment delay both execute at once.
    await EventLog.until(async () => (await bestNumber(api)) >= endsAt, 120_000, async () => `block #${endsAt}`);
    const closed = await signAndWait(api, api.tx.utility.batchAll(ids.map((id) => api.tx.dataDao.closeProposal(dao, id))), bob);
    assert.equal(eventsOf(closed.events, 'dataDao', 'Approved').length, 2);
    const executed = eventsOf(closed.events, 'dataDao', 'Executed');
    assert.equal(executed.length, 2);
    for (const e of executed) {
      const result = eventField(e, 'result');
      assert.ok(result.isOk, `proposal ${eventField(e, 'proposal')} executed: ${JSON.stringify(result.toHuman())}`);
    }
    assert.equal(eventField(findEvent(closed.events, 'dataDao', 'CustodianAdmitted'), 'custodian').toString(), alice.address);
    const grant = eventField(findEvent(closed.events, 'dataDao', 'GrantCreated'), 'grant').toNumber();
    info = (await api.query.dataDao.daos(dao)).unwrap();
    assert.deepEqual(info.custodians.map((c) => c.toString()), [alice.address]);
    await mark(`closed in #${await numberOf(closed.blockHash)}: Alice is custodian, grant ${grant}`);

    // 4. The buyer trains on the dataset: x and y by reference, the weights inline. A
    // MatmulI8 job on x under the same grant is refused meanwhile.
    const daoBefore = await balanceAt(daoAccount, await bestNumber(api));
    const ed = api.consts.balances.existentialDeposit.toBigInt();
    assert.equal(daoBefore.total, ed, 'the DAO account holds only its existential deposit');
    const buyerBefore = await balanceAt(buyer.address, await bestNumber(api));
    const deadline = (await bestNumber(api)) + 300;
    const submitted = await signAndWait(api, api.tx.jobs.submitJob(training.spec, [
      { Dataset: { dao, grant, item: x.hash, maxFeePerUnit: PRICE_PER_UNIT } }, { Dataset: { dao, grant, item: y.hash, maxFeePerUnit: PRICE_PER_UNIT } }, ...weights
    ], 1, alicePrice, deadline), buyer);
    const jobId = eventField(findEvent(submitted.events, 'jobs', 'JobSubmitted'), 'job').toNumber();
    const submitFee = feeOf(submitted.events);
    const ticket = (await api.query.jobs.jobAccess(jobId)).unwrap();
    let job = (await api.call.jobsApi.job(jobId)).unwrap();
    const workUnits = job.workUnits.toBigInt();
    const fee = PRICE_PER_UNIT * workUnits;
    assert.equal(ticket.fee.toBigInt(), fee, 'access fee = price per unit × work units');
    assert.equal(ticket.recipient.toString(), daoAccount);
    const escrow = job.escrow.toBigInt();
    assert.equal(escrow, alicePrice * workUnits + job.verificationFee.toBigInt() + fee, 'the fee is escrowed with the job');
    assert.equal(eventField(findEvent(submitted.events, 'jobs', 'JobSubmitted'), 'escrow').toBigInt(), escrow);
    await mark(`job ${jobId} submitted in #${await numberOf(submitted.blockHash)}: ${workUnits} work units, access fee ${fee}, escrow ${job.escrow}`);
    // While it runs (after it, so that the job count it checks is not the buyer's).
    await refused('KernelNotGranted', { MatmulI8: { m: 1, k: 128, n: 1 } }, [
      { Dataset: { dao, grant, item: x.hash, maxFeePerUnit: PRICE_PER_UNIT } }, { Inline: fixtureBytes(128, 1, 100, 77) }
    ]);

    const settled = await EventLog.until(async () => {
      const found = log.find(jobId, 'jobs', 'JobSettled');
      if (found) return found;
      const state = (await api.call.jobsApi.job(jobId)).unwrap().state.toString();
      if (['Cancelled', 'Expired', 'Refunded'].includes(state)) throw new Error(`job ${jobId} ended ${state}`);
      return null;
    }, 300_000, async () => `job ${jobId}: ${JSON.stringify((await api.call.jobsApi.job(jobId)).toHuman())}`);
    await log.caughtUp(settled.block);
    job = (await api.call.jobsApi.job(jobId)).unwrap();
    await mark(`job ${jobId} settled in #${settled.block}: ${log.forJob(jobId).map((e) => `${e.method}@${e.block}`).join(' ')}`);
    assert.ok(job.state.isSettled);
    assert.equal(job.resultDigest.unwrap().toHex(), expectedDigest, 'the digest of the CPU reference on the same bytes');
    assert.deepEqual(job.providers.map((p) => p.provider.toString()), [alice.address], 'run by the custodian');
    const providerPay = job.providers[0].pricePerUnit.toBigInt() * workUnits;
    assert.equal(job.paid.toBigInt(), providerPay + fee, 'paid: the provider\'s price and the access fee');
    assert.equal(job.refunded.toBigInt(), escrow - job.paid.toBigInt(), 'the rest of the escrow (the verification fee) came back');
    assert.equal(job.escrow.toBigInt(), 0n, 'nothing left in escrow');
    const buyerAfter = await balanceAt(buyer.address, settled.block);
    assert.equal(buyerBefore.total - buyerAfter.total, job.paid.toBigInt() + submitFee, 'the buyer paid exactly that and its fee');
    const used = (await api.query.dataDao.grants(dao, grant)).unwrap();
    assert.equal(used.usedWorkUnits.toBigInt(), workUnits, 'the refused jobs took nothing from the grant');
    assert.equal(used.usedOutputBytes.toBigInt(), ticket.outputBytes.toBigInt());

    // 5. The fee reached the DAO's account, split by the rules with the pallet's floors.
    const toMembers = mulFloor(fee, rules.split.contributors);
    const toCurators = mulFloor(fee, rules.split.curators);
    const toTreasury = fee - toMembers - toCurators;
    const perShare = toMembers / totalShares;
    const dust = toMembers - perShare * totalShares;
    // Curators share theirs equally: Bob is the only one.
    const curators = BigInt(info.curators.length);
    assert.equal(curators, 1n);
    const expected = { bob: FOUNDER_SHARES * perShare + toCurators / curators, charlie: charlieShares * perShare };
    const settleEvents = (await (await api.at(log.hashes.get(settled.block))).query.system.events()).map((r) => r.event);
    const revenue = eventsOf(settleEvents, 'dataDao', 'RevenueReceived');
    assert.equal(revenue.length, 1, 'one RevenueReceived in the settlement block');
    assert.deepEqual(['dao', 'amount', 'toMembers', 'toCurators', 'toTreasury'].map((f) => eventField(revenue[0], f).toBigInt()),
      [BigInt(dao), fee, toMembers, toCurators, toTreasury]);
    const daoBeforeSettle = await balanceAt(daoAccount, settled.block - 1);
    const daoAfterSettle = await balanceAt(daoAccount, settled.block);
    assert.equal(daoBeforeSettle.total, ed);
    assert.equal(daoAfterSettle.total - daoBeforeSettle.total, fee, 'the DAO account received the fee');
    assert.equal((await api.query.dataDao.daos(dao)).unwrap().treasury.toBigInt(), toTreasury);
    const pool = await api.query.dataDao.memberPools(dao);
    assert.deepEqual([pool.perWeight.toBigInt(), pool.totalWeight.toBigInt(), pool.dust.toBigInt()], [perShare, totalShares, dust]);
    for (const [name, who, shares] of [['bob', bob, FOUNDER_SHARES], ['charlie', charlie, charlieShares]]) {
      const member = (await api.call.dataDaoApi.member(dao, who.address)).unwrap();
      assert.equal(member.shares.toBigInt(), shares, `${name}'s shares`);
      assert.equal(member.claimable.toBigInt(), expected[name], `${name}'s claimable`);
    }
    console.log(`  fee ${fee}: members ${toMembers} (${perShare} per share of ${totalShares}, dust ${dust}), curators ${toCurators}, treasury ${toTreasury}`);

    // Both claim: each gets exactly what it was owed, less nothing but its fee.
    const claims = await Promise.all([bob, charlie].map((who) => signAndWait(api, api.tx.dataDao.claim(dao), who)));
    for (const [i, [name, who]] of [['bob', bob], ['charlie', charlie]].entries()) {
      const { events, blockHash } = claims[i];
      const claimed = findEvent(events, 'dataDao', 'Claimed');
      assert.equal(eventField(claimed, 'who').toString(), who.address);
      assert.equal(eventField(claimed, 'amount').toBigInt(), expected[name], `${name} claimed`);
      const block = await numberOf(blockHash);
      const [before, after] = [await balanceAt(who.address, block - 1), await balanceAt(who.address, block)];
      assert.equal(after.free - before.free, expected[name] - feeOf(events), `${name}'s free balance rose by the claim less the fee`);
      assert.equal((await api.call.dataDaoApi.member(dao, who.address)).unwrap().claimable.toBigInt(), 0n);
      console.log(`  ${name} claimed ${expected[name]} in #${block} (fee ${feeOf(events)})`);
    }
    const claimedAt = Math.max(...await Promise.all(claims.map((c) => numberOf(c.blockHash))));
    const daoLeft = await balanceAt(daoAccount, claimedAt);
    assert.equal(daoLeft.total, ed + toTreasury + dust, 'the DAO account keeps its ED, the treasury and the dust');
    await mark('claimed');

    // 7. No bytes on chain: in no extrinsic of any block, in no storage of dataDao or jobs.
    const last = await bestNumber(api);
    const weightHex = training.inputs[2].slice(2);
    let extrinsics = 0;
    let withWeights = 0;
    for (let n = 1; n <= last; n++) {
      const block = await api.rpc.chain.getBlock(await api.rpc.chain.getBlockHash(n));
      for (const ext of block.block.extrinsics) {
        const hex = ext.toHex();
        extrinsics++;
        assert.ok(!hex.includes(x.hex) && !hex.includes(y.hex), `block #${n} carries an item's bytes`);
        if (hex.includes(weightHex)) withWeights++;
      }
    }
    assert.ok(withWeights >= 1, 'the scan sees inline bytes (the training job\'s weights)');
    let values = 0;
    let inlineSeen = false;
    for (const pallet of ['dataDao', 'jobs']) {
      for (const [name, query] of Object.entries(api.query[pallet])) {
        if (!query.creator) continue;
        const entries = query.creator.meta.type.isPlain ? [[query.key(), await query()]] : await query.entries();
        for (const [key, value] of entries) {
          const hex = (typeof key === 'string' ? key : key.toHex()) + value.toHex();
          values++;
          assert.ok(!hex.includes(x.hex) && !hex.includes(y.hex), `${pallet}.${name} holds an item's bytes`);
          if (hex.includes(weightHex)) inlineSeen = true;
        }
      }
    }
    assert.ok(inlineSeen, 'the scan sees inline bytes (jobs.jobInputs)');
    await mark(`no item bytes in ${extrinsics} extrinsics of blocks #1..#${last} (${withWeights} with the inline weights) nor in ${values} dataDao/jobs storage entries`);
  } catch (err) {
    console.error(node.logs().split('\n').slice(-80).join('\n'));
    throw err;
  } finally {
    if (log) log.unsubscribe();
    if (api) await api.disconnect();
    await node.stop();
    rmSync(datasetDir, { recursive: true, force: true });
    console.log(`total ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
});
