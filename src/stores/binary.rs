//! The binary store: any bytes, kept as one string value `data`. Encrypted,
//! it is a JSON document with `data` and `sops`.

use zeroize::Zeroizing;

use super::{json, Document, Keeps, Store, StoreError, StoreOptions};
use crate::tree::{Map, Tree, Value};

/// The binary store.
pub struct BinaryStore;

impl Store for BinaryStore {
    /// An encrypted binary file is JSON with `data` and `sops` members
    /// (written anew every time: there is no layout to keep); a plain one
    /// is taken whole as the `data` value.
    fn load<'a>(&self, bytes: &'a [u8], encrypted: bool) -> Result<Document<'a>, StoreError> {
        if encrypted {
            let (tree, metadata, _) = json::read(bytes)?;
            return Ok(Document {
                tree,
                metadata,
                layout: None,
            });
        }
        let data = match String::from_utf8(bytes.to_vec()) {
            Ok(s) => Value::Str(s),
            Err(e) => Value::Bytes(e.into_bytes()),
        };
        let mut root = Map::default();
        root.push("data", data);
        Ok(Document {
            tree: Tree::single(root),
            metadata: None,
            layout: None,
        })
    }

    /// Encrypted: JSON (`stores.json_binary.indent`). Plain: the decrypted
    /// bytes of `data`, exactly.
    fn emit(
        &self,
        tree: &Tree,
        metadata: Option<&Value>,
        opts: &StoreOptions,
    ) -> Result<Zeroizing<Vec<u8>>, StoreError> {
        if metadata.is_some() {
            let indent = StoreOptions {
                json_indent: opts.json_binary_indent,
                ..*opts
            };
            return super::Format::Json.store().emit(tree, metadata, &indent);
        }
        match tree.branches.first().and_then(|b| b.get("data")) {
            Some(Value::Str(s)) => Ok(Zeroizing::new(s.as_bytes().to_vec())),
            Some(Value::Bytes(b)) => Ok(Zeroizing::new(b.clone())),
            _ => Err(StoreError::Emit(
                "no binary data found in tree (the file has no string 'data' value; this is likely not an encrypted binary file — give --input-type and --output-type)".into(),
            )),
        }
    }

    fn emit_value(
        &self,
        _value: &Value,
        _opts: &StoreOptions,
    ) -> Result<Zeroizing<Vec<u8>>, StoreError> {
        Err(StoreError::Emit(
            "the binary store cannot extract a value; use --output-type json".into(),
        ))
    }

    fn keeps(&self) -> Keeps {
        Keeps {
            comments: false,
            types: true,
        }
    }
}
