#!/usr/bin/env node
// tensorgrid: a small command line for the Tensorgrid chain.
//
//   tensorgrid providers [--json]
//   tensorgrid jobs [--submitter ADDRESS] [--provider ADDRESS] [--limit N] [--json]
//   tensorgrid register-provider --seed //Bob --price 1 --stake 2000 --kernels MatmulI8 [--max-jobs 1] \
//       [--operator-seed OPERATOR_SURI]
//   tensorgrid set-operator --seed COLD_SURI --operator-seed OPERATOR_SURI
//   tensorgrid submit-job --seed //Charlie --spec '{"MatmulI8":{"m":2,"k":3,"n":2}}' \
//       --input 0x010101010101 --input 0x020202020202 [--replicas 1] [--max-price 2] [--deadline-blocks 300] [--watch]
//   tensorgrid watch-job ID [--json]
//   tensorgrid get-output ID [--out FILE] [--format json|hex]
//   tensorgrid validator rotate-keys --stash ADDRESS [--json]
//   tensorgrid validator set-keys --seed STASH_SURI --keys HEX --proof HEX
//   tensorgrid validator bond|bond-extra|unbond|rebond|withdraw-unbonded|validate|chill|nominate|payout --seed STASH_SURI ...
//   tensorgrid validator status [--stash ADDRESS] [--json]   (staking; see docs/running-a-validator.md)
//   tensorgrid dao list|show|create|contribute|withdraw|review|offer-custody|withdraw-custody|
//       propose|vote|close|execute|remove-vote|claim|member|proof ...   (data DAOs; see docs/data-dao.md)
//   tensorgrid gov tracks|referenda|propose-params|propose|propose-upgrade|apply-upgrade|propose-spend|
//       payout|treasury|deposit|vote|remove-vote|delegate|undelegate|unlock|refund|snapshot ...
//       (OpenGov referenda, conviction votes, the treasury and runtime upgrades; see docs/governance.md)
//
// Common options: --url ws://127.0.0.1:9944, --json. Amounts are in TGD, with the decimals
// and symbol of the chain's properties (12 and TGD when it names none). Failed transactions
// print the pallet's error, e.g. `jobs.ZeroReplicas: Replicas must be at least one.`

import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { u8aToHex } from '@polkadot/util';
import { decodeOutput } from './outputs.js';
import { daoCommand } from './dao-cli.js';
import { govCommand } from './gov-cli.js';
import { validatorCommand, VALIDATOR_OPTIONS } from './validator-cli.js';
import { datasetInput, withAccessLimits } from './dao.js';
import {
  connect, signer, tokenOf, parseTgd, formatTgd, registerProvider, setOperator, submitJob, watchJob,
  recentJobs, getOutput
} from './chain.js';

