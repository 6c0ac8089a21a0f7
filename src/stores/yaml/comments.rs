//! Where each comment of a YAML document goes: the mapping or sequence it
//! belongs to, and the item it stands before, as sops' YAML reader
//! (go-yaml) attaches it (docs/format.md §5.2). The comment's path is its
//! additional data, so sops can decrypt a comment only where go-yaml
//! attaches it.
//!
//! A line comment (`key: v # c`) goes before its entry; a line comment
//! after a key whose value is a block collection, or after a flow
//! collection, opens that collection. Own-line comments are placed as
//! go-yaml's scanner places them before the next token: the next entry, or
//! after the last content the `sops` key that follows them in the
//! encrypted file. Where that model does not apply, an own-line comment
//! belongs with the next entry unless it is indented deeper than that
//! entry, in which case it closes the collection that precedes it.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::parse::{
    char_column, line_start, next_line, Comment, Doc, Kind, MapItem, Node, SeqItem,
};

/// Where a comment goes, in a collection (by node id): before the entry
/// starting at an offset, or at the collection's start or end.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Place {
    Before { container: usize, entry: usize },
    Start(usize),
    End(usize),
}

impl Place {
    fn container(self) -> usize {
        match self {
            Place::Before { container, .. } | Place::Start(container) | Place::End(container) => {
                container
            }
        }
    }
}

/// The end of a token, and where a line comment after it goes.
#[derive(Clone, Copy)]
struct TokenEnd {
    at: usize,
    place: Place,
}

/// The end of some content, and the collection (by id) holding it.
#[derive(Clone, Copy)]
struct Holder {
    end: usize,
    collection: usize,
}

/// Where an entry starts: its offset, its column (in characters), and
/// the place of a comment before it.
#[derive(Clone, Copy)]
struct EntryStart {
    at: usize,
    col: usize,
    place: Place,
}

/// What is known of a collection to close it.
#[derive(Clone, Copy)]
struct Collection {
    /// The enclosing collection's id (its own for the root).
    parent: usize,
    /// The column of the collection's entries; `None` without entries.
    col: Option<usize>,
}

/// A flow collection: its text and its id.
struct Flow {
    span: Range<usize>,
    id: usize,
}

/// Offsets collected from the syntax tree to place comments.
#[derive(Default)]
struct Landmarks {
    /// Ends of keys and values, for line comments after them.
    ends: Vec<TokenEnd>,
    holders: Vec<Holder>,
    /// Every entry.
    starts: Vec<EntryStart>,
    /// Collection id → its enclosing collection and column.
    collections: HashMap<usize, Collection>,
    /// Ids of block sequences.
    seqs: HashSet<usize>,
    /// Where the skipped `sops` entry starts.
    sops_at: Option<usize>,
    /// The root mapping whose `sops` entry (the metadata block an encrypted
    /// file ends with) is no landmark, so that comments before it are
    /// placed as they were at the end of the plain file.
    skip_sops_in: Option<usize>,
    flows: Vec<Flow>,
    /// The flow collections not inside another, in order: whether an
    /// offset is inside a flow collection is a binary search.
    outer_flows: Vec<Range<usize>>,
}

/// The offset where a sequence or mapping entry starts.
pub fn entry_start(node: &Node, dash: Option<usize>) -> usize {
    dash.unwrap_or(node.props_start)
}

/// Where a mapping entry starts on its line: at its key, or at the `?`
/// written before the key (`? k`, an explicit key).
pub fn key_start(text: &str, key: &Node) -> usize {
    let line = line_start(text, key.props_start);
    let before = &text[line..key.props_start];
    // By bytes: a search by character costs about 100 instructions a call
    // on top, and this runs for every key, several times.
    match before.bytes().position(|b| b == b'?') {
        Some(q) if before.trim() == "?" => line + q,
        _ => key.props_start,
    }
}

fn key_column(text: &str, key: &Node) -> usize {
    char_column(text, key_start(text, key))
}

fn is_block_collection(node: &Node) -> bool {
    matches!(
        node.kind,
        Kind::Seq { flow: false, .. } | Kind::Map { flow: false, .. }
    )
}

fn is_flow_collection(node: &Node) -> bool {
    matches!(
        node.kind,
        Kind::Seq { flow: true, .. } | Kind::Map { flow: true, .. }
    )
}

