//! Honest and dishonest providers through commit, reveal, audit and settlement, every error
//! path, and a seeded property test of conservation and punishment.

use crate::{mock::*, types::*, Error, Event};
use frame_support::{assert_noop, assert_ok, traits::fungible::Inspect};
use pallet_jobs::{JobId, JobState};
use sp_runtime::{DispatchError, Permill};

/// xorshift64*: the seeded generator of the randomized tests.
struct Rng(u64);
impl Rng {
	fn next(&mut self) -> u64 {
		self.0 ^= self.0 >> 12;
		self.0 ^= self.0 << 25;
		self.0 ^= self.0 >> 27;
		self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
	}
	fn below(&mut self, n: u64) -> u64 {
		self.next() % n
	}
}

/// Escrow of the test job with `replicas`: replicas × 200, and the verification fee: one
/// slot at the maximum price for each of the two verifiers an audit draws.
fn escrow(replicas: u128) -> u128 {
	replicas * MAX_PRICE + 2 * MAX_PRICE
}

/// Register `count` providers (P1, P2, P3), submit a job with `count` replicas and assign it.
fn assigned(count: u32) -> JobId {
	for who in [P1, P2, P3].into_iter().take(count as usize) {
		register(who);
	}
	let id = submit(count);
	run_to(System::block_number() + 1);
	assert_eq!(job_state(id), JobState::Assigned);
	id
}

/// Each provider commits its digest; then verifiers V1 and V2 register (so they are not
/// among the job's providers).
fn committed(count: u32, digests: &[(u64, [u8; 32])]) -> JobId {
	let id = assigned(count);
	for (who, d) in digests {
		commit(id, *who, *d);
	}
	register(V1);
	register(V2);
	id
}

mod honest {
	use super::*;

	fn honest_run(count: u32) {
		let providers: Vec<_> = [P1, P2, P3].into_iter().take(count as usize).collect();
		let digests: Vec<_> = providers.iter().map(|p| (*p, HONEST)).collect();
		let id = committed(count, &digests);
		let before: Vec<_> = providers.iter().map(|p| free(*p)).collect();
		assert_eq!(job_state(id), JobState::Committed);
		assert!(matches!(round(id).phase, Phase::Revealing { .. }));
		for p in &providers {
			assert_ok!(reveal(id, *p, HONEST));
		}
		assert_eq!(job_state(id), JobState::Settled);
		assert_eq!(round(id).outcome, Some(Outcome::Agreed(HONEST)));
		for (p, b) in providers.iter().zip(before) {
			assert_eq!(free(*p), b + PRICE, "provider {p} paid its price");
			assert_eq!(stake(*p), MIN_STAKE);
		}
		assert_eq!(free(USER), INITIAL - count as u128 * PRICE);
		let j = pallet_jobs::Jobs::<Test>::get(id).unwrap();
		assert_eq!((j.paid, j.refunded, j.result_digest), (count as u128 * PRICE, escrow(count as u128) - count as u128 * PRICE, Some(HONEST)));
	}

	#[test]
	fn one_replica() {
		test(|| honest_run(1));
	}

	#[test]
	fn two_replicas() {
		test(|| honest_run(2));
	}

	#[test]
	fn three_replicas() {
		test(|| honest_run(3));
	}

	#[test]
	fn an_audit_of_an_honest_job_pays_the_verifiers_from_the_fee() {
		test(|| {
			set_audit_probability(Permill::one());
			let id = committed(1, &[(P1, HONEST)]);
			assert_ok!(reveal(id, P1, HONEST));
			assert_eq!(job_state(id), JobState::Disputed);
			let r = round(id);
			assert!(matches!(r.phase, Phase::Auditing { reason: AuditReason::Random, .. }));
			let mut verifiers: Vec<_> = r.verifiers.iter().map(|v| v.verifier).collect();
			verifiers.sort();
			assert_eq!(verifiers, vec![V1, V2]);
			assert_eq!(Proof::api_audits_for(V1), vec![id]);
			let (p1, v1, v2) = (free(P1), free(V1), free(V2));
			answer(id, &[(V1, Verdict::Recomputed(HONEST)), (V2, Verdict::FreivaldsAccepted(HONEST))]);
			assert_eq!(round(id).outcome, Some(Outcome::Audited(Some(HONEST))));
			assert_eq!(job_state(id), JobState::Settled);
			// Fee 400: each verifier is paid one slot at the submitter's maximum price (what
			// re-running the job is worth to it); nobody slashed.
			assert_eq!((free(P1), free(V1), free(V2)), (p1 + PRICE, v1 + MAX_PRICE, v2 + MAX_PRICE));
			assert_eq!(free(USER), INITIAL - PRICE - 2 * MAX_PRICE);
			assert_eq!(stake(P1), MIN_STAKE);
			assert!(Proof::api_audits_for(V1).is_empty());
		});
	}
}

mod dishonest {
	use super::*;

	#[test]
	fn one_liar_among_three_is_slashed_and_the_submitter_made_whole() {
		test(|| {
			let id = committed(3, &[(P1, HONEST), (P2, HONEST), (P3, WRONG)]);
			for (p, d) in [(P1, HONEST), (P2, HONEST), (P3, WRONG)] {
				assert_ok!(reveal(id, p, d));
			}
			assert!(matches!(round(id).phase, Phase::Auditing { reason: AuditReason::Disagreement, .. }));
			let before: Vec<_> = [P1, P2, P3, V1, V2, USER, TREASURY].iter().map(|a| free(*a)).collect();
			answer(id, &[(V1, Verdict::Recomputed(HONEST)), (V2, Verdict::Recomputed(HONEST))]);
			assert_eq!(round(id).outcome, Some(Outcome::Audited(Some(HONEST))));
			// Fee 400: 200 to each verifier. P3 loses its slot's collateral (10% of its free
			// stake, 1,000): 400 make the submitter whole for the fee, half of the other 600
			// goes to the verifiers (150 each), 300 to the treasury.
			let after: Vec<_> = [P1, P2, P3, V1, V2, USER, TREASURY].iter().map(|a| free(*a)).collect();
			let delta: Vec<i128> = after.iter().zip(&before).map(|(a, b)| *a as i128 - *b as i128).collect();
			let refund = (escrow(3) - 2 * PRICE - 400) as i128;
			assert_eq!(delta, vec![100, 100, 0, 200 + 150, 200 + 150, refund + 400, 300]);
			assert_eq!(stake(P3), MIN_STAKE - 1_000);
			assert_eq!(free(USER), INITIAL - 2 * PRICE);
			assert!(events().contains(&Event::ProviderSlashed { job: id, provider: P3, amount: 1_000 }));
		});
	}

	#[test]
	fn two_liars_among_three_lose_to_the_verifiers() {
		test(|| {
			let id = committed(3, &[(P1, HONEST), (P2, WRONG), (P3, WRONG)]);
			for (p, d) in [(P1, HONEST), (P2, WRONG), (P3, WRONG)] {
				assert_ok!(reveal(id, p, d));
			}
			answer(id, &[(V1, Verdict::Recomputed(HONEST)), (V2, Verdict::Recomputed(HONEST))]);
			assert_eq!(job_state(id), JobState::Settled);
			assert_eq!(stake(P1), MIN_STAKE);
			assert_eq!((stake(P2), stake(P3)), (MIN_STAKE - 1_000, MIN_STAKE - 1_000));
			// The submitter paid one provider and nothing for the audit.
			assert_eq!(free(USER), INITIAL - PRICE);
		});
	}

