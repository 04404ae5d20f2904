//! The recorder: browser events in, HAR 1.2 entries out.
//!
//! Events arrive in the order the browser reports them, which is not the order a HAR lists
//! them in: a response's raw headers (with `Set-Cookie`) may come before or after the response
//! itself, a redirect ends one hop and starts the next under the same request id, and a
//! WebSocket's frames trickle in for as long as it is open. [`Recorder`] keeps one
//! [`LiveEntry`] per hop and turns it into the JSON a browser's "Export HAR" writes (with
//! Chrome's `_resourceType`, `_initiator`, `_webSocketMessages` and `_error` fields), so the
//! same reader and detectors serve a file and a live session.

use crate::facts::har::entry::{Entry, WsFrame};
use crate::har::timeline::format_datetime_ms;
use serde_json::{Value, json};
use std::collections::HashMap;

/// Hops kept; later requests are only counted (a five-minute session has a few thousand).
pub const MAX_ENTRIES: usize = 50_000;
/// WebSocket messages kept per socket; later ones are only counted.
pub const MAX_FRAMES: usize = 2_000;
/// Longest WebSocket message or response body kept, in bytes.
pub const MAX_TEXT: usize = 64 * 1024;
/// Console text kept, in bytes.
pub const MAX_CONSOLE: usize = 4 << 20;

/// A response (or one hop of a redirect).
#[derive(Debug, Clone, Default)]
pub struct Response {
    pub status: u16,
    pub status_text: String,
    pub headers: Vec<(String, String)>,
    pub mime_type: String,
}

/// What a browser reports, in browser-neutral terms. Times are wall-clock milliseconds since the
/// Unix epoch.
#[derive(Debug, Clone)]
pub enum Event {
    /// A request is about to be sent. `redirect` is the response of the previous hop when the
    /// browser follows a redirect under the same `id`.
    Request {
        id: String,
        url: String,
        method: String,
        headers: Vec<(String, String)>,
        post_data: Option<String>,
        resource_type: Option<String>,
        initiator: Option<String>,
        wall_ms: i64,
        redirect: Option<Response>,
    },
    /// The headers as they went on the wire, with `Cookie` (Chrome's `ExtraInfo`).
    RequestHeaders {
        id: String,
        headers: Vec<(String, String)>,
    },
    Response {
        id: String,
        response: Response,
    },
    /// The headers as they came off the wire, with `Set-Cookie` (Chrome's `ExtraInfo`).
    ResponseHeaders {
        id: String,
        status: Option<u16>,
        headers: Vec<(String, String)>,
    },
    Finished {
        id: String,
        wall_ms: i64,
        body: Option<Body>,
    },
    /// The request finished and its body is being fetched: it is not judged until
    /// [`Event::Finished`] brings the body (a detector must not see a 4xx without its text).
    AwaitingBody {
        id: String,
    },
    Failed {
        id: String,
        wall_ms: i64,
        error: String,
    },
    WebSocketOpened {
        id: String,
        url: String,
        wall_ms: i64,
    },
    WebSocketHandshake {
        id: String,
        request_headers: Vec<(String, String)>,
        response: Response,
    },
    WebSocketFrame {
        id: String,
        sent: bool,
        opcode: i64,
        data: String,
        wall_ms: i64,
    },
    WebSocketClosed {
        id: String,
        wall_ms: i64,
    },
    /// A console message or an uncaught page error (`level` "error").
    Console {
        level: String,
        text: String,
        wall_ms: i64,
    },
}

#[derive(Debug, Clone)]
pub struct Body {
    pub text: String,
    pub base64: bool,
}

