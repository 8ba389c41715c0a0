//! Benchmarks of every call, each at its worst case within the pallet's bounds.

use super::*;
use alloc::{boxed::Box, vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungible::{Inspect, Mutate}, EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use pallet_jobs::{traits::AccessRequest, DatasetInput};
use sp_runtime::{traits::One, Perbill, Saturating};
use tensorgrid_primitives::{Digest, KernelId};

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	let amount = T::DaoDeposit::get()
		.saturating_add(T::ProposalDeposit::get())
		.saturating_mul(1_000u32.into())
		.saturating_add(T::ItemDeposit::get().saturating_mul(10_000u32.into()));
	T::Currency::set_balance(&who, amount);
	who
}

fn rules<T: Config>() -> RulesOf<T> {
	DaoRules {
		voting_period: T::MinVotingPeriod::get(),
		enactment_delay: 0u32.into(),
		quorum: Perbill::from_percent(1),
		approval: Perbill::from_percent(50),
		split: RevenueSplit { contributors: Perbill::from_percent(60), curators: Perbill::from_percent(20) },
		auto_accept: None,
	}
}

fn advance<T: Config>(blocks: u32) {
	let now = frame_system::Pallet::<T>::block_number();
	frame_system::Pallet::<T>::set_block_number(now.saturating_add(blocks.into()));
}

fn item_hash(n: u32) -> Digest {
	sp_io::hashing::blake2_256(&n.to_le_bytes())
}

/// A DAO by `founder` with the most curators (so reviews and curator pools are largest).
fn dao_with_curators<T: Config>(founder: &T::AccountId) -> DaoId {
	let curators: Vec<T::AccountId> =
		(1..T::MaxCurators::get()).map(|i| funded::<T>("curator", i)).collect();
	Pallet::<T>::do_create_dao(founder.clone(), rules::<T>(), 1_000, BoundedVec::truncate_from(curators))
		.expect("creates")
}

/// Accept `n` items from `who` through `apply`, as a vote would.
fn accept_items<T: Config>(dao: DaoId, who: &T::AccountId, n: u32) {
	let mut batch = Vec::new();
	for i in 0..n {
		let hash = item_hash(1_000_000 + i);
		Pallet::<T>::do_contribute(who.clone(), dao, hash, 4_096).expect("contributes");
		batch.push((hash, 3u8));
	}
	for chunk in batch.chunks(T::MaxBatch::get() as usize) {
		Pallet::<T>::apply(dao, DaoAction::AcceptContributions(BoundedVec::truncate_from(chunk.to_vec())))
			.expect("accepts");
	}
}

