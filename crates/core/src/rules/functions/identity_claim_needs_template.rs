use super::{first_reads, reads_without_fallback, workos_custom_jwt_dirs};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds Convex functions reading `identity.email` or `identity.name` in a project that
    /// signs in with WorkOS AuthKit. Reads that already cope with a missing claim are left
    /// alone: another source before it (`profile.name || identity.name`) or one of the same fact
    /// after it (`identity.email || args.email`; a made-up default such as `?? "Anonymous"` does
    /// not count, since every user would get it), an `if (!name) name = identity.name` that fills
    /// a value another source left empty, a presence test and the code it guards
    /// (`if (identity.email) { … }`, `identity.name && …`), or a value whose type a ternary tests
    /// (`typeof identity.name === "string" ? identity.name : undefined`). Writing the claim to
    /// a record under its own name (`db.insert("users", { email: identity.email })`) is left
    /// alone too where the project fills that claim from what the client sent — as its fallback
    /// (`identity.email ?? args.email`) or in a write guarded by the stored field being empty
    /// (`if (!user.email) db.patch(user._id, { email: args.email })`): the field is only empty
    /// until then.
    ///
    /// ### Why is this bad?
    /// AuthKit access tokens carry no profile claims by default (`sub`, `sid`, `org_id`, `role`,
    /// `permissions`, … but no `email` or `name`). With `customJwt` Convex copies claims as they
    /// are, so these fields are `undefined` unless your WorkOS JWT template adds them. An admin
    /// check such as `identity.email === "me@example.com"` then fails for everyone, silently.
    ///
    /// ### Symptom
    /// Emails and names are `undefined`; admin or allow-list checks by email always fail.
    ///
    /// ### Fix
    /// Add the claims to the WorkOS JWT template, or key your data on `identity.subject` (the
    /// WorkOS user id) and keep the email in your own users table.
    ///
    /// ### Example
    /// ```json
    /// // WorkOS dashboard → Authentication → Sessions → JWT template
    /// { "email": {{user.email}}, "name": {{user.first_name}} }
    /// ```
    pub static RULE = {
        id: "functions/identity-claim-needs-template",
        severity: Warning,
        symptoms: [IdentityMissingFields, AdminCheckFails],
        summary: "identity.email/identity.name need a WorkOS JWT template",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for (index, convex) in workos_custom_jwt_dirs(cx) {
        // The project's docs may set up the template.
        let documented = |claim: &str| crate::rules::auth_config::documented_template_claim(cx, index, claim);
        // Reads that cope with an absent claim (a later fallback, a type test) break nothing.
        let reads = reads_without_fallback(convex);
        // One finding per claim for the whole functions dir: the first read, and where else.
        let firsts = first_reads(&reads, &["email", "name"]);
        for field in ["email", "name"] {
            let reads: Vec<_> = firsts.iter().filter(|(r, _)| r.field == field).collect();
            let Some((first, _)) = reads.first() else { continue };
            let total: usize = reads.iter().map(|(_, n)| n).sum();
            let more = match (total, reads.len()) {
                (1, _) => String::new(),
                (n, 1) => format!(" ({n} reads in this file)"),
                (n, files) => format!(" ({n} reads in {files} files)"),
            };
            let template = if field == "email" { "\"email\": {{user.email}}" } else { "\"name\": {{user.first_name}}" };
            let mut finding = RULE
                .finding(format!("`identity.{field}` is undefined unless your WorkOS JWT template adds the `{field}` claim{more}"))
                .at(first.location.clone())
                .help("AuthKit access tokens carry no `email` or `name` claim by default, and Convex copies `customJwt` claims as they are. Checks that compare the email (admin lists, allow-lists) then fail silently. `authkit-doctor token` shows the claims a real token carries.")
                .fix(format!("Add `{template}` to the WorkOS JWT template (Authentication → Sessions → JWT template), or look the user up by `identity.subject`."));
            for (read, _) in reads.iter().skip(1).take(4) {
                finding = finding.related(read.location.clone(), format!("`identity.{field}` is read here too"));
            }
            if let Some(doc) = documented(field) {
                finding = finding
                    .severity(crate::diagnostic::Severity::Info)
                    .related(doc, format!("this doc adds `{field}` in the JWT template: the reads work while the dashboard matches"));
            }
            out.push(finding);
        }
    }
}
