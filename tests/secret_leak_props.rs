//! No secret leaks, whatever the input (issue 13): random secret-shaped values (API keys, JWT
//! signatures, Convex deploy keys, cookie passwords, refresh tokens, authorization codes) are
//! planted in every input the tool reads — arguments, env files in every quoting style, app
//! source, a Convex env dump, a HAR, a log — and no output, in any format, on stdout or
//! stderr, may contain a 12-character piece of any of them.
//!
//! Each case runs the binary about twenty times, so the case count is small (6; the
//! PROPTEST_CASES environment variable raises it locally).

use proptest::prelude::*;
use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_authkit-doctor");
const PIECE: usize = 12;

#[derive(Debug, Clone)]
struct Secrets {
    api_key: String,
    cookie_password: String,
    deploy_key: String,
    jwt_header_payload: String,
    jwt_signature: String,
    refresh_token: String,
    code: String,
    /// How the env file quotes its values: none, single, double (with escapes), backtick.
    quoting: u8,
}

impl Secrets {
    fn jwt(&self) -> String {
        format!("{}.{}", self.jwt_header_payload, self.jwt_signature)
    }

    /// What must never be shown: the values, and the password as the env file writes it.
    fn never_shown(&self) -> Vec<String> {
        vec![
            self.api_key.clone(),
            self.cookie_password.clone(),
            quote(&self.cookie_password, self.quoting),
            self.deploy_key.clone(),
            self.jwt_signature.clone(),
            self.refresh_token.clone(),
            self.code.clone(),
        ]
    }
}

/// A value as the env file writes it in quoting style `style`. The double-quoted style
/// escapes `"` and `\` and writes a tab as `\t`, so the text differs from the value.
fn quote(value: &str, style: u8) -> String {
    match style {
        1 => format!("'{value}'"),
        2 => format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\"").replace('\t', "\\t")),
        3 => format!("`{value}`"),
        _ => value.to_string(),
    }
}

fn secrets() -> impl Strategy<Value = Secrets> {
    (
        (prop_oneof![Just("sk_test_"), Just("sk_live_")], "[A-Za-z0-9]{24,48}").prop_map(|(p, k)| format!("{p}{k}")),
        // Quote and backslash characters exercise the escaping styles.
        "[A-Za-z0-9!@%+=_-]{14,20}[\"\\\\\t]?[A-Za-z0-9!@%+=_-]{14,20}",
        ("[a-z]{4,8}-[a-z]{4,8}-[0-9]{3}", "[A-Za-z0-9]{40,60}").prop_map(|(name, key)| format!("prod:{name}|{key}")),
        "[A-Za-z0-9_-]{43,86}",
        "[A-Za-z0-9]{24,40}",
        "01[A-Z0-9]{24}",
        0u8..4,
    )
        .prop_map(|(api_key, cookie_password, deploy_key, jwt_signature, refresh_token, code, quoting)| Secrets {
            api_key,
            // Plain styles cannot hold a quote or a tab of their own kind; the double style can.
            cookie_password: if quoting == 2 { cookie_password } else { cookie_password.replace(['"', '\\', '\t'], "x") },
            deploy_key,
            jwt_header_payload: "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwczovL2FwaS53b3Jrb3MuY29tLyIsInN1YiI6InVzZXJfMSIsImV4cCI6MTgwMDAwMDAwMH0".into(),
            jwt_signature,
            refresh_token,
            code,
            quoting,
        })
}

fn write(root: &Path, rel: &str, contents: impl AsRef<[u8]>) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

