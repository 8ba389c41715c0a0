//! Unit tests of the providers pallet: every call, every error, and the balances and holds
//! after each (free + held is conserved; slashes only move balance).

use crate::{
	mock::*,
	pallet::{Error, HoldReason, Parameters, Providers as ProviderRecords, TotalHeld},
	traits::ProviderRegistry,
	types::*,
	Event,
};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold},
};
use sp_runtime::{DispatchError, Perbill};
use tensorgrid_primitives::KernelId;

fn held(who: AccountId) -> Balance {
	Balances::balance_on_hold(&HoldReason::ProviderStake.into(), &who)
}

fn free(who: AccountId) -> Balance {
	Balances::balance(&who)
}

const PRICE: Balance = 10;

fn register(who: AccountId, stake: Balance) {
	assert_ok!(Providers::register(RuntimeOrigin::signed(who), profile(), PRICE, stake));
}

fn last_event() -> Event<Test> {
	System::events()
		.into_iter()
		.rev()
		.find_map(|r| match r.event {
			RuntimeEvent::Providers(e) => Some(e),
			_ => None,
		})
		.expect("an event")
}

#[test]
fn register_holds_stake_and_stores_profile() {
	test(|| {
		register(ALICE, 5_000);
		assert_eq!(held(ALICE), 5_000);
		assert_eq!(free(ALICE), INITIAL - 5_000);
		assert_eq!(Balances::total_balance(&ALICE), INITIAL);
		let p = ProviderRecords::<Test>::get(ALICE).unwrap();
		assert_eq!(p.stake, 5_000);
		assert_eq!(p.price_per_unit, 10);
		assert_eq!(p.status, ProviderStatus::Active);
		assert_eq!(&p.profile.adapter_name[..], b"NVIDIA H100");
		assert_eq!(TotalHeld::<Test>::get(), 5_000);
		assert_eq!(last_event(), Event::Registered { provider: ALICE, stake: 5_000, price_per_unit: 10 });
	});
}

#[test]
fn register_errors() {
	test(|| {
		let signed = RuntimeOrigin::signed(ALICE);
		assert_noop!(
			Providers::register(signed.clone(), profile(), 10, MIN_STAKE - 1),
			Error::<Test>::StakeTooLow
		);
		assert_noop!(Providers::register(signed.clone(), profile(), 0, MIN_STAKE), Error::<Test>::ZeroPrice);
		assert_noop!(
			Providers::register(signed.clone(), profile(), 10, INITIAL),
			Error::<Test>::InsufficientBalance
		);
		let mut big = profile();
		big.adapter_name = vec![b'x'; 33];
		assert_noop!(Providers::register(signed.clone(), big, 10, MIN_STAKE), Error::<Test>::ProfileTooLarge);
		let mut no_kernels = profile();
		no_kernels.kernels.clear();
		assert_noop!(Providers::register(signed.clone(), no_kernels, 10, MIN_STAKE), Error::<Test>::NoKernels);
		let mut dup = profile();
		dup.kernels = vec![KernelId::MatmulI8, KernelId::MatmulI8];
		assert_noop!(Providers::register(signed.clone(), dup, 10, MIN_STAKE), Error::<Test>::DuplicateKernel);
		let mut zero = profile();
		zero.max_concurrent_jobs = 0;
		assert_noop!(Providers::register(signed.clone(), zero, 10, MIN_STAKE), Error::<Test>::ZeroCapacity);
		assert_noop!(Providers::register(RuntimeOrigin::none(), profile(), 10, MIN_STAKE), DispatchError::BadOrigin);

		register(ALICE, MIN_STAKE);
		assert_noop!(Providers::register(signed, profile(), 10, MIN_STAKE), Error::<Test>::AlreadyRegistered);
	});
}

#[test]
fn provider_count_is_bounded() {
	test(|| {
		for who in [ALICE, BOB, CHARLIE, DAVE] {
			register(who, MIN_STAKE);
		}
		assert_noop!(
			Providers::register(RuntimeOrigin::signed(EVE), profile(), 10, MIN_STAKE),
			Error::<Test>::TooManyProviders
		);
	});
}

