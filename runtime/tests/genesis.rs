//! Both genesis presets build, with the validators, balances and sudo key they promise.

mod common;

use common::ext_from_preset;
use frame_support::traits::{fungible::Inspect, Get, IntegrityTest};
use sp_keyring::Sr25519Keyring as Keyring;
use tensorgrid_runtime::{
	genesis_config_presets::{ENDOWMENT, VALIDATOR_BOND},
	AccountId, AllPalletsWithSystem, Balances, Runtime, Session,
};

fn ids(keys: &[Keyring]) -> Vec<AccountId> {
	keys.iter().map(|k| k.to_account_id()).collect()
}

#[test]
fn development_preset_has_alice_as_sole_validator_and_sudo() {
	ext_from_preset("development").execute_with(|| {
		assert_eq!(Session::validators(), ids(&[Keyring::Alice]));
		assert_eq!(pallet_staking::Validators::<Runtime>::count(), 1);
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(Keyring::Alice.to_account_id()));
		assert_eq!(pallet_babe::Authorities::<Runtime>::get().len(), 1);
		assert_eq!(pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().len(), 1);
		for who in Keyring::well_known() {
			assert_eq!(Balances::total_balance(&who.to_account_id()), ENDOWMENT, "{who}");
		}
		// Alice's validator bond and her provider stake are held, not spendable.
		let alice = Keyring::Alice.to_account_id();
		assert_eq!(
			Balances::balance(&alice),
			ENDOWMENT - VALIDATOR_BOND - tensorgrid_runtime::genesis_config_presets::DEV_PROVIDER_STAKE
		);
	});
}

#[test]
fn local_testnet_preset_has_four_validators_and_no_sudo() {
	ext_from_preset("local_testnet").execute_with(|| {
		let expected = ids(&[Keyring::Alice, Keyring::Bob, Keyring::Charlie, Keyring::Dave]);
		let mut validators = Session::validators();
		validators.sort();
		let mut expected_sorted = expected.clone();
		expected_sorted.sort();
		assert_eq!(validators, expected_sorted);
		assert_eq!(pallet_staking::Validators::<Runtime>::count(), 4);
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), None);
		assert_eq!(pallet_babe::Authorities::<Runtime>::get().len(), 4);
		assert_eq!(pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().len(), 4);
		assert_eq!(pallet_membership::Members::<Runtime, pallet_membership::Instance1>::get().len(), 3);
		// A short commit window; every other market parameter is the production default.
		let parameters = pallet_jobs::Parameters::<Runtime>::get();
		let defaults = pallet_jobs::DefaultParameters::<Runtime>::get();
		assert_eq!(parameters.commit_window, tensorgrid_runtime::genesis_config_presets::LOCAL_COMMIT_WINDOW);
		assert!(parameters.commit_window < defaults.commit_window);
		assert_eq!(pallet_jobs::JobParameters { commit_window: defaults.commit_window, ..parameters }, defaults);
	});
}

#[test]
fn development_preset_keeps_the_default_commit_window() {
	ext_from_preset("development").execute_with(|| {
		assert_eq!(pallet_jobs::Parameters::<Runtime>::get(), pallet_jobs::DefaultParameters::<Runtime>::get());
	});
}

#[test]
fn unknown_preset_is_none() {
	assert!(tensorgrid_runtime::genesis_config_presets::get_preset(&"mainnet".into()).is_none());
	let names = tensorgrid_runtime::genesis_config_presets::preset_names();
	assert_eq!(names.len(), 2);
}

#[test]
fn pallet_integrity_tests_pass() {
	ext_from_preset("development").execute_with(|| {
		AllPalletsWithSystem::integrity_test();
	});
}

#[test]
fn version_and_token_constants() {
	use tensorgrid_runtime::constants::*;
	assert_eq!(TOKEN_SYMBOL, "TGD");
	assert_eq!(TOKEN_DECIMALS, 12);
	assert_eq!(UNIT, 10u128.pow(12));
	assert_eq!(SS58_PREFIX, 42);
	assert_eq!(
		<Runtime as frame_system::Config>::SS58Prefix::get(),
		42,
		"the runtime's SS58 prefix matches the chain spec property"
	);
	assert_eq!(MILLISECS_PER_BLOCK, 6_000);
	assert_eq!(tensorgrid_runtime::VERSION.spec_name, "tensorgrid");
}

#[test]
fn development_provider_signs_with_its_operator_key_not_its_stake_account() {
	use sp_core::Pair;
	let derived = sp_core::sr25519::Pair::from_string("//Alice//operator", None).expect("valid uri");
	let operator = AccountId::from(derived.public());
	assert_eq!(operator, tensorgrid_runtime::genesis_config_presets::dev_operator());
	ext_from_preset("development").execute_with(|| {
		let alice = Keyring::Alice.to_account_id();
		assert_eq!(pallet_providers::Operators::<Runtime>::get(&operator), Some(alice.clone()));
		assert_eq!(pallet_providers::OperatorOf::<Runtime>::get(&alice), Some(operator.clone()));
		// Alice's own account no longer signs her node's work.
		assert_eq!(pallet_providers::Operators::<Runtime>::get(&alice), None);
		assert_eq!(Balances::total_balance(&operator), ENDOWMENT);
		pallet_providers::Pallet::<Runtime>::do_try_state().expect("operator maps are consistent");
	});
}
