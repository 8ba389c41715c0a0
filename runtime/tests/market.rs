//! The compute-market pallets as wired into the runtime: provider stake is held under
//! `RuntimeHoldReason::Providers`, and market parameters follow the `market_admin` origin.

mod common;

use common::ext_from_preset;
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold},
};
use sp_keyring::Sr25519Keyring as Keyring;
use tensorgrid_primitives::KernelId;
use tensorgrid_runtime::{
	constants::UNIT, governance::pallet_custom_origins, Balances, Providers, Runtime,
	RuntimeHoldReason, RuntimeOrigin,
};

fn profile() -> pallet_providers::ProfileInput {
	pallet_providers::ProfileInput {
		adapter_name: b"llvmpipe".to_vec(),
		backend: b"Vulkan".to_vec(),
		device_type: b"Cpu".to_vec(),
		memory_mib: 4096,
		kernels: vec![KernelId::MatmulI8],
		benchmark_score: 1,
		endpoint: vec![],
		max_concurrent_jobs: 1,
	}
}

#[test]
fn provider_stake_is_held_under_the_providers_reason() {
	ext_from_preset("development").execute_with(|| {
		let charlie = Keyring::Charlie.to_account_id();
		let total = Balances::total_balance(&charlie);
		assert_ok!(Providers::register(RuntimeOrigin::signed(charlie.clone()), profile(), UNIT, 2_000 * UNIT));
		let reason = RuntimeHoldReason::Providers(pallet_providers::HoldReason::ProviderStake);
		assert_eq!(Balances::balance_on_hold(&reason, &charlie), 2_000 * UNIT);
		assert_eq!(Balances::total_balance(&charlie), total);
		assert_noop!(
			Providers::register(RuntimeOrigin::signed(Keyring::Dave.to_account_id()), profile(), UNIT, UNIT),
			pallet_providers::Error::<Runtime>::StakeTooLow
		);
		Providers::do_try_state().unwrap();
	});
}

#[test]
fn market_parameters_follow_the_market_admin_track() {
	ext_from_preset("development").execute_with(|| {
		let mut params = pallet_providers::Parameters::<Runtime>::get();
		params.min_provider_stake = 5_000 * UNIT;
		assert_noop!(
			Providers::set_parameters(RuntimeOrigin::signed(Keyring::Alice.to_account_id()), params),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_noop!(
			Providers::set_parameters(RuntimeOrigin::from(pallet_custom_origins::Origin::Treasurer), params),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_ok!(Providers::set_parameters(RuntimeOrigin::from(pallet_custom_origins::Origin::MarketAdmin), params));
		assert_eq!(pallet_providers::Parameters::<Runtime>::get().min_provider_stake, 5_000 * UNIT);
		assert_ok!(Providers::set_parameters(RuntimeOrigin::root(), params));
	});
}
