//! What the `har/*` detectors look at: the auth-relevant requests of a HAR, each reduced to a
//! [`Row`] (a few hundred bytes), plus counters over every entry. Built while the reader
//! streams; the entries themselves are dropped as soon as they are summarised.

pub mod entry;
mod lenient;
pub mod reader;
pub mod skim;

use self::entry::{Entry, Url, WsFrame, is_local_host};
use self::reader::HarMeta;
use crate::convex::no_auth_provider::{TokenClaims, decode_jwt};
use serde_json::Value;

/// Rows kept in memory; later auth-relevant requests are only counted.
pub const MAX_ROWS: usize = 20_000;
/// Bytes of a response or request body kept on a row.
const MAX_BODY: usize = 4096;
const MAX_URL: usize = 2048;
const MAX_FRAMES_KEPT: usize = 64;

/// What an auth-relevant request is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A top-level page load.
    Document,
    /// `POST …/user_management/authenticate` (code exchange or refresh).
    WorkosAuthenticate,
    /// `…/user_management/authorize` (the hosted sign-in page).
    WorkosAuthorize,
    /// `…/user_management/sessions/logout`.
    WorkosLogout,
    /// WorkOS's error pages (`error.workos.com`, `redirect-uri-invalid`).
    WorkosError,
    /// Any other WorkOS API call (JWKS, user, …).
    Workos,
    /// The Convex sync WebSocket.
    ConvexSocket,
    /// Convex HTTP API (`/api/query`, `/api/mutation`, `/api/action`, `*.convex.cloud`).
    ConvexHttp,
    /// The app's sign-in callback route.
    Callback,
    SignIn,
    SignOut,
    /// A script that was answered with HTML.
    ScriptAsHtml,
    /// A cross-origin request the browser blocked.
    Blocked,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Document => "document",
            Kind::WorkosAuthenticate => "workos-authenticate",
            Kind::WorkosAuthorize => "workos-authorize",
            Kind::WorkosLogout => "workos-logout",
            Kind::WorkosError => "workos-error",
            Kind::Workos => "workos",
            Kind::ConvexSocket => "convex-websocket",
            Kind::ConvexHttp => "convex-http",
            Kind::Callback => "callback",
            Kind::SignIn => "sign-in",
            Kind::SignOut => "sign-out",
            Kind::ScriptAsHtml => "script",
            Kind::Blocked => "blocked",
        }
    }
}

/// A Convex `Authenticate` message.
#[derive(Debug, Clone)]
pub struct AuthFrame {
    pub t_ms: Option<i64>,
    /// `User`, `Admin`, `None`.
    pub token_type: String,
    pub claims: Option<TokenClaims>,
    pub has_token: bool,
}

/// A Convex `AuthError` (or `FatalError`) message.
#[derive(Debug, Clone)]
pub struct AuthErrorFrame {
    pub t_ms: Option<i64>,
    pub error: String,
    pub auth_update_attempted: Option<bool>,
    pub fatal: bool,
}

/// The messages of one WebSocket, summarised.
#[derive(Debug, Clone, Default)]
pub struct WsSummary {
    /// Frames in the HAR (including unparseable or oversized ones).
    pub frames: usize,
    /// Message types in order of first appearance, with counts; `↑` sent, `↓` received.
    pub types: Vec<(String, usize)>,
    pub authenticates: Vec<AuthFrame>,
    pub errors: Vec<AuthErrorFrame>,
    /// Any frame looked like the Convex sync protocol.
    pub convex: bool,
}

