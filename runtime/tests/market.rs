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

/// The inputs of a 2×3·3×2 int8 matmul.
fn matmul_inputs() -> pallet_jobs::InputsOf<Runtime> {
	vec![
		pallet_jobs::InputRef::Inline(vec![1; 6].try_into().unwrap()),
		pallet_jobs::InputRef::Inline(vec![2; 6].try_into().unwrap()),
	]
	.try_into()
	.unwrap()
}

#[test]
fn provider_stake_is_held_under_the_providers_reason() {
	ext_from_preset("development").execute_with(|| {
		let charlie = Keyring::Charlie.to_account_id();
		let total = Balances::total_balance(&charlie);
		assert_ok!(Providers::register(RuntimeOrigin::signed(charlie.clone()), profile(), UNIT, 2_000 * UNIT));
		let reason = RuntimeHoldReason::Providers(pallet_providers::HoldReason::ProviderStake);
		assert_eq!(Balances::balance_on_hold(&reason, &charlie), 2_000 * UNIT);
		// Stake stays Charlie's (held); only the registration fee went to the treasury.
		let fee = <Runtime as pallet_providers::Config>::RegistrationFee::get();
		assert_eq!(fee, 10 * UNIT);
		assert_eq!(Balances::total_balance(&charlie), total - fee);
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

#[test]
fn a_submitted_job_is_escrowed_and_matched_with_babe_randomness() {
	use frame_support::traits::Hooks;
	use tensorgrid_primitives::{kernels::MatmulShape, KernelSpec};
	use tensorgrid_runtime::{Jobs, System};

	ext_from_preset("development").execute_with(|| {
		System::set_block_number(1);
		let (bob, charlie) = (Keyring::Bob.to_account_id(), Keyring::Charlie.to_account_id());
		// Alice is the dev chain's genesis provider; these tests want Bob.
		assert_ok!(Providers::pause(RuntimeOrigin::signed(tensorgrid_runtime::genesis_config_presets::dev_operator())));
		assert_ok!(Providers::register(RuntimeOrigin::signed(bob.clone()), profile(), UNIT, 2_000 * UNIT));
		let spec = KernelSpec::MatmulI8(MatmulShape { m: 2, k: 3, n: 2 });
		let inputs = matmul_inputs();
		assert_ok!(Jobs::submit_job(RuntimeOrigin::signed(charlie.clone()), spec, inputs, 1, 2 * UNIT, 1_000));
		let reason = RuntimeHoldReason::Jobs(pallet_jobs::HoldReason::JobEscrow);
		// One work unit at two units, plus the verification fee: that slot again for each of
		// the two verifiers an audit draws.
		assert_eq!(Balances::balance_on_hold(&reason, &charlie), 6 * UNIT);

		// Alice's pause and Bob's registration reach the draws `DrawDelay` (3) blocks later.
		System::set_block_number(2);
		Jobs::on_initialize(2);
		assert_eq!(Jobs::api_job(0).unwrap().providers[0].provider, Keyring::Alice.to_account_id());
		let job = Jobs::api_job(0).expect("job 0 exists");
		assert_eq!(job.state, pallet_jobs::JobState::Assigned);
		Jobs::do_try_state().unwrap();
	});
	ext_from_preset("development").execute_with(|| {
		System::set_block_number(1);
		let (bob, charlie) = (Keyring::Bob.to_account_id(), Keyring::Charlie.to_account_id());
		assert_ok!(Providers::pause(RuntimeOrigin::signed(tensorgrid_runtime::genesis_config_presets::dev_operator())));
		assert_ok!(Providers::register(RuntimeOrigin::signed(bob.clone()), profile(), UNIT, 2_000 * UNIT));
		System::set_block_number(4);
		let spec = KernelSpec::MatmulI8(MatmulShape { m: 2, k: 3, n: 2 });
		let inputs = matmul_inputs();
		assert_ok!(Jobs::submit_job(RuntimeOrigin::signed(charlie.clone()), spec, inputs, 1, 2 * UNIT, 1_000));
		System::set_block_number(5);
		Jobs::on_initialize(5);
		let job = Jobs::api_job(0).expect("job 0 exists");
		assert_eq!(job.state, pallet_jobs::JobState::Assigned);
		assert_eq!(job.providers[0].provider, bob);
		assert_eq!(job.providers[0].price_per_unit, UNIT);
		assert_eq!(Jobs::api_jobs_by_provider(bob).len(), 1);
		Jobs::do_try_state().unwrap();
		Providers::do_try_state().unwrap();
	});
}

#[test]
fn a_committed_and_revealed_result_settles_and_pays_the_provider() {
	use frame_support::traits::Hooks;
	use tensorgrid_primitives::{kernels::MatmulShape, KernelSpec};
	use tensorgrid_runtime::{Jobs, ProofOfCompute, System};

	ext_from_preset("development").execute_with(|| {
		System::set_block_number(1);
		let mut params = pallet_proof_of_compute::Parameters::<Runtime>::get();
		params.audit_probability = sp_runtime::Permill::zero();
		assert_ok!(ProofOfCompute::set_parameters(RuntimeOrigin::root(), params));
		let (bob, charlie) = (Keyring::Bob.to_account_id(), Keyring::Charlie.to_account_id());
		// Alice is the dev chain's genesis provider; these tests want Bob.
		assert_ok!(Providers::pause(RuntimeOrigin::signed(tensorgrid_runtime::genesis_config_presets::dev_operator())));
		assert_ok!(Providers::register(RuntimeOrigin::signed(bob.clone()), profile(), UNIT, 2_000 * UNIT));
		let inputs = matmul_inputs();
		let spec = KernelSpec::MatmulI8(MatmulShape { m: 2, k: 3, n: 2 });
		assert_ok!(Jobs::submit_job(RuntimeOrigin::signed(charlie.clone()), spec, inputs, 1, 2 * UNIT, 1_000));
		// Bob is drawable once his registration is `DrawDelay` (3) blocks old.
		System::set_block_number(4);
		Jobs::on_initialize(4);
		let (bob_free, charlie_free) = (Balances::balance(&bob), Balances::balance(&charlie));

		let digest = [0x42; 32];
		let salt = [9; 32];
		let commitment = pallet_proof_of_compute::commitment_of(&digest, &bob, &salt);
		assert_ok!(ProofOfCompute::commit_result(RuntimeOrigin::signed(bob.clone()), 0, commitment));
		assert_eq!(Jobs::api_job(0).unwrap().state, pallet_jobs::JobState::Committed);
		assert_ok!(ProofOfCompute::reveal_result(
			RuntimeOrigin::signed(bob.clone()),
			0,
			digest,
			salt,
			pallet_proof_of_compute::OutputRef::Artifact(digest)
		));
		// Decided `DecisionDelay` (3) blocks after the reveals closed.
		assert_eq!(Jobs::api_job(0).unwrap().state, pallet_jobs::JobState::Revealed);
		System::set_block_number(7);
		Jobs::on_initialize(7);
		ProofOfCompute::on_initialize(7);
		let job = Jobs::api_job(0).unwrap();
		assert_eq!((job.state, job.result_digest), (pallet_jobs::JobState::Settled, Some(digest)));
		// Bob earned his price; Charlie got back everything but that price.
		assert_eq!(Balances::balance(&bob), bob_free + UNIT);
		assert_eq!(Balances::balance(&charlie), charlie_free + 6 * UNIT - UNIT);
		// Bob's slot put up 10% of his free 2,000 TGD (with audits off there is no cap at the
		// collateral a floor audit rate would need), and returned it when the job settled.
		assert_eq!(job.providers[0].collateral, 200 * UNIT);
		assert_eq!(pallet_providers::CollateralInUse::<Runtime>::get(&bob), 0);
		let round = ProofOfCompute::api_round(0).unwrap();
		assert_eq!(round.outcome, Some(pallet_proof_of_compute::Outcome::Agreed(digest)));
		ProofOfCompute::do_try_state().unwrap();
		Jobs::do_try_state().unwrap();
		Providers::do_try_state().unwrap();
	});
}

#[test]
fn the_development_preset_makes_alice_a_provider_of_every_kernel() {
	ext_from_preset("development").execute_with(|| {
		let alice = Keyring::Alice.to_account_id();
		let p = Providers::api_provider(alice.clone()).expect("Alice is a provider");
		assert_eq!(p.kernels, KernelId::ALL.to_vec());
		assert_eq!(p.stake, tensorgrid_runtime::genesis_config_presets::DEV_PROVIDER_STAKE);
		assert_eq!(p.price_per_unit, tensorgrid_runtime::genesis_config_presets::DEV_PROVIDER_PRICE);
		let reason = RuntimeHoldReason::Providers(pallet_providers::HoldReason::ProviderStake);
		assert_eq!(Balances::balance_on_hold(&reason, &alice), p.stake);
		Providers::do_try_state().unwrap();
	});
	ext_from_preset("local_testnet").execute_with(|| {
		assert!(Providers::api_providers().is_empty(), "no provider outside the dev chain");
	});
}

#[test]
fn attack_10_unbonding_outlasts_the_last_slash_a_job_can_bring() {
	// A provider assigned to a job may unbond at once; its stake must stay held until the
	// latest block at which that job can still slash it.
	use frame_support::traits::Get;
	ext_from_preset(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		let providers = pallet_providers::Parameters::<Runtime>::get();
		let jobs = pallet_jobs::Parameters::<Runtime>::get();
		let proof = pallet_proof_of_compute::Parameters::<Runtime>::get();
		let timer_slip: u32 = <Runtime as pallet_jobs::Config>::MaxTimerSlip::get();
		let deadline_slip: u32 = <Runtime as pallet_proof_of_compute::Config>::MaxDeadlineSlip::get();
		let decision: u32 = <Runtime as pallet_proof_of_compute::Config>::DecisionDelay::get();
		// Each phase's timer fires one block after its end and may slip: commit, reveal,
		// decision, verdict commits, verdict reveals.
		let last_slash = jobs.max_job_duration +
			1 + timer_slip +
			proof.reveal_window + 1 + deadline_slip +
			decision + deadline_slip +
			proof.audit_window + 1 + deadline_slip +
			proof.reveal_window + 1 + deadline_slip;
		assert!(
			providers.unbonding_period > last_slash,
			"unbonding {} blocks, last slash {} blocks after assignment",
			providers.unbonding_period,
			last_slash
		);
	});
}

#[test]
fn the_economics_table_of_the_protocol_doc_holds_at_the_runtime_parameters() {
	// docs/protocol.md, "Why lying does not pay": (free stake, slot pay) → (collateral,
	// audit probability), in TGD and per cent.
	type Proof = pallet_proof_of_compute::Pallet<Runtime>;
	ext_from_preset(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		let tgd = |x: u128| x * UNIT;
		let rows: [(u128, u128, Option<(u128, u32)>); 6] = [
			(tgd(1_000), UNIT / 10, Some((tgd(10), 5))),
			(tgd(1_000), tgd(1), Some((tgd(30), 5))),
			(tgd(1_000), tgd(10), Some((tgd(100), 15))),
			(tgd(1_000), tgd(66), Some((tgd(100), 99))),
			(tgd(1_000), tgd(67), None),
			(tgd(100_000), tgd(1_000), Some((tgd(10_000), 15))),
		];
		for (free, pay, expected) in rows {
			let got = Proof::slot_collateral(pay, free)
				.map(|c| (c, Proof::slot_audit_probability(pay, c).deconstruct().div_ceil(10_000)));
			assert_eq!(got, expected, "free {free}, pay {pay}");
			if let Some((c, a)) = expected {
				// a × c ≥ 1.5 × g, the margin of the table's last column.
				assert!(c * a as u128 / 100 >= pay * 3 / 2);
			}
		}
		assert_eq!(Proof::min_stake_for(tgd(67)), tgd(1_005));
		// 1,000 TGD free backs 24 slots paying 1 TGD at 30 TGD each; later ones put up less.
		let mut free = tgd(1_000);
		let mut at_cap = 0;
		while let Some(c) = Proof::slot_collateral(tgd(1), free) {
			if c == tgd(30) {
				at_cap += 1;
			}
			free -= c;
		}
		assert_eq!(at_cap, 24);
		assert!(free < Proof::min_stake_for(tgd(1)), "stops when the free stake cannot cover a slot");
		// The fee: one slot at the maximum price for each of the two verifiers.
		assert_eq!(Proof::verification_fee(tgd(3)), tgd(6));
	});
}
