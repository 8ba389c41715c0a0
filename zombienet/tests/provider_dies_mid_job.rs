//! Test 3: a provider dies mid-job (networks/providers.toml).
//!
//! Eve and Ferdie register as GPU providers of `matmul_i8`, each from her or his own
//! account (a provider is its own operator until it names another key), and put that key in
//! their node's keystore. Both provider nodes are stopped (SIGSTOP) while Charlie submits a
//! job, so that whichever is matched cannot commit before it dies; the matched one is then
//! killed and the other resumed. The chain must then: slash the dead provider exactly
//! `missed_commit_slash` (1 %) of its held stake at its commit deadline (`CommitMissed`),
//! offer the slot again (`JobRequeued`), match the survivor, and settle the job with the
//! digest of the CPU reference product. Every planck of the escrow is accounted for: what
//! was paid plus what was refunded is what was held, and the chain's total escrow is back
//! where it was.

use std::time::Instant;

use anyhow::{bail, ensure, Context, Result};
use subxt::dynamic::{At, Value};
use tensorgrid_zombienet::*;

/// What each provider stakes (the runtime's minimum is 1,000 TGD).
const STAKE: u128 = 2_000 * UNIT;
/// Price per work unit: both ask the same, so the draw is by stake alone.
const PRICE: u128 = UNIT / 10;
/// `missed_commit_slash` of the runtime, in percent.
const MISSED_COMMIT_SLASH_PERCENT: u128 = 1;
/// `local_testnet`'s commit window (runtime `LOCAL_COMMIT_WINDOW`).
const COMMIT_WINDOW: u32 = 20;

/// The job: C = A × B with A 4×6, B 6×3, small enough to run inline.
const M: usize = 4;
const K: usize = 6;
const N: usize = 3;

fn matrix(len: usize, seed: u8) -> Vec<u8> {
	(0..len).map(|i| (i as u8).wrapping_mul(37).wrapping_add(seed) ^ 0x55).collect()
}

/// The CPU reference: i8 × i8 into wrapping i32, row-major, little endian.
fn reference_product(a: &[u8], b: &[u8]) -> Vec<u8> {
	let mut c = vec![0i32; M * N];
	for i in 0..M {
		for p in 0..K {
			for j in 0..N {
				c[i * N + j] = c[i * N + j].wrapping_add((a[i * K + p] as i8 as i32) * (b[p * N + j] as i8 as i32));
			}
		}
	}
	c.iter().flat_map(|v| v.to_le_bytes()).collect()
}

fn blake2_256(bytes: &[u8]) -> [u8; 32] {
	use blake2::{digest::consts::U32, Blake2b, Digest};
	Blake2b::<U32>::digest(bytes).into()
}

/// `providers.register` of a `matmul_i8` provider on the CPU reference kernels.
fn register_call() -> subxt::tx::DynamicPayload {
	let profile = Value::named_composite([
		("adapter_name", Value::from_bytes(b"cpu reference")),
		("backend", Value::from_bytes(b"cpu")),
		("device_type", Value::from_bytes(b"Cpu")),
		("memory_mib", Value::u128(1024)),
		("kernels", Value::unnamed_composite([Value::unnamed_variant("MatmulI8", Vec::<Value>::new())])),
		("benchmark_score", Value::u128(1)),
		("endpoint", Value::from_bytes(b"")),
		("max_concurrent_jobs", Value::u128(4)),
	]);
	subxt::dynamic::tx("Providers", "register", vec![profile, Value::u128(PRICE), Value::u128(STAKE)])
}

/// A u128 field of an event.
fn field_u128(fields: &subxt::ext::scale_value::Composite<u32>, name: &str) -> Result<u128> {
	fields.at(name).and_then(|v| v.as_u128()).with_context(|| format!("no {name} in {fields:?}"))
}

/// The account a field holds.
fn field_account(fields: &subxt::ext::scale_value::Composite<u32>, name: &str) -> Result<[u8; 32]> {
	let value = fields.at(name).with_context(|| format!("no {name} in {fields:?}"))?;
	bytes_of(value).and_then(|b| b.try_into().ok()).with_context(|| format!("{name} is no account"))
}

/// Every `Jobs` event about `job` in blocks `from..=to` of `node`'s chain, with its block.
async fn job_events(
	node: &NetworkNode,
	client: &Client,
	job: u128,
	from: u32,
	to: u32,
) -> Result<Vec<(u32, String, subxt::ext::scale_value::Composite<u32>)>> {
	let mut out = vec![];
	for number in from..=to {
		let Some(hash) = block_hash(node, number).await? else { continue };
		for (pallet, variant, fields) in block_events(client, h256(&hash)?).await? {
			if pallet == "Jobs" && fields.at("job").and_then(|v| v.as_u128()) == Some(job) {
				out.push((number, variant, fields));
			}
		}
	}
	Ok(out)
}

