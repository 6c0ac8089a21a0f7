//! The property every store target checks: a file that loads (as plain or
//! as encrypted) never panics on the way, and what rsops writes for its
//! tree, rsops reads back.

use rsops::stores::{self, Format, StoreOptions};

pub fn check(format: Format, data: &[u8]) {
    for encrypted in [false, true] {
        let Ok(doc) = stores::load(format, data, encrypted) else {
            continue;
        };
        let Ok(text) = stores::write(format, &doc.tree, None, None, &StoreOptions::default()) else {
            continue;
        };
        let reread = stores::load(format, &text, encrypted).map(drop);
        if let Err(e) = reread {
            panic!(
                "rsops cannot read back what it wrote: {e}\n--- written\n{}",
                String::from_utf8_lossy(&text)
            );
        }
    }
}
