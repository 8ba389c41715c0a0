// OpenGov end to end on one dev node (short track timings, Alice's node running the jobs):
//  - market parameters by referendum: three voters of different convictions pass a
//    market_admin referendum raising proofOfCompute's auditorsPerDispute, and a job submitted
//    afterwards escrows the higher verification fee; an unsupported one is rejected at the
//    end of its decision period, its decision deposit is refunded and its submission
//    deposit is not (referenda.BadStatus);
//  - the treasury: a treasurer referendum spends to a fresh account, which a payout pays to
//    the planck; one spending more than the track may is enacted, and its dispatch fails
//    with treasury.InsufficientPermission;
//  - conviction locks: a Locked1x vote freezes its balance while the referendum runs and for
//    one vote-locking period after it ends; unlocking before that changes nothing;
//  - a runtime upgrade: rehearsed offline (`tensorgrid-node try-upgrade` on a state snapshot),
//    authorized by a root referendum, refused for code of another hash, applied without a
//    fee; its migration runs once, providers and jobs come through unchanged, the new
//    runtime's try-state invariants hold over a block after it, and a job submitted before
//    it settles under the new runtime.
// The first three run at once (their referenda overlap in time); the upgrade runs last.
//
//   TENSORGRID_NODE=... TENSORGRID_REHEARSAL_WASM=... node --test --test-concurrency=1 test/governance.test.js

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringToU8a, u8aConcat, u8aToString } from '@polkadot/util';
import { blake2AsHex, cryptoWaitReady, encodeAddress } from '@polkadot/util-crypto';
import { startDevNode, freePort, nodeBinary } from '../src/devnode.js';
import { connect, signer, submitJob, FINAL_STATES, UNIT } from '../src/chain.js';
import { signAndWait, DispatchFailed } from '../src/tx.js';
import { eventField } from '../src/dao.js';
import * as gov from '../src/gov.js';
import { JOBS, inline, referenceDigest, bestNumber } from './support.js';

const cliPath = fileURLToPath(new URL('../src/cli.js', import.meta.url));
const run = promisify(execFile);

/** The upgrade-rehearsal runtime (spec version + 1, try-runtime, one migration). */
/** (`make rehearsal-wasm` builds it under the host target triple, apart from the node's.) */
const REHEARSAL_WASM = process.env.TENSORGRID_REHEARSAL_WASM ||
  join(process.env.CARGO_TARGET_DIR || join(homedir(), '.cache', 'tensorgrid', 'target'),
    `${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-unknown-linux-gnu`, 'release', 'wbuild',
    'tensorgrid-runtime', 'tensorgrid_runtime.compact.compressed.wasm');

const TGD = (n) => BigInt(n) * UNIT;

/**
 * Every event of every block after the one it starts at, read in order (a block the head
 * subscription skipped is fetched by number). Events are decoded here, with the metadata of
 * the runtime that wrote them (the one at the block's parent): across a runtime upgrade
 * `api.at(hash)` of @polkadot/api may decode a block just before it with the new metadata
 * (its default registry is updated in place, and blocks it resolved to it follow).
 */
class ChainLog {
  static async follow (api) {
    const log = new ChainLog(api);
    log.next = (await bestNumber(api)) + 1;
    log.unsubscribe = await api.rpc.chain.subscribeNewHeads((header) => {
      log.target = Math.max(log.target, header.number.toNumber());
      log.pump();
    });
    return log;
  }

  constructor (api) {
    this.api = api;
    this.records = [];
    this.hashes = new Map();
    this.registries = new Map();
    this.eventsKey = api.query.system.events.key();
    this.target = 0;
    this.next = 0;
    this.busy = false;
    this.error = null;
    this.unsubscribe = () => {};
  }

  /** A registry with the metadata of the runtime at `hash`, and its `System.Events` type. */
  async registryAt (hash) {
    const spec = (await this.api.rpc.state.getRuntimeVersion(hash)).specVersion.toNumber();
    if (!this.registries.has(spec)) {
      this.registries.set(spec, (async () => {
        const fetched = await this.api.rpc.state.getMetadata(hash);
        const registry = new this.api.registry.constructor();
        const metadata = new fetched.constructor(registry, fetched.toU8a());
        registry.setMetadata(metadata);
        const system = metadata.asLatest.pallets.find((p) => p.name.toString() === 'System');
        const events = system.storage.unwrap().items.find((i) => i.name.toString() === 'Events');
        return { registry, eventsType: registry.createLookupType(events.type.asPlain) };
      })());
    }
    return this.registries.get(spec);
  }

  async pump () {
    if (this.busy) return;
    this.busy = true;
    try {
      while (this.next <= this.target) {
        const n = this.next;
        const hash = (await this.api.rpc.chain.getBlockHash(n)).toHex();
        const header = await this.api.rpc.chain.getHeader(hash);
        const { registry, eventsType } = await this.registryAt(header.parentHash.toHex());
        const raw = await this.api.rpc.state.getStorage(this.eventsKey, hash);
        const records = registry.createType(eventsType, raw.isSome ? raw.unwrap().toU8a(true) : new Uint8Array([0]));
        for (const { event } of records) this.records.push({ number: n, hash, event });
        this.hashes.set(n, hash);
        this.next = n + 1;
      }
    } catch (err) {
      this.error = err;
    } finally {
      this.busy = false;
    }
  }

  /** Events `section.method` seen so far for which `pred(event)` holds. */
  find (section, method, pred = () => true) {
    return this.records.filter((r) => r.event.section === section && r.event.method === method && pred(r.event));
  }

  /** Every event of block `number` (once read). */
  eventsAt (number) {
    return this.records.filter((r) => r.number === number).map((r) => r.event);
  }

