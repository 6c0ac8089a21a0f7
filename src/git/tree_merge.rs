//! Three-way merge of decrypted trees: a value changed on one side only is
//! taken from that side, mappings merge key by key (so two branches that
//! changed different keys never conflict), lists element by element, and
//! multi-line strings line by line. What both sides changed differently is
//! a conflict, reported by its path, never by its value.

use crate::tree::{Item, Map, Tree, Value};

use super::diff3;

/// Which side wins a conflict (`rsops git resolve --ours/--theirs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Ours,
    Theirs,
}

/// The merged tree, and the paths (sops' tree-path syntax) both sides
/// changed differently. Without a preferred side a conflicting value is
/// ours in `tree`, which must then not be used.
pub struct Merged {
    pub tree: Tree,
    pub conflicts: Vec<String>,
}

/// Merges `ours` and `theirs`, both changed from `base` (`None` when the
/// file did not exist, or could not be read, there). Conflicts go to
/// `prefer`'s side, or ours.
pub fn merge(base: Option<&Tree>, ours: &Tree, theirs: &Tree, prefer: Option<Side>) -> Merged {
    let mut m = Merger {
        prefer: prefer.unwrap_or(Side::Ours),
        conflicts: Vec::new(),
    };
    let branches = if ours.branches.len() == theirs.branches.len() {
        let several = ours.branches.len() > 1;
        let mut out = Vec::with_capacity(ours.branches.len());
        for (i, (o, t)) in ours.branches.iter().zip(&theirs.branches).enumerate() {
            let b = base.and_then(|b| b.branches.get(i));
            let mut path = if several {
                format!("(document {})", i + 1)
            } else {
                String::new()
            };
            out.push(m.map(b, o, t, &mut path));
        }
        out
    } else {
        let b = base.map(|b| &b.branches);
        match pick(b, &ours.branches, &theirs.branches) {
            Some(side) => side.clone(),
            None => {
                m.conflicts
                    .push("(the number of YAML documents)".to_owned());
                m.choose(&ours.branches, &theirs.branches).clone()
            }
        }
    };
    Merged {
        tree: Tree { branches },
        conflicts: m.conflicts,
    }
}

/// The three-way pick of a whole part: the side that changed it, or `None`
/// when both changed it differently.
fn pick<'x, T: PartialEq>(base: Option<&T>, ours: &'x T, theirs: &'x T) -> Option<&'x T> {
    if ours == theirs || base == Some(theirs) {
        Some(ours)
    } else if base == Some(ours) {
        Some(theirs)
    } else {
        None
    }
}

/// One key of a mapping with the comments just above it (sops ties a
/// comment to what follows it).
#[derive(PartialEq)]
struct Unit<'a> {
    comments: Vec<&'a str>,
    value: &'a Value,
}

type Units<'a> = Vec<(&'a str, Unit<'a>)>;

/// A mapping as its keys in order and the comments after the last one;
/// `None` when a key appears twice (it then merges as a list of items).
fn units(map: &Map) -> Option<(Units<'_>, Vec<&str>)> {
    let mut keys: Units<'_> = Vec::with_capacity(map.0.len());
    let mut seen = std::collections::HashSet::new();
    let mut comments = Vec::new();
    for item in &map.0 {
        match item {
            Item::Comment(c) => comments.push(c.as_str()),
            Item::Entry(k, v) => {
                if !seen.insert(k.as_str()) {
                    return None;
                }
                keys.push((
                    k.as_str(),
                    Unit {
                        comments: std::mem::take(&mut comments),
                        value: v,
                    },
                ));
            }
        }
    }
    Some((keys, comments))
}

fn find<'u, 'a>(units: &'u Units<'a>, key: &str) -> Option<&'u Unit<'a>> {
    units.iter().find(|(k, _)| *k == key).map(|(_, u)| u)
}

fn push_unit(out: &mut Map, key: &str, comments: &[&str], value: Value) {
    out.0
        .extend(comments.iter().map(|c| Item::Comment((*c).to_owned())));
    out.0.push(Item::Entry(key.to_owned(), value));
}

fn shown(path: &str) -> &str {
    if path.is_empty() {
        "(top level)"
    } else {
        path
    }
}

struct Merger {
    prefer: Side,
    conflicts: Vec<String>,
}

