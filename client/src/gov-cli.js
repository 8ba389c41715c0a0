// The `tensorgrid gov ...` subcommands (OpenGov: referenda, conviction voting, the treasury,
// runtime upgrades): argument checks, transactions and what they print. The helpers they
// stand on are in gov.js; the printing conventions (--json documents, amounts as
// {plancks, formatted}) are cli.js's, passed in.

import { writeFileSync } from 'node:fs';
import { isHex } from '@polkadot/util';
import { signer, parseTgd, formatTgd } from './chain.js';
import {
  tracksOf, trackNamed, blockTimeMs, approxTime, curveThreshold, percentText, PERBILL, PER_THINGS,
  listReferenda, submitReferendum, placeDecisionDeposit, parametersCall, upgradeCall, readWasm,
  applyUpgrade, spendCall, payout, treasurySummary, vote, removeVote, delegate, undelegate, unlock, locksOf,
  refund, stateSnapshot, convictionOf, votesOf, CONVICTIONS, CONVICTION_LOCK_PERIODS, PARAMETER_PALLETS
} from './gov.js';

/** The bigints of a gov.js summary (its amounts, in plancks) as `amount(plancks, token)`. */
function amountsOf (value, token, amount) {
  if (typeof value === 'bigint') return amount(value, token);
  if (Array.isArray(value)) return value.map((v) => amountsOf(v, token, amount));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, amountsOf(v, token, amount)]));
  return value;
}

/** A positional number (a referendum or spend index). */
function indexArg (text, what) {
  if (!/^\d+$/.test(text ?? '')) throw new Error(`${what} must be a number, not ${text ?? '(missing)'}`);
  return Number(text);
}

/** A curve in words: its threshold at the start, half way and the end of the decision period. */
function curveText (curve) {
  const at = (x) => percentText(curveThreshold(curve, x), 2);
  return `${at(0n)} at the start, ${at(PERBILL / 2n)} half way, ${at(PERBILL)} at the end (${curve.type})`;
}

/** A parameter change's value as text: balances in TGD, per-things as percentages. */
function valueText (value, kind, token) {
  if (kind === 'balance') return `${formatTgd(BigInt(value), token.decimals)} ${token.symbol}`;
  if (PER_THINGS[kind] !== undefined) return `${percentText((BigInt(value) * PERBILL) / PER_THINGS[kind], 7)} (${value} parts)`;
  return JSON.stringify(value);
}

/**
 * Run `tensorgrid gov SUB ARGS...`.
 * @param {import('@polkadot/api').ApiPromise} api
 * @param {{decimals: number, symbol: string}} token
 * @param {object} values the CLI's parsed options
 * @param {string[]} positionals the words after `gov`
 * @param {{print: Function, textOf: Function, amount: Function, need: Function,
 *   addressOf: Function, account: Function, usage: string}} io cli.js's helpers
 */
