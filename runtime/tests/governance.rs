//! Governance as wired into the runtime: each chain's track timings come from its genesis,
//! the technical committee's whitelist leads to root only through its own track, the
//! treasurer track is capped, and every market pallet's storage version is recorded.

mod common;

use common::ext_from_preset;
use frame_support::{
	assert_noop, assert_ok,
	traits::{GetStorageVersion, StorageVersion},
};
use pallet_referenda::TracksInfo as _;
use sp_keyring::Sr25519Keyring as Keyring;
use sp_runtime::{traits::Hash as _, BuildStorage, DispatchError};
use tensorgrid_runtime::{
	configs::{TechnicalCollective, UndecidingTimeout, VoteLockingPeriod},
	constants::{DAYS, UNIT},
	governance::{
		origins::TREASURER_SPEND_LIMIT,
		pallet_custom_origins::{self, TrackTimings},
		tracks::{ids, TracksInfo, PRODUCTION_TRACKS, SHORT_TRACKS},
	},
	Balances, Runtime, RuntimeCall, RuntimeGenesisConfig, RuntimeOrigin, Treasury, Whitelist,
};

fn decision_periods() -> Vec<(u16, u32)> {
	TracksInfo::tracks().map(|t| (t.id, t.info.decision_period)).collect()
}

#[test]
fn test_chains_run_short_tracks_and_any_other_genesis_runs_production_ones() {
	for preset in ["development", "local_testnet"] {
		ext_from_preset(preset).execute_with(|| {
			assert_eq!(pallet_custom_origins::Timings::<Runtime>::get(), TrackTimings::Short);
			assert_eq!(decision_periods(), vec![(0, 20), (1, 20), (2, 20), (3, 20)]);
			let vote_locking: u32 = VoteLockingPeriod::get();
			assert_eq!(vote_locking, 10);
		});
	}
	// A genesis that says nothing of timings, as a production chain spec's.
	let mut ext: sp_io::TestExternalities =
		RuntimeGenesisConfig::default().build_storage().unwrap().into();
	ext.execute_with(|| {
		assert_eq!(pallet_custom_origins::Timings::<Runtime>::get(), TrackTimings::Production);
		assert_eq!(
			decision_periods(),
			vec![(0, 28 * DAYS), (1, 14 * DAYS), (2, 14 * DAYS), (3, 28 * DAYS)]
		);
		let vote_locking: u32 = VoteLockingPeriod::get();
		let undeciding: u32 = UndecidingTimeout::get();
		assert_eq!((vote_locking, undeciding), (7 * DAYS, 14 * DAYS));
	});
}

#[test]
fn both_track_lists_have_the_same_tracks_deposits_and_curves() {
	for (short, production) in SHORT_TRACKS.iter().zip(PRODUCTION_TRACKS.iter()) {
		assert_eq!(short.id, production.id);
		assert_eq!(short.info.name, production.info.name);
		assert_eq!(short.info.decision_deposit, production.info.decision_deposit);
		assert_eq!(short.info.max_deciding, production.info.max_deciding);
		assert!(short.info.min_approval == production.info.min_approval);
		assert!(short.info.min_support == production.info.min_support);
		assert!(short.info.decision_period < production.info.decision_period);
	}
}

#[test]
fn each_origin_has_its_track_and_a_signed_origin_none() {
	use tensorgrid_runtime::OriginCaller;
	let track = |o: OriginCaller| TracksInfo::track_for(&o);
	assert_eq!(track(frame_system::RawOrigin::Root.into()), Ok(ids::ROOT));
	assert_eq!(track(pallet_custom_origins::Origin::MarketAdmin.into()), Ok(ids::MARKET_ADMIN));
	assert_eq!(track(pallet_custom_origins::Origin::Treasurer.into()), Ok(ids::TREASURER));
	assert_eq!(
		track(pallet_custom_origins::Origin::WhitelistedCaller.into()),
		Ok(ids::WHITELISTED_CALLER)
	);
	let alice = Keyring::Alice.to_account_id();
	assert_eq!(track(frame_system::RawOrigin::Signed(alice).into()), Err(()));
}

fn committee(yes: u32, of: u32) -> RuntimeOrigin {
	pallet_collective::RawOrigin::<tensorgrid_runtime::AccountId, TechnicalCollective>::Members(
		yes, of,
	)
	.into()
}

