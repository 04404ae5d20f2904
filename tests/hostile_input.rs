//! Hostile projects and hostile arguments (issue 13): every command, run over projects built
//! here at test time (FIFOs where files belong, links to `/dev/zero`, sparse multi-gigabyte
//! files, nesting deep enough to overflow a stack, symlinks out of the tree), must end within a
//! time and memory limit with exit code 0, 1 or 2, never a panic, an abort or a hang. Then one
//! regression test per break the security review found.

#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_authkit-doctor");
/// Every run must finish well within this (a debug build; a hang is what it catches).
const TIME_LIMIT: Duration = Duration::from_secs(20);
/// Address-space limit for every run, in KiB: reading `/dev/zero` or a 5 GB sparse file whole
/// would blow through it and abort.
const MEMORY_LIMIT_KIB: u64 = 3 * 1024 * 1024;

/// Runs the binary under `ulimit -v` with a deadline; kills it when the deadline passes.
fn run_limited(args: &[&str], cwd: &Path) -> Output {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {MEMORY_LIMIT_KIB}; exec \"$0\" \"$@\""))
        .arg(BIN)
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sh runs");
    // Drain the pipes on threads so a chatty run cannot block on a full pipe.
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out_thread = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = std::io::Read::read_to_end(&mut stdout, &mut v);
        v
    });
    let err_thread = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = std::io::Read::read_to_end(&mut stderr, &mut v);
        v
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`authkit-doctor {}` in {} did not finish within {TIME_LIMIT:?}", args.join(" "), cwd.display());
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Output { status, stdout: out_thread.join().unwrap(), stderr: err_thread.join().unwrap() }
}

/// Exit code 0, 1 or 2, and nothing that reads like a crash.
fn assert_clean_exit(args: &[&str], cwd: &Path, out: &Output) -> i32 {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let what = format!("`authkit-doctor {}` in {}", args.join(" "), cwd.display());
    let Some(code) = out.status.code() else { panic!("{what} was killed by a signal: {:?}\n{stderr}", out.status) };
    assert!(code <= 2, "{what} exited {code}\n{stderr}");
    for crash in ["panicked", "internal error", "overflowed", "memory allocation", "fatal runtime error"] {
        assert!(!stderr.contains(crash), "{what}: {crash}\n{stderr}");
    }
    code
}

fn write(root: &Path, rel: &str, contents: impl AsRef<[u8]>) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

fn mkfifo(path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let _ = std::fs::remove_file(path);
    let ok = Command::new("mkfifo").arg(path).status().is_ok_and(|s| s.success());
    assert!(ok, "mkfifo {}", path.display());
}

fn symlink(target: impl AsRef<Path>, link: &Path) {
    std::fs::create_dir_all(link.parent().unwrap()).unwrap();
    let _ = std::fs::remove_file(link);
    std::os::unix::fs::symlink(target, link).unwrap();
}

/// A Next.js + Convex app that `check` finds and analyses; the hostile parts are added on top.
fn base_project(root: &Path) {
    write(
        root,
        "package.json",
        r#"{"name":"app","dependencies":{"next":"15.4.0","react":"19.0.0","convex":"^1.29.0","@workos-inc/authkit-nextjs":"^2.7.1"}}"#,
    );
    write(
        root,
        "convex/auth.config.ts",
        "const clientId = process.env.WORKOS_CLIENT_ID;\nexport default { providers: [\n  { type: 'customJwt', issuer: 'https://api.workos.com/', algorithm: 'RS256', jwks: `https://api.workos.com/sso/jwks/${clientId}`, applicationID: clientId },\n] };\n",
    );
    write(root, "app/page.tsx", "export default function Page() { return <main>hi</main>; }\n");
    write(root, ".env.local", "WORKOS_CLIENT_ID=client_01HXYZ\nNEXT_PUBLIC_CONVEX_URL=https://happy-cat-123.convex.cloud\n");
}

