//! The vocabulary of known messages: each `logs/*` rule file declares a [`Matcher`] (the
//! substrings that identify its message, in every wording the tools have used) and an `explain`
//! function that turns one matched line into a [`Cause`].

use crate::rules::Rule;

/// How specific a message is. Where two matches of one [`Family`] sit within [`WINDOW`] lines of
/// each other, the less specific one is dropped: a [`Level::Wrapper`] ("Failed to refresh
/// session: …", "[AuthKit callback error]") says that something failed, the more specific line
/// next to it says why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Quotes another message on the same line (`Failed to authenticate: "…", check your server
    /// auth config`): dropped only when that message is recognised on the same line.
    Enclosing,
    Wrapper,
    Generic,
    Specific,
}

/// Messages that describe one failure at different depths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    None,
    /// The Convex backend rejecting a token, and the client giving up.
    ConvexAuth,
    /// A WorkOS session refresh failing.
    Refresh,
    /// The sign-in callback failing.
    Callback,
}

/// Lines around a match in which a more specific match makes it redundant.
pub const WINDOW: usize = 3;

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Matcher").field("rule", &self.rule.id).field("level", &self.level).finish_non_exhaustive()
    }
}

pub struct Matcher {
    pub rule: &'static Rule,
    /// Lowercase substrings; any one identifies the message. Matching is case-insensitive, on
    /// text with ANSI escapes removed and typographic quotes made plain.
    pub needles: &'static [&'static str],
    /// Lowercase substrings that, on the same line, mean it is another message.
    pub unless: &'static [&'static str],
    pub level: Level,
    pub family: Family,
    pub explain: fn(&Hit) -> Cause,
}

/// One match: the cleaned line and where the needle starts in it.
#[derive(Debug, Clone, Copy)]
pub struct Hit<'a> {
    /// The line with ANSI escapes removed and quotes normalised (original case).
    pub line: &'a str,
    /// Byte offset of the needle in `line`.
    pub at: usize,
    pub needle: &'static str,
}

impl<'a> Hit<'a> {
    pub fn new(line: &'a str, needle: &'static str) -> Option<Hit<'a>> {
        let at = line.to_ascii_lowercase().find(needle)?;
        Some(Hit { line, at, needle })
    }

    /// The line from the needle on.
    pub fn rest(&self) -> &'a str {
        &self.line[self.at..]
    }

    /// The message from the needle on, cut where an enclosing JSON string or quotation ends
    /// (`…"}`, `…", check your server auth config`), trailing punctuation trimmed.
    pub fn message(&self) -> &'a str {
        message_at(self.line, self.at)
    }

    /// The whole message the needle is part of: from the start of the quoted or JSON string
    /// around it (or the line), to [`Hit::message`]'s end.
    pub fn full_message(&self) -> &'a str {
        let start = self.full_start();
        let end = self.at + self.message().len();
        self.line[start..end].trim()
    }

    /// Where [`Hit::full_message`] starts.
    pub fn full_start(&self) -> usize {
        let before = &self.line[..self.at];
        match before.rfind('"') {
            Some(q) => q + 1,
            None => before.len() - before.trim_start().len(),
        }
    }

    /// Where `marker` (case-insensitive) starts in the line, if before the needle.
    pub fn start_of(&self, marker: &str) -> Option<usize> {
        self.line.to_ascii_lowercase().find(&marker.to_ascii_lowercase()).filter(|i| *i <= self.at)
    }

    /// The text after `marker` (case-insensitive) in the line, if it occurs after the needle
    /// start or anywhere when `anywhere`.
    pub fn after(&self, marker: &str) -> Option<&'a str> {
        let lower = self.line.to_ascii_lowercase();
        let i = lower.find(&marker.to_ascii_lowercase())?;
        Some(&self.line[i + marker.len()..])
    }

    /// The first `'…'` quoted word after `marker`.
    pub fn quoted_after(&self, marker: &str) -> Option<&'a str> {
        let rest = self.after(marker)?;
        let rest = rest.trim_start();
        let q = rest.chars().next().filter(|c| matches!(c, '\'' | '"' | '`'))?;
        let inner = &rest[1..];
        inner.find(q).map(|end| &inner[..end])
    }

    /// Whether the line contains `s` (case-insensitive).
    pub fn contains(&self, s: &str) -> bool {
        self.line.to_ascii_lowercase().contains(&s.to_ascii_lowercase())
    }
}

