//! Unit tests of every call, transition and error, and a seeded property test of the
//! escrow conservation invariant.

use crate::{mock::*, traits::JobsInterface, types::*, Error, Event};
use pallet_providers::ProviderRegistry;
use frame_support::{assert_noop, assert_ok, traits::fungible::Inspect};
use sp_runtime::DispatchError;
use tensorgrid_primitives::{
	digest_of,
	kernels::{MatmulShape, MlpShape},
	KernelId, KernelSpec,
};

/// Escrow of the small matmul (1 work unit) with `replicas` at `price`, fee 10%.
fn escrow(replicas: u128, price: u128) -> u128 {
	// The mock's verification fee: a fifth of one slot (two verifiers, a tenth each).
	replicas * price + price / 5
}

fn inline(len: usize) -> InputRef<frame_support::traits::ConstU32<256>> {
	InputRef::Inline(vec![0; len].try_into().unwrap())
}

fn submit_spec(spec: KernelSpec, inputs: InputsOf) -> Result<(), DispatchError> {
	Jobs::submit_job(RuntimeOrigin::signed(USER), spec, inputs, 1, 10, 20)
}

mod artifacts {
	use super::*;

	#[test]
	fn store_holds_a_deposit_and_remove_returns_it() {
		test(|| {
			let data = vec![7u8; 100];
			let hash = digest_of(&data);
			assert_ok!(Jobs::store_artifact(RuntimeOrigin::signed(USER), data.clone()));
			let info = crate::Artifacts::<Test>::get(hash).unwrap();
			assert_eq!((info.owner, info.len, info.deposit, info.references), (USER, 100, 110, 0));
			assert_eq!(crate::ArtifactData::<Test>::get(hash).unwrap().to_vec(), data);
			assert_eq!(free(USER), INITIAL - 110);
			assert!(events().contains(&Event::ArtifactStored { hash, owner: USER, len: 100, deposit: 110 }));

			assert_ok!(Jobs::remove_artifact(RuntimeOrigin::signed(USER), hash));
			assert_eq!(free(USER), INITIAL);
			assert!(crate::Artifacts::<Test>::get(hash).is_none());
			assert!(crate::ArtifactData::<Test>::get(hash).is_none());
		});
	}

	#[test]
	fn bad_artifacts_are_rejected() {
		test(|| {
			let o = RuntimeOrigin::signed(USER);
			assert_noop!(Jobs::store_artifact(o.clone(), vec![]), Error::<Test>::EmptyArtifact);
			assert_noop!(Jobs::store_artifact(o.clone(), vec![1; 1_025]), Error::<Test>::ArtifactTooLarge);
			assert_ok!(Jobs::store_artifact(o.clone(), vec![1; 10]));
			assert_noop!(
				Jobs::store_artifact(RuntimeOrigin::signed(USER2), vec![1; 10]),
				Error::<Test>::ArtifactExists
			);
			let hash = digest_of(&[1; 10]);
			assert_noop!(
				Jobs::remove_artifact(RuntimeOrigin::signed(USER2), hash),
				Error::<Test>::NotArtifactOwner
			);
			assert_noop!(Jobs::remove_artifact(o, [0; 32]), Error::<Test>::ArtifactNotFound);
		});
	}

	#[test]
	fn artifact_deposit_needs_free_balance() {
		test(|| {
			use frame_support::traits::fungible::Mutate;
			Balances::set_balance(&USER, 50);
			assert_noop!(
				Jobs::store_artifact(RuntimeOrigin::signed(USER), vec![1; 100]),
				Error::<Test>::InsufficientBalance
			);
		});
	}

	#[test]
	fn artifacts_in_use_cannot_be_removed_until_the_job_ends() {
		test(|| {
			let a = vec![1u8; 6];
			assert_ok!(Jobs::store_artifact(RuntimeOrigin::signed(USER2), a.clone()));
			let hash = digest_of(&a);
			let inputs: InputsOf = vec![InputRef::Artifact(hash), inline(6)].try_into().unwrap();
			assert_ok!(Jobs::submit_job(RuntimeOrigin::signed(USER), small_matmul(), inputs, 1, 10, 20));
			assert_eq!(crate::Artifacts::<Test>::get(hash).unwrap().references, 1);
			assert_noop!(
				Jobs::remove_artifact(RuntimeOrigin::signed(USER2), hash),
				Error::<Test>::ArtifactInUse
			);
			assert_ok!(Jobs::cancel_job(RuntimeOrigin::signed(USER), 0));
			assert_eq!(crate::Artifacts::<Test>::get(hash).unwrap().references, 0);
			assert_ok!(Jobs::remove_artifact(RuntimeOrigin::signed(USER2), hash));
		});
	}
}

mod submit {
	use super::*;

	#[test]
	fn submit_holds_the_escrow_and_queues_the_job() {
		test(|| {
			let id = submit(USER, 2, 10);
			let j = job(id);
			assert_eq!(j.state, JobState::Pending);
			assert_eq!((j.work_units, j.escrow, j.verification_fee), (1, escrow(2, 10), 2));
			assert_eq!(held_escrow(USER), escrow(2, 10));
			assert_eq!(free(USER), INITIAL - escrow(2, 10) - JOB_BASE_DEPOSIT);
			assert_eq!(crate::TotalEscrow::<Test>::get(), escrow(2, 10));
			assert_eq!(crate::PendingQueue::<Test>::get().to_vec(), vec![id]);
			assert_eq!(crate::SubmitterJobs::<Test>::get(USER).to_vec(), vec![id]);
			assert!(events().contains(&Event::JobSubmitted {
				job: id,
				submitter: USER,
				kernel: KernelId::MatmulI8,
				replicas: 2,
				work_units: 1,
				escrow: escrow(2, 10),
				deadline: 51,
			}));
		});
	}

	#[test]
	fn escrow_scales_with_work_units() {
		test(|| {
			// 200 × 100 × 100 = 2 × 10^6 ops: 2 work units; inputs must be artifacts.
			let spec = KernelSpec::MatmulI8(MatmulShape { m: 200, k: 100, n: 100 });
			// Three slots of 14 and the fee, a fifth of one slot.
			assert_eq!(Jobs::escrow_for(&spec, 3, 7).ok().map(|e| (e.work_units, e.total)), Some((2, 44)));
		});
	}

