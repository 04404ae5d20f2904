//! Shared by the token and probe suites: the committed test keys, token signing, throwaway
//! projects, the binary, and a fake HTTP server on 127.0.0.1 (std only, one thread per
//! connection, one response per connection).
#![allow(dead_code)]

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jsonwebtoken::jwk::Jwk;
use jsonwebtoken::{Algorithm, EncodingKey};
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

pub const NOW: i64 = 1_800_000_000;
pub const CID: &str = "client_01TEST";
pub const UM: &str = "https://api.workos.com/user_management/client_01TEST";

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/token").join(name)).unwrap()
}

/// RSA 2048 (PKCS#1 DER), the key the JWKS publishes as `rsa1`.
pub fn rsa() -> EncodingKey {
    EncodingKey::from_rsa_der(&fixture("rsa-private.der"))
}

/// Another RSA key, absent from every JWKS.
pub fn rsa_other() -> EncodingKey {
    EncodingKey::from_rsa_der(&fixture("rsa-other-private.der"))
}

/// EC P-256 (PKCS#8 DER), published as `ec1`.
pub fn ec() -> EncodingKey {
    EncodingKey::from_ec_der(&fixture("ec-private.der"))
}

pub fn b64(bytes: impl AsRef<[u8]>) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The public JWK of `key`, with `kid`, and `alg` only when `with_alg`.
pub fn jwk(key: &EncodingKey, alg: Algorithm, kid: &str, with_alg: bool) -> Value {
    let mut v = serde_json::to_value(Jwk::from_encoding_key(key, alg).unwrap()).unwrap();
    v["kid"] = json!(kid);
    if !with_alg {
        v.as_object_mut().unwrap().remove("alg");
    }
    v
}

/// The standard test key set: `rsa1` (RS256), `rsa-noalg` (same key, no alg), `ec1` (ES256).
pub fn standard_jwks() -> Value {
    json!({ "keys": [jwk(&rsa(), Algorithm::RS256, "rsa1", true), jwk(&rsa(), Algorithm::RS256, "rsa-noalg", false), jwk(&ec(), Algorithm::ES256, "ec1", true)] })
}

pub fn data_uri(jwks: &Value) -> String {
    format!("data:text/plain;charset=utf-8;base64,{}", STANDARD.encode(serde_json::to_vec(jwks).unwrap()))
}

/// `header.payload.signature` from raw JSON texts, signed with `key`/`alg`.
pub fn sign_raw(header: &str, payload: &str, key: &EncodingKey, alg: Algorithm) -> String {
    let msg = format!("{}.{}", b64(header), b64(payload));
    let sig = jsonwebtoken::crypto::sign(msg.as_bytes(), key, alg).unwrap();
    format!("{msg}.{sig}")
}

pub fn sign(header: Value, payload: Value, key: &EncodingKey, alg: Algorithm) -> String {
    sign_raw(&header.to_string(), &payload.to_string(), key, alg)
}

pub fn rs256_header(kid: &str) -> Value {
    json!({ "alg": "RS256", "kid": kid, "typ": "JWT" })
}

/// A WorkOS-like access token payload valid at [`NOW`].
pub fn payload() -> Value {
    json!({ "iss": UM, "sub": "user_01ABC", "sid": "session_01X", "jti": "token_01J", "iat": NOW - 60, "exp": NOW + 240 })
}

/// A token signed by `rsa1` with `payload`.
pub fn good_token(payload: Value) -> String {
    sign(rs256_header("rsa1"), payload, &rsa(), Algorithm::RS256)
}

/// The docs config: both WorkOS providers, `WORKOS_CLIENT_ID` from the env, `jwks` as given.
pub fn docs_config(jwks: &str) -> String {
    format!(
        r#"const clientId = process.env.WORKOS_CLIENT_ID;
const jwks = {jwks};

export default {{
  providers: [
    {{ type: "customJwt", issuer: "https://api.workos.com/", algorithm: "RS256", jwks, applicationID: clientId }},
    {{ type: "customJwt", issuer: `https://api.workos.com/user_management/${{clientId}}`, algorithm: "RS256", jwks }},
  ],
}};
"#
    )
}

/// A project with `convex/auth.config.ts` = `config` and the given extra files.
pub fn project(config: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("package.json"),
        r#"{"name":"app","dependencies":{"convex":"1.29.0","@workos-inc/authkit-react":"0.16.0","react":"19.0.0","vite":"6.0.0"}}"#,
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("convex")).unwrap();
    std::fs::write(dir.path().join("convex/auth.config.ts"), config).unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

