//! What a newcomer meets on a first run (issue 14): no false green on a folder with nothing to
//! check, messages that name the file and line at fault, and output without leftovers of
//! other commands.

mod common;
use assert_cmd::Command;
use common::copy_dir;
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

mod token_common;
use token_common::{CID, NOW, data_uri, docs_config, good_token, payload, project, standard_jwks};

fn token_human(dir: &Path, token: &str) -> Output {
    run(bin().args(["token", "--now", &NOW.to_string(), "--client-id", CID, "--project"]).arg(dir).arg("--").arg(token))
}

#[test]
fn token_ends_with_its_verdict_not_a_check_summary() {
    let dir = project(&docs_config(&format!("{:?}", data_uri(&standard_jwks()))), &[]);
    let accepted = token_human(dir.path(), &good_token(payload()));
    assert_eq!(accepted.code, Some(0), "{}{}", accepted.stdout, accepted.stderr);
    assert!(!accepted.stdout.contains("No problems found") && !accepted.stdout.contains(" files ("), "{}", accepted.stdout);
    assert_eq!(accepted.stdout.lines().last(), Some("✔ Convex would accept this token"), "{}", accepted.stdout);

    let mut expired = payload();
    expired["exp"] = serde_json::json!(NOW - 3600);
    let rejected = token_human(dir.path(), &good_token(expired));
    assert_eq!(rejected.code, Some(1), "{}", rejected.stdout);
    let last = rejected.stdout.lines().last().unwrap_or_default();
    assert!(last.starts_with("✖ Convex would reject this token: token/") && last.contains("error"), "{last}");
    assert!(!rejected.stdout.contains(" files ("), "{}", rejected.stdout);
}

/// The docs config lists the `applicationID` provider first; Convex stores (and tries) the one
/// without `applicationID` first. The report says so instead of leaving `providers[1]` above
/// `providers[0]` unexplained.
#[test]
fn token_explains_why_the_providers_are_not_in_file_order() {
    let dir = project(&docs_config(&format!("{:?}", data_uri(&standard_jwks()))), &[]);
    let out = token_human(dir.path(), &good_token(payload()));
    let section: Vec<&str> = out.stdout.lines().skip_while(|l| !l.contains("Providers, in the order Convex tries them")).collect();
    let second = section.iter().position(|l| l.contains("[providers[1]]")).expect("providers[1] listed");
    let first = section.iter().position(|l| l.contains("[providers[0]]")).expect("providers[0] listed");
    assert!(second < first, "{}", out.stdout);
    let why = section[..second].join("\n");
    assert!(why.contains("not the file's order") && why.contains("applicationID (none first)"), "{}", out.stdout);

    // In file order already: no note.
    let in_order = project(
        &format!(
            "export default {{ providers: [{{ type: \"customJwt\", issuer: \"https://api.workos.com/user_management/{CID}\", algorithm: \"RS256\", jwks: {:?} }}] }};\n",
            data_uri(&standard_jwks())
        ),
        &[],
    );
    let out = token_human(in_order.path(), &good_token(payload()));
    assert!(out.stdout.contains("[providers[0]]") && !out.stdout.contains("not the file's order"), "{}", out.stdout);
}

#[test]
fn explain_has_one_symptom_heading() {
    let out = run(bin().args(["explain", "auth-config/duplicate-issuer"]));
    assert_eq!(out.code, Some(0));
    let headings: Vec<&str> = out.stdout.lines().filter(|l| l.starts_with("Symptom")).collect();
    assert_eq!(headings, ["Symptom"], "{}", out.stdout);
    let section = out.stdout.split("\nSymptom\n").nth(1).unwrap().split("\n\nFix\n").next().unwrap();
    assert!(section.contains("Tokens fail intermittently"), "the rule's own words: {section}");
    assert!(section.contains("Reported under:\n  - Convex rejects the access token (token-rejected)"), "{section}");
}

#[test]
fn dry_run_without_fix_says_it_goes_with_fix_and_path_stays_optional() {
    let out = run(bin().args(["check", "--dry-run"]).arg(example("vite-broken")));
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("--dry-run goes with --fix"), "{}", out.stderr);
    assert!(out.stderr.contains("authkit-doctor check --fix --dry-run [PATH]"), "{}", out.stderr);
    assert!(!out.stderr.contains("<PATH>"), "PATH is optional: {}", out.stderr);
}

