use super::support::{app_routes, get_handlers_calling, handler_for, next_apps};
use crate::declare_rule;
use crate::diagnostic::{Edit, Finding};
use crate::facts::nextjs_code::Prefetch;
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds `next/link` `<Link>` elements pointing at a route handler whose `GET` calls
    /// `signOut()`, without `prefetch={false}`.
    ///
    /// ### Why is this bad?
    /// In production Next prefetches every `<Link>` that scrolls into view. Prefetching the
    /// sign-out route runs its `GET`, which deletes the session cookie: the user is signed out
    /// without clicking anything, typically right after the page loads.
    ///
    /// ### Symptom
    /// Users are signed out at random, only in production builds.
    ///
    /// ### Fix
    /// Sign out with a server action submitted by a form (best), or at least add
    /// `prefetch={false}` (or use a plain `<a>`). `--fix` sets `prefetch={false}` on the Link:
    /// it adds the attribute, or replaces `prefetch`, `prefetch={true}`, `prefetch={null}`.
    ///
    /// ### Example
    /// ```tsx
    /// // before
    /// <Link href="/sign-out">Sign out</Link>
    /// // after
    /// <form action={async () => { 'use server'; await signOut(); }}>
    ///   <button type="submit">Sign out</button>
    /// </form>
    /// ```
    pub static RULE = {
        id: "nextjs/sign-out-link-prefetch",
        severity: Error,
        symptoms: [RandomSignOuts],
        summary: "a prefetching Link to a GET sign-out route",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for next in next_apps(cx) {
        let routes = app_routes(cx, &next);
        let sign_outs = get_handlers_calling(&next, &routes, &["signOut"]);
        if sign_outs.is_empty() {
            continue;
        }
        for file in &next.facts.code.files {
            for link in &file.nextjs.links {
                if !matches!(link.prefetch, Prefetch::Default | Prefetch::Enabled) {
                    continue;
                }
                let Some(href) = &link.href else { continue };
                let Some(route) = handler_for(&routes, href) else { continue };
                let Some((_, get)) = sign_outs.iter().find(|(r, _)| r.path == route.path) else { continue };
                let how = if link.prefetch == Prefetch::Enabled { "with `prefetch` on" } else { "without `prefetch={false}`" };
                let finding = RULE
                    .finding(format!("`<Link href=\"{href}\">` {how}: prefetching it runs the `GET` in {}, which signs the user out", route.path))
                    .at(link.location.clone())
                    .related(get.location.clone(), "this GET handler calls signOut()")
                    .help("Next prefetches links in the viewport in production builds. A prefetch is a real GET request, so the route handler deletes the session cookie.");
                // A `prefetch` attribute (`prefetch`, `{true}`, `{null}`, `"auto"`) becomes
                // `prefetch={false}`; without one, it goes after the tag name. Not when a later
                // `{...spread}` may set `prefetch` again.
                let file_path = &link.location.file;
                let edit = cx.text(file_path).and_then(|text| match &link.prefetch_attribute {
                    Some(attr) if link.last_spread.as_ref().is_none_or(|s| s.start < attr.start) => {
                        let replaced = text.get(attr.start..attr.end).is_some_and(|a| a.starts_with("prefetch"));
                        replaced.then(|| Edit {
                            file: file_path.clone(),
                            start: attr.start,
                            end: attr.end,
                            replacement: "prefetch={false}".into(),
                        })
                    }
                    Some(_) => None,
                    None if link.last_spread.is_none() => {
                        crate::edit::insert_after_tag_name(file_path, text, link.location.start, " prefetch={false}")
                    }
                    None => None,
                });
                out.push(match edit {
                    Some(edit) => finding.safe_fix("Add `prefetch={false}` to this Link (or sign out from a server action).", vec![edit]),
                    None => finding.fix("Sign out from a server action (`<form action={async () => { 'use server'; await signOut(); }}>`), or add `prefetch={false}` to this Link."),
                });
            }
        }
    }
}
