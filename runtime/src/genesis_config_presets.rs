//! Genesis presets: `development` (one validator, sudo) and `local_testnet` (four
//! validators, no sudo). Both run governance on short track timings (blocks, not days); a
//! genesis that names no timings gets the production ones. The node's chain specs are built from these.

use crate::{
	constants::UNIT, governance::pallet_custom_origins::TrackTimings, AccountId, BabeConfig, Balance,
	BalancesConfig, JobsConfig, OriginsConfig, ProvidersConfig, RuntimeGenesisConfig,
	SessionConfig, SessionKeys, StakingConfig, SudoConfig, TechnicalMembershipConfig,
	BABE_GENESIS_EPOCH_CONFIG,
};
use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use serde_json::Value;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use sp_runtime::Perbill;

/// What every endowed dev account starts with.
pub const ENDOWMENT: Balance = 1_000_000 * UNIT;
/// What each genesis validator bonds.
pub const VALIDATOR_BOND: Balance = 100_000 * UNIT;

/// A genesis validator: its stash account and its session keys.
pub struct GenesisValidator {
	pub stash: AccountId,
	pub keys: SessionKeys,
}

/// The session keys of a dev account, derived from its well-known seed (`//Alice`, …):
/// sr25519 for BABE and authority discovery, ed25519 for GRANDPA. `sr` and `ed` must name
/// the same person.
pub fn dev_session_keys(sr: Sr25519Keyring, ed: Ed25519Keyring) -> SessionKeys {
	SessionKeys {
		babe: sr.public().into(),
		grandpa: ed.public().into(),
		authority_discovery: sr.public().into(),
	}
}

fn dev_validator(sr: Sr25519Keyring, ed: Ed25519Keyring) -> GenesisValidator {
	GenesisValidator { stash: sr.to_account_id(), keys: dev_session_keys(sr, ed) }
}

/// Build a genesis config patch for the given validators, endowed accounts and sudo key.
pub fn tensorgrid_genesis(
	validators: Vec<GenesisValidator>,
	endowed_accounts: Vec<AccountId>,
	technical_committee: Vec<AccountId>,
	sudo: Option<AccountId>,
	track_timings: TrackTimings,
) -> Value {
	let validator_count = validators.len() as u32;
	let mut balances: Vec<(AccountId, Balance)> =
		endowed_accounts.iter().cloned().map(|who| (who, ENDOWMENT)).collect();
	// Validators not already endowed get enough to bond.
	for v in &validators {
		if !endowed_accounts.contains(&v.stash) {
			balances.push((v.stash.clone(), ENDOWMENT));
		}
	}
	let session_keys: Vec<_> = validators
		.iter()
		.map(|v| (v.stash.clone(), v.stash.clone(), v.keys.clone()))
		.collect();
	let stakers: Vec<_> = validators
		.iter()
		.map(|v| {
			(
				v.stash.clone(),
				v.stash.clone(),
				VALIDATOR_BOND,
				pallet_staking::StakerStatus::<AccountId>::Validator,
			)
		})
		.collect();
	let invulnerables: Vec<AccountId> = validators.iter().map(|v| v.stash.clone()).collect();
	let members: frame_support::BoundedVec<_, _> = technical_committee
		.try_into()
		.expect("the technical committee at genesis fits TechnicalMaxMembers; qed");

	let mut patch = build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig { balances },
		babe: BabeConfig { epoch_config: BABE_GENESIS_EPOCH_CONFIG },
		session: SessionConfig { keys: session_keys },
		staking: StakingConfig {
			validator_count,
			minimum_validator_count: 1,
			invulnerables,
			slash_reward_fraction: Perbill::from_percent(10),
			stakers,
		},
		technical_membership: TechnicalMembershipConfig { members },
		origins: OriginsConfig { track_timings },
	});
	if let Some(key) = sudo {
		let sudo_patch = build_struct_json_patch!(RuntimeGenesisConfig {
			sudo: SudoConfig { key: Some(key) },
		});
		if let (Value::Object(into), Value::Object(from)) = (&mut patch, sudo_patch) {
			into.extend(from);
		}
	}
	patch
}

/// The well-known dev accounts, endowed in both presets.
fn dev_accounts() -> Vec<AccountId> {
	Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect()
}

