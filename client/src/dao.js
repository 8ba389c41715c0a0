// Data DAOs (pallet-data-dao, `dataDao` in the runtime): rules and grant terms as
// polkadot.js takes them, DAO, grant and proposal summaries as plain objects, the content
// hash of an item file, and dataset-version Merkle proofs checked in JavaScript exactly as
// `pallets/data-dao/src/merkle.rs` builds them.
//
// Summaries are plain objects; every amount of the chain's token in them is a bigint (in
// plancks) and nothing else is, so a caller can format amounts by type alone.

import { readFileSync } from 'node:fs';
import { hexToU8a, isHex, stringToU8a, u8aConcat, u8aEq } from '@polkadot/util';
import { blake2AsHex, blake2AsU8a, cryptoWaitReady } from '@polkadot/util-crypto';
import { parseTgd } from './chain.js';

/** Parts of a Perbill in 100%. */
export const PERBILL = 1_000_000_000;

/** Most proposals one member may have open in a DAO at once (`PROPOSALS_PER_MEMBER` in
 * pallets/data-dao/src/proposals.rs; not in the metadata): a third is `TooManyOwnProposals`. */
export const PROPOSALS_PER_MEMBER = 2;

/** Largest job input: every input is bound as (part of) one device buffer, at most
 * `MAX_BUFFER_BYTES` in the kernel registry. A dataset item is one whole job input, so a
 * larger item can never be read by a job. */
export const MAX_INPUT_BYTES = 128 * 1024 * 1024;

/**
 * A percentage ("50", "12.5", "33.3333333%") as Perbill parts (0..=1e9).
 * @param {string|number} text
 * @param {string} [name] what it is, for the error message
 * @returns {number}
 */
export function parsePercent (text, name = 'percentage') {
  const m = /^(\d{1,3})(?:\.(\d{1,7}))?%?$/.exec(String(text).trim());
  const parts = m ? Number(m[1]) * 10_000_000 + Number((m[2] || '').padEnd(7, '0')) : NaN;
  if (!(parts >= 0 && parts <= PERBILL)) throw new Error(`${name}: a percentage from 0 to 100 with at most 7 decimals, not ${text}`);
  return parts;
}

/** Perbill parts as a percentage text ("12.5%"). */
export function percentOf (parts) {
  const p = Number(parts);
  const whole = Math.floor(p / 10_000_000);
  const frac = String(p % 10_000_000).padStart(7, '0').replace(/0+$/, '');
  return `${whole}${frac ? `.${frac}` : ''}%`;
}

function blocks (value, name) {
  const text = String(value);
  if (!/^\d+$/.test(text)) throw new Error(`${name} must be a whole number of blocks, not ${value}`);
  return Number(text);
}

/**
 * A DAO's rules (`DaoRules`) as polkadot.js encodes them, from percentages and block
 * counts. Checks what can be checked without the chain: a quorum and approval above zero,
 * revenue shares adding up to at most 100%, an automatic rating 1..=5 over a size of at
 * least one byte (the chain checks the voting period and enactment delay against its
 * bounds and answers `dataDao.BadRules`).
 * @param {{votingPeriod: number|string, enactmentDelay: number|string, quorum: string,
 *   approval: string, membersShare: string, curatorsShare: string,
 *   autoAcceptBytes?: number|string, autoRating?: number|string}} rules
 */
export function encodeRules ({ votingPeriod, enactmentDelay, quorum, approval, membersShare, curatorsShare, autoAcceptBytes, autoRating }) {
  const encoded = {
    votingPeriod: blocks(votingPeriod, 'the voting period'),
    enactmentDelay: blocks(enactmentDelay, 'the enactment delay'),
    quorum: parsePercent(quorum, 'quorum'),
    approval: parsePercent(approval, 'approval'),
    split: {
      contributors: parsePercent(membersShare, "members' share"),
      curators: parsePercent(curatorsShare, "curators' share")
    },
    autoAccept: null
  };
  if (encoded.quorum === 0 || encoded.approval === 0) throw new Error('quorum and approval must be above 0%');
  if (encoded.split.contributors + encoded.split.curators > PERBILL) {
    throw new Error(`members' and curators' shares add up to more than 100%: ${percentOf(encoded.split.contributors)} + ${percentOf(encoded.split.curators)}`);
  }
  if ((autoAcceptBytes === undefined) !== (autoRating === undefined)) {
    throw new Error('automatic acceptance needs both the largest size (bytes) and the rating');
  }
  if (autoAcceptBytes !== undefined) {
    const maxItemBytes = String(autoAcceptBytes);
    const rating = String(autoRating);
    if (!/^\d+$/.test(maxItemBytes) || BigInt(maxItemBytes) < 1n) throw new Error(`automatic acceptance: a size of at least 1 byte, not ${autoAcceptBytes}`);
    if (!/^[1-5]$/.test(rating)) throw new Error(`automatic acceptance: a rating from 1 to 5, not ${autoRating}`);
    encoded.autoAccept = { maxItemBytes: Number(maxItemBytes), rating: Number(rating) };
  }
  return encoded;
}