#[test]
fn update_profile_and_set_price() {
	test(|| {
		assert_noop!(Providers::update_profile(RuntimeOrigin::signed(ALICE), profile()), Error::<Test>::NotRegistered);
		register(ALICE, MIN_STAKE);
		let mut p = profile();
		p.kernels = vec![KernelId::AttentionI8];
		assert_ok!(Providers::update_profile(RuntimeOrigin::signed(ALICE), p));
		assert!(ProviderRecords::<Test>::get(ALICE).unwrap().profile.supports(KernelId::AttentionI8));
		assert_eq!(last_event(), Event::ProfileUpdated { provider: ALICE });

		assert_ok!(Providers::set_price(RuntimeOrigin::signed(ALICE), 42));
		assert_eq!(ProviderRecords::<Test>::get(ALICE).unwrap().price_per_unit, 42);
		assert_eq!(last_event(), Event::PriceSet { provider: ALICE, price_per_unit: 42 });
		assert_noop!(Providers::set_price(RuntimeOrigin::signed(ALICE), 0), Error::<Test>::ZeroPrice);
		assert_noop!(Providers::set_price(RuntimeOrigin::signed(BOB), 5), Error::<Test>::NotRegistered);
	});
}

#[test]
fn bond_extra_holds_more() {
	test(|| {
		assert_noop!(Providers::bond_extra(RuntimeOrigin::signed(ALICE), 1), Error::<Test>::NotRegistered);
		register(ALICE, MIN_STAKE);
		assert_ok!(Providers::bond_extra(RuntimeOrigin::signed(ALICE), 500));
		assert_eq!(held(ALICE), MIN_STAKE + 500);
		assert_eq!(ProviderRecords::<Test>::get(ALICE).unwrap().stake, MIN_STAKE + 500);
		assert_eq!(Balances::total_balance(&ALICE), INITIAL);
		assert_noop!(Providers::bond_extra(RuntimeOrigin::signed(ALICE), 0), Error::<Test>::ZeroAmount);
		assert_noop!(
			Providers::bond_extra(RuntimeOrigin::signed(ALICE), INITIAL),
			Error::<Test>::InsufficientBalance
		);
	});
}

#[test]
fn unbonding_timeline() {
	test(|| {
		register(ALICE, 3_000);
		assert_ok!(Providers::unbond(RuntimeOrigin::signed(ALICE), 1_500));
		assert_eq!(last_event(), Event::Unbonding { provider: ALICE, amount: 1_500, unlock_at: 1 + UNBONDING });
		// Still held while unbonding.
		assert_eq!(held(ALICE), 3_000);
		assert_eq!(ProviderRecords::<Test>::get(ALICE).unwrap().stake, 1_500);
		assert_noop!(Providers::withdraw_unbonded(RuntimeOrigin::signed(ALICE)), Error::<Test>::NothingToWithdraw);
		run_to(UNBONDING);
		assert_noop!(Providers::withdraw_unbonded(RuntimeOrigin::signed(ALICE)), Error::<Test>::NothingToWithdraw);
		run_to(1 + UNBONDING);
		assert_ok!(Providers::withdraw_unbonded(RuntimeOrigin::signed(ALICE)));
		assert_eq!(held(ALICE), 1_500);
		assert_eq!(free(ALICE), INITIAL - 1_500);
		assert_eq!(last_event(), Event::Withdrawn { provider: ALICE, amount: 1_500 });
	});
}

#[test]
fn unbond_errors() {
	test(|| {
		register(ALICE, 2_000);
		let o = RuntimeOrigin::signed(ALICE);
		assert_noop!(Providers::unbond(o.clone(), 1_001), Error::<Test>::StakeTooLow);
		assert_noop!(Providers::unbond(o.clone(), 5_000), Error::<Test>::UnbondExceedsStake);
		assert_noop!(Providers::unbond(o.clone(), 0), Error::<Test>::ZeroAmount);
		assert_ok!(Providers::bond_extra(o.clone(), 3_000));
		for _ in 0..3 {
			assert_ok!(Providers::unbond(o.clone(), 100));
		}
		assert_noop!(Providers::unbond(o, 100), Error::<Test>::TooManyUnbondingChunks);
	});
}

#[test]
fn deregister_unbonds_everything_and_removes_after_withdrawal() {
	test(|| {
		register(ALICE, 2_000);
		assert_ok!(Providers::deregister(RuntimeOrigin::signed(ALICE)));
		assert_eq!(last_event(), Event::Deregistered { provider: ALICE });
		let p = ProviderRecords::<Test>::get(ALICE).unwrap();
		assert_eq!(p.status, ProviderStatus::Leaving);
		assert_eq!(p.stake, 0);
		assert_eq!(held(ALICE), 2_000);
		// Leaving providers can only withdraw.
		assert_noop!(Providers::heartbeat(RuntimeOrigin::signed(ALICE)), Error::<Test>::Leaving);
		assert_noop!(Providers::bond_extra(RuntimeOrigin::signed(ALICE), 1), Error::<Test>::Leaving);
		assert_noop!(Providers::deregister(RuntimeOrigin::signed(ALICE)), Error::<Test>::Leaving);
		run_to(1 + UNBONDING);
		assert_ok!(Providers::withdraw_unbonded(RuntimeOrigin::signed(ALICE)));
		assert_eq!(last_event(), Event::Removed { provider: ALICE });
		assert!(ProviderRecords::<Test>::get(ALICE).is_none());
		assert_eq!(free(ALICE), INITIAL);
		assert_eq!(TotalHeld::<Test>::get(), 0);
	});
}

