//! Every file the tool reads goes through [`Files`]: read once, decoded once, kept for code
//! frames. Lines and columns (1-based, columns in Unicode characters) are computed here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Files larger than this are not parsed (they are not hand-written config or app code).
pub const MAX_PARSE_BYTES: u64 = 8 * 1024 * 1024;

/// How a file's bytes were turned into text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decoding {
    Utf8,
    /// Not valid UTF-8: invalid sequences were replaced with U+FFFD.
    Lossy,
    /// Looks binary (a NUL byte in the first 8 KiB): text is empty.
    Binary,
    /// Larger than [`MAX_PARSE_BYTES`]: text is empty.
    TooLarge(u64),
    /// A script nested deeper than [`MAX_NESTING`] (or with an operator chain longer than
    /// [`MAX_OPERATOR_CHAIN`]); the estimate is kept, the text is empty so nothing parses it.
    TooDeep(usize),
}

/// Deepest bracket / JSX nesting a script may have to be parsed and analysed. Parsers and
/// analyses recurse once per level; hand-written code stays far below this, and together with
/// the large stack `main` runs on it keeps every walk clear of a stack overflow.
pub const MAX_NESTING: usize = 1000;
/// Longest run of binary operators between two `;`, `,`, `{` or `}` (`'a'+'a'+…` builds a
/// tree that deep).
pub const MAX_OPERATOR_CHAIN: usize = 5000;

const SCRIPT_EXTENSIONS: &[&str] = &["ts", "tsx", "js", "jsx", "mjs", "cjs", "mts", "cts"];

fn is_script_path(path: &str) -> bool {
    path.rsplit_once('.').is_some_and(|(_, ext)| SCRIPT_EXTENSIONS.contains(&ext))
}

/// An upper estimate of how deep a parser must recurse for this script: the deepest nesting
/// of brackets and JSX elements, or the longest operator chain, whichever is further over its
/// limit (returned as the depth to report). One pass; strings and comments are skipped.
pub fn script_nesting(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    // Fast path for nearly every file (this runs on every script read): nesting cannot be
    // deeper than the number of openers, nor a chain longer than the number of operator
    // characters. Counted with SIMD searches, the operators only in files long enough to
    // hold a chain over the limit.
    let count3 = |a, b, c| memchr::memchr3_iter(a, b, c, bytes).count();
    let openers = count3(b'(', b'[', b'{') + memchr::memchr_iter(b'<', bytes).count();
    let few_operators = || {
        bytes.len() <= MAX_OPERATOR_CHAIN || {
            count3(b'+', b'-', b'*') + count3(b'%', b'&', b'|') + count3(b'^', b'?', b'<') + memchr::memchr_iter(b'>', bytes).count()
                <= MAX_OPERATOR_CHAIN
        }
    };
    if openers <= MAX_NESTING && few_operators() {
        return None;
    }
    let (mut depth, mut max_depth, mut chain, mut max_chain) = (0usize, 0usize, 0usize, 0usize);
    // The last byte that was not whitespace: tells `<div` (after `(`, `>`, `=`, …) from `a<b`.
    let mut prev = b';';
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let next = bytes.get(i + 1).copied().unwrap_or(0);
        match b {
            b'/' if next == b'/' => {
                i = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |n| i + n);
                continue;
            }
            b'/' if next == b'*' => {
                i = memchr::memmem::find(&bytes[i + 2..], b"*/").map_or(bytes.len(), |n| i + 2 + n + 2);
                continue;
            }
            b'\'' | b'"' | b'`' => {
                let mut j = i + 1;
                while j < bytes.len() && bytes[j] != b {
                    if bytes[j] == b'\\' {
                        j += 1;
                    } else if bytes[j] == b'\n' && b != b'`' {
                        break;
                    }
                    j += 1;
                }
                i = j + 1;
                prev = b'"';
                continue;
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                if b == b'{' {
                    chain = 0;
                }
            }
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                if b == b'}' {
                    chain = 0;
                }
            }
            b';' | b',' => chain = 0,
            b'<' if next == b'/' => depth = depth.saturating_sub(1),
            b'<' if (next.is_ascii_alphabetic() || next == b'>')
                && matches!(prev, b'(' | b',' | b'=' | b':' | b'?' | b'{' | b'[' | b';' | b'>' | b'&' | b'|' | b'}') =>
            {
                depth += 1;
            }
            b'/' if next == b'>' => depth = depth.saturating_sub(1),
            b'+' | b'-' | b'*' | b'%' | b'&' | b'|' | b'^' | b'?' | b'<' | b'>' => chain += 1,
            _ => {}
        }
        max_depth = max_depth.max(depth);
        max_chain = max_chain.max(chain);
        if !b.is_ascii_whitespace() {
            prev = b;
        }
        i += 1;
    }
    if max_depth > MAX_NESTING {
        Some(max_depth)
    } else if max_chain > MAX_OPERATOR_CHAIN {
        Some(max_chain)
    } else {
        None
    }
}

