//! One off-chain worker run: for each local provider key, talk to the GPU worker and send at
//! most one signed transaction.

use crate::{
	pallet::*,
	progress::{self, Progress, Role},
	worker_api::{self, Input, SubmitError, Worker},
};
use alloc::{vec, vec::Vec};
use codec::Encode;
use frame_support::{traits::Get, BoundedVec};
use frame_system::{
	offchain::{AppCrypto, SendSignedTransaction, Signer, SigningTypes},
	pallet_prelude::BlockNumberFor,
};
use pallet_jobs::{InputRef, JobId, JobState};
use pallet_proof_of_compute::{commitment_of, verdict_commitment_of, Commitment, OutputRef, Phase, Verdict};
use sp_runtime::{
	offchain::{
		storage_lock::{StorageLock, Time},
		Duration,
	},
	traits::{IdentifyAccount, Saturating, UniqueSaturatedInto},
	RuntimeAppPublic,
};
use tensorgrid_primitives::{digest_of, Digest};

/// Blocks to wait before sending a transaction again that has not taken effect.
const RESEND_AFTER: u32 = 4;
/// Verifier jobs use their own id space in the GPU worker.
const VERIFIER_ID_BIT: u64 = 1 << 62;
const LOG_TARGET: &str = "provider-agent";
/// Pause before polling jobs posted in the same run.
const POLL_DELAY_MS: u64 = 300;
/// Worker failures (failed or timed-out worker jobs) of one job after which the agent stops
/// trying: a provider declines the job, a verifier gives the audit up.
pub(crate) const MAX_FAILURES: u8 = 3;
/// Blocks the node may look for an input that is another job's output before the agent
/// gives the job up (a provider declines, a verifier abstains), both unslashed.
pub(crate) const INPUT_WAIT: u32 = 10;
/// Give such a job up at the latest this many blocks before its deadline, so the decline
/// or abstention (and a resend) lands in time.
pub(crate) const GIVE_UP_MARGIN: u32 = 5;

/// A transaction the agent wants to send, most urgent first.
enum Action<T: Config> {
	Reveal { job: JobId, digest: Digest, salt: [u8; 32], output: pallet_proof_of_compute::OutputOf<T> },
	Commit { job: JobId, commitment: Commitment },
	/// Leave a job this worker cannot run, before its commit deadline, without a slash.
	Decline { job: JobId },
	/// Abstain from an audit whose input (another job's output) the node cannot obtain.
	Abstain { job: JobId },
	/// Commit to a verdict (its salt is kept in the progress record).
	CommitVerdict { job: JobId, commitment: Commitment },
	/// Reveal the committed verdict.
	Verdict { job: JobId, verdict: Verdict, salt: [u8; 32] },
	Heartbeat,
}

impl<T: Config> Action<T> {
	fn urgency(&self) -> u8 {
		match self {
			Action::Reveal { .. } => 0,
			Action::Commit { .. } => 1,
			Action::Decline { .. } | Action::Abstain { .. } => 2,
			Action::CommitVerdict { .. } | Action::Verdict { .. } => 3,
			Action::Heartbeat => 4,
		}
	}
}

/// What polling a worker job found.
enum Polled {
	/// Succeeded with this digest; `inline` when the status says the output fits in a
	/// reveal (it is fetched only then).
	Done { digest: Digest, inline: bool },
	/// Queued or running, or the worker did not answer: look again later.
	Pending,
	/// Failed or timed out (or succeeded without a digest): counts as a failure, post again.
	Failed,
	/// The worker no longer knows it (restarted, expired, cancelled): post again.
	Lost,
}

/// An action and the progress record to store once it is sent.
struct Plan<T: Config> {
	action: Action<T>,
	record: Option<(Role, JobId, Progress)>,
}

