use crate::declare_rule;

declare_rule! {
    /// ### What it does
    /// Extracts the client id the token names (in `iss` `…/user_management/<clientId>`, or in `aud`)
    /// and compares it with the client id the deployment's providers use (from `--client-id`,
    /// `--convex-env`, or the project's env files). Error when the token is rejected, warning when it
    /// is accepted anyway.
    ///
    /// Produced by `authkit-doctor token`, not by the project scan.
    ///
    /// ### Why is this bad?
    /// WorkOS staging and production environments have different client ids. A token from the
    /// production app sent to the development deployment (or the reverse) matches no provider:
    /// `No auth provider found matching the given token`.
    ///
    /// ### Symptom
    /// Works locally, fails in production (or after switching `.env` files).
    ///
    /// ### Fix
    /// Set `WORKOS_CLIENT_ID` on each Convex deployment to the client id of the WorkOS environment the
    /// app signing users in uses (`npx convex env set WORKOS_CLIENT_ID client_…`, and `--prod` for
    /// production).
    ///
    /// ### Example
    /// ```console
    /// # before: the prod deployment still has the staging client id
    /// $ npx convex env list --prod | grep WORKOS_CLIENT_ID
    /// WORKOS_CLIENT_ID=client_01STAGING…
    /// # after
    /// $ npx convex env set --prod WORKOS_CLIENT_ID client_01PRODUCTION…
    /// ```
    pub static RULE = {
        id: "token/other-client-id",
        severity: Error,
        symptoms: [WorksInDevNotProd, ConvexUnauthenticated],
        summary: "The token was issued for another WorkOS client id than the deployment's",
        runs_on: TokenVerdict,
    };
}
