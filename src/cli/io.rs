//! Reading the input and writing the result: standard input and output,
//! `--output`, and in-place writes (through [`crate::atomic_file`]).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use super::error::Error;
use super::OutputFlags;
use crate::atomic_file::Written;

/// The bytes to work on and the names that go with them.
pub struct Input {
    /// Wiped when dropped: it may be plaintext.
    pub bytes: Zeroizing<Vec<u8>>,
    /// How the input is named in messages.
    pub name: String,
    /// The path that decides formats and creation rules: the override made
    /// absolute, else the file made absolute; `None` for bare stdin.
    pub path: Option<PathBuf>,
}

/// Reads `file`, or standard input when it is `None`.
pub fn read_input(file: Option<&Path>, filename_override: Option<&Path>) -> Result<Input, Error> {
    let path = filename_override.or(file).map(crate::config::absolute);
    let (bytes, name) = match file {
        Some(f) => {
            let name = f.display().to_string();
            let bytes = std::fs::read(f).map_err(|source| {
                if source.kind() == std::io::ErrorKind::NotFound {
                    Error::NoSuchFile { file: name.clone() }
                } else {
                    Error::Read {
                        file: name.clone(),
                        source,
                    }
                }
            })?;
            (Zeroizing::new(bytes), name)
        }
        None => (Zeroizing::new(read_stdin()?), "standard input".to_owned()),
    };
    Ok(Input { bytes, name, path })
}

/// Checks the output flags against the input before any work is done.
pub fn check_output(out: &OutputFlags, file: Option<&Path>) -> Result<(), Error> {
    if out.in_place && out.output.is_some() {
        return Err(Error::Conflict(
            "cannot use --in-place and --output together; choose one".into(),
        ));
    }
    if out.in_place && file.is_none() {
        return Err(Error::Conflict(
            "cannot use --in-place when reading standard input; give a file".into(),
        ));
    }
    Ok(())
}

/// Writes the result where the flags say. `secret` marks plaintext, which a
/// newly created file keeps private (mode 0600).
pub fn write_output(
    out: &OutputFlags,
    file: Option<&Path>,
    bytes: &[u8],
    secret: bool,
) -> Result<(), Error> {
    let target = match (&out.output, out.in_place, file) {
        (Some(path), _, _) => path.as_path(),
        (None, true, Some(file)) => file,
        _ => {
            let mut stdout = std::io::stdout().lock();
            return stdout
                .write_all(bytes)
                .and_then(|()| stdout.flush())
                .map_err(|source| Error::Write {
                    file: PathBuf::from("standard output"),
                    source,
                });
        }
    };
    let written =
        crate::atomic_file::replace(target, bytes, secret).map_err(|source| Error::Write {
            file: target.to_path_buf(),
            source,
        })?;
    if let Written::InPlace(reason) = written {
        eprintln!(
            "rsops: note: {} was written over in place, not atomically (an interrupt could leave it incomplete): {reason}",
            target.display()
        );
    }
    Ok(())
}

/// All of standard input.
pub fn read_stdin() -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Read {
            file: "standard input".into(),
            source,
        })?;
    Ok(bytes)
}

/// Prints `prompt` and reads answers until one is `y` (true) or `n`
/// (false). As in sops, the end of the input, an empty line or more than
/// one word is an error; `hint` says how to go without asking.
pub fn confirm(prompt: &str, hint: &str) -> Result<bool, Error> {
    use std::io::BufRead;
    let stdin = std::io::stdin();
    loop {
        print!("{prompt}");
        std::io::stdout().flush().map_err(|source| Error::Write {
            file: PathBuf::from("standard output"),
            source,
        })?;
        let mut line = String::new();
        let read = stdin
            .lock()
            .read_line(&mut line)
            .map_err(|source| Error::Read {
                file: "standard input".into(),
                source,
            })?;
        let words: Vec<&str> = line.split_whitespace().collect();
        match (read, words.as_slice()) {
            (0, _) => return Err(Error::Failed(format!("no answer (end of input); {hint}"))),
            (_, ["y"]) => return Ok(true),
            (_, ["n"]) => return Ok(false),
            (_, [_]) => {}
            _ => return Err(Error::Failed(format!("answer y or n; {hint}"))),
        }
    }
}
