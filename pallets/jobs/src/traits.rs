//! How the settlement pallet (proof of compute) and the jobs pallet reach each other.
//! Jobs knows nothing of how results are verified: it hands a job over once every slot
//! has committed, and takes back payouts and the final outcome.

use crate::types::*;
use alloc::vec::Vec;
use sp_runtime::{DispatchError, DispatchResult};
use sp_runtime::Weight;

/// What the jobs pallet offers to the settlement pallet.
pub trait JobsInterface<AccountId, Balance, BlockNumber> {
	/// Read a job.
	fn job(id: JobId) -> Option<JobView<AccountId, Balance, BlockNumber>>;

	/// Whether job `id` reads another job's output: bytes the chain does not hold, which an
	/// honest verifier may fail to obtain (it may abstain from such an audit).
	fn reads_job_output(id: JobId) -> bool;

	/// `who`, assigned to `id`, committed its result. Fails unless `who` holds an
	/// uncommitted slot whose commit deadline has not passed. When the last slot commits,
	/// the job becomes `Committed` and [`JobHooks::on_committed`] runs.
	fn note_commit(id: JobId, who: &AccountId) -> DispatchResult;

	/// Record a verification phase for clients (`Revealed`, `Disputed`).
	fn set_phase(id: JobId, phase: VerificationPhase) -> DispatchResult;

	/// Pay `amount` of the job's escrow to `to` (a provider or a verifier). Fails if the
	/// job is not in verification or the escrow cannot cover it.
	fn pay(id: JobId, to: &AccountId, amount: Balance) -> DispatchResult;

	/// How many unfinished jobs `who` holds a slot of.
	fn assigned_count(who: &AccountId) -> u32;

	/// Finish a job in verification: refund what is left of the escrow, free the
	/// providers' capacity and release its artifacts.
	fn finish(id: JobId, outcome: JobOutcome) -> Result<Balance, DispatchError>;
}

/// What the settlement pallet learns from the jobs pallet.
pub trait JobHooks {
	/// Every slot of `id` committed (or the rest were dropped after the deadline):
	/// verification owns the job now and must finish it. Returns the weight used.
	fn on_committed(id: JobId) -> Weight;

	/// The job's record is being removed; drop anything kept about it.
	fn on_pruned(id: JobId);

	/// The collateral a provider with `free_stake` puts up for a slot that pays
	/// `slot_value`, or `None` when its free stake is too small for the slot (proof of
	/// compute's deterrence rule: a lie's expected loss must exceed its pay).
	fn slot_collateral(slot_value: u128, free_stake: u128) -> Option<u128>;

	/// The verification fee escrowed with a job one of whose slots at the maximum price
	/// pays `slot_value`: enough to pay every verifier of an audit to re-run the job.
	fn verification_fee(slot_value: u128) -> u128;
}

impl JobHooks for () {
	fn on_committed(_: JobId) -> Weight {
		Weight::zero()
	}
	fn on_pruned(_: JobId) {}
	fn slot_collateral(_: u128, _: u128) -> Option<u128> {
		Some(0)
	}
	fn verification_fee(_: u128) -> u128 {
		0
	}
}

/// What a job asks of a data DAO when it reads one of its datasets.
pub struct AccessRequest<'a, AccountId> {
	pub submitter: &'a AccountId,
	pub kernel: tensorgrid_primitives::KernelId,
	/// blake2-256 of the SCALE-encoded `KernelSpec` (shapes, requantization, steps...).
	pub spec_hash: tensorgrid_primitives::Digest,
	/// Bit `i` set: input `i` is a dataset item.
	pub dataset_positions: u32,
	/// The dataset inputs, in input order (all of one DAO and one grant).
	pub datasets: &'a [DatasetInput],
	/// Content hashes of every other input (inline bytes hashed, artifacts by name): the
	/// parameters the job runs with, which a grant may pin.
	pub params: &'a [tensorgrid_primitives::Digest],
	pub work_units: u64,
	pub output_bytes: u64,
}

/// Who may read a dataset, on what terms, and who holds its bytes (implemented by the
/// data-DAO pallet). The jobs pallet escrows the fee with the job and pays or refunds it;
/// it knows nothing else of DAOs.
pub trait DataAccess<AccountId, Balance> {
	/// Byte length of the item `input` names, if it is in the version of `input.grant`;
	/// otherwise the DAO pallet's error (no such grant, item not in that version).
	fn item_len(input: &DatasetInput) -> Result<u64, DispatchError>;

	/// Check a live grant covers `request` and take its work units and output bytes from
	/// the grant's budgets. Fails with the DAO pallet's error otherwise.
	fn authorize(request: AccessRequest<'_, AccountId>) -> Result<AccessTicket<AccountId, Balance>, DispatchError>;

	/// The providers that may run a job under `ticket` (the DAO's custodians).
	fn custodians(ticket: &AccessTicket<AccountId, Balance>) -> Vec<AccountId>;

	/// The job settled and `paid` of its fee reached `ticket.recipient`.
	fn on_settled(ticket: &AccessTicket<AccountId, Balance>, paid: Balance);

	/// The job ended without a result; the fee went back to the submitter. `computed`:
	/// some provider committed a result, so its output bytes stay counted as spent.
	fn on_refunded(ticket: &AccessTicket<AccountId, Balance>, computed: bool);

	/// Upper bound of `item_len` + `authorize` + `custodians` for one job.
	fn authorize_weight() -> Weight;
}

/// No data DAOs: every dataset input is refused.
impl<AccountId, Balance> DataAccess<AccountId, Balance> for () {
	fn item_len(_: &DatasetInput) -> Result<u64, DispatchError> {
		Err(DispatchError::Other("no data DAOs on this chain"))
	}
	fn authorize(_: AccessRequest<'_, AccountId>) -> Result<AccessTicket<AccountId, Balance>, DispatchError> {
		Err(DispatchError::Other("no data DAOs on this chain"))
	}
	fn custodians(_: &AccessTicket<AccountId, Balance>) -> Vec<AccountId> {
		Vec::new()
	}
	fn on_settled(_: &AccessTicket<AccountId, Balance>, _: Balance) {}
	fn on_refunded(_: &AccessTicket<AccountId, Balance>, _: bool) {}
	fn authorize_weight() -> Weight {
		Weight::zero()
	}
}

/// Sets up providers for the benchmarks (the runtime registers them in pallet-providers).
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId, Balance> {
	/// Fund `who` and register it as an online provider of every kernel at `price`.
	fn register_provider(who: &AccountId, price: Balance);

	/// Most providers that can be registered (the matcher's worst case).
	fn max_providers() -> u32;
}
