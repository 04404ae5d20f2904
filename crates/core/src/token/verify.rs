//! Signature verification in the order of biscuit's `decode_with_jwks`, which Convex calls with
//! the provider's `algorithm` as the expected algorithm:
//! 1. exactly three parts; 2. the signature is unpadded base64url; 3. the header parses;
//! 4. the header has a `kid`; 5. a JWK has that `kid`; 6. algorithms agree — with a JWK `alg`:
//!    header == JWK == configured, without: header == configured; a JWK `alg` that is not a JWS
//!    algorithm fails; 7. the key type fits (RSA or EC; `oct`/`OKP` fail); 8. the signature
//!    verifies (ring: RSA 2048–8192 bits, ECDSA P-256 with fixed-size `r‖s`).
//!
//! jsonwebtoken does the cryptography; every check around it is ours, so the outcome is
//! Convex's, not jsonwebtoken's.

use super::jwks::{self, Jwk, JwkSet, KeyMaterial};
use crate::jwt::Decoded;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Not exactly three parts.
    PartCount(usize),
    SignatureNotBase64,
    /// The header does not parse (unknown `alg`, wrong field types…).
    HeaderUnparseable(String),
    KidMissing,
    KidNotFound {
        kid: String,
        available: Vec<String>,
    },
    /// The JWK's `alg` is not a signature algorithm (`RSA-OAEP`…).
    KeyAlgNotForSigning {
        kid: String,
        alg: String,
    },
    WrongAlgorithm {
        header: String,
        jwk: Option<String>,
        configured: String,
    },
    /// The key cannot verify this algorithm (an `oct`/`OKP` key, RSA for ES256…).
    WrongKeyType {
        kid: String,
        key: String,
        alg: String,
    },
    /// RSA modulus outside 2048–8192 bits: ring refuses it.
    RsaKeySize {
        kid: String,
        bits: usize,
    },
    BadSignature {
        kid: String,
        key: String,
    },
}

impl Failure {
    /// What went wrong, for a finding message.
    pub fn describe(&self) -> String {
        match self {
            Failure::PartCount(n) => format!("the token has {n} parts; a signed JWT has three (header.payload.signature)"),
            Failure::SignatureNotBase64 => "the signature part is not unpadded base64url".into(),
            Failure::HeaderUnparseable(why) => format!("Convex cannot read the header: {why}"),
            Failure::KidMissing => "the header has no `kid`".into(),
            Failure::KidNotFound { kid, available } if available.is_empty() => {
                format!("kid \"{kid}\" is not in the provider's JWKS (it has no key with a kid)")
            }
            Failure::KidNotFound { kid, available } => {
                format!(
                    "kid \"{kid}\" is not in the provider's JWKS (it has {})",
                    available.iter().map(|k| format!("\"{k}\"")).collect::<Vec<_>>().join(", ")
                )
            }
            Failure::KeyAlgNotForSigning { kid, alg } => format!("the JWK \"{kid}\" has alg \"{alg}\", which is not a signature algorithm"),
            Failure::WrongAlgorithm { header, jwk: Some(jwk), configured } => {
                format!(
                    "the header says alg {header}, the JWK says {jwk}, the provider's algorithm is {configured}: all three must be equal"
                )
            }
            Failure::WrongAlgorithm { header, jwk: None, configured } => {
                format!("the header says alg {header} but the provider's algorithm is {configured}")
            }
            Failure::WrongKeyType { kid, key, alg } => format!("the JWK \"{kid}\" is {key}, which cannot verify {alg}"),
            Failure::RsaKeySize { kid, bits } => {
                format!("the JWK \"{kid}\" is a {bits}-bit RSA key; Convex's crypto library only verifies 2048- to 8192-bit keys")
            }
            Failure::BadSignature { kid, key } => format!("the signature does not verify with the JWK \"{kid}\" ({key})"),
        }
    }

    /// The `token/*` rule that explains it.
    pub fn rule(&self) -> &'static crate::rules::Rule {
        use crate::rules::token::*;
        match self {
            Failure::PartCount(_) => &malformed::RULE,
            Failure::HeaderUnparseable(why) if why.contains("`alg`") => &algorithm_mismatch::RULE,
            Failure::HeaderUnparseable(_) | Failure::KidMissing => &missing_kid::RULE,
            Failure::KidNotFound { .. } => &kid_not_found::RULE,
            Failure::KeyAlgNotForSigning { .. } | Failure::WrongAlgorithm { .. } => &algorithm_mismatch::RULE,
            Failure::SignatureNotBase64 | Failure::WrongKeyType { .. } | Failure::RsaKeySize { .. } | Failure::BadSignature { .. } => {
                &bad_signature::RULE
            }
        }
    }
}

