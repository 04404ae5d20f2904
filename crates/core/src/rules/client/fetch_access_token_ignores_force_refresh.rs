use super::{apps, push};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::facts::react::{AUTHKIT_NEXTJS, FetcherKind, Verdict, base_package};
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Follows Convex's `{ forceRefreshToken }` argument through every token fetcher of the app
    /// — the `fetchAccessToken` an adapter hook returns to `ConvexProviderWithAuth`, and
    /// functions passed to `convex.setAuth` — and reports fetchers where it reaches nothing.
    ///
    /// A fetcher **honours** the flag when the flag (or a value computed from it, or the whole
    /// argument object) is passed to a call (`getAccessToken({ forceRefresh: forceRefreshToken })`,
    /// `fetchToken(args)`) or decides which call runs (`forceRefreshToken ? refresh() :
    /// getAccessToken()`, `if (forceRefreshToken) return await refresh();`). It **ignores** it when
    /// the function takes no parameter, destructures other keys, only logs the flag, or returns
    /// a cached value (`tokenRef.current`, a token held in state). This is decided from the data
    /// flow, never from the names of the functions (the adapter may be called anything).
    ///
    /// A fetcher that ignores the flag but calls AuthKit's `getAccessToken()` each time is an
    /// `info`, not a warning: that getter renews a token shortly before it expires, so only a
    /// token Convex rejects early (a session ended elsewhere, a changed JWT template, clock skew)
    /// is handed back unchanged. The `@convex-dev/workos` adapter and the templates' copies of
    /// it have this shape.
    ///
    /// ### Why is this bad?
    /// Convex asks for a forced refresh when the server rejected the token or it is about to
    /// expire. A fetcher that hands back the cached token returns the same expired token, Convex
    /// gives up after two attempts and marks the user signed out
    /// (template-convex-nextjs-authkit#8, convex-backend#523).
    ///
    /// ### Symptom
    /// `useConvexAuth().isAuthenticated` turns `false` some minutes after sign-in, or when the tab
    /// comes back from the background, while AuthKit still shows the user signed in.
    ///
    /// ### Fix
    /// authkit-react: `getAccessToken({ forceRefresh: forceRefreshToken })`. authkit-nextjs:
    /// `forceRefreshToken ? await refresh() : await getAccessToken()`.
    ///
    /// ### Example
    /// ```tsx
    /// // before
    /// const fetchAccessToken = useCallback(async () => {
    ///   try { return await getAccessToken(); } catch { return null; }
    /// }, [getAccessToken]);
    /// // after
    /// const fetchAccessToken = useCallback(async ({ forceRefreshToken }: { forceRefreshToken: boolean }) => {
    ///   if (!user) return null;
    ///   return await getAccessToken({ forceRefresh: forceRefreshToken });
    /// }, [user, getAccessToken]);
    /// ```
    pub static RULE = {
        id: "client/fetch-access-token-ignores-force-refresh",
        severity: Warning,
        symptoms: [RandomSignOuts, ConvexUnauthenticated],
        summary: "fetchAccessToken ignores forceRefreshToken: a stale token after expiry",
    };
}

