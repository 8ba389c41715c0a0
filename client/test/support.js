// Shared pieces of the end-to-end tests: job fixtures for each kernel, the GPU worker's CPU
// reference digest, and a follower of chain events that totals fees and finds job events.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { nodeBinary } from '../src/devnode.js';
import { signAndWait } from '../src/tx.js';
import { stringToHex, hexToString, u8aToHex } from '@polkadot/util';
import { signer, setOperator, UNIT } from '../src/chain.js';

/** Deterministic bytes: `count` values of `width` bytes, each in [-range, range). */
export function fixtureBytes (count, width, range, seed) {
  const bytes = new Uint8Array(count * width);
  const view = new DataView(bytes.buffer);
  let state = seed >>> 0;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const value = (state % (2 * range)) - range;
    if (width === 1) view.setInt8(i, value);
    else view.setInt32(4 * i, value, true);
  }
  return '0x' + Buffer.from(bytes).toString('hex');
}

const requant = { multiplier: 1 << 30, shift: 36 };

/** One small job per kernel of the registry. */
export const JOBS = {
  matmul: {
    spec: { MatmulI8: { m: 8, k: 16, n: 8 } },
    inputs: [fixtureBytes(8 * 16, 1, 100, 1), fixtureBytes(16 * 8, 1, 100, 2)]
  },
  conv2d: {
    spec: { Conv2dI8: { batch: 1, inChannels: 2, height: 8, width: 8, outChannels: 4, kernelH: 3, kernelW: 3, stride: 1, padding: 1 } },
    inputs: [fixtureBytes(2 * 8 * 8, 1, 100, 14), fixtureBytes(4 * 2 * 3 * 3, 1, 100, 15), fixtureBytes(4, 4, 1000, 16)]
  },
  attention: {
    spec: { AttentionI8: { seqLen: 8, dK: 8, dV: 8, scoreScale: { multiplier: 1 << 30, shift: 34 } } },
    inputs: [fixtureBytes(64, 1, 100, 17), fixtureBytes(64, 1, 100, 18), fixtureBytes(64, 1, 100, 19)]
  },
  mlp: {
    spec: { MlpInferenceI8: { batch: 4, dIn: 16, layers: [{ dOut: 16, requant }, { dOut: 4, requant }] } },
    inputs: [
      fixtureBytes(4 * 16, 1, 100, 3),
      fixtureBytes(16 * 16, 1, 100, 4), fixtureBytes(16, 4, 1000, 5),
      fixtureBytes(4 * 16, 1, 100, 6), fixtureBytes(4, 4, 1000, 7)
    ]
  },
  training: {
    // Q10 fixed point: values within ±1.0.
    spec: { MlpTrain: { batch: 8, dIn: 4, hidden: 8, dOut: 2, learningRate: 1, lrShift: 4, steps: 20 } },
    inputs: [
      fixtureBytes(8 * 4, 4, 1024, 8), fixtureBytes(8 * 2, 4, 1024, 9),
      fixtureBytes(8 * 4, 4, 1024, 10), fixtureBytes(8, 4, 1024, 11),
      fixtureBytes(2 * 8, 4, 1024, 12), fixtureBytes(2, 4, 1024, 13)
    ]
  }
};

/** The `inputs` argument of `jobs.submitJob` for a fixture. */
export const inline = (job) => job.inputs.map((hex) => ({ Inline: hex }));

/**
 * The result digest of a job as the GPU worker's CPU reference kernels compute it
 * (`gpu-worker --cpu run`), for the spec exactly as the chain encodes it.
 */
