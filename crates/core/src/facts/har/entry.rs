//! One HAR entry, as much of it as the detectors need, read leniently from the entry's JSON
//! (every field optional; numbers may be strings; headers a list or a map).

pub use crate::url::{Url, is_local_host, percent_decode};
use base64::Engine;
use serde_json::Value;

/// A request/response pair (or a WebSocket connection) of the HAR.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    /// 0-based position in `log.entries`.
    pub index: usize,
    pub started: Option<String>,
    /// `startedDateTime` as milliseconds since the Unix epoch.
    pub t_ms: Option<i64>,
    pub duration_ms: Option<f64>,
    pub method: String,
    pub url: String,
    /// Header names lowercased, in file order.
    pub request_headers: Vec<(String, String)>,
    pub request_cookies: Vec<String>,
    pub post_data: Option<String>,
    /// 0 when the request got no response (blocked, aborted, CORS, offline).
    pub status: u16,
    pub status_text: String,
    pub response_headers: Vec<(String, String)>,
    /// Set-cookie as parsed by the browser: name, value, expires.
    pub response_cookies: Vec<(String, String, Option<String>)>,
    pub mime_type: String,
    /// The response body as exported (base64 when `body_base64`), when it is short. Decode
    /// it with [`Entry::body_text`]: only the few entries that matter need it.
    pub body: Option<String>,
    pub body_base64: bool,
    pub redirect_url: String,
    /// Chrome's `_resourceType` (document, script, fetch, xhr, websocket, prefetch, …).
    pub resource_type: Option<String>,
    /// Chrome's `_initiator.type` (parser, script, preload, other).
    pub initiator: Option<String>,
    /// Why the request failed, when the browser says (Chrome `_error`, Playwright
    /// `_failureText`).
    pub error: Option<String>,
    pub frames: Vec<WsFrame>,
    /// Frames in the file, including those too large to keep.
    pub frames_seen: usize,
}

/// One WebSocket message (Chrome's and Playwright's `_webSocketMessages`).
#[derive(Debug, Clone, PartialEq)]
pub struct WsFrame {
    /// `true` for a message the page sent, `false` for one it received.
    pub sent: bool,
    pub time_ms: Option<i64>,
    pub opcode: i64,
    /// The text payload; `None` when it was dropped for its length or is binary.
    pub data: Option<String>,
}

impl WsFrame {
    pub fn from_value(v: &Value) -> Option<WsFrame> {
        let v = v.as_object()?;
        let sent = match v.get("type").and_then(Value::as_str) {
            Some("send") | Some("sent") | Some("outgoing") => true,
            Some("receive") | Some("received") | Some("incoming") => false,
            _ => return None,
        };
        // Chrome writes seconds since the epoch (a float), Playwright milliseconds.
        let time_ms =
            v.get("time").and_then(num).filter(|t| *t > 0.0).map(|t| if t > 1e11 { t as i64 } else { (t * 1000.0).round() as i64 });
        let opcode = v.get("opcode").and_then(num).map_or(1, |o| o as i64);
        let data = v.get("data").and_then(text).filter(|d| !d.is_empty());
        Some(WsFrame { sent, time_ms, opcode, data })
    }
}

/// A JSON number, or a string holding one.
pub fn num(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A JSON string, or a number or boolean as text.
pub fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn field<'v>(v: &'v Value, key: &str) -> Option<&'v Value> {
    v.as_object()?.get(key)
}

fn field_text(v: &Value, key: &str) -> Option<String> {
    field(v, key).and_then(text)
}

/// `[{name, value}]` (HAR) or `{name: value}` (some tools); names lowercased.
fn headers(v: Option<&Value>) -> Vec<(String, String)> {
    match v {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|h| {
                let name = field_text(h, "name")?;
                Some((name.to_ascii_lowercase(), field_text(h, "value").unwrap_or_default()))
            })
            .collect(),
        Some(Value::Object(map)) => map.iter().filter_map(|(k, v)| Some((k.to_ascii_lowercase(), text(v)?))).collect(),
        _ => Vec::new(),
    }
}

