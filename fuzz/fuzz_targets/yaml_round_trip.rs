//! The YAML store's round-trip properties on arbitrary input (see
//! tests/support/yaml_round_trip.rs).
//!
//! Run with `cargo +nightly fuzz run yaml_round_trip` from the repository
//! root; `testdata/yaml` and `testdata/yaml-test-suite` make a good seed.
#![no_main]

#[path = "../../tests/support/yaml_round_trip.rs"]
mod properties;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(failure) = properties::check(data) {
        panic!("{failure}");
    }
});