/// Verified, or why not. `Unverifiable` when our crypto library cannot check what Convex can.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Verified { kid: String, key: String },
    Failed(Failure),
    Unverifiable(String),
}

/// The checks that need no key set (steps 1–4 and the header-vs-config algorithm), in order.
/// Every failure here rejects the token whatever the JWKS holds.
pub fn precheck(decoded: &Decoded, configured: &str) -> Vec<Failure> {
    let mut out = Vec::new();
    if decoded.parts != 3 {
        out.push(Failure::PartCount(decoded.parts));
    }
    if let Some(sig) = &decoded.signature_b64
        && URL_SAFE_NO_PAD.decode(sig.as_bytes()).is_err()
    {
        out.push(Failure::SignatureNotBase64);
    }
    match &decoded.header {
        Err(why) => out.push(Failure::HeaderUnparseable(why.clone())),
        Ok(h) => {
            if h.kid.is_none() {
                out.push(Failure::KidMissing);
            }
            if h.alg != configured {
                out.push(Failure::WrongAlgorithm { header: h.alg.clone(), jwk: None, configured: configured.to_string() });
            }
        }
    }
    out
}

/// The full `decode_with_jwks`; the first failure, like Convex.
pub fn verify(decoded: &Decoded, set: &JwkSet, configured: &str) -> Outcome {
    if let Some(first) = precheck(decoded, configured).into_iter().find(|f| !matches!(f, Failure::WrongAlgorithm { .. })) {
        return Outcome::Failed(first);
    }
    let Ok(header) = &decoded.header else { return Outcome::Failed(Failure::HeaderUnparseable(String::new())) };
    let Some(kid) = header.kid.clone() else { return Outcome::Failed(Failure::KidMissing) };
    let Some(jwk) = set.find(&kid) else {
        let available = set.keys.iter().filter_map(|k| k.kid.clone()).collect();
        return Outcome::Failed(Failure::KidNotFound { kid, available });
    };
    let alg = match &jwk.alg {
        Some(jwk_alg) => {
            if !crate::jwt::KNOWN_ALGORITHMS.contains(&jwk_alg.as_str()) {
                return Outcome::Failed(Failure::KeyAlgNotForSigning { kid, alg: jwk_alg.clone() });
            }
            if header.alg != *jwk_alg || configured != jwk_alg {
                return Outcome::Failed(Failure::WrongAlgorithm {
                    header: header.alg.clone(),
                    jwk: Some(jwk_alg.clone()),
                    configured: configured.to_string(),
                });
            }
            jwk_alg.clone()
        }
        None => {
            if header.alg != configured {
                return Outcome::Failed(Failure::WrongAlgorithm {
                    header: header.alg.clone(),
                    jwk: None,
                    configured: configured.to_string(),
                });
            }
            configured.to_string()
        }
    };
    let message = format!("{}.{}", decoded.header_b64, decoded.payload_b64.as_deref().unwrap_or(""));
    let signature = decoded.signature_b64.as_deref().unwrap_or("");
    check_signature(&kid, jwk, &alg, message.as_bytes(), signature)
}