	#[test]
	fn a_copied_commitment_cannot_be_revealed() {
		test(|| {
			let id = assigned(2);
			commit(id, P1, HONEST);
			// P2 copies P1's commitment instead of computing.
			let copied = round(id).submissions[0].commitment;
			assert_ok!(Proof::commit_result(RuntimeOrigin::signed(P2), id, copied));
			assert_ok!(reveal(id, P1, HONEST));
			// Even with P1's digest and salt, the hash binds P1's account, not P2's.
			assert_noop!(
				Proof::reveal_result(RuntimeOrigin::signed(P2), id, HONEST, salt(P1), OutputRef::Artifact(HONEST)),
				Error::<Test>::CommitmentMismatch
			);
			run_to(System::block_number() + REVEAL_WINDOW + 1);
			assert_eq!(round(id).outcome, Some(Outcome::Agreed(HONEST)));
			assert_eq!(stake(P2), MIN_STAKE - 1_000);
			assert_eq!(stake(P1), MIN_STAKE);
		});
	}

	#[test]
	fn nobody_revealing_refunds_and_slashes() {
		test(|| {
			let id = committed(1, &[(P1, HONEST)]);
			let treasury = free(TREASURY);
			run_to(System::block_number() + REVEAL_WINDOW + 1);
			assert_eq!(round(id).outcome, Some(Outcome::NoReveals));
			assert_eq!(job_state(id), JobState::Refunded);
			assert_eq!(free(USER), INITIAL);
			assert_eq!(stake(P1), MIN_STAKE - 1_000);
			assert_eq!(free(TREASURY), treasury + 1_000);
		});
	}

	#[test]
	fn freivalds_rejecting_every_output_refunds_and_slashes_all() {
		test(|| {
			let id = committed(2, &[(P1, HONEST), (P2, WRONG)]);
			assert_ok!(reveal(id, P1, HONEST));
			assert_ok!(reveal(id, P2, WRONG));
			answer(id, &[(V1, Verdict::FreivaldsRejectedAll), (V2, Verdict::FreivaldsRejectedAll)]);
			assert_eq!(round(id).outcome, Some(Outcome::Audited(None)));
			assert_eq!(job_state(id), JobState::Refunded);
			assert_eq!((stake(P1), stake(P2)), (MIN_STAKE - 1_000, MIN_STAKE - 1_000));
			// Refunded except the verifiers' fee, which the slashes repaid.
			assert_eq!(free(USER), INITIAL);
		});
	}
}

mod safe_defaults {
	use super::*;

	#[test]
	fn no_verifier_available_refunds_in_full_and_slashes_nobody() {
		test(|| {
			let id = assigned(2);
			commit(id, P1, HONEST);
			commit(id, P2, WRONG);
			assert_ok!(reveal(id, P1, HONEST));
			assert_ok!(reveal(id, P2, WRONG));
			assert_eq!(round(id).outcome, Some(Outcome::NoVerifiers));
			assert_eq!(job_state(id), JobState::Refunded);
			assert_eq!(free(USER), INITIAL);
			assert_eq!((stake(P1), stake(P2)), (MIN_STAKE, MIN_STAKE));
		});
	}

	#[test]
	fn disagreeing_verifiers_refund_in_full() {
		test(|| {
			let id = committed(2, &[(P1, HONEST), (P2, WRONG)]);
			assert_ok!(reveal(id, P1, HONEST));
			assert_ok!(reveal(id, P2, WRONG));
			answer(id, &[(V1, Verdict::Recomputed(HONEST)), (V2, Verdict::Recomputed(WRONG))]);
			assert_eq!(round(id).outcome, Some(Outcome::Undecided));
			assert_eq!(free(USER), INITIAL);
			assert_eq!((stake(P1), stake(P2)), (MIN_STAKE, MIN_STAKE));
		});
	}

	#[test]
	fn silent_verifiers_end_the_audit_at_its_deadline() {
		test(|| {
			let id = committed(2, &[(P1, HONEST), (P2, WRONG)]);
			assert_ok!(reveal(id, P1, HONEST));
			assert_ok!(reveal(id, P2, WRONG));
			assert_ok!(commit_verdict(id, V1, Verdict::Recomputed(HONEST)));
			run_to(System::block_number() + AUDIT_WINDOW);
			assert_eq!(job_state(id), JobState::Disputed);
			// The commit deadline passed: V1, who committed, may reveal; V2 stays silent.
			run_to(System::block_number() + 1);
			assert!(matches!(round(id).phase, Phase::VerdictRevealing { .. }));
			assert_ok!(reveal_verdict(id, V1, Verdict::Recomputed(HONEST)));
			// One answer never decides alone: the disagreement is refunded, nobody is slashed
			// for it, and the silent verifier pays for its silence.
			assert_eq!(round(id).outcome, Some(Outcome::Undecided));
			assert_eq!(stake(P2), MIN_STAKE);
			assert_eq!(stake(V2), MIN_STAKE - MIN_STAKE / 100);
			assert_eq!(pallet_providers::Providers::<Test>::get(V2).unwrap().active_jobs, 0);
		});
	}

	#[test]
	fn an_audit_nobody_answers_refunds() {
		test(|| {
			let id = committed(2, &[(P1, HONEST), (P2, WRONG)]);
			assert_ok!(reveal(id, P1, HONEST));
			assert_ok!(reveal(id, P2, WRONG));
			run_to(System::block_number() + AUDIT_WINDOW + 1);
			assert_eq!(round(id).outcome, Some(Outcome::Undecided));
			assert_eq!(job_state(id), JobState::Refunded);
		});
	}
}

/// Jobs that read another job's output: a verifier that cannot obtain it abstains
/// (unpaid, unslashed), and abstentions never let an unchecked result stand.
mod chained_inputs {
	use super::*;

	/// Job `id` reads a settled job's output.
	fn chain(id: JobId) {
		pallet_jobs::JobInputs::<Test>::mutate(id, |inputs| {
			inputs.as_mut().unwrap()[0] = pallet_jobs::InputRef::Output([0x0C; 32]);
		});
	}

	fn abstain(id: JobId, who: AccountId) -> frame_support::dispatch::DispatchResultWithPostInfo {
		Proof::abstain_audit(operator(who), id)
	}

	/// One provider revealed HONEST and a spot check drew V1 and V2.
	fn spot_checked() -> JobId {
		set_audit_probability(Permill::one());
		let id = committed(1, &[(P1, HONEST)]);
		chain(id);
		assert_ok!(reveal(id, P1, HONEST));
		assert!(matches!(round(id).phase, Phase::Auditing { reason: AuditReason::Random, .. }));
		id
	}

	#[test]
	fn a_spot_check_every_verifier_abstains_from_refunds_and_slashes_nobody() {
		test(|| {
			let id = spot_checked();
			let (p1, v1, v2) = (free(P1), free(V1), free(V2));
			assert_ok!(abstain(id, V1));
			assert!(events().contains(&Event::AuditAbstained { job: id, verifier: V1 }));
			assert!(matches!(round(id).phase, Phase::Auditing { .. }), "V2 may still answer");
			// The last abstention decides at once: nobody could check the result, so the
			// provider that alone may hold the input is not paid for an unchecked result.
			assert_ok!(abstain(id, V2));
			assert_eq!(round(id).outcome, Some(Outcome::Undecided));
			assert_eq!(job_state(id), JobState::Refunded);
			assert_eq!((free(P1), free(V1), free(V2)), (p1, v1, v2), "nobody paid");
			assert_eq!((stake(P1), stake(V1), stake(V2)), (MIN_STAKE, MIN_STAKE, MIN_STAKE), "nobody slashed");
			assert_eq!(free(USER), INITIAL, "the submitter is refunded in full");
			assert!(Proof::api_audits_for(V1).is_empty() && Proof::api_audits_for(V2).is_empty());
			assert_eq!(pallet_providers::Providers::<Test>::get(V1).unwrap().active_jobs, 0);
		});
	}

