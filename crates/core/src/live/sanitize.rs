//! What `watch --save` writes: the session as a HAR 1.2 document, with every credential masked
//! the way the reporters mask them, so the file can be attached to an issue.
//!
//! Masked: cookie values (`Cookie`, `Set-Cookie` and the `cookies` arrays; names, attributes
//! and empty values stay, so a cleared session cookie still reads as cleared), the credential of
//! an `Authorization` header (its scheme stays), JWT signatures (header and payload stay readable:
//! without its signature a token is no credential, and the claims are what a reader needs),
//! `code`, `refresh_token`, `session_id` and the other credential parameters in URLs, bodies and
//! WebSocket messages, API keys, and every value the project registered as secret.

use super::record::Recorder;
use crate::redact::{Redactor, mask};
use serde_json::{Value, json};

/// The session as a HAR 1.2 document; `sanitized` masks credentials (see the module docs).
pub fn har_document(rec: &Recorder, browser: Option<(&str, &str)>, redactor: Option<&Redactor>) -> Value {
    let entries: Vec<Value> = rec
        .settled()
        .map(|e| {
            let mut v = e.to_har();
            if let Some(r) = redactor {
                sanitize_entry(&mut v, r);
            }
            v
        })
        .collect();
    let mut log = json!({
        "version": "1.2",
        "creator": { "name": "authkit-doctor watch", "version": env!("CARGO_PKG_VERSION") },
        "pages": [],
        "entries": entries,
    });
    if let Some((name, version)) = browser {
        log["browser"] = json!({ "name": name, "version": version });
    }
    if redactor.is_some() {
        log["comment"] =
            json!("sanitized by authkit-doctor: cookie values, Authorization, JWT signatures, codes and refresh tokens are masked");
    }
    json!({ "log": log })
}

/// Masks the credentials of one HAR entry in place.
pub fn sanitize_entry(entry: &mut Value, redactor: &Redactor) {
    for side in ["request", "response"] {
        let Some(part) = entry.get_mut(side) else { continue };
        if let Some(Value::Array(headers)) = part.get_mut("headers") {
            for h in headers.iter_mut() {
                let name = h.get("name").and_then(Value::as_str).unwrap_or("").to_ascii_lowercase();
                if let Some(Value::String(value)) = h.get_mut("value") {
                    *value = match name.as_str() {
                        "cookie" => cookie_header(value),
                        "set-cookie" => set_cookie_line(value),
                        "authorization" | "proxy-authorization" => authorization(value),
                        _ => redactor.redact(value).into_owned(),
                    };
                }
            }
        }
        if let Some(Value::Array(cookies)) = part.get_mut("cookies") {
            for c in cookies.iter_mut() {
                if let Some(Value::String(value)) = c.get_mut("value")
                    && !value.is_empty()
                {
                    *value = mask(value);
                }
            }
        }
    }
    // A query parameter is masked by its name, as in the URL.
    if let Some(Value::Array(params)) = entry.pointer_mut("/request/queryString") {
        for p in params.iter_mut() {
            let name = p.get("name").and_then(Value::as_str).unwrap_or("").to_string();
            if let Some(Value::String(value)) = p.get_mut("value") {
                let pair = format!("{name}={value}");
                let masked = redactor.redact(&pair);
                *value = masked.split_once('=').map_or(String::new(), |(_, v)| v.to_string());
            }
        }
    }
    // JSON bodies: credentials by their key, however plain they look (a PKCE verifier may be a
    // word).
    for pointer in ["/request/postData/text", "/response/content/text"] {
        if let Some(Value::String(text)) = entry.pointer_mut(pointer)
            && let Some(masked) = mask_json_credentials(text)
        {
            *text = masked;
        }
    }
    // Everything else: URLs, bodies, WebSocket messages, error texts.
    redact_strings(entry, redactor, 0);
}

/// Keys whose string values are credentials in a JSON body: the credential parameters the
/// reporters mask everywhere, and two that only bodies carry.
fn is_credential_key(key: &str) -> bool {
    crate::redact::is_secret_parameter(key) || key == "password" || key == "sealed_session"
}

/// `text` with the credential keys' values masked, when it is a JSON object and has any.
fn mask_json_credentials(text: &str) -> Option<String> {
    let mut v: Value = serde_json::from_str(text.trim_start().starts_with('{').then_some(text)?).ok()?;
    fn walk(v: &mut Value, changed: &mut bool, depth: usize) {
        match v {
            Value::Object(map) if depth < 8 => {
                for (k, val) in map.iter_mut() {
                    match val {
                        Value::String(s) if is_credential_key(k) && !s.is_empty() => {
                            *s = mask(s);
                            *changed = true;
                        }
                        other => walk(other, changed, depth + 1),
                    }
                }
            }
            Value::Array(items) if depth < 8 => items.iter_mut().for_each(|i| walk(i, changed, depth + 1)),
            _ => {}
        }
    }
    let mut changed = false;
    walk(&mut v, &mut changed, 0);
    changed.then(|| v.to_string())
}