impl<T: Config> Pallet<T> {
	pub(crate) fn run(now: BlockNumberFor<T>) {
		let Some(worker) = Worker::from_local_storage() else { return };
		// Two runs (two blocks imported quickly) must not both act.
		let mut lock = StorageLock::<Time>::with_deadline(b"tensorgrid/agent/lock", Duration::from_millis(30_000));
		let Ok(mut guard) = lock.try_lock() else { return };
		let block: u32 = now.unique_saturated_into();
		let keys = <<T as Config>::AuthorityId as AppCrypto<
			<T as SigningTypes>::Public,
			<T as SigningTypes>::Signature,
		>>::RuntimeAppPublic::all();
		for key in keys {
			let generic: <<T as Config>::AuthorityId as AppCrypto<
				<T as SigningTypes>::Public,
				<T as SigningTypes>::Signature,
			>>::GenericPublic = key.into();
			let public: <T as SigningTypes>::Public = generic.into();
			// The key signs; the provider it operates for is who is assigned, committed to
			// and paid. Progress is kept per provider, so a rotated key picks it up.
			let operator = public.clone().into_account();
			let Some(account) = pallet_providers::Operators::<T>::get(&operator) else { continue };
			// Records of jobs that finished or were pruned are of no more use.
			progress::prune(&account, |job| {
				pallet_jobs::Jobs::<T>::get(job).is_some_and(|info| !info.state.is_final())
			});
			let Some(provider) = pallet_providers::Providers::<T>::get(&account) else { continue };
			// Each job on its own: whatever goes wrong with one (the worker refuses it, fails
			// it, answers garbage) is logged and the loop goes on with the next.
			let mut plans: Vec<Plan<T>> = Vec::new();
			let mut just_posted: Vec<(Role, JobId)> = Vec::new();
			for job in pallet_jobs::ProviderJobs::<T>::get(&account) {
				let mut posted = false;
				plans.extend(Self::provider_step(&worker, block, job, &account, &mut posted));
				if posted {
					just_posted.push((Role::Provider, job));
				}
				let _ = guard.extend_lock();
			}
			for job in pallet_proof_of_compute::VerifierAudits::<T>::get(&account) {
				let mut posted = false;
				plans.extend(Self::verifier_step(&worker, block, job, &account, &mut posted));
				if posted {
					just_posted.push((Role::Verifier, job));
				}
				let _ = guard.extend_lock();
			}
			// Small jobs are done within moments: look once more before this block's
			// transaction goes out rather than a block later.
			if !just_posted.is_empty() {
				sp_io::offchain::sleep_until(sp_io::offchain::timestamp().add(Duration::from_millis(POLL_DELAY_MS)));
				for (role, job) in just_posted {
					let mut posted = false;
					plans.extend(match role {
						Role::Provider => Self::provider_step(&worker, block, job, &account, &mut posted),
						Role::Verifier => Self::verifier_step(&worker, block, job, &account, &mut posted),
					});
					let _ = guard.extend_lock();
				}
			}
			let window = pallet_providers::Parameters::<T>::get().heartbeat_window;
			let half: BlockNumberFor<T> = window / 2u32.into();
			if now.saturating_sub(provider.last_heartbeat) >= half.max(1u32.into()) {
				plans.push(Plan { action: Action::Heartbeat, record: None });
			}
			plans.sort_by_key(|p| p.action.urgency());
			plans.truncate(<T as Config>::MaxCallsPerBlock::get().max(1) as usize);
			Self::send(&public, &account, plans);
		}
	}

