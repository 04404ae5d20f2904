//! What a newcomer meets on a first run (issue 14): no false green on a folder with nothing to
//! check, messages that name the file and line at fault, and output without leftovers of
//! other commands.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn bin() -> Command {
    let mut cmd = Command::cargo_bin("authkit-doctor").unwrap();
    cmd.env("NO_COLOR", "1");
    cmd
}

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn example(name: &str) -> PathBuf {
    manifest().join("examples").join(name)
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

struct Output {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().unwrap();
    Output {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn check_on_an_empty_folder_says_no_project_was_found_and_exits_2() {
    let tmp = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(tmp.path()).unwrap();
    for format in ["human", "json", "sarif", "github"] {
        let out = run(bin().args(["check", "--format", format]).arg(&root));
        assert_eq!(out.code, Some(2), "{format}: {}{}", out.stdout, out.stderr);
        assert_eq!(out.stdout, "", "{format}: no report, not even an empty one");
        assert!(out.stderr.contains(&format!("no AuthKit or Convex project found in {}", root.display())), "{}", out.stderr);
        assert!(out.stderr.contains("looked in it and every subfolder (0 files"), "{}", out.stderr);
        assert!(out.stderr.contains("hint: wrong folder?") && out.stderr.contains("in a monorepo, pass the repo root"), "{}", out.stderr);
        assert!(!out.stderr.contains("No problems found"), "{}", out.stderr);
    }
    // The bare command (check of the current directory) too.
    let out = run(bin().current_dir(&root));
    assert_eq!(out.code, Some(2), "{}", out.stdout);
    assert!(out.stderr.contains("no AuthKit or Convex project found"), "{}", out.stderr);
}

#[test]
fn check_on_a_folder_without_app_or_convex_dir_lists_what_came_close() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write(root, "package.json", r#"{ "name": "site", "dependencies": { "react": "19.0.0" } }"#);
    write(root, "backend/package.json", r#"{ "name": "backend", "dependencies": { "convex": "1.48.0" } }"#);
    write(root, "docs/setup.md", "# setup\n");
    for i in 0..6 {
        write(root, &format!("tools/t{i}/package.json"), "{}");
    }
    let out = run(bin().arg("check").arg(root));
    assert_eq!(out.code, Some(2), "{}", out.stdout);
    let err = &out.stderr;
    assert!(err.contains("(9 files;"), "{err}");
    assert!(err.contains("found 8 package.json files, none an AuthKit app or a Convex project:"), "{err}");
    assert!(err.contains("\n  backend/package.json (depends on `convex`, but no functions dir is next to it)\n"), "{err}");
    assert!(err.contains("\n  package.json\n"), "{err}");
    assert!(err.contains("\n  and 3 more\n"), "at most five listed: {err}");

    // A Convex functions dir alone is a project: checked, not refused.
    write(root, "backend/convex/auth.config.ts", "export default { providers: [] };\n");
    let out = run(bin().arg("check").arg(root));
    assert!(matches!(out.code, Some(0 | 1)), "{}{}", out.stdout, out.stderr);
    assert!(!out.stderr.contains("no AuthKit or Convex project"), "{}", out.stderr);
}

#[test]
fn triage_on_an_empty_folder_says_no_project_was_found() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(bin().args(["triage", "--symptom", "convex-unauthenticated"]).arg(tmp.path()));
    assert_eq!(out.code, Some(2), "{}", out.stdout);
    assert!(!out.stdout.contains("No finding"), "{}", out.stdout);
    assert!(out.stderr.contains("no AuthKit or Convex project found"), "{}", out.stderr);
}

#[test]
fn the_examples_are_still_projects() {
    let out = run(bin().arg("check").arg(example("vite-correct")));
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
}
