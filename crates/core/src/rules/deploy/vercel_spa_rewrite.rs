use super::{deep_callback_paths, vite_spas};
use crate::declare_rule;
use crate::diagnostic::{Edit, Finding, Location};
use crate::facts::deploy::{self, VercelConfig};
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds a Vite single-page app with a `vercel.json` that has no rewrite serving
    /// `index.html` at the redirect URI's path (`/(.*)`, `/:path*` or `/((?!api/).*)` to
    /// `/index.html`, or a legacy `routes` entry). Apps whose redirect URI is the site root are
    /// left alone: Vercel serves `/` anyway.
    ///
    /// ### Why is this bad?
    /// Vercel serves a Vite build as static files: there is no file at `/callback`, so the
    /// browser gets a 404 and `AuthKitProvider` never sees `?code=`.
    ///
    /// ### Symptom
    /// Sign-in works with `vite dev` (which falls back to `index.html`), but the deployed app
    /// shows Vercel's 404 page after the WorkOS sign-in page.
    ///
    /// ### Fix
    /// Add the SPA rewrite to `vercel.json`. `--fix` adds it (as a new `rewrites` key, or at the
    /// end of the `rewrites` array) when the file is plain JSON without legacy `routes` and no
    /// existing rewrite can catch the callback path.
    ///
    /// ### Example
    /// ```json
    /// {
    ///   "rewrites": [{ "source": "/(.*)", "destination": "/index.html" }]
    /// }
    /// ```
    pub static RULE = {
        id: "deploy/vercel-spa-rewrite",
        severity: Error,
        symptoms: [CallbackFails, WorksInDevNotProd],
        summary: "a Vite SPA on Vercel without a rewrite to index.html",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for view in vite_spas(cx) {
        // A vercel.json that does not parse is ignored: its rewrites are unknown.
        let Some(vercel) = view.facts.deploy.vercel.as_ref().filter(|v| v.parse_error.is_none()) else { continue };
        let paths = deep_callback_paths(&view);
        let callback_paths: Vec<&str> = paths.iter().map(|(p, _)| p.as_str()).collect();
        let edit = rewrite_edit(cx, vercel, &callback_paths);
        for (path, uri) in paths {
            if vercel.rewrites.iter().any(|r| r.serves_index_for(&path)) {
                continue;
            }
            let location = vercel.rewrites.first().map(|r| r.location.clone()).unwrap_or_else(|| Location::file_start(vercel.path.clone()));
            let finding = RULE.finding(format!("{} has no rewrite to index.html for {path}, the path of the redirect URI ({}): the callback 404s on Vercel", vercel.path, uri.described()))
                    .at(location)
                    .related(uri.location.clone(), format!("the redirect URI's path is {path}"))
                    .help("Vercel serves a Vite build as static files; without a rewrite there is no page at the callback path for AuthKitProvider to run on.");
            out.push(match &edit {
                Some(edit) => {
                    finding.safe_fix(format!("Add the SPA rewrite (`/(.*)` → `/index.html`) to {}.", vercel.path), vec![edit.clone()])
                }
                None => finding.fix("Add `\"rewrites\": [{ \"source\": \"/(.*)\", \"destination\": \"/index.html\" }]` to vercel.json."),
            });
        }
    }
}

const REWRITE: &str = r#"{ "source": "/(.*)", "destination": "/index.html" }"#;

/// The edit adding the SPA rewrite: a new top-level `rewrites` key after the last one (in the
/// file's indentation), or a new last element of the `rewrites` array. `None` unless certain:
/// plain JSON, no legacy `routes` (Vercel refuses `routes` next to `rewrites`), every existing
/// rewrite read and none that may catch a callback path, and the edited file serves
/// `index.html` at each path.
fn rewrite_edit(cx: &CheckContext, vercel: &VercelConfig, paths: &[&str]) -> Option<Edit> {
    if paths.is_empty() || !vercel.strict_json || vercel.properties.iter().any(|(k, _)| k == "routes") {
        return None;
    }
    let file = vercel.path.as_str();
    let text = cx.text(file)?;
    let nl = crate::edit::newline_of(text);
    let object = vercel.object?;
    let insert = |at: usize, replacement: String| Edit { file: file.to_string(), start: at, end: at, replacement };
    let edit = match vercel.properties.iter().filter(|(k, _)| k == "rewrites").count() {
        0 => {
            let prop = format!("\"rewrites\": [{REWRITE}]");
            match (vercel.properties.first(), vercel.properties.last()) {
                (Some((_, first)), Some((_, last))) => match crate::edit::indent_before(text, first.start) {
                    Some(indent) => insert(last.end, format!(",{nl}{indent}{prop}")),
                    None => insert(last.end, format!(", {prop}")),
                },
                _ => {
                    let inner = text.get(object.start + 1..object.end - 1)?;
                    if !inner.trim().is_empty() {
                        return None;
                    }
                    let replacement = if inner.contains('\n') { format!("{{{nl}  {prop}{nl}}}") } else { format!("{{ {prop} }}") };
                    Edit { file: file.to_string(), start: object.start, end: object.end, replacement }
                }
            }
        }
        1 => {
            let (array, elements) = vercel.rewrites_array.as_ref()?;
            let may_catch = vercel.rewrites.iter().any(|r| paths.iter().any(|p| may_catch(&r.source, p)));
            if elements.len() != vercel.rewrites.len() || may_catch {
                return None;
            }
            match elements.last() {
                Some(last) => {
                    crate::edit::insert_array_element(file, text, (array.start, array.end), (last.start, last.end), REWRITE, true)?
                }
                None => {
                    if !text.get(array.start + 1..array.end - 1)?.trim().is_empty() {
                        return None;
                    }
                    Edit { file: file.to_string(), start: array.start, end: array.end, replacement: format!("[{REWRITE}]") }
                }
            }
        }
        _ => return None,
    };
    let mut fixed = text.to_string();
    fixed.replace_range(edit.start..edit.end, &edit.replacement);
    let after = deploy::parse_vercel_json(file, &fixed);
    let serves = |p: &&str| after.rewrites.iter().find(|r| may_catch(&r.source, p)).is_some_and(|r| r.serves_index_for(p));
    (after.strict_json && paths.iter().all(serves)).then_some(edit)
}

/// Whether a Vercel `source` pattern may match `path`: the same literal path, or a pattern
/// whose literal leading segments do not rule the path out.
fn may_catch(source: &str, path: &str) -> bool {
    let source = source.trim();
    let Some(special) = source.find([':', '(', ')', '*', '?', '+', '[', '{']) else {
        return source.trim_end_matches('/') == path.trim_end_matches('/');
    };
    let literal = &source[..special];
    let prefix = &literal[..literal.rfind('/').map_or(0, |i| i + 1)];
    prefix.len() <= 1 || format!("{}/", path.trim_end_matches('/')).starts_with(prefix)
}