impl Landmarks {
    fn collect(&mut self, text: &str, node: &Node) {
        self.collect_in(text, node, node.id);
    }

    fn collect_in(&mut self, text: &str, node: &Node, parent: usize) {
        let col = match &node.kind {
            Kind::Map { items, .. } => items.iter().find_map(|i| match i {
                MapItem::Entry(k, _) => Some(key_column(text, k)),
                MapItem::Comment(_) => None,
            }),
            Kind::Seq { items, .. } => items.iter().find_map(|i| match i {
                SeqItem::Node(n, d) => Some(char_column(text, entry_start(n, *d))),
                SeqItem::Comment(_) => None,
            }),
            _ => None,
        };
        self.collections.insert(node.id, Collection { parent, col });
        if matches!(node.kind, Kind::Seq { flow: false, .. }) {
            self.seqs.insert(node.id);
        }
        match &node.kind {
            Kind::Map { items, .. } => {
                for item in items {
                    let MapItem::Entry(k, v) = item else { continue };
                    if self.skip_sops_in == Some(node.id) && k.is_sops_key() {
                        self.sops_at = Some(entry_start(k, None));
                        continue;
                    }
                    let at = entry_start(k, None);
                    let before = Place::Before {
                        container: node.id,
                        entry: at,
                    };
                    self.starts.push(EntryStart {
                        at,
                        col: key_column(text, k),
                        place: before,
                    });
                    // A comment after a key goes before the key, where
                    // go-yaml attaches it (so sops encrypts it with the
                    // mapping's path), also when the value is a block
                    // collection on the next lines; unless the value's
                    // anchor or tag stands between: then it is the value's.
                    let after_key =
                        if is_block_collection(v) && v.start > k.end && v.props_start < v.start {
                            Place::Start(v.id)
                        } else {
                            before
                        };
                    self.ends.push(TokenEnd {
                        at: k.end,
                        place: after_key,
                    });
                    self.holders.push(Holder {
                        end: k.end,
                        collection: node.id,
                    });
                    self.value(text, v, before, node.id);
                }
            }
            Kind::Seq { items, .. } => {
                for item in items {
                    let SeqItem::Node(n, dash) = item else {
                        continue;
                    };
                    let at = entry_start(n, *dash);
                    let before = Place::Before {
                        container: node.id,
                        entry: at,
                    };
                    self.starts.push(EntryStart {
                        at,
                        col: char_column(text, at),
                        place: before,
                    });
                    self.value(text, n, before, node.id);
                }
            }
            Kind::Scalar { .. } | Kind::Alias(_) => {}
        }
    }

    fn value(&mut self, text: &str, v: &Node, before: Place, holder: usize) {
        if is_block_collection(v) {
            self.collect_in(text, v, holder);
            return;
        }
        if is_flow_collection(v) {
            self.collect_in(text, v, holder);
            self.ends.push(TokenEnd {
                at: v.end,
                place: Place::Start(v.id),
            });
            self.flows.push(Flow {
                span: v.start..v.end,
                id: v.id,
            });
        } else {
            let end = match &v.kind {
                Kind::Scalar { block: Some(b), .. } => b.header.end,
                _ => v.end,
            };
            self.ends.push(TokenEnd {
                at: end,
                place: before,
            });
        }
        self.holders.push(Holder {
            end: v.end,
            collection: holder,
        });
    }

    fn sort(&mut self) {
        self.ends.sort_by_key(|e| e.at);
        self.holders.sort_by_key(|h| h.end);
        self.starts.sort_by_key(|s| s.at);
        self.flows.sort_by_key(|f| f.span.start);
        for f in &self.flows {
            if self
                .outer_flows
                .last()
                .is_none_or(|o| f.span.start >= o.end)
            {
                self.outer_flows.push(f.span.clone());
            }
        }
    }

    /// Whether `at` is inside a flow collection.
    fn in_flow(&self, at: usize) -> bool {
        let i = self.outer_flows.partition_point(|f| f.start < at);
        i > 0 && at < self.outer_flows[i - 1].end
    }

    /// The entry after `at`, if any.
    fn next_start(&self, at: usize) -> Option<&EntryStart> {
        self.starts.get(self.starts.partition_point(|s| s.at <= at))
    }