#[test]
fn deregister_with_active_jobs_fails() {
	test(|| {
		register(ALICE, 2_000);
		assert_ok!(<Providers as ProviderRegistry<_, _>>::reserve_capacity(&ALICE, 0));
		assert_noop!(Providers::deregister(RuntimeOrigin::signed(ALICE)), Error::<Test>::HasActiveJobs);
		<Providers as ProviderRegistry<_, _>>::release_capacity(&ALICE, 0);
		assert_ok!(Providers::deregister(RuntimeOrigin::signed(ALICE)));
	});
}

#[test]
fn slot_collateral_comes_from_free_bonded_stake_only() {
	test(|| {
		register(ALICE, 2_000);
		let free = |who| {
			let p = ProviderRecords::<Test>::get(who).unwrap();
			Providers::free_stake(&who, &p, System::block_number())
		};
		assert_eq!(free(ALICE), 2_000);
		assert_ok!(Providers::reserve_capacity(&ALICE, 1_500));
		assert_eq!((Providers::collateral_in_use(&ALICE), free(ALICE)), (1_500, 500));
		// A second slot cannot take collateral the first one backs; nothing changes.
		assert_noop!(Providers::reserve_capacity(&ALICE, 501), Error::<Test>::InsufficientFreeStake);
		// Unbonding stake may unlock before a new slot's last slash: it is not free.
		assert_ok!(Providers::bond_extra(RuntimeOrigin::signed(ALICE), 1_000));
		assert_ok!(Providers::unbond(RuntimeOrigin::signed(ALICE), 1_000));
		assert_eq!(free(ALICE), 500);
		assert_ok!(Providers::reserve_capacity(&ALICE, 500));
		assert_noop!(Providers::reserve_capacity(&ALICE, 0), Error::<Test>::NoFreeCapacity);
		Providers::release_capacity(&ALICE, 1_500);
		Providers::release_capacity(&ALICE, 500);
		assert_eq!(Providers::collateral_in_use(&ALICE), 0);
		assert!(!crate::CollateralInUse::<Test>::contains_key(ALICE), "no zero entry is kept");
		assert_ok!(Providers::do_try_state());
	});
}

#[test]
fn heartbeat_keeps_provider_online_and_first_one_per_block_is_free() {
	test(|| {
		assert_noop!(Providers::heartbeat(RuntimeOrigin::signed(ALICE)), Error::<Test>::NotOperator);
		register(ALICE, MIN_STAKE);
		run_to(1 + DRAW_DELAY);
		assert!(Providers::is_eligible(&ALICE, KernelId::MatmulI8));
		run_to(1 + WINDOW + 1);
		assert!(!Providers::is_eligible(&ALICE, KernelId::MatmulI8), "stale heartbeat");
		let first = Providers::heartbeat(RuntimeOrigin::signed(ALICE)).unwrap();
		assert_eq!(first.pays_fee, frame_support::dispatch::Pays::No);
		let second = Providers::heartbeat(RuntimeOrigin::signed(ALICE)).unwrap();
		assert_eq!(second.pays_fee, frame_support::dispatch::Pays::Yes);
		// Back online for the draws once the heartbeat is DRAW_DELAY blocks old.
		run_to(1 + WINDOW + 1 + DRAW_DELAY);
		assert!(Providers::is_eligible(&ALICE, KernelId::MatmulI8));
		assert_eq!(last_event(), Event::Heartbeat { provider: ALICE });
	});
}