/** Rules (a `DaoRules` codec, or what `encodeRules` returns) as plain JSON with percentages. */
export function rulesSummary (rules) {
  const r = typeof rules.toJSON === 'function' ? rules.toJSON() : rules;
  return {
    votingPeriod: Number(r.votingPeriod),
    enactmentDelay: Number(r.enactmentDelay),
    quorum: percentOf(r.quorum),
    approval: percentOf(r.approval),
    membersShare: percentOf(r.split.contributors),
    curatorsShare: percentOf(r.split.curators),
    treasuryShare: percentOf(PERBILL - Number(r.split.contributors) - Number(r.split.curators)),
    autoAccept: r.autoAccept ? { maxItemBytes: Number(r.autoAccept.maxItemBytes), rating: Number(r.autoAccept.rating) } : null
  };
}

/**
 * Shares an accepted item mints, as the pallet computes them:
 * `min(ceil(size / shareUnitBytes), maxUnitsPerItem) × rating`.
 * @param {bigint|number} size bytes
 * @param {number} rating 1..=5
 * @param {{shareUnitBytes: bigint|number, maxUnitsPerItem: bigint|number}} consts
 * @returns {bigint}
 */
export function sharesFor (size, rating, { shareUnitBytes, maxUnitsPerItem }) {
  const unit = BigInt(shareUnitBytes) > 0n ? BigInt(shareUnitBytes) : 1n;
  const bytes = BigInt(size);
  let units = (bytes + unit - 1n) / unit;
  if (units > BigInt(maxUnitsPerItem)) units = BigInt(maxUnitsPerItem);
  return units * BigInt(rating);
}

/** A u128/u64 codec or bigint as a number where it is exact, else as a decimal string. */
export function countOf (value) {
  const big = typeof value === 'bigint' ? value : BigInt(value.toString());
  return big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big.toString();
}

/**
 * One DAO as a plain object (amounts as bigint plancks).
 * @param {import('@polkadot/api').ApiPromise} api
 * @param {number} id
 * @param {object} info the `DaoInfo` codec (`api.query.dataDao.daos(id)`, unwrapped)
 */
export async function daoSummary (api, id, info) {
  const account = (await api.call.dataDaoApi.account(id)).toString();
  return {
    id,
    account,
    creator: info.creator.toString(),
    totalShares: countOf(info.totalShares),
    items: countOf(info.items),
    bytes: countOf(info.bytes),
    pendingItems: info.pendingItems.toNumber(),
    version: info.version.toNumber(),
    custodians: info.custodians.map((c) => c.toString()),
    curators: info.curators.map((c) => c.toString()),
    frozen: info.frozen.isTrue,
    treasury: info.treasury.toBigInt(),
    deposit: info.deposit.toBigInt(),
    openProposals: info.openProposals.toNumber(),
    liveGrants: info.liveGrants.toNumber(),
    rules: rulesSummary(info.rules)
  };
}

/** Every DAO, by id. */
export async function listDaos (api) {
  const entries = await api.query.dataDao.daos.entries();
  const daos = [];
  for (const [key, info] of entries) {
    if (info.isSome) daos.push(await daoSummary(api, key.args[0].toNumber(), info.unwrap()));
  }
  return daos.sort((a, b) => a.id - b.id);
}

/** A live grant as a plain object. */
export function grantSummary (id, grant) {
  const t = grant.terms;
  return {
    id,
    grantee: t.grantee.isSome ? t.grantee.unwrap().toString() : null,
    version: t.version.toNumber(),
    kernels: t.kernels.map((k) => k.toString()),
    spec: t.spec.isSome ? t.spec.unwrap().toHex() : null,
    layout: t.layout.isSome ? layoutPositions(t.layout.unwrap().toNumber()) : null,
    params: t.params.isAny ? 'Any' : { Only: t.params.asOnly.map((h) => h.toHex()) },
    maxWorkUnits: countOf(t.maxWorkUnits),
    usedWorkUnits: countOf(grant.usedWorkUnits),
    maxOutputBytes: countOf(t.maxOutputBytes),
    usedOutputBytes: countOf(grant.usedOutputBytes),
    pricePerUnit: t.pricePerUnit.toBigInt(),
    expiresAt: t.expiresAt.toNumber()
  };
}

