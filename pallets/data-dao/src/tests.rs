//! Unit tests: every call, vote outcome and error, the access hook against a real jobs
//! pallet, and a randomized run that checks the invariants after every block.

use crate::{mock::*, types::*, Error, Event};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold},
};
use pallet_jobs::{JobOutcome, JobState, JobsInterface};
use sp_runtime::{DispatchError, Perbill};
use tensorgrid_primitives::digest_of;

fn account(dao: DaoId) -> AccountId {
	DataDao::dao_account(dao)
}

fn held(reason: crate::HoldReason, who: AccountId) -> Balance {
	Balances::balance_on_hold(&reason.into(), &who)
}

fn dao(id: DaoId) -> crate::DaoOf<Test> {
	crate::Daos::<Test>::get(id).unwrap()
}

fn shares(id: DaoId, who: AccountId) -> u128 {
	crate::Members::<Test>::get(id, who).map(|m| m.stake.weight).unwrap_or(0)
}

/// Match, commit by its provider and settle (or refund) job `id`; returns its provider.
fn run_job(id: pallet_jobs::JobId, settle: bool) -> AccountId {
	run_to(System::block_number() + 1);
	let job = pallet_jobs::Jobs::<Test>::get(id).unwrap();
	let provider = job.slots[0].provider;
	assert_ok!(<Jobs as JobsInterface<_, _, _>>::note_commit(id, &provider));
	let outcome = if settle { JobOutcome::Settled([7; 32]) } else { JobOutcome::Refunded };
	assert_ok!(<Jobs as JobsInterface<_, _, _>>::finish(id, outcome));
	provider
}

#[test]
fn create_dao_holds_the_deposit_funds_the_account_and_seats_the_founder() {
	test(|| {
		let id = create_dao();
		assert_eq!(held(crate::HoldReason::DaoDeposit, ALICE), DAO_DEPOSIT);
		assert_eq!(Balances::balance(&account(id)), ED);
		assert_eq!(Balances::free_balance(ALICE), INITIAL - DAO_DEPOSIT - ED);
		let info = dao(id);
		assert_eq!((info.total_shares, info.curators.to_vec(), info.version), (100, vec![ALICE], 0));
		assert_eq!(shares(id, ALICE), 100);
		assert!(events().contains(&Event::DaoCreated { dao: id, creator: ALICE, account: account(id), founder_shares: 100 }));
	});
}

#[test]
fn create_dao_refuses_bad_rules_and_founder_shares() {
	test(|| {
		let mut bad = rules();
		bad.voting_period = 1;
		assert_noop!(DataDao::create_dao(RuntimeOrigin::signed(ALICE), bad, 1, Default::default()), Error::<Test>::BadRules);
		let mut bad = rules();
		bad.split = RevenueSplit { contributors: Perbill::from_percent(80), curators: Perbill::from_percent(30) };
		assert_noop!(DataDao::create_dao(RuntimeOrigin::signed(ALICE), bad, 1, Default::default()), Error::<Test>::BadRules);
		let mut bad = rules();
		bad.quorum = Perbill::zero();
		assert_noop!(DataDao::create_dao(RuntimeOrigin::signed(ALICE), bad, 1, Default::default()), Error::<Test>::BadRules);
		let mut bad = rules();
		bad.auto_accept = Some(AutoAccept { max_item_bytes: 10, rating: 6 });
		assert_noop!(DataDao::create_dao(RuntimeOrigin::signed(ALICE), bad, 1, Default::default()), Error::<Test>::BadRules);
		assert_noop!(
			DataDao::create_dao(RuntimeOrigin::signed(ALICE), rules(), 0, Default::default()),
			Error::<Test>::BadFounderShares
		);
		assert_noop!(
			DataDao::create_dao(RuntimeOrigin::signed(ALICE), rules(), 1, vec![BOB, BOB].try_into().unwrap()),
			Error::<Test>::AlreadyMember
		);
		let poor = 77;
		assert_noop!(
			DataDao::create_dao(RuntimeOrigin::signed(poor), rules(), 1, Default::default()),
			Error::<Test>::InsufficientBalance
		);
	});
}

#[test]
fn a_contribution_holds_its_deposit_and_a_copy_is_refused() {
	test(|| {
		let id = create_dao();
		assert_noop!(DataDao::contribute(RuntimeOrigin::signed(BOB), id, item(1), 0), Error::<Test>::EmptyItem);
		assert_noop!(DataDao::contribute(RuntimeOrigin::signed(BOB), 9, item(1), 6), Error::<Test>::DaoNotFound);
		assert_ok!(DataDao::contribute(RuntimeOrigin::signed(BOB), id, item(1), 6));
		assert_eq!(held(crate::HoldReason::ItemDeposit, BOB), ITEM_DEPOSIT);
		assert_eq!(dao(id).pending_items, 1);
		// The same bytes from someone else earn nothing: the hash is already there.
		assert_noop!(DataDao::contribute(RuntimeOrigin::signed(CHARLIE), id, item(1), 6), Error::<Test>::ItemExists);
	});
}

#[test]
fn withdrawing_a_pending_item_releases_its_deposit() {
	test(|| {
		let id = create_dao();
		assert_ok!(DataDao::contribute(RuntimeOrigin::signed(BOB), id, item(1), 6));
		assert_noop!(DataDao::withdraw_contribution(RuntimeOrigin::signed(CHARLIE), id, item(1)), Error::<Test>::NotContributor);
		assert_ok!(DataDao::withdraw_contribution(RuntimeOrigin::signed(BOB), id, item(1)));
		assert_eq!(held(crate::HoldReason::ItemDeposit, BOB), 0);
		assert_eq!(dao(id).pending_items, 0);
		assert_noop!(DataDao::withdraw_contribution(RuntimeOrigin::signed(BOB), id, item(1)), Error::<Test>::ItemNotFound);
	});
}

