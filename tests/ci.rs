//! The project's own CI: `.ci/run` installs exactly what the lockfiles pin, leaves the clone as it
//! found it, and the GitHub workflow runs it on pushes and pull requests.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &str) -> String {
    std::fs::read_to_string(repo().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The lockfile location Node would load `dep` from when required by the package at `from`
/// (a lockfile key such as `node_modules/a/node_modules/b`, `""` for the root): the nearest
/// `node_modules/dep` walking up.
fn resolve<'a>(packages: &'a serde_json::Map<String, serde_json::Value>, from: &str, dep: &str) -> Option<&'a str> {
    let mut dir = from.to_string();
    loop {
        let candidate = if dir.is_empty() { format!("node_modules/{dep}") } else { format!("{dir}/node_modules/{dep}") };
        if let Some((key, _)) = packages.get_key_value(&candidate) {
            return Some(key);
        }
        if dir.is_empty() {
            return None;
        }
        dir = dir.rfind("node_modules/").map(|i| dir[..i].trim_end_matches('/').to_string()).unwrap_or_default();
    }
}

/// `npm ci` refuses a lockfile that lacks any optional package of any platform ("Missing:
/// @rollup/rollup-darwin-arm64 from lock file"), and `npm install` adds them, changing the
/// clone. With every platform's entry present, `npm ci` installs only this platform's.
#[test]
fn debug_page_lockfile_holds_every_platforms_optional_packages() {
    let lock: serde_json::Value = serde_json::from_str(&read("tests/debug-page/package-lock.json")).unwrap();
    let packages = lock["packages"].as_object().expect("lockfileVersion 3 `packages`");
    let mut missing = Vec::new();
    for (location, package) in packages {
        let Some(optional) = package.get("optionalDependencies").and_then(|o| o.as_object()) else { continue };
        for dep in optional.keys() {
            if resolve(packages, location, dep).is_none() {
                let from = if location.is_empty() { "the root" } else { location.as_str() };
                missing.push(format!("{dep} (optional dependency of {from})"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "tests/debug-page/package-lock.json lacks these optional packages, so `npm ci` refuses it:\n  {}\n\
         regenerate it with `npm install --package-lock-only --prefix tests/debug-page` against a registry \
         that has every platform's packages",
        missing.join("\n  ")
    );
}

#[test]
fn ci_run_installs_the_debug_page_packages_with_npm_ci() {
    let script = read(".ci/run");
    let commands: Vec<&str> = script.lines().map(str::trim).filter(|l| !l.starts_with('#')).collect();
    assert!(
        commands.iter().any(|l| l.starts_with("npm ci --prefix tests/debug-page")),
        ".ci/run must install the debug page packages with `npm ci` (it never rewrites the lockfile)"
    );
    assert!(!commands.iter().any(|l| l.starts_with("npm install")), "`npm install` rewrites package-lock.json");
}

#[test]
fn ci_run_ends_by_checking_the_work_tree_is_unchanged() {
    let script = read(".ci/run");
    let last = script.lines().map(str::trim).rfind(|l| !l.is_empty() && !l.starts_with('#')).unwrap();
    assert!(last.contains(".ci/clean-tree"), ".ci/run must end with the clean-tree check, ends with: {last}");
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(["-c", "user.name=ci test", "-c", "user.email=ci@example.invalid", "-c", "init.defaultBranch=main"])
        .args(args)
        .current_dir(dir)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

fn clean_tree(dir: &Path, baseline: Option<&Path>) -> std::process::Output {
    let mut cmd = Command::new(repo().join(".ci/clean-tree"));
    if let Some(baseline) = baseline {
        cmd.arg(baseline);
    }
    cmd.current_dir(dir).output().expect(".ci/clean-tree runs")
}

#[test]
fn clean_tree_fails_when_the_run_changed_the_clone() {
    let tmp = tempfile::tempdir().unwrap();
    let clone = tmp.path().join("clone");
    std::fs::create_dir(&clone).unwrap();
    git(&clone, &["init", "-q"]);
    std::fs::write(clone.join("package-lock.json"), "{}\n").unwrap();
    std::fs::write(clone.join(".gitignore"), "node_modules/\n").unwrap();
    git(&clone, &["add", "."]);
    git(&clone, &["commit", "-q", "-m", "first"]);

    std::fs::create_dir(clone.join("node_modules")).unwrap();
    std::fs::write(clone.join("node_modules/x.js"), "").unwrap();
    let clean = clean_tree(&clone, None);
    assert!(clean.status.success(), "ignored files are not changes: {}", String::from_utf8_lossy(&clean.stderr));

    std::fs::write(clone.join("package-lock.json"), "{\"changed\": true}\n").unwrap();
    let changed = clean_tree(&clone, None);
    let stderr = String::from_utf8_lossy(&changed.stderr);
    assert_eq!(changed.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(" M package-lock.json"), "names the changed file: {stderr}");

    std::fs::write(clone.join("left-over.txt"), "").unwrap();
    let untracked = clean_tree(&clone, None);
    assert!(String::from_utf8_lossy(&untracked.stderr).contains("?? left-over.txt"));

    // Outside CI the developer's own uncommitted work (the baseline) is not the run's doing.
    let baseline = tmp.path().join("before");
    let before = Command::new("git").args(["status", "--porcelain", "--untracked-files=all"]).current_dir(&clone).output().unwrap();
    std::fs::write(&baseline, &before.stdout).unwrap();
    assert!(clean_tree(&clone, Some(&baseline)).status.success());
    std::fs::write(clone.join("new-from-run.txt"), "").unwrap();
    let new = clean_tree(&clone, Some(&baseline));
    let stderr = String::from_utf8_lossy(&new.stderr);
    assert_eq!(new.status.code(), Some(1));
    assert!(stderr.contains("?? new-from-run.txt") && !stderr.contains("left-over.txt"), "{stderr}");
}

/// `.github/workflows/ci.yml`: `.ci/run` on pushes and pull requests, on the minimum
/// toolchains, with nothing a fork lacks (secrets, self-hosted runners, write permissions).
#[test]
fn ci_workflow_runs_ci_run_on_pushes_and_pull_requests_in_any_fork() {
    let workflow = read(".github/workflows/ci.yml");
    let lines: Vec<&str> = workflow.lines().filter(|l| !l.trim_start().starts_with('#')).collect();
    let has = |wanted: &str| lines.iter().any(|l| l.trim() == wanted);
    for trigger in ["push:", "pull_request:"] {
        assert!(has(trigger), "ci.yml is not triggered by {trigger}");
    }
    assert!(has("run: .ci/run"), "ci.yml must run .ci/run");
    assert!(has("runs-on: ubuntu-latest"), "a GitHub-hosted Ubuntu runner, which every fork has");
    assert!(!workflow.contains("secrets."), "a fork's pull request gets no secrets");
    assert!(!workflow.contains("self-hosted"));
    assert!(has("contents: read") && !workflow.contains(": write"), "read-only token");

    let manifest = read("Cargo.toml");
    let rust_version = manifest
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = "))
        .map(|v| v.trim().trim_matches('"'))
        .expect("Cargo.toml has a rust-version");
    assert!(has(&format!("toolchain: \"{rust_version}\"")), "ci.yml tests Cargo.toml's rust-version {rust_version}");
    assert!(has("node-version: 20"), "Node 20");
    assert!(has("python-version: \"3.11\""), "Python 3.11");
    // Steps come in order: toolchains before the run.
    let position = |needle: &str| lines.iter().position(|l| l.contains(needle)).unwrap_or_else(|| panic!("{needle} missing"));
    let run = position("run: .ci/run");
    for setup in ["actions/checkout@", "dtolnay/rust-toolchain@", "actions/setup-python@", "actions/setup-node@"] {
        assert!(position(setup) < run, "{setup} must come before .ci/run");
    }
}
