// Typed helpers over @polkadot/api for the Tensorgrid pallets: connect, register a
// provider and name its operator key, submit and follow jobs, list providers and jobs,
// amounts in TGD, validator session keys with their ownership proof, and job outputs
// fetched over the nodes' network and checked against their settled digest.

import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsHex, decodeAddress } from '@polkadot/util-crypto';
import { signAndWait, findEvent } from './tx.js';
import { outputLength } from './outputs.js';

/** TGD decimals and symbol when the chain's properties name none. */
export const DECIMALS = 12;
export const SYMBOL = 'TGD';
export const UNIT = 10n ** BigInt(DECIMALS);

/** Job states after which nothing changes any more. */
export const FINAL_STATES = ['Settled', 'Cancelled', 'Expired', 'Refunded'];

/**
 * RPC methods of the node that @polkadot/api has no definition for.
 * `author_rotateKeysWithOwner(owner)`: new session keys in the node's keystore, with a proof
 * that they are held for `owner` (for `session.setKeys`, the owner is the stash account's
 * 32 bytes).
 */
export const RPC = {
  artifact: {
    get: {
      description: 'Bytes [offset, offset + len) of the blob with this blake2-256 hash, fetched from peers and checked first if the node does not hold it',
      params: [
        { name: 'hash', type: 'H256' },
        { name: 'offset', type: 'Option<u64>', isOptional: true },
        { name: 'len', type: 'Option<u32>', isOptional: true },
        { name: 'expectedLen', type: 'Option<u64>', isOptional: true }
      ],
      type: 'Bytes'
    },
    status: {
      description: 'Whether the node holds the blob, and its length',
      params: [{ name: 'hash', type: 'H256' }],
      type: 'ArtifactStatus'
    }
  },
  author: {
    rotateKeysWithOwner: {
      description: 'Generate new session keys and prove that they are held for owner',
      isUnsafe: true,
      params: [{ name: 'owner', type: 'Bytes' }],
      type: 'GeneratedSessionKeys'
    }
  }
};

/** Types of the RPC results above. */
export const TYPES = {
  GeneratedSessionKeys: { keys: 'Bytes', proof: 'Option<Bytes>' },
  ArtifactStatus: { held: 'bool', len: 'Option<u64>' }
};

/** Largest range one `artifact_get` call returns. */
export const ARTIFACT_RANGE = 4 * 1024 * 1024;

/**
 * The output of a settled job, checked against the digest the chain settled on: read from
 * the chain when the provider revealed it inline, otherwise fetched by the node from its
 * peers (the provider's node serves it) in 4 MiB ranges.
 * @param {ApiPromise} api connected to any node of the chain
 * @param {number} jobId
 * @returns {Promise<Uint8Array>}
 */
export async function getOutput (api, jobId) {
  const job = await api.call.jobsApi.job(jobId);
  if (job.isNone) throw new Error(`job ${jobId} does not exist (or was pruned)`);
  const j = job.unwrap();
  if (!j.state.isSettled) throw new Error(`job ${jobId} is ${j.state.toString()}: only a settled job has a proven output`);
  const digest = j.resultDigest.unwrap().toHex();
  let bytes = null;
  for (const slot of j.providers) {
    const output = await api.query.proofOfCompute.outputs(jobId, slot.provider);
    if (output.isSome && output.unwrap().isInline) {
      const inline = output.unwrap().asInline.toU8a(true);
      if (blake2AsHex(inline, 256) === digest) { bytes = inline; break; }
    }
  }
  if (bytes === null) {
    // The length the spec implies: the node fetches only a blob of that length, and a node
    // that answers more or less than asked is caught here, not after an endless read.
    const total = outputLength(j.spec);
    const parts = [];
    let offset = 0;
    while (offset < total) {
      const len = Math.min(ARTIFACT_RANGE, total - offset);
      const part = (await api.rpc.artifact.get(digest, offset, len, total)).toU8a(true);
      if (part.length !== len) throw new Error(`the node answered ${part.length} bytes at offset ${offset}, not ${len}`);
      parts.push(part);
      offset += len;
    }
    bytes = u8aConcat(...parts);
  }
  if (blake2AsHex(bytes, 256) !== digest) throw new Error(`the output of job ${jobId} does not match its settled digest ${digest}`);
  return bytes;
}

/**
 * Connect to a node.
 * @param {string} url WebSocket endpoint, e.g. ws://127.0.0.1:9944
 * @param {object} [options] more `ApiPromise.create` options (e.g. `throwOnConnect: true` to
 *   fail at once when the node cannot be reached); `rpc` and `types` are merged with this
 *   client's own
 * @returns {Promise<ApiPromise>}
 */
export async function connect (url, { rpc = {}, types = {}, ...options } = {}) {
  const merged = { ...RPC };
  for (const [section, methods] of Object.entries(rpc)) merged[section] = { ...merged[section], ...methods };
  const provider = new WsProvider(url);
  try {
    return await ApiPromise.create({ provider, noInitWarn: true, ...options, rpc: merged, types: { ...TYPES, ...types } });
  } catch (err) {
    // With `throwOnConnect`, a node that cannot be reached rejects; stop reconnecting then.
    await provider.disconnect().catch(() => {});
    throw err;
  }
}

