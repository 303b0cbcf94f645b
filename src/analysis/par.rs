//! Work spread over the threads the caller allows (`--threads`), natively; in the browser's
//! wasm (no threads: `std::thread::Builder::spawn` fails there) and with one thread, everything
//! runs on the calling thread, in the same order.
//!
//! * [`scored_in_order`]: a per-person computation (a model's scores) done in blocks of persons
//!   on several threads, and handed back **in person order** to a loop that sums, ranks or keeps
//!   them exactly as one thread does, so floating-point sums keep their order (the report is
//!   byte-identical whatever the thread count).
//! * [`Board`] and [`Slot`]: the sections of [`super::analyze`] computed on several threads,
//!   each one's result put in its slot; a section waits for the slots it reads.
//! * [`run_tasks`]: the tasks picked in a given order by every thread.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, OnceLock};

/// The threads to use: `threads`, or 1 where there are none (wasm32).
pub fn usable(threads: usize) -> usize {
    if cfg!(target_arch = "wasm32") {
        1
    } else {
        threads.max(1)
    }
}

/// Persons per block handed to a thread.
const BLOCK: usize = 64;
/// Blocks per thread in a window (the scores of a window are held at once).
const WINDOW_BLOCKS: usize = 16;

/// Calls `score(i, out, state)` for every `i` in `0..n` (`out` of `width` values, zeroed
/// before each call only on the first use of a buffer: `score` must write every value it
/// reads back) and hands each result to `each(i, out)` in order of `i`. With `threads > 1`,
/// windows of `i`s are scored in blocks on the threads (each thread has its own `S`), then
/// handed on in order by the calling thread. `score` must depend on `i` alone (not on what
/// the state kept from earlier calls), so that the result is the same on any thread count.
pub fn scored_in_order<S: Default>(
    threads: usize,
    n: usize,
    width: usize,
    score: impl Fn(usize, &mut [f32], &mut S) + Sync,
    mut each: impl FnMut(usize, &[f32]),
) {
    let threads = usable(threads);
    if threads < 2 || n < 2 * BLOCK || width == 0 {
        let mut out = vec![0f32; width];
        let mut state = S::default();
        for i in 0..n {
            score(i, &mut out, &mut state);
            each(i, &out);
        }
        return;
    }
    let window = threads * WINDOW_BLOCKS * BLOCK;
    let mut buf = vec![0f32; window.min(n) * width];
    let mut from = 0;
    while from < n {
        let len = window.min(n - from);
        let out = buf.get_mut(..len * width).unwrap_or_default();
        let blocks = Mutex::new(out.chunks_mut(BLOCK * width).enumerate());
        let work = || {
            let mut state = S::default();
            loop {
                let next = blocks.lock().unwrap_or_else(|e| e.into_inner()).next();
                let Some((b, chunk)) = next else { break };
                for (k, o) in chunk.chunks_mut(width).enumerate() {
                    score(from + b * BLOCK + k, o, &mut state);
                }
            }
        };
        std::thread::scope(|s| {
            for _ in 1..threads.min(len.div_ceil(BLOCK)) {
                // A thread that cannot be started leaves its blocks to the others.
                let _ = std::thread::Builder::new().spawn_scoped(s, work);
            }
            work();
        });
        for (k, o) in buf.chunks(width).take(len).enumerate() {
            each(from + k, o);
        }
        from += len;
    }
}

/// `f(i)` for every `i` in `0..n`, in order of `i`; with `threads > 1` the calls are shared out
/// among the threads (each takes the next `i` when it is free). For a few long, independent
/// computations (k-means fits for several k).
pub fn map<T: Send>(threads: usize, n: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let threads = usable(threads).min(n);
    if threads < 2 {
        return (0..n).map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let mut got = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= n {
                break got;
            }
            got.push((i, f(i)));
        }
    };
    let mut all: Vec<(usize, T)> = std::thread::scope(|s| {
        let handles: Vec<_> = (1..threads)
            .filter_map(|_| std::thread::Builder::new().spawn_scoped(s, work).ok())
            .collect();
        let mut all = work();
        for h in handles {
            match h.join() {
                Ok(got) => all.extend(got),
                Err(e) => std::panic::resume_unwind(e),
            }
        }
        all
    });
    all.sort_unstable_by_key(|e| e.0);
    all.into_iter().map(|e| e.1).collect()
}

/// `f(item)` for every item of `items`, in their order; with `threads > 1` each thread takes
/// the next item when it is free ([`map`]). For parts that own something (disjoint `&mut`
/// slices of one buffer, say), where [`map`]'s `f(i)` could only borrow.
pub fn map_owned<P: Send, T: Send>(
    threads: usize,
    items: Vec<P>,
    f: impl Fn(P) -> T + Sync,
) -> Vec<T> {
    let slots: Vec<Mutex<Option<P>>> = items.into_iter().map(|p| Mutex::new(Some(p))).collect();
    let results = map(threads, slots.len(), |i| {
        let item = slots
            .get(i)
            .and_then(|s| s.lock().unwrap_or_else(|e| e.into_inner()).take());
        item.map(&f)
    });
    // Each index is taken once, so every item is there.
    results.into_iter().flatten().collect()
}

