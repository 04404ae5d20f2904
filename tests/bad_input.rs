//! Bad input never panics or hangs: a clear finding, or exit code 2 with a message.

use assert_cmd::Command;
use std::path::Path;

/// A minimal AuthKit + Convex project in a temp dir; `auth_config` is written as given.
fn project(auth_config: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("package.json"),
        r#"{"dependencies":{"convex":"^1.29.0","@workos-inc/authkit-react":"^0.16.0","react":"^19.0.0"}}"#,
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("convex")).unwrap();
    std::fs::write(dir.path().join("convex/auth.config.ts"), auth_config).unwrap();
    dir
}

fn check_json(dir: &Path) -> (i32, serde_json::Value, String) {
    let out = Command::cargo_bin("authkit-doctor")
        .unwrap()
        .args(["check", "--format", "json"])
        .arg(dir)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked") && !stderr.contains("internal error"), "{stderr}");
    let code = out.status.code().expect("exited normally");
    let json = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (code, json, stderr)
}

fn rules_of(json: &serde_json::Value) -> Vec<String> {
    json["findings"].as_array().map(|a| a.iter().map(|f| f["rule"].as_str().unwrap().to_string()).collect()).unwrap_or_default()
}

#[test]
fn merge_conflict_markers() {
    let dir = project(b"export default {\n  providers: [\n<<<<<<< HEAD\n    { type: \"customJwt\" },\n=======\n    { type: \"oidc\" },\n>>>>>>> feature\n  ],\n};\n");
    let (code, json, _) = check_json(dir.path());
    assert_eq!(code, 1);
    let f = &json["findings"][0];
    assert_eq!(f["rule"], "auth-config/parse-error");
    assert_eq!((f["line"].as_u64(), f["column"].as_u64()), (Some(3), Some(1)));
}

#[test]
fn empty_file() {
    let dir = project(b"");
    let (code, json, _) = check_json(dir.path());
    assert_eq!(code, 1);
    assert_eq!(rules_of(&json), vec!["auth-config/missing-default-export"]);
}

#[test]
fn binary_auth_config() {
    let dir = project(&[0x7f, b'E', b'L', b'F', 0, 1, 2, 3, 0xff, 0xfe, 0]);
    let (code, json, _) = check_json(dir.path());
    assert_eq!(code, 1);
    assert_eq!(rules_of(&json), vec!["auth-config/parse-error"]);
    assert!(json["findings"][0]["message"].as_str().unwrap().contains("not a text file"));
}

#[test]
fn invalid_convex_json_and_package_json() {
    let dir = project(b"export default { providers: [] };");
    std::fs::write(dir.path().join("convex.json"), b"{ \"functions\": ").unwrap();
    std::fs::create_dir(dir.path().join("broken")).unwrap();
    std::fs::write(dir.path().join("broken/package.json"), b"{ not json").unwrap();
    let (code, json, _) = check_json(dir.path());
    assert_eq!(code, 1);
    let f = json["findings"].as_array().unwrap().iter().find(|f| f["file"] == "convex.json").expect("convex.json finding");
    assert_eq!(f["rule"], "auth-config/parse-error");
}

#[cfg(unix)]
#[test]
fn symlink_loop() {
    let dir = project(b"export default { providers: [] };");
    std::os::unix::fs::symlink(dir.path(), dir.path().join("convex/loop")).unwrap();
    std::os::unix::fs::symlink("self", dir.path().join("self")).unwrap();
    let (code, _, _) = check_json(dir.path());
    assert!(code == 0 || code == 1);
}

#[test]
fn huge_source_files() {
    let dir = project(b"const clientId = process.env.WORKOS_CLIENT_ID;\nexport default { providers: [] };");
    std::fs::create_dir(dir.path().join("src")).unwrap();
    // 50 MB of code that mentions a name the pre-filter looks for.
    let line = "export const value = import.meta.env.VITE_CONVEX_URL; // padding padding padding padding\n";
    let big = line.repeat(50 * 1024 * 1024 / line.len());
    std::fs::write(dir.path().join("src/huge.ts"), &big).unwrap();
    std::fs::write(dir.path().join("convex/huge.ts"), &big[..6 * 1024 * 1024]).unwrap();
    let (code, _, _) = check_json(dir.path());
    assert!(code == 0 || code == 1);
    // A 50 MB auth config is reported, not parsed.
    let dir = project(big.as_bytes());
    let (_, json, _) = check_json(dir.path());
    assert_eq!(rules_of(&json), vec!["auth-config/parse-error"]);
}

#[test]
fn non_utf8_env_files() {
    let dir = project(b"export default { providers: [] };");
    std::fs::write(dir.path().join(".env.local"), b"VITE_WORKOS_CLIENT_ID=client_\xff\xfe\nBROKEN LINE\n\"unterminated=\n").unwrap();
    std::fs::write(dir.path().join(".env"), [0xEF, 0xBB, 0xBF, b'A', b'=', 0xC3, 0x28, b'\r', b'\n']).unwrap();
    let (code, _, _) = check_json(dir.path());
    assert!(code == 0 || code == 1);
}

#[test]
fn bad_convex_env_dump_is_an_input_error() {
    let dir = project(b"export default { providers: [] };");
    let dump = dir.path().join("dump.bin");
    std::fs::write(&dump, [0u8, 1, 2, 3]).unwrap();
    let out = Command::cargo_bin("authkit-doctor").unwrap().arg("check").arg(dir.path()).arg("--convex-env").arg(&dump).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a text file"));
}

#[test]
fn invalid_project_config_is_an_input_error() {
    let dir = project(b"export default { providers: [] };");
    std::fs::write(dir.path().join("authkit-doctor.json"), b"{ \"ignore\": 3 }").unwrap();
    let out = Command::cargo_bin("authkit-doctor").unwrap().arg("check").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("authkit-doctor.json"));
}

#[test]
fn names_only_convex_env_dump_is_refused() {
    let dir = project(b"export default { providers: [] };");
    let dump = dir.path().join("names.txt");
    std::fs::write(&dump, "WORKOS_CLIENT_ID\nWORKOS_API_KEY\n").unwrap();
    let out = Command::cargo_bin("authkit-doctor").unwrap().arg("check").arg(dir.path()).arg("--convex-env").arg(&dump).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--include-values"), "{}", String::from_utf8_lossy(&out.stderr));
}
