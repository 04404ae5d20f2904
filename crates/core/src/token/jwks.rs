//! The provider's key set, obtained and parsed the way Convex does (`fetch_jwks`, then biscuit's
//! `JWKSet`):
//! - a `data:` URL is decoded locally, with no MIME check;
//! - any other URL gets `GET` with `Accept: application/json`; the status must be exactly 200 and
//!   the `Content-Type` essence `application/json` or `application/jwk-set+json` (any case),
//!   with no charset other than `utf-8`;
//! - the body must be `{"keys": [...]}` where **every** key parses as a biscuit JWK: one key of
//!   an unknown `kty`, with `"alg": "EdDSA"`, or with a field of the wrong type invalidates the
//!   whole set.

use super::http::{self, HttpError, Limits};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use serde_json::Value;

/// Where the key set comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    DataUrl(String),
    File(std::path::PathBuf),
    Url(String),
}

impl Source {
    /// `data:…`, `http(s)://…`, or a path.
    pub fn parse(s: &str) -> Source {
        if s.len() >= 5 && s[..5].eq_ignore_ascii_case("data:") {
            Source::DataUrl(s.to_string())
        } else if s.starts_with("http://") || s.starts_with("https://") {
            Source::Url(s.to_string())
        } else {
            Source::File(std::path::PathBuf::from(s))
        }
    }
}

/// Why no usable key set was obtained. Each maps to one Convex message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JwksError {
    /// The request failed (DNS, refused, timeout…).
    Unreachable(HttpError),
    /// Not `200`.
    Status(u16),
    /// The content type Convex refuses (the raw header, if any).
    ContentType(Option<String>),
    /// A `data:` URL Convex cannot decode.
    BadDataUrl(String),
    /// The body is not a JWK set biscuit accepts; `key` is the offending key's index.
    Invalid { key: Option<usize>, why: String },
    /// A local file could not be read (our input problem, not Convex's).
    File(String),
    /// The body is larger than our limit: Convex's behaviour is unknown.
    TooLarge(u64),
}

/// A key as biscuit reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Jwk {
    pub kid: Option<String>,
    /// `alg`, if given. Names that are not JWS signature algorithms (`RSA-OAEP`, `A128GCM`…) are
    /// accepted by the parse but make a signature check with this key fail.
    pub alg: Option<String>,
    pub key: KeyMaterial,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyMaterial {
    Rsa { n: Vec<u8>, e: Vec<u8> },
    Ec { crv: String, x: Vec<u8>, y: Vec<u8> },
    Oct,
    Okp { crv: String },
}

impl KeyMaterial {
    pub fn kty(&self) -> &'static str {
        match self {
            KeyMaterial::Rsa { .. } => "RSA",
            KeyMaterial::Ec { .. } => "EC",
            KeyMaterial::Oct => "oct",
            KeyMaterial::Okp { .. } => "OKP",
        }
    }

    /// "RSA 2048-bit", "EC P-256"…
    pub fn describe(&self) -> String {
        match self {
            KeyMaterial::Rsa { n, .. } => format!("RSA {}-bit", bit_len(n)),
            KeyMaterial::Ec { crv, .. } => format!("EC {crv}"),
            KeyMaterial::Oct => "oct (symmetric)".into(),
            KeyMaterial::Okp { crv } => format!("OKP {crv}"),
        }
    }
}

