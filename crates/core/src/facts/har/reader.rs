//! The lenient, streaming HAR 1.2 reader: `log.entries` one entry at a time, in bounded memory.
//!
//! What it accepts: Chrome, Edge, Firefox and Safari exports and Playwright's `recordHar`
//! (optional fields missing, `null`s, numbers as strings, headers as a list or a map, Chrome's
//! `_resourceType`/`_initiator`/`_error`, `_webSocketMessages` with times in seconds or
//! milliseconds, a UTF-8 byte order mark). What it refuses, with a [`HarError`] the CLI turns
//! into exit code 2: an empty file, bytes that are not JSON, JSON that is not a HAR, a file that
//! ends before the document does.
//!
//! Memory: a 1 MiB read buffer, one entry at a time copied without its long strings (response
//! bodies, data: URLs, large WebSocket frames), and one WebSocket frame at a time. Nothing
//! grows with the number of entries here; the caller decides what to keep.

use super::entry::{Entry, WsFrame};
use super::skim::{Capture, SkimError, Skimmer, describe_byte};
use serde_json::Value;
use std::io::Read;

/// Strings longer than this are dropped from an entry before it is parsed.
pub const MAX_STRING: usize = 32 * 1024;
/// Response bodies longer than this are dropped.
pub const MAX_BODY_STRING: usize = 8 * 1024;
/// An entry whose copy (after dropping long strings) outgrows this is counted, not analysed.
pub const MAX_ENTRY_BYTES: usize = 8 << 20;
const MAX_FRAME_BYTES: usize = 1 << 20;

/// Why a file could not be read as a HAR. Every variant is an input error (exit code 2).
#[derive(Debug)]
pub enum HarError {
    Io(std::io::Error),
    Empty,
    NotJson { offset: u64, found: u8 },
    NotHar(String),
    Truncated { offset: u64, entries: usize },
    Syntax { offset: u64, detail: String, entries: usize },
}

impl std::fmt::Display for HarError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HarError::Io(e) => write!(f, "cannot read it: {e}"),
            HarError::Empty => f.write_str("the file is empty: a HAR export is a JSON document with a `log` object"),
            HarError::NotJson { offset, found } => write!(
                f,
                "not a HAR file: it is not JSON ({} at byte {offset}); export one from the browser's DevTools: Network tab → Export HAR",
                describe_byte(*found)
            ),
            HarError::NotHar(why) => write!(f, "not a HAR file: {why}"),
            HarError::Truncated { offset, entries } => write!(
                f,
                "the HAR is truncated: the file ends at byte {offset}, inside the JSON document (after {entries} complete {}); export it again and make sure the download finished",
                if *entries == 1 { "entry" } else { "entries" }
            ),
            HarError::Syntax { offset, detail, entries } => write!(
                f,
                "the HAR is not valid JSON: {detail} (byte {offset}, after {entries} complete {})",
                if *entries == 1 { "entry" } else { "entries" }
            ),
        }
    }
}

/// What the reader learned about the file besides its entries.
#[derive(Debug, Default, Clone)]
pub struct HarMeta {
    pub version: Option<String>,
    pub creator: Option<(String, String)>,
    pub browser: Option<(String, String)>,
    pub pages: usize,
    /// The first page's title (Chrome puts the page URL there) and start time.
    pub first_page: Option<(String, String)>,
    pub entries: usize,
    /// Elements of `log.entries` that are not objects, or not parseable.
    pub malformed_entries: usize,
    /// Entries too large to analyse even without their long strings.
    pub oversized_entries: usize,
    /// Strings dropped because they were longer than [`MAX_STRING`] (mostly bodies).
    pub pruned_strings: usize,
    pub bytes: u64,
    /// The document had no `log.entries` array.
    pub no_entries_array: bool,
    /// Non-whitespace bytes after the document (ignored).
    pub trailing_data: bool,
}

/// Reads a HAR document, calling `on_entry` for each entry in file order.
pub fn read<R: Read>(input: R, mut on_entry: impl FnMut(Entry)) -> Result<HarMeta, HarError> {
    let mut s = Skimmer::new(input);
    let mut meta = HarMeta::default();
    let result = walk(&mut s, &mut meta, &mut on_entry);
    meta.bytes = s.offset();
    match result {
        Ok(()) => Ok(meta),
        Err(Walk::Har(e)) => Err(e),
        Err(Walk::Skim(SkimError::Io(e))) => Err(HarError::Io(e)),
        Err(Walk::Skim(SkimError::Eof { offset })) => Err(HarError::Truncated { offset, entries: meta.entries }),
        Err(Walk::Skim(SkimError::Syntax { offset, expected, found })) => {
            Err(HarError::Syntax { offset, detail: format!("expected {expected}, found {}", describe_byte(found)), entries: meta.entries })
        }
    }
}

