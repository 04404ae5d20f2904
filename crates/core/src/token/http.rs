//! The only place authkit-doctor talks to the network: one GET at a time, a global timeout, a
//! size limit on the body, no retries. Used by `token --online` / `--jwks URL` and by `probe`.

use std::io::Read;
use std::time::Duration;

/// Default limits: short enough that a dead host does not stall the CLI, large enough for any
/// real JWKS (WorkOS serves a few kilobytes).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);
pub const DEFAULT_MAX_BYTES: u64 = 1 << 20;

/// The WorkOS API origin every WorkOS URL starts with, unless a custom auth domain is used.
pub const WORKOS_API_ORIGIN: &str = "https://api.workos.com";
/// Env var that overrides [`WORKOS_API_ORIGIN`] for fetching (tests point it at 127.0.0.1).
pub const WORKOS_API_BASE_ENV: &str = "AUTHKIT_DOCTOR_WORKOS_API_BASE";

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub timeout: Duration,
    pub max_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { timeout: DEFAULT_TIMEOUT, max_bytes: DEFAULT_MAX_BYTES }
    }
}

/// Env var that shortens (or lengthens) the timeout, in milliseconds (tests use it).
pub const TIMEOUT_ENV: &str = "AUTHKIT_DOCTOR_HTTP_TIMEOUT_MS";

impl Limits {
    /// The defaults, with the timeout from [`TIMEOUT_ENV`] when set.
    pub fn from_env() -> Self {
        let timeout =
            std::env::var(TIMEOUT_ENV).ok().and_then(|v| v.trim().parse::<u64>().ok()).filter(|ms| *ms > 0).map(Duration::from_millis);
        Limits { timeout: timeout.unwrap_or(DEFAULT_TIMEOUT), ..Limits::default() }
    }
}

/// A response whose body is read only when asked for.
pub struct Response {
    pub status: u16,
    /// The raw `Content-Type` header, when there is one.
    pub content_type: Option<String>,
    inner: ureq::http::Response<ureq::Body>,
    limits: Limits,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HttpError {
    /// The URL is not one we can request.
    BadUrl(String),
    Timeout,
    /// DNS, connection refused, TLS… (the client's own words).
    Network(String),
    /// The body is larger than the limit.
    TooLarge(u64),
}

impl std::fmt::Display for HttpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HttpError::BadUrl(why) => write!(f, "not a URL that can be fetched: {why}"),
            HttpError::Timeout => write!(f, "no complete answer within the time limit"),
            HttpError::Network(why) => f.write_str(why),
            HttpError::TooLarge(limit) => write!(f, "the response is larger than {} KiB", limit / 1024),
        }
    }
}

fn map_error(e: ureq::Error, limits: Limits) -> HttpError {
    match e {
        ureq::Error::Timeout(_) => HttpError::Timeout,
        ureq::Error::BodyExceedsLimit(_) => HttpError::TooLarge(limits.max_bytes),
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => HttpError::Timeout,
        ureq::Error::BadUri(why) => HttpError::BadUrl(why),
        other => HttpError::Network(other.to_string()),
    }
}

/// `GET url` with `Accept: accept`. Redirects are followed (up to 10, like Convex's client);
/// statuses are returned, not treated as errors. Loopback URLs never go through a proxy.
pub fn get(url: &str, accept: &str, limits: Limits) -> Result<Response, HttpError> {
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(HttpError::BadUrl("only http:// and https:// URLs are fetched".into()));
    }
    let mut builder = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(limits.timeout))
        .max_redirects(10)
        .user_agent(concat!("authkit-doctor/", env!("CARGO_PKG_VERSION")));
    if crate::url::is_local_url(url) {
        builder = builder.proxy(None);
    }
    let agent: ureq::Agent = builder.build().into();
    let inner = agent.get(url).header("Accept", accept).call().map_err(|e| map_error(e, limits))?;
    let status = inner.status().as_u16();
    let content_type = inner.headers().get("content-type").map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    Ok(Response { status, content_type, inner, limits })
}

impl Response {
    /// The body, at most `limits.max_bytes`; larger bodies are an error, not truncated.
    pub fn body(mut self) -> Result<Vec<u8>, HttpError> {
        let limits = self.limits;
        if self.inner.body().content_length().is_some_and(|n| n > limits.max_bytes) {
            return Err(HttpError::TooLarge(limits.max_bytes));
        }
        let mut reader = self.inner.body_mut().with_config().limit(limits.max_bytes + 1).reader();
        let mut out = Vec::new();
        match reader.by_ref().take(limits.max_bytes + 1).read_to_end(&mut out) {
            Ok(_) if out.len() as u64 > limits.max_bytes => Err(HttpError::TooLarge(limits.max_bytes)),
            Ok(_) => Ok(out),
            Err(e) => match e.kind() {
                std::io::ErrorKind::TimedOut => Err(HttpError::Timeout),
                _ => {
                    let text = e.to_string();
                    if text.contains("timeout") || text.contains("timed out") {
                        Err(HttpError::Timeout)
                    } else if text.contains("limit") {
                        Err(HttpError::TooLarge(limits.max_bytes))
                    } else {
                        Err(HttpError::Network(text))
                    }
                }
            },
        }
    }
}

/// `404 Not Found`: the status as Convex's HTTP client (reqwest) displays it.
pub fn status_text(code: u16) -> String {
    let reason = ureq::http::StatusCode::from_u16(code).ok().and_then(|s| s.canonical_reason()).unwrap_or("<unknown status code>");
    format!("{code} {reason}")
}

/// The URL to actually fetch for `url`: the WorkOS API origin replaced by `base` when given
/// (`--workos-api-base`, or [`WORKOS_API_BASE_ENV`]).
pub fn rebase(url: &str, base: Option<&str>) -> String {
    match base {
        Some(base) if url.starts_with(WORKOS_API_ORIGIN) => {
            let rest = &url[WORKOS_API_ORIGIN.len()..];
            if rest.is_empty() || rest.starts_with('/') { format!("{}{rest}", base.trim_end_matches('/')) } else { url.to_string() }
        }
        _ => url.to_string(),
    }
}

/// `--workos-api-base` or the env var, whichever is set (the flag wins).
pub fn workos_api_base(flag: Option<&str>) -> Option<String> {
    flag.map(str::to_string).or_else(|| std::env::var(WORKOS_API_BASE_ENV).ok().filter(|v| !v.trim().is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rebasing_and_status() {
        assert_eq!(rebase("https://api.workos.com/sso/jwks/client_1", Some("http://127.0.0.1:9/")), "http://127.0.0.1:9/sso/jwks/client_1");
        assert_eq!(rebase("https://api.workos.com.evil/x", Some("http://a")), "https://api.workos.com.evil/x");
        assert_eq!(rebase("https://auth.example.com/sso/jwks/c", Some("http://a")), "https://auth.example.com/sso/jwks/c");
        assert_eq!(status_text(404), "404 Not Found");
        assert_eq!(status_text(599), "599 <unknown status code>");
        assert!(
            crate::url::is_local_url("http://127.0.0.1:8080/x")
                && crate::url::is_local_url("http://localhost/")
                && crate::url::is_local_url("http://[::1]:3/")
        );
        assert!(!crate::url::is_local_url("https://api.workos.com/"));
        assert!(matches!(get("file:///etc/passwd", "*/*", Limits::default()), Err(HttpError::BadUrl(_))));
    }
}