impl WsSummary {
    fn from_frames(frames: &[WsFrame], frames_seen: usize) -> WsSummary {
        let mut s = WsSummary { frames: frames_seen, ..WsSummary::default() };
        for f in frames {
            let Some(data) = f.data.as_deref().filter(|d| d.trim_start().starts_with('{')) else { continue };
            let Ok(v) = serde_json::from_str::<Value>(data) else { continue };
            let Some(ty) = v.get("type").and_then(Value::as_str) else { continue };
            if matches!(
                ty,
                "Connect"
                    | "Authenticate"
                    | "ModifyQuerySet"
                    | "Transition"
                    | "AuthError"
                    | "FatalError"
                    | "Mutation"
                    | "Action"
                    | "MutationResponse"
                    | "ActionResponse"
                    | "Ping"
            ) {
                s.convex = true;
            }
            let label = format!("{}{ty}", if f.sent { "↑" } else { "↓" });
            match s.types.iter_mut().find(|(t, _)| *t == label) {
                Some((_, n)) => *n += 1,
                None => s.types.push((label, 1)),
            }
            match ty {
                "Authenticate" if f.sent && s.authenticates.len() < MAX_FRAMES_KEPT => {
                    let value = v.get("value").and_then(Value::as_str).unwrap_or("");
                    s.authenticates.push(AuthFrame {
                        t_ms: f.time_ms,
                        token_type: v.get("tokenType").and_then(Value::as_str).unwrap_or("").to_string(),
                        claims: decode_jwt(value),
                        has_token: !value.trim().is_empty(),
                    });
                }
                "AuthError" | "FatalError" if !f.sent && s.errors.len() < MAX_FRAMES_KEPT => {
                    let error = v.get("error").map(|e| e.as_str().map(str::to_string).unwrap_or_else(|| e.to_string())).unwrap_or_default();
                    s.errors.push(AuthErrorFrame {
                        t_ms: f.time_ms,
                        error,
                        auth_update_attempted: v.get("authUpdateAttempted").and_then(Value::as_bool),
                        fatal: ty == "FatalError",
                    });
                }
                _ => {}
            }
        }
        s
    }

    /// Whether a user token was sent (an `Authenticate` with a token, not `tokenType: None`).
    pub fn sent_user_token(&self) -> bool {
        self.authenticates.iter().any(|a| a.has_token && a.token_type != "None")
    }
}

/// One auth-relevant request.
#[derive(Debug, Clone)]
pub struct Row {
    /// 0-based index in `log.entries`.
    pub index: usize,
    pub t_ms: Option<i64>,
    pub kind: Kind,
    pub method: String,
    pub url: String,
    pub status: u16,
    pub status_text: String,
    pub resource_type: Option<String>,
    pub mime: String,
    /// Where a redirect goes (`Location`, or `redirectURL`).
    pub location: Option<String>,
    pub origin: Option<String>,
    pub referer: Option<String>,
    pub allow_origin: Option<String>,
    /// What marks the request as a prefetch (`Next-Router-Prefetch: 1`, `Sec-Purpose:
    /// prefetch`, …).
    pub prefetch: Option<String>,
    /// A React Server Components fetch (`_rsc` parameter or `RSC: 1`).
    pub rsc: bool,
    pub fetch_mode: Option<String>,
    pub navigation: bool,
    pub cookie_sent: bool,
    /// Cookies the response deletes (empty value, `Max-Age=0`, an expiry in the past).
    pub cookies_cleared: Vec<String>,
    pub cookies_set: Vec<String>,
    pub grant_type: Option<String>,
    /// The request body carries a `refresh_token` (authkit-js devMode) rather than relying on
    /// WorkOS's cookie.
    pub refresh_token_in_body: bool,
    pub body: Option<String>,
    pub error: Option<String>,
    pub ws: Option<WsSummary>,
    pub retry_after: Option<String>,
    /// The export recorded response headers (failed requests and some exporters have none).
    pub has_response_headers: bool,
}

impl Row {
    pub fn url(&self) -> Url<'_> {
        Url::parse(&self.url)
    }

    /// A refresh call to WorkOS (or an authenticate call whose grant is not recorded).
    pub fn is_refresh(&self) -> bool {
        self.kind == Kind::WorkosAuthenticate && self.grant_type.as_deref().is_none_or(|g| g == "refresh_token")
    }

    /// `entry 12 (+3.2 s)` relative to `start`.
    pub fn cite(&self, start: Option<i64>) -> String {
        match (self.t_ms, start) {
            (Some(t), Some(s)) => format!("entry {} (+{:.1} s)", self.index + 1, (t - s) as f64 / 1000.0),
            _ => format!("entry {}", self.index + 1),
        }
    }

    /// `GET https://host/path` with the query's values hidden except a few harmless ones.
    pub fn request_line(&self) -> String {
        format!("{} {}", self.method, display_url(&self.url))
    }

    /// The body parsed as JSON, if it is.
    pub fn body_json(&self) -> Option<Value> {
        serde_json::from_str(self.body.as_deref()?).ok()
    }
}

/// Query parameters whose values are shown; others print as `name=…`.
const SHOWN_PARAMS: &[&str] =
    &["error", "error_description", "redirect_uri", "grant_type", "provider", "screen_hint", "response_type", "client_id", "return_to"];

