// The `tensorgrid validator ...` subcommands: session keys with their ownership proof
// (rotate-keys, set-keys), staking (bond, bond-extra, unbond, withdraw-unbonded, rebond,
// validate, chill, nominate, payout) and a stash's standing (status). The printing
// conventions (--json documents, amounts as {plancks, formatted}) are cli.js's, passed in.

import { signer, parseTgd, formatTgd, rotateKeysWithOwner, decodeSessionKeys, setSessionKeys } from './chain.js';
import { signAndWait, findEvent } from './tx.js';

/** The options these subcommands add to cli.js's (`--stash`, `--amount`, `--seed` are shared). */
export const VALIDATOR_OPTIONS = {
  payee: { type: 'string', default: 'Staked' },
  commission: { type: 'string' },
  blocked: { type: 'boolean', default: false },
  targets: { type: 'string' },
  era: { type: 'string' }
};

/** Subcommands, for the error that names them. */
const SUBCOMMANDS = [
  'rotate-keys', 'set-keys', 'bond', 'bond-extra', 'unbond', 'withdraw-unbonded', 'rebond',
  'validate', 'chill', 'nominate', 'status', 'payout'
];

/** Parts per billion in one percent (commissions are Perbill). */
const PERBILL_PER_PERCENT = 10_000_000n;

/**
 * A commission in percent ("5", "2.5", "0.0000001") as Perbill parts; at most seven
 * decimals (one part per billion), from 0 to 100.
 */
export function parseCommission (text) {
  const match = /^(\d+)(?:\.(\d{1,7}))?$/.exec(String(text).trim());
  if (!match) throw new Error(`--commission is a percentage from 0 to 100 with at most 7 decimals, not ${text}`);
  const parts = BigInt(match[1]) * PERBILL_PER_PERCENT + BigInt((match[2] ?? '').padEnd(7, '0'));
  if (parts > 100n * PERBILL_PER_PERCENT) throw new Error(`--commission is at most 100 (percent), not ${text}`);
  return Number(parts);
}

/** Perbill parts as a percentage: 50000000 -> "5%". */
export function commissionText (parts) {
  const p = BigInt(parts);
  const whole = p / PERBILL_PER_PERCENT;
  const frac = (p % PERBILL_PER_PERCENT).toString().padStart(7, '0').replace(/0+$/, '');
  return `${whole}${frac ? `.${frac}` : ''}%`;
}

/** `--payee`: Staked, Stash or Account:ADDRESS, as `staking.bond` takes it. */
function payeeOf (text, addressOf, api) {
  if (text === 'Staked' || text === 'Stash') return { arg: text, text };
  if (text.startsWith('Account:')) {
    const address = addressOf(api, text.slice('Account:'.length), '--payee Account');
    return { arg: { Account: address }, text: `Account:${address}` };
  }
  throw new Error(`--payee is Staked, Stash or Account:ADDRESS, not ${text}`);
}

/** A RewardDestination codec as text: Staked, Stash, Account:ADDRESS, None. */
function payeeText (dest) {
  if (dest.isAccount) return `Account:${dest.asAccount.toString()}`;
  return dest.type;
}

/** A number of milliseconds as "about N hours" / "about N days". */
function about (ms) {
  const hours = ms / 3_600_000;
  if (hours < 1) return `about ${Math.max(1, Math.round(ms / 60_000))} min`;
  if (hours < 48) return `about ${Math.round(hours)} h`;
  return `about ${Math.round(hours / 24)} days`;
}

/** The chain's era timing from its constants. */
function eraTiming (api) {
  const sessionsPerEra = api.consts.staking.sessionsPerEra.toNumber();
  const sessionBlocks = api.consts.babe ? api.consts.babe.epochDuration.toNumber() : null;
  const blockMs = api.consts.babe ? api.consts.babe.expectedBlockTime.toNumber() : null;
  return {
    sessionsPerEra,
    sessionBlocks,
    blockMs,
    eraMs: sessionBlocks === null ? null : sessionsPerEra * sessionBlocks * blockMs,
    bondingDuration: api.consts.staking.bondingDuration.toNumber(),
    slashDeferDuration: api.consts.staking.slashDeferDuration.toNumber()
  };
}