/// One request/response pair (one hop), or one WebSocket.
#[derive(Debug, Clone, Default)]
pub struct LiveEntry {
    pub id: String,
    pub started_ms: i64,
    pub ended_ms: Option<i64>,
    pub method: String,
    pub url: String,
    pub request_headers: Vec<(String, String)>,
    /// The wire headers replaced `request_headers` (they carry `Cookie`).
    pub raw_request_headers: bool,
    pub post_data: Option<String>,
    pub resource_type: Option<String>,
    pub initiator: Option<String>,
    pub response: Option<Response>,
    /// Wire headers (with `Set-Cookie`) that came before the response.
    pending_response_headers: Option<Vec<(String, String)>>,
    raw_response_headers: bool,
    pub redirect_url: String,
    pub body: Option<Body>,
    pub error: Option<String>,
    pub frames: Vec<WsFrame>,
    pub frames_seen: usize,
    /// Finished, with its body on the way.
    pub awaiting_body: bool,
    /// The entry as the HAR reader reads it, kept between analyses once built (a long session
    /// is re-analysed many times; most of its entries no longer change). Dropped on any change.
    as_read: std::cell::OnceCell<Entry>,
}

/// A browser session as HAR entries and console text.
#[derive(Debug, Default)]
pub struct Recorder {
    pub entries: Vec<LiveEntry>,
    /// Request id → index of its current hop.
    current: HashMap<String, usize>,
    /// Wire request headers that came before their request.
    early_headers: HashMap<String, Vec<(String, String)>>,
    pub dropped_entries: usize,
    /// Console lines, `level: text`, one per line.
    pub console: String,
    pub console_lines: usize,
    /// Bumped on every change: the analysis reruns only when it moved.
    pub version: u64,
    /// Wall time of the newest event.
    pub last_event_ms: Option<i64>,
}

impl Recorder {
    pub fn new() -> Recorder {
        Recorder::default()
    }

    /// The current hop of request `id`, about to change: its cached [`Entry`] is dropped.
    fn current_mut(&mut self, id: &str) -> Option<&mut LiveEntry> {
        let i = *self.current.get(id)?;
        let e = self.entries.get_mut(i)?;
        e.as_read = std::cell::OnceCell::new();
        Some(e)
    }

    fn start(&mut self, entry: LiveEntry) {
        if self.entries.len() >= MAX_ENTRIES {
            self.dropped_entries += 1;
            self.current.remove(&entry.id);
            return;
        }
        self.current.insert(entry.id.clone(), self.entries.len());
        self.entries.push(entry);
    }

