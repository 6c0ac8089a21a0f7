//! `.sops.yaml`: any content loads or fails cleanly. Seed: the `.sops.yaml`
//! files under `testdata/`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // config::load reads a file: one per fuzzing process.
    let path = std::env::temp_dir().join(format!("rsops-fuzz-{}.sops.yaml", std::process::id()));
    if std::fs::write(&path, data).is_ok() {
        let _ = rsops::config::load(Some(&path));
    }
});
