//! URLs split loosely, the one way the tool reads them: redirect URIs, issuers, JWKS URLs and
//! HAR request URLs. Not the `url` crate: the values are often not URLs yet (`https://${buildEnv.VERCEL_URL}/callback`
//! in convex.json, an issuer without a scheme) and must be split as written, never
//! normalised or rejected, so that messages can quote them.

/// A URL split loosely: enough for hosts, paths and query parameters (no percent-decoding
/// except in [`Url::query`] values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Url<'a> {
    pub scheme: &'a str,
    /// Host without port, lowercase as written.
    pub host: &'a str,
    pub port: Option<&'a str>,
    /// `host[:port]` as written, IPv6 brackets kept, user info dropped.
    pub authority: &'a str,
    pub path: &'a str,
    pub query: &'a str,
}

impl<'a> Url<'a> {
    /// An absolute URL (`scheme://…`); `None` for anything else.
    pub fn absolute(url: &'a str) -> Option<Url<'a>> {
        url.contains("://").then(|| Url::parse(url))
    }

    /// Splits any URL; a relative one (`/path?query`) has only a path and a query.
    pub fn parse(url: &'a str) -> Url<'a> {
        let Some((scheme, rest)) = url.split_once("://") else {
            let (path, query) = url.split_once('?').unwrap_or((url, ""));
            return Url { path, query: query.split('#').next().unwrap_or(""), ..Url::default() };
        };
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let authority = &rest[..end];
        let hostport = authority.rsplit('@').next().unwrap_or(authority);
        let (host, port) = if let Some(v6) = hostport.strip_prefix('[') {
            let (h, after) = v6.split_once(']').unwrap_or((v6, ""));
            (h, after.strip_prefix(':'))
        } else {
            match hostport.rsplit_once(':') {
                Some((h, p)) if p.bytes().all(|b| b.is_ascii_digit()) => (h, Some(p)),
                _ => (hostport, None),
            }
        };
        let rest = &rest[end..];
        let rest = rest.split('#').next().unwrap_or("");
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        Url { scheme, host, port, authority: hostport, path, query }
    }

    /// `scheme://host[:port]`.
    pub fn origin(&self) -> String {
        match self.port {
            Some(p) => format!("{}://{}:{p}", self.scheme, self.host),
            None => format!("{}://{}", self.scheme, self.host),
        }
    }

    /// The first value of a query parameter, percent-decoded (`+` as space).
    pub fn param(&self, name: &str) -> Option<String> {
        self.query.split('&').find_map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (k == name).then(|| percent_decode(v))
        })
    }

    pub fn has_param(&self, name: &str) -> bool {
        self.query.split('&').any(|kv| kv.split('=').next() == Some(name))
    }

    /// The last non-empty path segment, lowercased.
    pub fn last_segment(&self) -> String {
        self.path.trim_end_matches('/').rsplit('/').next().unwrap_or("").to_ascii_lowercase()
    }

    pub fn is_local(&self) -> bool {
        is_local_host(self.host)
    }
}

/// Whether an absolute URL points at the developer's own machine ([`is_local_host`]).
pub fn is_local_url(url: &str) -> bool {
    Url::absolute(url.trim()).is_some_and(|u| is_local_host(u.authority))
}

/// Whether a host is one only the developer's machine answers: `localhost` and its
/// subdomains, `127.x.x.x`, `::1`, `0.0.0.0`. A port, IPv6 brackets, a trailing dot and case
/// are allowed (`[::1]:3000`, `LOCALHOST.`).
pub fn is_local_host(host: &str) -> bool {
    let host = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(v6),
        None => host.rsplit_once(':').filter(|(h, p)| !h.contains(':') && p.bytes().all(|b| b.is_ascii_digit())).map_or(host, |(h, _)| h),
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    host == "localhost" || host.ends_with(".localhost") || host == "::1" || host == "0.0.0.0" || host.starts_with("127.")
}

/// Decodes `%XX` escapes and `+`; invalid escapes are kept as written.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() && bytes[i + 1].is_ascii_hexdigit() && bytes[i + 2].is_ascii_hexdigit() => {
                let hex = |b: u8| (b as char).to_digit(16).unwrap_or(0) as u8;
                out.push(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        let u = Url::parse("https://user@App.example.com:8443/a/b/?x=1&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fcb&y#frag");
        assert_eq!((u.scheme, u.host, u.port, u.path), ("https", "App.example.com", Some("8443"), "/a/b/"));
        assert_eq!(u.param("redirect_uri").as_deref(), Some("http://localhost:3000/cb"));
        assert!(u.has_param("y") && !u.has_param("z"));
        assert_eq!(u.last_segment(), "b");
        assert_eq!(u.origin(), "https://App.example.com:8443");
        let v6 = Url::parse("http://[::1]:3000/cb");
        assert_eq!((v6.host, v6.port), ("::1", Some("3000")));
        assert!(v6.is_local());
        assert_eq!(Url::parse("/relative?a=b").param("a").as_deref(), Some("b"));
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("%zz%41+"), "%zzA ");
        assert_eq!(Url::absolute("https://u@h.example:1/p").map(|u| u.authority), Some("h.example:1"));
        assert_eq!(Url::absolute("/p"), None);
    }

    #[test]
    fn local_hosts() {
        for local in [
            "localhost",
            "LOCALHOST.",
            "app.localhost",
            "127.0.0.1",
            "127.0.0.2:8080",
            "[::1]",
            "[::1]:3000",
            "::1",
            "0.0.0.0",
            "localhost:5173",
        ] {
            assert!(is_local_host(local), "{local}");
        }
        for remote in ["example.com", "localhost.example.com", "10.0.0.1", "[2001:db8::1]:443"] {
            assert!(!is_local_host(remote), "{remote}");
        }
    }
}