/// A URL for display: scheme, host, path, and the query with only harmless values kept
/// (authorization codes, states and session ids become `…`).
pub fn display_url(url: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, q.split('#').next().unwrap_or("")),
        None => (url.split('#').next().unwrap_or(url), ""),
    };
    if url.starts_with("data:") {
        return format!("{}…", &url[..url.len().min(24)]);
    }
    if query.is_empty() {
        return base.to_string();
    }
    let params: Vec<String> = query
        .split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| match kv.split_once('=') {
            Some((k, v)) if SHOWN_PARAMS.contains(&k) || v.is_empty() => format!("{k}={v}"),
            Some((k, _)) => format!("{k}=…"),
            None => kv.to_string(),
        })
        .collect();
    format!("{base}?{}", params.join("&"))
}

/// Everything the detectors get.
#[derive(Debug, Default)]
pub struct HarFacts {
    pub meta: HarMeta,
    /// Auth-relevant requests, ordered by start time (then file order).
    pub rows: Vec<Row>,
    /// Auth-relevant requests beyond [`MAX_ROWS`].
    pub rows_dropped: usize,
    /// The earliest start time in the file: "+0.0 s" of the timeline.
    pub start_ms: Option<i64>,
    pub end_ms: Option<i64>,
    /// Requests carrying a Cookie or Authorization header (or a cookies list).
    pub requests_with_credentials: usize,
    /// Responses carrying Set-Cookie.
    pub responses_setting_cookies: usize,
    pub websockets: usize,
    pub websocket_frames: usize,
    /// The page's origin: from the first page title that is a URL, or the first document.
    pub page_origin: Option<String>,
    /// The first entry that sent an AuthKit session cookie (`wos-session`,
    /// `workos-has-session`, `workos-access-token`).
    pub session_cookie_entry: Option<usize>,
}

impl HarFacts {
    pub fn new() -> HarFacts {
        HarFacts::default()
    }

    /// Looks at one entry: counts it, and keeps a [`Row`] when it matters for auth.
    pub fn add(&mut self, e: Entry) {
        if let Some(t) = e.t_ms {
            self.start_ms = Some(self.start_ms.map_or(t, |s| s.min(t)));
            let end = t + e.duration_ms.unwrap_or(0.0) as i64;
            self.end_ms = Some(self.end_ms.map_or(end, |x| x.max(end)));
        }
        for f in &e.frames {
            if let Some(t) = f.time_ms {
                self.end_ms = Some(self.end_ms.map_or(t, |x| x.max(t)));
            }
        }
        let cookie_sent = e.request_header("cookie").is_some() || !e.request_cookies.is_empty();
        if cookie_sent || e.request_header("authorization").is_some() {
            self.requests_with_credentials += 1;
        }
        if self.session_cookie_entry.is_none() {
            let names = e.request_cookies.iter().map(String::as_str).chain(
                e.request_header("cookie").into_iter().flat_map(|c| c.split(';').map(|kv| kv.split('=').next().unwrap_or("").trim())),
            );
            if names.into_iter().any(|n| SESSION_COOKIES.contains(&n)) {
                self.session_cookie_entry = Some(e.index);
            }
        }
        if e.response_header("set-cookie").is_some() || !e.response_cookies.is_empty() {
            self.responses_setting_cookies += 1;
        }
        let is_ws = e.resource_type.as_deref() == Some("websocket") || e.url.starts_with("ws") || e.frames_seen > 0 || e.status == 101;
        if is_ws {
            self.websockets += 1;
            self.websocket_frames += e.frames_seen;
        }
        let Some(kind) = classify(&e, is_ws) else { return };
        if kind == Kind::Document && self.page_origin.is_none() {
            let u = e.url();
            if !u.host.is_empty() {
                self.page_origin = Some(u.origin());
            }
        }
        if self.rows.len() >= MAX_ROWS {
            self.rows_dropped += 1;
            return;
        }
        let row = make_row(e, kind, cookie_sent, is_ws);
        self.rows.push(row);
    }

    /// Orders rows by time; call once after the last [`HarFacts::add`].
    pub fn finish(&mut self, meta: HarMeta) {
        if self.page_origin.is_none()
            && let Some((title, _)) = &meta.first_page
        {
            let u = Url::parse(title);
            if matches!(u.scheme, "http" | "https") && !u.host.is_empty() {
                self.page_origin = Some(u.origin());
            }
        }
        self.meta = meta;
        self.rows.sort_by_key(|r| (r.t_ms.unwrap_or(i64::MAX), r.index));
    }

