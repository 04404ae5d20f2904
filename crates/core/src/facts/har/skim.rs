//! A streaming JSON skimmer: walks a JSON document from any [`Read`] through a fixed-size
//! buffer, skipping the values it is not asked for and copying the ones it is.
//!
//! A HAR file is mostly response bodies (base64 images, scripts) that the doctor never looks
//! at. Skipping a string only needs to find its closing quote, which `memchr` does at memory
//! speed. serde_json's `from_reader` goes byte by byte through the reader: even with
//! `IgnoredAny` it skims about 250 MB/s on the benchmark machine, barely faster than `jq`
//! (docs/har-and-logs.md). So the walk over `log.entries` is done here, and each entry is copied
//! into a small buffer — with every string longer than a limit replaced by `""` — and parsed by
//! serde_json from that slice.
//!
//! The skimmer is lenient inside values it skips (it only balances brackets and strings) and
//! strict about the end of input: a document that ends before its last bracket is closed is
//! always reported as [`SkimError::Eof`].

use memchr::memchr2;
use std::io::{self, Read};

/// Size of the read buffer.
pub const BUFFER_BYTES: usize = 1 << 20;

#[derive(Debug)]
pub enum SkimError {
    Io(io::Error),
    /// The input ended inside a value.
    Eof {
        offset: u64,
    },
    /// A byte that cannot start or continue the expected token.
    Syntax {
        offset: u64,
        expected: &'static str,
        found: u8,
    },
}

impl std::fmt::Display for SkimError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SkimError::Io(e) => write!(f, "read error: {e}"),
            SkimError::Eof { offset } => write!(f, "the file ends at byte {offset} inside a JSON value"),
            SkimError::Syntax { offset, expected, found } => {
                write!(f, "expected {expected} at byte {offset}, found {}", describe_byte(*found))
            }
        }
    }
}

/// `'x'` for printable ASCII, `byte 0x1f` otherwise.
pub fn describe_byte(b: u8) -> String {
    if b.is_ascii_graphic() { format!("'{}'", b as char) } else { format!("byte 0x{b:02x}") }
}

impl From<io::Error> for SkimError {
    fn from(e: io::Error) -> Self {
        SkimError::Io(e)
    }
}

pub type Result<T> = std::result::Result<T, SkimError>;

/// What [`Skimmer::capture_value`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Capture {
    /// Strings replaced by `""` because they were longer than the limit.
    pub pruned_strings: usize,
    /// The copy outgrew its budget and was abandoned (the value was still skipped whole).
    pub overflowed: bool,
}

pub struct Skimmer<R> {
    inner: R,
    buf: Box<[u8]>,
    pos: usize,
    end: usize,
    /// Bytes consumed before `buf[0]`.
    base: u64,
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// Bytes that end a bare scalar (number, `true`, garbage) in lenient mode.
fn ends_scalar(b: u8) -> bool {
    is_ws(b) || matches!(b, b',' | b':' | b']' | b'}' | b'[' | b'{' | b'"')
}

impl<R: Read> Skimmer<R> {
    pub fn new(inner: R) -> Self {
        Skimmer::with_capacity(inner, BUFFER_BYTES)
    }

    pub fn with_capacity(inner: R, capacity: usize) -> Self {
        Skimmer { inner, buf: vec![0; capacity.max(16)].into_boxed_slice(), pos: 0, end: 0, base: 0 }
    }

    /// Absolute offset of the next unread byte.
    pub fn offset(&self) -> u64 {
        self.base + self.pos as u64
    }

    /// Makes at least one unread byte available; `false` at end of input.
    fn fill(&mut self) -> Result<bool> {
        if self.pos < self.end {
            return Ok(true);
        }
        self.base += self.end as u64;
        self.pos = 0;
        self.end = 0;
        loop {
            match self.inner.read(&mut self.buf) {
                Ok(0) => return Ok(false),
                Ok(n) => {
                    self.end = n;
                    return Ok(true);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e.into()),
            }
        }
    }

    fn eof(&self) -> SkimError {
        SkimError::Eof { offset: self.offset() }
    }

    /// Skips a UTF-8 byte order mark at the very start, if any.
    pub fn skip_bom(&mut self) -> Result<()> {
        if self.offset() == 0 && self.fill()? && self.end - self.pos >= 3 && self.buf[self.pos..self.pos + 3] == [0xef, 0xbb, 0xbf] {
            self.pos += 3;
        }
        Ok(())
    }

    /// The next non-whitespace byte, not consumed; `None` at end of input.
    pub fn peek(&mut self) -> Result<Option<u8>> {
        loop {
            if !self.fill()? {
                return Ok(None);
            }
            while self.pos < self.end {
                let b = self.buf[self.pos];
                if !is_ws(b) {
                    return Ok(Some(b));
                }
                self.pos += 1;
            }
        }
    }

