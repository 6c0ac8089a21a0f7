//! What `kustomize build DIR` would load, read from the kustomization files
//! without running kustomize: the kustomizations reached through
//! `resources`, `components` and `bases`, the ksops generators and
//! `SopsDecryptor` transformers they list, and the SOPS-encrypted files
//! listed as resources.
//!
//! Only local paths are followed, and never out of `root` (symbolic links
//! resolved first): a repository must not make rsops read files of its
//! host. Remote bases and anything not followed are listed in
//! [`Layout::not_followed`] so callers can say so.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use super::manifest::{is_manifest, object_name};
use super::resource_list::{is_encrypted, objects, read_yaml};
use super::DECRYPTOR_KIND;
use crate::stores::{self, Format};
use crate::tree::{Map, Value};

/// The file names kustomize accepts for a kustomization.
pub const KUSTOMIZATIONS: [&str; 3] = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

/// The kustomization file of `dir`, if it has one.
pub fn kustomization_file(dir: &Path) -> Option<PathBuf> {
    KUSTOMIZATIONS
        .iter()
        .map(|k| dir.join(k))
        .find(|p| p.is_file())
}

/// How kustomize runs a plugin config, from its annotations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RunsAs {
    /// `exec: {path}`: needs `--enable-alpha-plugins --enable-exec`.
    Exec(String),
    /// `container: {image}`: needs `--enable-alpha-plugins` and docker.
    Container(String),
    /// No function annotation: the legacy exec plugin, at this path below
    /// the plugin home (`viaduct.ai/v1/ksops/ksops`).
    Legacy(String),
}

/// A ksops generator (or a decrypting transformer) a build would run.
#[derive(Clone, Debug)]
pub struct Generator {
    /// The file holding the config, as reached from the start directory
    /// (the kustomization file itself for an inline config).
    pub file: PathBuf,
    /// `metadata.name`.
    pub name: String,
    /// A [`DECRYPTOR_KIND`] transformer rather than a ksops generator.
    pub decryptor: bool,
    pub runs_as: RunsAs,
    /// The directory of the kustomization that lists it: kustomize 5 runs
    /// it there, so its relative `files:` are resolved against it.
    pub listed_in: PathBuf,
    /// That kustomization also loads other kustomizations through
    /// `resources:` (or `components:`), so kustomize 4.x runs the function
    /// in one of those folders instead (kustomize#4350).
    pub after_bases: bool,
}

/// What a build of a directory would load.
#[derive(Debug, Default)]
pub struct Layout {
    /// Every kustomization directory reached, the start first.
    pub kustomizations: Vec<PathBuf>,
    pub generators: Vec<Generator>,
    /// Files listed as resources that carry SOPS metadata.
    pub encrypted_resources: Vec<PathBuf>,
    /// Entries not followed: `(kustomization dir, entry, why)`.
    pub not_followed: Vec<(PathBuf, String, &'static str)>,
}

/// Reads the kustomization in `dir` and every local one it reaches inside
/// `root`. A directory without a kustomization gives an empty layout.
pub fn walk(dir: &Path, root: &Path) -> Layout {
    let mut walker = Walker {
        root: root.canonicalize().unwrap_or_else(|_| root.to_path_buf()),
        seen: HashSet::new(),
        layout: Layout::default(),
    };
    walker.kustomization(dir);
    walker.layout
}

struct Walker {
    root: PathBuf,
    seen: HashSet<PathBuf>,
    layout: Layout,
}

/// Where an entry of a kustomization leads.
enum Target {
    Dir(PathBuf),
    File(PathBuf),
}

impl RunsAs {
    /// What `kustomize build` needs to run it.
    pub fn needs(&self) -> String {
        match self {
            RunsAs::Exec(_) => "kustomize build --enable-alpha-plugins --enable-exec (`kubectl kustomize` has no --enable-exec and skips it without an error)".into(),
            RunsAs::Container(_) => "--enable-alpha-plugins and a container runtime (docker) on PATH".into(),
            RunsAs::Legacy(path) => format!(
                "--enable-alpha-plugins and the plugin installed as <plugin home>/{path} (`rsops plugin install --legacy <plugin home>`; the home is $KUSTOMIZE_PLUGIN_HOME, else $XDG_CONFIG_HOME/kustomize/plugin, else ~/.config/kustomize/plugin); `kubectl kustomize` runs it too"
            ),
        }
    }

