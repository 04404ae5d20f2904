//! Secrets never leave the tool in full. Every string a reporter prints goes through
//! [`Redactor::redact`], which replaces each secret with its [`mask`]: prefix, length and a
//! short hash (`sk_test_…(83 chars, #3fa2)`), so two outputs can still be compared ("is it the
//! same key?") without showing the key.
//!
//! What counts as a secret:
//! - every value registered with [`Redactor::add_secret`] (the CLI registers env values whose
//!   name [`is_secret_name`], and every `sk_test_`/`sk_live_` value);
//! - every `sk_test_…` / `sk_live_…` run in any text (`sk_(test|live)_[A-Za-z0-9+/=_-]{8,}`);
//! - the signature segment of every JWT (`eyJ….….…`): header and payload stay readable.

use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::ops::Range;

/// Registered secrets shorter than this (in characters) are ignored, so that `true` or `3000`
/// are never masked.
pub const MIN_SECRET_CHARS: usize = 8;

const API_KEY_PREFIXES: [&str; 2] = ["sk_test_", "sk_live_"];
/// A deploy key's kind is shown; the deployment name and key are not.
const DEPLOY_KEY_PREFIXES: [&str; 3] = ["prod:", "dev:", "preview:"];

/// One secret found in a text: the byte range it occupies and what to print instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redaction {
    pub range: Range<usize>,
    pub replacement: String,
}

/// Knows the secret values of one run and masks them (and anything that looks like a secret)
/// in text.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    /// No duplicates. (Order does not change what is masked: every occurrence of every secret
    /// is found, and overlapping ones are merged.)
    secrets: std::collections::BTreeSet<String>,
    /// One automaton over the short `secrets`, built on first use after a change: a pasted env
    /// file can register thousands of values (each line of a multi-line one), and one search
    /// per secret over a multi-megabyte line took minutes. Secrets longer than
    /// [`AUTOMATON_MAX_SECRET`] are searched one by one instead (an automaton's size grows with
    /// its patterns; few values are that long).
    automaton: std::sync::OnceLock<Matchers>,
}

/// The search structures for the registered secrets, built once per change of the set: `find`
/// runs for every line a reporter prints, so it must not walk every secret each time.
#[derive(Debug, Clone, Default)]
struct Matchers {
    short: Option<aho_corasick::AhoCorasick>,
    long: Vec<memchr::memmem::Finder<'static>>,
}

/// Registered secrets up to this many bytes go into the automaton.
const AUTOMATON_MAX_SECRET: usize = 512;

impl Redactor {
    pub fn new() -> Self {
        Redactor::default()
    }

    /// Registers a known secret value. Values shorter than [`MIN_SECRET_CHARS`] are ignored. A
    /// multi-line value (a PEM key) is also registered line by line, so that a code frame
    /// showing one of its lines masks it too.
    pub fn add_secret(&mut self, value: &str) {
        let value = value.trim();
        self.insert(value);
        if value.contains('\n') {
            for line in value.lines() {
                self.insert(line.trim());
            }
        }
    }

    /// Registers `value` when the env var `name` holds a secret ([`is_secret_name`]) or the
    /// value is an API key (`sk_test_…`/`sk_live_…`).
    pub fn add_env(&mut self, name: &str, value: &str) {
        if is_secret_name(name) || is_api_key(value.trim()) {
            self.add_secret(value);
        }
    }

    /// Registers an env file entry like [`Redactor::add_env`], and also the value as written
    /// in `source` (the file's text): a code frame shows the line as written, and with escapes
    /// (`"pa\"ss"`, `\t`) that differs from the unescaped value.
    pub fn add_env_entry(&mut self, entry: &crate::env_file::EnvEntry, source: &str) {
        if is_secret_name(&entry.key) || is_api_key(entry.value.trim()) {
            self.add_secret(&entry.value);
            if let Some(raw) = source.get(entry.value_span.clone()) {
                self.add_secret(raw);
            }
        }
    }