    /// The last content ending at or before `at`, if any.
    fn prev_holder(&self, at: usize) -> Option<&Holder> {
        let i = self.holders.partition_point(|h| h.end <= at);
        i.checked_sub(1).and_then(|i| self.holders.get(i))
    }

    fn place(&self, text: &str, c: &Comment, root: usize) -> Place {
        let at = c.span.start;
        if c.right {
            let i = self.ends.partition_point(|e| e.at <= at);
            if let Some(end) = i.checked_sub(1).and_then(|i| self.ends.get(i)) {
                if !text[end.at..at].contains('\n') {
                    return end.place;
                }
            }
        }
        let next = self.next_start(at);
        // After a dash whose item starts on the next line (`-  # c` then
        // `  k: v`): a head comment of that item.
        let before = &text[line_start(text, at)..at];
        if c.right && before.trim() == "-" {
            if let Some(next) = next {
                return next.place;
            }
        }
        // Inside a flow collection after its last entry (or in an empty
        // one, as sops writes `{}` with a comment): that collection's.
        let flow = match self.in_flow(at) {
            true => self
                .flows
                .iter()
                .filter(|f| f.span.start < at && at < f.span.end)
                .min_by_key(|f| f.span.len()),
            false => None,
        };
        if let Some(flow) = flow {
            if next.is_none_or(|n| n.at > flow.span.end) {
                return Place::End(flow.id);
            }
        }
        match (next, self.prev_holder(at)) {
            (Some(next), _) if c.col <= next.col => next.place,
            // Also between a key and the first entry of its block value,
            // however deep: go-yaml makes it a head comment of that entry.
            (Some(next), Some(prev))
                if next.place.container() == prev.collection
                    || self
                        .collections
                        .get(&next.place.container())
                        .is_some_and(|n| n.parent == prev.collection) =>
            {
                next.place
            }
            (Some(_), Some(prev)) => Place::End(prev.collection),
            // After the last entry of the document: the innermost
            // collection not indented deeper than the comment.
            (None, Some(prev)) => {
                let mut id = prev.collection;
                while let Some(open) = self.collections.get(&id) {
                    if open.col.is_some_and(|col| col <= c.col) || open.parent == id {
                        break;
                    }
                    id = open.parent;
                }
                Place::End(id)
            }
            (Some(next), None) => next.place,
            (None, None) => Place::Start(root),
        }
    }
}

/// A line after the last content of a document.
enum TailLine {
    Blank(usize),
    /// The index of the comment on it.
    Comment(usize),
}

/// Comment lines go-yaml's scanner keeps together, and what it attaches
/// them to.
struct Segment {
    comments: Vec<usize>,
    /// Column and offset of the first.
    col: usize,
    start: usize,
    /// `None`: a head comment of the token that follows. `Some(at)`: a
    /// foot comment of what ends at or after `at`.
    foot: Option<usize>,
}

impl Landmarks {
    /// The places of the comments after the last content of a document.
    ///
    /// In an encrypted file a key at the root's column follows them (the
    /// `sops` entry), so they are placed as go-yaml places comments before
    /// such a key, and the same in the plain file, so that sops decrypts
    /// each with the path rsops encrypted it with. go-yaml's scanner cuts
    /// the lines into runs: a run that is followed by a blank line, or by
    /// a comment at a lower column than the innermost open collection, is
    /// a foot comment of what precedes it; the last run is a head comment
    /// of the next key. Each collection deeper than the root closes at the
    /// first run written at its column (else right after the content), and
    /// a foot comment belongs to the innermost collection that closes
    /// after it: a run not dedented below the innermost collection is
    /// anchored at the content, a dedented one at its own line. `None`
    /// when the lines after the content are not just comments and blank
    /// lines.
    fn tail_places(
        &self,
        text: &str,
        comments: &[Comment],
        end: usize,
        root: usize,
    ) -> Option<Vec<(usize, Place)>> {
        let &prev = self.holders.last()?;
        let end = self.sops_at.map_or(end, |at| line_start(text, at)).min(end);
        self.gap_places(text, comments, prev, end, None, root)
    }

