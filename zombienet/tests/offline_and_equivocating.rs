//! Test 5: offline and equivocating validators (networks/join.toml).
//!
//! Offline: a validator stopped through a whole era earns no era points in it, and a payout
//! for that era pays it nothing while an online validator is paid.
//!
//! Equivocation: the genesis validators are `invulnerables` (never slashed), so the offender
//! is Eve, who joins as in test 2. A second node ("eve-twin") runs with a copy of her
//! keystore: both author in her BABE slots, two blocks for one slot. The nodes report the
//! equivocation (an unsigned `babe.report_equivocation_unsigned`, or GRANDPA's), the offences
//! pallet records the offence, staking computes her slash and defers it by
//! `SlashDeferDuration` (27 eras: an unapplied slash, cancellable by governance), and the
//! session pallet disables her (up to a third of the validators).

use std::time::Instant;

use anyhow::{bail, ensure, Context, Result};
use tensorgrid_zombienet::subxt::{
	dynamic::{At, Value},
	ext::scale_value::{Composite, ValueDef},
};
use tensorgrid_zombienet::*;

const EVE_BOND: u128 = 300_000 * UNIT;
/// Runtime `SlashDeferDuration` (runtime/src/configs/staking.rs).
const SLASH_DEFER_DURATION: u32 = 27;