    fn insert(&mut self, value: &str) {
        // A set, not a list searched on every insert: a multi-line value registers each of its
        // lines, and tens of thousands of them made registering quadratic.
        if value.chars().count() < MIN_SECRET_CHARS || self.secrets.contains(value) {
            return;
        }
        self.secrets.insert(value.to_string());
        self.automaton = std::sync::OnceLock::new();
    }

    /// How many secret values are registered.
    pub fn len(&self) -> usize {
        self.secrets.len()
    }

    pub fn is_empty(&self) -> bool {
        self.secrets.is_empty()
    }

    /// Every secret in `text`, sorted by position, non-overlapping (overlapping or touching
    /// secrets are merged into one range, masked as a whole).
    pub fn find(&self, text: &str) -> Vec<Redaction> {
        let mut ranges: Vec<(Range<usize>, bool)> = Vec::new(); // (range, is a JWT signature)
        let matchers = self.automaton.get_or_init(|| {
            let (short, long): (Vec<&String>, Vec<&String>) = self.secrets.iter().partition(|s| s.len() <= AUTOMATON_MAX_SECRET);
            Matchers {
                short: (!short.is_empty())
                    .then(|| {
                        aho_corasick::AhoCorasick::builder().kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA)).build(short).ok()
                    })
                    .flatten(),
                long: long.into_iter().map(|s| memchr::memmem::Finder::new(s.as_bytes()).into_owned()).collect(),
            }
        });
        if let Some(ac) = &matchers.short {
            // Overlapping: every occurrence of every secret, merged into ranges below.
            ranges.extend(ac.find_overlapping_iter(text).map(|m| (m.start()..m.end(), false)));
        }
        for finder in matchers.long.iter().filter(|f| f.needle().len() <= text.len()) {
            let n = finder.needle().len();
            ranges.extend(finder.find_iter(text.as_bytes()).map(|i| (i..i + n, false)));
        }
        ranges.extend(api_key_runs(text).into_iter().map(|r| (r, false)));
        ranges.extend(deploy_key_runs(text).into_iter().map(|r| (r, false)));
        ranges.extend(secret_parameter_values(text).into_iter().map(|r| (r, false)));
        ranges.extend(after_token_errors(text).into_iter().map(|r| (r, false)));
        ranges.extend(jwt_signatures(text).into_iter().map(|r| (r, true)));
        if ranges.is_empty() {
            return Vec::new();
        }
        ranges.sort_by(|a, b| a.0.start.cmp(&b.0.start).then(b.0.end.cmp(&a.0.end)));
        let mut merged: Vec<Range<usize>> = Vec::new();
        for (r, _) in &ranges {
            match merged.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => merged.push(r.clone()),
            }
        }
        merged
            .into_iter()
            .map(|range| {
                let replacement = mask(&text[range.clone()]);
                Redaction { range, replacement }
            })
            .collect()
    }

    /// `text` with every secret replaced by its [`mask`]. Borrowed when there is none.
    pub fn redact<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let found = self.find(text);
        if found.is_empty() {
            return Cow::Borrowed(text);
        }
        Cow::Owned(apply(text, &found))
    }

    /// Like [`Redactor::redact`], for an optional string.
    pub fn redact_opt(&self, text: Option<&str>) -> Option<String> {
        text.map(|t| self.redact(t).into_owned())
    }
}

/// What a command-line argument looks like when it is a secret: `Some("a JWT")`, `Some("a
/// WorkOS API key")`, `Some("a Convex deploy key")`. Used to say what a mistyped argument is
/// without repeating it.
pub fn secret_kind(arg: &str) -> Option<&'static str> {
    let arg = arg.trim();
    if is_api_key(arg) {
        return Some("a WorkOS API key");
    }
    if deploy_key_runs(arg).first().is_some_and(|r| r.start == 0 && r.end == arg.len()) {
        return Some("a Convex deploy key");
    }
    let bearer = arg.strip_prefix("Bearer ").unwrap_or(arg);
    if bearer.starts_with("eyJ") && bearer.split('.').count() == 3 && bearer.bytes().all(|b| is_base64url_char(b) || b == b'.') {
        return Some("a JWT");
    }
    None
}

