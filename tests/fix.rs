//! `check --fix` and `check --fix --dry-run`, one case per fixable rule.
//!
//! The input of each case is the rule's `fires` fixture (tests/fixtures/rules/<rule>/fires), or
//! tests/fixtures/fix/<rule>/input when it has one, copied to a temp dir. The fixed files are snapshotted in
//! tests/fixtures/fix/<rule>/expected/<path> (`UPDATE_EXPECT=1 cargo test --test fix` rewrites
//! them). More cases of a rule sit next to it as `input-2`/`expected-2`, `input-3`/`expected-3`, ... Each case checks: the dry run prints a diff that `git apply` turns into the expected
//! files and writes nothing; `--fix` writes exactly the expected files and leaves every other
//! byte alone; the fixed project passes `check --rule <rule>`; a second `--fix` finds nothing;
//! the fixed files still parse.

use assert_cmd::Command;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Every rule that attaches safe edits (`every_safe_fix_is_tested` keeps this list complete).
const FIXABLE: &[&str] = &[
    "auth-config/application-id-spelling",
    "auth-config/unknown-provider-type",
    "auth-config/unsupported-algorithm",
    "auth-config/application-id-on-user-management",
    "auth-config/jwks-url",
    "auth-config/missing-user-management-provider",
    "auth-config/missing-sso-provider",
    "deploy/netlify-spa-fallback",
    "deploy/vercel-spa-rewrite",
    "env/next-redirect-uri-unprefixed",
    "nextjs/sign-out-link-prefetch",
    "nextjs/components-import-path",
];

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn bin() -> Command {
    let mut cmd = Command::cargo_bin("authkit-doctor").unwrap();
    cmd.env("NO_COLOR", "1");
    cmd
}

