//! Finds every known message in pasted text: one pass of an Aho-Corasick automaton over each
//! cleaned line (ANSI escapes removed, quotes normalised), then the less specific of two
//! neighbouring matches dropped, then matches grouped into distinct causes.

use super::catalog::{Cause, Family, Hit, Level, Matcher, WINDOW, clean_line};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
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

/// One distinct cause and every line that shows it.
#[derive(Debug)]
pub struct Found {
    pub matcher: &'static Matcher,
    pub cause: Cause,
    pub occurrences: Vec<Occurrence>,
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
    for m in crate::rules::logs::MATCHERS {
        for needle in m.needles {
            debug_assert_eq!(*needle, needle.to_ascii_lowercase(), "needles are lowercase");
            patterns.push((*m, *needle));
        }
    }
    let ac = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .build(patterns.iter().map(|(_, n)| *n))
        .expect("the needles build an automaton");
    Automaton { ac, patterns }
});

struct RawHit {
    line_no: usize,
    matcher: &'static Matcher,
    needle: &'static str,
    /// Offset of the needle in the cleaned line.
    at: usize,
}

/// Scans `text` (the whole paste).
pub fn scan(text: &str) -> Scan {
    let automaton = &*AUTOMATON;
    let mut hits: Vec<RawHit> = Vec::new();
    // Cleaned lines with their maps, kept only for lines that matched.
    let mut lines: Vec<(usize, usize, String, Vec<usize>)> = Vec::new(); // (line_no, line start offset, clean, map)
    let mut scan = Scan::default();
    let mut offset = 0;
    for (i, raw) in text.split('\n').enumerate() {
        let line_no = i + 1;
        let start = offset;
        offset += raw.len() + 1;
        scan.lines = line_no;
        let (clean, map) = clean_line(raw);
        let lower = clean.to_ascii_lowercase();
        let mut matched = false;
        for m in automaton.ac.find_overlapping_iter(&clean) {
            let (matcher, needle) = automaton.patterns[m.pattern().as_usize()];
            if matcher.unless.iter().any(|u| lower.contains(u)) {
                continue;
            }
            if hits.iter().rev().take_while(|h| h.line_no == line_no).any(|h| std::ptr::eq(h.matcher, matcher)) {
                continue;
            }
            hits.push(RawHit { line_no, matcher, needle, at: m.start() });
            matched = true;
        }
        if matched {
            scan.matched_lines += 1;
            lines.push((line_no, start, clean, map));
        }
    }
    if text.ends_with('\n') {
        scan.lines = scan.lines.saturating_sub(1);
    }

    // Drop a match when a more specific one sits close by.
    let keep: Vec<bool> = hits
        .iter()
        .map(|h| {
            !hits.iter().any(|o| {
                let window = if h.matcher.level == Level::Enclosing { 0 } else { WINDOW };
                o.line_no.abs_diff(h.line_no) <= window
                    && o.matcher.level > h.matcher.level
                    && o.matcher.family == h.matcher.family
                    && h.matcher.family != Family::None
            })
        })
        .collect();

    for (h, keep) in hits.iter().zip(keep) {
        if !keep {
            continue;
        }
        let Some((_, line_start, clean, map)) = lines.iter().find(|(n, ..)| *n == h.line_no) else { continue };
        let hit = Hit { line: clean, at: h.at, needle: h.needle };
        let cause = (h.matcher.explain)(&hit);
        let start = cause.at.unwrap_or(h.at).min(h.at);
        let end = (h.at + h.needle.len()).min(clean.len());
        let occurrence = Occurrence { line: h.line_no, start: line_start + map[start], end: line_start + map[end] };
        match scan.found.iter_mut().find(|f| std::ptr::eq(f.matcher, h.matcher) && f.cause.key == cause.key) {
            Some(f) => f.occurrences.push(occurrence),
            None => scan.found.push(Found { matcher: h.matcher, cause, occurrences: vec![occurrence] }),
        }
    }
    scan
}

/// The most specific known message in `text` (a Convex `AuthError`, a response body), if any.
pub fn classify(text: &str) -> Option<Found> {
    scan(text).found.into_iter().max_by_key(|f| (f.matcher.level, std::cmp::Reverse(f.occurrences[0].start)))
}
