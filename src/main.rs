//! `livelens`: the command-line face of the same core the page uses.
//!
//! The binary's own modules live in `src/cli/` (the library never includes them).

#[cfg(not(target_arch = "wasm32"))]
mod cli;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::exit(cli::run(&args));
}

#[cfg(target_arch = "wasm32")]
fn main() {}
