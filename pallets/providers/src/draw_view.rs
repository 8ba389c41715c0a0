//! What the matcher and the verifier draw see of a provider: its state as it was at least
//! `DrawDelay` blocks ago.
//!
//! The draw randomness of block N mixes the VRF outputs of the blocks before it, and the
//! author of block N−1 knows all of them while it builds that block. If a provider's own
//! calls in that block (bond more, pause a sibling account, lower a price, come online)
//! changed who may be drawn at N, a block author that is also a provider could arrange its
//! accounts to win chosen jobs. So every change a provider makes reaches the draws only
//! `DrawDelay` blocks later, when the randomness that will use it is no longer known to
//! any single author in advance (see `docs/protocol.md`).

use crate::{pallet::*, types::*};
use frame_support::traits::Get;
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::Saturating;

impl<T: Config> Pallet<T> {
	/// The provider's draw-relevant state now.
	pub(crate) fn current_view(p: &ProviderOf<T>) -> DrawViewOf<T> {
		DrawView {
			stake: p.stake,
			price_per_unit: p.price_per_unit,
			status: p.status,
			last_heartbeat: p.last_heartbeat,
			kernels: p.profile.kernels.clone(),
		}
	}

	/// Call before changing anything the draw view holds: keeps the state from before the
	/// first change of the last `DrawDelay` blocks.
	pub(crate) fn note_change(p: &mut ProviderOf<T>, now: BlockNumberFor<T>) {
		if p.changed_at.saturating_add(T::DrawDelay::get()) <= now {
			p.view = Self::current_view(p);
		}
		p.changed_at = now;
	}

	/// What the draws at block `now` see.
	pub fn draw_view(p: &ProviderOf<T>, now: BlockNumberFor<T>) -> DrawViewOf<T> {
		if now < p.changed_at.saturating_add(T::DrawDelay::get()) {
			p.view.clone()
		} else {
			Self::current_view(p)
		}
	}
}
