//! sops' tree-path syntax (`["db"]["password"]`, `['hosts'][0]`), used by
//! `--extract`, `set` and `unset` (docs/format.md §9.5).

#![doc(hidden)]

use crate::tree::{Item, Map, Value};

/// Why a tree path is malformed or not found; the message names the
/// component.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct PathError(String);

/// One step of a tree path.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// Parses a tree path. Each component is `[...]`: a quoted key (first and
/// last character stripped, no escapes) or a decimal index.
pub fn parse(text: &str) -> Result<Vec<Step>, PathError> {
    let mut steps = Vec::new();
    let mut rest = text;
    if !rest.starts_with('[') {
        return Err(PathError(format!("{text:?} must start with [")));
    }
    while let Some(after) = rest.strip_prefix('[') {
        let end = after
            .find(']')
            .ok_or_else(|| PathError(format!("component {after:?} doesn't end with ]")))?;
        let component = &after[..end];
        if component.contains('[') {
            return Err(PathError(format!(
                "component {component:?} doesn't end with ]"
            )));
        }
        let step = match component.as_bytes().first() {
            Some(b'"' | b'\'') if component.len() >= 2 => {
                Step::Key(component[1..component.len() - 1].to_owned())
            }
            // Go's `strconv.Atoi`: a sign is allowed (`-0` is 0), and an
            // index beyond 64 bits is a syntax error.
            _ => Step::Index(
                component
                    .parse::<i64>()
                    .ok()
                    .and_then(|i| usize::try_from(i).ok())
                    .ok_or_else(|| {
                        PathError(format!(
                            "component [{component}] is neither a quoted key nor an index"
                        ))
                    })?,
            ),
        };
        steps.push(step);
        rest = &after[end + 1..];
    }
    if !rest.is_empty() {
        return Err(PathError(format!("unexpected {rest:?} after the last ]")));
    }
    Ok(steps)
}

/// Finds the value at `steps` in a branch.
pub fn get<'a>(branch: &'a Map, steps: &[Step]) -> Result<&'a Value, PathError> {
    let mut current: Option<&Value> = None;
    for step in steps {
        let map = match current {
            None => Some(branch),
            Some(Value::Map(m)) => Some(m),
            _ => None,
        };
        current = Some(match step {
            Step::Key(k) => map
                .and_then(|m| {
                    m.0.iter().find_map(|i| match i {
                        Item::Entry(key, v) if key == k => Some(v),
                        _ => None,
                    })
                })
                .ok_or_else(|| PathError(format!("component ['{k}'] not found")))?,
            Step::Index(i) => match current {
                Some(Value::List(items)) => items
                    .get(*i)
                    .ok_or_else(|| PathError(format!("component [{i}] accesses out of bounds")))?,
                _ => {
                    return Err(PathError(format!(
                        "component [{i}] is integer, but tree part is not a list"
                    )))
                }
            },
        });
    }
    current.ok_or_else(|| PathError("the path is empty".to_owned()))
}

/// Sets the value at `steps` in a branch as sops does: a missing key is
/// appended to its mapping, missing components below it are created (a list
/// for an index), an index at or past the end of a list appends, and a
/// scalar on the way is replaced. Returns whether the branch changed.
pub fn set(branch: &mut Map, steps: &[Step], value: Value) -> Result<bool, PathError> {
    let Some((first, rest)) = steps.split_first() else {
        return Err(PathError("the path is empty".to_owned()));
    };
    let Step::Key(key) = first else {
        // sops builds a list for an index component at the top and cannot
        // add it to a mapping: nothing changes, yet the file is written.
        return Ok(true);
    };
    let existing = branch.0.iter_mut().find_map(|i| match i {
        Item::Entry(k, v) if k == key => Some(v),
        _ => None,
    });
    match existing {
        Some(slot) if rest.is_empty() => Ok(replace(slot, value)),
        Some(slot) => set_value(slot, rest, value),
        None => {
            branch.push(key.clone(), built(rest, value));
            Ok(true)
        }
    }
}

fn set_value(slot: &mut Value, steps: &[Step], value: Value) -> Result<bool, PathError> {
    match (slot, &steps[0]) {
        (Value::Map(map), _) => set(map, steps, value),
        (Value::List(items), Step::Index(i)) => {
            let rest = &steps[1..];
            match items.get_mut(*i) {
                None => {
                    items.push(built(rest, value));
                    Ok(true)
                }
                Some(item) if rest.is_empty() => Ok(replace(item, value)),
                Some(item) => set_value(item, rest, value),
            }
        }
        (Value::List(_), Step::Key(k)) => Err(PathError(format!(
            "component ['{k}'] is a key, but the tree part is a list; use an index"
        ))),
        (slot, _) => Ok(replace(slot, built(steps, value))),
    }
}

