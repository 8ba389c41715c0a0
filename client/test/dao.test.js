// Data-DAO helpers of the client, offline: rules and percentages as polkadot.js encodes
// them, shares as the pallet mints them, `dao propose` options turned into a DaoAction
// that a registry with the pallet's types encodes (a pinned spec hashed as the jobs pallet
// hashes a job's SCALE-encoded spec, a pinned layout as its dataset-position bits), the
// quorum that forfeits a deposit, dataset inputs with the most access fee the buyer accepts
// (the grant's price read from the chain by default), and dataset-version Merkle proofs: the tree of
// pallets/data-dao/src/merkle.rs (its frontier ported here as the pallet keeps it) agrees
// with the whole-tree root at every size, every proof checks against its own version only,
// and a proof built from storage (for versions the runtime API does not prove) is the
// pallet's.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @polkadot/api's own codec package (pinned with it by package-lock.json).
import { TypeRegistry } from '@polkadot/types';
import { hexToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsHex, blake2AsU8a, cryptoWaitReady } from '@polkadot/util-crypto';
import {
  parsePercent, percentOf, encodeRules, rulesSummary, sharesFor, grantTerms, actionFromOptions, hashFile,
  itemLeaf, zeroHashes, merkleRoot, merkleProof, verifyItemProof, MERKLE_DEPTH, LEAF_TAG,
  specDigest, layoutBits, layoutPositions, grantSummary, quorumMissed, itemProofFromStorage, MAX_PROOF_ITEMS,
  datasetInput, withAccessLimits, PROPOSALS_PER_MEMBER
} from '../src/dao.js';

const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const UNIT = 10n ** 12n;

test('percentages become Perbill parts and rules are checked before they are sent', () => {
  assert.equal(parsePercent('50'), 500_000_000);
  assert.equal(parsePercent('12.5%'), 125_000_000);
  assert.equal(parsePercent('0.0000001'), 1);
  assert.equal(parsePercent('100'), 1_000_000_000);
  assert.throws(() => parsePercent('100.1'), /0 to 100/);
  assert.throws(() => parsePercent('-1'), /0 to 100/);
  assert.throws(() => parsePercent('1.00000001'), /7 decimals/);
  assert.equal(percentOf(125_000_000), '12.5%');

  const rules = encodeRules({
    votingPeriod: '100', enactmentDelay: 0, quorum: '20', approval: '50', membersShare: '70', curatorsShare: '10',
    autoAcceptBytes: '4096', autoRating: '3'
  });
  assert.deepEqual(rules, {
    votingPeriod: 100, enactmentDelay: 0, quorum: 200_000_000, approval: 500_000_000,
    split: { contributors: 700_000_000, curators: 100_000_000 }, autoAccept: { maxItemBytes: 4096, rating: 3 }
  });
  assert.equal(rulesSummary(rules).treasuryShare, '20%');
  const base = { votingPeriod: 10, enactmentDelay: 0, quorum: '20', approval: '50', membersShare: '70', curatorsShare: '10' };
  assert.equal(encodeRules(base).autoAccept, null);
  assert.throws(() => encodeRules({ ...base, membersShare: '95' }), /more than 100%/);
  assert.throws(() => encodeRules({ ...base, quorum: '0' }), /above 0%/);
  assert.throws(() => encodeRules({ ...base, autoAcceptBytes: '10' }), /both/);
  assert.throws(() => encodeRules({ ...base, autoAcceptBytes: '10', autoRating: '6' }), /rating from 1 to 5/);
  assert.throws(() => encodeRules({ ...base, votingPeriod: '1.5' }), /whole number of blocks/);
});

test('shares are whole share units, capped, times the rating', () => {
  const consts = { shareUnitBytes: 1024, maxUnitsPerItem: 1_048_576 };
  assert.equal(sharesFor(1, 1, consts), 1n);
  assert.equal(sharesFor(1024, 3, consts), 3n);
  assert.equal(sharesFor(1025, 3, consts), 6n);
  assert.equal(sharesFor(5n * 1024n ** 3n, 5, consts), 5n * 1_048_576n);
});

/**
 * The pallets' types (pallets/data-dao/src/types.rs, primitives/src/kernels.rs), fields in
 * declaration order, named as polkadot.js names them from metadata; the runtime's bounds
 * do not change the encoding.
 */
