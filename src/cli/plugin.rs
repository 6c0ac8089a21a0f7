//! `rsops plugin install DIR`: copies this binary where kustomize or an
//! Argo CD repo-server finds it, without a shell (distroless init
//! containers run `rsops plugin install /custom-tools`). `ksops install
//! DIR` is the same with ksops' behaviour (only `DIR/ksops`).

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::error::Error;

#[derive(Args, Debug)]
pub struct PluginArgs {
    #[command(subcommand)]
    command: PluginCommand,
}

#[derive(Subcommand, Debug)]
enum PluginCommand {
    /// Copy rsops into DIR as `rsops` and `ksops` (mode 0755)
    Install(InstallArgs),
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
    let PluginCommand::Install(args) = args.command;
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
