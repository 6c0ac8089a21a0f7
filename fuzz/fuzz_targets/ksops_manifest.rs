//! A legacy ksops manifest file (a YAML stream of generators) and the
//! strings inside one: `files` entries (`key=path`) and `.env` text. Seed:
//! `testdata/krm`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rsops::krm::manifest::{FileEntry, Manifest};
use rsops::stores::{self, Format};

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = stores::load(Format::Yaml, data, false) {
        for branch in &doc.tree.branches {
            let _ = Manifest::from_map(branch);
        }
    }
    let text = String::from_utf8_lossy(data);
    let _ = FileEntry::parse(&text);
    let _ = rsops::krm::envs::parse(&text);
});