	#[test]
	fn bad_shapes_fail_with_specific_errors() {
		test(|| {
			let m = |m, k, n| KernelSpec::MatmulI8(MatmulShape { m, k, n });
			assert_noop!(submit_spec(m(0, 3, 2), matmul_inputs()), Error::<Test>::EmptyTensor);
			assert_noop!(submit_spec(m(1, 1 << 17, 1), matmul_inputs()), Error::<Test>::ReductionTooLong);
			assert_noop!(submit_spec(m(1 << 18, 1, 1), matmul_inputs()), Error::<Test>::DimensionTooLarge);
			assert_noop!(
				submit_spec(m(1 << 17, 1 << 16, 1 << 17), matmul_inputs()),
				Error::<Test>::TensorTooLarge
			);
			let no_layers = KernelSpec::MlpInferenceI8(MlpShape {
				batch: 1,
				d_in: 4,
				layers: Default::default(),
			});
			assert_noop!(submit_spec(no_layers, matmul_inputs()), Error::<Test>::NoLayers);
		});
	}

	#[test]
	fn inputs_must_match_the_spec() {
		test(|| {
			let one: InputsOf = vec![inline(6)].try_into().unwrap();
			assert_noop!(submit_spec(small_matmul(), one), Error::<Test>::WrongInputCount);
			let short: InputsOf = vec![inline(6), inline(5)].try_into().unwrap();
			assert_noop!(submit_spec(small_matmul(), short), Error::<Test>::InputSizeMismatch);
			let missing: InputsOf = vec![inline(6), InputRef::Artifact([9; 32])].try_into().unwrap();
			assert_noop!(submit_spec(small_matmul(), missing), Error::<Test>::MissingArtifact);
			assert_ok!(Jobs::store_artifact(RuntimeOrigin::signed(USER), vec![3; 7]));
			let wrong_len: InputsOf =
				vec![inline(6), InputRef::Artifact(digest_of(&[3; 7]))].try_into().unwrap();
			assert_noop!(submit_spec(small_matmul(), wrong_len), Error::<Test>::InputSizeMismatch);
			// The MLP reads the sample, then weights and bias per layer.
			let mlp: InputsOf = vec![inline(4), inline(8), inline(8)].try_into().unwrap();
			assert_ok!(submit_spec(small_mlp(), mlp));
		});
	}

	#[test]
	fn replicas_price_and_deadline_are_checked() {
		test(|| {
			run_to(10);
			let o = || RuntimeOrigin::signed(USER);
			let s = |r, p, d| Jobs::submit_job(o(), small_matmul(), matmul_inputs(), r, p, d);
			assert_noop!(s(0, 10, 30), Error::<Test>::ZeroReplicas);
			assert_noop!(s(4, 10, 30), Error::<Test>::TooManyReplicas);
			assert_noop!(s(1, 0, 30), Error::<Test>::ZeroPrice);
			assert_noop!(s(1, 10, 10), Error::<Test>::DeadlineInPast);
			assert_noop!(s(1, 10, 14), Error::<Test>::DeadlineTooSoon);
			assert_noop!(s(1, 10, 111), Error::<Test>::DeadlineTooFar);
			assert_ok!(s(1, 10, 15));
			assert_ok!(s(1, 10, 110));
		});
	}

	#[test]
	fn disabled_kernels_are_rejected() {
		test(|| {
			let mut p = crate::Parameters::<Test>::get();
			p.enabled_kernels = ALL_KERNELS & !1; // matmul is kernel 0
			assert_ok!(Jobs::set_parameters(RuntimeOrigin::root(), p));
			assert_noop!(submit_spec(small_matmul(), matmul_inputs()), Error::<Test>::KernelDisabled);
		});
	}

	#[test]
	fn escrow_needs_free_balance() {
		test(|| {
			let o = RuntimeOrigin::signed(USER);
			assert_noop!(
				Jobs::submit_job(o, small_matmul(), matmul_inputs(), 3, INITIAL, 20),
				Error::<Test>::InsufficientBalance
			);
			assert_noop!(
				Jobs::submit_job(RuntimeOrigin::signed(USER), small_matmul(), matmul_inputs(), 3, u128::MAX, 20),
				Error::<Test>::Overflow
			);
		});
	}

	#[test]
	fn per_submitter_and_queue_bounds_hold() {
		test(|| {
			// Kept records are bounded apart from open jobs: finished ones count until pruned.
			for _ in 0..6 {
				let id = submit(USER, 1, 1);
				assert_ok!(Jobs::cancel_job(RuntimeOrigin::signed(USER), id));
			}
			submit(USER, 1, 1);
			submit(USER, 1, 1);
			assert_noop!(
				Jobs::submit_job(RuntimeOrigin::signed(USER), small_matmul(), matmul_inputs(), 1, 1, 20),
				Error::<Test>::TooManyJobs
			);
			for _ in 0..6 {
				submit(USER2, 1, 1);
			}
			assert_noop!(
				Jobs::submit_job(RuntimeOrigin::signed(CHARLIE), small_matmul(), matmul_inputs(), 1, 1, 20),
				Error::<Test>::QueueFull
			);
		});
	}

	#[test]
	fn timers_slip_to_later_blocks_and_then_fail() {
		test(|| {
			// Four timers per block, eight blocks of slip: 36 deadline timers fit at block 21..29.
			for i in 0..36u64 {
				assert_ok!(Jobs::schedule(21, i, TimerKind::Deadline));
			}
			assert!(matches!(Jobs::schedule(21, 99, TimerKind::Deadline), Err(Error::<Test>::TimerQueueFull)));
			assert_eq!(crate::Timers::<Test>::get(29).len(), 4);
		});
	}
}

mod cancel {
	use super::*;

	#[test]
	fn cancel_refunds_everything() {
		test(|| {
			let id = submit(USER, 2, 10);
			assert_ok!(Jobs::cancel_job(RuntimeOrigin::signed(USER), id));
			// The record's deposit stays held until the record is pruned.
			assert_eq!(free(USER), INITIAL - JOB_BASE_DEPOSIT);
			assert_eq!(held_escrow(USER), 0);
			let j = job(id);
			assert_eq!((j.state, j.escrow, j.refunded), (JobState::Cancelled, 0, escrow(2, 10)));
			assert!(crate::PendingQueue::<Test>::get().is_empty());
			assert!(events().contains(&Event::JobCancelled { job: id, refund: escrow(2, 10) }));
		});
	}