function palletRegistry () {
  const registry = new TypeRegistry();
  registry.register({
    KernelId: { _enum: ['MatmulI8', 'Conv2dI8', 'MlpInferenceI8', 'AttentionI8', 'MlpTrain'] },
    Requant: { multiplier: 'u32', shift: 'u8' },
    MatmulShape: { m: 'u32', k: 'u32', n: 'u32' },
    Conv2dShape: {
      batch: 'u32', inChannels: 'u32', height: 'u32', width: 'u32', outChannels: 'u32', kernelH: 'u32', kernelW: 'u32',
      stride: 'u32', padding: 'u32'
    },
    MlpLayer: { dOut: 'u32', requant: 'Requant' },
    MlpShape: { batch: 'u32', dIn: 'u32', layers: 'Vec<MlpLayer>' },
    AttentionShape: { seqLen: 'u32', dK: 'u32', dV: 'u32', scoreScale: 'Requant' },
    TrainShape: { batch: 'u32', dIn: 'u32', hidden: 'u32', dOut: 'u32', learningRate: 'u32', lrShift: 'u8', steps: 'u32' },
    KernelSpec: {
      _enum: { MatmulI8: 'MatmulShape', Conv2dI8: 'Conv2dShape', MlpInferenceI8: 'MlpShape', AttentionI8: 'AttentionShape', MlpTrain: 'TrainShape' }
    },
    ParamRule: { _enum: { Any: 'Null', Only: 'Vec<[u8; 32]>' } },
    GrantTerms: {
      grantee: 'Option<AccountId32>', version: 'u32', kernels: 'Vec<KernelId>', spec: 'Option<[u8; 32]>', layout: 'Option<u32>',
      params: 'ParamRule', maxWorkUnits: 'u64', maxOutputBytes: 'u64', pricePerUnit: 'u128', expiresAt: 'u32'
    },
    Grant: { terms: 'GrantTerms', usedWorkUnits: 'u64', usedOutputBytes: 'u64' },
    RevenueSplit: { contributors: 'Perbill', curators: 'Perbill' },
    AutoAccept: { maxItemBytes: 'u64', rating: 'u8' },
    DaoRules: { votingPeriod: 'u32', enactmentDelay: 'u32', quorum: 'Perbill', approval: 'Perbill', split: 'RevenueSplit', autoAccept: 'Option<AutoAccept>' },
    DaoAction: {
      _enum: {
        AcceptContributions: 'Vec<([u8; 32], u8)>', RejectContributions: 'Vec<[u8; 32]>', AdmitCustodian: 'AccountId32',
        RemoveCustodian: 'AccountId32', AddCurator: 'AccountId32', RemoveCurator: 'AccountId32', Grant: 'GrantTerms',
        RevokeGrant: 'u32', SetGrantPrice: '(u32, u128)', Spend: '(AccountId32, u128)', SetRules: 'DaoRules'
      }
    },
    Version: { root: '[u8; 32]', items: 'u64', bytes: 'u64', createdAt: 'u32' },
    ItemState: {
      _enum: {
        Pending: { reviews: 'Vec<(AccountId32, u8)>' },
        Accepted: { index: 'u64', version: 'u32', rating: 'u8', shares: 'u128' }
      }
    },
    Item: { contributor: 'AccountId32', size: 'u64', deposit: 'u128', state: 'ItemState' },
    // pallets/jobs/src/types.rs
    DatasetInput: { dao: 'u32', grant: 'u32', item: '[u8; 32]', maxFeePerUnit: 'u128' },
    InputRef: { _enum: { Inline: 'Bytes', Artifact: '[u8; 32]', Dataset: 'DatasetInput' } }
  });
  return registry;
}

const le32 = (n) => { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, n, true); return b; };