fn check_signature(kid: &str, jwk: &Jwk, alg: &str, message: &[u8], signature: &str) -> Outcome {
    let key_desc = jwk.key.describe();
    let wrong_type = || Outcome::Failed(Failure::WrongKeyType { kid: kid.to_string(), key: key_desc.clone(), alg: alg.to_string() });
    let bad = || Outcome::Failed(Failure::BadSignature { kid: kid.to_string(), key: key_desc.clone() });
    let (key, algorithm) = match (&jwk.key, alg) {
        (KeyMaterial::Okp { .. }, _) => return wrong_type(),
        (KeyMaterial::Rsa { n, e }, "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512") => {
            let bits = jwks::bit_len(n);
            if !(2048..=8192).contains(&bits) {
                return Outcome::Failed(Failure::RsaKeySize { kid: kid.to_string(), bits });
            }
            if bits > 4096 {
                return Outcome::Unverifiable(format!(
                    "the JWK \"{kid}\" is a {bits}-bit RSA key; authkit-doctor verifies RSA keys up to 4096 bits"
                ));
            }
            let algorithm = match alg {
                "RS256" => Algorithm::RS256,
                "RS384" => Algorithm::RS384,
                "RS512" => Algorithm::RS512,
                "PS256" => Algorithm::PS256,
                "PS384" => Algorithm::PS384,
                _ => Algorithm::PS512,
            };
            (DecodingKey::from_rsa_raw_components(n, e), algorithm)
        }
        (KeyMaterial::Ec { x, y, .. }, "ES256" | "ES384") => {
            let Ok(key) = DecodingKey::from_ec_components(&URL_SAFE_NO_PAD.encode(x), &URL_SAFE_NO_PAD.encode(y)) else { return bad() };
            (key, if alg == "ES256" { Algorithm::ES256 } else { Algorithm::ES384 })
        }
        // RSA with an EC algorithm or the reverse, `oct` with anything, HS*, ES512, none: ring
        // refuses the key or the algorithm, biscuit reports an invalid signature.
        _ => return wrong_type(),
    };
    match jsonwebtoken::crypto::verify(signature, message, &key, algorithm) {
        Ok(true) => Outcome::Verified { kid: kid.to_string(), key: key_desc },
        _ => bad(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jwt::decode;

    fn b64(s: &str) -> String {
        URL_SAFE_NO_PAD.encode(s)
    }

    #[test]
    fn prechecks_follow_biscuit() {
        let t = format!("{}.{}", b64(r#"{"alg":"RS256","kid":"k"}"#), b64("{}"));
        assert_eq!(precheck(&decode(&t), "RS256"), vec![Failure::PartCount(2)]);
        let t = format!("{}.{}.***", b64(r#"{"alg":"ES256"}"#), b64("{}"));
        let p = precheck(&decode(&t), "RS256");
        assert!(p.contains(&Failure::SignatureNotBase64) && p.contains(&Failure::KidMissing));
        assert!(matches!(p.last(), Some(Failure::WrongAlgorithm { .. })));
        let t = format!("{}.{}.c2ln", b64(r#"{"alg":"EdDSA","kid":"k"}"#), b64("{}"));
        assert!(matches!(precheck(&decode(&t), "RS256")[0], Failure::HeaderUnparseable(_)));
        assert_eq!(Failure::HeaderUnparseable("header `alg` \"EdDSA\" …".into()).rule().id, "token/algorithm-mismatch");
    }

    #[test]
    fn key_lookup_and_algorithms() {
        let t = format!("{}.{}.c2ln", b64(r#"{"alg":"RS256","kid":"k1"}"#), b64("{}"));
        let set = JwkSet { keys: vec![Jwk { kid: Some("k2".into()), alg: None, key: KeyMaterial::Oct }] };
        assert_eq!(
            verify(&decode(&t), &set, "RS256"),
            Outcome::Failed(Failure::KidNotFound { kid: "k1".into(), available: vec!["k2".into()] })
        );
        let set = JwkSet { keys: vec![Jwk { kid: Some("k1".into()), alg: Some("RS512".into()), key: KeyMaterial::Oct }] };
        assert!(matches!(verify(&decode(&t), &set, "RS256"), Outcome::Failed(Failure::WrongAlgorithm { jwk: Some(_), .. })));
        let set = JwkSet { keys: vec![Jwk { kid: Some("k1".into()), alg: Some("RSA-OAEP".into()), key: KeyMaterial::Oct }] };
        assert!(matches!(verify(&decode(&t), &set, "RS256"), Outcome::Failed(Failure::KeyAlgNotForSigning { .. })));
        let set = JwkSet {
            keys: vec![Jwk { kid: Some("k1".into()), alg: None, key: KeyMaterial::Rsa { n: vec![0xff; 128], e: vec![1, 0, 1] } }],
        };
        assert_eq!(verify(&decode(&t), &set, "RS256"), Outcome::Failed(Failure::RsaKeySize { kid: "k1".into(), bits: 1024 }));
        let set = JwkSet {
            keys: vec![Jwk { kid: Some("k1".into()), alg: None, key: KeyMaterial::Rsa { n: vec![0xff; 256], e: vec![1, 0, 1] } }],
        };
        assert!(matches!(verify(&decode(&t), &set, "RS256"), Outcome::Failed(Failure::BadSignature { .. })));
    }
}