/// A project with every secret planted, plus a dump, a HAR and a log next to it.
fn plant(dir: &Path, s: &Secrets) {
    let root = dir.join("app");
    write(
        &root,
        "package.json",
        r#"{"name":"app","dependencies":{"next":"15.4.0","react":"19.0.0","convex":"^1.29.0","@workos-inc/authkit-nextjs":"^2.7.1"}}"#,
    );
    write(
        &root,
        "convex/auth.config.ts",
        "const clientId = process.env.WORKOS_CLIENT_ID;\nexport default { providers: [\n  { type: 'customJwt', issuer: 'https://api.workos.com/', algorithm: 'RS256', jwks: `https://api.workos.com/sso/jwks/${clientId}`, applicationID: clientId },\n] };\n",
    );
    let q = |v: &str| quote(v, s.quoting);
    let env = format!(
        "WORKOS_CLIENT_ID=client_01HXYZ\nWORKOS_API_KEY={}\nWORKOS_COOKIE_PASSWORD={}\nCONVEX_DEPLOY_KEY={}\nNEXT_PUBLIC_WORKOS_API_KEY={}\nNEXT_PUBLIC_CONVEX_URL=https://happy-cat-123.convex.cloud\n",
        q(&s.api_key),
        q(&s.cookie_password),
        q(&s.deploy_key),
        q(&s.api_key),
    );
    write(&root, ".env.local", &env);
    write(&root, ".env", &env);
    write(
        &root,
        "app/page.tsx",
        format!(
            "'use client';\nconst apiKey = \"{}\";\nconst token = \"{}\";\nexport default function Page() {{ return <main>{{apiKey}}{{token}}</main>; }}\n",
            s.api_key,
            s.jwt()
        ),
    );
    write(
        dir,
        "dev-env.txt",
        format!("WORKOS_CLIENT_ID=client_01HXYZ\nWORKOS_API_KEY={}\nWORKOS_COOKIE_PASSWORD={}\n", q(&s.api_key), q(&s.cookie_password)),
    );
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/har/captured/refresh-invalid-grant.har");
    let har = std::fs::read_to_string(fixture)
        .unwrap()
        .replace("01JCAPTURECODE83db43d1", &s.code)
        .replace("Refresh token already exchanged.", &format!("Refresh token already exchanged. {}", s.refresh_token))
        .replace(
            r#"\"grant_type\":\"refresh_token\"}"#,
            &format!(r#"\"grant_type\":\"refresh_token\",\"refresh_token\":\"{}\"}}"#, s.refresh_token),
        );
    write(dir, "session.har", har);
    write(
        dir,
        "server.log",
        format!(
            "POST /user_management/authenticate grant_type=refresh_token&refresh_token={rt}\n\
             Error: Refresh token already exchanged. {rt}\n\
             GET /callback?code={code}&state=x 500\n\
             Authorization: Bearer {jwt}\n\
             WORKOS_API_KEY={key}\n\
             WORKOS_COOKIE_PASSWORD={pw}\n\
             CONVEX_DEPLOY_KEY={dk}\n\
             Failed to authenticate: \"No auth provider found matching the given token\", check your server auth config\n",
            rt = s.refresh_token,
            code = s.code,
            jwt = s.jwt(),
            key = s.api_key,
            pw = q(&s.cookie_password),
            dk = s.deploy_key,
        ),
    );
}

fn run(args: &[&str], cwd: &Path) -> String {
    let out = Command::new(BIN).args(args).current_dir(cwd).env("NO_COLOR", "1").output().unwrap();
    let code = out.status.code();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(matches!(code, Some(0..=2)), "`{}` exited {code:?}:\n{text}", args.join(" "));
    text
}

fn leaked<'a>(output: &str, secrets: &'a [String]) -> Option<&'a str> {
    for secret in secrets {
        let chars: Vec<(usize, char)> = secret.char_indices().collect();
        for k in 0..chars.len().saturating_sub(PIECE - 1) {
            let start = chars[k].0;
            let end = chars.get(k + PIECE).map_or(secret.len(), |c| c.0);
            if output.contains(&secret[start..end]) {
                return Some(secret);
            }
        }
    }
    None
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(6),
        ..ProptestConfig::default()
    })]

    #[test]
    fn no_output_contains_a_piece_of_a_secret(s in secrets()) {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        plant(d, &s);
        let jwt = s.jwt();
        let mut runs: Vec<Vec<&str>> = Vec::new();
        for format in ["human", "json", "sarif", "github"] {
            runs.push(vec!["check", "app", "--convex-env", "dev-env.txt", "--format", format]);
            runs.push(vec!["har", "session.har", "--project", "app", "--format", format]);
            runs.push(vec!["logs", "server.log", "--project", "app", "--format", format]);
        }
        runs.push(vec!["triage", "app", "--symptom", "convex-unauthenticated"]);
        runs.push(vec!["triage", "app", "--symptom", "secret-exposure"]);
        runs.push(vec!["token", &jwt, "--project", "app", "--now", "1700000000"]);
        runs.push(vec!["token", &jwt, "--project", "app", "--now", "1700000000", "--format", "json"]);
        // Secrets where paths belong.
        runs.push(vec![&s.api_key]);
        runs.push(vec![&jwt]);
        runs.push(vec!["check", "--convex-env", &s.deploy_key]);
        runs.push(vec!["logs", &jwt]);
        runs.push(vec!["token", "x", "--jwks", &s.api_key]);
        runs.push(vec!["check", "--rule", &s.api_key]);
        let never = s.never_shown();
        for args in &runs {
            let output = run(args, d);
            if let Some(secret) = leaked(&output, &never) {
                prop_assert!(false, "`{}` shows a piece of {secret:?}:\n{output}", args.join(" "));
            }
        }
    }
}
