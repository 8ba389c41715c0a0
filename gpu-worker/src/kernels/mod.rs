//! The kernels. Each module keeps its WGSL shader, its GPU dispatch and its CPU reference
//! together, so a kernel's contract is read in one place.

pub mod attention;
pub mod conv2d;
pub mod matmul;
pub mod mlp;
pub mod predict;
pub mod train;
