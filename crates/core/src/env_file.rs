//! A `.env` lexer that keeps byte spans, so diagnostics can point at the exact
//! key or value in the user's file.
//!
//! The grammar follows what dotenv / Vite / Next.js users actually write:
//!
//! * `KEY=value`, `export KEY=value`, spaces around `=`; keys match
//!   `[A-Za-z_][A-Za-z0-9_.-]*`.
//! * Unquoted values are trimmed; an inline comment starts at whitespace
//!   followed by `#` (`a#b` keeps its `#`).
//! * `'single'` and `` `backtick` `` values are literal; `"double"` values
//!   process `\n`, `\r`, `\t`, `\"` and `\\` (other backslashes are kept).
//!   Quoted values may span several lines; a CRLF inside them becomes LF.
//! * `#` comment lines, blank lines, CRLF line endings, a leading UTF-8 BOM
//!   and a last line without newline.
//! * No `${VAR}` expansion: values are kept literally.
//!
//! The lexer never panics and runs in linear time: every byte is looked at a
//! bounded number of times, even in files full of unterminated quotes (see
//! `Lexer::find_close`).

use std::collections::HashMap;
use std::ops::Range;

/// The result of lexing one `.env`-style text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnvFile {
    /// Every assignment, in source order (duplicates included).
    pub entries: Vec<EnvEntry>,
    /// Everything that was not understood, in source order. Never fatal.
    pub problems: Vec<EnvProblem>,
    /// The text starts with a UTF-8 byte order mark (U+FEFF). Spans still
    /// index the original text, so the first key starts at byte 3.
    pub has_bom: bool,
}

/// One `KEY=value` assignment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvEntry {
    pub key: String,
    /// Byte range of the key in the source; `&src[key_span] == key` always.
    pub key_span: Range<usize>,
    /// The value after unquoting (see [`unescape_value`]).
    pub value: String,
    /// Byte range of the value's content: inside the quotes when quoted; for
    /// unquoted values the value without surrounding whitespace and without
    /// an inline comment. `value == unescape_value(&src[value_span], quote)`.
    pub value_span: Range<usize>,
    /// Byte range of the value as written, quotes included. For an empty
    /// unquoted value (`KEY=`) it is the empty range right after the `=`.
    pub raw_value_span: Range<usize>,
    pub quote: Quote,
    /// The line began with `export `.
    pub exported: bool,
    /// 1-based line number of the key.
    pub line: usize,
}

/// How a value was quoted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Quote {
    None,
    Single,
    Double,
    Backtick,
}

/// Something in the text that is not a valid assignment, comment or blank line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvProblem {
    pub span: Range<usize>,
    /// 1-based line number where `span` starts.
    pub line: usize,
    pub kind: EnvProblemKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnvProblemKind {
    /// Not `KEY=VALUE`, not a comment, not blank (e.g. `hello world`, `=x`,
    /// `1KEY=x`, or stderr lines like `Warning (X): ...`). `span` is the line
    /// without surrounding whitespace.
    InvalidLine,
    /// An opening quote that is never properly closed. No entry is produced;
    /// lexing resumes on the line after the opening quote. `span` runs from
    /// the opening quote to the end of its line.
    UnterminatedQuote,
    /// `span` is the later key; `first` is the span of the key's first
    /// definition. Both entries stay in [`EnvFile::entries`].
    DuplicateKey { first: Range<usize> },
}

impl EnvFile {
    /// The entry for `key`; when a key is defined more than once the last
    /// definition wins (dotenv semantics).
    pub fn get(&self, key: &str) -> Option<&EnvEntry> {
        self.entries.iter().rev().find(|e| e.key == key)
    }
}

impl EnvProblemKind {
    /// A plain-English one-liner describing the problem.
    pub fn message(&self) -> String {
        match self {
            EnvProblemKind::InvalidLine => {
                "this line is not a `KEY=value` assignment, a comment or a blank line, so it is ignored".to_string()
            }
            EnvProblemKind::UnterminatedQuote => "this quote is never closed, so the value is not read".to_string(),
            EnvProblemKind::DuplicateKey { .. } => "this variable is defined more than once; the last definition wins".to_string(),
        }
    }
}

/// Lexes a `.env`-style text.
pub fn lex(src: &str) -> EnvFile {
    Lexer::new(src).run()
}

/// Decodes `bytes` as UTF-8, replacing invalid sequences with U+FFFD (so
/// non-UTF-8 input never fails), and lexes the result. Returns the decoded
/// text, which is what the spans refer to.
pub fn lex_bytes(bytes: &[u8]) -> (String, EnvFile) {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let file = lex(&text);
    (text, file)
}

/// Output of `npx convex env list --include-values` (NAME=value lines; the CLI
/// quotes values that contain newlines, '#', backticks, or start+end with
/// quotes, and may print `Warning (NAME): ...` lines on stderr that users
/// paste along).
///
/// Uses the same lexer as [`lex`]. Pasted CLI chatter (`Warning (NAME): ...`,
/// `No environment variables set ...`, `Listed names only because ...`) and
/// the bare names of a names-only listing become [`EnvProblemKind::InvalidLine`]
/// problems; [`convex_env_list_message`] gives the Convex-specific wording
/// for them.
pub fn lex_convex_env_list(src: &str) -> EnvFile {
    // The CLI prints `NAME=value` with dotenv-compatible quoting, so the
    // `.env` grammar covers it; every other line is already an InvalidLine.
    lex(src)
}