	#[test]
	fn only_the_submitter_cancels_and_only_before_assignment() {
		test(|| {
			assert_noop!(Jobs::cancel_job(RuntimeOrigin::signed(USER), 5), Error::<Test>::JobNotFound);
			let id = submit(USER, 1, 10);
			assert_noop!(Jobs::cancel_job(RuntimeOrigin::signed(USER2), id), Error::<Test>::NotSubmitter);
			provider(ALICE, 5, MIN_STAKE);
			run_to(2);
			assert_eq!(job(id).state, JobState::Assigned);
			assert_noop!(Jobs::cancel_job(RuntimeOrigin::signed(USER), id), Error::<Test>::NotCancellable);
		});
	}
}

mod matching {
	use super::*;

	#[test]
	fn providers_are_assigned_at_their_own_price() {
		test(|| {
			provider(ALICE, 5, MIN_STAKE);
			provider(BOB, 8, MIN_STAKE);
			provider(CHARLIE, 20, MIN_STAKE); // above the job's maximum
			let id = submit(USER, 2, 10);
			run_to(2);
			let j = job(id);
			assert_eq!(j.state, JobState::Assigned);
			let mut assigned: Vec<_> = j.slots.iter().map(|s| (s.provider, s.price_per_unit)).collect();
			assigned.sort();
			assert_eq!(assigned, vec![(ALICE, 5), (BOB, 8)]);
			assert!(j.slots.iter().all(|s| s.commit_deadline == 2 + COMMIT_WINDOW && !s.committed));
			assert_eq!(pallet_providers::Providers::<Test>::get(ALICE).unwrap().active_jobs, 1);
			assert_eq!(crate::ProviderJobs::<Test>::get(BOB).to_vec(), vec![id]);
			assert!(crate::PendingQueue::<Test>::get().is_empty());
			assert!(events().contains(&Event::JobAssigned { job: id }));
		});
	}

	#[test]
	fn a_submitter_never_runs_its_own_job() {
		test(|| {
			provider(USER, 5, MIN_STAKE);
			let id = submit(USER, 1, 10);
			run_to(5);
			assert_eq!(job(id).state, JobState::Pending);
			assert!(job(id).slots.is_empty());
		});
	}

	#[test]
	fn a_job_without_providers_expires_with_a_full_refund() {
		test(|| {
			// Deadline 51, within the pending age: the deadline expires it.
			let id = Jobs::do_submit(USER, small_matmul(), matmul_inputs(), 2, 10, 31).unwrap();
			run_to(31);
			assert_eq!(job(id).state, JobState::Pending);
			run_to(32);
			let j = job(id);
			assert_eq!((j.state, j.refunded, j.paid), (JobState::Expired, escrow(2, 10), 0));
			assert_eq!(free(USER), INITIAL - JOB_BASE_DEPOSIT);
			assert!(events().contains(&Event::JobExpired { job: id, refund: escrow(2, 10) }));
		});
	}

	#[test]
	fn partial_assignment_waits_for_more_providers() {
		test(|| {
			provider(ALICE, 5, MIN_STAKE);
			let id = submit(USER, 2, 10);
			run_to(3);
			assert_eq!(job(id).state, JobState::Pending);
			assert_eq!(job(id).slots.len(), 1);
			provider(BOB, 5, MIN_STAKE);
			run_to(4);
			assert_eq!(job(id).state, JobState::Assigned);
			// Alice's slot keeps its commit deadline; Bob's starts at block 4.
			let deadlines: Vec<_> = job(id).slots.iter().map(|s| s.commit_deadline).collect();
			assert_eq!(deadlines, vec![2 + COMMIT_WINDOW, 4 + COMMIT_WINDOW]);
		});
	}

	#[test]
	fn capacity_limits_assignments() {
		test(|| {
			provider(ALICE, 5, MIN_STAKE); // capacity 2
			let ids: Vec<_> = (0..3).map(|_| submit(USER, 1, 10)).collect();
			run_to(2);
			let states: Vec<_> = ids.iter().map(|id| job(*id).state).collect();
			assert_eq!(states, vec![JobState::Assigned, JobState::Assigned, JobState::Pending]);
			assert_eq!(crate::PendingQueue::<Test>::get().to_vec(), vec![ids[2]]);
		});
	}

	#[test]
	fn matching_is_bounded_per_block() {
		test(|| {
			for who in [ALICE, BOB, CHARLIE, DAVE] {
				Providers::register(RuntimeOrigin::signed(who), provider_profile(4), 5, MIN_STAKE).unwrap();
			}
			let ids: Vec<_> = (0..6).map(|_| submit(USER, 1, 10)).collect();
			run_to(2);
			let assigned = ids.iter().filter(|id| job(**id).state == JobState::Assigned).count();
			assert_eq!(assigned, 4, "MaxMatchesPerBlock is 4");
			run_to(3);
			assert!(ids.iter().all(|id| job(*id).state == JobState::Assigned));
		});
	}

	#[test]
	fn draws_are_weighted_by_stake() {
		// Alice has nine times Bob's stake: over many seeds she is drawn about 90% of the time.
		let mut alice = 0;
		for seed in 0..200u64 {
			new_test_ext().execute_with(|| {
				SEED.with(|s| *s.borrow_mut() = seed);
				provider(ALICE, 5, 9 * MIN_STAKE);
				provider(BOB, 5, MIN_STAKE);
				let id = submit(USER, 1, 10);
				run_to(2);
				if job(id).slots[0].provider == ALICE {
					alice += 1;
				}
			});
		}
		assert!((165..=195).contains(&alice), "Alice drawn {alice} of 200 times");
	}

	#[test]
	fn paused_and_silent_providers_are_not_drawn() {
		test(|| {
			provider(ALICE, 5, MIN_STAKE);
			provider(BOB, 5, MIN_STAKE);
			assert_ok!(Providers::pause(RuntimeOrigin::signed(ALICE)));
			let id = submit(USER, 1, 10);
			run_to(2);
			assert_eq!(job(id).slots[0].provider, BOB);
			// Past the heartbeat window nobody is eligible.
			frame_system::Pallet::<Test>::set_block_number(3 + HEARTBEAT_WINDOW);
			let late = submit(USER, 1, 10);
			run_to(5 + HEARTBEAT_WINDOW);
			assert_eq!(job(late).state, JobState::Pending);
			assert!(job(late).slots.is_empty());
		});
	}
}

mod commit {
	use super::*;

