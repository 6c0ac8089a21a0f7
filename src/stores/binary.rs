//! The binary store: any bytes, kept as one string value `data`. Encrypted,
//! it is a JSON document with `data` and `sops`.

use zeroize::Zeroizing;

use super::{json, Document, Source, StoreError};
use crate::tree::{Map, Tree, Value};

/// Loads an encrypted binary file: JSON with `data` and `sops` members.
pub fn load_encrypted(bytes: &[u8]) -> Result<Document<'static>, StoreError> {
    let (tree, metadata, _) = json::load(bytes)?;
    Ok(Document {
        tree,
        metadata,
        source: Source::None,
    })
}

/// Loads a plain file, taken whole as the `data` value.
pub fn load_plain(bytes: &[u8]) -> Result<Document<'static>, StoreError> {
    let data = match String::from_utf8(bytes.to_vec()) {
        Ok(s) => Value::Str(s),
        Err(e) => Value::Bytes(e.into_bytes()),
    };
    let mut root = Map::default();
    root.push("data", data);
    Ok(Document {
        tree: Tree::single(root),
        metadata: None,
        source: Source::None,
    })
}

/// The decrypted bytes of `data`, exactly.
pub fn emit_plain(tree: &Tree) -> Result<Zeroizing<Vec<u8>>, StoreError> {
    match tree.branches.first().and_then(|b| b.get("data")) {
        Some(Value::Str(s)) => Ok(Zeroizing::new(s.as_bytes().to_vec())),
        Some(Value::Bytes(b)) => Ok(Zeroizing::new(b.clone())),
        _ => Err(StoreError::Emit(
            "no binary data found in tree (the file has no string 'data' value; this is likely not an encrypted binary file — give --input-type and --output-type)".into(),
        )),
    }
}
