// Typed helpers over @polkadot/api for the Tensorgrid pallets: connect, register a
// provider, submit and follow jobs, list providers and jobs.

import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { signAndWait, findEvent } from './tx.js';

export const DECIMALS = 12;
export const UNIT = 10n ** BigInt(DECIMALS);

/** Job states after which nothing changes any more. */
export const FINAL_STATES = ['Settled', 'Cancelled', 'Expired', 'Refunded'];

/**
 * Connect to a node.
 * @param {string} url WebSocket endpoint, e.g. ws://127.0.0.1:9944
 * @returns {Promise<ApiPromise>}
 */
export function connect (url) {
  return ApiPromise.create({ provider: new WsProvider(url), noInitWarn: true });
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
 * @returns {bigint}
 */
export function parseTgd (tgd) {
  const [whole, frac = ''] = String(tgd).trim().split('.');
  if (!/^\d+$/.test(whole) || !/^\d*$/.test(frac) || frac.length > DECIMALS) {
    throw new Error(`not an amount of TGD: ${tgd}`);
  }
  return BigInt(whole) * UNIT + BigInt(frac.padEnd(DECIMALS, '0') || '0');
}

/**
 * Format plancks as TGD.
 * @param {bigint} plancks
 */
export function formatTgd (plancks) {
  const whole = plancks / UNIT;
  const frac = (plancks % UNIT).toString().padStart(DECIMALS, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : `${whole}`;
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
 * @param {(e: {block: number, section: string, method: string, data: object}) => void} onEvent
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
          onEvent({ block: header.number.toNumber(), section: event.section, method: event.method, data: event.data.toHuman() });
        }
        const summary = await getJob(api, id);
        if (!summary) return done(null, new Error(`job ${id} does not exist (or was pruned)`));
        if (FINAL_STATES.includes(summary.state)) done(summary);
      } catch (err) { done(null, err); }
    }).then((u) => { unsubscribe = u; }, reject);
  });
}
