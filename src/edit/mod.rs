//! Editing an encrypted file in the user's editor (`rsops edit FILE`, bare
//! `rsops FILE`), as sops does (docs/format.md §9.8):
//!
//! 1. decrypt the file, remembering each value's IV;
//! 2. write the plaintext, in the file's own layout, to a private temporary
//!    file ([`workspace`]) and run the editor on it ([`editor`]);
//! 3. no change: exit 200, nothing written. Text that does not parse (or
//!    would not be a valid file): on a terminal say where and offer to
//!    reopen the editor; otherwise keep the text in a private file and stop;
//! 4. encrypt the edited tree under the same data key, so unchanged values
//!    keep their exact `ENC[...]` text (§1.8), in the layout the user left
//!    (comments, order, quoting), with a new `lastmodified` and MAC.
//!
//! A file that does not exist yet starts from sops' example content and is
//! encrypted like `rsops encrypt` would. The plaintext folder is removed on
//! every way out, including SIGINT, SIGTERM and SIGHUP ([`signals`]). The
//! caller writes the returned bytes (atomically).
#![doc(hidden)]

mod editor;
mod signals;
mod version;
mod workspace;

use std::ffi::{OsStr, OsString};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use zeroize::Zeroizing;

use crate::keys::KeyContext;
use crate::metadata::{has_sops_key, SOPS_VERSION};
use crate::ops::{self, DecryptOptions, EncryptOptions};
use crate::stores::{self, flatten::flatten, Document, Format, StoreError};
use crate::tree::Value;
use crate::warning::{Warn, Warning};
use editor::Editor;
use signals::{Signals, Waited};
use workspace::Workspace;

/// How to edit a file.
#[derive(Clone, Debug)]
pub struct EditOptions {
    /// The format the file is read in.
    pub format: Format,
    /// The format the plaintext is shown in and the file written in.
    pub output_format: Format,
    /// `ignore_mac`, `decryption_order` and the store settings.
    pub decrypt: DecryptOptions,
    /// Show the `sops` block in the editor (`-s`); edits to it are refused.
    pub show_master_keys: bool,
    /// Standard input is a terminal: a rejected text can be fixed in the
    /// editor again, after a prompt sent to `decrypt.warn`. Otherwise it is
    /// kept in a file and the edit stops.
    pub terminal: bool,
}

/// An editor that returns sooner than this without a change is probably a
/// GUI editor that did not wait for its window to close.
const QUICK: Duration = Duration::from_secs(1);

