//! `rsops krm`: the KRM exec function (what `exec: {path: ksops}` runs).
//! Reads a ResourceList on stdin and prints the generated objects; prints
//! nothing at all when anything fails.

use std::io::Write;

use clap::Args;

use super::error::Error;

#[derive(Args, Debug)]
pub struct KrmArgs {}

pub fn run(_args: KrmArgs) -> Result<(), Error> {
    function(&super::io::read_stdin()?)
}

/// Runs the function on a ResourceList already read from stdin.
pub fn function(input: &[u8]) -> Result<(), Error> {
    let output = crate::krm::run_function(input, super::WARN)?;
    write_stdout(&output)
}

/// Runs the legacy exec plugin on the manifest file kustomize passes.
pub fn legacy(manifest: &std::path::Path) -> Result<(), Error> {
    let output = crate::krm::run_legacy(
        manifest,
        || {
            let mut input = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin(), &mut input).map(|_| input)
        },
        super::WARN,
    )?;
    write_stdout(&output)
}

fn write_stdout(bytes: &[u8]) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|source| Error::Write {
            file: "standard output".into(),
            source,
        })
}
