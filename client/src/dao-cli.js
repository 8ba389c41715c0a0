// The `tensorgrid dao ...` subcommands (data DAOs, pallet-data-dao): argument checks,
// transactions and what they print. The helpers they stand on are in dao.js; the printing
// conventions (--json documents, amounts as {plancks, formatted}) are cli.js's, passed in.

import { isHex, u8aToHex } from '@polkadot/util';
import { signer } from './chain.js';
import { signAndWait, findEvent, describeDispatchError } from './tx.js';
import {
  listDaos, daoSummary, daoDetails, encodeRules, actionFromOptions, hashFile, verifyItemProof,
  eventField, executedOutcome, countOf, specDigest, kernelSpecType, itemProofFromStorage, quorumMissed,
  MAX_INPUT_BYTES, MAX_PROOF_ITEMS, PROPOSALS_PER_MEMBER
} from './dao.js';

/** The bigints of a dao.js summary (its amounts, in plancks) as `amount(plancks, token)`. */
function amountsOf (value, token, amount) {
  if (typeof value === 'bigint') return amount(value, token);
  if (Array.isArray(value)) return value.map((v) => amountsOf(v, token, amount));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, amountsOf(v, token, amount)]));
  return value;
}

/** Prints a DAO summary whose amounts `textOf` has formatted. */
function printDao (d) {
  console.log(`dao ${d.id}: creator ${d.creator}  shares ${d.totalShares}  items ${d.items} (${d.bytes} bytes; ${d.pendingItems} pending)  ` +
    `version ${d.version}  treasury ${d.treasury}  live grants ${d.liveGrants}${d.frozen ? '  FROZEN' : ''}`);
  console.log(`  account ${d.account}`);
  console.log(`  custodians: ${d.custodians.join(', ') || '-'}`);
  console.log(`  curators: ${d.curators.join(', ') || '-'}`);
}

function printRules (r) {
  const auto = r.autoAccept ? `items up to ${r.autoAccept.maxItemBytes} bytes accepted at once at rating ${r.autoAccept.rating}` : 'no automatic acceptance';
  console.log(`  rules: voting ${r.votingPeriod} blocks, enactment delay ${r.enactmentDelay} blocks, quorum ${r.quorum}, approval ${r.approval}; ` +
    `revenue: members ${r.membersShare}, curators ${r.curatorsShare}, treasury ${r.treasuryShare}; ${auto}`);
}

function printGrant (g) {
  const params = g.params === 'Any' ? 'any parameters' : `parameters ${g.params.Only.join(', ')}`;
  const spec = g.spec === null ? 'any spec' : `spec ${g.spec}`;
  const layout = g.layout === null ? 'items in any input' : `items in inputs ${g.layout.join(',')} only`;
  console.log(`  grant ${g.id}: ${g.kernels.join(',')} on version ${g.version} for ${g.grantee ?? 'anyone'}, ${spec}, ${layout}, ${params}; ` +
    `price ${g.pricePerUnit}/unit; work units ${g.usedWorkUnits}/${g.maxWorkUnits}, output bytes ${g.usedOutputBytes}/${g.maxOutputBytes}; expires at block ${g.expiresAt}`);
}

function printProposal (p) {
  const when = p.state === 'Voting' ? `voting until block ${p.endsAt}` : `approved, executable from block ${p.enactAt}`;
  console.log(`  proposal ${p.id}: ${when}; ayes ${p.ayes}, nays ${p.nays} of ${p.electorate} shares; by ${p.proposer} at block ${p.createdAt}`);
  console.log(`    ${JSON.stringify(p.action)}`);
}

/**
 * A `Rejected` event's outcome: the votes, and whether the deposit was forfeited (turnout
 * below the quorum, as the pallet decides at close), from the proposal and the DAO's rules
 * read just before closing.
 */
function rejectedOutcome (event, open, dao) {
  const ayes = eventField(event, 'ayes').toBigInt();
  const nays = eventField(event, 'nays').toBigInt();
  const depositForfeited = open && open.isSome && dao && dao.isSome
    ? quorumMissed(ayes + nays, open.unwrap().electorate.toBigInt(), dao.unwrap().rules.quorum.toBigInt())
    : null;
  return { ayes: ayes.toString(), nays: nays.toString(), depositForfeited };
}