    /// The export has no Cookie, Set-Cookie or Authorization header anywhere although it shows a
    /// server-side sign-in or a sign-out: what Chrome's default "Export HAR (sanitized)"
    /// produces.
    pub fn looks_sanitized(&self) -> bool {
        // A server-side callback that redirects has set a session cookie, and a server-side
        // sign-out route clears one: without any cookie header around them the export
        // dropped them. (An SPA may legitimately have no cookie at all.)
        self.requests_with_credentials == 0
            && self.responses_setting_cookies == 0
            && self.rows.iter().any(|r| matches!(r.kind, Kind::Callback | Kind::SignOut) && (300..400).contains(&r.status))
    }

    /// Rows of one kind.
    pub fn of(&self, kind: Kind) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(move |r| r.kind == kind)
    }
}

/// Cookies that mean an AuthKit session exists.
const SESSION_COOKIES: &[&str] = &["wos-session", "workos-has-session", "workos-access-token"];

fn header_has(e: &Entry, name: &str, needle: &str) -> bool {
    e.request_header(name).is_some_and(|v| v.to_ascii_lowercase().contains(needle))
}

const SIGN_OUT_NAMES: &[&str] = &["sign-out", "signout", "sign_out", "logout", "log-out", "log_out"];
const SIGN_IN_NAMES: &[&str] = &["sign-in", "signin", "sign_in", "login", "log-in", "sign-up", "signup", "sign_up", "register"];

fn is_script_like(e: &Entry, u: &Url) -> bool {
    if e.resource_type.as_deref() == Some("script") || e.request_header("sec-fetch-dest").is_some_and(|d| d.eq_ignore_ascii_case("script"))
    {
        return true;
    }
    let path = u.path.to_ascii_lowercase();
    let scripty = [".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx"].iter().any(|ext| path.ends_with(ext));
    scripty && !matches!(e.resource_type.as_deref(), Some("document" | "fetch" | "xhr"))
}

/// What an entry is, for auth; `None` when it does not matter.
fn classify(e: &Entry, is_ws: bool) -> Option<Kind> {
    let u = e.url();
    let host = u.host.to_ascii_lowercase();
    let path = u.path.to_ascii_lowercase();
    let workos_host = host == "api.workos.com" || host.ends_with(".workos.com") || host.ends_with(".authkit.app");
    if host == "error.workos.com" || path.contains("redirect-uri-invalid") {
        return Some(Kind::WorkosError);
    }
    // A CORS preflight (Chrome lists them since v98) asks whether the exchange may be sent; it
    // is not one: counted as one, a 204 read as a sign-in and a 403 as a rejected refresh.
    if path.ends_with("/user_management/authenticate") && e.method != "OPTIONS" {
        return Some(Kind::WorkosAuthenticate);
    }
    if path.ends_with("/user_management/authorize") {
        return Some(Kind::WorkosAuthorize);
    }
    if path.ends_with("/user_management/sessions/logout") {
        return Some(Kind::WorkosLogout);
    }
    if workos_host || path.contains("/user_management/") || path.starts_with("/sso/jwks/") {
        return Some(Kind::Workos);
    }
    let convex_host = host.ends_with(".convex.cloud") || host.ends_with(".convex.site");
    let sync_path = path.starts_with("/api/") && path.ends_with("/sync");
    if is_ws
        && (convex_host
            || sync_path
            || e.frames
                .iter()
                .any(|f| f.data.as_deref().is_some_and(|d| d.contains("\"type\":\"Connect\"") || d.contains("\"type\":\"Authenticate\""))))
    {
        return Some(Kind::ConvexSocket);
    }
    if convex_host || (!is_ws && ["/api/query", "/api/mutation", "/api/action", "/api/run/"].iter().any(|p| path.starts_with(p))) {
        return Some(Kind::ConvexHttp);
    }
    let mime = e.mime_type.to_ascii_lowercase();
    if mime.starts_with("text/html") && is_script_like(e, &u) {
        return Some(Kind::ScriptAsHtml);
    }
    let last = u.last_segment();
    if last == "callback" || path.contains("/callback/") || (u.has_param("code") && u.has_param("state") && !workos_host) {
        return Some(Kind::Callback);
    }
    if SIGN_OUT_NAMES.contains(&last.as_str()) {
        return Some(Kind::SignOut);
    }
    if SIGN_IN_NAMES.contains(&last.as_str()) {
        return Some(Kind::SignIn);
    }
    let navigation = e.resource_type.as_deref() == Some("document") || header_has(e, "sec-fetch-mode", "navigate");
    if navigation && !host.is_empty() {
        return Some(Kind::Document);
    }
    // A cross-origin request that failed without a response: what CORS failures look like.
    let sender = e.request_header("origin").map(str::to_string).or_else(|| {
        matches!(e.resource_type.as_deref(), Some("fetch" | "xhr"))
            .then(|| e.request_header("referer").map(|r| Url::parse(r).origin()))
            .flatten()
    });
    if e.status == 0
        && sender.is_some_and(|o| o == "null" || o != u.origin())
        && (e.error.as_deref().is_some_and(|er| er.to_ascii_lowercase().contains("cors") || er.contains("ERR_FAILED")) || e.error.is_none())
    {
        return Some(Kind::Blocked);
    }
    None
}

