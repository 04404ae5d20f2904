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

    pub fn from_bytes(path: impl Into<String>, bytes: Vec<u8>) -> Self {
        let sniff = &bytes[..bytes.len().min(8192)];
        if sniff.contains(&0) {
            return SourceFile::new(path, String::new(), Decoding::Binary);
        }
        match String::from_utf8(bytes) {
            Ok(text) => SourceFile::new(path, text, Decoding::Utf8),
            Err(e) => {
                let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                SourceFile::new(path, text, Decoding::Lossy)
            }
        }
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
        let abs = self.root.join(rel);
        let meta = std::fs::metadata(&abs).ok()?;
        if !meta.is_file() {
            return None;
        }
        let file = if meta.len() > MAX_PARSE_BYTES {
            SourceFile::new(rel, String::new(), Decoding::TooLarge(meta.len()))
        } else {
            SourceFile::from_bytes(rel, std::fs::read(&abs).ok()?)
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