    /// The places of the own-line comments (by index) between the content
    /// that ends at `prev` and the line at `end`, where the next entry
    /// starts or, for `None`, the `sops` key at the root's column.
    fn gap_places(
        &self,
        text: &str,
        comments: &[Comment],
        prev: Holder,
        end: usize,
        next: Option<EntryStart>,
        root: usize,
    ) -> Option<Vec<(usize, Place)>> {
        let content = text[..prev.end].trim_end_matches([' ', '\t', '\r', '\n']);
        // A key without a value (`k:`) ends with its `:` token.
        let value_token = text[content.len()..]
            .trim_start_matches(' ')
            .starts_with(':');
        let lines = gap_lines(text, comments, next_line(text, content.len()), end)?;
        let levels = self.open_levels(prev.collection)?;
        let root_col = self.collections.get(&root).and_then(|r| r.col);
        let indent = levels
            .iter()
            .find(|l| !l.indentless)
            .and_then(|l| l.col)
            .unwrap_or(0);
        let next_col = next.map_or(root_col.unwrap_or(0), |n| n.col);
        let segments = scan_tail(&lines, comments, indent, next_col, value_token);
        // (A block scalar's span ends after its line break, on the line
        // the comments start: the content ends before.)
        let closes = closing_points(&levels, &segments, content.len(), next_col);
        let after = next.map_or(Place::End(root), |n| n.place);
        Some(attach(segments, &closes, levels[0], after))
    }

    /// The block collections open at the content that `holder` holds,
    /// innermost first.
    fn open_levels(&self, holder: usize) -> Option<Vec<Level>> {
        let mut levels = Vec::new();
        let mut id = holder;
        loop {
            let &Collection { parent, col } = self.collections.get(&id)?;
            // A list written at its key's column (`k:` then `- x`).
            let indentless = parent != id
                && self.seqs.contains(&id)
                && !self.seqs.contains(&parent)
                && self.collections.get(&parent).map(|p| p.col) == Some(col);
            levels.push(Level {
                id,
                col,
                indentless,
            });
            if parent == id {
                return Some(levels);
            }
            id = parent;
        }
    }
}

/// An open block collection, for the comments after its content.
#[derive(Clone, Copy)]
struct Level {
    id: usize,
    /// The column of its entries.
    col: Option<usize>,
    /// A list at its key's column: go-yaml has no indentation for it.
    indentless: bool,
}

/// Where a collection (by id) closes among the comments after its content.
struct Close {
    id: usize,
    at: usize,
}

/// The comment and blank lines from `from` to `end`; `None` when a line
/// is something else.
fn gap_lines(text: &str, comments: &[Comment], from: usize, end: usize) -> Option<Vec<TailLine>> {
    let mut lines = Vec::new();
    let mut at = from;
    while at < end {
        let line_end = next_line(text, at);
        let body = text[at..line_end].trim_start_matches(' ');
        if body.trim_end().is_empty() {
            lines.push(TailLine::Blank(at));
        } else {
            let hash = line_end - body.len();
            // Comments are in document order.
            let i = comments
                .binary_search_by_key(&hash, |c| c.span.start)
                .ok()?;
            lines.push(TailLine::Comment(i));
            // go-yaml's comment scanner takes the CR and the LF of a
            // CRLF line end as two line breaks, so after each comment
            // line of a CRLF file it sees an empty line.
            if text[..line_end].ends_with("\r\n") {
                lines.push(TailLine::Blank(comments[i].span.end));
            }
        }
        at = line_end;
    }
    Some(lines)
}

/// Where each collection deeper than the next entry closes, innermost
/// first: at the first run of comments written at its column, else right
/// after the content (`content_end`); a collection closes no earlier than
/// one inside it.
fn closing_points(
    levels: &[Level],
    segments: &[Segment],
    content_end: usize,
    next_col: usize,
) -> Vec<Close> {
    let mut closes = Vec::new();
    let mut close = content_end;
    for level in levels.iter().filter(|l| !l.indentless) {
        let Some(col) = level.col.filter(|&col| col > next_col) else {
            break;
        };
        if let Some(s) = segments.iter().find(|s| s.col == col) {
            close = close.max(s.start);
        }
        closes.push(Close {
            id: level.id,
            at: close,
        });
    }
    closes
}