/// The names the tool reads from a project, beyond the app's sources.
const READ_NAMES: &[&str] = &[
    "package-lock.json",
    "pnpm-lock.yaml",
    "yarn.lock",
    "bun.lock",
    ".gitignore",
    ".ignore",
    "node_modules/@workos-inc/authkit-nextjs/package.json",
    "node_modules/convex/package.json",
    ".env",
    "convex/.env.local",
    "convex.json",
    "app/layout.tsx",
    "convex/messages.ts",
];

/// The hostile projects, each in its own folder (one hostile `authkit-doctor.json` would stop
/// `check` before it reaches the rest).
fn hostile_projects(top: &Path, outside: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let mut project = |name: &str, build: &dyn Fn(&Path)| {
        let root = top.join(name);
        base_project(&root);
        build(&root);
        out.push((name.to_string(), root));
    };
    project("fifo-config", &|r| mkfifo(&r.join("authkit-doctor.json")));
    project("fifos", &|r| {
        for name in READ_NAMES {
            mkfifo(&r.join(name));
        }
    });
    project("dev-zero-config", &|r| symlink("/dev/zero", &r.join("authkit-doctor.json")));
    project("dev-zero", &|r| {
        for name in READ_NAMES.iter().chain(&[".env.local", "convex/auth.config.ts"]) {
            symlink("/dev/zero", &r.join(name));
        }
    });
    project("sparse", &|r| {
        for name in ["package-lock.json", "yarn.lock", ".gitignore", ".env.production", "app/huge.tsx", "convex/auth.config.ts"] {
            let file = std::fs::File::create(r.join(name)).unwrap();
            file.set_len(5 << 30).unwrap();
        }
    });
    project("deep-parens", &|r| {
        let n = 6000;
        write(
            r,
            "convex/auth.config.ts",
            format!("export default {{ providers: [{{ type: 'customJwt', issuer: {}'x'{} }}] }};\n", "(".repeat(n), ")".repeat(n)),
        );
        write(r, "app/arrays.ts", format!("export const a = {}{};\n", "[".repeat(n), "]".repeat(n)));
    });
    project("deep-chain", &|r| {
        write(
            r,
            "convex/auth.config.ts",
            format!("export default {{ providers: [{{ type: 'customJwt', issuer: {} }}] }};\n", vec!["'a'"; 10_000].join("+")),
        );
        write(
            r,
            "app/page.tsx",
            format!("export default function Page() {{ return ({}x{}); }}\n", "<div>".repeat(4500), "</div>".repeat(4500)),
        );
    });
    project("deep-alias", &|r| {
        let mut text = String::from("const a0 = 'https://api.workos.com/';\n");
        for i in 1..29_000 {
            text.push_str(&format!("const a{i} = a{};\n", i - 1));
        }
        text.push_str("export default { providers: [{ type: 'customJwt', issuer: a28999 }] };\n");
        write(r, "convex/auth.config.ts", text);
    });
    project("symlinks-out", &|r| {
        write(outside, "secret.env", "WORKOS_API_KEY=sk_test_outsideoutsideoutside\n");
        write(outside, "auth.config.ts", "export default { providers: [] };\n");
        symlink(outside.join("auth.config.ts"), &r.join("convex/auth.config.ts"));
        symlink(outside, &r.join("app/linked"));
        symlink(outside.join("secret.env"), &r.join(".env.development"));
        symlink("/etc/passwd", &r.join("pnpm-lock.yaml"));
        symlink("..", &r.join("app/loop"));
        symlink("missing-target", &r.join("app/dangling.tsx"));
    });
    out
}

const JWT: &str = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwczovL2FwaS53b3Jrb3MuY29tLyIsInN1YiI6InVzZXJfMSIsImV4cCI6MTgwMDAwMDAwMH0.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmU";