/// The message for a problem found by [`lex_convex_env_list`] in `src`.
///
/// `EnvProblemKind::InvalidLine` carries no data, so its generic
/// [`EnvProblemKind::message`] cannot know that a bare `NAME` line comes from
/// a names-only listing; this looks at the offending text and says so (and
/// suggests `--include-values`). Other problems get `kind.message()`.
pub fn convex_env_list_message(src: &str, problem: &EnvProblem) -> String {
    if problem.kind != EnvProblemKind::InvalidLine {
        return problem.kind.message();
    }
    let text = src.get(problem.span.clone()).unwrap_or("").trim();
    if is_valid_key(text) {
        format!("`{text}` is listed without its value; re-run `npx convex env list --include-values` to see the values")
    } else if text.starts_with("Listed names only") {
        "the Convex CLI listed names only; re-run `npx convex env list --include-values` to see the values".to_string()
    } else if text.starts_with("Warning (") {
        "this is a warning printed by the Convex CLI, not a variable; it is ignored".to_string()
    } else if text.starts_with("No environment variables set") {
        "the Convex CLI reports that this deployment has no environment variables".to_string()
    } else {
        "this line is not a `NAME=value` line of `npx convex env list --include-values`, so it is ignored".to_string()
    }
}

/// Whether `s` is a key this lexer accepts: `[A-Za-z_][A-Za-z0-9_.-]*`.
pub fn is_valid_key(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty() && is_key_start(b[0]) && b[1..].iter().all(|&c| is_key_char(c))
}

/// Turns a value's content (`&src[value_span]`) into the value, exactly as the
/// lexer does:
///
/// * `Quote::None`: unchanged.
/// * `Quote::Single` / `Quote::Backtick`: literal, except that a CRLF line
///   break inside a multi-line value becomes LF.
/// * `Quote::Double`: CRLF becomes LF, and `\n`, `\r`, `\t`, `\"`, `\\` are
///   processed; any other backslash is kept as is.
pub fn unescape_value(content: &str, quote: Quote) -> String {
    match quote {
        Quote::None => content.to_string(),
        Quote::Single | Quote::Backtick => content.replace("\r\n", "\n"),
        Quote::Double => {
            let mut out = String::with_capacity(content.len());
            let mut chars = content.chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => {
                        let mapped = match chars.peek() {
                            Some('n') => Some('\n'),
                            Some('r') => Some('\r'),
                            Some('t') => Some('\t'),
                            Some('"') => Some('"'),
                            Some('\\') => Some('\\'),
                            _ => None,
                        };
                        match mapped {
                            Some(m) => {
                                out.push(m);
                                chars.next();
                            }
                            // Unknown escape: keep the backslash; the next
                            // char is handled on its own.
                            None => out.push('\\'),
                        }
                    }
                    '\r' if chars.peek() == Some(&'\n') => {
                        out.push('\n');
                        chars.next();
                    }
                    _ => out.push(c),
                }
            }
            out
        }
    }
}

// ---------------------------------------------------------------------------
// The lexer
// ---------------------------------------------------------------------------

/// Whitespace inside a line: space, tab, CR, vertical tab, form feed. Never
/// `\n`, which always ends a line.
fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | 0x0b | 0x0c)
}

fn is_key_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_key_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-')
}

fn quote_of(b: u8) -> Option<Quote> {
    match b {
        b'"' => Some(Quote::Double),
        b'\'' => Some(Quote::Single),
        b'`' => Some(Quote::Backtick),
        _ => None,
    }
}

struct Lexer<'a> {
    src: &'a str,
    bytes: &'a [u8],
    entries: Vec<EnvEntry>,
    problems: Vec<EnvProblem>,
    /// First definition of every key seen so far, for DuplicateKey.
    first_def: HashMap<&'a str, Range<usize>>,
    /// For each quote kind (Double, Single, Backtick): a position from which a
    /// search for the closing quote already failed. Any later search starting
    /// at or after it fails too, so we skip it. This keeps the lexer linear
    /// even on files full of unterminated quotes.
    no_close_from: [Option<usize>; 3],
}

/// Where one line's content ends.
struct LineBounds {
    /// End of the content: before `\r\n` / `\n`, or the end of the text.
    content_end: usize,
    /// Start of the next line (the end of the text for the last line).
    next: usize,
}

impl<'a> Lexer<'a> {
    fn new(src: &'a str) -> Self {
        Lexer { src, bytes: src.as_bytes(), entries: Vec::new(), problems: Vec::new(), first_def: HashMap::new(), no_close_from: [None; 3] }
    }

    fn run(mut self) -> EnvFile {
        let has_bom = self.src.starts_with('\u{FEFF}');
        let mut pos = if has_bom { '\u{FEFF}'.len_utf8() } else { 0 };
        let mut line = 1;
        while pos < self.bytes.len() {
            let (next, lines) = self.lex_line(pos, line);
            // Every step consumes at least one byte, so this terminates.
            debug_assert!(next > pos);
            pos = next;
            line += lines;
        }
        EnvFile { entries: self.entries, problems: self.problems, has_bom }
    }