/// The place of each comment of `segments`: a head comment goes `after`;
/// a foot comment to the innermost collection that closes after it.
fn attach(
    segments: Vec<Segment>,
    closes: &[Close],
    innermost: Level,
    after: Place,
) -> Vec<(usize, Place)> {
    let mut places = Vec::new();
    for s in segments {
        let place = match s.foot {
            None => after,
            // What the first token after the content closes gets the
            // comments of an indentless list that was open.
            Some(at) => match closes.iter().position(|c| c.at >= at) {
                Some(0) | None
                    if innermost.indentless && closes.first().is_none_or(|c| c.at >= at) =>
                {
                    Place::End(innermost.id)
                }
                Some(i) => Place::End(closes[i].id),
                None => after,
            },
        };
        places.extend(s.comments.into_iter().map(|i| (i, place)));
    }
    places
}

/// go-yaml's scanner over the comment and blank lines after a document's
/// content, up to a key at column `next_col`: the runs of comment lines
/// and whether each is a foot or a head comment (`indent` is the column of
/// the innermost open block collection).
fn scan_tail(
    lines: &[TailLine],
    comments: &[Comment],
    indent: usize,
    next_col: usize,
    value_token: bool,
) -> Vec<Segment> {
    let mut segments = Vec::new();
    let mut run: Option<Segment> = None;
    let mut first_line = false;
    // Foot comments are anchored at the content until one has been cut.
    let mut anchor = 0;
    let mut first_empty = matches!(lines.first(), Some(TailLine::Comment(_)));
    let mut recent_empty = false;
    let cut = |run: &mut Option<Segment>, foot: usize, segments: &mut Vec<Segment>| {
        if let Some(mut s) = run.take() {
            s.foot = Some(foot);
            segments.push(s);
        }
    };
    for (n, line) in lines.iter().enumerate() {
        match *line {
            TailLine::Blank(at) => {
                if !recent_empty && first_empty {
                    if let Some(s) = &run {
                        if first_line && !value_token || s.col < indent {
                            let foot = if s.col < indent { s.start } else { anchor };
                            cut(&mut run, foot, &mut segments);
                            anchor = at;
                        }
                    }
                }
                first_empty = false;
                recent_empty = true;
            }
            TailLine::Comment(i) => {
                let c = &comments[i];
                if run
                    .as_ref()
                    .is_some_and(|s| c.col < indent && c.col != s.col)
                {
                    cut(&mut run, anchor, &mut segments);
                    anchor = c.span.start;
                }
                match &mut run {
                    Some(s) => s.comments.push(i),
                    None => {
                        first_line = n == 0;
                        run = Some(Segment {
                            comments: vec![i],
                            col: c.col,
                            start: c.span.start,
                            foot: None,
                        });
                    }
                }
                recent_empty = false;
            }
        }
    }
    if run
        .as_ref()
        .is_some_and(|s| next_col < indent && next_col != s.col)
    {
        cut(&mut run, anchor, &mut segments);
    }
    segments.extend(run);
    segments
}

/// Attaches every comment of the document to its mapping or sequence.
/// Returns the comments of a document without content.
pub fn place_comments(text: &str, doc: &mut Doc, encrypted: bool) -> Vec<usize> {
    if doc.comments.is_empty() {
        // Nothing to place: the landmarks would be collected for nothing.
        return Vec::new();
    }
    let Some(root) = doc.root.as_mut() else {
        return (0..doc.comments.len()).collect();
    };
    if !matches!(root.kind, Kind::Map { .. } | Kind::Seq { .. }) {
        return (0..doc.comments.len()).collect();
    }
    let mut marks = Landmarks {
        skip_sops_in: encrypted.then_some(root.id),
        ..Landmarks::default()
    };
    marks.collect(text, root);
    marks.sort();
    let mut by_container: HashMap<usize, Vec<(Place, usize)>> = HashMap::new();
    let mut placed: HashMap<usize, Place> = marks
        .tail_places(text, &doc.comments, doc.end, root.id)
        .unwrap_or_default()
        .into_iter()
        .collect();
    // Own-line comments between two entries, by the gap they are in: the
    // last content before them and the entry after them.
    let mut gaps = HashSet::new();
    for c in doc.comments.iter().filter(|c| !c.right) {
        let at = c.span.start;
        let next = marks.starts.partition_point(|s| s.at <= at);
        let prev = marks.holders.partition_point(|h| h.end <= at);
        if next < marks.starts.len() && prev > 0 && !marks.in_flow(at) {
            gaps.insert((prev - 1, next));
        }
    }
    for (prev, next) in gaps {
        let next = marks.starts[next];
        let found = marks.gap_places(
            text,
            &doc.comments,
            marks.holders[prev],
            line_start(text, next.at),
            Some(next),
            root.id,
        );
        placed.extend(found.unwrap_or_default());
    }
    for (i, c) in doc.comments.iter().enumerate() {
        let place = match placed.get(&i) {
            Some(&place) => place,
            // After the document's end marker (`...`): the top level's.
            None if c.span.start >= doc.end => Place::End(root.id),
            None => marks.place(text, c, root.id),
        };
        by_container
            .entry(place.container())
            .or_default()
            .push((place, i));
    }
    insert_comments(root, &mut by_container);
    Vec::new()
}