/// Price per work unit of the dev chain's genesis provider.
pub const DEV_PROVIDER_PRICE: Balance = UNIT;
/// Jobs the dev chain's genesis provider runs at once.
pub const DEV_PROVIDER_CAPACITY: u32 = 32;
/// Stake of the dev chain's genesis provider.
pub const DEV_PROVIDER_STAKE: Balance = 10_000 * UNIT;

/// The dev provider's operator key, `//Alice//operator` (sr25519): the hot key her node
/// signs its work with, while her account holds the stake. Hard-coded because the wasm
/// runtime cannot derive keys; `runtime/tests/genesis.rs` checks it against the derivation.
/// Hex: `0x945e10040b47c3df67c4ccf156ac19f9d649c16211646798a364097791691e3d`.
pub const DEV_OPERATOR_PUBLIC: [u8; 32] = [
	148, 94, 16, 4, 11, 71, 195, 223, 103, 196, 204, 241, 86, 172, 25, 249, 214, 73, 193, 98, 17, 100, 103, 152, 163, 100, 9, 119, 145, 105, 30, 61
];

/// The dev provider's operator account.
pub fn dev_operator() -> AccountId {
	AccountId::from(DEV_OPERATOR_PUBLIC)
}

/// `development`: Alice validates alone, holds sudo, and is a GPU provider of every kernel
/// with operator key `//Alice//operator` (her node runs the jobs with `--gpu-worker`; the
/// node puts that key in its keystore as `gpuw`). The operator holds a little for fees.
pub fn development_config_genesis() -> Value {
	let mut endowed = dev_accounts();
	endowed.push(dev_operator());
	let mut patch = tensorgrid_genesis(
		vec![dev_validator(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		endowed,
		vec![Sr25519Keyring::Alice.to_account_id(), Sr25519Keyring::Bob.to_account_id()],
		Some(Sr25519Keyring::Alice.to_account_id()),
		TrackTimings::Short,
	);
	let all_kernels = (1u32 << tensorgrid_primitives::KernelId::ALL.len()) - 1;
	let providers = build_struct_json_patch!(RuntimeGenesisConfig {
		providers: ProvidersConfig {
			providers: vec![(
				Sr25519Keyring::Alice.to_account_id(),
				b"dev node GPU worker".to_vec(),
				all_kernels,
				DEV_PROVIDER_CAPACITY,
				DEV_PROVIDER_PRICE,
				DEV_PROVIDER_STAKE,
			)],
			operators: vec![(Sr25519Keyring::Alice.to_account_id(), dev_operator())],
		},
	});
	if let (Value::Object(into), Value::Object(from)) = (&mut patch, providers) {
		into.extend(from);
	}
	patch
}

/// Commit window of `local_testnet` (two minutes, against the production default's ten),
/// so that a provider that misses its commitment is slashed and replaced within minutes.
pub const LOCAL_COMMIT_WINDOW: crate::BlockNumber = 20;

/// `local_testnet`: Alice, Bob, Charlie and Dave validate; nobody holds sudo; the commit
/// window is [`LOCAL_COMMIT_WINDOW`].
pub fn local_testnet_genesis() -> Value {
	let mut patch = tensorgrid_genesis(
		vec![
			dev_validator(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			dev_validator(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
			dev_validator(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
			dev_validator(Sr25519Keyring::Dave, Ed25519Keyring::Dave),
		],
		dev_accounts(),
		vec![
			Sr25519Keyring::Alice.to_account_id(),
			Sr25519Keyring::Bob.to_account_id(),
			Sr25519Keyring::Charlie.to_account_id(),
		],
		None,
		TrackTimings::Short,
	);
	let jobs = build_struct_json_patch!(RuntimeGenesisConfig {
		jobs: JobsConfig { commit_window: Some(LOCAL_COMMIT_WINDOW) },
	});
	if let (Value::Object(into), Value::Object(from)) = (&mut patch, jobs) {
		into.extend(from);
	}
	patch
}

/// The preset with the given id, serialized, or `None` for an unknown id.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_testnet_genesis(),
		_ => return None,
	};
	Some(
		serde_json::to_string(&patch)
			.expect("serialization to json is expected to work; qed")
			.into_bytes(),
	)
}

/// The ids of the presets this runtime offers.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
	]
}