/**
 * The chain's token as its properties (`system_properties`) name it; 12 decimals and TGD
 * where they name none.
 * @param {ApiPromise} api
 * @returns {{decimals: number, symbol: string}}
 */
export function tokenOf (api) {
  const props = api.registry.getChainProperties();
  const first = (opt) => (opt && opt.isSome && opt.unwrap().length > 0) ? opt.unwrap()[0] : null;
  const decimals = first(props?.tokenDecimals);
  const symbol = first(props?.tokenSymbol);
  return {
    decimals: decimals === null ? DECIMALS : decimals.toNumber(),
    symbol: symbol === null ? SYMBOL : symbol.toString()
  };
}

/**
 * An sr25519 key pair from a secret URI (`//Alice`, a mnemonic, ...).
 * @param {string} suri
 */
export function signer (suri) {
  return new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri(suri);
}

/**
 * Parse an amount of TGD ("1.5") into plancks.
 * @param {string|number} tgd
 * @param {number} [decimals] the token's decimals (default 12)
 * @returns {bigint}
 */
export function parseTgd (tgd, decimals = DECIMALS) {
  const parts = String(tgd).trim().split('.');
  const [whole, frac = ''] = parts;
  if (parts.length > 2 || !/^\d+$/.test(whole) || !/^\d*$/.test(frac) || frac.length > decimals) {
    throw new Error(`not an amount of TGD with at most ${decimals} decimals: ${tgd}`);
  }
  return BigInt(whole) * 10n ** BigInt(decimals) + BigInt(frac.padEnd(decimals, '0') || '0');
}

/**
 * Format plancks as TGD ("1.5"), without the symbol.
 * @param {bigint} plancks
 * @param {number} [decimals] the token's decimals (default 12)
 */
export function formatTgd (plancks, decimals = DECIMALS) {
  const unit = 10n ** BigInt(decimals);
  const sign = plancks < 0n ? '-' : '';
  const abs = plancks < 0n ? -plancks : plancks;
  const whole = abs / unit;
  const frac = decimals === 0 ? '' : (abs % unit).toString().padStart(decimals, '0').replace(/0+$/, '');
  return frac ? `${sign}${whole}.${frac}` : `${sign}${whole}`;
}

/**
 * Register `pair` as a GPU provider.
 * @param {ApiPromise} api
 * @param {object} pair signer
 * @param {{adapterName: string, backend: string, deviceType: string, memoryMib: number,
 *   kernels: string[], benchmarkScore: number, endpoint?: string, maxConcurrentJobs: number}} profile
 * @param {bigint} pricePerUnit plancks per work unit
 * @param {bigint} stake plancks to hold
 */
export async function registerProvider (api, pair, profile, pricePerUnit, stake) {
  const { events } = await signAndWait(api, api.tx.providers.register({ endpoint: '', ...profile }, pricePerUnit, stake), pair);
  return findEvent(events, 'providers', 'Registered');
}

/** Domain tag of the operator key's ownership proof (22 ASCII bytes). */
export const OPERATOR_PROOF_TAG = 'tensorgrid/operator/v1';

/**
 * What an operator key signs to act for a provider: the tag, then the provider (cold)
 * account's 32-byte public key.
 * @param {Uint8Array|string} coldPublicKey public key, or an SS58 address
 * @returns {Uint8Array}
 */
export function operatorProofPayload (coldPublicKey) {
  const key = decodeAddress(coldPublicKey);
  if (key.length !== 32) throw new Error(`a provider account is 32 bytes, not ${key.length}`);
  return u8aConcat(stringToU8a(OPERATOR_PROOF_TAG), key);
}

/**
 * The proof for `providers.setOperator`: the operator key's sr25519 signature over
 * `operatorProofPayload(coldPublicKey)`, as a MultiSignature.
 * @param {Uint8Array|string} coldPublicKey
 * @param {object} operatorPair sr25519 key pair of the operator key
 * @returns {{Sr25519: string}}
 */
export function operatorProof (coldPublicKey, operatorPair) {
  if (operatorPair.type !== 'sr25519') throw new Error('the operator key must be sr25519');
  return { Sr25519: u8aToHex(operatorPair.sign(operatorProofPayload(coldPublicKey))) };
}

/**
 * Name `operatorPair` the operator key of the provider `coldPair` (signed by `coldPair`);
 * resolves to the `providers.OperatorSet` event.
 * @param {ApiPromise} api
 * @param {object} coldPair the provider account
 * @param {object} operatorPair the operator key
 */
export async function setOperator (api, coldPair, operatorPair) {
  if (!api.tx.providers.setOperator) throw new Error('this chain has no providers.setOperator call');
  const tx = api.tx.providers.setOperator(operatorPair.address, operatorProof(coldPair.publicKey, operatorPair));
  const { events } = await signAndWait(api, tx, coldPair);
  return findEvent(events, 'providers', 'OperatorSet');
}

