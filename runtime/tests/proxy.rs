//! Every proxy type against the calls of every pallet that holds or moves money: a
//! `NonTransfer` proxy cannot move funds out (directly, by paying a provider it controls,
//! or by having the account's stake slashed through an operator key it holds); a `Market`
//! proxy submits jobs and nothing else. The filters are also checked at dispatch.

mod common;

use common::ext_from_preset;
use frame_support::{assert_ok, traits::InstanceFilter};
use sp_keyring::Sr25519Keyring as Keyring;
use tensorgrid_primitives::{kernels::MatmulShape, KernelSpec};
use tensorgrid_runtime::{
	configs::ProxyType, constants::UNIT, Proxy, Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin, System,
};

fn submit_job() -> RuntimeCall {
	let inputs: pallet_jobs::InputsOf<Runtime> = vec![
		pallet_jobs::InputRef::Inline(vec![1; 6].try_into().unwrap()),
		pallet_jobs::InputRef::Inline(vec![2; 6].try_into().unwrap()),
	]
	.try_into()
	.unwrap();
	RuntimeCall::Jobs(pallet_jobs::Call::submit_job {
		spec: KernelSpec::MatmulI8(MatmulShape { m: 2, k: 3, n: 2 }),
		inputs,
		replicas: 1,
		max_price_per_unit: 2 * UNIT,
		deadline: 1_000,
	})
}

fn profile() -> pallet_providers::ProfileInput {
	pallet_providers::ProfileInput {
		adapter_name: b"gpu".to_vec(),
		backend: vec![],
		device_type: vec![],
		memory_mib: 0,
		kernels: vec![tensorgrid_primitives::KernelId::MatmulI8],
		benchmark_score: 0,
		endpoint: vec![],
		max_concurrent_jobs: 1,
	}
}

/// `(call, what it is, allowed for NonTransfer, Governance, Staking, Market)`.
fn matrix() -> Vec<(RuntimeCall, &'static str, [bool; 4])> {
	let bob = Keyring::Bob.to_account_id();
	let bob_lookup = sp_runtime::MultiAddress::Id(bob.clone());
	let signature = sp_runtime::MultiSignature::Sr25519(sp_core::sr25519::Signature::from_raw([0; 64]));
	vec![
		(RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive { dest: bob_lookup.clone(), value: 1 }), "transfer", [false, false, false, false]),
		(RuntimeCall::Balances(pallet_balances::Call::transfer_all { dest: bob_lookup.clone(), keep_alive: false }), "transfer_all", [false, false, false, false]),
		(RuntimeCall::Proxy(pallet_proxy::Call::add_proxy { delegate: bob_lookup.clone(), proxy_type: ProxyType::Any, delay: 0 }), "add_proxy", [false, false, false, false]),
		(RuntimeCall::Treasury(pallet_treasury::Call::check_status { index: 0 }), "treasury", [false, false, false, false]),
		(submit_job(), "submit_job", [false, false, false, true]),
		(RuntimeCall::Jobs(pallet_jobs::Call::cancel_job { job: 0 }), "cancel_job", [true, false, false, true]),
		(RuntimeCall::Jobs(pallet_jobs::Call::store_artifact { data: vec![1] }), "store_artifact", [true, false, false, true]),
		(RuntimeCall::Jobs(pallet_jobs::Call::remove_artifact { hash: [0; 32] }), "remove_artifact", [true, false, false, true]),
		(RuntimeCall::Providers(pallet_providers::Call::register { profile: profile(), price_per_unit: 1, stake: 1 }), "register (pays a fee)", [false, false, false, false]),
		(RuntimeCall::Providers(pallet_providers::Call::set_operator { operator: bob.clone(), proof: signature }), "set_operator", [false, false, false, false]),
		(RuntimeCall::Providers(pallet_providers::Call::unbond { amount: 1 }), "providers.unbond (stays in the account)", [true, false, false, false]),
		(RuntimeCall::Providers(pallet_providers::Call::pause {}), "providers.pause", [true, false, false, false]),
		(RuntimeCall::ProofOfCompute(pallet_proof_of_compute::Call::commit_result { job: 0, commitment: [0; 32] }), "commit_result (a lie is slashed)", [false, false, false, false]),
		(RuntimeCall::ProofOfCompute(pallet_proof_of_compute::Call::submit_verdict { job: 0, verdict: pallet_proof_of_compute::Verdict::FreivaldsRejectedAll, salt: [0; 32] }), "submit_verdict", [false, false, false, false]),
		(RuntimeCall::Staking(pallet_staking::Call::set_payee { payee: pallet_staking::RewardDestination::Account(bob.clone()) }), "staking.set_payee", [false, false, true, false]),
		(RuntimeCall::Staking(pallet_staking::Call::chill {}), "staking.chill", [true, false, true, false]),
		(RuntimeCall::ConvictionVoting(pallet_conviction_voting::Call::remove_vote { class: None, index: 0 }), "remove_vote", [true, true, false, false]),
		(RuntimeCall::System(frame_system::Call::remark { remark: vec![] }), "remark", [true, false, false, false]),
		(RuntimeCall::Sudo(pallet_sudo::Call::remove_key {}), "sudo", [false, false, false, false]),
	]
}