/** An open proposal as a plain object (its action as polkadot.js's primitive JSON). */
export function proposalSummary (id, p) {
  const status = p.status.isVoting
    ? { state: 'Voting', endsAt: p.status.asVoting.endsAt.toNumber() }
    : { state: 'Approved', enactAt: p.status.asApproved.enactAt.toNumber() };
  return {
    id,
    proposer: p.proposer.toString(),
    action: p.action.toPrimitive(),
    createdAt: p.createdAt.toNumber(),
    electorate: countOf(p.electorate),
    ayes: countOf(p.ayes),
    nays: countOf(p.nays),
    deposit: p.deposit.toBigInt(),
    ...status
  };
}

/** A DAO with its live grants, open proposals and custody offers not yet admitted, or null. */
export async function daoDetails (api, id) {
  const info = await api.query.dataDao.daos(id);
  if (info.isNone) return null;
  const summary = await daoSummary(api, id, info.unwrap());
  const grants = (await api.query.dataDao.grants.entries(id))
    .filter(([, g]) => g.isSome)
    .map(([key, g]) => grantSummary(key.args[1].toNumber(), g.unwrap()))
    .sort((a, b) => a.id - b.id);
  const proposals = (await api.query.dataDao.proposals.entries(id))
    .filter(([, p]) => p.isSome)
    .map(([key, p]) => proposalSummary(key.args[1].toNumber(), p.unwrap()))
    .sort((a, b) => a.id - b.id);
  // Providers that offered custody (`offerCustody`) and are not custodians yet: the only
  // accounts an `AdmitCustodian` can admit.
  const offers = api.query.dataDao.custodyOffers
    ? (await api.query.dataDao.custodyOffers.entries(id)).map(([key]) => key.args[1].toString()).filter((a) => !summary.custodians.includes(a)).sort()
    : [];
  return { ...summary, grants, proposals, custodyOffers: offers };
}

/**
 * The grant terms (`GrantTerms`) polkadot.js encodes, fields in the pallet's order.
 * @param {{grantee?: string|null, version: number, kernels: string[], spec?: string|null,
 *   layout?: number|null, params: 'Any'|string[], maxWorkUnits: number|string,
 *   maxOutputBytes: number|string, pricePerUnit: bigint, expiresAt: number}} terms
 *   `spec`: null, or the one spec its jobs may run (the blake2-256 of its SCALE encoding,
 *   `specDigest`); `layout`: null, or the input positions that must be dataset items, as
 *   bits (`layoutBits`; every other input is then a parameter); `params`: 'Any', or the
 *   blake2-256 hashes of the parameter inputs the grant allows (an inline input counts by
 *   the hash of its bytes)
 */
export function grantTerms ({ grantee = null, version, kernels, spec = null, layout = null, params, maxWorkUnits, maxOutputBytes, pricePerUnit, expiresAt }) {
  if (!kernels || kernels.length === 0) throw new Error('a grant names at least one kernel');
  if (spec !== null && !isHex(spec, 256)) throw new Error(`a pinned spec is the 32-byte 0x blake2-256 of its SCALE encoding, not ${spec}`);
  if (layout !== null && !(Number.isInteger(layout) && layout >= 1 && layout <= 0xffff_ffff)) {
    throw new Error(`a pinned layout is a u32 with at least one bit set (bit i: input i is a dataset item), not ${layout}`);
  }
  let rule = 'Any';
  if (params !== 'Any') {
    for (const h of params) if (!isHex(h, 256)) throw new Error(`a pinned parameter is a 32-byte 0x hash, not ${h}`);
    rule = { Only: params };
  }
  for (const [name, value] of [['work units', maxWorkUnits], ['output bytes', maxOutputBytes]]) {
    if (!/^\d+$/.test(String(value)) || BigInt(value) < 1n) throw new Error(`a grant's ${name} budget is a whole number above 0, not ${value}`);
  }
  return {
    grantee,
    version,
    kernels,
    spec,
    layout,
    params: rule,
    maxWorkUnits: BigInt(maxWorkUnits),
    maxOutputBytes: BigInt(maxOutputBytes),
    pricePerUnit,
    expiresAt
  };
}