test('a pinned spec is the blake2-256 of its SCALE encoding, every field given; a layout is its dataset-position bits', async () => {
  await cryptoWaitReady();
  const registry = palletRegistry();
  // SCALE by hand: the variant's index, then each field little endian, a Vec's length compact.
  const matmul = specDigest(registry, 'KernelSpec', { MatmulI8: { m: 2, k: 3, n: 4 } });
  assert.equal(matmul.digest, blake2AsHex(u8aConcat([0], le32(2), le32(3), le32(4)), 256));
  assert.equal(matmul.kernel, 'MatmulI8');
  const mlp = { MlpInferenceI8: { batch: 64, dIn: 32, layers: [{ dOut: 10, requant: { multiplier: 1 << 30, shift: 38 } }] } };
  const mlpBytes = u8aConcat([2], le32(64), le32(32), [1 << 2], le32(10), le32(1 << 30), [38]);
  assert.equal(specDigest(registry, 'KernelSpec', mlp).digest, blake2AsHex(mlpBytes, 256));
  // Field names as the Rust source spells them name the same fields.
  assert.equal(specDigest(registry, 'KernelSpec', { MlpInferenceI8: { batch: 64, d_in: 32, layers: [{ d_out: 10, requant: { multiplier: 1 << 30, shift: 38 } }] } }).digest,
    blake2AsHex(mlpBytes, 256));
  // polkadot.js would encode a missing field as 0 and ignore an unknown one: refused here.
  assert.throws(() => specDigest(registry, 'KernelSpec', { MatmulI8: { m: 2, k: 3 } }), /missing n/);
  assert.throws(() => specDigest(registry, 'KernelSpec', { MatmulI8: { m: 2, k: 3, n: 4, x: 1 } }), /no field x/);
  assert.throws(() => specDigest(registry, 'KernelSpec', { MlpInferenceI8: { batch: 1, dIn: 1, layers: [{ dOut: 1 }] } }), /missing requant/);
  assert.throws(() => specDigest(registry, 'KernelSpec', 'MatmulI8'), /one kernel with its shape/);
  assert.throws(() => specDigest(registry, 'KernelSpec', { Sort: { n: 1 } }), /not a KernelSpec/);

  assert.equal(layoutBits('0'), 1);
  assert.equal(layoutBits('0,2'), 0b101);
  assert.equal(layoutBits([1]), 0b10);
  assert.equal(layoutBits('31'), 2 ** 31);
  assert.deepEqual(layoutPositions(0b101), [0, 2]);
  assert.deepEqual(layoutPositions(2 ** 31), [31]);
  assert.throws(() => layoutBits('0,0'), /named twice/);
  assert.throws(() => layoutBits(''), /not \(empty\)/);
  assert.throws(() => layoutBits('32'), /0 to 31/);
  assert.throws(() => layoutBits('17', 17), /0 to 16/);
  assert.throws(() => layoutBits('a'), /not a/);
});