const USAGE = `usage: tensorgrid <command> [options]
  --url URL              node WebSocket endpoint (default ws://127.0.0.1:9944)
  --seed SURI            signing key (register-provider, set-operator, submit-job, every validator,
                         dao and gov command that sends a transaction)
  --json                 print one JSON document instead of text; each amount is
                         {"plancks": "<integer as a decimal string>", "formatted": "1.5 TGD"}

  providers              every provider, with price, stake and operator key
  jobs [--submitter ADDRESS] [--provider ADDRESS] [--limit N]
                         jobs newest first: without a filter the last N (default 20) the
                         chain holds; with one, every job of that account (or the last N)
  register-provider --price TGD --stake TGD [--kernels K1,K2] [--max-jobs N] [--adapter NAME]
                    [--operator-seed SURI]
                         register the --seed account as a provider; with --operator-seed,
                         then name that key its operator (as set-operator)
  set-operator --operator-seed SURI
                         the provider (cold) account --seed names the operator key that
                         signs its node's work; the operator key signs the proof
  submit-job --spec JSON --input HEX|artifact:HASH|dataset:DAO:GRANT:ITEM[:MAXFEE] ...
             [--replicas N] [--max-price TGD] [--deadline-blocks N]
             [--watch [--out FILE] [--format json|hex]]
                         with --out, write the verified output once the job settles; a
                         dataset input reads a data DAO's item under one of its grants,
                         paying at most MAXFEE (TGD) access fee per work unit (default:
                         the grant's price now, read from the chain; a higher price at
                         inclusion refuses the job: dataDao.AccessPriceAboveLimit)
  get-output ID [--out FILE] [--format json|hex]
                         the settled job's output, fetched through the node at --url from
                         the provider's node and checked against the settled digest: raw
                         bytes to FILE, or printed (json: matrices, logits and argmax
                         labels, trained weights; hex: the bytes)
  watch-job ID           the job's events until it reaches a final state, then its summary

  Validators and nominators (docs/running-a-validator.md). --seed is the stash; amounts in TGD.
  validator rotate-keys --stash ADDRESS
                         new session keys in the keystore of the node at --url (unsafe RPC:
                         localhost or an SSH tunnel) and their ownership proof for the stash
  validator set-keys --keys HEX --proof HEX
                         session.setKeys(keys, proof) signed by the stash --seed
  validator bond --amount TGD [--payee Staked|Stash|Account:ADDRESS]
                         staking.bond: lock TGD of the stash for staking; rewards are added
                         to the bond (Staked, the default), paid to the stash, or elsewhere
  validator bond-extra --amount TGD
                         bond more of the stash's free balance
  validator unbond --amount TGD
                         start unlocking TGD of the bond: withdrawable after the chain's
                         bonding duration (status shows it); unbonding it all also chills
  validator withdraw-unbonded
                         move the unlocked chunks back to the free balance
  validator rebond --amount TGD
                         bond again TGD that is still unlocking
  validator validate --commission PERCENT [--blocked]
                         staking.validate: a candidate from the next election, keeping
                         PERCENT of its rewards; --blocked refuses new nominators
  validator chill        stop validating or nominating from the next era
  validator nominate --targets ADDRESS,ADDRESS
                         staking.nominate: back up to 16 validator stashes with the bond
  validator status [--stash ADDRESS]
                         the stash (default: --seed's) as a staker: bonded, active and
                         unlocking (with the era each unlocks), validating (commission) or
                         nominating (targets), session keys, in the active set, elected in
                         the current era, era points; the eras, session and minimum bonds
  validator payout --era N [--stash ADDRESS]
                         staking.payoutStakers: pay validator ADDRESS (default: --seed) and
                         its nominators their rewards of era N (anyone may call it)

  Data DAOs (docs/data-dao.md). DAO, PROPOSAL and VERSION are numbers, ITEM a 0x blake2-256
  hash; percentages (PCT) may have decimals; amounts are in TGD except inside ACTION_JSON.
  dao list               every DAO: id, creator, shares, items, version, custodians,
                         curators, frozen, treasury, live grants
  dao show DAO           one DAO with its rules, live grants, open proposals and the
                         providers offering custody
  dao create --voting-period BLOCKS --enactment-delay BLOCKS --quorum PCT --approval PCT
             --members-share PCT --curators-share PCT [--auto-accept-bytes N --auto-rating R]
             --founder-shares N [--curator ADDRESS ...]
                         create a DAO (holds the DAO deposit for good); --seed is its first
                         member, with the founder shares, and its first curator; the
                         automatic rule accepts items up to N bytes from members only
  dao contribute DAO FILE | dao contribute DAO --hash ITEM --size BYTES
                         contribute an item by its blake2-256 hash and size (holds the item
                         deposit); the bytes go to the DAO's custodians, never to the chain
  dao withdraw DAO ITEM  take back a pending contribution no curator has reviewed yet;
                         its deposit is released
  dao review DAO ITEM RATING
                         as a curator: rate a pending item 1 to 5, or 0 to reject it
  dao offer-custody DAO  as a registered provider (--seed): offer to be the DAO's
                         custodian, which an --admit-custodian proposal then accepts;
                         serve one DAO per node (all its DAOs' items share one directory)
  dao withdraw-custody DAO
                         withdraw that offer; a custodian steps down at once
  dao propose DAO ACTION_JSON
                         open a proposal (holds the proposal deposit until it closes;
                         a turnout below the quorum forfeits it to the DAO's treasury;
                         at most 2 open proposals per member);
                         ACTION_JSON is a DaoAction as polkadot.js takes it, e.g.
                         '{"AdmitCustodian":"5Grw..."}', amounts in plancks. Or one of:
    --admit-custodian ADDRESS | --remove-custodian ADDRESS | --add-curator ADDRESS
    --remove-curator ADDRESS | --accept ITEM:RATING ... | --reject ITEM ...
                         (an accepted or rejected batch skips items no longer pending)
    --revoke-grant GRANT | --set-price GRANT --price TGD | --spend ADDRESS --amount TGD
    --set-rules (with the rule options of create)
    --grant --kernels K1,K2 --params any|HASH,HASH --work-units N --output-bytes N
            --price TGD --expiry-blocks N [--dataset-version V] [--grantee ADDRESS]
            [--grant-spec SPEC_JSON] [--grant-layout POS,POS]
                         a compute-to-data grant: per work unit --price, budgets of work
                         units and output bytes, for the DAO's newest version by default,
                         to anyone unless --grantee; --grant-spec pins the one KernelSpec
                         its jobs may run (as submit-job's --spec; sent as the blake2-256
                         of its SCALE encoding; --kernels defaults to its kernel), and
                         --grant-layout the input positions (from 0) that must be dataset
                         items, every other input then a parameter; --params HASH,HASH
                         is the exact list of a job's parameters, in input order
  dao vote DAO PROPOSAL aye|nay
                         vote with the shares held before the proposal's creation block
  dao close DAO PROPOSAL after the voting period: approved (executed at once when the DAO has
                         no enactment delay) or rejected; anyone may close
  dao execute DAO PROPOSAL
                         an approved proposal, once its enactment delay has passed
  dao remove-vote DAO PROPOSAL
                         remove your vote record of a proposal no longer open
  dao claim DAO          claim your revenue (as a member and as a curator)
  dao member DAO [ADDRESS]
                         shares, claimable revenue, open proposals, curator, custodian
                         and custody offer (default: the --seed account)
  dao proof DAO VERSION ITEM
                         the item's Merkle proof in that dataset version, checked here
                         (built from storage for versions the runtime API does not prove,
                         of more than 65,536 items)

  Governance (OpenGov; docs/governance.md). INDEX is a referendum's (or, for payout, a
  treasury spend's) number; amounts are in TGD; a proposal notes its call's preimage,
  submits it with enactment the track's minimum after approval and, unless --no-deposit,
  places the decision deposit (all three held from --seed).
  gov tracks             each track: id, origin, decision deposit, prepare, decision, confirm
                         and minimum enactment periods (blocks and about how long), and the
                         approval and support (of total issuance) its curves ask for
  gov referenda [--all]  ongoing referenda (--all: finished ones too): track, status
                         (preparing, queued, deciding, confirming; approved, rejected, timed
                         out, cancelled, killed), ayes and nays (conviction-weighted), support,
                         the support and approval the track asks for now, the decision deposit,
                         and the blocks left in the current period
  gov propose-params --pallet providers|jobs|proof-of-compute --set FIELD=VALUE [--set ...]
                         a market_admin referendum on <pallet>.setParameters: the current
                         parameters with these fields changed (integers as numbers, Perbill
                         and Permill fields as 5% or parts, balances in TGD, else JSON)
  gov propose --track NAME --call HEX
                         a referendum on any track for a SCALE-encoded call
  gov propose-upgrade --wasm FILE
                         a root referendum on system.authorizeUpgrade(blake2-256 of the code)
  gov apply-upgrade --wasm FILE
                         once authorized: system.applyAuthorizedUpgrade with the code (no fee)
  gov propose-spend --amount TGD --to ADDRESS
                         a treasurer referendum on treasury.spend (at most the track's limit)
  gov payout INDEX       pay an approved treasury spend, then clear it (treasury.checkStatus)
  gov treasury           the treasury's account, balance and pending spends
  gov deposit INDEX      place a referendum's decision deposit
  gov vote INDEX aye|nay --amount TGD [--conviction 0..6]
                         0: None (0.1x votes, no lock after the end), N: LockedNx (N-fold
                         votes; the balance stays locked 2^(N-1) vote-locking periods after
                         the end if its side won)
  gov remove-vote INDEX  remove your vote (a conviction lock still owed stays until it expires)
  gov delegate --to ADDRESS --amount TGD [--conviction N] [--track NAME|all]
  gov undelegate [--track NAME|all]
  gov unlock [--track NAME|all]
                         release the --seed account's expired vote locks
  gov refund INDEX       refund the decision deposit and, where the chain allows (approved or
                         cancelled referenda), the submission deposit; says which were
                         refunded and the chain's error for the rest
  gov snapshot --out FILE [--at HASH]
                         every top-level storage key and value at the block (default: best)
                         as JSON, for tensorgrid-node try-upgrade --snapshot FILE --wasm FILE`;