#[test]
fn attack_9_heartbeats_are_free_only_when_due() {
	// Before: the first heartbeat of every block was free, paused providers included, so
	// 1,024 providers could put 1,024 free transactions into every block.
	use frame_support::dispatch::Pays;
	test(|| {
		register(ALICE, MIN_STAKE);
		// Registered this block: the next heartbeat is due half a window later.
		run_to(2);
		assert_eq!(Providers::heartbeat(RuntimeOrigin::signed(ALICE)).unwrap().pays_fee, Pays::Yes);
		run_to(2 + WINDOW / 2 - 1);
		assert_eq!(Providers::heartbeat(RuntimeOrigin::signed(ALICE)).unwrap().pays_fee, Pays::Yes);
		run_to(2 + WINDOW - 1);
		assert_eq!(Providers::heartbeat(RuntimeOrigin::signed(ALICE)).unwrap().pays_fee, Pays::No);
		// A paused provider takes no jobs: its heartbeats always pay.
		assert_ok!(Providers::pause(RuntimeOrigin::signed(ALICE)));
		run_to(2 + 3 * WINDOW);
		assert_eq!(Providers::heartbeat(RuntimeOrigin::signed(ALICE)).unwrap().pays_fee, Pays::Yes);
	});
}

#[test]
fn pause_and_resume() {
	test(|| {
		register(ALICE, MIN_STAKE);
		run_to(1 + DRAW_DELAY);
		assert_noop!(Providers::resume(RuntimeOrigin::signed(ALICE)), Error::<Test>::NotPaused);
		assert_ok!(Providers::pause(RuntimeOrigin::signed(ALICE)));
		assert_eq!(last_event(), Event::Paused { provider: ALICE });
		// The draws see the pause DRAW_DELAY blocks later (see `draw_view`).
		assert!(Providers::is_eligible(&ALICE, KernelId::MatmulI8));
		run_to(1 + 2 * DRAW_DELAY);
		assert!(!Providers::is_eligible(&ALICE, KernelId::MatmulI8));
		assert_noop!(Providers::pause(RuntimeOrigin::signed(ALICE)), Error::<Test>::AlreadyPaused);
		assert_ok!(Providers::resume(RuntimeOrigin::signed(ALICE)));
		assert_eq!(last_event(), Event::Resumed { provider: ALICE });
		assert_ok!(Providers::heartbeat(RuntimeOrigin::signed(ALICE)));
		run_to(1 + 3 * DRAW_DELAY);
		assert!(Providers::is_eligible(&ALICE, KernelId::MatmulI8));
		assert_noop!(Providers::pause(RuntimeOrigin::signed(BOB)), Error::<Test>::NotOperator);
	});
}

#[test]
fn eligibility_filters_kernel_price_capacity_and_stake() {
	test(|| {
		register(ALICE, MIN_STAKE);
		register(BOB, 5_000);
		assert_ok!(Providers::set_price(RuntimeOrigin::signed(BOB), 50));
		run_to(1 + DRAW_DELAY);
		let ids = |k, max| {
			Providers::eligible(k, max).into_iter().map(|c| c.account).collect::<Vec<_>>()
		};
		let mut both = ids(KernelId::MatmulI8, 100);
		both.sort();
		assert_eq!(both, vec![ALICE, BOB]);
		assert_eq!(ids(KernelId::MatmulI8, 20), vec![ALICE]);
		assert!(ids(KernelId::Conv2dI8, 100).is_empty());
		// Capacity 2: two reservations exhaust Alice.
		assert_ok!(Providers::reserve_capacity(&ALICE, 0));
		assert_ok!(Providers::reserve_capacity(&ALICE, 0));
		assert_noop!(Providers::reserve_capacity(&ALICE, 0), Error::<Test>::NoFreeCapacity);
		assert_eq!(ids(KernelId::MatmulI8, 20), Vec::<AccountId>::new());
		Providers::release_capacity(&ALICE, 0);
		assert_eq!(ids(KernelId::MatmulI8, 20), vec![ALICE]);
		// Governance raises the minimum stake: Alice drops out.
		let mut params = Parameters::<Test>::get();
		params.min_provider_stake = 2_000;
		assert_ok!(Providers::set_parameters(RuntimeOrigin::root(), params));
		assert_eq!(ids(KernelId::MatmulI8, 100), vec![BOB]);
	});
}

