//! Acceptance suite of `authkit-doctor token`: the cases Convex's own token
//! validation is known to decide (`now = 1800000000`, the docs WorkOS config with a data-URI
//! JWKS, `CID = client_01TEST`), each case with Convex's outcome and exact message; then every
//! `token/*` rule, the fake JWKS server, malformed input, exit codes and redaction.

mod token_common;

use jsonwebtoken::Algorithm;
use serde_json::{Value, json};
use token_common::*;

const NO_PROVIDER_FULL: &str = "No auth provider found matching the given token. Check that your JWT's issuer and audience match one of your configured providers: [CustomJWT(issuer=https://api.workos.com/user_management/client_01TEST, app_id=none), CustomJWT(issuer=https://api.workos.com/, app_id=client_01TEST)]";
const NO_PROVIDER_PROD: &str = "No auth provider found matching the given token";
const PARSE: &str =
    "Could not parse JWT payload. Check that the token is a valid JWT format with three base64-encoded parts separated by dots.";
const CLAIM: &str = "Could not verify token claim. Check that the JWT contains valid claims and matches your auth provider configuration.";
const MISSING_ISS: &str =
    "Missing issuer claim ('iss') in JWT payload. The JWT must include an 'iss' claim that matches one of your configured auth providers.";
const MISSING_KID: &str = "Could not decode token. JWT may be missing a 'kid' (key ID) header.";
const KID_PROD: &str = "Could not decode token. The JWT's 'kid' (key ID) header doesn't match any key in the provider's JWKS, or the JWT signature is invalid.";

fn kid_message(kid: &str) -> String {
    format!("Could not decode token. The JWT's 'kid' (key ID) header is '{kid}', does this key match any key in the provider's JWKS?")
}

fn docs_project() -> tempfile::TempDir {
    project(&docs_config(&format!("\"{}\"", data_uri(&standard_jwks()))), &[])
}

fn with(mut p: Value, changes: Value) -> Value {
    for (k, v) in changes.as_object().unwrap() {
        if v.is_null() {
            p.as_object_mut().unwrap().remove(k);
        } else {
            p[k] = v.clone();
        }
    }
    p
}

#[derive(Debug)]
enum Expect {
    Ok,
    /// Rejected with this development message, this production message (when it differs), this rule.
    Err(String, Option<&'static str>, &'static str),
}

fn check(dir: &std::path::Path, name: &str, token: &str, expect: Expect) -> Run {
    let run = run_token(dir, token, &[]);
    match &expect {
        Expect::Ok => {
            assert_eq!(run.verdict(), "accepted", "{name}: {}", run.stdout);
            assert_eq!(run.code, 0, "{name}");
            assert!(run.message().is_none(), "{name}");
            assert_eq!(run.token()["signature"]["status"], "verified", "{name}: {}", run.stdout);
        }
        Expect::Err(message, production, rule) => {
            assert_eq!(run.verdict(), "rejected", "{name}: {}", run.stdout);
            assert_eq!(run.code, 1, "{name}");
            assert_eq!(run.message(), Some(message.as_str()), "{name}: {}", run.stdout);
            assert_eq!(run.production(), *production, "{name}");
            assert_eq!(run.rule(), Some(*rule), "{name}");
            let f = run.finding(rule).unwrap_or_else(|| panic!("{name}: no {rule} finding"));
            assert_eq!(f["severity"], "error", "{name}");
            assert_eq!(f["convex_message"].as_str(), Some(message.as_str()), "{name}");
            assert!(run.token().get("identity").is_none(), "{name}: identity only when accepted");
        }
    }
    run
}