pub fn bin() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("authkit-doctor").unwrap();
    cmd.env_remove("NO_COLOR");
    cmd.env_remove("AUTHKIT_DOCTOR_WORKOS_API_BASE");
    cmd.env_remove("AUTHKIT_DOCTOR_CONVEX_URL");
    cmd.env_remove("AUTHKIT_DOCTOR_CONVEX_CLI");
    cmd.env_remove("AUTHKIT_DOCTOR_HTTP_TIMEOUT_MS");
    cmd
}

/// The outcome of one `token` run.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub json: Value,
}

impl Run {
    pub fn token(&self) -> &Value {
        &self.json["token"]
    }
    pub fn verdict(&self) -> &str {
        self.token()["verdict"].as_str().unwrap_or("")
    }
    pub fn message(&self) -> Option<&str> {
        self.token()["convex_message"].as_str()
    }
    pub fn production(&self) -> Option<&str> {
        self.token()["convex_message_production"].as_str()
    }
    pub fn rule(&self) -> Option<&str> {
        self.token()["convex_rule"].as_str()
    }
    pub fn rules(&self) -> Vec<String> {
        self.json["findings"].as_array().map(|a| a.iter().map(|f| f["rule"].as_str().unwrap().to_string()).collect()).unwrap_or_default()
    }
    pub fn finding(&self, rule: &str) -> Option<&Value> {
        self.json["findings"].as_array()?.iter().find(|f| f["rule"] == rule)
    }
    pub fn assert_clean_exit(&self) {
        assert!(!self.stderr.contains("panicked") && !self.stderr.contains("internal error"), "{}", self.stderr);
    }
}

/// `authkit-doctor token --format json --now NOW --client-id CID --project DIR [extra] -- TOKEN`.
pub fn run_token(dir: &Path, token: &str, extra: &[&str]) -> Run {
    run_token_with(dir, token, extra, &[])
}

pub fn run_token_with(dir: &Path, token: &str, extra: &[&str], envs: &[(&str, &str)]) -> Run {
    let now = NOW.to_string();
    let mut cmd = bin();
    cmd.args(["token", "--format", "json", "--now", &now, "--client-id", CID, "--project"]).arg(dir).args(extra).arg("--").arg(token);
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let json = serde_json::from_str(&stdout).unwrap_or(Value::Null);
    let run = Run { code: out.status.code().unwrap_or(-1), stdout, stderr, json };
    run.assert_clean_exit();
    run
}

/// One canned HTTP answer.
#[derive(Clone)]
pub struct Reply {
    pub status: u16,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
    pub delay: Duration,
}

impl Reply {
    pub fn json(status: u16, content_type: &str, body: &Value) -> Reply {
        Reply { status, content_type: Some(content_type.into()), body: serde_json::to_vec(body).unwrap(), delay: Duration::ZERO }
    }
    pub fn text(status: u16, content_type: &str, body: &str) -> Reply {
        Reply { status, content_type: Some(content_type.into()), body: body.as_bytes().to_vec(), delay: Duration::ZERO }
    }
}

/// A server on 127.0.0.1 that answers every request with `route(path)`; counts requests.
pub struct Server {
    pub base: String,
    pub hits: Arc<AtomicUsize>,
    pub paths: Arc<std::sync::Mutex<Vec<String>>>,
}

impl Server {
    pub fn start(route: impl Fn(&str) -> Reply + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let hits = Arc::new(AtomicUsize::new(0));
        let paths = Arc::new(std::sync::Mutex::new(Vec::new()));
        let route = Arc::new(route);
        let (h, p) = (hits.clone(), paths.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let (route, h, p) = (route.clone(), h.clone(), p.clone());
                std::thread::spawn(move || {
                    let mut buf = Vec::new();
                    let mut chunk = [0u8; 1024];
                    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                        match stream.read(&mut chunk) {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    }
                    let head = String::from_utf8_lossy(&buf).into_owned();
                    let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
                    h.fetch_add(1, Ordering::SeqCst);
                    p.lock().unwrap().push(path.clone());
                    let reply = route(&path);
                    std::thread::sleep(reply.delay);
                    let reason = match reply.status {
                        200 => "OK",
                        404 => "Not Found",
                        500 => "Internal Server Error",
                        _ => "Whatever",
                    };
                    let mut head =
                        format!("HTTP/1.1 {} {reason}\r\nContent-Length: {}\r\nConnection: close\r\n", reply.status, reply.body.len());
                    if let Some(ct) = &reply.content_type {
                        head.push_str(&format!("Content-Type: {ct}\r\n"));
                    }
                    head.push_str("\r\n");
                    let _ = stream.write_all(head.as_bytes());
                    let _ = stream.write_all(&reply.body);
                    let _ = stream.flush();
                });
            }
        });
        Server { base, hits, paths }
    }

    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

pub fn manifest_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}