/// Why an edit did not produce a file to write. Messages name the file and
/// say what to do; none contains a value.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error(transparent)]
    Lib(#[from] crate::Error),
    #[error("cannot make a private temporary file for the plaintext: {0}")]
    Workspace(#[source] io::Error),
    #[error("no editor found: set SOPS_EDITOR or EDITOR (for example EDITOR=nano), or install vim, nano or vi")]
    NoEditor,
    #[error("${var} is {value:?}, which is not a command line (check its quotes); set it to an editor such as \"nano\" or \"code --wait\"")]
    EditorVariable { var: &'static str, value: String },
    #[error("cannot run the editor `{editor}`: {source}; set SOPS_EDITOR or EDITOR to an installed editor")]
    EditorStart { editor: String, source: io::Error },
    #[error("the editor `{editor}` failed ({status}); {file} was not changed")]
    EditorFailed {
        editor: String,
        status: String,
        file: String,
    },
    #[error("cannot wait for the editor or the terminal: {0}")]
    Wait(#[source] io::Error),
    #[error("cannot read the edited text back from {path}: {source}; {file} was not changed")]
    ReadEdited {
        path: PathBuf,
        file: String,
        source: io::Error,
    },
    #[error("{file}: file has not changed, exiting{}", if *.quick { ". The editor returned at once: a GUI editor must wait for its window to close, e.g. EDITOR=\"code --wait\" (also subl -w, zed --wait, gvim -f, mate -w)" } else { "" })]
    Unchanged { file: String, quick: bool },
    #[error("{file}: the new file is empty, so it was not created")]
    EmptyNewFile { file: String },
    #[error("{file}: {problem}. {file} was not changed; your text is kept in {} (mode 0600): run the edit again and take your changes from it, then delete it", kept.display())]
    Rejected {
        file: String,
        problem: Problem,
        kept: PathBuf,
    },
    #[error(
        "{file}: {problem}. {file} was not changed, and your text could not be kept: {source}"
    )]
    RejectedLost {
        file: String,
        problem: Problem,
        source: io::Error,
    },
    #[error("{file}: the sops block's version {version:?} is not a version rsops can compare (such as 3.11.0); correct it in the file")]
    Version { file: String, version: String },
    #[error("stopped by signal {0}; nothing was written and the plaintext was removed")]
    Signal(i32),
}

/// Why the edited text cannot be saved; the user can fix it in the editor.
#[derive(Debug, thiserror::Error)]
pub enum Problem {
    #[error("the edited text does not parse as {format}: {source}")]
    Parse {
        format: &'static str,
        source: StoreError,
    },
    #[error("the edited text has a top-level 'sops' key (or dotenv 'sops_*' keys), where sops keeps its metadata; rename it")]
    SopsKey,
    #[error("the sops block was changed; edit only the data (keys are changed with rotate, updatekeys or groups), and leave the sops block as shown")]
    MetadataChanged,
    #[error("the sops block was removed; leave it as shown")]
    MetadataRemoved,
}

/// An edit whose text parsed: the file to write, or why it could not be
/// made, and the user's text, to keep when the file cannot be saved.
pub struct Edited {
    /// The encrypted file to write.
    pub sealed: Result<Vec<u8>, crate::Error>,
    /// The edited plaintext.
    pub text: Unsaved,
}

/// The user's edited plaintext (zeroized when dropped), so that an edit
/// that cannot be saved does not lose it.
pub struct Unsaved {
    text: Zeroizing<Vec<u8>>,
    /// The edited file's base name, for the kept copy's name.
    name: OsString,
}

impl Unsaved {
    /// Keeps the text in a private file (mode 0600), as a rejected edit's
    /// text is kept, and returns its path.
    pub fn keep(&self) -> io::Result<PathBuf> {
        workspace::keep(&self.name, &self.text)
    }
}

/// Edits the encrypted file `input` (read from `target`) and returns the
/// file to write, encrypted again under the same data key.
pub fn edit_existing(
    input: &[u8],
    target: &Path,
    options: &EditOptions,
    keys: &KeyContext,
) -> Result<Edited, EditError> {
    let file = target.display().to_string();
    let mut opened = ops::open(input, options.format, &options.decrypt, keys, &file)?;
    // Checked before the editor opens rather than after (as sops does), so
    // that no edit is lost to it.
    let older = version::is_older(&opened.metadata.version, SOPS_VERSION).ok_or_else(|| {
        EditError::Version {
            file: file.clone(),
            version: opened.metadata.version.clone(),
        }
    })?;
    let out = options.output_format;
    let stores = &options.decrypt.stores;
    let shown = options.show_master_keys.then(|| opened.metadata_value(out));
    let text = opened.plain_text_with(out, shown.as_ref(), stores)?;
    let mut session = Session::start(target, &file, text, options)?;
    loop {
        let edited = session.edit()?;
        // A block, so that the parsed document, which borrows the edited
        // text, is gone before the text goes with the result.
        let sealed = {
            let doc = match check(&edited, out, shown.as_ref()) {
                Ok(doc) => doc,
                Err(problem) => {
                    session.reject(problem, &edited)?;
                    continue;
                }
            };
            opened.tree = doc.tree;
            if older {
                opened.metadata.version = SOPS_VERSION.to_owned();
            }
            opened.seal(doc.layout.as_deref(), out, stores)
        };
        return session.done(sealed, edited);
    }
}

/// Creates the file `target` in the editor, starting from sops' example,
/// and returns it encrypted with `encrypt` (the flags and creation rule).
pub fn edit_new(
    target: &Path,
    options: &EditOptions,
    encrypt: &EncryptOptions,
) -> Result<Edited, EditError> {
    let file = target.display().to_string();
    let out = options.output_format;
    let text = Zeroizing::new(example(out).as_bytes().to_vec());
    let mut session = Session::start(target, &file, text, options)?;
    loop {
        let edited = session.edit()?;
        if edited.iter().all(u8::is_ascii_whitespace) {
            session.finish()?;
            return Err(EditError::EmptyNewFile { file });
        }
        if let Err(problem) = check(&edited, out, None) {
            session.reject(problem, &edited)?;
            continue;
        }
        let sealed = ops::encrypt(&edited, out, out, encrypt, &file);
        return session.done(sealed, edited);
    }
}

/// Parses the edited text; with `shown` metadata (`-s`) the sops block must
/// be there unchanged, else there must be none.
fn check<'t>(
    text: &'t [u8],
    format: Format,
    shown: Option<&Value>,
) -> Result<Document<'t>, Problem> {
    let doc = stores::load(format, text, shown.is_some()).map_err(|source| Problem::Parse {
        format: format.name(),
        source,
    })?;
    match (shown, &doc.metadata) {
        (Some(_), None) => Err(Problem::MetadataRemoved),
        (Some(shown), Some(edited)) if flatten(shown) != flatten(edited) => {
            Err(Problem::MetadataChanged)
        }
        (Some(_), Some(_)) => Ok(doc),
        // A dotenv key `sops` is data; `sops_*` keys are metadata, which
        // the store has already taken out.
        (None, Some(_)) => Err(Problem::SopsKey),
        (None, None) if format != Format::Dotenv && has_sops_key(&doc.tree) => {
            Err(Problem::SopsKey)
        }
        (None, None) => Ok(doc),
    }
}

