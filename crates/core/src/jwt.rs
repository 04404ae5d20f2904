//! Splitting and decoding a compact JWT exactly as Convex's JWT library (a fork of `biscuit`)
//! does, without verifying anything.
//!
//! Convex reads the payload first (`unverified_payload`): part 1 of `token.split('.')`, strict
//! unpadded base64url, then JSON deserialised into biscuit's `RegisteredClaims`:
//! - `iss`, `sub`, `jti` are strings; `aud` is a string or an array of strings; `null` means absent;
//! - `exp`, `nbf`, `iat` are non-negative numbers; fractions are rounded; a negative integer, a
//!   string or a boolean fails the whole parse;
//! - a registered claim given twice fails the parse (serde's `duplicate field`);
//! - other claims are free-form and become the identity's custom claims.
//!
//! The header (part 0) matters only when the signature is checked; it parses into biscuit's
//! `RegisteredHeader` (`alg` required and one of the JWS names biscuit knows, `kid` a string…).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::Value;
use std::fmt;

/// Tokens longer than this are not JWTs anyone should paste; we stop before decoding.
pub const MAX_TOKEN_BYTES: usize = 1 << 20;

/// The registered claim names biscuit consumes (they never reach the identity).
pub const REGISTERED_CLAIMS: [&str; 7] = ["iss", "sub", "aud", "exp", "nbf", "iat", "jti"];

/// The JWS algorithm names biscuit's `SignatureAlgorithm` accepts in a header.
pub const KNOWN_ALGORITHMS: [&str; 13] =
    ["none", "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384", "PS512"];

/// The largest and smallest Unix times chrono can represent; biscuit `unwrap`s the conversion,
/// so a timestamp outside this range makes Convex's JWT library panic.
const MAX_CHRONO_SECS: i64 = 8_210_298_412_799;
const MIN_CHRONO_SECS: i64 = -8_334_632_851_200;

/// A token split into its compact parts, with what could be decoded.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// Number of `.`-separated parts.
    pub parts: usize,
    /// Part 0, 1 and 2 as given (base64url text).
    pub header_b64: String,
    pub payload_b64: Option<String>,
    pub signature_b64: Option<String>,
    /// The header as JSON, when it is base64url-encoded JSON.
    pub header_json: Option<Value>,
    /// The header as biscuit reads it.
    pub header: Result<Header, String>,
    /// The payload as JSON, when it is base64url-encoded JSON (shown even when Convex rejects it).
    pub payload_json: Option<Value>,
    /// The payload as biscuit reads it.
    pub claims: Result<Claims, PayloadError>,
}

impl Decoded {
    /// Whether anything at all could be decoded: a payload that is a JSON object.
    pub fn is_jwt_like(&self) -> bool {
        matches!(self.payload_json, Some(Value::Object(_)))
    }
}

/// What biscuit's `RegisteredHeader` holds (the fields that matter here).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub alg: String,
    pub kid: Option<String>,
    pub typ: Option<String>,
}

/// The registered claims after biscuit's parse. Times are whole seconds (fractions rounded).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Claims {
    pub iss: Option<String>,
    pub sub: Option<String>,
    /// `aud` as a list; `aud_is_array` tells a one-element array from a string.
    pub aud: Option<Vec<String>>,
    pub aud_is_array: bool,
    pub exp: Option<i64>,
    pub nbf: Option<i64>,
    pub iat: Option<i64>,
    pub jti: Option<String>,
    /// Every other claim, in payload order (a repeated key keeps its last value).
    pub custom: Vec<(String, Value)>,
}

/// Why Convex cannot parse the payload ("Could not parse JWT payload…").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PayloadError {
    /// Fewer than two `.`-separated parts.
    MissingPayload,
    NotBase64(String),
    /// Not JSON, or JSON that is not an object.
    NotJson(String),
    /// A registered claim of the wrong type.
    BadClaim {
        claim: &'static str,
        why: String,
    },
    Duplicate(&'static str),
    /// A time so large (or, after biscuit's `as i64`, so negative) that chrono cannot hold it:
    /// Convex's JWT library panics instead of returning an error.
    TimestampOutOfRange {
        claim: &'static str,
        value: String,
    },
}

