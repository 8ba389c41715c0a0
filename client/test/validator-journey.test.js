// A validator's and a nominator's journey with `tensorgrid validator` against a dev node:
// Charlie bonds, makes session keys on the node with an ownership proof and sets them,
// validates with a commission, and `status` shows the bond, the commission and the keys;
// Dave bonds and nominates Charlie; Charlie blocks new nominations, so Eve's is refused;
// Dave bonds more; Charlie chills, unbonds part of the bond (an unlocking
// chunk with its era), rebonds some of it and finds nothing to withdraw yet. A second bond,
// a bond below the existential deposit, unbonding an unbonded account and paying out an
// unfinished era are refused with the pallet's error. Alice, the dev chain's genesis
// validator, is in the active set, elected and earns every era point; on a chain with
// short eras her first era is paid out, once.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startDevNode } from '../src/devnode.js';
import { connect, signer, UNIT } from '../src/chain.js';
import { parseCommission, commissionText } from '../src/validator-cli.js';
import { waitFor } from '../src/wait.js';

const cliPath = fileURLToPath(new URL('../src/cli.js', import.meta.url));
const run = promisify(execFile);
const tgd = (n) => ({ plancks: String(BigInt(n) * UNIT), formatted: `${n} TGD` });

test('commissions in percent as Perbill parts', () => {
  assert.equal(parseCommission('5'), 50_000_000);
  assert.equal(parseCommission('7.5'), 75_000_000);
  assert.equal(parseCommission('100'), 1_000_000_000);
  assert.equal(parseCommission('0.0000001'), 1);
  assert.throws(() => parseCommission('100.5'), /at most 100/);
  assert.throws(() => parseCommission('0.00000001'), /at most 7 decimals/);
  assert.throws(() => parseCommission('-1'), /a percentage from 0 to 100/);
  assert.equal(commissionText(75_000_000), '7.5%');
  assert.equal(commissionText(0), '0%');
  assert.equal(commissionText(1_000_000_000), '100%');
});