fn redact_strings(v: &mut Value, redactor: &Redactor, depth: usize) {
    match v {
        Value::String(s) => {
            if let std::borrow::Cow::Owned(masked) = redactor.redact(s) {
                *s = masked;
            }
        }
        Value::Array(items) if depth < 16 => items.iter_mut().for_each(|i| redact_strings(i, redactor, depth + 1)),
        Value::Object(map) if depth < 16 => {
            for (key, value) in map.iter_mut() {
                // Headers and cookies were handled with their names in mind.
                if depth == 1 && (key == "headers" || key == "cookies") {
                    continue;
                }
                redact_strings(value, redactor, depth + 1)
            }
        }
        _ => {}
    }
}

fn cookie_header(value: &str) -> String {
    value
        .split(';')
        .map(|kv| match kv.split_once('=') {
            Some((name, v)) if !v.trim().is_empty() => format!("{}={}", name.trim(), mask(v.trim())),
            Some((name, _)) => format!("{}=", name.trim()),
            None => kv.trim().to_string(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn set_cookie_line(value: &str) -> String {
    value
        .split('\n')
        .map(|line| {
            let (pair, attrs) = match line.split_once(';') {
                Some((p, a)) => (p, Some(a)),
                None => (line, None),
            };
            let pair = match pair.split_once('=') {
                Some((name, v)) if !v.trim().is_empty() => format!("{}={}", name.trim(), mask(v.trim())),
                _ => pair.to_string(),
            };
            match attrs {
                Some(a) => format!("{pair};{a}"),
                None => pair,
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn authorization(value: &str) -> String {
    match value.split_once(' ') {
        Some((scheme, credential)) if !credential.trim().is_empty() => format!("{scheme} {}", mask(credential.trim())),
        _ if value.is_empty() => String::new(),
        _ => mask(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::live::record::{Event, Recorder, Response};

    const JWT: &str = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL2FwaS53b3Jrb3MuY29tL3VzZXJfbWFuYWdlbWVudC9jbGllbnRfMDEifQ.c2lnbmF0dXJlLXRoYXQtaXMtc2VjcmV0LWVub3VnaA";

    #[test]
    fn credentials_are_masked_and_what_detectors_need_stays() {
        let mut r = Recorder::new();
        r.apply(Event::Request {
            id: "1".into(),
            url: "http://localhost:3000/callback?code=01JCODEVALUE123456&state=abc".into(),
            method: "GET".into(),
            headers: vec![
                ("Cookie".into(), "wos-session=Fe26.2*sealed*value; theme=dark".into()),
                ("Authorization".into(), format!("Bearer {JWT}")),
            ],
            post_data: Some(r#"{"grant_type":"refresh_token","refresh_token":"RT_abcdefGHIJ12345"}"#.into()),
            resource_type: Some("document".into()),
            initiator: None,
            wall_ms: 0,
            redirect: None,
        });
        r.apply(Event::Response {
            id: "1".into(),
            response: Response {
                status: 307,
                status_text: String::new(),
                headers: vec![("set-cookie".into(), "wos-session=; Path=/; Max-Age=0\nnew=SECRETVALUE1; Path=/".into())],
                mime_type: String::new(),
            },
        });
        r.apply(Event::WebSocketOpened { id: "ws".into(), url: "ws://127.0.0.1:1/api/1.29.0/sync".into(), wall_ms: 1 });
        let authenticate = format!(r#"{{"type":"Authenticate","tokenType":"User","value":"{JWT}","baseVersion":0}}"#);
        r.apply(Event::WebSocketFrame { id: "ws".into(), sent: true, opcode: 1, data: authenticate, wall_ms: 2 });
        let doc = har_document(&r, None, Some(&Redactor::new()));
        let text = doc.to_string();
        for secret in [
            "01JCODEVALUE123456",
            "Fe26.2*sealed*value",
            "c2lnbmF0dXJlLXRoYXQtaXMtc2VjcmV0LWVub3VnaA",
            "RT_abcdefGHIJ12345",
            "SECRETVALUE1",
        ] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        // Names, the cleared cookie, the JWT payload and the grant type stay.
        assert!(text.contains("wos-session=; Path=/; Max-Age=0"));
        assert!(text.contains("theme="));
        assert!(text.contains("eyJpc3MiOiJodHRwczovL2FwaS53b3Jrb3MuY29tL3VzZXJfbWFuYWdlbWVudC9jbGllbnRfMDEifQ"));
        assert!(text.contains("refresh_token\\\":"));
        assert!(text.contains("state=abc"));
        // And it reads back as a HAR.
        let mut n = 0;
        let mut facts = crate::facts::har::HarFacts::new();
        crate::facts::har::reader::read(text.as_bytes(), |e| {
            if n == 0 {
                assert_eq!(e.status, 307);
                assert!(e.response_cookies.iter().any(|c| c.0 == "wos-session" && c.1.is_empty()));
            }
            n += 1;
            facts.add(e);
        })
        .unwrap();
        assert_eq!(n, 2);
        // The claims of the token the page sent are still there for the detectors.
        let ws = facts.rows.iter().find_map(|r| r.ws.as_ref()).expect("the Convex socket is a row");
        let claims = ws.authenticates[0].claims.as_ref().expect("claims decode without the signature");
        assert_eq!(claims.iss.as_deref(), Some("https://api.workos.com/user_management/client_01"));
    }
}