export async function govCommand (api, token, values, [sub, ...args], io) {
  const { print, textOf, need, addressOf, usage: USAGE } = io;
  if (!api.tx.referenda || !api.tx.convictionVoting) throw new Error('this chain has no OpenGov pallets (referenda, convictionVoting)');
  const withAmounts = (value) => amountsOf(value, token, io.amount);
  const usage = (text) => { throw new Error(`usage: tensorgrid gov ${text}`); };
  const arity = (n, text) => { if (args.length !== n) usage(text); };
  const pair = () => signer(need(values, 'seed'));
  const tgd = (name) => parseTgd(need(values, name), token.decimals);
  const tgdText = (plancks) => `${formatTgd(plancks, token.decimals)} ${token.symbol}`;
  const report = (doc, text) => (values.json ? print(withAmounts(doc)) : text(textOf(withAmounts(doc)), doc));
  const ms = blockTimeMs(api);
  const blocks = (n) => `${n} block${n === 1 ? '' : 's'} (${approxTime(n, ms)})`;
  const deposit = !values['no-deposit'];

  /** What a submitted referendum prints. */
  const submitted = (r, lines = []) => report(r, (d) => {
    console.log(`submitted referendum ${d.index} on track ${d.track}: ${d.proposal.call}`);
    for (const line of lines) console.log(`  ${line}`);
    console.log(`  preimage ${d.proposal.hash} (${d.proposal.len} bytes) ${d.preimageNoted ? 'noted' : 'already on chain'}; submission deposit ${io.amount(api.consts.referenda.submissionDeposit.toBigInt(), token).formatted}`);
    const track = trackNamed(api, d.track);
    if (d.deposit) console.log(`  decision deposit ${d.deposit.amount} placed by ${d.deposit.who}: deciding starts after the prepare period (${blocks(track.preparePeriod)})`);
    else console.log(`  no decision deposit yet (${tgdText(track.decisionDeposit)}): 'tensorgrid gov deposit ${d.index}' places it; without it the referendum times out`);
    console.log(`  vote: tensorgrid gov vote ${d.index} aye --amount TGD [--conviction 0..6]`);
  });

  switch (sub) {
    case 'tracks': {
      arity(0, 'tracks');
      const tracks = tracksOf(api);
      const submissionDeposit = api.consts.referenda.submissionDeposit.toBigInt();
      const doc = {
        token,
        blockTimeMs: ms,
        submissionDeposit,
        undecidingTimeout: api.consts.referenda.undecidingTimeout.toNumber(),
        voteLockingPeriod: api.consts.convictionVoting.voteLockingPeriod.toNumber(),
        tracks: tracks.map((t) => ({
          ...t,
          approx: {
            prepare: approxTime(t.preparePeriod, ms),
            decision: approxTime(t.decisionPeriod, ms),
            confirm: approxTime(t.confirmPeriod, ms),
            minEnactment: approxTime(t.minEnactmentPeriod, ms)
          }
        }))
      };
      if (values.json) return print(withAmounts(doc));
      console.log(`submission deposit ${tgdText(submissionDeposit)} on every track; a referendum without its decision deposit times out after ${blocks(doc.undecidingTimeout)}; ` +
        `one conviction multiple of a vote lock is ${blocks(doc.voteLockingPeriod)}`);
      for (const t of tracks) {
        const origin = t.origin.system ? t.origin.system : `Origins.${t.origin.Origins}`;
        console.log(`track ${t.id} ${t.name}: origin ${origin}; decision deposit ${tgdText(t.decisionDeposit)}; at most ${t.maxDeciding} deciding at once`);
        console.log(`  prepare ${blocks(t.preparePeriod)}, decision ${blocks(t.decisionPeriod)}, confirm ${blocks(t.confirmPeriod)}, min enactment ${blocks(t.minEnactmentPeriod)}`);
        console.log(`  approval needed: ${curveText(t.minApproval)}`);
        console.log(`  support needed (of issuance): ${curveText(t.minSupport)}`);
      }
      return;
    }
    case 'referenda': {
      arity(0, 'referenda [--all]');
      const { now, issuance, referenda } = await listReferenda(api, { all: values.all });
      if (values.json) return print(withAmounts({ token, now, issuance, referenda }));
      if (referenda.length === 0) console.log(values.all ? 'no referenda' : 'no ongoing referenda (--all lists finished ones too)');
      for (const r of referenda) printReferendum(textOf(withAmounts(r)), r, blocks);
      return;
    }
    case 'propose-params': {
      arity(0, 'propose-params --pallet providers|jobs|proof-of-compute --set field=value [--set ...] [--no-deposit]');
      const pallet = need(values, 'pallet');
      if (!PARAMETER_PALLETS[pallet]) throw new Error(`--pallet is one of ${Object.keys(PARAMETER_PALLETS).join(', ')}, not ${pallet}`);
      const params = await parametersCall(api, pallet, values.set, token.decimals);
      const r = await submitReferendum(api, pair(), { track: 'market_admin', call: params.call, deposit });
      return submitted({ ...r, changes: params.changes },
        params.changes.map((c) => `${c.field}: ${valueText(c.from, c.kind, token)} -> ${valueText(c.to, c.kind, token)}`)
          .concat('(the call sets every field: it overwrites what another referendum on these parameters enacts first)'));
    }
    case 'propose': {
      arity(0, 'propose --track NAME --call HEX [--no-deposit]');
      const call = need(values, 'call');
      if (!isHex(call)) throw new Error(`--call is the call's SCALE encoding as 0x hex, not ${call}`);
      const r = await submitReferendum(api, pair(), { track: need(values, 'track'), call, deposit });
      return submitted(r, [`args ${JSON.stringify(r.proposal.args)}`]);
    }
    case 'propose-upgrade': {
      arity(0, 'propose-upgrade --wasm FILE [--no-deposit]');
      const code = readWasm(need(values, 'wasm'));
      const { call, codeHash, size } = upgradeCall(api, code);
      const r = await submitReferendum(api, pair(), { track: 'root', call, deposit });
      return submitted({ ...r, codeHash, size }, [
        `authorizes runtime code ${codeHash} (${size} bytes of ${values.wasm})`,
        `once enacted (system.UpgradeAuthorized), anyone applies it: tensorgrid gov apply-upgrade --wasm ${values.wasm}`
      ]);
    }
    case 'apply-upgrade': {
      arity(0, 'apply-upgrade --wasm FILE');
      const code = readWasm(need(values, 'wasm'));
      const { codeHash } = upgradeCall(api, code);
      // Checked here first: a refused upgrade still costs the fee of a megabyte-sized transaction.
      const authorized = await api.query.system.authorizedUpgrade();
      if (authorized.isNone) throw new Error('system.NothingAuthorized: no upgrade is authorized (a root referendum proposing system.authorizeUpgrade must be enacted first)');
      const want = authorized.unwrap().codeHash.toHex();
      if (want !== codeHash) throw new Error(`system.Unauthorized: the authorized code hash is ${want}, ${values.wasm} hashes to ${codeHash}`);
      const before = (await api.rpc.state.getRuntimeVersion()).specVersion.toNumber();
      const applied = await applyUpgrade(api, pair(), code);
      const number = (await api.rpc.chain.getHeader(applied.blockHash)).number.toNumber();
      const doc = { codeHash, size: code.length, blockHash: applied.blockHash, block: number, specVersionBefore: before };
      return report(doc, (d) => {
        console.log(`runtime code ${d.codeHash} (${d.size} bytes) set in block #${d.block} (${d.blockHash}); no fee charged`);
        console.log(`the chain runs it from block #${d.block + 1} on (spec version was ${d.specVersionBefore}); its migrations run in that block`);
      });
    }
    case 'propose-spend': {
      arity(0, 'propose-spend --amount TGD --to ADDRESS [--no-deposit]');
      const to = addressOf(api, need(values, 'to'), '--to');
      const amount = tgd('amount');
      const r = await submitReferendum(api, pair(), { track: 'treasurer', call: spendCall(api, amount, to), deposit });
      return submitted({ ...r, amount, to }, [
        `spends ${tgdText(amount)} to ${to}`,
        'once enacted (treasury.AssetSpendApproved), \'tensorgrid gov treasury\' lists the spend and \'tensorgrid gov payout INDEX\' pays it'
      ]);
    }
    case 'payout': {
      arity(1, 'payout INDEX');
      const r = await payout(api, pair(), indexArg(args[0], 'INDEX'));
      if (!r.paid) process.exitCode = 1;
      return report(r, (d) => {
        console.log(`spend ${d.index}: ${d.paid ? 'paid' : 'NOT paid'} ${d.amount} to ${d.beneficiary} in block ${d.paidIn}`);
        console.log(d.processed ? '  payment final; the spend is cleaned up (treasury.SpendProcessed)' : `  not cleaned up yet: ${d.error}`);
      });
    }
    case 'treasury': {
      arity(0, 'treasury');
      const t = await treasurySummary(api);
      return report({ token, ...t }, (d) => {
        console.log(`treasury ${d.account}: free ${d.free}${t.reserved > 0n ? `, reserved ${d.reserved}` : ''}; ${d.spendCount} spends approved so far`);
        if (d.spends.length === 0) console.log('  no pending spends');
        for (const s of d.spends) {
          console.log(`  spend ${s.index}: ${s.amount} to ${s.beneficiary}, valid from #${s.validFrom}, expires at #${s.expireAt}: ${s.status}${s.paymentId !== null ? ` (payment ${JSON.stringify(s.paymentId)})` : ''}`);
        }
      });
    }
    case 'deposit': {
      arity(1, 'deposit INDEX');
      const index = indexArg(args[0], 'INDEX');
      const d = await placeDecisionDeposit(api, pair(), index);
      return report({ index, ...d }, (t) => console.log(`decision deposit ${t.amount} of referendum ${t.index} placed by ${t.who}`));
    }
    case 'vote': {
      arity(2, 'vote INDEX aye|nay --amount TGD [--conviction 0..6]');
      const index = indexArg(args[0], 'INDEX');
      if (!['aye', 'nay'].includes(args[1])) throw new Error(`vote aye or nay, not ${args[1]}`);
      const conviction = convictionOf(values.conviction ?? '0');
      const balance = tgd('amount');
      const r = await vote(api, pair(), index, { aye: args[1] === 'aye', balance, conviction });
      const periods = CONVICTION_LOCK_PERIODS[CONVICTIONS.indexOf(conviction)];
      const locking = api.consts.convictionVoting.voteLockingPeriod.toNumber();
      return report({ ...r, lockPeriods: periods, lockBlocks: periods * locking }, (d) => {
        console.log(`voted ${args[1]} on referendum ${d.index} with ${d.balance} at ${d.conviction}: ${d.votes} of votes`);
        console.log(`  ${d.balance} is locked while the referendum runs` + (periods > 0
          ? `, and for ${periods} × ${locking} = ${blocks(periods * locking)} after it ends if the ${args[1]}s win; then 'gov remove-vote ${d.index}' and 'gov unlock'`
          : `; with no conviction nothing stays locked after it ends: 'gov remove-vote ${d.index}' and 'gov unlock' release it`));
      });
    }
    case 'remove-vote': {
      arity(1, 'remove-vote INDEX');
      const r = await removeVote(api, pair(), indexArg(args[0], 'INDEX'));
      const locks = await locksOf(api, signer(values.seed).address);
      return report({ ...r, lock: locks.lock }, (d) => {
        console.log(`removed your vote on referendum ${d.index} (track ${d.track})`);
        console.log(`  vote lock now ${d.lock}; a conviction's lock still owed stays until it expires, then 'gov unlock' releases it`);
      });
    }
    case 'delegate': {
      arity(0, 'delegate --to ADDRESS --amount TGD [--conviction N] [--track NAME|all]');
      const to = addressOf(api, need(values, 'to'), '--to');
      const r = await delegate(api, pair(), { to, balance: tgd('amount'), conviction: convictionOf(values.conviction ?? '0'), track: values.track ?? 'all' });
      const names = r.tracks.map((id) => tracksOf(api).find((t) => t.id === id).name);
      return report({ ...r, trackNames: names, votes: votesOf(r.balance, r.conviction) }, (d) =>
        console.log(`delegated ${d.balance} at ${d.conviction} (${d.votes} of votes) to ${d.to} on ${names.join(', ')}`));
    }
    case 'undelegate': {
      arity(0, 'undelegate [--track NAME|all]');
      const r = await undelegate(api, pair(), { track: values.track ?? 'all' });
      const names = r.tracks.map((id) => tracksOf(api).find((t) => t.id === id).name);
      return report({ ...r, trackNames: names }, () =>
        console.log(`undelegated on ${names.join(', ')}; the delegation's conviction keeps the balance locked for its period, then 'gov unlock'`));
    }
    case 'unlock': {
      arity(0, 'unlock [--track NAME|all]');
      const r = await unlock(api, pair(), { track: values.track ?? 'all' });
      return report(r, (d) => {
        if (r.tracks.length === 0) { console.log(`no vote locks: nothing to unlock (lock ${d.after})`); return; }
        console.log(`unlocked on tracks ${r.tracks.join(', ')}: vote lock ${d.before} -> ${d.after}`);
        if (r.after > 0n) console.log('  still locked: a vote is still recorded (gov remove-vote INDEX), or a conviction\'s lock has not expired yet');
      });
    }
    case 'refund': {
      arity(1, 'refund INDEX');
      const r = await refund(api, pair(), indexArg(args[0], 'INDEX'));
      if (!r.decision.refunded && !r.submission.refunded) process.exitCode = 1;
      return report(r, (d) => {
        for (const [what, part] of [['decision', d.decision], ['submission', d.submission]]) {
          console.log(part.refunded
            ? `referendum ${d.index}: ${what} deposit of ${part.refunded.amount} refunded to ${part.refunded.who}`
            : `referendum ${d.index}: ${what} deposit not refunded: ${part.error}`);
        }
      });
    }
    case 'snapshot': {
      arity(0, 'snapshot --out FILE [--at HASH]');
      const out = need(values, 'out');
      if (values.at !== undefined && !isHex(values.at, 256)) throw new Error(`--at is a block hash (0x + 64 hex digits), not ${values.at}`);
      const snapshot = await stateSnapshot(api, { at: values.at ?? null });
      writeFileSync(out, JSON.stringify(snapshot));
      const number = (await api.rpc.chain.getHeader(snapshot.block)).number.toNumber();
      const doc = { block: snapshot.block, number, keys: snapshot.top.length, out };
      return report(doc, (d) => {
        console.log(`wrote the ${d.keys} top-level storage keys of block #${d.number} (${d.block}) to ${d.out}`);
        console.log(`rehearse an upgrade on it: tensorgrid-node try-upgrade --snapshot ${d.out} --wasm RUNTIME.wasm`);
      });
    }
    default:
      throw new Error(`gov needs one of tracks, referenda, propose-params, propose, propose-upgrade, apply-upgrade, propose-spend, payout, treasury, deposit, vote, remove-vote, delegate, undelegate, unlock, refund, snapshot\n${USAGE}`);
  }
}

