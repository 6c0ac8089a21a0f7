//! Comments inside lists. sops stores them as list elements, so an
//! encrypted comment in a list is written as an element `- ENC[…]` (or a
//! first element of a flow list) and a decrypted one goes back to being a
//! comment. Spaces sops reads past say where the comment stood:
//!
//! - a line comment leaves the spaces before it behind, at the end of the
//!   line it was on;
//! - an own-line comment indented deeper than the dashes has as many more
//!   spaces after its dash (`-   ENC[…]`);
//! - one indented less has as many spaces after its element as it stood
//!   left of the dashes (`- ENC[…]  `).

use super::super::parse::{byte_column, line_start, next_line};
use super::{line_rest, Fallback, Rewriter};
use crate::cipher::is_enc_value;
use crate::stores::yaml::parse::{Kind, Node, SeqItem};

impl Rewriter<'_> {
    /// An encrypted comment in a block sequence becomes an element
    /// `- ENC[…]` at the sequence's dash column, where the comment was (a
    /// line comment moves above the element it follows, as sops does; an
    /// own-line comment indented deeper keeps its column after the dash).
    pub(super) fn comment_to_element(
        &mut self,
        ci: usize,
        token: &str,
        col: usize,
        prev: Option<&SeqItem>,
        rest: &[SeqItem],
    ) -> Result<(), Fallback> {
        let c = &self.doc.comments[ci];
        let start = line_start(self.text, c.span.start);
        let element = |deeper: usize| format!("{}- {}{token}", " ".repeat(col), " ".repeat(deeper));
        if !c.right {
            // Spaces ending a null element's line before it would say the
            // comment was on that line.
            if prev.is_some_and(|p| self.spaced_null(p).is_some()) {
                return Err(Fallback);
            }
            // A comment indented deeper than the dashes keeps its column as
            // more spaces after the dash (`-   ENC[…]` is the same element),
            // one indented less as spaces after the element.
            let indent = &self.text[start..c.span.start];
            let text = match indent.bytes().all(|b| b == b' ') {
                true if indent.len() < col => element(0) + &" ".repeat(col - indent.len()),
                true => element(indent.len() - col),
                false => element(0),
            };
            self.edit(start..c.span.end, text);
            return Ok(());
        }
        // The spaces before the comment stay as trailing spaces: they tell
        // decryption that the comment was on this element's line.
        self.edit(c.span.clone(), String::new());
        // On a null element's line (`-  # c`), after which go-yaml places
        // the comment: the element goes on the next line, and the spaces
        // left after the dash bring the comment back.
        if prev.is_some_and(|p| self.commented_null(p, c.span.start)) {
            let at = next_line(self.text, c.span.end);
            if !self.text[..at].ends_with('\n') {
                return Err(Fallback);
            }
            self.edit(at..at, self.newlines(format!("{}\n", element(0))));
            return Ok(());
        }
        let next_dash = rest.iter().find_map(|i| match i {
            SeqItem::Node(_, d) => Some(*d),
            SeqItem::Comment(_) => None,
        });
        let Some(Some(dash)) = next_dash else {
            return Err(Fallback);
        };
        let dash_line = line_start(self.text, dash);
        if self.text[dash_line..dash].trim() == "" {
            self.edit(
                dash_line..dash_line,
                self.newlines(format!("{}\n", element(0))),
            );
        } else {
            // The first item of a list nested compactly (`- - x # c`): the
            // element goes before it on that line, the item on the next.
            let text = format!("- {token}\n{}", " ".repeat(byte_column(self.text, dash)));
            self.edit(dash..dash, self.newlines(text));
        }
        Ok(())
    }

    /// An encrypted line comment after a flow sequence (`[a, b] # c`)
    /// becomes its first element; the spaces before the comment stay, so
    /// that decrypting can put the comment back where it was.
    pub(super) fn comment_into_flow(
        &mut self,
        seq: &Node,
        ci: usize,
        token: &str,
        rest: &[SeqItem],
    ) -> Result<(), Fallback> {
        let c = &self.doc.comments[ci];
        if !c.right || c.span.start < seq.end {
            return Err(Fallback);
        }
        let more = rest.iter().any(|i| matches!(i, SeqItem::Node(..)));
        let element = if more {
            format!("'{token}', ")
        } else {
            format!("'{token}'")
        };
        self.edit(c.span.clone(), String::new());
        self.edit(seq.start + 1..seq.start + 1, element);
        Ok(())
    }

    /// The inverse of [`Self::comment_into_flow`]: a decrypted comment
    /// element of a flow sequence goes back after the sequence's line.
    pub(super) fn comment_out_of_flow(
        &mut self,
        seq: &Node,
        n: &Node,
        text: &str,
        rest: &[SeqItem],
    ) -> Result<(), Fallback> {
        let end_of_line = seq.end + line_rest(self.text, seq.end).len();
        if !self.text[seq.end..end_of_line].trim().is_empty() || text.contains('\n') {
            return Err(Fallback);
        }
        let next = rest.iter().find_map(|i| match i {
            SeqItem::Node(m, _) => Some(m.props_start),
            SeqItem::Comment(_) => None,
        });
        let cut = match next {
            Some(next) => n.props_start..next,
            None => {
                let close = self.text[..seq.end].rfind(']').ok_or(Fallback)?;
                let before = self.text[seq.start + 1..n.props_start].trim_end();
                let start = if before.ends_with(',') {
                    seq.start
                        + 1
                        + self.text[seq.start + 1..n.props_start]
                            .rfind(',')
                            .ok_or(Fallback)?
                } else {
                    n.props_start
                };
                start..close
            }
        };
        self.edit(cut, String::new());
        let spaced = self.text[seq.end..end_of_line].is_empty();
        let comment = if spaced {
            format!(" #{text}")
        } else {
            format!("#{text}")
        };
        self.edit(end_of_line..end_of_line, comment);
        Ok(())
    }

    /// A decrypted comment element (`- ENC[…type:comment]`) becomes a
    /// comment line at the dash column, or goes back to the end of the line
    /// it was on (see `comment_to_element`).
    pub(super) fn element_to_comment(
        &mut self,
        n: &Node,
        dash: usize,
        text: &str,
        prev: Option<&SeqItem>,
        rest: &[SeqItem],
    ) -> Result<(), Fallback> {
        let start = line_start(self.text, dash);
        if text.contains('\n') {
            return Err(Fallback);
        }
        let compact = self.text[start..dash].trim() != "";
        let own_rest = line_rest(self.text, n.end);
        // A null element before it whose line ends in spaces (`-  `): the
        // comment was on that line (sops keeps it after the element).
        if let Some(eol) = prev.and_then(|p| self.spaced_null(p)) {
            if !compact && own_rest.trim().is_empty() {
                self.edit(start..next_line(self.text, n.end), String::new());
                self.edit(eol..eol, format!("#{text}"));
                return Ok(());
            }
        }
        // Trailing spaces on the next element's line: the comment was a
        // line comment there (see `comment_to_element`).
        if let Some(SeqItem::Node(next, next_dash)) = rest.first() {
            let rest_of_line = line_rest(self.text, next.end);
            let own_line_end = next_line(self.text, n.end);
            if matches!(next.kind, Kind::Scalar { block: None, .. })
                && !is_comment_token(&self.text[next.start..next.end])
                && !rest_of_line.is_empty()
                && rest_of_line.trim().is_empty()
                && own_rest.is_empty()
                && own_line_end < self.text.len()
            {
                // Compact (`- - ENC[c]` then `  - x`): back to `- - x #c`.
                let cut = match (compact, next_dash) {
                    (false, _) => start..own_line_end,
                    (true, Some(d))
                        if self
                            .text
                            .get(own_line_end..*d)
                            .is_some_and(|gap| gap.trim().is_empty()) =>
                    {
                        dash..*d
                    }
                    (true, _) => return Err(Fallback),
                };
                self.edit(cut, String::new());
                let eol = next.end + rest_of_line.len();
                self.edit(eol..eol, format!("#{text}"));
                return Ok(());
            }
        }
        if compact {
            return Err(Fallback);
        }
        // Spaces after the element: the comment stood that many columns
        // left of the dashes (see `comment_to_element`).
        if !own_rest.is_empty() && own_rest.bytes().all(|b| b == b' ') {
            let col = byte_column(self.text, dash)
                .checked_sub(own_rest.len())
                .ok_or(Fallback)?;
            let end = n.end + own_rest.len();
            self.edit(start..end, format!("{}#{text}", " ".repeat(col)));
            return Ok(());
        }
        // More than one space after the dash: the comment stood that much
        // deeper than the dashes (see `comment_to_element`).
        let gap = &self.text[dash + 1..n.props_start];
        let deeper = if gap.bytes().all(|b| b == b' ') {
            gap.len().saturating_sub(1)
        } else {
            0
        };
        self.edit(dash..n.end, format!("{}#{text}", " ".repeat(deeper)));
        Ok(())
    }

    /// Whether `item` is a null element written as a dash and spaces
    /// followed by the comment at `hash` (`-  # c`), which leaves it a
    /// [`Self::spaced_null`] once the comment is taken out.
    fn commented_null(&self, item: &SeqItem, hash: usize) -> bool {
        let SeqItem::Node(null, Some(dash)) = item else {
            return false;
        };
        // (Not an item before the comment: no such gap.)
        let Some(gap) = self.text.get(dash + 1..hash) else {
            return false;
        };
        matches!(null.kind, Kind::Scalar { block: None, .. })
            && null.start == null.end
            && gap.len() > 1
            && gap.bytes().all(|b| b == b' ')
    }

    /// The end of the line of a null element written as a dash followed by
    /// spaces (`-  `), where a line comment stood.
    fn spaced_null(&self, item: &SeqItem) -> Option<usize> {
        let SeqItem::Node(null, Some(dash)) = item else {
            return None;
        };
        let after_dash = line_rest(self.text, dash + 1);
        (matches!(null.kind, Kind::Scalar { block: None, .. })
            && null.start == null.end
            && after_dash.len() > 1
            && after_dash.trim().is_empty())
        .then_some(dash + 1 + after_dash.len())
    }
}

/// Whether the text of an element is an encrypted comment.
fn is_comment_token(text: &str) -> bool {
    is_enc_value(text) && text.ends_with(",type:comment]")
}