	#[test]
	fn one_abstention_and_one_answer_cannot_decide_alone() {
		test(|| {
			let id = spot_checked();
			assert_ok!(abstain(id, V1));
			assert_ok!(commit_verdict(id, V2, Verdict::Recomputed(HONEST)));
			// Everyone answered the commit phase: reveals open.
			assert!(matches!(round(id).phase, Phase::VerdictRevealing { .. }));
			assert_ok!(reveal_verdict(id, V2, Verdict::Recomputed(HONEST)));
			assert_eq!(round(id).outcome, Some(Outcome::Undecided));
			assert_eq!(job_state(id), JobState::Refunded);
			assert_eq!((stake(V1), stake(V2), stake(P1)), (MIN_STAKE, MIN_STAKE, MIN_STAKE));
		});
	}

	#[test]
	fn an_abstention_beside_a_silent_verifier_still_slashes_the_silent_one() {
		test(|| {
			let id = spot_checked();
			assert_ok!(abstain(id, V1));
			run_to(System::block_number() + AUDIT_WINDOW + 1);
			assert_eq!(job_state(id), JobState::Refunded);
			assert_eq!(stake(V1), MIN_STAKE, "the abstainer keeps its stake");
			assert_eq!(stake(V2), MIN_STAKE - MIN_STAKE / 100, "the silent verifier pays for silence");
		});
	}

	#[test]
	fn a_lie_on_a_chained_job_is_still_caught_by_two_answers() {
		test(|| {
			let id = committed(2, &[(P1, HONEST), (P2, WRONG)]);
			chain(id);
			// P3 runs none of the job: a third verifier candidate.
			register(P3);
			let mut params = crate::Parameters::<Test>::get();
			params.auditors_per_dispute = 3;
			crate::Parameters::<Test>::put(params);
			assert_ok!(reveal(id, P1, HONEST));
			assert_ok!(reveal(id, P2, WRONG));
			let verifiers: Vec<_> = round(id).verifiers.iter().map(|v| v.verifier).collect();
			assert_eq!(verifiers.len(), 3);
			assert_ok!(abstain(id, verifiers[0]));
			answer(id, &[(verifiers[1], Verdict::Recomputed(HONEST)), (verifiers[2], Verdict::Recomputed(HONEST))]);
			assert_eq!(round(id).outcome, Some(Outcome::Audited(Some(HONEST))));
			assert_eq!(job_state(id), JobState::Settled);
			assert!(stake(P2) < MIN_STAKE, "the liar is slashed");
			assert_eq!(stake(verifiers[0]), MIN_STAKE);
		});
	}

	#[test]
	fn abstention_errors() {
		test(|| {
			// A job whose inputs are all on chain: an honest verifier can always get them.
			set_audit_probability(Permill::one());
			let plain = committed(1, &[(P1, HONEST)]);
			assert_ok!(reveal(plain, P1, HONEST));
			assert_noop!(abstain(plain, V1), Error::<Test>::CannotAbstain);
			chain(plain);
			assert_noop!(abstain(plain, P1), Error::<Test>::NotVerifier);
			assert_noop!(abstain(plain + 99, V1), Error::<Test>::WrongPhase);
			// A committed verifier has answered: it reveals (or is slashed for silence).
			assert_ok!(commit_verdict(plain, V1, Verdict::Recomputed(HONEST)));
			assert_noop!(abstain(plain, V1), Error::<Test>::AlreadyCommitted);
			assert_ok!(abstain(plain, V2));
			assert!(matches!(round(plain).phase, Phase::VerdictRevealing { .. }));
			assert_noop!(abstain(plain, V2), Error::<Test>::WrongPhase);
			// An abstention is never a verdict one can commit to and reveal.
			assert_noop!(
				Proof::submit_verdict(operator(V1), plain, Verdict::InputUnavailable, verdict_salt(V1)),
				Error::<Test>::AbstentionIsNotAVerdict
			);
			// The signer must be a provider's operator key.
			assert_noop!(Proof::abstain_audit(RuntimeOrigin::signed(USER), plain), Error::<Test>::NotOperator);
		});
	}
}

mod errors {
	use super::*;

	#[test]
	fn commit_errors() {
		test(|| {
			let id = assigned(2);
			assert_noop!(Proof::commit_result(RuntimeOrigin::signed(V1), id, [0; 32]), Error::<Test>::NotOperator);
			register(V1);
			assert_noop!(
				Proof::commit_result(RuntimeOrigin::signed(V1), id, [0; 32]),
				pallet_jobs::Error::<Test>::NotAssigned
			);
			commit(id, P1, HONEST);
			assert_noop!(Proof::commit_result(RuntimeOrigin::signed(P1), id, [0; 32]), Error::<Test>::AlreadyCommitted);
			// Reveals wait for every commitment.
			assert_noop!(reveal(id, P1, HONEST), Error::<Test>::WrongPhase);
			System::set_block_number(System::block_number() + COMMIT_WINDOW + 1);
			assert_noop!(
				Proof::commit_result(RuntimeOrigin::signed(P2), id, [0; 32]),
				pallet_jobs::Error::<Test>::CommitDeadlinePassed
			);
		});
	}

	#[test]
	fn reveal_errors() {
		test(|| {
			let id = committed(2, &[(P1, HONEST), (P2, HONEST)]);
			assert_noop!(reveal(id, V1, HONEST), Error::<Test>::NotCommitted);
			assert_noop!(reveal(id, P1, WRONG), Error::<Test>::CommitmentMismatch);
			assert_noop!(
				Proof::reveal_result(RuntimeOrigin::signed(P1), id, HONEST, [9; 32], OutputRef::Artifact(HONEST)),
				Error::<Test>::CommitmentMismatch
			);
			assert_noop!(
				Proof::reveal_result(
					RuntimeOrigin::signed(P1),
					id,
					HONEST,
					salt(P1),
					OutputRef::Inline(vec![1, 2, 3].try_into().unwrap())
				),
				Error::<Test>::OutputMismatch
			);
			assert_ok!(reveal(id, P1, HONEST));
			assert_noop!(reveal(id, P1, HONEST), Error::<Test>::AlreadyRevealed);
			System::set_block_number(System::block_number() + REVEAL_WINDOW + 1);
			assert_noop!(reveal(id, P2, HONEST), Error::<Test>::RevealDeadlinePassed);
		});
	}

	#[test]
	fn inline_outputs_must_hash_to_the_digest() {
		test(|| {
			let output = vec![5u8; 16];
			let digest = tensorgrid_primitives::digest_of(&output);
			let id = committed(1, &[(P1, digest)]);
			assert_ok!(Proof::reveal_result(
				RuntimeOrigin::signed(P1),
				id,
				digest,
				salt(P1),
				OutputRef::Inline(output.clone().try_into().unwrap())
			));
			assert_eq!(crate::Outputs::<Test>::get(id, P1), Some(OutputRef::Inline(output.try_into().unwrap())));
		});
	}

