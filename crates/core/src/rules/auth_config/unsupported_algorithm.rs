use super::{configs, is_workos_shaped};
use crate::declare_rule;
use crate::diagnostic::{Edit, Finding};
use crate::facts::auth_config::ValueKind;
use crate::facts::convex_push::PushErrorKind;
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds an `algorithm` that is not exactly `"RS256"` or `"ES256"` (e.g. `"rs256"`,
    /// `"HS256"`), and a WorkOS provider set to anything but `"RS256"`.
    ///
    /// ### Why is this bad?
    /// Convex only knows RS256 and ES256, spelled in capitals; anything else fails the push.
    /// WorkOS signs access tokens with RS256, so `"ES256"` passes the push but every token then
    /// fails verification.
    ///
    /// ### Symptom
    /// The push fails, or every token is rejected with "Could not decode token".
    ///
    /// ### Fix
    /// Use `algorithm: "RS256"` for WorkOS providers.
    ///
    /// ### Example
    /// ```ts
    /// // before
    /// { type: "customJwt", algorithm: "rs256", ... }
    /// // after
    /// { type: "customJwt", algorithm: "RS256", ... }
    /// ```
    pub static RULE = {
        id: "auth-config/unsupported-algorithm",
        severity: Error,
        symptoms: [DeployFails, TokenRejected],
        summary: "algorithm is not RS256/ES256, or not RS256 for WorkOS",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for cfg in configs(cx) {
        for error in cfg.push_errors(PushErrorKind::Algorithm) {
            let provider = cfg.providers().iter().find(|p| Some(p.index) == error.provider);
            let written = provider.and_then(|p| p.str("algorithm")).map(|s| s.text.as_str()).unwrap_or("");
            let mut finding = RULE
                .finding(format!("provider {}: {}", error.provider.unwrap_or(0), error.detail))
                .at(cfg.loc(error.span))
                .help("Convex accepts exactly \"RS256\" or \"ES256\" (capitals). WorkOS signs with RS256.")
                .convex_message(error.message.clone());
            if written.eq_ignore_ascii_case("RS256") && provider.is_some_and(is_workos_shaped) {
                let edit = Edit {
                    file: cfg.facts.file.clone(),
                    start: error.span.start + 1,
                    end: error.span.end.saturating_sub(1),
                    replacement: "RS256".into(),
                };
                finding = finding.safe_fix("Write `\"RS256\"`.", vec![edit]);
            } else {
                finding = finding.fix("Set `algorithm: \"RS256\"`.");
            }
            out.push(finding);
        }
        // Valid for Convex, wrong for WorkOS.
        for p in cfg.providers().iter().filter(|p| p.is_custom_jwt() && is_workos_shaped(p)) {
            let Some(prop) = p.get("algorithm") else { continue };
            if let ValueKind::Str(s) = &prop.value.kind
                && s.text == "ES256"
            {
                out.push(
                    RULE.finding(format!("provider {}: WorkOS signs tokens with RS256, but this provider expects ES256", p.index))
                        .at(cfg.loc(prop.value.span))
                        .help("Convex checks the token header's `alg` against this setting, so every WorkOS token fails signature verification.")
                        .fix("Set `algorithm: \"RS256\"`."),
                );
            }
        }
    }
}
