use super::configs;
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::facts::convex_push::PushErrorKind;
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds providers Convex rejects at push time for their shape: a `customJwt` provider
    /// missing `issuer`, `jwks` or `algorithm`, or holding `domain`; an OIDC provider (no `type`)
    /// holding `issuer` or missing `applicationID`/`domain`; a non-string `applicationID`; a
    /// `providers` key that is missing or not an array.
    ///
    /// ### Why is this bad?
    /// The push fails. Convex prints one generic message for every missing field or wrong type,
    /// which does not say which field; this rule does.
    ///
    /// ### Symptom
    /// `npx convex dev` fails with "data did not match any variant of untagged enum
    /// SerializedAuthInfo" or "cannot have an 'issuer' specified".
    ///
    /// ### Fix
    /// Give each WorkOS provider exactly `type: "customJwt"`, `issuer`, `algorithm: "RS256"`,
    /// `jwks`, and `applicationID` only on the `https://api.workos.com/` issuer.
    ///
    /// ### Example
    /// ```ts
    /// // before: no type, so Convex reads it as OIDC, which takes `domain`
    /// { issuer: `https://api.workos.com/user_management/${clientId}`, jwks: "..." }
    /// // after
    /// { type: "customJwt", issuer: `https://api.workos.com/user_management/${clientId}`,
    ///   algorithm: "RS256", jwks: `https://api.workos.com/sso/jwks/${clientId}` }
    /// ```
    pub static RULE = {
        id: "auth-config/invalid-provider-shape",
        severity: Error,
        symptoms: [DeployFails, ConvexUnauthenticated],
        summary: "a provider Convex rejects at push (missing or misplaced fields)",
    };
}

const HELP: &str = "A WorkOS provider is `{ type: \"customJwt\", issuer, algorithm: \"RS256\", jwks }` (+ `applicationID` on the https://api.workos.com/ issuer only).";

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    let kinds = [
        PushErrorKind::CustomJwtWithDomain,
        PushErrorKind::OidcWithIssuer,
        PushErrorKind::Shape,
        PushErrorKind::ProvidersMissing,
        PushErrorKind::ProvidersNotArray,
    ];
    for cfg in configs(cx) {
        for error in cfg.facts.push_errors.iter().filter(|e| kinds.contains(&e.kind)) {
            // A provider with `issuer` but no `type` is read as OIDC: its missing OIDC fields
            // (`domain`, `applicationID`) follow from that one slip, already reported.
            let misread_as_oidc = error.kind == PushErrorKind::Shape
                && cfg.push_errors(PushErrorKind::OidcWithIssuer).any(|e| e.provider == error.provider)
                && cfg.providers().iter().any(|p| Some(p.index) == error.provider && p.span == error.span);
            if misread_as_oidc {
                continue;
            }
            let which = error.provider.map(|i| format!("provider {i}: ")).unwrap_or_default();
            out.push(
                RULE.finding(format!("{which}{}", error.detail)).at(cfg.loc(error.span)).help(HELP).convex_message(error.message.clone()),
            );
        }
    }
}