	#[test]
	fn verdict_errors() {
		test(|| {
			let id = committed(2, &[(P1, HONEST), (P2, WRONG)]);
			let honest = Verdict::Recomputed(HONEST);
			assert_noop!(commit_verdict(id, V1, honest), Error::<Test>::WrongPhase);
			assert_ok!(reveal(id, P1, HONEST));
			assert_ok!(reveal(id, P2, WRONG));
			assert_noop!(commit_verdict(id, P1, honest), Error::<Test>::NotVerifier);
			// No verdict is revealed before every verifier committed.
			assert_noop!(reveal_verdict(id, V1, honest), Error::<Test>::WrongPhase);
			assert_ok!(commit_verdict(id, V1, Verdict::FreivaldsAccepted([7; 32])));
			assert_noop!(commit_verdict(id, V1, honest), Error::<Test>::AlreadyCommitted);
			assert_ok!(commit_verdict(id, V2, honest));
			assert!(matches!(round(id).phase, Phase::VerdictRevealing { .. }));
			// A reveal must open the commitment, and name a digest some provider revealed.
			assert_noop!(reveal_verdict(id, V1, honest), Error::<Test>::CommitmentMismatch);
			assert_noop!(reveal_verdict(id, V1, Verdict::FreivaldsAccepted([7; 32])), Error::<Test>::UnknownDigest);
			assert_ok!(reveal_verdict(id, V2, honest));
			assert_noop!(reveal_verdict(id, V2, honest), Error::<Test>::AlreadyAnswered);
		});
	}

	#[test]
	fn freivalds_only_for_matrix_products() {
		test(|| {
			use tensorgrid_primitives::kernels::{MlpLayer, MlpShape, Requant};
			register(P1);
			register(P2);
			let spec = tensorgrid_primitives::KernelSpec::MlpInferenceI8(MlpShape {
				batch: 1,
				d_in: 4,
				layers: vec![MlpLayer { d_out: 2, requant: Requant { multiplier: 1 << 30, shift: 31 } }]
					.try_into()
					.unwrap(),
			});
			let inputs = [4usize, 8, 8]
				.iter()
				.map(|n| pallet_jobs::InputRef::Inline(vec![1; *n].try_into().unwrap()))
				.collect::<Vec<_>>()
				.try_into()
				.unwrap();
			assert_ok!(Jobs::submit_job(RuntimeOrigin::signed(USER), spec, inputs, 2, MAX_PRICE, 40));
			run_to(2);
			commit(0, P1, HONEST);
			commit(0, P2, WRONG);
			register(V1);
			assert_ok!(reveal(0, P1, HONEST));
			assert_ok!(reveal(0, P2, WRONG));
			assert_ok!(commit_verdict(0, V1, Verdict::FreivaldsRejectedAll));
			assert_noop!(reveal_verdict(0, V1, Verdict::FreivaldsRejectedAll), Error::<Test>::FreivaldsNotSupported);
		});
	}

	#[test]
	fn parameters_need_governance_and_sense() {
		test(|| {
			let mut p = crate::Parameters::<Test>::get();
			assert_noop!(Proof::set_parameters(RuntimeOrigin::signed(USER), p), DispatchError::BadOrigin);
			p.auditors_per_dispute = 4;
			assert_noop!(Proof::set_parameters(RuntimeOrigin::root(), p), Error::<Test>::InvalidParameters);
			p.auditors_per_dispute = 0;
			assert_noop!(Proof::set_parameters(RuntimeOrigin::root(), p), Error::<Test>::InvalidParameters);
			p.auditors_per_dispute = 3;
			p.reveal_window = 0;
			assert_noop!(Proof::set_parameters(RuntimeOrigin::root(), p), Error::<Test>::InvalidParameters);
			p.reveal_window = 9;
			assert_ok!(Proof::set_parameters(RuntimeOrigin::root(), p));
			assert_eq!(crate::Parameters::<Test>::get(), p);
		});
	}

	#[test]
	fn the_api_reports_the_round_and_pruning_removes_it() {
		test(|| {
			let id = committed(1, &[(P1, HONEST)]);
			let r = Proof::api_round(id).unwrap();
			assert_eq!(r.submissions.len(), 1);
			assert_eq!(r.submissions[0].revealed, None);
			assert_ok!(reveal(id, P1, HONEST));
			let r = Proof::api_round(id).unwrap();
			assert_eq!((r.phase, r.outcome), (Phase::Finished, Some(Outcome::Agreed(HONEST))));
			assert_eq!(r.submissions[0].revealed, Some(HONEST));
			run_to(System::block_number() + RETENTION);
			assert!(Proof::api_round(id).is_none());
			assert!(crate::Outputs::<Test>::get(id, P1).is_none());
		});
	}
}

/// Random jobs with honest and dishonest providers; after every block the invariants of
/// all three pallets hold, no balance is created or destroyed, and every dishonest
/// provider that was audited or outvoted has been slashed.
mod property {
	use super::*;
	use std::collections::{BTreeMap, BTreeSet};


	const ACCOUNTS: [u64; 7] = [P1, P2, P3, V1, V2, USER, TREASURY];

	fn total() -> u128 {
		ACCOUNTS.iter().map(|a| Balances::total_balance(a)).sum()
	}

	fn run(seed: u64, outcomes: &mut BTreeMap<String, u32>) {
		new_test_ext().execute_with(|| {
			SEED.with(|s| *s.borrow_mut() = seed);
			let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
			set_audit_probability(Permill::from_percent(30));
			let everyone = total();
			for p in [P1, P2, P3, V1, V2] {
				register(p);
			}
			// Liars always reveal WRONG; lazy ones never reveal.
			let liars: BTreeSet<u64> = [P1, P2, P3, V1, V2].into_iter().filter(|_| rng.below(4) == 0).collect();
			let lazy: BTreeSet<u64> =
				[P1, P2, P3, V1, V2].into_iter().filter(|p| !liars.contains(p) && rng.below(6) == 0).collect();
			let mut stakes: BTreeMap<u64, u128> = [P1, P2, P3, V1, V2].iter().map(|p| (*p, stake(*p))).collect();
			for _ in 0..80 {
				if rng.below(3) == 0 {
					let _ = Jobs::submit_job(
						RuntimeOrigin::signed(USER),
						tensorgrid_primitives::KernelSpec::MatmulI8(tensorgrid_primitives::kernels::MatmulShape { m: 2, k: 3, n: 2 }),
						vec![
							pallet_jobs::InputRef::Inline(vec![1; 6].try_into().unwrap()),
							pallet_jobs::InputRef::Inline(vec![2; 6].try_into().unwrap()),
						]
						.try_into()
						.unwrap(),
						1 + rng.below(3) as u32,
						MAX_PRICE,
						System::block_number() + 20,
					);
				}
				// Providers act on their assignments; verifiers answer honestly.
				for (id, job) in pallet_jobs::Jobs::<Test>::iter().collect::<Vec<_>>() {
					for slot in job.slots.iter() {
						let p = slot.provider;
						let digest = if liars.contains(&p) { WRONG } else { HONEST };
						if job.state.awaits_providers() && !slot.committed && rng.below(3) > 0 {
							let _ = Proof::commit_result(
								RuntimeOrigin::signed(p),
								id,
								crate::commitment_of(&digest, &p, &salt(p)),
							);
						}
						if job.state == JobState::Committed && !lazy.contains(&p) && rng.below(2) == 0 {
							let _ = reveal(id, p, digest);
						}
					}
					if let Some(r) = crate::Rounds::<Test>::get(id) {
						for v in r.verifiers.iter().filter(|v| v.verdict.is_none()) {
							if rng.below(2) == 0 && !lazy.contains(&v.verifier) {
								let _ = commit_verdict(id, v.verifier, Verdict::Recomputed(HONEST));
								let _ = reveal_verdict(id, v.verifier, Verdict::Recomputed(HONEST));
							}
						}
					}
				}
				run_to(System::block_number() + 1);
				check_invariants();
				assert_eq!(total(), everyone, "balance created or destroyed");
			}
			// Every provider outvoted by an audit, or that never revealed, lost stake.
			for (id, r) in crate::Rounds::<Test>::iter() {
				let Some(outcome) = r.outcome else { continue };
				*outcomes.entry(format!("{outcome:?}").split('(').next().unwrap().to_string()).or_default() += 1;
				for s in r.submissions.iter() {
					let punished = match (outcome, s.revealed) {
						(_, None) => true,
						(Outcome::Audited(truth), Some(d)) => truth != Some(d),
						_ => false,
					};
					if punished {
						assert!(stake(s.provider) < stakes[&s.provider], "job {id}: {} not slashed", s.provider);
					}
				}
			}
			stakes.clear();
		});
	}