    fn line_bounds(&self, start: usize) -> LineBounds {
        match self.bytes[start..].iter().position(|&b| b == b'\n') {
            Some(i) => {
                let nl = start + i;
                let content_end = if nl > start && self.bytes[nl - 1] == b'\r' { nl - 1 } else { nl };
                LineBounds { content_end, next: nl + 1 }
            }
            None => LineBounds { content_end: self.bytes.len(), next: self.bytes.len() },
        }
    }

    fn skip_ws(&self, mut i: usize, end: usize) -> usize {
        while i < end && is_ws(self.bytes[i]) {
            i += 1;
        }
        i
    }

    fn trim_end(&self, start: usize, mut end: usize) -> usize {
        while end > start && is_ws(self.bytes[end - 1]) {
            end -= 1;
        }
        end
    }

    /// End of an unquoted value that starts at `start`: the first `#` preceded
    /// by whitespace (an inline comment), or `end`.
    fn comment_start(&self, start: usize, end: usize) -> usize {
        (start + 1..end).find(|&k| self.bytes[k] == b'#' && is_ws(self.bytes[k - 1])).unwrap_or(end)
    }

    /// Lexes the line starting at `pos` (line number `line`). Returns where the
    /// next line starts and how many line numbers were consumed (more than one
    /// for a multi-line quoted value).
    fn lex_line(&mut self, pos: usize, line: usize) -> (usize, usize) {
        let LineBounds { content_end, next } = self.line_bounds(pos);
        let b = self.bytes;

        let start = self.skip_ws(pos, content_end);
        if start == content_end || b[start] == b'#' {
            return (next, 1); // blank line or comment
        }

        // `export KEY=...`: only a prefix when whitespace and a key follow,
        // so `export=1` and `export = 1` define a key named `export`.
        let mut i = start;
        let mut exported = false;
        if b[start..content_end].starts_with(b"export") && start + 6 < content_end && is_ws(b[start + 6]) {
            let k = self.skip_ws(start + 6, content_end);
            if k < content_end && is_key_start(b[k]) {
                exported = true;
                i = k;
            }
        }

        if !is_key_start(b[i]) {
            return self.invalid_line(start, content_end, line, next);
        }
        let key_start = i;
        while i < content_end && is_key_char(b[i]) {
            i += 1;
        }
        let key_span = key_start..i;
        i = self.skip_ws(i, content_end);
        if i == content_end || b[i] != b'=' {
            return self.invalid_line(start, content_end, line, next);
        }
        let eq = i;

        let v = self.skip_ws(eq + 1, content_end);
        // Empty value: `KEY=`, `KEY=   `, or `KEY= # comment`. (`KEY=#x` has
        // no whitespace before the `#`, so its value is `#x`.)
        if v == content_end || (v > eq + 1 && b[v] == b'#') {
            let empty = eq + 1..eq + 1;
            self.push_entry(key_span, exported, line, Quote::None, empty.clone(), empty);
            return (next, 1);
        }

        match quote_of(b[v]) {
            None => {
                let end = self.trim_end(v, self.comment_start(v, content_end));
                self.push_entry(key_span, exported, line, Quote::None, v..end, v..end);
                (next, 1)
            }
            Some(quote) => self.lex_quoted(key_span, exported, line, quote, v, content_end, next),
        }
    }

    /// A quoted value whose opening quote is at `open`; `content_end` / `next`
    /// describe the opening line.
    ///
    /// The rules, in order (the first three mirror what dotenv does):
    /// 1. The closing quote is found and only whitespace or a `#` comment
    ///    follows it on its line: that is the value (possibly multi-line).
    /// 2. Otherwise, if the opening line (without inline comment) ends with
    ///    the same quote, the value runs to that last quote. This is how the
    ///    Convex CLI's `''a"b''` or `"x\n"y'"` read back.
    /// 3. Otherwise, if the closing quote is on the opening line, junk after
    ///    it is ignored (`"abc"def` is `abc`).
    /// 4. Otherwise the quote is unterminated: either there is no closing
    ///    quote, or the first one is on a later line followed by more text,
    ///    which almost always means this quote was left open and we ran into
    ///    the next value's opening quote. No entry; resume on the next line.
    #[allow(clippy::too_many_arguments)]
    fn lex_quoted(
        &mut self,
        key_span: Range<usize>,
        exported: bool,
        line: usize,
        quote: Quote,
        open: usize,
        content_end: usize,
        next: usize,
    ) -> (usize, usize) {
        let q = self.bytes[open];
        let close = self.find_close(quote, open + 1);

        if let Some(c) = close
            && let Some(after) = self.rest_is_comment(c + 1)
        {
            // Rule 1. Count the newlines inside the value to keep line
            // numbers right, and continue after the closing line.
            let newlines = self.bytes[open..c].iter().filter(|&&b| b == b'\n').count();
            self.push_entry(key_span, exported, line, quote, open..c + 1, open + 1..c);
            return (after, newlines + 1);
        }

        // Rule 2.
        let end = self.trim_end(open, self.comment_start(open, content_end));
        if end >= open + 2 && self.bytes[end - 1] == q {
            self.push_entry(key_span, exported, line, quote, open..end, open + 1..end - 1);
            return (next, 1);
        }

        // Rule 3.
        if let Some(c) = close.filter(|&c| c < content_end) {
            self.push_entry(key_span, exported, line, quote, open..c + 1, open + 1..c);
            return (next, 1);
        }

        // Rule 4.
        let end = self.trim_end(open, content_end);
        self.problems.push(EnvProblem { span: open..end, line, kind: EnvProblemKind::UnterminatedQuote });
        (next, 1)
    }