#[test]
fn slash_to_each_beneficiary_moves_balance_without_creating_any() {
	test(|| {
		register(ALICE, 4_000);
		let issuance = Balances::total_issuance();
		// To a submitter, an exact amount.
		assert_eq!(Providers::slash(&ALICE, SlashAmount::Exact(1_000), &SUBMITTER), Ok(1_000));
		assert_eq!(free(SUBMITTER), 1 + 1_000);
		assert_eq!(last_event(), Event::Slashed { provider: ALICE, amount: 1_000, beneficiary: SUBMITTER });
		// To the treasury, a fraction of what is held.
		assert_eq!(Providers::slash(&ALICE, SlashAmount::Fraction(Perbill::from_percent(10)), &TREASURY), Ok(300));
		assert_eq!(free(TREASURY), 1 + 300);
		// To a verifier.
		assert_eq!(Providers::slash(&ALICE, SlashAmount::Exact(200), &BOB), Ok(200));
		assert_eq!(free(BOB), INITIAL + 200);
		assert_eq!(held(ALICE), 2_500);
		assert_eq!(ProviderRecords::<Test>::get(ALICE).unwrap().stake, 2_500);
		assert_eq!(Balances::total_issuance(), issuance);
		assert_eq!(Balances::total_balance(&ALICE), INITIAL - 1_500);
		// More than held is capped at what is held.
		assert_eq!(Providers::slash(&ALICE, SlashAmount::Exact(1_000_000), &TREASURY), Ok(2_500));
		assert_eq!(held(ALICE), 0);
		assert_eq!(Balances::total_issuance(), issuance);
		assert_eq!(Providers::slash(&BOB, SlashAmount::Exact(1), &TREASURY), Err(Error::<Test>::NotRegistered.into()));
	});
}

#[test]
fn unbonding_stake_stays_slashable() {
	test(|| {
		register(ALICE, 3_000);
		assert_ok!(Providers::unbond(RuntimeOrigin::signed(ALICE), 2_000));
		// Bonded stake goes first, then the unbonding chunk.
		assert_eq!(Providers::slash(&ALICE, SlashAmount::Exact(1_500), &TREASURY), Ok(1_500));
		let p = ProviderRecords::<Test>::get(ALICE).unwrap();
		assert_eq!(p.stake, 0);
		assert_eq!(p.unbonding[0].amount, 1_500);
		run_to(1 + UNBONDING);
		assert_ok!(Providers::withdraw_unbonded(RuntimeOrigin::signed(ALICE)));
		assert_eq!(free(ALICE), INITIAL - 1_500);
	});
}

#[test]
fn slashing_a_leaving_provider_to_zero_removes_it() {
	test(|| {
		register(ALICE, 2_000);
		assert_ok!(Providers::deregister(RuntimeOrigin::signed(ALICE)));
		assert_eq!(Providers::slash(&ALICE, SlashAmount::Fraction(Perbill::one()), &TREASURY), Ok(2_000));
		assert!(ProviderRecords::<Test>::get(ALICE).is_none());
		assert_eq!(TotalHeld::<Test>::get(), 0);
	});
}

#[test]
fn reputation_moves_with_results_and_decays() {
	test(|| {
		register(ALICE, MIN_STAKE);
		let score = || Providers::api_provider(ALICE).unwrap().reputation_permill;
		assert_eq!(score(), 500);
		for _ in 0..3 {
			Providers::record_success(&ALICE);
		}
		assert_eq!(score(), 800); // (3+1)/(3+2)
		assert_eq!(last_event(), Event::ReputationChanged { provider: ALICE, success: true, permill: 800 });
		Providers::record_failure(&ALICE);
		assert_eq!(score(), 666); // 4/6
		// After many half-lives the record fades back towards the prior.
		run_to(1 + 20 * HALF_LIFE);
		assert_eq!(score(), 500);
	});
}

#[test]
fn set_parameters_requires_governance_and_sane_values() {
	test(|| {
		let mut params = Parameters::<Test>::get();
		assert_eq!(params.min_provider_stake, MIN_STAKE);
		params.unbonding_period = 99;
		assert_noop!(Providers::set_parameters(RuntimeOrigin::signed(ALICE), params), DispatchError::BadOrigin);
		assert_ok!(Providers::set_parameters(RuntimeOrigin::root(), params));
		assert_eq!(Parameters::<Test>::get().unbonding_period, 99);
		assert_eq!(last_event(), Event::ParametersSet { parameters: params });
		params.heartbeat_window = 0;
		assert_noop!(Providers::set_parameters(RuntimeOrigin::root(), params), Error::<Test>::InvalidParameters);
	});
}

#[test]
fn providers_api_lists_every_provider() {
	test(|| {
		register(ALICE, MIN_STAKE);
		register(BOB, 2_000);
		assert_ok!(Providers::unbond(RuntimeOrigin::signed(BOB), 500));
		let mut list = Providers::api_providers();
		list.sort_by_key(|s| s.account);
		assert_eq!(list.len(), 2);
		assert_eq!(list[1].stake, 1_500);
		assert_eq!(list[1].unbonding, 500);
		assert!(list[0].online);
		assert_eq!(list[0].kernels, vec![KernelId::MatmulI8, KernelId::MlpInferenceI8]);
		assert_eq!(Providers::api_provider(CHARLIE), None);
	});
}