test('bond, set keys, validate, nominate, status, chill, unbond, payout with the validator CLI', { timeout: 300_000 }, async () => {
  const node = await startDevNode();
  const cli = (...args) => run(process.execPath, [cliPath, '--url', node.wsUrl, ...args]);
  const json = async (...args) => JSON.parse((await cli(...args, '--json')).stdout);
  /** The CLI fails with exit code 1 and this error on stderr. */
  const refused = (pattern) => (err) => {
    assert.equal(err.code, 1, err.stderr);
    assert.match(err.stderr, pattern);
    return true;
  };
  const charlie = signer('//Charlie');
  const dave = signer('//Dave');
  const alice = signer('//Alice');
  const ferdie = signer('//Ferdie');
  let api;
  try {
    api = await connect(node.wsUrl);
    const currentEra = async () => (await api.query.staking.currentEra()).unwrap().toNumber();

    // Before: Charlie is funded (dev genesis) and not a staker.
    const before = await json('validator', 'status', '--stash', charlie.address);
    assert.equal(before.stash, charlie.address);
    assert.equal(before.bonded, false);
    assert.equal(before.ledger, null);
    assert.equal(before.validating, null);
    assert.equal(before.nominating, null);
    assert.equal(before.sessionKeysSet, false);
    assert.equal(before.inActiveSet, false);
    assert.equal(before.elected, null);
    assert.deepEqual(before.free, tgd(1_000_000));
    assert.ok(Number.isInteger(before.currentEra) && Number.isInteger(before.activeEra) && before.activeEra <= before.currentEra);
    assert.equal(before.session, (await api.query.session.currentIndex()).toNumber());
    assert.deepEqual(before.minValidatorBond, tgd(0));
    assert.deepEqual(before.minNominatorBond, tgd(0));
    assert.equal(before.bondingDuration, 28);
    assert.equal(before.slashDeferDuration, 27);
    assert.equal(before.sessionsPerEra, api.consts.staking.sessionsPerEra.toNumber());
    assert.equal(before.eraMs, before.sessionsPerEra * before.sessionBlocks * 6000);

    // Charlie bonds; Dave bonds with his rewards paid to Ferdie (in parallel: other accounts).
    const [bonded, daveBond] = await Promise.all([
      cli('validator', 'bond', '--seed', '//Charlie', '--amount', '5000'),
      json('validator', 'bond', '--seed', '//Dave', '--amount', '2000.5', '--payee', `Account:${ferdie.address}`)
    ]);
    assert.match(bonded.stdout, new RegExp(`^${charlie.address} bonded 5000 TGD \\(rewards: Staked\\) in block 0x[0-9a-f]{64}$`, 'm'));
    assert.deepEqual(daveBond.bonded, { plancks: String(20_005n * UNIT / 10n), formatted: '2000.5 TGD' });
    assert.equal(daveBond.payee, `Account:${ferdie.address}`);

    // A second bond, and a bond below the existential deposit (the runtime sets no minimum
    // bond, so that is the floor), are refused with the pallet's errors; so is unbonding
    // from an account that never bonded.
    await Promise.all([
      assert.rejects(cli('validator', 'bond', '--seed', '//Charlie', '--amount', '1'),
        refused(/^Error: staking\.AlreadyBonded: Stash is already bonded\.$/m)),
      assert.rejects(cli('validator', 'bond', '--seed', '//Eve', '--amount', '0.0001'),
        refused(/^Error: staking\.InsufficientBond: Cannot have a validator or nominator role, with value less than the minimum defined by governance/m)),
      assert.rejects(cli('validator', 'unbond', '--seed', '//Ferdie', '--amount', '1'),
        refused(/^Error: staking\.NotController: Not a controller account\.$/m))
    ]);
    assert.equal((await json('validator', 'status', '--stash', signer('//Eve').address)).bonded, false);

    // Session keys on the node, proved for Charlie, set by Charlie; then validate.
    const rotated = await json('validator', 'rotate-keys', '--stash', charlie.address);
    const setKeys = await cli('validator', 'set-keys', '--seed', '//Charlie', '--keys', rotated.keys, '--proof', rotated.proof);
    assert.match(setKeys.stdout, new RegExp(`session keys of ${charlie.address} set in block 0x[0-9a-f]{64}`));
    const validated = await cli('validator', 'validate', '--seed', '//Charlie', '--commission', '7.5');
    assert.match(validated.stdout, new RegExp(`^${charlie.address} validates with commission 7\\.5% \\(block 0x[0-9a-f]{64}\\)$`, 'm'));
    assert.match(validated.stdout, /a candidate for the election of era \d+/);

    const validating = await json('validator', 'status', '--stash', charlie.address);
    assert.equal(validating.bonded, true);
    assert.equal(validating.controller, charlie.address);
    assert.deepEqual(validating.ledger, { total: tgd(5000), active: tgd(5000), unlocking: [] });
    assert.equal(validating.payee, 'Staked');
    assert.deepEqual(validating.validating, { commission: '7.5%', commissionPerbill: 75_000_000, blocked: false });
    assert.equal(validating.nominating, null);
    assert.equal(validating.sessionKeysSet, true);
    assert.deepEqual(validating.sessionKeys, rotated.sessionKeys);
    // The dev chain elects one validator, and Alice's 100,000 TGD outweigh Charlie's 5,000.
    assert.equal(validating.validatorCount, 1);
    assert.equal(validating.inActiveSet, false);
    assert.equal(validating.elected, null);
    assert.deepEqual((await api.query.staking.validators(charlie.address)).toJSON(), { commission: 75_000_000, blocked: false });

    const text = (await cli('validator', 'status', '--seed', '//Charlie')).stdout;
    assert.match(text, new RegExp(`^stash ${charlie.address}: free `, 'm'));
    assert.match(text, /^ {2}bonded 5000 TGD, active 5000 TGD; rewards to Staked$/m);
    assert.match(text, /^ {2}validating: commission 7\.5%; a candidate in the next election$/m);
    assert.match(text, new RegExp(`^ {2}session keys set: babe ${rotated.sessionKeys.babe}, grandpa ${rotated.sessionKeys.grandpa}, authorityDiscovery ${rotated.sessionKeys.authorityDiscovery}$`, 'm'));
    assert.match(text, /^ {2}in the active set of session \d+: no$/m);
    assert.match(text, /^ {2}elected in era \d+: no$/m);
    assert.match(text, /^ {2}era points in active era \d+: 0 of \d+$/m);
    assert.match(text, /^chain: current era \d+, active era \d+, session \d+, one era is \d+ sessions of \d+ blocks \(about \d+ (min|h)\); 1 active validator, 1 elected per era$/m);
    assert.match(text, /^ {2}minimum bonds: validator 0 TGD, nominator 0 TGD; minimum commission 0%; unbonding takes 28 eras, slashes are applied 27 eras after the offence's era$/m);

    // Dave nominates Charlie and Alice.
    const eraOfNomination = await currentEra();
    const nominated = await cli('validator', 'nominate', '--seed', '//Dave', '--targets', `${charlie.address},${alice.address}`);
    assert.match(nominated.stdout, new RegExp(`^${dave.address} nominates ${charlie.address}, ${alice.address}`, 'm'));
    const nominator = await json('validator', 'status', '--stash', dave.address);
    assert.deepEqual(nominator.ledger, { total: daveBond.bonded, active: daveBond.bonded, unlocking: [] });
    assert.equal(nominator.payee, `Account:${ferdie.address}`);
    assert.equal(nominator.validating, null);
    assert.deepEqual(nominator.nominating.targets,
      [{ stash: charlie.address, electedInCurrentEra: false }, { stash: alice.address, electedInCurrentEra: true }]);
    assert.ok(nominator.nominating.submittedIn >= eraOfNomination && nominator.nominating.submittedIn <= nominator.currentEra);
    assert.equal(nominator.nominating.suppressed, false);
    const nominatorText = (await cli('validator', 'status', '--stash', dave.address)).stdout;
    assert.match(nominatorText,
      new RegExp(`nominating since era \\d+:\\n {4}${charlie.address} \\(not elected this era\\)\\n {4}${alice.address} \\(elected this era\\)`));
    assert.doesNotMatch(nominatorText, /session keys/, 'no validator lines for a nominator');

    // Charlie blocks new nominations (Dave's stays); Eve, bonding, cannot nominate him.
    // Dave bonds half a TGD more meanwhile.
    const [blocked, , extra] = await Promise.all([
      json('validator', 'validate', '--seed', '//Charlie', '--commission', '7.5', '--blocked'),
      cli('validator', 'bond', '--seed', '//Eve', '--amount', '10'),
      cli('validator', 'bond-extra', '--seed', '//Dave', '--amount', '0.5')
    ]);
    assert.equal(blocked.blocked, true);
    assert.match(extra.stdout, new RegExp(`^${dave.address} bonded 0\\.5 TGD more in block 0x[0-9a-f]{64}$`, 'm'));
    assert.deepEqual((await json('validator', 'status', '--stash', charlie.address)).validating,
      { commission: '7.5%', commissionPerbill: 75_000_000, blocked: true });
    await assert.rejects(cli('validator', 'nominate', '--seed', '//Eve', '--targets', charlie.address),
      refused(/^Error: staking\.BadTarget: A nomination target was supplied that was blocked or otherwise not a validator\.$/m));
    const daveNow = await json('validator', 'status', '--stash', dave.address);
    assert.deepEqual(daveNow.ledger.active, tgd(2001));
    assert.equal(daveNow.nominating.targets.length, 2);

    // Charlie chills: no longer validating, still bonded, keys still set.
    const chilled = await cli('validator', 'chill', '--seed', '//Charlie');
    assert.match(chilled.stdout, new RegExp(`^${charlie.address} chilled in block 0x[0-9a-f]{64}`, 'm'));
    const idle = await json('validator', 'status', '--stash', charlie.address);
    assert.equal(idle.validating, null);
    assert.equal(idle.nominating, null);
    assert.equal(idle.bonded, true);
    assert.equal(idle.sessionKeysSet, true);
    assert.equal((await api.query.staking.validators.size(charlie.address)).toNumber(), 0, 'no validator intent on chain');
    assert.match((await cli('validator', 'status', '--stash', charlie.address)).stdout, /^ {2}neither validating nor nominating \(chilled\)$/m);

    // Unbond 1000: an unlocking chunk 28 eras after the current one; rebond 400 of it;
    // nothing to withdraw yet.
    const eraOfUnbond = await currentEra();
    const unbonded = await json('validator', 'unbond', '--seed', '//Charlie', '--amount', '1000');
    assert.deepEqual(unbonded.unbonded, tgd(1000));
    const unlockEra = unbonded.withdrawableFromEra;
    assert.ok(unlockEra >= eraOfUnbond + 28 && unlockEra <= (await currentEra()) + 28, `chunk era ${unlockEra}`);
    assert.equal(unbonded.chilled, false);
    const unlocking = await json('validator', 'status', '--stash', charlie.address);
    assert.deepEqual(unlocking.ledger, { total: tgd(5000), active: tgd(4000), unlocking: [{ value: tgd(1000), era: unlockEra }] });
    assert.match((await cli('validator', 'status', '--stash', charlie.address)).stdout,
      new RegExp(`^ {2}unlocking 1000 TGD at era ${unlockEra}: in \\d+ eras, about \\d+ (min|h|days)$`, 'm'));

    const rebonded = await cli('validator', 'rebond', '--seed', '//Charlie', '--amount', '400');
    assert.match(rebonded.stdout, /rebonded 400 TGD of its unlocking funds/);
    const withdraw = await cli('validator', 'withdraw-unbonded', '--seed', '//Charlie');
    assert.match(withdraw.stdout, new RegExp(`^nothing to withdraw yet \\(current era \\d+\\): the first chunk unlocks at era ${unlockEra}$`, 'm'));
    const after = await json('validator', 'status', '--stash', charlie.address);
    assert.deepEqual(after.ledger, { total: tgd(5000), active: tgd(4400), unlocking: [{ value: tgd(600), era: unlockEra }] });

    // An era that has not ended pays nothing.
    await assert.rejects(cli('validator', 'payout', '--seed', '//Bob', '--stash', alice.address, '--era', String((await currentEra()) + 1)),
      refused(/^Error: staking\.InvalidEraToReward: Invalid era to reward\.$/m));

    // Alice, the genesis validator: elected in the current era, in the active set, and the
    // author of every block, so every era point is hers.
    const genesis = await json('validator', 'status', '--stash', alice.address);
    assert.equal(genesis.inActiveSet, true);
    assert.equal(genesis.elected.era, genesis.currentEra);
    assert.deepEqual(genesis.elected.own, tgd(100_000));
    assert.ok([0, 1].includes(genesis.elected.nominators), 'Dave, once an election has counted him');
    assert.deepEqual(genesis.validating, { commission: '0%', commissionPerbill: 0, blocked: false });
    assert.equal(genesis.sessionKeysSet, true);
    assert.equal(genesis.eraPoints.era, genesis.activeEra);
    assert.equal(genesis.eraPoints.points, genesis.eraPoints.total);
    assert.equal(genesis.activeValidators, 1);

    // On a chain with eras of minutes (the dev chain's short timings), wait for the first
    // era to end and pay it out: Alice's reward is added to her bond (Staked), once.
    if (genesis.eraMs <= 5 * 60_000) {
      await waitFor('era 0 to end', async () => (await api.query.staking.activeEra()).unwrap().index.toNumber() >= 1, 2 * genesis.eraMs);
      const bondBefore = (await api.query.staking.ledger(alice.address)).unwrap().active.toBigInt();
      const paid = await json('validator', 'payout', '--seed', '//Bob', '--stash', alice.address, '--era', '0');
      assert.equal(paid.validator, alice.address);
      assert.equal(paid.era, 0);
      assert.equal(paid.rewards.length, 1);
      assert.equal(paid.rewards[0].stash, alice.address);
      assert.equal(paid.rewards[0].dest, 'Staked');
      const reward = BigInt(paid.rewards[0].amount.plancks);
      assert.ok(reward > 0n, 'era 0 paid a reward');
      assert.equal((await api.query.staking.ledger(alice.address)).unwrap().active.toBigInt(), bondBefore + reward);
      await assert.rejects(cli('validator', 'payout', '--seed', '//Bob', '--stash', alice.address, '--era', '0'),
        refused(/^Error: staking\.AlreadyClaimed: Rewards for this era have already been claimed for this validator\.$/m));
    }

    // Arguments the CLI refuses before sending anything.
    await Promise.all([
      assert.rejects(cli('validator', 'validate', '--seed', '//Charlie', '--commission', '101'), refused(/--commission is at most 100/)),
      assert.rejects(cli('validator', 'bond', '--seed', '//Eve', '--amount', '1', '--payee', 'Controller'),
        refused(/--payee is Staked, Stash or Account:ADDRESS, not Controller/)),
      assert.rejects(cli('validator', 'nominate', '--seed', '//Dave', '--targets', 'nobody'), refused(/--targets: not an account address: nobody/)),
      assert.rejects(cli('validator', 'status'), refused(/--stash is required/)),
      assert.rejects(cli('validator', 'elect-me'), refused(/validator needs one of rotate-keys, set-keys, bond/))
    ]);
  } catch (err) {
    console.error(node.logs().split('\n').slice(-40).join('\n'));
    throw err;
  } finally {
    if (api) await api.disconnect();
    await node.stop();
  }
});
