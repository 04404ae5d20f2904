//! The texts Convex returns when it rejects a token (`crates/authentication/src/lib.rs`), verbatim.
//! Development deployments return the detailed text; production deployments redact two of them
//! (the provider list and the `kid` text). Everything else reads the same in both.

pub const PARSE_PAYLOAD: &str =
    "Could not parse JWT payload. Check that the token is a valid JWT format with three base64-encoded parts separated by dots.";
pub const MISSING_ISSUER: &str =
    "Missing issuer claim ('iss') in JWT payload. The JWT must include an 'iss' claim that matches one of your configured auth providers.";
/// Production wording of every "no auth provider" message.
pub const NO_PROVIDER_REDACTED: &str = "No auth provider found matching the given token";
/// Never redacted (Convex's redaction looks for a different wording).
pub const MISSING_KID: &str = "Could not decode token. JWT may be missing a 'kid' (key ID) header.";
pub const KID_REDACTED: &str = "Could not decode token. The JWT's 'kid' (key ID) header doesn't match any key in the provider's JWKS, or the JWT signature is invalid.";
pub const CLAIM: &str =
    "Could not verify token claim. Check that the JWT contains valid claims and matches your auth provider configuration.";
pub const JWKS_DATA_URL: &str =
    "Invalid JWKS data URL. Check that the data URL is properly formatted and contains valid base64-encoded JSON.";

/// The signature step failed; Convex re-reads the header for the `kid` to quote.
pub fn decode_failed(kid: Option<&str>) -> (String, Option<String>) {
    match kid {
        Some(kid) => (
            format!(
                "Could not decode token. The JWT's 'kid' (key ID) header is '{kid}', does this key match any key in the provider's JWKS?"
            ),
            Some(KID_REDACTED.to_string()),
        ),
        None => (MISSING_KID.to_string(), None),
    }
}

pub fn jwks_network(uri: &str, error: &str) -> String {
    format!("Could not fetch JWKS from URL '{uri}': {error}. Check that the URL is correct and accessible.")
}

pub fn jwks_status(uri: &str, code: u16) -> String {
    format!("Could not fetch JWKS from URL '{uri}': HTTP {}. Check that the URL is correct and accessible.", super::http::status_text(code))
}

pub fn jwks_content_type(content_type: Option<&str>, uri: &str) -> String {
    format!(
        "Invalid Content-Type '{}' when fetching JWKS from '{uri}'. Expected 'application/json' or 'application/jwk-set+json'.",
        content_type.unwrap_or("unknown")
    )
}

pub fn jwks_body(uri: &str) -> String {
    format!("Invalid JWKS response body from '{uri}'. The response is not valid JSON or doesn't match the expected JWKS format.")
}

/// How the browser console shows a rejection (the Convex client, after its retries).
pub fn console(message: &str) -> String {
    format!("Failed to authenticate: \"{message}\", check your server auth config")
}