  /** The first such event, once it is seen. */
  async waitFor (section, method, pred, timeoutMs, what = `${section}.${method}`) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.error) throw this.error;
      const found = this.find(section, method, pred)[0];
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (events read up to #${this.next - 1})`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  /** Resolves once every block up to `number` has been read. */
  async through (number, timeoutMs = 60_000 + 12_000 * Math.max(0, number - this.next)) {
    const deadline = Date.now() + timeoutMs;
    while (this.next <= number) {
      if (this.error) throw this.error;
      if (Date.now() > deadline) throw new Error(`timed out waiting for block #${number} (read up to #${this.next - 1})`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    return this.hashes.get(number);
  }
}

/** `referenda.<method>` of referendum `index`. */
const ofReferendum = (index) => (e) => eventField(e, 'index').toNumber() === index;

describe('governance on one dev node', () => {
  let node;
  let api;
  let log;
  const started = Date.now();
  const cli = (...args) => run(process.execPath, [cliPath, '--url', node.wsUrl, ...args], { maxBuffer: 64 * 1024 * 1024 });
  const cliJson = async (...args) => JSON.parse((await cli(...args, '--json')).stdout);
  const mark = (what) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s, read #${log ? log.next - 1 : '-'}] ${what}`);
  const jobs = () => signer('//GovJobs');
  const upgrader = () => signer('//GovUpgrader');

  /** Run `body`; on failure print the node's last log lines first. */
  const withLogs = (body) => async () => {
    try {
      await body();
    } catch (err) {
      console.error(node.logs().split('\n').slice(-60).join('\n'));
      throw err;
    }
  };

  /** A small MatmulI8 job from //GovJobs at 2 TGD per unit; resolves to its summary. */
  const submitMatmul = async () => {
    const deadline = (await bestNumber(api)) + 300;
    const id = await submitJob(api, jobs(), { spec: JOBS.matmul.spec, inputs: inline(JOBS.matmul), replicas: 1, maxPricePerUnit: TGD(2), deadline });
    return (await api.call.jobsApi.job(id)).unwrap();
  };

  /** The free and reserved balance of `who` after block `hash`. */
  const balanceAt = async (who, hash, through = api) => {
    const { data } = await (await through.at(hash)).query.system.account(who);
    return { free: data.free.toBigInt(), reserved: data.reserved.toBigInt() };
  };

  /** The block number of a block hash. */
  const numberOf = async (hash) => (await api.rpc.chain.getHeader(hash)).number.toNumber();

  /** The fee `who` paid in the block `number` (all its transactions there). */
  const feesAt = (who, number) => log.eventsAt(number)
    .filter((e) => e.section === 'transactionPayment' && e.method === 'TransactionFeePaid' && eventField(e, 'who').toString() === who)
    .reduce((sum, e) => sum + eventField(e, 'actualFee').toBigInt() + eventField(e, 'tip').toBigInt(), 0n);

  /** Wait until referendum `index` is decided and its call dispatched: the outcome and blocks. */
  const enacted = async (index, timeoutMs = 150_000) => {
    // pallet-referenda marks approval with `Confirmed` (its `Approved` event is never emitted).
    const approved = await log.waitFor('referenda', 'Confirmed', ofReferendum(index), timeoutMs, `referendum ${index} to be approved`);
    const info = (await (await api.at(approved.hash)).query.referenda.referendumInfoFor(index)).unwrap();
    assert.ok(info.isApproved && info.asApproved[0].toNumber() === approved.number, `referendum ${index} approved in #${approved.number}: ${JSON.stringify(info.toHuman())}`);
    const id = gov.enactmentTaskId(index);
    const dispatched = await log.waitFor('scheduler', 'Dispatched', (e) => e.data.id.isSome && e.data.id.unwrap().toHex() === id,
      60_000, `referendum ${index}'s call to be dispatched`);
    return { approved, dispatched, outcome: gov.enactmentOutcome(api, [dispatched.event], index) };
  };

  before(async () => {
    await cryptoWaitReady();
    node = await startDevNode({ args: ['--gpu-worker', '--gpu-worker-cpu', '--gpu-worker-port', String(await freePort())], timeoutMs: 180_000 });
    api = await connect(node.wsUrl);
    log = await ChainLog.follow(api);
    // Accounts of their own: a job submitter, and the upgrade's applier (whose balance the upgrade must not move).
    await signAndWait(api, api.tx.utility.batchAll([
      api.tx.balances.transferKeepAlive(jobs().address, TGD(10_000)),
      api.tx.balances.transferKeepAlive(upgrader().address, TGD(1_000))
    ]), signer('//Alice'));
    mark(`node up, spec ${api.runtimeVersion.specVersion}`);
  });

  after(async () => {
    if (log) log.unsubscribe();
    if (api) await api.disconnect();
    if (node) await node.stop();
    console.log(`governance tests: ${((Date.now() - started) / 1000).toFixed(1)} s in all`);
  });

  describe('referenda running side by side', { concurrency: true }, () => {
    test('gov tracks lists the dev chain\'s short timings and deposits', { timeout: 60_000 }, withLogs(async () => {
      const doc = await cliJson('gov', 'tracks');
      assert.deepEqual(doc.tracks.map((t) => [t.id, t.name, t.preparePeriod, t.decisionPeriod, t.confirmPeriod, t.minEnactmentPeriod, t.maxDeciding, t.decisionDeposit.plancks]), [
        [0, 'root', 2, 20, 3, 2, 1, String(TGD(100_000))],
        [1, 'market_admin', 2, 20, 2, 1, 10, String(TGD(5_000))],
        [2, 'treasurer', 2, 20, 2, 1, 10, String(TGD(10_000))],
        [3, 'whitelisted_caller', 1, 20, 1, 1, 100, String(TGD(10_000))]
      ]);
      assert.deepEqual(doc.tracks.map((t) => t.origin), [{ system: 'Root' }, { Origins: 'MarketAdmin' }, { Origins: 'Treasurer' }, { Origins: 'WhitelistedCaller' }]);
      assert.equal(doc.submissionDeposit.plancks, String(TGD(100)));
      assert.equal(doc.voteLockingPeriod, 10);
      assert.equal(doc.undecidingTimeout, 50);
      // The curves as described: support from 50% down, approval from 100% down to 50%.
      const market = gov.trackNamed(api, 'market_admin');
      assert.equal(gov.curveThreshold(market.minApproval, 0n), gov.PERBILL);
      assert.equal(gov.curveThreshold(market.minApproval, gov.PERBILL), gov.PERBILL / 2n);
      const half = gov.curveThreshold(market.minSupport, gov.PERBILL / 2n);
      assert.ok(half >= 9_000_000n && half <= 11_000_000n, `market_admin support at half the period: ${gov.percentText(half)}`);
      const root = gov.trackNamed(api, 'root');
      assert.equal(gov.curveThreshold(root.minSupport, 0n), gov.PERBILL / 2n);
      assert.equal(gov.curveThreshold(root.minSupport, gov.PERBILL), 0n);
      const text = (await cli('gov', 'tracks')).stdout;
      assert.match(text, /track 1 market_admin: origin Origins\.MarketAdmin; decision deposit 5000 TGD; at most 10 deciding at once/);
      assert.match(text, /prepare 2 blocks \(≈ 12 s\), decision 20 blocks \(≈ 2 min\), confirm 3 blocks \(≈ 18 s\), min enactment 2 blocks \(≈ 12 s\)/);
    }));

    test('gov delegate and undelegate: a delegation keeps its conviction\'s lock after it ends', { timeout: 120_000 }, withLogs(async () => {
      const who = upgrader().address;
      const to = signer('//Ferdie').address;
      const whitelisted = gov.trackNamed(api, 'whitelisted_caller').id;
      const delegated = await cliJson('gov', 'delegate', '--to', to, '--amount', '10', '--conviction', '2', '--track', 'whitelisted_caller', '--seed', '//GovUpgrader');
      assert.deepEqual([delegated.tracks, delegated.conviction, delegated.votes.plancks], [[whitelisted], 'Locked2x', String(TGD(20))]);
      const voting = await api.query.convictionVoting.votingFor(who, whitelisted);
      assert.ok(voting.isDelegating);
      const d = voting.asDelegating;
      assert.deepEqual([d.target.toString(), d.balance.toBigInt(), d.conviction.type], [to, TGD(10), 'Locked2x']);
      assert.ok((await api.query.convictionVoting.votingFor(who, 0)).isCasting, 'no delegation on the other tracks');
      assert.equal(await gov.voteLockOf(api, who), TGD(10));
      const undelegated = await cliJson('gov', 'undelegate', '--seed', '//GovUpgrader');
      assert.deepEqual(undelegated.tracks, [whitelisted], 'undelegates where it delegates');
      assert.ok((await api.query.convictionVoting.votingFor(who, whitelisted)).isCasting);
      // Locked2x: two vote-locking periods from the undelegation.
      const prior = (await api.query.convictionVoting.votingFor(who, whitelisted)).asCasting.prior;
      const at = await numberOf(undelegated.blockHash);
      assert.deepEqual([prior[0].toNumber(), prior[1].toBigInt()], [at + 2 * api.consts.convictionVoting.voteLockingPeriod.toNumber(), TGD(10)]);
      assert.equal(await gov.voteLockOf(api, who), TGD(10), 'still locked');
      await assert.rejects(cli('gov', 'undelegate', '--seed', '//GovUpgrader'), (err) => err.code === 1 && /delegates on no track/.test(err.stderr));
    }));

    test('market parameters change by referendum; an unsupported one is rejected and refunds only its decision deposit', { timeout: 420_000 }, withLogs(async () => {
      const [charlie, dave, eve, ferdie] = ['//Charlie', '//Dave', '//Eve', '//Ferdie'].map(signer);
      const market = gov.trackNamed(api, 'market_admin');
      const proofBefore = (await api.query.proofOfCompute.parameters()).toJSON();
      const providersBefore = (await api.query.providers.parameters()).toHex();
      const auditors = proofBefore.auditorsPerDispute;

      const raise = async () => {
        // A job before the change escrows a verification fee of `auditors` slots.
        const before = await submitMatmul();
        const slot = before.workUnits.toBigInt() * before.maxPricePerUnit.toBigInt();
        assert.equal(before.verificationFee.toBigInt(), slot * BigInt(auditors), 'the fee of a job before the change');

        const params = await gov.parametersCall(api, 'proof-of-compute', [`auditorsPerDispute=${auditors + 1}`]);
        assert.deepEqual(params.changes.map((c) => [c.field, c.from, c.to]), [['auditorsPerDispute', auditors, auditors + 1]]);
        const a = await gov.submitReferendum(api, dave, { track: 'market_admin', call: params.call });
        assert.deepEqual([a.deposit.who, a.deposit.amount], [dave.address, market.decisionDeposit]);
        const submittedAt = await numberOf(a.submittedIn);
        mark(`referendum ${a.index} (auditorsPerDispute ${auditors} -> ${auditors + 1}) submitted in #${submittedAt}`);

        const votes = [[charlie, TGD(800_000), 'Locked1x'], [dave, TGD(600_000), 'Locked3x'], [eve, TGD(900_000), 'None']];
        const cast = await Promise.all(votes.map(([who, balance, conviction]) => gov.vote(api, who, a.index, { aye: true, balance, conviction })));
        const ayes = TGD(800_000) + TGD(600_000) * 3n + TGD(900_000) / 10n;
        assert.deepEqual(cast.map((c) => c.votes), [TGD(800_000), TGD(1_800_000), TGD(90_000)]);
        const lastVote = Math.max(...await Promise.all(cast.map((c) => numberOf(c.blockHash))));
        const tallied = (await (await api.at(await log.through(lastVote))).query.referenda.referendumInfoFor(a.index)).unwrap();
        assert.ok(tallied.isOngoing, `still ongoing after the votes (#${lastVote})`);
        const tally = tallied.asOngoing.tally;
        assert.deepEqual([tally.ayes.toBigInt(), tally.nays.toBigInt(), tally.support.toBigInt()], [ayes, 0n, TGD(2_300_000)],
          'ayes weighted by conviction (1x, 3x, 0.1x), support the balances');

        // The CLI's view of it meanwhile.
        const listed = (await cliJson('gov', 'referenda')).referenda.find((r) => r.index === a.index);
        assert.ok(listed, 'gov referenda lists it');
        assert.ok(['preparing', 'deciding', 'confirming'].includes(listed.status), listed.status);
        assert.equal(listed.track, 'market_admin');
        assert.equal(listed.tally.ayes.plancks, String(ayes));
        assert.equal(listed.tally.support.plancks, String(TGD(2_300_000)));
        assert.equal(listed.decisionDeposit.who, dave.address);
        assert.equal(listed.call, 'proofOfCompute.setParameters');
        const issuance = (await api.query.balances.totalIssuance()).toBigInt();
        assert.equal(listed.support.parts, Number(gov.perbillOf(TGD(2_300_000), issuance)));
        const text = (await cli('gov', 'referenda')).stdout;
        assert.match(text, new RegExp(`referendum ${a.index} \\[market_admin\\] (preparing|deciding|confirming): ayes 2690000 TGD, nays 0 TGD, support 2300000 TGD`));
        assert.match(text, new RegExp(`decision deposit placed by ${dave.address} \\(5000 TGD\\)`));

        const decided = await log.waitFor('referenda', 'DecisionStarted', ofReferendum(a.index), 120_000);
        const confirming = await log.waitFor('referenda', 'ConfirmStarted', ofReferendum(a.index), 120_000);
        const { approved, dispatched, outcome } = await enacted(a.index);
        mark(`referendum ${a.index}: deciding #${decided.number}, confirming #${confirming.number}, approved #${approved.number}, dispatched #${dispatched.number}`);
        assert.ok(decided.number >= submittedAt + market.preparePeriod, 'deciding after the prepare period');
        assert.ok(confirming.number >= decided.number);
        assert.equal(approved.number, confirming.number + market.confirmPeriod, 'approved after the confirm period');
        assert.equal(dispatched.number, approved.number + market.minEnactmentPeriod, 'enacted after the minimum enactment period');
        assert.deepEqual(outcome, { ok: true, error: null, pallet: null, name: null });
        assert.ok(log.eventsAt(dispatched.number).some((e) => e.section === 'proofOfCompute' && e.method === 'ParametersSet'));
        const proofAfter = (await api.query.proofOfCompute.parameters()).toJSON();
        assert.deepEqual(proofAfter, { ...proofBefore, auditorsPerDispute: auditors + 1 }, 'only auditorsPerDispute changed');

        // A job submitted now escrows one more slot for verifiers.
        const afterJob = await submitMatmul();
        const slotAfter = afterJob.workUnits.toBigInt() * afterJob.maxPricePerUnit.toBigInt();
        assert.equal(slotAfter, slot, 'the same spec and price');
        assert.equal(afterJob.verificationFee.toBigInt(), slot * BigInt(auditors + 1), 'slot value × the new auditorsPerDispute');
        assert.equal(afterJob.escrow.toBigInt(), slot * BigInt(afterJob.replicas.toNumber()) + afterJob.verificationFee.toBigInt());
        assert.ok(afterJob.verificationFee.toBigInt() > before.verificationFee.toBigInt());
        mark(`job ${before.id} escrows a fee of ${before.verificationFee.toBigInt()}, job ${afterJob.id} of ${afterJob.verificationFee.toBigInt()}`);
      };

      const reject = async () => {
        const params = await gov.parametersCall(api, 'providers', ['minProviderStake=12345']);
        const b = await gov.submitReferendum(api, ferdie, { track: 'market_admin', call: params.call });
        const submittedAt = await numberOf(b.submittedIn);
        await gov.vote(api, ferdie, b.index, { aye: false, balance: TGD(10), conviction: 0 });
        const decided = await log.waitFor('referenda', 'DecisionStarted', ofReferendum(b.index), 120_000);
        mark(`referendum ${b.index} (nobody for it) submitted in #${submittedAt}, deciding from #${decided.number}`);
        const rejected = await log.waitFor('referenda', 'Rejected', ofReferendum(b.index), 60_000 + market.decisionPeriod * 12_000);
        assert.equal(rejected.number, decided.number + market.decisionPeriod, 'rejected when its decision period ends');
        assert.equal(log.find('referenda', 'ConfirmStarted', ofReferendum(b.index)).length, 0, 'never confirming');
        const info = (await api.query.referenda.referendumInfoFor(b.index)).unwrap();
        assert.ok(info.isRejected);
        const [since, submission, decision] = info.asRejected;
        assert.equal(since.toNumber(), rejected.number);
        assert.equal(submission.unwrap().who.toString(), ferdie.address);
        assert.equal(decision.unwrap().amount.toBigInt(), market.decisionDeposit);
        assert.equal((await api.query.providers.parameters()).toHex(), providersBefore, 'the providers parameters did not change');
        assert.equal(log.find('scheduler', 'Dispatched', (e) => e.data.id.isSome && e.data.id.unwrap().toHex() === gov.enactmentTaskId(b.index)).length, 0, 'nothing enacted');

        // Refunds through the CLI: the decision deposit comes back, the submission deposit stays.
        const refunded = await cliJson('gov', 'refund', String(b.index), '--seed', '//Ferdie');
        assert.deepEqual(refunded.decision.refunded, { who: ferdie.address, amount: { plancks: String(market.decisionDeposit), formatted: '5000 TGD' } });
        assert.equal(refunded.submission.name, 'BadStatus');
        assert.match(refunded.submission.error, /^referenda\.BadStatus: /);
        const at = await numberOf(refunded.decision.blockHash);
        await log.through(at);
        const [was, now] = [await balanceAt(ferdie.address, log.hashes.get(at - 1)), await balanceAt(ferdie.address, refunded.decision.blockHash)];
        assert.equal(was.reserved - now.reserved, market.decisionDeposit, 'the decision deposit is no longer reserved');
        assert.equal(now.free - was.free, market.decisionDeposit - feesAt(ferdie.address, at), 'and is free again, less the fee');
        const event = log.find('referenda', 'DecisionDepositRefunded', ofReferendum(b.index));
        assert.equal(event.length, 1);
        assert.equal(event[0].number, at);
        assert.equal(eventField(event[0].event, 'who').toString(), ferdie.address);
        assert.equal(eventField(event[0].event, 'amount').toBigInt(), market.decisionDeposit);
        const left = (await api.query.referenda.referendumInfoFor(b.index)).unwrap().asRejected;
        assert.ok(left[2].isNone && left[1].isSome, 'the record keeps the submission deposit only');
        assert.match((await cli('gov', 'referenda', '--all')).stdout,
          new RegExp(`referendum ${b.index}: rejected at block #${rejected.number}; submission deposit 100 TGD of ${ferdie.address} not refunded yet\n`));
        mark(`referendum ${b.index} rejected in #${rejected.number}; decision deposit refunded in #${at}`);
      };

      await Promise.all([raise(), reject()]);
    }));

    test('a treasurer referendum spends to a fresh account; one above the track\'s limit fails at dispatch', { timeout: 300_000 }, withLogs(async () => {
      const [funder, proposer, bigProposer] = ['//Bob//stash', '//Charlie//stash', '//Dave//stash'].map(signer);
      const voters = ['//Charlie//stash', '//Dave//stash', '//Eve//stash', '//Ferdie//stash'].map(signer);
      const beneficiary = signer(`//GovBeneficiary${Date.now()}`);
      const amount = 4321n * UNIT + 123_456_789_012n;
      const tooMuch = TGD(10_000_001);

      // The treasury's account is `modl` ‖ PalletId(tg/trsry) ‖ zero bytes.
      const pot = encodeAddress(u8aConcat(stringToU8a('modl'), stringToU8a('tg/trsry'), new Uint8Array(20)), 42);
      assert.equal(gov.treasuryAccount(api), pot);
      const funded = await signAndWait(api, api.tx.balances.transferKeepAlive(pot, TGD(200_000)), funder);
      const fundedAt = await numberOf(funded.blockHash);
      await log.through(fundedAt);
      const [potWas, potNow] = [await balanceAt(pot, log.hashes.get(fundedAt - 1)), await balanceAt(pot, funded.blockHash)];
      // Fees go to the treasury too.
      const feesIn = log.eventsAt(fundedAt).reduce((sum, e) => {
        if (e.section === 'transactionPayment' && e.method === 'TransactionFeePaid') return sum + eventField(e, 'actualFee').toBigInt() + eventField(e, 'tip').toBigInt();
        if (e.section === 'treasury' && e.method === 'Deposit') return sum + eventField(e, 'value').toBigInt();
        return sum;
      }, 0n);
      assert.equal(potNow.free - potWas.free, TGD(200_000) + feesIn, 'the transfer (and the block\'s fees) reached the treasury');
      const shown = await cliJson('gov', 'treasury');
      assert.equal(shown.account, pot);
      assert.ok(BigInt(shown.free.plancks) >= potNow.free, 'gov treasury shows its balance');

      // One through the CLI, one through the helper.
      const [small, big] = await Promise.all([
        cliJson('gov', 'propose-spend', '--amount', '4321.123456789012', '--to', beneficiary.address, '--seed', '//Charlie//stash'),
        gov.submitReferendum(api, bigProposer, { track: 'treasurer', call: gov.spendCall(api, tooMuch, beneficiary.address) })
      ]);
      assert.equal(small.track, 'treasurer');
      assert.equal(small.proposal.call, 'treasury.spend');
      assert.equal(small.amount.plancks, String(amount));
      assert.equal(small.deposit.who, proposer.address);
      mark(`treasurer referenda ${small.index} (${amount} plancks) and ${big.index} (10,000,001 TGD) submitted`);
      await Promise.all(voters.map((v) => signAndWait(api, api.tx.utility.batchAll([
        gov.voteTx(api, small.index, { aye: true, balance: TGD(800_000), conviction: 0 }),
        gov.voteTx(api, big.index, { aye: true, balance: TGD(800_000), conviction: 0 })
      ]), v)));

      const spendsBefore = (await api.query.treasury.spendCount()).toNumber();
      const first = await enacted(small.index);
      assert.deepEqual(first.outcome, { ok: true, error: null, pallet: null, name: null });
      const approvedSpend = log.find('treasury', 'AssetSpendApproved', (e) => eventField(e, 'beneficiary').toString() === beneficiary.address);
      assert.equal(approvedSpend.length, 1, 'one spend to the beneficiary');
      assert.equal(approvedSpend[0].number, first.dispatched.number);
      assert.equal(eventField(approvedSpend[0].event, 'amount').toBigInt(), amount);
      const index = eventField(approvedSpend[0].event, 'index').toNumber();
      const listed = (await cliJson('gov', 'treasury')).spends.find((s) => s.index === index);
      assert.deepEqual([listed.beneficiary, listed.amount.plancks, listed.status], [beneficiary.address, String(amount), 'Pending']);

      assert.equal((await api.query.system.account(beneficiary.address)).data.free.toBigInt(), 0n, 'nothing before the payout');
      const paid = await cliJson('gov', 'payout', String(index), '--seed', '//Bob//stash');
      assert.equal(paid.paid, true);
      assert.equal(paid.processed, true, 'checkStatus cleaned the spend up');
      assert.equal((await api.query.system.account(beneficiary.address)).data.free.toBigInt(), amount, 'the beneficiary received exactly the amount');
      assert.ok((await api.query.treasury.spends(index)).isNone, 'the spend is gone');
      assert.ok(!(await cliJson('gov', 'treasury')).spends.some((s) => s.index === index));
      mark(`spend ${index} paid: ${amount} plancks`);

      const second = await enacted(big.index);
      assert.ok((await api.query.referenda.referendumInfoFor(big.index)).unwrap().isApproved, 'the referendum itself passed');
      assert.deepEqual([second.outcome.ok, second.outcome.pallet, second.outcome.name], [false, 'treasury', 'InsufficientPermission'], second.outcome.error);
      assert.equal(log.find('treasury', 'AssetSpendApproved', (e) => eventField(e, 'amount').toBigInt() === tooMuch).length, 0, 'no spend of 10,000,001 TGD');
      await log.through(second.dispatched.number);
      assert.equal((await (await api.at(second.dispatched.hash)).query.treasury.spendCount()).toNumber(), spendsBefore + 1, 'only the first referendum created a spend');
      mark(`referendum ${big.index} enacted in #${second.dispatched.number}: ${second.outcome.error}`);
    }));

    test('a Locked1x vote freezes its balance until one vote-locking period after the referendum ends', { timeout: 300_000 }, withLogs(async () => {
      const voter = signer('//Alice//stash');
      const sink = signer(`//GovLockSink${Date.now()}`);
      const locked = TGD(900_000);
      const transfer = TGD(150_000);
      const period = api.consts.convictionVoting.voteLockingPeriod.toNumber();
      const before = (await api.query.jobs.parameters()).toJSON();

      // Bob proposes a small change to the jobs parameters; the voter and Bob vote for it.
      const proposed = await cliJson('gov', 'propose-params', '--pallet', 'jobs', '--set', `maxPendingAge=${before.maxPendingAge + 10}`, '--seed', '//Bob');
      const index = proposed.index;
      assert.deepEqual(proposed.changes.map((c) => [c.field, c.from, c.to]), [['maxPendingAge', before.maxPendingAge, before.maxPendingAge + 10]]);
      const [voted] = await Promise.all([
        cliJson('gov', 'vote', String(index), 'aye', '--amount', '900000', '--conviction', '1', '--seed', '//Alice//stash'),
        gov.vote(api, signer('//Bob'), index, { aye: true, balance: TGD(900_000), conviction: 'None' })
      ]);
      assert.equal(voted.conviction, 'Locked1x');
      assert.equal(voted.lockBlocks, period);
      assert.equal(await gov.voteLockOf(api, voter.address), locked, 'balances.locks holds pyconvot over the voted balance');
      assert.deepEqual((await gov.locksOf(api, voter.address)).classes, [{ trackId: 1, amount: locked }]);

      const tryTransfer = () => signAndWait(api, api.tx.balances.transferKeepAlive(sink.address, transfer), voter);
      const frozen = (err) => err instanceof DispatchFailed && err.message === '{"token":"Frozen"}';
      await assert.rejects(tryTransfer(), frozen, 'a transfer into the locked balance fails while the referendum runs');
      mark(`referendum ${index}: voted with ${locked} at Locked1x; a transfer of ${transfer} failed`);

      const { approved, outcome } = await enacted(index);
      assert.ok(outcome.ok, outcome.error);
      assert.equal((await api.query.jobs.parameters()).toJSON().maxPendingAge, before.maxPendingAge + 10, 'the referendum was enacted');
      const ended = (await api.query.referenda.referendumInfoFor(index)).unwrap().asApproved[0].toNumber();
      assert.equal(ended, approved.number);
      const unlockAt = ended + period;

      // Removing the vote and unlocking before the lock expires leaves the lock in place.
      const removed = await cliJson('gov', 'remove-vote', String(index), '--seed', '//Alice//stash');
      assert.equal(removed.track, 1);
      const early = await cliJson('gov', 'unlock', '--seed', '//Alice//stash');
      const earlyAt = await numberOf(early.blockHash);
      assert.ok(earlyAt < unlockAt, `unlocked at #${earlyAt}, before the lock expires at #${unlockAt}`);
      assert.deepEqual([early.before.plancks, early.after.plancks], [String(locked), String(locked)]);
      const locks = await api.query.balances.locks(voter.address);
      assert.ok(locks.some((l) => u8aToString(l.id.toU8a()) === gov.VOTE_LOCK_ID && l.amount.toBigInt() === locked), 'pyconvot is still in balances.locks');
      await assert.rejects(tryTransfer(), frozen, 'still frozen before the lock expires');
      mark(`referendum ${index} ended at #${ended}; unlock at #${earlyAt} kept the lock (expires at #${unlockAt})`);

      await log.through(unlockAt);
      const late = await gov.unlock(api, voter, { track: 'market_admin' });
      assert.ok(await numberOf(late.blockHash) >= unlockAt);
      assert.deepEqual([late.before, late.after], [locked, 0n]);
      assert.ok(!(await api.query.balances.locks(voter.address)).some((l) => u8aToString(l.id.toU8a()) === gov.VOTE_LOCK_ID), 'no pyconvot lock');
      assert.deepEqual((await gov.locksOf(api, voter.address)).classes, []);
      await tryTransfer();
      assert.equal((await api.query.system.account(sink.address)).data.free.toBigInt(), transfer, 'the same transfer goes through');
      mark(`lock released after #${unlockAt}; the transfer went through`);
    }));
  });

  test('a runtime upgrade: rehearsed, authorized by a root referendum, applied; state, invariants and a live job survive it', { timeout: 480_000 }, withLogs(async () => {
    assert.ok(existsSync(REHEARSAL_WASM), `the upgrade-rehearsal runtime is not at ${REHEARSAL_WASM} (set TENSORGRID_REHEARSAL_WASM)`);
    const code = gov.readWasm(REHEARSAL_WASM);
    const codeHash = blake2AsHex(code, 256);
    const dir = mkdtempSync(join(tmpdir(), 'tg-upgrade-'));
    const alice = signer('//Alice');
    const root = gov.trackNamed(api, 'root');
    const runsKey = gov.storageKey('Origins', 'RehearsalMigrationRuns');
    let fresh = null;
    const runsAt = async (hash = null) => {
      const raw = await api.rpc.state.getStorage(runsKey, ...(hash ? [hash] : []));
      return raw.isSome ? Buffer.from(raw.unwrap().toU8a(true)).readUInt32LE(0) : null;
    };
    try {
      const spec = (await api.rpc.state.getRuntimeVersion()).specVersion.toNumber();
      assert.equal(spec, 100, 'the dev chain starts on spec version 100');
      assert.equal(await gov.palletStorageVersion(api, 'Origins'), 1);
      assert.equal(await runsAt(), null, 'the rehearsal migration never ran');

      // Nothing is authorized yet: applying any code fails, on chain and in the CLI's check.
      await assert.rejects(gov.applyUpgrade(api, upgrader(), code), (err) => err.pallet === 'system' && err.error === 'NothingAuthorized');
      await assert.rejects(cli('gov', 'apply-upgrade', '--wasm', REHEARSAL_WASM, '--seed', '//GovUpgrader'),
        (err) => err.code === 1 && /Error: system\.NothingAuthorized/.test(err.stderr));

      // A job in flight while the chain is snapshotted and the upgrade rehearsed.
      const early = await submitMatmul();
      const snapshotFile = join(dir, 'snapshot.json');
      const snap = await cliJson('gov', 'snapshot', '--out', snapshotFile);
      const snapshot = JSON.parse(readFileSync(snapshotFile, 'utf8'));
      assert.equal(snapshot.block, snap.block);
      assert.equal(snapshot.top.length, snap.keys);
      const stored = new Map(snapshot.top);
      assert.equal(stored.get('0x3a636f6465'), (await api.rpc.state.getStorage('0x3a636f6465', snap.block)).unwrap().toHex(), 'the snapshot holds :code');
      assert.equal(stored.get(gov.storageKey('Origins', ':__STORAGE_VERSION__:')), '0x0100');
      // The same state with the migration's counter already at 1: its pre-upgrade check must refuse it.
      const tampered = join(dir, 'ran-before.json');
      writeFileSync(tampered, JSON.stringify({ ...snapshot, top: [...snapshot.top, [runsKey, '0x01000000']] }));
      const rehearse = (file) => run(nodeBinary(), ['try-upgrade', '--snapshot', file, '--wasm', REHEARSAL_WASM], { maxBuffer: 64 * 1024 * 1024 })
        .then(({ stdout, stderr }) => ({ code: 0, out: stdout + stderr }), (err) => ({ code: err.code, out: `${err.stdout}${err.stderr}` }));
      const rehearsals = Promise.all([rehearse(snapshotFile), rehearse(tampered)]);
      mark(`snapshot of #${snap.number}: ${snap.keys} keys; job ${early.id} in flight; rehearsing`);

      // The root referendum: Alice proposes and places the 100,000 TGD decision deposit; eleven accounts vote.
      const r = await gov.submitReferendum(api, alice, { track: 'root', call: gov.upgradeCall(api, code).call });
      assert.equal(r.deposit.amount, root.decisionDeposit);
      const voters = ['//Bob', '//Charlie', '//Dave', '//Eve', '//Ferdie', '//Alice//stash', '//Bob//stash', '//Charlie//stash', '//Dave//stash', '//Eve//stash', '//Ferdie//stash'];
      await Promise.all(voters.map((suri) => gov.vote(api, signer(suri), r.index, { aye: true, balance: TGD(700_000), conviction: 0 })));
      mark(`root referendum ${r.index} submitted and voted`);

      const [passed, ranBefore] = await rehearsals;
      assert.equal(passed.code, 0, passed.out);
      assert.match(passed.out, /upgrade checks passed/);
      assert.notEqual(ranBefore.code, 0, `a state where the migration already ran must fail the rehearsal:\n${ranBefore.out}`);
      // The runtime's own message ("the rehearsal migration already ran") does not reach the
      // output: the node reports a trap in TryRuntime_on_runtime_upgrade.
      assert.match(ranBefore.out, /the upgrade failed its checks: .*trap/);
      assert.match(ranBefore.out, /TryRuntime_on_runtime_upgrade/);
      assert.doesNotMatch(ranBefore.out, /upgrade checks passed/);
      mark(`try-upgrade: ${passed.out.trim().split('\n').pop()}`);

      const { dispatched, outcome } = await enacted(r.index);
      assert.ok(outcome.ok, outcome.error);
      const authorized = log.find('system', 'UpgradeAuthorized');
      assert.equal(authorized.length, 1);
      assert.equal(authorized[0].number, dispatched.number);
      assert.equal(eventField(authorized[0].event, 'codeHash').toHex(), codeHash);
      assert.equal((await api.query.system.authorizedUpgrade()).unwrap().codeHash.toHex(), codeHash);

      // Code of another hash is refused: by the chain, and by the CLI before sending it.
      const other = new Uint8Array(code);
      other[other.length - 1] ^= 0xff;
      const otherFile = join(dir, 'other.wasm');
      writeFileSync(otherFile, other);
      await assert.rejects(gov.applyUpgrade(api, upgrader(), other), (err) => err.pallet === 'system' && err.error === 'Unauthorized');
      await assert.rejects(cli('gov', 'apply-upgrade', '--wasm', otherFile, '--seed', '//GovUpgrader'),
        (err) => err.code === 1 && /Error: system\.Unauthorized: the authorized code hash is 0x/.test(err.stderr));

      // A job submitted right before the upgrade; then the upgrade, through the CLI.
      const live = await submitMatmul();
      const liveId = live.id.toNumber();
      const liveDigest = referenceDigest(api, JOBS.matmul);
      const applied = await cliJson('gov', 'apply-upgrade', '--wasm', REHEARSAL_WASM, '--seed', '//GovUpgrader');
      const U = applied.block;
      assert.equal(applied.codeHash, codeHash);
      await log.through(U + 4);
      const hashAt = (n) => log.hashes.get(n);
      // Read what follows through a connection opened under the new runtime: the one open
      // across the upgrade reloads only the v14 metadata (so `api.call` loses the runtime
      // APIs it declares in v15, JobsApi among them) and may decode a block from just before
      // the upgrade with the new metadata.
      fresh = await connect(node.wsUrl);
      assert.ok(fresh.call.jobsApi && fresh.call.providersApi, 'the new runtime\'s APIs');
      mark(`upgrade applied in #${U}; job ${liveId} was submitted just before`);
      assert.ok(log.eventsAt(U).some((e) => e.section === 'system' && e.method === 'CodeUpdated'), 'system.CodeUpdated');
      const fee = log.eventsAt(U).find((e) => e.section === 'transactionPayment' && e.method === 'TransactionFeePaid' && eventField(e, 'who').toString() === upgrader().address);
      assert.equal(eventField(fee, 'actualFee').toBigInt(), 0n, 'no fee for the authorized upgrade');
      assert.equal((await balanceAt(upgrader().address, hashAt(U), fresh)).free, (await balanceAt(upgrader().address, hashAt(U - 1), fresh)).free, 'the applier paid nothing');
      const liveAtUpgrade = (await (await fresh.at(hashAt(U))).query.jobs.jobs(liveId)).unwrap();
      assert.ok(!FINAL_STATES.includes(liveAtUpgrade.state.type), `job ${liveId} is still ${liveAtUpgrade.state.type} when the upgrade lands`);

      // The new runtime, and its migration: once, in the first block under it.
      const versionAt = async (n) => (await api.rpc.state.getRuntimeVersion(hashAt(n))).specVersion.toNumber();
      assert.equal(await versionAt(U - 1), 100);
      assert.equal(await versionAt(U + 1), 101);
      assert.equal((await api.rpc.state.getRuntimeVersion()).specVersion.toNumber(), 101);
      assert.equal(await gov.palletStorageVersion(api, 'Origins', hashAt(U)), 1, 'not migrated in the upgrade\'s own block');
      assert.equal(await runsAt(hashAt(U)), null);
      assert.equal(await gov.palletStorageVersion(api, 'Origins', hashAt(U + 1)), 2, 'Origins at storage version 2');
      assert.equal(await runsAt(hashAt(U + 1)), 1, 'the migration ran once');
      assert.equal(await runsAt(hashAt(U + 4)), 1, 'and not again');
      assert.equal((await fresh.query.system.lastRuntimeUpgrade()).unwrap().specVersion.toNumber(), 101);

      // Providers and jobs from before the upgrade: all there, unchanged where nothing could change them.
      const [old, now] = [await fresh.at(hashAt(U - 1)), await fresh.at(hashAt(U + 4))];
      const providersBefore = await old.query.providers.providers.entries();
      assert.ok(providersBefore.length >= 1);
      for (const [key, value] of providersBefore) {
        const who = key.args[0].toString();
        const after = await now.query.providers.providers(who);
        assert.ok(after.isSome, `provider ${who} is still registered`);
        const [p, q] = [value.unwrap(), after.unwrap()];
        for (const field of ['profile', 'pricePerUnit', 'stake', 'unbonding', 'status', 'registeredAt']) {
          assert.equal(q[field].toHex(), p[field].toHex(), `provider ${who}: ${field}`);
        }
        assert.equal((await now.query.providers.operatorOf(who)).toHex(), (await old.query.providers.operatorOf(who)).toHex(), `provider ${who}: operator`);
      }
      const jobsBefore = await old.query.jobs.jobs.entries();
      assert.ok(jobsBefore.length >= 2, `jobs before the upgrade: ${jobsBefore.length}`);
      let unchanged = 0;
      for (const [key, value] of jobsBefore) {
        const id = key.args[0].toNumber();
        const after = await now.query.jobs.jobs(id);
        assert.ok(after.isSome, `job ${id} is still there`);
        const [j, k] = [value.unwrap(), after.unwrap()];
        if (FINAL_STATES.includes(j.state.type)) {
          assert.equal(k.toHex(), j.toHex(), `job ${id} (${j.state.type}) is byte for byte the same`);
          unchanged++;
        }
        for (const field of ['submitter', 'spec', 'replicas', 'maxPricePerUnit', 'workUnits', 'deposit', 'verificationFee', 'submittedAt', 'deadline']) {
          assert.equal(k[field].toHex(), j[field].toHex(), `job ${id}: ${field}`);
        }
        assert.equal((await now.query.jobs.jobInputs(id)).toHex(), (await old.query.jobs.jobInputs(id)).toHex(), `job ${id}: inputs`);
      }
      assert.ok(unchanged >= 1, 'at least one settled job compared byte for byte');
      for (const pallet of ['providers', 'jobs', 'proofOfCompute']) {
        assert.equal((await now.query[pallet].parameters()).toHex(), (await old.query[pallet].parameters()).toHex(), `${pallet} parameters`);
      }
      mark(`${providersBefore.length} providers and ${jobsBefore.length} jobs (${unchanged} final) came through`);

      // Every pallet's try-state invariants over a block under the new runtime (the old one has no such API).
      const checked = await gov.tryExecuteBlock(fresh, hashAt(U + 2), 'All');
      assert.equal(checked.number, U + 2);
      assert.equal(checked.parentHash, hashAt(U + 1));
      assert.ok(checked.refTime > 0n, 'the block\'s weight');
      await assert.rejects(gov.tryExecuteBlock(fresh, hashAt(U - 1), 'All'), /Exported method TryRuntime_execute_block is not found/,
        'the old runtime has no TryRuntime API');
      mark(`TryRuntime_execute_block(#${U + 2}, try-state All): ${checked.refTime} ps`);

      // The job submitted before the upgrade settles under the new runtime, with the right digest.
      const settledAt = await log.waitFor('jobs', 'JobSettled', (e) => eventField(e, 'job').toNumber() === liveId, 180_000, `job ${liveId} to settle`);
      assert.ok(settledAt.number > U, 'settled after the upgrade');
      const done = (await fresh.call.jobsApi.job(liveId)).unwrap();
      assert.equal(done.state.type, 'Settled');
      assert.equal(done.resultDigest.unwrap().toHex(), liveDigest, 'the CPU reference\'s digest');
      assert.equal(done.finishedAt.unwrap().toNumber(), settledAt.number);
      const listed = (await cliJson('jobs', '--submitter', jobs().address)).jobs.find((j) => j.id === liveId);
      assert.equal(listed.state, 'Settled');
      assert.equal(listed.resultDigest, liveDigest);
      mark(`job ${liveId} settled in #${settledAt.number}`);
    } finally {
      if (fresh) await fresh.disconnect();
      rmSync(dir, { recursive: true, force: true });
    }
  }));
});
