//! Job submission and cancellation: validation against the kernel registry, escrow.

use crate::{
	pallet::*,
	traits::{AccessRequest, DataAccess, JobHooks},
	types::*,
};
use alloc::vec::Vec;
use frame_support::{pallet_prelude::*, traits::fungible::MutateHold, BoundedVec};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::{CheckedAdd, CheckedMul, Saturating, UniqueSaturatedInto, Zero};
use tensorgrid_primitives::{digest_of, Digest, KernelSpec, SpecError};

impl<T: Config> From<SpecError> for Error<T> {
	fn from(e: SpecError) -> Self {
		match e {
			SpecError::EmptyTensor => Error::EmptyTensor,
			SpecError::DimensionTooLarge => Error::DimensionTooLarge,
			SpecError::ReductionTooLong => Error::ReductionTooLong,
			SpecError::TensorTooLarge => Error::TensorTooLarge,
			SpecError::TooMuchWork => Error::TooMuchWork,
			SpecError::ExceedsWorkerMemory => Error::ExceedsWorkerMemory,
			SpecError::NoLayers => Error::NoLayers,
			SpecError::BadMultiplier => Error::BadMultiplier,
			SpecError::BadShift => Error::BadShift,
			SpecError::BadConvolution => Error::BadConvolution,
			SpecError::BadSteps => Error::BadSteps,
		}
	}
}

/// What a valid submission costs.
pub(crate) struct Escrow<Balance> {
	pub work_units: u64,
	pub verification_fee: Balance,
	pub total: Balance,
}

impl<T: Config> Pallet<T> {
	/// `max_price × work_units` in the balance type.
	pub(crate) fn slot_cost(
		price: BalanceOf<T>,
		work_units: u64,
	) -> Result<BalanceOf<T>, Error<T>> {
		let units = BalanceOf::<T>::try_from(work_units).map_err(|_| Error::<T>::Overflow)?;
		price.checked_mul(&units).ok_or(Error::<T>::Overflow)
	}

	/// Escrow of a job: replicas at the maximum price plus the verification fee (what the
	/// settlement pallet needs to pay an audit's verifiers for re-running the job).
	pub(crate) fn escrow_for(
		spec: &KernelSpec,
		replicas: u32,
		max_price: BalanceOf<T>,
	) -> Result<Escrow<BalanceOf<T>>, Error<T>> {
		let work_units = spec.work_units();
		let slot = Self::slot_cost(max_price, work_units)?;
		let base = slot.checked_mul(&replicas.into()).ok_or(Error::<T>::Overflow)?;
		let fee = T::Settlement::verification_fee(slot.unique_saturated_into());
		let verification_fee = BalanceOf::<T>::try_from(fee).map_err(|_| Error::<T>::Overflow)?;
		let total = base.checked_add(&verification_fee).ok_or(Error::<T>::Overflow)?;
		Ok(Escrow { work_units, verification_fee, total })
	}

	/// Storage deposit of a job: the base plus every inline input byte (artifacts already
	/// hold their own deposit).
	pub(crate) fn deposit_for(inputs: &InputsOf<T>) -> Result<BalanceOf<T>, Error<T>> {
		let inline: u32 = inputs
			.iter()
			.map(|i| match i {
				InputRef::Inline(bytes) => bytes.len() as u32,
				InputRef::Artifact(_) | InputRef::Dataset(_) | InputRef::JobOutput(_) | InputRef::Output(_) => 0,
			})
			.sum();
		T::JobByteDeposit::get()
			.checked_mul(&inline.into())
			.and_then(|b| b.checked_add(&T::JobBaseDeposit::get()))
			.ok_or(Error::<T>::Overflow)
	}

