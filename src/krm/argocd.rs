//! The Argo CD Config Management Plugin (sidecar): `generate` renders an
//! application and never hands Argo CD a partial or empty manifest;
//! `discover` says whether an application needs rsops.
//!
//! `generate` runs in the application directory. In `kustomize` mode it
//! runs `kustomize build . --enable-alpha-plugins --enable-exec` with a
//! `ksops` that is this binary first on PATH; `flux` mode (the default
//! with a kustomization) then also decrypts resources kustomize passed
//! through encrypted, as Flux does; in `directory` mode it decrypts every
//! SOPS-encrypted YAML/JSON document of a plain directory. The whole
//! output is collected first and returned only when the build worked,
//! produced objects, and holds no SOPS ciphertext any more (a generator
//! kustomize skipped silently leaves some behind).

use std::path::{Component, Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};

use super::flux;
use super::kustomization::{self, kustomization_file, RunsAs};
use super::manifest::Manifest;
use super::resource_list::emit_stream;
use super::resource_list::is_encrypted;
use super::KrmError;
use crate::keys::KeyContext;
use crate::stores::{self, Format};
use crate::tree::Value;

/// Why `generate` refused to print the application. A failure of the
/// SOPS layer keeps its own error (and so sops' exit code).
#[derive(Debug, thiserror::Error)]
pub enum ArgocdError {
    #[error("unknown mode {0:?} (parameter mode / ARGOCD_ENV_RSOPS_MODE): use auto, kustomize, flux or directory")]
    UnknownMode(String),
    #[error("cannot split the kustomize build options {0:?}")]
    BuildOptions(String),
    #[error("{0}")]
    SearchPath(std::env::JoinPathsError),
    /// The private folder that puts this binary on PATH as `ksops`.
    #[error("cannot prepare {}: {source}", path.display())]
    Tools {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot run {} (set RSOPS_KUSTOMIZE or put kustomize on PATH): {source}", program.display())]
    RunKustomize {
        program: PathBuf,
        source: std::io::Error,
    },
    #[error("`{command}` failed ({status}); its messages are above")]
    KustomizeFailed { command: String, status: ExitStatus },
    #[error("the application rendered no objects; refusing to print an empty manifest (with auto-sync and prune Argo CD would delete everything)")]
    Empty,
    #[error("{object} still holds SOPS-encrypted values: a generator did not run (kustomize skips `exec:` functions without --enable-exec), or an encrypted file is listed under resources (use mode flux or auto), or annotate it {}: disabled if it is meant to stay encrypted", flux::DISABLE_ANNOTATION)]
    StillEncrypted { object: String },
    #[error("ksops generator {name:?} ({}) did not run: the kustomize that ran skipped it without an error; it needs {}. `rsops plugin check .` lists what the build needs", file.display(), runs_as.needs())]
    GeneratorSkipped {
        name: String,
        file: PathBuf,
        runs_as: RunsAs,
    },
    #[error("ksops generator {name:?} ({}) produced nothing; refusing to print the application without what it generates", file.display())]
    GeneratorEmpty { name: String, file: PathBuf },
    #[error(transparent)]
    Sops(Box<crate::Error>),
    #[error(transparent)]
    Krm(#[from] KrmError),
}

impl From<crate::Error> for ArgocdError {
    fn from(e: crate::Error) -> ArgocdError {
        ArgocdError::Sops(Box::new(e))
    }
}

/// How `generate` builds the application.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// `kustomize build` with ksops generators only; ciphertext left in
    /// the output is an error.
    Kustomize,
    /// `kustomize build`, then Flux's post-build decryption of encrypted
    /// resources and Secret data values.
    Flux,
    /// A plain directory of SOPS files (Flux's layout without a
    /// kustomization).
    Directory,
}

/// A plugin parameter: `PARAM_<NAME>` (Application `plugin.parameters`),
/// else `ARGOCD_ENV_<NAME>` (`plugin.env`).
fn parameter(param: &str, env: &str) -> Option<String> {
    std::env::var(format!("PARAM_{param}"))
        .ok()
        .or_else(|| std::env::var(format!("ARGOCD_ENV_{env}")).ok())
        .filter(|v| !v.is_empty())
}

fn mode(dir: &Path) -> Result<Mode, ArgocdError> {
    match parameter("MODE", "RSOPS_MODE").as_deref() {
        None | Some("auto") => Ok(if kustomization_file(dir).is_some() {
            Mode::Flux
        } else {
            Mode::Directory
        }),
        Some("kustomize") => Ok(Mode::Kustomize),
        Some("flux") => Ok(Mode::Flux),
        Some("directory") => Ok(Mode::Directory),
        Some(other) => Err(ArgocdError::UnknownMode(other.to_owned())),
    }
}

/// The manifests of the application in `dir`, all or nothing.
pub fn generate(dir: &Path) -> Result<Vec<u8>, ArgocdError> {
    let output = match mode(dir)? {
        Mode::Kustomize => kustomize_build(dir)?,
        Mode::Flux => flux::decrypt_stream(
            &kustomize_build(dir)?,
            &KeyContext::default(),
            "the kustomize build output",
        )?,
        Mode::Directory => directory(dir)?,
    };
    if output.iter().all(u8::is_ascii_whitespace) {
        return Err(ArgocdError::Empty);
    }
    let tree =
        super::resource_list::read_yaml(&output).map_err(|source| crate::Error::ParsePlain {
            file: "the rendered manifests".into(),
            format: "yaml",
            source,
        })?;
    let objects = super::resource_list::objects(tree);
    if objects.is_empty() {
        return Err(ArgocdError::Empty);
    }
    if let Some(object) = flux::still_encrypted(&objects) {
        return Err(ArgocdError::StillEncrypted { object });
    }
    Ok(output)
}

fn kustomize_build(dir: &Path) -> Result<Vec<u8>, ArgocdError> {
    let kustomize = std::env::var_os("RSOPS_KUSTOMIZE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("kustomize"));
    // `exec: {path: ksops}` must find this binary: link it as ksops into a
    // private directory put first on PATH.
    let tools = tempfile::tempdir().map_err(|source| ArgocdError::Tools {
        path: std::env::temp_dir(),
        source,
    })?;
    let me = std::env::current_exe().map_err(|source| crate::Error::Read {
        file: "the running rsops executable".into(),
        source,
    })?;
    let ksops = tools.path().join("ksops");
    link_or_copy(&me, &ksops).map_err(|source| ArgocdError::Tools {
        path: ksops.clone(),
        source,
    })?;
    let mut path = vec![tools.path().to_path_buf()];
    path.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    let path = std::env::join_paths(path).map_err(ArgocdError::SearchPath)?;
    let runs = tools.path().join("runs");
    let mut args = vec![
        "build".to_owned(),
        ".".to_owned(),
        "--enable-alpha-plugins".to_owned(),
        "--enable-exec".to_owned(),
    ];
    if let Some(extra) = parameter("KUSTOMIZE_BUILD_OPTIONS", "KUSTOMIZE_BUILD_OPTIONS") {
        args.extend(shlex::split(&extra).ok_or(ArgocdError::BuildOptions(extra))?);
    }
    let output = Command::new(&kustomize)
        .args(&args)
        .current_dir(dir)
        .env("PATH", path)
        .env(RUN_LOG_VAR, &runs)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|source| ArgocdError::RunKustomize {
            program: kustomize.clone(),
            source,
        })?;
    if !output.status.success() {
        return Err(ArgocdError::KustomizeFailed {
            command: format!("{} {}", kustomize.display(), args.join(" ")),
            status: output.status,
        });
    }
    check_runs(dir, &std::fs::read_to_string(&runs).unwrap_or_default())?;
    Ok(output.stdout)
}

/// Where the ksops run by [`kustomize_build`] records each generator it
/// ran: `name<TAB>objects` lines. kustomize says nothing when it skips a
/// generator, so this is the only way to tell.
const RUN_LOG_VAR: &str = "RSOPS_ARGOCD_RUN_LOG";

/// Records a generator run for `rsops argocd generate`, when it is the
/// caller (its [`RUN_LOG_VAR`] is set).
pub fn record_run(manifests: &[Manifest], objects: usize) {
    let Some(log) = std::env::var_os(RUN_LOG_VAR) else {
        return;
    };
    let lines: String = manifests
        .iter()
        .map(|m| format!("{}\t{objects}\n", m.name))
        .collect();
    // A line that cannot be written makes generate report the generator
    // as skipped: the failure is safe, so it is not reported here.
    let _ = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .and_then(|mut f| std::io::Write::write_all(&mut f, lines.as_bytes()));
}

/// Fails when a ksops generator the build of `dir` should have run did not
/// run (`log` has no line for it) or generated nothing. Only `exec:`
/// generators run as `ksops` are checked: that name finds this binary, which
/// records its runs; a legacy plugin or a container may be another ksops.
fn check_runs(dir: &Path, log: &str) -> Result<(), ArgocdError> {
    let mut runs: Vec<(&str, &str)> = log.lines().filter_map(|l| l.split_once('\t')).collect();
    let layout = kustomization::walk(dir, &repo_root(dir));
    for g in layout.generators {
        let ours = matches!(&g.runs_as, RunsAs::Exec(p) if p == "ksops" || p == "kustomize-sops");
        if g.decryptor || !ours {
            continue;
        }
        let Some(i) = runs.iter().position(|(name, _)| *name == g.name) else {
            return Err(ArgocdError::GeneratorSkipped {
                name: g.name,
                file: g.file,
                runs_as: g.runs_as,
            });
        };
        if runs.remove(i).1.parse::<usize>() == Ok(0) {
            return Err(ArgocdError::GeneratorEmpty {
                name: g.name,
                file: g.file,
            });
        }
    }
    Ok(())
}

fn link_or_copy(from: &Path, to: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(from, to)
    }
    #[cfg(not(unix))]
    {
        std::fs::copy(from, to).map(drop)
    }
}