impl Merger {
    fn choose<'x, T: ?Sized>(&self, ours: &'x T, theirs: &'x T) -> &'x T {
        match self.prefer {
            Side::Ours => ours,
            Side::Theirs => theirs,
        }
    }

    fn conflict<'x, T: ?Sized>(&mut self, path: String, ours: &'x T, theirs: &'x T) -> &'x T {
        self.conflicts.push(path);
        self.choose(ours, theirs)
    }

    fn map(&mut self, base: Option<&Map>, ours: &Map, theirs: &Map, path: &mut String) -> Map {
        if let Some(side) = pick(base, ours, theirs) {
            return side.clone();
        }
        let empty = Map::default();
        let split = (units(base.unwrap_or(&empty)), units(ours), units(theirs));
        let (Some((b, b_tail)), Some((o, o_tail)), Some((t, t_tail))) = split else {
            return self.items(base, ours, theirs, path);
        };
        // The merged keys: ours' order, with the keys theirs added placed
        // after the key they follow in theirs, and the keys ours deleted
        // but theirs changed (a conflict) at the end.
        let mut order: Vec<&str> = o.iter().map(|(k, _)| *k).collect();
        for (i, (k, _)) in t.iter().enumerate() {
            if find(&o, k).is_some() || find(&b, k).is_some() {
                continue;
            }
            let after = t[..i]
                .iter()
                .rev()
                .find_map(|(p, _)| order.iter().position(|q| q == p));
            order.insert(after.map_or(0, |p| p + 1), k);
        }
        for (k, unit) in &b {
            if find(&o, k).is_none() && find(&t, k).is_some_and(|u| u != unit) {
                order.push(k);
            }
        }
        let mut out = Map::default();
        for key in order {
            let (bu, ou, tu) = (find(&b, key), find(&o, key), find(&t, key));
            let len = path.len();
            path.push_str(&format!("[{key:?}]"));
            match (pick(Some(&bu), &ou, &tu), ou, tu) {
                (Some(Some(unit)), _, _) => {
                    push_unit(&mut out, key, &unit.comments, unit.value.clone());
                }
                (Some(None), _, _) => {}
                (None, Some(ou), Some(tu)) => {
                    let comments =
                        match pick(bu.map(|u| &u.comments), &ou.comments, &tu.comments) {
                            Some(c) => c,
                            None => self.conflict(
                                format!("{path} (the comments above it)"),
                                &ou.comments,
                                &tu.comments,
                            ),
                        }
                        .clone();
                    let value = self.value(bu.map(|u| u.value), ou.value, tu.value, path);
                    push_unit(&mut out, key, &comments, value);
                }
                (None, _, _) => {
                    let what = format!("{path} (deleted on one side, changed on the other)");
                    if let Some(unit) = self.conflict(what, &ou, &tu) {
                        push_unit(&mut out, key, &unit.comments, unit.value.clone());
                    }
                }
            }
            path.truncate(len);
        }
        let tail = match pick(Some(&b_tail), &o_tail, &t_tail) {
            Some(tail) => tail,
            None => self.conflict(
                format!("{} (the comments at the end)", shown(path)),
                &o_tail,
                &t_tail,
            ),
        };
        out.0
            .extend(tail.iter().map(|c| Item::Comment((*c).to_owned())));
        out
    }

    /// A mapping with a repeated key: merged as a sequence of items.
    fn items(&mut self, base: Option<&Map>, ours: &Map, theirs: &Map, path: &str) -> Map {
        let empty = Map::default();
        match diff3::merge(&base.unwrap_or(&empty).0, &ours.0, &theirs.0) {
            Some(items) => Map(items),
            None => self
                .conflict(
                    format!("{} (a mapping with a repeated key)", shown(path)),
                    ours,
                    theirs,
                )
                .clone(),
        }
    }

    fn value(
        &mut self,
        base: Option<&Value>,
        ours: &Value,
        theirs: &Value,
        path: &mut String,
    ) -> Value {
        if let Some(side) = pick(base, ours, theirs) {
            return side.clone();
        }
        match (base, ours, theirs) {
            (b, Value::Map(o), Value::Map(t)) => {
                let b = match b {
                    Some(Value::Map(b)) => Some(b),
                    _ => None,
                };
                Value::Map(self.map(b, o, t, path))
            }
            (Some(Value::List(b)), Value::List(o), Value::List(t)) => {
                if let Some(list) = self.list(b, o, t, path) {
                    return list;
                }
                self.conflict(shown(path).to_owned(), ours, theirs).clone()
            }
            (Some(Value::Str(b)), Value::Str(o), Value::Str(t)) => {
                fn lines(s: &str) -> Vec<&str> {
                    s.split_inclusive('\n').collect()
                }
                match diff3::merge(&lines(b), &lines(o), &lines(t)) {
                    Some(merged) => Value::Str(merged.concat()),
                    None => self.conflict(shown(path).to_owned(), ours, theirs).clone(),
                }
            }
            _ => self.conflict(shown(path).to_owned(), ours, theirs).clone(),
        }
    }