const options = {
  url: { type: 'string', default: 'ws://127.0.0.1:9944' },
  seed: { type: 'string' },
  'operator-seed': { type: 'string' },
  submitter: { type: 'string' },
  provider: { type: 'string' },
  limit: { type: 'string' },
  price: { type: 'string' },
  stake: { type: 'string' },
  kernels: { type: 'string' },
  'max-jobs': { type: 'string', default: '1' },
  adapter: { type: 'string', default: 'unknown' },
  spec: { type: 'string' },
  input: { type: 'string', multiple: true, default: [] },
  replicas: { type: 'string', default: '1' },
  'max-price': { type: 'string', default: '1' },
  'deadline-blocks': { type: 'string', default: '300' },
  watch: { type: 'boolean', default: false },
  out: { type: 'string' },
  format: { type: 'string', default: 'json' },
  stash: { type: 'string' },
  keys: { type: 'string' },
  proof: { type: 'string' },
  'voting-period': { type: 'string' },
  'enactment-delay': { type: 'string' },
  quorum: { type: 'string' },
  approval: { type: 'string' },
  'members-share': { type: 'string' },
  'curators-share': { type: 'string' },
  'auto-accept-bytes': { type: 'string' },
  'auto-rating': { type: 'string' },
  'founder-shares': { type: 'string' },
  curator: { type: 'string', multiple: true, default: [] },
  hash: { type: 'string' },
  size: { type: 'string' },
  'admit-custodian': { type: 'string' },
  'remove-custodian': { type: 'string' },
  'add-curator': { type: 'string' },
  'remove-curator': { type: 'string' },
  accept: { type: 'string', multiple: true, default: [] },
  reject: { type: 'string', multiple: true, default: [] },
  'revoke-grant': { type: 'string' },
  'set-price': { type: 'string' },
  spend: { type: 'string' },
  amount: { type: 'string' },
  'set-rules': { type: 'boolean', default: false },
  grant: { type: 'boolean', default: false },
  grantee: { type: 'string' },
  params: { type: 'string' },
  'dataset-version': { type: 'string' },
  'work-units': { type: 'string' },
  'output-bytes': { type: 'string' },
  'expiry-blocks': { type: 'string' },
  'grant-spec': { type: 'string' },
  'grant-layout': { type: 'string' },
  pallet: { type: 'string' },
  set: { type: 'string', multiple: true, default: [] },
  'no-deposit': { type: 'boolean', default: false },
  track: { type: 'string' },
  call: { type: 'string' },
  wasm: { type: 'string' },
  to: { type: 'string' },
  conviction: { type: 'string' },
  at: { type: 'string' },
  all: { type: 'boolean', default: false },
  ...VALIDATOR_OPTIONS,
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false }
};

