use super::{committed_placeholder, effective_entries, real_env_files, value_location};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::facts::env::{SecretKey, SecretKeyKind, is_placeholder, references_other_vars};
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Checks every `…WORKOS_API_KEY` value in the real env files: it must start with
    /// `sk_test_` (staging) or `sk_live_` (production). It also recognises values that carry
    /// the prefix but cannot work: a placeholder (`sk_test_...`), a WorkOS key cut short (the
    /// body no longer decodes to `key_<ULID>,<secret>`), a key far too short, and a Stripe
    /// secret key (same prefix, different body).
    ///
    /// Keys in an older WorkOS format that does not decode are accepted, and values built from
    /// other variables (`$STAGING_KEY`) are not judged. Whitespace around the
    /// key is reported by `env/value-whitespace`; a missing key by `env/missing-api-key`.
    ///
    /// ### Why is this bad?
    /// Every WorkOS call that needs the key fails with "Could not authorize the request. Maybe
    /// your API key is invalid?" (401).
    ///
    /// ### Symptom
    /// The callback fails after the WorkOS login page; server-side WorkOS calls return 401.
    ///
    /// ### Fix
    /// Copy the key again from the WorkOS dashboard (API Keys page).
    ///
    /// ### Example
    /// ```sh
    /// # before
    /// WORKOS_API_KEY=client_01HXRMBQ9BJ3E7QSTQ9X2PHVB7
    /// # after
    /// WORKOS_API_KEY=sk_test_...
    /// ```
    pub static RULE = {
        id: "env/malformed-api-key",
        severity: Error,
        symptoms: [CallbackFails],
        summary: "a WorkOS API key that does not start with sk_test_/sk_live_",
    };
}

/// Anything shorter after the prefix cannot be a key (the oldest documented one has 25).
const MIN_KEY_BODY: usize = 20;

/// Why `value` (trimmed) cannot be a WorkOS API key, or `None` when it may be one.
fn diagnose(value: &str) -> Option<String> {
    if let Some(key) = SecretKey::parse(value) {
        let body_length = value.len() - "sk_test_".len();
        return match key.kind {
            _ if is_placeholder(value) => Some("is a placeholder, not a key".into()),
            SecretKeyKind::WorkosDamaged => Some("does not decode to a whole WorkOS key: it was cut short or edited".into()),
            SecretKeyKind::Stripe => Some("is a Stripe secret key (same prefix), not a WorkOS key".into()),
            SecretKeyKind::Unrecognized if body_length < MIN_KEY_BODY => {
                Some(format!("has only {body_length} characters after the prefix: it was cut short"))
            }
            SecretKeyKind::Workos | SecretKeyKind::Unrecognized => None,
        };
    }
    let quotes = ['"', '\'', '`'];
    let reason = if value.starts_with(quotes) {
        "is quoted twice: the quotes become part of the key"
    } else if value.starts_with("pk_") {
        "is a publishable key; WorkOS API keys start with sk_test_ or sk_live_"
    } else if value.starts_with("client_") {
        "is a client id, not an API key"
    } else if value.starts_with("sk_") {
        "has an `sk_` prefix WorkOS does not use (only sk_test_ and sk_live_)"
    } else {
        "does not start with sk_test_ or sk_live_"
    };
    Some(reason.into())
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    let files = real_env_files(cx);
    for file in &files {
        for entry in effective_entries(file).filter(|e| e.key.ends_with("WORKOS_API_KEY")) {
            let value = entry.value.trim();
            if value.is_empty() || references_other_vars(value) || committed_placeholder(file, &entry.key, value, &files) {
                continue;
            }
            let Some(reason) = diagnose(value) else { continue };
            out.push(
                RULE.finding(format!("{} in {} {reason}", entry.key, file.name))
                    .at(value_location(file, entry))
                    .help("WorkOS API keys start with sk_test_ (staging) or sk_live_ (production); WorkOS answers any other value with 401 \"Could not authorize the request. Maybe your API key is invalid?\".")
                    .fix("Copy the key again from the WorkOS dashboard (API Keys page) of the environment this app uses."),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::diagnose;

    #[test]
    fn causes() {
        let key = "sk_test_a2V5XzAxSk45QURKNkZHRjFISDhQNFpBSDg3Qlo1LEw5N1lDVThrbzdQN0s5dG9FdGJBR1VJS1E";
        assert_eq!(diagnose(key), None);
        assert_eq!(diagnose("sk_test_Sz3IQjepeSWaI4cMS4ms4sMuU"), None, "an older format is accepted");
        assert!(diagnose(&key[..50]).unwrap().contains("cut short"));
        assert!(diagnose("sk_test_...").unwrap().contains("placeholder"));
        assert!(diagnose("sk_test_abc123").unwrap().contains("cut short"));
        assert!(diagnose("client_01HXRMBQ9BJ3E7QSTQ9X2PHVB7").unwrap().contains("client id"));
        assert!(diagnose("pk_test_abc").unwrap().contains("publishable"));
        assert!(diagnose("\"sk_test_abc\"").unwrap().contains("quoted twice"));
        let stripe = format!("sk_live_51{}", "Hq7LyjWDarjtT1zdp7dc0123456789abcdefABCDEF".repeat(3));
        assert!(diagnose(&stripe).unwrap().contains("Stripe"));
    }
}