#[test]
fn a_reviewed_item_cannot_be_withdrawn() {
	test(|| {
		DataDao::create_dao(RuntimeOrigin::signed(ALICE), rules(), 100, vec![CHARLIE].try_into().unwrap()).unwrap();
		assert_ok!(DataDao::contribute(RuntimeOrigin::signed(BOB), 0, item(1), 6));
		assert_ok!(DataDao::review(RuntimeOrigin::signed(ALICE), 0, item(1), 0));
		assert_noop!(DataDao::withdraw_contribution(RuntimeOrigin::signed(BOB), 0, item(1)), Error::<Test>::AlreadyReviewed);
	});
}

#[test]
fn one_member_holds_at_most_two_open_proposals() {
	test(|| {
		let id = create_dao();
		run_to(2);
		for who in [BOB, CHARLIE] {
			assert_ok!(DataDao::propose(RuntimeOrigin::signed(ALICE), id, Box::new(DaoAction::AddCurator(who))));
		}
		assert_noop!(
			DataDao::propose(RuntimeOrigin::signed(ALICE), id, Box::new(DaoAction::AddCurator(BUYER))),
			Error::<Test>::TooManyOwnProposals
		);
	});
}

#[test]
fn a_voted_batch_skips_items_withdrawn_meanwhile() {
	test(|| {
		let id = create_dao();
		for n in [1, 2] {
			assert_ok!(DataDao::contribute(RuntimeOrigin::signed(BOB), id, item(n), 6));
		}
		let batch = vec![(item(1), 2), (item(2), 2)].try_into().unwrap();
		run_to(2);
		assert_ok!(DataDao::propose(RuntimeOrigin::signed(ALICE), id, Box::new(DaoAction::AcceptContributions(batch))));
		assert_ok!(DataDao::withdraw_contribution(RuntimeOrigin::signed(BOB), id, item(2)));
		run_to(3);
		assert_ok!(DataDao::vote(RuntimeOrigin::signed(ALICE), id, 0, true));
		run_to(4 + VOTING);
		assert_ok!(DataDao::close_proposal(RuntimeOrigin::signed(ALICE), id, 0));
		assert_eq!((dao(id).items, shares(id, BOB)), (1, 4));
	});
}

#[test]
fn a_grant_price_raised_above_the_buyers_limit_refuses_the_job() {
	test(|| {
		let id = dao_with_grant(None, 10);
		let capped = |max| {
			Jobs::submit_job(
				RuntimeOrigin::signed(BUYER),
				matmul(),
				vec![
					pallet_jobs::InputRef::Dataset(pallet_jobs::DatasetInput { dao: id, grant: 0, item: item(1), max_fee_per_unit: max }),
					inline(vec![1; 6]),
				]
				.try_into()
				.unwrap(),
				1,
				1,
				System::block_number() + 50,
			)
		};
		assert_ok!(DataDao::apply(id, DaoAction::SetGrantPrice(0, 1_000)));
		assert_noop!(capped(999), Error::<Test>::AccessPriceAboveLimit);
		assert_ok!(capped(1_000));
	});
}

#[test]
fn a_curator_majority_accepts_an_item_into_a_new_version_with_its_shares() {
	test(|| {
		let id = create_dao();
		assert_ok!(DataDao::contribute(RuntimeOrigin::signed(BOB), id, item(1), 6));
		assert_noop!(DataDao::review(RuntimeOrigin::signed(BOB), id, item(1), 3), Error::<Test>::NotCurator);
		assert_noop!(DataDao::review(RuntimeOrigin::signed(ALICE), id, item(1), 6), Error::<Test>::BadRating);
		assert_ok!(DataDao::review(RuntimeOrigin::signed(ALICE), id, item(1), 3));
		// 6 bytes at 4 bytes a unit: 2 units, rated 3.
		assert_eq!(shares(id, BOB), 6);
		let info = dao(id);
		assert_eq!((info.items, info.bytes, info.version, info.pending_items, info.total_shares), (1, 6, 1, 0, 106));
		let version = crate::Versions::<Test>::get(id, 1).unwrap();
		let leaf = crate::merkle::leaf(&item(1), 6);
		let proof = DataDao::api_item_proof(id, 1, item(1)).unwrap();
		assert_eq!((proof.leaf, proof.root, proof.index), (leaf, version.root, 0));
		assert!(crate::merkle::verify(&leaf, 0, &proof.siblings, &version.root));
		assert_noop!(DataDao::review(RuntimeOrigin::signed(ALICE), id, item(1), 3), Error::<Test>::NotPending);
		// An accepted item keeps its deposit held: the chain keeps its record.
		assert_eq!(held(crate::HoldReason::ItemDeposit, BOB), ITEM_DEPOSIT);
	});
}

#[test]
fn a_curator_majority_rejects_an_item_and_its_deposit_goes_to_the_treasury() {
	test(|| {
		let id = create_dao();
		assert_ok!(DataDao::contribute(RuntimeOrigin::signed(BOB), id, item(1), 6));
		assert_ok!(DataDao::review(RuntimeOrigin::signed(ALICE), id, item(1), 0));
		assert!(crate::Items::<Test>::get(id, item(1)).is_none());
		assert_eq!(dao(id).treasury, ITEM_DEPOSIT);
		assert_eq!(Balances::balance(&account(id)), ED + ITEM_DEPOSIT);
		assert_eq!(held(crate::HoldReason::ItemDeposit, BOB), 0);
	});
}

#[test]
fn with_two_curators_one_review_decides_nothing() {
	test(|| {
		DataDao::create_dao(RuntimeOrigin::signed(ALICE), rules(), 100, vec![CHARLIE].try_into().unwrap()).unwrap();
		assert_ok!(DataDao::contribute(RuntimeOrigin::signed(BOB), 0, item(1), 6));
		assert_ok!(DataDao::review(RuntimeOrigin::signed(ALICE), 0, item(1), 5));
		assert_eq!(dao(0).items, 0);
		assert_ok!(DataDao::review(RuntimeOrigin::signed(CHARLIE), 0, item(1), 2));
		// Mean of 5 and 2, rounded down.
		assert_eq!(shares(0, BOB), 2 * 3);
	});
}

