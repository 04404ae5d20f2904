//! Finds every known message in pasted text: one pass of an Aho-Corasick automaton over each
//! cleaned line (ANSI escapes removed, quotes normalised), then the less specific of two
//! neighbouring matches dropped, then matches grouped into distinct causes.

use crate::rules::logs::matcher::{Cause, Family, Hit, Level, Matcher, WINDOW, clean_line};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;
use std::sync::LazyLock;

/// Where one occurrence of a message sits in the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    /// 1-based line number.
    pub line: usize,
    /// Byte offsets into the whole text.
    pub start: usize,
    pub end: usize,
}

/// How many occurrences of one cause are kept with their place; the rest are only counted.
pub const OCCURRENCES_KEPT: usize = 6;

/// One distinct cause and the lines that show it.
#[derive(Debug)]
pub struct Found {
    pub matcher: &'static Matcher,
    pub cause: Cause,
    /// The first [`OCCURRENCES_KEPT`] occurrences, in text order.
    pub occurrences: Vec<Occurrence>,
    /// How many lines show it in all (a repeated message is one cause with a count).
    pub count: usize,
}

#[derive(Debug, Default)]
pub struct Scan {
    pub found: Vec<Found>,
    pub lines: usize,
    /// Lines with at least one known message (before redundant matches are dropped).
    pub matched_lines: usize,
}

struct Automaton {
    ac: AhoCorasick,
    /// Pattern id → (matcher, needle).
    patterns: Vec<(&'static Matcher, &'static str)>,
}

static AUTOMATON: LazyLock<Automaton> = LazyLock::new(|| {
    let mut patterns = Vec::new();
    for m in crate::rules::logs::matchers() {
        for needle in m.needles {
            debug_assert_eq!(*needle, needle.to_ascii_lowercase(), "needles are lowercase");
            patterns.push((m, *needle));
        }
    }
    let ac = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .build(patterns.iter().map(|(_, n)| *n))
        .expect("the needles build an automaton");
    Automaton { ac, patterns }
});

/// A cleaned line that matched, shared by its hits: the text and the map back to raw offsets.
struct MatchedLine {
    start: usize,
    clean: String,
    map: Vec<usize>,
}

struct RawHit {
    line_no: usize,
    matcher: &'static Matcher,
    needle: &'static str,
    /// Offset of the needle in the cleaned line.
    at: usize,
    line: Rc<MatchedLine>,
}

/// Groups kept hits into causes. Causes are looked up by (matcher, key) in a map, so a paste
/// with a million distinct causes stays linear too.
#[derive(Default)]
struct Grouper {
    scan: Scan,
    index: HashMap<(usize, String), usize>,
    /// The last explained hit: a repeated line is explained once.
    last: Option<(usize, &'static str, usize, Rc<MatchedLine>, Cause)>,
}

impl Grouper {
    fn add(&mut self, h: &RawHit) {
        let matcher_id = h.matcher as *const Matcher as usize;
        let reuse = self.last.as_ref().filter(|(m, needle, at, line, _)| {
            *m == matcher_id && std::ptr::eq(*needle, h.needle) && *at == h.at && line.clean == h.line.clean
        });
        let cause = match reuse {
            Some((.., cause)) => cause.clone(),
            None => {
                let cause = (h.matcher.explain)(&Hit { line: &h.line.clean, at: h.at, needle: h.needle });
                self.last = Some((matcher_id, h.needle, h.at, h.line.clone(), cause.clone()));
                cause
            }
        };
        let clean = &h.line.clean;
        let start = cause.at.unwrap_or(h.at).min(h.at);
        let end = (h.at + h.needle.len()).min(clean.len());
        let occurrence = Occurrence { line: h.line_no, start: h.line.start + h.line.map[start], end: h.line.start + h.line.map[end] };
        match self.index.get(&(matcher_id, cause.key.clone())) {
            Some(&i) => {
                let f = &mut self.scan.found[i];
                f.count += 1;
                if f.occurrences.len() < OCCURRENCES_KEPT {
                    f.occurrences.push(occurrence);
                }
            }
            None => {
                self.index.insert((matcher_id, cause.key.clone()), self.scan.found.len());
                self.scan.found.push(Found { matcher: h.matcher, cause, occurrences: vec![occurrence], count: 1 });
            }
        }
    }
}

/// Whether `h` is dropped because a more specific match of its family sits close by.
fn is_redundant(h: &RawHit, neighbours: &VecDeque<RawHit>) -> bool {
    let window = if h.matcher.level == Level::Enclosing { 0 } else { WINDOW };
    h.matcher.family != Family::None
        && neighbours
            .iter()
            .any(|o| o.line_no.abs_diff(h.line_no) <= window && o.matcher.level > h.matcher.level && o.matcher.family == h.matcher.family)
}

/// Scans `text` (the whole paste) in one pass. Hits wait in a window of the last
/// 2 × [`WINDOW`] lines until every neighbour that could make them redundant has been seen,
/// so memory is bounded by the window, not by the number of matching lines.
pub fn scan(text: &str) -> Scan {
    let automaton = &*AUTOMATON;
    let mut grouper = Grouper::default();
    let mut window: VecDeque<RawHit> = VecDeque::new();
    // Index in `window` of the first hit not yet decided.
    let mut undecided = 0;
    let mut lines = 0;
    let mut matched_lines = 0;
    let mut offset = 0;
    for (i, raw) in text.split('\n').enumerate() {
        let line_no = i + 1;
        let start = offset;
        offset += raw.len() + 1;
        lines = line_no;
        // Cheap test first: most lines of a log match nothing. Cleaning can only create a
        // match where it changes something: an escape sequence, a typographic quote.
        if raw.is_ascii() && !raw.contains('\x1b') && automaton.ac.find(raw).is_none() {
            continue;
        }
        let (clean, map) = clean_line(raw);
        let lower = clean.to_ascii_lowercase();
        let line = Rc::new(MatchedLine { start, clean, map });
        let first_of_line = window.len();
        for m in automaton.ac.find_overlapping_iter(&line.clean) {
            let (matcher, needle) = automaton.patterns[m.pattern().as_usize()];
            if matcher.unless.iter().any(|u| lower.contains(u)) {
                continue;
            }
            if window.iter().skip(first_of_line).any(|h| std::ptr::eq(h.matcher, matcher)) {
                continue;
            }
            window.push_back(RawHit { line_no, matcher, needle, at: m.start(), line: line.clone() });
        }
        if window.len() == first_of_line {
            continue;
        }
        matched_lines += 1;
        // Decide the hits whose whole neighbourhood has been seen.
        while undecided < window.len() && window[undecided].line_no + WINDOW <= line_no {
            if !is_redundant(&window[undecided], &window) {
                grouper.add(&window[undecided]);
            }
            undecided += 1;
        }
        // Forget the hits no undecided hit can still need.
        while window.front().is_some_and(|h| h.line_no + 2 * WINDOW < line_no) && undecided > 0 {
            window.pop_front();
            undecided -= 1;
        }
    }
    while undecided < window.len() {
        if !is_redundant(&window[undecided], &window) {
            grouper.add(&window[undecided]);
        }
        undecided += 1;
    }
    let mut scan = grouper.scan;
    scan.lines = if text.ends_with('\n') { lines.saturating_sub(1) } else { lines };
    scan.matched_lines = matched_lines;
    scan
}

/// The most specific known message in `text` (a Convex `AuthError`, a response body), if any.
pub fn classify(text: &str) -> Option<Found> {
    scan(text).found.into_iter().max_by_key(|f| (f.matcher.level, std::cmp::Reverse(f.occurrences[0].start)))
}