	#[test]
	fn all_commits_hand_the_job_to_settlement() {
		test(|| {
			provider(ALICE, 5, MIN_STAKE);
			provider(BOB, 5, MIN_STAKE);
			let id = submit(USER, 2, 10);
			run_to(2);
			assert_ok!(Jobs::note_commit(id, &ALICE));
			assert_eq!(job(id).state, JobState::Assigned);
			assert!(committed_jobs().is_empty());
			assert_ok!(Jobs::note_commit(id, &BOB));
			assert_eq!(job(id).state, JobState::Committed);
			assert_eq!(committed_jobs(), vec![id]);
			assert!(events().contains(&Event::JobCommitted { job: id }));
			// The commit timer that fires later leaves a committed job alone.
			run_to(10);
			assert_eq!(job(id).state, JobState::Committed);
		});
	}

	#[test]
	fn commit_errors() {
		test(|| {
			provider(ALICE, 5, MIN_STAKE);
			provider(BOB, 5, MIN_STAKE);
			assert_noop!(Jobs::note_commit(9, &ALICE), Error::<Test>::JobNotFound);
			let id = submit(USER, 1, 10);
			run_to(2);
			let p = job(id).slots[0].provider;
			let other = if p == ALICE { BOB } else { ALICE };
			assert_noop!(Jobs::note_commit(id, &other), Error::<Test>::NotAssigned);
			frame_system::Pallet::<Test>::set_block_number(2 + COMMIT_WINDOW + 1);
			assert_noop!(Jobs::note_commit(id, &p), Error::<Test>::CommitDeadlinePassed);
			frame_system::Pallet::<Test>::set_block_number(2 + COMMIT_WINDOW);
			assert_ok!(Jobs::note_commit(id, &p));
			assert_noop!(Jobs::note_commit(id, &p), Error::<Test>::WrongState);
		});
	}

	#[test]
	fn a_second_commit_by_the_same_provider_fails() {
		test(|| {
			provider(ALICE, 5, MIN_STAKE);
			provider(BOB, 5, MIN_STAKE);
			let id = submit(USER, 2, 10);
			run_to(2);
			assert_ok!(Jobs::note_commit(id, &ALICE));
			assert_noop!(Jobs::note_commit(id, &ALICE), Error::<Test>::AlreadyCommitted);
		});
	}
}

mod timeouts {
	use super::*;

	#[test]
	fn a_missed_commit_is_slashed_and_the_slot_reassigned() {
		test(|| {
			provider(ALICE, 5, MIN_STAKE);
			let id = submit(USER, 1, 10);
			run_to(2);
			assert_eq!(job(id).slots[0].provider, ALICE);
			provider(BOB, 5, MIN_STAKE);
			run_to(2 + COMMIT_WINDOW + 1);
			// Alice lost 10% of her stake (to the treasury) and her slot.
			assert_eq!(Providers::held_stake(&ALICE), MIN_STAKE - 100);
			assert_eq!(pallet_providers::Providers::<Test>::get(ALICE).unwrap().active_jobs, 0);
			assert!(events().contains(&Event::CommitMissed { job: id, provider: ALICE, slashed: 100 }));
			assert!(events().contains(&Event::JobRequeued { job: id, open_slots: 1 }));
			// The same block's matching gave the slot to Bob, never back to Alice.
			let j = job(id);
			assert_eq!(j.state, JobState::Assigned);
			assert_eq!(j.slots[0].provider, BOB);
			assert_eq!(j.dropped.to_vec(), vec![ALICE]);
		});
	}

	#[test]
	fn without_time_left_the_job_goes_on_with_fewer_replicas() {
		test(|| {
			provider(ALICE, 5, MIN_STAKE);
			provider(BOB, 5, MIN_STAKE);
			let id = Jobs::do_submit(USER, small_matmul(), matmul_inputs(), 2, 10, 8).unwrap();
			run_to(2);
			// Commit window 5 from block 2 ends at 7; the deadline is 8: no room to reassign.
			assert_ok!(Jobs::note_commit(id, &ALICE));
			run_to(2 + COMMIT_WINDOW + 1);
			let j = job(id);
			assert_eq!(j.replicas, 1);
			assert_eq!(j.state, JobState::Committed);
			assert_eq!(j.refunded, 10);
			assert!(events().contains(&Event::ReplicasReduced { job: id, replicas: 1, refund: 10 }));
			assert_eq!(committed_jobs(), vec![id]);
		});
	}

	#[test]
	fn nobody_committing_by_the_deadline_expires_the_job() {
		test(|| {
			provider(ALICE, 5, MIN_STAKE);
			let id = Jobs::do_submit(USER, small_matmul(), matmul_inputs(), 1, 10, 8).unwrap();
			run_to(2);
			run_to(9);
			let j = job(id);
			assert_eq!(j.state, JobState::Expired);
			// Refunded in full; Alice's slash went to the treasury, not the submitter.
			assert_eq!(free(USER), INITIAL - JOB_BASE_DEPOSIT);
			assert_eq!(free(SLASH_SINK), 100);
			assert_eq!(pallet_providers::Providers::<Test>::get(ALICE).unwrap().active_jobs, 0);
			assert!(crate::ProviderJobs::<Test>::get(ALICE).is_empty());
		});
	}
}

mod settlement {
	use super::*;

	fn committed_job() -> JobId {
		provider(ALICE, 5, MIN_STAKE);
		provider(BOB, 8, MIN_STAKE);
		let id = submit(USER, 2, 10);
		run_to(2);
		assert_ok!(Jobs::note_commit(id, &ALICE));
		assert_ok!(Jobs::note_commit(id, &BOB));
		id
	}

	#[test]
	fn paying_providers_and_settling_refunds_the_rest() {
		test(|| {
			let id = committed_job();
			let (alice, bob) = (free(ALICE), free(BOB));
			assert_ok!(Jobs::set_phase(id, VerificationPhase::Revealed));
			assert_eq!(job(id).state, JobState::Revealed);
			assert_ok!(Jobs::pay(id, &ALICE, 5));
			assert_ok!(Jobs::pay(id, &BOB, 8));
			let digest = [4u8; 32];
			assert_eq!(Jobs::finish(id, JobOutcome::Settled(digest)), Ok(escrow(2, 10) - 13));
			assert_eq!((free(ALICE), free(BOB)), (alice + 5, bob + 8));
			assert_eq!(free(USER), INITIAL - 13 - JOB_BASE_DEPOSIT);
			let j = job(id);
			assert_eq!((j.state, j.result_digest, j.paid, j.escrow), (JobState::Settled, Some(digest), 13, 0));
			assert_eq!(pallet_providers::Providers::<Test>::get(BOB).unwrap().active_jobs, 0);
			assert!(events().contains(&Event::JobSettled {
				job: id,
				result_digest: digest,
				paid: 13,
				refund: escrow(2, 10) - 13
			}));
		});
	}

