//! Which versions of the packages that matter an app uses: the installed version
//! (`node_modules/<pkg>/package.json`), else the one a lockfile pins (npm, pnpm, yarn, bun),
//! else the lowest version the `package.json` range allows. Version-specific rules use this.

use crate::discover::{App, Project};
use crate::sdk;
use std::collections::BTreeMap;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Packages whose version changes what is correct.
pub const TRACKED: &[&str] = &[
    sdk::AUTHKIT_NEXTJS,
    sdk::AUTHKIT_REACT,
    sdk::AUTHKIT_JS,
    sdk::WORKOS_NODE,
    sdk::AUTHKIT_TANSTACK,
    sdk::CONVEX_DEV_WORKOS,
    sdk::CONVEX_WORKOS_AUTHKIT,
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
    /// A version the declared range does not admit, still in `node_modules` or in the app's
    /// only lockfile (the state right after a hand edit of package.json), and where.
    pub left_over: Option<(Version, String)>,
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

    /// `cache` keeps the lockfiles and installed manifests already read: the apps of a monorepo
    /// share the root lockfile, which is read (and parsed) once per run.
    pub fn load(project: &Project, app: &App, cache: &mut VersionCache) -> Self {
        let pkg = project.package_of_app(app);
        let mut out = Versions::default();
        for name in TRACKED {
            let Some(declared) = pkg.deps.get(*name) else { continue };
            // A version the declared range does not admit is left over (a stale lockfile of
            // another package manager, `node_modules` from before a hand edit): `npm install`
            // replaces it, so the declared range is what will run.
            let admitted = |v: &Version| range_admits(declared, *v) != Some(false);
            let installed_any = cache.installed_version(&project.root, &app.dir, name);
            let installed = installed_any.filter(admitted);
            let locks = cache.lockfiles_near(&project.root, &app.dir);
            let locked = locks.iter().flat_map(|lock| lock.versions(name)).copied().find(admitted);
            // With two lockfiles one is usually another package manager's leftover: which one
            // installs is not known, so only a sole lockfile is said to be out of date.
            let left_over = installed_any.filter(|v| !admitted(v)).map(|v| (v, format!("node_modules/{name}"))).or_else(|| match locks {
                [lock] if !lock.versions(name).iter().any(admitted) => {
                    lock.versions(name).first().map(|v| (*v, crate::source::rel_path(&project.root, &lock.file)))
                }
                _ => None,
            });
            let (version, source) = match (installed, locked) {
                (Some(v), _) => (Some(v), VersionSource::Installed),
                (None, Some(v)) => (Some(v), VersionSource::Lockfile),
                (None, None) => (Version::parse_lenient(declared), VersionSource::DeclaredRange),
            };
            out.packages.insert(name.to_string(), PackageVersion { declared: declared.clone(), version, source, left_over });
        }
        out
    }
}

/// Whether `version` satisfies an npm range of the simple forms (`^1.2.3`, `~1.2.3`, `1.2.3`,
/// `>=1.2.3`); `None` for anything else (`*`, `workspace:*`, `1.x`, `a || b`, tags).
pub fn range_admits(range: &str, version: Version) -> Option<bool> {
    let range = range.trim();
    let (op, rest) = if let Some(r) = range.strip_prefix(">=") {
        (">=", r)
    } else if let Some(r) = range.strip_prefix('^') {
        ("^", r)
    } else if let Some(r) = range.strip_prefix('~') {
        ("~", r)
    } else {
        ("=", range)
    };
    let rest = rest.trim();
    let plain = !rest.is_empty() && rest.split('.').count() == 3 && rest.split(['.', '-', '+']).take(3).all(|p| p.parse::<u64>().is_ok());
    if !plain {
        return None;
    }
    let base = Version::parse_lenient(rest)?;
    let at_least = version >= base;
    Some(match op {
        ">=" => at_least,
        "^" if base.major > 0 => at_least && version.major == base.major,
        "^" if base.minor > 0 => at_least && version.major == 0 && version.minor == base.minor,
        "^" => version == base,
        "~" => at_least && version.major == base.major && version.minor == base.minor,
        _ => version == base,
    })
}

/// The files version lookups read, each at most once per run.
#[derive(Debug, Default)]
pub struct VersionCache {
    /// Lockfiles by the directory they were found in (empty: none there).
    locks: HashMap<PathBuf, Vec<Lock>>,
    /// `node_modules/<pkg>/package.json` versions by manifest path.
    manifests: HashMap<PathBuf, Option<Version>>,
}

/// What one lockfile pins for the [`TRACKED`] packages, extracted when it is read so that the
/// text (tens of MB in a large monorepo) is not kept.
#[derive(Debug)]
struct Lock {
    file: PathBuf,
    /// Every version the lockfile holds per package: a monorepo's or a transitive dependency's
    /// other copy sits next to the app's own.
    versions: HashMap<&'static str, Vec<Version>>,
}