/// `--convex-env README.md`: refused (exit 2), naming the file, its first line that does not
/// fit, that nothing in it looks like the CLI's output, and the command that writes the right one.
#[test]
fn convex_env_that_is_not_a_dump_names_the_file_the_line_and_the_command() {
    let tmp = tempfile::tempdir().unwrap();
    let readme = tmp.path().join("README.md");
    std::fs::write(&readme, "# My app\n\nRun `npm run dev` to start.\nMore text.\n").unwrap();
    let out = run(bin().arg("check").arg(example("vite-broken")).arg("--convex-env").arg(&readme));
    assert_eq!(out.code, Some(2), "{}", out.stdout);
    let err = &out.stderr;
    assert!(err.contains(&format!("{} holds no NAME=value line", readme.display())), "{err}");
    assert!(err.contains("nothing in it looks like `npx convex env list --include-values` output"), "{err}");
    assert!(err.contains("line 3: Run `npm run dev` to start."), "the first line that does not fit: {err}");
    assert!(err.contains("npx convex env list --include-values > dev-env.txt"), "{err}");
    assert!(!err.contains("so it is ignored"), "nothing is ignored: the file is refused: {err}");

    // For --convex-env-prod, the production command; a secret on the quoted line stays masked.
    let pasted = tmp.path().join("pasted.txt");
    std::fs::write(&pasted, "WORKOS_API_KEY: sk_test_a1b2c3d4e5f6g7h8i9j0k1l2m3n4\n").unwrap();
    let out = run(bin().arg("check").arg(example("vite-broken")).arg("--convex-env-prod").arg(&pasted));
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("line 1: WORKOS_API_KEY: sk_test_…"), "{}", out.stderr);
    assert!(!out.stderr.contains("a1b2c3d4e5f6"), "secret printed: {}", out.stderr);
    assert!(out.stderr.contains("npx convex env list --prod --include-values > prod-env.txt"), "{}", out.stderr);
    assert!(out.stderr.contains("--convex-env-prod prod-env.txt"), "{}", out.stderr);
}

/// A monorepo with one Convex project per app, each with its own literal issuer.
fn monorepo(issuers: &[(&str, &str)]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let jwks = format!("{:?}", data_uri(&standard_jwks()));
    for (app, issuer) in issuers {
        write(
            tmp.path(),
            &format!("apps/{app}/package.json"),
            &format!(
                r#"{{"name":"{app}","dependencies":{{"convex":"1.29.0","@workos-inc/authkit-react":"0.16.0","react":"19.0.0","vite":"6.0.0"}}}}"#
            ),
        );
        write(
            tmp.path(),
            &format!("apps/{app}/convex/auth.config.ts"),
            &format!(
                "export default {{ providers: [{{ type: \"customJwt\", issuer: \"{issuer}\", algorithm: \"RS256\", jwks: {jwks} }}] }};\n"
            ),
        );
    }
    tmp
}

#[test]
fn token_among_several_projects_says_which_auth_config_fits_and_why() {
    let repo = monorepo(&[("admin", "https://api.workos.com/user_management/client_01OTHER"), ("web", token_common::UM)]);
    let out = token_human(repo.path(), &good_token(payload()));
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("from apps/web/convex/auth.config.ts"), "{}", out.stdout);
    assert!(
        out.stdout.contains(&format!(
            "note: judged with apps/web/convex/auth.config.ts: of the 2 auth configs here, only its providers match the token's issuer {}",
            token_common::UM
        )),
        "{}",
        out.stdout
    );
}

#[test]
fn token_asks_for_project_when_the_choice_is_not_clear() {
    // Two configs fit the token: which deployment judges it is the user's call.
    let apps: Vec<String> = (0..23).map(|i| format!("app{i:02}")).collect();
    let issuers: Vec<(&str, &str)> = apps.iter().map(|a| (a.as_str(), token_common::UM)).collect();
    let repo = monorepo(&issuers);
    let out = token_human(repo.path(), &good_token(payload()));
    assert_eq!(out.code, Some(2), "{}", out.stdout);
    assert_eq!(out.stdout, "");
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert!(
        lines[0].contains("23 Convex auth configs under") && lines[0].contains("23 of them match the token's issuer"),
        "{}",
        out.stderr
    );
    assert!(lines[0].ends_with("pass --project with the folder of the one your Convex deployment uses:"), "{}", out.stderr);
    let app00 = repo.path().join("apps/app00");
    assert_eq!(lines[1], format!("  --project {}   (apps/app00/convex/auth.config.ts)", app00.display()), "one per line");
    assert_eq!(lines.len(), 1 + 20 + 1, "a screenful, then the rest counted: {}", out.stderr);
    assert_eq!(lines[21], "  and 3 more");

    // None fits: all are listed, and the message says none matches.
    let repo = monorepo(&[
        ("admin", "https://api.workos.com/user_management/client_01A"),
        ("web", "https://api.workos.com/user_management/client_01B"),
    ]);
    let out = token_human(repo.path(), &good_token(payload()));
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("none of them has a provider matching the token's issuer"), "{}", out.stderr);
    assert!(out.stderr.contains("\n  --project ") && out.stderr.matches("\n  --project ").count() == 2, "{}", out.stderr);

    // --project settles it.
    let out = token_human(&repo.path().join("apps/web"), &good_token(payload()));
    assert_eq!(out.code, Some(1), "judged, and rejected: {}{}", out.stdout, out.stderr);
}