impl fmt::Display for PayloadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PayloadError::MissingPayload => f.write_str("the token has no payload part (no `.`)"),
            PayloadError::NotBase64(why) => write!(f, "the payload is not unpadded base64url: {why}"),
            PayloadError::NotJson(why) => write!(f, "the payload is not a JSON object: {why}"),
            PayloadError::BadClaim { claim, why } => write!(f, "`{claim}` {why}"),
            PayloadError::Duplicate(claim) => write!(f, "the payload has `{claim}` twice"),
            PayloadError::TimestampOutOfRange { claim, value } => {
                write!(f, "`{claim}` = {value} is outside the dates Convex's JWT library can represent")
            }
        }
    }
}

/// Splits and decodes `token` (already trimmed). Never panics, whatever the input.
pub fn decode(token: &str) -> Decoded {
    let parts: Vec<&str> = token.split('.').collect();
    let header_b64 = parts[0].to_string();
    let payload_b64 = parts.get(1).map(|s| s.to_string());
    let signature_b64 = parts.get(2).map(|s| s.to_string());

    let header_bytes = URL_SAFE_NO_PAD.decode(parts[0].as_bytes());
    let header_json = header_bytes.as_ref().ok().and_then(|b| serde_json::from_slice::<Value>(b).ok());
    let header = match &header_bytes {
        Ok(bytes) => parse_header(bytes),
        Err(e) => Err(format!("the header is not unpadded base64url: {e}")),
    };

    let (payload_json, claims) = match parts.get(1) {
        None => (None, Err(PayloadError::MissingPayload)),
        Some(p) => match URL_SAFE_NO_PAD.decode(p.as_bytes()) {
            Err(e) => (None, Err(PayloadError::NotBase64(e.to_string()))),
            Ok(bytes) => (serde_json::from_slice::<Value>(&bytes).ok(), parse_claims(&bytes)),
        },
    };
    Decoded { parts: parts.len(), header_b64, payload_b64, signature_b64, header_json, header, payload_json, claims }
}

/// A JSON object's entries in order, duplicates kept (serde_json's `Value` would drop them).
struct Entries(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Entries {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Entries;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, Value>()? {
                    out.push((k, v));
                }
                Ok(Entries(out))
            }
        }
        d.deserialize_map(V)
    }
}

fn entries(bytes: &[u8]) -> Result<Vec<(String, Value)>, String> {
    serde_json::from_slice::<Entries>(bytes).map(|e| e.0).map_err(|e| e.to_string())
}

/// The one value of `key` (None when absent or `null`); an error when the key repeats.
fn single<'a>(entries: &'a [(String, Value)], key: &'static str) -> Result<Option<&'a Value>, &'static str> {
    let mut found = entries.iter().filter(|(k, _)| k == key);
    let first = found.next();
    if found.next().is_some() {
        return Err(key);
    }
    Ok(first.map(|(_, v)| v).filter(|v| !v.is_null()))
}

fn parse_claims(bytes: &[u8]) -> Result<Claims, PayloadError> {
    let entries = entries(bytes).map_err(PayloadError::NotJson)?;
    let get = |key: &'static str| single(&entries, key).map_err(PayloadError::Duplicate);
    let string = |key: &'static str| -> Result<Option<String>, PayloadError> {
        match get(key)? {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(PayloadError::BadClaim { claim: key, why: format!("must be a string, not {}", kind(other)) }),
        }
    };
    let mut claims = Claims { iss: string("iss")?, sub: string("sub")?, jti: string("jti")?, ..Default::default() };
    match get("aud")? {
        None => {}
        Some(Value::String(s)) => claims.aud = Some(vec![s.clone()]),
        Some(Value::Array(items)) => {
            let strings: Option<Vec<String>> = items.iter().map(|v| v.as_str().map(str::to_string)).collect();
            match strings {
                Some(list) => {
                    claims.aud = Some(list);
                    claims.aud_is_array = true;
                }
                None => {
                    return Err(PayloadError::BadClaim { claim: "aud", why: "must be a string or an array of strings".into() });
                }
            }
        }
        Some(other) => {
            return Err(PayloadError::BadClaim {
                claim: "aud",
                why: format!("must be a string or an array of strings, not {}", kind(other)),
            });
        }
    }
    claims.exp = timestamp(get("exp")?, "exp")?;
    claims.nbf = timestamp(get("nbf")?, "nbf")?;
    claims.iat = timestamp(get("iat")?, "iat")?;
    for (k, v) in entries {
        if REGISTERED_CLAIMS.contains(&k.as_str()) {
            continue;
        }
        match claims.custom.iter_mut().find(|(ck, _)| *ck == k) {
            Some(slot) => slot.1 = v,
            None => claims.custom.push((k, v)),
        }
    }
    Ok(claims)
}