#[test]
fn the_automatic_rule_accepts_small_items_at_once() {
	test(|| {
		let mut r = rules();
		r.auto_accept = Some(AutoAccept { max_item_bytes: 8, rating: 1 });
		DataDao::create_dao(RuntimeOrigin::signed(ALICE), r, 100, Default::default()).unwrap();
		// A stranger's claim waits for the curators, however small.
		assert_ok!(DataDao::contribute(RuntimeOrigin::signed(BOB), 0, item(1), 6));
		assert_eq!((dao(0).items, dao(0).pending_items), (0, 1));
		assert_ok!(DataDao::review(RuntimeOrigin::signed(ALICE), 0, item(1), 1));
		// A member's small item goes in at once, at the rule's rating.
		assert_ok!(DataDao::contribute(RuntimeOrigin::signed(BOB), 0, item(3), 6));
		assert_eq!((dao(0).items, shares(0, BOB)), (2, 4));
		assert_ok!(DataDao::contribute(RuntimeOrigin::signed(BOB), 0, item(2), 9));
		assert_eq!((dao(0).items, dao(0).pending_items), (2, 1));
	});
}

#[test]
fn versions_are_merkle_roots_of_the_items_in_order() {
	test(|| {
		let id = create_dao();
		let mut leaves = vec![];
		for n in 1..=5u8 {
			assert_ok!(DataDao::contribute(RuntimeOrigin::signed(BOB), id, item(n), n as u64));
			assert_ok!(DataDao::review(RuntimeOrigin::signed(ALICE), id, item(n), 1));
			leaves.push(crate::merkle::leaf(&item(n), n as u64));
			let version = crate::Versions::<Test>::get(id, n as u32).unwrap();
			let mut frontier = crate::merkle::Frontier::default();
			leaves.iter().for_each(|l| assert!(frontier.append(*l)));
			assert_eq!((version.root, version.items), (frontier.root(), n as u64));
		}
		// Item 5 is not in version 3.
		assert!(DataDao::api_item_proof(id, 3, item(5)).is_none());
		let proof = DataDao::api_item_proof(id, 5, item(2)).unwrap();
		assert!(crate::merkle::verify(&proof.leaf, 1, &proof.siblings, &crate::Versions::<Test>::get(id, 5).unwrap().root));
	});
}

#[test]
fn a_proposal_without_quorum_is_rejected_and_its_deposit_released() {
	test(|| {
		let id = create_dao();
		// Bob becomes a member with 6 shares; Alice holds 100.
		assert_ok!(DataDao::contribute(RuntimeOrigin::signed(BOB), id, item(1), 6));
		assert_ok!(DataDao::review(RuntimeOrigin::signed(ALICE), id, item(1), 3));
		run_to(2);
		assert_noop!(
			DataDao::propose(RuntimeOrigin::signed(CHARLIE), id, Box::new(DaoAction::AddCurator(CHARLIE))),
			Error::<Test>::NotMember
		);
		assert_ok!(DataDao::propose(RuntimeOrigin::signed(BOB), id, Box::new(DaoAction::AddCurator(BOB))));
		assert_eq!(held(crate::HoldReason::ProposalDeposit, BOB), PROPOSAL_DEPOSIT);
		run_to(3);
		assert_ok!(DataDao::vote(RuntimeOrigin::signed(BOB), id, 0, true));
		assert_noop!(DataDao::close_proposal(RuntimeOrigin::signed(BOB), id, 0), Error::<Test>::VotingNotOver);
		run_to(3 + VOTING);
		assert_ok!(DataDao::close_proposal(RuntimeOrigin::signed(BOB), id, 0));
		// 6 of 106 turned out: below the 50% quorum.
		assert!(events().contains(&Event::Rejected { dao: id, proposal: 0, ayes: 6, nays: 0 }));
		assert_eq!(held(crate::HoldReason::ProposalDeposit, BOB), 0);
		assert_eq!(dao(id).curators.to_vec(), vec![ALICE]);
		// The vote record can go once the proposal is closed.
		assert_ok!(DataDao::remove_vote(RuntimeOrigin::signed(BOB), id, 0));
		assert_noop!(DataDao::remove_vote(RuntimeOrigin::signed(BOB), id, 0), Error::<Test>::NoRemovableVote);
	});
}

#[test]
fn approval_needs_the_threshold_of_votes_cast() {
	test(|| {
		let id = create_dao();
		assert_ok!(DataDao::contribute(RuntimeOrigin::signed(BOB), id, item(1), 400));
		assert_ok!(DataDao::review(RuntimeOrigin::signed(ALICE), id, item(1), 1));
		assert_eq!(shares(id, BOB), 100);
		run_to(2);
		assert_ok!(DataDao::propose(RuntimeOrigin::signed(ALICE), id, Box::new(DaoAction::AddCurator(CHARLIE))));
		run_to(3);
		assert_ok!(DataDao::vote(RuntimeOrigin::signed(ALICE), id, 0, true));
		assert_ok!(DataDao::vote(RuntimeOrigin::signed(BOB), id, 0, false));
		run_to(4 + VOTING);
		assert_ok!(DataDao::close_proposal(RuntimeOrigin::signed(ALICE), id, 0));
		// 50% ayes of the votes cast is below the 60% approval.
		assert!(events().contains(&Event::Rejected { dao: id, proposal: 0, ayes: 100, nays: 100 }));
	});
}

