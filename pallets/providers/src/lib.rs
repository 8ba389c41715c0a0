//! # Providers pallet
//!
//! GPU providers register a hardware profile, a price per work unit and a stake held under
//! [`HoldReason::ProviderStake`]. They keep themselves online with heartbeats, earn
//! reputation for proven results and lose stake for wrong or late ones. Other pallets (jobs,
//! proof of compute) reach providers only through [`ProviderRegistry`].
//!
//! Stake lifecycle: `register` / `bond_extra` hold funds; `unbond` moves an amount into an
//! unbonding chunk that stays held, and slashable, for `unbonding_period` blocks;
//! `withdraw_unbonded` releases unlocked chunks. `deregister` (only with no active jobs)
//! unbonds everything; the record is removed once the last chunk is withdrawn.
//!
//! Parameters (`min_provider_stake`, `unbonding_period`, `heartbeat_window`,
//! `reputation_half_life`) live in storage, start from the `Default*` constants of
//! [`Config`], and change through `set_parameters` from `Config::GovernanceOrigin` (the
//! runtime wires the `market_admin` referendum track and root).
//!
//! Keys: the provider account is cold (register, bond, price, withdraw); it names an
//! operator key with `set_operator` (proved by the key's signature, see [`operator`]) that
//! signs the node's work: commits, reveals, verdicts, declines, heartbeats and `pause`.
//! Until it names one, a provider is its own operator. Earnings and slashes always hit the
//! provider account.
//!
//! Providers are independent of sessions and staking: a validator may also be a provider.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
#[cfg(test)]
mod mock;
mod collateral;
mod draw_view;
pub mod operator;
pub mod reputation;
mod stake;
#[cfg(test)]
mod tests;
pub mod traits;
pub mod types;
pub mod weights;

pub use operator::{operator_proof_payload, OPERATOR_PROOF_TAG};
pub use traits::ProviderRegistry;
pub use types::*;
pub use weights::WeightInfo;