/// Byte ranges of Convex deploy keys: `prod:…|…`, `dev:…|…`, `preview:…|…` (the deployment
/// name, a `|`, then at least 8 key characters).
fn deploy_key_runs(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(pos) = text[i..].find('|') {
        let bar = i + pos;
        i = bar + 1;
        let key_len = run_len(bytes, bar + 1, is_api_key_char);
        if key_len < MIN_SECRET_CHARS {
            continue;
        }
        // Back from the bar over the deployment name (`team:project` for previews).
        let name_start =
            bytes[..bar].iter().rposition(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':'))).map_or(0, |p| p + 1);
        let name = &text[name_start..bar];
        let is_key = ["prod:", "dev:", "preview:"].iter().any(|p| name.starts_with(p) && name.len() > p.len());
        if is_key && out.last().is_none_or(|r: &Range<usize>| r.end <= name_start) {
            out.push(name_start..bar + 1 + key_len);
            i = bar + 1 + key_len;
        }
    }
    out
}

/// Parameter names whose values are credentials wherever they appear: in a query string or a
/// form body (`refresh_token=…`, `?code=…`), in JSON (`"refresh_token": "…"`), in a log line.
const SECRET_PARAMETERS: &[&str] = &[
    "refresh_token",
    "refreshtoken",
    "access_token",
    "accesstoken",
    "id_token",
    "code",
    "authorization_code",
    "code_verifier",
    "session_id",
    "sessionid",
    "client_secret",
    "wos-session",
    "wos_session",
];

/// Whether a query, form or JSON parameter of this name holds a credential.
pub fn is_secret_parameter(name: &str) -> bool {
    SECRET_PARAMETERS.iter().any(|p| p.eq_ignore_ascii_case(name))
}

fn is_parameter_value_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'~' | b'+' | b'/' | b'=' | b'%' | b'-')
}

/// Byte ranges of the values of [`SECRET_PARAMETERS`] (at least 8 characters, so `code: 429`
/// stays readable).
fn secret_parameter_values(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !(bytes[i].is_ascii_alphabetic() && (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || matches!(bytes[i - 1], b'_' | b'-')))) {
            i += 1;
            continue;
        }
        let word_len = run_len(bytes, i, |b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        let word = &bytes[i..i + word_len];
        let next = i + word_len;
        i = next.max(i + 1);
        if !SECRET_PARAMETERS.iter().any(|p| p.as_bytes().eq_ignore_ascii_case(word)) {
            continue;
        }
        // `name=value`, `name: value`, `"name":"value"`, `name="value"`.
        let mut at = next;
        at += run_len(bytes, at, |b| b == b'"' || b == b'\'');
        at += run_len(bytes, at, |b| b == b' ');
        if !matches!(bytes.get(at), Some(b'=' | b':')) {
            continue;
        }
        at += 1;
        at += run_len(bytes, at, |b| b == b' ' || b == b'"' || b == b'\'' || b == b'\\');
        let value_len = run_len(bytes, at, is_parameter_value_char);
        if value_len >= MIN_SECRET_CHARS && !is_plain_word(&text[at..at + value_len]) {
            out.push(at..at + value_len);
            i = at + value_len;
        }
    }
    out
}

/// An error code or a word, not a credential: `invalid_grant`, `email_verification_required`,
/// `node_modules`, `Unauthenticated`. Credentials are random and mix case or digits; a random
/// string of 8+ characters that is all lowercase letters is vanishingly rare.
fn is_plain_word(value: &str) -> bool {
    let rest = value.strip_prefix(|c: char| c.is_ascii_uppercase()).unwrap_or(value);
    !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_lowercase() || matches!(b, b'_' | b'-' | b'.'))
}

