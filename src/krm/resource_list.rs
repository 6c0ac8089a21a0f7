//! ResourceList I/O: what a KRM function reads on stdin and writes on
//! stdout (`apiVersion: config.kubernetes.io/v1`, `kind: ResourceList`,
//! `items`, `functionConfig`), and the plain YAML stream of legacy plugins.
//!
//! Objects are held as [`Map`]s of the document tree, read and written by
//! the YAML store, so the plugin and the CLI read YAML the same way.

use super::KrmError;
use crate::stores::{self, Format, StoreError, StoreOptions};
use crate::tree::{Map, Tree, Value};

/// sops' default indentation (4); kustomize and kpt re-serialise the
/// objects anyway. (Not 2: this branch's YAML writer nests mappings inside
/// sequences wrongly at 2; the yaml branch has go-yaml's rule.)
const INDENT: usize = 4;

/// A function's input.
#[derive(Debug, Default)]
pub struct ResourceList {
    pub items: Vec<Map>,
    pub function_config: Option<Map>,
}

impl ResourceList {
    /// Reads a ResourceList; anything else is an error, as in ksops.
    pub fn parse(bytes: &[u8]) -> Result<ResourceList, KrmError> {
        let bad = |reason: String| KrmError::Input(reason);
        let tree = read_yaml(bytes).map_err(|e| bad(format!("it is not YAML: {e}")))?;
        let [root] = &tree.branches[..] else {
            return Err(bad(format!(
                "expected one ResourceList document, got {}",
                tree.branches.len()
            )));
        };
        if !is_resource_list(root) {
            return Err(bad(format!(
                "input was of unexpected kind {:?}; a KRM function reads a ResourceList",
                match root.get("kind") {
                    Some(Value::Str(k)) => k.as_str(),
                    _ => "",
                }
            )));
        }
        let items = match root.get("items") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::List(items)) => items
                .iter()
                .filter(|v| !matches!(v, Value::Comment(_)))
                .map(|v| match v {
                    Value::Map(m) => Ok(m.clone()),
                    _ => Err(bad("an item of 'items' is not an object".into())),
                })
                .collect::<Result<_, _>>()?,
            Some(_) => return Err(bad("'items' is not a list".into())),
        };
        let function_config = match root.get("functionConfig") {
            Some(Value::Map(m)) if !m.0.is_empty() => Some(m.clone()),
            _ => None,
        };
        Ok(ResourceList {
            items,
            function_config,
        })
    }
}

/// Whether a document is a ResourceList (the check before reading stdin
/// as one when rsops runs without arguments).
pub fn is_resource_list(root: &Map) -> bool {
    matches!(root.get("kind"), Some(Value::Str(k)) if k == "ResourceList")
}

/// Writes the function's output: `items` and the echoed `functionConfig`.
pub fn emit(items: Vec<Map>, function_config: Option<Map>) -> Result<Vec<u8>, KrmError> {
    let mut root = Map::default();
    root.push("apiVersion", Value::Str("config.kubernetes.io/v1".into()));
    root.push("kind", Value::Str("ResourceList".into()));
    root.push(
        "items",
        Value::List(items.into_iter().map(Value::Map).collect()),
    );
    if let Some(config) = function_config {
        root.push("functionConfig", Value::Map(config));
    }
    write_yaml(&Tree::single(root))
}

/// Writes objects as a YAML stream (`---` between documents), as a legacy
/// plugin prints them.
pub fn emit_stream(objects: Vec<Map>) -> Result<Vec<u8>, KrmError> {
    if objects.is_empty() {
        return Ok(Vec::new());
    }
    write_yaml(&Tree { branches: objects })
}

/// Whether an object carries sops metadata (`sops.mac` at the top level).
pub fn is_encrypted(object: &Map) -> bool {
    matches!(object.get("sops"), Some(Value::Map(m)) if m.contains_key("mac"))
}

/// Reads plain YAML (a manifest, a ResourceList, a kustomize build).
pub fn read_yaml(bytes: &[u8]) -> Result<Tree, StoreError> {
    stores::load(Format::Yaml, bytes, false).map(|doc| doc.tree)
}

