use super::{apps, effective_entries, key_location};
use crate::declare_rule;
use crate::diagnostic::{Edit, Finding};
use crate::facts::routes::CallbackStyle;
use crate::rules::CheckContext;
use crate::rules::redirect::{AppView, default_var_in_use};

declare_rule! {
    /// ### What it does
    /// Finds a Next.js app (authkit-nextjs 0.11 or later) whose env files set
    /// `WORKOS_REDIRECT_URI` but none sets `NEXT_PUBLIC_WORKOS_REDIRECT_URI`, while no code
    /// passes `redirectUri` to the middleware. (The TanStack Start, React Router and SvelteKit
    /// SDKs do read the un-prefixed name; this rule is only about Next.js.)
    ///
    /// ### Why is this bad?
    /// Since 0.11 authkit-nextjs reads only `NEXT_PUBLIC_WORKOS_REDIRECT_URI` (it is inlined at
    /// build time so client components can use it). The un-prefixed variable is ignored, and the
    /// middleware throws "You must provide a redirect URI in the AuthKit middleware or in the
    /// environment variables."
    ///
    /// ### Symptom
    /// Every request errors with the message above, or sign-in does nothing.
    ///
    /// ### Fix
    /// Rename the variable (here and in the host's env settings).
    ///
    /// ### Example
    /// ```sh
    /// # before
    /// WORKOS_REDIRECT_URI=http://localhost:3000/callback
    /// # after
    /// NEXT_PUBLIC_WORKOS_REDIRECT_URI=http://localhost:3000/callback
    /// ```
    pub static RULE = {
        id: "env/next-redirect-uri-unprefixed",
        severity: Error,
        symptoms: [SignInDoesNothing, CallbackFails],
        summary: "a Next app sets WORKOS_REDIRECT_URI instead of NEXT_PUBLIC_WORKOS_REDIRECT_URI",
    };
}

/// authkit-nextjs 0.4–0.10 still read `WORKOS_REDIRECT_URI`.
fn reads_unprefixed(range: &str) -> bool {
    let version = range.trim_start_matches(|c: char| !c.is_ascii_digit());
    let mut parts = version.split(['.', '-', ' ']).map(|p| p.parse::<u64>().ok());
    matches!((parts.next().flatten(), parts.next().flatten()), (Some(0), Some(minor)) if minor < 11)
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for a in apps(cx) {
        let Some(view) = AppView::new(cx, a.app, a.facts) else { continue };
        if view.style != CallbackStyle::Nextjs || default_var_in_use(&view).is_none() {
            continue;
        }
        if a.package.deps.get(crate::sdk::AUTHKIT_NEXTJS).is_some_and(|r| reads_unprefixed(r)) {
            continue;
        }
        let real = a.files().iter().filter(|f| f.mode.is_loaded());
        if real.clone().any(|f| f.get("NEXT_PUBLIC_WORKOS_REDIRECT_URI").is_some()) {
            continue;
        }
        for file in real {
            for entry in effective_entries(file).filter(|e| e.key == "WORKOS_REDIRECT_URI") {
                let location = key_location(file, entry);
                let edit = Edit {
                    file: file.path.clone(),
                    start: location.start,
                    end: location.end,
                    replacement: "NEXT_PUBLIC_WORKOS_REDIRECT_URI".into(),
                };
                out.push(
                    RULE.finding(format!("{} sets WORKOS_REDIRECT_URI, which authkit-nextjs ignores: it reads NEXT_PUBLIC_WORKOS_REDIRECT_URI", file.name))
                        .at(location)
                        .help("Since authkit-nextjs 0.11 only NEXT_PUBLIC_WORKOS_REDIRECT_URI is read; the middleware throws \"You must provide a redirect URI in the AuthKit middleware or in the environment variables.\"")
                        .safe_fix("Rename the variable to NEXT_PUBLIC_WORKOS_REDIRECT_URI (also in the host's env settings).", vec![edit]),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn versions() {
        assert!(super::reads_unprefixed("^0.10.1"));
        assert!(super::reads_unprefixed("0.4.0"));
        assert!(!super::reads_unprefixed("^0.11.1"));
        assert!(!super::reads_unprefixed("^2.7.1"));
        assert!(!super::reads_unprefixed("latest"));
    }
}