fn insert_comments(node: &mut Node, places: &mut HashMap<usize, Vec<(Place, usize)>>) {
    if places.is_empty() {
        return;
    }
    let mine = places.remove(&node.id).unwrap_or_default();
    if mine.is_empty() {
        for child in node.children_mut() {
            insert_comments(child, places);
        }
        return;
    }
    match &mut node.kind {
        Kind::Map { items, .. } => {
            let old = std::mem::take(items);
            let starts: Vec<Option<usize>> = old
                .iter()
                .map(|i| match i {
                    MapItem::Entry(k, _) => Some(entry_start(k, None)),
                    MapItem::Comment(_) => None,
                })
                .collect();
            let order = merge_order(&mine, &starts);
            let mut old: Vec<Option<MapItem>> = old.into_iter().map(Some).collect();
            for slot in order {
                match slot {
                    Slot::Comment(ci) => items.push(MapItem::Comment(ci)),
                    Slot::Item(i) => {
                        if let Some(mut item) = old[i].take() {
                            if let MapItem::Entry(k, v) = &mut item {
                                insert_comments(k, places);
                                insert_comments(v, places);
                            }
                            items.push(item);
                        }
                    }
                }
            }
        }
        Kind::Seq { items, .. } => {
            let old = std::mem::take(items);
            let starts: Vec<Option<usize>> = old
                .iter()
                .map(|i| match i {
                    SeqItem::Node(n, dash) => Some(entry_start(n, *dash)),
                    SeqItem::Comment(_) => None,
                })
                .collect();
            let order = merge_order(&mine, &starts);
            let mut old: Vec<Option<SeqItem>> = old.into_iter().map(Some).collect();
            for slot in order {
                match slot {
                    Slot::Comment(ci) => items.push(SeqItem::Comment(ci)),
                    Slot::Item(i) => {
                        if let Some(mut item) = old[i].take() {
                            if let SeqItem::Node(n, _) = &mut item {
                                insert_comments(n, places);
                            }
                            items.push(item);
                        }
                    }
                }
            }
        }
        Kind::Scalar { .. } | Kind::Alias(_) => {}
    }
}

enum Slot {
    Comment(usize),
    Item(usize),
}

/// The order of a collection's items once its comments are placed.
fn merge_order(comments: &[(Place, usize)], starts: &[Option<usize>]) -> Vec<Slot> {
    let mut out = Vec::with_capacity(comments.len() + starts.len());
    let known: HashSet<usize> = starts.iter().flatten().copied().collect();
    for (p, ci) in comments {
        if matches!(p, Place::Start(_)) {
            out.push(Slot::Comment(*ci));
        }
    }
    for (i, start) in starts.iter().enumerate() {
        if let Some(s) = start {
            for (p, ci) in comments {
                if matches!(p, Place::Before { entry, .. } if entry == s) {
                    out.push(Slot::Comment(*ci));
                }
            }
        }
        out.push(Slot::Item(i));
    }
    for (p, ci) in comments {
        let orphan = matches!(p, Place::Before { entry, .. } if !known.contains(entry));
        if matches!(p, Place::End(_)) || orphan {
            out.push(Slot::Comment(*ci));
        }
    }
    out
}