#[tokio::test(flavor = "multi_thread")]
async fn dead_provider_is_slashed_and_the_job_settles_on_the_other() -> Result<()> {
	let started = Instant::now();
	let net = spawn("providers").await?;
	let alice = net.node("alice")?;
	wait_finalized(alice, 2, secs(240)).await?;
	let chain = client(alice).await?;

	// Eve and Ferdie become providers; each node holds its provider's key as `gpuw`.
	let providers = [("eve", dev::eve()), ("ferdie", dev::ferdie())];
	for (name, key) in &providers {
		let node = net.node(name)?;
		let suri = format!("//{}{}", name[..1].to_uppercase(), &name[1..]);
		rpc(node, "author_insertKey", vec!["gpuw".into(), suri.into(), hex0x(&account(key)).into()]).await?;
		let events = submit(alice, key, &register_call()).await?;
		ensure!(has_event(&events, "Providers", "Registered"), "{name}: providers.register emitted no Registered");
	}
	// Registrations reach the draws `DrawDelay` (3) blocks later, and each agent has
	// heartbeated by then.
	let registered_at = best(alice).await?;
	wait_best(alice, registered_at + 5, secs(120)).await?;

	// Both provider nodes stop; Charlie submits; whoever is matched cannot commit.
	for (name, _) in &providers {
		pause(net.node(name)?).await?;
	}
	let a = matrix(M * K, 3);
	let b = matrix(K * N, 11);
	let expected = blake2_256(&reference_product(&a, &b));
	let total_escrow_before = storage(&chain, "Jobs", "TotalEscrow", vec![], None).await?.and_then(|v| v.as_u128()).unwrap_or(0);
	let head = best(alice).await?;
	let submit_job = subxt::dynamic::tx(
		"Jobs",
		"submit_job",
		vec![
			Value::unnamed_variant(
				"MatmulI8",
				[Value::named_composite([
					("m", Value::u128(M as u128)),
					("k", Value::u128(K as u128)),
					("n", Value::u128(N as u128)),
				])],
			),
			Value::unnamed_composite([
				Value::unnamed_variant("Inline", [Value::from_bytes(&a)]),
				Value::unnamed_variant("Inline", [Value::from_bytes(&b)]),
			]),
			Value::u128(1),
			Value::u128(2 * PRICE),
			Value::u128((head + 300) as u128),
		],
	);
	let events = submit(alice, &dev::charlie(), &submit_job).await?;
	let submitted = events
		.iter()
		.filter_map(|e| e.ok())
		.find(|e| e.pallet_name() == "Jobs" && e.variant_name() == "JobSubmitted")
		.context("no JobSubmitted")?
		.field_values()?;
	let job = field_u128(&submitted, "job")?;
	let escrow = field_u128(&submitted, "escrow")?;
	let submitted_at = best(alice).await?;
	log(format!("job {job} submitted at about #{submitted_at}, escrow {escrow}"));

	// The match: one of the two, chosen by the chain while both are silent.
	let deadline = Instant::now() + secs(120);
	let mut assigned = None;
	while assigned.is_none() {
		ensure!(Instant::now() < deadline, "job {job} was not matched within 120 s");
		tokio::time::sleep(secs(2)).await;
		let top = best(alice).await?;
		for (_, variant, fields) in job_events(alice, &chain, job, submitted_at.saturating_sub(1), top).await? {
			if variant == "ProviderAssigned" {
				assigned = Some((field_account(&fields, "provider")?, field_u128(&fields, "commit_deadline")? as u32));
			}
		}
	}
	let (dead, commit_deadline) = assigned.expect("the loop ends once assigned");
	let (dead_name, survivor_name) = if dead == account(&dev::eve()) { ("eve", "ferdie") } else { ("ferdie", "eve") };
	ensure!(dead == account(&dev_account(dead_name)?), "the job went to neither provider");
	let (_, dead_held_before) = balance(&chain, &dead, None).await?;
	ensure!(dead_held_before >= STAKE, "{dead_name} holds {dead_held_before}, less than the stake {STAKE}");
	kill(net.node(dead_name)?).await?;
	resume(net.node(survivor_name)?).await?;
	log(format!("{dead_name} matched (commit by #{commit_deadline}) and killed; {survivor_name} resumed"));

	// At the deadline the dead provider is slashed and the slot goes to the survivor, who
	// runs the job; it settles with the reference digest.
	let survivor = account(&dev_account(survivor_name)?);
	let deadline = Instant::now() + secs(60 + 6 * (COMMIT_WINDOW as u64 + 40));
	loop {
		// Read at the finalized head (subxt's latest), which may not hold the job yet.
		let Some(state) = storage(&chain, "Jobs", "Jobs", vec![Value::u128(job)], None).await? else {
			ensure!(Instant::now() < deadline, "job {job} never reached the finalized state");
			tokio::time::sleep(secs(3)).await;
			continue;
		};
		let name = match &state.at("state").context("no state")?.value {
			subxt::ext::scale_value::ValueDef::Variant(v) => v.name.clone(),
			other => bail!("state is {other:?}"),
		};
		if name == "Settled" {
			break;
		}
		ensure!(!["Refunded", "Expired", "Cancelled"].contains(&name.as_str()), "job {job} ended {name}");
		ensure!(Instant::now() < deadline, "job {job} is still {name}");
		tokio::time::sleep(secs(3)).await;
	}
	log(format!("job {job} settled"));
	let settled_by = best(alice).await?;
	let events = job_events(alice, &chain, job, submitted_at.saturating_sub(1), settled_by).await?;
	for (number, variant, _) in &events {
		log(format!("  #{number} Jobs.{variant}"));
	}
	let find = |variant: &str| events.iter().find(|(_, v, _)| v == variant);

	// The dead provider: slashed 1 % of its held stake, once, at its commit deadline.
	let (missed_at, _, missed) = find("CommitMissed").context("no CommitMissed")?;
	ensure!(field_account(missed, "provider")? == dead, "CommitMissed names another provider");
	let slashed = field_u128(missed, "slashed")?;
	ensure!(
		slashed == dead_held_before * MISSED_COMMIT_SLASH_PERCENT / 100,
		"slashed {slashed}, not {MISSED_COMMIT_SLASH_PERCENT} % of {dead_held_before}"
	);
	ensure!(*missed_at >= commit_deadline, "slashed at #{missed_at}, before its deadline #{commit_deadline}");
	ensure!(events.iter().filter(|(_, v, _)| v == "CommitMissed").count() == 1, "slashed more than once");
	let (_, dead_held_after) = balance(&chain, &dead, None).await?;
	ensure!(dead_held_after == dead_held_before - slashed, "{dead_name} holds {dead_held_after} after a slash of {slashed}");

	// The slot went to the survivor, who committed and was paid.
	find("JobRequeued").context("the slot was not offered again")?;
	let reassigned: Vec<_> = events.iter().filter(|(_, v, _)| v == "ProviderAssigned").collect();
	ensure!(reassigned.len() == 2, "expected two assignments, got {}", reassigned.len());
	ensure!(field_account(&reassigned[1].2, "provider")? == survivor, "the slot went to someone else");
	let (_, _, result) = find("JobSettled").context("no JobSettled")?;
	let digest = result.at("result_digest").and_then(bytes_of).context("no result_digest")?;
	ensure!(digest == expected, "result {} is not the CPU reference {}", hex0x(&digest), hex0x(&expected));

	// Nothing held is lost: paid + refunded == escrow, and no escrow is left held.
	let paid: u128 = events
		.iter()
		.filter(|(_, v, _)| v == "EscrowPaid")
		.map(|(_, _, f)| field_u128(f, "amount"))
		.sum::<Result<u128>>()?;
	let refunded: u128 = events
		.iter()
		.filter(|(_, v, _)| ["JobSettled", "ReplicasReduced"].contains(&v.as_str()))
		.map(|(_, _, f)| field_u128(f, "refund"))
		.sum::<Result<u128>>()?;
	ensure!(paid + refunded == escrow, "paid {paid} + refunded {refunded} != escrow {escrow}");
	ensure!(field_u128(result, "paid")? == paid, "JobSettled.paid is not the sum of EscrowPaid");
	let total_escrow_after = storage(&chain, "Jobs", "TotalEscrow", vec![], None).await?.and_then(|v| v.as_u128()).unwrap_or(0);
	ensure!(total_escrow_after == total_escrow_before, "total escrow {total_escrow_after}, was {total_escrow_before}");
	log(format!(
		"job {job}: {dead_name} slashed {slashed} at #{missed_at}, {survivor_name} paid {paid}, {refunded} refunded, settled by #{settled_by}"
	));

	net.destroy().await?;
	log(format!("dead_provider_is_slashed_and_the_job_settles_on_the_other: {:.0?}", started.elapsed()));
	Ok(())
}
