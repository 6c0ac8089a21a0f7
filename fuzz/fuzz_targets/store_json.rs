//! The json store on arbitrary input: no panic, and what it writes it reads
//! back. Seed: `testdata/json`.
#![no_main]

mod store;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| store::check(rsops::stores::Format::Json, data));
