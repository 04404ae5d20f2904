//! The redaction proof: known secret values are planted everywhere a secret can be — the app's
//! env files, the deployment's env dump (`--convex-env`), source files, a JWT — and `check` runs
//! in every output format. No output may hold any planted secret, in full or as any 12-character
//! piece of it.
//!
//! The no-leak assertion holds whatever findings the rules produce. So that it is not vacuous,
//! the project also makes two long-standing rules put code frames over lines that hold secrets,
//! and the test checks that those secrets were shown masked: `auth-config/hardcoded-client-id`
//! fires on the first three lines of `auth.config.ts`, which also hold an `sk_live_` key, the
//! dump's action secret and the app's cookie password, and a JWT; `convex-env/client-id-mismatch`
//! fires on the client id lines of `.env.local` and of the dump, which quote keys and secrets in
//! comments. Those lines stay under the code frame's 140-column width once masked.

use assert_cmd::Command;
use authkit_doctor_core::redact::mask;
use std::path::Path;

/// Length of the pieces of a secret that must not appear.
const PIECE: usize = 12;

/// Standard base64 without padding (what WorkOS API keys are made of).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

fn base64url(bytes: &[u8]) -> String {
    base64(bytes).replace('+', "-").replace('/', "_")
}

/// A WorkOS-format secret key: `sk_<env>_` + base64 of `key_<26-char ULID>,<25 chars>`.
fn workos_key(env: &str, ulid: &str, secret: &str) -> String {
    assert_eq!(ulid.len(), 26, "a ULID has 26 characters");
    assert!(ulid.chars().all(|c| c.is_ascii_digit() || (c.is_ascii_uppercase() && !"ILOU".contains(c))), "Crockford base32");
    assert_eq!(secret.len(), 25);
    format!("sk_{env}_{}", base64(format!("key_{ulid},{secret}").as_bytes()))
}

struct Secrets {
    /// `WORKOS_API_KEY` in `.env.local` (also in a comment on its client id line).
    api_key: String,
    /// `VITE_WORKOS_API_KEY` in `.env`: a key exposed to the browser.
    vite_api_key: String,
    cookie_password: String,
    webhook_secret: String,
    /// An `sk_live_` literal in `src/workos.ts` and in a comment on line 1 of `convex/auth.config.ts`.
    source_key: String,
    /// The signature part of a JWT in `src/token.ts` and on line 3 of `convex/auth.config.ts`:
    /// only the pattern of a JWT tells it is secret.
    jwt_signature: String,
    /// The signature of another JWT, the value of `CONVEX_TEST_TOKEN` in `.env.local`.
    env_jwt_signature: String,
    dump_api_key: String,
    dump_cookie_password: String,
    dump_webhook_secret: String,
    /// `WORKOS_ACTION_SECRET` in the dump, also on line 2 of `convex/auth.config.ts`.
    dump_action_secret: String,
}

impl Secrets {
    fn new() -> Secrets {
        Secrets {
            api_key: workos_key("test", "01JB8W6T3K9QX2M4N7P5R1V0ZD", "Zq8wLmN3pR7tV2xB9kD4fH6jQ"),
            vite_api_key: workos_key("test", "01JC2N5R8T1W4Y7A0D3F6H9K2M", "pX4rT8vB2nM6qW0zL5cJ9hF3d"),
            cookie_password: "Xk3vQ9mZ2pL7wR4tN8bH6cJ1dF5gS0aE".into(),
            webhook_secret: "wh_T4nP8qR2vX6zB1mK9cL3dF7gH5jW0yE".into(),
            source_key: workos_key("live", "01JD7Q3V9X2B5E8G1J4M7P0S3T", "Rt7yU2iO9pA4sD6fG1hJ3kL8z"),
            jwt_signature: base64url(b"\x8a\x11\xf0\x93\x5c\x27\xd4\x0e\x61\xb9\x3a\xc8\x42\x7f\xe5\x16\x0b\x9d\x54\xa3\x2e\xf7\x68\xc1\x05\x9a\x3d\xb6\x71\xe8\x24\x5f\xcc\x03\x97\x4a\x1e\xd2\x86\x39"),
            env_jwt_signature: base64url(b"\x3c\xa9\x17\xe2\x58\x0d\xb4\x6f\x91\x2a\xc5\x7e\x03\xd8\x64\xbf\x1a\x4e\xf9\x85\x22\x6c\xd0\x37\xab\x59\x0e\xe4\x73\x18\xc2\x9d\x46\xfb\x61\x2f\x8c\x05\xd7\x94"),
            dump_api_key: workos_key("live", "01JE4H8K2N6R0V3Y7B1D5G9J2M", "Mn5bV8cX1zA4sQ7wE2rT6yU9i"),
            dump_cookie_password: "fG7hJ2kL9mN4pQ1rS6tU3vW8xY5zA0bC".into(),
            dump_webhook_secret: "wh_Lp3Kq8Rz2Vn6Xb1Mc9Td4Fg7Hj5Ws0Ye".into(),
            dump_action_secret: "act_Qw8Er3Ty6Ui1Op4As9Df2Gh7Jk5Lz0Xc".into(),
        }
    }