/// Every file under `dir`, relative path → bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path.strip_prefix(base).unwrap().to_string_lossy().replace('\\', "/");
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn copy_to_temp(src: &Path) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("project");
    for (rel, bytes) in snapshot(src) {
        let to = root.join(&rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(to, bytes).unwrap();
    }
    (tmp, root)
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every case of `rule`: `(name, input dir, expected dir)`.
fn fix_cases(rule: &str) -> Vec<(String, PathBuf, PathBuf)> {
    let dir = manifest().join("tests/fixtures/fix").join(rule);
    // A case may bring its own input when the rule's `fires` fixture also has findings that
    // need a manual fix (tests/fixtures/fix/<rule>/input).
    let own_input = dir.join("input");
    let input = if own_input.is_dir() { own_input } else { manifest().join("tests/fixtures/rules").join(rule).join("fires") };
    let mut cases = vec![(rule.to_string(), input, dir.join("expected"))];
    for n in 2.. {
        let input = dir.join(format!("input-{n}"));
        if !input.is_dir() {
            break;
        }
        cases.push((format!("{rule} (case {n})"), input, dir.join(format!("expected-{n}"))));
    }
    cases
}

fn check_fix_case(rule: &str) {
    for (name, input, expected_dir) in fix_cases(rule) {
        check_one_fix_case(rule, &name, &input, &expected_dir);
    }
}

fn check_one_fix_case(rule: &str, name: &str, input: &Path, expected_dir: &Path) {
    let original = snapshot(input);

    // Dry run: a diff on stdout, nothing written.
    let (_tmp, root) = copy_to_temp(input);
    let dry = bin().args(["check", "--rule", rule, "--fix", "--dry-run"]).arg(&root).output().unwrap();
    let diff = String::from_utf8(dry.stdout.clone()).unwrap();
    assert!(diff.starts_with("--- a/"), "{name}: dry run prints a unified diff, got:\n{diff}\n{}", stderr_of(&dry));
    assert!(stderr_of(&dry).contains("dry run: nothing written"), "{name}: {}", stderr_of(&dry));
    assert_eq!(snapshot(&root), original, "{name}: --dry-run changed files");

    // The diff is a real patch: `git apply` on a second copy gives the same result as --fix.
    let (_tmp2, patched) = copy_to_temp(input);
    let mut apply = std::process::Command::new("git");
    apply.args(["apply", "--whitespace=nowarn", "-"]).current_dir(&patched).stdin(std::process::Stdio::piped());
    if let Ok(mut child) = apply.spawn() {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(diff.as_bytes()).unwrap();
        assert!(child.wait().unwrap().success(), "{name}: git apply rejected the dry-run diff:\n{diff}");
    } else {
        eprintln!("git not found: skipping the `git apply` check of the dry-run diff");
    }

    // --fix: the findings of this rule are gone and the project passes the rule.
    let fixed = bin().args(["check", "--rule", rule, "--fix"]).arg(&root).output().unwrap();
    assert!(stderr_of(&fixed).contains(&format!("[{rule}]")), "{name}: --fix reports what it fixed: {}", stderr_of(&fixed));
    assert_eq!(fixed.status.code(), Some(0), "{name}: the fixed project still fails:\n{}", String::from_utf8_lossy(&fixed.stdout));

    let after = snapshot(&root);
    let changed: Vec<&String> = after.keys().filter(|k| original.get(*k) != after.get(*k)).collect();
    assert!(!changed.is_empty(), "{name}: --fix changed nothing");
    assert_eq!(after.keys().collect::<Vec<_>>(), original.keys().collect::<Vec<_>>(), "{name}: files added or removed (temp file left?)");

    // Snapshot of each changed file.
    for rel in &changed {
        let got = &after[*rel];
        let want_path = expected_dir.join(rel);
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            std::fs::create_dir_all(want_path.parent().unwrap()).unwrap();
            std::fs::write(&want_path, got).unwrap();
        }
        let want =
            std::fs::read(&want_path).unwrap_or_else(|_| panic!("{name}: missing {} (UPDATE_EXPECT=1 writes it)", want_path.display()));
        assert_eq!(String::from_utf8_lossy(got), String::from_utf8_lossy(&want), "{name}: {rel} differs from the snapshot");
        let text = String::from_utf8(got.clone()).unwrap();
        authkit_doctor_core::edit::parses(rel, &text).unwrap_or_else(|e| panic!("{name}: fixed file no longer parses: {e}"));
        if patched.join(rel).exists() {
            assert_eq!(std::fs::read(patched.join(rel)).unwrap(), *got, "{name}: the dry-run diff and --fix disagree on {rel}");
        }
    }
    // Every expected file was produced (no stale snapshot).
    if expected_dir.is_dir() {
        for rel in snapshot(expected_dir).keys() {
            assert!(changed.contains(&rel), "{name}: snapshot {rel} exists but --fix did not change that file");
        }
    }

    // Idempotence: a second run has nothing left to fix and changes nothing.
    let again = bin().args(["check", "--rule", rule, "--fix"]).arg(&root).output().unwrap();
    assert!(stderr_of(&again).contains("nothing to fix"), "{name}: second run: {}", stderr_of(&again));
    assert_eq!(snapshot(&root), after, "{name}: second --fix changed files");

    // The fixed project passes the rule (JSON: no finding at all).
    let json = bin().args(["check", "--rule", rule, "--format", "json"]).arg(&root).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["findings"].as_array().map(Vec::len), Some(0), "{name}: findings remain: {}", v["findings"]);
    assert_eq!(json.status.code(), Some(0));
}

#[test]
fn fix_application_id_spelling() {
    check_fix_case("auth-config/application-id-spelling");
}

#[test]
fn fix_unknown_provider_type() {
    check_fix_case("auth-config/unknown-provider-type");
}

#[test]
fn fix_unsupported_algorithm() {
    check_fix_case("auth-config/unsupported-algorithm");
}

#[test]
fn fix_application_id_on_user_management() {
    check_fix_case("auth-config/application-id-on-user-management");
}

#[test]
fn fix_jwks_url() {
    check_fix_case("auth-config/jwks-url");
}

#[test]
fn fix_missing_user_management_provider() {
    check_fix_case("auth-config/missing-user-management-provider");
}