    /// Whether kustomize runs it in the working directory it chooses (and
    /// so kustomize 4.x in the wrong one).
    pub fn is_function(&self) -> bool {
        !matches!(self, RunsAs::Legacy(_))
    }
}

impl Walker {
    /// Resolves `entry` of the kustomization in `dir`: local, existing and
    /// inside the root, else recorded as not followed.
    fn resolve(&mut self, dir: &Path, entry: &str) -> Option<Target> {
        // `./x` and `x` are the same entry; keep messages free of `/./`.
        let joined: PathBuf = std::iter::once(dir.as_os_str())
            .chain(
                Path::new(entry)
                    .components()
                    .filter(|c| *c != Component::CurDir)
                    .map(|c| c.as_os_str()),
            )
            .collect();
        let Ok(real) = joined.canonicalize() else {
            // kustomize's remote forms: URLs, git@host:, git::, and
            // host/org/repo//path?ref=.
            let remote = ["://", "git@", "git::", "//", "?ref="];
            let why = if remote.iter().any(|r| entry.contains(r)) {
                "remote"
            } else {
                "not found"
            };
            self.skip(dir, entry, why);
            return None;
        };
        if !real.starts_with(&self.root) {
            self.skip(dir, entry, "outside the repository root");
            return None;
        }
        if real.is_dir() {
            Some(Target::Dir(joined))
        } else {
            Some(Target::File(joined))
        }
    }

    fn skip(&mut self, dir: &Path, entry: &str, why: &'static str) {
        self.layout
            .not_followed
            .push((dir.to_path_buf(), entry.to_owned(), why));
    }

    fn kustomization(&mut self, dir: &Path) {
        let Some(file) = kustomization_file(dir) else {
            return;
        };
        let key = file.canonicalize().unwrap_or_else(|_| file.clone());
        if !self.seen.insert(key) {
            return;
        }
        self.layout.kustomizations.push(dir.to_path_buf());
        let Some(k) = read_documents(&file).into_iter().next() else {
            return;
        };
        let mut bases = false;
        for field in ["resources", "components", "bases"] {
            for entry in strings(&k, field) {
                match self.resolve(dir, &entry) {
                    Some(Target::Dir(sub)) => {
                        bases |= kustomization_file(&sub).is_some();
                        self.kustomization(&sub);
                    }
                    Some(Target::File(path)) if read_documents(&path).iter().any(is_encrypted) => {
                        self.layout.encrypted_resources.push(path);
                    }
                    _ => {}
                }
            }
        }
        self.plugin_configs(&k, &file, dir, bases, &["generators", "transformers"]);
    }

    /// The ksops configs listed under `fields` of the kustomization `k`
    /// (`file` in `dir`).
    fn plugin_configs(&mut self, k: &Map, file: &Path, dir: &Path, bases: bool, fields: &[&str]) {
        for field in fields {
            for entry in strings(k, field) {
                // kustomize also takes a config written inline as a string.
                if entry.contains('\n') {
                    let configs = read_yaml(entry.as_bytes()).map(objects).unwrap_or_default();
                    self.configs(file, configs, dir, bases);
                    continue;
                }
                match self.resolve(dir, &entry) {
                    Some(Target::File(path)) => {
                        let configs = read_documents(&path);
                        self.configs(&path, configs, dir, bases);
                    }
                    // A directory of configs: its kustomization lists them
                    // as resources, and they run where the outer one is.
                    Some(Target::Dir(sub)) => self.config_dir(&sub, dir, bases),
                    None => {}
                }
            }
        }
    }