	/// Post the job to the worker: its spec and inputs, inline ones as bytes and stored
	/// artifacts by hash (the worker fetches and checks them; their bytes never enter this
	/// heap).
	fn post(worker: &Worker, job: JobId, chain_id: u64) -> Result<worker_api::Submitted, SubmitError> {
		let Some(info) = pallet_jobs::Jobs::<T>::get(job) else { return Err(SubmitError::Other) };
		let Some(refs) = pallet_jobs::JobInputs::<T>::get(job) else { return Err(SubmitError::Other) };
		let inputs: Vec<Input<'_>> = refs
			.iter()
			.map(|input| match input {
				InputRef::Inline(bytes) => Some(Input::Inline(&bytes[..])),
				InputRef::Artifact(hash) => Some(Input::Artifact(hash)),
				// The worker finds a dataset item by its hash in the custodian's own store.
				InputRef::Dataset(d) => Some(Input::Artifact(&d.item)),
				// Another job's output goes by its hash too: the node finds the bytes (its
				// store, or its peers), never this heap.
				InputRef::Output(hash) => Some(Input::Artifact(hash)),
				// Turned into `Output` at submission: never stored.
				InputRef::JobOutput(_) => None,
			})
			.collect::<Option<Vec<_>>>()
			.ok_or(SubmitError::Other)?;
		let result = worker_api::submit(worker, chain_id, &info.spec.encode(), &inputs);
		if let Err(e) = &result {
			log::warn!(target: LOG_TARGET, "could not post job {job} to the GPU worker at {}: {e:?}", worker.url);
		}
		result
	}

	fn reads_dataset(job: JobId) -> bool {
		pallet_jobs::JobInputs::<T>::get(job)
			.is_some_and(|inputs| inputs.iter().any(|i| matches!(i, InputRef::Dataset(_))))
	}

	fn reads_job_output(job: JobId) -> bool {
		pallet_jobs::JobInputs::<T>::get(job).is_some_and(|inputs| inputs.iter().any(|i| i.is_job_output()))
	}

	/// The worker lacks another job's output that `job` reads: the node looks for it on its
	/// peers meanwhile. Give the job up (unslashed) after [`INPUT_WAIT`] blocks, or
	/// [`GIVE_UP_MARGIN`] blocks before `deadline` (the commit or audit deadline).
	fn awaiting_input(block: u32, role: Role, job: JobId, account: &T::AccountId, deadline: u32) -> Option<Plan<T>> {
		let since = match progress::get(role, job, account) {
			Some(Progress::AwaitingInput { since }) => since,
			_ => {
				progress::set(role, job, account, &Progress::AwaitingInput { since: block });
				block
			},
		};
		if block < since.saturating_add(INPUT_WAIT) && block.saturating_add(GIVE_UP_MARGIN) < deadline {
			return None;
		}
		log::warn!(
			target: LOG_TARGET,
			"job {job} reads another job's output that no reachable peer served since block {since}: giving it up"
		);
		match role {
			Role::Provider => Self::refuse(block, role, job, account),
			Role::Verifier => Some(Self::abstain(block, job)),
		}
	}

	fn abstain(block: u32, job: JobId) -> Plan<T> {
		Plan { action: Action::Abstain { job }, record: Some((Role::Verifier, job, Progress::Refused { at: block })) }
	}

	/// Post a job that has no worker job yet (or whose worker job was lost or failed).
	/// `deadline` is the block by which the job must be committed (or the audit answered).
	fn start(
		worker: &Worker,
		block: u32,
		role: Role,
		job: JobId,
		account: &T::AccountId,
		posted: &mut bool,
		deadline: u32,
	) -> Option<Plan<T>> {
		if progress::failures(role, job, account) >= MAX_FAILURES {
			return Self::refuse(block, role, job, account);
		}
		let chain_id = match role {
			Role::Provider => job,
			Role::Verifier => job | VERIFIER_ID_BIT,
		};
		match Self::post(worker, job, chain_id) {
			// A worker that answers with a failed job instead of running it again.
			Ok(submitted) if submitted.existing && matches!(submitted.state.as_str(), "failed" | "timed_out") =>
				Self::failed(block, role, job, account),
			Ok(submitted) => {
				progress::set(role, job, account, &Progress::Submitted { worker_id: submitted.id.into_bytes() });
				*posted = true;
				None
			},
			Err(SubmitError::Unexecutable(code)) => {
				log::warn!(target: LOG_TARGET, "the GPU worker cannot run job {job} ({code})");
				Self::refuse(block, role, job, account)
			},
			// A dataset item is only ever in this custodian's own store: if it is not there,
			// waiting cannot bring it, and declining (unslashed) beats missing the commit.
			Err(SubmitError::MissingInput) if Self::reads_dataset(job) => {
				log::warn!(target: LOG_TARGET, "job {job} reads a dataset item this custodian does not hold");
				Self::refuse(block, role, job, account)
			},
			// Another job's output, not found yet: wait a bounded time, then give up unslashed.
			Err(SubmitError::MissingInput) if Self::reads_job_output(job) =>
				Self::awaiting_input(block, role, job, account, deadline),
			// Unauthorised, overloaded, unreachable, an artifact not there yet: next block.
			Err(SubmitError::MissingInput) | Err(SubmitError::Other) => None,
		}
	}