#[test]
fn try_state_detects_a_hold_mismatch() {
	new_test_ext().execute_with(|| {
		register(ALICE, MIN_STAKE);
		assert!(Providers::do_try_state().is_ok());
		TotalHeld::<Test>::put(1);
		assert!(Providers::do_try_state().is_err());
	});
}

/// Attack 8 of the soundness review: the author of block N−1 knows the randomness of the
/// draws at N while it builds N−1, so anything a provider changed in N−1 must not reach
/// the draws at N.
mod attack_8 {
	use super::*;

	fn candidates() -> Vec<(AccountId, Balance, Balance)> {
		let mut c: Vec<_> = Providers::eligible(KernelId::MatmulI8, Balance::MAX)
			.into_iter()
			.map(|c| (c.account, c.stake, c.price_per_unit))
			.collect();
		c.sort();
		c
	}

	#[test]
	fn attack_8_block_authors_cannot_arrange_stakes_and_pauses_for_the_next_draw() {
		test(|| {
			register(ALICE, MIN_STAKE);
			register(BOB, MIN_STAKE);
			// Fresh registrations are not drawable until DRAW_DELAY blocks have passed.
			assert!(candidates().is_empty());
			run_to(1 + DRAW_DELAY);
			assert_eq!(candidates().len(), 2);
			let at = 1 + DRAW_DELAY;
			// In one block Bob bonds more, Alice pauses and Bob lowers his price.
			assert_ok!(Providers::bond_extra(RuntimeOrigin::signed(BOB), 5 * MIN_STAKE));
			assert_ok!(Providers::pause(RuntimeOrigin::signed(ALICE)));
			assert_ok!(Providers::set_price(RuntimeOrigin::signed(BOB), 1));
			// The next blocks' draws still see the state from before.
			for n in at + 1..at + DRAW_DELAY {
				run_to(n);
				assert_eq!(candidates(), vec![(ALICE, MIN_STAKE, PRICE), (BOB, MIN_STAKE, PRICE)], "block {n}");
			}
			run_to(at + DRAW_DELAY);
			assert_eq!(candidates(), vec![(BOB, 6 * MIN_STAKE, 1)]);
		});
	}

	#[test]
	fn attack_8_a_view_kept_old_cannot_lend_stake_that_was_withdrawn() {
		// A provider that changes something every block keeps its view from maturing. It
		// must not keep the draw weight (and the collateral matching checks) of stake it
		// has withdrawn since: the frozen view's heartbeat ages out of the window long
		// before unbonding ends, and the draws never count more than is held.
		test(|| {
			register(ALICE, 3 * MIN_STAKE);
			run_to(1 + DRAW_DELAY);
			assert_ok!(Providers::unbond(RuntimeOrigin::signed(ALICE), 2 * MIN_STAKE));
			let mut block = 1 + DRAW_DELAY;
			while block < 1 + DRAW_DELAY + UNBONDING {
				block += 1;
				run_to(block);
				assert_ok!(Providers::heartbeat(RuntimeOrigin::signed(ALICE)));
			}
			assert_ok!(Providers::withdraw_unbonded(RuntimeOrigin::signed(ALICE)));
			assert_ok!(Providers::heartbeat(RuntimeOrigin::signed(ALICE)));
			assert_eq!(pallet_providers_view_stake(ALICE), 3 * MIN_STAKE, "the view is still the old one");
			assert_eq!(Providers::held_stake(&ALICE), MIN_STAKE);
			assert!(candidates().is_empty(), "a view kept old is offline for the draws");
			// Once it stops changing things, the view matures to what it really holds.
			run_to(block + DRAW_DELAY);
			assert_ok!(Providers::heartbeat(RuntimeOrigin::signed(ALICE)));
			run_to(block + 2 * DRAW_DELAY);
			assert_eq!(candidates(), vec![(ALICE, MIN_STAKE, PRICE)]);
		});
	}

	fn pallet_providers_view_stake(who: AccountId) -> Balance {
		let p = crate::Providers::<Test>::get(who).unwrap();
		Providers::draw_view(&p, System::block_number()).stake
	}

