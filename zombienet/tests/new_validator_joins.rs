//! Test 2: a new validator joins (networks/join.toml).
//!
//! The four genesis validators run until they have finalized a dozen blocks; then Eve's
//! node starts from a fresh base path, with `--validator` and warp sync, and syncs from
//! them. Her operator (the //Eve stash) bonds more than any genesis validator (the chain
//! elects 4 validators and nobody holds sudo to raise that), has her node generate session
//! keys with an ownership proof (`author_rotateKeysWithOwner`), submits them with
//! `session.setKeys`, and calls `staking.validate`. Within two eras she is in the active
//! set, and a block authored with her BABE key appears on the chain.

use std::time::Instant;

use anyhow::{ensure, Result};
use tensorgrid_zombienet::*;

/// What Eve bonds: more than each genesis validator's 100,000 TGD, so that she is elected
/// into the 4 seats.
const EVE_BOND: u128 = 300_000 * UNIT;

#[tokio::test(flavor = "multi_thread")]
async fn new_validator_warp_syncs_bonds_and_authors() -> Result<()> {
	let started = Instant::now();
	let (mut net, eve_options) = spawn_without_joining_node("join", "eve").await?;
	wait_finalized(net.node("alice")?, 12, secs(300)).await?;

	// Eve's node starts now, from an empty base path.
	net.add_node("eve", eve_options).await?;
	let alice = net.node("alice")?;
	let eve = net.node("eve")?;
	log(format!("eve added: {}", eve.args().join(" ")));

	// She warp-syncs to the others' finalized head, then follows the chain.
	wait_for("Eve's warp sync", secs(240), || async move {
		anyhow::Ok(eve.logs().await?.contains("Warp sync is complete"))
	})
	.await?;
	let head = finalized(alice).await?;
	wait_finalized(eve, head, secs(180)).await?;
	log(describe(&[alice, eve]).await);

	// Her operator makes her a validator.
	let stash = dev::eve();
	let stash_id = account(&stash);
	let keys = make_validator(alice, eve, &stash, EVE_BOND).await?;
	let babe_key: [u8; 32] = keys[0..32].try_into()?;
	let alice_client = client(alice).await?;
	let era_at_validate = active_era(&alice_client, None).await?;
	log(format!("Eve validates from era {era_at_validate}"));

	// Elected at the next era: in the session's validator set.
	wait_in_validator_set(&alice_client, stash_id, secs(480)).await?;
	let era_in_set = active_era(&alice_client, None).await?;
	log(format!("Eve is an active validator in era {era_in_set}"));
	ensure!(era_in_set > era_at_validate, "Eve can only be elected at a later era");

	// And she authors: a block whose BABE pre-digest names her key.
	let from = best(alice).await?.saturating_sub(3);
	let authored = find_block_by(alice, &alice_client, babe_key, from, secs(300)).await?;
	log(format!("block #{} ({}) authored by Eve", authored.0, authored.1));

	// Her era points say the same.
	let era = active_era(&alice_client, Some(h256(&authored.1)?)).await?;
	let points = era_points(&alice_client, era, Some(h256(&authored.1)?)).await?;
	let eve_points = points.iter().find(|(who, _)| *who == stash_id).map(|(_, p)| *p).unwrap_or(0);
	ensure!(eve_points > 0, "Eve authored in era {era} and must have era points: {points:?}");

	// Her node is a full participant: it follows finality.
	let head = finalized(alice).await?;
	wait_finalized(eve, head, secs(120)).await?;

	net.destroy().await?;
	log(format!("new_validator_warp_syncs_bonds_and_authors: {:.0?}", started.elapsed()));
	Ok(())
}