#[test]
fn every_command_survives_every_hostile_project() {
    let top = tempfile::tempdir().unwrap();
    let outside = top.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    let projects = hostile_projects(&top.path().join("projects"), &outside);
    let har = top.path().join("capture.har");
    std::fs::write(&har, r#"{"log":{"version":"1.2","entries":[]}}"#).unwrap();
    let log = top.path().join("server.log");
    std::fs::write(&log, "Error: Refresh token already exchanged.\n").unwrap();
    let (har, log) = (har.to_str().unwrap().to_string(), log.to_str().unwrap().to_string());
    let started = Instant::now();
    for (name, root) in &projects {
        let p = root.to_str().unwrap();
        let runs: Vec<Vec<&str>> = vec![
            vec!["check", p],
            vec!["check", p, "--format", "json"],
            vec!["check", p, "--format", "sarif"],
            vec!["check", p, "--format", "github"],
            vec!["check", p, "--fix", "--dry-run"],
            vec!["triage", p, "--symptom", "convex-unauthenticated"],
            vec!["token", JWT, "--project", p, "--now", "1700000000"],
            vec!["har", &har, "--project", p],
            vec!["logs", &log, "--project", p],
            vec!["add", "debug-page", p, "--dry-run"],
            vec!["probe", p],
        ];
        for args in runs {
            let out = run_limited(&args, top.path());
            assert_clean_exit(&args, top.path(), &out);
        }
        // The deep projects get an info finding, not silence and not a crash.
        if name.starts_with("deep-parens") || name.starts_with("deep-chain") {
            let out = run_limited(&["check", p, "--format", "json"], top.path());
            let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            let deep = json["findings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["severity"] == "info" && f["message"].as_str().unwrap_or("").contains("too deep to analyse"));
            assert!(deep, "{name}: {json:#}");
        }
    }
    // The same hostile files passed on the command line.
    let fifo = top.path().join("projects/fifos/yarn.lock");
    let zero = top.path().join("projects/dev-zero/yarn.lock");
    for file in [&zero] {
        let f = file.to_str().unwrap();
        for args in [vec!["logs", f], vec!["har", f], vec!["check", ".", "--convex-env", f], vec!["token", JWT, "--jwks", f]] {
            let out = run_limited(&args, top.path());
            assert_clean_exit(&args, top.path(), &out);
        }
    }
    assert!(fifo.exists());
    // Nothing was written outside the projects.
    let names: Vec<_> = std::fs::read_dir(&outside).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    eprintln!("hostile suite: {} projects in {:?}", projects.len(), started.elapsed());
}

// ---------------------------------------------------------------------------------------------
// One test per break of the review.
// ---------------------------------------------------------------------------------------------

fn doctor(args: &[&str], cwd: &Path) -> (i32, String, String) {
    let out = run_limited(args, cwd);
    let code = assert_clean_exit(args, cwd, &out);
    (code, String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// Every 12-character piece of `secret`.
fn pieces(secret: &str) -> Vec<&str> {
    let idx: Vec<usize> = secret.char_indices().map(|(i, _)| i).chain([secret.len()]).collect();
    (0..idx.len().saturating_sub(12)).map(|k| &secret[idx[k]..idx[k + 12]]).collect()
}

fn assert_not_shown(output: &str, secret: &str, what: &str) {
    for piece in pieces(secret) {
        assert!(!output.contains(piece), "{what}: `{piece}` of a secret is shown:\n{output}");
    }
}

#[test]
fn secret_arguments_are_named_not_echoed() {
    let dir = tempfile::tempdir().unwrap();
    let api_key = "sk_live_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6";
    let test_key = "sk_test_Z9y8X7w6V5u4T3s2R1q0P9o8N7m6L5k4";
    let deploy_key = "prod:happy-animal-123|eyJ2MiI6ImFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6MDEyMzQ1In0";
    let signature = JWT.rsplit('.').next().unwrap();
    let inline_option = format!("--convex-env={test_key}");
    let cases: Vec<(Vec<&str>, &str, &str)> = vec![
        (vec![JWT], signature, "a JWT"),
        (vec!["check", JWT], signature, "a JWT"),
        (vec!["logs", JWT], signature, "a JWT"),
        (vec!["har", JWT], signature, "a JWT"),
        (vec!["token", "x", "--jwks", JWT], signature, "a JWT"),
        (vec!["token", JWT, "--jwks", api_key], api_key, "a WorkOS API key"),
        (vec![api_key], api_key, "a WorkOS API key"),
        (vec!["check", "--convex-env", test_key], test_key, "a WorkOS API key"),
        (vec![&inline_option], test_key, "a WorkOS API key"),
        (vec![deploy_key], deploy_key, "a Convex deploy key"),
        (vec!["check", "--convex-env", deploy_key], deploy_key, "a Convex deploy key"),
    ];
    for (args, secret, kind) in cases {
        let (code, stdout, stderr) = doctor(&args, dir.path());
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stderr.contains(&format!("looks like {kind}")), "{args:?}: {stderr}");
        assert_not_shown(&format!("{stdout}{stderr}"), secret, &format!("{args:?}"));
        if kind == "a JWT" {
            assert!(stderr.contains("authkit-doctor token"), "{stderr}");
        }
    }
    // Messages that quote an argument in other ways are redacted too.
    let under_jwt = format!("{JWT}/x");
    for args in [vec!["check", "--rule", api_key], vec!["chek", test_key, "--bogus"], vec!["--bogus", api_key], vec!["check", &under_jwt]] {
        let (code, stdout, stderr) = doctor(&args, dir.path());
        assert_eq!(code, 2, "{args:?}: {stderr}");
        for secret in [api_key, test_key, signature] {
            assert_not_shown(&format!("{stdout}{stderr}"), secret, &format!("{args:?}"));
        }
    }
}

#[test]
fn mistyped_commands_get_the_closest_command() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("examples")).unwrap();
    for (args, suggestion) in [
        (vec!["chek", "examples"], "did you mean `check`?"),
        (vec!["chek"], "did you mean `check`?"),
        (vec!["explian", "X"], "did you mean `explain`?"),
        (vec!["tokn", "-"], "did you mean `token`?"),
        (vec!["trage"], "did you mean `triage`?"),
    ] {
        let (code, _, stderr) = doctor(&args, dir.path());
        assert_eq!(code, 2, "{args:?}");
        assert!(stderr.contains(suggestion), "{args:?}: {stderr}");
    }
    // Far from every command: the list of commands instead.
    let (code, _, stderr) = doctor(&["zzzzzz"], dir.path());
    assert_eq!(code, 2);
    assert!(stderr.contains("commands: check, explain"), "{stderr}");
    // A folder with a command-like name is still a folder.
    let (_, _, stderr) = doctor(&["examples"], dir.path());
    assert!(!stderr.contains("did you mean"), "{stderr}");
}

#[test]
fn escaped_env_values_are_masked_in_code_frames() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    base_project(root);
    // Too short a cookie password and a malformed key, both written with escapes.
    let password = r#"pa\"ss\\wo\trd-Kx7Qm2"#;
    let key = r#"sk_test_\"Qm9zZ2VkZm9yYmFy\\Zm9v"#;
    write(
        root,
        ".env.local",
        format!(
            "WORKOS_CLIENT_ID=client_01HXYZ\nWORKOS_COOKIE_PASSWORD=\"{password}\"\nWORKOS_API_KEY=\"{key}\"\nNEXT_PUBLIC_CONVEX_URL=https://happy-cat-123.convex.cloud\n"
        ),
    );
    write(
        root,
        "dev-env.txt",
        format!("WORKOS_CLIENT_ID=client_01HXYZ\nWORKOS_COOKIE_PASSWORD=\"{password}\"\nWORKOS_API_KEY=\"{key}\"\n"),
    );
    let p = root.to_str().unwrap();
    let mut rules_seen = String::new();
    for args in [
        vec!["check", p, "--format", "human"],
        vec!["check", p, "--format", "json"],
        vec!["check", p, "--format", "sarif"],
        vec!["check", p, "--format", "github"],
        vec!["check", p, "--convex-env", "dev-env.txt"],
        vec!["triage", p, "--symptom", "convex-unauthenticated"],
        vec!["triage", p, "--symptom", "random-sign-outs"],
    ] {
        let cwd = if args.contains(&"dev-env.txt") { root } else { dir.path() };
        let (_, stdout, stderr) = doctor(&args, cwd);
        let all = format!("{stdout}{stderr}");
        rules_seen.push_str(&all);
        for secret in [password, key, "pa\"ss\\wo\trd-Kx7Qm2", "sk_test_\"Qm9zZ2VkZm9yYmFy\\Zm9v"] {
            assert_not_shown(&all, secret, &format!("{args:?}"));
        }
    }
    assert!(rules_seen.contains("env/cookie-password") && rules_seen.contains("env/malformed-api-key"), "{rules_seen}");
}