/// WorkOS's refresh errors can quote the token they refused after the description
/// (`Refresh token already exchanged. <token>`): every token-like run after the phrase, to the
/// end of the line or string, is masked.
fn after_token_errors(text: &str) -> Vec<Range<usize>> {
    const PHRASE: &str = "already exchanged";
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let lower_has = text.len() >= PHRASE.len() && text.as_bytes().windows(PHRASE.len()).any(|w| w.eq_ignore_ascii_case(PHRASE.as_bytes()));
    if !lower_has {
        return out;
    }
    let mut i = 0;
    while i + PHRASE.len() <= bytes.len() {
        if !bytes[i..i + PHRASE.len()].eq_ignore_ascii_case(PHRASE.as_bytes()) {
            i += 1;
            continue;
        }
        let mut at = i + PHRASE.len();
        while at < bytes.len() && !matches!(bytes[at], b'\n' | b'"') {
            let n = run_len(bytes, at, is_base64url_char);
            if n >= 12 && !is_plain_word(&text[at..at + n]) {
                out.push(at..at + n);
            }
            at += n.max(1);
        }
        i = at;
    }
    out
}

/// Control characters (except newline and tab) and bidi overrides would let a scanned file
/// drive the terminal; they become visible stand-ins. CRLF becomes LF.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| replacement_for(c).is_some() || c == '\r') {
        return Cow::Borrowed(text);
    }
    let text = text.replace("\r\n", "\n");
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match replacement_for(c) {
            Some(r) => out.push(r),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The visible stand-in of a character unsafe to print, if it is one.
fn replacement_for(c: char) -> Option<char> {
    match c {
        '\n' | '\t' => None,
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32),
        '\u{7f}' => Some('\u{2421}'),
        '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => Some('\u{fffd}'),
        _ => None,
    }
}

/// Replaces each `Redaction` (sorted, non-overlapping) in `text`.
pub fn apply(text: &str, redactions: &[Redaction]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for r in redactions {
        out.push_str(&text[at..r.range.start]);
        out.push_str(&r.replacement);
        at = r.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Whether an env var of this name holds a secret: names containing `API_KEY`, `SECRET`,
/// `PASSWORD`, `PRIVATE_KEY`, `TOKEN` or `DEPLOY_KEY` (a Convex deploy key), except names
/// ending with `_URL`/`_URI` (`WORKOS_TOKEN_URL` is an address, not a secret).
pub fn is_secret_name(name: &str) -> bool {
    let name = name.trim().to_ascii_uppercase();
    if name == "WORKOS_COOKIE_PASSWORD" {
        return true;
    }
    if name.ends_with("_URL") || name.ends_with("_URI") {
        return false;
    }
    ["API_KEY", "APIKEY", "SECRET", "PASSWORD", "PRIVATE_KEY", "TOKEN", "DEPLOY_KEY"].iter().any(|w| name.contains(w))
}

/// Whether a value is a WorkOS API key (`sk_test_…`/`sk_live_…` with at least 8 more characters).
pub fn is_api_key(value: &str) -> bool {
    api_key_runs(value).first().is_some_and(|r| r.start == 0 && r.end == value.len())
}

/// The printable stand-in for a secret: `sk_test_…(83 chars, #3fa2)` for an API key,
/// `…(40 chars, #9c1e)` for anything else. The hash is the first 4 hex digits of the
/// secret's SHA-256, so equal secrets have equal masks.
pub fn mask(secret: &str) -> String {
    let prefix = API_KEY_PREFIXES.iter().chain(&DEPLOY_KEY_PREFIXES).find(|p| secret.starts_with(*p)).copied().unwrap_or("");
    let digest = Sha256::digest(secret.as_bytes());
    let hash = format!("{:02x}{:02x}", digest[0], digest[1]);
    format!("{prefix}…({} chars, #{hash})", secret.chars().count())
}

fn is_api_key_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'_' | b'-')
}

