//! The `version` of an edited file: sops' `edit` raises a version older than
//! its own to its own, and refuses one it cannot compare (exit 202). sops
//! compares strict semantic versions (`MAJOR.MINOR.PATCH`, an optional
//! `-pre.release` and `+build`), ignores a leading `v`, and takes any `1.x`
//! (sops 1 did not use semantic versions) as older.

use std::cmp::Ordering;

/// Whether `version` is older than `ours`; `None` when either is not a
/// version sops can compare.
pub fn is_older(version: &str, ours: &str) -> Option<bool> {
    if version.starts_with("1.") {
        return Some(true);
    }
    Some(SemVer::parse_tolerant(ours)? > SemVer::parse_tolerant(version)?)
}

#[derive(Debug, PartialEq, Eq)]
struct SemVer<'a> {
    core: [u64; 3],
    pre: Vec<&'a str>,
}

impl<'a> SemVer<'a> {
    /// A version with or without a leading `v`.
    fn parse_tolerant(text: &'a str) -> Option<SemVer<'a>> {
        SemVer::parse(text.strip_prefix('v').unwrap_or(text))
    }

    fn parse(text: &'a str) -> Option<SemVer<'a>> {
        let (rest, build) = match text.split_once('+') {
            Some((rest, build)) => (rest, Some(build)),
            None => (text, None),
        };
        if let Some(build) = build {
            if !build.split('.').all(is_identifier) {
                return None;
            }
        }
        let (core, pre) = match rest.split_once('-') {
            Some((core, pre)) => (core, pre.split('.').collect::<Vec<_>>()),
            None => (rest, Vec::new()),
        };
        if !pre
            .iter()
            .all(|p| is_identifier(p) && (!is_numeric(p) || no_leading_zero(p)))
        {
            return None;
        }
        let mut parts = core.split('.');
        let mut number = || {
            parts
                .next()
                .filter(|p| is_numeric(p) && no_leading_zero(p))
                .and_then(|p| p.parse().ok())
        };
        let core = [number()?, number()?, number()?];
        if parts.next().is_some() {
            return None;
        }
        Some(SemVer { core, pre })
    }
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

fn is_numeric(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn no_leading_zero(s: &str) -> bool {
    s == "0" || !s.starts_with('0')
}

impl Ord for SemVer<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.core.cmp(&other.core).then_with(|| {
            match (self.pre.is_empty(), other.pre.is_empty()) {
                (true, true) => Ordering::Equal,
                // A pre-release comes before its release.
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                (false, false) => {
                    for (a, b) in self.pre.iter().zip(&other.pre) {
                        let order = match (a.parse::<u64>(), b.parse::<u64>()) {
                            (Ok(x), Ok(y)) => x.cmp(&y),
                            (Ok(_), Err(_)) => Ordering::Less,
                            (Err(_), Ok(_)) => Ordering::Greater,
                            (Err(_), Err(_)) => a.cmp(b),
                        };
                        if order != Ordering::Equal {
                            return order;
                        }
                    }
                    self.pre.len().cmp(&other.pre.len())
                }
            }
        })
    }
}

impl PartialOrd for SemVer<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compares_as_sops_does() {
        let older = |v| is_older(v, "3.11.0");
        assert_eq!(older("3.7.3"), Some(true));
        assert_eq!(older("v3.10.2"), Some(true));
        assert_eq!(older("3.11.0"), Some(false));
        assert_eq!(older("3.11.0-rc.1"), Some(true));
        assert_eq!(older("3.11.0+build.5"), Some(false));
        assert_eq!(older("3.13.2"), Some(false));
        assert_eq!(older("1.3"), Some(true));
        for bad in [
            "3.11",
            "3.011.0",
            "three",
            "",
            "3.11.0-",
            "3.11.0-01",
            "3.11.0.1",
        ] {
            assert_eq!(older(bad), None, "{bad}");
        }
        assert_eq!(is_older("2.0.0-alpha", "2.0.0-alpha.1"), Some(true));
        assert_eq!(is_older("2.0.0-alpha.beta", "2.0.0-beta"), Some(true));
        assert_eq!(is_older("2.0.0-beta.11", "2.0.0-beta.2"), Some(false));
    }
}
