//! Three-way merge of sequences (lines of text, elements of a list), as
//! `git merge-file` does it but a little more willing: two changes conflict
//! only when they touch the same base elements, or insert at the same place
//! different things. Changes next to each other both apply. The merge driver
//! checks every line-based result against the tree-aware merge, so this
//! leniency cannot change a value; it only keeps more of the file's layout.

/// Past this many differences between two sequences the diff gives up and
/// treats the whole differing middle as replaced: the search costs memory
/// in proportion to differences times length, and a secrets file that
/// changed this much merges no better line by line.
const MAX_EDITS: usize = 4096;

/// A change of one side against the base: `base[start..end]` became
/// `side[from..to]`.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Hunk {
    start: usize,
    end: usize,
    from: usize,
    to: usize,
}

/// Merges `ours` and `theirs`, both changed from `base`. `None` when both
/// changed the same place differently.
pub fn merge<T: PartialEq + Clone>(base: &[T], ours: &[T], theirs: &[T]) -> Option<Vec<T>> {
    let a = hunks(base, ours);
    let b = hunks(base, theirs);
    // Every hunk with its side, in base order; an insertion sorts before a
    // change starting at the same place.
    let mut all: Vec<(Hunk, bool)> = a.iter().map(|&h| (h, true)).collect();
    all.extend(b.iter().map(|&h| (h, false)));
    all.sort_by_key(|(h, _)| (h.start, h.end != h.start, h.end));
    let mut out = Vec::with_capacity(base.len().max(ours.len()).max(theirs.len()));
    let mut copied = 0;
    let mut i = 0;
    while i < all.len() {
        // A cluster: hunks that overlap one another, transitively.
        let (first, _) = all[i];
        let (mut start, mut end) = (first.start, first.end);
        let mut j = i + 1;
        while j < all.len() && overlaps(start, end, all[j].0) {
            end = end.max(all[j].0.end);
            start = start.min(all[j].0.start);
            j += 1;
        }
        let cluster = &all[i..j];
        out.extend_from_slice(&base[copied..start]);
        let from_ours: Vec<Hunk> = cluster.iter().filter(|c| c.1).map(|c| c.0).collect();
        let from_theirs: Vec<Hunk> = cluster.iter().filter(|c| !c.1).map(|c| c.0).collect();
        let mine = apply(base, ours, start, end, &from_ours);
        let other = apply(base, theirs, start, end, &from_theirs);
        match (from_ours.is_empty(), from_theirs.is_empty()) {
            (_, true) => out.extend(mine),
            (true, false) => out.extend(other),
            (false, false) if mine == other => out.extend(mine),
            (false, false) => return None,
        }
        copied = end;
        i = j;
    }
    out.extend_from_slice(&base[copied..]);
    Some(out)
}

/// Whether hunk `h` touches the base range `start..end` of a cluster: the
/// ranges share an element, or one is an insertion strictly inside the
/// other, or both insert at the same place.
fn overlaps(start: usize, end: usize, h: Hunk) -> bool {
    let empty = start == end;
    let h_empty = h.start == h.end;
    match (empty, h_empty) {
        (true, true) => start == h.start,
        (true, false) => h.start < start && start < h.end,
        (false, true) => start < h.start && h.start < end,
        (false, false) => h.start < end && start < h.end,
    }
}

/// The base range `start..end` with one side's hunks (all inside it)
/// applied.
fn apply<T: Clone>(base: &[T], side: &[T], start: usize, end: usize, hunks: &[Hunk]) -> Vec<T> {
    let mut out = Vec::new();
    let mut at = start;
    for h in hunks {
        out.extend_from_slice(&base[at..h.start]);
        out.extend_from_slice(&side[h.from..h.to]);
        at = h.end;
    }
    out.extend_from_slice(&base[at..end]);
    out
}

/// The changes that turn `base` into `side`, in order.
fn hunks<T: PartialEq>(base: &[T], side: &[T]) -> Vec<Hunk> {
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    for (x, y) in matches(base, side)
        .into_iter()
        .chain(std::iter::once((base.len(), side.len())))
    {
        if x > i || y > j {
            out.push(Hunk {
                start: i,
                end: x,
                from: j,
                to: y,
            });
        }
        (i, j) = (x + 1, y + 1);
    }
    out
}