/// Bits in a big-endian unsigned integer.
pub fn bit_len(bytes: &[u8]) -> usize {
    let trimmed: &[u8] = &bytes[bytes.iter().take_while(|b| **b == 0).count()..];
    match trimmed.first() {
        None => 0,
        Some(first) => trimmed.len() * 8 - first.leading_zeros() as usize,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct JwkSet {
    pub keys: Vec<Jwk>,
}

impl JwkSet {
    /// biscuit's `find`: the first key whose `kid` equals exactly.
    pub fn find(&self, kid: &str) -> Option<&Jwk> {
        self.keys.iter().find(|k| k.kid.as_deref() == Some(kid))
    }
}

/// The JWS algorithm names of biscuit's `jwa::Algorithm::Signature`.
const SIGNATURE_ALGS: [&str; 13] = crate::jwt::KNOWN_ALGORITHMS;
/// Key-management and content-encryption names biscuit also accepts as a JWK `alg`.
const OTHER_ALGS: [&str; 23] = [
    "RSA1_5",
    "RSA-OAEP",
    "RSA-OAEP-256",
    "A128KW",
    "A192KW",
    "A256KW",
    "dir",
    "ECDH-ES",
    "ECDH-ES+A128KW",
    "ECDH-ES+A192KW",
    "ECDH-ES+A256KW",
    "A128GCMKW",
    "A192GCMKW",
    "A256GCMKW",
    "PBES2-HS256+A128KW",
    "PBES2-HS384+A192KW",
    "PBES2-HS512+A256KW",
    "A128CBC-HS256",
    "A192CBC-HS384",
    "A256CBC-HS512",
    "A128GCM",
    "A192GCM",
    "A256GCM",
];
const CURVES: [&str; 5] = ["P-256", "P-384", "P-521", "Ed25519", "Ed448"];

impl JwkSet {
    /// Parses a JWKS body with biscuit's rules.
    pub fn parse(body: &[u8]) -> Result<JwkSet, JwksError> {
        let invalid = |key: Option<usize>, why: String| JwksError::Invalid { key, why };
        let root: Value = serde_json::from_slice(body).map_err(|e| invalid(None, format!("not JSON: {e}")))?;
        let Value::Object(map) = &root else { return Err(invalid(None, "not a JSON object".into())) };
        let keys = match map.get("keys") {
            Some(Value::Array(keys)) => keys,
            Some(_) => return Err(invalid(None, "`keys` is not an array".into())),
            None => return Err(invalid(None, "no `keys` array".into())),
        };
        let mut out = Vec::new();
        for (i, key) in keys.iter().enumerate() {
            out.push(parse_jwk(key).map_err(|why| invalid(Some(i), why))?);
        }
        Ok(JwkSet { keys: out })
    }
}

fn opt_string(obj: &serde_json::Map<String, Value>, key: &str) -> Result<Option<String>, String> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(format!("`{key}` must be a string, not {}", crate::jwt::kind(other))),
    }
}

fn opt_string_array(obj: &serde_json::Map<String, Value>, key: &str) -> Result<(), String> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(()),
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => Ok(()),
        Some(_) => Err(format!("`{key}` must be an array of strings")),
    }
}

fn bytes(obj: &serde_json::Map<String, Value>, key: &str) -> Result<Vec<u8>, String> {
    match obj.get(key) {
        Some(Value::String(s)) => URL_SAFE_NO_PAD.decode(s.as_bytes()).map_err(|e| format!("`{key}` is not unpadded base64url: {e}")),
        Some(other) => Err(format!("`{key}` must be a base64url string, not {}", crate::jwt::kind(other))),
        None => Err(format!("`{key}` is missing")),
    }
}

fn opt_bytes(obj: &serde_json::Map<String, Value>, key: &str) -> Result<(), String> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(()),
        Some(_) => bytes(obj, key).map(|_| ()),
    }
}

fn curve(obj: &serde_json::Map<String, Value>) -> Result<String, String> {
    match obj.get("crv") {
        Some(Value::String(c)) if CURVES.contains(&c.as_str()) => Ok(c.clone()),
        Some(Value::String(c)) => Err(format!("curve `{c}` is not one Convex's JWT library knows")),
        _ => Err("`crv` is missing or not a string".into()),
    }
}

