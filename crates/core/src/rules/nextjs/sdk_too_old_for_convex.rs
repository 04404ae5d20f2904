use crate::declare_rule;
use crate::diagnostic::{Finding, Location};
use crate::discover::Framework;
use crate::facts::react::AUTHKIT_NEXTJS;
use crate::facts::versions::{Version, VersionSource};
use crate::rules::CheckContext;
use crate::rules::client::{apps, push};

declare_rule! {
    /// ### What it does
    /// In a Next.js app that hands AuthKit tokens to Convex on the client (a
    /// `ConvexProviderWithAuth`, a token fetcher, or `useAccessToken()`), checks that
    /// `@workos-inc/authkit-nextjs` is at least 2.6: the installed or locked version, or — from
    /// `package.json` alone — only when the declared range cannot reach 2.6 (an exact pin, `~2.3`,
    /// `^1`).
    ///
    /// ### Why is this bad?
    /// The adapter Convex needs calls `useAccessToken().getAccessToken()` (and `refresh()`);
    /// `getAccessToken` arrived in 2.6, `useAccessToken` itself in 2.3. On older versions the
    /// call throws, the adapter returns no token, and Convex never authenticates.
    ///
    /// ### Symptom
    /// WorkOS sign-in works; `useConvexAuth().isAuthenticated` stays `false`, with
    /// `getAccessToken is not a function` in the console.
    ///
    /// ### Fix
    /// Upgrade: `npm install @workos-inc/authkit-nextjs@^2.6` (or later; the Convex template
    /// uses 2.7+ for `eagerAuth`).
    ///
    /// ### Example
    /// ```json
    /// // before
    /// "@workos-inc/authkit-nextjs": "2.3.0"
    /// // after
    /// "@workos-inc/authkit-nextjs": "^2.17.0"
    /// ```
    pub static RULE = {
        id: "nextjs/sdk-too-old-for-convex",
        severity: Warning,
        symptoms: [ConvexUnauthenticated],
        summary: "authkit-nextjs older than 2.6: useAccessToken().getAccessToken is missing",
    };
}

const NEEDED: Version = Version::new(2, 6, 0);

/// The versions a declared range allows stay below `limit`.
fn range_below(declared: &str, limit: Version) -> bool {
    let d = declared.trim();
    if d.contains("||") || d.contains('>') || d.contains('*') || d.contains(' ') || d.is_empty() {
        return false;
    }
    let Some(v) = Version::parse_lenient(d) else { return false };
    let x_range = d.contains(".x") || d.contains(".X");
    let upper = if d.starts_with('^') {
        if v.major > 0 { Version::new(v.major + 1, 0, 0) } else { Version::new(0, v.minor + 1, 0) }
    } else if d.starts_with('~') || x_range {
        Version::new(v.major, v.minor + 1, 0)
    } else if d.starts_with(|c: char| c.is_ascii_digit() || c == '=' || c == 'v') {
        // An exact version: allowed iff below the limit.
        return v < limit;
    } else {
        return false;
    };
    upper <= limit
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for a in apps(cx) {
        if a.app.framework != Framework::Nextjs {
            continue;
        }
        let Some(pv) = a.facts.versions.get(AUTHKIT_NEXTJS) else { continue };
        let Some(version) = pv.version else { continue };
        let too_old = match pv.source {
            VersionSource::Installed | VersionSource::Lockfile => version < NEEDED,
            VersionSource::DeclaredRange => range_below(&pv.declared, NEEDED),
        };
        if !too_old {
            continue;
        }
        // What breaks depends on what the code asks for: before 2.3 `useAccessToken` itself is
        // missing; from 2.3 to 2.6 only its `getAccessToken` (`accessToken`, `loading` and
        // `refresh` exist). An adapter that reads only those works on this version.
        let hook_exists = version >= Version::new(2, 3, 0);
        let access_token_hooks: Vec<Location> = a
            .files()
            .flat_map(|(f, _)| {
                a.hooks_from(f, "useAccessToken", &[AUTHKIT_NEXTJS])
                    .filter(|h| !hook_exists || h.whole.is_some() || h.bindings.iter().any(|(p, _)| p == "getAccessToken"))
                    .map(move |h| (f, h.span))
                    .collect::<Vec<_>>()
            })
            .map(|(f, s)| a.loc(f, s))
            .collect();
        if access_token_hooks.is_empty() {
            continue;
        }
        let source = match pv.source {
            VersionSource::Installed => format!("{version} is installed"),
            VersionSource::Lockfile => format!("the lockfile pins {version}"),
            VersionSource::DeclaredRange => format!("package.json asks for `{}`, which stays below 2.6", pv.declared),
        };
        let what = if version < Version::new(2, 3, 0) {
            "`useAccessToken` does not exist yet (2.3) and `getAccessToken` arrived in 2.6"
        } else {
            "`useAccessToken()` has no `getAccessToken` before 2.6"
        };
        // The version range as written (the first section that lists the SDK).
        let location = a
            .facts
            .deploy
            .dependencies
            .iter()
            .find(|d| d.name == AUTHKIT_NEXTJS)
            .and_then(|d| d.range.clone())
            .unwrap_or_else(|| Location::file_start(a.project.package_of_app(a.app).path.clone()));
        let mut finding = RULE
            .finding(format!("@workos-inc/authkit-nextjs is too old for the Convex adapter ({source}): {what}"))
            .at(location)
            .help("The ConvexProviderWithAuth adapter fetches tokens with useAccessToken().getAccessToken() and refresh(); on this version the call throws and Convex never gets a token.")
            .fix("Upgrade: `npm install @workos-inc/authkit-nextjs@latest` (2.6 or later; the Convex template uses 2.7+ for `eagerAuth`).");
        if let Some(hook) = access_token_hooks.into_iter().next() {
            finding = finding.related(hook, "the adapter uses useAccessToken() here");
        }
        push(out, finding);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert!(range_below("2.3.0", NEEDED));
        assert!(range_below("~2.5.1", NEEDED));
        assert!(range_below("^1.4.0", NEEDED));
        assert!(range_below("2.5.x", NEEDED));
        assert!(!range_below("^2.3.0", NEEDED));
        assert!(!range_below("2.6.0", NEEDED));
        assert!(!range_below(">=2.0.0", NEEDED));
        assert!(!range_below("latest", NEEDED));
    }
}