    /// Like [`Skimmer::peek`], but the end of input is an error.
    pub fn peek_some(&mut self) -> Result<u8> {
        self.peek()?.ok_or_else(|| self.eof())
    }

    /// Consumes `b` (after whitespace) or fails naming `expected`.
    pub fn expect(&mut self, b: u8, expected: &'static str) -> Result<()> {
        let found = self.peek_some()?;
        if found != b {
            return Err(SkimError::Syntax { offset: self.offset(), expected, found });
        }
        self.pos += 1;
        Ok(())
    }

    /// Consumes one byte that [`Skimmer::peek`] returned.
    pub fn bump(&mut self) {
        debug_assert!(self.pos < self.end);
        self.pos += 1;
    }

    /// After `{` or `[` and each member: `true` if another member follows (a `,` was eaten),
    /// `false` at the closing bracket (eaten).
    pub fn next_member(&mut self, close: u8) -> Result<bool> {
        let found = self.peek_some()?;
        match found {
            b',' => {
                self.pos += 1;
                Ok(true)
            }
            b if b == close => {
                self.pos += 1;
                Ok(false)
            }
            _ => Err(SkimError::Syntax { offset: self.offset(), expected: if close == b'}' { "',' or '}'" } else { "',' or ']'" }, found }),
        }
    }

    /// Right after an opening bracket: `true` if the container is empty (the closing bracket is
    /// eaten).
    pub fn is_empty_container(&mut self, close: u8) -> Result<bool> {
        if self.peek_some()? == close {
            self.pos += 1;
            return Ok(true);
        }
        Ok(false)
    }

    /// Reads an object key (the `"` is next) and the `:` after it. The key's raw bytes, without
    /// quotes and with escapes as written, go to `out` (cleared first); keys longer than 256
    /// bytes are cut.
    pub fn key(&mut self, out: &mut Vec<u8>) -> Result<()> {
        out.clear();
        self.expect(b'"', "'\"' (an object key)")?;
        let truncated = self.string_body(Some(out), 256)?;
        if truncated {
            out.truncate(256);
        }
        self.expect(b':', "':'")
    }

    /// Scans a string whose opening quote is consumed, up to and including the closing quote.
    /// Copies its raw body into `sink` while it fits in `max` bytes; returns whether it did not
    /// fit (the sink then holds a prefix).
    fn string_body(&mut self, mut sink: Option<&mut Vec<u8>>, max: usize) -> Result<bool> {
        let mut len = 0usize;
        let mut too_long = false;
        let copy = |sink: &mut Option<&mut Vec<u8>>, bytes: &[u8], len: &mut usize, too_long: &mut bool| {
            *len += bytes.len();
            if *len > max {
                *too_long = true;
            }
            if let Some(s) = sink.as_deref_mut()
                && !*too_long
            {
                s.extend_from_slice(bytes);
            }
        };
        loop {
            if !self.fill()? {
                return Err(self.eof());
            }
            let chunk = &self.buf[self.pos..self.end];
            match memchr2(b'"', b'\\', chunk) {
                Some(i) => {
                    let quote = chunk[i] == b'"';
                    copy(&mut sink, &chunk[..i], &mut len, &mut too_long);
                    self.pos += i + 1;
                    if quote {
                        return Ok(too_long);
                    }
                    // An escape: the next byte belongs to it, whatever it is.
                    if !self.fill()? {
                        return Err(self.eof());
                    }
                    let escaped = self.buf[self.pos];
                    self.pos += 1;
                    copy(&mut sink, &[b'\\', escaped], &mut len, &mut too_long);
                }
                None => {
                    let n = chunk.len();
                    copy(&mut sink, chunk, &mut len, &mut too_long);
                    self.pos += n;
                }
            }
        }
    }

    /// Consumes a bare scalar (number, literal, or lenient garbage) into `sink`.
    fn scalar(&mut self, mut sink: Option<&mut Vec<u8>>) -> Result<()> {
        loop {
            if !self.fill()? {
                return Ok(()); // a scalar may end the input (only valid at top level; callers check)
            }
            let chunk = &self.buf[self.pos..self.end];
            let n = chunk.iter().position(|b| ends_scalar(*b)).unwrap_or(chunk.len());
            if let Some(s) = sink.as_deref_mut() {
                s.extend_from_slice(&chunk[..n]);
            }
            self.pos += n;
            if self.pos < self.end {
                return Ok(());
            }
        }
    }

    /// Skips one whole value.
    pub fn skip_value(&mut self) -> Result<()> {
        self.walk(None, 0, usize::MAX).map(|_| ())
    }

    /// Copies one whole value into `out` (appended, whitespace outside strings dropped), with
    /// every string longer than `max_string` bytes replaced by `""`. When `out` would grow past
    /// `budget` bytes, copying stops (the value is still consumed) and `overflowed` is set.
    pub fn capture_value(&mut self, out: &mut Vec<u8>, max_string: usize, budget: usize) -> Result<Capture> {
        self.walk(Some(out), max_string, budget)
    }