/// sops' example content for a new file, per format (TOML, which sops does
/// not have, gets the YAML example's content).
fn example(format: Format) -> &'static str {
    match format {
        Format::Yaml => "hello: Welcome to SOPS! Edit this file as you please!\nexample_key: example_value\n# Example comment\nexample_array:\n    - example_value1\n    - example_value2\nexample_number: 1234.56789\nexample_booleans:\n    - true\n    - false\n",
        Format::Json => "{\n\t\"hello\": \"Welcome to SOPS! Edit this file as you please!\",\n\t\"example_key\": \"example_value\",\n\t\"example_array\": [\n\t\t\"example_value1\",\n\t\t\"example_value2\"\n\t],\n\t\"example_number\": 1234.56789,\n\t\"example_booleans\": [\n\t\ttrue,\n\t\tfalse\n\t]\n}\n",
        Format::Dotenv => "# This is an example file.\nhello=Welcome to SOPS! Edit this file as you please!\nexample_key=example_value\nexample_multiline=foo\\nbar\\nbaz\n",
        Format::Ini => "; This is an example file.\n[Welcome!]\nhello       = Welcome to SOPS! Edit this file as you please!\nexample_key = example_value\n",
        Format::Binary => "Welcome to SOPS! Edit this file as you please!",
        Format::Toml => "hello = \"Welcome to SOPS! Edit this file as you please!\"\nexample_key = \"example_value\"\n# Example comment\nexample_array = [\"example_value1\", \"example_value2\"]\nexample_number = 1234.56789\nexample_booleans = [true, false]\n",
    }
}

/// One edit: the editor, the private folder and the signal handlers.
/// Dropping it removes the folder first, then restores the handlers.
struct Session {
    workspace: Workspace,
    signals: Signals,
    editor: Editor,
    /// What the editor was given, to tell whether anything changed.
    original: Zeroizing<Vec<u8>>,
    /// The edited file's base name, for a kept copy.
    name: OsString,
    /// The edited file, as messages name it.
    file: String,
    terminal: bool,
    /// Where the prompt after a rejected text goes.
    warn: Warn,
}

impl Session {
    fn start(
        target: &Path,
        file: &str,
        text: Zeroizing<Vec<u8>>,
        options: &EditOptions,
    ) -> Result<Session, EditError> {
        // Before anything is made: a missing editor is a plain error.
        let editor = Editor::from_env()?;
        let signals = Signals::install().map_err(EditError::Workspace)?;
        let name = target
            .file_name()
            .unwrap_or(OsStr::new("file"))
            .to_os_string();
        let workspace = Workspace::create(&name, &text).map_err(EditError::Workspace)?;
        Ok(Session {
            workspace,
            signals,
            editor,
            original: text,
            name,
            file: file.to_owned(),
            terminal: options.terminal,
            warn: options.decrypt.warn,
        })
    }

    /// Runs the editor once and returns the changed text.
    fn edit(&mut self) -> Result<Zeroizing<Vec<u8>>, EditError> {
        let started = Instant::now();
        let child = self.editor.spawn(self.workspace.file())?;
        match self.signals.wait(child).map_err(EditError::Wait)? {
            Waited::Signal(sig) => return Err(EditError::Signal(sig)),
            Waited::Done(status) if !status.success() => {
                return Err(EditError::EditorFailed {
                    editor: self.editor.display(),
                    status: status.to_string(),
                    file: self.file.clone(),
                })
            }
            Waited::Done(_) => {}
        }
        let text = self
            .workspace
            .read()
            .map_err(|source| EditError::ReadEdited {
                path: self.workspace.file().to_path_buf(),
                file: self.file.clone(),
                source,
            })?;
        if text == self.original {
            return Err(EditError::Unchanged {
                file: self.file.clone(),
                quick: started.elapsed() < QUICK,
            });
        }
        Ok(text)
    }

    /// The edited text cannot be saved: on a terminal, say why and wait
    /// for Enter to reopen the editor on it; otherwise keep it and stop.
    fn reject(&mut self, problem: Problem, text: &[u8]) -> Result<(), EditError> {
        if self.terminal {
            self.warn.send(Warning::EditRejected {
                file: self.file.clone(),
                problem: problem.to_string(),
            });
            match self.signals.wait_for_line().map_err(EditError::Wait)? {
                Waited::Done(true) => return Ok(()),
                Waited::Signal(sig) => return Err(EditError::Signal(sig)),
                Waited::Done(false) => {}
            }
        }
        let file = self.file.clone();
        Err(match workspace::keep(&self.name, text) {
            Ok(kept) => EditError::Rejected {
                file,
                problem,
                kept,
            },
            Err(source) => EditError::RejectedLost {
                file,
                problem,
                source,
            },
        })
    }

