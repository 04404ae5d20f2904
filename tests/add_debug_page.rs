//! `authkit-doctor add debug-page` without a browser: which files it writes for each kind of
//! app, `--dry-run`, `--force`, `--route`, `--app` in monorepos, and the refusals. The page
//! itself is type-checked, built and rendered by tests/debug_page.rs.

mod common;
use assert_cmd::Command;
use common::copy_dir;
use std::path::{Path, PathBuf};

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn bin() -> Command {
    let mut cmd = Command::cargo_bin("authkit-doctor").unwrap();
    cmd.env("NO_COLOR", "1");
    cmd
}

fn scratch(from: &Path) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("project");
    copy_dir(from, &root);
    (tmp, root)
}

fn add(project: &Path, extra: &[&str]) -> (i32, String, String) {
    let out = bin().args(["add", "debug-page"]).args(extra).arg(project).output().unwrap();
    (out.status.code().unwrap(), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn nextjs_app_gets_a_route_folder_and_the_convex_query() {
    let (_tmp, project) = scratch(&manifest().join("examples/nextjs-correct"));
    let (code, stdout, stderr) = add(&project, &[]);
    assert_eq!(code, 0, "{stderr}");
    let files =
        ["app/auth-debug/page.tsx", "app/auth-debug/AuthDebugPanel.tsx", "app/auth-debug/AuthDebugView.tsx", "convex/debugIdentity.ts"];
    for file in files {
        assert!(stdout.contains(&format!("wrote {file}\n")), "{stdout}");
    }
    let page = std::fs::read_to_string(project.join("app/auth-debug/page.tsx")).unwrap();
    assert!(page.contains("await withAuth()") && page.contains("the auth debug page at /auth-debug"), "{page}");
    let query = std::fs::read_to_string(project.join("convex/debugIdentity.ts")).unwrap();
    assert!(query.contains("ctx.auth.getUserIdentity()") && query.contains("(app/auth-debug)"), "{query}");
    let view = std::fs::read_to_string(project.join("app/auth-debug/AuthDebugView.tsx")).unwrap();
    assert!(view.starts_with("'use client';") && view.contains("'debugIdentity:debugIdentity'"));
    assert!(!view.contains("__"), "a placeholder was left unfilled");
    // The example's middleware requires sign-in on every other path: `add` says so.
    assert!(
        stdout.contains("middleware.ts turns on middlewareAuth") && stdout.contains("Delete app/auth-debug/ and convex/debugIdentity.ts"),
        "{stdout}"
    );

    // Existing files are kept unless --force.
    std::fs::write(project.join("app/auth-debug/page.tsx"), "// edited\n").unwrap();
    let (code, _, stderr) = add(&project, &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("app/auth-debug/page.tsx") && stderr.contains("pass --force to overwrite"), "{stderr}");
    assert_eq!(std::fs::read_to_string(project.join("app/auth-debug/page.tsx")).unwrap(), "// edited\n");
    let (code, _, stderr) = add(&project, &["--force"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(std::fs::read_to_string(project.join("app/auth-debug/page.tsx")).unwrap(), page);
}

#[test]
fn dry_run_prints_creation_diffs_and_writes_nothing() {
    let (_tmp, project) = scratch(&manifest().join("examples/nextjs-correct"));
    let (code, stdout, stderr) = add(&project, &["--dry-run", "--route", "/debug/auth/"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("--- /dev/null\n+++ b/app/debug/auth/page.tsx\n@@ -0,0 +1,"), "{stdout}");
    assert!(stdout.contains("+// Written by `authkit-doctor add debug-page`: the auth debug page at /debug/auth."), "{stdout}");
    assert!(stdout.contains("(dry run: 4 files not written)\n\nNext:\n"), "{stdout}");
    assert!(!project.join("app/debug").exists());
    assert!(!project.join("convex/debugIdentity.ts").exists());
}

#[test]
fn react_app_gets_a_component_without_the_client_directive() {
    let (_tmp, project) = scratch(&manifest().join("examples/vite-correct"));
    let (code, stdout, stderr) = add(&project, &["--route", "debug"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("wrote src/auth-debug/AuthDebug.tsx\nwrote src/auth-debug/AuthDebugView.tsx\nwrote convex/debugIdentity.ts\n"),
        "{stdout}"
    );
    assert!(stdout.contains("window.location.pathname === '/debug'"), "{stdout}");
    let view = std::fs::read_to_string(project.join("src/auth-debug/AuthDebugView.tsx")).unwrap();
    assert!(view.starts_with("// Written by `authkit-doctor add debug-page`"), "{view}");
    let page = std::fs::read_to_string(project.join("src/auth-debug/AuthDebug.tsx")).unwrap();
    assert!(page.contains("from '@workos-inc/authkit-react'"), "{page}");
}

#[test]
fn monorepos_need_app_and_paths_follow_the_app_and_its_convex_package() {
    let fixture = manifest().join("tests/fixtures/monorepo");
    let (code, _, stderr) = add(&fixture, &["--dry-run"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("apps use AuthKit here: pick one with --app DIR") && stderr.contains("\n  --app apps/web  (nextjs"),
        "{stderr}"
    );

    let (code, stdout, stderr) = add(&fixture, &["--dry-run", "--app", "./apps/web/"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("+++ b/apps/web/app/auth-debug/page.tsx\n"), "{stdout}");
    assert!(stdout.contains("+++ b/packages/backend/convex/debugIdentity.ts\n"), "{stdout}");

    let (code, _, stderr) = add(&fixture, &["--dry-run", "--app", "apps/nope"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--app apps/nope: no app there; apps found:") && stderr.contains("apps/web"), "{stderr}");

    let (code, _, stderr) = add(&fixture, &["--dry-run", "--app", "apps/pages-app"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("apps/pages-app: the debug page is written for the Next.js App Router; this app uses the Pages Router"),
        "{stderr}"
    );

    let (code, _, stderr) = add(&fixture, &["--dry-run", "--app", "apps/rr"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no debug page for react-router apps using @workos-inc/authkit-react-router yet"), "{stderr}");

    // TanStack Start: a route with a getAuth() loader, no separate component.
    let (code, stdout, stderr) = add(&fixture, &["--dry-run", "--app", "apps/start"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("+++ b/apps/start/src/routes/auth-debug.tsx\n") && stdout.contains("+    const auth = await getAuth();"),
        "{stdout}"
    );
    assert!(!stdout.contains("AuthDebug.tsx"), "{stdout}");

    let (code, stdout, stderr) = add(&fixture, &["--dry-run", "--app", "apps/spa"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("+++ b/apps/spa/src/auth-debug/AuthDebug.tsx\n"), "{stdout}");
}

#[test]
fn refusals_say_why_and_exit_2() {
    let (_tmp, project) = scratch(&manifest().join("examples/nextjs-correct"));
    for bad in ["/", "/../up", "/[id]"] {
        let (code, _, stderr) = add(&project, &["--route", bad]);
        assert_eq!(code, 2, "{bad}");
        assert!(stderr.contains("use a plain path such as /auth-debug"), "{stderr}");
    }

    // A file that cannot be written: nothing is left behind.
    std::fs::create_dir_all(project.join("convex/debugIdentity.ts/blocker")).unwrap();
    let (code, stdout, stderr) = add(&project, &["--force"]);
    assert_eq!(code, 2, "{stdout}");
    assert!(stderr.contains("cannot write") && stderr.contains("(nothing was added)"), "{stderr}");
    assert!(!project.join("app/auth-debug").join("page.tsx").exists(), "a partial page was left behind");
    std::fs::remove_dir_all(project.join("convex/debugIdentity.ts")).unwrap();

    // No Convex functions folder next to the app.
    std::fs::remove_dir_all(project.join("convex")).unwrap();
    let (code, _, stderr) = add(&project, &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no Convex functions folder found for this app"), "{stderr}");

    // No AuthKit at all.
    let empty = tempfile::tempdir().unwrap();
    std::fs::write(empty.path().join("package.json"), r#"{"name":"x","dependencies":{"react":"19.0.0"}}"#).unwrap();
    let (code, _, stderr) = add(empty.path(), &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no app that depends on an AuthKit package"), "{stderr}");

    let (code, _, stderr) = add(&empty.path().join("missing"), &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no such file or directory"), "{stderr}");
}

#[test]
fn tanstack_router_app_also_gets_a_route_file() {
    let (_tmp, project) = scratch(&manifest().join("tests/debug-page/projects/vite-tanstack-router"));
    let (code, stdout, stderr) = add(&project, &["--route", "/debug/auth"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("wrote src/routes/debug/auth.tsx\n"), "{stdout}");
    let route = std::fs::read_to_string(project.join("src/routes/debug/auth.tsx")).unwrap();
    assert!(route.contains("import { AuthDebug } from '../../auth-debug/AuthDebug';"), "{route}");
    assert!(route.contains("createFileRoute('/debug/auth')({ component: AuthDebug })"), "{route}");
    assert!(
        stdout.contains("Delete src/auth-debug/, src/routes/debug/auth.tsx and convex/debugIdentity.ts when you are done."),
        "{stdout}"
    );
}