/// One JWK: biscuit's common parameters, then the first key-type variant that parses.
fn parse_jwk(v: &Value) -> Result<Jwk, String> {
    let Value::Object(obj) = v else { return Err(format!("key is {}, not an object", crate::jwt::kind(v))) };
    opt_string(obj, "use")?;
    opt_string_array(obj, "key_ops")?;
    let alg = opt_string(obj, "alg")?;
    if let Some(a) = &alg
        && !SIGNATURE_ALGS.contains(&a.as_str())
        && !OTHER_ALGS.contains(&a.as_str())
    {
        return Err(format!("`alg` \"{a}\" is not an algorithm Convex's JWT library knows (the whole set is rejected)"));
    }
    let kid = opt_string(obj, "kid")?;
    opt_string(obj, "x5u")?;
    opt_string_array(obj, "x5c")?;
    opt_string(obj, "x5t")?;
    let kty = match obj.get("kty") {
        Some(Value::String(k)) => k.as_str(),
        Some(_) => return Err("`kty` must be a string".into()),
        None => return Err("`kty` is missing".into()),
    };
    let key = match kty {
        "EC" => {
            let crv = curve(obj)?;
            let x = bytes(obj, "x")?;
            let y = bytes(obj, "y")?;
            opt_bytes(obj, "d")?;
            KeyMaterial::Ec { crv, x, y }
        }
        "RSA" => {
            let n = bytes(obj, "n")?;
            let e = bytes(obj, "e")?;
            for k in ["d", "p", "q", "dp", "dq", "qi"] {
                opt_bytes(obj, k)?;
            }
            match obj.get("oth") {
                None | Some(Value::Null) => {}
                Some(Value::Array(items)) => {
                    for item in items {
                        let Value::Object(o) = item else { return Err("`oth` entries must be objects".into()) };
                        for k in ["r", "d", "t"] {
                            bytes(o, k)?;
                        }
                    }
                }
                Some(_) => return Err("`oth` must be an array".into()),
            }
            KeyMaterial::Rsa { n, e }
        }
        "oct" => {
            bytes(obj, "k")?;
            KeyMaterial::Oct
        }
        "OKP" => {
            let crv = curve(obj)?;
            bytes(obj, "x")?;
            opt_bytes(obj, "d")?;
            KeyMaterial::Okp { crv }
        }
        other => return Err(format!("key type `{other}` is not one Convex's JWT library knows (the whole set is rejected)")),
    };
    Ok(Jwk { kid, alg, key })
}

/// Decodes a `data:` URL: `data:[<mediatype>][;base64],<data>`; base64 is decoded forgivingly
/// (whitespace and padding optional), anything else percent-decoded.
pub fn decode_data_url(url: &str) -> Result<Vec<u8>, String> {
    let rest = url.get(5..).ok_or("too short")?;
    let (meta, data) = rest.split_once(',').ok_or("no `,` separates the media type from the data")?;
    let is_base64 = meta.trim_end().len() >= 7 && meta.trim_end()[meta.trim_end().len() - 7..].eq_ignore_ascii_case(";base64");
    let data = percent_decode(data);
    if is_base64 {
        let compact: Vec<u8> = data.into_iter().filter(|b| !b.is_ascii_whitespace()).collect();
        let unpadded: &[u8] = {
            let mut end = compact.len();
            while end > 0 && compact[end - 1] == b'=' {
                end -= 1;
            }
            &compact[..end]
        };
        STANDARD_NO_PAD.decode(unpadded).map_err(|e| format!("the data is not valid base64: {e}"))
    } else {
        Ok(data)
    }
}

fn percent_decode(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = ((b[i + 1] as char).to_digit(16), (b[i + 2] as char).to_digit(16))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}

/// Whether a `Content-Type` is one Convex accepts for a JWKS.
pub fn content_type_ok(value: &str) -> bool {
    let mut parts = value.split(';');
    let essence = parts.next().unwrap_or("").trim().to_ascii_lowercase();
    if essence != "application/json" && essence != "application/jwk-set+json" {
        return false;
    }
    parts.all(|p| match p.split_once('=') {
        Some((k, v)) if k.trim().eq_ignore_ascii_case("charset") => v.trim().trim_matches('"').eq_ignore_ascii_case("utf-8"),
        _ => true,
    })
}

/// Obtains and parses the key set. `fetch_url` is the URL actually requested (it may be the
/// configured one rebased onto a test server); `allow_network` gates every request.
pub fn obtain(source: &Source, allow_network: bool, limits: Limits) -> Result<JwkSet, ObtainError> {
    let body = match source {
        Source::DataUrl(url) => decode_data_url(url).map_err(|why| ObtainError::Jwks(JwksError::BadDataUrl(why)))?,
        Source::File(path) => match crate::read::argument_file(path, limits.max_bytes) {
            Ok(bytes) => bytes,
            Err(crate::read::ReadError::TooLarge(_)) => return Err(ObtainError::Jwks(JwksError::TooLarge(limits.max_bytes))),
            Err(e) => return Err(ObtainError::Jwks(JwksError::File(format!("{}: {e}", path.display())))),
        },
        Source::Url(url) => {
            if !allow_network {
                return Err(ObtainError::Offline);
            }
            fetch(url, limits).map_err(ObtainError::Jwks)?
        }
    };
    JwkSet::parse(&body).map_err(ObtainError::Jwks)
}

