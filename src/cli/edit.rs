//! `rsops edit FILE` (and bare `rsops FILE`): flags to options for
//! [`crate::edit`], then the result written over the file atomically.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::Args;

use super::decrypt::OpenFlags;
use super::encrypt::{Extra, NewFileFlags};
use super::error::Error;
use super::{io, KeyServiceFlags, OutputFlags};
use crate::config;
use crate::edit::{self, EditOptions};
use crate::keys::KeyContext;
use crate::ops::DecryptOptions;

/// The manual's description of `edit`.
pub const LONG_ABOUT: &str = "Edit an encrypted file in your editor, as `sops edit` does; `rsops FILE` does the same.

rsops decrypts FILE into a private temporary file (mode 0600, in a fresh folder of mode 0700 under $XDG_RUNTIME_DIR, else the temp folder) and opens it in $SOPS_EDITOR, else $EDITOR (split like a shell command line), else vim, nano or vi. When the editor exits, the text is encrypted again under the same data key: values you did not change keep their exact ciphertext, so diffs show only your change, and comments, order and quoting stay as you left them. The temporary folder is removed however the edit ends, including SIGINT, SIGTERM and SIGHUP (rsops then exits 128 + the signal's number).

GUI editors must wait for their window to close: EDITOR=\"code --wait\" (or subl -w, zed --wait, gvim -f, mate -w).

No change: exit 200, the file untouched. Text that does not parse: on a terminal rsops says where and reopens the editor on it after Enter; otherwise it exits 2 and keeps the text in a private file whose path it prints. A missing editor, or one that fails, is exit 201.

A FILE that does not exist is created from an example, with the keys of the flags or of the .sops.yaml creation rule for its path.";

#[derive(Args, Debug)]
pub struct EditArgs {
    /// The file to edit; a file that does not exist is created, from an example, with the keys of
    /// the flags or the matching .sops.yaml creation rule
    file: PathBuf,
    #[command(flatten)]
    new: NewFileFlags,
    #[command(flatten)]
    open: OpenFlags,
    /// Show the sops metadata block in the editor too (changes to it are refused)
    #[arg(short = 's', long)]
    show_master_keys: bool,
    #[command(flatten)]
    keyservice: KeyServiceFlags,
}

pub fn run(args: EditArgs, config_flag: Option<&Path>) -> Result<(), Error> {
    let context = args.keyservice.context()?;
    let request = Request {
        file: &args.file,
        new: &args.new,
        open: &args.open,
        extra: &Extra::default(),
        show_master_keys: args.show_master_keys,
        context: &context,
    };
    edit_file(&request, config_flag)
}

/// What to edit, with which flags (from `edit` or legacy mode).
pub(super) struct Request<'a> {
    pub file: &'a Path,
    pub new: &'a NewFileFlags,
    pub open: &'a OpenFlags,
    pub extra: &'a Extra,
    pub show_master_keys: bool,
    /// The keys at hand (`--keyservice`).
    pub context: &'a KeyContext,
}

/// Edits (or creates) one file and writes it back.
pub(super) fn edit_file(request: &Request<'_>, config_flag: Option<&Path>) -> Result<(), Error> {
    let file = request.file;
    let (format, output_format) = request.new.types.formats(Some(file));
    let config = config::load(config::find(config_flag, super::WARN).as_deref())?;
    let mut stores = config.stores;
    if let Some(spaces) = request.extra.indent {
        stores.set_indent(spaces);
    }
    let options = EditOptions {
        format,
        output_format,
        decrypt: DecryptOptions {
            ignore_mac: request.open.ignore_mac,
            extract: None,
            decryption_order: request.open.decryption_order()?,
            stores,
            process_exits_after: false,
            warn: super::WARN,
        },
        show_master_keys: request.show_master_keys,
        terminal: std::io::stdin().is_terminal(),
    };
    let exists = match std::fs::symlink_metadata(file) {
        Ok(_) => true,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(source) => {
            return Err(Error::Read {
                file: file.display().to_string(),
                source,
            })
        }
    };
    let edited = if exists {
        let input = io::read_input(Some(file), None)?;
        edit::edit_existing(&input.bytes, file, &options, request.context)?
    } else {
        let encrypt = super::encrypt::options(
            Some(&config::absolute(file)),
            request.new,
            request.extra,
            &request.context.services,
            &config,
        )?;
        edit::edit_new(file, &options, &encrypt)?
    };
    let in_place = OutputFlags {
        in_place: true,
        output: None,
    };
    let saved = edited
        .sealed
        .map_err(Error::from)
        .and_then(|bytes| io::write_output(&in_place, Some(file), &bytes, false));
    saved.map_err(|source| not_saved(file, &edited.text, source))
}

/// An edit whose text parsed but could not be saved: the text is kept in a
/// private file the error names, as a rejected text is.
fn not_saved(file: &Path, text: &edit::Unsaved, source: Error) -> Error {
    let file = file.display().to_string();
    let source = Box::new(source);
    match text.keep() {
        Ok(kept) => Error::EditNotSaved { file, kept, source },
        Err(lost) => Error::EditLost { file, lost, source },
    }
}