#[test]
fn a_vote_can_be_changed_but_not_counted_twice() {
	test(|| {
		let id = create_dao();
		run_to(2);
		assert_ok!(DataDao::propose(RuntimeOrigin::signed(ALICE), id, Box::new(DaoAction::AddCurator(CHARLIE))));
		run_to(3);
		assert_ok!(DataDao::vote(RuntimeOrigin::signed(ALICE), id, 0, false));
		assert_ok!(DataDao::vote(RuntimeOrigin::signed(ALICE), id, 0, true));
		assert_ok!(DataDao::vote(RuntimeOrigin::signed(ALICE), id, 0, true));
		let p = crate::Proposals::<Test>::get(id, 0).unwrap();
		assert_eq!((p.ayes, p.nays), (100, 0));
		assert_noop!(DataDao::remove_vote(RuntimeOrigin::signed(ALICE), id, 0), Error::<Test>::NoRemovableVote);
		run_to(3 + VOTING);
		assert_noop!(DataDao::vote(RuntimeOrigin::signed(ALICE), id, 0, true), Error::<Test>::NotVoting);
	});
}

#[test]
fn shares_minted_after_a_proposal_was_made_do_not_vote_on_it() {
	test(|| {
		let id = create_dao();
		run_to(2);
		assert_ok!(DataDao::propose(RuntimeOrigin::signed(ALICE), id, Box::new(DaoAction::AddCurator(BOB))));
		// Bob contributes in the proposal's block and after it: neither counts.
		assert_ok!(DataDao::contribute(RuntimeOrigin::signed(BOB), id, item(1), 400));
		assert_ok!(DataDao::review(RuntimeOrigin::signed(ALICE), id, item(1), 5));
		run_to(3);
		assert_noop!(DataDao::vote(RuntimeOrigin::signed(BOB), id, 0, false), Error::<Test>::NoVotingWeight);
		// The electorate is what existed before the creation block.
		assert_eq!(crate::Proposals::<Test>::get(id, 0).unwrap().electorate, 100);
		// A proposal made now counts Bob's shares.
		assert_ok!(DataDao::propose(RuntimeOrigin::signed(ALICE), id, Box::new(DaoAction::AddCurator(CHARLIE))));
		run_to(4);
		assert_ok!(DataDao::vote(RuntimeOrigin::signed(BOB), id, 1, false));
		assert_eq!(crate::Proposals::<Test>::get(id, 1).unwrap().nays, 500);
	});
}

#[test]
fn an_enactment_delay_holds_execution_back() {
	test(|| {
		let mut r = rules();
		r.enactment_delay = 5;
		DataDao::create_dao(RuntimeOrigin::signed(ALICE), r, 100, Default::default()).unwrap();
		run_to(2);
		assert_ok!(DataDao::propose(RuntimeOrigin::signed(ALICE), 0, Box::new(DaoAction::AddCurator(CHARLIE))));
		run_to(3);
		assert_ok!(DataDao::vote(RuntimeOrigin::signed(ALICE), 0, 0, true));
		run_to(3 + VOTING);
		assert_ok!(DataDao::close_proposal(RuntimeOrigin::signed(ALICE), 0, 0));
		assert_noop!(DataDao::execute_proposal(RuntimeOrigin::signed(BOB), 0, 0), Error::<Test>::NotEnactable);
		run_to(3 + VOTING + 5);
		assert_ok!(DataDao::execute_proposal(RuntimeOrigin::signed(BOB), 0, 0));
		assert_eq!(dao(0).curators.to_vec(), vec![ALICE, CHARLIE]);
		assert!(crate::Proposals::<Test>::get(0, 0).is_none());
	});
}

#[test]
fn only_registered_providers_become_custodians() {
	test(|| {
		let id = create_dao();
		pass(id, ALICE, DaoAction::AdmitCustodian(CUSTODIAN), &[ALICE]);
		assert!(events().iter().any(|e| matches!(e, Event::Executed { result: Err(_), .. })));
		assert!(dao(id).custodians.is_empty());
		register_provider(CUSTODIAN);
		// A provider that did not offer custody is not made a custodian by someone's vote.
		pass(id, ALICE, DaoAction::AdmitCustodian(CUSTODIAN), &[ALICE]);
		assert!(dao(id).custodians.is_empty());
		assert_ok!(DataDao::offer_custody(RuntimeOrigin::signed(CUSTODIAN), id, true));
		pass(id, ALICE, DaoAction::AdmitCustodian(CUSTODIAN), &[ALICE]);
		assert_eq!(dao(id).custodians.to_vec(), vec![CUSTODIAN]);
		// Withdrawing the offer steps down.
		assert_ok!(DataDao::offer_custody(RuntimeOrigin::signed(CUSTODIAN), id, false));
		assert!(dao(id).custodians.is_empty());
		assert_ok!(DataDao::offer_custody(RuntimeOrigin::signed(CUSTODIAN), id, true));
		pass(id, ALICE, DaoAction::AdmitCustodian(CUSTODIAN), &[ALICE]);
		pass(id, ALICE, DaoAction::RemoveCustodian(CUSTODIAN), &[ALICE]);
		assert!(dao(id).custodians.is_empty());
	});
}

#[test]
fn a_spend_is_bounded_by_the_treasury() {
	test(|| {
		let id = create_dao();
		assert_ok!(DataDao::contribute(RuntimeOrigin::signed(BOB), id, item(1), 6));
		assert_ok!(DataDao::review(RuntimeOrigin::signed(ALICE), id, item(1), 0));
		pass(id, ALICE, DaoAction::Spend(CHARLIE, ITEM_DEPOSIT + 1), &[ALICE]);
		assert_eq!(dao(id).treasury, ITEM_DEPOSIT);
		pass(id, ALICE, DaoAction::Spend(CHARLIE, ITEM_DEPOSIT), &[ALICE]);
		assert_eq!((dao(id).treasury, Balances::balance(&account(id))), (0, ED));
		assert!(events().contains(&Event::Spent { dao: id, to: CHARLIE, amount: ITEM_DEPOSIT }));
	});
}

