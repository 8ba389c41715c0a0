//! Reputation: exponentially decayed success and failure counts, scored per mill.
//!
//! Counts are kept in thousandths of an event so decay stays integer. Every
//! `half_life` blocks both counts halve; between halvings they fall linearly, a chord of
//! the exponential that never decays faster than it. The score is the mean of a Beta
//! posterior with a uniform prior: `(s + 1) / (s + f + 2)`, so a new provider starts at
//! 500 ‰ and recent behaviour weighs most.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::{traits::AtLeast32BitUnsigned, SaturatedConversion};

/// One event, in count units.
pub const EVENT: u64 = 1_000;

#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen, Default,
)]
pub struct Reputation<BlockNumber> {
	/// Decayed successes, in thousandths.
	pub successes: u64,
	/// Decayed failures, in thousandths.
	pub failures: u64,
	/// Block the counts were last decayed to.
	pub updated_at: BlockNumber,
}

fn decay_count(count: u64, elapsed: u64, half_life: u64) -> u64 {
	if half_life == 0 {
		return count;
	}
	let halvings = elapsed / half_life;
	if halvings >= 64 {
		return 0;
	}
	let halved = count >> halvings;
	let rest = elapsed % half_life;
	// Linear between halvings: at `rest = half_life` this reaches the next halving.
	let u = halved as u128;
	(u - u * rest as u128 / (2 * half_life as u128)) as u64
}

impl<BlockNumber: AtLeast32BitUnsigned + Copy> Reputation<BlockNumber> {
	/// A fresh record at `now`.
	pub fn new(now: BlockNumber) -> Self {
		Reputation { successes: 0, failures: 0, updated_at: now }
	}

	/// The counts decayed to `now`.
	pub fn decayed(&self, now: BlockNumber, half_life: BlockNumber) -> Self {
		let elapsed: u64 = now.saturating_sub(self.updated_at).saturated_into();
		let hl: u64 = half_life.saturated_into();
		Reputation {
			successes: decay_count(self.successes, elapsed, hl),
			failures: decay_count(self.failures, elapsed, hl),
			updated_at: if now > self.updated_at { now } else { self.updated_at },
		}
	}

	/// Record a success at `now`.
	pub fn record_success(&mut self, now: BlockNumber, half_life: BlockNumber) {
		*self = self.decayed(now, half_life);
		self.successes = self.successes.saturating_add(EVENT);
	}

	/// Record a failure at `now`.
	pub fn record_failure(&mut self, now: BlockNumber, half_life: BlockNumber) {
		*self = self.decayed(now, half_life);
		self.failures = self.failures.saturating_add(EVENT);
	}

	/// Score per mill at `now`: `(s + 1) / (s + f + 2)`.
	pub fn permill(&self, now: BlockNumber, half_life: BlockNumber) -> u32 {
		let d = self.decayed(now, half_life);
		let s = d.successes as u128 + EVENT as u128;
		let total = d.successes as u128 + d.failures as u128 + 2 * EVENT as u128;
		(s * 1_000 / total) as u32
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn new_provider_scores_half() {
		assert_eq!(Reputation::<u32>::new(0).permill(0, 100), 500);
	}

	#[test]
	fn successes_raise_and_failures_lower_the_score() {
		let mut r = Reputation::<u32>::new(0);
		for _ in 0..8 {
			r.record_success(1, 100);
		}
		assert_eq!(r.permill(1, 100), 900); // (8+1)/(8+2)
		r.record_failure(1, 100);
		assert_eq!(r.permill(1, 100), 818); // 9/11
	}

	#[test]
	fn counts_halve_every_half_life_and_old_failures_fade() {
		let mut r = Reputation::<u32>::new(0);
		for _ in 0..4 {
			r.record_failure(0, 100);
		}
		assert_eq!(r.decayed(100, 100).failures, 2_000);
		assert_eq!(r.decayed(150, 100).failures, 1_500);
		assert_eq!(r.decayed(200, 100).failures, 1_000);
		assert_eq!(r.decayed(100 * 70, 100).failures, 0);
		assert!(r.permill(1_000, 100) > r.permill(0, 100));
	}
}
