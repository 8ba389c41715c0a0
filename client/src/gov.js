// OpenGov on Tensorgrid (referenda, conviction voting, preimages, the treasury, runtime
// upgrades): tracks and referenda as plain objects with their phases and the support and
// approval their tracks' curves ask for now, the calls the market parameters, treasury
// spends and upgrades are proposed with, votes, delegations and locks, deposit refunds,
// and the state snapshot that `tensorgrid-node try-upgrade` rehearses an upgrade on.
//
// Summaries are plain objects; every amount of the chain's token in them is a bigint (in
// plancks) and nothing else is, so a caller can format amounts by type alone (as dao.js).

import { readFileSync } from 'node:fs';
import { hexToU8a, isHex, stringToU8a, u8aConcat, u8aToHex, u8aToString } from '@polkadot/util';
import { blake2AsHex, encodeAddress, xxhashAsU8a } from '@polkadot/util-crypto';
import { parseTgd } from './chain.js';
import { signAndWait, findEvent, describeDispatchError, DispatchFailed } from './tx.js';

/** Parts of a Perbill (and of a FixedI64's one) in 100%. */
export const PERBILL = 1_000_000_000n;

/** The balance lock conviction voting holds votes under. */
export const VOTE_LOCK_ID = 'pyconvot';

/** `--conviction N`: 0 is `None` (0.1× the votes, no lock after the referendum), N is `LockedNx`. */
export const CONVICTIONS = ['None', 'Locked1x', 'Locked2x', 'Locked3x', 'Locked4x', 'Locked5x', 'Locked6x'];

/** Votes a conviction multiplies the balance by, in tenths (None is a tenth). */
export const CONVICTION_TENTHS = [1n, 10n, 20n, 30n, 40n, 50n, 60n];

/** Vote-locking periods each conviction locks for after the referendum, if its side won. */
export const CONVICTION_LOCK_PERIODS = [0, 1, 2, 4, 8, 16, 32];

/** The origin each track's referenda are submitted with (`referenda.submit`'s proposalOrigin). */
export const TRACK_ORIGINS = {
  root: { system: 'Root' },
  market_admin: { Origins: 'MarketAdmin' },
  treasurer: { Origins: 'Treasurer' },
  whitelisted_caller: { Origins: 'WhitelistedCaller' }
};

/** The market pallets whose parameters governance sets: CLI name → runtime section. */
export const PARAMETER_PALLETS = { providers: 'providers', jobs: 'jobs', 'proof-of-compute': 'proofOfCompute' };

/** The conviction of `--conviction` (0..6, or a name such as Locked3x). */
export function convictionOf (text = '0') {
  const t = String(text).trim();
  if (/^[0-6]$/.test(t)) return CONVICTIONS[Number(t)];
  const named = CONVICTIONS.find((c) => c.toLowerCase() === t.toLowerCase());
  if (!named) throw new Error(`a conviction is 0 (None: 0.1x, no lock) to 6 (Locked6x), not ${text}`);
  return named;
}

/** Votes (conviction-weighted) that `balance` casts with `conviction`. */
export function votesOf (balance, conviction) {
  return (BigInt(balance) * CONVICTION_TENTHS[CONVICTIONS.indexOf(convictionOf(conviction))]) / 10n;
}

/** A fixed-size or length-prefixed name (a track's) as text, without its padding. */
function nameOf (codec) {
  return u8aToString(codec.toU8a(true)).replace(/\0+$/, '');
}

/** A curve (a `Curve` codec) as plain JSON: its kind and its parameters as numbers. */
export function curveSummary (curve) {
  const inner = curve[`as${curve.type}`];
  const fields = {};
  for (const [key, value] of inner.entries()) fields[key] = Number(value.toBigInt ? value.toBigInt() : BigInt(value.toString()));
  return { type: curve.type, ...fields };
}

const big = (v) => (typeof v === 'bigint' ? v : BigInt(typeof v === 'number' ? Math.trunc(v) : String(v)));
const clampPerbill = (v) => (v < 0n ? 0n : v > PERBILL ? PERBILL : v);

/**
 * The threshold a curve asks for at `x` (how far into the decision period, Perbill parts),
 * in Perbill parts, as `pallet_referenda::Curve::threshold` computes it.
 * @param {object} curve a `Curve` codec, or `curveSummary`'s JSON
 * @param {bigint|number} x
 * @returns {bigint}
 */
export function curveThreshold (curve, x) {
  const c = typeof curve.type === 'string' && curve[`as${curve.type}`] ? curveSummary(curve) : curve;
  const at = clampPerbill(big(x));
  switch (c.type) {
    case 'LinearDecreasing': {
      const [length, floor, ceil] = [big(c.length), big(c.floor), big(c.ceil)];
      const ratio = length === 0n ? PERBILL : ((at < length ? at : length) * PERBILL) / length;
      return ceil - (ratio * (ceil - floor)) / PERBILL;
    }
    case 'SteppedDecreasing': {
      const [begin, end, step, period] = [big(c.begin), big(c.end), big(c.step), big(c.period)];
      const steps = period === 0n ? 0n : at / period;
      const down = step * steps < begin ? step * steps : begin;
      const y = begin - down;
      return y > end ? y : end;
    }
    case 'Reciprocal': {
      const [factor, xOffset, yOffset] = [big(c.factor), big(c.xOffset), big(c.yOffset)];
      const denom = at + xOffset;
      if (denom <= 0n) return PERBILL;
      return clampPerbill((factor * PERBILL) / denom + yOffset);
    }
    default:
      throw new Error(`unknown curve ${c.type}`);
  }
}