#[test]
fn governance_freezes_a_dao() {
	test(|| {
		let id = dao_with_grant(None, 10);
		assert_noop!(DataDao::set_frozen(RuntimeOrigin::signed(ALICE), id, true), DispatchError::BadOrigin);
		assert_ok!(DataDao::set_frozen(RuntimeOrigin::root(), id, true));
		assert_noop!(DataDao::contribute(RuntimeOrigin::signed(BOB), id, item(9), 6), Error::<Test>::DaoFrozen);
		assert_noop!(
			DataDao::propose(RuntimeOrigin::signed(ALICE), id, Box::new(DaoAction::AddCurator(BOB))),
			Error::<Test>::DaoFrozen
		);
		assert_eq!(submit_on_dataset(BUYER, id, 0, 1), Err(Error::<Test>::DaoFrozen.into()));
		assert_ok!(DataDao::set_frozen(RuntimeOrigin::root(), id, false));
		assert_ok!(submit_on_dataset(BUYER, id, 0, 1));
	});
}

#[test]
fn a_job_under_a_grant_runs_only_on_custodians_and_pays_the_dao_when_it_settles() {
	test(|| {
		let id = dao_with_grant(None, 1_000);
		// A registered provider outside the DAO, with far more stake, is never drawn.
		Providers::register(RuntimeOrigin::signed(OUTSIDER), provider_profile(), 1, 100 * MIN_STAKE).unwrap();
		let before = Balances::free_balance(BUYER);
		let job = submit_on_dataset(BUYER, id, 0, 1).unwrap();
		let ticket = pallet_jobs::JobAccess::<Test>::get(job).unwrap();
		// One work unit at 1,000.
		assert_eq!((ticket.fee, ticket.recipient, ticket.output_bytes), (1_000, account(id), 16));
		let g = crate::Grants::<Test>::get(id, 0).unwrap();
		assert_eq!((g.used_work_units, g.used_output_bytes), (1, 16));
		assert_eq!(run_job(job, true), CUSTODIAN);
		assert_eq!(pallet_jobs::Jobs::<Test>::get(job).unwrap().state, JobState::Settled);
		// The buyer paid the access fee and its job deposit is held (settlement, which
		// would pay the provider, is driven by this test: nobody else is paid).
		assert_eq!(Balances::free_balance(BUYER), before - 1_000 - 7);
		assert_eq!(Balances::balance(&account(id)), ED + 1_000);
		// 70% to members (Alice 100 shares, Bob 12), 10% to the curator, 20% to the treasury.
		let info = dao(id);
		assert_eq!(info.treasury, 200);
		assert!(events().contains(&Event::RevenueReceived { dao: id, amount: 1_000, to_members: 700, to_curators: 100, to_treasury: 200 }));
		// 700 over 112 shares: 6 a share, 28 carried as dust.
		assert_eq!(DataDao::claimable(id, &ALICE), 600 + 100);
		assert_eq!(DataDao::claimable(id, &BOB), 72);
		let alice = Balances::free_balance(ALICE);
		assert_ok!(DataDao::claim(RuntimeOrigin::signed(ALICE), id));
		assert_eq!(Balances::free_balance(ALICE), alice + 700);
		assert_ok!(DataDao::claim(RuntimeOrigin::signed(BOB), id));
		assert_noop!(DataDao::claim(RuntimeOrigin::signed(BOB), id), Error::<Test>::NothingToClaim);
		assert_eq!(crate::MemberPools::<Test>::get(id).dust, 28);
		assert_eq!(Balances::balance(&account(id)), ED + 200 + 28);
	});
}

#[test]
fn a_refunded_job_returns_the_fee_and_the_work_units() {
	test(|| {
		let id = dao_with_grant(None, 1_000);
		let before = Balances::free_balance(BUYER);
		let job = submit_on_dataset(BUYER, id, 0, 1).unwrap();
		run_job(job, false);
		assert_eq!(Balances::free_balance(BUYER), before - 7);
		assert_eq!(Balances::balance(&account(id)), ED);
		let g = crate::Grants::<Test>::get(id, 0).unwrap();
		// Computed, so its output bytes stay counted; the work units come back.
		assert_eq!((g.used_work_units, g.used_output_bytes), (0, 16));
		// A cancelled job gives both back.
		let job = submit_on_dataset(BUYER, id, 0, 1).unwrap();
		assert_ok!(Jobs::cancel_job(RuntimeOrigin::signed(BUYER), job));
		let g = crate::Grants::<Test>::get(id, 0).unwrap();
		assert_eq!((g.used_work_units, g.used_output_bytes), (0, 16));
	});
}

#[test]
fn jobs_outside_a_grant_fail_with_its_error() {
	test(|| {
		let id = dao_with_grant(Some(BUYER), 1);
		assert_eq!(submit_on_dataset(BUYER, id, 5, 1), Err(Error::<Test>::GrantNotFound.into()));
		assert_eq!(submit_on_dataset(CHARLIE, id, 0, 1), Err(Error::<Test>::NotGrantee.into()));
		// An item not in the DAO's dataset.
		assert_eq!(submit_on_dataset(BUYER, id, 0, 9), Err(Error::<Test>::ItemNotInVersion.into()));
		// Another kernel: an MLP over the item.
		let mlp = tensorgrid_primitives::KernelSpec::MlpInferenceI8(tensorgrid_primitives::kernels::MlpShape {
			batch: 1,
			d_in: 6,
			layers: vec![tensorgrid_primitives::kernels::MlpLayer {
				d_out: 1,
				requant: tensorgrid_primitives::kernels::Requant { multiplier: 1 << 30, shift: 31 },
			}]
			.try_into()
			.unwrap(),
		});
		assert_noop!(
			Jobs::submit_job(
				RuntimeOrigin::signed(BUYER),
				mlp,
				vec![dataset(id, 0, 1), inline(vec![1; 6]), inline(vec![0; 4])].try_into().unwrap(),
				1,
				1,
				System::block_number() + 50,
			),
			Error::<Test>::KernelNotGranted
		);
		// A grant on version 1 does not reach item 2, accepted in version 2.
		let mut terms = grant_terms(Some(BUYER), 1);
		terms.version = 1;
		pass(id, ALICE, DaoAction::Grant(terms), &[ALICE]);
		assert_eq!(submit_on_dataset(BUYER, id, 1, 2), Err(Error::<Test>::ItemNotInVersion.into()));
		assert_ok!(submit_on_dataset(BUYER, id, 1, 1));
		// Two items under different grants.
		assert_noop!(
			Jobs::submit_job(
				RuntimeOrigin::signed(BUYER),
				matmul(),
				vec![dataset(id, 0, 1), dataset(id, 1, 1)].try_into().unwrap(),
				1,
				1,
				System::block_number() + 50,
			),
			pallet_jobs::Error::<Test>::MixedDatasets
		);
		run_to(1_000);
		assert_eq!(submit_on_dataset(BUYER, id, 0, 1), Err(Error::<Test>::GrantExpired.into()));
		assert_ok!(DataDao::remove_expired_grant(RuntimeOrigin::signed(CHARLIE), id, 0));
		assert_eq!(dao(id).live_grants, 1);
	});
}

