//! Discovery on a turbo/pnpm monorepo: apps under `apps/*`, the Convex backend in
//! `packages/backend/convex`, every framework classified, apps paired with the backend.

use authkit_doctor_core::check::{self, CheckOptions};
use std::path::Path;

#[test]
fn monorepo_apps_frameworks_and_pairing() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/monorepo");
    let run = check::run(&dir, &CheckOptions::default()).unwrap();
    let summary = serde_json::to_value(authkit_doctor_core::facts::setup::project_summary(&run.project)).unwrap();
    let apps: Vec<(String, String, Option<String>)> = summary["apps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["path"].as_str().unwrap().to_string(),
                a["framework"].as_str().unwrap().to_string(),
                a["router"].as_str().map(str::to_string),
            )
        })
        .collect();
    let want = [
        ("apps/kit", "sveltekit", None),
        ("apps/mobile", "expo", None),
        ("apps/pages-app", "nextjs", Some("pages")),
        ("apps/remix", "remix", None),
        ("apps/rr", "react-router", None),
        ("apps/spa", "vite-react", None),
        ("apps/start", "tanstack-start", None),
        ("apps/web", "nextjs", Some("app")),
    ];
    let want: Vec<(String, String, Option<String>)> =
        want.iter().map(|(p, f, r)| (p.to_string(), f.to_string(), r.map(str::to_string))).collect();
    assert_eq!(apps, want, "node_modules must be skipped and every framework classified");
    assert_eq!(summary["convex"][0]["path"], "packages/backend/convex");
    assert_eq!(summary["convex"][0]["auth_config"], "packages/backend/convex/auth.config.ts");
    for app in summary["apps"].as_array().unwrap() {
        assert_eq!(app["convex"], "packages/backend/convex", "{app}");
    }
    // Env files are read per app: apps/spa has no env file at all (a fresh clone: one note,
    // no per-variable errors), while apps/web's .env.local defines its NEXT_PUBLIC_CONVEX_URL.
    // (The fixture's apps are skeletons; the other rules are exercised by their own fixtures.)
    let found = |rule: &str| -> Vec<String> {
        run.findings.iter().filter(|f| f.rule == rule).map(|f| f.location.as_ref().unwrap().file.clone()).collect()
    };
    let not_set_up = found("env/local-env-not-set-up");
    assert!(not_set_up.contains(&"apps/spa/package.json".to_string()), "{not_set_up:?}");
    assert!(!not_set_up.iter().any(|f| f.starts_with("apps/web/")), "{not_set_up:?}");
    assert!(found("convex-env/convex-url-missing").is_empty());
    // The backend's auth config is the known-good one: no auth-config finding at all.
    assert!(run.findings.iter().all(|f| !f.rule.starts_with("auth-config/")), "{:?}", run.findings);
    // The backend's identity call was found in the functions dir.
    assert_eq!(run.facts.convex[0].identity_calls.len(), 1);
}