    /// Lists of one length merge element by element (so that mappings in
    /// them merge key by key); others as sequences. `None` on a conflict of
    /// the sequences.
    fn list(
        &mut self,
        base: &[Value],
        ours: &[Value],
        theirs: &[Value],
        path: &mut String,
    ) -> Option<Value> {
        if base.len() == ours.len() && ours.len() == theirs.len() {
            let mut out = Vec::with_capacity(ours.len());
            for (i, ((b, o), t)) in base.iter().zip(ours).zip(theirs).enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                out.push(self.value(Some(b), o, t, path));
                path.truncate(len);
            }
            return Some(Value::List(out));
        }
        diff3::merge(base, ours, theirs).map(Value::List)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(yaml: &str) -> Tree {
        crate::stores::load(crate::stores::Format::Yaml, yaml.as_bytes(), false)
            .unwrap()
            .tree
    }

    fn merged(base: &str, ours: &str, theirs: &str) -> Result<Tree, Vec<String>> {
        let m = merge(Some(&tree(base)), &tree(ours), &tree(theirs), None);
        if m.conflicts.is_empty() {
            Ok(m.tree)
        } else {
            Err(m.conflicts)
        }
    }

    #[test]
    fn different_keys_of_one_mapping_merge() {
        let base = "a: 1\nb: 2\nc: {x: 1, y: 2}\n";
        let ours = "a: 10\nb: 2\nc: {x: 10, y: 2}\n";
        let theirs = "a: 1\nb: 20\nnew: 3\nc: {x: 1, y: 20}\n";
        assert_eq!(
            merged(base, ours, theirs).unwrap(),
            tree("a: 10\nb: 20\nnew: 3\nc: {x: 10, y: 20}\n")
        );
    }

    #[test]
    fn deletions_and_comments_merge() {
        let base = "# one\na: 1\nb: 2\nc: 3\n";
        let ours = "# one\na: 1\nc: 3\n";
        let theirs = "# uno\na: 1\nb: 2\nc: 30\n";
        assert_eq!(
            merged(base, ours, theirs).unwrap(),
            tree("# uno\na: 1\nc: 30\n")
        );
    }

    #[test]
    fn conflicts_name_every_path_and_no_value() {
        let base = "db: {password: a, user: u}\nlist: [1, 2]\nk: x\n";
        let ours = "db: {password: b, user: u}\nlist: [1, 3]\n";
        let theirs = "db: {password: c, user: u}\nlist: [1, 4]\nk: y\n";
        assert_eq!(
            merged(base, ours, theirs).unwrap_err(),
            [
                r#"["db"]["password"]"#,
                r#"["list"][1]"#,
                r#"["k"] (deleted on one side, changed on the other)"#
            ]
        );
    }

    #[test]
    fn a_preferred_side_resolves_conflicts_and_keeps_the_rest() {
        let base = tree("a: 1\nb: 2\n");
        let ours = tree("a: 10\nb: 20\n");
        let theirs = tree("a: 11\nb: 2\nc: 3\n");
        let m = merge(Some(&base), &ours, &theirs, Some(Side::Theirs));
        assert_eq!(m.conflicts, [r#"["a"]"#]);
        assert_eq!(m.tree, tree("a: 11\nb: 20\nc: 3\n"));
    }

    #[test]
    fn multi_line_strings_merge_by_line() {
        let base = "cert: |\n  one\n  two\n  three\n  four\n";
        let ours = "cert: |\n  ONE\n  two\n  three\n  four\n";
        let theirs = "cert: |\n  one\n  two\n  three\n  FOUR\n";
        assert_eq!(
            merged(base, ours, theirs).unwrap(),
            tree("cert: |\n  ONE\n  two\n  three\n  FOUR\n")
        );
    }
}