	#[test]
	fn a_refunded_outcome_returns_everything_left() {
		test(|| {
			let id = committed_job();
			assert_ok!(Jobs::set_phase(id, VerificationPhase::Disputed));
			assert_eq!(Jobs::finish(id, JobOutcome::Refunded), Ok(escrow(2, 10)));
			assert_eq!(free(USER), INITIAL - JOB_BASE_DEPOSIT);
			assert_eq!(job(id).state, JobState::Refunded);
		});
	}

	#[test]
	fn payments_are_bounded_by_escrow_and_state() {
		test(|| {
			let pending = submit(USER2, 1, 10);
			assert_noop!(Jobs::pay(pending, &ALICE, 1), Error::<Test>::WrongState);
			assert_noop!(Jobs::finish(pending, JobOutcome::Refunded), Error::<Test>::WrongState);
			assert_noop!(Jobs::set_phase(pending, VerificationPhase::Revealed), Error::<Test>::WrongState);
			let id = committed_job();
			assert_noop!(Jobs::pay(id, &ALICE, escrow(2, 10) + 1), Error::<Test>::EscrowExceeded);
			assert_ok!(Jobs::finish(id, JobOutcome::Refunded));
			assert_noop!(Jobs::pay(id, &ALICE, 1), Error::<Test>::WrongState);
		});
	}

	#[test]
	fn finished_jobs_are_pruned_after_retention() {
		test(|| {
			let id = committed_job();
			assert_ok!(Jobs::finish(id, JobOutcome::Settled([1; 32])));
			run_to(2 + RETENTION - 1);
			assert!(crate::Jobs::<Test>::get(id).is_some());
			run_to(2 + RETENTION);
			assert!(crate::Jobs::<Test>::get(id).is_none());
			assert!(crate::JobInputs::<Test>::get(id).is_none());
			assert!(crate::SubmitterJobs::<Test>::get(USER).is_empty());
			assert_eq!(PRUNED.with(|p| p.borrow().clone()), vec![id]);
			assert!(events().contains(&Event::JobPruned { job: id }));
		});
	}
}

mod governance_and_api {
	use super::*;

	#[test]
	fn parameters_need_governance_and_sense() {
		test(|| {
			let mut p = crate::Parameters::<Test>::get();
			assert_noop!(Jobs::set_parameters(RuntimeOrigin::signed(USER), p), DispatchError::BadOrigin);
			p.commit_window = 0;
			assert_noop!(Jobs::set_parameters(RuntimeOrigin::root(), p), Error::<Test>::InvalidParameters);
			p.commit_window = 3;
			p.enabled_kernels = 1 << 7;
			assert_noop!(Jobs::set_parameters(RuntimeOrigin::root(), p), Error::<Test>::InvalidParameters);
			p.enabled_kernels = ALL_KERNELS;
			p.max_pending_age = 7;
			assert_ok!(Jobs::set_parameters(RuntimeOrigin::root(), p));
			assert_eq!(crate::Parameters::<Test>::get(), p);
		});
	}

	#[test]
	fn genesis_may_shorten_the_commit_window_only() {
		use frame_support::traits::{BuildGenesisConfig, Get};
		use sp_runtime::BuildStorage;
		let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		crate::GenesisConfig::<Test> { commit_window: Some(4) }.assimilate_storage(&mut storage).unwrap();
		sp_io::TestExternalities::new(storage).execute_with(|| {
			let defaults = crate::DefaultParameters::<Test>::get();
			assert_eq!(crate::Parameters::<Test>::get(), JobParameters { commit_window: 4, ..defaults });
		});
		// No commit window: the defaults, nothing stored.
		sp_io::TestExternalities::new(Default::default()).execute_with(|| {
			crate::GenesisConfig::<Test>::default().build();
			assert!(!crate::Parameters::<Test>::exists());
		});
	}

	#[test]
	#[should_panic(expected = "the genesis commit window is invalid")]
	fn genesis_refuses_a_zero_commit_window() {
		use frame_support::traits::BuildGenesisConfig;
		sp_io::TestExternalities::new(Default::default()).execute_with(|| {
			crate::GenesisConfig::<Test> { commit_window: Some(0) }.build();
		});
	}

	#[test]
	fn the_api_lists_jobs_by_submitter_and_provider() {
		test(|| {
			provider(ALICE, 5, MIN_STAKE);
			let a = submit(USER, 1, 10);
			let b = submit(USER2, 1, 10);
			run_to(2);
			let s = Jobs::api_job(a).unwrap();
			assert_eq!((s.id, s.submitter, s.kernel, s.state), (a, USER, KernelId::MatmulI8, JobState::Assigned));
			assert_eq!(s.providers.len(), 1);
			assert_eq!(s.providers[0].provider, ALICE);
			assert_eq!(Jobs::api_jobs_by_submitter(USER2).iter().map(|s| s.id).collect::<Vec<_>>(), vec![b]);
			let mut mine: Vec<_> = Jobs::api_jobs_by_provider(ALICE).iter().map(|s| s.id).collect();
			mine.sort();
			assert_eq!(mine, vec![a, b]);
			assert!(Jobs::api_pending_jobs().is_empty());
			assert!(Jobs::api_job(99).is_none());
		});
	}
}

/// A seeded generator drives random submits, cancels, commits, settlements and block
/// advances, and checks after every block that escrow is conserved.
mod property {
	use super::*;
	use std::collections::BTreeMap;

	/// xorshift64*: small, seeded, reproducible.
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

	fn total_balance() -> u128 {
		[ALICE, BOB, CHARLIE, DAVE, EVE, USER, USER2, SLASH_SINK]
			.iter()
			.map(|a| Balances::total_balance(a))
			.sum()
	}