/// Runs `task(t)` for every `t` of `order` on up to `threads` threads, each thread taking the
/// next task of `order` when it is free (so `order` puts the longest first). A task may wait
/// for the result of a task before it in `order` ([`Board::get`]), never after.
pub fn run_tasks(threads: usize, order: &[usize], board: &Board, task: &(dyn Fn(usize) + Sync)) {
    let next = AtomicUsize::new(0);
    let work = || {
        while let Some(&t) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
            let guard = Failed(board);
            task(t);
            std::mem::forget(guard);
        }
    };
    let threads = usable(threads).min(order.len());
    std::thread::scope(|s| {
        for _ in 1..threads {
            let _ = std::thread::Builder::new().spawn_scoped(s, work);
        }
        work();
    });
}

/// Marks the board failed when a task panics (dropped while unwinding), so that a task
/// waiting for its result panics too instead of waiting for ever.
struct Failed<'a>(&'a Board);

impl Drop for Failed<'_> {
    fn drop(&mut self) {
        self.0.failed.store(true, Ordering::SeqCst);
        let _g = self.0.lock.lock().unwrap_or_else(|e| e.into_inner());
        self.0.cv.notify_all();
    }
}

/// A result one task puts and others read.
pub struct Slot<T>(OnceLock<T>);

impl<T> Default for Slot<T> {
    fn default() -> Self {
        Slot(OnceLock::new())
    }
}

impl<T: Default> Slot<T> {
    /// The value put (the default when none was).
    pub fn take(self) -> T {
        self.0.into_inner().unwrap_or_default()
    }
}

/// Where tasks put their results and wait for others'.
#[derive(Default)]
pub struct Board {
    lock: Mutex<()>,
    cv: Condvar,
    failed: AtomicBool,
}

impl Board {
    /// Puts `slot`'s value (a second value is ignored) and wakes the tasks waiting.
    pub fn put<T>(&self, slot: &Slot<T>, v: T) {
        let _ = slot.0.set(v);
        let _g = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        self.cv.notify_all();
    }

    /// `slot`'s value, waiting until it is put (on one thread it always has been: the tasks
    /// run in an order where each comes after those it reads).
    pub fn get<'s, T>(&self, slot: &'s Slot<T>) -> &'s T {
        if let Some(v) = slot.0.get() {
            return v;
        }
        let mut g = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if let Some(v) = slot.0.get() {
                return v;
            }
            if self.failed.load(Ordering::SeqCst) {
                panic!("a section of the analysis failed");
            }
            g = self.cv.wait(g).unwrap_or_else(|e| e.into_inner());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scored_in_order_hands_every_result_in_order_on_any_thread_count() {
        for threads in [1, 2, 3] {
            for n in [0, 1, 127, 128, 3000, 5000] {
                let mut got = Vec::new();
                scored_in_order(
                    threads,
                    n,
                    3,
                    |i, out: &mut [f32], calls: &mut usize| {
                        *calls += 1;
                        out.copy_from_slice(&[i as f32, 2.0 * i as f32, 1.0]);
                    },
                    |i, out| got.push((i, out.to_vec())),
                );
                let want: Vec<_> = (0..n)
                    .map(|i| (i, vec![i as f32, 2.0 * i as f32, 1.0]))
                    .collect();
                assert_eq!(got, want, "threads {threads}, n {n}");
            }
        }
    }

    #[test]
    fn map_owned_keeps_the_order_and_hands_each_item_once() {
        for threads in [1, 2, 5] {
            let mut buf: Vec<u32> = (0..20).collect();
            let parts: Vec<&mut [u32]> = buf.chunks_mut(3).collect();
            let sums = map_owned(threads, parts, |p| {
                p.iter_mut().for_each(|x| *x *= 2);
                p.iter().sum::<u32>()
            });
            let want: Vec<u32> = (0..20u32)
                .collect::<Vec<_>>()
                .chunks(3)
                .map(|c| c.iter().map(|x| 2 * x).sum())
                .collect();
            assert_eq!(sums, want, "threads {threads}");
            assert_eq!(buf, (0..20).map(|x| 2 * x).collect::<Vec<u32>>());
        }
    }

    #[test]
    fn map_keeps_the_order() {
        for threads in [1, 2, 5] {
            let got = map(threads, 9, |i| i * i);
            assert_eq!(got, (0..9).map(|i| i * i).collect::<Vec<_>>());
        }
        assert!(map(2, 0, |i| i).is_empty());
    }

    #[test]
    fn tasks_wait_for_the_slots_they_read() {
        for threads in [1, 2, 4] {
            let board = Board::default();
            let slots: Vec<Slot<usize>> = (0..6).map(|_| Slot::default()).collect();
            // Task t reads task t - 1's result (earlier in the order).
            let task = |t: usize| {
                let before = match t {
                    0 => 0,
                    _ => *board.get(&slots[t - 1]),
                };
                board.put(&slots[t], before + t);
            };
            run_tasks(threads, &[0, 1, 2, 3, 4, 5], &board, &task);
            let got: Vec<usize> = slots.into_iter().map(Slot::take).collect();
            assert_eq!(got, vec![0, 1, 3, 6, 10, 15]);
        }
    }
}