/**
 * A `--input dataset:DAO:GRANT:ITEM[:MAXFEE]`: a data DAO's item under one of its grants,
 * with the most access fee per work unit the buyer accepts (`DatasetInput.maxFeePerUnit`),
 * MAXFEE in TGD. Without MAXFEE, `maxFeePerUnit` is null: `withAccessLimits` fills in the
 * grant's price as the chain has it now.
 * @param {string} text
 * @param {number} decimals the token's decimals
 * @returns {{Dataset: {dao: number, grant: number, item: string, maxFeePerUnit: bigint|null}}}
 */
export function datasetInput (text, decimals) {
  const m = /^dataset:(\d+):(\d+):(0x[0-9a-fA-F]{64})(?::([^:]+))?$/.exec(text);
  if (!m) throw new Error(`--input dataset:DAO:GRANT:ITEM[:MAXFEE] (numbers, the item's 0x hash, then optionally the most access fee per work unit in TGD), not ${text}`);
  let maxFeePerUnit = null;
  if (m[4] !== undefined) {
    try { maxFeePerUnit = parseTgd(m[4], decimals); } catch (err) { throw new Error(`--input ${text}: MAXFEE is ${err.message}`); }
  }
  return { Dataset: { dao: Number(m[1]), grant: Number(m[2]), item: m[3].toLowerCase(), maxFeePerUnit } };
}

/**
 * `inputs` with every dataset input's missing `maxFeePerUnit` set to its grant's price per
 * work unit, read now (`dataDao.grants(dao, grant)`): the job is then refused
 * (`dataDao.AccessPriceAboveLimit`) if the DAO raises the price before it is included,
 * instead of charging the new price. The chain holds a job to the least `maxFeePerUnit` of
 * its dataset inputs.
 * @param {import('@polkadot/api').ApiPromise} api
 * @param {object[]} inputs `InputRef`s as polkadot.js takes them (`datasetInput`'s among them)
 * @returns {Promise<object[]>}
 */
export async function withAccessLimits (api, inputs) {
  const prices = new Map();
  const filled = [];
  for (const input of inputs) {
    const d = input && input.Dataset;
    if (!d || (d.maxFeePerUnit !== null && d.maxFeePerUnit !== undefined)) {
      filled.push(input);
      continue;
    }
    const key = `${d.dao}:${d.grant}`;
    if (!api.query.dataDao) throw new Error('this chain has no data-DAO pallet (dataDao): a dataset input cannot be read');
    if (!prices.has(key)) {
      const grant = await api.query.dataDao.grants(d.dao, d.grant);
      if (grant.isNone) throw new Error(`DAO ${d.dao} has no live grant ${d.grant} (dataDao.GrantNotFound; 'dao show ${d.dao}' lists its grants)`);
      prices.set(key, grant.unwrap().terms.pricePerUnit.toBigInt());
    }
    filled.push({ Dataset: { ...d, maxFeePerUnit: prices.get(key) } });
  }
  return filled;
}

/** Bits of a `u32` layout: an input position above 31 has none (the jobs pallet's fold). */
const LAYOUT_BITS = 32;

/**
 * A grant's input layout from the dataset input positions ("0" or "0,2"): bit `i` set iff
 * input `i` must be a dataset item (the jobs pallet's `dataset_positions`). The chain
 * compares it with a job's whole layout: every other input of the job is a parameter.
 * @param {string|number[]} positions
 * @param {number} [maxInputs] the chain's `jobs.maxInputs`, when known (positions below it)
 * @returns {number}
 */
export function layoutBits (positions, maxInputs = LAYOUT_BITS) {
  const list = Array.isArray(positions) ? positions.map(String) : String(positions).split(',').map((p) => p.trim());
  const limit = Math.min(Number(maxInputs), LAYOUT_BITS);
  let bits = 0;
  for (const p of list) {
    if (!/^\d+$/.test(p) || Number(p) >= limit) {
      throw new Error(`a dataset input position is an input index from 0 to ${limit - 1}, not ${p === '' ? '(empty)' : p}`);
    }
    const bit = 2 ** Number(p);
    if (Math.floor(bits / bit) % 2 === 1) throw new Error(`dataset input position ${p} is named twice`);
    bits += bit;
  }
  if (bits === 0) throw new Error('a layout names at least one dataset input position');
  return bits;
}

/** The input positions a layout marks as dataset items, ascending. */
export function layoutPositions (bits) {
  const positions = [];
  for (let i = 0; i < LAYOUT_BITS; i++) if (Math.floor(Number(bits) / 2 ** i) % 2 === 1) positions.push(i);
  return positions;
}