    /// Takes one event.
    pub fn apply(&mut self, event: Event) {
        self.version += 1;
        match event {
            Event::Request { id, url, method, headers, post_data, resource_type, initiator, wall_ms, redirect } => {
                self.last_event_ms = Some(wall_ms);
                if let Some(resp) = redirect
                    && let Some(prev) = self.current_mut(&id)
                {
                    prev.redirect_url = url.clone();
                    prev.ended_ms = Some(wall_ms);
                    set_response(prev, resp);
                }
                let mut entry = LiveEntry {
                    id: id.clone(),
                    started_ms: wall_ms,
                    method: method.to_ascii_uppercase(),
                    url,
                    request_headers: headers,
                    post_data: post_data.map(|p| truncate(p, MAX_TEXT)),
                    resource_type: resource_type.map(|r| r.to_ascii_lowercase()),
                    initiator,
                    ..LiveEntry::default()
                };
                if let Some(raw) = self.early_headers.remove(&id) {
                    merge_request_headers(&mut entry, raw);
                }
                self.start(entry);
            }
            Event::RequestHeaders { id, headers } => match self.current_mut(&id) {
                // The wire headers of a hop that has not got its response yet.
                Some(e) if e.response.is_none() && !e.raw_request_headers => merge_request_headers(e, headers),
                _ => {
                    if self.early_headers.len() < 10_000 {
                        self.early_headers.insert(id, headers);
                    }
                }
            },
            Event::Response { id, response } => {
                if let Some(e) = self.current_mut(&id) {
                    set_response(e, response);
                }
            }
            Event::ResponseHeaders { id, status, headers } => {
                // A redirect's wire headers may come after the next hop started: give them to the
                // latest hop of this request whose status they carry.
                let hops: Vec<usize> = self.entries.iter().enumerate().rev().filter(|(_, e)| e.id == id).map(|(i, _)| i).take(20).collect();
                let target = hops
                    .iter()
                    .copied()
                    .find(|&i| {
                        let e = &self.entries[i];
                        !e.raw_response_headers && e.response.as_ref().is_some_and(|r| status.is_none_or(|s| s == r.status))
                    })
                    .or_else(|| hops.first().copied().filter(|&i| self.entries[i].response.is_none()));
                if let Some(i) = target {
                    let e = &mut self.entries[i];
                    e.as_read = std::cell::OnceCell::new();
                    if e.response.is_some() {
                        merge_response_headers(e, headers);
                    } else {
                        e.pending_response_headers = Some(headers);
                    }
                }
            }
            Event::Finished { id, wall_ms, body } => {
                self.last_event_ms = Some(wall_ms);
                if let Some(e) = self.current_mut(&id) {
                    e.ended_ms = Some(wall_ms);
                    e.awaiting_body = false;
                    e.body = body.map(|b| Body { text: truncate(b.text, MAX_TEXT), base64: b.base64 });
                }
            }
            Event::AwaitingBody { id } => {
                if let Some(e) = self.current_mut(&id) {
                    e.awaiting_body = true;
                }
            }
            Event::Failed { id, wall_ms, error } => {
                self.last_event_ms = Some(wall_ms);
                if let Some(e) = self.current_mut(&id) {
                    e.ended_ms = Some(wall_ms);
                    e.error = Some(error);
                }
            }
            Event::WebSocketOpened { id, url, wall_ms } => {
                self.last_event_ms = Some(wall_ms);
                self.start(LiveEntry {
                    id,
                    started_ms: wall_ms,
                    method: "GET".into(),
                    url,
                    resource_type: Some("websocket".into()),
                    ..LiveEntry::default()
                });
            }
            Event::WebSocketHandshake { id, request_headers, response } => {
                if let Some(e) = self.current_mut(&id) {
                    if !request_headers.is_empty() {
                        e.request_headers = request_headers;
                        e.raw_request_headers = true;
                    }
                    e.response = Some(response);
                    e.raw_response_headers = true;
                }
            }
            Event::WebSocketFrame { id, sent, opcode, data, wall_ms } => {
                self.last_event_ms = Some(wall_ms);
                if let Some(e) = self.current_mut(&id) {
                    e.frames_seen += 1;
                    if e.frames.len() < MAX_FRAMES {
                        let data = (data.len() <= MAX_TEXT && opcode == 1).then_some(data).filter(|d| !d.is_empty());
                        e.frames.push(WsFrame { sent, time_ms: Some(wall_ms), opcode, data });
                    }
                }
            }
            Event::WebSocketClosed { id, wall_ms } => {
                self.last_event_ms = Some(wall_ms);
                if let Some(e) = self.current_mut(&id) {
                    e.ended_ms = Some(wall_ms);
                }
            }
            Event::Console { level, text, wall_ms } => {
                self.last_event_ms = Some(wall_ms);
                if self.console.len() < MAX_CONSOLE {
                    for line in text.lines().filter(|l| !l.trim().is_empty()).take(200) {
                        self.console.push_str(&level);
                        self.console.push_str(": ");
                        self.console.push_str(line);
                        self.console.push('\n');
                        self.console_lines += 1;
                    }
                }
            }
        }
    }

