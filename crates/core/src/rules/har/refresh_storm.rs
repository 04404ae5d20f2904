use crate::declare_rule;
use crate::diagnostic::Diagnosed;
use crate::facts::har::{HarFacts, Row};

declare_rule! {
    /// ### What it does
    /// Finds, in a HAR (`authkit-doctor har`), five or more WorkOS session refreshes within
    /// 60 seconds. Produced only by the `har` command; `check` never reports it.
    ///
    /// ### Why is this bad?
    /// An AuthKit access token lives five minutes; one refresh shortly before expiry is
    /// enough. A storm means something forces refreshes (an effect without dependencies, an
    /// interval, a retry loop, a Convex adapter refreshing on every call): it runs into the
    /// rate limit (429) and into single-use refresh tokens racing (`invalid_grant`).
    ///
    /// ### Symptom
    /// Flapping auth state, then 429s and sign-outs.
    ///
    /// ### Fix
    /// Find the code that forces refreshes and let the SDK schedule them.
    ///
    /// ### Example
    /// ```ts
    /// // before
    /// setInterval(() => refresh(), 5_000);
    /// // after: nothing; useAccessToken()/getAccessToken() refresh before expiry
    /// ```
    pub static RULE = {
        id: "har/refresh-storm",
        severity: Warning,
        symptoms: [LoadingLoop, RandomSignOuts],
        summary: "many WorkOS session refreshes in a short time",
        runs_on: Har(detect),
    };
}

/// Refreshes within this window, at least [`THRESHOLD`] of them, make a storm.
pub const WINDOW_MS: i64 = 60_000;
pub const THRESHOLD: usize = 5;

pub fn detect(h: &HarFacts, out: &mut Vec<Diagnosed>) {
    let refreshes: Vec<&Row> = h.rows.iter().filter(|r| r.is_refresh() && r.t_ms.is_some()).collect();
    // The densest window: for each refresh, how many start within WINDOW_MS after it.
    let mut best: Option<(usize, usize)> = None; // (start index, count)
    let mut j = 0;
    for i in 0..refreshes.len() {
        let t = refreshes[i].t_ms.unwrap_or_default();
        while j < refreshes.len() && refreshes[j].t_ms.unwrap_or_default() - t < WINDOW_MS {
            j += 1;
        }
        let n = j - i;
        if best.is_none_or(|(_, b)| n > b) {
            best = Some((i, n));
        }
    }
    let Some((i, n)) = best.filter(|(_, n)| *n >= THRESHOLD) else { return };
    let window = &refreshes[i..i + n];
    let (a, b) = (window[0], window[n - 1]);
    let span = (b.t_ms.unwrap_or_default() - a.t_ms.unwrap_or_default()) as f64 / 1000.0;
    let finding = RULE
        .finding(format!(
            "{n} WorkOS session refreshes within {span:.1} s ({} to {}); one per token lifetime (5 min) is normal",
            a.cite(h.start_ms),
            b.cite(h.start_ms)
        ))
        .help("Something forces refreshes: a `refresh()`/`getAccessToken({ forceRefresh: true })` in an effect, interval or retry loop, or a Convex adapter that refreshes on every `fetchAccessToken` call. It leads to 429s (10 per minute per user) and to single-use refresh tokens racing (`invalid_grant`).")
        .fix("Refresh only when Convex passes `forceRefreshToken: true` or the token is about to expire.");
    out.push(
        Diagnosed::new(
            finding,
            &[
                "nextjs/force-refresh-loop",
                "client/fetch-access-token-ignores-force-refresh",
                "client/convex-dev-workos-adapter",
                "client/static-set-auth",
            ],
        )
        .entries(window.iter().map(|r| r.index)),
    );
}