/// Replaces `slot` by `value`; whether that changed it.
fn replace(slot: &mut Value, value: Value) -> bool {
    let changed = *slot != value;
    *slot = value;
    changed
}

/// The value that `steps` lead to when none of them exists yet.
fn built(steps: &[Step], leaf: Value) -> Value {
    steps.iter().rev().fold(leaf, |inner, step| match step {
        Step::Key(k) => {
            let mut map = Map::default();
            map.push(k.clone(), inner);
            Value::Map(map)
        }
        Step::Index(_) => Value::List(vec![inner]),
    })
}

/// Reads a `set` value: JSON, with every number a float as sops makes it
/// (Go's `json.Unmarshal` into an interface), objects in their key order.
/// `None` when `text` is not one JSON value.
pub fn parse_json_value(text: &str) -> Option<Value> {
    // The JSON store reads documents whose root is an object, so the value
    // is read as the only member of one.
    let wrapped = format!("{{\"v\":{text}\n}}");
    let mut doc =
        crate::stores::load(crate::stores::Format::Json, wrapped.as_bytes(), false).ok()?;
    let mut branch = doc.tree.branches.pop()?;
    match branch.0.as_slice() {
        [Item::Entry(k, _)] if k == "v" => branch.remove_all("v").map(floats),
        _ => None,
    }
}

fn floats(value: Value) -> Value {
    match value {
        Value::Int(i) => Value::Float(crate::tree::Float::new(i as f64)),
        Value::Float(f) => Value::Float(crate::tree::Float::new(f.value)),
        Value::List(items) => Value::List(items.into_iter().map(floats).collect()),
        Value::Map(map) => Value::Map(Map(map
            .0
            .into_iter()
            .map(|item| match item {
                Item::Entry(k, v) => Item::Entry(k, floats(v)),
                comment => comment,
            })
            .collect())),
        other => other,
    }
}

/// Why `unset` found nothing to remove.
#[derive(Debug, thiserror::Error)]
pub enum UnsetError {
    /// The key or index is not there (`--idempotent` makes this a no-op).
    #[error("{0}")]
    NotFound(String),
    /// The path goes through a value that is neither a mapping nor a list.
    #[error("{0}")]
    Unsupported(String),
}

/// Removes the entry or element at `steps` (the first entry of a repeated
/// key).
pub fn unset(branch: &mut Map, steps: &[Step]) -> Result<(), UnsetError> {
    let Some((first, rest)) = steps.split_first() else {
        return Err(UnsetError::Unsupported("the path is empty".to_owned()));
    };
    let key = match first {
        Step::Key(k) => k.as_str(),
        Step::Index(i) => return Err(UnsetError::NotFound(format!("Key not found: {i}"))),
    };
    let position = branch
        .0
        .iter()
        .position(|i| matches!(i, Item::Entry(k, _) if k == key))
        .ok_or_else(|| UnsetError::NotFound(format!("Key not found: {key}")))?;
    if rest.is_empty() {
        branch.0.remove(position);
        return Ok(());
    }
    match &mut branch.0[position] {
        Item::Entry(_, v) => unset_value(v, rest, key),
        Item::Comment(_) => Err(UnsetError::NotFound(format!("Key not found: {key}"))),
    }
}