/// The pairs `(i, j)` with `a[i] == b[j]` on a shortest edit script from
/// `a` to `b` (Myers' O(ND) algorithm), in order.
fn matches<T: PartialEq>(a: &[T], b: &[T]) -> Vec<(usize, usize)> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (ma, mb) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut pairs: Vec<(usize, usize)> = (0..prefix).map(|i| (i, i)).collect();
    pairs.extend(
        myers(ma, mb)
            .into_iter()
            .map(|(i, j)| (i + prefix, j + prefix)),
    );
    pairs.extend((0..suffix).map(|k| (a.len() - suffix + k, b.len() - suffix + k)));
    pairs
}

fn myers<T: PartialEq>(a: &[T], b: &[T]) -> Vec<(usize, usize)> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    let max = (n + m) as usize;
    if max == 0 {
        return Vec::new();
    }
    let offset = max as isize + 1;
    let idx = |k: isize| (k + offset) as usize;
    let mut v = vec![0isize; 2 * max + 3];
    let mut trace: Vec<Vec<isize>> = Vec::new();
    for d in 0..=(max.min(MAX_EDITS) as isize) {
        trace.push(v.clone());
        let mut k = -d;
        while k <= d {
            let mut x = if k == -d || (k != d && v[idx(k - 1)] < v[idx(k + 1)]) {
                v[idx(k + 1)]
            } else {
                v[idx(k - 1)] + 1
            };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            v[idx(k)] = x;
            if x >= n && y >= m {
                return backtrack(&trace, n, m, idx);
            }
            k += 2;
        }
    }
    Vec::new()
}

fn backtrack(
    trace: &[Vec<isize>],
    n: isize,
    m: isize,
    idx: impl Fn(isize) -> usize,
) -> Vec<(usize, usize)> {
    let (mut x, mut y) = (n, m);
    let mut pairs = Vec::new();
    for (d, v) in trace.iter().enumerate().rev() {
        let d = d as isize;
        let k = x - y;
        let prev_k = if k == -d || (k != d && v[idx(k - 1)] < v[idx(k + 1)]) {
            k + 1
        } else {
            k - 1
        };
        let prev_x = v[idx(prev_k)];
        let prev_y = prev_x - prev_k;
        while x > prev_x && y > prev_y {
            x -= 1;
            y -= 1;
            pairs.push((x as usize, y as usize));
        }
        if d > 0 {
            (x, y) = (prev_x, prev_y);
        }
    }
    pairs.reverse();
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn merged(base: &str, ours: &str, theirs: &str) -> Option<String> {
        merge(&chars(base), &chars(ours), &chars(theirs)).map(|v| v.into_iter().collect())
    }

    #[test]
    fn changes_next_to_each_other_both_apply() {
        assert_eq!(merged("abcd", "aXcd", "abYd").as_deref(), Some("aXYd"));
        assert_eq!(merged("abcd", "abcdE", "Zabcd").as_deref(), Some("ZabcdE"));
        assert_eq!(merged("abcd", "ad", "abcdz").as_deref(), Some("adz"));
    }

    #[test]
    fn the_same_change_on_both_sides_is_taken_once() {
        assert_eq!(merged("abc", "aXc", "aXc").as_deref(), Some("aXc"));
        assert_eq!(merged("abc", "abcZ", "abcZ").as_deref(), Some("abcZ"));
    }

    #[test]
    fn different_changes_of_one_place_conflict() {
        assert_eq!(merged("abc", "aXc", "aYc"), None);
        assert_eq!(merged("abc", "abcX", "abcY"), None);
        assert_eq!(merged("abcd", "ad", "abYd"), None);
    }

    #[test]
    fn the_diff_is_a_shortest_one() {
        let (a, b) = (chars("abcabba"), chars("cbabac"));
        // Myers' example: 5 edits, so 4 common elements.
        assert_eq!(matches(&a, &b).len(), 4);
        for (i, j) in matches(&a, &b) {
            assert_eq!(a[i], b[j]);
        }
    }
}