/// What directory mode reads.
enum Input {
    /// A YAML or JSON file.
    File(PathBuf),
    /// A sub-directory with its own kustomization, built as one unit (as
    /// Flux does).
    Kustomization(PathBuf),
}

/// Every YAML/JSON file under `dir` in sorted order, skipping dot entries;
/// with `units`, a sub-directory holding a kustomization is one entry.
fn inputs(dir: &Path, units: bool) -> Vec<Input> {
    let mut out = Vec::new();
    let mut entries: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(_) => return out,
    };
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            if units && kustomization_file(&path).is_some() {
                out.push(Input::Kustomization(path));
            } else {
                out.extend(inputs(&path, units));
            }
        } else if matches!(Format::from_path(&path), Format::Yaml | Format::Json) {
            out.push(Input::File(path));
        }
    }
    out
}

/// Decrypts the encrypted documents of a plain directory and passes the
/// others through.
fn directory(dir: &Path) -> Result<Vec<u8>, ArgocdError> {
    let keys = KeyContext::default();
    let mut objects = Vec::new();
    for input in inputs(dir, true) {
        let path = match input {
            Input::File(path) => path,
            Input::Kustomization(sub) => {
                let built = kustomize_build(&sub)?;
                let name = format!("the output of kustomize build {}", sub.display());
                let tree = super::resource_list::read_yaml(&built).map_err(|source| {
                    crate::Error::ParsePlain {
                        file: name,
                        format: "yaml",
                        source,
                    }
                })?;
                objects.extend(super::resource_list::objects(tree));
                continue;
            }
        };
        let name = path.display().to_string();
        let bytes = std::fs::read(&path).map_err(|source| crate::Error::Read {
            file: name.clone(),
            source,
        })?;
        let format = Format::from_path(&path);
        let parse = |bytes| {
            stores::load(format, bytes, false)
                .map(|doc| doc.tree)
                .map_err(|source| crate::Error::ParsePlain {
                    file: name.clone(),
                    format: format.name(),
                    source,
                })
        };
        let tree = parse(&bytes)?;
        let tree = if tree.branches.iter().any(is_encrypted) {
            let plain = super::generate::decrypt_verified(&bytes, format, &keys, &name)?;
            parse(&plain)?
        } else {
            tree
        };
        objects.extend(super::resource_list::objects(tree));
    }
    Ok(emit_stream(objects)?)
}