/** The name polkadot.js gives `KernelSpec` on this chain (the type of `jobs.submitJob`'s spec). */
export function kernelSpecType (api) {
  return api.tx.jobs.submitJob.meta.args[0].type.toString();
}

const fieldKey = (key) => key.replace(/_/g, '').toLowerCase();

/** Throws unless `given` names exactly the fields (and enum variant) of `encoded`'s JSON. */
function sameFields (given, encoded, at) {
  if (Array.isArray(encoded)) {
    if (!Array.isArray(given) || given.length !== encoded.length) throw new Error(`${at}: a list of ${encoded.length}, not ${JSON.stringify(given)}`);
    encoded.forEach((e, i) => sameFields(given[i], e, `${at}[${i}]`));
  } else if (encoded !== null && typeof encoded === 'object') {
    if (given === null || typeof given !== 'object' || Array.isArray(given)) {
      throw new Error(`${at}: an object with ${Object.keys(encoded).join(', ')}, not ${JSON.stringify(given)}`);
    }
    const want = new Map(Object.keys(encoded).map((k) => [fieldKey(k), k]));
    const have = new Map(Object.keys(given).map((k) => [fieldKey(k), k]));
    for (const [norm, k] of have) if (!want.has(norm)) throw new Error(`${at}: no field ${k} (it has ${[...want.values()].join(', ')})`);
    for (const [norm, k] of want) {
      if (!have.has(norm)) throw new Error(`${at}: missing ${k}`);
      sameFields(given[have.get(norm)], encoded[k], `${at}.${k}`);
    }
  }
}

/**
 * The digest a grant pins a spec by: blake2-256 of the SCALE-encoded `KernelSpec`, as the
 * jobs pallet hashes a job's spec. Every field must be given (polkadot.js would encode a
 * missing one as 0, pinning a spec no job can run).
 * @param {{createType: Function}} registry `api.registry` (or `api`)
 * @param {string} typeName `kernelSpecType(api)`
 * @param {object} spec a `KernelSpec` as polkadot.js takes it, e.g.
 *   `{ MlpInferenceI8: { batch: 64, dIn: 32, layers: [...] } }`
 * @returns {{digest: string, kernel: string}} `kernel`: the spec's kernel (its variant)
 */
export function specDigest (registry, typeName, spec) {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec) || Object.keys(spec).length !== 1) {
    throw new Error(`a KernelSpec is one kernel with its shape, e.g. {"MatmulI8":{"m":2,"k":3,"n":2}}, not ${JSON.stringify(spec)}`);
  }
  let codec;
  try { codec = registry.createType(typeName, spec); } catch (err) { throw new Error(`not a KernelSpec: ${err.message}`); }
  sameFields(spec, codec.toJSON(), 'the spec');
  return { digest: blake2AsHex(codec.toU8a(), 256), kernel: codec.type };
}

/**
 * A field of an event by its name (`event.data.<name>` can be shadowed by the codec's own
 * getters, e.g. `hash`).
 */
export function eventField (event, name) {
  const names = event.data.names || [];
  const i = names.indexOf(name);
  if (i < 0) throw new Error(`${event.section}.${event.method} has no field ${name}`);
  return event.data[i];
}

/** The events of `section.method` among `events`. */
export function eventsOf (events, section, method) {
  return events.filter((e) => e.section === section && e.method === method);
}

/**
 * What `dataDao.Executed` says: `execute_proposal` (and `close_proposal` with no
 * enactment delay) succeeds even when the action no longer applies; the action's own
 * outcome is in the event.
 * @returns {{proposal: number, ok: boolean, error: string|null}|null}
 */
export function executedOutcome (api, events, describe) {
  const e = eventsOf(events, 'dataDao', 'Executed')[0];
  if (!e) return null;
  const result = eventField(e, 'result');
  return {
    proposal: eventField(e, 'proposal').toNumber(),
    ok: result.isOk,
    error: result.isErr ? describe(api, result.asErr) : null
  };
}

/**
 * An item's content hash and size, from its file: blake2-256 of the bytes, as the chain,
 * the custodians' store and every GPU worker name it.
 * @param {string} path
 * @returns {Promise<{hash: string, size: number, file: string}>} `file` is the name the
 *   custodians store it under (lowercase hex, no 0x)
 */
