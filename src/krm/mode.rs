//! How a run behaves, from the environment: the concurrency limit, the
//! opt-in placeholder mode, and the kpt guard.
//!
//! Both opt-ins are environment variables with one exact accepted value,
//! so neither can be switched on by a manifest in the repository or by a
//! variable that merely happens to be set.

use super::resource_list::annotation;
use super::KrmError;
use crate::tree::Map;

/// `RSOPS_DRY_RUN=placeholder`: build without keys (CI diffs, previews).
pub const DRY_RUN_VAR: &str = "RSOPS_DRY_RUN";
/// The one value of [`DRY_RUN_VAR`] that turns placeholders on.
pub const DRY_RUN_PLACEHOLDER: &str = "placeholder";
/// `RSOPS_ALLOW_PLAINTEXT_OUTPUT=1`: decrypt under kpt anyway.
pub const ALLOW_PLAINTEXT_VAR: &str = "RSOPS_ALLOW_PLAINTEXT_OUTPUT";
/// ksops' concurrency limit variable, same meaning and default.
pub const CONCURRENCY_VAR: &str = "KSOPS_CONCURRENCY_LIMIT";
const DEFAULT_CONCURRENCY: usize = 20;

/// The value every secret is replaced with in placeholder mode.
pub const PLACEHOLDER: &str = "RSOPS-PLACEHOLDER-NOT-A-SECRET";
/// The annotation placeholder mode puts on every object it emits.
pub const PLACEHOLDER_ANNOTATION: &str = "rsops.io/placeholder";

/// What the generator does with its input files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Decrypt them (MAC checked); the default.
    Decrypt,
    /// Read them without keys and put [`PLACEHOLDER`] where secrets go.
    Placeholder,
}

/// Settings of one run, read once from the environment.
#[derive(Clone, Debug)]
pub struct Settings {
    pub mode: Mode,
    /// At most this many files are decrypted at once.
    pub concurrency: usize,
    /// `RSOPS_ALLOW_PLAINTEXT_OUTPUT=1` was given.
    pub allow_plaintext_output: bool,
}

impl Settings {
    /// Reads the settings; a variable with a value it does not accept is an
    /// error rather than being ignored.
    pub fn from_env() -> Result<Settings, KrmError> {
        Settings::from_lookup(|name| std::env::var(name).ok())
    }

    /// As [`Settings::from_env`], with the variables from `var`.
    pub fn from_lookup(var: impl Fn(&str) -> Option<String>) -> Result<Settings, KrmError> {
        let mode = match var(DRY_RUN_VAR).as_deref() {
            None | Some("") => Mode::Decrypt,
            Some(DRY_RUN_PLACEHOLDER) => Mode::Placeholder,
            Some(other) => {
                return Err(KrmError::Setting {
                    name: DRY_RUN_VAR,
                    reason: format!(
                        "{other:?} is not a mode; the only accepted value is {DRY_RUN_PLACEHOLDER:?} (unset it to decrypt)"
                    ),
                })
            }
        };
        let concurrency = match var(CONCURRENCY_VAR) {
            None => DEFAULT_CONCURRENCY,
            Some(v) => match v.trim().parse::<usize>() {
                Ok(n) if n >= 1 => n,
                _ => {
                    return Err(KrmError::Setting {
                        name: CONCURRENCY_VAR,
                        reason: format!("{v:?} is not an integer of at least 1"),
                    })
                }
            },
        };
        let allow_plaintext_output = match var(ALLOW_PLAINTEXT_VAR).as_deref() {
            None | Some("") | Some("0") => false,
            Some("1") => true,
            Some(other) => {
                return Err(KrmError::Setting {
                    name: ALLOW_PLAINTEXT_VAR,
                    reason: format!("{other:?} is not accepted; set it to 1 or unset it"),
                })
            }
        };
        Ok(Settings {
            mode,
            concurrency,
            allow_plaintext_output,
        })
    }
}

/// Whether the input comes from kpt, whose output replaces the package on
/// disk: kpt marks every item with its file path (kustomize gives a
/// generator none) and sets `KUSTOMIZE_ENABLE_ALPHA_COMMANDS=true`.
pub fn is_kpt(items: &[Map], function_config: Option<&Map>) -> bool {
    let has_path = |m: &Map| {
        annotation(m, "config.kubernetes.io/path").is_some()
            || annotation(m, "internal.config.kubernetes.io/path").is_some()
            || annotation(m, "internal.config.kubernetes.io/package-path").is_some()
    };
    items.iter().any(has_path)
        || function_config.is_some_and(has_path)
        || std::env::var("KUSTOMIZE_ENABLE_ALPHA_COMMANDS").as_deref() == Ok("true")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(vars: &[(&str, &str)]) -> Result<Settings, KrmError> {
        Settings::from_lookup(|n| {
            vars.iter()
                .find(|(k, _)| *k == n)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn placeholder_needs_the_exact_value() {
        assert_eq!(settings(&[]).unwrap().mode, Mode::Decrypt);
        assert_eq!(
            settings(&[(DRY_RUN_VAR, "placeholder")]).unwrap().mode,
            Mode::Placeholder
        );
        for v in ["1", "true", "Placeholder", "yes"] {
            let err = settings(&[(DRY_RUN_VAR, v)]).unwrap_err().to_string();
            assert!(err.contains(DRY_RUN_VAR), "{err}");
        }
    }

    #[test]
    fn concurrency_limit_as_ksops() {
        assert_eq!(settings(&[]).unwrap().concurrency, 20);
        assert_eq!(settings(&[(CONCURRENCY_VAR, "5")]).unwrap().concurrency, 5);
        for v in ["0", "abc", "-1"] {
            let err = settings(&[(CONCURRENCY_VAR, v)]).unwrap_err().to_string();
            assert!(err.contains(CONCURRENCY_VAR), "{err}");
        }
    }

    #[test]
    fn plaintext_output_needs_one() {
        assert!(
            settings(&[(ALLOW_PLAINTEXT_VAR, "1")])
                .unwrap()
                .allow_plaintext_output
        );
        assert!(settings(&[(ALLOW_PLAINTEXT_VAR, "yes")]).is_err());
    }
}