    fn config_dir(&mut self, sub: &Path, listed_in: &Path, bases: bool) {
        let Some(file) = kustomization_file(sub) else {
            return;
        };
        let Some(k) = read_documents(&file).into_iter().next() else {
            return;
        };
        for entry in strings(&k, "resources") {
            if let Some(Target::File(path)) = self.resolve(sub, &entry) {
                let configs = read_documents(&path);
                self.configs(&path, configs, listed_in, bases);
            }
        }
    }

    fn configs(&mut self, file: &Path, configs: Vec<Map>, listed_in: &Path, after_bases: bool) {
        for config in configs {
            let decryptor =
                matches!(config.get("kind"), Some(Value::Str(k)) if k == DECRYPTOR_KIND);
            if !decryptor && !is_manifest(&config) {
                continue;
            }
            self.layout.generators.push(Generator {
                file: file.to_path_buf(),
                name: object_name(&config),
                decryptor,
                runs_as: runs_as(&config),
                listed_in: listed_in.to_path_buf(),
                after_bases,
            });
        }
    }
}

/// How kustomize runs a config: the function annotation (or its older
/// key), else the legacy plugin lookup.
fn runs_as(config: &Map) -> RunsAs {
    let spec = ["config.kubernetes.io/function", "config.k8s.io/function"]
        .iter()
        .find_map(|a| super::resource_list::annotation(config, a));
    let Some(spec) = spec else {
        // kustomize's lookup: <group>/<version>/<lowercase kind>/<Kind>.
        let text = |key: &str| match config.get(key) {
            Some(Value::Str(s)) => s.clone(),
            _ => String::new(),
        };
        let kind = text("kind");
        return RunsAs::Legacy(format!(
            "{}/{}/{kind}",
            text("apiVersion"),
            kind.to_lowercase()
        ));
    };
    let spec = read_yaml(spec.as_bytes())
        .ok()
        .and_then(|t| objects(t).into_iter().next())
        .unwrap_or_default();
    let field = |section: &str, key: &str| match spec.get(section) {
        Some(Value::Map(m)) => match m.get(key) {
            Some(Value::Str(s)) => s.clone(),
            _ => String::new(),
        },
        _ => String::new(),
    };
    if spec.contains_key("container") {
        RunsAs::Container(field("container", "image"))
    } else {
        RunsAs::Exec(field("exec", "path"))
    }
}

/// The documents of a YAML or JSON file; nothing when it cannot be read
/// (kustomize reports those itself).
fn read_documents(path: &Path) -> Vec<Map> {
    let format = match Format::from_path(path) {
        Format::Json => Format::Json,
        _ => Format::Yaml,
    };
    let Ok(bytes) = std::fs::read(path) else {
        return Vec::new();
    };
    stores::load(format, &bytes, false)
        .map(|doc| objects(doc.tree))
        .unwrap_or_default()
}

/// The strings of a list field (other items ignored).
fn strings(map: &Map, key: &str) -> Vec<String> {
    match map.get(key) {
        Some(Value::List(items)) => items
            .iter()
            .filter_map(|v| match v {
                Value::Str(s) => Some(s.clone()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Says where the relative paths of generator `name` were looked up, for
/// a file that was not found there. `base` is what they were resolved
/// against: empty for the working directory kustomize chose, else kpt's
/// package directory. Reads only the kustomization in that directory and
/// the generator configs it lists; the generator's own location is not
/// known (kustomize does not send it), so it is not guessed.
pub fn missing_file_hint(base: &Path, name: &str) -> String {
    if !base.as_os_str().is_empty() {
        return format!(
            "relative paths are resolved against the kpt package directory {}",
            base.display()
        );
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    if kustomization_file(&cwd).is_none() {
        return format!(
            "relative paths are resolved against the working directory kustomize ran the plugin in, {}",
            cwd.display()
        );
    }
    if lists_generator(&cwd, name) {
        return format!(
            "relative paths are resolved against {}, the folder of the kustomization that lists the generator",
            cwd.display()
        );
    }
    format!(
        "kustomize ran the generator in {}, whose kustomization does not list it. \
         That is a kustomize 4.x quirk (kustomize#4350): when a kustomization lists other \
         kustomizations under resources (such as ../base), kustomize 4.x runs its exec \
         functions in one of those folders, so relative files: paths are looked up there. \
         Work-arounds: use kustomize 5, or put the generator beside its files in a folder \
         of their own (with a kustomization.yaml listing it under generators:) and list \
         that folder under resources:",
        cwd.display()
    )
}

/// Whether the kustomization in `dir` itself lists a ksops generator named
/// `name` (directly, inline or in a folder of configs).
fn lists_generator(dir: &Path, name: &str) -> bool {
    walk_local(dir)
        .generators
        .iter()
        .any(|g| g.name == name && !g.decryptor)
}

/// The generators the kustomization in `dir` lists itself; its
/// resources are not followed and nothing outside `dir` is read.
fn walk_local(dir: &Path) -> Layout {
    let mut walker = Walker {
        root: dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf()),
        seen: HashSet::new(),
        layout: Layout::default(),
    };
    let Some(file) = kustomization_file(dir) else {
        return walker.layout;
    };
    if let Some(k) = read_documents(&file).into_iter().next() {
        walker.plugin_configs(&k, &file, dir, false, &["generators"]);
    }
    walker.layout
}

#[cfg(test)]
mod tests {
    use super::*;

    const GENERATOR: &str = "apiVersion: viaduct.ai/v1\nkind: ksops\nmetadata:\n  name: gen\n  annotations:\n    config.kubernetes.io/function: |\n      exec:\n        path: ksops\nfiles: [./s.enc.yaml]\n";

    fn write(dir: &Path, name: &str, text: &str) {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn follows_local_bases_and_lists_what_it_does_not_follow() {
        let tmp = tempfile::tempdir().unwrap();
        let repo = tmp.path().join("repo");
        write(&repo, "base/kustomization.yaml", "generators: [gen.yaml]\n");
        write(&repo, "base/gen.yaml", GENERATOR);
        write(
            &repo,
            "overlay/kustomization.yaml",
            "resources:\n  - ../base\n  - https://github.com/x/y//z?ref=v1\n  - ../../outside\n  - missing\ngenerators:\n  - |\n    apiVersion: viaduct.ai/v1\n    kind: ksops\n    metadata:\n      name: inline\n    files: []\n  - gens\n",
        );
        write(
            &repo,
            "overlay/gens/kustomization.yaml",
            "resources: [g.yaml]\n",
        );
        write(
            &repo,
            "overlay/gens/g.yaml",
            &GENERATOR.replace("name: gen", "name: in-dir"),
        );
        write(
            tmp.path(),
            "outside/kustomization.yaml",
            "generators: [gen.yaml]\n",
        );
        write(tmp.path(), "outside/gen.yaml", GENERATOR);

        let overlay = repo.join("overlay");
        let layout = walk(&overlay, &repo);
        let found: Vec<(&str, &Path, bool, &RunsAs)> = layout
            .generators
            .iter()
            .map(|g| {
                (
                    g.name.as_str(),
                    g.listed_in.as_path(),
                    g.after_bases,
                    &g.runs_as,
                )
            })
            .collect();
        let exec = RunsAs::Exec("ksops".into());
        assert_eq!(
            found,
            [
                ("gen", repo.join("overlay/../base").as_path(), false, &exec),
                (
                    "inline",
                    overlay.as_path(),
                    true,
                    &RunsAs::Legacy("viaduct.ai/v1/ksops/ksops".into())
                ),
                ("in-dir", overlay.as_path(), true, &exec),
            ]
        );
        let skipped: Vec<(&str, &str)> = layout
            .not_followed
            .iter()
            .map(|(_, entry, why)| (entry.as_str(), *why))
            .collect();
        assert_eq!(
            skipped,
            [
                ("https://github.com/x/y//z?ref=v1", "remote"),
                ("../../outside", "outside the repository root"),
                ("missing", "not found"),
            ]
        );
        // Only the overlay's own generators, without following ../base.
        assert!(lists_generator(&overlay, "in-dir"));
        assert!(!lists_generator(&overlay, "gen"));
    }
}