	fn run(seed: u64, seen: &mut BTreeMap<&'static str, u32>) {
		new_test_ext().execute_with(|| {
			SEED.with(|s| *s.borrow_mut() = seed);
			let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
			let issuance = Balances::total_issuance();
			let everyone = total_balance();
			for who in [ALICE, BOB, CHARLIE, DAVE] {
				provider(who, 1 + rng.below(10) as u128, MIN_STAKE * (1 + rng.below(5) as u128));
			}
			// Escrow held at submission, per job.
			let mut initial: BTreeMap<JobId, u128> = BTreeMap::new();
			for _ in 0..120 {
				for _ in 0..rng.below(4) {
					let who = if rng.below(2) == 0 { USER } else { USER2 };
					match rng.below(6) {
						0 | 1 => {
							let now = System::block_number();
							let deadline = now + COMMIT_WINDOW + rng.below(30);
							let replicas = 1 + rng.below(3) as u32;
							if let Ok(id) = Jobs::do_submit(who, small_matmul(), matmul_inputs(), replicas, 1 + rng.below(12) as u128, deadline) {
								initial.insert(id, job(id).escrow);
							}
						},
						2 => {
							let _ = Jobs::do_cancel(who, rng.below(crate::NextJobId::<Test>::get() + 1));
						},
						3 | 4 => {
							// An assigned provider commits (most do).
							let live: Vec<_> = crate::Jobs::<Test>::iter()
								.filter(|(_, j)| j.state.awaits_providers() && !j.slots.is_empty())
								.collect();
							if !live.is_empty() {
								let (id, j) = &live[rng.below(live.len() as u64) as usize];
								let slot = &j.slots[rng.below(j.slots.len() as u64) as usize];
								let _ = Jobs::note_commit(*id, &slot.provider);
							}
						},
						_ => {
							// Settlement pays each provider its price and finishes, or refunds.
							let verifying: Vec<_> = crate::Jobs::<Test>::iter()
								.filter(|(_, j)| j.state.in_verification())
								.collect();
							if !verifying.is_empty() {
								let (id, j) = &verifying[rng.below(verifying.len() as u64) as usize];
								if rng.below(4) == 0 {
									assert_ok!(Jobs::finish(*id, JobOutcome::Refunded));
								} else {
									for s in j.slots.iter() {
										assert_ok!(Jobs::pay(*id, &s.provider, s.price_per_unit * j.work_units as u128));
									}
									assert_ok!(Jobs::finish(*id, JobOutcome::Settled([7; 32])));
								}
							}
						},
					}
				}
				run_to(System::block_number() + 1);
				check_invariants();
				assert_eq!(Balances::total_issuance(), issuance, "issuance changed");
				assert_eq!(total_balance(), everyone, "balance created or destroyed");
				for (id, j) in crate::Jobs::<Test>::iter() {
					let start = initial[&id];
					assert_eq!(j.escrow + j.paid + j.refunded, start, "job {id} escrow not conserved");
					if j.state.is_final() {
						assert_eq!(j.escrow, 0);
					}
					if j.state == JobState::Settled {
						let owed: u128 = j.slots.iter().map(|s| s.price_per_unit * j.work_units as u128).sum();
						assert_eq!(j.paid, owed, "settled job {id} paid other than its providers' prices");
					}
				}
			}
			// Every job either still runs or finished with its escrow fully out of the hold.
			let held: u128 = [USER, USER2].iter().map(|u| held_escrow(*u)).sum();
			assert_eq!(held, crate::TotalEscrow::<Test>::get());
			for e in events() {
				let kind = match e {
					Event::JobSettled { .. } => "settled",
					Event::JobRefunded { .. } => "refunded",
					Event::JobExpired { .. } => "expired",
					Event::JobCancelled { .. } => "cancelled",
					Event::CommitMissed { .. } => "commit missed",
					Event::JobRequeued { .. } => "requeued",
					Event::ReplicasReduced { .. } => "replicas reduced",
					Event::JobPruned { .. } => "pruned",
					_ => continue,
				};
				*seen.entry(kind).or_insert(0u32) += 1;
			}
		});
	}

	#[test]
	fn escrow_is_conserved_under_random_operation() {
		let mut seen = BTreeMap::new();
		for seed in 1..=24 {
			run(seed, &mut seen);
		}
		// The generator reaches every way a job can end or lose a provider.
		for kind in [
			"settled",
			"refunded",
			"expired",
			"cancelled",
			"commit missed",
			"requeued",
			"replicas reduced",
			"pruned",
		] {
			assert!(seen.get(kind).copied().unwrap_or(0) > 0, "no {kind} event in any run: {seen:?}");
		}
	}
}

/// Attacks from the soundness review (issue 14), one test each, named after the attack.
mod attacks {
	use super::*;
	use frame_support::traits::fungible::InspectHold;
	use tensorgrid_primitives::kernels::{AttentionShape, Requant};

	fn deposit_held(who: AccountId) -> Balance {
		Balances::balance_on_hold(&crate::HoldReason::JobDeposit.into(), &who)
	}

	#[test]
	fn attack_1_specs_no_worker_can_run_are_refused_at_submission() {
		test(|| {
			// 12 KiB of inputs, but a 256 MiB score matrix: every worker refused it.
			let spec = KernelSpec::AttentionI8(AttentionShape {
				seq_len: 8192,
				d_k: 1,
				d_v: 1,
				score_scale: Requant { multiplier: 1, shift: 8 },
			});
			let inputs = vec![InputRef::Artifact([1; 32]); 3].try_into().unwrap();
			assert_noop!(submit_spec(spec, inputs), Error::<Test>::ExceedsWorkerMemory);
		});
	}

	#[test]
	fn attack_1_missed_commit_slash_goes_to_the_treasury_not_the_submitter() {
		test(|| {
			provider(ALICE, 5, MIN_STAKE);
			let id = submit(USER, 1, 10);
			run_to(2);
			let user_before = free(USER);
			run_to(2 + COMMIT_WINDOW + 1);
			assert_eq!(Providers::held_stake(&ALICE), MIN_STAKE - 100);
			assert_eq!(free(USER), user_before, "the submitter gains nothing from a missed commit");
			assert_eq!(free(SLASH_SINK), 100);
			assert!(events().contains(&Event::CommitMissed { job: id, provider: ALICE, slashed: 100 }));
		});
	}

	#[test]
	fn attack_1_a_late_match_still_gets_a_full_commit_window() {
		test(|| {
			// Deadline 8: a provider arriving at block 4 would have had 4 blocks, not 5.
			let id = Jobs::do_submit(USER, small_matmul(), matmul_inputs(), 1, 10, 8).unwrap();
			run_to(3);
			provider(ALICE, 5, MIN_STAKE);
			run_to(4);
			assert!(job(id).slots.is_empty(), "no assignment without a full commit window");
			run_to(9);
			assert_eq!(job(id).state, JobState::Expired);
			assert_eq!(Providers::held_stake(&ALICE), MIN_STAKE, "nobody was slashed");
			// Assignments that happen always carry a full window.
			let id = submit(USER, 1, 10);
			run_to(10);
			assert_eq!(job(id).slots[0].commit_deadline, 10 + COMMIT_WINDOW);
		});
	}

