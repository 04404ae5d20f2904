//! `authkit-doctor probe`: every JWKS the project uses and the Convex URL, checked against a fake
//! server on 127.0.0.1; the Convex CLI replaced by a script.

mod token_common;

use serde_json::Value;
use std::path::Path;
use token_common::*;

fn probe_project(convex_url: &str) -> tempfile::TempDir {
    project(
        &docs_config("`https://api.workos.com/sso/jwks/${clientId}`"),
        &[(".env.local", &format!("VITE_WORKOS_CLIENT_ID=client_01TEST\nVITE_CONVEX_URL={convex_url}\n"))],
    )
}

fn run_probe(dir: &Path, extra: &[&str], envs: &[(&str, &str)]) -> (i32, Value, String) {
    let mut cmd = bin();
    cmd.arg("probe").arg(dir).args(["--format", "json"]).args(extra);
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    (out.status.code().unwrap_or(-1), serde_json::from_str(&stdout).unwrap_or(Value::Null), format!("{stdout}{stderr}"))
}

#[test]
fn offline_by_default() {
    let dir = probe_project("http://127.0.0.1:9");
    let out = bin().arg("probe").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--online"));
}

#[test]
fn everything_answers() {
    let server = Server::start(|path| match path {
        "/sso/jwks/client_01TEST" => Reply::json(200, "application/jwk-set+json", &standard_jwks()),
        "/version" => Reply::text(200, "text/plain", "1.0"),
        _ => Reply::text(404, "text/plain", ""),
    });
    let dir = probe_project(&server.base);
    let (code, v, all) = run_probe(dir.path(), &["--online", "--workos-api-base", &server.base], &[]);
    assert_eq!(code, 0, "{all}");
    let jwks = v["probe"]["jwks"].as_array().unwrap();
    assert_eq!(jwks.len(), 1, "the provider URL and the env client id are the same URL: {all}");
    assert_eq!(jwks[0]["url"], "https://api.workos.com/sso/jwks/client_01TEST");
    assert_eq!(jwks[0]["ok"], true);
    assert_eq!(jwks[0]["keys"].as_array().unwrap().len(), 3);
    assert_eq!(v["probe"]["convex"][0]["ok"], true);
    assert_eq!(server.hits(), 2, "one request per URL");
}

#[test]
fn jwks_404_and_dead_convex_url() {
    let server = Server::start(|_| Reply::text(404, "text/plain", "not here"));
    let dir = probe_project("http://127.0.0.1:1");
    let (code, v, all) = run_probe(dir.path(), &["--online", "--workos-api-base", &server.base], &[]);
    assert_eq!(code, 1, "{all}");
    let f = &v["findings"][0];
    assert_eq!(f["rule"], "token/jwks-unreachable");
    assert_eq!(
        f["convex_message"],
        "Could not fetch JWKS from URL 'https://api.workos.com/sso/jwks/client_01TEST': HTTP 404 Not Found. Check that the URL is correct and accessible."
    );
    assert_eq!(v["probe"]["convex"][0]["ok"], false);
    // --convex-url overrides the env files.
    let (_, v, _) = run_probe(dir.path(), &["--online", "--workos-api-base", &server.base, "--convex-url", &server.base], &[]);
    assert_eq!(v["probe"]["convex"][0]["url"], server.base.as_str());
    assert_eq!(v["probe"]["convex"][0]["status"], 404);
}

#[test]
fn content_type_invalid_body_timeout_and_size() {
    for (reply, rule) in [
        (Reply::text(200, "text/html", "<html>"), "token/jwks-content-type"),
        (Reply::text(200, "application/json", "{\"keys\":[{\"kty\":\"XYZ\"}]}"), "token/jwks-invalid"),
        (
            Reply {
                status: 200,
                content_type: Some("application/json".into()),
                body: vec![b' '; 2 << 20],
                delay: std::time::Duration::ZERO,
            },
            "token/jwks-unreachable",
        ),
        (
            Reply { delay: std::time::Duration::from_secs(3), ..Reply::json(200, "application/json", &standard_jwks()) },
            "token/jwks-unreachable",
        ),
    ] {
        let server = Server::start(move |path| if path == "/version" { Reply::text(200, "text/plain", "1") } else { reply.clone() });
        let dir = probe_project(&server.base);
        let (code, v, all) =
            run_probe(dir.path(), &["--online", "--workos-api-base", &server.base], &[("AUTHKIT_DOCTOR_HTTP_TIMEOUT_MS", "500")]);
        assert_eq!(v["findings"][0]["rule"], rule, "{all}");
        assert_eq!(code, 1, "{all}");
    }
}

#[test]
#[cfg(unix)]
fn convex_cli_env_list() {
    use std::os::unix::fs::PermissionsExt;
    let server = Server::start(|path| match path {
        "/version" => Reply::text(200, "text/plain", "1"),
        _ => Reply::json(200, "application/json", &standard_jwks()),
    });
    let api_key = "sk_test_Z9y8X7w6V5u4T3s2R1q0P9o8N7m6L5k4J3i2H1g0F9e8D7c6B5a4";
    let dir = project(
        &docs_config("`https://api.workos.com/sso/jwks/${clientId}`"),
        &[(".env.local", &format!("VITE_CONVEX_URL={}\n", server.base))],
    );
    let script = dir.path().join("fake-convex.sh");
    std::fs::write(&script, format!("#!/bin/sh\n[ \"$1 $2 $3\" = \"env list --include-values\" ] || exit 9\nprintf 'WORKOS_CLIENT_ID=client_01CLI\\nWORKOS_API_KEY={api_key}\\n'\n")).unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let (code, v, all) = run_probe(
        dir.path(),
        &["--online", "--convex-cli", "--workos-api-base", &server.base],
        &[("AUTHKIT_DOCTOR_CONVEX_CLI", script.to_str().unwrap())],
    );
    assert_eq!(code, 0, "{all}");
    assert_eq!(v["probe"]["deployment_env"]["ok"], true);
    assert_eq!(v["probe"]["deployment_env"]["vars"], serde_json::json!(["WORKOS_CLIENT_ID", "WORKOS_API_KEY"]));
    assert_eq!(v["probe"]["jwks"][0]["url"], "https://api.workos.com/sso/jwks/client_01CLI", "the CLI's value resolves the config");
    assert!(!all.contains(&api_key[10..]), "the API key is masked: {all}");
    // A failing CLI is a failed check, not a crash.
    std::fs::write(&script, "#!/bin/sh\necho 'not logged in' >&2\nexit 1\n").unwrap();
    let (code, v, _) = run_probe(
        dir.path(),
        &["--online", "--convex-cli", "--workos-api-base", &server.base],
        &[("AUTHKIT_DOCTOR_CONVEX_CLI", script.to_str().unwrap())],
    );
    assert_eq!(code, 1);
    assert!(v["probe"]["deployment_env"]["problem"].as_str().unwrap().contains("not logged in"));
}
