//! Flattened metadata (docs/format.md §4.4): how the dotenv and INI
//! stores, which have no nesting, hold the `sops` block as `name = value`
//! pairs.
//!
//! A nested mapping key `k` becomes `<prefix>__map_<k>`, list element `i`
//! becomes `<prefix>__list_<i>`; nulls and empty lists or mappings produce
//! nothing; `true`/`false` and integers are written as text; every newline
//! in a value is written as the two characters `\n`. Reading reverses it and
//! gives the same [`Value`] the JSON store would give, so
//! [`crate::metadata::Metadata::from_value`] reads both alike.

use crate::tree::{Item, Map, Value};

const MAP: &str = "__map_";
const LIST: &str = "__list_";

/// The metadata block as `(name, value)` pairs sorted by name (byte order,
/// as sops sorts dotenv metadata).
pub fn flatten(meta: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Value::Map(m) = meta {
        for item in &m.0 {
            if let Item::Entry(k, v) = item {
                flatten_into(&mut out, k.clone(), v);
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn flatten_into(out: &mut Vec<(String, String)>, name: String, value: &Value) {
    let text = match value {
        Value::Null | Value::Comment(_) => return,
        Value::Map(m) => {
            for item in &m.0 {
                if let Item::Entry(k, v) = item {
                    flatten_into(out, format!("{name}{MAP}{k}"), v);
                }
            }
            return;
        }
        Value::List(items) => {
            for (i, v) in items.iter().enumerate() {
                flatten_into(out, format!("{name}{LIST}{i}"), v);
            }
            return;
        }
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => crate::number::format_plain(f.value),
        Value::Str(s) => s.clone(),
        Value::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
        Value::Time(t) => crate::encoding::format_time(t),
    };
    out.push((name, text.replace('\n', "\\n")));
}

/// One step of a flattened name.
enum Token {
    Key(String),
    Index(usize),
}

/// Why flattened metadata names do not make a metadata block.
#[derive(Debug, thiserror::Error)]
pub enum FlattenError {
    #[error("{name}: {part:?} is not a list index")]
    NotAnIndex { name: String, part: String },
    /// Entries of a list are numbered from 0 without gaps, so an index can
    /// never reach the number of entries; a larger one would only make a
    /// hostile file allocate a huge list.
    #[error("{name}: list index {index} is larger than the number of metadata entries ({count})")]
    IndexTooLarge {
        name: String,
        index: usize,
        count: usize,
    },
    #[error("{name}: the name mixes a value with a list or mapping")]
    Mixed { name: String },
}

/// Splits `age__list_0__map_enc` into `age`, `0`, `enc`.
fn tokenize(name: &str) -> Result<Vec<Token>, FlattenError> {
    let mut tokens = Vec::new();
    let mut rest = name;
    let mut list = false;
    loop {
        let next = [MAP, LIST]
            .iter()
            .filter_map(|sep| rest.find(sep).map(|i| (i, *sep)))
            .min_by_key(|(i, _)| *i);
        let (part, after) = match next {
            Some((i, sep)) => (&rest[..i], Some((sep, &rest[i + sep.len()..]))),
            None => (rest, None),
        };
        tokens.push(if list {
            Token::Index(part.parse().map_err(|_| FlattenError::NotAnIndex {
                name: name.to_owned(),
                part: part.to_owned(),
            })?)
        } else {
            Token::Key(part.to_owned())
        });
        match after {
            Some((sep, tail)) => {
                list = sep == LIST;
                rest = tail;
            }
            None => return Ok(tokens),
        }
    }
}

/// Rebuilds the metadata block from flattened pairs (any order). `\n` in
/// values becomes a newline; `mac_only_encrypted` is true only when it is
/// exactly `true`, as in sops.
pub fn unflatten<'a>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<Value, FlattenError> {
    let pairs: Vec<(&str, &str)> = pairs.into_iter().collect();
    let count = pairs.len();
    let mut root = Value::Map(Map::default());
    for (name, raw) in pairs {
        let text = raw.replace("\\n", "\n");
        let leaf = match name {
            "mac_only_encrypted" => Value::Bool(text == "true"),
            _ => Value::Str(text),
        };
        let tokens = tokenize(name)?;
        if let Some(index) = tokens.iter().find_map(|t| match t {
            Token::Index(i) if *i >= count => Some(*i),
            _ => None,
        }) {
            return Err(FlattenError::IndexTooLarge {
                name: name.to_owned(),
                index,
                count,
            });
        }
        insert(&mut root, &tokens, leaf).map_err(|()| FlattenError::Mixed {
            name: name.to_owned(),
        })?;
    }
    Ok(root)
}

/// Puts `leaf` at `tokens` under `node`; fails when a name goes through a
/// value, or names a list where a mapping is (or the other way round).
fn insert(node: &mut Value, tokens: &[Token], leaf: Value) -> Result<(), ()> {
    let Some((first, rest)) = tokens.split_first() else {
        *node = leaf;
        return Ok(());
    };
    let fresh = || match rest.first() {
        Some(Token::Index(_)) => Value::List(Vec::new()),
        Some(Token::Key(_)) => Value::Map(Map::default()),
        None => Value::Null,
    };
    let child = match (first, node) {
        (Token::Key(k), Value::Map(m)) => {
            let pos =
                m.0.iter()
                    .position(|i| matches!(i, Item::Entry(key, _) if key == k));
            let pos = pos.unwrap_or_else(|| {
                m.push(k.clone(), fresh());
                m.0.len() - 1
            });
            match &mut m.0[pos] {
                Item::Entry(_, v) => v,
                Item::Comment(_) => unreachable!("position found an entry"),
            }
        }
        (Token::Index(i), Value::List(items)) => {
            if items.len() <= *i {
                items.resize(i + 1, Value::Null);
            }
            let slot = &mut items[*i];
            if matches!(slot, Value::Null) {
                *slot = fresh();
            }
            slot
        }
        _ => return Err(()),
    };
    if !rest.is_empty() && !matches!(child, Value::Map(_) | Value::List(_)) {
        return Err(());
    }
    insert(child, rest, leaf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Value {
        let mut age = Map::default();
        age.push("recipient", Value::Str("age1x".into()));
        age.push("enc", Value::Str("-----BEGIN\nabc\n-----END\n".into()));
        let mut ctx = Map::default();
        ctx.push("env", Value::Str("prod".into()));
        let mut kms = Map::default();
        kms.push("arn", Value::Str("arn:x".into()));
        kms.push("context", Value::Map(ctx));
        let mut m = Map::default();
        m.push("shamir_threshold", Value::Int(2));
        m.push("kms", Value::List(vec![Value::Map(kms)]));
        m.push("hc_vault", Value::Null);
        m.push("pgp", Value::List(vec![]));
        m.push("age", Value::List(vec![Value::Map(age)]));
        m.push("lastmodified", Value::Str("2026-11-26T03:14:34Z".into()));
        m.push("mac_only_encrypted", Value::Bool(true));
        Value::Map(m)
    }

    #[test]
    fn names_are_sorted_and_newlines_escaped() {
        let flat = flatten(&sample());
        let names: Vec<&str> = flat.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            names,
            [
                "age__list_0__map_enc",
                "age__list_0__map_recipient",
                "kms__list_0__map_arn",
                "kms__list_0__map_context__map_env",
                "lastmodified",
                "mac_only_encrypted",
                "shamir_threshold",
            ]
        );
        assert_eq!(flat[0].1, "-----BEGIN\\nabc\\n-----END\\n");
        assert_eq!(flat[5].1, "true");
        assert_eq!(flat[6].1, "2");
    }

    #[test]
    fn unflatten_reverses_flatten() {
        let flat = flatten(&sample());
        let back = unflatten(flat.iter().rev().map(|(k, v)| (k.as_str(), v.as_str()))).unwrap();
        let Value::Map(m) = &back else { panic!() };
        let Some(Value::List(age)) = m.get("age") else {
            panic!()
        };
        let Value::Map(age) = &age[0] else { panic!() };
        assert_eq!(
            age.get("enc"),
            Some(&Value::Str("-----BEGIN\nabc\n-----END\n".into()))
        );
        assert_eq!(m.get("mac_only_encrypted"), Some(&Value::Bool(true)));
        assert_eq!(m.get("shamir_threshold"), Some(&Value::Str("2".into())));
        let Some(Value::List(kms)) = m.get("kms") else {
            panic!()
        };
        let Value::Map(kms) = &kms[0] else { panic!() };
        assert!(matches!(kms.get("context"), Some(Value::Map(_))));
    }

    #[test]
    fn bad_names_are_errors() {
        assert!(unflatten([("age__list_x__map_enc", "v")]).is_err());
        assert!(unflatten([("a", "v"), ("a__map_b", "w")]).is_err());
        // Found by hand: this index made the dotenv store try to allocate
        // 3.2 TB and abort.
        assert!(matches!(
            unflatten([("age__list_99999999999__map_enc", "v")]),
            Err(FlattenError::IndexTooLarge { .. })
        ));
    }
}
