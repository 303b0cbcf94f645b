//! The pages of memory reserved for a file's rows, mapped ahead of the rows on a helper thread.
//!
//! When a streamed file starts, its events' columns and its duplicate set are reserved for the
//! rows the file's size suggests. Until now each of their pages (about 13,000 of 4 KiB for the
//! medium demo's million events) was mapped by the kernel at its first write, one page fault at
//! a time, on the thread that merges the parsed chunks, which sets the wall time of a load on
//! several threads. Here a helper thread asks the kernel to map them all at once
//! (`madvise(MADV_POPULATE_WRITE)`, Linux 5.14 and later) while the first rows are read: the
//! same pages, mapped in one call each, off the merging thread. The contents are not touched
//! (the pages of fresh memory read as zeros either way), so nothing the program computes can
//! change; where the call is not supported it fails and nothing happens. Only with several
//! threads (`--threads 1` asks for one core) and only natively on Linux; elsewhere a no-op.

/// An address range of memory to map (not dereferenced: only handed to the kernel).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Span {
    #[cfg_attr(
        not(all(target_os = "linux", not(target_arch = "wasm32"))),
        allow(dead_code)
    )]
    start: usize,
    len: usize,
}

impl Span {
    /// The room a vector has beyond its elements.
    pub(crate) fn spare<T>(v: &mut Vec<T>) -> Span {
        let spare = v.spare_capacity_mut();
        Span {
            start: spare.as_ptr() as usize,
            len: std::mem::size_of_val(spare),
        }
    }

    /// The memory of a slice.
    pub(crate) fn of<T>(v: &[T]) -> Span {
        Span {
            start: v.as_ptr() as usize,
            len: std::mem::size_of_val(v),
        }
    }
}

/// Spans smaller than this are left to ordinary page faults (not worth a thread).
const MIN_BYTES: usize = 1 << 20;

/// Maps the whole pages inside `spans` on a helper thread (see the module documentation);
/// its handle, when one was started (callers need not wait for it).
pub(crate) fn in_background(spans: Vec<Span>) -> Option<std::thread::JoinHandle<()>> {
    let total: usize = spans.iter().map(|s| s.len).sum();
    if total < MIN_BYTES {
        return None;
    }
    imp::populate(spans)
}

#[cfg(all(target_os = "linux", not(target_arch = "wasm32")))]
mod imp {
    use super::Span;

    const PAGE: usize = 4096;

    pub(super) fn populate(spans: Vec<Span>) -> Option<std::thread::JoinHandle<()>> {
        // A thread that cannot be started leaves the pages to their page faults.
        std::thread::Builder::new()
            .name("prefault".into())
            .spawn(move || {
                for s in spans {
                    let start = s.start.next_multiple_of(PAGE);
                    let end = s.start.saturating_add(s.len) / PAGE * PAGE;
                    if end > start {
                        // SAFETY: `madvise` with MADV_POPULATE_WRITE reads and writes no memory
                        // of this process: the kernel maps the range's pages as a write would,
                        // keeping their contents, or fails (range unmapped or freed meanwhile,
                        // flag unknown to an older kernel) and changes nothing. The range is
                        // only an address; no Rust reference to it is made here.
                        #[allow(unsafe_code)]
                        unsafe {
                            libc::madvise(
                                start as *mut libc::c_void,
                                end - start,
                                libc::MADV_POPULATE_WRITE,
                            );
                        }
                    }
                }
            })
            .ok()
    }
}

#[cfg(not(all(target_os = "linux", not(target_arch = "wasm32"))))]
mod imp {
    use super::Span;

    pub(super) fn populate(_spans: Vec<Span>) -> Option<std::thread::JoinHandle<()>> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mapping_ahead_keeps_what_the_memory_holds() {
        // Values written before (the kernel must not drop the pages, as MADV_DONTNEED would),
        // and room written after the helper is done.
        let mut v: Vec<u64> = (0..(1u64 << 19))
            .map(|x| x.wrapping_mul(0x9E37_79B9))
            .collect();
        v.reserve_exact(1 << 19);
        let spans = vec![Span::of(&v), Span::spare(&mut v)];
        if let Some(h) = in_background(spans) {
            h.join().expect("the helper ends");
        }
        assert!(v
            .iter()
            .enumerate()
            .all(|(x, &y)| y == (x as u64).wrapping_mul(0x9E37_79B9)));
        v.extend((0..(1u64 << 19)).map(|x| !x));
        assert_eq!(v.len(), 1 << 20);
        assert_eq!(v[(1 << 19) + 5], !5);
        // Too little to be worth a thread.
        assert!(in_background(vec![Span::of(&v[..16])]).is_none());
    }
}
