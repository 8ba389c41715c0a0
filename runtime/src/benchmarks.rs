//! The pallets whose benchmarks the node's `benchmark pallet` command can run.

frame_benchmarking::define_benchmarks!(
	[frame_system, SystemBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_timestamp, Timestamp]
	[pallet_utility, Utility]
	[pallet_proxy, Proxy]
	[pallet_multisig, Multisig]
	[pallet_preimage, Preimage]
	[pallet_scheduler, Scheduler]
	[pallet_referenda, Referenda]
	[pallet_conviction_voting, ConvictionVoting]
	[pallet_treasury, Treasury]
	[pallet_collective, TechnicalCommittee]
	[pallet_membership, TechnicalMembership]
	[pallet_whitelist, Whitelist]
	[pallet_sudo, Sudo]
	[pallet_providers, Providers]
	[pallet_jobs, Jobs]
	[pallet_proof_of_compute, ProofOfCompute]
	[pallet_data_dao, DataDao]
);

pub use crate::{
	Balances, DataDao, Jobs, ProofOfCompute, ConvictionVoting, Multisig, Preimage, Providers, Proxy, Referenda, Runtime, Scheduler, Sudo,
	TechnicalCommittee, TechnicalMembership, Timestamp, Treasury, Utility, Whitelist,
};
