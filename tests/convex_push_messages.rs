//! The push-time emulation quotes Convex character for character, for
//! each case Convex's backend rejects. The first error is what `npx convex dev` would print.

use authkit_doctor_core::facts::auth_config::analyze;
use authkit_doctor_core::source::{Decoding, SourceFile};

const PREFIX: &str = "auth config file must include a list of provider credentials: ";
const SHAPE: &str =
    "auth config file must include a list of provider credentials: data did not match any variant of untagged enum SerializedAuthInfo ";

/// Convex's first push error for a config whose providers are `providers` (JS source).
fn first_error(providers: &str) -> String {
    let text = format!("const clientId = process.env.WORKOS_CLIENT_ID;\nexport default {{ providers: [{providers}] }};\n");
    let facts = analyze(&SourceFile::new("convex/auth.config.ts", text, Decoding::Utf8), None);
    facts.push_errors.first().map(|e| e.message.clone()).unwrap_or_else(|| "<accepted>".into())
}

const UM: &str = "issuer: `https://api.workos.com/user_management/${clientId}`";
const JWKS: &str = "jwks: `https://api.workos.com/sso/jwks/${clientId}`";

#[test]
fn known_good_config_is_accepted() {
    let sso = format!("{{ type: 'customJwt', issuer: 'https://api.workos.com/', algorithm: 'RS256', {JWKS}, applicationID: clientId }}");
    let um = format!("{{ type: 'customJwt', {UM}, algorithm: 'RS256', {JWKS} }}");
    assert_eq!(first_error(&format!("{sso}, {um}")), "<accepted>");
}

#[test]
fn misspelled_application_id() {
    let p = format!(
        "{{ type: 'customJwt', {UM}, algorithm: 'RS256', {JWKS} }}, {{ type: 'customJwt', issuer: 'https://api.workos.com/', algorithm: 'RS256', {JWKS}, applicationId: clientId }}"
    );
    assert_eq!(
        first_error(&p),
        format!("{PREFIX}Provider at index 1 must have applicationID property spelled lowercase 'application', capital I, capital D.")
    );
    let p = format!("{{ type: 'customJwt', {UM}, algorithm: 'RS256', {JWKS}, applicationid: 'x' }}");
    assert_eq!(
        first_error(&p),
        format!("{PREFIX}Provider at index 0 must have applicationID property spelled lowercase 'application', capital I, capital D.")
    );
}

#[test]
fn custom_jwt_wrong_case() {
    let p = format!("{{ type: 'customJWT', {UM}, algorithm: 'RS256', {JWKS} }}");
    assert_eq!(first_error(&p), format!("{PREFIX}Provider at index 0 has unexpected 'type' value 'customJWT'"));
}

#[test]
fn custom_jwt_with_domain() {
    let p = format!("{{ type: 'customJwt', domain: 'https://api.workos.com/', {UM}, algorithm: 'RS256', {JWKS} }}");
    assert_eq!(first_error(&p), format!("{PREFIX}Provider at index 0 is a customJwt so cannot have a 'domain' specified"));
}

#[test]
fn oidc_with_issuer() {
    let p = format!("{{ {UM}, applicationID: clientId }}");
    assert_eq!(first_error(&p), format!("{PREFIX}Provider at index 0 is oidc so cannot have an 'issuer' specified."));
    let p = format!("{{ type: 'oidc', {UM}, applicationID: clientId }}");
    assert_eq!(first_error(&p), format!("{PREFIX}Provider at index 0 is oidc so cannot have an 'issuer' specified."));
}

#[test]
fn insecure_shared_issuer() {
    for issuer in ["https://api.workos.com/", "https://api.workos.com"] {
        let p = format!("{{ type: 'customJwt', issuer: '{issuer}', algorithm: 'RS256', {JWKS} }}");
        assert_eq!(
            first_error(&p),
            "This auth configuration appears potentially insecure: Provider at index 0 has an issuer that is shared among many applications, so must to specify an ApplicationID to check against an `aud` field of a JWT."
        );
    }
    // Convex compares the exact string: without a scheme it slips through.
    let p = format!("{{ type: 'customJwt', issuer: 'api.workos.com', algorithm: 'RS256', {JWKS} }}");
    assert_eq!(first_error(&p), "<accepted>");
}

#[test]
fn shape_errors_share_one_generic_message() {
    let cases = [
        format!("{{ type: 'customJwt', {UM}, algorithm: 'rs256', {JWKS} }}"),
        format!("{{ type: 'customJwt', {UM}, algorithm: 'HS256', {JWKS} }}"),
        format!("{{ type: 'customJwt', {UM}, algorithm: 'RS256' }}"),
        format!("{{ type: 'customJwt', {UM}, {JWKS} }}"),
        format!("{{ type: 'customJwt', algorithm: 'RS256', {JWKS} }}"),
        "{ domain: 'https://example.com' }".to_string(),
        format!("{{ type: 'customJwt', {UM}, algorithm: 'RS256', {JWKS}, applicationID: 42 }}"),
    ];
    for case in cases {
        assert_eq!(first_error(&case), SHAPE, "{case}");
    }
}

#[test]
fn issuer_url_errors() {
    let p = |issuer: &str| format!("{{ type: 'customJwt', issuer: {issuer:?}, algorithm: 'RS256', {JWKS} }}");
    assert_eq!(
        first_error(&p("ftp://api.workos.com/user_management/x")),
        "Invalid provider domain URL \"ftp://api.workos.com/user_management/x\": scheme should be http or https"
    );
    assert_eq!(
        first_error(&p("\"https://api.workos.com/user_management/x\"")),
        "Invalid provider domain URL \"\"https://api.workos.com/user_management/x\"\": starts with a double quote (\")"
    );
    assert_eq!(
        first_error(&p("workos")),
        "Invalid provider domain URL \"workos\": Does not look like a URL (must have a scheme or end with a top-level domain)"
    );
}

#[test]
fn document_level_errors() {
    let facts = |text: &str| analyze(&SourceFile::new("convex/auth.config.ts", text.to_string(), Decoding::Utf8), None);
    assert_eq!(
        facts("").push_errors[0].message,
        "auth config file is missing default export. To learn more, see the auth documentation at https://docs.convex.dev/auth."
    );
    assert_eq!(facts("export default {};").push_errors[0].message, format!("{PREFIX}missing field `providers`"));
    assert_eq!(
        facts("export default { providers: {} };").push_errors[0].message,
        format!("{PREFIX}invalid type: map, expected a sequence")
    );
}

#[test]
fn confusions_come_before_shape_in_index_order() {
    // Provider 0 has a shape error, provider 1 a confusion: Convex reports the confusion first.
    let p = format!("{{ type: 'customJwt', {UM}, algorithm: 'rs256', {JWKS} }}, {{ type: 'customJWT', {UM}, algorithm: 'RS256', {JWKS} }}");
    assert_eq!(first_error(&p), format!("{PREFIX}Provider at index 1 has unexpected 'type' value 'customJWT'"));
}