	#[test]
	fn repeated_changes_keep_the_oldest_view_until_it_matures() {
		test(|| {
			register(ALICE, MIN_STAKE);
			run_to(3);
			assert_ok!(Providers::bond_extra(RuntimeOrigin::signed(ALICE), MIN_STAKE));
			run_to(4);
			assert_ok!(Providers::bond_extra(RuntimeOrigin::signed(ALICE), MIN_STAKE));
			// The view is the state before the first of the recent changes.
			assert_eq!(candidates(), vec![(ALICE, MIN_STAKE, PRICE)]);
			run_to(4 + DRAW_DELAY);
			assert_eq!(candidates(), vec![(ALICE, 3 * MIN_STAKE, PRICE)]);
		});
	}
}

#[test]
fn attack_9_registration_places_cost_a_fee_that_is_not_refunded() {
	// Before: registering cost only refundable stake, so MaxProviders places could be
	// filled with Sybil accounts and emptied again at no cost.
	test(|| {
		let fee_sink = 77;
		FEE.with(|f| *f.borrow_mut() = REGISTRATION_FEE);
		register(ALICE, MIN_STAKE);
		assert_eq!(free(fee_sink), REGISTRATION_FEE);
		assert!(System::events().iter().any(|e| e.event ==
			RuntimeEvent::Providers(Event::RegistrationFeePaid { provider: ALICE, fee: REGISTRATION_FEE })));
		assert_ok!(Providers::deregister(RuntimeOrigin::signed(ALICE)));
		run_to(1 + 10 + 1);
		assert_ok!(Providers::withdraw_unbonded(RuntimeOrigin::signed(ALICE)));
		// The stake came back; the fee did not.
		assert_eq!(free(ALICE), INITIAL - REGISTRATION_FEE);
	});
}

/// Operator keys: the account that does a provider's node work is not the one that holds
/// its stake.
mod operator_keys {
	use super::*;
	use crate::{operator_proof_payload, OperatorOf, Operators};
	use sp_runtime::testing::TestSignature;

	const OPERATOR: AccountId = 1_001;
	const NEW_OPERATOR: AccountId = 1_002;

	fn proof(operator: AccountId, provider: AccountId) -> TestSignature {
		TestSignature(operator, operator_proof_payload(&provider))
	}

	fn name_operator(provider: AccountId, operator: AccountId) {
		assert_ok!(Providers::set_operator(
			RuntimeOrigin::signed(provider),
			operator,
			proof(operator, provider)
		));
	}

	#[test]
	fn a_new_provider_is_its_own_operator_until_it_names_one() {
		test(|| {
			register(ALICE, 1_000);
			assert_eq!(Providers::provider_of_operator(&ALICE), Some(ALICE));
			name_operator(ALICE, OPERATOR);
			assert_eq!(last_event(), Event::OperatorSet { provider: ALICE, operator: OPERATOR });
			assert_eq!(Providers::provider_of_operator(&OPERATOR), Some(ALICE));
			assert_eq!(Providers::provider_of_operator(&ALICE), None);
			assert_eq!(Providers::api_provider(ALICE).unwrap().operator, OPERATOR);
		});
	}

	#[test]
	fn the_operator_key_does_node_work_for_the_provider() {
		test(|| {
			register(ALICE, 1_000);
			name_operator(ALICE, OPERATOR);
			run_to(2);
			assert_ok!(Providers::heartbeat(RuntimeOrigin::signed(OPERATOR)));
			assert_eq!(last_event(), Event::Heartbeat { provider: ALICE });
			assert_eq!(ProviderRecords::<Test>::get(ALICE).unwrap().last_heartbeat, 2);
			assert_ok!(Providers::pause(RuntimeOrigin::signed(OPERATOR)));
			assert_eq!(ProviderRecords::<Test>::get(ALICE).unwrap().status, ProviderStatus::Paused);
			// The cold account no longer signs node work.
			assert_noop!(Providers::heartbeat(RuntimeOrigin::signed(ALICE)), Error::<Test>::NotOperator);
		});
	}

