use crate::declare_rule;

declare_rule! {
    /// ### What it does
    /// Compares two verdicts on the same token: the one `authkit-doctor` reaches from the
    /// project's `convex/auth.config.ts` (and the env values it knows), and the answer the Convex
    /// deployment itself gave on its sync WebSocket (`AuthError`, or a `Transition` that took the
    /// token). Produced by `authkit-doctor watch`, which sees both in the same session.
    ///
    /// ### Why is this bad?
    /// When they disagree, the deployment the app talks to is not running the auth config in this
    /// folder: it was not pushed (`npx convex dev` not running, `npx convex deploy` not run), the
    /// app's `CONVEX_URL` points at another deployment, or an env var the config reads
    /// (`WORKOS_CLIENT_ID`) has another value on the deployment than in the local env files.
    /// Editing `auth.config.ts` then changes nothing.
    ///
    /// ### Symptom
    /// The config looks right, `authkit-doctor token` accepts the token, and Convex still answers
    /// `No auth provider found matching the given token`.
    ///
    /// ### Fix
    /// Push the config to the deployment the app uses (`npx convex dev` for dev, `npx convex deploy`
    /// for prod), check the app's Convex URL, and compare `npx convex env list` with the env files.
    ///
    /// ### Example
    /// ```text
    /// ↑ Authenticate  authkit-doctor: accepted by providers[1] (auth.config.ts)
    /// ↓ AuthError     No auth provider found matching the given token …
    /// ```
    pub static RULE = {
        id: "token/deployment-differs",
        severity: Error,
        symptoms: [ConvexUnauthenticated, TokenRejected],
        summary: "The Convex deployment judged the token differently from this folder's auth config",
        runs_on: TokenVerdict,
    };
}