export function referenceDigest (api, job) {
  const spec = api.createType(api.tx.jobs.submitJob.meta.args[0].type.toString(), job.spec).toHex();
  const dir = mkdtempSync(join(tmpdir(), 'tensorgrid-ref-'));
  try {
    const file = join(dir, 'job.json');
    writeFileSync(file, JSON.stringify({ spec, inputs: job.inputs.map((hex) => ({ inline: hex })) }));
    const worker = join(dirname(nodeBinary()), 'gpu-worker');
    const out = execFileSync(worker, ['--cpu', 'run', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const digest = /^digest (0x[0-9a-f]{64})$/m.exec(out);
    if (!digest) throw new Error(`gpu-worker printed no digest:\n${out}`);
    return digest[1];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Follows every new block after the one it starts at: keeps each block's hash, the fees each
 * account paid, and the jobs, proof-of-compute and providers events with their block number.
 */
export class EventLog {
  static async follow (api) {
    const log = new EventLog(api);
    const start = await api.rpc.chain.getHeader();
    log.start = start.number.toNumber();
    log.hashes.set(log.start, start.hash.toHex());
    log.unsubscribe = await api.rpc.chain.subscribeNewHeads(async (header) => {
      const number = header.number.toNumber();
      if (log.hashes.has(number)) return;
      log.hashes.set(number, header.hash.toHex());
      const records = await (await api.at(header.hash)).query.system.events();
      for (const { event } of records) {
        if (event.section === 'transactionPayment' && event.method === 'TransactionFeePaid') {
          log.fees.push({ block: number, who: event.data[0].toString(), amount: event.data[1].toBigInt() });
        }
        if (['jobs', 'proofOfCompute', 'providers'].includes(event.section)) {
          log.events.push({ block: number, section: event.section, method: event.method, event });
        }
      }
      log.seen = Math.max(log.seen, number);
    });
    return log;
  }

  constructor (api) {
    this.api = api;
    this.hashes = new Map();
    this.fees = [];
    this.events = [];
    this.seen = 0;
    this.unsubscribe = () => {};
  }

  /** Fees `address` paid in the blocks after the start, up to and including `upTo`. */
  feesOf (address, upTo) {
    return this.fees.filter((f) => f.who === address && f.block <= upTo).reduce((a, f) => a + f.amount, 0n);
  }

  /** Free balance of `address` after block `number` (the start block or one seen since). */
  async freeAt (address, number) {
    const at = await this.api.at(this.hashes.get(number));
    return (await at.query.system.account(address)).data.free.toBigInt();
  }

  /** Wait until every block up to `number` has been read. */
  async caughtUp (number) {
    return EventLog.until(() => this.seen >= number, 60_000, async () => `events read up to #${this.seen}, not #${number}`);
  }

  /** Events of one job (the event's `job` field). */
  forJob (id) {
    return this.events.filter((e) => e.event.data.job !== undefined && e.event.data.job.toNumber() === id);
  }

  find (id, section, method) {
    return this.forJob(id).find((e) => e.section === section && e.method === method);
  }

  /** Resolve once `predicate()` holds, polling every 500 ms. */
  static async until (predicate, timeoutMs, describe) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await predicate();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out: ${await describe()}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/** The best block's number. */
export async function bestNumber (api) {
  return (await api.rpc.chain.getHeader()).number.toNumber();
}

/**
 * Wait until the chain is `count` blocks past `from` (default: now). A provider's changes
 * reach the matcher three blocks later (the draw view, docs/protocol.md).
 */
export async function waitBlocks (api, count, from = null) {
  const start = from ?? await bestNumber(api);
  return EventLog.until(async () => (await bestNumber(api)) >= start + count, 60_000 + count * 12_000,
    async () => `block #${start + count} (at #${await bestNumber(api)})`);
}

/**
 * Change some fields of a pallet's parameters through sudo (dev chain: Alice is the sudo
 * key): `pallet` is `jobs`, `proofOfCompute` or `providers`, `changes` the camelCase fields.
 * Resolves to the new parameters as JSON.
 */
export async function setParameters (api, pallet, changes, sudoKey) {
  const current = (await api.query[pallet].parameters()).toJSON();
  const next = { ...current, ...changes };
  await signAndWait(api, api.tx.sudo.sudo(api.tx[pallet].setParameters(next)), sudoKey);
  return (await api.query[pallet].parameters()).toJSON();
}

/** The embedded GPU worker's URL and bearer token, as the node recorded them. */
export async function workerEndpoint (api) {
  const read = async (key) => {
    const stored = await api.rpc.offchain.localStorageGet('PERSISTENT', stringToHex(key));
    return stored.isSome ? hexToString(stored.unwrap().toHex()) : null;
  };
  const url = await EventLog.until(() => read('tensorgrid::gpu-worker-url'), 60_000, async () => 'the node to record its worker URL');
  return { url, token: await read('tensorgrid::gpu-worker-token') };
}

/** The operator key of a dev account: `<suri>//operator`, as `--dev` / `--bob` nodes hold it. */
export const operatorOf = (suri) => signer(`${suri}//operator`);

/**
 * Give the provider `suri` (already registered) its operator key `<suri>//operator`: fund
 * it for fees from the provider account, name it with its ownership proof, and, when
 * `keystoreApi` is given, put it into that node's keystore so its agent signs with it.
 * Resolves to the operator key pair.
 */
export async function useOperator (api, suri, { keystoreApi = null, fees = 100n * UNIT } = {}) {
  const cold = signer(suri);
  const operator = operatorOf(suri);
  if (keystoreApi) await keystoreApi.rpc.author.insertKey('gpuw', `${suri}//operator`, u8aToHex(operator.publicKey));
  await signAndWait(api, api.tx.balances.transferKeepAlive(operator.address, fees), cold);
  await setOperator(api, cold, operator);
  return operator;
}

/** `a (m×k) · b (k×n)` over int8 with int32 accumulators, little-endian bytes. */
export function matmulReference (a, b, m, k, n) {
  const out = new Uint8Array(4 * m * n);
  const view = new DataView(out.buffer);
  const ai = new Int8Array(a.buffer, a.byteOffset, a.length);
  const bi = new Int8Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (let p = 0; p < k; p++) acc = (acc + ai[i * k + p] * bi[p * n + j]) | 0;
      view.setInt32(4 * (i * n + j), acc, true);
    }
  }
  return out;
}