    /// Position of the quote that closes a value of kind `quote` whose content
    /// starts at `from`. In double quotes a backslash escapes the next byte.
    ///
    /// Why this stays linear although a search may run to the end of the
    /// text: searches for one quote kind never overlap. The next opening
    /// quote of the same kind cannot lie inside an earlier search's range,
    /// because that search would have stopped at it (an opening quote follows
    /// `=` or whitespace, never a backslash, so it is never skipped as an
    /// escape). A search that found nothing is also remembered in
    /// `no_close_from`, as a cheap guard.
    fn find_close(&mut self, quote: Quote, from: usize) -> Option<usize> {
        let slot = match quote {
            Quote::Double => 0,
            Quote::Single => 1,
            Quote::Backtick => 2,
            Quote::None => return None,
        };
        if let Some(failed) = self.no_close_from[slot]
            && from >= failed
        {
            return None;
        }
        let b = self.bytes;
        let found = match quote {
            Quote::Double => {
                let mut k = from;
                loop {
                    if k >= b.len() {
                        break None;
                    }
                    match b[k] {
                        b'\\' => k += 2,
                        b'"' => break Some(k),
                        _ => k += 1,
                    }
                }
            }
            Quote::Single => b[from..].iter().position(|&c| c == b'\'').map(|i| from + i),
            _ => b[from..].iter().position(|&c| c == b'`').map(|i| from + i),
        };
        if found.is_none() {
            self.no_close_from[slot] = Some(from);
        }
        found
    }

    /// If only whitespace or a `#` comment follows `i` on its line, the start
    /// of the next line; otherwise `None`.
    fn rest_is_comment(&self, i: usize) -> Option<usize> {
        let LineBounds { content_end, next } = self.line_bounds(i);
        let k = self.skip_ws(i, content_end);
        (k == content_end || self.bytes[k] == b'#').then_some(next)
    }

    fn invalid_line(&mut self, start: usize, content_end: usize, line: usize, next: usize) -> (usize, usize) {
        let end = self.trim_end(start, content_end);
        self.problems.push(EnvProblem { span: start..end, line, kind: EnvProblemKind::InvalidLine });
        (next, 1)
    }