/// §6, the issuer / audience rows.
#[test]
fn section_6_issuer_and_audience() {
    let dir = docs_project();
    let d = dir.path();
    let no_provider = || Expect::Err(NO_PROVIDER_FULL.into(), Some(NO_PROVIDER_PROD), "token/no-matching-provider");

    let run = check(d, "UM issuer, no aud", &good_token(payload()), Expect::Ok);
    assert_eq!(run.token()["matched_provider"], json!({"index": 1, "issuer": UM}));
    assert_eq!(run.token()["identity"]["tokenIdentifier"], format!("{UM}|user_01ABC"));

    let run = check(
        d,
        "api.workos.com without slash, no aud",
        &good_token(with(payload(), json!({"iss": "https://api.workos.com"}))),
        no_provider(),
    );
    let why = run.token()["providers"][1]["why_not"].as_str().unwrap();
    assert_eq!(why, "aud missing; applicationID \"client_01TEST\" requires it");

    let run =
        check(d, "api.workos.com, aud=CID", &good_token(with(payload(), json!({"iss": "https://api.workos.com", "aud": CID}))), Expect::Ok);
    assert_eq!(run.token()["identity"]["tokenIdentifier"], "https://api.workos.com|user_01ABC");
    assert_eq!(run.token()["matched_provider"]["index"], 0);

    check(
        d,
        "api.workos.com/, aud=[other, CID]",
        &good_token(with(payload(), json!({"iss": "https://api.workos.com/", "aud": ["other", CID]}))),
        Expect::Ok,
    );
    check(
        d,
        "api.workos.com, wrong aud",
        &good_token(with(payload(), json!({"iss": "https://api.workos.com/", "aud": "client_01WRONG"}))),
        no_provider(),
    );

    for iss in [format!("{UM}/"), format!("{UM}//"), UM.trim_start_matches("https://").to_string()] {
        let run = check(d, &format!("iss {iss}"), &good_token(with(payload(), json!({"iss": iss}))), Expect::Ok);
        assert_eq!(run.token()["identity"]["tokenIdentifier"], format!("{iss}|user_01ABC"), "raw iss kept");
    }
    for iss in ["https://API.workos.com/user_management/client_01TEST", "http://api.workos.com/user_management/client_01TEST"] {
        check(d, iss, &good_token(with(payload(), json!({"iss": iss}))), no_provider());
    }
}

/// §6, the time rows.
#[test]
fn section_6_times() {
    let dir = docs_project();
    let d = dir.path();
    for ago in [3, 5] {
        check(d, &format!("exp -{ago}s"), &good_token(with(payload(), json!({"exp": NOW - ago}))), Expect::Ok);
    }
    check(
        d,
        "exp -6s",
        &good_token(with(payload(), json!({"exp": NOW - 6}))),
        Expect::Err("Could not validate token: Token expired 6 seconds ago".into(), None, "token/expired"),
    );
    check(d, "iat +4s", &good_token(with(payload(), json!({"iat": NOW + 4}))), Expect::Ok);
    let future = || Expect::Err("Could not validate token: Token will be valid in 10 seconds".into(), None, "token/not-yet-valid");
    check(d, "iat +10s", &good_token(with(payload(), json!({"iat": NOW + 10}))), future());
    check(d, "nbf +10s", &good_token(with(payload(), json!({"nbf": NOW + 10}))), future());
    check(d, "iat far in the past", &good_token(with(payload(), json!({"iat": 1_000_000_000}))), Expect::Ok);
    let run = check(d, "no iat", &good_token(with(payload(), json!({"iat": null}))), Expect::Ok);
    assert!(run.rules().contains(&"token/missing-iat".to_string()), "the client cannot refresh: warning");
    check(d, "fractional exp", &good_token(with(payload(), json!({"exp": NOW as f64 + 240.4}))), Expect::Ok);
}

/// §6, the required-claim and payload-parse rows.
#[test]
fn section_6_claims_and_parsing() {
    let dir = docs_project();
    let d = dir.path();
    check(d, "no exp", &good_token(with(payload(), json!({"exp": null}))), Expect::Err(CLAIM.into(), None, "token/missing-claim"));
    check(d, "no sub", &good_token(with(payload(), json!({"sub": null}))), Expect::Err(CLAIM.into(), None, "token/missing-claim"));
    check(d, "no iss", &good_token(with(payload(), json!({"iss": null}))), Expect::Err(MISSING_ISS.into(), None, "token/missing-issuer"));
    check(d, "exp string", &good_token(with(payload(), json!({"exp": "1800000240"}))), Expect::Err(PARSE.into(), None, "token/malformed"));
    check(d, "aud number", &good_token(with(payload(), json!({"aud": 5}))), Expect::Err(PARSE.into(), None, "token/malformed"));
}