#[test]
fn a_grant_that_pins_its_parameters_refuses_others() {
	test(|| {
		let id = dao_with_grant(None, 1);
		let mut terms = grant_terms(None, 1);
		terms.params = ParamRule::Only(vec![digest_of(&[2; 6])].try_into().unwrap());
		pass(id, ALICE, DaoAction::Grant(terms), &[ALICE]);
		// B = [1; 6] (say an identity-like matrix chosen to copy A out) is not the pinned one.
		assert_eq!(submit_on_dataset(BUYER, id, 1, 1), Err(Error::<Test>::ParamsNotGranted.into()));
		assert_ok!(Jobs::submit_job(
			RuntimeOrigin::signed(BUYER),
			matmul(),
			vec![dataset(id, 1, 1), inline(vec![2; 6])].try_into().unwrap(),
			1,
			1,
			System::block_number() + 50,
		));
	});
}

#[test]
fn a_grant_that_pins_spec_and_layout_refuses_a_copying_job() {
	test(|| {
		let id = dao_with_grant(None, 1);
		let mut terms = grant_terms(None, 1);
		let pinned = tensorgrid_primitives::KernelSpec::MatmulI8(tensorgrid_primitives::kernels::MatmulShape { m: 1, k: 6, n: 1 });
		terms.spec = Some(sp_io::hashing::blake2_256(&codec::Encode::encode(&pinned)));
		// Input 0 is the dataset item, input 1 the pinned parameter.
		terms.layout = Some(0b01);
		terms.params = ParamRule::Only(vec![digest_of(&[2; 6])].try_into().unwrap());
		pass(id, ALICE, DaoAction::Grant(terms), &[ALICE]);
		let submit = |spec, inputs: Vec<_>| {
			Jobs::submit_job(RuntimeOrigin::signed(BUYER), spec, inputs.try_into().unwrap(), 1, 1, System::block_number() + 50)
		};
		// 2×3 · 3×2 with the pinned B still copies rows of A: not the pinned spec.
		assert_noop!(submit(matmul(), vec![dataset(id, 1, 1), inline(vec![2; 6])]), Error::<Test>::SpecNotGranted);
		// The pinned spec with a dataset item where the parameter belongs.
		assert_noop!(submit(pinned.clone(), vec![inline(vec![2; 6]), dataset(id, 1, 1)]), Error::<Test>::LayoutNotGranted);
		// Only dataset items: no parameter to check, but not the layout either.
		assert_noop!(submit(pinned.clone(), vec![dataset(id, 1, 1), dataset(id, 1, 2)]), Error::<Test>::LayoutNotGranted);
		assert_ok!(submit(pinned, vec![dataset(id, 1, 1), inline(vec![2; 6])]));
	});
}

#[test]
fn only_custodians_may_verify_a_job_on_a_dataset() {
	test(|| {
		let id = dao_with_grant(None, 1);
		let job = submit_on_dataset(BUYER, id, 0, 1).unwrap();
		let view = <Jobs as JobsInterface<_, _, _>>::job(job).unwrap();
		assert_eq!(view.runners, Some(vec![CUSTODIAN]));
	});
}

#[test]
fn a_proposal_nobody_voted_on_forfeits_its_deposit() {
	test(|| {
		let id = create_dao();
		run_to(2);
		assert_ok!(DataDao::propose(RuntimeOrigin::signed(ALICE), id, Box::new(DaoAction::AddCurator(BOB))));
		run_to(3 + VOTING);
		let before = Balances::total_balance(&ALICE);
		assert_ok!(DataDao::close_proposal(RuntimeOrigin::signed(BOB), id, 0));
		assert_eq!(held(crate::HoldReason::ProposalDeposit, ALICE), 0);
		assert_eq!(Balances::total_balance(&ALICE), before - PROPOSAL_DEPOSIT);
		assert_eq!(dao(id).treasury, PROPOSAL_DEPOSIT);
	});
}

#[test]
fn a_burst_of_mints_keeps_older_voting_weight() {
	test(|| {
		let id = create_dao();
		assert_ok!(DataDao::contribute(RuntimeOrigin::signed(BOB), id, item(20), 4));
		assert_ok!(DataDao::review(RuntimeOrigin::signed(ALICE), id, item(20), 1));
		run_to(2);
		assert_ok!(DataDao::propose(RuntimeOrigin::signed(ALICE), id, Box::new(DaoAction::AddCurator(CHARLIE))));
		// A curator accepts Bob's items one block at a time, more than the checkpoints kept.
		for n in 1..=6u8 {
			run_to(2 + n as u64);
			assert_ok!(DataDao::contribute(RuntimeOrigin::signed(BOB), id, item(n), 4));
			assert_ok!(DataDao::review(RuntimeOrigin::signed(ALICE), id, item(n), 1));
		}
		assert_ok!(DataDao::vote(RuntimeOrigin::signed(BOB), id, 0, true));
		assert_eq!(crate::Proposals::<Test>::get(id, 0).unwrap().ayes, 1);
	});
}

