//! Cooperative cancellation of CPU work.
//!
//! The service hands every job a [`Cancel`] token; it is set when the job times out or is
//! cancelled. The CPU kernels poll it through a [`Meter`] about every [`CHECK_EVERY_OPS`]
//! multiply-adds (a millisecond or so of work) and return [`WorkerError::Cancelled`], so an
//! abandoned job stops within a few milliseconds instead of computing to the end. A GPU
//! command buffer, once submitted, cannot be interrupted: the GPU path checks the token
//! only before it takes the device and before it submits.

use crate::error::{Result, WorkerError};
use std::sync::{
	atomic::{AtomicBool, Ordering},
	Arc,
};

/// How many operations a [`Meter`] lets pass between two looks at its token.
pub const CHECK_EVERY_OPS: u64 = 1 << 20;

/// A cancellation flag shared between whoever may stop a job and the thread running it.
/// Clones share the flag. The default token is never set unless someone calls
/// [`Cancel::cancel`] on it or a clone.
#[derive(Clone, Debug, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
	pub fn new() -> Cancel {
		Cancel::default()
	}

	/// Ask the work to stop. Idempotent.
	pub fn cancel(&self) {
		self.0.store(true, Ordering::Release);
	}

	pub fn is_cancelled(&self) -> bool {
		self.0.load(Ordering::Acquire)
	}

	/// `Err(Cancelled)` once the token is set.
	pub fn check(&self) -> Result<()> {
		if self.is_cancelled() {
			Err(WorkerError::Cancelled)
		} else {
			Ok(())
		}
	}

	/// A meter that checks this token every [`CHECK_EVERY_OPS`] counted operations.
	pub fn meter(&self) -> Meter<'_> {
		Meter { cancel: self, ops: 0 }
	}
}

/// Counts a kernel's operations and looks at the token every [`CHECK_EVERY_OPS`] of them,
/// so the check costs nothing measurable whatever the shape (a row of one element or of
/// 2^17).
pub struct Meter<'a> {
	cancel: &'a Cancel,
	ops: u64,
}

impl Meter<'_> {
	/// Count `ops` operations just done; `Err(Cancelled)` if the token is set.
	#[inline]
	pub fn tick(&mut self, ops: u64) -> Result<()> {
		self.ops += ops.max(1);
		if self.ops >= CHECK_EVERY_OPS {
			self.ops = 0;
			self.cancel.check()
		} else {
			Ok(())
		}
	}
}