function need (values, name) {
  if (values[name] === undefined) throw new Error(`--${name} is required`);
  return values[name];
}

function count (values, name) {
  const value = values[name];
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new Error(`--${name} must be a positive whole number, not ${value}`);
  return Number(value);
}

/** `value` as an SS58 address; `what` names it in the error. */
function addressOf (api, value, what) {
  try {
    return api.createType('AccountId', value).toString();
  } catch {
    throw new Error(`${what}: not an account address: ${value}`);
  }
}

/** The account `--name` names, as its SS58 address. */
function account (api, values, name) {
  return addressOf(api, need(values, name), `--${name}`);
}

/**
 * A `--input`: inline hex, `artifact:HASH`, or `dataset:DAO:GRANT:ITEM[:MAXFEE]` (a data
 * DAO's item; MAXFEE in TGD, the grant's price now when left out: `withAccessLimits`).
 */
function inputOf (text, decimals) {
  if (text.startsWith('artifact:')) return { Artifact: text.slice(9) };
  if (text.startsWith('dataset:')) return datasetInput(text, decimals);
  return { Inline: text };
}

/** Fields of the runtime API summaries that are amounts of the chain's token. */
const AMOUNT_FIELDS = new Set([
  'pricePerUnit', 'stake', 'unbonding', 'maxPricePerUnit', 'escrow', 'deposit', 'verificationFee', 'paid', 'refunded',
  'collateral', 'collateralInUse'
]);

