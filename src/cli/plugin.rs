//! `rsops plugin install DIR`: copies this binary where kustomize or an
//! Argo CD repo-server finds it, without a shell (distroless init
//! containers run `rsops plugin install /custom-tools`). `ksops install
//! DIR` is the same with ksops' behaviour (only `DIR/ksops`).
//!
//! `rsops plugin check DIR`: the ksops generators a build of DIR would run
//! and what each needs, because kustomize skips some without a word.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::error::Error;
use crate::krm::kustomization::{self, kustomization_file, RunsAs};

#[derive(Args, Debug)]
pub struct PluginArgs {
    #[command(subcommand)]
    command: PluginCommand,
}

#[derive(Subcommand, Debug)]
enum PluginCommand {
    /// Copy rsops into DIR as `rsops` and `ksops` (mode 0755)
    Install(InstallArgs),
    /// List the ksops generators a `kustomize build DIR` would run and the flags each needs
    Check(CheckArgs),
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Do not follow resources out of this directory (default: the
    /// enclosing git work tree, else the current directory)
    #[arg(long)]
    root: Option<PathBuf>,
    /// The kustomization directory
    dir: PathBuf,
}

#[derive(Args, Debug)]
pub struct InstallArgs {
    /// Also copy the `kustomize` found on PATH into DIR
    #[arg(long)]
    with_kustomize: bool,
    /// Install as a legacy exec plugin: DIR is a kustomize plugin home and
    /// the binary goes to DIR/viaduct.ai/v1/ksops/ksops
    #[arg(long)]
    legacy: bool,
    /// Where to install (for example an emptyDir shared with the repo-server)
    dir: PathBuf,
}

pub fn run(args: PluginArgs) -> Result<(), Error> {
    let args = match args.command {
        PluginCommand::Install(args) => args,
        PluginCommand::Check(args) => return check(&args),
    };
    let names: &[&str] = if args.legacy {
        &["viaduct.ai/v1/ksops/ksops"]
    } else {
        &["rsops", "ksops"]
    };
    install(&args.dir, names, args.with_kustomize)
}

/// Copies the running executable to `dir/name` for each name, and
/// `kustomize` from PATH when asked; prints `installed PATH` on stderr.
pub fn install(dir: &Path, names: &[&str], with_kustomize: bool) -> Result<(), Error> {
    let me = std::env::current_exe().map_err(|source| Error::Read {
        file: "the running rsops executable".into(),
        source,
    })?;
    for name in names {
        copy_executable(&me, &dir.join(name))?;
    }
    if with_kustomize {
        let kustomize = find_on_path("kustomize")
            .ok_or_else(|| Error::Usage("--with-kustomize: no kustomize on PATH to copy".into()))?;
        copy_executable(&kustomize, &dir.join("kustomize"))?;
    }
    Ok(())
}

fn copy_executable(from: &Path, to: &Path) -> Result<(), Error> {
    let write_error = |source| Error::Write {
        file: to.to_path_buf(),
        source,
    };
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).map_err(write_error)?;
    }
    // Copy next to the target and rename, so a running copy is never
    // overwritten in place ("text file busy") and readers never see half.
    let tmp = to.with_extension("rsops-install");
    std::fs::copy(from, &tmp).map_err(write_error)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o755))
            .map_err(write_error)?;
    }
    std::fs::rename(&tmp, to).map_err(write_error)?;
    eprintln!("installed {}", to.display());
    Ok(())
}

/// The first executable file named `name` in PATH.
pub fn find_on_path(name: &str) -> Option<PathBuf> {
    let paths = std::env::var_os("PATH")?;
    std::env::split_paths(&paths)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// Prints what a build of `args.dir` runs: each ksops generator (and
/// decrypting transformer), how kustomize runs it and what that needs,
/// then the entries not followed and the command to build with.
fn check(args: &CheckArgs) -> Result<(), Error> {
    let dir = &args.dir;
    if kustomization_file(dir).is_none() {
        return Err(Error::Usage(format!(
            "{}: no kustomization.yaml, kustomization.yml or Kustomization here",
            dir.display()
        )));
    }
    let root = match &args.root {
        Some(root) => root.clone(),
        None => {
            let cwd = std::env::current_dir().map_err(|source| Error::Read {
                file: "the current directory".into(),
                source,
            })?;
            let start = cwd.join(dir);
            start
                .canonicalize()
                .unwrap_or(start)
                .ancestors()
                .find(|a| a.join(".git").exists())
                .map_or(cwd, Path::to_path_buf)
        }
    };
    let layout = kustomization::walk(dir, &root);
    let mut out = String::new();
    if layout.generators.is_empty() {
        out.push_str(&format!(
            "no ksops generator: a build of {} runs none\n",
            dir.display()
        ));
    }
    for g in &layout.generators {
        let what = if g.decryptor {
            "decrypting transformer"
        } else {
            "ksops generator"
        };
        let how = match &g.runs_as {
            RunsAs::Exec(path) => format!("exec function, path {path}"),
            RunsAs::Container(image) => format!("container function, image {image}"),
            RunsAs::Legacy(_) => "legacy exec plugin".into(),
        };
        out.push_str(&format!(
            "{}: {what} {:?} ({how})\n  needs: {}\n",
            g.file.display(),
            g.name,
            g.runs_as.needs()
        ));
        if !g.decryptor {
            out.push_str(&format!(
                "  relative paths in it are resolved against {} (kustomize 5)\n",
                g.listed_in.display()
            ));
        }
        if g.after_bases && g.runs_as.is_function() {
            out.push_str("  kustomize 4.x runs it in the folder of a kustomization listed under resources instead (kustomize#4350): use kustomize 5, or put it beside its files in a folder of their own listed under resources\n");
        }
    }
    for (kustomization, entry, why) in &layout.not_followed {
        out.push_str(&format!(
            "not followed: {entry} in {} ({why})\n",
            kustomization.display()
        ));
    }
    let flags = if layout
        .generators
        .iter()
        .any(|g| matches!(g.runs_as, RunsAs::Exec(_)))
    {
        Some("kustomize build --enable-alpha-plugins --enable-exec")
    } else if layout.generators.is_empty() {
        None
    } else {
        Some("kustomize build --enable-alpha-plugins (or kubectl kustomize --enable-alpha-plugins)")
    };
    if let Some(flags) = flags {
        out.push_str(&format!("build with: {flags} {}\n", dir.display()));
    }
    print!("{out}");
    Ok(())
}