#[derive(Debug)]
pub struct SourceFile {
    /// Relative to the scanned root, `/`-separated.
    pub path: String,
    pub text: String,
    pub decoding: Decoding,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: String, decoding: Decoding) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceFile { path: path.into(), text, decoding, line_starts }
    }

    /// Decodes a file's bytes. A script nested too deep to analyse safely gets
    /// [`Decoding::TooDeep`] and no text, so that no parser or walk ever sees it.
    pub fn from_bytes(path: impl Into<String>, bytes: Vec<u8>) -> Self {
        let path = path.into();
        let sniff = &bytes[..bytes.len().min(8192)];
        if sniff.contains(&0) {
            return SourceFile::new(path, String::new(), Decoding::Binary);
        }
        let (text, decoding) = match String::from_utf8(bytes) {
            Ok(text) => (text, Decoding::Utf8),
            Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), Decoding::Lossy),
        };
        if is_script_path(&path)
            && let Some(depth) = script_nesting(&text)
        {
            return SourceFile::new(path, String::new(), Decoding::TooDeep(depth));
        }
        SourceFile::new(path, text, decoding)
    }

    /// 1-based (line, column) of a byte offset; the column counts characters.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = self.clamp(offset);
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line];
        let col = self.text[start..offset].chars().count() + 1;
        (line + 1, col)
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else { return "" };
        let end = self.line_starts.get(line).map(|e| e - 1).unwrap_or(self.text.len());
        self.text[start..end.max(start)].trim_end_matches('\r')
    }

    /// Byte offset where a 1-based line starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts.get(line.saturating_sub(1)).copied().unwrap_or(self.text.len())
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Clamps an offset into the text and back onto a character boundary.
    pub fn clamp(&self, offset: usize) -> usize {
        let mut o = offset.min(self.text.len());
        while !self.text.is_char_boundary(o) {
            o -= 1;
        }
        o
    }
}

/// All files read during one run, by relative path.
#[derive(Debug, Default)]
pub struct Files {
    root: PathBuf,
    files: BTreeMap<String, Arc<SourceFile>>,
}

impl Files {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Files { root: root.into(), files: BTreeMap::new() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Reads a file (once) by its root-relative path. `None` when it cannot be read at all.
    pub fn load(&mut self, rel: &str) -> Option<Arc<SourceFile>> {
        if let Some(f) = self.files.get(rel) {
            return Some(f.clone());
        }
        let file = match crate::read::project_file(&self.root.join(rel), MAX_PARSE_BYTES) {
            Ok(bytes) => SourceFile::from_bytes(rel, bytes),
            Err(crate::read::ReadError::TooLarge(n)) => SourceFile::new(rel, String::new(), Decoding::TooLarge(n)),
            Err(_) => return None,
        };
        let file = Arc::new(file);
        self.files.insert(rel.to_string(), file.clone());
        Some(file)
    }

    /// Registers text that did not come from disk under the root (e.g. `--convex-env FILE`).
    pub fn insert(&mut self, file: SourceFile) -> Arc<SourceFile> {
        let file = Arc::new(file);
        self.files.insert(file.path.clone(), file.clone());
        file
    }