/** An amount for --json: plancks as a decimal string, and formatted with the symbol. */
function amount (plancks, token) {
  return { plancks: plancks.toString(), formatted: `${formatTgd(plancks, token.decimals)} ${token.symbol}` };
}

/** A codec as plain JSON: amounts as `amount()`, byte strings as text where they are UTF-8. */
function plain (value, token, key = null, isAmount = AMOUNT_FIELDS.has(key)) {
  if (typeof value.isNone === 'boolean' && typeof value.unwrap === 'function' && typeof value.isSome === 'boolean') {
    return value.isSome ? plain(value.unwrap(), token, key, isAmount) : null;
  }
  if (isAmount && typeof value.toBigInt === 'function') return amount(value.toBigInt(), token);
  if (value instanceof Map) return Object.fromEntries([...value.entries()].map(([k, v]) => [k, plain(v, token, k)]));
  if (Array.isArray(value)) return value.map((v) => plain(v, token));
  if (value.toRawType && value.toRawType() === 'Bytes') return value.isUtf8 ? value.toUtf8() : value.toHex();
  return value.toJSON();
}

/** A job event for output: its fields by name, amounts (fields typed as balances) as `amount()`. */
function eventJson ({ block, section, method, event }, token) {
  const names = event.data.names || [];
  const data = {};
  event.data.forEach((value, i) => {
    const field = event.meta.fields[i];
    const typeName = field && field.typeName.isSome ? field.typeName.unwrap().toString() : '';
    const name = names[i] || String(i);
    data[name] = plain(value, token, name, AMOUNT_FIELDS.has(name) || /Balance/.test(typeName));
  });
  return { block, event: `${section}.${method}`, data };
}

/** Amounts of a plain object replaced by their formatted text, for printing. */
function textOf (value) {
  if (Array.isArray(value)) return value.map(textOf);
  if (value && typeof value === 'object') {
    if (typeof value.plancks === 'string' && typeof value.formatted === 'string') return value.formatted;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, textOf(v)]));
  }
  return value;
}

function printProvider (p) {
  const operator = p.operator === undefined || p.operator === null
    ? ''
    : `  operator ${p.operator === p.account ? '(itself)' : p.operator}`;
  console.log(`${p.account}  ${p.status}${p.online ? ' online' : ' offline'}  price ${p.pricePerUnit.formatted}/unit  ` +
    `stake ${p.stake.formatted}${p.collateralInUse ? ` (${p.collateralInUse.formatted} backing jobs)` : ''}  reputation ${p.reputationPermill}‰  jobs ${p.activeJobs}/${p.maxConcurrentJobs}  ${p.adapterName}${operator}`);
}