/// biscuit's `NumericType`: a non-negative integer, or a finite non-negative float below
/// `u64::MAX` (rounded); then `as i64` and chrono's range.
fn timestamp(value: Option<&Value>, claim: &'static str) -> Result<Option<i64>, PayloadError> {
    let Some(value) = value else { return Ok(None) };
    let bad = |why: String| PayloadError::BadClaim { claim, why };
    let Value::Number(n) = value else {
        return Err(bad(format!("must be a number (seconds since 1970), not {}", kind(value))));
    };
    let secs: u64 = if let Some(u) = n.as_u64() {
        u
    } else if n.is_i64() {
        return Err(bad("must not be negative".into()));
    } else {
        let f = n.as_f64().unwrap_or(f64::NAN);
        if f.is_finite() && f >= 0.0 && f < u64::MAX as f64 {
            f.round() as u64
        } else {
            return Err(bad("must be a non-negative number".into()));
        }
    };
    let as_i64 = secs as i64;
    if !(MIN_CHRONO_SECS..=MAX_CHRONO_SECS).contains(&as_i64) {
        return Err(PayloadError::TimestampOutOfRange { claim, value: n.to_string() });
    }
    Ok(Some(as_i64))
}

fn parse_header(bytes: &[u8]) -> Result<Header, String> {
    let entries = entries(bytes).map_err(|e| format!("the header is not a JSON object: {e}"))?;
    let dup = |k: &str| format!("the header has `{k}` twice");
    for key in ["typ", "cty", "jku", "jwk", "kid", "x5u", "x5t"] {
        match single(&entries, key).map_err(dup)? {
            None | Some(Value::String(_)) => {}
            Some(other) => return Err(format!("header `{key}` must be a string, not {}", kind(other))),
        }
    }
    for key in ["x5c", "crit"] {
        match single(&entries, key).map_err(dup)? {
            None => {}
            Some(Value::Array(items)) if items.iter().all(Value::is_string) => {}
            Some(_) => return Err(format!("header `{key}` must be an array of strings")),
        }
    }
    let alg = match entries.iter().filter(|(k, _)| k == "alg").count() {
        0 => return Err("the header has no `alg`".into()),
        1 => entries.iter().find(|(k, _)| k == "alg").map(|(_, v)| v).cloned().unwrap_or(Value::Null),
        _ => return Err(dup("alg")),
    };
    let alg = match alg {
        Value::String(s) if KNOWN_ALGORITHMS.contains(&s.as_str()) => s,
        Value::String(s) => return Err(format!("header `alg` \"{s}\" is not an algorithm Convex's JWT library knows")),
        other => return Err(format!("header `alg` must be a string, not {}", kind(&other))),
    };
    let text = |key: &'static str| single(&entries, key).ok().flatten().and_then(Value::as_str).map(str::to_string);
    Ok(Header { alg, kid: text("kid"), typ: text("typ") })
}

