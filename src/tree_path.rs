//! sops' tree-path syntax (`["db"]["password"]`, `['hosts'][0]`), used by
//! `--extract` and, later, `set` and `unset`.

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
}