    /// Ends the session; a signal that came while the result was made
    /// still stops the edit, before anything is written.
    fn finish(self) -> Result<(), EditError> {
        match self.signals.pending().map_err(EditError::Wait)? {
            Some(sig) => Err(EditError::Signal(sig)),
            None => Ok(()),
        }
    }

    /// Ends the session with the file made from the edited `text`, or why
    /// it could not be made; the text goes with it, to keep if the file
    /// cannot be saved.
    fn done(
        self,
        sealed: Result<Vec<u8>, crate::Error>,
        text: Zeroizing<Vec<u8>>,
    ) -> Result<Edited, EditError> {
        let name = self.name.clone();
        self.finish()?;
        Ok(Edited {
            sealed,
            text: Unsaved { text, name },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Set in the child process of the test below, which runs the edit.
    const CHILD: &str = "RSOPS_EDIT_PROMPT_CHILD";

    /// The edit in the child: the editor leaves text that does not parse,
    /// standard input is at its end (Ctrl+D), and the warnings go to
    /// standard output marked, so the parent sees where the prompt went.
    fn rejected_edit_in_child(folder: &Path) {
        let options = EditOptions {
            format: Format::Yaml,
            output_format: Format::Yaml,
            decrypt: DecryptOptions {
                warn: Warn(|w| println!("sink: {w}")),
                ..DecryptOptions::default()
            },
            show_master_keys: false,
            terminal: true,
        };
        let encrypt = EncryptOptions {
            key_groups: Vec::new(),
            shamir_threshold: 0,
            rule: crate::crypt_rules::CryptRule::default(),
            mac_only_encrypted: false,
            stores: Default::default(),
            warn: Warn::default(),
            services: Default::default(),
        };
        match edit_new(&folder.join("new.yaml"), &options, &encrypt) {
            Err(EditError::Rejected { kept, .. }) => std::fs::remove_file(kept).unwrap(),
            Err(other) => panic!("expected a rejected edit, got {other:?}"),
            Ok(_) => panic!("expected a rejected edit, got a saved one"),
        }
    }

    /// The prompt after a rejected edit goes to the caller's warning sink,
    /// so that a library user can silence or redirect it; the library
    /// itself prints nothing. The edit runs in a child process (this test
    /// binary again) to own its standard streams and environment.
    #[cfg(unix)]
    #[test]
    fn the_prompt_after_a_rejected_edit_goes_to_the_warning_sink() {
        let test = "edit::tests::the_prompt_after_a_rejected_edit_goes_to_the_warning_sink";
        if let Some(folder) = std::env::var_os(CHILD) {
            rejected_edit_in_child(Path::new(&folder));
            return;
        }
        let folder = tempfile::tempdir().unwrap();
        let editor = folder.path().join("editor.sh");
        std::fs::write(&editor, "#!/bin/sh\nprintf 'a: [\\n' > \"$1\"\n").unwrap();
        std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o700))
            .unwrap();
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([test, "--exact", "--nocapture", "--test-threads=1"])
            .env(CHILD, folder.path())
            .env("SOPS_EDITOR", &editor)
            .env("TMPDIR", folder.path())
            .env("XDG_RUNTIME_DIR", folder.path())
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stdout}\n{stderr}");
        assert!(
            stdout.contains("sink: ")
                && stdout.contains("new.yaml: the edited text does not parse as yaml")
                && stdout.contains("\nPress Enter to return to the editor"),
            "{stdout}"
        );
        assert!(!stderr.contains("Press Enter"), "{stderr}");
    }

    #[test]
    fn examples_parse_in_their_format() {
        for format in Format::ALL {
            let doc = stores::load(format, example(format).as_bytes(), false).unwrap();
            assert!(!doc.tree.branches[0].0.is_empty(), "{format:?}");
        }
    }

    #[test]
    fn the_sops_key_is_refused_unless_shown() {
        let text = b"a: 1\nsops: x\n";
        assert!(matches!(
            check(text, Format::Yaml, None),
            Err(Problem::SopsKey)
        ));
        assert!(matches!(
            check(b"A=1\nsops_version=3.11.0\n", Format::Dotenv, None),
            Err(Problem::SopsKey)
        ));
        assert!(check(b"sops=1\n", Format::Dotenv, None).is_ok());
        assert!(matches!(
            check(b"a: [\n", Format::Yaml, None),
            Err(Problem::Parse { format: "yaml", .. })
        ));
    }
}
