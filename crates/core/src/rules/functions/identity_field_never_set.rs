use super::{first_reads, known_custom_jwt_dirs, reads_without_fallback};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds Convex functions reading typed `UserIdentity` fields that Convex only fills for
    /// OIDC providers — `pictureUrl`, `emailVerified`, `givenName`, `familyName`,
    /// `preferredUsername`, `profileUrl`, `websiteUrl`, `phoneNumber`, `phoneNumberVerified`,
    /// `birthday`, `timezone`, `language`, `updatedAt` — in a project whose WorkOS tokens are
    /// validated as `customJwt`. A read that only backs up another source
    /// (`args.avatarUrl || identity.pictureUrl`, `if (!firstName) firstName = identity.givenName`)
    /// is not reported: the other source is what the code relies on.
    ///
    /// ### Why is this bad?
    /// For `customJwt` providers Convex maps no standard claim to a typed field: every claim
    /// keeps its raw name (`picture`, `email_verified`, `given_name`). The typed field is always
    /// `undefined`, so the code silently works with missing data.
    ///
    /// ### Symptom
    /// Avatars, names or "verified" badges are always empty; checks on `emailVerified` always
    /// fail.
    ///
    /// ### Fix
    /// Add the claim to the WorkOS JWT template and read it by its claim name.
    ///
    /// ### Example
    /// ```ts
    /// // before
    /// const avatar = identity.pictureUrl;
    /// // after (JWT template: { "picture": {{user.profile_picture_url}} })
    /// const avatar = identity.picture as string | undefined;
    /// ```
    pub static RULE = {
        id: "functions/identity-field-never-set",
        severity: Error,
        symptoms: [IdentityMissingFields],
        summary: "a typed identity field that customJwt identities never have",
    };
}

/// Typed field → (claim name, WorkOS template value).
const FIELDS: &[(&str, &str, Option<&str>)] = &[
    ("pictureUrl", "picture", Some("{{user.profile_picture_url}}")),
    ("emailVerified", "email_verified", Some("{{user.email_verified}}")),
    ("givenName", "given_name", Some("{{user.first_name}}")),
    ("familyName", "family_name", Some("{{user.last_name}}")),
    ("preferredUsername", "preferred_username", None),
    ("profileUrl", "profile", None),
    ("websiteUrl", "website", None),
    ("phoneNumber", "phone_number", None),
    ("phoneNumberVerified", "phone_number_verified", None),
    ("birthday", "birthdate", None),
    ("timezone", "zoneinfo", None),
    ("language", "locale", None),
    ("updatedAt", "updated_at", None),
];

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    let names: Vec<&str> = FIELDS.iter().map(|f| f.0).collect();
    for (_, convex) in known_custom_jwt_dirs(cx) {
        // A read that only backs up another source (`args.avatarUrl || identity.pictureUrl`,
        // `if (!firstName) firstName = identity.givenName`) costs nothing: the other source is
        // what the code relies on.
        let reads = reads_without_fallback(convex);
        for (read, count) in first_reads(&reads, &names) {
            let Some((field, claim, template)) = FIELDS.iter().find(|f| f.0 == read.field) else { continue };
            // `identity.phoneNumber ?? identity.phone_number`: the file also reads the claim
            // under its raw name, so the typed field is only a first guess.
            let reads_raw = convex.identity_reads.iter().any(|r| r.field == *claim && r.location.file == read.location.file);
            if reads_raw {
                continue;
            }
            let more = if count > 1 { format!(" ({count} reads in this file)") } else { String::new() };
            let fix = match template {
                Some(value) => format!(
                    "Add `\"{claim}\": {value}` to the WorkOS JWT template (Authentication → Sessions → JWT template), then read `identity.{claim}` (or `identity[\"{claim}\"]`) instead of `identity.{field}`."
                ),
                None => format!(
                    "If a JWT template adds the `{claim}` claim, read `identity.{claim}`; otherwise load the value from your own users table keyed by `identity.subject`."
                ),
            };
            out.push(
                RULE.finding(format!("`identity.{field}` is never set for WorkOS tokens{more}: with `customJwt` Convex keeps claims under their own names (`{claim}`)"))
                    .at(read.location.clone())
                    .help("Convex fills the typed OIDC fields (`pictureUrl`, `emailVerified`, `givenName`, …) only for `oidc` providers. WorkOS tokens are validated as `customJwt`: each claim appears under its raw name, and only if the token carries it.")
                    .fix(fix),
            );
        }
    }
}