    fn walk(&mut self, mut out: Option<&mut Vec<u8>>, max_string: usize, budget: usize) -> Result<Capture> {
        let mut capture = Capture::default();
        let mut depth = 0usize;
        loop {
            let b = self.peek_some()?;
            if let Some(o) = out.as_deref()
                && o.len() > budget
            {
                capture.overflowed = true;
                out = None;
            }
            match b {
                b'{' | b'[' => {
                    self.pos += 1;
                    depth += 1;
                    if let Some(o) = out.as_deref_mut() {
                        o.push(b);
                    }
                    continue;
                }
                b'}' | b']' => {
                    if depth == 0 {
                        return Err(SkimError::Syntax { offset: self.offset(), expected: "a value", found: b });
                    }
                    self.pos += 1;
                    depth -= 1;
                    if let Some(o) = out.as_deref_mut() {
                        o.push(b);
                    }
                }
                b',' | b':' => {
                    if depth == 0 {
                        return Err(SkimError::Syntax { offset: self.offset(), expected: "a value", found: b });
                    }
                    self.pos += 1;
                    if let Some(o) = out.as_deref_mut() {
                        o.push(b);
                    }
                    continue;
                }
                b'"' => {
                    self.pos += 1;
                    match out.as_deref_mut() {
                        Some(o) => {
                            let start = o.len();
                            o.push(b'"');
                            if self.string_body(Some(o), max_string)? {
                                o.truncate(start);
                                o.extend_from_slice(b"\"\"");
                                capture.pruned_strings += 1;
                            } else {
                                o.push(b'"');
                            }
                        }
                        None => {
                            self.string_body(None, 0)?;
                        }
                    }
                }
                _ => self.scalar(out.as_deref_mut())?,
            }
            if depth == 0 {
                return Ok(capture);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skim(text: &str, cap: usize) -> Skimmer<&[u8]> {
        Skimmer::with_capacity(text.as_bytes(), cap)
    }

    #[test]
    fn capture_prunes_long_strings_and_drops_whitespace() {
        for cap in [16, 17, 1024] {
            let mut s = skim(r#" { "a" : [1, 2.5e3, true, null], "b": "short", "c": "a long string here", "d": "x\"y\\" } tail"#, cap);
            let mut out = Vec::new();
            let c = s.capture_value(&mut out, 8, usize::MAX).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), r#"{"a":[1,2.5e3,true,null],"b":"short","c":"","d":"x\"y\\"}"#, "cap {cap}");
            assert_eq!(c.pruned_strings, 1);
            assert_eq!(s.peek().unwrap(), Some(b't'));
        }
    }

    #[test]
    fn escapes_across_buffer_boundaries() {
        let text = r#"["\\\"\"\\", "\u00e9\\"]"#;
        for cap in 16..24 {
            let mut s = skim(text, cap);
            let mut out = Vec::new();
            s.capture_value(&mut out, 100, usize::MAX).unwrap();
            let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
            assert_eq!(v, serde_json::json!(["\\\"\"\\", "é\\"]));
            assert_eq!(s.peek().unwrap(), None);
        }
    }

    #[test]
    fn truncation_is_eof() {
        let text = r#"{"a": ["x", {"b": "yyyy"}]}"#;
        for n in 0..text.len() {
            let mut s = skim(&text[..n], 16);
            let r = s.skip_value();
            assert!(matches!(r, Err(SkimError::Eof { .. })), "{n}: {r:?}");
        }
        skim(text, 16).skip_value().unwrap();
    }

    #[test]
    fn budget_overflow_still_consumes() {
        let mut s = skim(r#"[1,2,3,4,5,6,7,8,9,10] 7"#, 16);
        let mut out = Vec::new();
        let c = s.capture_value(&mut out, 100, 4).unwrap();
        assert!(c.overflowed);
        assert_eq!(s.peek().unwrap(), Some(b'7'));
    }

    #[test]
    fn keys_and_members() {
        let mut s = skim(r#"{"log" : {}, "x": 1}"#, 16);
        let mut key = Vec::new();
        s.expect(b'{', "{").unwrap();
        s.key(&mut key).unwrap();
        assert_eq!(key, b"log");
        s.skip_value().unwrap();
        assert!(s.next_member(b'}').unwrap());
        s.key(&mut key).unwrap();
        assert_eq!(key, b"x");
        s.skip_value().unwrap();
        assert!(!s.next_member(b'}').unwrap());
    }

    #[test]
    fn bom_is_skipped() {
        let mut s = skim("\u{feff}{}", 16);
        s.skip_bom().unwrap();
        assert_eq!(s.peek().unwrap(), Some(b'{'));
    }
}