test('dao propose options make one DaoAction that the pallet\'s types encode', async () => {
  await cryptoWaitReady();
  const registry = palletRegistry();
  const ctx = {
    account: (name) => ({ 'admit-custodian': ALICE, spend: ALICE, grantee: ALICE })[name],
    decimals: 12,
    head: 1_000,
    dao: { version: 3, rules: { votingPeriod: 100, enactmentDelay: 10 } },
    specDigest: (spec) => specDigest(registry, 'KernelSpec', spec),
    maxInputs: 17
  };
  const grant = actionFromOptions({
    grant: true, kernels: 'MlpInferenceI8', params: `${'0x' + '11'.repeat(32)},${'0x' + '22'.repeat(32)}`,
    'work-units': '500', 'output-bytes': '65536', price: '0.01', 'expiry-blocks': '14400', accept: [], reject: []
  }, ctx);
  assert.deepEqual(grant, {
    Grant: {
      grantee: null, version: 3, kernels: ['MlpInferenceI8'], spec: null, layout: null,
      params: { Only: ['0x' + '11'.repeat(32), '0x' + '22'.repeat(32)] },
      maxWorkUnits: 500n, maxOutputBytes: 65536n, pricePerUnit: UNIT / 100n, expiresAt: 15_400
    }
  });
  // Pinned spec and layout: the one MLP the DAO sells, items only as its input 0.
  const spec = '{"MlpInferenceI8":{"batch":64,"dIn":32,"layers":[{"dOut":10,"requant":{"multiplier":1073741824,"shift":38}}]}}';
  const pinnedOptions = {
    grant: true, 'grant-spec': spec, 'grant-layout': '0', params: `${'0x' + '11'.repeat(32)},${'0x' + '22'.repeat(32)}`,
    'work-units': '500', 'output-bytes': '65536', price: '0.01', 'expiry-blocks': '14400', accept: [], reject: []
  };
  const pinned = actionFromOptions(pinnedOptions, ctx);
  const specHash = specDigest(registry, 'KernelSpec', JSON.parse(spec)).digest;
  assert.deepEqual(pinned.Grant.kernels, ['MlpInferenceI8'], '--kernels defaults to the spec\'s kernel');
  assert.equal(pinned.Grant.spec, specHash);
  assert.equal(pinned.Grant.layout, 1);
  assert.deepEqual(actionFromOptions({ ...pinnedOptions, kernels: 'MatmulI8,MlpInferenceI8' }, ctx).Grant.kernels, ['MatmulI8', 'MlpInferenceI8']);
  // An Only list is the exact parameter list, in input order: order and repeats are kept.
  const [w, b] = ['0x' + '11'.repeat(32), '0x' + '22'.repeat(32)];
  assert.deepEqual(actionFromOptions({ ...pinnedOptions, params: `${b},${w},${b}` }, ctx).Grant.params, { Only: [b, w, b] });
  assert.throws(() => actionFromOptions({ ...pinnedOptions, kernels: 'MatmulI8' }, ctx), /MlpInferenceI8 spec, which --kernels MatmulI8 does not allow/);
  assert.throws(() => actionFromOptions({ ...pinnedOptions, 'grant-spec': '{"MlpInferenceI8":' }, ctx), /--grant-spec is not JSON/);
  assert.throws(() => actionFromOptions({ ...pinnedOptions, 'grant-layout': '0,17' }, ctx), /0 to 16/);
  assert.throws(() => actionFromOptions({ 'grant-layout': '0', accept: [], reject: [] }, ctx), /term of a --grant proposal/);
  // It would expire before the earliest block it can be executed at (1000 + 100 + 1 + 10).
  assert.throws(() => actionFromOptions({ grant: true, kernels: 'MatmulI8', params: 'any', 'work-units': '1', 'output-bytes': '1', price: '1', 'expiry-blocks': '111', accept: [], reject: [] }, ctx),
    /expire .* before it can be executed/);
  assert.throws(() => actionFromOptions({ grant: true, kernels: 'MatmulI8', 'work-units': '1', 'output-bytes': '1', price: '1', 'expiry-blocks': '500', accept: [], reject: [] }, ctx),
    /--params any/);
  assert.throws(() => actionFromOptions({ 'admit-custodian': ALICE, spend: ALICE, amount: '1', accept: [], reject: [] }, ctx), /one action per proposal/);
  assert.equal(actionFromOptions({ accept: [], reject: [] }, ctx), null);
  assert.deepEqual(actionFromOptions({ accept: ['0x' + 'ab'.repeat(32) + ':4'], reject: [] }, ctx), { AcceptContributions: [['0x' + 'ab'.repeat(32), 4]] });
  assert.throws(() => actionFromOptions({ accept: ['0x' + 'ab'.repeat(32) + ':0'], reject: [] }, ctx), /rating 1 to 5/);
  assert.deepEqual(actionFromOptions({ spend: ALICE, amount: '2.5', accept: [], reject: [] }, ctx), { Spend: [ALICE, 2_500_000_000_000n] });

  const encoded = registry.createType('DaoAction', grant);
  assert.equal(encoded.asGrant.params.asOnly.length, 2);
  assert.equal(encoded.asGrant.pricePerUnit.toBigInt(), UNIT / 100n);
  assert.ok(encoded.asGrant.spec.isNone && encoded.asGrant.layout.isNone);
  assert.equal(encoded.toU8a()[0], 6, 'Grant is the seventh variant');
  // GrantTerms in the pallet's field order: grantee, version, kernels, spec, layout, params, ...
  const pinnedBytes = registry.createType('DaoAction', pinned).toU8a();
  assert.equal(u8aToHex(pinnedBytes.slice(0, 1 + 1 + 4 + 2 + 1 + 32 + 1 + 4 + 1)), u8aToHex(u8aConcat(
    [6], [0], le32(3), [1 << 2, 2], [1], hexToU8a(specHash), [1], le32(1), [1]
  )));
  const stored = registry.createType('Grant', { terms: pinned.Grant, usedWorkUnits: 7, usedOutputBytes: 40 });
  assert.deepEqual(
    (({ spec, layout, kernels, params }) => ({ spec, layout, kernels, params }))(grantSummary(0, stored)),
    { spec: specHash, layout: [0], kernels: ['MlpInferenceI8'], params: { Only: ['0x' + '11'.repeat(32), '0x' + '22'.repeat(32)] } });
  assert.equal(grantSummary(1, registry.createType('Grant', { terms: grant.Grant })).spec, null);
  assert.throws(() => grantTerms({ version: 1, kernels: ['MatmulI8'], spec: '0x12', params: 'Any', maxWorkUnits: 1, maxOutputBytes: 1, pricePerUnit: 0n, expiresAt: 9 }), /pinned spec/);
  assert.throws(() => grantTerms({ version: 1, kernels: ['MatmulI8'], layout: 0, params: 'Any', maxWorkUnits: 1, maxOutputBytes: 1, pricePerUnit: 0n, expiresAt: 9 }), /pinned layout/);
  const rules = encodeRules({ votingPeriod: 100, enactmentDelay: 0, quorum: '20', approval: '50', membersShare: '70', curatorsShare: '10' });
  assert.equal(registry.createType('DaoAction', { SetRules: rules }).asSetRules.quorum.toNumber(), 200_000_000);
  assert.equal(registry.createType('DaoAction', { AdmitCustodian: ALICE }).asAdmitCustodian.toString(), ALICE);
  assert.throws(() => grantTerms({ version: 1, kernels: [], params: 'Any', maxWorkUnits: 1, maxOutputBytes: 1, pricePerUnit: 0n, expiresAt: 9 }), /at least one kernel/);
});