	/// Check `inputs` against the sizes `spec` reads (named artifacts and dataset items must
	/// exist), and name each job output by its digest: `JobOutput(id)` becomes
	/// `Output(digest)`.
	fn check_inputs(spec: &KernelSpec, inputs: InputsOf<T>) -> Result<InputsOf<T>, DispatchError> {
		let sizes = spec.input_sizes();
		ensure!(sizes.len() == inputs.len(), Error::<T>::WrongInputCount);
		let mut resolved = Vec::with_capacity(inputs.len());
		for (input, expected) in inputs.into_iter().zip(sizes) {
			let (len, input) = match input {
				InputRef::Inline(bytes) => (bytes.len() as u64, InputRef::Inline(bytes)),
				InputRef::Artifact(hash) =>
					(Artifacts::<T>::get(hash).ok_or(Error::<T>::MissingArtifact)?.len as u64, InputRef::Artifact(hash)),
				InputRef::Dataset(d) => (T::DataAccess::item_len(&d)?, InputRef::Dataset(d)),
				InputRef::JobOutput(id) => {
					let job = Jobs::<T>::get(id).ok_or(Error::<T>::UnsettledJobOutput)?;
					let digest = job
						.result_digest
						.filter(|_| job.state == JobState::Settled)
						.ok_or(Error::<T>::UnsettledJobOutput)?;
					(job.spec.output_size(), InputRef::Output(digest))
				},
				InputRef::Output(_) => return Err(Error::<T>::OutputByHash.into()),
			};
			ensure!(len == expected, Error::<T>::InputSizeMismatch);
			resolved.push(input);
		}
		// As many entries as came in: within the bound.
		Ok(BoundedVec::truncate_from(resolved))
	}

	/// The data-DAO terms of a job whose inputs name a dataset (`None` for one that does
	/// not): every dataset input under one grant, the other inputs as its parameters.
	fn authorize_access(
		who: &T::AccountId,
		spec: &KernelSpec,
		inputs: &InputsOf<T>,
		work_units: u64,
	) -> Result<Option<AccessTicket<T::AccountId, BalanceOf<T>>>, DispatchError> {
		let datasets: Vec<DatasetInput> = inputs
			.iter()
			.filter_map(|i| match i {
				InputRef::Dataset(d) => Some(*d),
				_ => None,
			})
			.collect();
		let Some(first) = datasets.first() else { return Ok(None) };
		ensure!(
			datasets.iter().all(|d| d.dao == first.dao && d.grant == first.grant),
			Error::<T>::MixedDatasets
		);
		let params: Vec<Digest> = inputs
			.iter()
			.filter_map(|i| match i {
				InputRef::Inline(bytes) => Some(digest_of(bytes)),
				InputRef::Artifact(hash) | InputRef::Output(hash) => Some(*hash),
				InputRef::Dataset(_) | InputRef::JobOutput(_) => None,
			})
			.collect();
		let dataset_positions = inputs
			.iter()
			.enumerate()
			.filter(|(_, i)| matches!(i, InputRef::Dataset(_)))
			.fold(0u32, |bits, (n, _)| bits | 1u32.checked_shl(n as u32).unwrap_or(0));
		T::DataAccess::authorize(AccessRequest {
			submitter: who,
			kernel: spec.kernel_id(),
			spec_hash: sp_io::hashing::blake2_256(&codec::Encode::encode(spec)),
			dataset_positions,
			datasets: &datasets,
			params: &params,
			work_units,
			output_bytes: spec.output_size(),
		})
		.map(Some)
	}