export async function hashFile (path) {
  await cryptoWaitReady();
  const bytes = readFileSync(path);
  if (bytes.length === 0) throw new Error(`${path} is empty: an item needs at least one byte`);
  const hash = blake2AsHex(bytes, 256);
  return { hash, size: bytes.length, file: hash.slice(2) };
}

// ---------------------------------------------------------------------------------------
// Dataset versions: the Merkle tree of pallets/data-dao/src/merkle.rs.

/** Levels of a DAO's dataset tree (room for 2^20 items). */
export const MERKLE_DEPTH = 20;

/** Domain tag of a leaf. */
export const LEAF_TAG = 'tensorgrid/data-dao/leaf';

const H = (data) => blake2AsU8a(data, 256);
const bytes32 = (value, what) => {
  const u8a = value instanceof Uint8Array ? value : hexToU8a(typeof value === 'string' ? value : value.toHex());
  if (u8a.length !== 32) throw new Error(`${what} is 32 bytes, not ${u8a.length}`);
  return u8a;
};

function u64le (value) {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(value), true);
  return out;
}

/** The leaf of an item: `blake2_256("tensorgrid/data-dao/leaf" ‖ item hash ‖ size as u64 LE)`. */
export function itemLeaf (item, size) {
  return H(u8aConcat(stringToU8a(LEAF_TAG), bytes32(item, 'an item hash'), u64le(size)));
}

function node (left, right) {
  return H(u8aConcat(left, right));
}

/** Hashes of empty subtrees: `Z[0] = 0^32`, `Z[i+1] = H(Z[i] ‖ Z[i])`. */
export function zeroHashes () {
  const zeros = [new Uint8Array(32)];
  for (let level = 0; level < MERKLE_DEPTH; level++) zeros.push(node(zeros[level], zeros[level]));
  return zeros;
}

/** Root of the tree over `leaves` (in order), empty places filled with the zero hashes. */
export function merkleRoot (leaves) {
  const zeros = zeroHashes();
  let nodes = leaves.map((l) => bytes32(l, 'a leaf'));
  for (let level = 0; level < MERKLE_DEPTH; level++) {
    const next = [];
    for (let i = 0; i < nodes.length; i += 2) next.push(node(nodes[i], nodes[i + 1] ?? zeros[level]));
    nodes = next.length ? next : [zeros[level + 1]];
  }
  return nodes[0];
}

/** Siblings, from the leaf up, of leaf `index` among `leaves` (what `itemProof` returns). */
export function merkleProof (leaves, index) {
  if (!(index >= 0 && index < leaves.length)) throw new Error(`no leaf ${index} among ${leaves.length}`);
  const zeros = zeroHashes();
  let nodes = leaves.map((l) => bytes32(l, 'a leaf'));
  let position = index;
  const siblings = [];
  for (let level = 0; level < MERKLE_DEPTH; level++) {
    siblings.push(nodes[position ^ 1] ?? zeros[level]);
    const next = [];
    for (let i = 0; i < nodes.length; i += 2) next.push(node(nodes[i], nodes[i + 1] ?? zeros[level]));
    nodes = next;
    position >>= 1;
  }
  return siblings;
}

/**
 * Check a proof that an item is in a dataset version: its leaf is the item's (hash and
 * size), and the leaf with the siblings hashes up, at its index, to `root`.
 * @param {{index: number|bigint|object, leaf: any, siblings: any[], root?: any}} proof an
 *   `ItemProof` from `api.call.dataDaoApi.itemProof` (codec or JSON)
 * @param {{item: string|Uint8Array, size: number|bigint, root?: string|Uint8Array}} expect
 *   the item and its size; the root to check against (default: the proof's own, which
 *   only proves something if you trust where the proof came from: pass the root you read
 *   from finalized state or from the `VersionCreated` event)
 * @returns {boolean}
 */
export function verifyItemProof (proof, { item, size, root }) {
  const leaf = itemLeaf(item, size);
  if (proof.leaf !== undefined && !u8aEq(bytes32(proof.leaf, 'the proof\'s leaf'), leaf)) return false;
  const siblings = [...proof.siblings].map((s) => bytes32(s, 'a sibling'));
  const index = BigInt(proof.index.toString());
  if (siblings.length !== MERKLE_DEPTH || index >= 1n << BigInt(MERKLE_DEPTH)) return false;
  let hash = leaf;
  siblings.forEach((sibling, level) => {
    hash = ((index >> BigInt(level)) & 1n) === 0n ? node(hash, sibling) : node(sibling, hash);
  });
  const expected = bytes32(root ?? proof.root, 'the root');
  return u8aEq(hash, expected);
}