impl Lock {
    fn versions(&self, name: &str) -> &[Version] {
        self.versions.get(name).map(Vec::as_slice).unwrap_or(&[])
    }

    fn extract(file: PathBuf, lookup: impl Fn(&str) -> Vec<Version>) -> Self {
        Lock { file, versions: TRACKED.iter().map(|name| (*name, lookup(name))).filter(|(_, v)| !v.is_empty()).collect() }
    }
}

/// npm's lockfile, deserialized as far as the lookups need: every other field is skipped while
/// parsing, so memory stays proportional to the number of packages, not to the file.
#[derive(serde::Deserialize, Default)]
struct NpmLockFile {
    #[serde(default)]
    packages: HashMap<String, NpmLockEntry>,
    #[serde(default)]
    dependencies: HashMap<String, NpmLockEntry>,
}

#[derive(serde::Deserialize)]
struct NpmLockEntry {
    #[serde(default)]
    version: Option<serde_json::Value>,
}

impl VersionCache {
    /// `node_modules/<name>/package.json` in the app dir or any parent up to the root (hoisting).
    fn installed_version(&mut self, root: &Path, app_dir: &str, name: &str) -> Option<Version> {
        let mut dir = root.join(app_dir);
        loop {
            let manifest = dir.join("node_modules").join(name).join("package.json");
            let version = self.manifests.entry(manifest).or_insert_with_key(|path| {
                let text = crate::read::project_text(path, crate::read::MAX_TEXT_BYTES)?;
                let json: serde_json::Value = serde_json::from_str(&text).ok()?;
                Version::parse_lenient(json.get("version")?.as_str()?)
            });
            if version.is_some() {
                return *version;
            }
            if dir == root || !dir.pop() || !dir.starts_with(root) {
                return None;
            }
        }
    }