	/// The worker failed the job: count it, and post it again later, or stop after
	/// [`MAX_FAILURES`].
	fn failed(block: u32, role: Role, job: JobId, account: &T::AccountId) -> Option<Plan<T>> {
		progress::clear(role, job, account);
		let failures = progress::add_failure(role, job, account);
		log::warn!(target: LOG_TARGET, "the GPU worker failed job {job} ({failures} of {MAX_FAILURES})");
		if failures >= MAX_FAILURES {
			Self::refuse(block, role, job, account)
		} else {
			None
		}
	}

	/// Stop trying a job this worker cannot run: a provider declines it (no slash before its
	/// commit deadline, and the chain finds another provider); a verifier gives the audit up.
	fn refuse(block: u32, role: Role, job: JobId, account: &T::AccountId) -> Option<Plan<T>> {
		match role {
			Role::Provider => Some(Plan {
				action: Action::Decline { job },
				record: Some((Role::Provider, job, Progress::Refused { at: block })),
			}),
			Role::Verifier => {
				progress::set(Role::Verifier, job, account, &Progress::Refused { at: block });
				None
			},
		}
	}

	/// What the worker says of one of its jobs.
	fn poll(worker: &Worker, worker_id: &[u8]) -> Polled {
		let max = <T as pallet_proof_of_compute::Config>::MaxInlineOutput::get() as u64;
		match worker_api::status(worker, worker_id) {
			Ok(Some(s)) if s.state == "succeeded" => match s.digest.as_deref().and_then(worker_api::digest_from_hex) {
				Some(digest) => Polled::Done { digest, inline: s.output_len.is_some_and(|len| len <= max) },
				None => Polled::Failed,
			},
			Ok(Some(s)) if s.state == "queued" || s.state == "running" => Polled::Pending,
			Ok(Some(s)) if s.state == "failed" || s.state == "timed_out" => Polled::Failed,
			Ok(_) => Polled::Lost,
			// The worker is unreachable or its answer unreadable: try again next block.
			Err(()) => Polled::Pending,
		}
	}