/// "a string", "an array"… for messages.
pub fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_i64() && n.as_i64().is_some_and(|i| i < 0) => "a negative number",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The token as the user pasted it, cleaned the way a copy from devtools needs: surrounding
/// whitespace, a leading `Bearer `, and one pair of surrounding quotes.
pub fn clean_input(raw: &str) -> &str {
    let mut t = raw.trim();
    for prefix in ["Bearer ", "bearer ", "BEARER "] {
        if let Some(rest) = t.strip_prefix(prefix) {
            t = rest.trim();
        }
    }
    if t.len() >= 2 && t.starts_with('"') && t.ends_with('"') {
        t = t[1..t.len() - 1].trim();
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(s: &str) -> String {
        URL_SAFE_NO_PAD.encode(s)
    }

    fn token(payload: &str) -> String {
        format!("{}.{}.c2ln", b64(r#"{"alg":"RS256","kid":"k1","typ":"JWT"}"#), b64(payload))
    }

    #[test]
    fn registered_claims_types() {
        let d = decode(&token(r#"{"iss":"i","sub":"s","aud":["a","b"],"exp":1800000000.6,"iat":0,"email":"e@x"}"#));
        let c = d.claims.unwrap();
        assert_eq!(c.aud.as_deref(), Some(&["a".to_string(), "b".to_string()][..]));
        assert!(c.aud_is_array);
        assert_eq!(c.exp, Some(1800000001));
        assert_eq!(c.iat, Some(0));
        assert_eq!(c.custom, vec![("email".to_string(), Value::String("e@x".into()))]);
        let h = d.header.unwrap();
        assert_eq!((h.alg.as_str(), h.kid.as_deref()), ("RS256", Some("k1")));
        // null means absent
        let c = decode(&token(r#"{"iss":null,"aud":null,"exp":null}"#)).claims.unwrap();
        assert_eq!((c.iss, c.aud, c.exp), (None, None, None));
    }

    #[test]
    fn rejected_payloads() {
        let err = |p: &str| decode(&token(p)).claims.unwrap_err();
        assert!(matches!(err(r#"{"exp":"1800000000"}"#), PayloadError::BadClaim { claim: "exp", .. }));
        assert!(matches!(err(r#"{"aud":5}"#), PayloadError::BadClaim { claim: "aud", .. }));
        assert!(matches!(err(r#"{"aud":["a",1]}"#), PayloadError::BadClaim { claim: "aud", .. }));
        assert!(matches!(err(r#"{"iat":-1}"#), PayloadError::BadClaim { claim: "iat", .. }));
        assert!(matches!(err(r#"{"nbf":1e300}"#), PayloadError::BadClaim { claim: "nbf", .. }));
        assert!(matches!(err(r#"{"iss":"a","iss":"b"}"#), PayloadError::Duplicate("iss")));
        assert!(matches!(err("null"), PayloadError::NotJson(_)));
        assert!(matches!(err("[1]"), PayloadError::NotJson(_)));
        assert!(matches!(err(r#"{"exp":99999999999999}"#), PayloadError::TimestampOutOfRange { .. }));
        assert!(matches!(decode("abc").claims.unwrap_err(), PayloadError::MissingPayload));
        assert!(matches!(decode("a.b=.c").claims.unwrap_err(), PayloadError::NotBase64(_)));
        assert!(matches!(decode(&format!("x.{}", b64("{\"a\":1}") + "=")).claims.unwrap_err(), PayloadError::NotBase64(_)));
        // Custom claims of any type are fine; a custom claim repeated keeps the last value.
        let c = decode(&token(r#"{"x":1,"x":[2],"-0":-0}"#)).claims.unwrap();
        assert_eq!(c.custom[0], ("x".to_string(), serde_json::json!([2])));
    }

    #[test]
    fn headers() {
        let h = |json: &str| decode(&format!("{}.{}.s", b64(json), b64("{}"))).header;
        assert!(h(r#"{"alg":"EdDSA","kid":"k"}"#).unwrap_err().contains("EdDSA"));
        assert!(h(r#"{"kid":"k"}"#).is_err());
        assert!(h(r#"{"alg":"RS256","kid":5}"#).is_err());
        assert!(h(r#"{"alg":"RS256","jwk":{"kty":"RSA"}}"#).is_err());
        assert_eq!(h(r#"{"alg":"ES256","kid":null}"#).unwrap().kid, None);
    }

    #[test]
    fn cleaning() {
        assert_eq!(clean_input("  Bearer eyJ.a.b \n"), "eyJ.a.b");
        assert_eq!(clean_input("\"eyJ.a.b\""), "eyJ.a.b");
        assert_eq!(clean_input(""), "");
    }
}
