//! Rewriting a file's original text: replacing byte ranges, and adding,
//! replacing or removing the metadata block of the line-based stores
//! (dotenv `sops_*` lines, the INI `[sops]` section) so that encrypting and
//! then decrypting gives back the original bytes, final newline included.

use std::ops::Range;

use zeroize::{Zeroize, Zeroizing};

/// The one way the stores write a text back: the original copied in one
/// pass with byte ranges replaced, into an output allocated once at its
/// final size (see [`capacity`]).
pub struct Splicer<'t> {
    text: &'t [u8],
    at: usize,
    out: Zeroizing<Vec<u8>>,
}

impl<'t> Splicer<'t> {
    pub fn new(text: &'t [u8], capacity: usize) -> Self {
        Splicer {
            text,
            at: 0,
            out: Zeroizing::new(Vec::with_capacity(capacity)),
        }
    }

    /// Copies the text up to `range` and skips the range; the caller writes
    /// its replacement into the returned output. Ranges come in order and
    /// do not overlap.
    pub fn replace(&mut self, range: Range<usize>) -> &mut Vec<u8> {
        self.out.extend_from_slice(&self.text[self.at..range.start]);
        self.at = range.end;
        &mut self.out
    }

    /// The output, with the rest of the text.
    pub fn finish(mut self) -> Zeroizing<Vec<u8>> {
        self.out.extend_from_slice(&self.text[self.at..]);
        self.out
    }
}

/// Applies replacements to `text`; `None` when two of them overlap. The
/// replacements are zeroized once copied: they are values, which may be
/// plaintext.
pub fn apply<T: AsRef<[u8]> + Zeroize>(
    text: &[u8],
    mut edits: Vec<(Range<usize>, T)>,
) -> Option<Zeroizing<Vec<u8>>> {
    edits.sort_by_key(|(range, _)| (range.start, range.end));
    // Checked before sizing the output, which assumes no overlap.
    if edits.windows(2).any(|w| w[1].0.start < w[0].0.end) {
        return None;
    }
    let size = capacity(text.len(), edits.iter().map(|(r, t)| (r, t.as_ref().len())));
    let mut splicer = Splicer::new(text, size);
    for (range, mut replacement) in edits {
        splicer
            .replace(range)
            .extend_from_slice(replacement.as_ref());
        replacement.zeroize();
    }
    let out = splicer.finish();
    debug_assert!(out.len() <= size, "the output outgrew its size");
    Some(out)
}

/// The length of a text of `len` bytes after replacing each range with
/// that many bytes. Outputs are allocated at this size so that they never
/// grow (growing leaves copies of plaintext behind) and zeroizing them
/// touches no more memory than was written.
pub fn capacity<'r>(len: usize, edits: impl Iterator<Item = (&'r Range<usize>, usize)>) -> usize {
    edits.fold(len, |n, (range, replacement)| {
        n.saturating_sub(range.len()) + replacement
    })
}

/// How a store lays out its metadata block.
pub struct Block<'a> {
    /// The line break of the file (`"\n"` or `"\r\n"`).
    pub newline: &'a str,
    /// Whether a blank line separates the block from the data (INI).
    pub blank_line_before: bool,
}

impl Block<'_> {
    /// The edits that make the metadata block of `text` hold `lines`
    /// (`None`: no block). `existing` are the ranges of the block's lines as
    /// found (each from the start of its first line to the end of its last
    /// line, without the final line break), in file order.
    ///
    /// A new block goes at the end; whether the file ends with a line break
    /// is kept by giving the block's last line one only if the text had one,
    /// and removing a block undoes exactly that.
    pub fn edits(
        &self,
        text: &[u8],
        existing: &[Range<usize>],
        lines: Option<&[String]>,
    ) -> Vec<(Range<usize>, Vec<u8>)> {
        let nl = self.newline.as_bytes();
        let joined = |lines: &[String]| lines.join(self.newline).into_bytes();
        let mut edits = Vec::new();
        let mut blocks = existing.iter();
        if let (Some(first), Some(lines)) = (existing.first(), lines) {
            blocks.next();
            edits.push((first.clone(), joined(lines)));
        }
        for block in blocks {
            edits.push((self.removal(text, block), Vec::new()));
        }
        if let (None, Some(lines)) = (existing.first(), lines) {
            let end = text.len();
            let mut out = Vec::new();
            if text.is_empty() {
                out.extend(joined(lines));
                out.extend_from_slice(nl);
            } else if text.ends_with(b"\n") {
                if self.blank_line_before {
                    out.extend_from_slice(nl);
                }
                out.extend(joined(lines));
                out.extend_from_slice(nl);
            } else {
                out.extend_from_slice(nl);
                if self.blank_line_before {
                    out.extend_from_slice(nl);
                }
                out.extend(joined(lines));
            }
            edits.push((end..end, out));
        }
        edits
    }

    /// The range to cut to remove a block with its line break, the blank
    /// line before it (INI), or, at the end of a file without a final line
    /// break, the line break before it.
    fn removal(&self, text: &[u8], block: &Range<usize>) -> Range<usize> {
        let nl = self.newline.as_bytes();
        let mut start = block.start;
        let mut end = block.end;
        let before = &text[..start];
        if self.blank_line_before
            && (before == nl || before.ends_with(&[nl, nl].concat()))
            && start >= nl.len()
        {
            start -= nl.len();
        }
        if text[end..].starts_with(nl) {
            end += nl.len();
        } else if text[end..].starts_with(b"\n") {
            end += 1;
        } else if text[..start].ends_with(nl) {
            start -= nl.len();
        }
        start..end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(original: &str, blank: bool) {
        let block = Block {
            newline: "\n",
            blank_line_before: blank,
        };
        let lines = vec!["[sops]".to_owned(), "k = v".to_owned()];
        let with = apply::<Vec<u8>>(
            original.as_bytes(),
            block.edits(original.as_bytes(), &[], Some(&lines)),
        )
        .expect("the edits do not overlap");
        let text = String::from_utf8(with.to_vec()).unwrap();
        let start = text.find("[sops]").unwrap();
        let end = start + "[sops]\nk = v".len();
        let existing = start..end;
        let without = apply::<Vec<u8>>(
            &with,
            block.edits(&with, std::slice::from_ref(&existing), None),
        )
        .expect("the edits do not overlap");
        assert_eq!(String::from_utf8_lossy(&without), original, "via {text:?}");
    }

    #[test]
    fn adding_then_removing_the_block_restores_the_text() {
        for blank in [false, true] {
            for original in ["", "\n", "a = b", "a = b\n", "a = b\n\n", "a\n\nb"] {
                round_trip(original, blank);
            }
        }
    }

    #[test]
    fn new_block_layout() {
        let block = Block {
            newline: "\n",
            blank_line_before: true,
        };
        let lines = vec!["[sops]".to_owned(), "k = v".to_owned()];
        let out = apply::<Vec<u8>>(
            b"[a]\nx = 1\n",
            block.edits(b"[a]\nx = 1\n", &[], Some(&lines)),
        )
        .expect("the edits do not overlap");
        assert_eq!(&out[..], b"[a]\nx = 1\n\n[sops]\nk = v\n");
    }
}