	#[test]
	fn conservation_and_punishment_under_random_play() {
		let mut outcomes = BTreeMap::new();
		for seed in 1..=20 {
			run(seed, &mut outcomes);
		}
		for kind in ["Agreed", "Audited", "NoReveals"] {
			assert!(outcomes.get(kind).copied().unwrap_or(0) > 0, "no {kind} outcome: {outcomes:?}");
		}
	}
}

/// Attacks from the soundness review (issue 14), one test each, named after the attack.
mod attacks {
	use super::*;

	#[test]
	fn attack_2_a_reveal_cannot_be_dry_run_to_learn_whether_it_is_audited() {
		// Before: the last reveal decided the audit in the same call, with randomness public
		// before the block, so a lazy provider could try its reveal and send it only when no
		// audit would follow. Now the reveal decides nothing; the decision comes
		// DECISION_DELAY blocks later with that block's randomness.
		test(|| {
			DECISION_DELAY.with(|d| *d.borrow_mut() = 2);
			set_audit_probability(Permill::from_percent(50));
			register(P1);
			let (mut audited, mut agreed) = (0, 0);
			for i in 0..24 {
				let verifiers = if i == 0 { vec![] } else { vec![V1, V2] };
				for v in &verifiers {
					assert_ok!(Providers::pause(RuntimeOrigin::signed(*v)));
				}
				let id = submit(1);
				run_to(System::block_number() + 1);
				for v in &verifiers {
					assert_ok!(Providers::resume(RuntimeOrigin::signed(*v)));
				}
				if i == 0 {
					register(V1);
					register(V2);
				}
				commit(id, P1, HONEST);
				System::reset_events();
				assert_ok!(reveal(id, P1, HONEST));
				let at = System::block_number() + 2;
				assert_eq!(round(id).phase, Phase::Deciding { at });
				assert_eq!(job_state(id), JobState::Revealed);
				assert!(
					!System::events().iter().any(|e| matches!(
						e.event,
						RuntimeEvent::Proof(Event::AuditStarted { .. } | Event::RoundFinished { .. })
					)),
					"the reveal's own block tells nothing about an audit"
				);
				run_to(at);
				match round(id).phase {
					Phase::Auditing { .. } => {
						audited += 1;
			answer(id, &[(V1, Verdict::Recomputed(HONEST)), (V2, Verdict::Recomputed(HONEST))]);
					},
					Phase::Finished => agreed += 1,
					other => panic!("undecided at the decision block: {other:?}"),
				}
				assert_eq!(job_state(id), JobState::Settled);
			}
			assert!(audited > 0 && agreed > 0, "audited {audited}, agreed {agreed}");
		});
	}

	#[test]
	fn attack_4_agreeing_replicas_are_audited_too() {
		// Before: two agreeing reveals were never audited, so one operator holding both
		// slots of a 2-replica job (two Sybil accounts) lied at no risk.
		test(|| {
			set_audit_probability(Permill::one());
			let id = committed(2, &[(P1, WRONG), (P2, WRONG)]);
			assert_ok!(reveal(id, P1, WRONG));
			assert_ok!(reveal(id, P2, WRONG));
			assert!(matches!(round(id).phase, Phase::Auditing { reason: AuditReason::Random, .. }));
			answer(id, &[(V1, Verdict::Recomputed(HONEST)), (V2, Verdict::Recomputed(HONEST))]);
			assert_eq!(round(id).outcome, Some(Outcome::Audited(Some(HONEST))));
			// Every result audited: a slot puts up only the deterrent, 1.5 × its pay of 100.
			assert_eq!((stake(P1), stake(P2)), (MIN_STAKE - 150, MIN_STAKE - 150));
			assert_eq!(job_state(id), JobState::Refunded);
		});
	}

	#[test]
	fn attack_4_a_lie_costs_more_than_it_pays_for_every_job_value() {
		// Before: the expected slash of a lie was `audit_probability × 10% × stake`, whatever
		// the job paid. Now matching requires the stake to cover the pay and the audit
		// probability rises with it, so `a × L ≥ (1 + m) × g` for every matched job.
		use pallet_providers::ProviderRegistry;
		test(|| {
			let params = crate::Parameters::<Test>::get();
			let margin = params.lie_margin;
			let mut rng = 0x9e3779b97f4a7c15u64;
			let mut next = || {
				rng ^= rng << 13;
				rng ^= rng >> 7;
				rng ^= rng << 17;
				rng
			};
			let mut checked = 0;
			for round in 0..4_000 {
				// Half the rounds at the runtime's 5% floor, half at the mock's zero.
				let base = if round % 2 == 0 { Permill::from_percent(5) } else { params.audit_probability };
				set_audit_probability(base);
				let gain = (next() % 1_000_000) as u128 + 1;
				let needed = Proof::min_stake_for(gain);
				let free = needed.saturating_sub(1) + (next() % 3) as u128 * (next() % 1_000_000) as u128;
				let Some(at_risk) = Proof::slot_collateral(gain, free) else {
					assert!(params.slash_fraction * free < gain + margin * gain, "free {free} refused gain {gain}");
					continue;
				};
				assert!(at_risk <= free && at_risk >= gain + margin * gain, "free {free} c {at_risk} gain {gain}");
				let p = crate::economics::probability(gain, at_risk, margin, base);
				// a × c ≥ (1 + m) × g, in exact integer arithmetic.
				assert!(
					p.deconstruct() as u128 * at_risk >= (gain + margin * gain) * 1_000_000,
					"p {p:?} c {at_risk} g {gain}"
				);
				checked += 1;
			}
			assert!(checked > 2_000, "only {checked} pairs could take a slot");
			set_audit_probability(params.audit_probability);
			// And matching refuses a provider whose stake cannot cover a slot's pay: at a 1%
			// slash, a 100-unit slot needs 15,000 bonded; P1 has 10,000.
			let mut params = crate::Parameters::<Test>::get();
			params.slash_fraction = sp_runtime::Perbill::from_percent(1);
			crate::Parameters::<Test>::put(params);
			assert_eq!(Proof::min_stake_for(PRICE), 15_000);
			register(P1);
			let id = submit(1);
			run_to(System::block_number() + 1);
			assert_eq!(job_state(id), JobState::Pending);
			assert_ok!(Providers::bond_extra(RuntimeOrigin::signed(P1), 5_000));
			run_to(System::block_number() + 1);
			assert_eq!(job_state(id), JobState::Assigned);
			assert_eq!(Providers::held_stake(&P1), 15_000);
		});
	}

