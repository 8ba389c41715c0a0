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
	submit_body_with(chain_job_id, &[format!(r#"{{"inline":"{}"}}"#, to_hex(&INPUT_A)), format!(r#"{{"inline":"{}"}}"#, to_hex(&INPUT_B))])
}

/// The POST body with these JSON inputs.
fn submit_body_with(chain_job_id: u64, inputs: &[String]) -> String {
	format!(r#"{{"chain_job_id":{chain_job_id},"spec":"{}","inputs":[{}]}}"#, to_hex(&spec().encode()), inputs.join(","))
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

/// Every single-replica result audited, by one verifier: a job assigned to one of
/// `accounts`; returns it, its provider and the other account (its verifier to be).
fn spot_checked_job(accounts: &[AccountId]) -> (u64, AccountId, AccountId) {
	let mut params = pallet_proof_of_compute::Parameters::<Test>::get();
	params.audit_probability = sp_runtime::Permill::one();
	Proof::set_parameters(RuntimeOrigin::root(), params).unwrap();
	let id = assigned_job(accounts);
	let provider = provider_of(id);
	let verifier = accounts.iter().find(|a| **a != provider).unwrap().clone();
	(id, provider, verifier)
}

#[test]
fn a_drawn_verifier_re_executes_the_job_commits_its_verdict_then_reveals_it() {
	let (mut ext, node, accounts) = env(&["//Alice", "//Bob"]);
	node.http.write().seed = SEED;
	ext.execute_with(|| {
		let (id, provider, verifier) = spot_checked_job(&accounts);
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
		// It commits first: the salt stays in its progress record, the verdict unseen.
		let verdict = Verdict::Recomputed(digest_of(OUTPUT));
		let Some(progress::Progress::Sent { salt, .. }) = progress::get(progress::Role::Verifier, id, &verifier) else {
			panic!("the verifier keeps its verdict and salt");
		};
		let commitment = pallet_proof_of_compute::verdict_commitment_of(&verdict, &verifier, &salt);
		let sent = node.sent();
		assert_eq!(sent, vec![(verifier.clone(), vec![RuntimeCall::Proof(ProofCall::commit_verdict { job: id, commitment })])]);
		dispatch(&verifier, sent[0].1.clone());
		assert!(matches!(
			pallet_proof_of_compute::Rounds::<Test>::get(id).unwrap().phase,
			pallet_proof_of_compute::Phase::VerdictRevealing { .. }
		));
		// Every verifier committed: next block it reveals with the same salt.
		run_to(5);
		offchain_worker();
		let sent = node.sent();
		assert_eq!(sent, vec![(verifier.clone(), vec![RuntimeCall::Proof(ProofCall::submit_verdict { job: id, verdict, salt })])]);
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

fn decline_call(job: u64) -> RuntimeCall {
	RuntimeCall::Jobs(pallet_jobs::Call::decline_job { job })
}

fn succeeded_with_len(len: u64) -> String {
	format!(r#"{{"id":"w1","state":"succeeded","digest":"{}","output_len":{len}}}"#, to_hex(&digest_of(OUTPUT)))
}

/// Attack 3: `MatmulI8 4096×1×4096` outputs 64 MiB from two 4 KiB inputs. The agent used to
/// pull the whole output into the runtime's heap to reveal it (and abort). The status says
/// how long the output is: above `MaxInlineOutput` it is never fetched, and the reveal names
/// it by hash.
#[test]
fn attack_3_large_output_is_never_fetched() {
	let (mut ext, node, accounts) = env(&["//Alice"]);
	let alice = accounts[0].clone();
	node.http.write().seed = SEED;
	ext.execute_with(|| {
		let id = assigned_job(&accounts);
		node.expect("POST", "/v1/jobs", Some(submit_body(id)), QUEUED);
		node.expect("GET", "/v1/jobs/w1", None, &succeeded_with_len(64 << 20));
		offchain_worker();
		let sent = node.sent();
		assert_eq!(sent, vec![(alice.clone(), vec![commit_call(id, &alice)])]);
		dispatch(&alice, sent[0].1.clone());

		// Reveals are open: no request to the worker at all (an /output request would fail
		// the test: it is not scripted), the output by hash.
		run_to(3);
		offchain_worker();
		let sent = node.sent();
		assert_eq!(sent, vec![(alice.clone(), vec![reveal_call(id, OutputRef::Artifact(digest_of(OUTPUT)))])]);
		dispatch(&alice, sent[0].1.clone());
		assert_eq!(pallet_jobs::Jobs::<Test>::get(id).unwrap().state, JobState::Settled);
	});
}

/// Attack 3: a worker answer above the agent's bounds is refused after reading one byte more
/// than the bound, never read whole: a status body above 16 KiB is no status (polled again
/// later), and an output above `MaxInlineOutput` (256 bytes here) that the status claimed
/// was small is not revealed inline.
#[test]
fn attack_3_oversized_answers_are_refused() {
	let (mut ext, node, accounts) = env(&["//Alice"]);
	let alice = accounts[0].clone();
	node.http.write().seed = SEED;
	ext.execute_with(|| {
		let id = assigned_job(&accounts);
		node.expect("POST", "/v1/jobs", Some(submit_body(id)), QUEUED);
		let huge = format!(r#"{{"id":"w1","state":"running","error":"{}"}}"#, "x".repeat(1 << 20));
		node.expect("GET", "/v1/jobs/w1", None, &huge);
		offchain_worker();
		assert!(node.sent().is_empty());
		assert!(unread_below(&node, "/v1/jobs/w1", 64 << 10), "the 1 MiB status was not read whole");
		assert_eq!(
			progress::get(progress::Role::Provider, id, &alice),
			Some(progress::Progress::Submitted { worker_id: b"w1".to_vec() }),
			"still waiting for it"
		);
		run_to(3);
		node.expect("GET", "/v1/jobs/w1", None, &succeeded());
		offchain_worker();
		let sent = node.sent();
		assert_eq!(sent, vec![(alice.clone(), vec![commit_call(id, &alice)])]);
		dispatch(&alice, sent[0].1.clone());
		run_to(4);
		node.expect_status("GET", "/v1/jobs/w1/output", None, "200", &vec![0u8; 1 << 20]);
		offchain_worker();
		assert!(unread_below(&node, "/v1/jobs/w1/output", 16 << 10), "the 1 MiB output was not read whole");
		let sent = node.sent();
		assert_eq!(sent, vec![(alice.clone(), vec![reveal_call(id, OutputRef::Artifact(digest_of(OUTPUT)))])]);
	});
}

/// Whether the request to `path` was left with its answer read only in part, fewer than
/// `bound` bytes of it.
fn unread_below(node: &Node, path: &str, bound: usize) -> bool {
	let uri = format!("{WORKER}{path}");
	node.http.read().requests.values().any(|r| {
		r.uri == uri && r.response.as_ref().is_some_and(|body| r.read < bound && r.read < body.len())
	})
}

/// Attack 3: an artifact input goes to the worker as its hash (the worker fetches and checks
/// the bytes), never as bytes built into the request in the runtime's heap.
#[test]
fn attack_3_artifact_inputs_go_by_hash() {
	let (mut ext, node, accounts) = env(&["//Alice"]);
	let alice = accounts[0].clone();
	node.http.write().seed = SEED;
	ext.execute_with(|| {
		accounts.iter().for_each(register);
		Jobs::store_artifact(RuntimeOrigin::signed(USER), INPUT_B.to_vec()).unwrap();
		let hash = digest_of(&INPUT_B);
		let id = submit_inputs(
			1,
			vec![
				pallet_jobs::InputRef::Inline(INPUT_A.to_vec().try_into().unwrap()),
				pallet_jobs::InputRef::Artifact(hash),
			],
		);
		run_to(2);
		let body = submit_body_with(
			id,
			&[format!(r#"{{"inline":"{}"}}"#, to_hex(&INPUT_A)), format!(r#"{{"artifact":"{}"}}"#, to_hex(&hash))],
		);
		node.expect("POST", "/v1/jobs", Some(body), QUEUED);
		node.expect("GET", "/v1/jobs/w1", None, &succeeded());
		offchain_worker();
		assert_eq!(node.sent(), vec![(alice.clone(), vec![commit_call(id, &alice)])]);
	});
}

/// Attack 3: one job's trouble never stops the others. In one block the worker refuses one
/// job's artifact (422: not fetched yet, tried again later, not declined) and answers
/// another's status with garbage above the bound; the third job still commits in the same
/// transaction.
#[test]
fn attack_3_one_jobs_worker_error_does_not_stop_the_others() {
	let (mut ext, node, accounts) = env(&["//Alice"]);
	let alice = accounts[0].clone();
	node.http.write().seed = SEED;
	ext.execute_with(|| {
		accounts.iter().for_each(register);
		Jobs::store_artifact(RuntimeOrigin::signed(USER), INPUT_B.to_vec()).unwrap();
		let hash = digest_of(&INPUT_B);
		let by_hash = submit_inputs(
			1,
			vec![
				pallet_jobs::InputRef::Inline(INPUT_A.to_vec().try_into().unwrap()),
				pallet_jobs::InputRef::Artifact(hash),
			],
		);
		let garbled = submit(1);
		let fine = submit(1);
		run_to(2);
		let body = submit_body_with(
			by_hash,
			&[format!(r#"{{"inline":"{}"}}"#, to_hex(&INPUT_A)), format!(r#"{{"artifact":"{}"}}"#, to_hex(&hash))],
		);
		node.expect_status("POST", "/v1/jobs", Some(body), "422", br#"{"error":"artifact is not in the local store"}"#);
		node.expect("POST", "/v1/jobs", Some(submit_body(garbled)), r#"{"id":"w2","state":"queued"}"#);
		node.expect("POST", "/v1/jobs", Some(submit_body(fine)), r#"{"id":"w3","state":"queued"}"#);
		node.expect_status("GET", "/v1/jobs/w2", None, "200", &vec![b'['; 20 << 10]);
		node.expect("GET", "/v1/jobs/w3", None, &succeeded());
		offchain_worker();
		assert_eq!(node.sent(), vec![(alice.clone(), vec![commit_call(fine, &alice)])]);
		assert!(progress::get(progress::Role::Provider, by_hash, &alice).is_none(), "posted again next block");
		assert_eq!(
			progress::get(progress::Role::Provider, garbled, &alice),
			Some(progress::Progress::Submitted { worker_id: b"w2".to_vec() }),
			"polled again next block"
		);
		assert_eq!(progress::failures(progress::Role::Provider, by_hash, &alice), 0, "a 422 is no failure of the job");
	});
}

/// Attack 7: a worker off loopback runs with `--token`; the agent sends the token the node
/// recorded beside the URL as `Authorization: Bearer <token>` on every request (and none
/// when the node recorded none).
#[test]
fn attack_7_bearer_token_is_sent() {
	let (mut ext, node, accounts) = env(&["//Alice"]);
	let alice = accounts[0].clone();
	node.http.write().seed = SEED;
	ext.execute_with(|| {
		let token = "5f1d2c0ffee";
		sp_io::offchain::local_storage_set(
			sp_core::offchain::StorageKind::PERSISTENT,
			crate::worker_api::GPU_WORKER_TOKEN_KEY,
			token.as_bytes(),
		);
		*node.token.borrow_mut() = Some(token.into());
		let id = assigned_job(&accounts);
		// Every request below is matched with its headers: POST and GET carry the token.
		post_and_commit(&node, id, &alice);
		run_to(3);
		node.expect("GET", "/v1/jobs/w1/output", None, core::str::from_utf8(OUTPUT).unwrap());
		offchain_worker();
		let inline = OutputRef::Inline(OUTPUT.to_vec().try_into().unwrap());
		assert_eq!(node.sent(), vec![(alice.clone(), vec![reveal_call(id, inline)])]);

		// Without a recorded token, no header.
		sp_io::offchain::local_storage_clear(
			sp_core::offchain::StorageKind::PERSISTENT,
			crate::worker_api::GPU_WORKER_TOKEN_KEY,
		);
		*node.token.borrow_mut() = None;
		let second = submit(1);
		run_to(4);
		node.expect("POST", "/v1/jobs", Some(submit_body(second)), r#"{"id":"w2","state":"queued"}"#);
		node.expect("GET", "/v1/jobs/w2", None, QUEUED);
		offchain_worker();
	});
}

/// Attack 7: a worker job that failed or timed out is posted again, and an answer that names
/// the failed job again (`existing`, a worker that will not run it again) is not taken for
/// a job in progress: it counts as another failure and is not polled.
#[test]
fn attack_7_failed_worker_job_is_posted_again() {
	let (mut ext, node, accounts) = env(&["//Alice"]);
	let alice = accounts[0].clone();
	node.http.write().seed = SEED;
	ext.execute_with(|| {
		let id = assigned_job(&accounts);
		node.expect("POST", "/v1/jobs", Some(submit_body(id)), QUEUED);
		node.expect("GET", "/v1/jobs/w1", None, r#"{"id":"w1","state":"running"}"#);
		offchain_worker();
		run_to(3);
		node.expect("GET", "/v1/jobs/w1", None, r#"{"id":"w1","state":"timed_out","error":"too slow"}"#);
		offchain_worker();
		assert!(node.sent().is_empty());
		assert_eq!(progress::failures(progress::Role::Provider, id, &alice), 1);

		run_to(4);
		node.expect("POST", "/v1/jobs", Some(submit_body(id)), r#"{"id":"w1","state":"timed_out","existing":true}"#);
		offchain_worker();
		assert!(node.sent().is_empty());
		assert_eq!(progress::failures(progress::Role::Provider, id, &alice), 2);
		assert!(progress::get(progress::Role::Provider, id, &alice).is_none());

		// The worker runs it again this time.
		run_to(5);
		node.expect("POST", "/v1/jobs", Some(submit_body(id)), r#"{"id":"w2","state":"queued","existing":false}"#);
		node.expect("GET", "/v1/jobs/w2", None, &succeeded());
		offchain_worker();
		let sent = node.sent();
		assert_eq!(sent, vec![(alice.clone(), vec![commit_call(id, &alice)])]);
		dispatch(&alice, sent[0].1.clone());
		assert_eq!(pallet_jobs::Jobs::<Test>::get(id).unwrap().state, JobState::Committed);
	});
}

/// Attack 1 (agent side): a job the worker refuses as not executable (400 invalid, 413 too
/// large) is declined at once, before the commit deadline, instead of being posted every
/// block until the provider is slashed for missing it; other refusals (401, 404, 422, 5xx,
/// a network error) are tried again.
#[test]
fn attack_1_unexecutable_job_is_declined() {
	for (status, declined) in
		[("400", true), ("413", true), ("401", false), ("404", false), ("422", false), ("503", false), ("io", false)]
	{
		let (mut ext, node, accounts) = env(&["//Alice"]);
		let alice = accounts[0].clone();
		ext.execute_with(|| {
			let id = assigned_job(&accounts);
			let balance = <Balances as frame_support::traits::fungible::Inspect<_>>::total_balance(&alice);
			node.expect_status("POST", "/v1/jobs", Some(submit_body(id)), status, br#"{"error":"no"}"#);
			offchain_worker();
			let sent = node.sent();
			if !declined {
				assert!(sent.is_empty(), "{status}: not declined");
				run_to(3);
				node.expect("POST", "/v1/jobs", Some(submit_body(id)), QUEUED);
				node.expect("GET", "/v1/jobs/w1", None, QUEUED);
				offchain_worker();
				assert!(node.sent().is_empty());
				return;
			}
			assert_eq!(sent, vec![(alice.clone(), vec![decline_call(id)])], "{status}: declined");
			dispatch(&alice, sent[0].1.clone());
			let job = pallet_jobs::Jobs::<Test>::get(id).unwrap();
			assert!(job.slots.iter().all(|s| s.provider != alice), "{status}: Alice left the slot");
			assert_eq!(
				<Balances as frame_support::traits::fungible::Inspect<_>>::total_balance(&alice),
				balance,
				"{status}: not slashed"
			);
			// Nothing more for it: no request, no transaction.
			run_to(3);
			offchain_worker();
			assert!(node.sent().is_empty());
		});
	}
}

/// Attack 1 (agent side): a job the worker failed three times is declined rather than
/// retried until the deadline.
#[test]
fn attack_1_a_job_failing_three_times_is_declined() {
	let (mut ext, node, accounts) = env(&["//Alice"]);
	let alice = accounts[0].clone();
	ext.execute_with(|| {
		let id = assigned_job(&accounts);
		for (block, worker_id) in [(2, "w1"), (3, "w2"), (4, "w3")] {
			run_to(block);
			node.expect("POST", "/v1/jobs", Some(submit_body(id)), &format!(r#"{{"id":"{worker_id}","state":"queued"}}"#));
			node.expect("GET", &format!("/v1/jobs/{worker_id}"), None, r#"{"state":"failed","error":"device lost"}"#);
			offchain_worker();
			let sent = node.sent();
			if block < 4 {
				assert!(sent.is_empty(), "block {block}: tried again");
			} else {
				assert_eq!(sent, vec![(alice.clone(), vec![decline_call(id)])]);
				dispatch(&alice, sent[0].1.clone());
			}
		}
		assert!(pallet_jobs::Jobs::<Test>::get(id).unwrap().slots.iter().all(|s| s.provider != alice));
	});
}

/// Progress records (off-chain, persistent) of jobs that finished or were pruned are
/// cleared; those of live jobs stay.
#[test]
fn progress_of_finished_jobs_is_cleared() {
	let (mut ext, node, accounts) = env(&["//Alice"]);
	let alice = accounts[0].clone();
	node.http.write().seed = SEED;
	ext.execute_with(|| {
		let id = assigned_job(&accounts);
		post_and_commit(&node, id, &alice);
		run_to(3);
		node.expect("GET", "/v1/jobs/w1/output", None, core::str::from_utf8(OUTPUT).unwrap());
		offchain_worker();
		dispatch(&alice, node.sent().remove(0).1);
		assert_eq!(pallet_jobs::Jobs::<Test>::get(id).unwrap().state, JobState::Settled);
		assert!(progress::get(progress::Role::Provider, id, &alice).is_some());
		// A record left from a job the chain pruned long ago, and a live job's.
		let gone = 1_000;
		let record = progress::Progress::Revealed { digest: [1; 32], salt: [2; 32], at: 1 };
		progress::set(progress::Role::Verifier, gone, &alice, &record);
		let live = submit(1);
		run_to(4);
		node.expect("POST", "/v1/jobs", Some(submit_body(live)), r#"{"id":"w2","state":"queued"}"#);
		node.expect("GET", "/v1/jobs/w2", None, QUEUED);
		offchain_worker();

		assert!(progress::get(progress::Role::Provider, id, &alice).is_none(), "settled: cleared");
		assert!(progress::get(progress::Role::Verifier, gone, &alice).is_none(), "pruned: cleared");
		assert!(progress::get(progress::Role::Provider, live, &alice).is_some(), "live: kept");
		assert_eq!(progress::tracked(&alice), vec![(progress::Role::Provider, live)]);
	});
}

/// Job `id` reads another job's output (by its digest) as its second input.
fn chain_second_input(id: u64, digest: [u8; 32]) -> String {
	pallet_jobs::JobInputs::<Test>::mutate(id, |inputs| {
		inputs.as_mut().unwrap()[1] = pallet_jobs::InputRef::Output(digest);
	});
	submit_body_with(
		id,
		&[format!(r#"{{"inline":"{}"}}"#, to_hex(&INPUT_A)), format!(r#"{{"artifact":"{}"}}"#, to_hex(&digest))],
	)
}

const NOT_ON_ANY_PEER: &[u8] = br#"{"error":"artifact is not in the local store"}"#;

/// A chained job whose input (another job's output) no peer serves: the worker answers 422
/// while the node looks for it; the provider declines before its commit deadline, unslashed,
/// instead of waiting into a missed-commitment slash.
#[test]
fn a_chained_input_nobody_serves_is_declined_before_the_commit_deadline() {
	let (mut ext, node, accounts) = env(&["//Alice"]);
	let alice = accounts[0].clone();
	ext.execute_with(|| {
		let id = assigned_job(&accounts);
		let body = chain_second_input(id, [0x0C; 32]);
		let deadline = pallet_jobs::Jobs::<Test>::get(id).unwrap().slots[0].commit_deadline as u32;
		let give_up = (2 + crate::agent::INPUT_WAIT).min(deadline - crate::agent::GIVE_UP_MARGIN);
		let balance = <Balances as frame_support::traits::fungible::Inspect<_>>::total_balance(&alice);
		for block in 2..give_up {
			run_to(block as u64);
			node.expect_status("POST", "/v1/jobs", Some(body.clone()), "422", NOT_ON_ANY_PEER);
			offchain_worker();
			assert!(node.sent().is_empty(), "block {block}: still looking for the input");
			assert_eq!(progress::failures(progress::Role::Provider, id, &alice), 0, "a missing input is no failure");
		}
		run_to(give_up as u64);
		node.expect_status("POST", "/v1/jobs", Some(body), "422", NOT_ON_ANY_PEER);
		offchain_worker();
		let sent = node.sent();
		assert_eq!(sent, vec![(alice.clone(), vec![decline_call(id)])]);
		dispatch(&alice, sent[0].1.clone());
		assert!(pallet_jobs::Jobs::<Test>::get(id).unwrap().slots.iter().all(|s| s.provider != alice));
		run_to(deadline as u64 + 2);
		assert_eq!(
			<Balances as frame_support::traits::fungible::Inspect<_>>::total_balance(&alice),
			balance,
			"declined, not slashed"
		);
	});
}

/// The input turns up while the provider waits: the job runs and commits as usual.
#[test]
fn a_chained_input_found_while_waiting_is_run() {
	let (mut ext, node, accounts) = env(&["//Alice"]);
	let alice = accounts[0].clone();
	node.http.write().seed = SEED;
	ext.execute_with(|| {
		let id = assigned_job(&accounts);
		let body = chain_second_input(id, [0x0C; 32]);
		node.expect_status("POST", "/v1/jobs", Some(body.clone()), "422", NOT_ON_ANY_PEER);
		offchain_worker();
		assert!(node.sent().is_empty());
		run_to(3);
		node.expect("POST", "/v1/jobs", Some(body), QUEUED);
		node.expect("GET", "/v1/jobs/w1", None, &succeeded());
		offchain_worker();
		assert_eq!(node.sent(), vec![(alice.clone(), vec![commit_call(id, &alice)])]);
	});
}

/// A drawn verifier that cannot get a chained job's input abstains before the audit's
/// commit deadline (silence would be slashed); with no answer the spot check refunds the
/// job instead of letting the unchecked result stand, and nobody is slashed.
#[test]
fn a_verifier_without_a_chained_input_abstains_and_the_unchecked_result_does_not_stand() {
	let (mut ext, node, accounts) = env(&["//Alice", "//Bob"]);
	node.http.write().seed = SEED;
	ext.execute_with(|| {
		let (id, provider, verifier) = spot_checked_job(&accounts);
		let body = chain_second_input(id, [0x0C; 32]);
		// The provider has the input.
		node.expect("POST", "/v1/jobs", Some(body), QUEUED);
		node.expect("GET", "/v1/jobs/w1", None, &succeeded());
		offchain_worker();
		dispatch(&provider, node.sent().remove(0).1);
		run_to(3);
		node.expect("GET", "/v1/jobs/w1/output", None, core::str::from_utf8(OUTPUT).unwrap());
		offchain_worker();
		dispatch(&provider, node.sent().remove(0).1);
		let round = pallet_proof_of_compute::Rounds::<Test>::get(id).unwrap();
		let pallet_proof_of_compute::Phase::Auditing { deadline, .. } = round.phase else { panic!("audited") };
		let stakes = |who: &AccountId| <Balances as frame_support::traits::fungible::Inspect<_>>::total_balance(who);
		let (p, v) = (stakes(&provider), stakes(&verifier));
		// The verifier does not have it: it waits, then abstains in time.
		let verifier_body = submit_body_with(
			id | (1 << 62),
			&[format!(r#"{{"inline":"{}"}}"#, to_hex(&INPUT_A)), format!(r#"{{"artifact":"{}"}}"#, to_hex(&[0x0C; 32]))],
		);
		let give_up = (4 + crate::agent::INPUT_WAIT).min(deadline as u32 - crate::agent::GIVE_UP_MARGIN);
		for block in 4..give_up {
			run_to(block as u64);
			node.expect_status("POST", "/v1/jobs", Some(verifier_body.clone()), "422", NOT_ON_ANY_PEER);
			offchain_worker();
			assert!(node.sent().is_empty(), "block {block}: still looking");
		}
		run_to(give_up as u64);
		node.expect_status("POST", "/v1/jobs", Some(verifier_body), "422", NOT_ON_ANY_PEER);
		offchain_worker();
		let sent = node.sent();
		assert_eq!(sent, vec![(verifier.clone(), vec![RuntimeCall::Proof(ProofCall::abstain_audit { job: id })])]);
		dispatch(&verifier, sent[0].1.clone());
		assert_eq!(pallet_jobs::Jobs::<Test>::get(id).unwrap().state, JobState::Refunded);
		assert_eq!((stakes(&provider), stakes(&verifier)), (p, v), "nobody paid, nobody slashed");
		// Nothing more is sent for it.
		run_to(give_up as u64 + 6);
		offchain_worker();
		assert!(node.sent().iter().all(|(_, calls)| calls.iter().all(|c| !matches!(c, RuntimeCall::Proof(_)))));
	});
}