/** `Perbill::from_rational(p, q)` (rounded down; 100% when q is 0). */
export function perbillOf (p, q) {
  const [a, b] = [big(p), big(q)];
  if (b === 0n || a >= b) return PERBILL;
  return (a * PERBILL) / b;
}

/** Perbill parts as a percentage text ("12.5%"), to at most `digits` decimals. */
export function percentText (parts, digits = 4) {
  const p = big(parts);
  const scale = 10n ** BigInt(digits);
  const hundredths = (p * 100n * scale + PERBILL / 2n) / PERBILL;
  const whole = hundredths / scale;
  const frac = (hundredths % scale).toString().padStart(digits, '0').replace(/0+$/, '');
  return `${whole}${frac ? `.${frac}` : ''}%`;
}

/** Milliseconds per block (BABE's expected block time; 6 s where the chain names none). */
export function blockTimeMs (api) {
  const babe = api.consts.babe && api.consts.babe.expectedBlockTime;
  return babe ? Number(babe.toBigInt()) : 6000;
}

/** About how long `blocks` blocks take: "≈ 12 s", "≈ 2 min", "≈ 3 h 20 min", "≈ 14 d". */
export function approxTime (blocks, msPerBlock) {
  const s = Math.round((Number(blocks) * msPerBlock) / 1000);
  if (s < 120) return `≈ ${s} s`;
  const min = Math.round(s / 60);
  if (min < 120) return `≈ ${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `≈ ${h} h${min % 60 ? ` ${min % 60} min` : ''}`;
  const d = Math.floor(h / 24);
  return `≈ ${d} d${h % 24 ? ` ${h % 24} h` : ''}`;
}

/** Every referendum track, by id: periods in blocks, the decision deposit as a bigint. */
export function tracksOf (api) {
  return api.consts.referenda.tracks.map(([id, info]) => {
    const name = nameOf(info.name);
    return {
      id: id.toNumber(),
      name,
      origin: TRACK_ORIGINS[name] ?? { Origins: name.split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('') },
      maxDeciding: info.maxDeciding.toNumber(),
      decisionDeposit: info.decisionDeposit.toBigInt(),
      preparePeriod: info.preparePeriod.toNumber(),
      decisionPeriod: info.decisionPeriod.toNumber(),
      confirmPeriod: info.confirmPeriod.toNumber(),
      minEnactmentPeriod: info.minEnactmentPeriod.toNumber(),
      minApproval: curveSummary(info.minApproval),
      minSupport: curveSummary(info.minSupport)
    };
  }).sort((a, b) => a.id - b.id);
}

/** The track named `name` (or with id `name`); throws naming the tracks there are. */
export function trackNamed (api, name) {
  const tracks = tracksOf(api);
  const found = tracks.find((t) => t.name === String(name) || String(t.id) === String(name));
  if (!found) throw new Error(`no track ${name}: the tracks are ${tracks.map((t) => t.name).join(', ')}`);
  return found;
}

/**
 * A call as a referendum proposes it: its bytes, blake2-256 hash and length, and the
 * `Bounded` the referendum names it by (a `Lookup` of the preimage).
 * @param {object} api
 * @param {object|string} call a call (`api.tx.<pallet>.<call>(...)`) or its hex encoding
 */
export function proposalOf (api, call) {
  let bytes;
  let method;
  if (typeof call === 'string') {
    if (!isHex(call)) throw new Error(`a call is its SCALE encoding as 0x hex, not ${call.slice(0, 20)}`);
    bytes = hexToU8a(call);
    try { method = api.createType('Call', bytes); } catch (err) { throw new Error(`not a call of this chain: ${err.message}`); }
    if (u8aToHex(method.toU8a()) !== u8aToHex(bytes)) throw new Error('not a call of this chain: it decodes to a call of a different encoding (trailing or malformed bytes)');
  } else {
    method = call.method ?? call;
    bytes = method.toU8a();
  }
  const hash = blake2AsHex(bytes, 256);
  return {
    bytes,
    hash,
    len: bytes.length,
    call: `${method.section}.${method.method}`,
    args: method.toHuman().args ?? null,
    bounded: { Lookup: { hash, len: bytes.length } }
  };
}

/** Whether the chain already holds a preimage of exactly these bytes. */
export async function preimageNoted (api, proposal) {
  const stored = await api.query.preimage.preimageFor([proposal.hash, proposal.len]);
  return stored.isSome;
}

/**
 * Submit a referendum on `track` proposing `call`: its preimage is noted first (unless the
 * chain holds it already) in the same batch as `referenda.submit`, with enactment the
 * track's minimum after approval; then, unless `deposit` is false, the signer places its
 * decision deposit. Resolves to `{ index, track, trackId, proposal, preimageNoted, submittedIn,
 * deposit }` (`submittedIn`: the block hash; `deposit`: the decision deposit placed, or null).
 * @param {object} api
 * @param {object} pair signer (pays the preimage, submission and decision deposits)
 * @param {{track: string, call: object|string, deposit?: boolean, enactment?: number}} options
 */
export async function submitReferendum (api, pair, { track, call, deposit = true, enactment = null }) {
  const t = trackNamed(api, track);
  const proposal = proposalOf(api, call);
  const submit = api.tx.referenda.submit(t.origin, proposal.bounded, { After: enactment ?? t.minEnactmentPeriod });
  const noted = await preimageNoted(api, proposal);
  const tx = noted ? submit : api.tx.utility.batchAll([api.tx.preimage.notePreimage(u8aToHex(proposal.bytes)), submit]);
  const { blockHash, events } = await signAndWait(api, tx, pair);
  const submitted = findEvent(events, 'referenda', 'Submitted');
  if (!submitted) throw new Error('referenda.submit succeeded without a Submitted event');
  const index = submitted.data[0].toNumber();
  const result = {
    index,
    track: t.name,
    trackId: t.id,
    proposal: { hash: proposal.hash, len: proposal.len, call: proposal.call, args: proposal.args },
    preimageNoted: !noted,
    submittedIn: blockHash,
    deposit: null
  };
  if (deposit) result.deposit = await placeDecisionDeposit(api, pair, index);
  return result;
}

/** Place the decision deposit of referendum `index`; resolves to `{ who, amount, blockHash }`. */
export async function placeDecisionDeposit (api, pair, index) {
  const { blockHash, events } = await signAndWait(api, api.tx.referenda.placeDecisionDeposit(index), pair);
  const placed = findEvent(events, 'referenda', 'DecisionDepositPlaced');
  return { who: placed.data[1].toString(), amount: placed.data[2].toBigInt(), blockHash };
}

/** Parts in 100% of each per-thing type (Perbill, Permill, ...), by its type name. */
export const PER_THINGS = { Perbill: 1_000_000_000n, Permill: 1_000_000n, Percent: 100n, PerU16: 65_535n, Perquintill: 10n ** 18n };

/** A percentage text ("5%", "12.5%") or bare parts ("50000000") as parts of `accuracy`. */
export function parsePerThing (text, accuracy, name) {
  const t = String(text).trim();
  const pct = /^(\d+)(?:\.(\d+))?%$/.exec(t);
  let parts;
  if (pct) {
    // parts = pct × accuracy / 100, exactly, or refused when it is no whole number of parts.
    const digits = pct[2] ?? '';
    const scaled = BigInt(pct[1] + digits) * accuracy;
    const divisor = 100n * 10n ** BigInt(digits.length);
    if (scaled % divisor !== 0n) throw new Error(`${name}: ${text} is no whole number of parts of ${accuracy}`);
    parts = scaled / divisor;
  } else if (/^\d+$/.test(t)) {
    parts = BigInt(t);
  } else {
    throw new Error(`${name}: a percentage such as 5% or 12.5%, or parts of ${accuracy}, not ${text}`);
  }
  if (parts > accuracy) throw new Error(`${name}: ${text} is more than 100%`);
  return parts;
}

/** The fields of a pallet's parameters struct with their metadata type names. */
function parameterFields (api, section) {
  const query = api.query[section] && api.query[section].parameters;
  if (!query) throw new Error(`this chain has no ${section}.parameters storage`);
  const typeId = query.creator.meta.type.asPlain;
  const def = api.registry.lookup.getSiType(typeId).def;
  if (!def.isComposite) throw new Error(`${section}.parameters is no struct`);
  return def.asComposite.fields.map((f) => ({
    snake: f.name.unwrap().toString(),
    typeName: f.typeName.isSome ? f.typeName.unwrap().toString() : '',
    type: f.type.toNumber()
  }));
}

const camel = (snake) => snake.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

/**
 * `<pallet>.setParameters(current parameters with the changes)`, as governance proposes it.
 * Changes are `field=value` (camelCase or snake_case): integers as decimal numbers, Perbill
 * or Permill fields as a percentage (`5%`) or parts, balances in TGD, booleans as
 * true/false, anything else as JSON.
 * @param {object} api
 * @param {string} pallet providers, jobs or proof-of-compute (or the runtime section name)
 * @param {string[]} sets `field=value` texts
 * @param {number} [decimals] the token's decimals
 * @returns {Promise<{call: object, section: string, before: object, after: object, changes: object[]}>}
 */
export async function parametersCall (api, pallet, sets, decimals = 12) {
  const section = PARAMETER_PALLETS[pallet] ?? (Object.values(PARAMETER_PALLETS).includes(pallet) ? pallet : null);
  if (!section) throw new Error(`--pallet is one of ${Object.keys(PARAMETER_PALLETS).join(', ')}, not ${pallet}`);
  if (!api.tx[section] || !api.tx[section].setParameters) throw new Error(`this chain has no ${section}.setParameters call`);
  if (!sets || sets.length === 0) throw new Error('give at least one --set field=value');
  const current = await api.query[section].parameters();
  const fields = parameterFields(api, section);
  const before = current.toJSON();
  const next = { ...before };
  const changes = [];
  for (const set of sets) {
    const eq = set.indexOf('=');
    if (eq < 1) throw new Error(`--set field=value, not ${set}`);
    const key = set.slice(0, eq).trim();
    const text = set.slice(eq + 1).trim();
    const field = fields.find((f) => f.snake === key || camel(f.snake) === key);
    if (!field) throw new Error(`${section} parameters have no field ${key}; they are ${fields.map((f) => camel(f.snake)).join(', ')}`);
    const name = camel(field.snake);
    const codec = current.get(name);
    const raw = codec.toRawType();
    const typeName = api.registry.createLookupType(field.type);
    let value;
    if (PER_THINGS[raw] !== undefined) {
      value = parsePerThing(text, PER_THINGS[raw], name);
    } else if (/Balance/.test(field.typeName)) {
      value = parseTgd(text, decimals);
    } else if (/^(u|i)(8|16|32|64|128)$/.test(raw) || /^Compact<u/.test(raw)) {
      if (!/^-?\d+$/.test(text)) throw new Error(`${name} is a whole number (${raw}), not ${text}`);
      value = BigInt(text);
    } else if (raw === 'bool') {
      if (!['true', 'false'].includes(text)) throw new Error(`${name} is true or false, not ${text}`);
      value = text === 'true';
    } else {
      try { value = JSON.parse(text); } catch { throw new Error(`${name} (${raw}) takes a JSON value, not ${text}`); }
    }
    // Encode alone first, so that an out-of-range value is refused here with its field's name.
    let encoded;
    try { encoded = api.createType(typeName, value); } catch (err) { throw new Error(`${name}: ${text} is no ${raw}: ${err.message}`); }
    if (typeof value === 'bigint' && encoded.toBigInt && encoded.toBigInt() !== value) throw new Error(`${name}: ${text} does not fit ${raw}`);
    next[name] = encoded.toJSON();
    changes.push({
      field: name,
      type: raw,
      // Integers as numbers, or decimal strings where a number would not be exact.
      from: codec.toPrimitive(),
      to: encoded.toPrimitive(),
      kind: /Balance/.test(field.typeName) ? 'balance' : PER_THINGS[raw] !== undefined ? raw : 'value',
      changed: codec.toHex() !== encoded.toHex()
    });
  }
  const changed = changes.filter((c) => c.changed);
  if (changed.length === 0) throw new Error(`nothing changes: ${sets.join(', ')} ${sets.length === 1 ? 'is' : 'are'} the current value${sets.length === 1 ? '' : 's'}`);
  const call = api.tx[section].setParameters(next);
  return { call, section, before, after: call.args[0].toJSON(), changes: changed };
}

/** `system.authorizeUpgrade(blake2_256(code))`, with the hash and size. */
export function upgradeCall (api, code) {
  const hash = blake2AsHex(code, 256);
  return { call: api.tx.system.authorizeUpgrade(hash), codeHash: hash, size: code.length };
}

/** The runtime code of a wasm file (the compact, compressed wasm the runtime build writes). */
export function readWasm (path) {
  const code = readFileSync(path);
  if (code.length < 8) throw new Error(`${path} is ${code.length} bytes: not a runtime`);
  return new Uint8Array(code);
}

/** The storage key of the runtime code. */
const CODE_KEY = u8aToHex(stringToU8a(':code'));

/**
 * Apply the authorized runtime upgrade with `code` (`system.applyAuthorizedUpgrade`, which
 * costs no fee when it succeeds). Resolves to `{ blockHash, codeHash, events }` once the
 * block's state holds the code; rejects with the chain's error (`system.NothingAuthorized`,
 * `system.Unauthorized`, ...).
 *
 * The state is checked rather than the `system.CodeUpdated` event: @polkadot/api learns of
 * the new runtime as the block is imported and may then decode that block's events (written
 * by the old runtime) with the new metadata, fail, and report no events at all.
 */
export async function applyUpgrade (api, pair, code) {
  const codeHash = blake2AsHex(code, 256);
  const { blockHash, events } = await signAndWait(api, api.tx.system.applyAuthorizedUpgrade(u8aToHex(code)), pair);
  const stored = (await api.rpc.state.getStorageHash(CODE_KEY, blockHash)).toHex();
  if (stored !== codeHash) throw new Error(`the transaction is in block ${blockHash}, but the code there hashes to ${stored}, not ${codeHash}`);
  return { blockHash, codeHash, events };
}

/** `treasury.spend(native, amount, beneficiary, now)`: what a treasurer referendum proposes. */
export function spendCall (api, amount, beneficiary) {
  return api.tx.treasury.spend(null, amount, beneficiary, null);
}

/** The treasury's account: `modl` ‖ its PalletId ‖ zero bytes (32 bytes). */
export function treasuryAccount (api) {
  if (api.consts.treasury.potAccount) return api.consts.treasury.potAccount.toString();
  const id = api.consts.treasury.palletId.toU8a();
  const raw = new Uint8Array(32);
  raw.set(u8aConcat(stringToU8a('modl'), id));
  return encodeAddress(raw, api.registry.chainSS58);
}

/** The treasury: its account, free balance and the spends not yet processed. */
export async function treasurySummary (api) {
  const account = treasuryAccount(api);
  const [info, entries, spendCount] = await Promise.all([
    api.query.system.account(account), api.query.treasury.spends.entries(), api.query.treasury.spendCount()
  ]);
  const spends = entries.filter(([, s]) => s.isSome).map(([key, s]) => {
    const spend = s.unwrap();
    const status = spend.status;
    return {
      index: key.args[0].toNumber(),
      amount: spend.amount.toBigInt(),
      beneficiary: spend.beneficiary.toString(),
      validFrom: spend.validFrom.toNumber(),
      expireAt: spend.expireAt.toNumber(),
      status: status.type,
      paymentId: status.isAttempted ? status.asAttempted.id.toJSON() : null
    };
  }).sort((a, b) => a.index - b.index);
  return { account, free: info.data.free.toBigInt(), reserved: info.data.reserved.toBigInt(), spendCount: spendCount.toNumber(), spends };
}

/**
 * Pay out treasury spend `index` (`treasury.payout`), then clean it up
 * (`treasury.checkStatus`). Resolves to `{ paid, processed }`: the Paid event's block and
 * the check's outcome (`processed: false` with the error when the payment is not final yet).
 */
export async function payout (api, pair, index) {
  const spend = await api.query.treasury.spends(index);
  if (spend.isNone) throw new Error(`no treasury spend ${index} (paid and cleaned up already, or never approved)`);
  const s = spend.unwrap();
  const paid = await signAndWait(api, api.tx.treasury.payout(index), pair);
  const result = {
    index,
    amount: s.amount.toBigInt(),
    beneficiary: s.beneficiary.toString(),
    paidIn: paid.blockHash,
    paid: Boolean(findEvent(paid.events, 'treasury', 'Paid')),
    processed: false,
    error: null
  };
  try {
    const checked = await signAndWait(api, api.tx.treasury.checkStatus(index), pair);
    result.processed = Boolean(findEvent(checked.events, 'treasury', 'SpendProcessed'));
  } catch (err) {
    if (!(err instanceof DispatchFailed)) throw err;
    result.error = err.message;
  }
  return result;
}

/** A referendum deposit (`Option<Deposit>`) as `{ who, amount }` or null. */
const depositOf = (d) => (d && d.isSome ? { who: d.unwrap().who.toString(), amount: d.unwrap().amount.toBigInt() } : null);

/**
 * One referendum as a plain object.
 * `status`: preparing, queued, deciding, confirming, approved, rejected, timed out,
 * cancelled or killed. For an ongoing one: its track, tally (ayes and nays are
 * conviction-weighted votes, support the aye balance), the support and approval it has and
 * its track's curves ask for now (Perbill parts, and whether it passes), and its phase:
 * which period it is in, the block it ends at and the blocks left.
 * @param {number} index
 * @param {object} info the `ReferendumInfo` codec (unwrapped)
 * @param {{now: number, issuance: bigint, tracks: object[], undecidingTimeout: number}} ctx
 */
export function referendumSummary (index, info, { now, issuance, tracks, undecidingTimeout }) {
  if (!info.isOngoing) {
    const kind = info.type;
    const status = { Approved: 'approved', Rejected: 'rejected', TimedOut: 'timed out', Cancelled: 'cancelled', Killed: 'killed' }[kind];
    if (kind === 'Killed') return { index, status, since: info.asKilled.toNumber(), submissionDeposit: null, decisionDeposit: null };
    const [since, submission, decision] = info[`as${kind}`];
    return { index, status, since: since.toNumber(), submissionDeposit: depositOf(submission), decisionDeposit: depositOf(decision) };
  }
  const s = info.asOngoing;
  const track = tracks.find((t) => t.id === s.track.toNumber());
  const tally = { ayes: s.tally.ayes.toBigInt(), nays: s.tally.nays.toBigInt(), support: s.tally.support.toBigInt() };
  const submitted = s.submitted.toNumber();
  const decisionDeposit = depositOf(s.decisionDeposit);
  let status;
  let phase;
  let elapsed = 0;
  if (s.deciding.isNone) {
    if (s.inQueue.isTrue) {
      status = 'queued';
      phase = { period: 'queue', endsAt: null, blocksLeft: null };
    } else if (!decisionDeposit) {
      status = 'preparing';
      const endsAt = submitted + undecidingTimeout;
      phase = { period: 'awaiting decision deposit', endsAt, blocksLeft: Math.max(0, endsAt - now) };
    } else {
      status = 'preparing';
      const endsAt = submitted + track.preparePeriod;
      phase = { period: 'prepare', endsAt, blocksLeft: Math.max(0, endsAt - now) };
    }
  } else {
    const deciding = s.deciding.unwrap();
    const since = deciding.since.toNumber();
    elapsed = Math.max(0, now - since);
    if (deciding.confirming.isSome) {
      status = 'confirming';
      const endsAt = deciding.confirming.unwrap().toNumber();
      phase = { period: 'confirm', endsAt, blocksLeft: Math.max(0, endsAt - now), decidingSince: since };
    } else {
      status = 'deciding';
      const endsAt = since + track.decisionPeriod;
      phase = { period: 'decision', endsAt, blocksLeft: Math.max(0, endsAt - now), decidingSince: since };
    }
  }
  const x = perbillOf(Math.min(elapsed, track.decisionPeriod), track.decisionPeriod);
  const support = perbillOf(tally.support, issuance);
  const approval = perbillOf(tally.ayes, tally.ayes + tally.nays);
  const supportNeeded = curveThreshold(track.minSupport, x);
  const approvalNeeded = curveThreshold(track.minApproval, x);
  const proposal = s.proposal;
  const bounded = proposal.isLookup
    ? { hash: proposal.asLookup.hash_.toHex(), len: proposal.asLookup.len.toNumber() }
    : proposal.isInline ? { inline: proposal.asInline.toHex() } : { hash: proposal.asLegacy.hash_.toHex() };
  return {
    index,
    status,
    track: track ? track.name : String(s.track.toNumber()),
    trackId: s.track.toNumber(),
    origin: s.origin.toJSON(),
    proposal: bounded,
    enactment: s.enactment.toJSON(),
    submitted,
    submissionDeposit: { who: s.submissionDeposit.who.toString(), amount: s.submissionDeposit.amount.toBigInt() },
    decisionDeposit,
    tally,
    // Perbill parts as numbers (bigints in a summary are amounts).
    support: { parts: Number(support), needParts: Number(supportNeeded), percent: percentText(support), needPercent: percentText(supportNeeded) },
    approval: { parts: Number(approval), needParts: Number(approvalNeeded), percent: percentText(approval), needPercent: percentText(approvalNeeded) },
    passing: support >= supportNeeded && approval >= approvalNeeded,
    phase
  };
}

/** What `referendumSummary` needs from the chain now (at `at`, default the best block). */
export async function referendaContext (api, at = null) {
  const chain = at ? await api.at(at) : api;
  const header = at ? await api.rpc.chain.getHeader(at) : await api.rpc.chain.getHeader();
  return {
    now: header.number.toNumber(),
    issuance: (await chain.query.balances.totalIssuance()).toBigInt(),
    tracks: tracksOf(api),
    undecidingTimeout: api.consts.referenda.undecidingTimeout.toNumber()
  };
}

/**
 * Referenda by index: the ongoing ones, or with `all` every one the chain still records.
 * Each with the call its preimage holds, where the chain has it (`call`: section.method).
 */
export async function listReferenda (api, { all = false } = {}) {
  const [entries, ctx] = await Promise.all([api.query.referenda.referendumInfoFor.entries(), referendaContext(api)]);
  const list = [];
  for (const [key, info] of entries) {
    if (info.isNone) continue;
    const value = info.unwrap();
    if (!all && !value.isOngoing) continue;
    const summary = referendumSummary(key.args[0].toNumber(), value, ctx);
    if (summary.proposal && summary.proposal.len !== undefined) summary.call = await preimageCall(api, summary.proposal);
    list.push(summary);
  }
  return { now: ctx.now, issuance: ctx.issuance, referenda: list.sort((a, b) => a.index - b.index) };
}

/** `section.method` of a noted preimage's call, or null when the chain does not hold it. */
async function preimageCall (api, { hash, len }) {
  const bytes = await api.query.preimage.preimageFor([hash, len]);
  if (bytes.isNone) return null;
  try {
    const call = api.createType('Call', bytes.unwrap());
    return `${call.section}.${call.method}`;
  } catch { return null; }
}

/** The track (class) of ongoing referendum `index`, or null once it is over. */
async function ongoingTrack (api, index) {
  const info = await api.query.referenda.referendumInfoFor(index);
  if (info.isNone) throw new Error(`no referendum ${index}`);
  return info.unwrap().isOngoing ? info.unwrap().asOngoing.track.toNumber() : null;
}

/**
 * Vote on referendum `index`: `aye` with `balance` (plancks) at `conviction` (0..6 or a
 * name). Resolves to `{ blockHash, conviction, votes }` (`votes`: conviction-weighted).
 */
export async function vote (api, pair, index, { aye, balance, conviction = 0 }) {
  const c = convictionOf(conviction);
  const tx = api.tx.convictionVoting.vote(index, { Standard: { vote: { aye, conviction: c }, balance } });
  const { blockHash } = await signAndWait(api, tx, pair);
  return { index, aye, balance: BigInt(balance), conviction: c, votes: votesOf(balance, c), blockHash };
}

/** The `convictionVoting.vote` transaction itself (to batch votes). */
export function voteTx (api, index, { aye, balance, conviction = 0 }) {
  return api.tx.convictionVoting.vote(index, { Standard: { vote: { aye, conviction: convictionOf(conviction) }, balance } });
}

/** The classes (track ids) in which `who` has a vote on referendum `index`. */
async function classesVotedOn (api, who, index) {
  const entries = await api.query.convictionVoting.votingFor.entries(who);
  return entries.filter(([, voting]) => voting.isCasting && voting.asCasting.votes.some(([poll]) => poll.toNumber() === index))
    .map(([key]) => key.args[1].toNumber());
}

/**
 * Remove the signer's vote on referendum `index` (ongoing: the vote no longer counts;
 * over: the vote record goes, and a lock its conviction still owes stays until it expires,
 * then `unlock` releases it). Resolves to `{ index, track, blockHash }`.
 */
export async function removeVote (api, pair, index) {
  let track = await ongoingTrack(api, index);
  if (track === null) {
    const classes = await classesVotedOn(api, pair.address, index);
    if (classes.length === 0) throw new Error(`${pair.address} has no vote on referendum ${index}`);
    track = classes[0];
  }
  const { blockHash } = await signAndWait(api, api.tx.convictionVoting.removeVote(track, index), pair);
  return { index, track, blockHash };
}

/** Track ids `--track NAME|all` names (`all`: every track). */
function trackIds (api, track) {
  if (track === undefined || track === null || track === 'all') return tracksOf(api).map((t) => t.id);
  return [trackNamed(api, track).id];
}

/** One transaction for several calls (itself when there is one). */
function batched (api, calls) {
  return calls.length === 1 ? calls[0] : api.tx.utility.batchAll(calls);
}

/** Delegate the signer's votes on `track` (a name, or all) to `to`. */
export async function delegate (api, pair, { to, balance, conviction = 0, track = 'all' }) {
  const c = convictionOf(conviction);
  const ids = trackIds(api, track);
  const { blockHash } = await signAndWait(api, batched(api, ids.map((id) => api.tx.convictionVoting.delegate(id, to, c, balance))), pair);
  return { to, balance: BigInt(balance), conviction: c, tracks: ids, blockHash };
}

/** Undelegate on `track`, or on every track the signer delegates on (`all`). */
export async function undelegate (api, pair, { track = 'all' } = {}) {
  const entries = await api.query.convictionVoting.votingFor.entries(pair.address);
  const delegating = entries.filter(([, v]) => v.isDelegating).map(([key]) => key.args[1].toNumber());
  const ids = track === 'all' || track === undefined ? delegating : trackIds(api, track);
  if (ids.length === 0) throw new Error(`${pair.address} delegates on no track`);
  const { blockHash } = await signAndWait(api, batched(api, ids.map((id) => api.tx.convictionVoting.undelegate(id))), pair);
  return { tracks: ids, blockHash };
}

/** The amount of `who`'s conviction-voting balance lock (0n when there is none). */
export async function voteLockOf (api, who, at = null) {
  const chain = at ? await api.at(at) : api;
  const locks = await chain.query.balances.locks(who);
  const lock = locks.find((l) => u8aToString(l.id.toU8a()) === VOTE_LOCK_ID);
  return lock ? lock.amount.toBigInt() : 0n;
}

/** `who`'s vote locks: the balance lock and what each class (track) still locks. */
export async function locksOf (api, who) {
  const [lock, classes] = await Promise.all([voteLockOf(api, who), api.query.convictionVoting.classLocksFor(who)]);
  return { who, lock, classes: classes.map(([id, amount]) => ({ trackId: id.toNumber(), amount: amount.toBigInt() })) };
}

/**
 * Unlock the signer's vote locks that have expired (`convictionVoting.unlock` on `track`,
 * or on every class that still locks something). Resolves to the lock before and after.
 */
export async function unlock (api, pair, { track = 'all' } = {}) {
  const before = await locksOf(api, pair.address);
  const ids = track === 'all' || track === undefined ? before.classes.map((c) => c.trackId) : trackIds(api, track);
  if (ids.length === 0) return { before: before.lock, after: before.lock, tracks: [], blockHash: null };
  const { blockHash } = await signAndWait(api, batched(api, ids.map((id) => api.tx.convictionVoting.unlock(id, pair.address))), pair);
  const after = await voteLockOf(api, pair.address, blockHash);
  return { before: before.lock, after, tracks: ids, blockHash };
}

/**
 * Refund referendum `index`'s decision deposit, then its submission deposit (each in its
 * own transaction, so that one the chain refuses does not undo the other). Resolves to
 * `{ decision, submission }`, each `{ refunded: { who, amount }, blockHash }` or
 * `{ error }` (the pallet's error, e.g. `referenda.BadStatus` for the submission deposit
 * of a rejected referendum, which is not refundable).
 */
export async function refund (api, pair, index) {
  const attempt = async (tx, method) => {
    try {
      const { blockHash, events } = await signAndWait(api, tx, pair);
      const e = findEvent(events, 'referenda', method);
      return { refunded: { who: e.data[1].toString(), amount: e.data[2].toBigInt() }, blockHash };
    } catch (err) {
      if (!(err instanceof DispatchFailed)) throw err;
      return { error: err.message, pallet: err.pallet ?? null, name: err.error ?? null };
    }
  };
  const decision = await attempt(api.tx.referenda.refundDecisionDeposit(index), 'DecisionDepositRefunded');
  const submission = await attempt(api.tx.referenda.refundSubmissionDeposit(index), 'SubmissionDepositRefunded');
  return { index, decision, submission };
}

/**
 * The id the scheduler names referendum `index`'s enactment by: blake2-256 of the SCALE
 * encoding of (`b"assembly"`, `"enactment"`, index), as pallet-referenda names the task; a
 * `scheduler.Dispatched` event with this id carries the outcome of the referendum's call.
 */
export function enactmentTaskId (index) {
  const idx = new Uint8Array(4);
  new DataView(idx.buffer).setUint32(0, index, true);
  const text = stringToU8a('enactment');
  return blake2AsHex(u8aConcat(stringToU8a('assembly'), new Uint8Array([text.length << 2]), text, idx), 256);
}

/**
 * The outcome of an enacted referendum's call from a block's events (`scheduler.Dispatched`
 * with its task id), or null when the block did not dispatch it.
 * @returns {{ok: boolean, error: string|null, pallet: string|null, name: string|null}|null}
 */
export function enactmentOutcome (api, events, index) {
  const id = enactmentTaskId(index);
  const e = events.find((ev) => ev.section === 'scheduler' && ev.method === 'Dispatched' &&
    ev.data.id.isSome && ev.data.id.unwrap().toHex() === id);
  if (!e) return null;
  const result = e.data.result;
  if (result.isOk) return { ok: true, error: null, pallet: null, name: null };
  const err = result.asErr;
  // Decoded with the metadata of the runtime that dispatched it (the event's own registry).
  const registry = err.registry ?? api.registry;
  const meta = err.isModule ? registry.findMetaError(err.asModule) : null;
  const error = meta ? `${meta.section}.${meta.name}: ${meta.docs.join(' ').trim()}` : describeDispatchError(api, err);
  return { ok: false, error, pallet: meta ? meta.section : null, name: meta ? meta.name : null };
}

/** The raw storage key of a pallet's item: twox128(pallet) ‖ twox128(item). */
export function storageKey (pallet, item) {
  return u8aToHex(u8aConcat(xxhashAsU8a(pallet, 128), xxhashAsU8a(item, 128)));
}

/** A pallet's on-chain storage version (u16; 0 when unset) at `at` (default: best). */
export async function palletStorageVersion (api, pallet, at = null) {
  const raw = await api.rpc.state.getStorage(storageKey(pallet, ':__STORAGE_VERSION__:'), ...(at ? [at] : []));
  const bytes = raw.isSome ? raw.unwrap().toU8a(true) : new Uint8Array(0);
  return bytes.length === 0 ? 0 : bytes[0] | (bytes[1] << 8);
}

/**
 * Every top-level key and value of the chain's state at block `at` (default: the best
 * block), for `tensorgrid-node try-upgrade --snapshot`: `{ block, top: [[key, value], ...] }`.
 * Keys are read `pageSize` at a time (`state_getKeysPaged`), values in batches
 * (`state_queryStorageAt`).
 */
export async function stateSnapshot (api, { at = null, pageSize = 1000, batch = 250 } = {}) {
  const block = at ?? (await api.rpc.chain.getBlockHash()).toHex();
  const keys = [];
  for (let start = null; ;) {
    const page = (await api.rpc.state.getKeysPaged('0x', pageSize, start, block)).map((k) => k.toHex());
    keys.push(...page);
    if (page.length < pageSize) break;
    start = page[page.length - 1];
  }
  const top = [];
  for (let i = 0; i < keys.length; i += batch) {
    const part = keys.slice(i, i + batch);
    // Values in the order of the keys; every key was listed at this block, so each has one.
    const values = await api.rpc.state.queryStorageAt(part, block);
    if (values.length !== part.length) throw new Error(`read ${values.length} values for ${part.length} keys of block ${block}`);
    part.forEach((key, j) => top.push([key, u8aToHex(values[j].toU8a(true))]));
  }
  top.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { block, top };
}

/** `TryStateSelect` of `TryRuntime_execute_block`: None, All, RoundRobin(n), Only([names]). */
function tryStateSelect (select) {
  if (select === 'None') return new Uint8Array([0]);
  if (select === 'All') return new Uint8Array([1]);
  if (typeof select === 'object' && select.RoundRobin !== undefined) {
    const n = new Uint8Array(5);
    n[0] = 2;
    new DataView(n.buffer).setUint32(1, select.RoundRobin, true);
    return n;
  }
  if (typeof select === 'object' && Array.isArray(select.Only)) {
    const compact = (len) => {
      if (len >= 1 << 14) throw new Error('too long');
      return len < 64 ? new Uint8Array([len << 2]) : new Uint8Array([((len << 2) | 1) & 0xff, len >> 6]);
    };
    const names = select.Only.map((name) => { const b = stringToU8a(name); return u8aConcat(compact(b.length), b); });
    return u8aConcat(new Uint8Array([3]), compact(names.length), ...names);
  }
  throw new Error(`TryStateSelect is None, All, {RoundRobin: n} or {Only: [pallet names]}, not ${JSON.stringify(select)}`);
}

/**
 * Re-execute block `hash` on its parent's state with a try-runtime runtime
 * (`TryRuntime_execute_block`, no state root or signature checks) and run the pallets'
 * `try_state` invariants `select` names: the node must run a runtime built with
 * try-runtime. The block's seal is dropped first, as an imported block is executed.
 * Resolves to the block's weight; rejects with the node's error when an invariant fails.
 * @returns {Promise<{refTime: bigint, proofSize: bigint, number: number, parentHash: string}>}
 */
export async function tryExecuteBlock (api, hash, select = 'All') {
  const signed = await api.rpc.chain.getBlock(hash);
  const { header, extrinsics } = signed.block;
  const logs = header.digest.logs.filter((log, i, all) => !(i === all.length - 1 && log.isSeal));
  const unsealed = api.createType('Header', { ...header.toJSON(), digest: { logs: logs.map((l) => l.toJSON()) } });
  const block = api.createType('Block', { header: unsealed, extrinsics });
  const args = u8aConcat(block.toU8a(), new Uint8Array([0, 0]), tryStateSelect(select));
  const parentHash = header.parentHash.toHex();
  const out = await api.rpc.state.call('TryRuntime_execute_block', u8aToHex(args), parentHash);
  const weight = api.createType('WeightV2', out.toU8a(true));
  return { refTime: weight.refTime.toBigInt(), proofSize: weight.proofSize.toBigInt(), number: header.number.toNumber(), parentHash };
}