	#[test]
	fn attack_4_concurrent_slots_cannot_share_one_stake() {
		// Before: matching checked each slot against the whole bonded stake, so a provider
		// could hold many slots backed by the same stake and lie on all of them while losing
		// at most that stake once. Now each slot reserves its own collateral out of the
		// stake no other slot backs.
		use pallet_providers::ProviderRegistry;
		test(|| {
			// At a 1.5% slash, P1's free stake of 10,000 backs a collateral of 150: exactly
			// the deterrent of one slot paying 100.
			let mut params = crate::Parameters::<Test>::get();
			params.slash_fraction = sp_runtime::Perbill::from_rational(15u32, 1_000u32);
			crate::Parameters::<Test>::put(params);
			register(P1);
			let (first, second) = (submit(1), submit(1));
			run_to(System::block_number() + 1);
			assert_eq!(job_state(first), JobState::Assigned);
			assert_eq!(job_state(second), JobState::Pending, "the second slot has no stake left to back it");
			assert_eq!(Providers::collateral_in_use(&P1), 150);
			assert_eq!(pallet_jobs::Jobs::<Test>::get(first).unwrap().slots[0].collateral, 150);
			// P1 lies on the first; it is audited and loses exactly that slot's collateral.
			set_audit_probability(Permill::one());
			commit(first, P1, WRONG);
			register(V1);
			register(V2);
			assert_ok!(reveal(first, P1, WRONG));
			answer(first, &[(V1, Verdict::Recomputed(HONEST)), (V2, Verdict::Recomputed(HONEST))]);
			assert_eq!(round(first).outcome, Some(Outcome::Audited(Some(HONEST))));
			assert!(events().contains(&Event::ProviderSlashed { job: first, provider: P1, amount: 150 }));
			assert_eq!(stake(P1), MIN_STAKE - 150);
			assert_eq!(Providers::collateral_in_use(&P1), 0, "the finished slot returned its collateral");
			for v in [V1, V2] {
				assert_ok!(Providers::pause(operator(v)));
			}
			// 9,850 free now backs only 147 at 1.5%: still short of the 150 the slot needs.
			run_to(System::block_number() + 1);
			assert_eq!(job_state(second), JobState::Pending);
			assert_ok!(Providers::bond_extra(RuntimeOrigin::signed(P1), 200));
			run_to(System::block_number() + 1);
			assert_eq!(job_state(second), JobState::Assigned);
			assert_eq!(Providers::collateral_in_use(&P1), 150);
		});
	}

	#[test]
	fn attack_4_each_concurrent_lie_loses_its_own_collateral() {
		use pallet_providers::ProviderRegistry;
		test(|| {
			set_audit_probability(Permill::one());
			register(P1);
			register(V1);
			register(V2);
			let ids: Vec<_> = (0..3).map(|_| submit(1)).collect();
			run_to(System::block_number() + 1);
			// Assigned to whoever the draw picked; follow P1's slots.
			let mine: Vec<_> = ids
				.iter()
				.copied()
				.filter(|id| pallet_jobs::Jobs::<Test>::get(id).unwrap().slot_of(&P1).is_some())
				.collect();
			let collateral: Vec<Balance> = mine
				.iter()
				.map(|id| pallet_jobs::Jobs::<Test>::get(id).unwrap().slots[0].collateral)
				.collect();
			assert_eq!(Providers::collateral_in_use(&P1), collateral.iter().sum::<Balance>());
			assert!(collateral.iter().sum::<Balance>() <= MIN_STAKE);
			for id in &mine {
				commit(*id, P1, WRONG);
				assert_ok!(reveal(*id, P1, WRONG));
			}
			for (id, c) in mine.iter().zip(&collateral) {
				let verifiers: Vec<_> = round(*id).verifiers.iter().map(|v| v.verifier).collect();
				let answers: Vec<_> = verifiers.iter().map(|v| (*v, Verdict::Recomputed(HONEST))).collect();
				if answers.len() < 2 {
					continue;
				}
				answer(*id, &answers);
				assert!(events().contains(&Event::ProviderSlashed { job: *id, provider: P1, amount: *c }));
			}
		});
	}

	#[test]
	fn attack_5_no_single_verifier_decides_alone_and_silence_costs() {
		// Before: one answering verifier decided the audit alone, and silence cost only
		// reputation.
		test(|| {
			let id = committed(2, &[(P1, HONEST), (P2, WRONG)]);
			assert_ok!(reveal(id, P1, HONEST));
			assert_ok!(reveal(id, P2, WRONG));
			assert_ok!(commit_verdict(id, V1, Verdict::Recomputed(WRONG)));
			run_to(System::block_number() + AUDIT_WINDOW + 1);
			assert_ok!(reveal_verdict(id, V1, Verdict::Recomputed(WRONG)));
			assert_eq!(round(id).outcome, Some(Outcome::Undecided));
			assert_eq!((stake(P1), stake(P2)), (MIN_STAKE, MIN_STAKE), "one verifier slashed nobody");
			assert_eq!(stake(V2), MIN_STAKE - MIN_STAKE / 100, "the silent verifier lost 1%");
			assert!(events().contains(&Event::VerifierSlashed { job: id, verifier: V2, amount: MIN_STAKE / 100 }));
			assert_eq!(free(USER), INITIAL);
		});
	}

	#[test]
	fn attack_5_verifiers_commit_before_any_verdict_is_visible() {
		// Before: verdicts were sent in the clear, so a verifier could wait for the first
		// answer and copy it (and a copier and one liar made a "majority").
		test(|| {
			let id = committed(2, &[(P1, HONEST), (P2, WRONG)]);
			assert_ok!(reveal(id, P1, HONEST));
			assert_ok!(reveal(id, P2, WRONG));
			System::reset_events();
			assert_ok!(commit_verdict(id, V1, Verdict::Recomputed(HONEST)));
			// What V2 can see of V1's answer: a commitment, nothing more.
			let r = round(id);
			assert!(r.verifiers.iter().all(|v| v.verdict.is_none()));
			assert!(!events().iter().any(|e| matches!(e, Event::VerdictSubmitted { .. })));
			assert_noop!(reveal_verdict(id, V1, Verdict::Recomputed(HONEST)), Error::<Test>::WrongPhase);
			// V2 cannot skip the commitment and answer once it has seen V1's reveal.
			assert_ok!(commit_verdict(id, V2, Verdict::Recomputed(HONEST)));
			assert_ok!(reveal_verdict(id, V1, Verdict::Recomputed(HONEST)));
			assert_ok!(reveal_verdict(id, V2, Verdict::Recomputed(HONEST)));
			assert_eq!(round(id).outcome, Some(Outcome::Audited(Some(HONEST))));
		});
	}

	#[test]
	fn attack_5_a_verifier_the_majority_contradicts_is_slashed() {
		test(|| {
			let mut params = crate::Parameters::<Test>::get();
			params.auditors_per_dispute = 3;
			crate::Parameters::<Test>::put(params);
			let id = assigned(2);
			commit(id, P1, HONEST);
			commit(id, P2, WRONG);
			register(P3);
			register(V1);
			register(V2);
			assert_ok!(reveal(id, P1, HONEST));
			assert_ok!(reveal(id, P2, WRONG));
			assert_eq!(round(id).verifiers.len(), 3);
			answer(id, &[(V1, Verdict::Recomputed(HONEST)), (V2, Verdict::Recomputed(HONEST)), (P3, Verdict::Recomputed(WRONG))]);
			assert_eq!(round(id).outcome, Some(Outcome::Audited(Some(HONEST))));
			assert_eq!(stake(P3), MIN_STAKE - 1_000, "the lying verifier lost 10%");
			assert_eq!(stake(P2), MIN_STAKE - 1_000);
			assert_eq!((stake(P1), stake(V1), stake(V2)), (MIN_STAKE, MIN_STAKE, MIN_STAKE));
		});
	}
}