/**
 * Who was elected in `era` behind `stash`: its own and total stake and nominator count, or
 * null when it is not in that era's elected set.
 */
async function exposureOf (api, era, stash) {
  if (era === null) return null;
  if (api.query.staking.erasStakersOverview) {
    const overview = await api.query.staking.erasStakersOverview(era, stash);
    if (overview.isNone) return null;
    const o = overview.unwrap();
    return { total: o.total.toBigInt(), own: o.own.toBigInt(), nominators: o.nominatorCount.toNumber() };
  }
  const exposure = await api.query.staking.erasStakers(era, stash);
  if (exposure.total.toBigInt() === 0n) return null;
  return { total: exposure.total.toBigInt(), own: exposure.own.toBigInt(), nominators: exposure.others.length };
}

/**
 * Everything the chain says about `stash` as a staker, with amounts as bigints: its
 * ledger, role (validating / nominating), session keys, place in the active and elected
 * sets, era points, and the chain's eras and minimum bonds.
 */
export async function stakingStatus (api, stash) {
  const [controllerOpt, payee, prefs, nominations, nextKeys, sessionValidators, currentEraOpt, activeEraOpt,
    sessionIndex, minValidatorBond, minNominatorBond, minCommission, validatorCount, account, isValidator] = await Promise.all([
    api.query.staking.bonded(stash),
    api.query.staking.payee(stash),
    api.query.staking.validators(stash),
    api.query.staking.nominators(stash),
    api.query.session.nextKeys(stash),
    api.query.session.validators(),
    api.query.staking.currentEra(),
    api.query.staking.activeEra(),
    api.query.session.currentIndex(),
    api.query.staking.minValidatorBond(),
    api.query.staking.minNominatorBond(),
    api.query.staking.minCommission(),
    api.query.staking.validatorCount(),
    api.query.system.account(stash),
    // `validators` is a ValueQuery: a stash that does not validate reads as default prefs,
    // so whether it validates is whether the entry exists.
    api.query.staking.validators.size(stash).then((size) => size.toNumber() > 0)
  ]);
  const currentEra = currentEraOpt.isSome ? currentEraOpt.unwrap().toNumber() : null;
  const activeEra = activeEraOpt.isSome ? activeEraOpt.unwrap().index.toNumber() : null;
  const controller = controllerOpt.isSome ? controllerOpt.unwrap().toString() : null;
  let ledger = null;
  if (controller !== null) {
    const l = await api.query.staking.ledger(controller);
    if (l.isSome) {
      const u = l.unwrap();
      ledger = {
        total: u.total.toBigInt(),
        active: u.active.toBigInt(),
        unlocking: u.unlocking.map((chunk) => ({ value: chunk.value.toBigInt(), era: chunk.era.toNumber() }))
      };
    }
  }
  let nominating = null;
  if (nominations.isSome) {
    const n = nominations.unwrap();
    const targets = n.targets.map((t) => t.toString());
    const elected = await Promise.all(targets.map(async (t) => (await exposureOf(api, currentEra, t)) !== null));
    nominating = {
      targets: targets.map((t, i) => ({ stash: t, electedInCurrentEra: elected[i] })),
      submittedIn: n.submittedIn.toNumber(),
      suppressed: n.suppressed.isTrue
    };
  }
  let eraPoints = null;
  if (activeEra !== null) {
    const points = await api.query.staking.erasRewardPoints(activeEra);
    let mine = 0;
    for (const [who, p] of points.individual.entries()) if (who.toString() === stash) mine = p.toNumber();
    eraPoints = { era: activeEra, points: mine, total: points.total.toNumber() };
  }
  const elected = await exposureOf(api, currentEra, stash);
  return {
    stash,
    free: account.data.free.toBigInt(),
    bonded: controller !== null,
    controller,
    ledger,
    payee: payee.isSome ? payeeText(payee.unwrap()) : null,
    validating: isValidator ? { commission: prefs.commission.toNumber(), blocked: prefs.blocked.isTrue } : null,
    nominating,
    sessionKeys: nextKeys.isSome ? nextKeys.unwrap().toJSON() : null,
    inActiveSet: sessionValidators.some((v) => v.toString() === stash),
    elected: elected === null ? null : { era: currentEra, ...elected },
    eraPoints,
    currentEra,
    activeEra,
    session: sessionIndex.toNumber(),
    minValidatorBond: minValidatorBond.toBigInt(),
    minNominatorBond: minNominatorBond.toBigInt(),
    minCommission: minCommission.toNumber(),
    validatorCount: validatorCount.toNumber(),
    activeValidators: sessionValidators.length
  };
}

