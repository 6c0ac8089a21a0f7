//! The fuzz target's properties (tests/support/yaml_round_trip.rs),
//! checked on every YAML file of the corpus, of the yaml-test-suite and
//! of the inputs the fuzz target found failing.

#[path = "support/yaml_round_trip.rs"]
mod properties;

use std::path::{Path, PathBuf};

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            out.push(path);
        }
    }
}

#[test]
fn round_trips_hold_for_every_test_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let mut files = Vec::new();
    yaml_files(&root.join("yaml"), &mut files);
    yaml_files(&root.join("yaml-test-suite"), &mut files);
    yaml_files(&root.join("yaml-fuzz-regressions"), &mut files);
    files.sort();
    let failures: Vec<String> = files
        .iter()
        .filter_map(|f| {
            properties::check(&std::fs::read(f).unwrap())
                .err()
                .map(|e| format!("{}: {e}", f.display()))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