fn unset_value(value: &mut Value, steps: &[Step], parent: &str) -> Result<(), UnsetError> {
    match (value, &steps[0]) {
        (Value::Map(map), _) => unset(map, steps),
        (Value::List(items), Step::Index(i)) => {
            if *i >= items.len() {
                return Err(UnsetError::NotFound(format!("Index {i} out of bounds")));
            }
            if steps.len() == 1 {
                items.remove(*i);
                return Ok(());
            }
            unset_value(&mut items[*i], &steps[1..], parent)
        }
        (Value::List(_), Step::Key(k)) => Err(UnsetError::Unsupported(format!(
            "component ['{k}'] is a key, but the tree part is a list; use an index"
        ))),
        (_, _) => Err(UnsetError::Unsupported(format!(
            "the value under ['{parent}'] is neither a mapping nor a list"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indices_read_as_go_atoi_reads_them() {
        assert_eq!(parse("[-0]").unwrap(), [Step::Index(0)]);
        assert_eq!(parse("[+2]").unwrap(), [Step::Index(2)]);
        assert!(parse("[-1]").is_err());
        assert!(parse("[9223372036854775808]").is_err());
    }

    #[test]
    fn parses_keys_and_indices() {
        assert_eq!(
            parse(r#"["a"]['b'][2]"#).unwrap(),
            [Step::Key("a".into()), Step::Key("b".into()), Step::Index(2)]
        );
        assert!(parse("nested").is_err());
        assert!(parse(r#"["a""#).is_err());
        assert!(parse("[x]").is_err());
    }

    #[test]
    fn finds_values() {
        let mut inner = Map::default();
        inner.push("k", Value::List(vec![Value::Int(1), Value::Int(2)]));
        let mut root = Map::default();
        root.push("a", Value::Map(inner));
        assert_eq!(
            get(&root, &parse(r#"["a"]["k"][1]"#).unwrap()).ok(),
            Some(&Value::Int(2))
        );
        assert!(get(&root, &parse(r#"["a"]["k"][5]"#).unwrap())
            .unwrap_err()
            .to_string()
            .contains("out of bounds"));
        assert!(get(&root, &parse(r#"["b"]"#).unwrap())
            .unwrap_err()
            .to_string()
            .contains("not found"));
    }

    fn root() -> Map {
        let mut inner = Map::default();
        inner.push("k", Value::List(vec![Value::Int(1), Value::Int(2)]));
        let mut root = Map::default();
        root.push("a", Value::Map(inner));
        root
    }

    #[test]
    fn set_creates_missing_components_as_sops_does() {
        let mut m = root();
        assert!(set(&mut m, &parse(r#"["a"]["k"][5]"#).unwrap(), Value::Int(3)).unwrap());
        assert!(set(
            &mut m,
            &parse(r#"["b"]["c"][0]["d"]"#).unwrap(),
            Value::Bool(true)
        )
        .unwrap());
        assert!(!set(&mut m, &parse(r#"["a"]["k"][0]"#).unwrap(), Value::Int(1)).unwrap());
        assert_eq!(
            get(&m, &parse(r#"["a"]["k"][2]"#).unwrap()).ok(),
            Some(&Value::Int(3))
        );
        assert_eq!(
            get(&m, &parse(r#"["b"]["c"][0]["d"]"#).unwrap()).ok(),
            Some(&Value::Bool(true))
        );
        // A scalar on the way is replaced by what the path needs.
        assert!(set(
            &mut m,
            &parse(r#"["a"]["k"][0]["x"]"#).unwrap(),
            Value::Null
        )
        .unwrap());
        assert_eq!(
            get(&m, &parse(r#"["a"]["k"][0]["x"]"#).unwrap()).ok(),
            Some(&Value::Null)
        );
    }

    #[test]
    fn set_values_are_json_with_float_numbers() {
        let v = parse_json_value(r#" {"b": 1, "a": [true, "x", null]} "#).unwrap();
        let Value::Map(m) = &v else { panic!("{v:?}") };
        assert_eq!(m.0.len(), 2);
        assert_eq!(
            m.get("b"),
            Some(&Value::Float(crate::tree::Float::new(1.0)))
        );
        assert_eq!(parse_json_value("\"s\""), Some(Value::Str("s".into())));
        for bad in ["", "{bad", "1, \"v\": 2", "'x'"] {
            assert_eq!(parse_json_value(bad), None, "{bad}");
        }
    }

    #[test]
    fn unset_removes_or_says_what_is_missing() {
        let mut m = root();
        unset(&mut m, &parse(r#"["a"]["k"][0]"#).unwrap()).unwrap();
        assert_eq!(
            get(&m, &parse(r#"["a"]["k"][0]"#).unwrap()).ok(),
            Some(&Value::Int(2))
        );
        let e = unset(&mut m, &parse(r#"["a"]["k"][4]"#).unwrap()).unwrap_err();
        assert!(
            matches!(&e, UnsetError::NotFound(s) if s == "Index 4 out of bounds"),
            "{e}"
        );
        let e = unset(&mut m, &parse(r#"["zz"]"#).unwrap()).unwrap_err();
        assert!(
            matches!(&e, UnsetError::NotFound(s) if s == "Key not found: zz"),
            "{e}"
        );
        unset(&mut m, &parse(r#"["a"]"#).unwrap()).unwrap();
        assert!(m.0.is_empty());
    }
}