#[tokio::test(flavor = "multi_thread")]
async fn offline_validator_earns_nothing_and_equivocator_is_slashed() -> Result<()> {
	let started = Instant::now();
	let (mut net, eve_options) = spawn_without_joining_node("join", "eve").await?;
	wait_finalized(net.node("alice")?, 3, secs(240)).await?;
	net.add_node("eve", eve_options.clone()).await?;
	{
		let alice = net.node("alice")?;
		let eve = net.node("eve")?;
		wait_finalized(eve, finalized(alice).await?, secs(240)).await?;
	}

	// Eve becomes a validator (see test 2); the twin runs her keys later.
	let stash = dev::eve();
	let stash_id = account(&stash);
	let keys = {
		let alice = net.node("alice")?;
		let eve = net.node("eve")?;
		make_validator(alice, eve, &stash, EVE_BOND).await?
	};
	let alice_client = client(net.node("alice")?).await?;
	wait_in_validator_set(&alice_client, stash_id, secs(480)).await?;

	// Offline through a whole era: a genesis validator still elected, other than Alice
	// (whose node the test reads).
	let set = session_validators(&alice_client, None).await?;
	let (offline_name, offline_id) = ["bob", "charlie", "dave"]
		.into_iter()
		.map(|name| (name, account(&dev_account(name).expect("dev account"))))
		.find(|(_, id)| set.contains(id))
		.context("no genesis validator besides Alice is in the set")?;
	let alice_id = account(&dev::alice());
	let offline = net.node(offline_name)?;
	let alice = net.node("alice")?;
	pause(offline).await?;
	let era_paused = active_era(&alice_client, None).await?;
	let whole_era = era_paused + 1;
	wait_for(&format!("era {} to start (era {whole_era} over)", whole_era + 1), secs(600), || {
		let c = alice_client.clone();
		async move { anyhow::Ok(active_era(&c, None).await? > whole_era) }
	})
	.await?;
	resume(offline).await?;

	let points = era_points(&alice_client, whole_era, None).await?;
	log(format!("era {whole_era} points: {points:?}"));
	let points_of = |who: [u8; 32]| points.iter().find(|(w, _)| *w == who).map(|(_, p)| *p).unwrap_or(0);
	ensure!(points_of(offline_id) == 0, "{offline_name} was offline through era {whole_era} and must have no points");
	ensure!(points_of(alice_id) > 0, "Alice authored in era {whole_era} and must have points");

	// Payouts for that era: the offline validator gets nothing, Alice her share.
	let total = |b: (u128, u128)| b.0 + b.1;
	let offline_before = total(balance(&alice_client, &offline_id, None).await?);
	let payout = |who: [u8; 32]| {
		subxt::dynamic::tx(
			"Staking",
			"payout_stakers",
			vec![Value::from_bytes(who), Value::u128(whole_era as u128)],
		)
	};
	let offline_paid = match submit(alice, &dev::ferdie(), &payout(offline_id)).await {
		Ok(events) => has_event(&events, "Staking", "Rewarded"),
		// Refused (nothing to pay) is as good as paid nothing.
		Err(e) => {
			log(format!("payout for {offline_name} refused: {e:#}"));
			false
		},
	};
	ensure!(!offline_paid, "{offline_name} must not be rewarded for era {whole_era}");
	let alice_before = total(balance(&alice_client, &alice_id, None).await?);
	let events = submit(alice, &dev::ferdie(), &payout(alice_id)).await?;
	ensure!(has_event(&events, "Staking", "Rewarded"), "Alice must be rewarded for era {whole_era}");
	// Balances at the latest finalized block: wait for the payouts to be final.
	let after = best(alice).await?;
	wait_finalized(alice, after, secs(120)).await?;
	let offline_after = total(balance(&alice_client, &offline_id, None).await?);
	let alice_after = total(balance(&alice_client, &alice_id, None).await?);
	ensure!(offline_after == offline_before, "{offline_name}: {offline_before} -> {offline_after} for an offline era");
	ensure!(alice_after > alice_before, "Alice: {alice_before} -> {alice_after}, must have earned her era reward");
	log(format!("era {whole_era}: {offline_name} earned 0, Alice {} plancks", alice_after - alice_before));

	// Equivocation: a twin of Eve's node with her keystore.
	let mut twin_options = eve_options;
	twin_options.args.retain(|arg| !matches!(arg, Arg::Option(k, _) if k == "--sync"));
	net.add_node("eve-twin", twin_options).await?;
	let alice = net.node("alice")?;
	let eve = net.node("eve")?;
	let twin = net.node("eve-twin")?;
	wait_finalized(twin, finalized(alice).await?, secs(240)).await?;
	kill(twin).await?;
	let keystore = |node: &NetworkNode| node.base_dir().join("data/chains/tensorgrid_local/keystore");
	std::fs::create_dir_all(keystore(twin))?;
	let mut copied = 0;
	for entry in std::fs::read_dir(keystore(eve))? {
		let entry = entry?;
		std::fs::copy(entry.path(), keystore(twin).join(entry.file_name()))?;
		copied += 1;
	}
	ensure!(copied >= 3, "Eve's keystore should hold her 3 session keys, found {copied} files");
	restart(twin).await?;
	let held = rpc(twin, "author_hasSessionKeys", vec![hex0x(&keys).into()]).await?;
	ensure!(held.as_bool() == Some(true), "the twin must hold Eve's session keys");
	let watch_from = best(alice).await?;
	log(format!("eve-twin signs with Eve's keys from #{watch_from}"));

	// The offence, the slash report and the disabling, as events on Alice's chain.
	let era_of_offence = active_era(&alice_client, None).await?;
	let deadline = Instant::now() + secs(420);
	let (mut offence, mut slash_reported, mut disabled) = (None, false, false);
	let mut next = watch_from;
	while offence.is_none() || !slash_reported || !disabled {
		if Instant::now() > deadline {
			bail!(
				"after #{watch_from}..#{next}: offence {offence:?}, Eve's slash reported {slash_reported}, Eve disabled {disabled}"
			);
		}
		let top = best(alice).await?;
		while next <= top {
			let Some(hash) = block_hash(alice, next).await? else { break };
			for (pallet, variant, fields) in block_events(&alice_client, h256(&hash)?).await? {
				let about_eve = |name: &str| match &fields {
					Composite::Named(named) => named
						.iter()
						.any(|(n, v)| n == name && bytes_of(v).as_deref() == Some(&stash_id[..])),
					Composite::Unnamed(values) => values.first().and_then(bytes_of).as_deref() == Some(&stash_id[..]),
				};
				match (pallet.as_str(), variant.as_str()) {
					("Offences", "Offence") => {
						let kind = fields.values().next().and_then(bytes_of).unwrap_or_default();
						log(format!("#{next}: offence {}", String::from_utf8_lossy(&kind)));
						offence = Some(String::from_utf8_lossy(&kind).to_string());
					},
					("Staking", "SlashReported") if about_eve("validator") => {
						log(format!("#{next}: Staking.SlashReported {fields:?}"));
						slash_reported = true;
					},
					("Session", "ValidatorDisabled") if about_eve("validator") => {
						log(format!("#{next}: Session.ValidatorDisabled for Eve"));
						disabled = true;
					},
					_ => {},
				}
			}
			next += 1;
		}
		tokio::time::sleep(secs(3)).await;
	}
	let kind = offence.expect("loop ends with an offence");
	ensure!(kind.contains("equivocatio"), "the offence must be an equivocation, got {kind:?}");

	// The slash is deferred (unapplied, cancellable) and Eve is disabled in the session.
	let mut unapplied = None;
	for era in era_of_offence..=era_of_offence + SLASH_DEFER_DURATION + 2 {
		if let Some(slashes) = storage(&alice_client, "Staking", "UnappliedSlashes", vec![Value::u128(era as u128)], None).await? {
			let entries: Vec<_> = match &slashes.value {
				ValueDef::Composite(c) => c.values().collect(),
				_ => vec![],
			};
			if entries.iter().any(|s| s.at("validator").and_then(bytes_of).as_deref() == Some(&stash_id[..])) {
				unapplied = Some(era);
				break;
			}
		}
	}
	let apply_era = unapplied.context("no unapplied (deferred) slash of Eve in Staking.UnappliedSlashes")?;
	log(format!("Eve's slash is deferred to era {apply_era} (offence in era {era_of_offence})"));
	ensure!(apply_era >= era_of_offence + SLASH_DEFER_DURATION, "the slash must wait SlashDeferDuration eras");
	let validators = session_validators(&alice_client, None).await?;
	let index = validators.iter().position(|v| *v == stash_id);
	let disabled_now = storage(&alice_client, "Session", "DisabledValidators", vec![], None).await?;
	log(format!("Eve's index {index:?}, Session.DisabledValidators {disabled_now:?}"));

	let _ = eve;
	net.destroy().await?;
	log(format!("offline_validator_earns_nothing_and_equivocator_is_slashed: {:.0?}", started.elapsed()));
	Ok(())
}