/// Where the token's client id appears: more than two places go one per line in the help.
#[test]
fn token_lists_many_client_id_places_one_per_line() {
    let repo = monorepo(&[("backend", "https://api.workos.com/user_management/client_01OTHER")]);
    for app in ["a", "b", "c"] {
        write(
            repo.path(),
            &format!("apps/{app}/package.json"),
            r#"{"name":"x","dependencies":{"@workos-inc/authkit-react":"0.16.0","react":"19.0.0"}}"#,
        );
        write(repo.path(), &format!("apps/{app}/.env.local"), &format!("VITE_WORKOS_CLIENT_ID={CID}\n"));
    }
    let out = token_human(repo.path(), &good_token(payload()));
    assert_eq!(out.code, Some(1), "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains(&format!("({CID} is the client id in 3 places, listed below)")), "{}", out.stdout);
    for app in ["a", "b", "c"] {
        assert!(out.stdout.contains(&format!("\n        apps/{app}/.env.local (VITE_WORKOS_CLIENT_ID)\n")), "{}", out.stdout);
    }
}

fn scratch_example(name: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path().join(name);
    copy_dir(&example(name), &project);
    (tmp, project)
}

fn next_steps(stdout: &str) -> &str {
    stdout.split_once("\nNext:\n").map(|(_, steps)| steps).unwrap_or_else(|| panic!("no Next: steps:\n{stdout}"))
}

#[test]
fn add_debug_page_names_each_file_that_already_exists() {
    let (_tmp, project) = scratch_example("nextjs-correct");
    write(&project, "app/auth-debug/page.tsx", "// mine\n");
    let out = run(bin().args(["add", "debug-page"]).arg(&project));
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("app/auth-debug/page.tsx already exists; pass --force to overwrite it"), "{}", out.stderr);
    assert!(!out.stderr.contains("exist(s)"), "{}", out.stderr);

    write(&project, "convex/debugIdentity.ts", "// mine\n");
    let out = run(bin().args(["add", "debug-page"]).arg(&project));
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr
            .contains("these files already exist; pass --force to overwrite them:\n  app/auth-debug/page.tsx\n  convex/debugIdentity.ts\n"),
        "{}",
        out.stderr
    );
    // The dry run shows the diff and says the real run would stop.
    let out = run(bin().args(["add", "debug-page", "--dry-run"]).arg(&project));
    assert_eq!(out.code, Some(0));
    assert!(out.stderr.contains("a real run would stop here: these files already exist"), "{}", out.stderr);
}

#[test]
fn add_debug_page_dry_run_prints_the_next_steps_of_a_real_run() {
    for name in ["nextjs-correct", "vite-correct"] {
        let (_tmp, project) = scratch_example(name);
        let dry = run(bin().args(["add", "debug-page", "--dry-run"]).arg(&project));
        assert_eq!(dry.code, Some(0), "{}", dry.stderr);
        let real = run(bin().args(["add", "debug-page"]).arg(&project));
        assert_eq!(real.code, Some(0), "{}", real.stderr);
        assert_eq!(next_steps(&dry.stdout), next_steps(&real.stdout), "{name}");
        assert!(next_steps(&dry.stdout).contains("  1. Run `npx convex dev`"), "{}", dry.stdout);
    }
}

#[test]
fn add_debug_page_at_a_monorepo_root_lists_candidate_apps_one_per_line() {
    let tmp = tempfile::tempdir().unwrap();
    for i in 0..23 {
        write(
            tmp.path(),
            &format!("apps/app{i:02}/package.json"),
            r#"{"name":"x","dependencies":{"@workos-inc/authkit-react":"0.16.0","react":"19.0.0","vite":"6.0.0","convex":"1.29.0"}}"#,
        );
    }
    let out = run(bin().args(["add", "debug-page", "--dry-run"]).arg(tmp.path()));
    assert_eq!(out.code, Some(2), "{}", out.stdout);
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(lines[0], "authkit-doctor: 23 apps use AuthKit here: pick one with --app DIR");
    assert_eq!(lines[1], "  --app apps/app00  (vite-react, @workos-inc/authkit-react)");
    assert_eq!(lines.len(), 1 + 20 + 1, "a screenful, then the rest counted:\n{}", out.stderr);
    assert_eq!(lines[21], "  and 3 more");
}

/// Without `iss` Convex stops before choosing a provider: any auth config gives the verdict, so
/// `token` does not ask for --project, and says why.
#[test]
fn token_without_an_issuer_among_several_projects_does_not_ask_for_project() {
    let repo = monorepo(&[("admin", "https://api.workos.com/user_management/client_01A"), ("web", token_common::UM)]);
    let mut no_issuer = payload();
    no_issuer.as_object_mut().unwrap().remove("iss");
    let out = token_human(repo.path(), &good_token(no_issuer));
    assert_eq!(out.code, Some(1), "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains("note: 2 auth configs here; judged with apps/admin/convex/auth.config.ts: the token names no issuer"),
        "{}",
        out.stdout
    );
}