/** Most items of a version `api.call.dataDaoApi.itemProof` proves (`MAX_PROOF_ITEMS` in
 * pallets/data-dao/src/api.rs): it answers null for a larger version, whose proofs
 * `itemProofFromStorage` builds. */
export const MAX_PROOF_ITEMS = 1 << 16;

/** An item record's size (polkadot.js names a metadata struct's `size` field `size_`). */
const sizeOf = (record) => BigInt((record.get('size_') ?? record.get('size')).toString());

/**
 * The proof `itemProof` would give, built here from storage (`dataDao.itemAt` and
 * `dataDao.items`) exactly as the pallet builds it: for versions of more than
 * `MAX_PROOF_ITEMS` items, which the runtime API does not prove. It reads every item of
 * the DAO: ask your own node. Check it with `verifyItemProof` against a root you trust.
 * @returns {Promise<{index: bigint, leaf: Uint8Array, siblings: Uint8Array[], root: Uint8Array}|null>}
 *   null when the version does not exist or the item is not in it
 */
export async function itemProofFromStorage (api, dao, version, item) {
  const [record, stored] = await Promise.all([api.query.dataDao.versions(dao, version), api.query.dataDao.items(dao, item)]);
  if (record.isNone || stored.isNone) return null;
  const { state } = stored.unwrap();
  if (!state.isAccepted) return null;
  const count = BigInt(record.unwrap().items.toString());
  const index = BigInt(state.asAccepted.index.toString());
  if (index >= count) return null;
  const hashAt = new Map();
  for (const [key, hash] of await api.query.dataDao.itemAt.entries(dao)) {
    if (hash.isSome) hashAt.set(BigInt(key.args[1].toString()), hash.unwrap().toHex());
  }
  const sizes = new Map();
  for (const [key, rec] of await api.query.dataDao.items.entries(dao)) {
    if (rec.isSome) sizes.set(key.args[1].toHex(), sizeOf(rec.unwrap()));
  }
  // As api.rs: a missing leaf index reads as the zero hash, an unknown item as size 0.
  const zero = '0x' + '00'.repeat(32);
  const leaves = [];
  for (let i = 0n; i < count; i++) {
    const hash = hashAt.get(i) ?? zero;
    leaves.push(itemLeaf(hash, sizes.get(hash) ?? 0n));
  }
  return { index, leaf: leaves[Number(index)], siblings: merkleProof(leaves, Number(index)), root: record.unwrap().root.toU8a() };
}

/**
 * Whether a closed proposal's turnout missed the quorum, so that its deposit went to the
 * DAO's treasury (the pallet's `turnout < quorum.mul_ceil(electorate)`).
 * @param {bigint|number|string} turnout ayes + nays
 * @param {bigint|number|string} electorate the proposal's electorate
 * @param {bigint|number|string} quorum Perbill parts
 */
export function quorumMissed (turnout, electorate, quorum) {
  const need = (BigInt(electorate) * BigInt(quorum) + BigInt(PERBILL) - 1n) / BigInt(PERBILL);
  return BigInt(turnout) < need;
}

/**
 * The `DaoAction` of `dao propose` from its options, or null when none is given.
 * `values` are the CLI's parsed options; `ctx` gives the chain-dependent parts.
 * @param {object} values
 * @param {{account: (name: string) => string, decimals: number, head: number,
 *   dao: object, specDigest?: (spec: object) => {digest: string, kernel: string},
 *   maxInputs?: number}} ctx `dao`: the DAO's summary (for its newest version and its
 *   rules); `specDigest`: `specDigest` bound to the chain's registry (for --grant-spec);
 *   `maxInputs`: the chain's `jobs.maxInputs` (bounds --grant-layout)
 */