mod hook_weight {
	use super::*;

	#[test]
	fn attack_9_deadlines_beyond_the_block_budget_carry_over_instead_of_overrunning() {
		// Before: every deadline due in a block fired in that block's `on_initialize`,
		// so 256 of them could take seconds of mandatory weight against a 2 s block.
		test(|| {
			for p in [P1, P2, P3] {
				register(p);
			}
			let ids: Vec<JobId> = (0..3).map(|_| submit(1)).collect();
			run_to(System::block_number() + 1);
			for id in &ids {
				let p = slots(*id)[0];
				commit(*id, p, HONEST);
			}
			// Nobody reveals: three reveal deadlines fall in the same block; the budget
			// covers one resolution per block.
			DEADLINE_WEIGHT.with(|w| *w.borrow_mut() = frame_support::weights::Weight::from_parts(1, 0));
			let due = System::block_number() + REVEAL_WINDOW + 1;
			run_to(due);
			let finished = |ids: &[JobId]| ids.iter().filter(|id| job_state(**id) == JobState::Refunded).count();
			assert_eq!(finished(&ids), 1);
			assert_eq!(crate::DeadlineCursor::<Test>::get(), due);
			run_to(due + 1);
			assert_eq!(finished(&ids), 2);
			run_to(due + 2);
			assert_eq!(finished(&ids), 3);
			assert_eq!(crate::DeadlineCursor::<Test>::get(), due + 3);
		});
	}
}

/// The three pallets driven together by honest, lazy, lying and silent actors, who also
/// rotate their operator keys at random (jobs in flight or not; node work is signed by the
/// current key): after every block every pallet's `try_state` holds, total issuance and the sum of all balances are
/// unchanged, and no honest provider ever loses stake. `FUZZ_SEQUENCES` (default 10,000)
/// sets the number of sequences; `scripts/fuzz-market.sh N` runs N of them.
mod market_fuzz {
	use super::*;
	use frame_support::traits::fungible::Mutate;
	use std::collections::BTreeMap;


	#[derive(Clone, Copy, PartialEq, Eq, Debug)]
	enum Actor {
		/// Commits, reveals and answers audits with the right digest, at once.
		Honest,
		/// Commits, never reveals, never answers an audit.
		Lazy,
		/// Reveals and answers with its own wrong digest (liars do not collude).
		Liar,
		/// Never commits; sometimes declines.
		Silent,
	}

	const PROVIDERS: [AccountId; 8] = [P1, P2, P3, V1, V2, 20, 21, 22];
	const SUBMITTERS: [AccountId; 2] = [USER, 30];

	fn wrong(who: AccountId) -> [u8; 32] {
		[0xB0 ^ who as u8; 32]
	}

	fn everyone() -> Vec<AccountId> {
		let mut all: Vec<AccountId> = PROVIDERS.iter().chain(SUBMITTERS.iter()).copied().collect();
		all.extend([TREASURY, SLASH_SINK]);
		all.sort();
		all.dedup();
		all
	}

	fn total() -> u128 {
		everyone().iter().map(|a| Balances::total_balance(a)).sum()
	}

	/// One sequence; returns the outcomes it reached.
	fn sequence(seed: u64, outcomes: &mut BTreeMap<&'static str, u64>) {
		new_test_ext().execute_with(|| {
			SEED.with(|s| *s.borrow_mut() = seed);
			let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
			DECISION_DELAY.with(|d| *d.borrow_mut() = [0, 2][rng.below(2) as usize]);
			set_audit_probability(Permill::from_percent(rng.below(60) as u32));
			for who in [20, 21, 22, 30] {
				Balances::set_balance(&who, INITIAL);
			}
			let actors: BTreeMap<AccountId, Actor> = PROVIDERS
				.iter()
				.map(|p| {
					let a = match rng.below(8) {
						0 => Actor::Lazy,
						1 => Actor::Liar,
						2 => Actor::Silent,
						_ => Actor::Honest,
					};
					(*p, a)
				})
				.collect();
			let issuance = Balances::total_issuance();
			let sum = total();
			// What each honest provider holds plus what it bonded since: never less.
			let mut honest_floor: BTreeMap<AccountId, u128> = BTreeMap::new();
			let mut rotations: AccountId = 0;
			for _ in 0..40 {
				// Registrations and stake changes.
				for p in PROVIDERS {
					let registered = pallet_providers::Providers::<Test>::contains_key(p);
					match rng.below(12) {
						0 | 1 if !registered => register(p),
						2 if registered => {
							if Providers::bond_extra(RuntimeOrigin::signed(p), 1_000).is_ok() {
								honest_floor.entry(p).and_modify(|f| *f += 1_000);
							}
						},
						3 if registered => {
							let _ = Providers::unbond(RuntimeOrigin::signed(p), 500);
						},
						4 if registered => {
							let _ = Providers::pause(operator(p));
						},
						5 if registered => {
							let _ = Providers::resume(RuntimeOrigin::signed(p));
						},
						// Rotate the operator key, jobs in flight or not.
						6 if registered => {
							rotations += 1;
							let key = 9_000_000 + rotations;
							let proof = sp_runtime::testing::TestSignature(key, pallet_providers::operator_proof_payload(&p));
							assert_ok!(Providers::set_operator(RuntimeOrigin::signed(p), key, proof));
						},
						_ => {},
					}
					if actors[&p] == Actor::Honest && registered {
						honest_floor.entry(p).or_insert_with(|| stake(p));
					}
				}
				// Submissions and cancellations.
				for who in SUBMITTERS {
					if rng.below(3) == 0 {
						let inputs = vec![
							pallet_jobs::InputRef::Inline(vec![1; 6].try_into().unwrap()),
							pallet_jobs::InputRef::Inline(vec![2; 6].try_into().unwrap()),
						]
						.try_into()
						.unwrap();
						let _ = Jobs::submit_job(
							RuntimeOrigin::signed(who),
							tensorgrid_primitives::KernelSpec::MatmulI8(tensorgrid_primitives::kernels::MatmulShape {
								m: 2,
								k: 3,
								n: 2,
							}),
							inputs,
							1 + rng.below(3) as u32,
							MAX_PRICE,
							System::block_number() + 8 + rng.below(30),
						);
					}
					if rng.below(8) == 0 {
						if let Some(id) = pallet_jobs::SubmitterJobs::<Test>::get(who).first() {
							let _ = Jobs::cancel_job(RuntimeOrigin::signed(who), *id);
						}
					}
				}
				// Providers and verifiers act on what is assigned to them.
				for (id, job) in pallet_jobs::Jobs::<Test>::iter().collect::<Vec<_>>() {
					for slot in job.slots.iter() {
						let p = slot.provider;
						let digest = if actors[&p] == Actor::Liar { wrong(p) } else { HONEST };
						if job.state.awaits_providers() && !slot.committed {
							match actors[&p] {
								Actor::Silent =>
									if rng.below(3) == 0 {
										let _ = Jobs::decline_job(operator(p), id);
									},
								_ => {
									let c = crate::commitment_of(&digest, &p, &salt(p));
									let _ = Proof::commit_result(operator(p), id, c);
								},
							}
						}
						if matches!(actors[&p], Actor::Honest | Actor::Liar) &&
							matches!(crate::Rounds::<Test>::get(id).map(|r| r.phase), Some(Phase::Revealing { .. }))
						{
							let _ = reveal(id, p, digest);
						}
					}
					if let Some(r) = crate::Rounds::<Test>::get(id) {
						for v in r.verifiers.iter().filter(|v| v.verdict.is_none()) {
							let answer = match actors[&v.verifier] {
								Actor::Honest => Some(HONEST),
								Actor::Liar => Some(wrong(v.verifier)),
								_ => None,
							};
							// Commit while commitments are taken, reveal once reveals open.
							if let Some(d) = answer {
								let verdict = Verdict::Recomputed(d);
								if v.commitment.is_none() {
									let _ = commit_verdict(id, v.verifier, verdict);
								}
								let _ = reveal_verdict(id, v.verifier, verdict);
							}
						}
					}
				}
				run_to(System::block_number() + 1);
				check_invariants();
				assert_eq!(Balances::total_issuance(), issuance, "seed {seed}: issuance changed");
				assert_eq!(total(), sum, "seed {seed}: balance created or destroyed");
				for (p, floor) in &honest_floor {
					assert!(stake(*p) >= *floor, "seed {seed}: honest provider {p} lost stake");
				}
			}
			for (_, r) in crate::Rounds::<Test>::iter() {
				let kind = match r.outcome {
					Some(Outcome::Agreed(_)) => "agreed",
					Some(Outcome::Audited(Some(_))) => "audited",
					Some(Outcome::Audited(None)) => "all rejected",
					Some(Outcome::NoReveals) => "no reveals",
					Some(Outcome::NoVerifiers) => "no verifiers",
					Some(Outcome::Undecided) => "undecided",
					None => "open",
				};
				*outcomes.entry(kind).or_default() += 1;
			}
			for e in events() {
				let kind = match e {
					Event::ProviderSlashed { .. } => "provider slashed",
					Event::VerifierSlashed { .. } => "verifier slashed",
					Event::AuditStarted { .. } => "audit",
					_ => continue,
				};
				*outcomes.entry(kind).or_default() += 1;
			}
		});
	}