#[test]
fn a_grant_budget_is_a_hard_limit_on_work_and_egress() {
	test(|| {
		let id = dao_with_grant(None, 1);
		let mut terms = grant_terms(None, 1);
		terms.max_output_bytes = 40;
		pass(id, ALICE, DaoAction::Grant(terms), &[ALICE]);
		assert_ok!(submit_on_dataset(BUYER, id, 1, 1));
		assert_ok!(submit_on_dataset(BUYER, id, 1, 2));
		// 16 bytes each: a third would exceed 40.
		assert_eq!(submit_on_dataset(BUYER, id, 1, 1), Err(Error::<Test>::EgressExhausted.into()));
		for _ in 0..10 {
			let _ = submit_on_dataset(BUYER, id, 0, 1);
		}
		assert_eq!(submit_on_dataset(BUYER, id, 0, 1), Err(Error::<Test>::WorkUnitsExhausted.into()));
	});
}

#[test]
fn a_dao_without_custodians_cannot_sell_access() {
	test(|| {
		let id = dao_with_grant(None, 1);
		pass(id, ALICE, DaoAction::RemoveCustodian(CUSTODIAN), &[ALICE]);
		assert_eq!(submit_on_dataset(BUYER, id, 0, 1), Err(Error::<Test>::NoCustodians.into()));
	});
}

#[test]
fn a_custodian_removed_after_submission_is_not_drawn() {
	test(|| {
		let id = dao_with_grant(None, 1);
		register_provider(CUSTODIAN2);
		assert_ok!(DataDao::offer_custody(RuntimeOrigin::signed(CUSTODIAN2), id, true));
		pass(id, ALICE, DaoAction::AdmitCustodian(CUSTODIAN2), &[ALICE]);
		let job = submit_on_dataset(BUYER, id, 0, 1).unwrap();
		// The removal is enacted before the job is matched (the next block).
		assert_ok!(DataDao::apply(id, DaoAction::RemoveCustodian(CUSTODIAN)));
		assert_eq!(run_job(job, true), CUSTODIAN2);
	});
}

#[test]
fn curators_share_their_part_equally_and_a_removed_one_keeps_what_it_earned() {
	test(|| {
		let id = dao_with_grant(None, 1_000);
		pass(id, ALICE, DaoAction::AddCurator(CHARLIE), &[ALICE]);
		let job = submit_on_dataset(BUYER, id, 0, 1).unwrap();
		run_job(job, true);
		// 100 to two curators.
		assert_eq!(crate::CuratorPools::<Test>::get(id).owed(&crate::CuratorStakes::<Test>::get(id, CHARLIE).unwrap()), Ok(50));
		pass(id, ALICE, DaoAction::RemoveCurator(CHARLIE), &[ALICE]);
		let job = submit_on_dataset(BUYER, id, 0, 2).unwrap();
		run_job(job, true);
		assert_eq!(DataDao::claimable(id, &CHARLIE), 50);
		let before = Balances::free_balance(CHARLIE);
		assert_ok!(DataDao::claim(RuntimeOrigin::signed(CHARLIE), id));
		assert_eq!(Balances::free_balance(CHARLIE), before + 50);
		assert!(crate::CuratorStakes::<Test>::get(id, CHARLIE).is_none());
	});
}

/// Random contributions, reviews, proposals, votes, grants, jobs and claims; after every
/// block: every pallet's `try_state` (shares add up, `owed + dust + paid == received` in
/// both pools, deposits match their holds), total issuance unchanged, and no job on a
/// dataset ever assigned to anyone but a custodian or without a live grant's ticket.
#[test]
fn randomized_market_of_daos_keeps_every_invariant() {
	let sequences: u64 = std::env::var("DAO_FUZZ_SEQUENCES").ok().and_then(|s| s.parse().ok()).unwrap_or(40);
	let mut totals = Outcomes::default();
	for seed in 1..=sequences {
		let outcomes = new_test_ext().execute_with(|| run_sequence(seed));
		totals.add(&outcomes);
	}
	println!("{sequences} sequences: {totals:?}");
	// The run reaches the paths it is meant to check.
	assert!(totals.accepted > 0 && totals.executed > 0 && totals.jobs > 0, "{totals:?}");
	assert!(totals.settled > 0 && totals.refunded > 0 && totals.claims > 0, "{totals:?}");
}

#[derive(Default, Debug)]
struct Outcomes {
	accepted: u32,
	executed: u32,
	jobs: u32,
	settled: u32,
	refunded: u32,
	claims: u32,
}

impl Outcomes {
	fn add(&mut self, o: &Outcomes) {
		self.accepted += o.accepted;
		self.executed += o.executed;
		self.jobs += o.jobs;
		self.settled += o.settled;
		self.refunded += o.refunded;
		self.claims += o.claims;
	}
}