/// Writes objects in go-yaml's layout with Kubernetes' indentation. The
/// caller owns the (decrypted) text from here on.
fn write_yaml(tree: &Tree) -> Result<Vec<u8>, KrmError> {
    let opts = StoreOptions {
        yaml_indent: INDENT,
        ..StoreOptions::default()
    };
    Format::Yaml
        .store()
        .emit(tree, None, &opts)
        .map(crate::memory::take_zeroizing)
        .map_err(KrmError::Output)
}

/// Reads every document of a YAML or JSON text as an object (a decrypted
/// `files` entry), skipping empty documents.
pub fn objects(tree: Tree) -> Vec<Map> {
    tree.branches
        .iter()
        .filter(|m| !m.0.is_empty())
        .cloned()
        .collect()
}

/// The value of an annotation, if the object has it as a string.
pub fn annotation<'a>(object: &'a Map, name: &str) -> Option<&'a str> {
    let Some(Value::Map(meta)) = object.get("metadata") else {
        return None;
    };
    let Some(Value::Map(annotations)) = meta.get("annotations") else {
        return None;
    };
    match annotations.get(name) {
        Some(Value::Str(v)) => Some(v),
        _ => None,
    }
}

/// Sets an annotation, creating `metadata.annotations` as needed.
pub fn set_annotation(object: &mut Map, name: &str, value: &str) {
    let meta = child_map(object, "metadata");
    let annotations = child_map(meta, "annotations");
    annotations.remove_all(name);
    annotations.push(name, Value::Str(value.into()));
}

fn child_map<'a>(map: &'a mut Map, key: &str) -> &'a mut Map {
    if !matches!(map.get(key), Some(Value::Map(_))) {
        map.remove_all(key);
        map.push(key, Value::Map(Map::default()));
    }
    map.0
        .iter_mut()
        .find_map(|item| match item {
            crate::tree::Item::Entry(k, Value::Map(m)) if k == key => Some(m),
            _ => None,
        })
        .expect("inserted above")
}

/// The sort key ksops (the KRM SDK's `rl.Sort()`) orders items by.
pub fn sort_key(object: &Map) -> [String; 4] {
    let field = |m: &Map, k: &str| match m.get(k) {
        Some(Value::Str(s)) => s.clone(),
        _ => String::new(),
    };
    let meta = match object.get("metadata") {
        Some(Value::Map(m)) => m.clone(),
        _ => Map::default(),
    };
    [
        field(object, "apiVersion"),
        field(object, "kind"),
        field(&meta, "namespace"),
        field(&meta, "name"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_kustomize_generator_input() {
        let input = b"apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: viaduct.ai/v1\n  kind: ksops\n  metadata:\n    name: g\n    annotations:\n      config.kubernetes.io/local-config: 'true'\n  files:\n  - ./x.enc.yaml\nfunctionConfig:\n  apiVersion: viaduct.ai/v1\n  kind: ksops\n  metadata: {name: g}\n";
        let rl = ResourceList::parse(input).unwrap();
        assert_eq!(rl.items.len(), 1);
        assert_eq!(
            annotation(&rl.items[0], "config.kubernetes.io/local-config"),
            Some("true")
        );
        assert!(rl.function_config.is_some());
    }

    #[test]
    fn refuses_other_kinds() {
        let err = ResourceList::parse(b"kind: ksops\nfiles: []\n").unwrap_err();
        assert!(err.to_string().contains("unexpected kind"), "{err}");
    }

    #[test]
    fn writes_items_with_quoted_strings() {
        let mut secret = Map::default();
        secret.push("kind", Value::Str("Secret".into()));
        set_annotation(&mut secret, "a", "true");
        let text = String::from_utf8(emit(vec![secret], None).unwrap()).unwrap();
        assert_eq!(
            text,
            "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n    - kind: Secret\n      metadata:\n        annotations:\n            a: \"true\"\n"
        );
        let back = ResourceList::parse(text.as_bytes()).unwrap();
        assert_eq!(annotation(&back.items[0], "a"), Some("true"));
    }
}