/// See [`Hit::message`].
pub fn message_at(line: &str, at: usize) -> &str {
    let rest = &line[at..];
    let bytes = rest.as_bytes();
    let mut end = rest.len();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if bytes.get(i + 1) == Some(&b'"') => {
                // A JSON-escaped quote ends a message quoted inside a JSON string.
                end = i;
                break;
            }
            b'"' => {
                end = i;
                break;
            }
            _ => {}
        }
        i += 1;
    }
    rest[..end].trim_end_matches([' ', '\t', ',', '\\', '}', ';']).trim_end()
}

/// What one matched message means.
#[derive(Debug, Clone, Default)]
pub struct Cause {
    /// Distinguishes causes of one rule (the env var name, the provider list, the kid); equal
    /// keys are one finding.
    pub key: String,
    pub message: String,
    pub help: String,
    /// The Convex text, verbatim, for messages Convex prints.
    pub convex_message: Option<String>,
    pub fix: String,
    /// The `token/*` rule the same failure is reported as by `authkit-doctor token`.
    pub token_rule: Option<&'static str>,
    /// The static rules (`authkit-doctor check`) that find what causes it, most likely first.
    pub static_rules: Vec<&'static str>,
    /// Where the message starts in the cleaned line, when before the needle (the finding's span
    /// runs from there to the needle's end).
    pub at: Option<usize>,
}

impl Cause {
    pub fn new(message: impl Into<String>) -> Cause {
        Cause { message: message.into(), ..Cause::default() }
    }