fn run_sequence(seed: u64) -> Outcomes {
	let mut state = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
	let mut next = move || {
		state ^= state << 13;
		state ^= state >> 7;
		state ^= state << 17;
		state
	};
	let issuance = Balances::total_issuance();
	let people = [ALICE, BOB, CHARLIE, BUYER];
	register_provider(CUSTODIAN);
	register_provider(CUSTODIAN2);
	Providers::register(RuntimeOrigin::signed(OUTSIDER), provider_profile(), 1, 50 * MIN_STAKE).unwrap();
	let mut r = rules();
	r.voting_period = 3;
	r.quorum = Perbill::from_percent(20);
	r.approval = Perbill::from_percent(50);
	if next() % 2 == 0 {
		r.auto_accept = Some(AutoAccept { max_item_bytes: 6, rating: 2 });
	}
	DataDao::create_dao(RuntimeOrigin::signed(ALICE), r, 1 + next() as u128 % 50, vec![CHARLIE].try_into().unwrap()).unwrap();
	// A market already open: two items, one custodian, one grant (the voting that gets a
	// DAO there is covered above; random proposals below change it from here).
	for n in [1, 2] {
		DataDao::contribute(RuntimeOrigin::signed(BOB), 0, item(n), 6).unwrap();
		let _ = DataDao::review(RuntimeOrigin::signed(ALICE), 0, item(n), 3);
		let _ = DataDao::review(RuntimeOrigin::signed(CHARLIE), 0, item(n), 3);
	}
	for c in [CUSTODIAN, CUSTODIAN2] {
		DataDao::offer_custody(RuntimeOrigin::signed(c), 0, true).unwrap();
	}
	DataDao::apply(0, DaoAction::AdmitCustodian(CUSTODIAN)).unwrap();
	let version = dao(0).version;
	DataDao::apply(0, DaoAction::Grant(GrantTerms { version, ..grant_terms(None, 1 + next() as u128 % 500) })).unwrap();
	let mut jobs = vec![];
	let mut settled_fees = 0u128;
	for _ in 0..250 {
		let who = people[(next() % people.len() as u64) as usize];
		let n = (next() % 12) as u8 + 1;
		// One of the four newest proposals.
		let recent = dao(0).next_proposal.saturating_sub(1 + (next() % 4) as u32);
		let _ = match next() % 16 {
			0 | 1 => DataDao::contribute(RuntimeOrigin::signed(who), 0, item(n), 6),
			2 => DataDao::review(RuntimeOrigin::signed(who), 0, item(n), (next() % 6) as u8),
			3 | 11 | 12 => {
				let who = [ALICE, BOB][(next() % 2) as usize];
				let action = match next() % 6 {
					0 => DaoAction::AdmitCustodian([CUSTODIAN, CUSTODIAN2, OUTSIDER, BOB][(next() % 4) as usize]),
					1 => DaoAction::RemoveCustodian([CUSTODIAN, CUSTODIAN2][(next() % 2) as usize]),
					2 => {
						let version = dao(0).version.max(1);
						DaoAction::Grant(GrantTerms { version, max_work_units: 1 + next() % 6, ..grant_terms(None, 1 + next() as u128 % 500) })
					},
					3 => DaoAction::RevokeGrant((next() % 4) as u32),
					4 => DaoAction::Spend(who, next() as u128 % 100),
					_ => DaoAction::AcceptContributions(vec![(item(n), 1 + (next() % 5) as u8)].try_into().unwrap()),
				};
				DataDao::propose(RuntimeOrigin::signed(who), 0, Box::new(action))
			},
			4 | 13 | 14 => DataDao::vote(RuntimeOrigin::signed(who), 0, recent, next() % 4 != 0),
			5 | 15 => DataDao::close_proposal(RuntimeOrigin::signed(who), 0, recent),
			6 | 7 => submit_on_dataset(who, 0, (next() % 4) as u32, n).map(|job| jobs.push(job)).map_err(|e| e.into()),
			8 => DataDao::claim(RuntimeOrigin::signed(who), 0),
			9 => DataDao::remove_vote(RuntimeOrigin::signed(who), 0, recent),
			10 => {
				// Drive a random job one step: commit by its provider, then settle or refund.
				if let Some(job) = jobs.get((next() % jobs.len().max(1) as u64) as usize).copied() {
					if let Some(j) = pallet_jobs::Jobs::<Test>::get(job) {
						if let Some(slot) = j.slots.first() {
							let provider = slot.provider;
							let _ = <Jobs as JobsInterface<_, _, _>>::note_commit(job, &provider);
							let settle = next() % 3 != 0;
							let fee = pallet_jobs::JobAccess::<Test>::get(job).map(|t| t.fee).unwrap_or(0);
							let outcome = if settle { JobOutcome::Settled([1; 32]) } else { JobOutcome::Refunded };
							if <Jobs as JobsInterface<_, _, _>>::finish(job, outcome).is_ok() {
								if settle {
									settled_fees += fee;
								}
							}
						}
					}
				}
				Ok(())
			},
			_ => unreachable!(),
		};
		run_to(System::block_number() + 1);
		check_invariants();
		assert_eq!(Balances::total_issuance(), issuance, "seed {seed}: issuance changed");
		let custodians = dao(0).custodians.to_vec();
		for job in &jobs {
			let Some(j) = pallet_jobs::Jobs::<Test>::get(job) else { continue };
			assert!(pallet_jobs::JobAccess::<Test>::contains_key(job), "seed {seed}: a dataset job without its ticket");
			for slot in j.slots.iter() {
				// Assigned while a custodian; a later removal does not unassign.
				assert!(
					slot.provider == CUSTODIAN || slot.provider == CUSTODIAN2,
					"seed {seed}: job {job} assigned to {} (custodians now {custodians:?})",
					slot.provider
				);
			}
		}
		let pools = crate::MemberPools::<Test>::get(0).received + crate::CuratorPools::<Test>::get(0).received;
		assert!(pools <= settled_fees, "seed {seed}: pools received more than the settled fees");
	}
	let mut o = Outcomes { jobs: jobs.len() as u32, ..Default::default() };
	for e in System::events() {
		match e.event {
			RuntimeEvent::DataDao(Event::ItemAccepted { .. }) => o.accepted += 1,
			RuntimeEvent::DataDao(Event::Executed { result: Ok(()), .. }) => o.executed += 1,
			RuntimeEvent::DataDao(Event::Claimed { .. }) => o.claims += 1,
			RuntimeEvent::Jobs(pallet_jobs::Event::JobSettled { .. }) => o.settled += 1,
			RuntimeEvent::Jobs(pallet_jobs::Event::JobRefunded { .. }) => o.refunded += 1,
			_ => {},
		}
	}
	o
}