test('an item file is named by its blake2-256 hash', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tg-dao-'));
  const path = join(dir, 'item.bin');
  writeFileSync(path, Buffer.from([1, 2, 3, 4]));
  const { hash, size, file } = await hashFile(path);
  assert.equal(hash, blake2AsHex(new Uint8Array([1, 2, 3, 4]), 256));
  assert.equal(size, 4);
  assert.equal(file, hash.slice(2));
  writeFileSync(path, Buffer.alloc(0));
  await assert.rejects(hashFile(path), /empty/);
});

/** The pallet's on-chain frontier (merkle.rs `Frontier`), ported as written. */
class Frontier {
  constructor () { this.branch = Array.from({ length: MERKLE_DEPTH }, () => new Uint8Array(32)); this.count = 0; }
  append (leaf) {
    let size = this.count + 1;
    let hash = leaf;
    for (let level = 0; level < MERKLE_DEPTH; level++) {
      if ((size & 1) === 1) { this.branch[level] = hash; break; }
      hash = blake2AsU8a(u8aConcat(this.branch[level], hash), 256);
      size >>= 1;
    }
    this.count += 1;
  }

  root () {
    const zeros = zeroHashes();
    let hash = new Uint8Array(32);
    let size = this.count;
    for (let level = 0; level < MERKLE_DEPTH; level++) {
      hash = (size & 1) === 1
        ? blake2AsU8a(u8aConcat(this.branch[level], hash), 256)
        : blake2AsU8a(u8aConcat(hash, zeros[level]), 256);
      size >>= 1;
    }
    return hash;
  }
}

test('dataset versions: the frontier root is the whole tree\'s, and each proof holds for its version only', async () => {
  await cryptoWaitReady();
  assert.equal(LEAF_TAG.length, 24);
  // Leaf = H(tag ‖ item ‖ size as u64 LE), spelled out once.
  const item = blake2AsU8a(new Uint8Array([7]), 256);
  const bytes = new Uint8Array(24 + 32 + 8);
  bytes.set(new TextEncoder().encode(LEAF_TAG), 0);
  bytes.set(item, 24);
  bytes[56] = 0x01; bytes[57] = 0x01; // 257
  assert.equal(u8aToHex(itemLeaf(item, 257)), blake2AsHex(bytes, 256));

  const items = Array.from({ length: 37 }, (_, i) => ({ item: blake2AsHex(new Uint8Array([i, i >> 8]), 256), size: i + 1 }));
  const leaves = items.map(({ item, size }) => itemLeaf(item, size));
  const frontier = new Frontier();
  assert.equal(u8aToHex(frontier.root()), u8aToHex(merkleRoot([])));
  for (let n = 1; n <= leaves.length; n++) {
    frontier.append(leaves[n - 1]);
    assert.equal(u8aToHex(frontier.root()), u8aToHex(merkleRoot(leaves.slice(0, n))), `after ${n} leaves`);
  }
  const root = frontier.root();
  for (let i = 0; i < items.length; i++) {
    // As `api.call.dataDaoApi.itemProof` returns it (JSON form).
    const proof = { index: i, leaf: u8aToHex(leaves[i]), siblings: merkleProof(leaves, i).map((s) => u8aToHex(s)), root: u8aToHex(root) };
    assert.equal(proof.siblings.length, MERKLE_DEPTH);
    assert.ok(verifyItemProof(proof, items[i]));
    assert.ok(!verifyItemProof({ ...proof, index: i ^ 1 }, items[i]), 'a proof is bound to its index');
    assert.ok(!verifyItemProof(proof, { ...items[i], size: items[i].size + 1 }), 'and to the item\'s size');
    assert.ok(!verifyItemProof({ ...proof, leaf: undefined }, items[(i + 1) % items.length]), 'and to the item');
  }
  // An item of a later version does not prove against an earlier root.
  const earlier = merkleRoot(leaves.slice(0, 20));
  const late = { index: 30, siblings: merkleProof(leaves, 30) };
  assert.ok(verifyItemProof(late, { ...items[30], root }));
  assert.ok(!verifyItemProof(late, { ...items[30], root: earlier }));
});