#[test]
fn every_proxy_type_allows_exactly_its_calls() {
	let types = [ProxyType::NonTransfer, ProxyType::Governance, ProxyType::Staking, ProxyType::Market];
	for (call, name, allowed) in matrix() {
		assert!(ProxyType::Any.filter(&call), "Any allows {name}");
		for (proxy_type, expected) in types.iter().zip(allowed) {
			assert_eq!(proxy_type.filter(&call), expected, "{proxy_type:?} on {name}");
		}
	}
}

#[test]
fn a_proxy_cannot_add_a_proxy_wider_than_itself() {
	use ProxyType::*;
	assert!(NonTransfer.is_superset(&Governance));
	for narrow in [NonTransfer, Governance, Staking, Market] {
		assert!(Any.is_superset(&narrow));
		assert!(!narrow.is_superset(&Any));
	}
	assert!(!NonTransfer.is_superset(&Market), "NonTransfer cannot submit jobs");
	assert!(!NonTransfer.is_superset(&Staking), "NonTransfer cannot redirect staking rewards");
	assert!(!Market.is_superset(&NonTransfer));
}

fn proxied_result() -> Result<(), sp_runtime::DispatchError> {
	System::events()
		.into_iter()
		.rev()
		.find_map(|r| match r.event {
			RuntimeEvent::Proxy(pallet_proxy::Event::ProxyExecuted { result }) => Some(result),
			_ => None,
		})
		.expect("the proxy call ran")
}

#[test]
fn attack_non_transfer_proxy_pays_escrow_to_a_provider_it_controls() {
	ext_from_preset("development").execute_with(|| {
		let (charlie, dave) = (Keyring::Charlie.to_account_id(), Keyring::Dave.to_account_id());
		let nonce_before = pallet_jobs::NextJobId::<Runtime>::get();
		for proxy_type in [ProxyType::NonTransfer, ProxyType::Market] {
			assert_ok!(Proxy::add_proxy(RuntimeOrigin::signed(charlie.clone()), dave.clone().into(), proxy_type, 0));
		}
		// Through NonTransfer: refused at dispatch.
		assert_ok!(Proxy::proxy(
			RuntimeOrigin::signed(dave.clone()),
			charlie.clone().into(),
			Some(ProxyType::NonTransfer),
			Box::new(submit_job())
		));
		assert_eq!(proxied_result(), Err(frame_system::Error::<Runtime>::CallFiltered.into()));
		assert_eq!(pallet_jobs::NextJobId::<Runtime>::get(), nonce_before);
		// Through Market: the job is Charlie's, escrowed from Charlie's account.
		assert_ok!(Proxy::proxy(
			RuntimeOrigin::signed(dave.clone()),
			charlie.clone().into(),
			Some(ProxyType::Market),
			Box::new(submit_job())
		));
		assert_eq!(proxied_result(), Ok(()));
		let job = tensorgrid_runtime::Jobs::api_job(nonce_before).expect("the job exists");
		assert_eq!(job.submitter, charlie);
		// And a Market proxy cannot move Charlie's money otherwise.
		let transfer = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: dave.clone().into(),
			value: UNIT,
		});
		assert_ok!(Proxy::proxy(RuntimeOrigin::signed(dave), charlie.into(), Some(ProxyType::Market), Box::new(transfer)));
		assert_eq!(proxied_result(), Err(frame_system::Error::<Runtime>::CallFiltered.into()));
	});
}