#[test]
fn hostile_files_in_the_project_get_a_message_not_a_hang() {
    let top = tempfile::tempdir().unwrap();
    for (config, expect) in [("fifo", "FIFO"), ("zero", "device")] {
        let root = top.path().join(config);
        base_project(&root);
        if config == "fifo" {
            mkfifo(&root.join("authkit-doctor.json"));
        } else {
            symlink("/dev/zero", &root.join("authkit-doctor.json"));
        }
        let (code, _, stderr) = doctor(&["check", root.to_str().unwrap()], top.path());
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains("authkit-doctor.json") && stderr.contains(expect), "{stderr}");
    }
    // Lockfiles, ignore files and installed manifests that are FIFOs are skipped; the rest of
    // the project is still checked.
    let root = top.path().join("fifos");
    base_project(&root);
    for name in READ_NAMES {
        mkfifo(&root.join(name));
    }
    let (code, stdout, _) = doctor(&["check", root.to_str().unwrap(), "--format", "json"], top.path());
    assert!(code <= 1);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["project"]["convex"][0]["auth_config"], "convex/auth.config.ts");
}

#[test]
fn a_large_real_lockfile_is_still_read() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    base_project(root);
    // ~40 MB of packages, and the one that matters.
    let mut lock = String::from(
        r#"{"name":"app","lockfileVersion":3,"packages":{"":{"name":"app"},"node_modules/@workos-inc/authkit-nextjs":{"version":"2.7.1","resolved":"x"}"#,
    );
    for i in 0..200_000 {
        lock.push_str(&format!(r#","node_modules/pkg-{i}":{{"version":"1.0.{i}","resolved":"https://registry.npmjs.org/pkg-{i}/-/pkg-{i}-1.0.{i}.tgz","integrity":"sha512-{}"}}"#, "A".repeat(88)));
    }
    lock.push_str("}}");
    write(root, "package-lock.json", &lock);
    let out = run_limited(&["check", root.to_str().unwrap(), "--format", "json"], root);
    assert_clean_exit(&["check"], root, &out);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json["summary"].is_object(), "{json}");
}