test('a proposal whose turnout misses the quorum (rounded up) forfeits its deposit', () => {
  const twentyPercent = 200_000_000;
  assert.equal(quorumMissed(199, 1_000, twentyPercent), true);
  assert.equal(quorumMissed(200, 1_000, twentyPercent), false);
  // 20% of 1,001 is 200.2: 201 meet it, 200 do not.
  assert.equal(quorumMissed(200, 1_001, twentyPercent), true);
  assert.equal(quorumMissed(201, 1_001, twentyPercent), false);
  assert.equal(quorumMissed(0, 0, twentyPercent), false, 'an empty electorate needs no turnout (the proposal fails on approval)');
  assert.equal(quorumMissed(10n ** 30n - 1n, 10n ** 30n, 1_000_000_000), true);
});

test('a proof built from storage is the one the pallet would give, for its version only', async () => {
  await cryptoWaitReady();
  assert.equal(MAX_PROOF_ITEMS, 65_536);
  const registry = palletRegistry();
  const DAO = 4;
  // Five accepted items (versions 1 to 3 hold 2, 3 and 5 of them) and a pending one.
  const accepted = Array.from({ length: 5 }, (_, i) => ({ hash: blake2AsHex(new Uint8Array([9, i]), 256), size: 100 + i }));
  const versionOf = (i) => (i < 2 ? 1 : i < 3 ? 2 : 3);
  const items = new Map(accepted.map(({ hash, size }, i) => [hash, {
    contributor: ALICE, size, deposit: 1, state: { Accepted: { index: i, version: versionOf(i), rating: 3, shares: 1 } }
  }]));
  const pending = blake2AsHex(new Uint8Array([9, 99]), 256);
  items.set(pending, { contributor: ALICE, size: 7, deposit: 1, state: { Pending: { reviews: [] } } });
  const leaves = accepted.map(({ hash, size }) => itemLeaf(hash, size));
  const versions = new Map([1, 2, 3].map((v) => {
    const count = { 1: 2, 2: 3, 3: 5 }[v];
    return [v, { root: u8aToHex(merkleRoot(leaves.slice(0, count))), items: count, bytes: 0, createdAt: v }];
  }));
  const key = (...args) => ({ args });
  const api = {
    query: {
      dataDao: {
        versions: async (dao, v) => registry.createType('Option<Version>', dao === DAO ? versions.get(v) ?? null : null),
        items: Object.assign(
          async (dao, h) => registry.createType('Option<Item>', dao === DAO ? items.get(h) ?? null : null),
          {
            entries: async () => [...items].map(([h, it]) =>
              [key(registry.createType('u32', DAO), registry.createType('[u8; 32]', h)), registry.createType('Option<Item>', it)])
          }
        ),
        itemAt: {
          entries: async () => accepted.map(({ hash }, i) =>
            [key(registry.createType('u32', DAO), registry.createType('u64', i)), registry.createType('Option<[u8; 32]>', hash)])
        }
      }
    }
  };
  for (const [version, count] of [[1, 2], [2, 3], [3, 5]]) {
    const root = versions.get(version).root;
    for (let i = 0; i < accepted.length; i++) {
      const proof = await itemProofFromStorage(api, DAO, version, accepted[i].hash);
      if (i >= count) {
        assert.equal(proof, null, `item ${i} is not in version ${version}`);
        continue;
      }
      assert.equal(proof.index, BigInt(i));
      assert.deepEqual(proof.siblings.map((s) => u8aToHex(s)), merkleProof(leaves.slice(0, count), i).map((s) => u8aToHex(s)));
      assert.equal(u8aToHex(proof.root), root);
      assert.ok(verifyItemProof(proof, { item: accepted[i].hash, size: accepted[i].size, root }));
    }
  }
  // The frontier the pallet keeps gives the same root as the proof's version.
  const frontier = new Frontier();
  leaves.slice(0, 3).forEach((l) => frontier.append(l));
  assert.equal(u8aToHex(frontier.root()), versions.get(2).root);
  assert.equal(await itemProofFromStorage(api, DAO, 3, pending), null, 'a pending item is in no version');
  assert.equal(await itemProofFromStorage(api, DAO, 9, accepted[0].hash), null, 'no such version');
});