/// §6, the key / signature rows.
#[test]
fn section_6_kid_and_signature() {
    let dir = docs_project();
    let d = dir.path();
    let run = check(
        d,
        "no kid",
        &sign(json!({"alg": "RS256", "typ": "JWT"}), payload(), &rsa(), Algorithm::RS256),
        Expect::Err(MISSING_KID.into(), None, "token/missing-kid"),
    );
    assert!(run.production().is_none(), "the missing-kid text is never redacted");
    let kid_err = |kid: &str, rule: &'static str| Expect::Err(kid_message(kid), Some(KID_PROD), rule);
    check(d, "wrong kid", &sign(rs256_header("nope"), payload(), &rsa(), Algorithm::RS256), kid_err("nope", "token/kid-not-found"));
    check(
        d,
        "bad signature",
        &sign(rs256_header("rsa1"), payload(), &rsa_other(), Algorithm::RS256),
        kid_err("rsa1", "token/bad-signature"),
    );
    check(
        d,
        "ES256 header on an RS256 config",
        &sign(json!({"alg": "ES256", "kid": "ec1"}), payload(), &ec(), Algorithm::ES256),
        kid_err("ec1", "token/algorithm-mismatch"),
    );
    check(
        d,
        "RS512 header",
        &sign(json!({"alg": "RS512", "kid": "rsa1"}), payload(), &rsa(), Algorithm::RS512),
        kid_err("rsa1", "token/algorithm-mismatch"),
    );
    let full = good_token(payload());
    let two_parts = full.rsplit_once('.').unwrap().0;
    check(d, "2-part token", two_parts, kid_err("rsa1", "token/malformed"));
    let eddsa = format!("{}.{}.{}", b64(r#"{"alg":"EdDSA","kid":"rsa1"}"#), b64(payload().to_string()), b64([7u8; 64]));
    check(d, "header alg EdDSA", &eddsa, Expect::Err(MISSING_KID.into(), None, "token/algorithm-mismatch"));
    check(d, "JWK without alg", &sign(rs256_header("rsa-noalg"), payload(), &rsa(), Algorithm::RS256), Expect::Ok);
}

/// §6, the JWKS rows: one unparsable key rejects every token.
#[test]
fn section_6_invalid_jwks() {
    for (name, extra) in [
        ("OKP EdDSA key", json!({"kty": "OKP", "crv": "Ed25519", "alg": "EdDSA", "x": b64([1u8; 32])})),
        ("unknown kty", json!({"kty": "XYZ", "kid": "x"})),
    ] {
        let mut set = standard_jwks();
        set["keys"].as_array_mut().unwrap().push(extra);
        let uri = data_uri(&set);
        let dir = project(&docs_config(&format!("\"{uri}\"")), &[]);
        let expected =
            format!("Invalid JWKS response body from '{uri}'. The response is not valid JSON or doesn't match the expected JWKS format.");
        for token in [good_token(payload()), sign(rs256_header("rsa-noalg"), payload(), &rsa(), Algorithm::RS256)] {
            check(dir.path(), name, &token, Expect::Err(expected.clone(), None, "token/jwks-invalid"));
        }
    }
    // An OKP key without alg is fine (test port).
    let mut set = standard_jwks();
    set["keys"].as_array_mut().unwrap().push(json!({"kty": "OKP", "crv": "Ed25519", "x": b64([1u8; 32])}));
    let dir = project(&docs_config(&format!("\"{}\"", data_uri(&set))), &[]);
    check(dir.path(), "OKP without alg", &good_token(payload()), Expect::Ok);
    // A data: URI that is not base64.
    let dir = project(&docs_config("\"data:text/plain;base64,***\""), &[]);
    check(
        dir.path(),
        "bad data URI",
        &good_token(payload()),
        Expect::Err(
            "Invalid JWKS data URL. Check that the data URL is properly formatted and contains valid base64-encoded JSON.".into(),
            None,
            "token/jwks-invalid",
        ),
    );
}

/// §6, `{ providers: [] }`.
#[test]
fn section_6_no_providers() {
    let dir = project("export default { providers: [] };\n", &[]);
    check(
        dir.path(),
        "no providers",
        &good_token(payload()),
        Expect::Err(
            "No auth provider found matching the given token (no providers configured). Check convex/auth.config.ts.".into(),
            Some(NO_PROVIDER_PROD),
            "token/no-matching-provider",
        ),
    );
}

/// Every problem is explained, not only the first; Convex's own is the one reported.
#[test]
fn every_problem_is_explained_and_the_first_is_reported() {
    let dir = docs_project();
    let token = sign(
        json!({"alg": "RS256", "typ": "JWT"}),
        json!({"iss": "https://api.workos.com", "iat": NOW - 100, "exp": NOW - 60}),
        &rsa(),
        Algorithm::RS256,
    );
    let run = run_token(dir.path(), &token, &[]);
    assert_eq!(run.rule(), Some("token/no-matching-provider"));
    for rule in ["token/no-matching-provider", "token/missing-kid", "token/expired", "token/missing-claim"] {
        assert!(run.rules().contains(&rule.to_string()), "{rule} missing: {:?}", run.rules());
    }
    let f = run.finding("token/expired").unwrap();
    assert!(f["help"].as_str().unwrap().contains("Convex reports token/no-matching-provider first"));
    assert!(run.finding("token/no-matching-provider").unwrap()["help"].as_str().unwrap().starts_with("Convex stops at this check"));
}

#[test]
fn other_client_id_dev_prod_mixup() {
    let dir = project(
        &docs_config(&format!("\"{}\"", data_uri(&standard_jwks()))),
        &[(".env.local", "VITE_WORKOS_CLIENT_ID=client_01TEST\n"), (".env.production", "VITE_WORKOS_CLIENT_ID=client_01PROD\n")],
    );
    let token = good_token(with(payload(), json!({"iss": "https://api.workos.com/user_management/client_01PROD"})));
    let run = run_token(dir.path(), &token, &[]);
    assert_eq!(run.verdict(), "rejected");
    let f = run.finding("token/other-client-id").expect("other-client-id");
    assert_eq!(f["severity"], "error");
    let msg = f["message"].as_str().unwrap();
    assert!(msg.contains("client_01PROD") && msg.contains(".env.production"), "{msg}");
    // Without --client-id the project's .env.local says which client the deployment uses.
    let now = NOW.to_string();
    let out = bin().args(["token", "--format", "json", "--now", &now, "--project"]).arg(dir.path()).arg(&token).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["token"]["env"][0]["source"]["kind"], "env-file");
    assert!(v["findings"].as_array().unwrap().iter().any(|f| f["rule"] == "token/other-client-id"));
    // Accepted anyway (aud names another client as well): a warning.
    let run = run_token(dir.path(), &good_token(with(payload(), json!({"aud": ["client_01PROD"]}))), &[]);
    assert_eq!(run.verdict(), "accepted");
    assert_eq!(run.finding("token/other-client-id").unwrap()["severity"], "warning");
}

#[test]
fn env_inferred_from_the_token_when_nothing_says() {
    let dir = docs_project();
    let now = NOW.to_string();
    let out =
        bin().args(["token", "--format", "json", "--now", &now, "--project"]).arg(dir.path()).arg(good_token(payload())).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["token"]["env"][0], json!({"name": "WORKOS_CLIENT_ID", "value": CID, "source": {"kind": "token"}}));
}