/**
 * Run `tensorgrid validator SUB ARGS...`.
 * @param {import('@polkadot/api').ApiPromise} api
 * @param {{decimals: number, symbol: string}} token
 * @param {object} values the CLI's parsed options
 * @param {string[]} positionals the words after `validator`
 * @param {{print: Function, textOf: Function, amount: Function, need: Function,
 *   addressOf: Function, account: Function, usage: string}} io cli.js's helpers
 */
export async function validatorCommand (api, token, values, [sub, ...more], io) {
  const { print, need, addressOf, account, usage: USAGE } = io;
  if (more.length > 0) throw new Error(`unexpected arguments: ${more.join(' ')}`);
  const tgd = (name) => parseTgd(need(values, name), token.decimals);
  const tgdText = (plancks) => `${formatTgd(plancks, token.decimals)} ${token.symbol}`;
  const amount = (plancks) => io.amount(plancks, token);
  const pair = () => signer(need(values, 'seed'));
  const staking = () => {
    if (!api.tx.staking) throw new Error('this chain has no staking pallet');
    return api.tx.staking;
  };
  /** The field `name` of the first `staking.<method>` event, or null. */
  const eventValue = (events, method, name) => {
    const e = findEvent(events, 'staking', method);
    return e ? e.data[name] : null;
  };

  switch (sub) {
    case 'rotate-keys': {
      const stash = account(api, values, 'stash');
      const { keys, proof } = await rotateKeysWithOwner(api, stash);
      const sessionKeys = decodeSessionKeys(api, keys);
      if (values.json) return print({ stash, keys, proof, sessionKeys });
      console.log(`new session keys in the keystore of the node at ${values.url}, proved for stash ${stash}:`);
      const width = Math.max(...Object.keys(sessionKeys).map((k) => k.length));
      for (const [type, key] of Object.entries(sessionKeys)) console.log(`  ${type.padEnd(width)}  ${key}`);
      console.log(`keys   ${keys}`);
      console.log(`proof  ${proof}`);
      console.log('submit session.setKeys(keys, proof) signed by the stash, e.g. with');
      console.log(`  tensorgrid validator set-keys --seed STASH_SURI --keys ${keys} --proof ${proof}`);
      return;
    }
    case 'set-keys': {
      const stash = pair();
      const { blockHash } = await setSessionKeys(api, stash, need(values, 'keys'), need(values, 'proof'));
      if (values.json) return print({ stash: stash.address, keys: values.keys, blockHash });
      console.log(`session keys of ${stash.address} set in block ${blockHash}; queued at the next session change, in use from the session after it`);
      return;
    }
    case 'bond': {
      const stash = pair();
      const value = tgd('amount');
      const payee = payeeOf(values.payee, addressOf, api);
      const { blockHash, events } = await signAndWait(api, staking().bond(value, payee.arg), stash);
      const bonded = eventValue(events, 'Bonded', 'amount').toBigInt();
      if (values.json) return print({ stash: stash.address, bonded: amount(bonded), payee: payee.text, blockHash });
      console.log(`${stash.address} bonded ${tgdText(bonded)} (rewards: ${payee.text}) in block ${blockHash}`);
      if (bonded < value) console.log(`  (asked for ${tgdText(value)}; the stash had only that much free to bond)`);
      console.log('next: session keys (validator rotate-keys, set-keys) and validator validate, or validator nominate');
      return;
    }
    case 'bond-extra': {
      const stash = pair();
      const { blockHash, events } = await signAndWait(api, staking().bondExtra(tgd('amount')), stash);
      const added = eventValue(events, 'Bonded', 'amount');
      const plancks = added === null ? 0n : added.toBigInt();
      if (values.json) return print({ stash: stash.address, bonded: amount(plancks), blockHash });
      console.log(`${stash.address} bonded ${tgdText(plancks)} more in block ${blockHash}`);
      return;
    }
    case 'unbond': {
      const stash = pair();
      const { blockHash, events } = await signAndWait(api, staking().unbond(tgd('amount')), stash);
      const value = eventValue(events, 'Unbonded', 'amount');
      const plancks = value === null ? 0n : value.toBigInt();
      const chilled = findEvent(events, 'staking', 'Chilled') !== undefined;
      // The chunk this unbonding made or joined: the newest, unlocking last.
      const { ledger } = await stakingStatus(api, stash.address);
      const era = ledger && ledger.unlocking.length > 0 ? Math.max(...ledger.unlocking.map((c) => c.era)) : null;
      if (values.json) return print({ stash: stash.address, unbonded: amount(plancks), withdrawableFromEra: era, chilled, blockHash });
      console.log(`${stash.address} unbonded ${tgdText(plancks)} in block ${blockHash}; withdrawable from era ${era} (validator withdraw-unbonded)`);
      if (chilled) console.log('  unbonding everything also chilled the stash: it no longer validates or nominates');
      if (ledger) console.log(`  still bonded: ${tgdText(ledger.active)} active of ${tgdText(ledger.total)}`);
      return;
    }
    case 'withdraw-unbonded': {
      const stash = pair();
      // Removing a fully unbonded stash must name how many slashing spans it has.
      const spans = api.query.staking.slashingSpans ? await api.query.staking.slashingSpans(stash.address) : null;
      const count = spans && spans.isSome ? spans.unwrap().prior.length + 1 : 0;
      const { blockHash, events } = await signAndWait(api, staking().withdrawUnbonded(count), stash);
      const value = eventValue(events, 'Withdrawn', 'amount');
      const plancks = value === null ? 0n : value.toBigInt();
      const { ledger, currentEra } = await stakingStatus(api, stash.address);
      if (values.json) return print({ stash: stash.address, withdrawn: amount(plancks), bonded: ledger !== null, blockHash });
      if (plancks === 0n) {
        const next = ledger && ledger.unlocking.length > 0 ? Math.min(...ledger.unlocking.map((c) => c.era)) : null;
        console.log(`nothing to withdraw yet (current era ${currentEra})${next === null ? ': nothing is unlocking' : `: the first chunk unlocks at era ${next}`}`);
        return;
      }
      console.log(`${stash.address} withdrew ${tgdText(plancks)} in block ${blockHash}; ${ledger ? `still bonded: ${tgdText(ledger.total)}` : 'the stash is no longer bonded'}`);
      return;
    }
    case 'rebond': {
      const stash = pair();
      const { blockHash, events } = await signAndWait(api, staking().rebond(tgd('amount')), stash);
      const value = eventValue(events, 'Bonded', 'amount');
      const plancks = value === null ? 0n : value.toBigInt();
      if (values.json) return print({ stash: stash.address, rebonded: amount(plancks), blockHash });
      console.log(`${stash.address} rebonded ${tgdText(plancks)} of its unlocking funds in block ${blockHash}`);
      return;
    }
    case 'validate': {
      const stash = pair();
      const commission = parseCommission(need(values, 'commission'));
      const { blockHash } = await signAndWait(api, staking().validate({ commission, blocked: values.blocked }), stash);
      const { currentEra } = await stakingStatus(api, stash.address);
      if (values.json) return print({ stash: stash.address, commission: commissionText(commission), commissionPerbill: commission, blocked: values.blocked, blockHash });
      console.log(`${stash.address} validates with commission ${commissionText(commission)}${values.blocked ? ', blocking new nominations' : ''} (block ${blockHash})`);
      console.log(`  a candidate for the election of era ${currentEra === null ? '?' : currentEra + 1}; its session keys must be set (validator status shows both)`);
      return;
    }
    case 'chill': {
      const stash = pair();
      const { blockHash, events } = await signAndWait(api, staking().chill(), stash);
      const chilled = findEvent(events, 'staking', 'Chilled') !== undefined;
      if (values.json) return print({ stash: stash.address, chilled, blockHash });
      console.log(chilled
        ? `${stash.address} chilled in block ${blockHash}: no longer a candidate from the next election; it stays in the active set until the era ends`
        : `${stash.address} was neither validating nor nominating (block ${blockHash})`);
      return;
    }
    case 'nominate': {
      const stash = pair();
      const targets = need(values, 'targets').split(',').map((t) => t.trim()).filter((t) => t !== '')
        .map((t) => addressOf(api, t, '--targets'));
      if (targets.length === 0) throw new Error('--targets names at least one validator stash');
      const { blockHash } = await signAndWait(api, staking().nominate(targets), stash);
      if (values.json) return print({ stash: stash.address, targets, blockHash });
      console.log(`${stash.address} nominates ${targets.join(', ')} (block ${blockHash}); counted from the next election`);
      return;
    }
    case 'status': {
      const stash = values.stash !== undefined ? account(api, values, 'stash') : values.seed !== undefined ? pair().address : null;
      if (stash === null) throw new Error('--stash is required (or --seed of the stash)');
      const s = await stakingStatus(api, stash);
      const timing = eraTiming(api);
      if (values.json) {
        const ledger = s.ledger && {
          total: amount(s.ledger.total),
          active: amount(s.ledger.active),
          unlocking: s.ledger.unlocking.map((c) => ({ value: amount(c.value), era: c.era }))
        };
        return print({
          token,
          ...s,
          free: amount(s.free),
          ledger,
          validating: s.validating && { ...s.validating, commissionPerbill: s.validating.commission, commission: commissionText(s.validating.commission) },
          sessionKeysSet: s.sessionKeys !== null,
          elected: s.elected && { ...s.elected, own: amount(s.elected.own), total: amount(s.elected.total) },
          minValidatorBond: amount(s.minValidatorBond),
          minNominatorBond: amount(s.minNominatorBond),
          minCommission: commissionText(s.minCommission),
          ...timing
        });
      }
      printStatus(s, timing, tgdText);
      return;
    }
    case 'payout': {
      if (!api.tx.staking || !api.tx.staking.payoutStakers) throw new Error('this chain has no staking.payoutStakers call');
      const caller = pair();
      const stash = values.stash !== undefined ? account(api, values, 'stash') : caller.address;
      const era = need(values, 'era');
      if (!/^\d+$/.test(era)) throw new Error(`--era must be a number, not ${era}`);
      const { blockHash, events } = await signAndWait(api, staking().payoutStakers(stash, Number(era)), caller);
      const rewards = events.filter((e) => e.section === 'staking' && e.method === 'Rewarded')
        .map((e) => ({ stash: e.data.stash.toString(), dest: payeeText(e.data.dest), amount: e.data.amount.toBigInt() }));
      const started = findEvent(events, 'staking', 'PayoutStarted');
      const next = started && started.data.next && started.data.next.isSome ? started.data.next.unwrap().toNumber() : null;
      if (values.json) return print({ validator: stash, era: Number(era), rewards: rewards.map((r) => ({ ...r, amount: amount(r.amount) })), nextPage: next, blockHash });
      console.log(`paid era ${era} of validator ${stash} in block ${blockHash}:`);
      for (const r of rewards) console.log(`  ${r.stash}  ${tgdText(r.amount)}  (to ${r.dest})`);
      if (rewards.length === 0) console.log('  no rewards (the validator earned no points that era)');
      if (next !== null) console.log(`  more nominators remain (page ${next}): run payout again`);
      return;
    }
    default:
      throw new Error(`validator needs one of ${SUBCOMMANDS.join(', ')}\n${USAGE}`);
  }
}