function printJob (job) {
  const providers = job.providers.map((p) => `${p.provider}${p.committed ? ' (committed)' : ''}`).join(', ') || '-';
  console.log(`job ${job.id}: ${job.state}  kernel ${job.kernel}  replicas ${job.replicas}  escrow ${job.escrow.formatted}  ` +
    `paid ${job.paid.formatted}  refunded ${job.refunded.formatted}`);
  console.log(`  providers: ${providers}${job.resultDigest ? `\n  result digest: ${job.resultDigest}` : ''}`);
}

/** The --json document, on stdout (which carries nothing else under --json: see main). */
const print = (doc) => process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);

async function jobSummary (api, token, id) {
  const job = await api.call.jobsApi.job(id);
  return job.isSome ? plain(job.unwrap(), token) : null;
}

async function listJobs (api, token, values) {
  const limit = values.limit === undefined ? null : count(values, 'limit');
  let jobs;
  if (values.provider || values.submitter) {
    const submitter = values.submitter && account(api, values, 'submitter');
    jobs = values.provider
      ? await api.call.jobsApi.jobsByProvider(account(api, values, 'provider'))
      : await api.call.jobsApi.jobsBySubmitter(submitter);
    jobs = jobs.map((j) => plain(j, token));
    if (values.provider && submitter) jobs = jobs.filter((j) => j.submitter === submitter);
    jobs.sort((a, b) => b.id - a.id);
    if (limit !== null) jobs = jobs.slice(0, limit);
  } else {
    jobs = (await recentJobs(api, { limit: limit ?? 20 })).map((j) => plain(j, token));
  }
  return jobs;
}

/** Follow job `id` until it is final; prints events as text unless `quiet`. */
async function watch (api, token, id, quiet) {
  const events = [];
  await watchJob(api, id, (e) => {
    const event = eventJson(e, token);
    events.push(event);
    if (!quiet) console.log(`#${event.block} ${event.event} ${JSON.stringify(textOf(event.data))}`);
  });
  return { events, job: await jobSummary(api, token, id) };
}

/** Fetch, check and deliver a settled job's output: to --out as raw bytes, else printed. */
async function deliverOutput (api, values, id) {
  const bytes = await getOutput(api, id);
  const job = (await api.call.jobsApi.job(id)).unwrap();
  const digest = job.resultDigest.unwrap().toHex();
  if (values.out) {
    writeFileSync(values.out, bytes);
    const report = { job: id, digest, bytes: bytes.length, out: values.out };
    if (values.json) print(report);
    else console.log(`wrote ${bytes.length} bytes of job ${id}'s output (blake2-256 ${digest}, as settled) to ${values.out}`);
    return report;
  }
  if (values.format === 'hex') {
    if (values.json) print({ job: id, digest, hex: u8aToHex(bytes) });
    else console.log(u8aToHex(bytes));
    return null;
  }
  if (values.format !== 'json') throw new Error(`--format json or hex, not ${values.format}`);
  print({ job: id, digest, bytes: bytes.length, output: decodeOutput(job.spec, bytes) ?? u8aToHex(bytes) });
  return null;
}

