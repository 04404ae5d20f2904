use crate::declare_rule;

declare_rule! {
    /// ### What it does
    /// Builds the `UserIdentity` Convex would hand to your functions from this token and compares it
    /// with the fields the project's Convex functions read (`identity.email`, `identity.org_id`…).
    /// Reported only when the project scan found such reads.
    ///
    /// Produced by `authkit-doctor token`, not by the project scan.
    ///
    /// ### Why is this bad?
    /// For `customJwt` providers Convex copies claims under their own names and sets no typed fields
    /// (`pictureUrl`, `emailVerified` never exist). A field the token lacks is `undefined` in your
    /// function: admin checks by email fail silently, profile fields are empty.
    ///
    /// ### Symptom
    /// `identity.email` is `undefined` although the user has an email in WorkOS.
    ///
    /// ### Fix
    /// Add the claims to the WorkOS JWT template (Authentication → Sessions → JWT Template), e.g.
    /// `{"email": {{user.email}}}`, or read the raw claim names (`identity.picture`,
    /// `identity.email_verified`).
    ///
    /// ### Example
    /// ```ts
    /// // before: never set for customJwt
    /// const url = identity.pictureUrl;
    /// // after: the claim's own name, present once the JWT template adds it
    /// const url = identity.picture as string | undefined;
    /// ```
    pub static RULE = {
        id: "token/claims-needed-by-code",
        severity: Warning,
        symptoms: [IdentityMissingFields, AdminCheckFails],
        summary: "Convex functions read identity fields this token does not provide",
        runs_on: TokenVerdict,
    };
}
