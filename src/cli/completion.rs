//! `rsops completion SHELL`: prints a completion script generated from the
//! same clap definition as the parser, so it never goes stale.

use clap::Args;
use clap_complete::Shell;

use super::error::Error;

#[derive(Args, Debug)]
pub struct CompletionArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    shell: Shell,
}

pub fn run(args: CompletionArgs) -> Result<(), Error> {
    let mut out = Vec::new();
    generate(args.shell, &mut out);
    super::io::write_output(&super::OutputFlags::default(), None, &out, false)
}

/// Writes the completion script for `shell`.
pub fn generate(shell: Shell, out: &mut Vec<u8>) {
    clap_complete::generate(shell, &mut super::completion_command(), "rsops", out);
}