#[test]
fn fix_missing_sso_provider() {
    check_fix_case("auth-config/missing-sso-provider");
}

#[test]
fn fix_netlify_spa_fallback() {
    check_fix_case("deploy/netlify-spa-fallback");
}

#[test]
fn fix_vercel_spa_rewrite() {
    check_fix_case("deploy/vercel-spa-rewrite");
}

#[test]
fn fix_next_redirect_uri_unprefixed() {
    check_fix_case("env/next-redirect-uri-unprefixed");
}

#[test]
fn fix_sign_out_link_prefetch() {
    check_fix_case("nextjs/sign-out-link-prefetch");
}

#[test]
fn fix_components_import_path() {
    check_fix_case("nextjs/components-import-path");
}

/// Every rule fixture whose findings carry safe edits is covered by a case above.
#[test]
fn every_safe_fix_is_tested() {
    let mut missing = Vec::new();
    for rule in authkit_doctor_core::rules::all() {
        for variant in ["fires", "quiet"] {
            let dir = manifest().join("tests/fixtures/rules").join(rule.id).join(variant);
            if !dir.is_dir() {
                continue;
            }
            let options = authkit_doctor_core::check::CheckOptions { only: vec![rule.id.to_string()], ..Default::default() };
            let run = authkit_doctor_core::check::run(&dir, &options).unwrap();
            if run.findings.iter().any(|f| f.fix.as_ref().is_some_and(|x| x.safe && !x.edits.is_empty())) && !FIXABLE.contains(&rule.id) {
                missing.push(rule.id);
            }
        }
    }
    assert!(missing.is_empty(), "rules with safe edits but no --fix case: {missing:?}");
}

/// The whole bundled example: several fixes in one file, applied together; a second run finds
/// nothing; the rest of the project is byte-identical.
#[test]
fn fix_the_vite_example_in_one_pass() {
    let input = manifest().join("examples/vite-broken");
    let original = snapshot(&input);
    let (_tmp, root) = copy_to_temp(&input);
    let out = bin().args(["check", "--fix", "-q"]).arg(&root).output().unwrap();
    let err = stderr_of(&out);
    assert!(err.contains("fixed 3 problems in 1 file"), "{err}");
    let after = snapshot(&root);
    let changed: Vec<&String> = after.keys().filter(|k| original.get(*k) != after.get(*k)).collect();
    assert_eq!(changed, ["convex/auth.config.ts"]);
    let again = bin().args(["check", "--fix", "-q"]).arg(&root).output().unwrap();
    assert!(stderr_of(&again).contains("nothing to fix"), "{}", stderr_of(&again));
    assert_eq!(snapshot(&root), after);
}

/// JSON stays pure with --fix: the notes go to stderr, stdout is the re-check's report.
#[test]
fn fix_with_json_output_keeps_stdout_json() {
    let rule = "auth-config/application-id-spelling";
    let (_tmp, root) = copy_to_temp(&manifest().join("tests/fixtures/rules").join(rule).join("fires"));
    let out = bin().args(["check", "--rule", rule, "--fix", "--format", "json"]).arg(&root).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    assert_eq!(v["findings"].as_array().map(Vec::len), Some(0));
}

#[test]
fn dry_run_needs_fix() {
    let out = bin().args(["check", "--dry-run", "."]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// Two findings whose edits overlap: the first is taken, the second skipped with a note.
#[test]
fn overlapping_fixes_are_skipped_with_a_note() {
    use authkit_doctor_core::diagnostic::Edit;
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("a.ts"), "const x = 1;\n").unwrap();
    let rule = authkit_doctor_core::rules::find("auth-config/application-id-spelling").unwrap();
    let edit = |start, end, r: &str| Edit { file: "a.ts".into(), start, end, replacement: r.into() };
    let findings = vec![
        rule.finding("one").safe_fix("x → y", vec![edit(6, 7, "y")]),
        rule.finding("two").safe_fix("x = 1 → z = 2", vec![edit(6, 11, "z = 2")]),
        rule.finding("three").safe_fix("1 → 2 (same span as nobody)", vec![edit(12, 12, " // ok")]),
    ];
    let plan = authkit_doctor::fix::plan(tmp.path(), &findings);
    assert_eq!(plan.applied.len(), 2);
    assert_eq!(plan.skipped.len(), 1, "{:?}", plan.skipped);
    assert!(plan.skipped[0].contains("overlaps"));
    assert_eq!(plan.files[0].after, "const y = 1; // ok\n");
    authkit_doctor::fix::apply(tmp.path(), &plan).unwrap();
    assert_eq!(std::fs::read_to_string(tmp.path().join("a.ts")).unwrap(), "const y = 1; // ok\n");
    let names: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 1, "no temp file left: {names:?}");
}