	#[test]
	fn attack_stolen_operator_key_cannot_move_stake_or_change_terms() {
		test(|| {
			register(ALICE, 1_000);
			name_operator(ALICE, OPERATOR);
			let op = || RuntimeOrigin::signed(OPERATOR);
			assert_noop!(Providers::unbond(op(), 100), Error::<Test>::NotRegistered);
			assert_noop!(Providers::withdraw_unbonded(op()), Error::<Test>::NotRegistered);
			assert_noop!(Providers::deregister(op()), Error::<Test>::NotRegistered);
			assert_noop!(Providers::set_price(op(), 1), Error::<Test>::NotRegistered);
			assert_noop!(Providers::update_profile(op(), profile()), Error::<Test>::NotRegistered);
			assert_noop!(Providers::bond_extra(op(), 1), Error::<Test>::NotRegistered);
			// It cannot hand the provider to another key of its own either.
			assert_noop!(
				Providers::set_operator(op(), NEW_OPERATOR, proof(NEW_OPERATOR, OPERATOR)),
				Error::<Test>::NotRegistered
			);
			// A node that paused itself is resumed by the provider only.
			assert_ok!(Providers::pause(op()));
			assert_noop!(Providers::resume(op()), Error::<Test>::NotRegistered);
			assert_ok!(Providers::resume(RuntimeOrigin::signed(ALICE)));
			assert_eq!(held(ALICE), 1_000);
		});
	}

	#[test]
	fn rotation_retires_the_old_key_at_once() {
		test(|| {
			register(ALICE, 1_000);
			name_operator(ALICE, OPERATOR);
			name_operator(ALICE, NEW_OPERATOR);
			assert_eq!(Operators::<Test>::get(OPERATOR), None);
			assert_eq!(OperatorOf::<Test>::get(ALICE), Some(NEW_OPERATOR));
			assert_noop!(Providers::heartbeat(RuntimeOrigin::signed(OPERATOR)), Error::<Test>::NotOperator);
			assert_ok!(Providers::heartbeat(RuntimeOrigin::signed(NEW_OPERATOR)));
			// The retired key may serve another provider now.
			register(BOB, 1_000);
			name_operator(BOB, OPERATOR);
			assert_eq!(Providers::provider_of_operator(&OPERATOR), Some(BOB));
		});
	}

	#[test]
	fn attack_claiming_a_key_without_its_signature_fails() {
		test(|| {
			register(ALICE, 1_000);
			register(BOB, 1_000);
			name_operator(ALICE, OPERATOR);
			// Bob names a key he does not hold: the proof must be the key's own signature...
			assert_noop!(
				Providers::set_operator(RuntimeOrigin::signed(BOB), NEW_OPERATOR, TestSignature(BOB, operator_proof_payload(&BOB))),
				Error::<Test>::BadOperatorProof
			);
			// ...over Bob's account: Alice's proof for the same key cannot be replayed.
			assert_noop!(
				Providers::set_operator(RuntimeOrigin::signed(BOB), OPERATOR, proof(OPERATOR, ALICE)),
				Error::<Test>::BadOperatorProof
			);
			// A key already serving a provider cannot be taken over, even with its signature.
			assert_noop!(
				Providers::set_operator(RuntimeOrigin::signed(BOB), OPERATOR, proof(OPERATOR, BOB)),
				Error::<Test>::OperatorInUse
			);
			// Nor a provider's own account, which is its operator until it names another.
			register(CHARLIE, 1_000);
			assert_noop!(
				Providers::set_operator(RuntimeOrigin::signed(BOB), CHARLIE, proof(CHARLIE, BOB)),
				Error::<Test>::OperatorInUse
			);
		});
	}

	#[test]
	fn an_operator_key_cannot_register_as_a_provider() {
		test(|| {
			register(ALICE, 1_000);
			name_operator(ALICE, BOB);
			assert_noop!(
				Providers::register(RuntimeOrigin::signed(BOB), profile(), PRICE, 1_000),
				Error::<Test>::OperatorInUse
			);
		});
	}

	#[test]
	fn unregistered_accounts_cannot_name_operators() {
		test(|| {
			assert_noop!(
				Providers::set_operator(RuntimeOrigin::signed(ALICE), OPERATOR, proof(OPERATOR, ALICE)),
				Error::<Test>::NotRegistered
			);
		});
	}

	#[test]
	fn leaving_removes_the_operator_key_with_the_record() {
		test(|| {
			register(ALICE, 1_000);
			name_operator(ALICE, OPERATOR);
			assert_ok!(Providers::deregister(RuntimeOrigin::signed(ALICE)));
			// While the stake unbonds the key still answers for audits in flight.
			assert_eq!(Providers::provider_of_operator(&OPERATOR), Some(ALICE));
			run_to(1 + Parameters::<Test>::get().unbonding_period);
			assert_ok!(Providers::withdraw_unbonded(RuntimeOrigin::signed(ALICE)));
			assert!(!ProviderRecords::<Test>::contains_key(ALICE));
			assert_eq!(Providers::provider_of_operator(&OPERATOR), None);
			assert_eq!(OperatorOf::<Test>::get(ALICE), None);
		});
	}
}
