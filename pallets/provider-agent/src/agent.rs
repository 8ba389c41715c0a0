//! One off-chain worker run: for each local provider key, talk to the GPU worker and send at
//! most one signed transaction.

use crate::{
	pallet::*,
	progress::{self, Progress, Role},
	worker_api,
};
use alloc::{string::String, vec, vec::Vec};
use codec::Encode;
use frame_support::{traits::Get, BoundedVec};
use frame_system::{
	offchain::{AppCrypto, SendSignedTransaction, Signer, SigningTypes},
	pallet_prelude::BlockNumberFor,
};
use pallet_jobs::{InputRef, JobId, JobState};
use pallet_proof_of_compute::{commitment_of, Commitment, OutputRef, Phase, Verdict};
use sp_runtime::{
	offchain::{
		storage_lock::{StorageLock, Time},
		Duration, StorageKind,
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

/// A transaction the agent wants to send, most urgent first.
enum Action<T: Config> {
	Reveal { job: JobId, digest: Digest, salt: [u8; 32], output: pallet_proof_of_compute::OutputOf<T> },
	Commit { job: JobId, commitment: Commitment },
	Verdict { job: JobId, verdict: Verdict },
	Heartbeat,
}

impl<T: Config> Action<T> {
	fn urgency(&self) -> u8 {
		match self {
			Action::Reveal { .. } => 0,
			Action::Commit { .. } => 1,
			Action::Verdict { .. } => 2,
			Action::Heartbeat => 3,
		}
	}
}

/// An action and the progress record to store once it is sent.
struct Plan<T: Config> {
	action: Action<T>,
	record: Option<(Role, JobId, Progress)>,
}

impl<T: Config> Pallet<T> {
	pub(crate) fn run(now: BlockNumberFor<T>) {
		let Some(url) = sp_io::offchain::local_storage_get(
			StorageKind::PERSISTENT,
			tensorgrid_primitives::GPU_WORKER_URL_KEY,
		)
		.and_then(|raw| String::from_utf8(raw).ok()) else {
			return;
		};
		// Two runs (two blocks imported quickly) must not both act.
		let mut lock = StorageLock::<Time>::with_deadline(b"tensorgrid/agent/lock", Duration::from_millis(30_000));
		let Ok(_guard) = lock.try_lock() else { return };
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
			let account = public.clone().into_account();
			let Some(provider) = pallet_providers::Providers::<T>::get(&account) else { continue };
			let mut plans: Vec<Plan<T>> = Vec::new();
			let mut just_posted: Vec<(Role, JobId)> = Vec::new();
			for job in pallet_jobs::ProviderJobs::<T>::get(&account) {
				let mut posted = false;
				plans.extend(Self::provider_step(&url, block, job, &account, &mut posted));
				if posted {
					just_posted.push((Role::Provider, job));
				}
			}
			for job in pallet_proof_of_compute::VerifierAudits::<T>::get(&account) {
				let mut posted = false;
				plans.extend(Self::verifier_step(&url, block, job, &account, &mut posted));
				if posted {
					just_posted.push((Role::Verifier, job));
				}
			}
			// Small jobs are done within moments: look once more before this block's
			// transaction goes out rather than a block later.
			if !just_posted.is_empty() {
				sp_io::offchain::sleep_until(sp_io::offchain::timestamp().add(Duration::from_millis(POLL_DELAY_MS)));
				for (role, job) in just_posted {
					let mut posted = false;
					plans.extend(match role {
						Role::Provider => Self::provider_step(&url, block, job, &account, &mut posted),
						Role::Verifier => Self::verifier_step(&url, block, job, &account, &mut posted),
					});
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

	/// The job's spec and inputs as the GPU worker takes them.
	fn job_for_worker(job: JobId) -> Option<(Vec<u8>, Vec<Vec<u8>>)> {
		let info = pallet_jobs::Jobs::<T>::get(job)?;
		let mut inputs = Vec::new();
		for input in pallet_jobs::JobInputs::<T>::get(job)? {
			inputs.push(match input {
				InputRef::Inline(bytes) => bytes.into_inner(),
				InputRef::Artifact(hash) => pallet_jobs::ArtifactData::<T>::get(hash)?.into_inner(),
			});
		}
		Some((info.spec.encode(), inputs))
	}

	fn post(url: &str, job: JobId, chain_id: u64) -> Option<Vec<u8>> {
		let (spec, inputs) = Self::job_for_worker(job)?;
		match worker_api::submit(url, chain_id, &spec, &inputs) {
			Ok(id) => Some(id),
			Err(()) => {
				log::warn!(target: LOG_TARGET, "could not post job {job} to the GPU worker at {url}");
				None
			},
		}
	}

	/// The digest of a finished worker job; `Err` when it failed or is unknown (resubmit).
	fn poll(url: &str, worker_id: &[u8]) -> Result<Option<Digest>, ()> {
		match worker_api::status(url, worker_id) {
			Ok(Some(s)) if s.state == "succeeded" => Ok(s.digest.as_deref().and_then(worker_api::digest_from_hex)),
			Ok(Some(s)) if s.state == "queued" || s.state == "running" => Ok(None),
			Ok(_) => Err(()),
			// The worker is unreachable: try again next block.
			Err(()) => Ok(None),
		}
	}

	/// The next transaction for an assigned job, if one is due; sets `posted` when the job
	/// went to the worker.
	fn provider_step(
		url: &str,
		block: u32,
		job: JobId,
		account: &T::AccountId,
		posted: &mut bool,
	) -> Option<Plan<T>> {
		let info = pallet_jobs::Jobs::<T>::get(job)?;
		let slot = info.slots.iter().find(|s| &s.provider == account)?;
		let record = progress::get(Role::Provider, job, account);
		if info.state.awaits_providers() && !slot.committed {
			match record {
				None | Some(Progress::Revealed { .. }) => {
					if let Some(worker_id) = Self::post(url, job, job) {
						progress::set(Role::Provider, job, account, &Progress::Submitted { worker_id });
						*posted = true;
					}
					None
				},
				Some(Progress::Submitted { worker_id }) => match Self::poll(url, &worker_id) {
					Ok(Some(digest)) => {
						let salt = sp_io::offchain::random_seed();
						let commitment = commitment_of(&digest, account, &salt);
						Some(Plan {
							action: Action::Commit { job, commitment },
							record: Some((Role::Provider, job, Progress::Sent { worker_id, digest, salt, at: block })),
						})
					},
					Ok(None) => None,
					Err(()) => {
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
				Progress::Sent { worker_id, digest, salt, .. } => (digest, salt, Self::output_ref(url, &worker_id, digest)),
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

	/// The output inline when it fits, else by hash.
	fn output_ref(url: &str, worker_id: &[u8], digest: Digest) -> pallet_proof_of_compute::OutputOf<T> {
		let max = <T as pallet_proof_of_compute::Config>::MaxInlineOutput::get() as usize;
		match worker_api::output(url, worker_id) {
			Ok(bytes) if bytes.len() <= max && digest_of(&bytes) == digest =>
				OutputRef::Inline(BoundedVec::truncate_from(bytes)),
			_ => OutputRef::Artifact(digest),
		}
	}

	/// The verdict for an audit, if one is due; sets `posted` when the job went to the worker.
	fn verifier_step(
		url: &str,
		block: u32,
		job: JobId,
		account: &T::AccountId,
		posted: &mut bool,
	) -> Option<Plan<T>> {
		let round = pallet_proof_of_compute::Rounds::<T>::get(job)?;
		if !matches!(round.phase, Phase::Auditing { .. }) {
			return None;
		}
		let slot = round.verifiers.iter().find(|v| &v.verifier == account)?;
		if slot.verdict.is_some() {
			return None;
		}
		match progress::get(Role::Verifier, job, account) {
			None | Some(Progress::Revealed { .. }) => {
				if let Some(worker_id) = Self::post(url, job, job | VERIFIER_ID_BIT) {
					progress::set(Role::Verifier, job, account, &Progress::Submitted { worker_id });
					*posted = true;
				}
				None
			},
			Some(Progress::Submitted { worker_id }) => match Self::poll(url, &worker_id) {
				Ok(Some(digest)) => Some(Plan {
					action: Action::Verdict { job, verdict: Verdict::Recomputed(digest) },
					record: Some((Role::Verifier, job, Progress::Sent { worker_id, digest, salt: [0; 32], at: block })),
				}),
				Ok(None) => None,
				Err(()) => {
					progress::clear(Role::Verifier, job, account);
					None
				},
			},
			Some(Progress::Sent { worker_id, digest, at, .. }) if block > at.saturating_add(RESEND_AFTER) => Some(Plan {
				action: Action::Verdict { job, verdict: Verdict::Recomputed(digest) },
				record: Some((Role::Verifier, job, Progress::Sent { worker_id, digest, salt: [0; 32], at: block })),
			}),
			Some(Progress::Sent { .. }) => None,
		}
	}

	fn call(action: Action<T>) -> T::AgentCall {
		match action {
			Action::Reveal { job, digest, salt, output } =>
				pallet_proof_of_compute::Call::<T>::reveal_result { job, result_digest: digest, salt, output }.into(),
			Action::Commit { job, commitment } =>
				pallet_proof_of_compute::Call::<T>::commit_result { job, commitment }.into(),
			Action::Verdict { job, verdict } =>
				pallet_proof_of_compute::Call::<T>::submit_verdict { job, verdict }.into(),
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
