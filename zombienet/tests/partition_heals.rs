//! Test 4: a partition heals (networks/four-validators.toml).
//!
//! Charlie is cut off (SIGSTOP: he keeps his connections but answers nothing) while the
//! others go on, finalize and carry transfers; he falls several blocks behind, and when he
//! comes back (SIGCONT, with his stale chain: he may even author a block on it before he
//! hears of the others') he syncs. Then every node has the same finalized chain (no fork
//! stays finalized anywhere) and the same balances, the transfers made while he was away
//! included.

use std::time::Instant;

use anyhow::{ensure, Result};
use tensorgrid_zombienet::*;

#[tokio::test(flavor = "multi_thread")]
async fn isolated_validator_rejoins_the_finalized_chain() -> Result<()> {
	let started = Instant::now();
	let net = spawn("four-validators").await?;
	let alice = net.node("alice")?;
	let bob = net.node("bob")?;
	let charlie = net.node("charlie")?;
	let dave = net.node("dave")?;
	let all = [alice, bob, charlie, dave];
	wait_finalized(alice, 3, secs(240)).await?;

	let accounts: Vec<(&str, [u8; 32])> = ["alice", "bob", "charlie", "dave", "eve", "ferdie"]
		.into_iter()
		.map(|name| Ok((name, account(&dev_account(name)?))))
		.collect::<Result<_>>()?;
	let ferdie = account(&dev::ferdie());
	let eve = account(&dev::eve());
	let alice_client = client(alice).await?;
	let (ferdie_before, _) = balance(&alice_client, &ferdie, None).await?;
	let (eve_before, _) = balance(&alice_client, &eve, None).await?;

	// Charlie is cut off.
	let charlie_best_before = best(charlie).await?;
	pause(charlie).await?;

	// Meanwhile the others carry transfers and finalize them (3 of 4 votes).
	let sent_to_ferdie = 3 * UNIT;
	for _ in 0..3 {
		submit(alice, &dev::alice(), &transfer(&ferdie, UNIT)).await?;
	}
	submit(bob, &dev::bob(), &transfer(&eve, 7 * UNIT)).await?;
	let away_until = best(alice).await?.max(charlie_best_before + 8);
	wait_best(alice, away_until, secs(180)).await?;
	let target = best(alice).await?;
	wait_finalized(alice, target, secs(120)).await?;
	log(describe(&[alice, bob, dave]).await);

	// Charlie comes back, several blocks behind.
	resume(charlie).await?;
	let charlie_best_back = best(charlie).await?;
	let alice_best_back = best(alice).await?;
	log(format!(
		"Charlie back: stopped at #{charlie_best_before}, answers #{charlie_best_back} on waking, Alice at #{alice_best_back}"
	));
	ensure!(
		alice_best_back >= charlie_best_before + 5,
		"Charlie should have fallen behind by several blocks (#{charlie_best_before} vs #{alice_best_back})"
	);

	// He syncs, and finality goes on with all four.
	let target = alice_best_back + 3;
	for node in all {
		wait_finalized(node, target, secs(240)).await?;
	}
	log(describe(&all).await);

	// One finalized chain everywhere: the canonical hash of every finalized height agrees.
	let mut common = u32::MAX;
	for node in all {
		common = common.min(finalized(node).await?);
	}
	for number in 1..=common {
		let reference = block_hash(alice, number).await?;
		ensure!(reference.is_some(), "Alice has no block #{number}");
		for node in [bob, charlie, dave] {
			let hash = block_hash(node, number).await?;
			ensure!(
				hash == reference,
				"{} has {hash:?} at finalized height #{number}, Alice {reference:?}: a fork stayed finalized",
				node.name()
			);
		}
	}
	log(format!("the four nodes agree on blocks #1..=#{common}"));

	// The same balances on every node, read from each node's own state.
	let at = h256(&block_hash(alice, common).await?.expect("checked above"))?;
	let mut reference = vec![];
	for (_, who) in &accounts {
		reference.push(balance(&alice_client, who, Some(at)).await?);
	}
	for node in [bob, charlie, dave] {
		let node_client = client(node).await?;
		for ((name, who), expected) in accounts.iter().zip(&reference) {
			let got = balance(&node_client, who, Some(at)).await?;
			ensure!(got == *expected, "{}: {name} has {got:?} at #{common}, Alice says {expected:?}", node.name());
		}
	}
	let (ferdie_after, _) = balance(&alice_client, &ferdie, Some(at)).await?;
	let (eve_after, _) = balance(&alice_client, &eve, Some(at)).await?;
	ensure!(ferdie_after == ferdie_before + sent_to_ferdie, "Ferdie: {ferdie_before} + {sent_to_ferdie} != {ferdie_after}");
	ensure!(eve_after == eve_before + 7 * UNIT, "Eve: {eve_before} + 7 TGD != {eve_after}");
	// Charlie's own view of the latest state agrees too.
	let charlie_client = client(charlie).await?;
	let (ferdie_on_charlie, _) = balance(&charlie_client, &ferdie, None).await?;
	ensure!(ferdie_on_charlie == ferdie_after, "Charlie's finalized state has Ferdie at {ferdie_on_charlie}");
	log(format!("balances agree on all nodes at #{common}"));

	net.destroy().await?;
	log(format!("isolated_validator_rejoins_the_finalized_chain: {:.0?}", started.elapsed()));
	Ok(())
}