/** `validator status` as text. */
function printStatus (s, timing, tgdText) {
  const eraLength = timing.eraMs === null ? '' : `, one era is ${timing.sessionsPerEra} sessions of ${timing.sessionBlocks} blocks (${about(timing.eraMs)})`;
  console.log(`stash ${s.stash}: free ${tgdText(s.free)}`);
  if (!s.bonded) {
    console.log('  not bonded (validator bond --seed STASH_SURI --amount TGD)');
  } else {
    const controller = s.controller === s.stash ? '' : `, controller ${s.controller}`;
    console.log(`  bonded ${tgdText(s.ledger.total)}, active ${tgdText(s.ledger.active)}; rewards to ${s.payee}${controller}`);
    for (const c of s.ledger.unlocking) {
      const left = s.currentEra === null ? null : c.era - s.currentEra;
      const when = left === null || left <= 0 ? 'withdrawable now (validator withdraw-unbonded)' : `in ${left} era${left === 1 ? '' : 's'}${timing.eraMs === null ? '' : `, ${about(left * timing.eraMs)}`}`;
      console.log(`  unlocking ${tgdText(c.value)} at era ${c.era}: ${when}`);
    }
  }
  if (s.validating) {
    console.log(`  validating: commission ${commissionText(s.validating.commission)}${s.validating.blocked ? ', blocks new nominations' : ''}; a candidate in the next election`);
  } else if (s.nominating) {
    console.log(`  nominating since era ${s.nominating.submittedIn}${s.nominating.suppressed ? ' (suppressed)' : ''}:`);
    for (const t of s.nominating.targets) console.log(`    ${t.stash}${t.electedInCurrentEra ? ' (elected this era)' : ' (not elected this era)'}`);
  } else if (s.bonded) {
    console.log('  neither validating nor nominating (chilled)');
  }
  // A nominator that never validated has no use for the validator lines.
  const asValidator = !s.nominating || s.validating || s.sessionKeys || s.inActiveSet || s.elected || (s.eraPoints && s.eraPoints.points > 0);
  if (asValidator) {
    if (s.sessionKeys) {
      console.log(`  session keys set: ${Object.entries(s.sessionKeys).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    } else {
      console.log('  no session keys (validator rotate-keys on the node, then validator set-keys)');
    }
    console.log(`  in the active set of session ${s.session}: ${s.inActiveSet ? 'yes' : 'no'}`);
    if (s.elected) {
      console.log(`  elected in era ${s.elected.era}: yes, backed by ${tgdText(s.elected.total)} (own ${tgdText(s.elected.own)}, ${s.elected.nominators} nominator${s.elected.nominators === 1 ? '' : 's'})`);
    } else {
      console.log(`  elected in era ${s.currentEra}: no`);
    }
    if (s.eraPoints) console.log(`  era points in active era ${s.eraPoints.era}: ${s.eraPoints.points} of ${s.eraPoints.total}`);
  }
  console.log(`chain: current era ${s.currentEra}, active era ${s.activeEra}, session ${s.session}${eraLength}; ` +
    `${s.activeValidators} active validator${s.activeValidators === 1 ? '' : 's'}, ${s.validatorCount} elected per era`);
  console.log(`  minimum bonds: validator ${tgdText(s.minValidatorBond)}, nominator ${tgdText(s.minNominatorBond)}; minimum commission ${commissionText(s.minCommission)}; ` +
    `unbonding takes ${timing.bondingDuration} eras, slashes are applied ${timing.slashDeferDuration} eras after the offence's era`);
}