    pub fn get(&self, rel: &str) -> Option<&Arc<SourceFile>> {
        self.files.get(rel)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Arc<SourceFile>> {
        self.files.values()
    }
}

/// `/`-separated path of `path` relative to `root` (or the path itself when outside it).
pub fn rel_path(root: &Path, path: &Path) -> String {
    // The walk's paths are `root` joined with names, so on Unix the prefix is plain bytes:
    // comparing them beats `Path::strip_prefix`'s component by component walk, per entry.
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let (root_bytes, path_bytes) = (root.as_os_str().as_bytes(), path.as_os_str().as_bytes());
        if let Some(rest) = path_bytes.strip_prefix(root_bytes)
            && (rest.first() == Some(&b'/') || root_bytes.last() == Some(&b'/'))
        {
            let rest = rest.strip_prefix(b"/").unwrap_or(rest);
            return String::from_utf8_lossy(rest).into_owned();
        }
    }
    let rel = path.strip_prefix(root).unwrap_or(path).to_string_lossy();
    // Called for every entry of the walk: avoid splitting into components on `/` systems.
    if std::path::MAIN_SEPARATOR == '/' { rel.into_owned() } else { rel.replace(std::path::MAIN_SEPARATOR, "/") }
}

/// Joins two `/`-separated relative paths, treating an empty base as the root.
pub fn join_rel(base: &str, name: &str) -> String {
    if base.is_empty() || base == "." { name.to_string() } else { format!("{base}/{name}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_relative_to_the_root() {
        let cases = [
            ("/p/app", "/p/app/src/a.ts", "src/a.ts"),
            ("/p/app/", "/p/app/src/a.ts", "src/a.ts"),
            (".", "./src/a.ts", "src/a.ts"),
            ("/p/app", "/p/app", ""),
            // A sibling that shares the root's name as a prefix is not under it.
            ("/p/app", "/p/apple/a.ts", "/p/apple/a.ts"),
        ];
        for (root, path, want) in cases {
            assert_eq!(rel_path(Path::new(root), Path::new(path)), want, "{root} {path}");
        }
    }

    #[test]
    fn line_col_counts_characters() {
        let f = SourceFile::new("a", "ab\né🙂x\r\nz".to_string(), Decoding::Utf8);
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(3), (2, 1));
        let x = f.text.find('x').unwrap();
        assert_eq!(f.line_col(x), (2, 3));
        assert_eq!(f.line_text(2), "é🙂x");
        assert_eq!(f.line_col(f.text.len()), (3, 2));
        // Inside a multi-byte character: clamps back to its start.
        assert_eq!(f.line_col(4), (2, 1));
    }

    #[test]
    fn deep_scripts_are_not_handed_to_parsers() {
        let deep = |open: &str, close: &str, n: usize| format!("export default {}1{};", open.repeat(n), close.repeat(n));
        assert_eq!(script_nesting(&deep("(", ")", 10)), None);
        assert_eq!(script_nesting(&deep("[", "]", 5900)), Some(5900));
        assert_eq!(script_nesting(&format!("const x = {};", vec!["'a'"; 10_000].join("+"))), Some(9999));
        assert_eq!(
            script_nesting(&format!("const x = ({}x{});", "<div>".repeat(4500), "</div>".repeat(4500))).map(|d| d > 4000),
            Some(true)
        );
        // Brackets in strings and comments, comparisons and generics do not count.
        let quiet = format!(
            "const s = '{}'; // {}\nfor (let i = 0; i < n; i++) {{ a<b; }}\nlet m: Map<string, Array<number>>;",
            "(".repeat(5000),
            "[".repeat(5000)
        );
        assert_eq!(script_nesting(&quiet), None);
        let f = SourceFile::from_bytes("a.ts", deep("(", ")", 2000).into_bytes());
        assert_eq!((f.decoding, f.text.as_str()), (Decoding::TooDeep(2000), ""));
        // Only scripts: an env file or a log is never parsed as code.
        assert_eq!(SourceFile::from_bytes("x.log", deep("(", ")", 2000).into_bytes()).decoding, Decoding::Utf8);
    }

    #[test]
    fn binary_and_lossy() {
        assert_eq!(SourceFile::from_bytes("b", vec![1, 0, 2]).decoding, Decoding::Binary);
        let f = SourceFile::from_bytes("l", vec![b'a', 0xff, b'b']);
        assert_eq!(f.decoding, Decoding::Lossy);
        assert_eq!(f.text, "a\u{fffd}b");
    }
}

/// A byte range inside one file (the file is known from context).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end: end.max(start) }
    }

    pub fn in_file(self, file: &str) -> crate::diagnostic::Location {
        crate::diagnostic::Location::new(file, self.start, self.end)
    }
}
