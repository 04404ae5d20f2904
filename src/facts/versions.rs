//! Which versions of the packages that matter an app uses: the installed version
//! (`node_modules/<pkg>/package.json`), else the one a lockfile pins (npm, pnpm, yarn, bun),
//! else the lowest version the `package.json` range allows. Version-specific rules use this.

use crate::discover::{App, Project};
use std::collections::BTreeMap;
use std::path::Path;

/// Packages whose version changes what is correct.
pub const TRACKED: &[&str] = &[
    "@workos-inc/authkit-nextjs",
    "@workos-inc/authkit-react",
    "@workos-inc/authkit-js",
    "@workos-inc/node",
    "@workos/authkit-tanstack-react-start",
    "@convex-dev/workos",
    "@convex-dev/workos-authkit",
    "convex",
    "next",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
}

impl Version {
    pub const fn new(major: u64, minor: u64, patch: u64) -> Self {
        Version { major, minor, patch }
    }

    /// The first `x[.y[.z]]` in a version or range (`^2.7.1` → 2.7.1, `>=0.16 <1` → 0.16.0,
    /// `workspace:*` → none).
    pub fn parse_lenient(text: &str) -> Option<Version> {
        let start = text.find(|c: char| c.is_ascii_digit())?;
        let mut parts = text[start..].split(|c: char| !c.is_ascii_digit()).take(3).map(|p| p.parse::<u64>().ok());
        let major = parts.next()??;
        let minor = parts.next().flatten().unwrap_or(0);
        let patch = parts.next().flatten().unwrap_or(0);
        Some(Version { major, minor, patch })
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionSource {
    Installed,
    Lockfile,
    /// The lowest version the declared range allows: the real one may be newer.
    DeclaredRange,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageVersion {
    pub declared: String,
    pub version: Option<Version>,
    pub source: VersionSource,
}

/// Versions of the tracked packages an app declares.
#[derive(Debug, Default, Clone)]
pub struct Versions {
    pub packages: BTreeMap<String, PackageVersion>,
}

impl Versions {
    pub fn get(&self, name: &str) -> Option<&PackageVersion> {
        self.packages.get(name)
    }

    pub fn version(&self, name: &str) -> Option<Version> {
        self.get(name)?.version
    }

    pub fn load(project: &Project, app: &App) -> Self {
        let pkg = project.package_of_app(app);
        let mut out = Versions::default();
        let locks = Lockfiles::near(&project.root, &app.dir);
        for name in TRACKED {
            let Some(declared) = pkg.deps.get(*name) else { continue };
            let installed = installed_version(&project.root, &app.dir, name);
            let (version, source) = match (installed, locks.version(name)) {
                (Some(v), _) => (Some(v), VersionSource::Installed),
                (None, Some(v)) => (Some(v), VersionSource::Lockfile),
                (None, None) => (Version::parse_lenient(declared), VersionSource::DeclaredRange),
            };
            out.packages.insert(name.to_string(), PackageVersion { declared: declared.clone(), version, source });
        }
        out
    }
}

/// `node_modules/<name>/package.json` in the app dir or any parent up to the root (hoisting).
fn installed_version(root: &Path, app_dir: &str, name: &str) -> Option<Version> {
    let mut dir = root.join(app_dir);
    loop {
        let manifest = dir.join("node_modules").join(name).join("package.json");
        if let Ok(text) = std::fs::read_to_string(&manifest) {
            let json: serde_json::Value = serde_json::from_str(&text).ok()?;
            return Version::parse_lenient(json.get("version")?.as_str()?);
        }
        if dir == root || !dir.pop() || !dir.starts_with(root) {
            return None;
        }
    }
}

/// The lockfile texts found in the app dir or its parents up to the root.
struct Lockfiles {
    texts: Vec<(&'static str, String)>,
}

impl Lockfiles {
    fn near(root: &Path, app_dir: &str) -> Self {
        let mut texts = Vec::new();
        let mut dir = root.join(app_dir);
        loop {
            for name in ["package-lock.json", "pnpm-lock.yaml", "yarn.lock", "bun.lock"] {
                if let Ok(text) = std::fs::read_to_string(dir.join(name)) {
                    texts.push((name, text));
                }
            }
            if !texts.is_empty() || dir == root || !dir.pop() || !dir.starts_with(root) {
                break;
            }
        }
        Lockfiles { texts }
    }

    fn version(&self, name: &str) -> Option<Version> {
        self.texts.iter().find_map(|(kind, text)| match *kind {
            "package-lock.json" => npm_lock(text, name),
            "pnpm-lock.yaml" => pnpm_lock(text, name),
            "yarn.lock" => yarn_lock(text, name),
            _ => bun_lock(text, name),
        })
    }
}

/// npm v2/v3: `"packages": { "node_modules/<name>": { "version": "…" } }`; v1: `"dependencies"`.
fn npm_lock(text: &str, name: &str) -> Option<Version> {
    let json: serde_json::Value = serde_json::from_str(text).ok()?;
    let entry = json
        .get("packages")
        .and_then(|p| p.get(format!("node_modules/{name}")))
        .or_else(|| json.get("dependencies").and_then(|d| d.get(name)))?;
    Version::parse_lenient(entry.get("version")?.as_str()?)
}

/// pnpm: package keys `/<name>@<version>:` (v6) or `<name>@<version>:` (v9), optionally quoted.
fn pnpm_lock(text: &str, name: &str) -> Option<Version> {
    text.lines().find_map(|line| {
        let key = line.trim().trim_start_matches(['\'', '"', '/']);
        let rest = key.strip_prefix(name)?.strip_prefix('@')?;
        Version::parse_lenient(rest.split(['(', ':', '\'', '"']).next()?)
    })
}

/// yarn: a header line naming `<name>@<range>` followed by `  version "<v>"`.
fn yarn_lock(text: &str, name: &str) -> Option<Version> {
    let mut in_block = false;
    for line in text.lines() {
        if !line.starts_with(' ') {
            in_block = line.split(", ").any(|spec| spec.trim_matches(['"', ':']).strip_prefix(name).is_some_and(|r| r.starts_with('@')));
        } else if in_block && let Some(v) = line.trim().strip_prefix("version") {
            return Version::parse_lenient(v);
        }
    }
    None
}

/// bun.lock (JSONC): `"packages": { "<name>": ["<name>@<version>", …] }`.
fn bun_lock(text: &str, name: &str) -> Option<Version> {
    let needle = format!("\"{name}@");
    let at = text.find(&needle)? + needle.len();
    Version::parse_lenient(&text[at..text[at..].find('"').map(|e| at + e)?])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_ranges_and_lockfiles() {
        assert_eq!(Version::parse_lenient("^2.7.1"), Some(Version::new(2, 7, 1)));
        assert_eq!(Version::parse_lenient(">=0.16 <1"), Some(Version::new(0, 16, 0)));
        assert_eq!(Version::parse_lenient("workspace:*"), None);
        let npm = r#"{"packages":{"node_modules/@workos-inc/authkit-nextjs":{"version":"2.17.0"}}}"#;
        assert_eq!(npm_lock(npm, "@workos-inc/authkit-nextjs"), Some(Version::new(2, 17, 0)));
        let pnpm = "packages:\n\n  '@workos-inc/authkit-nextjs@3.0.1(next@15.4.3)':\n    resolution: {}\n";
        assert_eq!(pnpm_lock(pnpm, "@workos-inc/authkit-nextjs"), Some(Version::new(3, 0, 1)));
        let yarn = "\"@convex-dev/workos@^0.0.3\":\n  version \"0.0.3\"\n  resolved \"x\"\n";
        assert_eq!(yarn_lock(yarn, "@convex-dev/workos"), Some(Version::new(0, 0, 3)));
        let bun = r#"{ "packages": { "convex": ["convex@1.29.3", "", {}, "sha"] } }"#;
        assert_eq!(bun_lock(bun, "convex"), Some(Version::new(1, 29, 3)));
        // A longer package name with the same prefix is not a match.
        assert_eq!(pnpm_lock("  convex-helpers@0.1.0:\n", "convex"), None);
    }
}