test('a dataset input carries the most access fee per work unit the buyer accepts, by default the grant\'s price now', async () => {
  const registry = palletRegistry();
  const item = '0x' + 'Ab'.repeat(32);
  assert.deepEqual(datasetInput(`dataset:0:2:${item}`, 12), { Dataset: { dao: 0, grant: 2, item: item.toLowerCase(), maxFeePerUnit: null } });
  assert.deepEqual(datasetInput(`dataset:1:0:${item}:0.01`, 12).Dataset.maxFeePerUnit, UNIT / 100n);
  assert.equal(datasetInput(`dataset:1:0:${item}:0`, 12).Dataset.maxFeePerUnit, 0n);
  assert.throws(() => datasetInput(`dataset:1:0:${item}:0.0000000000001`, 12), /MAXFEE is not an amount of TGD with at most 12 decimals/);
  assert.throws(() => datasetInput(`dataset:1:0:${item}:x`, 12), /MAXFEE/);
  assert.throws(() => datasetInput(`dataset:1:${item}`, 12), /dataset:DAO:GRANT:ITEM\[:MAXFEE\]/);
  assert.throws(() => datasetInput(`dataset:1:0:${item}:1:2`, 12), /dataset:DAO:GRANT:ITEM\[:MAXFEE\]/);

  // Grant 2 of DAO 0 asks 0.02 TGD per work unit; grant 3 does not exist.
  const terms = grantTerms({ version: 1, kernels: ['MatmulI8'], params: 'Any', maxWorkUnits: 10, maxOutputBytes: 10, pricePerUnit: 2n * UNIT / 100n, expiresAt: 99 });
  const reads = [];
  const api = {
    query: {
      dataDao: {
        grants: async (dao, grant) => {
          reads.push([dao, grant]);
          return registry.createType('Option<Grant>', dao === 0 && grant === 2 ? { terms } : null);
        }
      }
    }
  };
  const inputs = [
    datasetInput(`dataset:0:2:${item}`, 12),
    { Artifact: '0x' + '11'.repeat(32) },
    datasetInput(`dataset:0:2:${'0x' + 'cd'.repeat(32)}`, 12),
    datasetInput(`dataset:0:2:${'0x' + 'ef'.repeat(32)}:0.5`, 12)
  ];
  const filled = await withAccessLimits(api, inputs);
  assert.deepEqual(filled.map((i) => i.Dataset ? i.Dataset.maxFeePerUnit : null), [2n * UNIT / 100n, null, 2n * UNIT / 100n, UNIT / 2n]);
  assert.deepEqual(filled[1], inputs[1]);
  assert.deepEqual(reads, [[0, 2]], 'one read per grant, none for inputs that name their limit');
  // The jobs pallet's InputRef::Dataset, fields in order: dao, grant, item, max_fee_per_unit (u128 LE).
  const encoded = registry.createType('InputRef', filled[0]).toU8a();
  const fee = new Uint8Array(16);
  new DataView(fee.buffer).setBigUint64(0, 2n * UNIT / 100n, true);
  assert.equal(u8aToHex(encoded), u8aToHex(u8aConcat([2], le32(0), le32(2), hexToU8a(item), fee)));
  await assert.rejects(withAccessLimits(api, [datasetInput(`dataset:0:3:${item}`, 12)]), /no live grant 3.*GrantNotFound/);
  assert.equal(PROPOSALS_PER_MEMBER, 2);
});