#[test]
fn logs_scale_linearly_and_group_repeats() {
    let dir = tempfile::tempdir().unwrap();
    let line = "2025-01-01T00:00:00Z [CONVEX] Failed to authenticate: \"No auth provider found matching the given token\", check your server auth config\n";
    let file = dir.path().join("repeat.log");
    // 100k matching lines: over a minute before (quadratic: 80k took 31 s in a release
    // build), about two seconds now in a debug build.
    std::fs::write(&file, line.repeat(100_000)).unwrap();
    let started = Instant::now();
    let (code, stdout, stderr) = doctor(&["logs", file.to_str().unwrap(), "--format", "json"], dir.path());
    let elapsed = started.elapsed();
    assert!(code <= 1, "{stderr}");
    assert!(elapsed < Duration::from_secs(15), "100k lines took {elapsed:?}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{json:#}");
    assert!(findings[0]["message"].as_str().unwrap().contains("100000 times"), "{json:#}");
}

#[test]
fn env_files_with_many_secrets_and_a_huge_value_stay_fast() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    base_project(root);
    // A thousand secret-named lines, then a 5 MB value: 50 s before (every finding searched the
    // whole file, every secret searched every line), about a second now.
    let mut env = String::from("WORKOS_CLIENT_ID=client_01HXYZ\n");
    for i in 0..1000 {
        env.push_str(&format!("WORKOS_COOKIE_PASSWORD=\"abcdefgh{i}\n"));
    }
    env.push_str(&format!("WORKOS_API_KEY=\"{}\"\n", "x".repeat(5_000_000)));
    write(root, ".env.local", env);
    let started = Instant::now();
    doctor(&["check", root.to_str().unwrap()], root);
    assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
    // One secret value quoted over 30,000 lines (each line is registered, so a code frame
    // showing one line masks it), then the 5 MB value: 85 s before (each registration searched
    // the list; each printed line searched every secret), two seconds now.
    let mut env = String::from("WORKOS_CLIENT_ID=client_01HXYZ\nWORKOS_COOKIE_PASSWORD=\"");
    for i in 0..30_000 {
        env.push_str(&format!("line-{i:08}-of-the-value\n"));
    }
    env.push_str(&format!("\"\nWORKOS_API_KEY=\"{}\"\n", "x".repeat(5_000_000)));
    write(root, ".env.local", env);
    let started = Instant::now();
    doctor(&["check", root.to_str().unwrap()], root);
    assert!(started.elapsed() < Duration::from_secs(15), "{:?}", started.elapsed());
}