impl Entry {
    pub fn from_value(index: usize, mut v: Value, frames: Vec<WsFrame>, frames_seen: usize) -> Entry {
        // The body is moved out, not copied.
        let body = match v.pointer_mut("/response/content/text").map(Value::take) {
            Some(Value::String(s)) => Some(s),
            Some(other) => text(&other),
            None => None,
        }
        .filter(|b| !b.is_empty());
        let v = &v;
        let request = field(v, "request").filter(|r| r.is_object());
        let response = field(v, "response").filter(|r| r.is_object());
        let started = field_text(v, "startedDateTime");
        let t_ms = started.as_deref().and_then(parse_datetime_ms);
        let mut e = Entry {
            index,
            t_ms,
            started,
            duration_ms: field(v, "time").and_then(num).filter(|t| *t >= 0.0),
            resource_type: field_text(v, "_resourceType").map(|s| s.to_ascii_lowercase()),
            initiator: field(v, "_initiator").and_then(|i| field_text(i, "type")),
            frames,
            frames_seen,
            ..Entry::default()
        };
        if let Some(r) = request {
            e.method = field_text(r, "method").unwrap_or_default().to_ascii_uppercase();
            e.url = field_text(r, "url").unwrap_or_default();
            e.request_headers = headers(field(r, "headers"));
            e.request_cookies = match field(r, "cookies") {
                Some(Value::Array(cs)) => cs.iter().filter_map(|c| field_text(c, "name")).collect(),
                _ => Vec::new(),
            };
            e.post_data = field(r, "postData").and_then(|p| field_text(p, "text")).filter(|t| !t.is_empty());
        }
        if let Some(r) = response {
            e.status = field(r, "status").and_then(num).filter(|s| (0.0..1000.0).contains(s)).map_or(0, |s| s as u16);
            e.status_text = field_text(r, "statusText").unwrap_or_default();
            e.response_headers = headers(field(r, "headers"));
            e.response_cookies = match field(r, "cookies") {
                Some(Value::Array(cs)) => cs
                    .iter()
                    .filter_map(|c| Some((field_text(c, "name")?, field_text(c, "value").unwrap_or_default(), field_text(c, "expires"))))
                    .collect(),
                _ => Vec::new(),
            };
            e.redirect_url = field_text(r, "redirectURL").unwrap_or_default();
            e.error = ["_error", "_failureText", "_errorText"].iter().find_map(|k| field_text(r, k).filter(|s| !s.is_empty()));
            if let Some(c) = field(r, "content").filter(|c| c.is_object()) {
                e.mime_type = field_text(c, "mimeType").unwrap_or_default();
                e.body_base64 = field_text(c, "encoding").is_some_and(|enc| enc.eq_ignore_ascii_case("base64"));
            }
        }
        e.body = body;
        if e.mime_type.is_empty()
            && let Some(ct) = e.response_header("content-type")
        {
            e.mime_type = ct.to_string();
        }
        e
    }

    /// The response body as text (base64 decoded).
    pub fn body_text(&self) -> Option<String> {
        let body = self.body.as_deref()?;
        if !self.body_base64 {
            return Some(body.to_string());
        }
        let bytes = base64::engine::general_purpose::STANDARD.decode(body.trim().as_bytes()).ok()?;
        Some(String::from_utf8_lossy(&bytes).into_owned())
    }

    pub fn request_header(&self, name: &str) -> Option<&str> {
        self.request_headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    pub fn response_header(&self, name: &str) -> Option<&str> {
        self.response_headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    pub fn url(&self) -> Url<'_> {
        Url::parse(&self.url)
    }
}

/// An approximation of the browser's "site" (registrable domain): the last two labels, three
/// when the second-level label is short (`co.uk`, `com.au`). IP addresses are their own site.
pub fn site_of(host: &str) -> String {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if host.parse::<std::net::IpAddr>().is_ok() || !host.contains('.') {
        return host;
    }
    let labels: Vec<&str> = host.split('.').collect();
    let n = labels.len();
    let take = if n >= 3 && labels[n - 2].len() <= 3 && labels[n - 1].len() == 2 { 3 } else { 2 };
    labels[n.saturating_sub(take)..].join(".")
}

/// `2025-11-17T10:00:00.123Z`, `…+01:00`, `…-0500`, with or without fraction, as milliseconds
/// since the Unix epoch.
pub fn parse_datetime_ms(s: &str) -> Option<i64> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let n = |r: std::ops::Range<usize>| -> Option<i64> { s.get(r)?.parse().ok() };
    let (year, month, day) = (n(0..4)?, n(5..7)?, n(8..10)?);
    let (hour, minute, second) = (n(11..13)?, n(14..16)?, n(17..19)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut rest = &s[19..];
    let mut millis = 0i64;
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        let ms_digits = &frac[..digits.min(3)];
        millis = format!("{ms_digits:0<3}").parse().ok()?;
        rest = &frac[digits..];
    }
    let offset_min = match rest {
        "" | "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let digits: String = rest[1..].chars().filter(char::is_ascii_digit).collect();
            if digits.len() != 4 {
                return None;
            }
            sign * (digits[..2].parse::<i64>().ok()? * 60 + digits[2..].parse::<i64>().ok()?)
        }
    };
    // Days from civil (Howard Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146097 + doe - 719468;
    Some(((days * 86400 + hour * 3600 + minute * 60 + second) - offset_min * 60) * 1000 + millis)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetimes() {
        assert_eq!(parse_datetime_ms("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_datetime_ms("2025-11-17T10:00:00.123Z"), Some(1_763_373_600_123));
        assert_eq!(parse_datetime_ms("2025-11-17T11:00:00.123+01:00"), Some(1_763_373_600_123));
        assert_eq!(parse_datetime_ms("2025-11-17T05:00:00.1-0500"), Some(1_763_373_600_100));
        assert_eq!(parse_datetime_ms("2025-11-17T10:00:00.123456789Z"), Some(1_763_373_600_123));
        for bad in ["", "2025-11-17", "2025-13-17T10:00:00Z", "2025-11-17T10:00:00+1", "x025-11-17T10:00:00Z", "2025-11-17T10:00:00Q"] {
            assert_eq!(parse_datetime_ms(bad), None, "{bad}");
        }
    }

    #[test]
    fn sites() {
        assert_eq!(site_of("app.example.com"), "example.com");
        assert_eq!(site_of("api.workos.com"), "workos.com");
        assert_eq!(site_of("auth.example.co.uk"), "example.co.uk");
        assert_eq!(site_of("127.0.0.1"), "127.0.0.1");
        assert_eq!(site_of("localhost"), "localhost");
    }
}