	pub(crate) fn do_submit(
		who: T::AccountId,
		spec: KernelSpec,
		inputs: InputsOf<T>,
		replicas: u32,
		max_price_per_unit: BalanceOf<T>,
		deadline: BlockNumberFor<T>,
	) -> Result<JobId, DispatchError> {
		ensure!(replicas > 0, Error::<T>::ZeroReplicas);
		ensure!(replicas <= T::MaxReplicas::get(), Error::<T>::TooManyReplicas);
		ensure!(!max_price_per_unit.is_zero(), Error::<T>::ZeroPrice);
		spec.validate().map_err(Error::<T>::from)?;
		let params = Parameters::<T>::get();
		ensure!(params.kernel_enabled(spec.kernel_id()), Error::<T>::KernelDisabled);
		let now = Self::now();
		ensure!(deadline > now, Error::<T>::DeadlineInPast);
		ensure!(deadline >= now.saturating_add(params.commit_window), Error::<T>::DeadlineTooSoon);
		ensure!(deadline <= now.saturating_add(params.max_job_duration), Error::<T>::DeadlineTooFar);
		let inputs = Self::check_inputs(&spec, inputs)?;
		let mut escrow = Self::escrow_for(&spec, replicas, max_price_per_unit)?;
		let deposit = Self::deposit_for(&inputs)?;
		ensure!(
			OpenJobs::<T>::get(&who) < T::MaxOpenJobsPerSubmitter::get(),
			Error::<T>::TooManyOpenJobs
		);
		// Last of the checks: it takes from the grant's budgets (undone if a later step
		// fails, as the whole call is).
		let access = Self::authorize_access(&who, &spec, &inputs, escrow.work_units)?;
		if let Some(ticket) = &access {
			escrow.total = escrow.total.checked_add(&ticket.fee).ok_or(Error::<T>::Overflow)?;
		}

		let id = NextJobId::<T>::get();
		NextJobId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		SubmitterJobs::<T>::try_append(&who, id).map_err(|_| Error::<T>::TooManyJobs)?;
		PendingQueue::<T>::try_append(id).map_err(|_| Error::<T>::QueueFull)?;
		// Fires the block after the deadline: a commit in the deadline block still counts.
		let deadline_timer =
			Self::schedule(deadline.saturating_add(1u32.into()), id, TimerKind::Deadline)?;
		T::Currency::hold(&HoldReason::JobEscrow.into(), &who, escrow.total)
			.map_err(|_| Error::<T>::InsufficientBalance)?;
		T::Currency::hold(&HoldReason::JobDeposit.into(), &who, deposit)
			.map_err(|_| Error::<T>::InsufficientBalance)?;
		TotalEscrow::<T>::try_mutate(|t| {
			*t = t.checked_add(&escrow.total).ok_or(Error::<T>::Overflow)?;
			Ok::<_, Error<T>>(())
		})?;
		Self::reference_artifacts(&inputs, true);
		OpenJobs::<T>::mutate(&who, |open| *open += 1);

		let kernel = spec.kernel_id();
		Jobs::<T>::insert(
			id,
			JobOf::<T> {
				submitter: who.clone(),
				spec,
				replicas,
				max_price_per_unit,
				work_units: escrow.work_units,
				escrow: escrow.total,
				deposit,
				verification_fee: escrow.verification_fee,
				paid: Zero::zero(),
				refunded: Zero::zero(),
				submitted_at: now,
				deadline,
				deadline_timer,
				state: JobState::Pending,
				slots: BoundedVec::new(),
				dropped: BoundedVec::new(),
				result_digest: None,
				finished_at: None,
			},
		);
		JobInputs::<T>::insert(id, inputs);
		if let Some(ticket) = access {
			JobAccess::<T>::insert(id, ticket);
		}
		Self::emit(Event::JobSubmitted {
			job: id,
			submitter: who,
			kernel,
			replicas,
			work_units: escrow.work_units,
			escrow: escrow.total,
			deadline,
		});
		Ok(id)
	}

	pub(crate) fn do_cancel(who: T::AccountId, id: JobId) -> DispatchResult {
		let mut job = Jobs::<T>::get(id).ok_or(Error::<T>::JobNotFound)?;
		ensure!(job.submitter == who, Error::<T>::NotSubmitter);
		ensure!(job.state == JobState::Pending && job.slots.is_empty(), Error::<T>::NotCancellable);
		let refund = Self::conclude(id, &mut job, JobState::Cancelled)?;
		Jobs::<T>::insert(id, job);
		Self::emit(Event::JobCancelled { job: id, refund });
		Ok(())
	}

	pub(crate) fn do_decline(who: T::AccountId, id: JobId) -> DispatchResult {
		let mut job = Jobs::<T>::get(id).ok_or(Error::<T>::JobNotFound)?;
		ensure!(job.state.awaits_providers(), Error::<T>::WrongState);
		let index = job.slot_of(&who).ok_or(Error::<T>::NotAssigned)?;
		ensure!(!job.slots[index].committed, Error::<T>::AlreadyCommitted);
		let now = Self::now();
		ensure!(now <= job.slots[index].commit_deadline, Error::<T>::CommitDeadlinePassed);
		let slot = job.slots.remove(index);
		Self::unassign(id, &who, slot.collateral);
		// Once full, a decliner may be drawn again; it declines again.
		let _ = job.dropped.try_push(who.clone());
		Self::emit(Event::JobDeclined { job: id, provider: who });
		Self::resolve_open_slots(id, &mut job, now)?;
		let committed = job.state == JobState::Committed;
		Jobs::<T>::insert(id, job);
		if committed {
			T::Settlement::on_committed(id);
		}
		Ok(())
	}
}