#[test]
fn add_debug_page_never_writes_through_a_symlink_out_of_the_project() {
    let top = tempfile::tempdir().unwrap();
    let root = top.path().join("app");
    let elsewhere = top.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    base_project(&root);
    // `app/` itself is a link out of the project.
    std::fs::rename(root.join("app"), elsewhere.join("app")).unwrap();
    symlink(elsewhere.join("app"), &root.join("app"));
    let (code, _, stderr) = doctor(&["add", "debug-page", root.to_str().unwrap()], top.path());
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("outside the project"), "{stderr}");
    assert!(!elsewhere.join("app/auth-debug").exists());
    assert!(!root.join("convex/debugIdentity.ts").exists(), "all files or none");
    // `app/auth-debug` is a link out of the project.
    std::fs::remove_file(root.join("app")).unwrap();
    std::fs::rename(elsewhere.join("app"), root.join("app")).unwrap();
    std::fs::create_dir_all(elsewhere.join("debug")).unwrap();
    symlink(elsewhere.join("debug"), &root.join("app/auth-debug"));
    let (code, _, stderr) = doctor(&["add", "debug-page", root.to_str().unwrap()], top.path());
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(std::fs::read_dir(elsewhere.join("debug")).unwrap().count(), 0);
    // A link inside the project is written through, and stays a link.
    std::fs::remove_file(root.join("app/auth-debug")).unwrap();
    std::fs::create_dir_all(root.join("shared/debug")).unwrap();
    symlink(root.join("shared/debug"), &root.join("app/auth-debug"));
    let (code, _, stderr) = doctor(&["add", "debug-page", root.to_str().unwrap()], top.path());
    assert_eq!(code, 0, "{stderr}");
    assert!(std::fs::symlink_metadata(root.join("app/auth-debug")).unwrap().file_type().is_symlink());
    assert!(root.join("shared/debug/page.tsx").is_file());
}

/// A project whose auth config has one safe fix (`applicationId` → `applicationID`).
fn fixable_config() -> &'static str {
    "const clientId = process.env.WORKOS_CLIENT_ID;\nexport default { providers: [\n  { type: 'customJwt', issuer: 'https://api.workos.com/', algorithm: 'RS256', jwks: `https://api.workos.com/sso/jwks/${clientId}`, applicationId: clientId },\n] };\n"
}

