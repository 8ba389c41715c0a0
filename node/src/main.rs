//! `tensorgrid-node`: a BABE + GRANDPA node for the Tensorgrid compute market.

mod artifacts;
mod chain_spec;
mod cli;
mod command;
mod gpu_worker;
mod rpc;
mod service;
mod try_upgrade;

fn main() {
	if let Err(error) = command::run() {
		// One readable line instead of a debug dump: operators read this in their logs.
		eprintln!("Error: {error}");
		std::process::exit(1);
	}
}
