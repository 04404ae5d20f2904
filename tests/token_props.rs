//! Property test: random bytes and strings through the token decoder and the whole judge (no
//! project, no network) never panic, and a payload that decodes is what `token` shows. Bounded
//! (≤ 2000 cases in all) so it runs in CI in well under a second or two.

use authkit_doctor_core::jwt as decode;
use authkit_doctor_core::token::{self, Options, ProjectInput, http};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use proptest::prelude::*;

fn opts() -> Options {
    Options { now: 1_800_000_000, jwks: None, online: false, workos_api_base: None, limits: http::Limits::default() }
}

fn judge_everything(text: &str) {
    let d = decode::decode(text);
    let _ = token::verify::precheck(&d, "RS256");
    let j = token::judge(text, &ProjectInput::default(), &opts());
    // A rejected or accepted verdict, and Convex's message whenever it rejects for a reason it words.
    if j.verdict == token::Verdict::Accepted {
        assert!(j.convex_message.is_none());
    }
    let _ = token::report::token_object(&j, &authkit_doctor_core::redact::Redactor::new());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 800, ..ProptestConfig::default() })]

    #[test]
    fn random_strings(text in "\\PC{0,200}") {
        judge_everything(&text);
        let _ = decode::clean_input(&text);
    }

    #[test]
    fn random_bytes_as_lossy_text(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        judge_everything(&String::from_utf8_lossy(&bytes));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Three well-formed base64url parts around random JSON-ish payloads: exercises the claim
    /// parser rather than the base64 layer.
    #[test]
    fn random_payloads(
        header in prop_oneof![Just(r#"{"alg":"RS256","kid":"k"}"#.to_string()), "\\PC{0,40}"],
        payload in prop_oneof![
            "\\{(\"(iss|sub|aud|exp|nbf|iat|jti|x)\":(-?[0-9]{1,22}(\\.[0-9]{1,3})?|\"[a-z:/.]{0,12}\"|null|true|\\[\\]|\\[\"a\",1\\]|\\{\\}),?){0,6}\\}",
            "\\PC{0,60}",
        ],
        sig in proptest::collection::vec(any::<u8>(), 0..40),
    ) {
        let t = format!("{}.{}.{}", URL_SAFE_NO_PAD.encode(&header), URL_SAFE_NO_PAD.encode(&payload), URL_SAFE_NO_PAD.encode(&sig));
        judge_everything(&t);
        let d = decode::decode(&t);
        if let Ok(c) = &d.claims {
            // Times that parsed are within chrono's range and never negative unless they wrapped.
            for ts in [c.exp, c.nbf, c.iat].into_iter().flatten() {
                prop_assert!(ts <= 8_210_298_412_799);
            }
            prop_assert!(d.payload_json.is_some());
        }
    }
}