    /// The entries that have an outcome (a response, a failure, or a WebSocket), in order. A
    /// request still in flight would read as one that got no answer (blocked, CORS), so it waits.
    /// Their positions are the entry numbers of the analysis and of a saved HAR.
    pub fn settled(&self) -> impl Iterator<Item = &LiveEntry> + '_ {
        self.entries.iter().filter(|e| e.is_settled())
    }

    /// The settled entries as the HAR reader's [`Entry`]s, in order. Each keeps its position
    /// among all requests as its index, so an entry's number does not change when an earlier
    /// request settles; when nothing is in flight (as when a watch ends) the numbers are those of
    /// the saved HAR.
    pub fn har_entries(&self) -> impl Iterator<Item = Entry> + '_ {
        self.entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.is_settled())
            .map(|(i, e)| e.as_read.get_or_init(|| Entry::from_value(i, e.to_har(), e.frames.clone(), e.frames_seen)).clone())
    }

    /// Requests sent that have had no answer yet.
    pub fn in_flight(&self) -> usize {
        self.entries.len() - self.settled().count()
    }
}

fn truncate(mut s: String, max: usize) -> String {
    if s.len() > max {
        let mut cut = max;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
    }
    s
}

fn merge_request_headers(e: &mut LiveEntry, raw: Vec<(String, String)>) {
    if !raw.is_empty() {
        e.request_headers = raw;
        e.raw_request_headers = true;
    }
}

fn set_response(e: &mut LiveEntry, resp: Response) {
    e.response = Some(resp);
    if let Some(headers) = e.pending_response_headers.take() {
        merge_response_headers(e, headers);
    }
}

fn merge_response_headers(e: &mut LiveEntry, raw: Vec<(String, String)>) {
    if let Some(r) = e.response.as_mut()
        && !raw.is_empty()
    {
        r.headers = raw;
        e.raw_response_headers = true;
    }
}

fn header_list(headers: &[(String, String)]) -> Value {
    // Chrome folds repeated headers (Set-Cookie) into one value, a line each: a HAR lists them.
    let mut out = Vec::new();
    for (name, value) in headers {
        for line in value.split('\n') {
            out.push(json!({ "name": name, "value": line }));
        }
    }
    Value::Array(out)
}

fn find<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

/// `Cookie: a=1; b=2` → HAR request cookies.
fn request_cookies(headers: &[(String, String)]) -> Value {
    let Some(cookie) = find(headers, "cookie") else { return json!([]) };
    Value::Array(
        cookie
            .split(';')
            .filter_map(|kv| {
                let (name, value) = kv.split_once('=').unwrap_or((kv, ""));
                let name = name.trim();
                (!name.is_empty()).then(|| json!({ "name": name, "value": value.trim() }))
            })
            .collect(),
    )
}

/// `Set-Cookie` lines → HAR response cookies (name, value, expires when given).
fn response_cookies(headers: &[(String, String)]) -> Value {
    let mut out = Vec::new();
    for (n, v) in headers {
        if !n.eq_ignore_ascii_case("set-cookie") {
            continue;
        }
        for line in v.split('\n') {
            let mut parts = line.split(';');
            let Some((name, value)) = parts.next().and_then(|p| p.split_once('=')) else { continue };
            let mut c = serde_json::Map::new();
            c.insert("name".into(), json!(name.trim()));
            c.insert("value".into(), json!(value.trim()));
            for attr in parts {
                let (k, val) = attr.split_once('=').unwrap_or((attr, ""));
                match k.trim().to_ascii_lowercase().as_str() {
                    "expires" => {
                        c.insert("expires".into(), json!(val.trim()));
                    }
                    "max-age" if val.trim().parse::<i64>().is_ok_and(|s| s <= 0) => {
                        // Already expired: what a browser's export shows for Max-Age=0.
                        c.insert("expires".into(), json!("1970-01-01T00:00:00.000Z"));
                    }
                    "path" => {
                        c.insert("path".into(), json!(val.trim()));
                    }
                    "httponly" => {
                        c.insert("httpOnly".into(), json!(true));
                    }
                    "secure" => {
                        c.insert("secure".into(), json!(true));
                    }
                    _ => {}
                }
            }
            out.push(Value::Object(c));
        }
    }
    Value::Array(out)
}