/** Prints a referendum summary whose amounts `textOf` has formatted (`raw`: the same, unformatted). */
function printReferendum (r, raw, blocks) {
  if (!raw.tally) {
    const deposits = [['submission', r.submissionDeposit], ['decision', r.decisionDeposit]]
      .filter(([, d]) => d).map(([what, d]) => `${what} deposit ${d.amount} of ${d.who} not refunded yet`);
    console.log(`referendum ${r.index}: ${r.status} at block #${r.since}${deposits.length ? `; ${deposits.join('; ')}` : ''}`);
    return;
  }
  const passing = r.passing ? 'passing' : 'not passing';
  console.log(`referendum ${r.index} [${r.track}] ${r.status}: ayes ${r.tally.ayes}, nays ${r.tally.nays}, support ${r.tally.support}`);
  console.log(`  support ${r.support.percent} of issuance (needs ${r.support.needPercent} now), approval ${r.approval.percent} (needs ${r.approval.needPercent}): ${passing}`);
  console.log(`  decision deposit ${r.decisionDeposit ? `placed by ${r.decisionDeposit.who} (${r.decisionDeposit.amount})` : 'NOT placed'}; submitted at #${r.submitted} by ${r.submissionDeposit.who}`);
  const p = raw.phase;
  if (p.endsAt !== null) console.log(`  ${p.period} period ends at #${p.endsAt}: ${blocks(p.blocksLeft)} left`);
  else console.log('  queued: the track decides as many referenda as it may at once');
  const proposal = r.proposal.inline ? `inline ${r.proposal.inline}` : `preimage ${r.proposal.hash}${r.proposal.len !== undefined ? ` (${r.proposal.len} bytes)` : ''}`;
  console.log(`  call ${r.call ?? '(preimage not on chain)'}, ${proposal}`);
}