#[test]
fn fix_edits_a_symlinked_file_inside_the_project_and_refuses_one_outside() {
    let top = tempfile::tempdir().unwrap();
    let root = top.path().join("p");
    base_project(&root);
    // Outside: refused, untouched, still a link.
    write(top.path(), "outside/auth.config.ts", fixable_config());
    symlink(top.path().join("outside/auth.config.ts"), &root.join("convex/auth.config.ts"));
    let (code, _, stderr) = doctor(&["check", root.to_str().unwrap(), "--fix"], top.path());
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("outside the project"), "{stderr}");
    assert_eq!(std::fs::read_to_string(top.path().join("outside/auth.config.ts")).unwrap(), fixable_config());
    assert!(std::fs::symlink_metadata(root.join("convex/auth.config.ts")).unwrap().file_type().is_symlink());
    // Inside: the target is fixed and the link stays a link.
    write(&root, "config/auth.config.ts", fixable_config());
    symlink("../config/auth.config.ts", &root.join("convex/auth.config.ts"));
    let (_, _, stderr) = doctor(&["check", root.to_str().unwrap(), "--fix"], top.path());
    assert!(stderr.contains("fixed"), "{stderr}");
    assert!(std::fs::symlink_metadata(root.join("convex/auth.config.ts")).unwrap().file_type().is_symlink());
    assert!(std::fs::read_to_string(root.join("config/auth.config.ts")).unwrap().contains("applicationID"));
}

#[test]
fn project_config_paths_stay_inside_the_project() {
    let top = tempfile::tempdir().unwrap();
    let root = top.path().join("p");
    base_project(&root);
    write(top.path(), "secret.env", "WORKOS_CLIENT_ID=client_01OUTSIDE\nSOME_LINE=visible-outside-value\n");
    for path in ["../secret.env", "/etc/passwd"] {
        write(&root, "authkit-doctor.json", format!(r#"{{ "convexEnv": "{path}" }}"#));
        let (code, stdout, stderr) = doctor(&["check", root.to_str().unwrap()], top.path());
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains("outside the project"), "{stderr}");
        assert!(!stdout.contains("visible-outside-value") && !stdout.contains("root:"), "{stdout}");
    }
    // The same file given on the command line is the user's choice.
    std::fs::remove_file(root.join("authkit-doctor.json")).unwrap();
    let (code, _, stderr) =
        doctor(&["check", root.to_str().unwrap(), "--convex-env", top.path().join("secret.env").to_str().unwrap()], top.path());
    assert!(code <= 1, "{stderr}");
}

#[test]
fn refresh_tokens_and_codes_in_hars_and_logs_are_masked() {
    let dir = tempfile::tempdir().unwrap();
    let token = "RtKq7ZpX2vLm9NbW4cYs8HdF";
    let code = "01JSECRETCODEabcdef123456";
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/har/captured/refresh-invalid-grant.har");
    let text = std::fs::read_to_string(fixture)
        .unwrap()
        .replace("01JCAPTURECODE83db43d1", code)
        .replace("Refresh token already exchanged.", &format!("Refresh token already exchanged. {token}"))
        .replace(r#"\"grant_type\":\"refresh_token\"}"#, &format!(r#"\"grant_type\":\"refresh_token\",\"refresh_token\":\"{token}\"}}"#));
    assert!(text.contains(token) && text.contains(code));
    let har = dir.path().join("s.har");
    std::fs::write(&har, text).unwrap();
    let log = dir.path().join("s.log");
    std::fs::write(
        &log,
        format!("POST /user_management/authenticate grant_type=refresh_token&refresh_token={token}\nError: Refresh token already exchanged. {token}\nGET /callback?code={code}&state=x\n{{\"sessionId\":\"{code}\"}}\n"),
    )
    .unwrap();
    for format in ["human", "json", "sarif", "github"] {
        for file in [&har, &log] {
            let command = if file == &har { "har" } else { "logs" };
            let (_, stdout, stderr) = doctor(&[command, file.to_str().unwrap(), "--format", format], dir.path());
            let all = format!("{stdout}{stderr}");
            assert_not_shown(&all, token, &format!("{command} {format}"));
            assert_not_shown(&all, code, &format!("{command} {format}"));
        }
    }
}
