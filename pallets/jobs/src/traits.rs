//! How the settlement pallet (proof of compute) and the jobs pallet reach each other.
//! Jobs knows nothing of how results are verified: it hands a job over once every slot
//! has committed, and takes back payouts and the final outcome.

use crate::types::*;
use sp_runtime::{DispatchError, DispatchResult};
use sp_runtime::Weight;

/// What the jobs pallet offers to the settlement pallet.
pub trait JobsInterface<AccountId, Balance, BlockNumber> {
	/// Read a job.
	fn job(id: JobId) -> Option<JobView<AccountId, Balance, BlockNumber>>;

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

/// Sets up providers for the benchmarks (the runtime registers them in pallet-providers).
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId, Balance> {
	/// Fund `who` and register it as an online provider of every kernel at `price`.
	fn register_provider(who: &AccountId, price: Balance);

	/// Most providers that can be registered (the matcher's worst case).
	fn max_providers() -> u32;
}
