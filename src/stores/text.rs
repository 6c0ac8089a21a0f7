//! The [`Store`] implementation shared by the line-based stores (dotenv,
//! INI, TOML): each reads a whole file into a tree plus its own [`Layout`]
//! source, writes a tree anew without store options, and rewrites its
//! source without them either. Only those parts differ between them, so
//! each store says just those through [`TextStore`].

use std::marker::PhantomData;

use zeroize::Zeroizing;

use super::{Document, Format, Keeps, Layout, Store, StoreError, StoreOptions};
use crate::tree::{Tree, Value};

/// What a line-based store adds to the shared [`Store`] implementation.
pub(crate) trait TextStore: Sync + 'static {
    /// The original text as the store keeps it, to rewrite it in place.
    type Source<'a>;

    /// What a file written by this store keeps of a tree.
    const KEEPS: Keeps;

    /// Parses a file; a sops block becomes the metadata value.
    fn read(bytes: &[u8]) -> Result<(Tree, Option<Value>, Self::Source<'_>), StoreError>;

    /// Adjusts the tree of a file that carries sops metadata, as the
    /// store's encrypted form needs; most stores need nothing.
    fn read_encrypted(_tree: &mut Tree) {}

    /// Writes `tree` anew, with `metadata` as its sops block.
    fn emit(tree: &Tree, metadata: Option<&Value>) -> Result<Zeroizing<Vec<u8>>, StoreError>;

    /// The original text with the values of `tree` and `metadata` as the
    /// sops block (`None` removes it); `None` when the text cannot be kept.
    fn rewrite(
        source: &Self::Source<'_>,
        tree: &Tree,
        metadata: Option<&Value>,
    ) -> Result<Option<Zeroizing<Vec<u8>>>, StoreError>;

    /// Writes one value, for `--extract`: as sops' INI store does, as JSON.
    fn emit_value(value: &Value, opts: &StoreOptions) -> Result<Zeroizing<Vec<u8>>, StoreError> {
        Format::Json.store().emit_value(value, opts)
    }
}

/// A [`TextStore`]'s source as the [`Layout`] a [`Document`] carries.
struct Source<'a, S: TextStore> {
    source: S::Source<'a>,
    store: PhantomData<S>,
}

impl<S: TextStore> Layout for Source<'_, S> {
    fn rewrite(
        &self,
        tree: &Tree,
        metadata: Option<&Value>,
        _opts: &StoreOptions,
    ) -> Result<Option<Zeroizing<Vec<u8>>>, StoreError> {
        S::rewrite(&self.source, tree, metadata)
    }
}

impl<S: TextStore> Store for S {
    fn load<'a>(&self, bytes: &'a [u8], encrypted: bool) -> Result<Document<'a>, StoreError> {
        let (mut tree, metadata, source) = S::read(bytes)?;
        if encrypted {
            S::read_encrypted(&mut tree);
        }
        let source = Source::<S> {
            source,
            store: PhantomData,
        };
        Ok(Document::new(tree, metadata, source))
    }

    fn emit(
        &self,
        tree: &Tree,
        metadata: Option<&Value>,
        _opts: &StoreOptions,
    ) -> Result<Zeroizing<Vec<u8>>, StoreError> {
        S::emit(tree, metadata)
    }

    fn emit_value(
        &self,
        value: &Value,
        opts: &StoreOptions,
    ) -> Result<Zeroizing<Vec<u8>>, StoreError> {
        S::emit_value(value, opts)
    }

    fn keeps(&self) -> Keeps {
        S::KEEPS
    }
}