	#[test]
	fn market_holds_under_random_play_by_honest_lazy_lying_and_silent_actors() {
		let env = |name: &str, default: u64| std::env::var(name).ok().and_then(|n| n.parse().ok()).unwrap_or(default);
		let sequences = env("FUZZ_SEQUENCES", 10_000);
		// Seeds `first..first + sequences`, split over threads (each runs its own
		// externalities); a long run prints its progress.
		let first = env("FUZZ_FIRST_SEED", 1);
		let cores = std::thread::available_parallelism().map(|n| n.get() as u64).unwrap_or(1);
		let threads = env("FUZZ_THREADS", cores).clamp(1, 64);
		let started = std::time::Instant::now();
		let done = std::sync::atomic::AtomicU64::new(0);
		let mut outcomes: BTreeMap<&'static str, u64> = BTreeMap::new();
		std::thread::scope(|scope| {
			let workers: Vec<_> = (0..threads)
				.map(|t| {
					let done = &done;
					scope.spawn(move || {
						let mut outcomes = BTreeMap::new();
						let mut seed = first + t;
						while seed < first + sequences {
							sequence(seed, &mut outcomes);
							let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
							if n % 50_000 == 0 {
								eprintln!("fuzz: {n} of {sequences} sequences, {:.0?}", started.elapsed());
							}
							seed += threads;
						}
						outcomes
					})
				})
				.collect();
			for w in workers {
				for (kind, n) in w.join().expect("a fuzz thread panicked") {
					*outcomes.entry(kind).or_default() += n;
				}
			}
		});
		eprintln!(
			"{sequences} sequences (seeds {first}..{}) on {threads} threads in {:.1?}, zero violations: {outcomes:?}",
			first + sequences - 1,
			started.elapsed()
		);
		if sequences >= 1_000 {
			for kind in ["agreed", "audited", "no reveals", "undecided", "provider slashed", "verifier slashed"] {
				assert!(outcomes.get(kind).copied().unwrap_or(0) > 0, "never reached {kind}: {outcomes:?}");
			}
		}
	}
}

/// Operator keys sign the work; the provider account is committed to, paid and slashed.
mod operator_keys {
	use super::*;
	use sp_runtime::testing::TestSignature;

	const OP1: AccountId = 5_001;
	const OP2: AccountId = 5_002;

	fn name_operator(provider: AccountId, operator: AccountId) {
		let proof = TestSignature(operator, pallet_providers::operator_proof_payload(&provider));
		assert_ok!(Providers::set_operator(RuntimeOrigin::signed(provider), operator, proof));
	}

	#[test]
	fn a_job_settles_when_the_operator_key_rotates_between_commit_and_reveal() {
		test(|| {
			register(P1);
			name_operator(P1, OP1);
			let id = submit(1);
			run_to(System::block_number() + 1);
			assert_eq!(slots(id), vec![P1]);
			// The commitment binds the provider account, whichever key sends it.
			let commitment = crate::commitment_of(&HONEST, &P1, &salt(P1));
			assert_noop!(Proof::commit_result(RuntimeOrigin::signed(P1), id, commitment), Error::<Test>::NotOperator);
			assert_ok!(Proof::commit_result(RuntimeOrigin::signed(OP1), id, commitment));
			let before = free(P1);
			name_operator(P1, OP2);
			let reveal_as = |who| {
				Proof::reveal_result(RuntimeOrigin::signed(who), id, HONEST, salt(P1), OutputRef::Artifact(HONEST))
			};
			assert_noop!(reveal_as(OP1), Error::<Test>::NotOperator);
			assert_ok!(reveal_as(OP2));
			assert_eq!(job_state(id), JobState::Settled);
			assert_eq!(free(P1), before + PRICE, "the provider account is paid");
			assert_eq!((free(OP1), free(OP2)), (0, 0), "operator keys hold nothing");
		});
	}

	#[test]
	fn a_lie_signed_by_the_operator_key_slashes_the_provider_account() {
		test(|| {
			set_audit_probability(Permill::one());
			for p in [P1, P2] {
				register(p);
			}
			name_operator(P1, OP1);
			let id = submit(2);
			run_to(System::block_number() + 1);
			let c1 = crate::commitment_of(&WRONG, &P1, &salt(P1));
			assert_ok!(Proof::commit_result(RuntimeOrigin::signed(OP1), id, c1));
			commit(id, P2, HONEST);
			register(V1);
			register(V2);
			assert_ok!(Proof::reveal_result(RuntimeOrigin::signed(OP1), id, WRONG, salt(P1), OutputRef::Artifact(WRONG)));
			assert_ok!(reveal(id, P2, HONEST));
			let stake_before = stake(P1);
			// Disagreeing replicas go to audit at once.
			assert!(matches!(round(id).phase, Phase::Auditing { .. }));
			let answers: Vec<_> =
				round(id).verifiers.iter().map(|v| (v.verifier, Verdict::Recomputed(HONEST))).collect();
			answer(id, &answers);
			assert!(stake(P1) < stake_before, "the liar's provider account lost stake");
			assert_eq!(free(OP1), 0);
		});
	}
}