	#[test]
	fn attack_1_a_provider_declines_a_job_it_cannot_run_without_a_slash() {
		test(|| {
			provider(ALICE, 5, MIN_STAKE);
			let id = submit(USER, 1, 10);
			run_to(2);
			assert_noop!(Jobs::decline_job(RuntimeOrigin::signed(BOB), id), Error::<Test>::NotOperator);
			assert_ok!(Jobs::decline_job(RuntimeOrigin::signed(ALICE), id));
			assert_eq!(Providers::held_stake(&ALICE), MIN_STAKE);
			assert!(events().contains(&Event::JobDeclined { job: id, provider: ALICE }));
			let j = job(id);
			assert_eq!((j.state, j.slots.len(), j.dropped.to_vec()), (JobState::Pending, 0, vec![ALICE]));
			assert_eq!(pallet_providers::Providers::<Test>::get(ALICE).unwrap().active_jobs, 0);
			// Another provider takes the slot; Alice is never drawn for it again.
			provider(BOB, 5, MIN_STAKE);
			run_to(3);
			assert_eq!(job(id).slots[0].provider, BOB);
			// A committed slot, or one past its deadline, cannot be declined.
			assert_ok!(Jobs::note_commit(id, &BOB));
			assert_noop!(Jobs::decline_job(RuntimeOrigin::signed(BOB), id), Error::<Test>::WrongState);
		});
	}

	#[test]
	fn attack_4_providers_whose_stake_cannot_cover_a_lie_are_not_matched() {
		test(|| {
			// The slot pays 200 × 1 unit; the settlement rule asks ten times that as stake.
			provider(ALICE, 200, MIN_STAKE);
			let id = submit(USER, 1, 200);
			run_to(2);
			assert!(job(id).slots.is_empty());
			provider(BOB, 200, 2 * MIN_STAKE);
			run_to(3);
			assert_eq!(job(id).slots[0].provider, BOB);
		});
	}

	#[test]
	fn attack_6_cancel_removes_its_deadline_timer() {
		test(|| {
			// Before: every submit-and-cancel pair left a deadline timer behind, so a few
			// accounts could fill the timer lists of chosen blocks (4 per block here) and no
			// job could then get a deadline there.
			let deadline = System::block_number() + 20;
			for i in 0..40u64 {
				// Kept records are bounded per submitter: the attacker uses several accounts.
				let who = 100 + i / 8;
				<Balances as frame_support::traits::fungible::Mutate<_>>::set_balance(&who, INITIAL);
				let id = crate::NextJobId::<Test>::get();
				assert_ok!(Jobs::submit_job(RuntimeOrigin::signed(who), small_matmul(), matmul_inputs(), 1, 10, deadline));
				assert_ok!(Jobs::cancel_job(RuntimeOrigin::signed(who), id));
			}
			for block in deadline..deadline + 10 {
				assert!(
					!crate::Timers::<Test>::get(block).iter().any(|(_, kind)| *kind == TimerKind::Deadline),
					"block {block} keeps deadline timers"
				);
			}
			// A real job still gets its deadline timer in the block it asks for.
			let id = Jobs::do_submit(USER2, small_matmul(), matmul_inputs(), 1, 10, deadline).unwrap();
			assert_eq!(job(id).deadline_timer, deadline + 1);
		});
	}

	#[test]
	fn attack_6_a_submitter_has_a_bounded_number_of_open_jobs() {
		test(|| {
			for _ in 0..6 {
				submit(USER, 1, 1);
			}
			assert_noop!(
				Jobs::submit_job(RuntimeOrigin::signed(USER), small_matmul(), matmul_inputs(), 1, 1, 30),
				Error::<Test>::TooManyOpenJobs
			);
			// Finishing one frees a place.
			assert_ok!(Jobs::cancel_job(RuntimeOrigin::signed(USER), 0));
			submit(USER, 1, 1);
		});
	}

	#[test]
	fn attack_6_jobs_nobody_takes_leave_the_queue_after_max_pending_age() {
		test(|| {
			// Before: a 1-planck job waited for up to 7 days, holding a queue place.
			let id = Jobs::do_submit(USER, small_matmul(), matmul_inputs(), 1, 1, 90).unwrap();
			run_to(1 + MaxPendingAge::get());
			assert_eq!(job(id).state, JobState::Pending);
			run_to(2 + MaxPendingAge::get());
			assert_eq!(job(id).state, JobState::Expired);
			assert!(crate::PendingQueue::<Test>::get().is_empty());
			assert_eq!(held_escrow(USER), 0);
		});
	}

	#[test]
	fn attack_10_job_records_and_inline_inputs_hold_a_deposit_until_pruned() {
		test(|| {
			let id = submit(USER, 1, 10);
			assert_eq!(job(id).deposit, JOB_BASE_DEPOSIT);
			assert_eq!(deposit_held(USER), JOB_BASE_DEPOSIT);
			assert_ok!(Jobs::cancel_job(RuntimeOrigin::signed(USER), id));
			// The record stays readable for the retention period, and so does the deposit.
			assert_eq!(deposit_held(USER), JOB_BASE_DEPOSIT);
			run_to(1 + RETENTION + 1);
			assert!(crate::Jobs::<Test>::get(id).is_none());
			assert_eq!(deposit_held(USER), 0);
			assert_eq!(free(USER), INITIAL);
		});
	}
}

#[test]
fn a_provider_declines_through_its_operator_key_only() {
	test(|| {
		use sp_runtime::testing::TestSignature;
		const OPERATOR: AccountId = 7_001;
		provider(ALICE, 5, MIN_STAKE);
		let proof = TestSignature(OPERATOR, pallet_providers::operator_proof_payload(&ALICE));
		assert_ok!(Providers::set_operator(RuntimeOrigin::signed(ALICE), OPERATOR, proof));
		let id = submit(USER, 1, 10);
		run_to(2);
		assert_noop!(Jobs::decline_job(RuntimeOrigin::signed(ALICE), id), Error::<Test>::NotOperator);
		assert_ok!(Jobs::decline_job(RuntimeOrigin::signed(OPERATOR), id));
		assert!(events().contains(&Event::JobDeclined { job: id, provider: ALICE }));
		assert_eq!(Providers::held_stake(&ALICE), MIN_STAKE);
	});
}