export function actionFromOptions (values, ctx) {
  const actions = [];
  const idOf = (name) => {
    if (!/^\d+$/.test(String(values[name]))) throw new Error(`--${name} needs a grant id, not ${values[name]}`);
    return Number(values[name]);
  };
  const tgd = (name) => {
    if (values[name] === undefined) throw new Error(`--${name} is required`);
    return parseTgd(values[name], ctx.decimals);
  };
  for (const name of ['grant-spec', 'grant-layout']) {
    if (values[name] !== undefined && !values.grant) throw new Error(`--${name} is a term of a --grant proposal`);
  }
  if (values['admit-custodian'] !== undefined) actions.push({ AdmitCustodian: ctx.account('admit-custodian') });
  if (values['remove-custodian'] !== undefined) actions.push({ RemoveCustodian: ctx.account('remove-custodian') });
  if (values['add-curator'] !== undefined) actions.push({ AddCurator: ctx.account('add-curator') });
  if (values['remove-curator'] !== undefined) actions.push({ RemoveCurator: ctx.account('remove-curator') });
  if (values.accept && values.accept.length > 0) {
    actions.push({
      AcceptContributions: values.accept.map((a) => {
        const m = /^(0x[0-9a-fA-F]{64}):([1-5])$/.exec(a);
        if (!m) throw new Error(`--accept HASH:RATING (rating 1 to 5), not ${a}`);
        return [m[1], Number(m[2])];
      })
    });
  }
  if (values.reject && values.reject.length > 0) {
    for (const h of values.reject) if (!isHex(h, 256)) throw new Error(`--reject takes a 32-byte 0x item hash, not ${h}`);
    actions.push({ RejectContributions: values.reject });
  }
  if (values['revoke-grant'] !== undefined) actions.push({ RevokeGrant: idOf('revoke-grant') });
  if (values['set-price'] !== undefined) actions.push({ SetGrantPrice: [idOf('set-price'), tgd('price')] });
  if (values.spend !== undefined) actions.push({ Spend: [ctx.account('spend'), tgd('amount')] });
  if (values['set-rules']) {
    actions.push({
      SetRules: encodeRules({
        votingPeriod: values['voting-period'],
        enactmentDelay: values['enactment-delay'],
        quorum: values.quorum,
        approval: values.approval,
        membersShare: values['members-share'],
        curatorsShare: values['curators-share'],
        autoAcceptBytes: values['auto-accept-bytes'],
        autoRating: values['auto-rating']
      })
    });
  }
  if (values.grant) {
    const expiry = values['expiry-blocks'];
    if (!/^\d+$/.test(String(expiry))) throw new Error('--grant needs --expiry-blocks N (blocks from now until it stops authorising jobs)');
    const expiresAt = ctx.head + Number(expiry);
    // Approved after the voting period, executable after the enactment delay: a grant
    // that expires before then is refused at execution (dataDao.BadGrant).
    const earliest = ctx.head + ctx.dao.rules.votingPeriod + 1 + ctx.dao.rules.enactmentDelay;
    if (expiresAt <= earliest) {
      throw new Error(`--expiry-blocks ${expiry}: the grant would expire (block ${expiresAt}) before it can be executed (block ${earliest} at the earliest)`);
    }
    const params = values.params === undefined ? null : values.params;
    if (params === null) throw new Error('--grant needs --params any, or --params HASH[,HASH...] (the parameter inputs it allows)');
    const version = values['dataset-version'] === undefined ? ctx.dao.version : Number(values['dataset-version']);
    if (!Number.isInteger(version)) throw new Error(`--dataset-version must be a version number, not ${values['dataset-version']}`);
    let spec = null;
    let kernels = values.kernels === undefined ? undefined : values.kernels.split(',');
    if (values['grant-spec'] !== undefined) {
      if (!ctx.specDigest) throw new Error('--grant-spec needs the chain\'s KernelSpec type');
      let json;
      try { json = JSON.parse(values['grant-spec']); } catch (err) { throw new Error(`--grant-spec is not JSON: ${err.message}`); }
      const pinned = ctx.specDigest(json);
      spec = pinned.digest;
      // A spec of a kernel the grant does not allow could never run under it.
      if (kernels === undefined) kernels = [pinned.kernel];
      else if (!kernels.includes(pinned.kernel)) throw new Error(`--grant-spec is a ${pinned.kernel} spec, which --kernels ${values.kernels} does not allow`);
    }
    if (kernels === undefined) throw new Error('--grant needs --kernels K1[,K2...] (e.g. MlpInferenceI8), or --grant-spec');
    const layout = values['grant-layout'] === undefined ? null : layoutBits(values['grant-layout'], ctx.maxInputs);
    actions.push({
      Grant: grantTerms({
        grantee: values.grantee === undefined ? null : ctx.account('grantee'),
        version,
        kernels,
        spec,
        layout,
        params: params.toLowerCase() === 'any' ? 'Any' : params.split(','),
        maxWorkUnits: values['work-units'] ?? '(none: give --work-units)',
        maxOutputBytes: values['output-bytes'] ?? '(none: give --output-bytes)',
        pricePerUnit: tgd('price'),
        expiresAt
      })
    });
  }
  if (actions.length > 1) throw new Error('one action per proposal: give one of the action options');
  return actions[0] ?? null;
}