#[test]
fn convex_env_dump_resolves_the_config() {
    let dir =
        project(&docs_config(&format!("\"{}\"", data_uri(&standard_jwks()))), &[("dev-env.txt", "WORKOS_CLIENT_ID=client_01OTHER\n")]);
    let now = NOW.to_string();
    let out = bin()
        .args(["token", "--format", "json", "--now", &now, "--convex-env"])
        .arg(dir.path().join("dev-env.txt"))
        .arg("--project")
        .arg(dir.path())
        .arg(good_token(payload()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["token"]["convex_message"],
        "No auth provider found matching the given token. Check that your JWT's issuer and audience match one of your configured providers: [CustomJWT(issuer=https://api.workos.com/user_management/client_01OTHER, app_id=none), CustomJWT(issuer=https://api.workos.com/, app_id=client_01OTHER)]"
    );
    let why = v["token"]["providers"][0]["why_not"].as_str().unwrap();
    assert!(why.contains("issued for client_01TEST, this provider expects client_01OTHER"), "{why}");
}

#[test]
fn refresh_warnings() {
    let dir = docs_project();
    let run = run_token(dir.path(), &good_token(with(payload(), json!({"iat": NOW, "exp": NOW + 2}))), &[]);
    assert_eq!(run.verdict(), "accepted");
    let f = run.finding("token/short-lifetime").unwrap();
    assert_eq!(f["severity"], "warning");
    assert!(f["help"].as_str().unwrap().contains("Auth token does not live long enough, cannot refetch the token"));
    let run = run_token(dir.path(), &good_token(with(payload(), json!({"iat": NOW, "exp": NOW + 8}))), &[]);
    assert!(
        run.finding("token/short-lifetime").unwrap()["help"]
            .as_str()
            .unwrap()
            .contains("configured leeway 10s is larger than the token's lifetime 8s")
    );
    let run = run_token(dir.path(), &good_token(payload()), &[]);
    assert!(run.rules().is_empty(), "{:?}", run.rules());
}

#[test]
fn claims_needed_by_code() {
    let functions = "import { query } from \"./_generated/server\";\nexport const me = query({\n  handler: async (ctx) => {\n    const identity = await ctx.auth.getUserIdentity();\n    return { email: identity?.email, sid: identity?.sid };\n  },\n});\n";
    let dir = project(&docs_config(&format!("\"{}\"", data_uri(&standard_jwks()))), &[("convex/users.ts", functions)]);
    let run = run_token(dir.path(), &good_token(payload()), &[]);
    assert_eq!(run.verdict(), "accepted");
    let f = run.finding("token/claims-needed-by-code").expect("email is read but absent");
    assert_eq!(f["severity"], "warning");
    assert_eq!(f["file"], "convex/users.ts");
    assert!(f["message"].as_str().unwrap().contains("identity.email"));
    assert_eq!(
        run.json["findings"].as_array().unwrap().iter().filter(|f| f["rule"] == "token/claims-needed-by-code").count(),
        1,
        "sid is in the token"
    );
    let run = run_token(dir.path(), &good_token(with(payload(), json!({"email": "a@b.c"}))), &[]);
    assert!(run.finding("token/claims-needed-by-code").is_none());
}

#[test]
fn identity_as_convex_builds_it() {
    let dir = docs_project();
    let p = with(payload(), json!({"email": "a@b.c", "properties": {"id": "123", "color": {"a": 1}}, "fva": [0, 0], "roles": ["member"]}));
    let run = run_token(dir.path(), &good_token(p), &[]);
    assert_eq!(
        run.token()["identity"],
        json!({"tokenIdentifier": format!("{UM}|user_01ABC"), "subject": "user_01ABC", "issuer": UM, "email": "a@b.c", "properties.color.a": 1, "properties.id": "123", "roles": ["member"], "sid": "session_01X"})
    );
    let keys: Vec<&String> = run.token()["identity"].as_object().unwrap().keys().collect();
    assert_eq!(keys[0], "tokenIdentifier");
}

#[test]
fn human_output() {
    let dir = docs_project();
    let token = good_token(with(payload(), json!({"iat": NOW - 7500, "exp": NOW - 7380})));
    let now = NOW.to_string();
    let out = bin().args(["token", "--now", &now, "--client-id", CID, "--project"]).arg(dir.path()).arg(&token).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "expired 2h 3m ago",
        "REJECTED (token/expired)",
        "convex says: Could not validate token: Token expired 7380 seconds ago",
        "browser console: Failed to authenticate: \"Could not validate token: Token expired 7380 seconds ago\", check your server auth config",
        "✔ uses CustomJWT(issuer=https://api.workos.com/user_management/client_01TEST, app_id=none)",
        "✖ CustomJWT(issuer=https://api.workos.com/, app_id=client_01TEST)",
        "iss \"https://api.workos.com/user_management/client_01TEST\" ≠ issuer \"https://api.workos.com/\" (an AuthKit user_management token; this is the shared SSO issuer)",
        "signature: verified",
        "error[token/expired]",
    ] {
        assert!(text.contains(needle), "{needle:?} not in:\n{text}");
    }
    assert!(!text.contains('\u{1b}'), "no colour when not a terminal");
}