    fn all(&self) -> Vec<(&'static str, &str)> {
        vec![
            ("WORKOS_API_KEY (.env.local)", &self.api_key),
            ("VITE_WORKOS_API_KEY (.env)", &self.vite_api_key),
            ("WORKOS_COOKIE_PASSWORD (.env.local)", &self.cookie_password),
            ("WORKOS_WEBHOOK_SECRET (.env.local)", &self.webhook_secret),
            ("sk_live_ literal (source)", &self.source_key),
            ("JWT signature (source)", &self.jwt_signature),
            ("JWT signature (CONVEX_TEST_TOKEN in .env.local)", &self.env_jwt_signature),
            ("WORKOS_API_KEY (deployment dump)", &self.dump_api_key),
            ("WORKOS_COOKIE_PASSWORD (deployment dump)", &self.dump_cookie_password),
            ("WORKOS_WEBHOOK_SECRET (deployment dump)", &self.dump_webhook_secret),
            ("WORKOS_ACTION_SECRET (deployment dump)", &self.dump_action_secret),
        ]
    }

    /// A signed token, short enough to fit a code frame line once its signature is masked.
    fn jwt(&self) -> String {
        format!("{}{}", Self::unsigned_jwt(), self.jwt_signature)
    }

    /// `header.payload.` of the tokens; not secret.
    fn unsigned_jwt() -> String {
        format!("{}.{}.", base64url(br#"{"alg":"RS256"}"#), base64url(br#"{"sub":"u1"}"#))
    }
}

const APP_CLIENT_ID: &str = "client_01HZX3Q7M8K2V5T9R4N6P0W1YB";
const DEPLOYMENT_CLIENT_ID: &str = "client_01HY5STAGE9K3M7Q2T8V4X6Z0B";

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A Vite + Convex + AuthKit app full of secrets; returns the dump's path (outside the app).
fn plant(dir: &Path, s: &Secrets) -> std::path::PathBuf {
    let app = dir.join("app");
    write(
        &app,
        "package.json",
        r#"{
  "name": "secret-app",
  "private": true,
  "type": "module",
  "scripts": { "dev": "vite", "build": "vite build" },
  "dependencies": {
    "@convex-dev/workos": "^0.0.1",
    "@workos-inc/authkit-react": "^0.16.0",
    "convex": "^1.29.0",
    "react": "^19.0.0",
    "react-dom": "^19.0.0"
  },
  "devDependencies": { "vite": "^7.0.0" }
}
"#,
    );
    write(
        &app,
        ".env.local",
        &format!(
            "CONVEX_DEPLOYMENT=dev:happy-animal-123\n\
             VITE_CONVEX_URL=https://happy-animal-123.convex.cloud\n\
             VITE_WORKOS_CLIENT_ID={APP_CLIENT_ID} # was {api_key} {webhook}\n\
             VITE_WORKOS_REDIRECT_URI=http://localhost:5173/callback\n\
             WORKOS_API_KEY={api_key}\n\
             WORKOS_COOKIE_PASSWORD=\"{cookie}\"\n\
             WORKOS_WEBHOOK_SECRET='{webhook}'\n\
             CONVEX_TEST_TOKEN={jwt}{jwt_signature}\n",
            api_key = s.api_key,
            cookie = s.cookie_password,
            webhook = s.webhook_secret,
            jwt = Secrets::unsigned_jwt(),
            jwt_signature = s.env_jwt_signature,
        ),
    );
    write(&app, ".env", &format!("VITE_WORKOS_API_KEY={}\nVITE_WORKOS_CLIENT_ID={APP_CLIENT_ID}\n", s.vite_api_key));
    write(
        &app,
        "convex/auth.config.ts",
        &format!(
            "const clientId = process.env.WORKOS_CLIENT_ID ?? \"{APP_CLIENT_ID}\"; // {key}\n\
             const legacyId = \"{APP_CLIENT_ID}\"; // {action} {cookie}\n\
             const debugId = \"{APP_CLIENT_ID}\"; // {jwt}\n\
             \n\
             export default {{\n  providers: [\n    {{\n      type: \"customJwt\",\n      issuer: \"https://api.workos.com/\",\n      algorithm: \"RS256\",\n      jwks: `https://api.workos.com/sso/jwks/${{clientId}}`,\n      applicationID: clientId,\n    }},\n    {{\n      type: \"customJwt\",\n      issuer: `https://api.workos.com/user_management/${{clientId}}`,\n      algorithm: \"RS256\",\n      jwks: `https://api.workos.com/sso/jwks/${{clientId}}`,\n    }},\n  ],\n}};\n",
            key = s.source_key,
            action = s.dump_action_secret,
            cookie = s.cookie_password,
            jwt = s.jwt(),
        ),
    );
    write(
        &app,
        "convex/users.ts",
        "import { query } from \"./_generated/server\";\n\nexport const me = query({\n  handler: async (ctx) => {\n    return await ctx.auth.getUserIdentity();\n  },\n});\n",
    );
    write(
        &app,
        "src/main.tsx",
        "import { StrictMode } from \"react\";\nimport { createRoot } from \"react-dom/client\";\nimport { AuthKitProvider, useAuth } from \"@workos-inc/authkit-react\";\nimport { ConvexReactClient } from \"convex/react\";\nimport { ConvexProviderWithAuthKit } from \"@convex-dev/workos\";\nimport App from \"./App\";\n\nconst convex = new ConvexReactClient(import.meta.env.VITE_CONVEX_URL);\n\ncreateRoot(document.getElementById(\"root\")!).render(\n  <StrictMode>\n    <AuthKitProvider\n      clientId={import.meta.env.VITE_WORKOS_CLIENT_ID}\n      redirectUri={import.meta.env.VITE_WORKOS_REDIRECT_URI}\n    >\n      <ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>\n        <App />\n      </ConvexProviderWithAuthKit>\n    </AuthKitProvider>\n  </StrictMode>,\n);\n",
    );
    write(
        &app,
        "src/workos.ts",
        &format!("import {{ WorkOS }} from \"@workos-inc/node\";\n\nexport const workos = new WorkOS(\"{}\");\n", s.source_key),
    );
    write(&app, "src/token.ts", &format!("// a token copied from the browser while debugging\nexport const token = \"{}\";\n", s.jwt()));
    write(&app, "src/App.tsx", "export default function App() {\n  return <p>hi</p>;\n}\n");
    write(&app, "index.html", "<!doctype html>\n<div id=\"root\"></div>\n<script type=\"module\" src=\"/src/main.tsx\"></script>\n");

    // `npx convex env list --include-values` of the dev deployment, kept outside the project.
    let dump = dir.join("convex-env.dev.txt");
    std::fs::write(
        &dump,
        format!(
            "WORKOS_ACTION_SECRET={action}\n\
             WORKOS_API_KEY={key}\n\
             WORKOS_CLIENT_ID={DEPLOYMENT_CLIENT_ID} # key {key} {cookie}\n\
             WORKOS_COOKIE_PASSWORD={cookie}\n\
             WORKOS_WEBHOOK_SECRET={webhook}\n",
            action = s.dump_action_secret,
            key = s.dump_api_key,
            cookie = s.dump_cookie_password,
            webhook = s.dump_webhook_secret,
        ),
    )
    .unwrap();
    dump
}

/// Every `PIECE`-character window of `secret` (by characters).
fn pieces(secret: &str) -> Vec<String> {
    let chars: Vec<char> = secret.chars().collect();
    chars.windows(PIECE.min(chars.len())).map(|w| w.iter().collect()).collect()
}

/// The first planted secret `output` shows in full or in part, if any.
fn leaks(output: &str, secrets: &Secrets) -> Vec<String> {
    let mut found = Vec::new();
    for (what, secret) in secrets.all() {
        if output.contains(secret) {
            found.push(format!("{what} in full"));
        } else if let Some(piece) = pieces(secret).into_iter().find(|p| output.contains(p.as_str())) {
            found.push(format!("{what}: the piece {piece:?}"));
        }
    }
    found
}

#[test]
fn planted_secrets_are_well_formed() {
    let s = Secrets::new();
    for key in [&s.api_key, &s.vite_api_key, &s.source_key, &s.dump_api_key] {
        assert!(authkit_doctor_core::redact::is_api_key(key), "{key}");
        assert!(key.len() >= 70, "a realistic WorkOS key is ~75 characters: {key}");
    }
    assert_eq!(s.jwt().split('.').count(), 3);
    assert!(s.jwt().starts_with("eyJ"));
    // The check itself: a leak is caught, a mask is not a leak.
    assert!(!leaks(&format!("x {} y", s.api_key), &s).is_empty());
    assert!(!leaks(&s.cookie_password[3..3 + PIECE], &s).is_empty());
    let masked: String = s.all().iter().map(|(_, v)| mask(v)).collect::<Vec<_>>().join(" ");
    assert!(leaks(&masked, &s).is_empty(), "{masked}");
}

#[test]
fn no_format_prints_a_planted_secret() {
    let s = Secrets::new();
    let dir = tempfile::tempdir().unwrap();
    let dump = plant(dir.path(), &s);
    let app = dir.path().join("app");

    let mut failures = Vec::new();
    let mut human = String::new();
    for format in ["human", "json", "sarif", "github"] {
        for extra in [&[][..], &["--severity", "info"][..], &["--quiet"][..]] {
            let out = Command::cargo_bin("authkit-doctor")
                .unwrap()
                .env_remove("NO_COLOR")
                .args(["check", "--format", format, "--convex-env"])
                .arg(&dump)
                .args(extra)
                .arg(&app)
                .output()
                .unwrap();
            let code = out.status.code();
            let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
            let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
            assert!(matches!(code, Some(0 | 1)), "--format {format} {extra:?}: exit {code:?}\n{stderr}");
            for leak in leaks(&stdout, &s) {
                failures.push(format!("--format {format} {extra:?} stdout: {leak}"));
            }
            for leak in leaks(&stderr, &s) {
                failures.push(format!("--format {format} {extra:?} stderr: {leak}"));
            }
            if format == "human" && extra.is_empty() {
                human = stdout;
            }
        }
    }
    assert!(failures.is_empty(), "secrets leaked:\n{}", failures.join("\n"));

    // Not vacuous: the code frames did cover lines holding secrets, and showed them masked.
    assert!(human.contains("auth-config/hardcoded-client-id") && human.contains("convex-env/client-id-mismatch"), "{human}");
    for (what, secret) in [
        ("the sk_live_ key on auth.config.ts line 1", &s.source_key),
        ("the dump's WORKOS_ACTION_SECRET on auth.config.ts line 2", &s.dump_action_secret),
        ("the app's WORKOS_COOKIE_PASSWORD on auth.config.ts line 2", &s.cookie_password),
        ("the JWT signature on auth.config.ts line 3", &s.jwt_signature),
        ("WORKOS_API_KEY on the client id line of .env.local", &s.api_key),
        ("WORKOS_WEBHOOK_SECRET on the client id line of .env.local", &s.webhook_secret),
        ("the dump's WORKOS_API_KEY on its client id line", &s.dump_api_key),
        ("the dump's WORKOS_COOKIE_PASSWORD on its client id line", &s.dump_cookie_password),
    ] {
        assert!(human.contains(&mask(secret)), "the human report should show {what} masked as {}:\n{human}", mask(secret));
    }
    // Of a JWT, only the signature is hidden.
    let token = format!("{}{}", Secrets::unsigned_jwt(), mask(&s.jwt_signature));
    assert!(human.contains(&token), "the human report should show the token as {token}:\n{human}");
}