    fn push_entry(
        &mut self,
        key_span: Range<usize>,
        exported: bool,
        line: usize,
        quote: Quote,
        raw_value_span: Range<usize>,
        value_span: Range<usize>,
    ) {
        let key: &'a str = &self.src[key_span.clone()];
        match self.first_def.get(key) {
            Some(first) => {
                self.problems.push(EnvProblem { span: key_span.clone(), line, kind: EnvProblemKind::DuplicateKey { first: first.clone() } })
            }
            None => {
                self.first_def.insert(key, key_span.clone());
            }
        }
        self.entries.push(EnvEntry {
            key: key.to_string(),
            key_span,
            value: unescape_value(&self.src[value_span.clone()], quote),
            value_span,
            raw_value_span,
            quote,
            exported,
            line,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lexes `src` and returns (key, value) pairs.
    fn pairs(src: &str) -> Vec<(String, String)> {
        lex(src).entries.into_iter().map(|e| (e.key, e.value)).collect()
    }

    fn p(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn one(src: &str) -> EnvEntry {
        let f = lex(src);
        assert_eq!(f.entries.len(), 1, "{src:?} -> {f:?}");
        f.entries.into_iter().next().unwrap()
    }

    fn kinds(f: &EnvFile) -> Vec<EnvProblemKind> {
        f.problems.iter().map(|p| p.kind.clone()).collect()
    }

    /// Checks the span invariants every entry must satisfy.
    fn check_spans(src: &str, f: &EnvFile) {
        for e in &f.entries {
            assert_eq!(&src[e.key_span.clone()], e.key);
            assert_eq!(unescape_value(&src[e.value_span.clone()], e.quote), e.value);
            assert!(e.raw_value_span.start <= e.value_span.start);
            assert!(e.value_span.end <= e.raw_value_span.end);
            assert_eq!(e.line, 1 + src[..e.key_span.start].matches('\n').count());
        }
    }

    #[test]
    fn simple_assignment_and_spans() {
        let src = "KEY=value\n";
        let e = one(src);
        assert_eq!(e.key, "KEY");
        assert_eq!(e.key_span, 0..3);
        assert_eq!(e.value, "value");
        assert_eq!(e.value_span, 4..9);
        assert_eq!(e.raw_value_span, 4..9);
        assert_eq!(e.quote, Quote::None);
        assert!(!e.exported);
        assert_eq!(e.line, 1);
    }

    #[test]
    fn export_prefix() {
        let src = "export KEY=1\nexport\tB = 2\n  export   C=3";
        let f = lex(src);
        assert!(f.problems.is_empty(), "{f:?}");
        assert_eq!(pairs(src), p(&[("KEY", "1"), ("B", "2"), ("C", "3")]));
        assert!(f.entries.iter().all(|e| e.exported));
        assert_eq!(f.entries[0].key_span, 7..10);
        check_spans(src, &f);
    }

    #[test]
    fn export_as_a_key_name() {
        let f = lex("export=1\nexport = 2\nexport_X=3\nexporter=4\n");
        assert_eq!(kinds(&f), [EnvProblemKind::DuplicateKey { first: 0..6 }]);
        let keys: Vec<_> = f.entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["export", "export", "export_X", "exporter"]);
        assert!(f.entries.iter().all(|e| !e.exported));
        // `export KEY` without `=` is not an assignment.
        let f = lex("export KEY\n");
        assert!(f.entries.is_empty());
        assert_eq!(kinds(&f), [EnvProblemKind::InvalidLine]);
    }

    #[test]
    fn spaces_around_equals() {
        let src = "KEY = value\nB\t=\tx y \t\n  C  =z";
        let f = lex(src);
        assert_eq!(pairs(src), p(&[("KEY", "value"), ("B", "x y"), ("C", "z")]));
        assert_eq!(f.entries[0].value_span, 6..11);
        assert_eq!(f.entries[2].key_span, 24..25);
        check_spans(src, &f);
    }

    #[test]
    fn key_characters() {
        let src = "_A.b-c9=1\na=2\n";
        assert_eq!(pairs(src), p(&[("_A.b-c9", "1"), ("a", "2")]));
    }

    #[test]
    fn invalid_lines() {
        let src = "hello world\n=x\n1KEY=x\nWarning (X): something odd\n  KEY: value  \nOK=1\nKÉY=1\n-A=1\n";
        let f = lex(src);
        assert_eq!(pairs(src), p(&[("OK", "1")]));
        assert_eq!(f.problems.len(), 7);
        assert!(f.problems.iter().all(|p| p.kind == EnvProblemKind::InvalidLine));
        let lines: Vec<_> = f.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [1, 2, 3, 4, 5, 7, 8]);
        assert_eq!(&src[f.problems[0].span.clone()], "hello world");
        assert_eq!(&src[f.problems[4].span.clone()], "KEY: value");
    }

    #[test]
    fn unquoted_values_are_trimmed() {
        let e = one("KEY=   spaced out value \t \n");
        assert_eq!(e.value, "spaced out value");
        assert_eq!(e.value_span, 7..23);
        assert_eq!(e.raw_value_span, 7..23);
    }

    #[test]
    fn inline_comments() {
        let src = "A=value # comment\nB=value\t# tab comment\nC=a#b\nD=#notcomment\nE= # only comment\nF=x #c # d\nG=url#frag # real\n";
        let f = lex(src);
        assert!(f.problems.is_empty());
        assert_eq!(
            pairs(src),
            p(&[("A", "value"), ("B", "value"), ("C", "a#b"), ("D", "#notcomment"), ("E", ""), ("F", "x"), ("G", "url#frag"),])
        );
        assert_eq!(f.entries[0].value_span, 2..7);
        check_spans(src, &f);
    }

    #[test]
    fn empty_values() {
        for (src, eq) in [("KEY=", 3), ("KEY=\n", 3), ("KEY =  \n", 4), ("KEY=   # c\n", 3), ("KEY=\r\n", 3)] {
            let e = one(src);
            assert_eq!(e.value, "", "{src:?}");
            assert_eq!(e.quote, Quote::None);
            assert_eq!(e.raw_value_span, eq + 1..eq + 1, "{src:?}");
            assert_eq!(e.value_span, eq + 1..eq + 1, "{src:?}");
        }
        // Quoted empty values.
        let e = one("KEY=\"\"\n");
        assert_eq!((e.value.as_str(), e.quote), ("", Quote::Double));
        assert_eq!(e.value_span, 5..5);
        assert_eq!(e.raw_value_span, 4..6);
        let e = one("KEY=''");
        assert_eq!((e.value.as_str(), e.quote), ("", Quote::Single));
    }

    #[test]
    fn single_quotes_are_literal() {
        let src = r#"A='a\nb \"c\" ${FOO} # not a comment'"#;
        let e = one(src);
        assert_eq!(e.value, r#"a\nb \"c\" ${FOO} # not a comment"#);
        assert_eq!(e.quote, Quote::Single);
        assert_eq!(e.raw_value_span, 2..src.len());
        assert_eq!(e.value_span, 3..src.len() - 1);
    }

    #[test]
    fn backticks_are_literal() {
        let e = one(r#"A=`it's "x" \n`"#);
        assert_eq!(e.value, r#"it's "x" \n"#);
        assert_eq!(e.quote, Quote::Backtick);
    }

    #[test]
    fn double_quote_escapes() {
        let src = r#"A="l1\nl2\tt\rr \"q\" \\ \x \$ end""#;
        let e = one(src);
        assert_eq!(e.value, "l1\nl2\tt\rr \"q\" \\ \\x \\$ end");
        assert_eq!(e.quote, Quote::Double);
        assert_eq!(&src[e.value_span.clone()], &src[3..src.len() - 1]);
        // `\\n` is a backslash followed by `n`, and `\\"` closes the value.
        assert_eq!(one(r#"A="\\n""#).value, r"\n");
        assert_eq!(one(r#"A="x\\" # c"#).value, r"x\");
    }

    #[test]
    fn multiline_double_quotes() {
        let src = "A=\"line1\nline2\"\nB=after\n";
        let f = lex(src);
        assert!(f.problems.is_empty(), "{f:?}");
        assert_eq!(pairs(src), p(&[("A", "line1\nline2"), ("B", "after")]));
        assert_eq!(f.entries[1].line, 3);
        check_spans(src, &f);
    }

    #[test]
    fn multiline_single_quotes_pem_with_crlf() {
        let src = "JWT_PRIVATE_KEY='-----BEGIN PRIVATE KEY-----\r\nMIIEvQIBADAN\r\n-----END PRIVATE KEY-----'\r\nJWKS={\"keys\":[]}\r\n";
        let f = lex(src);
        assert!(f.problems.is_empty(), "{f:?}");
        let pem = f.get("JWT_PRIVATE_KEY").unwrap();
        assert_eq!(pem.value, "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADAN\n-----END PRIVATE KEY-----");
        assert_eq!(pem.quote, Quote::Single);
        let jwks = f.get("JWKS").unwrap();
        assert_eq!(jwks.value, "{\"keys\":[]}");
        assert_eq!(jwks.line, 4);
        check_spans(src, &f);
    }

    #[test]
    fn crlf_is_never_part_of_key_or_value() {
        let src = "A=1\r\nB = two words \r\nC=\"q\"\r\nD\r\n E=\r\n";
        let f = lex(src);
        assert_eq!(pairs(src), p(&[("A", "1"), ("B", "two words"), ("C", "q"), ("E", "")]));
        assert_eq!(f.entries[0].value_span, 2..3);
        assert_eq!(f.entries[1].line, 2);
        assert_eq!(f.entries[3].line, 5);
        // The invalid `D` line's span excludes the `\r`.
        assert_eq!(&src[f.problems[0].span.clone()], "D");
        for e in &f.entries {
            assert!(!src[e.raw_value_span.clone()].contains('\r'));
        }
        check_spans(src, &f);
    }

    #[test]
    fn bom_is_detected_and_spans_index_the_original() {
        let src = "\u{FEFF}KEY=1\nB=2";
        let f = lex(src);
        assert!(f.has_bom);
        assert!(f.problems.is_empty());
        assert_eq!(f.entries[0].key_span, 3..6);
        assert_eq!(f.entries[0].line, 1);
        check_spans(src, &f);
        assert!(!lex("KEY=1").has_bom);
        // A BOM anywhere else is just an odd character.
        let f = lex("A=1\n\u{FEFF}B=2\n");
        assert!(!f.has_bom);
        assert_eq!(kinds(&f), [EnvProblemKind::InvalidLine]);
    }

    #[test]
    fn lex_bytes_handles_bom_and_invalid_utf8() {
        let (text, f) = lex_bytes(b"\xEF\xBB\xBFA=1\nB=\xFF\xFEx\nC=3");
        assert!(f.has_bom);
        assert_eq!(text, "\u{FEFF}A=1\nB=\u{FFFD}\u{FFFD}x\nC=3");
        assert_eq!(f.get("B").unwrap().value, "\u{FFFD}\u{FFFD}x");
        assert_eq!(f.get("C").unwrap().value, "3");
        check_spans(&text, &f);
    }

    #[test]
    fn last_line_without_newline() {
        assert_eq!(pairs("A=1\nB=2"), p(&[("A", "1"), ("B", "2")]));
        assert_eq!(pairs("A=\"x\""), p(&[("A", "x")]));
        assert_eq!(pairs("A=x # c"), p(&[("A", "x")]));
    }

    #[test]
    fn comments_and_blank_lines() {
        let src = "# comment\n   # indented = \"comment\n\n \t \nA=1\n#B=2\n";
        let f = lex(src);
        assert!(f.problems.is_empty(), "{f:?}");
        assert_eq!(pairs(src), p(&[("A", "1")]));
        assert_eq!(f.entries[0].line, 5);
    }

    #[test]
    fn no_variable_expansion() {
        let src = "A=${FOO}\nB=\"$FOO ${BAR:-x}\"\nC='${FOO}'";
        assert_eq!(pairs(src), p(&[("A", "${FOO}"), ("B", "$FOO ${BAR:-x}"), ("C", "${FOO}")]));
    }

    #[test]
    fn equals_signs_in_values() {
        assert_eq!(pairs("A=b=c==\n"), p(&[("A", "b=c==")]));
    }

    #[test]
    fn duplicates_keep_both_entries_and_last_wins() {
        let src = "A=1\nB=x\nA=2\nA=3\n";
        let f = lex(src);
        assert_eq!(f.entries.len(), 4);
        assert_eq!(f.get("A").unwrap().value, "3");
        assert_eq!(f.get("B").unwrap().value, "x");
        assert!(f.get("C").is_none());
        assert_eq!(
            f.problems,
            [
                EnvProblem { span: 8..9, line: 3, kind: EnvProblemKind::DuplicateKey { first: 0..1 } },
                EnvProblem { span: 12..13, line: 4, kind: EnvProblemKind::DuplicateKey { first: 0..1 } },
            ]
        );
        // `export A` and `A` are the same variable.
        let f = lex("A=1\nexport A=2\n");
        assert_eq!(kinds(&f), [EnvProblemKind::DuplicateKey { first: 0..1 }]);
    }

    #[test]
    fn unterminated_quote_at_eof() {
        let src = "A=1\nB='never closed\nC=3\n";
        let f = lex(src);
        assert_eq!(pairs(src), p(&[("A", "1"), ("C", "3")]));
        assert_eq!(f.problems, [EnvProblem { span: 6..19, line: 2, kind: EnvProblemKind::UnterminatedQuote }]);
        assert_eq!(&src[f.problems[0].span.clone()], "'never closed");
        let f = lex("A=\"");
        assert!(f.entries.is_empty());
        assert_eq!(kinds(&f), [EnvProblemKind::UnterminatedQuote]);
    }

    #[test]
    fn unterminated_quote_does_not_swallow_the_next_values() {
        // The first `"` after A's opening quote is C's opening quote, followed
        // by more text: A's quote was left open.
        let src = "A=\"abc\nB=2\nC=\"x\"\nD=4\n";
        let f = lex(src);
        assert_eq!(pairs(src), p(&[("B", "2"), ("C", "x"), ("D", "4")]));
        assert_eq!(f.problems.len(), 1);
        assert_eq!(f.problems[0].kind, EnvProblemKind::UnterminatedQuote);
        assert_eq!(f.problems[0].line, 1);
        assert_eq!(f.entries[1].line, 3);
        check_spans(src, &f);
    }

    #[test]
    fn junk_after_the_closing_quote() {
        // Ignored when the closing quote is on the same line.
        let e = one("A=\"abc\"def\n");
        assert_eq!(e.value, "abc");
        assert_eq!(e.raw_value_span, 2..7);
        // Comments after a closing quote, with or without whitespace.
        assert_eq!(pairs("A=\"x\" # c\nB='y'#c\n"), p(&[("A", "x"), ("B", "y")]));
        // A value that ends with its quote char reads to that last quote,
        // which is how the Convex CLI prints such values.
        assert_eq!(one("A=''a\"b''\n").value, "'a\"b'");
        assert_eq!(one(r#"A="x\n"y'""#).value, "x\n\"y'");
        assert_eq!(one("A='it's here' # c\n").value, "it's here");
    }

    #[test]
    fn problem_messages_are_plain_one_liners() {
        for kind in [EnvProblemKind::InvalidLine, EnvProblemKind::UnterminatedQuote, EnvProblemKind::DuplicateKey { first: 0..1 }] {
            let m = kind.message();
            assert!(!m.is_empty() && !m.contains('\n'), "{m}");
        }
    }

    #[test]
    fn convex_env_list_dump() {
        let src = "\
Warning (SECRET): includes a '#' which may be interpreted as a comment
WORKOS_CLIENT_ID=client_01ABC
WORKOS_API_KEY=sk_test_123
SECRET='a#b'
JWT_PRIVATE_KEY='-----BEGIN PRIVATE KEY-----
MIIEvQ
-----END PRIVATE KEY-----'
ESCAPED=\"x\\n\"y'\"
";
        let f = lex_convex_env_list(src);
        assert_eq!(f.get("WORKOS_CLIENT_ID").unwrap().value, "client_01ABC");
        assert_eq!(f.get("SECRET").unwrap().value, "a#b");
        assert_eq!(f.get("JWT_PRIVATE_KEY").unwrap().value, "-----BEGIN PRIVATE KEY-----\nMIIEvQ\n-----END PRIVATE KEY-----");
        assert_eq!(f.get("ESCAPED").unwrap().value, "x\n\"y'");
        assert_eq!(f.problems.len(), 1);
        assert_eq!(f.problems[0].kind, EnvProblemKind::InvalidLine);
        assert!(convex_env_list_message(src, &f.problems[0]).contains("warning"));
    }

    #[test]
    fn convex_env_list_chatter_and_names_only() {
        let src = "\
No environment variables set (on dev deployment foo-bar-123)
Listed names only because an AI agent is running this command.
WORKOS_CLIENT_ID
WORKOS_API_KEY\r
";
        let f = lex_convex_env_list(src);
        assert!(f.entries.is_empty());
        assert_eq!(f.problems.len(), 4);
        assert!(f.problems.iter().all(|p| p.kind == EnvProblemKind::InvalidLine));
        let msgs: Vec<_> = f.problems.iter().map(|p| convex_env_list_message(src, p)).collect();
        assert!(msgs[0].contains("no environment variables"), "{}", msgs[0]);
        assert!(msgs[1].contains("--include-values"), "{}", msgs[1]);
        assert!(msgs[2].contains("`WORKOS_CLIENT_ID`") && msgs[2].contains("--include-values"));
        assert!(msgs[3].contains("`WORKOS_API_KEY`") && msgs[3].contains("--include-values"));
        // Non-InvalidLine problems keep their generic message.
        let f = lex_convex_env_list("A=1\nA=2\n");
        assert_eq!(convex_env_list_message("A=1\nA=2\n", &f.problems[0]), f.problems[0].kind.message());
    }

    #[test]
    fn is_valid_key_matches_the_grammar() {
        assert!(is_valid_key("A_b.c-1"));
        assert!(is_valid_key("_"));
        assert!(!is_valid_key(""));
        assert!(!is_valid_key("1A"));
        assert!(!is_valid_key("A B"));
        assert!(!is_valid_key("-A"));
    }

    #[test]
    fn unescape_value_per_quote_kind() {
        assert_eq!(unescape_value("a\\nb\r\n", Quote::None), "a\\nb\r\n");
        assert_eq!(unescape_value("a\\nb\r\nc", Quote::Single), "a\\nb\nc");
        assert_eq!(unescape_value("a\r\nb", Quote::Backtick), "a\nb");
        assert_eq!(unescape_value("a\\nb\r\nc\\", Quote::Double), "a\nb\nc\\");
        assert_eq!(unescape_value("\\\r\n", Quote::Double), "\\\n");
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        for src in [
            "",
            "\u{FEFF}",
            "\n",
            "\r",
            "\r\n",
            "=",
            "\"",
            "A",
            "A=",
            "A=\"",
            "A='",
            "A=`",
            "A=\"\\",
            "A=\"\\\"",
            "export",
            "export ",
            "export A",
            "A=é",
            "é=1",
            "A=\"é\\é\"",
            "\u{FEFF}\u{FEFF}A=1",
            "A=\r",
            "A= \r",
            "A=\"x\"\r",
            "A='\r\n'",
            "\0=\0",
            "A=\"\n\n\n",
        ] {
            let f = lex(src);
            check_spans(src, &f);
            for p in &f.problems {
                assert!(src.get(p.span.clone()).is_some(), "{src:?} {p:?}");
            }
        }
    }

    #[test]
    fn pathological_inputs_stay_linear() {
        // Each of these would be quadratic with a naive "search to EOF for
        // every opening quote". 100k lines must lex quickly even in debug.
        let n = 100_000;
        for line in ["A=\"x\n", "A='x\n", "A=`x\n", "A=\"\\\"\n", "A=\"x\"y\n", "A=\"\n", "#\"\n"] {
            let src = line.repeat(n);
            let start = std::time::Instant::now();
            let f = lex(&src);
            assert!(f.entries.len() <= n);
            assert!(start.elapsed() < std::time::Duration::from_secs(5), "{line:?} took {:?}", start.elapsed());
        }
        // One opening quote per kind, then a long tail without closers.
        let src = format!("A=\"\nB='\nC=`\n{}", "D=x\n".repeat(n));
        let f = lex(&src);
        assert_eq!(f.entries.len(), n);
        let unterminated = f.problems.iter().filter(|p| p.kind == EnvProblemKind::UnterminatedQuote).count();
        assert_eq!(unterminated, 3);
    }

    /// `cargo test --release --lib env_file -- --ignored` times 50 MB files.
    /// (Millions of tiny entries are slower: the time then goes into
    /// allocating the output, two `String`s and ~112 bytes per entry.)
    #[test]
    #[ignore]
    fn fifty_megabytes_in_well_under_a_second() {
        let mixed = "# comment line\nexport WORKOS_CLIENT_ID=client_01HXYZ # id\nKEY=\"multi\nline \\\"value\\\"\"\r\nPEM='-----BEGIN-----\nabc\n-----END-----'\nA=\"x\nbroken line\n";
        let long_line = format!("{}\n", "v".repeat(80));
        let cases = [
            // A realistic mix, and unique keys with 100-byte lines.
            mixed.repeat(50_000_000 / mixed.len() + 1),
            (0..500_000).map(|i| format!("KEY_{i:07}={}", long_line)).collect(),
            // Unterminated quotes on every line.
            "A=\"x\n".repeat(10_000_000),
            "A='x #c\n".repeat(6_000_000),
            // One opening quote, then 50 MB without a closing one.
            format!("A=\"{}", "\\\"".repeat(25_000_000)),
            format!("A=`\n{}", format!("B={long_line}").repeat(600_000)),
            // One 50 MB line.
            format!("A={}", "x #".repeat(16_700_000)),
        ];
        for src in &cases {
            let start = std::time::Instant::now();
            let f = lex(src);
            let elapsed = start.elapsed();
            eprintln!("{} bytes, {} entries, {} problems in {elapsed:?}", src.len(), f.entries.len(), f.problems.len());
            if !cfg!(debug_assertions) {
                assert!(elapsed < std::time::Duration::from_secs(1), "{elapsed:?}");
            }
        }
    }
}