enum Walk {
    Skim(SkimError),
    Har(HarError),
}

impl From<SkimError> for Walk {
    fn from(e: SkimError) -> Self {
        Walk::Skim(e)
    }
}

fn walk<R: Read>(s: &mut Skimmer<R>, meta: &mut HarMeta, on_entry: &mut impl FnMut(Entry)) -> Result<(), Walk> {
    s.skip_bom()?;
    let first = match s.peek()? {
        None => return Err(Walk::Har(HarError::Empty)),
        Some(b) => b,
    };
    match first {
        b'{' => {}
        b'[' => return Err(Walk::Har(HarError::NotHar("the JSON document is an array; a HAR is an object with a `log` key".into()))),
        b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n' => {
            return Err(Walk::Har(HarError::NotHar("the JSON document is a single value; a HAR is an object with a `log` key".into())));
        }
        other => return Err(Walk::Har(HarError::NotJson { offset: s.offset(), found: other })),
    }
    s.bump();
    let mut key = Vec::new();
    let mut other_keys: Vec<String> = Vec::new();
    let mut saw_log = false;
    if !s.is_empty_container(b'}')? {
        loop {
            s.key(&mut key)?;
            if key == b"log" && !saw_log {
                saw_log = true;
                if s.peek_some()? != b'{' {
                    return Err(Walk::Har(HarError::NotHar("`log` is not an object".into())));
                }
                walk_log(s, meta, on_entry)?;
            } else {
                if other_keys.len() < 6 {
                    other_keys.push(String::from_utf8_lossy(&key).into_owned());
                }
                s.skip_value()?;
            }
            if !s.next_member(b'}')? {
                break;
            }
        }
    }
    if !saw_log {
        let keys = if other_keys.is_empty() {
            "it is an empty object".to_string()
        } else {
            format!("its top-level keys are {}", other_keys.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", "))
        };
        return Err(Walk::Har(HarError::NotHar(format!("there is no `log` object ({keys})"))));
    }
    meta.trailing_data = s.peek()?.is_some();
    Ok(())
}

fn walk_log<R: Read>(s: &mut Skimmer<R>, meta: &mut HarMeta, on_entry: &mut impl FnMut(Entry)) -> Result<(), Walk> {
    s.bump(); // '{'
    let mut key = Vec::new();
    let mut small = Vec::new();
    let mut saw_entries = false;
    if s.is_empty_container(b'}')? {
        meta.no_entries_array = true;
        return Ok(());
    }
    loop {
        s.key(&mut key)?;
        match key.as_slice() {
            b"entries" if s.peek_some()? == b'[' => {
                saw_entries = true;
                walk_entries(s, meta, on_entry)?;
            }
            b"pages" if s.peek_some()? == b'[' => {
                s.bump();
                if !s.is_empty_container(b']')? {
                    loop {
                        small.clear();
                        s.capture_value(&mut small, 4096, 64 * 1024)?;
                        if meta.pages == 0
                            && let Ok(page) = serde_json::from_slice::<Value>(&small)
                        {
                            let title = page.get("title").and_then(Value::as_str).unwrap_or("").to_string();
                            let started = page.get("startedDateTime").and_then(Value::as_str).unwrap_or("").to_string();
                            meta.first_page = Some((title, started));
                        }
                        meta.pages += 1;
                        if !s.next_member(b']')? {
                            break;
                        }
                    }
                }
            }
            b"version" | b"creator" | b"browser" => {
                small.clear();
                s.capture_value(&mut small, 1024, 64 * 1024)?;
                if let Ok(v) = serde_json::from_slice::<Value>(&small) {
                    let name_version = |v: &Value| {
                        let name = v.get("name").and_then(Value::as_str)?.to_string();
                        Some((name, v.get("version").and_then(Value::as_str).unwrap_or("").to_string()))
                    };
                    match key.as_slice() {
                        b"version" => meta.version = v.as_str().map(str::to_string),
                        b"creator" => meta.creator = name_version(&v),
                        _ => meta.browser = name_version(&v),
                    }
                }
            }
            _ => s.skip_value()?,
        }
        if !s.next_member(b'}')? {
            break;
        }
    }
    meta.no_entries_array = !saw_entries;
    Ok(())
}

