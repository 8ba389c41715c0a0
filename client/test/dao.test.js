// Data-DAO helpers of the client, offline: rules and percentages as polkadot.js encodes
// them, shares as the pallet mints them, `dao propose` options turned into a DaoAction
// that a registry with the pallet's types encodes, and dataset-version Merkle proofs: the
// tree of pallets/data-dao/src/merkle.rs (its frontier ported here as the pallet keeps it)
// agrees with the whole-tree root at every size, and every proof checks against its own
// version only.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @polkadot/api's own codec package (pinned with it by package-lock.json).
import { TypeRegistry } from '@polkadot/types';
import { u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsHex, blake2AsU8a, cryptoWaitReady } from '@polkadot/util-crypto';
import {
  parsePercent, percentOf, encodeRules, rulesSummary, sharesFor, grantTerms, actionFromOptions, hashFile,
  itemLeaf, zeroHashes, merkleRoot, merkleProof, verifyItemProof, MERKLE_DEPTH, LEAF_TAG
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

test('dao propose options make one DaoAction that the pallet\'s types encode', () => {
  const ctx = {
    account: (name) => ({ 'admit-custodian': ALICE, spend: ALICE, grantee: ALICE })[name],
    decimals: 12,
    head: 1_000,
    dao: { version: 3, rules: { votingPeriod: 100, enactmentDelay: 10 } }
  };
  const grant = actionFromOptions({
    grant: true, kernels: 'MlpInferenceI8', params: `${'0x' + '11'.repeat(32)},${'0x' + '22'.repeat(32)}`,
    'work-units': '500', 'output-bytes': '65536', price: '0.01', 'expiry-blocks': '14400', accept: [], reject: []
  }, ctx);
  assert.deepEqual(grant, {
    Grant: {
      grantee: null, version: 3, kernels: ['MlpInferenceI8'], params: { Only: ['0x' + '11'.repeat(32), '0x' + '22'.repeat(32)] },
      maxWorkUnits: 500n, maxOutputBytes: 65536n, pricePerUnit: UNIT / 100n, expiresAt: 15_400
    }
  });
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

  // The pallet's types (pallets/data-dao/src/types.rs), named as polkadot.js names them
  // from metadata; the runtime's bounds do not change the encoding.
  const registry = new TypeRegistry();
  registry.register({
    KernelId: { _enum: ['MatmulI8', 'Conv2dI8', 'MlpInferenceI8', 'AttentionI8', 'MlpTrain'] },
    ParamRule: { _enum: { Any: 'Null', Only: 'Vec<[u8; 32]>' } },
    GrantTerms: {
      grantee: 'Option<AccountId32>', version: 'u32', kernels: 'Vec<KernelId>', params: 'ParamRule', maxWorkUnits: 'u64',
      maxOutputBytes: 'u64', pricePerUnit: 'u128', expiresAt: 'u32'
    },
    RevenueSplit: { contributors: 'Perbill', curators: 'Perbill' },
    AutoAccept: { maxItemBytes: 'u64', rating: 'u8' },
    DaoRules: { votingPeriod: 'u32', enactmentDelay: 'u32', quorum: 'Perbill', approval: 'Perbill', split: 'RevenueSplit', autoAccept: 'Option<AutoAccept>' },
    DaoAction: {
      _enum: {
        AcceptContributions: 'Vec<([u8; 32], u8)>', RejectContributions: 'Vec<[u8; 32]>', AdmitCustodian: 'AccountId32',
        RemoveCustodian: 'AccountId32', AddCurator: 'AccountId32', RemoveCurator: 'AccountId32', Grant: 'GrantTerms',
        RevokeGrant: 'u32', SetGrantPrice: '(u32, u128)', Spend: '(AccountId32, u128)', SetRules: 'DaoRules'
      }
    }
  });
  const encoded = registry.createType('DaoAction', grant);
  assert.equal(encoded.asGrant.params.asOnly.length, 2);
  assert.equal(encoded.asGrant.pricePerUnit.toBigInt(), UNIT / 100n);
  assert.equal(encoded.toU8a()[0], 6, 'Grant is the seventh variant');
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