#[test]
fn attack_only_a_committee_majority_whitelists_and_only_its_track_dispatches_as_root() {
	ext_from_preset("development").execute_with(|| {
		let bob = Keyring::Bob.to_account_id();
		let call = RuntimeCall::Balances(pallet_balances::Call::force_set_balance {
			who: bob.clone().into(),
			new_free: 7 * UNIT,
		});
		let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&call);
		let whitelist = |o| Whitelist::whitelist_call(o, hash);
		// A member alone, half of the committee, a signed account: none may whitelist.
		assert_noop!(whitelist(RuntimeOrigin::signed(bob.clone())), DispatchError::BadOrigin);
		assert_noop!(whitelist(committee(1, 2)), DispatchError::BadOrigin);
		assert_ok!(whitelist(committee(2, 2)));

		let dispatch =
			|o| Whitelist::dispatch_whitelisted_call_with_preimage(o, Box::new(call.clone()));
		// The market-admin and treasurer tracks cannot reach root through the whitelist.
		for origin in [
			pallet_custom_origins::Origin::MarketAdmin,
			pallet_custom_origins::Origin::Treasurer,
		] {
			assert_noop!(dispatch(RuntimeOrigin::from(origin)), DispatchError::BadOrigin);
		}
		// A signed account may only relay a dispatch the pallet deferred; there is none.
		assert_noop!(
			dispatch(RuntimeOrigin::signed(bob.clone())),
			pallet_whitelist::Error::<Runtime>::DeferredDispatchNotFound
		);
		assert_ok!(dispatch(RuntimeOrigin::from(pallet_custom_origins::Origin::WhitelistedCaller)));
		assert_eq!(Balances::free_balance(&bob), 7 * UNIT);
		// Dispatching consumes the whitelisting: the same call again is only deferred until
		// the committee whitelists it anew, and nobody can relay it before.
		assert!(!pallet_whitelist::WhitelistedCall::<Runtime>::contains_key(hash));
		assert_ok!(Balances::force_set_balance(RuntimeOrigin::root(), bob.clone().into(), UNIT));
		assert_ok!(dispatch(RuntimeOrigin::from(pallet_custom_origins::Origin::WhitelistedCaller)));
		assert!(pallet_whitelist::DeferredDispatch::<Runtime>::contains_key(hash));
		assert!(dispatch(RuntimeOrigin::signed(bob.clone())).is_err());
		assert_eq!(Balances::free_balance(&bob), UNIT);
	});
}

#[test]
fn attack_a_treasurer_spend_above_the_track_limit_is_refused() {
	ext_from_preset("development").execute_with(|| {
		let bob = Keyring::Bob.to_account_id();
		let treasurer = || RuntimeOrigin::from(pallet_custom_origins::Origin::Treasurer);
		let spend = |o, amount| Treasury::spend(o, Box::new(()), amount, Box::new(bob.clone()), None);
		assert_noop!(
			spend(treasurer(), TREASURER_SPEND_LIMIT + 1),
			pallet_treasury::Error::<Runtime>::InsufficientPermission
		);
		assert_noop!(
			spend(pallet_custom_origins::Origin::MarketAdmin.into(), UNIT),
			DispatchError::BadOrigin
		);
		assert_ok!(spend(treasurer(), TREASURER_SPEND_LIMIT));
		assert_ok!(spend(RuntimeOrigin::root(), TREASURER_SPEND_LIMIT + 1));
	});
}

#[test]
fn every_market_and_governance_pallet_records_its_storage_version_at_genesis() {
	use tensorgrid_runtime::{DataDao, Jobs, Origins, ProofOfCompute, ProviderAgent, Providers};
	fn check<P: GetStorageVersion<InCodeStorageVersion = StorageVersion>>(name: &str) {
		let in_code = P::in_code_storage_version();
		assert!(in_code >= StorageVersion::new(1), "{name} declares a storage version");
		assert_eq!(P::on_chain_storage_version(), in_code, "{name} records it at genesis");
	}
	ext_from_preset("development").execute_with(|| {
		check::<Providers>("providers");
		check::<Jobs>("jobs");
		check::<ProofOfCompute>("proof-of-compute");
		check::<ProviderAgent>("provider-agent");
		check::<DataDao>("data-dao");
		check::<Origins>("origins");
	});
}