    /// The lockfiles of the nearest directory, from the app dir up to the root, that has any.
    fn lockfiles_near(&mut self, root: &Path, app_dir: &str) -> &[Lock] {
        let mut dir = root.join(app_dir);
        loop {
            let found = !self.locks.entry(dir.clone()).or_insert_with_key(|d| read_locks(d)).is_empty();
            if found || dir == root || !dir.pop() || !dir.starts_with(root) {
                break;
            }
        }
        self.locks.get(&dir).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// The lockfiles in `dir`. Each goes through the one reader (regular files, at most
/// [`crate::read::MAX_LOCKFILE_BYTES`]); an unreadable one counts as absent.
fn read_locks(dir: &Path) -> Vec<Lock> {
    let read = |name: &str| crate::read::project_file(&dir.join(name), crate::read::MAX_LOCKFILE_BYTES).ok();
    let text = |name: &str| read(name).map(|b| String::from_utf8_lossy(&b).into_owned());
    let mut out = Vec::new();
    // npm's JSON is parsed as it streams in: only the versions are kept, never the file.
    let npm = crate::read::open_project_file(&dir.join("package-lock.json"), crate::read::MAX_LOCKFILE_BYTES).ok().and_then(|(file, _)| {
        serde_json::from_reader::<_, NpmLockFile>(std::io::BufReader::new(std::io::Read::take(file, crate::read::MAX_LOCKFILE_BYTES))).ok()
    });
    if let Some(lock) = npm {
        out.push(Lock::extract(dir.join("package-lock.json"), |name| npm_lock(&lock, name).into_iter().collect()));
    }
    if let Some(t) = text("pnpm-lock.yaml") {
        out.push(Lock::extract(dir.join("pnpm-lock.yaml"), |name| pnpm_lock(&t, name)));
    }
    if let Some(t) = text("yarn.lock") {
        out.push(Lock::extract(dir.join("yarn.lock"), |name| yarn_lock(&t, name)));
    }
    if let Some(t) = text("bun.lock") {
        out.push(Lock::extract(dir.join("bun.lock"), |name| bun_lock(&t, name).into_iter().collect()));
    }
    out
}

/// npm v2/v3: `"packages": { "node_modules/<name>": { "version": "…" } }`; v1: `"dependencies"`.
fn npm_lock(lock: &NpmLockFile, name: &str) -> Option<Version> {
    let entry = lock.packages.get(&format!("node_modules/{name}")).or_else(|| lock.dependencies.get(name))?;
    Version::parse_lenient(entry.version.as_ref()?.as_str()?)
}

/// pnpm: package keys `/<name>@<version>:` (v6) or `<name>@<version>:` (v9), optionally quoted;
/// every version listed, in file order.
fn pnpm_lock(text: &str, name: &str) -> Vec<Version> {
    let mut out: Vec<Version> = Vec::new();
    for line in text.lines() {
        let key = line.trim().trim_start_matches(['\'', '"', '/']);
        let Some(rest) = key.strip_prefix(name).and_then(|r| r.strip_prefix('@')) else { continue };
        if let Some(v) = rest.split(['(', ':', '\'', '"']).next().and_then(Version::parse_lenient)
            && !out.contains(&v)
        {
            out.push(v);
        }
    }
    out
}

/// yarn: a header line naming `<name>@<range>` followed by `  version "<v>"`; every block.
fn yarn_lock(text: &str, name: &str) -> Vec<Version> {
    let mut out: Vec<Version> = Vec::new();
    let mut in_block = false;
    for line in text.lines() {
        if !line.starts_with(' ') {
            in_block = line.split(", ").any(|spec| spec.trim_matches(['"', ':']).strip_prefix(name).is_some_and(|r| r.starts_with('@')));
        } else if in_block && let Some(v) = line.trim().strip_prefix("version").and_then(Version::parse_lenient) {
            in_block = false;
            if !out.contains(&v) {
                out.push(v);
            }
        }
    }
    out
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
    fn simple_npm_ranges() {
        let v = |s| Version::parse_lenient(s).unwrap();
        assert_eq!(range_admits("^16.2.9", v("15.1.5")), Some(false));
        assert_eq!(range_admits("^16.2.9", v("16.3.0")), Some(true));
        assert_eq!(range_admits("^0.12.0", v("0.13.0")), Some(false));
        assert_eq!(range_admits("~2.4.1", v("2.4.9")), Some(true));
        assert_eq!(range_admits("2.4.1", v("2.4.1")), Some(true));
        assert_eq!(range_admits(">=1.0.0", v("3.0.0")), Some(true));
        assert_eq!(range_admits("workspace:*", v("1.0.0")), None);
        assert_eq!(range_admits("^1 || ^2", v("1.0.0")), None);
    }

    #[test]
    fn parses_ranges_and_lockfiles() {
        assert_eq!(Version::parse_lenient("^2.7.1"), Some(Version::new(2, 7, 1)));
        assert_eq!(Version::parse_lenient(">=0.16 <1"), Some(Version::new(0, 16, 0)));
        assert_eq!(Version::parse_lenient("workspace:*"), None);
        let npm = r#"{"packages":{"node_modules/@workos-inc/authkit-nextjs":{"version":"2.17.0"}}}"#;
        let npm: NpmLockFile = serde_json::from_str(npm).unwrap();
        assert_eq!(npm_lock(&npm, "@workos-inc/authkit-nextjs"), Some(Version::new(2, 17, 0)));
        let pnpm = "packages:\n\n  '@workos-inc/authkit-nextjs@3.0.1(next@15.4.3)':\n    resolution: {}\n";
        assert_eq!(pnpm_lock(pnpm, "@workos-inc/authkit-nextjs"), vec![Version::new(3, 0, 1)]);
        let yarn = "\"@convex-dev/workos@^0.0.3\":\n  version \"0.0.3\"\n  resolved \"x\"\n";
        assert_eq!(yarn_lock(yarn, "@convex-dev/workos"), vec![Version::new(0, 0, 3)]);
        let bun = r#"{ "packages": { "convex": ["convex@1.29.3", "", {}, "sha"] } }"#;
        assert_eq!(bun_lock(bun, "convex"), Some(Version::new(1, 29, 3)));
        // A longer package name with the same prefix is not a match.
        assert_eq!(pnpm_lock("  convex-helpers@0.1.0:\n", "convex"), Vec::<Version>::new());
        // A transitive copy next to the app's own: both are known.
        let two = "  '@workos-inc/authkit-react@0.11.0':\n  '@workos-inc/authkit-react@0.13.0':\n";
        assert_eq!(pnpm_lock(two, "@workos-inc/authkit-react"), vec![Version::new(0, 11, 0), Version::new(0, 13, 0)]);
    }

    #[test]
    fn apps_share_one_read_of_the_root_lockfile() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for app in ["apps/a", "apps/b"] {
            std::fs::create_dir_all(root.join(app)).unwrap();
        }
        std::fs::write(root.join("package-lock.json"), r#"{"packages":{"node_modules/convex":{"version":"1.29.3"}}}"#).unwrap();
        let mut cache = VersionCache::default();
        for app in ["apps/a", "apps/b"] {
            let locks = cache.lockfiles_near(root, app);
            assert_eq!(locks.iter().find_map(|l| l.versions("convex").first().copied()), Some(Version::new(1, 29, 3)));
        }
        // One entry per directory looked at: the two app dirs (no lockfile), `apps`, and the root.
        assert_eq!(cache.locks.len(), 4);
        assert_eq!(cache.locks.values().filter(|l| !l.is_empty()).count(), 1);
    }
}
