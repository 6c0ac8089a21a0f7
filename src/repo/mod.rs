//! Commands over many files and folders at once (`decrypt`, `encrypt -i`,
//! and the key commands with `-r`): which files ([`walk`]), the work on all
//! cores of one process ([`run`]), and the report at the end ([`report`]).
//!
//! Each file is read, worked on and written on its own (atomically, see
//! [`crate::atomic_file`]): a file that fails is left as it was and the
//! others are still done.

#![doc(hidden)]

pub mod report;
pub mod run;
pub mod walk;

pub use report::{FileReport, Status};
pub use walk::{Target, Want};

/// The key groups as one line, for plans and `config explain`:
/// `age1…, pgp 85D7…` for one group, `group 1: …; group 2: …; threshold 2`
/// for several. Only public key names, never key material.
pub fn describe_groups(groups: &[crate::keys::KeyGroup], threshold: usize) -> String {
    let group = |g: &crate::keys::KeyGroup| -> String {
        if g.is_empty() {
            return "no keys".to_owned();
        }
        g.iter()
            .map(|k| format!("{} {}", k.key_type().id(), k.identifier()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match groups {
        [] => "no keys".to_owned(),
        [one] => group(one),
        many => {
            let listed: Vec<String> = many
                .iter()
                .enumerate()
                .map(|(i, g)| format!("group {}: {}", i + 1, group(g)))
                .collect();
            let needed = if threshold == 0 {
                many.len()
            } else {
                threshold
            };
            format!("{}; threshold {needed}", listed.join("; "))
        }
    }
}