/// Whether a `Set-Cookie` (as the browser parsed it, or the raw header) deletes the cookie.
fn clearing(value: &str, expires: Option<&str>, raw_attrs: &str) -> bool {
    let attrs = raw_attrs.to_ascii_lowercase();
    value.is_empty()
        || attrs.contains("max-age=0")
        || attrs.contains("max-age=-")
        || expires.or_else(|| attrs.split(';').find_map(|a| a.trim().strip_prefix("expires="))).is_some_and(|x| {
            let x = x.trim();
            x.contains("1970") || entry::parse_datetime_ms(x).is_some_and(|t| t < 946_684_800_000)
        })
}

fn make_row(e: Entry, kind: Kind, cookie_sent: bool, is_ws: bool) -> Row {
    let u = e.url();
    let prefetch = if let Some(v) = e.request_header("next-router-prefetch") {
        Some(format!("Next-Router-Prefetch: {v}"))
    } else if e.request_header("next-router-segment-prefetch").is_some() {
        Some("Next-Router-Segment-Prefetch".to_string())
    } else if let Some(v) = ["sec-purpose", "purpose", "x-purpose", "x-moz"].iter().find_map(|h| {
        e.request_header(h).filter(|v| v.to_ascii_lowercase().contains("prefetch") || v.eq_ignore_ascii_case("preview")).map(|v| (h, v))
    }) {
        Some(format!("{}: {}", header_case(v.0), v.1))
    } else if e.resource_type.as_deref() == Some("prefetch") {
        Some("resource type prefetch".to_string())
    } else {
        None
    };
    let rsc = u.has_param("_rsc") || e.request_header("rsc").is_some_and(|v| v.trim() == "1");
    let mut cookies_cleared = Vec::new();
    let mut cookies_set = Vec::new();
    for (name, value, expires) in &e.response_cookies {
        if clearing(value, expires.as_deref(), "") {
            cookies_cleared.push(name.clone());
        } else {
            cookies_set.push(name.clone());
        }
    }
    for (n, v) in &e.response_headers {
        if n != "set-cookie" {
            continue;
        }
        // Several cookies may be folded into one header value, one per line.
        for line in v.lines() {
            let (pair, attrs) = line.split_once(';').unwrap_or((line, ""));
            let Some((name, value)) = pair.split_once('=') else { continue };
            let name = name.trim().to_string();
            let target = if clearing(value.trim(), None, attrs) { &mut cookies_cleared } else { &mut cookies_set };
            if !target.contains(&name) {
                target.push(name);
            }
        }
    }
    let (grant_type, refresh_token_in_body) = match &e.post_data {
        Some(body) if kind == Kind::WorkosAuthenticate => {
            let json: Option<Value> = serde_json::from_str(body).ok();
            let grant = json
                .as_ref()
                .and_then(|v| v.get("grant_type").and_then(Value::as_str).map(str::to_string))
                .or_else(|| Url::parse(&format!("?{body}")).param("grant_type"));
            let rt = json.as_ref().map_or_else(
                || body.contains("refresh_token="),
                |v| v.get("refresh_token").is_some_and(|t| t.as_str().is_some_and(|s| !s.is_empty())),
            );
            (grant, rt)
        }
        _ => (None, false),
    };
    let keep_body = matches!(
        kind,
        Kind::WorkosAuthenticate | Kind::WorkosError | Kind::Workos | Kind::ConvexHttp | Kind::Callback | Kind::WorkosAuthorize
    );
    let body = if keep_body { e.body_text().map(|b| truncate(&b, MAX_BODY)) } else { None };
    let location =
        e.response_header("location").map(str::to_string).or_else(|| (!e.redirect_url.is_empty()).then(|| e.redirect_url.clone()));
    let navigation = e.resource_type.as_deref() == Some("document") || header_has(&e, "sec-fetch-mode", "navigate");
    let ws = is_ws.then(|| WsSummary::from_frames(&e.frames, e.frames_seen));
    Row {
        index: e.index,
        t_ms: e.t_ms,
        kind,
        method: if is_ws && e.method.is_empty() { "GET".into() } else { e.method.clone() },
        url: truncate(&e.url, MAX_URL),
        status: e.status,
        status_text: e.status_text.clone(),
        resource_type: e.resource_type.clone(),
        mime: e.mime_type.clone(),
        location,
        origin: e.request_header("origin").map(str::to_string),
        referer: e.request_header("referer").map(str::to_string),
        allow_origin: e.response_header("access-control-allow-origin").map(str::to_string),
        prefetch,
        rsc,
        fetch_mode: e.request_header("sec-fetch-mode").map(str::to_string),
        navigation,
        cookie_sent,
        cookies_cleared,
        cookies_set,
        grant_type,
        refresh_token_in_body,
        body,
        error: e.error.clone(),
        ws,
        retry_after: e.response_header("retry-after").map(str::to_string),
        has_response_headers: !e.response_headers.is_empty(),
    }
}