/// Storage version 1 → 2: v1 job records and parameters decode as v2 after the migration.
mod migration {
	use super::*;
	use crate::migrations::v2::{v1, MigrateV1ToV2};
	use codec::Encode;
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};

	#[test]
	fn v1_jobs_and_parameters_are_translated_once() {
		test(|| {
			provider(ALICE, 5, MIN_STAKE);
			let id = submit(USER, 1, 10);
			run_to(2);
			let now = job(id);
			// Write the record and the parameters back as v1 encoded them.
			let old = v1::JobInfo::<AccountId, Balance, u64, <Test as crate::Config>::MaxReplicas> {
				submitter: now.submitter,
				spec: now.spec.clone(),
				replicas: now.replicas,
				max_price_per_unit: now.max_price_per_unit,
				work_units: now.work_units,
				escrow: now.escrow,
				deposit: now.deposit,
				verification_fee: now.verification_fee,
				paid: now.paid,
				refunded: now.refunded,
				submitted_at: now.submitted_at,
				deadline: now.deadline,
				deadline_timer: now.deadline_timer,
				state: now.state,
				slots: now
					.slots
					.iter()
					.map(|s| v1::Slot {
						provider: s.provider,
						price_per_unit: s.price_per_unit,
						assigned_at: s.assigned_at,
						commit_deadline: s.commit_deadline,
						committed: s.committed,
					})
					.collect::<Vec<_>>()
					.try_into()
					.unwrap(),
				dropped: now.dropped.clone(),
				result_digest: now.result_digest,
				finished_at: now.finished_at,
			};
			frame_support::storage::unhashed::put_raw(&crate::Jobs::<Test>::hashed_key_for(id), &old.encode());
			let p = crate::Parameters::<Test>::get();
			let old_params = v1::JobParameters {
				commit_window: p.commit_window,
				max_job_duration: p.max_job_duration,
				retention: p.retention,
				verification_fee: sp_runtime::Perbill::from_percent(10),
				missed_commit_slash: p.missed_commit_slash,
				max_pending_age: p.max_pending_age + 1,
				enabled_kernels: p.enabled_kernels,
			};
			frame_support::storage::unhashed::put_raw(&crate::Parameters::<Test>::hashed_key(), &old_params.encode());
			StorageVersion::new(1).put::<Jobs>();
			assert!(crate::Jobs::<Test>::try_get(id).is_err(), "a v1 record does not decode as v2");

			MigrateV1ToV2::<Test>::on_runtime_upgrade();
			assert_eq!(Jobs::on_chain_storage_version(), StorageVersion::new(2));
			let migrated = job(id);
			assert_eq!(migrated.slots.len(), 1);
			assert_eq!((migrated.slots[0].provider, migrated.slots[0].collateral), (ALICE, 0));
			assert_eq!((migrated.escrow, migrated.state), (now.escrow, now.state));
			let params = crate::Parameters::<Test>::get();
			assert_eq!(params.max_pending_age, p.max_pending_age + 1, "the stored parameters were kept");

			// Run again: the version is 2, nothing is translated a second time.
			crate::Jobs::<Test>::insert(id, now.clone());
			MigrateV1ToV2::<Test>::on_runtime_upgrade();
			assert_eq!(job(id), now);
		});
	}
}
/// A job's input may be a settled job's output, named by the job: stored by its digest.
mod chaining {
	use super::*;

	fn settled_job(digest: [u8; 32]) -> JobId {
		provider(ALICE, 5, MIN_STAKE);
		provider(BOB, 8, MIN_STAKE);
		let id = submit(USER, 2, 10);
		run_to(2);
		assert_ok!(Jobs::note_commit(id, &ALICE));
		assert_ok!(Jobs::note_commit(id, &BOB));
		assert_ok!(Jobs::finish(id, JobOutcome::Settled(digest)));
		id
	}

	/// A 4×4 · 4×1 matmul: its first input is 16 bytes, the small matmul's output.
	fn reader_of(first: InputRef<frame_support::traits::ConstU32<256>>) -> Result<(), DispatchError> {
		let spec = KernelSpec::MatmulI8(MatmulShape { m: 4, k: 4, n: 1 });
		let inputs = vec![first, InputRef::Inline(vec![1; 4].try_into().unwrap())];
		Jobs::submit_job(RuntimeOrigin::signed(USER2), spec, inputs.try_into().unwrap(), 1, 10, System::block_number() + 50)
	}

	#[test]
	fn a_settled_jobs_output_is_an_input_by_its_digest_and_outlives_the_record() {
		test(|| {
			let first = settled_job([9; 32]);
			assert_eq!(small_matmul().output_size(), 16);
			let second = crate::NextJobId::<Test>::get();
			assert_ok!(reader_of(InputRef::JobOutput(first)));
			let stored = crate::JobInputs::<Test>::get(second).unwrap();
			assert_eq!(stored[0], InputRef::Output([9; 32]), "kept by digest, not by job id");
			// No bytes on chain: only the base deposit.
			assert_eq!(job(second).deposit, JOB_BASE_DEPOSIT, "the mock charges no byte deposit; the output adds no bytes");
			// The first job's record goes; the second still knows what to read.
			run_to(2 + RETENTION);
			assert!(crate::Jobs::<Test>::get(first).is_none());
			assert_eq!(crate::JobInputs::<Test>::get(second).unwrap()[0], InputRef::Output([9; 32]));
			// Verification learns that it reads a job's output; the first job does not.
			assert!(<Jobs as JobsInterface<_, _, _>>::reads_job_output(second));
			let plain = submit(USER, 1, 10);
			assert!(!<Jobs as JobsInterface<_, _, _>>::reads_job_output(plain));
		});
	}

	#[test]
	fn only_a_settled_job_of_the_right_size_can_be_read() {
		test(|| {
			let first = settled_job([9; 32]);
			let pending = submit(USER, 1, 10);
			assert_noop!(reader_of(InputRef::JobOutput(pending)), Error::<Test>::UnsettledJobOutput);
			assert_noop!(reader_of(InputRef::JobOutput(999)), Error::<Test>::UnsettledJobOutput);
			// Naming the digest directly would let anyone point providers at bytes nobody has.
			assert_noop!(reader_of(InputRef::Output([9; 32])), Error::<Test>::OutputByHash);
			// A 16-byte output where 6 bytes are read.
			let inputs = vec![InputRef::JobOutput(first), InputRef::Inline(vec![2; 6].try_into().unwrap())];
			assert_noop!(
				Jobs::submit_job(RuntimeOrigin::signed(USER2), small_matmul(), inputs.try_into().unwrap(), 1, 10, 60),
				Error::<Test>::InputSizeMismatch
			);
		});
	}
}
