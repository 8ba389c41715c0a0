//! Test 1: finality under a lost validator (networks/four-validators.toml).
//!
//! GRANDPA needs more than 2/3 of the 4 votes: 3. With one validator killed the other three
//! keep producing and finalizing blocks; restarted, it catches up with the finalized head
//! and votes again (finality goes on when another validator is then killed, which it could
//! not without the restarted one's vote). With two validators down, finality stalls while
//! BABE goes on producing blocks; when one comes back, finality resumes and catches up with
//! the blocks produced meanwhile.

use std::time::Instant;

use anyhow::Result;
use tensorgrid_zombienet::*;

#[tokio::test(flavor = "multi_thread")]
async fn finality_survives_one_lost_validator_and_stalls_without_two() -> Result<()> {
	let started = Instant::now();
	let net = spawn("four-validators").await?;
	let alice = net.node("alice")?;
	let bob = net.node("bob")?;
	let charlie = net.node("charlie")?;
	let dave = net.node("dave")?;
	let all = [alice, bob, charlie, dave];

	wait_finalized(alice, 3, secs(240)).await?;
	log(describe(&all).await);

	// One validator lost: 3 of 4 votes still finalize, and blocks keep coming.
	kill(dave).await?;
	let (best0, fin0) = (best(alice).await?, finalized(alice).await?);
	wait_finalized(alice, fin0 + 4, secs(180)).await?;
	wait_finalized(bob, fin0 + 4, secs(60)).await?;
	assert!(best(alice).await? >= best0 + 4, "blocks must still be produced with Dave down");
	log(describe(&[alice, bob, charlie]).await);

	// Dave restarts on his database and catches up with the finalized head.
	restart(dave).await?;
	let head = finalized(alice).await?;
	wait_finalized(dave, head, secs(180)).await?;
	log(describe(&all).await);

	// ... and votes again: with Charlie down, finality needs Alice, Bob and Dave.
	kill(charlie).await?;
	let fin1 = finalized(alice).await?;
	wait_finalized(alice, fin1 + 4, secs(180)).await?;
	wait_finalized(dave, fin1 + 4, secs(60)).await?;
	log(describe(&[alice, bob, dave]).await);

	// Two validators down (Charlie and Bob): 2 of 4 votes cannot finalize; BABE goes on.
	kill(bob).await?;
	// Let a round that already had its votes complete.
	tokio::time::sleep(secs(15)).await;
	let (stall_best, stall_fin) = (best(alice).await?, finalized(alice).await?);
	tokio::time::sleep(secs(60)).await;
	let (after_best, after_fin) = (best(alice).await?, finalized(alice).await?);
	log(format!(
		"with 2 of 4 validators: best #{stall_best} -> #{after_best}, finalized #{stall_fin} -> #{after_fin} in 60 s"
	));
	assert_eq!(after_fin, stall_fin, "finality must stall with only 2 of 4 validators");
	assert_eq!(finalized(dave).await?, stall_fin, "Dave must not finalize alone with Alice either");
	assert!(
		after_best >= stall_best + 3,
		"block production must go on with 2 of 4 validators (best #{stall_best} -> #{after_best})"
	);

	// One comes back: 3 of 4 again, finality resumes and catches up with the stalled blocks.
	restart(charlie).await?;
	let target = best(alice).await?;
	wait_finalized(alice, target, secs(240)).await?;
	wait_finalized(charlie, target, secs(120)).await?;
	wait_finalized(dave, target, secs(60)).await?;
	assert!(finalized(alice).await? > after_fin, "finality must resume");
	log(describe(&[alice, charlie, dave]).await);

	net.destroy().await?;
	log(format!("finality_survives_one_lost_validator_and_stalls_without_two: {:.0?}", started.elapsed()));
	Ok(())
}
