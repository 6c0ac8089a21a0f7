//! `rsops publish [--yes] [--omit-extensions] [--recursive] FILE|DIR`: sends
//! encrypted files where `.sops.yaml`'s `destination_rules` say, asking
//! before each upload unless `--yes`, as sops does.

use std::path::{Path, PathBuf};

use clap::Args;

use super::error::Error;
use super::{io, KeyServiceFlags};
use crate::config::{self, Config};
use crate::keys::{DecryptionOrder, KeyContext};
use crate::ops::DecryptOptions;
use crate::publish::{self, Outcome, PrepareOptions, PublishError};
use crate::stores::Format;

#[derive(Args, Debug)]
pub struct PublishArgs {
    /// The encrypted file, or with --recursive a folder
    file: Option<PathBuf>,
    /// Extra arguments, ignored with a warning as sops does
    #[arg(hide = true)]
    extra: Vec<String>,
    /// Publish without asking first
    #[arg(short = 'y', long)]
    yes: bool,
    /// Publish files under their names without the extension
    #[arg(long)]
    omit_extensions: bool,
    /// Publish every file under the folder, named by its path below it
    #[arg(long)]
    recursive: bool,
    /// Say on standard error what was published where
    #[arg(long)]
    verbose: bool,
    #[command(flatten)]
    order: super::decrypt::OrderFlag,
    #[command(flatten)]
    keyservice: KeyServiceFlags,
}

/// What every file of one run shares.
struct Run<'a> {
    args: &'a PublishArgs,
    config: &'a Config,
    order: DecryptionOrder,
    keys: KeyContext,
}

pub fn run(args: PublishArgs, config_flag: Option<&Path>) -> Result<(), Error> {
    let keys = args.keyservice.context()?;
    let Some(config_path) = config::find(config_flag, super::WARN) else {
        return Err(Error::Failed(
            "config file not found: publish takes its destinations from the destination_rules of .sops.yaml; create one, or give --config".into(),
        ));
    };
    let Some(root) = args.file.as_deref() else {
        return Err(Error::NoFileSpecified);
    };
    if !args.extra.is_empty() {
        eprintln!(
            "rsops: warning: more than one file given; only {} is published",
            root.display()
        );
    }
    let meta = std::fs::metadata(root)
        .map_err(|e| Error::Failed(format!("cannot publish {}: {e}", root.display())))?;
    if meta.is_dir() && !args.recursive {
        return Err(Error::Failed(format!(
            "can't operate on a directory without --recursive flag.: {} is a folder; give --recursive to publish the files under it",
            root.display()
        )));
    }
    let order = args.order.parse()?;
    let config = config::load(Some(&config_path))?;
    let run = Run {
        args: &args,
        config: &config,
        order,
        keys,
    };
    run.walk(&root.to_string_lossy(), None)
}

/// Go's `path.Clean`: one slash between elements, no `.`, `..` resolved
/// by the text, no trailing slash; `.` for nothing.
fn go_clean(path: &str) -> String {
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => match parts.last() {
                Some(&last) if last != ".." => {
                    parts.pop();
                }
                _ if rooted => {}
                _ => parts.push(".."),
            },
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_owned(),
        (false, false) => joined,
    }
}

impl Run<'_> {
    /// Publishes `path` and, when it is a folder, every file under it in
    /// name order, as Go's `filepath.Walk` (and so sops) visits them:
    /// `path` itself as given, the rest joined and cleaned, and links not
    /// followed. `relative` is the path below the folder given (`None` for
    /// that path itself).
    fn walk(&self, path: &str, relative: Option<&str>) -> Result<(), Error> {
        let cannot = |e: std::io::Error| Error::Failed(format!("cannot publish {path}: {e}"));
        let meta = std::fs::symlink_metadata(path).map_err(cannot)?;
        if !meta.is_dir() {
            let name = self.args.recursive.then_some(relative.unwrap_or("."));
            return self.publish(path, name);
        }
        let mut names: Vec<String> = std::fs::read_dir(path)
            .map_err(cannot)?
            .map(|entry| entry.map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect::<Result<_, _>>()
            .map_err(cannot)?;
        names.sort();
        for name in names {
            let below = relative.map_or_else(|| name.clone(), |r| format!("{r}/{name}"));
            self.walk(&go_clean(&format!("{path}/{name}")), Some(&below))?;
        }
        Ok(())
    }

    /// Publishes one file: `path` as walked (what `path_regex` sees),
    /// `relative` its name below the folder with `--recursive`.
    fn publish(&self, path: &str, relative: Option<&str>) -> Result<(), Error> {
        let (rule, destination) = publish::rule_for(self.config, path).map_err(lift)?;
        destination.check_built().map_err(lift)?;
        let absolute = config::absolute(Path::new(path));
        let omit = self.args.omit_extensions || rule.omit_extensions;
        let name = publish::destination_name(&absolute, relative, omit);
        let bytes = std::fs::read(path).map_err(|source| Error::Read {
            file: path.to_owned(),
            source,
        })?;
        let mut stdout = std::io::stdout();
        let options = PrepareOptions {
            decrypt: DecryptOptions {
                decryption_order: self.order.clone(),
                stores: self.config.stores,
                warn: super::WARN,
                ..DecryptOptions::default()
            },
            keys: &self.keys,
            diff_out: &mut stdout,
        };
        let format = Format::from_path(Path::new(path));
        let payload =
            publish::prepare(&bytes, format, rule, &destination, options, path).map_err(lift)?;
        let location = destination.location(&name);
        if !self.args.yes {
            let prompt = format!("uploading {} to {location} ? (y/n): ", absolute.display());
            if !io::confirm(&prompt, "give --yes to publish without asking")? {
                let canceled = format!("Publication of {} canceled", absolute.display());
                // One file refused among many is not a failure.
                if self.args.recursive {
                    println!("{canceled}");
                    return Ok(());
                }
                return Err(Error::Failed(canceled));
            }
        }
        match publish::upload(&destination, &name, payload, path).map_err(lift)? {
            Outcome::Uploaded if self.args.verbose => {
                eprintln!("rsops: {path}: published to {location}");
            }
            Outcome::Uploaded => {}
            Outcome::UploadedUnchecked(reason) => eprintln!(
                "rsops: warning: cannot check whether {location} already holds the values of {path} ({reason}); they were written, as a new version even if nothing changed"
            ),
            Outcome::UpToDate => eprintln!("rsops: {path}: {location} is already up to date"),
        }
        Ok(())
    }
}

/// A library failure keeps its exit code; the rest are sops' generic one.
fn lift(e: PublishError) -> Error {
    match e {
        PublishError::Lib(e) => Error::Lib(e),
        other => Error::Failed(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_cleaned_as_go_does() {
        for (given, clean) in [
            ("./d/b.yaml", "d/b.yaml"),
            ("d//sub/../b.yaml", "d/b.yaml"),
            ("../x/./y", "../x/y"),
            ("/../a", "/a"),
            ("./", "."),
            ("a/../..", ".."),
        ] {
            assert_eq!(go_clean(given), clean, "{given}");
        }
    }
}
