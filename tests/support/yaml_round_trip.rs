//! Round-trip properties of the YAML store, shared by the test
//! `tests/yaml_round_trip.rs` and the fuzz target
//! `fuzz/fuzz_targets/yaml_round_trip.rs`. Whatever the store accepts:
//! the preserving writer gives back the same bytes when nothing changed,
//! go-yaml's layout reads back as the same data with the same comments in
//! the same order, and a text rewritten with every string changed reads
//! back as the changed tree.
//!
//! (go-yaml's layout does not always put a comment back in the same list:
//! a comment closing a list whose last item is a nested list is read as
//! the nested list's, by go-yaml as by rsops. sops moves it the same way.)

use rsops::stores::{self, Format, StoreOptions};
use rsops::tree::{Item, Map, Tree, Value};

/// Changes every string (as encryption does) without changing the shape.
fn change(v: &mut Value) {
    edit_strings(v, &|s| s.push_str(" x"));
}

/// Changes every string to text that needs care to write: line breaks of
/// every kind, control characters, quotes, indicators, edge spaces (as
/// decryption may produce).
fn change_hard(v: &mut Value) {
    edit_strings(v, &|s| {
        s.insert_str(0, " - ");
        s.push_str(": #'\"\r\n\t\u{0}\u{7f}\u{85}\u{2028}\u{feff}\n\n ");
    });
}

fn edit_strings(v: &mut Value, edit: &dyn Fn(&mut String)) {
    match v {
        Value::Str(s) => edit(s),
        Value::Map(m) => {
            for item in &mut m.0 {
                if let Item::Entry(_, v) = item {
                    edit_strings(v, edit);
                }
            }
        }
        Value::List(items) => items.iter_mut().for_each(|i| edit_strings(i, edit)),
        _ => {}
    }
}

/// The tree's data without comments, and its comments in order.
fn without_comments(tree: &Tree) -> (Vec<Map>, Vec<String>) {
    fn map(m: &Map, comments: &mut Vec<String>) -> Map {
        let mut out = Map::default();
        for item in &m.0 {
            match item {
                Item::Comment(c) => comments.push(c.clone()),
                Item::Entry(k, v) => out.push(k.clone(), value(v, comments)),
            }
        }
        out
    }
    fn value(v: &Value, comments: &mut Vec<String>) -> Value {
        match v {
            Value::Map(m) => Value::Map(map(m, comments)),
            Value::List(items) => Value::List(
                items
                    .iter()
                    .filter_map(|i| match i {
                        Value::Comment(c) => {
                            comments.push(c.clone());
                            None
                        }
                        other => Some(value(other, comments)),
                    })
                    .collect(),
            ),
            other => other.clone(),
        }
    }
    let mut comments = Vec::new();
    let branches = tree
        .branches
        .iter()
        .map(|b| map(b, &mut comments))
        .collect();
    (branches, comments)
}

/// Checks the properties on one input; `Err` says which failed.
pub fn check(data: &[u8]) -> Result<(), String> {
    let Ok(doc) = stores::load(Format::Yaml, data, false) else {
        return Ok(());
    };
    let Some(layout) = &doc.layout else {
        return Err("the YAML store did not keep its source".into());
    };
    let opts = StoreOptions::default();
    if let Some(text) = layout
        .rewrite(&doc.tree, None, &opts)
        .map_err(|e| e.to_string())?
    {
        if &text[..] != data {
            let text = String::from_utf8_lossy(&text);
            return Err(format!("an unchanged tree changed the text:\n{text}"));
        }
    }
    let emitted = Format::Yaml
        .store()
        .emit(&doc.tree, None, &opts)
        .map_err(|e| e.to_string())?;
    let canonical = String::from_utf8_lossy(&emitted);
    let again = stores::load(Format::Yaml, &emitted, false)
        .map_err(|e| format!("go-yaml layout does not read back: {e}\n{canonical}"))?;
    if without_comments(&again.tree) != without_comments(&doc.tree) {
        return Err(format!(
            "go-yaml layout reads differently:\n{}",
            &*canonical
        ));
    }
    for edit in [change, change_hard] {
        let mut changed = doc.tree.clone();
        for branch in &mut changed.branches {
            for item in &mut branch.0 {
                if let Item::Entry(_, v) = item {
                    edit(v);
                }
            }
        }
        if let Some(bytes) = layout
            .rewrite(&changed, None, &opts)
            .map_err(|e| e.to_string())?
        {
            let text = String::from_utf8_lossy(&bytes);
            let reread = stores::load(Format::Yaml, &bytes, false)
                .map_err(|e| format!("rewritten text does not read back: {e}\n{text}"))?;
            if reread.tree != changed {
                return Err(format!("rewritten text reads differently:\n{text}"));
            }
        }
    }
    Ok(())
}
