//! `livelens`: the command-line face of the same core the page uses.
//!
//! The binary's own modules live in `src/cli/` (the library never includes them).

#[cfg(not(target_arch = "wasm32"))]
mod cli;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    fixed_mmap_threshold();
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::exit(cli::run(&args));
}

#[cfg(target_arch = "wasm32")]
fn main() {}

/// glibc's malloc serves blocks of 128 KiB or more with their own `mmap` (given back to the
/// system when freed), but raises that threshold to the size of each such block freed, up to
/// 32 MiB: after the parse frees its pieces, the report's tables of a few MiB come from the
/// heap and its holes stay resident (and, on two threads, from a second arena). Setting the
/// threshold fixes it at its default: the whole medium report's peak RSS 108.4 → 102.7 MB with
/// two threads, 96.3 → 91.4 MB with one under load (docs/benchmarks.md, "Peak memory on both
/// cores (g13-mem)"). The results do not depend on it.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn fixed_mmap_threshold() {
    extern "C" {
        fn mallopt(param: std::os::raw::c_int, value: std::os::raw::c_int) -> std::os::raw::c_int;
    }
    const M_MMAP_THRESHOLD: std::os::raw::c_int = -3;
    // SAFETY: `mallopt` only sets a parameter of glibc's allocator (thread-safe, and called
    // before any other thread exists); a refusal (0) leaves the default behaviour.
    unsafe {
        mallopt(M_MMAP_THRESHOLD, 128 * 1024);
    }
}

#[cfg(all(
    not(target_arch = "wasm32"),
    not(all(target_os = "linux", target_env = "gnu"))
))]
fn fixed_mmap_threshold() {}