    pub fn key(mut self, key: impl Into<String>) -> Cause {
        self.key = key.into();
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Cause {
        self.help = help.into();
        self
    }

    pub fn fix(mut self, fix: impl Into<String>) -> Cause {
        self.fix = fix.into();
        self
    }

    pub fn convex(mut self, message: impl Into<String>) -> Cause {
        self.convex_message = Some(message.into());
        self
    }

    pub fn token(mut self, rule: &'static str) -> Cause {
        self.token_rule = Some(rule);
        self
    }

    pub fn at(mut self, at: usize) -> Cause {
        self.at = Some(at);
        self
    }

    pub fn rules(mut self, rules: &[&'static str]) -> Cause {
        self.static_rules = rules.to_vec();
        self
    }
}

/// Removes ANSI escape sequences and carriage returns, and makes typographic quotes plain
/// (`’` → `'`, `“”` → `"`). Returns the clean text and, for each of its bytes plus one past the
/// end, the byte offset in `line` it came from.
pub fn clean_line(line: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(line.len());
    let mut map = Vec::with_capacity(line.len() + 1);
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < line.len() {
        let b = bytes[i];
        if b == 0x1b {
            i += escape_len(&bytes[i..]);
            continue;
        }
        if b == b'\r' {
            i += 1;
            continue;
        }
        let c = line[i..].chars().next().unwrap_or('\u{fffd}');
        let len = c.len_utf8();
        let replacement = match c {
            '\u{2018}' | '\u{2019}' | '\u{2032}' => Some('\''),
            '\u{201c}' | '\u{201d}' => Some('"'),
            '\u{9b}' => {
                // C1 CSI: skip like ESC [.
                i += len;
                while i < bytes.len() && !(0x40..=0x7e).contains(&bytes[i]) {
                    i += 1;
                }
                i += 1;
                continue;
            }
            _ => None,
        };
        match replacement {
            Some(r) => {
                map.push(i);
                out.push(r);
            }
            None => {
                for k in 0..len {
                    map.push(i + k);
                }
                out.push(c);
            }
        }
        i += len;
    }
    map.push(line.len());
    (out, map)
}

/// `text` without ANSI escape sequences (colours, hyperlinks) and carriage returns: what a
/// terminal showed. Line breaks are kept, so line numbers stay those of the paste.
pub fn strip_ansi(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(['\x1b', '\r', '\u{9b}']) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        match bytes[i] {
            0x1b => i += escape_len(&bytes[i..]),
            b'\r' => i += 1,
            _ => {
                let c = text[i..].chars().next().unwrap_or('\u{fffd}');
                if c == '\u{9b}' {
                    i += c.len_utf8();
                    while i < bytes.len() && !(0x40..=0x7e).contains(&bytes[i]) {
                        i += 1;
                    }
                    i += 1;
                    continue;
                }
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Length of the escape sequence at the start of `b` (which starts with ESC).
fn escape_len(b: &[u8]) -> usize {
    match b.get(1) {
        Some(b'[') => {
            // CSI: parameters and intermediates, then a final byte 0x40..=0x7e.
            let mut i = 2;
            while i < b.len() && !(0x40..=0x7e).contains(&b[i]) {
                i += 1;
            }
            (i + 1).min(b.len())
        }
        Some(b']') => {
            // OSC: until BEL or ESC \.
            let mut i = 2;
            while i < b.len() {
                if b[i] == 0x07 {
                    return i + 1;
                }
                if b[i] == 0x1b && b.get(i + 1) == Some(&b'\\') {
                    return i + 2;
                }
                i += 1;
            }
            b.len()
        }
        // ESC and one ASCII byte (`ESC c`, `ESC 7`); before a non-ASCII character only the ESC.
        Some(c) if c.is_ascii() => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaning_keeps_a_map() {
        let line = "\x1b[31m✖ \x1b[39mEnvironment variable \x1b[1mWORKOS_CLIENT_ID\x1b[22m isn’t set\r";
        let (clean, map) = clean_line(line);
        assert_eq!(clean, "✖ Environment variable WORKOS_CLIENT_ID isn't set");
        assert_eq!(map.len(), clean.len() + 1);
        let at = clean.find("WORKOS").unwrap();
        assert_eq!(&line[map[at]..map[at] + 6], "WORKOS");
        let q = clean.find('\'').unwrap();
        assert_eq!(&line[map[q]..map[q] + 3], "’");
        let (clean, _) = clean_line("a\x1b]8;;http://x\x07link\x1b]8;;\x1b\\b\x1b");
        assert_eq!(clean, "alinkb");
        assert_eq!(strip_ansi("\x1b[1ma\x1b[0m\r\nb\u{9b}31mc"), "a\nbc");
        assert!(matches!(strip_ansi("plain\n"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn messages_end_with_their_quotes() {
        let line = r#"{"code":"NoAuthProvider","message":"No auth provider found matching the given token"}"#;
        let hit = Hit::new(line, "no auth provider found").unwrap();
        assert_eq!(hit.message(), "No auth provider found matching the given token");
        assert_eq!(hit.full_message(), "No auth provider found matching the given token");
        let line = r#"Failed to authenticate: "Could not decode token. JWT may be missing a 'kid' (key ID) header.", check your server auth config"#;
        let hit = Hit::new(line, "could not decode token").unwrap();
        assert_eq!(hit.message(), "Could not decode token. JWT may be missing a 'kid' (key ID) header.");
        let line = r#"{"msg":"Failed to authenticate: \"No auth provider found matching the given token\", check"}"#;
        let hit = Hit::new(line, "no auth provider found").unwrap();
        assert_eq!(hit.message(), "No auth provider found matching the given token");
        assert_eq!(hit.quoted_after("failed to authenticate:"), None);
        let line = "Invalid Content-Type 'text/html' when fetching JWKS from 'https://x'.";
        let hit = Hit::new(line, "when fetching jwks from").unwrap();
        assert_eq!(hit.quoted_after("content-type"), Some("text/html"));
    }
}