/// Runs `rule` on a project made of `files` (plus a Vite + AuthKit + Convex `package.json` and
/// `.env.local` unless given) and asserts it fires with a plain, non-safe fix only.
fn assert_fires_without_safe_fix(case: &str, rule: &str, files: &[(&str, &str)]) {
    let tmp = tempfile::tempdir().unwrap();
    let defaults = [
        (
            "package.json",
            r#"{ "name": "x", "type": "module", "scripts": { "dev": "vite" }, "dependencies": { "@workos-inc/authkit-react": "^0.16.2", "convex": "^1.29.0", "react": "^19.1.0" }, "devDependencies": { "vite": "^7.0.0" } }"#,
        ),
        (
            ".env.local",
            "VITE_WORKOS_CLIENT_ID=client_01JRYTCCS3VWW2MCFZCSMY8VX2\nVITE_WORKOS_REDIRECT_URI=http://localhost:5173/callback\n",
        ),
        (
            "src/main.tsx",
            "import { createRoot } from 'react-dom/client';\nimport { AuthKitProvider } from '@workos-inc/authkit-react';\ncreateRoot(document.getElementById('root')!).render(\n  <AuthKitProvider clientId={import.meta.env.VITE_WORKOS_CLIENT_ID} redirectUri={import.meta.env.VITE_WORKOS_REDIRECT_URI}>\n    <p />\n  </AuthKitProvider>,\n);\n",
        ),
        ("vite.config.ts", "import { defineConfig } from 'vite';\nexport default defineConfig({});\n"),
    ];
    for (rel, text) in defaults.iter().filter(|(d, _)| !files.iter().any(|(f, _)| f == d)).chain(files) {
        let path = tmp.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let json = bin().args(["check", "--rule", rule, "--format", "json"]).arg(tmp.path()).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let findings = v["findings"].as_array().cloned().unwrap_or_default();
    assert!(!findings.is_empty(), "{case}: {rule} should fire");
    for f in &findings {
        assert_eq!(f["fix"]["safe"], serde_json::Value::Bool(false), "{case}: the fix should not be safe: {f}");
    }
}

const SSO_PROVIDER: &str = "{ type: 'customJwt', issuer: 'https://api.workos.com/', algorithm: 'RS256', jwks: `https://api.workos.com/sso/jwks/${clientId}`, applicationID: clientId }";

/// Where the provider to add is not certain, the fix stays a description.
#[test]
fn uncertain_provider_fixes_stay_manual() {
    let um = "auth-config/missing-user-management-provider";
    let sso = "auth-config/missing-sso-provider";
    let config = |body: &str| format!("const clientId = process.env.WORKOS_CLIENT_ID;\n{body}\n");
    let cases: Vec<(&str, &str, String)> = vec![
        ("providers from a constant", um, config(&format!("const providers = [{SSO_PROVIDER}];\nexport default {{ providers }};"))),
        ("provider from a constant", um, config(&format!("const sso = {SSO_PROVIDER};\nexport default {{ providers: [sso] }};"))),
        (
            "jwks from a helper",
            um,
            config(
                "const jwks = (id) => `https://api.workos.com/sso/jwks/${id}`;\nexport default { providers: [{ type: 'customJwt', issuer: 'https://api.workos.com/', algorithm: 'RS256', jwks: jwks(clientId), applicationID: clientId }] };",
            ),
        ),
        (
            "a spread in the provider",
            um,
            config(
                "const base = { type: 'customJwt', algorithm: 'RS256' };\nexport default { providers: [{ ...base, issuer: 'https://api.workos.com/', jwks: `https://api.workos.com/sso/jwks/${clientId}`, applicationID: clientId }] };",
            ),
        ),
        (
            "two user_management providers",
            sso,
            config(
                "const prod = process.env.WORKOS_PROD_CLIENT_ID;\nexport default { providers: [\n  { type: 'customJwt', issuer: `https://api.workos.com/user_management/${clientId}`, algorithm: 'RS256', jwks: `https://api.workos.com/sso/jwks/${clientId}` },\n  { type: 'customJwt', issuer: `https://api.workos.com/user_management/${prod}`, algorithm: 'RS256', jwks: `https://api.workos.com/sso/jwks/${prod}` },\n] };",
            ),
        ),
        (
            "client id built from parts",
            sso,
            config(
                "export default { providers: [{ type: 'customJwt', issuer: `https://api.workos.com/user_management/client_${clientId}`, algorithm: 'RS256', jwks: `https://api.workos.com/sso/jwks/client_${clientId}` }] };",
            ),
        ),
        (
            "a spread in the user_management provider",
            sso,
            config(
                "const base = { type: 'customJwt', algorithm: 'RS256' };\nexport default { providers: [{ ...base, issuer: `https://api.workos.com/user_management/${clientId}`, jwks: `https://api.workos.com/sso/jwks/${clientId}` }] };",
            ),
        ),
    ];
    for (case, rule, text) in &cases {
        assert_fires_without_safe_fix(case, rule, &[("convex/auth.config.ts", text.as_str())]);
    }
}

#[test]
fn uncertain_spa_fallbacks_stay_manual() {
    let netlify = "deploy/netlify-spa-fallback";
    let vercel = "deploy/vercel-spa-rewrite";
    type Files<'a> = Vec<(&'a str, &'a str)>;
    let cases: Vec<(&str, &str, Files)> = vec![
        ("a 301 catch-all first", netlify, vec![("netlify.toml", "[[redirects]]\n  from = \"/*\"\n  to = \"/index.html\"\n")]),
        ("a _redirects catch-all first", netlify, vec![("netlify.toml", "[build]\n"), ("public/_redirects", "/*  /index.html  302\n")]),
        ("an unreadable redirects table", netlify, vec![("netlify.toml", "[[redirects]]\n  from = [\"/a\",\n  \"/b\"]\n  to = \"/x\"\n")]),
        ("legacy routes", vercel, vec![("vercel.json", "{\n  \"routes\": [{ \"handle\": \"filesystem\" }]\n}\n")]),
        ("comments", vercel, vec![("vercel.json", "{\n  // build\n  \"buildCommand\": \"vite build\"\n}\n")]),
        (
            "a catch-all elsewhere",
            vercel,
            vec![("vercel.json", "{ \"rewrites\": [{ \"source\": \"/:path*\", \"destination\": \"/app.html\" }] }\n")],
        ),
    ];
    for (case, rule, files) in &cases {
        assert_fires_without_safe_fix(case, rule, files);
    }
}

#[test]
fn sign_out_link_with_a_later_spread_stays_manual() {
    let input = manifest().join("tests/fixtures/rules/nextjs/sign-out-link-prefetch/fires");
    let (_tmp, root) = copy_to_temp(&input);
    let page = root.join("app/page.tsx");
    let text =
        std::fs::read_to_string(&page).unwrap().replace("<Link href=\"/sign-out\">", "<Link prefetch href=\"/sign-out\" {...props}>");
    std::fs::write(&page, text).unwrap();
    let out = bin().args(["check", "--rule", "nextjs/sign-out-link-prefetch", "--fix", "--dry-run"]).arg(&root).output().unwrap();
    assert!(stderr_of(&out).contains("nothing to fix"), "{}", stderr_of(&out));
}
