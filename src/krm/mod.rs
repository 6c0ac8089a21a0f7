//! rsops as a Kustomize plugin, a drop-in for ksops: the KRM exec function
//! (`exec: {path: ksops}`, also run by kpt) and the legacy exec plugin
//! (`$XDG_CONFIG_HOME/kustomize/plugin/viaduct.ai/v1/ksops/ksops`).
//!
//! Both read ksops manifests ([`manifest`]), decrypt the files they name
//! and build objects from them ([`generate`]); they differ only in how the
//! manifest arrives and the objects leave ([`resource_list`]). [`mode`]
//! holds what the environment can change: the concurrency limit, the
//! opt-in placeholder mode and the kpt guard. With a `SopsDecryptor`
//! config the same entry points are a decrypting transformer for
//! encrypted resources, with Flux's rules ([`flux`]). docs/format.md §11
//! states the contract.
//!
//! Whatever fails, nothing is written to stdout and the caller gets an
//! error naming the generator and the file: kustomize and Argo CD only look
//! at the exit status, and an empty success would delete the Secrets.

#![doc(hidden)]

pub mod argocd;
pub mod envs;
pub mod flux;
pub mod generate;
pub mod kustomization;
pub mod manifest;
pub mod mode;
pub mod read;
pub mod resource_list;

use std::path::Path;

use crate::keys::KeyContext;
use crate::tree::{Map, Value};
use crate::warning::{Warn, Warning};
use manifest::{is_manifest, Manifest};
use mode::{Mode, Settings, ALLOW_PLAINTEXT_VAR, DRY_RUN_VAR, PLACEHOLDER_ANNOTATION};
use resource_list::ResourceList;

