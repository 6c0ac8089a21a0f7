//! Round-trip properties of the YAML store, shared by the test
//! `tests/yaml_round_trip.rs` and the fuzz target
//! `fuzz/fuzz_targets/yaml_round_trip.rs`. Whatever the store accepts:
//! the preserving writer gives back the same bytes when nothing changed,
//! go-yaml's layout reads back as the same tree, and a text rewritten with
//! every string changed reads back as the changed tree.

use rsops::stores::{self, Format, Source};
use rsops::tree::{Item, Map, Value};

fn change_map(m: &mut Map) {
    for item in &mut m.0 {
        if let Item::Entry(_, v) = item {
            change(v);
        }
    }
}

/// Changes every string (as encryption does) without changing the shape.
fn change(v: &mut Value) {
    match v {
        Value::Str(s) => s.push_str(" x"),
        Value::Map(m) => change_map(m),
        Value::List(items) => items.iter_mut().for_each(change),
        _ => {}
    }
}

/// Checks the properties on one input; `Err` says which failed.
pub fn check(data: &[u8]) -> Result<(), String> {
    let Ok(doc) = stores::load(Format::Yaml, data, false) else {
        return Ok(());
    };
    let Source::Yaml(src) = &doc.source else {
        return Err("the YAML store did not keep its source".into());
    };
    if let Some(text) = src.rewrite(&doc.tree, None, 0).map_err(|e| e.to_string())? {
        if text.as_bytes() != data {
            return Err(format!("an unchanged tree changed the text:\n{}", &*text));
        }
    }
    let canonical = stores::yaml::emit(&doc.tree, None, 4);
    let again = stores::load(Format::Yaml, canonical.as_bytes(), false)
        .map_err(|e| format!("go-yaml layout does not read back: {e}\n{}", &*canonical))?;
    if again.tree != doc.tree {
        return Err(format!(
            "go-yaml layout reads differently:\n{}",
            &*canonical
        ));
    }
    let mut changed = doc.tree.clone();
    changed.branches.iter_mut().for_each(change_map);
    if let Some(text) = src.rewrite(&changed, None, 0).map_err(|e| e.to_string())? {
        let reread = stores::load(Format::Yaml, text.as_bytes(), false)
            .map_err(|e| format!("rewritten text does not read back: {e}\n{}", &*text))?;
        if reread.tree != changed {
            return Err(format!("rewritten text reads differently:\n{}", &*text));
        }
    }
    Ok(())
}