	/// The next transaction for an assigned job, if one is due; sets `posted` when the job
	/// went to the worker.
	fn provider_step(
		worker: &Worker,
		block: u32,
		job: JobId,
		account: &T::AccountId,
		posted: &mut bool,
	) -> Option<Plan<T>> {
		let info = pallet_jobs::Jobs::<T>::get(job)?;
		let slot = info.slots.iter().find(|s| &s.provider == account)?;
		let record = progress::get(Role::Provider, job, account);
		if info.state.awaits_providers() && !slot.committed {
			let deadline: u32 = slot.commit_deadline.unique_saturated_into();
			match record {
				None | Some(Progress::Revealed { .. }) | Some(Progress::AwaitingInput { .. }) =>
					Self::start(worker, block, Role::Provider, job, account, posted, deadline),
				Some(Progress::Submitted { worker_id }) => match Self::poll(worker, &worker_id) {
					Polled::Done { digest, inline } => {
						let salt = sp_io::offchain::random_seed();
						let commitment = commitment_of(&digest, account, &salt);
						// Too large to reveal inline: never fetch it, reveal by hash.
						let worker_id = if inline { worker_id } else { Vec::new() };
						Some(Plan {
							action: Action::Commit { job, commitment },
							record: Some((Role::Provider, job, Progress::Sent { worker_id, digest, salt, at: block })),
						})
					},
					Polled::Pending => None,
					Polled::Failed => Self::failed(block, Role::Provider, job, account),
					Polled::Lost => {
						progress::clear(Role::Provider, job, account);
						None
					},
				},
				Some(Progress::Sent { worker_id, digest, salt, at }) if block > at.saturating_add(RESEND_AFTER) =>
					Some(Plan {
						action: Action::Commit { job, commitment: commitment_of(&digest, account, &salt) },
						record: Some((Role::Provider, job, Progress::Sent { worker_id, digest, salt, at: block })),
					}),
				Some(Progress::Sent { .. }) => None,
				Some(Progress::Refused { at }) if block > at.saturating_add(RESEND_AFTER) => Self::refuse(block, Role::Provider, job, account),
				Some(Progress::Refused { .. }) => None,
			}
		} else if info.state == JobState::Committed {
			let round = pallet_proof_of_compute::Rounds::<T>::get(job)?;
			if !matches!(round.phase, Phase::Revealing { .. }) {
				return None;
			}
			let submission = round.submissions.iter().find(|s| &s.provider == account)?;
			if submission.revealed.is_some() {
				return None;
			}
			let (digest, salt, output) = match record? {
				Progress::Sent { worker_id, digest, salt, .. } => (digest, salt, Self::output_ref(worker, &worker_id, digest)),
				Progress::Revealed { digest, salt, at } if block > at.saturating_add(RESEND_AFTER) =>
					(digest, salt, OutputRef::Artifact(digest)),
				_ => return None,
			};
			Some(Plan {
				action: Action::Reveal { job, digest, salt, output },
				record: Some((Role::Provider, job, Progress::Revealed { digest, salt, at: block })),
			})
		} else {
			None
		}
	}

	/// The output inline when it fits (read up to the bound, and only when the status said
	/// it fits: an empty `worker_id`), else by hash.
	fn output_ref(worker: &Worker, worker_id: &[u8], digest: Digest) -> pallet_proof_of_compute::OutputOf<T> {
		if worker_id.is_empty() {
			return OutputRef::Artifact(digest);
		}
		let max = <T as pallet_proof_of_compute::Config>::MaxInlineOutput::get() as usize;
		match worker_api::output(worker, worker_id, max) {
			Ok(bytes) if bytes.len() <= max && digest_of(&bytes) == digest =>
				OutputRef::Inline(BoundedVec::truncate_from(bytes)),
			_ => OutputRef::Artifact(digest),
		}
	}