/// `GET` a JWKS URL and apply Convex's status and content-type rules.
pub fn fetch(url: &str, limits: Limits) -> Result<Vec<u8>, JwksError> {
    let response = http::get(url, "application/json", limits).map_err(JwksError::Unreachable)?;
    if response.status != 200 {
        return Err(JwksError::Status(response.status));
    }
    match &response.content_type {
        Some(ct) if content_type_ok(ct) => {}
        other => return Err(JwksError::ContentType(other.clone())),
    }
    response.body().map_err(|e| match e {
        HttpError::TooLarge(n) => JwksError::TooLarge(n),
        other => JwksError::Unreachable(other),
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ObtainError {
    /// A URL and no permission to use the network.
    Offline,
    Jwks(JwksError),
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSA: &str = r#"{"kty":"RSA","kid":"k1","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw","e":"AQAB"}"#;

    #[test]
    fn one_bad_key_invalidates_the_set() {
        let ok = JwkSet::parse(format!(r#"{{"keys":[{RSA}]}}"#).as_bytes()).unwrap();
        assert_eq!(ok.keys[0].key.describe(), "RSA 2048-bit");
        assert_eq!(ok.find("k1").unwrap().kid.as_deref(), Some("k1"));
        for bad in [
            r#"{"kty":"OKP","crv":"Ed25519","x":"AAAA","alg":"EdDSA"}"#,
            r#"{"kty":"XYZ"}"#,
            r#"{"kty":"EC","crv":"P-256","x":"AAAA"}"#,
            r#"{"kty":"RSA","n":"AA==","e":"AQAB"}"#,
            r#"{"kty":"RSA","n":"AA","e":"AQAB","kid":7}"#,
        ] {
            let err = JwkSet::parse(format!(r#"{{"keys":[{RSA},{bad}]}}"#).as_bytes()).unwrap_err();
            assert!(matches!(err, JwksError::Invalid { key: Some(1), .. }), "{bad}: {err:?}");
        }
        // Parsed without trouble, as in Convex's test port.
        for good in [
            r#"{"kty":"OKP","crv":"Ed25519","x":"AAAA"}"#,
            r#"{"kty":"RSA","n":"AA","e":"AQAB","alg":"RSA-OAEP","x5t#S256":"x","x5c":["MII"]}"#,
            r#"{"kty":"RSA","n":"AA","e":"AQAB","alg":"PS256","use":"enc","key_ops":["verify"]}"#,
        ] {
            assert!(JwkSet::parse(format!(r#"{{"keys":[{good}]}}"#).as_bytes()).is_ok(), "{good}");
        }
        for body in ["", "null", "[]", r#"{"keys":{}}"#, r#"{"key":[]}"#] {
            assert!(matches!(JwkSet::parse(body.as_bytes()), Err(JwksError::Invalid { key: None, .. })), "{body}");
        }
    }

    #[test]
    fn data_urls_and_content_types() {
        let json = br#"{"keys":[]}"#;
        let b64 = base64::engine::general_purpose::STANDARD.encode(json);
        assert_eq!(decode_data_url(&format!("data:text/plain;charset=utf-8;base64,{b64}")).unwrap(), json);
        assert_eq!(decode_data_url("data:application/json,%7B%22keys%22%3A%5B%5D%7D").unwrap(), json);
        assert!(decode_data_url("data:;base64,***").is_err());
        assert!(decode_data_url("data:nocomma").is_err());
        assert!(content_type_ok("application/jwk-set+json"));
        assert!(content_type_ok("Application/JSON; charset=UTF-8"));
        assert!(!content_type_ok("application/json; charset=latin1"));
        assert!(!content_type_ok("text/html"));
        assert_eq!(Source::parse("DATA:x,y"), Source::DataUrl("DATA:x,y".into()));
        assert_eq!(Source::parse("keys.json"), Source::File("keys.json".into()));
        assert_eq!(bit_len(&[0, 0x80, 0]), 16);
        assert_eq!(bit_len(&[]), 0);
    }
}
