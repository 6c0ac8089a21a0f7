//! The KRM function's input: a ResourceList and the ksops manifests in it
//! (function config or items) parse or fail cleanly. Seed: `testdata/krm`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rsops::krm::manifest::Manifest;
use rsops::krm::resource_list::ResourceList;

fuzz_target!(|data: &[u8]| {
    let Ok(list) = ResourceList::parse(data) else {
        return;
    };
    for object in list.items.iter().chain(list.function_config.iter()) {
        let _ = Manifest::from_map(object);
    }
});