/// Why the plugin failed. Messages name the generator and the file and
/// never contain a decrypted value or an input document.
#[derive(Debug, thiserror::Error)]
pub enum KrmError {
    #[error("cannot read the function input: {0}")]
    Input(String),
    #[error("ksops generator {generator:?}: {reason}")]
    Manifest {
        generator: String,
        reason: manifest::ManifestError,
    },
    #[error("ksops generator {generator:?}: {field} entry {path:?}: {reason}")]
    File {
        generator: String,
        field: String,
        path: String,
        reason: String,
    },
    /// A file named by a generator did not decrypt; the cause decides the
    /// exit code, as for `sops decrypt`.
    #[error("ksops generator {generator:?}: {field} entry {path:?}: {source}")]
    Decrypt {
        generator: String,
        field: String,
        path: String,
        source: Box<crate::Error>,
    },
    #[error("{name}: {reason}")]
    Setting { name: &'static str, reason: String },
    #[error("the input has no ksops manifest: neither the functionConfig nor any item has 'files' or 'secretFrom'")]
    NoManifest,
    #[error("refusing to decrypt under kpt: kpt writes a function's output back into the package, so the decrypted Secrets would be saved in plaintext. Render with kustomize instead, or, to print them only (`kpt fn eval --exec ... -o stdout`), set {ALLOW_PLAINTEXT_VAR}=1")]
    KptPlaintext,
    #[error("cannot read the manifest {path}: {reason}")]
    ReadManifest { path: String, reason: String },
    #[error("{resource}: {reason}")]
    Resource { resource: String, reason: String },
    /// An encrypted resource did not decrypt.
    #[error("{resource}: {source}")]
    DecryptResource {
        resource: String,
        source: Box<crate::Error>,
    },
    /// The generated objects could not be written as YAML.
    #[error("cannot write the generated objects: {0}")]
    Output(#[source] crate::stores::StoreError),
}

impl KrmError {
    /// The library failure behind this one, if any: the command line exits
    /// with sops' code for it (a missing key, a tampered file).
    pub fn library_error(&self) -> Option<&crate::Error> {
        match self {
            KrmError::Decrypt { source, .. } | KrmError::DecryptResource { source, .. } => {
                Some(source)
            }
            _ => None,
        }
    }
}

/// The kind of the decrypting transformer's config (`transformers:
/// [decrypt.yaml]`), any apiVersion; see [`flux`].
pub const DECRYPTOR_KIND: &str = "SopsDecryptor";

/// The KRM function: reads a ResourceList and returns the ResourceList to
/// print, holding the generated objects (sorted as ksops sorts them).
/// Under kpt the input items come first, unchanged: kpt's output replaces
/// the package. kustomize gets only the generated objects, as from ksops:
/// an echoed generator config would clash with a same-named generator of
/// a base.
pub fn run_function(input: &[u8], warn: Warn) -> Result<Vec<u8>, KrmError> {
    let settings = Settings::from_env()?;
    let list = ResourceList::parse(input)?;
    if list.function_config.as_ref().is_some_and(is_decryptor) {
        return transform(list, &settings);
    }
    let config = list.function_config.as_ref().filter(|c| is_manifest(c));
    let manifests: Vec<Manifest> = match config {
        Some(c) => vec![Manifest::from_map(c)?],
        None => list
            .items
            .iter()
            .filter(|i| is_manifest(i))
            .map(Manifest::from_map)
            .collect::<Result<_, _>>()?,
    };
    if manifests.is_empty() {
        if let Some(config) = &list.function_config {
            // Names the generator and says what it lacks.
            Manifest::from_map(config)?;
        }
        return Err(KrmError::NoManifest);
    }
    let kpt = mode::is_kpt(&list.items, list.function_config.as_ref());
    if settings.mode == Mode::Decrypt && !settings.allow_plaintext_output && kpt {
        return Err(KrmError::KptPlaintext);
    }
    let base = generate::base_dir(list.function_config.as_ref());
    let mut generated = generate::generate(&manifests, &base, &settings, &KeyContext::default())?;
    generated.sort_by_cached_key(resource_list::sort_key);
    announce(&settings, generated.len(), warn);
    argocd::record_run(&manifests, generated.len());
    let items = if kpt {
        let mut items = list.items;
        items.extend(generated);
        items
    } else {
        generated
    };
    resource_list::emit(items, list.function_config)
}

fn is_decryptor(config: &Map) -> bool {
    matches!(config.get("kind"), Some(Value::Str(k)) if k == DECRYPTOR_KIND)
}

/// The decrypting transformer: every item comes back, the encrypted ones
/// decrypted (Flux's rules, [`flux`]), kustomize's annotations kept.
fn transform(list: ResourceList, settings: &Settings) -> Result<Vec<u8>, KrmError> {
    let kpt = mode::is_kpt(&list.items, list.function_config.as_ref());
    if !settings.allow_plaintext_output && kpt {
        return Err(KrmError::KptPlaintext);
    }
    if settings.mode == Mode::Placeholder {
        return Err(KrmError::Setting {
            name: DRY_RUN_VAR,
            reason: format!("placeholder mode is for generators; the {DECRYPTOR_KIND} transformer has no placeholder form"),
        });
    }
    let items = flux::decrypt_objects(list.items, &KeyContext::default(), "the kustomize build")?;
    resource_list::emit(items, list.function_config)
}

/// The legacy exec plugin: reads the manifest file kustomize wrote and
/// returns the YAML stream to print (the `files` documents, then the
/// Secrets, in manifest order).
///
/// A [`DECRYPTOR_KIND`] config makes it the legacy decrypting transformer:
/// the resources come on stdin (read through `stdin`, only then) and go
/// back decrypted.
pub fn run_legacy(
    manifest_path: &Path,
    stdin: impl FnOnce() -> std::io::Result<Vec<u8>>,
    warn: Warn,
) -> Result<Vec<u8>, KrmError> {
    let settings = Settings::from_env()?;
    let bad = |reason: String| KrmError::ReadManifest {
        path: manifest_path.display().to_string(),
        reason,
    };
    let bytes = std::fs::read(manifest_path).map_err(|e| bad(e.to_string()))?;
    let tree = resource_list::read_yaml(&bytes).map_err(|e| bad(e.to_string()))?;
    if tree.branches.first().is_some_and(is_decryptor) {
        let input = stdin().map_err(|e| KrmError::Input(e.to_string()))?;
        return flux::decrypt_stream(&input, &KeyContext::default(), "the kustomize build");
    }
    let manifests: Vec<Manifest> = tree
        .branches
        .iter()
        .filter(|d| !d.0.is_empty())
        .map(Manifest::from_map)
        .collect::<Result<_, _>>()?;
    if manifests.is_empty() {
        return Err(KrmError::NoManifest);
    }
    let generated =
        generate::generate(&manifests, Path::new(""), &settings, &KeyContext::default())?;
    announce(&settings, generated.len(), warn);
    argocd::record_run(&manifests, generated.len());
    resource_list::emit_stream(generated)
}

/// Placeholder output must never pass for the real thing: say so every
/// time (the objects also carry an annotation).
fn announce(settings: &Settings, count: usize, warn: Warn) {
    if settings.mode == Mode::Placeholder {
        warn.send(Warning::Placeholder {
            count,
            variable: DRY_RUN_VAR,
            annotation: PLACEHOLDER_ANNOTATION,
        });
    }
}
