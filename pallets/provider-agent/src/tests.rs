//! The agent against a scripted GPU worker: every HTTP request it makes is expected (and any
//! other fails the test), every transaction it sends is decoded and then dispatched as the
//! chain would.

use crate::{mock::*, progress, worker_api::to_hex};
use codec::Encode;
use pallet_jobs::JobState;
use pallet_proof_of_compute::{commitment_of, Call as ProofCall, OutputRef, Verdict};
use tensorgrid_primitives::digest_of;

/// What the scripted worker computes for the test job.
const OUTPUT: &[u8] = b"the test job's output";
const SEED: [u8; 32] = [7; 32];

fn submit_body(chain_job_id: u64) -> String {
	format!(
		r#"{{"chain_job_id":{chain_job_id},"spec":"{}","inputs":[{{"inline":"{}"}},{{"inline":"{}"}}]}}"#,
		to_hex(&spec().encode()),
		to_hex(&INPUT_A),
		to_hex(&INPUT_B),
	)
}

fn succeeded() -> String {
	format!(r#"{{"id":"w1","state":"succeeded","digest":"{}","output_len":{}}}"#, to_hex(&digest_of(OUTPUT)), OUTPUT.len())
}

fn commit_call(job: u64, who: &AccountId) -> RuntimeCall {
	let commitment = commitment_of(&digest_of(OUTPUT), who, &SEED);
	RuntimeCall::Proof(ProofCall::commit_result { job, commitment })
}

fn reveal_call(job: u64, output: pallet_proof_of_compute::OutputOf<Test>) -> RuntimeCall {
	RuntimeCall::Proof(ProofCall::reveal_result { job, result_digest: digest_of(OUTPUT), salt: SEED, output })
}

/// Register `providers`, submit a one-replica job and match it (block 2).
fn assigned_job(providers: &[AccountId]) -> u64 {
	providers.iter().for_each(register);
	let id = submit(1);
	run_to(2);
	assert_eq!(pallet_jobs::Jobs::<Test>::get(id).unwrap().state, JobState::Assigned);
	id
}

fn provider_of(id: u64) -> AccountId {
	pallet_jobs::Jobs::<Test>::get(id).unwrap().slots[0].provider.clone()
}

const QUEUED: &str = r#"{"id":"w1","state":"queued"}"#;

/// Block 2: the job goes to the worker, which (a small job) is done when the agent looks
/// again moments later: the commit goes out in the same block.
fn post_and_commit(node: &Node, id: u64, provider: &AccountId) {
	node.expect("POST", "/v1/jobs", Some(submit_body(id)), QUEUED);
	node.expect("GET", "/v1/jobs/w1", None, &succeeded());
	offchain_worker();
	let sent = node.sent();
	assert_eq!(sent, vec![(provider.clone(), vec![commit_call(id, provider)])]);
	dispatch(provider, sent[0].1.clone());
	assert_eq!(pallet_jobs::Jobs::<Test>::get(id).unwrap().state, JobState::Committed);
}

#[test]
fn an_assigned_job_is_run_committed_revealed_and_paid() {
	let (mut ext, node, accounts) = env(&["//Alice"]);
	let alice = accounts[0].clone();
	node.http.write().seed = SEED;
	ext.execute_with(|| {
		let id = assigned_job(&accounts);
		let before = Balances::free_balance(&alice);
		post_and_commit(&node, id, &alice);

		// Block 3: reveals are open: reveal with the output inline (it is small).
		run_to(3);
		node.expect("GET", "/v1/jobs/w1/output", None, core::str::from_utf8(OUTPUT).unwrap());
		offchain_worker();
		let sent = node.sent();
		let inline = OutputRef::Inline(OUTPUT.to_vec().try_into().unwrap());
		assert_eq!(sent, vec![(alice.clone(), vec![reveal_call(id, inline)])]);
		dispatch(&alice, sent[0].1.clone());

		let job = pallet_jobs::Jobs::<Test>::get(id).unwrap();
		assert_eq!(job.state, JobState::Settled);
		assert_eq!(Balances::free_balance(&alice), before + PRICE);

		// Nothing more to do for it: no request, no transaction.
		run_to(4);
		offchain_worker();
		assert!(node.sent().is_empty());
	});
}

#[test]
fn a_reveal_lost_in_a_restart_is_sent_again_from_off_chain_storage() {
	let (mut ext, node, accounts) = env(&["//Alice"]);
	let alice = accounts[0].clone();
	node.http.write().seed = SEED;
	ext.execute_with(|| {
		let id = assigned_job(&accounts);
		post_and_commit(&node, id, &alice);

		// The reveal is sent at block 3, then lost with the transaction pool (the node stops;
		// its worker forgets the job).
		run_to(3);
		node.expect("GET", "/v1/jobs/w1/output", None, core::str::from_utf8(OUTPUT).unwrap());
		offchain_worker();
		assert_eq!(node.sent().len(), 1);
		assert!(progress::get(progress::Role::Provider, id, &alice).is_some(), "digest and salt are stored");

		// After a few blocks without the reveal landing, it goes again: same digest and salt,
		// the output by hash, with no request to the worker.
		for block in 4..=7 {
			run_to(block);
			offchain_worker();
			assert!(node.sent().is_empty(), "block {block}: too early to resend");
		}
		run_to(8);
		offchain_worker();
		let sent = node.sent();
		assert_eq!(sent, vec![(alice.clone(), vec![reveal_call(id, OutputRef::Artifact(digest_of(OUTPUT)))])]);
		dispatch(&alice, sent[0].1.clone());
		assert_eq!(pallet_jobs::Jobs::<Test>::get(id).unwrap().state, JobState::Settled);
	});
}

#[test]
fn a_slow_job_is_polled_on_later_blocks_and_a_failed_one_is_posted_again() {
	let (mut ext, node, accounts) = env(&["//Alice"]);
	let alice = accounts[0].clone();
	node.http.write().seed = SEED;
	ext.execute_with(|| {
		let id = assigned_job(&accounts);
		node.expect("POST", "/v1/jobs", Some(submit_body(id)), r#"{"id":"w0","state":"queued"}"#);
		node.expect("GET", "/v1/jobs/w0", None, r#"{"id":"w0","state":"running"}"#);
		offchain_worker();
		assert!(node.sent().is_empty());
		// It failed (say the device was lost): forget it and post the job again next block.
		run_to(3);
		node.expect("GET", "/v1/jobs/w0", None, r#"{"id":"w0","state":"failed","error":"device lost"}"#);
		offchain_worker();
		assert!(progress::get(progress::Role::Provider, id, &alice).is_none());
		run_to(4);
		node.expect("POST", "/v1/jobs", Some(submit_body(id)), QUEUED);
		node.expect("GET", "/v1/jobs/w1", None, QUEUED);
		offchain_worker();
		assert!(node.sent().is_empty());
		run_to(5);
		node.expect("GET", "/v1/jobs/w1", None, &succeeded());
		offchain_worker();
		assert_eq!(node.sent(), vec![(alice.clone(), vec![commit_call(id, &alice)])]);
	});
}

#[test]
fn a_drawn_verifier_re_executes_the_job_and_submits_its_verdict() {
	let (mut ext, node, accounts) = env(&["//Alice", "//Bob"]);
	node.http.write().seed = SEED;
	ext.execute_with(|| {
		// Every single-replica result is audited, by one verifier.
		let mut params = pallet_proof_of_compute::Parameters::<Test>::get();
		params.audit_probability = sp_runtime::Permill::one();
		Proof::set_parameters(RuntimeOrigin::root(), params).unwrap();
		let id = assigned_job(&accounts);
		let provider = provider_of(id);
		let verifier = accounts.iter().find(|a| **a != provider).unwrap().clone();
		post_and_commit(&node, id, &provider);
		run_to(3);
		node.expect("GET", "/v1/jobs/w1/output", None, core::str::from_utf8(OUTPUT).unwrap());
		offchain_worker();
		dispatch(&provider, node.sent().remove(0).1);
		let round = pallet_proof_of_compute::Rounds::<Test>::get(id).unwrap();
		assert_eq!(round.verifiers.iter().map(|v| v.verifier.clone()).collect::<Vec<_>>(), vec![verifier.clone()]);

		// The verifier runs the job under its own worker id space and answers.
		run_to(4);
		let verifier_id = id | (1 << 62);
		node.expect("POST", "/v1/jobs", Some(submit_body(verifier_id)), r#"{"id":"v1","state":"queued"}"#);
		node.expect("GET", "/v1/jobs/v1", None, &succeeded());
		offchain_worker();
		let sent = node.sent();
		let verdict = RuntimeCall::Proof(ProofCall::submit_verdict { job: id, verdict: Verdict::Recomputed(digest_of(OUTPUT)) });
		assert_eq!(sent, vec![(verifier.clone(), vec![verdict])]);
		dispatch(&verifier, sent[0].1.clone());
		assert_eq!(pallet_jobs::Jobs::<Test>::get(id).unwrap().state, JobState::Settled);
	});
}

#[test]
fn heartbeats_go_out_at_half_the_window_and_keys_that_are_not_providers_stay_silent() {
	let (mut ext, node, accounts) = env(&["//Alice", "//Bob"]);
	let alice = accounts[0].clone();
	ext.execute_with(|| {
		register(&alice);
		run_to(1 + HEARTBEAT_WINDOW / 2 - 1);
		offchain_worker();
		assert!(node.sent().is_empty());
		run_to(1 + HEARTBEAT_WINDOW / 2);
		offchain_worker();
		let sent = node.sent();
		let heartbeat = RuntimeCall::Providers(pallet_providers::Call::heartbeat {});
		assert_eq!(sent, vec![(alice.clone(), vec![heartbeat])], "only Alice, a provider, heartbeats");
		dispatch(&alice, sent[0].1.clone());
		offchain_worker();
		assert!(node.sent().is_empty(), "the heartbeat landed");
	});
}

#[test]
fn without_a_worker_url_the_agent_does_nothing() {
	let (mut ext, node, accounts) = env(&["//Alice"]);
	ext.execute_with(|| {
		sp_io::offchain::local_storage_clear(
			sp_core::offchain::StorageKind::PERSISTENT,
			tensorgrid_primitives::GPU_WORKER_URL_KEY,
		);
		assigned_job(&accounts);
		run_to(1 + HEARTBEAT_WINDOW);
		offchain_worker();
		assert!(node.sent().is_empty());
	});
}

#[test]
fn digests_round_trip_through_hex() {
	let digest = digest_of(OUTPUT);
	assert_eq!(crate::worker_api::digest_from_hex(&to_hex(&digest)), Some(digest));
	assert_eq!(crate::worker_api::digest_from_hex(&to_hex(&digest).to_uppercase().replace("0X", "0x")), Some(digest));
	assert_eq!(crate::worker_api::digest_from_hex("0x1234"), None);
	assert_eq!(crate::worker_api::digest_from_hex(&format!("0x{}", "zz".repeat(32))), None);
}