fn walk_entries<R: Read>(s: &mut Skimmer<R>, meta: &mut HarMeta, on_entry: &mut impl FnMut(Entry)) -> Result<(), Walk> {
    s.bump(); // '['
    if s.is_empty_container(b']')? {
        return Ok(());
    }
    let mut buf = Vec::with_capacity(64 * 1024);
    let mut frame_buf = Vec::new();
    let mut key = Vec::new();
    loop {
        let index = meta.entries + meta.malformed_entries + meta.oversized_entries;
        if s.peek_some()? != b'{' {
            s.skip_value()?;
            meta.malformed_entries += 1;
        } else {
            s.bump();
            buf.clear();
            buf.push(b'{');
            let mut frames: Vec<WsFrame> = Vec::new();
            let mut frames_seen = 0usize;
            let mut overflowed = false;
            let mut first = true;
            if !s.is_empty_container(b'}')? {
                loop {
                    s.key(&mut key)?;
                    if key == b"_webSocketMessages" && s.peek_some()? == b'[' {
                        s.bump();
                        if !s.is_empty_container(b']')? {
                            loop {
                                frame_buf.clear();
                                let c = s.capture_value(&mut frame_buf, MAX_STRING, MAX_FRAME_BYTES)?;
                                meta.pruned_strings += c.pruned_strings;
                                frames_seen += 1;
                                if !c.overflowed
                                    && let Some(frame) = super::lenient::frame(&frame_buf)
                                {
                                    frames.push(frame);
                                }
                                if !s.next_member(b']')? {
                                    break;
                                }
                            }
                        }
                    } else {
                        if !first {
                            buf.push(b',');
                        }
                        first = false;
                        buf.push(b'"');
                        buf.extend_from_slice(&key);
                        buf.extend_from_slice(b"\":");
                        let c = if key == b"response" && s.peek_some()? == b'{' {
                            capture_response(s, &mut buf)?
                        } else {
                            s.capture_value(&mut buf, MAX_STRING, MAX_ENTRY_BYTES)?
                        };
                        meta.pruned_strings += c.pruned_strings;
                        overflowed |= c.overflowed;
                    }
                    if !s.next_member(b'}')? {
                        break;
                    }
                }
            }
            buf.push(b'}');
            if overflowed {
                meta.oversized_entries += 1;
            } else {
                match super::lenient::entry(index, &buf, frames, frames_seen) {
                    Some(entry) => {
                        meta.entries += 1;
                        on_entry(entry);
                    }
                    None => meta.malformed_entries += 1,
                }
            }
        }
        if !s.next_member(b']')? {
            break;
        }
    }
    Ok(())
}

/// How one member of an object is captured.
type CaptureFn<'a, R> = dyn FnMut(&mut Skimmer<R>, &mut Vec<u8>) -> Result<Capture, SkimError> + 'a;

/// Copies an object (`{` is next), capturing the member `special` with `inner` and every
/// other member with `MAX_STRING`.
fn capture_object<R: Read>(
    s: &mut Skimmer<R>,
    buf: &mut Vec<u8>,
    special: &[u8],
    inner: &mut CaptureFn<'_, R>,
) -> Result<Capture, SkimError> {
    let mut total = Capture::default();
    let mut key = Vec::new();
    s.bump();
    buf.push(b'{');
    if !s.is_empty_container(b'}')? {
        let mut first = true;
        loop {
            s.key(&mut key)?;
            if !first {
                buf.push(b',');
            }
            first = false;
            buf.push(b'"');
            buf.extend_from_slice(&key);
            buf.extend_from_slice(b"\":");
            let c = if key == special { inner(s, buf)? } else { s.capture_value(buf, MAX_STRING, MAX_ENTRY_BYTES)? };
            total.pruned_strings += c.pruned_strings;
            total.overflowed |= c.overflowed;
            if !s.next_member(b'}')? {
                break;
            }
        }
    }
    buf.push(b'}');
    Ok(total)
}

