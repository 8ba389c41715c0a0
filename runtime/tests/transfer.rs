//! A signed balance transfer through the executive: the recipient gets the amount, the
//! sender pays amount + fee, and the fee lands in the treasury (nothing is created or
//! destroyed).

mod common;

use codec::Encode;
use common::ext_from_preset;
use frame_support::traits::fungible::Inspect;
use sp_keyring::Sr25519Keyring as Keyring;
use sp_runtime::{generic::Era, MultiSignature};
use tensorgrid_runtime::{
	constants::UNIT, Balances, BalancesCall, Executive, Runtime, RuntimeCall, RuntimeEvent,
	SignedPayload, System, Treasury, TxExtension, UncheckedExtrinsic,
};

fn tx_extension(nonce: u32) -> TxExtension {
	(
		frame_system::CheckNonZeroSender::<Runtime>::new(),
		frame_system::CheckSpecVersion::<Runtime>::new(),
		frame_system::CheckTxVersion::<Runtime>::new(),
		frame_system::CheckGenesis::<Runtime>::new(),
		frame_system::CheckEra::<Runtime>::from(Era::Immortal),
		frame_system::CheckNonce::<Runtime>::from(nonce),
		frame_system::CheckWeight::<Runtime>::new(),
		pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(0),
		frame_metadata_hash_extension::CheckMetadataHash::<Runtime>::new(false),
		frame_system::WeightReclaim::<Runtime>::new(),
	)
}

fn signed(call: RuntimeCall, signer: Keyring, nonce: u32) -> UncheckedExtrinsic {
	let ext = tx_extension(nonce);
	let payload = SignedPayload::new(call.clone(), ext.clone()).expect("payload builds");
	let signature = payload.using_encoded(|bytes| signer.sign(bytes));
	UncheckedExtrinsic::new_signed(
		call,
		signer.to_account_id().into(),
		MultiSignature::Sr25519(signature),
		ext,
	)
}

fn fee_paid(who: &tensorgrid_runtime::AccountId) -> u128 {
	System::events()
		.into_iter()
		.find_map(|r| match r.event {
			RuntimeEvent::TransactionPayment(
				pallet_transaction_payment::Event::TransactionFeePaid { who: w, actual_fee, .. },
			) if &w == who => Some(actual_fee),
			_ => None,
		})
		.expect("a fee was paid")
}

#[test]
fn signed_transfer_moves_amount_and_pays_fee_to_treasury() {
	ext_from_preset("development").execute_with(|| {
		let alice = Keyring::Alice.to_account_id();
		let dave = Keyring::Dave.to_account_id();
		let treasury = Treasury::account_id();
		let issuance = Balances::total_issuance();
		let (alice_before, dave_before, treasury_before) = (
			Balances::total_balance(&alice),
			Balances::total_balance(&dave),
			Balances::total_balance(&treasury),
		);
		let amount = 12 * UNIT;
		let call = RuntimeCall::Balances(BalancesCall::transfer_keep_alive {
			dest: dave.clone().into(),
			value: amount,
		});
		let xt = signed(call, Keyring::Alice, 0);
		let estimate = tensorgrid_runtime::TransactionPayment::query_info(xt.clone(), xt.encoded_size() as u32).partial_fee;

		let result = Executive::apply_extrinsic(xt);
		assert!(matches!(result, Ok(Ok(()))), "{result:?}");

		let fee = fee_paid(&alice);
		assert!(fee > 0 && fee <= estimate, "fee {fee} vs estimate {estimate}");
		assert_eq!(Balances::total_balance(&dave), dave_before + amount);
		assert_eq!(Balances::total_balance(&alice), alice_before - amount - fee);
		assert_eq!(Balances::total_balance(&treasury), treasury_before + fee);
		assert_eq!(Balances::total_issuance(), issuance, "no balance created or destroyed");
		assert_eq!(System::account_nonce(&alice), 1);
	});
}

#[test]
fn transfer_with_bad_signature_is_rejected_and_charges_nothing() {
	ext_from_preset("development").execute_with(|| {
		let alice = Keyring::Alice.to_account_id();
		let before = Balances::total_balance(&alice);
		let call = RuntimeCall::Balances(BalancesCall::transfer_keep_alive {
			dest: Keyring::Bob.to_account_id().into(),
			value: UNIT,
		});
		// Signed by Bob but claiming to be Alice.
		let ext = tx_extension(0);
		let payload = SignedPayload::new(call.clone(), ext.clone()).expect("payload builds");
		let signature = payload.using_encoded(|bytes| Keyring::Bob.sign(bytes));
		let forged = UncheckedExtrinsic::new_signed(
			call,
			alice.clone().into(),
			MultiSignature::Sr25519(signature),
			ext,
		);
		assert!(Executive::apply_extrinsic(forged).is_err());
		assert_eq!(Balances::total_balance(&alice), before);
	});
}

#[test]
fn transfer_beyond_free_balance_fails_without_moving_funds() {
	ext_from_preset("development").execute_with(|| {
		let bob = Keyring::Bob.to_account_id();
		let charlie = Keyring::Charlie.to_account_id();
		let charlie_before = Balances::total_balance(&charlie);
		let call = RuntimeCall::Balances(BalancesCall::transfer_keep_alive {
			dest: charlie.clone().into(),
			value: 10_000_000 * UNIT,
		});
		let result = Executive::apply_extrinsic(signed(call, Keyring::Bob, 0));
		// Included (fee charged) but the dispatch failed.
		assert!(matches!(result, Ok(Err(_))), "{result:?}");
		assert_eq!(Balances::total_balance(&charlie), charlie_before);
		assert!(fee_paid(&bob) > 0);
	});
}