/**
 * New session keys in the keystore of the node `api` is connected to, with the proof that
 * they are held for `stash`: resolves to `{ keys, proof }` (hex), the arguments of
 * `session.setKeys` that `stash` signs. The node must serve unsafe RPC methods (the default
 * on localhost).
 * @param {ApiPromise} api
 * @param {string|Uint8Array} stash SS58 address or public key of the stash account
 */
export async function rotateKeysWithOwner (api, stash) {
  const owner = api.createType('AccountId', stash).toHex();
  const generated = await api.rpc.author.rotateKeysWithOwner(owner);
  // A Struct is a Map: its `keys` field is only reachable through get().
  const keys = generated.get('keys');
  const proof = generated.get('proof');
  if (proof.isNone) throw new Error('the node returned session keys without an ownership proof');
  return { keys: keys.toHex(), proof: proof.unwrap().toHex() };
}

/** The runtime's session keys, one public key per key type, from their SCALE encoding. */
export function decodeSessionKeys (api, keys) {
  return api.createType(api.tx.session.setKeys.meta.args[0].type.toString(), keys).toJSON();
}

/**
 * Submit `session.setKeys(keys, proof)` signed by `stash` (the pair the proof was made for);
 * resolves to the transaction's block hash and events.
 */
export function setSessionKeys (api, stash, keys, proof) {
  return signAndWait(api, api.tx.session.setKeys(keys, proof), stash);
}

/**
 * The most recent jobs the chain still holds, newest first: at most `limit`, looking back
 * over at most `scan` ids (pruned jobs are gone).
 * @param {ApiPromise} api
 * @returns {Promise<object[]>} job summaries (codecs)
 */
export async function recentJobs (api, { limit = 20, scan = 1000 } = {}) {
  if (!(limit > 0)) return [];
  const next = (await api.query.jobs.nextJobId()).toNumber();
  const found = [];
  const last = Math.max(0, next - scan);
  for (let top = next - 1; top >= last && found.length < limit; top -= limit) {
    const ids = [];
    for (let id = top; id > top - limit && id >= last; id--) ids.push(id);
    const jobs = await Promise.all(ids.map((id) => api.call.jobsApi.job(id)));
    for (const job of jobs) if (job.isSome && found.length < limit) found.push(job.unwrap());
  }
  return found;
}

/**
 * Submit a job; resolves to its id.
 * @param {ApiPromise} api
 * @param {object} pair signer
 * @param {{spec: object, inputs: object[], replicas: number, maxPricePerUnit: bigint, deadline: number}} job
 * @returns {Promise<number>}
 */
export async function submitJob (api, pair, { spec, inputs, replicas, maxPricePerUnit, deadline }) {
  checkInlineInputs(api, inputs);
  const { events } = await signAndWait(api, api.tx.jobs.submitJob(spec, inputs, replicas, maxPricePerUnit, deadline), pair);
  return findEvent(events, 'jobs', 'JobSubmitted').data.job.toNumber();
}

/**
 * Inline inputs longer than the chain's `MaxInlineInputLen` cannot even be decoded by the
 * runtime (the node would answer with a bare decoding error), so refuse them here with a
 * message that says what to do instead.
 */
export function checkInlineInputs (api, inputs) {
  const max = api.consts.jobs.maxInlineInputLen.toNumber();
  inputs.forEach((input, i) => {
    if (input.Inline === undefined) return;
    const len = api.createType('Bytes', input.Inline).length;
    if (len > max) {
      throw new Error(`input ${i} is ${len} bytes inline; the chain takes at most ${max}: ` +
        'store it with jobs.storeArtifact and pass { Artifact: hash }');
    }
  });
}

/** A job summary as plain JSON, or null. */
export async function getJob (api, id) {
  const job = await api.call.jobsApi.job(id);
  return job.isSome ? job.unwrap().toJSON() : null;
}

/**
 * Call `onEvent(event)` for each event of job `id`, block by block, until the job reaches
 * a final state; resolves to the final summary.
 * @param {ApiPromise} api
 * @param {number} id
 * @param {(e: {block: number, section: string, method: string, data: object, event: object}) => void} onEvent
 *   `data` is the event's fields in human form, `event` the event itself
 */
export function watchJob (api, id, onEvent = () => {}) {
  return new Promise((resolve, reject) => {
    let unsubscribe = () => {};
    const done = (value, error) => { unsubscribe(); error ? reject(error) : resolve(value); };
    api.rpc.chain.subscribeNewHeads(async (header) => {
      try {
        const at = await api.at(header.hash);
        const records = await at.query.system.events();
        for (const { event } of records) {
          if (!['jobs', 'proofOfCompute'].includes(event.section)) continue;
          // Every job event names the job first.
          if (event.data.length === 0 || event.data[0].toString() !== String(id)) continue;
          onEvent({ block: header.number.toNumber(), section: event.section, method: event.method, data: event.data.toHuman(), event });
        }
        const summary = await getJob(api, id);
        if (!summary) return done(null, new Error(`job ${id} does not exist (or was pruned)`));
        if (FINAL_STATES.includes(summary.state)) done(summary);
      } catch (err) { done(null, err); }
    }).then((u) => { unsubscribe = u; }, reject);
  });
}