fn returns(cached: &Option<String>) -> String {
    cached.as_ref().map(|c| format!(" and returns `{c}`")).unwrap_or_default()
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for a in apps(cx) {
        for (f, file) in a.files() {
            let nextjs = file.react.imports.iter().any(|i| base_package(&i.source) == AUTHKIT_NEXTJS);
            for fetcher in &file.react.fetchers {
                // A fetcher that asks the app's server on every call (`fetch("/api/auth/token")`)
                // holds no token of its own: the server's session refreshes it when it expires,
                // so a forced refresh gets a fresh one without the flag.
                let body = cx.files.get(&file.path).map(|s| function_body(&s.text, fetcher.span.end)).unwrap_or("");
                if matches!(fetcher.verdict, Verdict::NoParam { .. } | Verdict::Ignored { .. }) && calls_fetch(body) {
                    continue;
                }
                // AuthKit's own `getAccessToken()` renews a token that is about to expire, so
                // ignoring the flag only matters for a token Convex rejects before its expiry.
                let self_renewing = matches!(fetcher.verdict, Verdict::NoParam { returns: None } | Verdict::Ignored { returns: None })
                    && calls_named(body, "getAccessToken");
                let what = match fetcher.kind {
                    FetcherKind::Adapter => "`fetchAccessToken`",
                    FetcherKind::SetAuth => "the `setAuth` fetcher",
                };
                let message = match (&fetcher.verdict, fetcher.kind) {
                    (Verdict::NoParam { returns: r }, _) => {
                        format!("{what} takes no argument{}, so Convex's `forceRefreshToken` never reaches AuthKit", returns(r))
                    }
                    (Verdict::Ignored { returns: r }, _) => {
                        format!(
                            "{what} receives `{{ forceRefreshToken }}` but never uses it{}: a forced refresh returns the cached token",
                            returns(r)
                        )
                    }
                    (Verdict::Captured { what: cached }, FetcherKind::Adapter) => {
                        format!("{what} returns the cached `{cached}` and never asks AuthKit for a new token")
                    }
                    (Verdict::Getter { name }, _) => format!(
                        "{what} is `{name}` itself: Convex calls it with `{{ forceRefreshToken }}`, a key it does not read (it expects `{{ forceRefresh }}`)"
                    ),
                    _ => continue,
                };
                let fix = if nextjs {
                    "Take the argument and branch on it: `async ({ forceRefreshToken }) => (forceRefreshToken ? await refresh() : await getAccessToken()) ?? null` (both from `useAccessToken()`)."
                } else {
                    "Take the argument and pass it on: `async ({ forceRefreshToken }) => await getAccessToken({ forceRefresh: forceRefreshToken })` (from authkit-react's `useAuth()`)."
                };
                let finding = if self_renewing {
                    let also = if body.contains("catch") && body.contains("null") {
                        " Its `catch` that returns `null` also turns a failed refresh (a network error, a 429) into a sign-out."
                    } else {
                        ""
                    };
                    RULE.finding(format!(
                        "{what} ignores Convex's `forceRefreshToken`: `getAccessToken()` renews an expiring token by itself, but a token Convex rejects before it expires comes back unchanged"
                    ))
                    .severity(crate::diagnostic::Severity::Info)
                    .help(format!("AuthKit's `getAccessToken()` keeps its token until shortly before it expires and then refreshes it, so ordinary expiry is handled. When Convex rejects a token that has not expired (the session ended elsewhere, the JWT template changed, the clocks disagree) it asks again with `forceRefreshToken: true`, gets the same token back, and signs the user out after two tries.{also}"))
                } else {
                    RULE.finding(message).help("Convex calls `fetchAccessToken({ forceRefreshToken: true })` when the server rejected the token or it is about to expire. Handing back the cached token returns the same expired token; Convex gives up after two attempts and `useConvexAuth()` turns false.")
                };
                push(out, finding.at(a.loc(f, fetcher.span)).fix(fix));
            }
        }
    }
}

/// Whether a function's source calls `fetch(…)` (not `prefetch(` or `refetch(`).
fn calls_fetch(body: &str) -> bool {
    calls_named(body, "fetch")
}

/// Whether a function's source calls `name(…)` as a whole word (`getAccessToken(` but not
/// `myGetAccessToken(`); a method call `auth.getAccessToken(` counts.
fn calls_named(body: &str, name: &str) -> bool {
    let call = format!("{name}(");
    body.match_indices(&call).any(|(at, _)| body[..at].chars().next_back().is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '$')))
}

/// The body of the function whose parameters end at `params_end`: the braces after `=>` (or
/// after the parameters), matched by counting, or an arrow's expression up to the end of its
/// line. Strings are not tracked, so a stray brace inside one only shortens or lengthens the
/// text searched; bounded to 16 KiB either way.
/// The text after a return type annotation (`: Promise<string | null>`, `: Promise<{ t: string }>`):
/// from the `=>` or body brace that follows it outside any `<…>`.
fn skip_return_type(rest: &str) -> &str {
    let Some(annotation) = rest.strip_prefix(':') else { return rest };
    let mut angle = 0usize;
    let mut previous = ' ';
    for (i, c) in annotation.char_indices() {
        match c {
            '<' => angle += 1,
            '>' if previous == '=' && angle == 0 => return &annotation[i - 1..],
            '>' => angle = angle.saturating_sub(1),
            '{' if angle == 0 && !annotation[..i].trim().is_empty() => return &annotation[i..],
            _ => {}
        }
        previous = c;
    }
    rest
}

fn function_body(text: &str, params_end: usize) -> &str {
    let Some(rest) = text.get(params_end..) else { return "" };
    let rest = &rest[..rest.len().min(16 * 1024)];
    let trimmed = skip_return_type(rest.trim_start());
    let after_arrow = trimmed.trim_start().strip_prefix("=>").unwrap_or(trimmed).trim_start();
    if !after_arrow.starts_with('{') {
        return after_arrow.lines().next().unwrap_or("");
    }
    let mut depth = 0usize;
    for (i, c) in after_arrow.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return &after_arrow[..=i];
                }
            }
            _ => {}
        }
    }
    after_arrow
}

#[cfg(test)]
mod tests {
    use super::{calls_fetch, function_body};

    #[test]
    fn the_body_is_found_after_a_return_type() {
        let text = "const f = async ({ forceRefreshToken }: { forceRefreshToken: boolean }): Promise<string | null> => {\n  const res = await fetch('/api/token');\n  return (await res.json()).token;\n};";
        let params_end = text.find("): Promise").unwrap() + 1;
        let body = function_body(text, params_end);
        assert!(body.starts_with('{') && body.ends_with('}'), "{body}");
        assert!(calls_fetch(body));
        let plain = "const g = async () => token;\n";
        assert_eq!(function_body(plain, plain.find(')').unwrap() + 1), "token;");
    }
}
