//! The names in a folder, sorted: for tests that check what a write or an
//! edit left behind. Shared by the atomic-file unit tests and tests/edit.rs.

use std::path::Path;

/// The names of the entries of `dir`, sorted.
pub fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