/// The first file that makes `dir` an rsops application: a ksops
/// generator manifest or a SOPS-encrypted YAML/JSON document below `dir`,
/// else a ksops generator, `SopsDecryptor` or encrypted resource that its
/// kustomization reaches through `resources`/`components` (an overlay
/// whose generator lives in `../base`), inside the repository root.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    let below = inputs(dir, false).into_iter().find_map(|input| {
        let Input::File(path) = input else {
            return None;
        };
        let bytes = std::fs::read(&path).ok()?;
        let doc = stores::load(Format::from_path(&path), &bytes, false).ok()?;
        let wanted = doc.tree.branches.iter().any(|d| {
            is_encrypted(d) || matches!(d.get("kind"), Some(Value::Str(k)) if k == "ksops")
        });
        wanted.then_some(path)
    });
    below.or_else(|| {
        let layout = kustomization::walk(dir, &repo_root(dir));
        let generators = layout.generators.into_iter().map(|g| g.file);
        generators.chain(layout.encrypted_resources).next()
    })
}

/// The repository root, outside which nothing is read: the directory
/// Argo CD unpacked the repository into (the application directory minus
/// `ARGOCD_APP_SOURCE_PATH`, which Argo CD sets for every plugin command),
/// else the enclosing git work tree, else the application directory itself.
pub fn repo_root(dir: &Path) -> PathBuf {
    let Ok(app) = dir.canonicalize() else {
        return dir.to_path_buf();
    };
    if let Some(source) = std::env::var_os("ARGOCD_APP_SOURCE_PATH") {
        let mut root = app.clone();
        for part in Path::new(&source).components().rev() {
            match part {
                Component::Normal(name) if root.file_name() == Some(name) => {
                    root.pop();
                }
                Component::CurDir => {}
                // The path does not end the application directory: trust
                // nothing above it.
                _ => return app,
            }
        }
        return root;
    }
    app.ancestors()
        .find(|a| a.join(".git").exists())
        .map_or_else(|| app.clone(), Path::to_path_buf)
}
