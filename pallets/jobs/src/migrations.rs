//! Storage migrations of the jobs pallet, one module per storage version.

pub mod v2 {
	//! v1 → v2: each slot records the collateral its provider put up, and the jobs
	//! parameters lose `verification_fee` (the fee is now the settlement pallet's: one slot
	//! at the maximum price per verifier of an audit).
	//!
	//! Slots assigned under v1 reserved no collateral: they are migrated with zero, which
	//! the settlement pallet reads as "risks `slash_fraction` of held stake", the v1 rule.
	//! Their providers' collateral in use stays zero, as the sum of their slots says.

	use crate::{pallet::*, types::*};
	use frame_support::{
		migrations::VersionedMigration,
		pallet_prelude::*,
		traits::UncheckedOnRuntimeUpgrade,
	};
	use frame_system::pallet_prelude::BlockNumberFor;
	use sp_runtime::traits::Zero;
	use tensorgrid_primitives::{Digest, KernelSpec};
	#[cfg(feature = "try-runtime")]
	use alloc::vec::Vec;

	/// The v1 types, as they were encoded.
	pub mod v1 {
		use super::*;

		#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
		pub struct Slot<AccountId, Balance, BlockNumber> {
			pub provider: AccountId,
			pub price_per_unit: Balance,
			pub assigned_at: BlockNumber,
			pub commit_deadline: BlockNumber,
			pub committed: bool,
		}

		#[derive(Encode, Decode, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, TypeInfo, MaxEncodedLen)]
		#[scale_info(skip_type_params(R))]
		#[codec(mel_bound(AccountId: MaxEncodedLen, Balance: MaxEncodedLen, BlockNumber: MaxEncodedLen))]
		pub struct JobInfo<AccountId, Balance, BlockNumber, R: Get<u32>>
		where
			AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
			Balance: Clone + PartialEq + Eq + core::fmt::Debug,
			BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
		{
			pub submitter: AccountId,
			pub spec: KernelSpec,
			pub replicas: u32,
			pub max_price_per_unit: Balance,
			pub work_units: u64,
			pub escrow: Balance,
			pub deposit: Balance,
			pub verification_fee: Balance,
			pub paid: Balance,
			pub refunded: Balance,
			pub submitted_at: BlockNumber,
			pub deadline: BlockNumber,
			pub deadline_timer: BlockNumber,
			pub state: JobState,
			pub slots: BoundedVec<Slot<AccountId, Balance, BlockNumber>, R>,
			pub dropped: BoundedVec<AccountId, R>,
			pub result_digest: Option<Digest>,
			pub finished_at: Option<BlockNumber>,
		}

		#[derive(Encode, Decode, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
		pub struct JobParameters<BlockNumber> {
			pub commit_window: BlockNumber,
			pub max_job_duration: BlockNumber,
			pub retention: BlockNumber,
			pub verification_fee: sp_runtime::Perbill,
			pub missed_commit_slash: sp_runtime::Perbill,
			pub max_pending_age: BlockNumber,
			pub enabled_kernels: u32,
		}
	}

	type OldJobOf<T> = v1::JobInfo<
		<T as frame_system::Config>::AccountId,
		BalanceOf<T>,
		BlockNumberFor<T>,
		<T as Config>::MaxReplicas,
	>;

	fn migrate_job<T: Config>(old: OldJobOf<T>) -> JobOf<T> {
		let slots = old
			.slots
			.into_iter()
			.map(|s| Slot {
				provider: s.provider,
				price_per_unit: s.price_per_unit,
				assigned_at: s.assigned_at,
				commit_deadline: s.commit_deadline,
				committed: s.committed,
				collateral: Zero::zero(),
			})
			.collect::<alloc::vec::Vec<_>>();
		JobInfo {
			submitter: old.submitter,
			spec: old.spec,
			replicas: old.replicas,
			max_price_per_unit: old.max_price_per_unit,
			work_units: old.work_units,
			escrow: old.escrow,
			deposit: old.deposit,
			verification_fee: old.verification_fee,
			paid: old.paid,
			refunded: old.refunded,
			submitted_at: old.submitted_at,
			deadline: old.deadline,
			deadline_timer: old.deadline_timer,
			state: old.state,
			// As many slots as before: the bound is the same.
			slots: BoundedVec::truncate_from(slots),
			dropped: old.dropped,
			result_digest: old.result_digest,
			finished_at: old.finished_at,
		}
	}

	/// The translation itself; run it through [`MigrateV1ToV2`], which checks and bumps
	/// the storage version.
	pub struct InnerMigrateV1ToV2<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV1ToV2<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut jobs = 0u64;
			Jobs::<T>::translate::<OldJobOf<T>, _>(|_, old| {
				jobs += 1;
				Some(migrate_job::<T>(old))
			});
			let _ = Parameters::<T>::translate::<v1::JobParameters<BlockNumberFor<T>>, _>(|old| {
				old.map(|p| JobParameters {
					commit_window: p.commit_window,
					max_job_duration: p.max_job_duration,
					retention: p.retention,
					missed_commit_slash: p.missed_commit_slash,
					max_pending_age: p.max_pending_age,
					enabled_kernels: p.enabled_kernels,
				})
			});
			T::DbWeight::get().reads_writes(jobs + 1, jobs + 1)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			Ok((Jobs::<T>::iter_keys().count() as u64).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let before = u64::decode(&mut &state[..]).map_err(|_| "bad pre-upgrade state")?;
			// Every record decodes as v2 (an undecodable one would be skipped by `iter`).
			ensure!(Jobs::<T>::iter().count() as u64 == before, "a job record was lost");
			ensure!(Parameters::<T>::exists(), "the jobs parameters were lost");
			Ok(())
		}
	}

	/// v1 → v2, run only when the stored version is 1.
	pub type MigrateV1ToV2<T> = VersionedMigration<
		1,
		2,
		InnerMigrateV1ToV2<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