/** A positional number (a DAO, proposal or version id). */
function idArg (text, what) {
  if (!/^\d+$/.test(text ?? '')) throw new Error(`${what} must be a number, not ${text ?? '(missing)'}`);
  return Number(text);
}

/** A positional item hash. */
function itemArg (text) {
  if (!isHex(text, 256)) throw new Error(`an item is its 32-byte blake2-256 hash (0x + 64 hex digits), not ${text ?? '(missing)'}`);
  return text.toLowerCase();
}

/**
 * Run `tensorgrid dao SUB ARGS...`.
 * @param {import('@polkadot/api').ApiPromise} api
 * @param {{decimals: number, symbol: string}} token
 * @param {object} values the CLI's parsed options
 * @param {string[]} positionals the words after `dao`
 * @param {{print: Function, textOf: Function, amount: Function, need: Function,
 *   addressOf: Function, account: Function, usage: string}} io cli.js's helpers
 */
export async function daoCommand (api, token, values, [sub, ...args], io) {
  const { print, textOf, need, addressOf, account, usage: USAGE } = io;
  const withAmounts = (value) => amountsOf(value, token, io.amount);
  if (!api.tx.dataDao) throw new Error('this chain has no data-DAO pallet (dataDao)');
  const usage = (text) => { throw new Error(`usage: tensorgrid dao ${text}`); };
  const arity = (n, text) => { if (args.length !== n) usage(text); };
  const send = async (tx) => (await signAndWait(api, tx, signer(need(values, 'seed')))).events;
  const report = (doc, text) => (values.json ? print(withAmounts(doc)) : text(textOf(withAmounts(doc))));
  const daoOf = async (id) => {
    const info = await api.query.dataDao.daos(id);
    if (info.isNone) throw new Error(`no DAO ${id}`);
    return daoSummary(api, id, info.unwrap());
  };
  switch (sub) {
    case 'list': {
      arity(0, 'list');
      const daos = await listDaos(api);
      if (values.json) return print({ token, daos: withAmounts(daos) });
      for (const d of daos) printDao(textOf(withAmounts(d)));
      if (daos.length === 0) console.log('no DAOs');
      return;
    }
    case 'show': {
      arity(1, 'show DAO');
      const d = await daoDetails(api, idArg(args[0], 'DAO'));
      if (!d) throw new Error(`no DAO ${args[0]}`);
      return report({ token, dao: d }, ({ dao: t }) => {
        printDao(t);
        printRules(t.rules);
        if (t.custodyOffers.length > 0) console.log(`  offering custody (not admitted): ${t.custodyOffers.join(', ')}`);
        for (const g of t.grants) printGrant(g);
        for (const p of t.proposals) printProposal(p);
      });
    }
    case 'create': {
      arity(0, 'create --voting-period N --enactment-delay N --quorum PCT --approval PCT --members-share PCT --curators-share PCT --founder-shares N');
      const rules = encodeRules({
        votingPeriod: need(values, 'voting-period'),
        enactmentDelay: need(values, 'enactment-delay'),
        quorum: need(values, 'quorum'),
        approval: need(values, 'approval'),
        membersShare: need(values, 'members-share'),
        curatorsShare: need(values, 'curators-share'),
        autoAcceptBytes: values['auto-accept-bytes'],
        autoRating: values['auto-rating']
      });
      const founder = need(values, 'founder-shares');
      if (!/^\d+$/.test(founder) || BigInt(founder) < 1n) throw new Error(`--founder-shares must be a whole number above 0, not ${founder}`);
      const curators = values.curator.map((c) => addressOf(api, c, '--curator'));
      const events = await send(api.tx.dataDao.createDao(rules, BigInt(founder), curators));
      const e = findEvent(events, 'dataDao', 'DaoCreated');
      const doc = { created: eventField(e, 'dao').toNumber(), account: eventField(e, 'account').toString(), creator: eventField(e, 'creator').toString(), founderShares: founder };
      return report(doc, (d) => console.log(`created DAO ${d.created} (account ${d.account}); ${d.creator} holds its ${d.founderShares} founder shares and is its first curator`));
    }
    case 'contribute': {
      let item;
      let size;
      if (args.length === 2 && values.hash === undefined && values.size === undefined) {
        ({ hash: item, size } = await hashFile(args[1]));
      } else if (args.length === 1 && values.hash !== undefined && values.size !== undefined) {
        item = itemArg(values.hash);
        if (!/^\d+$/.test(values.size) || Number(values.size) < 1) throw new Error(`--size must be a whole number of bytes above 0, not ${values.size}`);
        size = Number(values.size);
      } else {
        usage('contribute DAO FILE, or dao contribute DAO --hash ITEM --size BYTES');
      }
      const id = idArg(args[0], 'DAO');
      if (size > MAX_INPUT_BYTES) console.error(`warning: ${size} bytes is more than any job input may be (${MAX_INPUT_BYTES}): no job can read this item`);
      const events = await send(api.tx.dataDao.contribute(id, item, size));
      const accepted = findEvent(events, 'dataDao', 'ItemAccepted');
      const version = findEvent(events, 'dataDao', 'VersionCreated');
      const { custodians, rules } = await daoOf(id);
      const doc = {
        dao: id, item, size, file: item.slice(2), custodians,
        // Pending although the rule covers its size: the contributor held no shares.
        autoSkipped: !accepted && rules.autoAccept !== null && size <= rules.autoAccept.maxItemBytes,
        accepted: accepted
          ? { index: eventField(accepted, 'index').toNumber(), rating: eventField(accepted, 'rating').toNumber(), shares: eventField(accepted, 'shares').toString(), version: eventField(version, 'version').toNumber() }
          : null
      };
      return report(doc, (d) => {
        console.log(`contributed item ${d.item} (${d.size} bytes) to DAO ${d.dao}`);
        if (d.accepted) console.log(`accepted at once by the DAO's rule: leaf ${d.accepted.index}, rating ${d.accepted.rating}, ${d.accepted.shares} shares; dataset version ${d.accepted.version}`);
        else {
          if (d.autoSkipped) console.log('the DAO\'s automatic rule accepts items of this size from members (accounts with shares) only');
          console.log(`pending: the curators review it (or a vote accepts it); until a curator reviews it, 'dao withdraw ${d.dao} ${d.item}' takes it back with its deposit`);
        }
        console.log('the chain holds only the hash and size: hand the bytes to the DAO\'s custodians, stored as the file');
        console.log(`  ${d.file}   in each custodian's dataset directory (<node base path>/chains/<chain id>/datasets/)`);
        console.log(`  custodians: ${d.custodians.join(', ') || 'none yet'}`);
      });
    }
    case 'withdraw': {
      arity(2, 'withdraw DAO ITEM');
      const [id, item] = [idArg(args[0], 'DAO'), itemArg(args[1])];
      await send(api.tx.dataDao.withdrawContribution(id, item));
      return report({ dao: id, withdrawn: item }, (d) => console.log(`withdrew item ${d.withdrawn} from DAO ${d.dao}; its deposit is released`));
    }
    case 'review': {
      arity(3, 'review DAO ITEM RATING');
      const [id, item] = [idArg(args[0], 'DAO'), itemArg(args[1])];
      if (!/^[0-5]$/.test(args[2])) throw new Error(`a rating is 1 to 5, or 0 to reject, not ${args[2]}`);
      const events = await send(api.tx.dataDao.review(id, item, Number(args[2])));
      const accepted = findEvent(events, 'dataDao', 'ItemAccepted');
      const outcome = accepted
        ? { accepted: { rating: eventField(accepted, 'rating').toNumber(), shares: eventField(accepted, 'shares').toString(), index: eventField(accepted, 'index').toNumber() } }
        : findEvent(events, 'dataDao', 'ItemRejected') ? { rejected: true } : { pending: true };
      return report({ dao: id, item, rating: Number(args[2]), ...outcome }, (d) => {
        console.log(`rated item ${d.item} of DAO ${d.dao}: ${d.rating}`);
        if (d.accepted) console.log(`a majority of curators accepted it at rating ${d.accepted.rating}: leaf ${d.accepted.index}, ${d.accepted.shares} shares`);
        else if (d.rejected) console.log('a majority of curators rejected it; its deposit went to the DAO\'s treasury');
        else console.log('still pending: no majority of the curators yet');
      });
    }
    case 'offer-custody':
    case 'withdraw-custody': {
      arity(1, `${sub} DAO`);
      if (!api.tx.dataDao.offerCustody) throw new Error('this chain\'s data-DAO pallet has no offerCustody call');
      const id = idArg(args[0], 'DAO');
      const offer = sub === 'offer-custody';
      const events = await send(api.tx.dataDao.offerCustody(id, offer));
      const e = findEvent(events, 'dataDao', 'CustodyOffered');
      const doc = { dao: id, provider: eventField(e, 'provider').toString(), offer, steppedDown: Boolean(findEvent(events, 'dataDao', 'CustodianRemoved')) };
      return report(doc, (d) => {
        if (d.offer) {
          console.log(`${d.provider} offered to be a custodian of DAO ${d.dao}; a member proposes it, and a vote admits it:`);
          console.log(`  dao propose ${d.dao} --admit-custodian ${d.provider}`);
          console.log('keep every accepted item of the DAO in this node\'s dataset directory (<node base path>/chains/<chain id>/datasets/), named by its hash;');
          console.log('serve one DAO per node: the directory is shared by every DAO the node serves, and another DAO could name this one\'s item hashes under its own grants');
        } else {
          console.log(`${d.provider} withdrew its custody offer of DAO ${d.dao}${d.steppedDown ? ' and stepped down as its custodian: it is drawn for none of the DAO\'s jobs matched or audits started from now on (jobs already assigned to it are still its to finish)' : ' (it was not its custodian)'}`);
        }
      });
    }
    case 'propose': {
      if (args.length !== 1 && args.length !== 2) usage('propose DAO ACTION_JSON, or dao propose DAO --<action option> ...');
      const id = idArg(args[0], 'DAO');
      const summary = await daoOf(id);
      const head = (await api.rpc.chain.getHeader()).number.toNumber();
      const fromOptions = actionFromOptions(values, {
        account: (name) => account(api, values, name),
        decimals: token.decimals,
        head,
        dao: summary,
        // blake2-256 of the SCALE encoding, as the jobs pallet hashes a job's spec.
        specDigest: (spec) => specDigest(api, kernelSpecType(api), spec),
        maxInputs: api.consts.jobs.maxInputs.toNumber()
      });
      let action = fromOptions;
      if (args.length === 2) {
        if (fromOptions) throw new Error('give ACTION_JSON or an action option, not both');
        try { action = JSON.parse(args[1]); } catch (err) { throw new Error(`ACTION_JSON is not JSON: ${err.message}`); }
      }
      if (!action) usage('propose DAO ACTION_JSON, or dao propose DAO --<action option> ... (see --help)');
      const admitted = action.AdmitCustodian ?? action.admitCustodian;
      if (typeof admitted === 'string' && api.query.dataDao.custodyOffers) {
        const who = addressOf(api, admitted, 'AdmitCustodian');
        if ((await api.query.dataDao.custodyOffers(id, who)).isNone) {
          console.error(`warning: ${who} has not offered custody of DAO ${id} ('dao offer-custody ${id}' with its key): ` +
            'unless it does before the proposal is executed, the action fails with dataDao.NoCustodyOffer');
        }
      }
      let tx;
      try { tx = api.tx.dataDao.propose(id, action); } catch (err) { throw new Error(`not a DaoAction polkadot.js can encode: ${err.message}`); }
      const e = findEvent(await send(tx), 'dataDao', 'Proposed');
      const doc = { dao: id, proposal: eventField(e, 'proposal').toNumber(), endsAt: eventField(e, 'endsAt').toNumber(), action: tx.args[1].toPrimitive() };
      return report(doc, (d) => {
        console.log(`opened proposal ${d.proposal} in DAO ${d.dao}: ${JSON.stringify(d.action)}`);
        console.log(`votes until block ${d.endsAt}; then 'dao close ${d.dao} ${d.proposal}'`);
      });
    }
    case 'vote': {
      arity(3, 'vote DAO PROPOSAL aye|nay');
      if (!['aye', 'nay'].includes(args[2])) throw new Error(`vote aye or nay, not ${args[2]}`);
      const [id, proposal] = [idArg(args[0], 'DAO'), idArg(args[1], 'PROPOSAL')];
      const e = findEvent(await send(api.tx.dataDao.vote(id, proposal, args[2] === 'aye')), 'dataDao', 'Voted');
      return report({ dao: id, proposal, vote: args[2], weight: eventField(e, 'weight').toString() },
        (d) => console.log(`voted ${d.vote} on proposal ${d.proposal} of DAO ${d.dao} with ${d.weight} shares`));
    }
    case 'close':
    case 'execute': {
      arity(2, `${sub} DAO PROPOSAL`);
      const [id, proposal] = [idArg(args[0], 'DAO'), idArg(args[1], 'PROPOSAL')];
      const call = sub === 'close' ? api.tx.dataDao.closeProposal : api.tx.dataDao.executeProposal;
      // What decides whether a rejected proposal's deposit is forfeited: read before it goes.
      const [open, dao] = sub === 'close' ? await Promise.all([api.query.dataDao.proposals(id, proposal), api.query.dataDao.daos(id)]) : [];
      const events = await send(call(id, proposal));
      const approved = findEvent(events, 'dataDao', 'Approved');
      const rejected = findEvent(events, 'dataDao', 'Rejected');
      const executed = executedOutcome(api, events, describeDispatchError);
      const doc = {
        dao: id,
        proposal,
        ...(approved ? { approved: { enactAt: eventField(approved, 'enactAt').toNumber() } } : {}),
        ...(rejected ? { rejected: rejectedOutcome(rejected, open, dao) } : {}),
        ...(executed ? { executed: { ok: executed.ok, error: executed.error } } : {})
      };
      // The call succeeds even when the action no longer applies: say so, and exit non-zero.
      if (executed && !executed.ok) process.exitCode = 1;
      return report(doc, (d) => {
        if (d.rejected) {
          console.log(`proposal ${d.proposal} of DAO ${d.dao} was rejected (ayes ${d.rejected.ayes}, nays ${d.rejected.nays}); ` +
            (d.rejected.depositForfeited === null ? 'turnout below the quorum forfeits its deposit to the DAO\'s treasury'
              : d.rejected.depositForfeited ? 'turnout missed the quorum: its deposit went to the DAO\'s treasury' : 'its deposit is released'));
        }
        if (d.approved) console.log(`proposal ${d.proposal} of DAO ${d.dao} was approved; executable from block ${d.approved.enactAt}`);
        if (d.executed) {
          console.log(d.executed.ok
            ? `proposal ${d.proposal} of DAO ${d.dao} executed`
            : `proposal ${d.proposal} of DAO ${d.dao} executed, but its action failed and changed nothing: ${d.executed.error}`);
        }
      });
    }
    case 'remove-vote': {
      arity(2, 'remove-vote DAO PROPOSAL');
      const [id, proposal] = [idArg(args[0], 'DAO'), idArg(args[1], 'PROPOSAL')];
      await send(api.tx.dataDao.removeVote(id, proposal));
      return report({ dao: id, proposal, voteRemoved: true }, (d) => console.log(`removed your vote record of proposal ${d.proposal} of DAO ${d.dao}`));
    }
    case 'claim': {
      arity(1, 'claim DAO');
      const id = idArg(args[0], 'DAO');
      const e = findEvent(await send(api.tx.dataDao.claim(id)), 'dataDao', 'Claimed');
      return report({ dao: id, who: eventField(e, 'who').toString(), claimed: eventField(e, 'amount').toBigInt() },
        (d) => console.log(`${d.who} claimed ${d.claimed} from DAO ${d.dao}`));
    }
    case 'member': {
      if (args.length !== 1 && args.length !== 2) usage('member DAO [ADDRESS]');
      const id = idArg(args[0], 'DAO');
      let who;
      if (args.length === 2) who = addressOf(api, args[1], 'ADDRESS');
      else if (values.seed !== undefined) who = signer(values.seed).address;
      else usage('member DAO ADDRESS (or --seed SURI for that account)');
      const summary = await daoOf(id);
      const [member, open, offered] = await Promise.all([
        api.call.dataDaoApi.member(id, who),
        api.query.dataDao.openProposalsOf ? api.query.dataDao.openProposalsOf(id, who) : null,
        api.query.dataDao.custodyOffers ? api.query.dataDao.custodyOffers(id, who) : null
      ]);
      const m = member.isSome ? member.unwrap() : null;
      const doc = {
        dao: id,
        who,
        member: m !== null,
        shares: m ? m.shares.toString() : '0',
        claimable: m ? m.claimable.toBigInt() : 0n,
        curator: summary.curators.includes(who),
        custodian: summary.custodians.includes(who),
        custodyOffered: offered === null ? null : offered.isSome,
        openProposals: open === null ? null : open.toNumber()
      };
      return report(doc, (d) => {
        const offer = d.custodyOffered && !d.custodian ? 'offers custody, not admitted' : null;
        if (!d.member) console.log(`${d.who} has no shares and no curator account in DAO ${d.dao}${d.custodian ? ' (it is a custodian)' : offer ? ` (it ${offer})` : ''}`);
        else {
          const roles = [d.curator && 'curator', d.custodian && 'custodian', offer].filter(Boolean).join(', ');
          const proposals = d.openProposals ? `; ${d.openProposals} open proposal${d.openProposals === 1 ? '' : 's'} (at most ${PROPOSALS_PER_MEMBER})` : '';
          console.log(`${d.who} in DAO ${d.dao}: ${d.shares} of ${summary.totalShares} shares; claimable ${d.claimable}${proposals}${roles ? ` (${roles})` : ''}`);
        }
      });
    }
    case 'proof': {
      arity(3, 'proof DAO VERSION ITEM');
      const [id, version, item] = [idArg(args[0], 'DAO'), idArg(args[1], 'VERSION'), itemArg(args[2])];
      const record = await api.query.dataDao.versions(id, version);
      if (record.isNone) throw new Error(`DAO ${id} has no dataset version ${version}`);
      const { root, items } = record.unwrap();
      const answer = await api.call.dataDaoApi.itemProof(id, version, item);
      // The runtime API proves versions of up to MAX_PROOF_ITEMS items; larger ones here.
      const p = answer.isSome ? answer.unwrap() : items.toBigInt() > BigInt(MAX_PROOF_ITEMS) ? await itemProofFromStorage(api, id, version, item) : null;
      if (!p) throw new Error(`item ${item} is not in version ${version} of DAO ${id}`);
      const stored = (await api.query.dataDao.items(id, item)).unwrap();
      // A Struct is a Map, so polkadot.js names a `size` field of the metadata `size_`
      // (types defined by hand keep `size`, reachable only through get()).
      const size = (stored.get('size_') ?? stored.get('size')).toBigInt();
      const verified = verifyItemProof(p, { item, size, root });
      if (!verified) process.exitCode = 1;
      const doc = {
        dao: id, version, item, size: countOf(size), index: countOf(BigInt(p.index.toString())), leaf: u8aToHex(p.leaf), root: root.toHex(),
        siblings: [...p.siblings].map((s) => u8aToHex(s)), verified
      };
      return report(doc, (d) => {
        console.log(`item ${d.item} (${d.size} bytes) is leaf ${d.index} of version ${d.version} of DAO ${d.dao}`);
        console.log(`  root ${d.root}`);
        console.log(`  leaf ${d.leaf}`);
        console.log(`  ${d.siblings.length} siblings, checked here: ${d.verified ? 'the proof holds' : 'THE PROOF DOES NOT HOLD'}`);
      });
    }
    default:
      throw new Error(`dao needs one of list, show, create, contribute, withdraw, review, offer-custody, withdraw-custody, propose, vote, close, execute, remove-vote, claim, member, proof\n${USAGE}`);
  }
}