fn grant_terms<T: Config>(version: VersionId) -> GrantTermsOf<T> {
	GrantTerms {
		grantee: None,
		version,
		kernels: BoundedVec::truncate_from(KernelId::ALL.to_vec()),
		spec: None,
		layout: None,
		params: ParamRule::Only(BoundedVec::truncate_from(
			(0..T::MaxParamsPerGrant::get()).map(|i| item_hash(9_000 + i)).collect(),
		)),
		max_work_units: u64::MAX / 2,
		max_output_bytes: u64::MAX / 2,
		price_per_unit: 1u32.into(),
		expires_at: frame_system::Pallet::<T>::block_number().saturating_add(1_000u32.into()),
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn create_dao(c: Linear<0, { T::MaxCurators::get() - 1 }>) {
		let founder = funded::<T>("founder", 0);
		let curators: Vec<T::AccountId> = (1..=c).map(|i| funded::<T>("curator", i)).collect();
		#[extrinsic_call]
		_(RawOrigin::Signed(founder), rules::<T>(), 1_000, BoundedVec::truncate_from(curators));
		assert_eq!(NextDaoId::<T>::get(), 1);
	}

	#[benchmark]
	fn contribute() {
		let founder = funded::<T>("founder", 0);
		let dao = dao_with_curators::<T>(&founder);
		accept_items::<T>(dao, &founder, 3);
		// The worst case accepts at once: a new leaf, shares and a version.
		Daos::<T>::mutate(dao, |d| {
			d.as_mut().unwrap().rules.auto_accept = Some(AutoAccept { max_item_bytes: u64::MAX, rating: 5 })
		});
		// A member: only members' items are accepted automatically.
		#[extrinsic_call]
		_(RawOrigin::Signed(founder), dao, item_hash(1), 1 << 30);
		assert_eq!(Daos::<T>::get(dao).unwrap().items, 4);
	}

	#[benchmark]
	fn withdraw_contribution() {
		let founder = funded::<T>("founder", 0);
		let dao = dao_with_curators::<T>(&founder);
		let who = funded::<T>("contributor", 0);
		Pallet::<T>::do_contribute(who.clone(), dao, item_hash(1), 100).unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(who), dao, item_hash(1));
		assert!(Items::<T>::get(dao, item_hash(1)).is_none());
	}

	#[benchmark]
	fn review() {
		let founder = funded::<T>("founder", 0);
		let dao = dao_with_curators::<T>(&founder);
		let who = funded::<T>("contributor", 0);
		Pallet::<T>::do_contribute(who.clone(), dao, item_hash(1), 4_096).unwrap();
		let curators = Daos::<T>::get(dao).unwrap().curators;
		let majority = curators.len() / 2 + 1;
		// Every review but the deciding one is in; the last accepts the item.
		for c in curators.iter().take(majority - 1) {
			Pallet::<T>::do_review(c.clone(), dao, item_hash(1), 4).unwrap();
		}
		let last = curators[majority - 1].clone();
		#[extrinsic_call]
		_(RawOrigin::Signed(last), dao, item_hash(1), 5);
		assert_eq!(Daos::<T>::get(dao).unwrap().items, 1);
	}

	#[benchmark]
	fn propose() {
		let founder = funded::<T>("founder", 0);
		let dao = dao_with_curators::<T>(&founder);
		accept_items::<T>(dao, &founder, 1);
		advance::<T>(1);
		let action = DaoAction::Grant(grant_terms::<T>(1));
		#[extrinsic_call]
		_(RawOrigin::Signed(founder), dao, Box::new(action));
		assert_eq!(Daos::<T>::get(dao).unwrap().open_proposals, 1);
	}

	#[benchmark]
	fn vote() {
		let founder = funded::<T>("founder", 0);
		let dao = dao_with_curators::<T>(&founder);
		advance::<T>(1);
		Pallet::<T>::do_propose(founder.clone(), dao, DaoAction::AddCurator(funded::<T>("x", 0))).unwrap();
		advance::<T>(1);
		// Changing a vote is the worst case: the old one is taken off first.
		Pallet::<T>::do_vote(founder.clone(), dao, 0, false).unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(founder), dao, 0, true);
		assert_eq!(Proposals::<T>::get(dao, 0).unwrap().ayes, 1_000);
	}

	#[benchmark]
	fn close_proposal() {
		let founder = funded::<T>("founder", 0);
		let dao = dao_with_curators::<T>(&founder);
		Daos::<T>::mutate(dao, |d| d.as_mut().unwrap().rules.enactment_delay = One::one());
		advance::<T>(1);
		Pallet::<T>::do_propose(founder.clone(), dao, DaoAction::AddCurator(funded::<T>("x", 0))).unwrap();
		advance::<T>(1);
		Pallet::<T>::do_vote(founder.clone(), dao, 0, true).unwrap();
		let period: BlockNumberFor<T> = Daos::<T>::get(dao).unwrap().rules.voting_period;
		frame_system::Pallet::<T>::set_block_number(
			frame_system::Pallet::<T>::block_number().saturating_add(period).saturating_add(One::one()),
		);
		#[extrinsic_call]
		_(RawOrigin::Signed(founder), dao, 0);
		assert!(matches!(Proposals::<T>::get(dao, 0).unwrap().status, ProposalStatus::Approved { .. }));
	}

	/// The heaviest action: accepting a full batch of contributions, each minting shares
	/// for a different contributor.
	#[benchmark]
	fn execute_worst_case() {
		let founder = funded::<T>("founder", 0);
		let dao = dao_with_curators::<T>(&founder);
		Daos::<T>::mutate(dao, |d| d.as_mut().unwrap().rules.enactment_delay = One::one());
		let mut batch = Vec::new();
		for i in 0..T::MaxBatch::get() {
			let who = funded::<T>("contributor", i);
			Pallet::<T>::do_contribute(who, dao, item_hash(i), 1 << 30).unwrap();
			batch.push((item_hash(i), 5u8));
		}
		advance::<T>(1);
		Pallet::<T>::do_propose(founder.clone(), dao, DaoAction::AcceptContributions(BoundedVec::truncate_from(batch)))
			.unwrap();
		advance::<T>(1);
		Pallet::<T>::do_vote(founder.clone(), dao, 0, true).unwrap();
		let period: BlockNumberFor<T> = Daos::<T>::get(dao).unwrap().rules.voting_period;
		frame_system::Pallet::<T>::set_block_number(
			frame_system::Pallet::<T>::block_number().saturating_add(period).saturating_add(One::one()),
		);
		Pallet::<T>::do_close(dao, 0).unwrap();
		advance::<T>(1);
		#[extrinsic_call]
		execute_proposal(RawOrigin::Signed(founder), dao, 0);
		assert_eq!(Daos::<T>::get(dao).unwrap().items, T::MaxBatch::get() as u64);
	}

	#[benchmark]
	fn remove_vote() {
		let founder = funded::<T>("founder", 0);
		let dao = dao_with_curators::<T>(&founder);
		advance::<T>(1);
		Pallet::<T>::do_propose(founder.clone(), dao, DaoAction::AddCurator(funded::<T>("x", 0))).unwrap();
		advance::<T>(1);
		Pallet::<T>::do_vote(founder.clone(), dao, 0, true).unwrap();
		let period: BlockNumberFor<T> = Daos::<T>::get(dao).unwrap().rules.voting_period;
		frame_system::Pallet::<T>::set_block_number(
			frame_system::Pallet::<T>::block_number().saturating_add(period).saturating_add(One::one()),
		);
		Pallet::<T>::do_close(dao, 0).unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(founder.clone()), dao, 0);
		assert!(Votes::<T>::get((dao, 0), &founder).is_none());
	}

	#[benchmark]
	fn claim() {
		let founder = funded::<T>("founder", 0);
		let dao = dao_with_curators::<T>(&founder);
		let account = Pallet::<T>::dao_account(dao);
		let amount: BalanceOf<T> = T::ProposalDeposit::get().saturating_mul(100u32.into());
		T::Currency::set_balance(&account, amount.saturating_add(T::Currency::minimum_balance()));
		Pallet::<T>::receive_revenue(dao, sp_runtime::traits::UniqueSaturatedInto::unique_saturated_into(amount))
			.unwrap();
		// The founder is member and curator: both pools pay.
		#[extrinsic_call]
		_(RawOrigin::Signed(founder.clone()), dao);
		assert_eq!(Pallet::<T>::claimable(dao, &founder), 0);
	}

	#[benchmark]
	fn remove_expired_grant() {
		let founder = funded::<T>("founder", 0);
		let dao = dao_with_curators::<T>(&founder);
		accept_items::<T>(dao, &founder, 1);
		Pallet::<T>::apply(dao, DaoAction::Grant(grant_terms::<T>(1))).unwrap();
		advance::<T>(1_000);
		#[extrinsic_call]
		_(RawOrigin::Signed(founder), dao, 0);
		assert_eq!(Daos::<T>::get(dao).unwrap().live_grants, 0);
	}

	#[benchmark]
	fn set_frozen() -> Result<(), BenchmarkError> {
		let founder = funded::<T>("founder", 0);
		let dao = dao_with_curators::<T>(&founder);
		let origin = T::FreezeOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, dao, true);
		assert!(Daos::<T>::get(dao).unwrap().frozen);
		Ok(())
	}

	#[benchmark]
	fn offer_custody() {
		let founder = funded::<T>("founder", 0);
		let dao = dao_with_curators::<T>(&founder);
		let provider = funded::<T>("custodian", 0);
		T::BenchmarkHelper::register_provider(&provider);
		Pallet::<T>::do_offer_custody(provider.clone(), dao, true).unwrap();
		Pallet::<T>::apply(dao, DaoAction::AdmitCustodian(provider.clone())).unwrap();
		// The worst case withdraws the offer and steps down.
		#[extrinsic_call]
		_(RawOrigin::Signed(provider.clone()), dao, false);
		assert!(Daos::<T>::get(dao).unwrap().custodians.is_empty());
	}

	/// The jobs pallet's call into this one for a job on a dataset: the item lookups of
	/// every input, the grant check with the longest parameter list, and the custodians.
	#[benchmark]
	fn authorize() {
		let founder = funded::<T>("founder", 0);
		let dao = dao_with_curators::<T>(&founder);
		accept_items::<T>(dao, &founder, 2);
		let custodian = funded::<T>("custodian", 0);
		T::BenchmarkHelper::register_provider(&custodian);
		Pallet::<T>::do_offer_custody(custodian.clone(), dao, true).unwrap();
		Pallet::<T>::apply(dao, DaoAction::AdmitCustodian(custodian)).unwrap();
		Pallet::<T>::apply(dao, DaoAction::Grant(grant_terms::<T>(1))).unwrap();
		let item = ItemAt::<T>::get(dao, 0).unwrap();
		// As many dataset inputs as a job can have (`MaxInputs` of the runtime's jobs pallet).
		let datasets = vec![DatasetInput { dao, grant: 0, item, max_fee_per_unit: u128::MAX }; 17];
		let params: Vec<Digest> = (0..T::MaxParamsPerGrant::get()).map(|i| item_hash(9_000 + i)).collect();
		let buyer = funded::<T>("buyer", 0);
		#[block]
		{
			use pallet_jobs::traits::DataAccess;
			for d in &datasets {
				Pallet::<T>::item_len(d).unwrap();
			}
			Pallet::<T>::do_authorize(AccessRequest {
				submitter: &buyer,
				kernel: KernelId::MatmulI8,
				spec_hash: [0; 32],
				dataset_positions: (1 << 17) - 1,
				datasets: &datasets,
				params: &params,
				work_units: 1,
				output_bytes: 1,
			})
			.unwrap();
			let ticket = pallet_jobs::AccessTicket {
				dao,
				grant: 0,
				recipient: Pallet::<T>::dao_account(dao),
				fee: 1u32.into(),
				work_units: 1,
				output_bytes: 1,
			};
			assert_eq!(Pallet::<T>::custodians(&ticket).len(), 1);
		}
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