fn header_case(name: &str) -> String {
    name.split('-')
        .map(|part| {
            let mut c = part.chars();
            match c.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join("-")
}

fn truncate(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

/// Whether an origin (`scheme://host[:port]`) is the developer's machine.
pub fn origin_is_local(origin: &str) -> bool {
    is_local_host(Url::parse(origin).host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_urls_hide_secrets_in_queries() {
        assert_eq!(display_url("https://app.test/callback?code=01J8ABC&state=xyz"), "https://app.test/callback?code=…&state=…");
        assert_eq!(
            display_url(
                "https://api.workos.com/user_management/authorize?client_id=client_1&redirect_uri=http%3A%2F%2Fx&code_challenge=abc"
            ),
            "https://api.workos.com/user_management/authorize?client_id=client_1&redirect_uri=http%3A%2F%2Fx&code_challenge=…"
        );
        assert_eq!(display_url("https://a.test/x?_rsc=1ab#frag"), "https://a.test/x?_rsc=…");
        assert_eq!(display_url("data:image/png;base64,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), "data:image/png;base64,AA…");
    }

    #[test]
    fn a_preflight_is_not_a_code_exchange_or_a_refresh() {
        let entry = |method: &str| Entry {
            method: method.into(),
            url: "https://api.workos.com/user_management/authenticate".into(),
            status: 403,
            ..Entry::default()
        };
        assert_eq!(classify(&entry("OPTIONS"), false), Some(Kind::Workos));
        assert_eq!(classify(&entry("POST"), false), Some(Kind::WorkosAuthenticate));
        // So a refused preflight is a CORS finding only, not also a rejected refresh.
        let mut facts = HarFacts::new();
        facts.add(Entry { index: 0, request_headers: vec![("origin".into(), "https://app.example.com".into())], ..entry("OPTIONS") });
        facts.finish(HarMeta::default());
        let mut found = Vec::new();
        for (_, detect) in crate::rules::har::detectors() {
            detect(&facts, &mut found);
        }
        let rules: Vec<&str> = found.iter().map(|d| d.finding.rule).collect();
        assert_eq!(rules, vec!["har/cors-blocked"]);
    }

    #[test]
    fn cookie_clearing() {
        assert!(clearing("", None, ""));
        assert!(clearing("x", None, "Path=/; Max-Age=0"));
        assert!(clearing("x", Some("Thu, 01 Jan 1970 00:00:00 GMT"), ""));
        assert!(clearing("x", Some("1970-01-01T00:00:00.000Z"), ""));
        assert!(!clearing("x", Some("2030-01-01T00:00:00.000Z"), "Max-Age=3600"));
    }
}