#[test]
fn stdin_and_bearer_prefix() {
    let dir = docs_project();
    let now = NOW.to_string();
    let input = format!("Bearer {}\n", good_token(payload()));
    let out = bin()
        .args(["token", "-", "--format", "json", "--now", &now, "--client-id", CID, "--project"])
        .arg(dir.path())
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["token"]["verdict"], "accepted");
    assert_eq!(v["schema"], "authkit-doctor/v1");
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["schema", "tool", "root", "project", "findings", "token", "summary"]);
}

/// Malformed input: a `token/malformed` finding or exit code 2, never a panic.
#[test]
fn malformed_input_never_panics() {
    let dir = docs_project();
    let d = dir.path();
    let null_payload = format!("{}.{}.{}", b64(r#"{"alg":"RS256","kid":"rsa1"}"#), b64("null"), b64("sig-sig-sig"));
    for (name, token) in [
        ("not base64", "this is not a jwt".to_string()),
        ("bad base64 payload", "eyJhbGciOiJSUzI1NiJ9.!!!.abc".to_string()),
        ("two parts, payload not JSON", format!("{}.{}", b64("{}"), b64("hello"))),
        ("null payload", null_payload),
        ("dots only", "..".to_string()),
    ] {
        let run = run_token(d, &token, &[]);
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        assert_eq!(run.rule(), Some("token/malformed"), "{name}");
        assert_eq!(run.message(), Some(PARSE), "{name}");
    }
    // A 10 MB token and binary garbage on stdin: refused as input (exit 2).
    let now = NOW.to_string();
    let huge = format!("eyJ{}", "A".repeat(10 * 1024 * 1024));
    let mut garbage: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    garbage[0] = 0xff;
    for (name, input) in [("10 MB", huge.into_bytes()), ("binary", garbage), ("empty", Vec::new())] {
        let out = bin().args(["token", "-", "--now", &now, "--project"]).arg(d).write_stdin(input).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        assert!(!stderr.contains("panicked") && !stderr.contains("internal error"), "{name}: {stderr}");
    }
    // No project with a Convex dir: a usage error, not a verdict.
    let empty = tempfile::tempdir().unwrap();
    bin().args(["token", "--project"]).arg(empty.path()).arg(good_token(payload())).assert().code(2);
    // An unreadable --jwks file.
    bin().args(["token", "--jwks", "/no/such/jwks.json", "--project"]).arg(d).arg(good_token(payload())).assert().code(2);
}

/// `--jwks FILE` replaces the provider's key set; without any key set the signature is not checked.
#[test]
fn jwks_file_and_offline() {
    let dir = project(&docs_config("`https://api.workos.com/sso/jwks/${clientId}`"), &[]);
    let d = dir.path();
    let run = run_token(d, &good_token(payload()), &[]);
    assert_eq!(run.verdict(), "accepted");
    assert_eq!(run.token()["signature"]["status"], "not-checked");
    assert!(run.token()["signature"]["detail"].as_str().unwrap().contains("--online"));
    let file = d.join("jwks.json");
    std::fs::write(&file, standard_jwks().to_string()).unwrap();
    let run = run_token(d, &sign(rs256_header("rsa1"), payload(), &rsa_other(), Algorithm::RS256), &["--jwks", file.to_str().unwrap()]);
    assert_eq!(run.rule(), Some("token/bad-signature"));
    // Header-only problems are found without any key set.
    let run = run_token(d, &sign(json!({"alg": "RS256"}), payload(), &rsa(), Algorithm::RS256), &[]);
    assert_eq!(run.rule(), Some("token/missing-kid"));
}

/// No token signature, API key or cookie password appears in full in any output.
#[test]
fn secrets_never_printed_in_full() {
    let api_key = "sk_test_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9T0u1V2w3X4y5Z6a7B8c9D0e1F2g3H4i5J6k7L8m9N0o1P2q";
    let password = "correct-horse-battery-staple-0123456789-abcdef";
    let env = format!("WORKOS_API_KEY={api_key}\nWORKOS_COOKIE_PASSWORD={password}\nWORKOS_CLIENT_ID={CID}\n");
    let dir = project(&docs_config(&format!("\"{}\"", data_uri(&standard_jwks()))), &[(".env.local", &env)]);
    let token = good_token(with(payload(), json!({"debug": password, "leak": api_key, "exp": NOW - 100})));
    let signature = token.rsplit('.').next().unwrap().to_string();
    let now = NOW.to_string();
    for format in ["human", "json", "sarif", "github"] {
        let out = bin().args(["token", "--format", format, "--now", &now, "--project"]).arg(dir.path()).arg(&token).output().unwrap();
        let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        for secret in [signature.as_str(), api_key, password] {
            let tail = &secret[secret.len() - 24..];
            assert!(!all.contains(tail), "{format}: a secret survives in:\n{all}");
        }
        assert!(!all.contains(&token), "{format}: the raw token is printed");
    }
}

// ------------------------------------------------------------------------------------------
// The fake JWKS server.
// ------------------------------------------------------------------------------------------

fn online_project() -> tempfile::TempDir {
    project(&docs_config("`https://api.workos.com/sso/jwks/${clientId}`"), &[])
}

const JWKS_URL: &str = "https://api.workos.com/sso/jwks/client_01TEST";

#[test]
fn jwks_server_200_and_offline_makes_no_request() {
    let server = Server::start(|path| {
        assert_eq!(path, "/sso/jwks/client_01TEST");
        Reply::json(200, "application/jwk-set+json", &standard_jwks())
    });
    let dir = online_project();
    let run = run_token(dir.path(), &good_token(payload()), &["--workos-api-base", &server.base]);
    assert_eq!(run.token()["signature"]["status"], "not-checked");
    assert_eq!(server.hits(), 0, "offline by default");
    let run = run_token(dir.path(), &good_token(payload()), &["--online", "--workos-api-base", &server.base]);
    assert_eq!(run.verdict(), "accepted", "{}", run.stdout);
    assert_eq!(run.token()["signature"]["status"], "verified");
    assert_eq!(server.hits(), 1);
    // The env var works as well as the flag; `application/json` is accepted too.
    let server = Server::start(|_| Reply::json(200, "application/json; charset=utf-8", &standard_jwks()));
    let run = run_token_with(dir.path(), &good_token(payload()), &["--online"], &[("AUTHKIT_DOCTOR_WORKOS_API_BASE", &server.base)]);
    assert_eq!(run.verdict(), "accepted");
    assert_eq!(server.hits(), 1);
}

#[test]
fn jwks_server_failures() {
    let dir = online_project();
    let cases: Vec<(Reply, &str, String)> = vec![
        (
            Reply::text(404, "text/plain", "nope"),
            "token/jwks-unreachable",
            format!("Could not fetch JWKS from URL '{JWKS_URL}': HTTP 404 Not Found. Check that the URL is correct and accessible."),
        ),
        (
            Reply::text(200, "text/html; charset=utf-8", "<html></html>"),
            "token/jwks-content-type",
            format!(
                "Invalid Content-Type 'text/html; charset=utf-8' when fetching JWKS from '{JWKS_URL}'. Expected 'application/json' or 'application/jwk-set+json'."
            ),
        ),
        (
            Reply::text(200, "application/json", "{\"keys\": 42}"),
            "token/jwks-invalid",
            format!(
                "Invalid JWKS response body from '{JWKS_URL}'. The response is not valid JSON or doesn't match the expected JWKS format."
            ),
        ),
        (
            Reply { status: 200, content_type: None, body: b"{}".to_vec(), delay: std::time::Duration::ZERO },
            "token/jwks-content-type",
            format!(
                "Invalid Content-Type 'unknown' when fetching JWKS from '{JWKS_URL}'. Expected 'application/json' or 'application/jwk-set+json'."
            ),
        ),
    ];
    for (reply, rule, message) in cases {
        let server = Server::start(move |_| reply.clone());
        let run = run_token(dir.path(), &good_token(payload()), &["--online", "--workos-api-base", &server.base]);
        assert_eq!(run.verdict(), "rejected", "{rule}");
        assert_eq!(run.rule(), Some(rule));
        assert_eq!(run.message(), Some(message.as_str()));
        assert_eq!(server.hits(), 1, "no retries");
    }
}

#[test]
fn jwks_server_slow_and_huge() {
    let dir = online_project();
    let slow =
        Server::start(|_| Reply { delay: std::time::Duration::from_secs(3), ..Reply::json(200, "application/json", &standard_jwks()) });
    let started = std::time::Instant::now();
    let run = run_token_with(
        dir.path(),
        &good_token(payload()),
        &["--online", "--workos-api-base", &slow.base],
        &[("AUTHKIT_DOCTOR_HTTP_TIMEOUT_MS", "400")],
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(3), "the timeout applies");
    assert_eq!(run.rule(), Some("token/jwks-unreachable"));
    assert!(run.message().unwrap().starts_with(&format!("Could not fetch JWKS from URL '{JWKS_URL}': ")));
    assert!(run.finding("token/jwks-unreachable").unwrap()["message"].as_str().unwrap().contains("time limit"));
    assert_eq!(slow.hits(), 1);

    let huge = Server::start(|_| Reply {
        status: 200,
        content_type: Some("application/json".into()),
        body: vec![b' '; 2 * 1024 * 1024],
        delay: std::time::Duration::ZERO,
    });
    let run = run_token(dir.path(), &good_token(payload()), &["--online", "--workos-api-base", &huge.base]);
    assert_eq!(run.verdict(), "accepted", "Convex's behaviour is unknown: a warning, signature not checked");
    assert_eq!(run.token()["signature"]["status"], "not-checked");
    assert_eq!(run.finding("token/jwks-unreachable").unwrap()["severity"], "warning");
    assert_eq!(run.code, 0);
}

/// Every `token/*` rule fires somewhere in this suite (or in probe.rs for the JWKS ones).
#[test]
fn every_token_rule_has_a_case() {
    let covered = [
        "token/malformed",
        "token/missing-issuer",
        "token/no-matching-provider",
        "token/jwks-unreachable",
        "token/jwks-content-type",
        "token/jwks-invalid",
        "token/missing-kid",
        "token/kid-not-found",
        "token/algorithm-mismatch",
        "token/bad-signature",
        "token/expired",
        "token/not-yet-valid",
        "token/missing-claim",
        "token/other-client-id",
        "token/missing-iat",
        "token/short-lifetime",
        "token/claims-needed-by-code",
    ];
    // Raised by `watch`, which compares the engine's verdict with Convex's answer: its cases are
    // the end-to-end tests of tests/watch.rs.
    let covered_by_watch = ["token/deployment-differs"];
    let ids: Vec<&str> = authkit_doctor_core::rules::all().iter().map(|r| r.id).filter(|id| id.starts_with("token/")).collect();
    assert_eq!(ids.len(), covered.len() + covered_by_watch.len());
    for id in ids {
        let rule = authkit_doctor_core::rules::find(id).unwrap();
        if covered_by_watch.contains(&id) {
            assert!(rule.docs.contains("authkit-doctor watch"), "{id}: docs must say the watch command produces it");
            continue;
        }
        assert!(covered.contains(&id), "{id} has no test case");
        assert!(rule.docs.contains("authkit-doctor token"), "{id}: docs must say the token command produces it");
    }
}
