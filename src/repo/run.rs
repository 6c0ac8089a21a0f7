//! Running the work on many files in parallel, with a progress bar on a
//! terminal.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Runs `job` on every item in parallel (each job reads, works on and
/// writes its own file) and returns the results in input order. With
/// `progress`, a bar on standard error follows the work when it is a
/// terminal and there are enough files for it to be worth showing.
pub fn for_each<T: Sync, R: Send>(
    items: &[T],
    progress: bool,
    job: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let bar = Progress::new(items.len(), progress);
    // Work on keys may wait on other processes (gpg, SOPS_AGE_KEY_CMD), so
    // the pool may take more threads than cores.
    let results = crate::parallel::map_concurrently(items, usize::MAX, |item| {
        let result = job(item);
        bar.tick();
        result
    });
    bar.finish();
    results
}

/// A one-line progress bar on standard error.
struct Progress {
    total: usize,
    done: AtomicUsize,
    /// When it was last drawn; `None` inside when it is not shown at all.
    last: Option<Mutex<Instant>>,
}

/// Fewer files are done before anyone would look at a bar.
const MIN_FILES: usize = 50;
const EVERY: Duration = Duration::from_millis(100);
const WIDTH: usize = 30;

impl Progress {
    fn new(total: usize, wanted: bool) -> Self {
        let shown = wanted && total >= MIN_FILES && std::io::stderr().is_terminal();
        Progress {
            total,
            done: AtomicUsize::new(0),
            last: shown.then(|| Mutex::new(Instant::now())),
        }
    }

    fn tick(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        let Some(last) = &self.last else {
            return;
        };
        // A worker that finds the bar being drawn moves on.
        let Ok(mut last) = last.try_lock() else {
            return;
        };
        if last.elapsed() < EVERY && done < self.total {
            return;
        }
        *last = Instant::now();
        let filled = WIDTH * done / self.total.max(1);
        let _ = write!(
            std::io::stderr().lock(),
            "\r[{}{}] {done}/{}",
            "#".repeat(filled),
            " ".repeat(WIDTH - filled),
            self.total
        );
    }

    fn finish(&self) {
        if self.last.is_some() {
            // Clears the bar's line for the report.
            let _ = write!(std::io::stderr().lock(), "\r\x1b[2K");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_runs_in_order_without_a_terminal() {
        let items: Vec<usize> = (0..200).collect();
        let out = for_each(
            &items,
            true,
            |i| if i % 7 == 0 { Err(*i) } else { Ok(i * 2) },
        );
        assert_eq!(out.len(), 200);
        assert_eq!(out[7], Err(7));
        assert_eq!(out[8], Ok(16));
    }
}