/// `response`, with `content.text` (the body) kept only up to [`MAX_BODY_STRING`]: the
/// detectors read the start of short error bodies, never large ones, and bodies are most of
/// what a HAR holds.
fn capture_response<R: Read>(s: &mut Skimmer<R>, buf: &mut Vec<u8>) -> Result<Capture, SkimError> {
    capture_object(s, buf, b"content", &mut |s: &mut Skimmer<R>, buf: &mut Vec<u8>| {
        if s.peek_some()? != b'{' {
            return s.capture_value(buf, MAX_STRING, MAX_ENTRY_BYTES);
        }
        capture_object(s, buf, b"text", &mut |s: &mut Skimmer<R>, buf: &mut Vec<u8>| s.capture_value(buf, MAX_BODY_STRING, MAX_ENTRY_BYTES))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(text: &str) -> Result<(HarMeta, Vec<Entry>), HarError> {
        let mut entries = Vec::new();
        let meta = read(text.as_bytes(), |e| entries.push(e))?;
        Ok((meta, entries))
    }

    #[test]
    fn minimal_and_lenient() {
        let (meta, entries) = read_str(
            r#"{"log":{"version":"1.2","creator":{"name":"Firefox","version":"133.0"},"entries":[
                {"request":{"method":"GET","url":"https://a.test/x"},"response":{"status":"200","headers":{"Content-Type":"text/html"}}},
                null,
                {"request":{"url":"https://a.test/y","headers":[{"name":"Origin","value":"https://b.test"}, 5]},"response":{"status":null},"time":"12.5"},
                {}
            ]}}"#,
        )
        .unwrap();
        assert_eq!(meta.version.as_deref(), Some("1.2"));
        assert_eq!(meta.creator, Some(("Firefox".into(), "133.0".into())));
        assert_eq!((meta.entries, meta.malformed_entries), (3, 1));
        assert_eq!(entries[0].status, 200);
        assert_eq!(entries[0].response_header("content-type"), Some("text/html"));
        assert_eq!(entries[1].request_header("origin"), Some("https://b.test"));
        assert_eq!(entries[1].status, 0);
        assert_eq!(entries[1].index, 2);
    }

    #[test]
    fn refusals() {
        assert!(matches!(read_str(""), Err(HarError::Empty)));
        assert!(matches!(read_str("  \n"), Err(HarError::Empty)));
        assert!(matches!(read_str("\u{1}\u{2}garbage"), Err(HarError::NotJson { .. })));
        assert!(matches!(read_str("[1,2]"), Err(HarError::NotHar(_))));
        assert!(matches!(read_str(r#"{"name":"x"}"#), Err(HarError::NotHar(m)) if m.contains("`name`")));
        assert!(matches!(read_str(r#"{"log": 3}"#), Err(HarError::NotHar(_))));
        assert!(matches!(read_str(r#"{"log":{"entries":[{"a":1},"#), Err(HarError::Truncated { entries: 1, .. })));
        assert!(matches!(read_str(r#"{"log":{"entries":[{"a":1} {"b":2}]}}"#), Err(HarError::Syntax { .. })));
    }

    #[test]
    fn websocket_frames_and_long_bodies() {
        let body = "A".repeat(MAX_BODY_STRING + 10);
        let text = format!(
            r#"{{"log":{{"entries":[{{"_resourceType":"websocket","_webSocketMessages":[
                {{"type":"send","time":1700000000.5,"opcode":1,"data":"{{\"type\":\"Authenticate\",\"tokenType\":\"User\",\"value\":\"x\"}}"}},
                {{"type":"receive","time":1700000001000,"opcode":1,"data":"{{\"type\":\"AuthError\",\"error\":\"boom\"}}"}}
              ],"request":{{"url":"wss://x.convex.cloud/api/1.2/sync"}},"response":{{"status":101,"content":{{"text":"{body}"}}}}}}]}}}}"#
        );
        let (meta, entries) = read_str(&text).unwrap();
        assert_eq!(meta.pruned_strings, 1);
        let e = &entries[0];
        assert_eq!(e.frames.len(), 2);
        assert_eq!(e.frames[0].time_ms, Some(1_700_000_000_500));
        assert_eq!(e.frames[1].time_ms, Some(1_700_000_001_000));
        assert_eq!(e.frames[1].data.as_deref(), Some(r#"{"type":"AuthError","error":"boom"}"#));
        assert!(e.body_text().is_none());
    }
}
