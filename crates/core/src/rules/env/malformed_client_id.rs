use super::{committed_placeholder, effective_entries, real_env_files, value_location};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::facts::env::{is_placeholder, references_other_vars};
use crate::rules::CheckContext;
use crate::workos::is_client_id;

declare_rule! {
    /// ### What it does
    /// Checks every `…WORKOS_CLIENT_ID` value in the real env files (any prefix): it must be
    /// `client_` followed by 26 characters of Crockford base32 (a ULID: digits and upper-case
    /// letters without I, L, O, U). It names the likely cause: cut short, pasted twice, quoted
    /// twice (`'"client_…"'`), whitespace inside, lower-case, a placeholder, or another value
    /// (an API key, a URL) under the client-id name.
    ///
    /// Values built from other variables (`${WORKOS_CLIENT_ID_STAGING}`, expanded by Next.js
    /// and Vite) are not judged. Whitespace or a carriage return around an otherwise valid id is reported by
    /// `env/value-whitespace`; empty values by `env/missing-client-id`.
    ///
    /// ### Why is this bad?
    /// WorkOS rejects the authorize request for an unknown client, and Convex builds its issuer
    /// and JWKS URL from the same id: no token can match.
    ///
    /// ### Symptom
    /// Sign-in fails on a WorkOS error page, or tokens are rejected by Convex.
    ///
    /// ### Fix
    /// Copy the client id again from the WorkOS dashboard (API Keys page), without quotes or
    /// spaces.
    ///
    /// ### Example
    /// ```sh
    /// # before
    /// WORKOS_CLIENT_ID='"client_01HXRMBQ9BJ3E7QSTQ9X2PHVB7"'
    /// VITE_WORKOS_CLIENT_ID=client_01HXRMBQ9BJ3E7QS
    /// # after
    /// WORKOS_CLIENT_ID=client_01HXRMBQ9BJ3E7QSTQ9X2PHVB7
    /// ```
    pub static RULE = {
        id: "env/malformed-client-id",
        severity: Error,
        symptoms: [SignInDoesNothing, ConvexUnauthenticated],
        summary: "a WorkOS client id that is not client_ + 26 ULID characters",
    };
}

const ULID_CHARS: usize = 26;

/// Why `value` (trimmed, not a valid id) is not a client id.
fn diagnose(value: &str) -> String {
    let quotes = ['"', '\'', '`'];
    if value.starts_with(quotes) || value.ends_with(quotes) {
        return "is quoted twice: the quotes become part of the id".into();
    }
    if value.chars().any(char::is_whitespace) {
        return "contains whitespace".into();
    }
    if value.starts_with("sk_") {
        return "is an API key, not a client id".into();
    }
    if value.contains("://") {
        return "is a URL, not a client id".into();
    }
    if is_placeholder(value) {
        return "is a placeholder, not a client id".into();
    }
    let Some(body) = value.strip_prefix("client_") else {
        return "does not start with `client_`".into();
    };
    let length = body.chars().count();
    if length == 2 * ULID_CHARS + "client_".len() && body.get(..ULID_CHARS).is_some_and(|first| is_client_id(&format!("client_{first}"))) {
        return "is a client id pasted twice".into();
    }
    if length < ULID_CHARS {
        return format!("has {length} characters after `client_` instead of {ULID_CHARS}: it was cut short");
    }
    if length > ULID_CHARS {
        return format!("has {length} characters after `client_` instead of {ULID_CHARS}");
    }
    if body.chars().any(|c| c.is_ascii_lowercase()) && is_client_id(&format!("client_{}", body.to_ascii_uppercase())) {
        return "is in lower case; WorkOS ids are upper case".into();
    }
    let bad: String =
        body.chars().filter(|c| !matches!(c, '0'..='9' | 'A'..='H' | 'J' | 'K' | 'M' | 'N' | 'P'..='T' | 'V'..='Z')).take(3).collect();
    format!("contains `{bad}`, which a WorkOS id never does (Crockford base32: 0-9, A-Z without I, L, O, U)")
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    let files = real_env_files(cx);
    for file in &files {
        for entry in effective_entries(file).filter(|e| e.key.ends_with("WORKOS_CLIENT_ID")) {
            let value = entry.value.trim();
            if value.is_empty()
                || is_client_id(value)
                || references_other_vars(value)
                || committed_placeholder(file, &entry.key, value, &files)
            {
                continue;
            }
            out.push(
                RULE.finding(format!("{} in {} {}", entry.key, file.name, diagnose(value)))
                    .at(value_location(file, entry))
                    .help("A WorkOS client id is `client_` plus 26 characters (0-9, A-Z without I, L, O, U). WorkOS rejects any other value, and Convex would build its issuer and JWKS URL from it.")
                    .fix("Copy the client id again from the WorkOS dashboard (API Keys page), without quotes or spaces."),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::diagnose;

    #[test]
    fn causes() {
        let id = "client_01HXRMBQ9BJ3E7QSTQ9X2PHVB7";
        assert!(diagnose(&format!("\"{id}\"")).contains("quoted twice"));
        assert!(diagnose("client_01HXRMBQ9BJ3E7QS").contains("cut short"));
        assert!(diagnose(&format!("{id}{id}")).contains("pasted twice"));
        assert!(diagnose("client_01HXRMBQ9BJ3E7QSTQ9X2PHVB7é").contains("27 characters"));
        assert!(diagnose("client_01HXRMBQ9BJ3 E7QSTQ9X2PHVB7").contains("whitespace"));
        assert!(diagnose(&id.to_ascii_lowercase().replace("CLIENT", "client")).contains("lower case"));
        assert!(diagnose("client_01HXRMBQ9BJ3E7QSTQ9X2PHVBI").contains("`I`"));
        assert!(diagnose("client_...").contains("placeholder"));
        assert!(diagnose("project_01HXRMBQ9BJ3E7QSTQ9X2PHVB7").contains("does not start"));
        assert!(diagnose("sk_test_abc").contains("API key"));
    }
}