fn query_string(url: &str) -> Value {
    let query = url.split_once('?').map(|(_, q)| q.split('#').next().unwrap_or("")).unwrap_or("");
    Value::Array(
        query
            .split('&')
            .filter(|kv| !kv.is_empty())
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
                json!({ "name": k, "value": v })
            })
            .collect(),
    )
}

impl LiveEntry {
    /// It has an outcome: a response (a WebSocket's handshake, or its first message), a
    /// failure, or an end.
    pub fn is_settled(&self) -> bool {
        !self.awaiting_body && (self.response.is_some() || self.error.is_some() || self.ended_ms.is_some() || self.frames_seen > 0)
    }

    /// The entry as a HAR 1.2 `log.entries[]` object.
    pub fn to_har(&self) -> Value {
        let time = self.ended_ms.map_or(0, |end| (end - self.started_ms).max(0));
        let mut request = json!({
            "method": self.method,
            "url": self.url,
            "httpVersion": "HTTP/1.1",
            "headers": header_list(&self.request_headers),
            "queryString": query_string(&self.url),
            "cookies": request_cookies(&self.request_headers),
            "headersSize": -1,
            "bodySize": self.post_data.as_ref().map_or(0, |p| p.len() as i64),
        });
        if let Some(p) = &self.post_data {
            let mime = find(&self.request_headers, "content-type").unwrap_or("");
            request["postData"] = json!({ "mimeType": mime, "text": p });
        }
        let (status, status_text, headers, mime) = match &self.response {
            Some(r) => (r.status, r.status_text.clone(), r.headers.as_slice(), r.mime_type.clone()),
            None => (0, String::new(), &[][..], String::new()),
        };
        let mut content = json!({ "size": self.body.as_ref().map_or(0, |b| b.text.len()), "mimeType": mime });
        if let Some(b) = &self.body {
            content["text"] = json!(b.text);
            if b.base64 {
                content["encoding"] = json!("base64");
            }
        }
        let mut response = json!({
            "status": status,
            "statusText": status_text,
            "httpVersion": "HTTP/1.1",
            "headers": header_list(headers),
            "cookies": response_cookies(headers),
            "content": content,
            "redirectURL": self.redirect_url,
            "headersSize": -1,
            "bodySize": -1,
        });
        if let Some(err) = &self.error {
            response["_error"] = json!(err);
        }
        let mut entry = json!({
            "startedDateTime": format_datetime_ms(self.started_ms),
            "time": time,
            "request": request,
            "response": response,
            "cache": {},
            "timings": { "send": 0, "wait": time, "receive": 0 },
        });
        if let Some(t) = &self.resource_type {
            entry["_resourceType"] = json!(t);
        }
        if let Some(i) = &self.initiator {
            entry["_initiator"] = json!({ "type": i });
        }
        if !self.frames.is_empty() {
            entry["_webSocketMessages"] = Value::Array(
                self.frames
                    .iter()
                    .map(|f| {
                        json!({
                            "type": if f.sent { "send" } else { "receive" },
                            // Chrome writes seconds since the epoch.
                            "time": f.time_ms.unwrap_or(self.started_ms) as f64 / 1000.0,
                            "opcode": f.opcode,
                            "data": f.data.clone().unwrap_or_default(),
                        })
                    })
                    .collect(),
            );
        }
        entry
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(id: &str, url: &str, t: i64, redirect: Option<Response>) -> Event {
        Event::Request {
            id: id.into(),
            url: url.into(),
            method: "get".into(),
            headers: vec![("Accept".into(), "*/*".into())],
            post_data: None,
            resource_type: Some("Document".into()),
            initiator: Some("other".into()),
            wall_ms: t,
            redirect,
        }
    }

    #[test]
    fn a_redirect_chain_becomes_one_entry_per_hop_with_its_set_cookie() {
        let mut r = Recorder::new();
        r.apply(request("1", "http://localhost:3000/sign-out", 1_000, None));
        r.apply(Event::RequestHeaders { id: "1".into(), headers: vec![("Cookie".into(), "wos-session=abc; other=1".into())] });
        // The wire headers of the 307 arrive before the next hop starts…
        r.apply(Event::ResponseHeaders {
            id: "1".into(),
            status: Some(307),
            headers: vec![
                ("Location".into(), "http://localhost:3000/".into()),
                ("Set-Cookie".into(), "wos-session=; Path=/; Max-Age=0\nother=2; Path=/".into()),
            ],
        });
        let hop = Response { status: 307, status_text: "Temporary Redirect".into(), headers: vec![], mime_type: String::new() };
        r.apply(request("1", "http://localhost:3000/", 1_050, Some(hop)));
        r.apply(Event::Response {
            id: "1".into(),
            response: Response { status: 200, status_text: "OK".into(), headers: vec![], mime_type: "text/html".into() },
        });
        r.apply(Event::Finished { id: "1".into(), wall_ms: 1_080, body: None });
        let entries: Vec<Entry> = r.har_entries().collect();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].status, 307);
        assert_eq!(entries[0].redirect_url, "http://localhost:3000/");
        assert_eq!(entries[0].request_cookies, vec!["wos-session".to_string(), "other".to_string()]);
        let cleared: Vec<_> = entries[0].response_cookies.iter().filter(|c| c.2.is_some()).map(|c| c.0.as_str()).collect();
        assert_eq!(cleared, vec!["wos-session"]);
        assert_eq!(entries[0].duration_ms, Some(50.0));
        assert_eq!(entries[1].status, 200);
        assert_eq!(entries[1].resource_type.as_deref(), Some("document"));
    }

    #[test]
    fn wire_headers_that_come_after_the_response_still_land_on_it() {
        let mut r = Recorder::new();
        r.apply(request("7", "http://localhost:3000/callback?code=x&state=y", 0, None));
        r.apply(Event::Response {
            id: "7".into(),
            response: Response { status: 302, status_text: "Found".into(), headers: vec![], mime_type: String::new() },
        });
        r.apply(Event::ResponseHeaders {
            id: "7".into(),
            status: Some(302),
            headers: vec![("set-cookie".into(), "wos-session=sealed; Path=/; HttpOnly".into())],
        });
        let e: Vec<Entry> = r.har_entries().collect();
        assert_eq!(e[0].response_cookies.len(), 1);
        assert_eq!(e[0].response_cookies[0].0, "wos-session");
    }

    #[test]
    fn websocket_frames_are_kept_in_order_and_counted_past_the_cap() {
        let mut r = Recorder::new();
        r.apply(Event::WebSocketOpened { id: "ws".into(), url: "wss://x.convex.cloud/api/1.0/sync".into(), wall_ms: 5 });
        for i in 0..(MAX_FRAMES + 3) {
            r.apply(Event::WebSocketFrame {
                id: "ws".into(),
                sent: i % 2 == 0,
                opcode: 1,
                data: format!("{{\"n\":{i}}}"),
                wall_ms: 6 + i as i64,
            });
        }
        let e: Vec<Entry> = r.har_entries().collect();
        assert_eq!(e[0].frames.len(), MAX_FRAMES);
        assert_eq!(e[0].frames_seen, MAX_FRAMES + 3);
        assert!(e[0].frames[0].sent && !e[0].frames[1].sent);
    }

    #[test]
    fn console_keeps_one_line_per_message_line() {
        let mut r = Recorder::new();
        r.apply(Event::Console { level: "error".into(), text: "first\n\nsecond".into(), wall_ms: 1 });
        assert_eq!(r.console, "error: first\nerror: second\n");
        assert_eq!(r.console_lines, 2);
    }
}
