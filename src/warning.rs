//! What the library notices but does not fail on. The library never
//! prints: warnings go to the caller's [`Warn`] sink, and the command line
//! prints them on stderr.

use std::fmt;
use std::path::PathBuf;

/// Something the user should know about an operation that still succeeded.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Warning {
    /// A crypt rule was given for a binary file, whose one value is always
    /// encrypted; the rule is ignored, as in sops.
    RuleIgnoredForBinary {
        /// The rule's `.sops.yaml` field name.
        field: &'static str,
        /// The rule's value.
        value: String,
    },
    /// A file written by sops has a crypt-rule regex that does not compile;
    /// as in sops, it matches nothing.
    InvalidRegexMatchesNothing {
        /// The rule's metadata field name.
        field: &'static str,
    },
    /// A `.sops.yml` was found where sops reads only `.sops.yaml`.
    IgnoredConfigFile {
        /// Where it is.
        path: PathBuf,
    },
    /// An edit was rejected (`problem`) and the user, at a terminal, is
    /// asked to press Enter to fix it in the editor, or to stop.
    EditRejected {
        /// The edited file, as messages name it.
        file: String,
        /// Why the edited text cannot be saved.
        problem: String,
    },
    /// The Kustomize plugin ran in placeholder mode (set by `variable`):
    /// nothing was decrypted, and the objects carry `annotation`.
    Placeholder {
        /// How many objects were made.
        count: usize,
        /// The environment variable that chose the mode.
        variable: &'static str,
        /// The annotation the objects carry.
        annotation: &'static str,
    },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::RuleIgnoredForBinary { field, value } => write!(
                f,
                "using an {} ({value:?}) does not make sense with the binary store (it produces one value, which is always encrypted); it is ignored",
                field.replace('_', " ")
            ),
            Warning::InvalidRegexMatchesNothing { field } => write!(
                f,
                "the file's {field} is not a valid regular expression; as in sops, it matches nothing"
            ),
            Warning::Placeholder {
                count,
                variable,
                annotation,
            } => write!(
                f,
                "{variable}=placeholder: nothing was decrypted; {count} object(s) hold placeholder values and carry the annotation {annotation}: \"true\". Never apply this output."
            ),
            Warning::EditRejected { file, problem } => write!(
                f,
                "{file}: {problem}.\nPress Enter to return to the editor, Ctrl+D to stop and keep your text in a file, or Ctrl+C to stop and discard it."
            ),
            Warning::IgnoredConfigFile { path } => write!(
                f,
                "{} is ignored; sops only reads .sops.yaml",
                path.display()
            ),
        }
    }
}

/// Where an operation sends its warnings: a plain function, so that the
/// options holding it stay `Clone` and `Debug`. The default drops them.
#[derive(Clone, Copy)]
pub struct Warn(pub fn(&Warning));

impl Warn {
    /// Sends one warning.
    pub fn send(&self, warning: Warning) {
        (self.0)(&warning);
    }
}

impl Default for Warn {
    fn default() -> Self {
        Warn(|_| {})
    }
}

impl fmt::Debug for Warn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Warn")
    }
}