	/// The verdict for an audit, if one is due; sets `posted` when the job went to the worker.
	fn verifier_step(
		worker: &Worker,
		block: u32,
		job: JobId,
		account: &T::AccountId,
		posted: &mut bool,
	) -> Option<Plan<T>> {
		let round = pallet_proof_of_compute::Rounds::<T>::get(job)?;
		round.phase.audit_reason()?;
		let slot = round.verifiers.iter().find(|v| &v.verifier == account)?;
		if slot.verdict.is_some() {
			return None;
		}
		let audit_deadline: Option<u32> = match round.phase {
			Phase::Auditing { deadline, .. } => Some(deadline.unique_saturated_into()),
			_ => None,
		};
		let committing = audit_deadline.is_some();
		let record = progress::get(Role::Verifier, job, account);
		if !committing {
			// Reveals are open: reveal what was committed (a verifier that did not commit
			// in time has nothing to reveal).
			slot.commitment?;
			let (digest, salt) = match record? {
				Progress::Sent { digest, salt, .. } => (digest, salt),
				Progress::Revealed { digest, salt, at } if block > at.saturating_add(RESEND_AFTER) => (digest, salt),
				_ => return None,
			};
			return Some(Plan {
				action: Action::Verdict { job, verdict: Verdict::Recomputed(digest), salt },
				record: Some((Role::Verifier, job, Progress::Revealed { digest, salt, at: block })),
			});
		}
		let commit = |worker_id: Vec<u8>, digest: Digest, salt: [u8; 32]| Plan {
			action: Action::CommitVerdict {
				job,
				commitment: verdict_commitment_of(&Verdict::Recomputed(digest), account, &salt),
			},
			record: Some((Role::Verifier, job, Progress::Sent { worker_id, digest, salt, at: block })),
		};
		let deadline = audit_deadline.unwrap_or(block);
		match record {
			None | Some(Progress::Revealed { .. }) | Some(Progress::AwaitingInput { .. }) =>
				Self::start(worker, block, Role::Verifier, job, account, posted, deadline),
			Some(Progress::Submitted { worker_id }) => match Self::poll(worker, &worker_id) {
				Polled::Done { digest, .. } => Some(commit(worker_id, digest, sp_io::offchain::random_seed())),
				Polled::Pending => None,
				Polled::Failed => Self::failed(block, Role::Verifier, job, account),
				Polled::Lost => {
					progress::clear(Role::Verifier, job, account);
					None
				},
			},
			// Committed but not on chain after a few blocks: send the same commitment again.
			Some(Progress::Sent { worker_id, digest, salt, at })
				if slot.commitment.is_none() && block > at.saturating_add(RESEND_AFTER) =>
				Some(commit(worker_id, digest, salt)),
			// An abstention not on chain after a few blocks: send it again.
			Some(Progress::Refused { at })
				if slot.commitment.is_none() && Self::reads_job_output(job) && block > at.saturating_add(RESEND_AFTER) =>
				Some(Self::abstain(block, job)),
			Some(Progress::Sent { .. }) | Some(Progress::Refused { .. }) => None,
		}
	}

	fn call(action: Action<T>) -> T::AgentCall {
		match action {
			Action::Reveal { job, digest, salt, output } =>
				pallet_proof_of_compute::Call::<T>::reveal_result { job, result_digest: digest, salt, output }.into(),
			Action::Commit { job, commitment } =>
				pallet_proof_of_compute::Call::<T>::commit_result { job, commitment }.into(),
			Action::Decline { job } => pallet_jobs::Call::<T>::decline_job { job }.into(),
			Action::Abstain { job } => pallet_proof_of_compute::Call::<T>::abstain_audit { job }.into(),
			Action::CommitVerdict { job, commitment } =>
				pallet_proof_of_compute::Call::<T>::commit_verdict { job, commitment }.into(),
			Action::Verdict { job, verdict, salt } =>
				pallet_proof_of_compute::Call::<T>::submit_verdict { job, verdict, salt }.into(),
			Action::Heartbeat => pallet_providers::Call::<T>::heartbeat {}.into(),
		}
	}

	/// One transaction with every planned call; progress is recorded only once it is in the
	/// pool, so a refused transaction is planned again next block.
	fn send(public: &<T as SigningTypes>::Public, account: &T::AccountId, plans: Vec<Plan<T>>) {
		if plans.is_empty() {
			return;
		}
		let signer = Signer::<T, <T as Config>::AuthorityId>::all_accounts().with_filter(vec![public.clone()]);
		let mut records = Vec::new();
		let mut calls: Vec<<T as pallet_utility::Config>::RuntimeCall> = Vec::new();
		for plan in plans {
			records.extend(plan.record);
			calls.push(Self::call(plan.action).into());
		}
		let count = calls.len();
		let results = signer.send_signed_transaction(|_| pallet_utility::Call::<T>::force_batch { calls: calls.clone() });
		if !results.iter().any(|(_, r)| r.is_ok()) {
			log::warn!(target: LOG_TARGET, "could not send {count} call(s) for {account:?}");
			return;
		}
		log::debug!(target: LOG_TARGET, "sent {count} call(s) for {account:?}");
		for (role, job, record) in records {
			progress::set(role, job, account, &record);
		}
	}
}
