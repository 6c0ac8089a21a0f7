//! `rsops argocd generate|discover`: the command-line side of the Argo CD
//! Config Management Plugin; the work is in [`crate::krm::argocd`].

use std::path::Path;

use clap::{Args, Subcommand};

use super::error::Error;
use crate::krm::argocd;

#[derive(Args, Debug)]
pub struct ArgocdArgs {
    #[command(subcommand)]
    command: ArgocdCommand,
}

#[derive(Subcommand, Debug)]
enum ArgocdCommand {
    /// Print the application's manifests, decrypted (the CMP `generate` command)
    Generate,
    /// Print the file that makes this an rsops application, if any (the CMP `discover` command)
    Discover,
}

pub fn run(args: ArgocdArgs) -> Result<(), Error> {
    let dir = Path::new(".");
    match args.command {
        ArgocdCommand::Generate => {
            let output = argocd::generate(dir)?;
            let mut out = std::io::stdout().lock();
            std::io::Write::write_all(&mut out, &output).map_err(|source| Error::Write {
                file: "standard output".into(),
                source,
            })
        }
        ArgocdCommand::Discover => {
            if let Some(found) = argocd::discover(dir) {
                println!("{}", found.display());
            }
            Ok(())
        }
    }
}
