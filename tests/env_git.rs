//! `env/*` rules on projects built at runtime: a real git repository (the fixture harness runs on
//! directories inside this repository, whose git state depends on what is committed), the
//! `.gitignore` fallback without git, and keys a committed file must not hold (a Stripe-shaped
//! key would trip secret scanners).
//!
//! Every `git` here, ours and the doctor's, runs without the developer's global or system
//! config, so a global excludes file cannot change the answers.

use assert_cmd::Command;
use std::path::Path;

const CLIENT_ID: &str = "client_01JCPX3DEJZDNW4GCA5WQCYMFS";

/// A WorkOS-format key: `sk_test_` + unpadded base64 of `key_<ULID>,<secret>`.
const WORKOS_KEY: &str = "sk_test_a2V5XzAxSlZENFZYS0Q3TkhTUkVWNFNUMFhENlAxLFh0WEFRazBKQ2JMUkV3SlpydTBYNXBrZUs";

/// A Stripe-shaped secret key, assembled here so that no file holds it.
fn stripe_key() -> String {
    format!("sk_{}_51{}", "live", "Nq3ZrT8vWx2Ky5Lm7Pd9Qf4Hs6Jb1Gc0".repeat(3))
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A Next.js app using authkit-nextjs.
fn next_app(dir: &Path) {
    write(
        dir,
        "package.json",
        r#"{ "name": "app", "dependencies": { "next": "^15.3.0", "@workos-inc/authkit-nextjs": "^2.7.1", "react": "^19.0.0" } }"#,
    );
}

/// Isolates a `git` or doctor process from the developer's git config and from any repository
/// around the temp dir.
fn isolate(cmd: &mut std::process::Command, dir: &Path) {
    cmd.env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CEILING_DIRECTORIES", dir.parent().unwrap())
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE");
}

fn git(dir: &Path, args: &[&str]) {
    let mut cmd = std::process::Command::new("git");
    isolate(&mut cmd, dir);
    let status = cmd
        .current_dir(dir)
        .args(["-c", "user.name=test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"])
        .args(args)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

fn git_available() -> bool {
    std::process::Command::new("git").arg("--version").output().is_ok_and(|o| o.status.success())
}

/// `(file:line:col, severity, message)` of each finding of `rules` in `dir`.
fn findings(dir: &Path, rules: &[&str], path_env: Option<&Path>) -> Vec<(String, String, String)> {
    let mut std_cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("authkit-doctor"));
    isolate(&mut std_cmd, dir);
    if let Some(path) = path_env {
        std_cmd.env("PATH", path);
    }
    std_cmd.args(["check", "--format", "json"]).arg(dir);
    for rule in rules {
        std_cmd.args(["--rule", rule]);
    }
    let output = Command::from_std(std_cmd).output().unwrap();
    assert!(matches!(output.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                format!("{}:{}:{}", f["file"].as_str().unwrap(), f["line"], f["column"]),
                f["severity"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn env_file_committed_asks_git() {
    if !git_available() {
        eprintln!("git is not installed: skipped");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    next_app(dir);
    write(dir, ".gitignore", ".env*.local\n");
    write(dir, ".env.production", &format!("WORKOS_API_KEY={WORKOS_KEY}\n"));
    write(dir, ".env.local", &format!("WORKOS_CLIENT_ID={CLIENT_ID}\nWORKOS_API_KEY={WORKOS_KEY}\n"));
    write(dir, ".env", "NEXT_PUBLIC_WORKOS_REDIRECT_URI=http://localhost:3000/callback\n");
    git(dir, &["init", "-q"]);
    git(dir, &["add", ".gitignore", "package.json", ".env", ".env.production"]);
    git(dir, &["add", "-f", ".env.local"]);
    git(dir, &["commit", "-q", "-m", "init"]);
    // After the commit: one untracked file nothing ignores, one ignored and untracked.
    std::fs::write(dir.join(".gitignore"), ".env*.local\n!.env.development.local\n").unwrap();
    write(dir, ".env.development.local", "NEXT_PUBLIC_WORKOS_REDIRECT_URI=http://localhost:3001/callback\n");
    write(dir, ".env.test.local", &format!("WORKOS_API_KEY={WORKOS_KEY}\n"));

    let got = findings(dir, &["env/env-file-committed"], None);
    let summary: Vec<(&str, &str)> = got.iter().map(|(at, severity, _)| (at.as_str(), severity.as_str())).collect();
    assert_eq!(
        summary,
        [(".env.development.local:1:1", "warning"), (".env.local:1:1", "error"), (".env.production:1:1", "error")],
        "{got:#?}"
    );
    assert!(got[0].2.contains("not ignored by git"), "{}", got[0].2);
    assert!(got[1].2.contains("committed to git, although .gitignore covers it"), "{}", got[1].2);
    assert!(got[2].2.contains("committed to git") && got[2].2.contains("WORKOS_API_KEY"), "{}", got[2].2);
    // `.env` holds only public defaults: committing it is fine.

    // Without git on the PATH, the doctor reads .gitignore files: tracking is unknown, so the
    // force-added .env.local looks ignored, and .env.production is still uncovered.
    let empty = tempfile::tempdir().unwrap();
    let got = findings(dir, &["env/env-file-committed"], Some(empty.path()));
    let summary: Vec<(&str, &str)> = got.iter().map(|(at, severity, _)| (at.as_str(), severity.as_str())).collect();
    assert_eq!(summary, [(".env.development.local:1:1", "warning"), (".env.production:1:1", "error")], "{got:#?}");
    assert!(got.iter().all(|(_, _, m)| m.contains("not ignored by any .gitignore")), "{got:#?}");
}

#[test]
fn env_file_committed_without_a_repository_reads_nested_gitignores() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write(dir, ".gitignore", ".env*.local\n");
    next_app(&dir.join("apps/web"));
    write(dir, "apps/web/.gitignore", "!.env.local\n");
    write(dir, "apps/web/.env.local", &format!("WORKOS_API_KEY={WORKOS_KEY}\n"));
    write(dir, "apps/web/.env.development.local", "NEXT_PUBLIC_WORKOS_REDIRECT_URI=http://localhost:3001/callback\n");
    let got = findings(dir, &["env/env-file-committed"], None);
    let summary: Vec<(&str, &str)> = got.iter().map(|(at, severity, _)| (at.as_str(), severity.as_str())).collect();
    assert_eq!(summary, [("apps/web/.env.local:1:1", "error")], "{got:#?}");
    assert!(got[0].2.contains("not ignored by any .gitignore"), "{}", got[0].2);
}

#[test]
fn stripe_keys_are_not_called_workos_keys_and_never_printed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let stripe = stripe_key();
    write(
        dir,
        "package.json",
        r#"{ "name": "spa", "dependencies": { "@workos-inc/authkit-react": "^0.16.0", "react": "^19.0.0" }, "devDependencies": { "vite": "^7.0.0" } }"#,
    );
    write(dir, ".env.local", &format!("VITE_WORKOS_CLIENT_ID={CLIENT_ID}\nVITE_STRIPE_SECRET_KEY={stripe}\nWORKOS_API_KEY={stripe}\n"));
    write(dir, "src/billing.ts", &format!("export const stripe = '{stripe}';\nexport const workos = '{WORKOS_KEY}';\n"));
    let got = findings(dir, &["env/api-key-exposed-to-client", "env/secret-in-source", "env/malformed-api-key"], None);
    let at: Vec<&str> = got.iter().map(|(at, _, _)| at.as_str()).collect();
    assert_eq!(at, [".env.local:2:1", ".env.local:3:16", "src/billing.ts:2:24"], "{got:#?}");
    assert!(got[0].2.contains("Stripe secret key") && got[0].2.contains("not a WorkOS one"), "{}", got[0].2);
    assert!(got[1].2.contains("Stripe secret key"), "{}", got[1].2);
    assert!(got[2].2.contains("WorkOS API key"), "{}", got[2].2);

    for format in ["human", "json"] {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("authkit-doctor"));
        isolate(&mut cmd, dir);
        let output = cmd.args(["check", "--no-color", "--format", format]).arg(dir).output().unwrap();
        let text = String::from_utf8_lossy(&output.stdout);
        for secret in [stripe.as_str(), WORKOS_KEY] {
            assert!(!text.contains(&secret[8..24]), "{format} output shows part of a secret:\n{text}");
        }
    }
}
