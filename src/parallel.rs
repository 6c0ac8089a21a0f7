//! The one thread pool of the crate: map a function over a slice on several
//! threads, results in input order. The value cipher uses it for the tens
//! of thousands of values of a large file ([`map_in_parallel`]); the
//! Kustomize plugin for the files of a build, where a failure stops the
//! rest ([`try_map_concurrently`]); the many-file commands for the files of
//! a repository ([`map_concurrently`]).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};

/// Maps `f` over `items` in order, on all cores when there are enough items
/// to be worth it (CPU-bound work).
///
/// The items are cut into small chunks that the worker threads take one at
/// a time, so a worker that starts late simply takes fewer. Each result is
/// written straight into its place in an output allocated once: fresh
/// memory costs a page fault per 4 KiB here, and per-chunk vectors joined
/// afterwards made a 10,000-value batch 0.4 ms slower.
pub fn map_in_parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    const CHUNK: usize = 256;
    if items.len() < 4 * CHUNK {
        return items.iter().map(f).collect();
    }
    // Asked only now: on Linux it reads the cgroup's CPU quota files.
    let threads = cores();
    if threads == 1 {
        return items.iter().map(f).collect();
    }
    let threads = threads.min(items.len().div_ceil(CHUNK));
    // The collect reuses the allocation when `Option<R>` is as big as `R`.
    run(items, threads, CHUNK, f, |_| false)
        .into_iter()
        .map(|r| r.expect("without a stop every item is mapped"))
        .collect()
}

/// Runs `job` over `items` on at most `limit` threads (work that waits on
/// files or other processes, so up to twice as many threads as cores);
/// results come back in input order. After the first error no new job
/// starts: its slot and those of jobs not run are `None`.
pub fn try_map_concurrently<T: Sync, R: Send, E: Send>(
    items: &[T],
    limit: usize,
    job: impl Fn(&T) -> Result<R, E> + Sync,
) -> Vec<Option<Result<R, E>>> {
    // More threads than cores helps when keys come from processes (gpg,
    // SOPS_AGE_KEY_CMD); beyond that they only add memory.
    let threads = limit.min(items.len()).min(cores().max(2) * 2).max(1);
    run(items, threads, 1, job, Result::is_err)
}

/// Runs `job` over every item on at most `limit` threads, as
/// [`try_map_concurrently`] does, but without stopping: a many-file command
/// reports on each file, whatever happened to the others.
pub fn map_concurrently<T: Sync, R: Send>(
    items: &[T],
    limit: usize,
    job: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    // Each file's write waits for the disk (fsync of the file and of its
    // folder), so more threads than cores keep the cores busy meanwhile.
    let threads = limit.min(items.len()).min(cores().max(2) * 8).max(1);
    run(items, threads, 1, job, |_| false)
        .into_iter()
        .map(|r| r.expect("without a stop every item is mapped"))
        .collect()
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The pool: `threads` workers take `chunk` items at a time and write each
/// result into its slot; once `stop` holds for a result, no worker takes
/// another chunk. The calling thread only waits: when it worked too, the
/// scheduler often left a worker queued behind it for a millisecond or
/// more.
fn run<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    chunk: usize,
    f: impl Fn(&T) -> R + Sync,
    stop: impl Fn(&R) -> bool + Sync,
) -> Vec<Option<R>> {
    let mut out: Vec<Option<R>> = Vec::with_capacity(items.len());
    out.resize_with(items.len(), || None);
    let stopped = AtomicBool::new(false);
    let tasks = Mutex::new(items.chunks(chunk).zip(out.chunks_mut(chunk)));
    let work = || loop {
        if stopped.load(Ordering::Relaxed) {
            return;
        }
        let task = tasks.lock().unwrap_or_else(PoisonError::into_inner).next();
        let Some((inputs, slots)) = task else {
            return;
        };
        for (item, slot) in inputs.iter().zip(slots) {
            let result = f(item);
            if stop(&result) {
                stopped.store(true, Ordering::Relaxed);
            }
            *slot = Some(result);
        }
    };
    std::thread::scope(|scope| {
        let spawned = (0..threads)
            .filter(|_| {
                std::thread::Builder::new()
                    .spawn_scoped(scope, work)
                    .is_ok()
            })
            .count();
        // No thread to be had (a container's process limit): do it here.
        if spawned == 0 {
            work();
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_map_keeps_order() {
        let items: Vec<usize> = (0..5000).collect();
        let doubled = map_in_parallel(&items, |&i| 2 * i);
        assert_eq!(doubled, items.iter().map(|i| 2 * i).collect::<Vec<_>>());
    }

    #[test]
    fn concurrent_results_keep_input_order_and_stop_after_an_error() {
        let items: Vec<usize> = (0..50).collect();
        let out = try_map_concurrently(&items, 7, |i| Ok::<_, String>(i * 2));
        let values: Vec<usize> = out.into_iter().map(|r| r.unwrap().unwrap()).collect();
        assert_eq!(values, items.iter().map(|i| i * 2).collect::<Vec<_>>());

        let out = try_map_concurrently(&items, 1, |i| {
            if *i == 3 {
                Err("bad".to_string())
            } else {
                Ok(*i)
            }
        });
        assert!(matches!(out[3], Some(Err(_))));
        assert!(out[4..].iter().all(Option::is_none));
    }
}
