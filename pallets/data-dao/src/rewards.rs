//! Revenue shared pro rata with O(1) work per payment and per claim: a reward-per-weight
//! accumulator. A payment raises `per_weight` by `amount / total_weight`; a participant
//! is owed `weight × per_weight − debt` (plus what it was owed before its weight last
//! changed). The remainder of each division is kept as `dust` and added to the next
//! payment, so nothing is created or lost:
//!
//! `Σ owed + dust + paid == received`, exactly, at every moment (checked by `try_state`).
//!
//! A participant's weight changes only after it is settled at the current `per_weight`,
//! so nobody is paid for revenue received before its weight existed.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// One revenue pool (a DAO's contributors by shares, or its curators one each).
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen, Default)]
pub struct Pool {
	pub per_weight: u128,
	pub total_weight: u128,
	/// Received but not yet divisible among the weights.
	pub dust: u128,
	pub received: u128,
	pub paid: u128,
}

/// A participant's weight in a pool and its account.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen, Default)]
pub struct Stake {
	pub weight: u128,
	/// `weight × per_weight` when last settled.
	pub debt: u128,
	/// Owed and not yet claimed, as of the last settlement.
	pub unclaimed: u128,
}

/// Arithmetic that would leave u128 (bounded weights make it unreachable in practice).
#[derive(Debug, PartialEq, Eq)]
pub struct Overflow;

impl Pool {
	/// Take in `amount`. With no weight in the pool it returns `amount` untouched for the
	/// caller to keep elsewhere (there is nobody to owe it to).
	pub fn receive(&mut self, amount: u128) -> Result<u128, Overflow> {
		if self.total_weight == 0 {
			return Ok(amount);
		}
		let available = self.dust.checked_add(amount).ok_or(Overflow)?;
		let step = available / self.total_weight;
		let per_weight = self.per_weight.checked_add(step).ok_or(Overflow)?;
		// `step × total_weight ≤ available`, so this neither overflows nor underflows.
		self.dust = available - step * self.total_weight;
		self.per_weight = per_weight;
		self.received = self.received.checked_add(amount).ok_or(Overflow)?;
		Ok(0)
	}

	/// What `stake` is owed now.
	pub fn owed(&self, stake: &Stake) -> Result<u128, Overflow> {
		let accrued = stake.weight.checked_mul(self.per_weight).ok_or(Overflow)?;
		accrued.checked_sub(stake.debt).and_then(|a| a.checked_add(stake.unclaimed)).ok_or(Overflow)
	}

	/// Move what `stake` is owed into `unclaimed` and its debt to the current level.
	pub fn settle(&self, stake: &mut Stake) -> Result<(), Overflow> {
		let owed = self.owed(stake)?;
		stake.debt = stake.weight.checked_mul(self.per_weight).ok_or(Overflow)?;
		stake.unclaimed = owed;
		Ok(())
	}

	/// Settle `stake`, then give it `weight`.
	pub fn set_weight(&mut self, stake: &mut Stake, weight: u128) -> Result<(), Overflow> {
		self.settle(stake)?;
		let total = self.total_weight.checked_sub(stake.weight).and_then(|t| t.checked_add(weight)).ok_or(Overflow)?;
		let debt = weight.checked_mul(self.per_weight).ok_or(Overflow)?;
		self.total_weight = total;
		stake.weight = weight;
		stake.debt = debt;
		Ok(())
	}

	/// Settle `stake` and hand over everything it is owed (recorded as paid).
	pub fn claim(&mut self, stake: &mut Stake) -> Result<u128, Overflow> {
		self.settle(stake)?;
		let amount = stake.unclaimed;
		self.paid = self.paid.checked_add(amount).ok_or(Overflow)?;
		stake.unclaimed = 0;
		Ok(amount)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	/// The invariant over a pool and every stake in it.
	fn conserved(pool: &Pool, stakes: &[Stake]) -> bool {
		let owed: u128 = stakes.iter().map(|s| pool.owed(s).unwrap()).sum();
		owed + pool.dust + pool.paid == pool.received
	}

	#[test]
	fn payments_split_pro_rata_with_the_remainder_carried() {
		let mut pool = Pool::default();
		let (mut a, mut b) = (Stake::default(), Stake::default());
		pool.set_weight(&mut a, 1).unwrap();
		pool.set_weight(&mut b, 2).unwrap();
		assert_eq!(pool.receive(10).unwrap(), 0);
		// 10 over 3 shares: 3 per share, 1 carried.
		assert_eq!((pool.owed(&a).unwrap(), pool.owed(&b).unwrap(), pool.dust), (3, 6, 1));
		pool.receive(2).unwrap();
		assert_eq!((pool.owed(&a).unwrap(), pool.owed(&b).unwrap(), pool.dust), (4, 8, 0));
		assert_eq!(pool.claim(&mut b).unwrap(), 8);
		assert_eq!(pool.claim(&mut b).unwrap(), 0);
		assert!(conserved(&pool, &[a, b]));
	}

	#[test]
	fn new_weight_earns_nothing_from_earlier_revenue() {
		let mut pool = Pool::default();
		let (mut early, mut late) = (Stake::default(), Stake::default());
		pool.set_weight(&mut early, 5).unwrap();
		pool.receive(100).unwrap();
		pool.set_weight(&mut late, 5).unwrap();
		assert_eq!(pool.owed(&late).unwrap(), 0);
		pool.receive(100).unwrap();
		assert_eq!((pool.owed(&early).unwrap(), pool.owed(&late).unwrap()), (150, 50));
		// Growing a stake keeps what it was owed.
		pool.set_weight(&mut early, 10).unwrap();
		assert_eq!(pool.owed(&early).unwrap(), 150);
		assert!(conserved(&pool, &[early, late]));
	}

	#[test]
	fn an_empty_pool_hands_the_payment_back() {
		let mut pool = Pool::default();
		assert_eq!(pool.receive(7).unwrap(), 7);
		assert_eq!(pool, Pool::default());
	}

	#[test]
	fn random_sequences_conserve_every_unit() {
		let mut pool = Pool::default();
		let mut stakes = [Stake::default(); 7];
		let mut seed = 0x9e37_79b9_7f4a_7c15u64;
		let mut next = || {
			seed ^= seed << 13;
			seed ^= seed >> 7;
			seed ^= seed << 17;
			seed
		};
		let mut claimed = 0u128;
		for _ in 0..20_000 {
			let who = (next() % 7) as usize;
			match next() % 3 {
				0 => pool.set_weight(&mut stakes[who], (next() % 1_000) as u128).unwrap(),
				1 => claimed += pool.claim(&mut stakes[who]).unwrap(),
				_ => {
					let back = pool.receive((next() % 10_000) as u128).unwrap();
					assert!(back == 0 || pool.total_weight == 0);
				},
			}
			assert!(conserved(&pool, &stakes));
			assert_eq!(pool.total_weight, stakes.iter().map(|s| s.weight).sum::<u128>());
		}
		assert_eq!(claimed, pool.paid);
	}
}
