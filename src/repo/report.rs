//! The report at the end of a many-file command: one line per file, and a
//! count; or the same as JSON for programs.

use std::io::{self, Write};
use std::path::PathBuf;

/// What happened to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Written with new content.
    Changed,
    /// Nothing needed doing.
    Unchanged,
    /// Done, with the result on standard output (the file is not written).
    Done,
    /// Passed over: found in a folder but not of the kind the command
    /// works on.
    Skipped,
    /// The work failed; the file is untouched.
    Failed,
    /// `--dry-run`: what would be done.
    Planned,
}

impl Status {
    /// Every status, in the order reports count them.
    pub const ALL: [Status; 6] = [
        Status::Planned,
        Status::Changed,
        Status::Unchanged,
        Status::Done,
        Status::Skipped,
        Status::Failed,
    ];

    pub fn word(self) -> &'static str {
        match self {
            Status::Changed => "changed",
            Status::Unchanged => "unchanged",
            Status::Done => "done",
            Status::Skipped => "skipped",
            Status::Failed => "failed",
            Status::Planned => "plan",
        }
    }
}

/// One file's line of the report.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub path: PathBuf,
    /// The creation rule that selected it.
    pub rule: Option<usize>,
    pub status: Status,
    /// Why it failed or was skipped, or what the plan is; never a secret.
    pub note: String,
    /// The exit code sops would give for this file's failure; 0 otherwise.
    pub exit_code: i32,
}

impl FileReport {
    pub fn new(path: PathBuf, rule: Option<usize>, status: Status, note: String) -> Self {
        FileReport {
            path,
            rule,
            status,
            note,
            exit_code: 0,
        }
    }
}

/// The exit code of the whole run: the first failed file's, else 0.
pub fn exit_code(reports: &[FileReport]) -> i32 {
    reports
        .iter()
        .find(|r| r.status == Status::Failed)
        .map_or(0, |r| r.exit_code.max(1))
}

fn count(reports: &[FileReport], status: Status) -> usize {
    reports.iter().filter(|r| r.status == status).count()
}

/// The report for people: a line per file, then the counts.
pub fn write_text(out: &mut dyn Write, reports: &[FileReport]) -> io::Result<()> {
    for r in reports {
        let rule = r
            .rule
            .map(|i| format!(" (creation rule {})", i + 1))
            .unwrap_or_default();
        let note = if r.note.is_empty() {
            String::new()
        } else {
            format!(": {}", r.note)
        };
        writeln!(
            out,
            "{:<9} {}{rule}{note}",
            r.status.word(),
            r.path.display()
        )?;
    }
    let statuses = Status::ALL;
    let counts: Vec<String> = statuses
        .iter()
        .filter(|&&s| s == Status::Failed || count(reports, s) > 0)
        .map(|&s| format!("{} {}", count(reports, s), s.word()))
        .collect();
    writeln!(out, "{} files: {}", reports.len(), counts.join(", "))
}

/// The report for programs, one JSON object:
/// `{"files":[{"path","status","rule","note"}],"changed":N,...}`. `rule`
/// counts from 1 as in the text report, `null` for none.
pub fn write_json(out: &mut dyn Write, reports: &[FileReport]) -> io::Result<()> {
    let mut text = String::from("{\"files\":[");
    for (i, r) in reports.iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        text.push_str("{\"path\":");
        crate::encoding::push_json_string(&mut text, &r.path.to_string_lossy());
        text.push_str(",\"status\":");
        crate::encoding::push_json_string(&mut text, r.status.word());
        text.push_str(",\"rule\":");
        match r.rule {
            Some(n) => text.push_str(&(n + 1).to_string()),
            None => text.push_str("null"),
        }
        text.push_str(",\"note\":");
        crate::encoding::push_json_string(&mut text, &r.note);
        text.push('}');
    }
    text.push(']');
    for status in Status::ALL {
        text.push_str(&format!(
            ",\"{}\":{}",
            status.word(),
            count(reports, status)
        ));
    }
    text.push_str("}\n");
    out.write_all(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reports() -> Vec<FileReport> {
        let mut failed = FileReport::new(
            "b \"q\".yaml".into(),
            None,
            Status::Failed,
            "no key\nhere".into(),
        );
        failed.exit_code = 128;
        vec![
            FileReport::new("a.yaml".into(), Some(0), Status::Changed, String::new()),
            failed,
        ]
    }

    #[test]
    fn text_and_json_reports() {
        let mut text = Vec::new();
        write_text(&mut text, &reports()).unwrap();
        assert_eq!(
            String::from_utf8(text).unwrap(),
            "changed   a.yaml (creation rule 1)\nfailed    b \"q\".yaml: no key\nhere\n2 files: 1 changed, 1 failed\n"
        );
        let mut json = Vec::new();
        write_json(&mut json, &reports()).unwrap();
        assert_eq!(
            String::from_utf8(json).unwrap(),
            "{\"files\":[{\"path\":\"a.yaml\",\"status\":\"changed\",\"rule\":1,\"note\":\"\"},{\"path\":\"b \\\"q\\\".yaml\",\"status\":\"failed\",\"rule\":null,\"note\":\"no key\\nhere\"}],\"plan\":0,\"changed\":1,\"unchanged\":0,\"done\":0,\"skipped\":0,\"failed\":1}\n"
        );
        assert_eq!(exit_code(&reports()), 128);
        assert_eq!(exit_code(&reports()[..1]), 0);
    }
}