sp_api::decl_runtime_apis! {
	/// Read providers without decoding storage.
	pub trait ProvidersApi<AccountId, Balance, BlockNumber>
	where
		AccountId: codec::Codec,
		Balance: codec::Codec,
		BlockNumber: codec::Codec,
	{
		/// Every registered provider (including those leaving), with its reputation decayed
		/// to the current block.
		fn providers() -> alloc::vec::Vec<ProviderSummary<AccountId, Balance, BlockNumber>>;
		/// One provider, if registered.
		fn provider(who: AccountId) -> Option<ProviderSummary<AccountId, Balance, BlockNumber>>;
	}
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{Inspect, InspectHold, Mutate, MutateHold},
			tokens::{Precision, Preservation},
		},
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::{IdentifyAccount, Saturating, Verify, Zero};
	use tensorgrid_primitives::KernelId;

	/// Balance type of the pallet's currency.
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
	/// The stored profile type.
	pub type ProfileOf<T> = HardwareProfile<<T as Config>::MaxStringLen, <T as Config>::MaxKernels>;
	/// The stored provider record.
	pub type ProviderOf<T> = ProviderInfo<
		BalanceOf<T>,
		BlockNumberFor<T>,
		<T as Config>::MaxStringLen,
		<T as Config>::MaxKernels,
		<T as Config>::MaxUnbondingChunks,
	>;
	/// The parameters type.
	pub type ParametersOf<T> = ProviderParameters<BalanceOf<T>, BlockNumberFor<T>>;
	/// What the draws see of a provider.
	pub type DrawViewOf<T> = DrawView<BalanceOf<T>, BlockNumberFor<T>, <T as Config>::MaxKernels>;

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// The currency holding provider stake.
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ InspectHold<Self::AccountId>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// Origin that may change the market parameters.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Most providers registered at once (leaving ones included).
		#[pallet::constant]
		type MaxProviders: Get<u32>;

		/// Longest adapter name, backend, device type or endpoint, in bytes.
		#[pallet::constant]
		type MaxStringLen: Get<u32>;

		/// Most kernels one provider declares.
		#[pallet::constant]
		type MaxKernels: Get<u32>;

		/// Most unbonding chunks one provider has at once.
		#[pallet::constant]
		type MaxUnbondingChunks: Get<u32>;

		/// Initial least bonded stake of an eligible provider.
		#[pallet::constant]
		type DefaultMinProviderStake: Get<BalanceOf<Self>>;

		/// Initial unbonding period, in blocks.
		#[pallet::constant]
		type DefaultUnbondingPeriod: Get<BlockNumberFor<Self>>;

		/// Initial heartbeat window, in blocks.
		#[pallet::constant]
		type DefaultHeartbeatWindow: Get<BlockNumberFor<Self>>;

		/// Initial reputation half-life, in blocks.
		#[pallet::constant]
		type DefaultReputationHalfLife: Get<BlockNumberFor<Self>>;

		/// Fee paid (not refunded) to `FeeDestination` for each registration.
		#[pallet::constant]
		type RegistrationFee: Get<BalanceOf<Self>>;

		/// Receives registration fees (the treasury).
		type FeeDestination: Get<Self::AccountId>;

		/// Blocks before a provider's change (stake, price, status, heartbeat, kernels)
		/// reaches the job and audit draws (see `draw_view`).
		#[pallet::constant]
		type DrawDelay: Get<BlockNumberFor<Self>>;

		/// The signature by which an operator key proves it agreed to act for a provider
		/// (the runtime's `MultiSignature`).
		type OperatorProof: Parameter + Verify<Signer: IdentifyAccount<AccountId = Self::AccountId>>;

		/// Weights of the calls.
		type WeightInfo: WeightInfo;

		/// Makes operator keys with valid proofs for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: crate::benchmarking::BenchmarkHelper<Self::AccountId, Self::OperatorProof>;
	}

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// Stake of a GPU provider, bonded or unbonding.
		#[codec(index = 0)]
		ProviderStake,
	}

	/// The storage layout version.
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Registered providers by account.
	#[pallet::storage]
	pub type Providers<T: Config> = CountedStorageMap<_, Blake2_128Concat, T::AccountId, ProviderOf<T>>;

	/// Each provider's operator key: the account that signs its node's work (the provider
	/// itself until it names another). At most one entry per provider.
	#[pallet::storage]
	pub type OperatorOf<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, T::AccountId>;

	/// The provider each operator key acts for: the inverse of [`OperatorOf`], so a key
	/// serves one provider only.
	#[pallet::storage]
	pub type Operators<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, T::AccountId>;

	/// Stake each provider has put up as collateral for the job slots it holds now (see
	/// `collateral.rs`): the sum of its slots' collateral. Absent when zero.
	#[pallet::storage]
	pub type CollateralInUse<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, BalanceOf<T>, ValueQuery>;

	/// Sum of all providers' held stake (bonded and unbonding).
	#[pallet::storage]
	pub type TotalHeld<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	#[pallet::type_value]
	pub fn DefaultParameters<T: Config>() -> ParametersOf<T> {
		ProviderParameters {
			min_provider_stake: T::DefaultMinProviderStake::get(),
			unbonding_period: T::DefaultUnbondingPeriod::get(),
			heartbeat_window: T::DefaultHeartbeatWindow::get(),
			reputation_half_life: T::DefaultReputationHalfLife::get(),
		}
	}

	/// Market parameters currently in force.
	#[pallet::storage]
	pub type Parameters<T: Config> =
		StorageValue<_, ParametersOf<T>, ValueQuery, DefaultParameters<T>>;

	/// Providers registered at genesis: `(account, adapter name, kernels (bit i: `KernelId::ALL[i]`),
	/// max concurrent jobs, price per unit, stake)`; amounts in the smallest unit. The dev chain
	/// registers Alice so a job submitted on a fresh dev node runs at once. `operators` names
	/// operator keys `(provider, operator)` for them (no proof: genesis is trusted).
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		pub providers: alloc::vec::Vec<(T::AccountId, alloc::vec::Vec<u8>, u32, u32, u128, u128)>,
		pub operators: alloc::vec::Vec<(T::AccountId, T::AccountId)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (who, adapter, kernels, capacity, price, stake) in &self.providers {
				let profile = ProfileInput {
					adapter_name: adapter.clone(),
					backend: alloc::vec::Vec::new(),
					device_type: alloc::vec::Vec::new(),
					memory_mib: 0,
					kernels: KernelId::ALL
						.iter()
						.enumerate()
						.filter(|(i, _)| kernels & (1 << i) != 0)
						.map(|(_, k)| *k)
						.collect(),
					benchmark_score: 0,
					endpoint: alloc::vec::Vec::new(),
					max_concurrent_jobs: *capacity,
				};
				use sp_runtime::SaturatedConversion;
				Pallet::<T>::do_register(who.clone(), profile, (*price).saturated_into(), (*stake).saturated_into())
					.expect("genesis providers are valid and funded");
				// No draw has happened before genesis: the provider is drawable at once.
				Providers::<T>::mutate(who, |p| {
					if let Some(p) = p {
						p.view = Pallet::<T>::current_view(p);
						p.changed_at = Zero::zero();
					}
				});
			}
			for (provider, operator) in &self.operators {
				assert!(Providers::<T>::contains_key(provider), "a genesis operator's provider is registered");
				assert!(!Operators::<T>::contains_key(operator), "a genesis operator key serves one provider");
				if let Some(old) = OperatorOf::<T>::get(provider) {
					Operators::<T>::remove(old);
				}
				Operators::<T>::insert(operator, provider);
				OperatorOf::<T>::insert(provider, operator);
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A provider registered with this stake and price.
		Registered { provider: T::AccountId, stake: BalanceOf<T>, price_per_unit: BalanceOf<T> },
		/// A registration paid its (non-refundable) fee to the fee destination.
		RegistrationFeePaid { provider: T::AccountId, fee: BalanceOf<T> },
		/// A provider replaced its hardware profile.
		ProfileUpdated { provider: T::AccountId },
		/// A provider changed its price per work unit.
		PriceSet { provider: T::AccountId, price_per_unit: BalanceOf<T> },
		/// A provider bonded more stake.
		Bonded { provider: T::AccountId, amount: BalanceOf<T> },
		/// Stake started unbonding; it stays held until `unlock_at`.
		Unbonding { provider: T::AccountId, amount: BalanceOf<T>, unlock_at: BlockNumberFor<T> },
		/// Unlocked stake was released to the provider's free balance.
		Withdrawn { provider: T::AccountId, amount: BalanceOf<T> },
		/// A provider left; its remaining stake unbonds.
		Deregistered { provider: T::AccountId },
		/// A leaving provider withdrew its last stake; its record is gone.
		Removed { provider: T::AccountId },
		/// A provider signalled it is online.
		Heartbeat { provider: T::AccountId },
		/// A provider stopped taking new jobs.
		Paused { provider: T::AccountId },
		/// A provider takes new jobs again.
		Resumed { provider: T::AccountId },
		/// Held stake was moved to `beneficiary`.
		Slashed { provider: T::AccountId, amount: BalanceOf<T>, beneficiary: T::AccountId },
		/// A provider's reputation changed; `permill` is the new score.
		ReputationChanged { provider: T::AccountId, success: bool, permill: u32 },
		/// Governance changed the market parameters.
		ParametersSet { parameters: ParametersOf<T> },
		/// A provider named `operator` as the key that signs its node's work.
		OperatorSet { provider: T::AccountId, operator: T::AccountId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is already a provider.
		AlreadyRegistered,
		/// The account is not a provider.
		NotRegistered,
		/// `MaxProviders` providers are registered.
		TooManyProviders,
		/// A profile string or the kernel list exceeds its bound.
		ProfileTooLarge,
		/// The profile declares no kernel.
		NoKernels,
		/// The profile declares a kernel twice.
		DuplicateKernel,
		/// The profile allows no concurrent job.
		ZeroCapacity,
		/// The price per work unit is zero.
		ZeroPrice,
		/// The bonded stake would fall below the minimum.
		StakeTooLow,
		/// The account's free balance cannot cover the hold.
		InsufficientBalance,
		/// The amount is zero.
		ZeroAmount,
		/// More than the bonded stake was asked to unbond.
		UnbondExceedsStake,
		/// `MaxUnbondingChunks` chunks are unbonding; withdraw first.
		TooManyUnbondingChunks,
		/// No unbonding chunk has unlocked yet.
		NothingToWithdraw,
		/// The provider still has assigned jobs.
		HasActiveJobs,
		/// The provider is leaving; only withdrawals are possible.
		Leaving,
		/// The provider is already paused.
		AlreadyPaused,
		/// The provider is not paused.
		NotPaused,
		/// The provider has no free capacity for another job.
		NoFreeCapacity,
		/// A parameter is zero where it must not be.
		InvalidParameters,
		/// Internal accounting would overflow.
		Overflow,
		/// The signer is no provider's operator key (a provider account that named another
		/// key no longer signs its node's work).
		NotOperator,
		/// The key is already the operator key of a provider.
		OperatorInUse,
		/// The operator key's signature over `operator_proof_payload(provider)` is wrong.
		BadOperatorProof,
		/// The provider's free stake (bonded, less the collateral of the slots it holds)
		/// cannot cover the collateral a new slot needs.
		InsufficientFreeStake,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Register as a provider: declare the hardware profile and price, and hold `stake`
		/// (at least the minimum provider stake).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register())]
		pub fn register(
			origin: OriginFor<T>,
			profile: ProfileInput,
			price_per_unit: BalanceOf<T>,
			stake: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			// Registration places are bounded (`MaxProviders`): a fee that is not refunded
			// makes filling them with Sybil accounts cost money, not just locked stake.
			let fee = T::RegistrationFee::get();
			if !fee.is_zero() {
				T::Currency::transfer(&who, &T::FeeDestination::get(), fee, Preservation::Preserve)
					.map_err(|_| Error::<T>::InsufficientBalance)?;
				Self::deposit_event(Event::RegistrationFeePaid { provider: who.clone(), fee });
			}
			Self::do_register(who, profile, price_per_unit, stake)
		}

		/// Replace the hardware profile.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::update_profile())]
		pub fn update_profile(origin: OriginFor<T>, profile: ProfileInput) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let profile = Self::bound_profile(profile)?;
			Self::mutate_active(&who, |p| {
				p.profile = profile;
				Ok(())
			})?;
			Self::deposit_event(Event::ProfileUpdated { provider: who });
			Ok(())
		}

		/// Set the price per work unit for jobs assigned from now on.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_price())]
		pub fn set_price(origin: OriginFor<T>, price_per_unit: BalanceOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(!price_per_unit.is_zero(), Error::<T>::ZeroPrice);
			Self::mutate_active(&who, |p| {
				p.price_per_unit = price_per_unit;
				Ok(())
			})?;
			Self::deposit_event(Event::PriceSet { provider: who, price_per_unit });
			Ok(())
		}

		/// Hold `amount` more as stake.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::bond_extra())]
		pub fn bond_extra(origin: OriginFor<T>, amount: BalanceOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_bond_extra(who, amount)
		}

		/// Start unbonding `amount` of bonded stake. It stays held, and can still be slashed
		/// for jobs already taken, for the unbonding period.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::unbond())]
		pub fn unbond(origin: OriginFor<T>, amount: BalanceOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_unbond(who, amount)
		}

		/// Release every unbonding chunk that has unlocked.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::withdraw_unbonded())]
		pub fn withdraw_unbonded(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw_unbonded(who)
		}

		/// Leave: only with no active jobs. All bonded stake starts unbonding.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::deregister())]
		pub fn deregister(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_deregister(who)
		}

		/// Mark the provider online. Free only when it is due: for an active (not paused)
		/// provider whose last heartbeat is at least half a heartbeat window old, which is
		/// when the provider agent sends it. Any other heartbeat pays its fee, so heartbeats
		/// cannot fill blocks for free.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::heartbeat())]
		pub fn heartbeat(origin: OriginFor<T>) -> DispatchResultWithPostInfo {
			let who = Self::ensure_operator(origin)?;
			let now = frame_system::Pallet::<T>::block_number();
			let fresh = Providers::<T>::try_mutate(&who, |p| -> Result<bool, DispatchError> {
				let p = p.as_mut().ok_or(Error::<T>::NotRegistered)?;
				ensure!(p.status != ProviderStatus::Leaving, Error::<T>::Leaving);
				let half_window = Parameters::<T>::get().heartbeat_window / 2u32.into();
				let fresh = p.status == ProviderStatus::Active &&
					now.saturating_sub(p.last_heartbeat) >= half_window.max(1u32.into());
				Self::note_change(p, now);
				p.last_heartbeat = now;
				Ok(fresh)
			})?;
			Self::deposit_event(Event::Heartbeat { provider: who });
			Ok(if fresh { Pays::No } else { Pays::Yes }.into())
		}

		/// Stop taking new jobs (running jobs continue). Signed by the operator key, so a
		/// node in trouble can stop itself; only the provider account resumes.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::pause())]
		pub fn pause(origin: OriginFor<T>) -> DispatchResult {
			let who = Self::ensure_operator(origin)?;
			Self::mutate_active(&who, |p| {
				ensure!(p.status == ProviderStatus::Active, Error::<T>::AlreadyPaused);
				p.status = ProviderStatus::Paused;
				Ok(())
			})?;
			Self::deposit_event(Event::Paused { provider: who });
			Ok(())
		}

		/// Take new jobs again.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::resume())]
		pub fn resume(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::mutate_active(&who, |p| {
				ensure!(p.status == ProviderStatus::Paused, Error::<T>::NotPaused);
				p.status = ProviderStatus::Active;
				Ok(())
			})?;
			Self::deposit_event(Event::Resumed { provider: who });
			Ok(())
		}

		/// Change the market parameters (governance).
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::set_parameters())]
		pub fn set_parameters(origin: OriginFor<T>, parameters: ParametersOf<T>) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(
				!parameters.heartbeat_window.is_zero() &&
					!parameters.reputation_half_life.is_zero() &&
					!parameters.min_provider_stake.is_zero(),
				Error::<T>::InvalidParameters
			);
			Parameters::<T>::put(parameters);
			Self::deposit_event(Event::ParametersSet { parameters });
			Ok(())
		}

		/// Name `operator` as the key that signs this provider's node work (commits,
		/// reveals, verdicts, declines, heartbeats, pause), replacing the current one, which
		/// stops working at once. `proof` is `operator`'s signature over
		/// [`operator_proof_payload`]`(provider)`: `b"tensorgrid/operator/v1"` followed by
		/// the provider account's 32 bytes. Signed by the provider (cold) account.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::set_operator())]
		pub fn set_operator(
			origin: OriginFor<T>,
			operator: T::AccountId,
			proof: T::OperatorProof,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_operator(who, operator, proof)
		}
	}

	impl<T: Config> Pallet<T> {
		/// The provider whose operator key signed `origin`.
		pub fn ensure_operator(origin: OriginFor<T>) -> Result<T::AccountId, DispatchError> {
			let who = ensure_signed(origin)?;
			Ok(Self::provider_of_operator(&who).ok_or(Error::<T>::NotOperator)?)
		}

		/// Check and bound a submitted profile.
		pub fn bound_profile(input: ProfileInput) -> Result<ProfileOf<T>, DispatchError> {
			ensure!(!input.kernels.is_empty(), Error::<T>::NoKernels);
			for (i, k) in input.kernels.iter().enumerate() {
				ensure!(!input.kernels[..i].contains(k), Error::<T>::DuplicateKernel);
			}
			ensure!(input.max_concurrent_jobs > 0, Error::<T>::ZeroCapacity);
			Ok(HardwareProfile {
				adapter_name: input.adapter_name.try_into().map_err(|_| Error::<T>::ProfileTooLarge)?,
				backend: input.backend.try_into().map_err(|_| Error::<T>::ProfileTooLarge)?,
				device_type: input.device_type.try_into().map_err(|_| Error::<T>::ProfileTooLarge)?,
				memory_mib: input.memory_mib,
				kernels: input.kernels.try_into().map_err(|_| Error::<T>::ProfileTooLarge)?,
				benchmark_score: input.benchmark_score,
				endpoint: input.endpoint.try_into().map_err(|_| Error::<T>::ProfileTooLarge)?,
				max_concurrent_jobs: input.max_concurrent_jobs,
			})
		}

		/// Apply `f` to a registered provider that is not leaving.
		fn mutate_active(
			who: &T::AccountId,
			f: impl FnOnce(&mut ProviderOf<T>) -> DispatchResult,
		) -> DispatchResult {
			Providers::<T>::try_mutate(who, |p| {
				let p = p.as_mut().ok_or(Error::<T>::NotRegistered)?;
				ensure!(p.status != ProviderStatus::Leaving, Error::<T>::Leaving);
				Self::note_change(p, frame_system::Pallet::<T>::block_number());
				f(p)
			})
		}

		fn do_register(
			who: T::AccountId,
			input: ProfileInput,
			price_per_unit: BalanceOf<T>,
			stake: BalanceOf<T>,
		) -> DispatchResult {
			ensure!(!Providers::<T>::contains_key(&who), Error::<T>::AlreadyRegistered);
			ensure!(Providers::<T>::count() < T::MaxProviders::get(), Error::<T>::TooManyProviders);
			let profile = Self::bound_profile(input)?;
			ensure!(!price_per_unit.is_zero(), Error::<T>::ZeroPrice);
			ensure!(stake >= Parameters::<T>::get().min_provider_stake, Error::<T>::StakeTooLow);
			Self::set_own_operator(&who)?;
			Self::hold_stake(&who, stake)?;
			let now = frame_system::Pallet::<T>::block_number();
			// Drawable only `DrawDelay` blocks from now: until then the draws see a paused
			// provider (fresh Sybil accounts cannot be registered into a known draw).
			let view = DrawView {
				stake,
				price_per_unit,
				status: ProviderStatus::Paused,
				last_heartbeat: now,
				kernels: profile.kernels.clone(),
			};
			Providers::<T>::insert(
				&who,
				ProviderInfo {
					view,
					changed_at: now,
					profile,
					price_per_unit,
					stake,
					unbonding: BoundedVec::new(),
					status: ProviderStatus::Active,
					registered_at: now,
					last_heartbeat: now,
					active_jobs: 0,
					reputation: reputation::Reputation::new(now),
				},
			);
			Self::deposit_event(Event::Registered { provider: who, stake, price_per_unit });
			Ok(())
		}

		/// Whether `p` may take a job of `kernel` at block `now`.
		pub fn is_eligible_at(
			p: &ProviderOf<T>,
			kernel: KernelId,
			now: BlockNumberFor<T>,
			params: &ParametersOf<T>,
		) -> bool {
			let v = Self::draw_view(p, now);
			// Leaving is final and costs an unbonding period, so it counts at once.
			p.status != ProviderStatus::Leaving &&
				v.status == ProviderStatus::Active &&
				now.saturating_sub(v.last_heartbeat) <= params.heartbeat_window &&
				v.stake >= params.min_provider_stake &&
				p.active_jobs < p.profile.max_concurrent_jobs &&
				v.kernels.contains(&kernel)
		}

		/// The API view of one provider.
		pub fn summary(
			who: T::AccountId,
			p: &ProviderOf<T>,
		) -> ProviderSummary<T::AccountId, BalanceOf<T>, BlockNumberFor<T>> {
			let now = frame_system::Pallet::<T>::block_number();
			let params = Parameters::<T>::get();
			let collateral_in_use = CollateralInUse::<T>::get(&who);
			ProviderSummary {
				operator: OperatorOf::<T>::get(&who).unwrap_or_else(|| who.clone()),
				account: who,
				adapter_name: p.profile.adapter_name.to_vec(),
				backend: p.profile.backend.to_vec(),
				device_type: p.profile.device_type.to_vec(),
				memory_mib: p.profile.memory_mib,
				kernels: p.profile.kernels.to_vec(),
				benchmark_score: p.profile.benchmark_score,
				endpoint: p.profile.endpoint.to_vec(),
				max_concurrent_jobs: p.profile.max_concurrent_jobs,
				price_per_unit: p.price_per_unit,
				stake: p.stake,
				unbonding: p.total_held().saturating_sub(p.stake),
				status: p.status,
				online: p.status != ProviderStatus::Leaving &&
					now.saturating_sub(p.last_heartbeat) <= params.heartbeat_window,
				last_heartbeat: p.last_heartbeat,
				active_jobs: p.active_jobs,
				collateral_in_use,
				reputation_permill: p.reputation.permill(now, params.reputation_half_life),
			}
		}

		/// `ProvidersApi::providers`.
		pub fn api_providers(
		) -> alloc::vec::Vec<ProviderSummary<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>> {
			Providers::<T>::iter().map(|(who, p)| Self::summary(who, &p)).collect()
		}

		/// `ProvidersApi::provider`.
		pub fn api_provider(
			who: T::AccountId,
		) -> Option<ProviderSummary<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>> {
			Providers::<T>::get(&who).map(|p| Self::summary(who, &p))
		}

		/// Invariants: each provider's recorded stake equals what the currency holds for it
		/// under the provider reason; their sum equals `TotalHeld`; the counter matches.
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			let mut sum = BalanceOf::<T>::zero();
			let mut count = 0u32;
			for (who, p) in Providers::<T>::iter() {
				let held = T::Currency::balance_on_hold(&HoldReason::ProviderStake.into(), &who);
				ensure!(held == p.total_held(), "provider's recorded stake differs from its hold");
				ensure!(p.unbonding.len() as u32 <= T::MaxUnbondingChunks::get(), "too many chunks");
				ensure!(
					p.status != ProviderStatus::Leaving || p.stake.is_zero(),
					"a leaving provider still has bonded stake"
				);
				sum = sum.saturating_add(held);
				count += 1;
			}
			ensure!(sum == TotalHeld::<T>::get(), "sum of provider holds differs from TotalHeld");
			ensure!(count == Providers::<T>::count(), "provider counter is wrong");
			ensure!(count <= T::MaxProviders::get(), "more providers than MaxProviders");
			Self::check_collateral()?;
			Self::check_operators()
		}

		// Used by `stake.rs`; kept here so the precision import has one home.
		pub(crate) fn release_exact(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
			T::Currency::release(&HoldReason::ProviderStake.into(), who, amount, Precision::Exact)?;
			Ok(())
		}
	}
}
