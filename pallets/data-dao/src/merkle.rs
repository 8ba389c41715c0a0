//! Dataset versions as Merkle roots: an append-only binary tree of fixed depth over the
//! accepted items, kept on chain as its frontier (one hash per level, O(depth) per
//! append), so a version's root costs no walk over the items. Anyone holding the item
//! list proves an item's membership with [`proof`] and checks it with [`verify`].
//!
//! Leaves are `blake2_256("tensorgrid/data-dao/leaf" ‖ item hash ‖ size as u64 LE)`;
//! an inner node is `blake2_256(left ‖ right)`; empty subtrees hash to the zero hashes
//! (`Z[0] = [0; 32]`, `Z[i+1] = H(Z[i] ‖ Z[i])`), so the root of a tree with `n` items
//! depends only on those items, in order.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_io::hashing::blake2_256;
use tensorgrid_primitives::Digest;

/// Levels of the tree: room for 2^20 (about a million) items per DAO.
pub const DEPTH: usize = 20;

/// Most items a tree holds.
pub const CAPACITY: u64 = 1 << DEPTH;

/// The leaf of an item.
pub fn leaf(item: &Digest, size: u64) -> Digest {
	let mut data = Vec::with_capacity(24 + 32 + 8);
	data.extend_from_slice(b"tensorgrid/data-dao/leaf");
	data.extend_from_slice(item);
	data.extend_from_slice(&size.to_le_bytes());
	blake2_256(&data)
}

fn node(left: &Digest, right: &Digest) -> Digest {
	let mut data = [0u8; 64];
	data[..32].copy_from_slice(left);
	data[32..].copy_from_slice(right);
	blake2_256(&data)
}

/// Hashes of empty subtrees, level by level.
fn zero_hashes() -> [Digest; DEPTH + 1] {
	let mut zeros = [[0u8; 32]; DEPTH + 1];
	for level in 0..DEPTH {
		zeros[level + 1] = node(&zeros[level], &zeros[level]);
	}
	zeros
}

/// The left siblings still waiting for a right one, one per level, and the leaf count.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen, Default)]
pub struct Frontier {
	pub branch: [Digest; DEPTH],
	pub count: u64,
}

impl Frontier {
	/// Add a leaf; `false` (and no change) when the tree is full.
	pub fn append(&mut self, leaf: Digest) -> bool {
		if self.count >= CAPACITY {
			return false;
		}
		let mut size = self.count + 1;
		let mut hash = leaf;
		for level in 0..DEPTH {
			if size & 1 == 1 {
				self.branch[level] = hash;
				break;
			}
			hash = node(&self.branch[level], &hash);
			size >>= 1;
		}
		self.count += 1;
		true
	}

	/// Root of the tree of the leaves appended so far.
	pub fn root(&self) -> Digest {
		let zeros = zero_hashes();
		let mut hash = [0u8; 32];
		let mut size = self.count;
		for level in 0..DEPTH {
			hash = if size & 1 == 1 { node(&self.branch[level], &hash) } else { node(&hash, &zeros[level]) };
			size >>= 1;
		}
		hash
	}
}

/// Siblings from the leaf up of leaf `index` among `leaves` (the items of a version, in
/// order); `None` when `index` is out of range.
pub fn proof(leaves: &[Digest], index: usize) -> Option<Vec<Digest>> {
	if index >= leaves.len() || leaves.len() as u64 > CAPACITY {
		return None;
	}
	let zeros = zero_hashes();
	let mut level_nodes: Vec<Digest> = leaves.to_vec();
	let mut position = index;
	let mut siblings = Vec::with_capacity(DEPTH);
	for level in 0..DEPTH {
		let sibling = position ^ 1;
		siblings.push(level_nodes.get(sibling).copied().unwrap_or(zeros[level]));
		let next: Vec<Digest> = level_nodes
			.chunks(2)
			.map(|pair| node(&pair[0], pair.get(1).unwrap_or(&zeros[level])))
			.collect();
		level_nodes = next;
		position >>= 1;
	}
	Some(siblings)
}

/// Whether `leaf` sits at `index` of the tree with `root`, given its `siblings`.
pub fn verify(leaf: &Digest, index: u64, siblings: &[Digest], root: &Digest) -> bool {
	if siblings.len() != DEPTH || index >= CAPACITY {
		return false;
	}
	let mut hash = *leaf;
	for (level, sibling) in siblings.iter().enumerate() {
		hash = if (index >> level) & 1 == 0 { node(&hash, sibling) } else { node(sibling, &hash) };
	}
	hash == *root
}

#[cfg(test)]
mod tests {
	use super::*;

	fn leaves(n: usize) -> Vec<Digest> {
		(0..n).map(|i| leaf(&blake2_256(&(i as u64).to_le_bytes()), i as u64 + 1)).collect()
	}

	/// The root computed from all leaves at once, for comparison.
	fn full_root(leaves: &[Digest]) -> Digest {
		let zeros = zero_hashes();
		let mut nodes = leaves.to_vec();
		for level in 0..DEPTH {
			nodes = nodes.chunks(2).map(|p| node(&p[0], p.get(1).unwrap_or(&zeros[level]))).collect();
			if nodes.is_empty() {
				nodes.push(zeros[level + 1]);
			}
		}
		nodes[0]
	}

	#[test]
	fn frontier_root_matches_the_full_tree_at_every_size() {
		let all = leaves(70);
		let mut frontier = Frontier::default();
		assert_eq!(frontier.root(), full_root(&[]));
		for n in 1..=all.len() {
			assert!(frontier.append(all[n - 1]));
			assert_eq!(frontier.root(), full_root(&all[..n]), "after {n} leaves");
		}
	}

	#[test]
	fn every_leaf_proves_against_its_version_and_no_other() {
		let all = leaves(37);
		let mut frontier = Frontier::default();
		all.iter().for_each(|l| assert!(frontier.append(*l)));
		let root = frontier.root();
		for (i, l) in all.iter().enumerate() {
			let siblings = proof(&all, i).unwrap();
			assert!(verify(l, i as u64, &siblings, &root));
			assert!(!verify(l, (i as u64) ^ 1, &siblings, &root), "a proof is bound to its index");
			assert!(!verify(&all[(i + 1) % all.len()], i as u64, &siblings, &root));
		}
		// An item of a later version does not prove against an earlier root.
		let earlier = full_root(&all[..20]);
		assert!(!verify(&all[30], 30, &proof(&all, 30).unwrap(), &earlier));
		assert_eq!(proof(&all, 37), None);
	}

	#[test]
	fn a_full_tree_refuses_more_leaves() {
		let mut frontier = Frontier { count: CAPACITY, ..Default::default() };
		let before = frontier.clone();
		assert!(!frontier.append([1; 32]));
		assert_eq!(frontier, before);
	}
}