async function main () {
  const { values, positionals } = parseArgs({ options, allowPositionals: true });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return;
  }
  // Under --json stdout is the one document: what @polkadot/api logs with console.log (e.g.
  // "Runtime version updated to spec=101" when an upgrade lands) goes to stderr.
  if (values.json) console.log = (...args) => console.error(...args);
  let api;
  try {
    api = await connect(values.url, { throwOnConnect: true });
  } catch (err) {
    throw new Error(`cannot reach a node at ${values.url}: ${err.message}`);
  }
  const token = tokenOf(api);
  const tgd = (name) => parseTgd(need(values, name), token.decimals);
  try {
    switch (command) {
      case 'providers': {
        const list = (await api.call.providersApi.providers()).map((p) => plain(p, token));
        if (values.json) { print({ token, providers: list }); break; }
        for (const p of list) printProvider(p);
        if (list.length === 0) console.log('no providers');
        break;
      }
      case 'jobs': {
        const jobs = await listJobs(api, token, values);
        if (values.json) { print({ token, jobs }); break; }
        for (const job of jobs) printJob(job);
        if (jobs.length === 0) console.log('no jobs');
        break;
      }
      case 'register-provider': {
        const pair = signer(need(values, 'seed'));
        const operator = values['operator-seed'] === undefined ? null : signer(values['operator-seed']);
        if (operator && !api.tx.providers.setOperator) throw new Error('this chain has no providers.setOperator call: register without --operator-seed');
        const profile = {
          adapterName: values.adapter, backend: 'Vulkan', deviceType: 'DiscreteGpu', memoryMib: 0,
          kernels: (values.kernels ?? 'MatmulI8').split(','), benchmarkScore: 0, maxConcurrentJobs: count(values, 'max-jobs')
        };
        await registerProvider(api, pair, profile, tgd('price'), tgd('stake'));
        if (!values.json) console.log(`registered ${pair.address}`);
        if (operator) {
          await setOperator(api, pair, operator);
          if (!values.json) console.log(`operator of ${pair.address}: ${operator.address}`);
        }
        if (values.json) print({ registered: pair.address, operator: operator ? operator.address : null });
        break;
      }
      case 'set-operator': {
        const pair = signer(need(values, 'seed'));
        const operator = signer(need(values, 'operator-seed'));
        await setOperator(api, pair, operator);
        if (values.json) print({ provider: pair.address, operator: operator.address });
        else console.log(`operator of ${pair.address}: ${operator.address}`);
        break;
      }
      case 'submit-job': {
        const pair = signer(need(values, 'seed'));
        const head = (await api.rpc.chain.getHeader()).number.toNumber();
        const inputs = await withAccessLimits(api, values.input.map((text) => inputOf(text, token.decimals)));
        const id = await submitJob(api, pair, {
          spec: JSON.parse(need(values, 'spec')),
          inputs,
          replicas: Number(values.replicas),
          maxPricePerUnit: tgd('max-price'),
          deadline: head + Number(values['deadline-blocks'])
        });
        if (!values.json) console.log(`submitted job ${id}`);
        if (!values.watch) {
          if (values.json) print({ submitted: id });
          break;
        }
        const watched = await watch(api, token, id, values.json);
        if (values.json && !values.out) print({ submitted: id, ...watched });
        else if (!values.json) printJob(watched.job);
        if (values.out) {
          if (watched.job.state !== 'Settled') throw new Error(`job ${id} ended ${watched.job.state}: no output to write`);
          await deliverOutput(api, values, id);
        }
        break;
      }
      case 'get-output': {
        if (rest.length !== 1 || !/^\d+$/.test(rest[0])) throw new Error('get-output needs a job id');
        await deliverOutput(api, values, Number(rest[0]));
        break;
      }
      case 'watch-job': {
        if (rest.length !== 1 || !/^\d+$/.test(rest[0])) throw new Error('watch-job needs a job id');
        const id = Number(rest[0]);
        const job = await jobSummary(api, token, id);
        if (!job) throw new Error(`no job ${id}`);
        if (!values.json) printJob(job);
        const watched = await watch(api, token, id, values.json);
        if (values.json) print(watched);
        else printJob(watched.job);
        break;
      }
      case 'validator':
        await validatorCommand(api, token, values, rest, { print, textOf, amount, need, addressOf, account, usage: USAGE });
        break;
      case 'dao':
        await daoCommand(api, token, values, rest, { print, textOf, amount, need, addressOf, account, usage: USAGE });
        break;
      case 'gov':
        await govCommand(api, token, values, rest, { print, textOf, amount, need, addressOf, account, usage: USAGE });
        break;
      default:
        throw new Error(`unknown command ${command}\n${USAGE}`);
    }
  } finally {
    await api.disconnect();
  }
}

main().catch((err) => {
  console.error(`Error: ${err.message}`);
  process.exit(1);
});