fn is_base64url_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// Length of the run of bytes from `from` satisfying `pred`.
fn run_len(bytes: &[u8], from: usize, pred: fn(u8) -> bool) -> usize {
    bytes[from.min(bytes.len())..].iter().take_while(|b| pred(**b)).count()
}

/// Byte ranges of `sk_(test|live)_[A-Za-z0-9+/=_-]{8,}`. All matched bytes are ASCII, so the
/// ranges lie on character boundaries whatever surrounds them.
fn api_key_runs(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(pos) = text[i..].find("sk_") {
        let start = i + pos;
        let after = start + 3;
        let matched = bytes[after..].starts_with(b"test_") || bytes[after..].starts_with(b"live_");
        if matched {
            let body = after + 5;
            let n = run_len(bytes, body, is_api_key_char);
            if n >= 8 {
                out.push(start..body + n);
                i = body + n;
                continue;
            }
        }
        i = after;
    }
    out
}

/// Byte ranges of JWT signatures: in `H.P.S` where `H` starts with `eyJ` and all three are
/// base64url, the range of `S` (at least 8 characters; an unsigned token has nothing to hide).
fn jwt_signatures(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(pos) = text[i..].find("eyJ") {
        let start = i + pos;
        let header_end = start + run_len(bytes, start, is_base64url_char);
        let mut next = start + 3;
        if bytes.get(header_end) == Some(&b'.') {
            let payload_start = header_end + 1;
            let payload_end = payload_start + run_len(bytes, payload_start, is_base64url_char);
            if payload_end > payload_start && bytes.get(payload_end) == Some(&b'.') {
                let sig_start = payload_end + 1;
                let sig_end = sig_start + run_len(bytes, sig_start, is_base64url_char);
                if sig_end - sig_start >= MIN_SECRET_CHARS {
                    out.push(sig_start..sig_end);
                }
                next = sig_end.max(next);
            }
        }
        i = next;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "sk_test_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9T0";

    fn windows(s: &str, n: usize) -> Vec<&str> {
        let idx: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
        (0..idx.len().saturating_sub(n)).map(|k| &s[idx[k]..idx[k + n]]).collect()
    }

    fn assert_hidden(out: &str, secret: &str) {
        // The public prefix of an API key is shown on purpose; nothing after it is.
        for w in windows(secret, MIN_SECRET_CHARS).into_iter().filter(|w| !API_KEY_PREFIXES.contains(w)) {
            assert!(!out.contains(w), "{w:?} of the secret survives in {out:?}");
        }
    }

    #[test]
    fn mask_shape_and_stability() {
        let m = mask(KEY);
        assert!(m.starts_with("sk_test_…(48 chars, #"), "{m}");
        assert_eq!(m, mask(KEY));
        assert_ne!(m, mask("sk_test_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9T1"));
        let other = mask("0123456789abcdefghij0123456789abcdefghij");
        assert!(other.starts_with("…(40 chars, #") && other.ends_with(')'), "{other}");
        assert_eq!(other.len(), "…(40 chars, #".len() + 5);
        assert!(mask("sk_live_ABCDEFGHIJ").starts_with("sk_live_…(18 chars, #"));
        // The hash is the first 4 hex digits of SHA-256: sha256("password") = 5e884898…
        assert_eq!(mask("password"), "…(8 chars, #5e88)");
    }

    #[test]
    fn api_keys_are_masked_without_registration() {
        let r = Redactor::new();
        let line = format!("WORKOS_API_KEY={KEY} # prod");
        let out = r.redact(&line);
        assert_eq!(out, format!("WORKOS_API_KEY={} # prod", mask(KEY)));
        assert_hidden(&out, KEY);
        // Too short to be a key; the mask itself is not re-masked.
        assert_eq!(r.redact("sk_test_abc"), "sk_test_abc");
        assert_eq!(r.redact(&out), out);
        assert!(matches!(r.redact("nothing here"), Cow::Borrowed(_)));
    }

    #[test]
    fn registered_secret_inside_a_longer_line() {
        let mut r = Redactor::new();
        let pw = "correct-horse-battery-staple-0123456789ab";
        r.add_secret(pw);
        r.add_secret("true"); // too short: ignored
        assert_eq!(r.len(), 1);
        let line = format!("password:\"{pw}\",enabled:true");
        let out = r.redact(&line);
        assert_eq!(out, format!("password:\"{}\",enabled:true", mask(pw)));
        assert_hidden(&out, pw);
        // Twice in a line.
        let twice = format!("{pw}{pw}");
        let out = r.redact(&twice);
        assert_hidden(&out, pw);
    }

    #[test]
    fn overlapping_secrets_are_merged() {
        let mut r = Redactor::new();
        let a = "AAAAAAAA1234BBBB";
        let b = "1234BBBBCCCCCCCC";
        r.add_secret(a);
        r.add_secret(b);
        r.add_secret("BBBB1234"); // nested inside neither; does not occur
        let text = "x=AAAAAAAA1234BBBBCCCCCCCC;";
        let out = r.redact(text);
        assert_hidden(&out, a);
        assert_hidden(&out, b);
        assert_eq!(out, format!("x={};", mask("AAAAAAAA1234BBBBCCCCCCCC")));
        // A registered key inside a longer sk_ run.
        let mut r = Redactor::new();
        r.add_secret(&KEY[..20]);
        let out = r.redact(KEY);
        assert_hidden(&out, KEY);
        assert_eq!(out, mask(KEY));
    }

    #[test]
    fn jwt_signature_only_is_masked() {
        let header = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0";
        let payload = "eyJpc3MiOiJodHRwczovL2FwaS53b3Jrb3MuY29tIiwic3ViIjoidXNlcl8xIn0";
        let sig = "c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmUtc2lnbmF0dXJl_-x";
        let jwt = format!("{header}.{payload}.{sig}");
        let r = Redactor::new();
        let text = format!("Bearer {jwt}, more");
        let out = r.redact(&text);
        assert_eq!(out, format!("Bearer {header}.{payload}.{}, more", mask(sig)));
        assert!(mask(sig).starts_with(&format!("…({} chars, #", sig.len())));
        assert_hidden(&out, sig);
        // Unsigned tokens and look-alikes are left alone.
        assert_eq!(r.redact(&format!("{header}.{payload}.")), format!("{header}.{payload}."));
        assert_eq!(r.redact("eyJ.x"), "eyJ.x");
        assert_eq!(r.redact("eyJabc..eyJ"), "eyJabc..eyJ");
    }

    #[test]
    fn multibyte_text_around_secrets() {
        let mut r = Redactor::new();
        let pw = "pässwörd-🙂-geheim-ü";
        r.add_secret(pw);
        let text = format!("é🙂{pw}🙂ésk_live_ÄÖÜsk_live_abcdefghij🙂eyJé.é.é eyJa.b.ccccccccc🙂");
        let out = r.redact(&text);
        assert_hidden(&out, pw);
        assert!(out.contains(&mask(pw)));
        assert!(out.contains(&mask("sk_live_abcdefghij")));
        assert!(out.contains(&format!("eyJa.b.{}🙂", mask("ccccccccc"))));
        // Every prefix of a tricky string, every char boundary: no panic.
        let tricky = "sk_test_🙂🙂 eyJ🙂.🙂.🙂 sk_live_ééééééééé";
        for (i, _) in tricky.char_indices() {
            let _ = r.redact(&tricky[i..]);
            let _ = r.redact(&tricky[..i]);
        }
    }

    #[test]
    fn multiline_secret_lines_are_registered() {
        let mut r = Redactor::new();
        r.add_secret("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----");
        let out = r.redact("  MIIEvQIBADANBgkqhkiG9w0BAQEFAASC  ");
        assert_hidden(&out, "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC");
    }

    proptest::proptest! {
        #[test]
        fn no_window_of_a_secret_survives(
            before in "[a-zé🙂 =\"._-]{0,20}",
            after in "[a-zé🙂 =\"._-]{0,20}",
            secret in "[A-Za-z0-9_+/=-]{8,60}",
            api_key in proptest::bool::ANY,
        ) {
            let secret = if api_key { format!("sk_live_{secret}") } else { secret };
            let mut r = Redactor::new();
            r.add_secret(&secret);
            let text = format!("{before}{secret}{after}{secret}");
            let out = r.redact(&text);
            assert_hidden(&out, &secret);
            // Redacting is idempotent.
            proptest::prop_assert_eq!(r.redact(&out), out.clone());
        }

        #[test]
        fn never_panics(text in "\\PC{0,80}") {
            let mut r = Redactor::new();
            r.add_secret("é🙂é🙂é🙂é🙂");
            let _ = r.redact(&text);
        }
    }

    #[test]
    fn credentials_in_parameters_and_after_refresh_errors() {
        let r = Redactor::new();
        let token = "RtKq7ZpX2vLm9NbW4cYs8HdF";
        for text in [
            format!("grant_type=refresh_token&refresh_token={token}&x=1"),
            format!("{{\"refresh_token\": \"{token}\"}}"),
            format!("GET /callback?code={token}&state=abc"),
            format!("Refresh token already exchanged. {token}"),
            format!("sessionId: {token}"),
        ] {
            let out = r.redact(&text);
            assert!(!out.contains(&token[..12]) && out.contains(&mask(token)), "{out}");
        }
        // Error codes and words stay readable.
        for text in [
            r#"{"code":"email_verification_required","message":"x"}"#,
            r#"{"code": "Unauthenticated"}"#,
            "Refresh token already exchanged. at handler (node_modules/x.js)",
            "code: 429",
        ] {
            assert_eq!(r.redact(text), text);
        }
    }

    #[test]
    fn deploy_keys_and_secret_shaped_arguments() {
        let key = "prod:happy-animal-123|eyJ2MiI6ImFiY2RlZmdoaWprbG1ub3AifQ";
        let out = Redactor::new().redact(&format!("CONVEX_DEPLOY_KEY={key} next")).into_owned();
        assert!(out.starts_with("CONVEX_DEPLOY_KEY=prod:…(") && out.ends_with(" next") && !out.contains("happy-animal"), "{out}");
        assert_eq!(secret_kind(key), Some("a Convex deploy key"));
        assert_eq!(secret_kind("sk_live_abcdefghijkl"), Some("a WorkOS API key"));
        assert_eq!(secret_kind("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"), Some("a JWT"));
        for not_secret in ["examples/vite-broken", "prod:", "check", "eyJ.only"] {
            assert_eq!(secret_kind(not_secret), None, "{not_secret}");
        }
    }

    #[test]
    fn secret_names() {
        for n in [
            "WORKOS_API_KEY",
            "WORKOS_COOKIE_PASSWORD",
            "WORKOS_WEBHOOK_SECRET",
            "WORKOS_ACTION_SECRET",
            "JWT_PRIVATE_KEY",
            "GITHUB_TOKEN",
            "CONVEX_DEPLOY_KEY",
            "workos_api_key",
        ] {
            assert!(is_secret_name(n), "{n}");
        }
        for n in ["WORKOS_CLIENT_ID", "NEXT_PUBLIC_CONVEX_URL", "WORKOS_TOKEN_URL", "SECRET_REDIRECT_URI", "WORKOS_REDIRECT_URI"] {
            assert!(!is_secret_name(n), "{n}");
        }
        let mut r = Redactor::new();
        r.add_env("WORKOS_CLIENT_ID", "client_01HXYZABCDEFGHJK");
        r.add_env("SOMETHING", KEY);
        r.add_env("WORKOS_WEBHOOK_SECRET", "whsec_0123456789");
        assert_eq!(r.len(), 2);
        assert!(is_api_key(KEY) && !is_api_key("sk_test_short") && !is_api_key(&format!("x{KEY}")));
    }
}
