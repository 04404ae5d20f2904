//! What git knows about the project's env files: which are tracked and which are ignored.
//!
//! When the root is inside a git work tree, git itself answers, in two processes per run
//! whatever the number of files: `git ls-files -z -- <paths>` (tracked) and
//! `git check-ignore --no-index --stdin -z` (ignored, fed every path at once). Git's answer
//! includes everything git applies: nested `.gitignore` files, `.git/info/exclude` and the
//! user's `core.excludesFile`. `--no-index` makes check-ignore report a pattern match even for
//! a tracked file, so a rule can say "listed in .gitignore, but committed before".
//!
//! Without a work tree, or when `git` is missing or fails, the `.gitignore` files from the
//! repository top (or the root) down to each file's directory are read with the `ignore`
//! crate's gitignore matcher; nothing is known about tracking then.

use crate::discover::Project;
use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Where the answers came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GitSource {
    /// `git ls-files` and `git check-ignore` answered.
    Git,
    /// `.gitignore` files were read (no work tree, or `git` missing or failing).
    #[default]
    GitignoreFiles,
}

/// Git's view of the paths asked about (the project's env files), root-relative.
#[derive(Debug, Default, Clone)]
pub struct GitFacts {
    pub source: GitSource,
    asked: BTreeSet<String>,
    tracked: BTreeSet<String>,
    ignored: BTreeSet<String>,
}

impl GitFacts {
    /// Asks about every env file of the project's apps and Convex packages.
    pub fn load(project: &Project) -> Self {
        let paths: BTreeSet<String> = project
            .apps
            .iter()
            .flat_map(|a| a.env_files.iter())
            .chain(project.convex_dirs.iter().flat_map(|c| c.env_files.iter()))
            .cloned()
            .collect();
        GitFacts::for_paths(&project.root, paths.into_iter().collect())
    }

    /// Asks about `paths` (relative to `root`, `/`-separated).
    pub fn for_paths(root: &Path, paths: Vec<String>) -> Self {
        if paths.is_empty() {
            return GitFacts::default();
        }
        match ask_git(root, &paths) {
            Some(facts) => facts,
            None => from_gitignore_files(root, &paths),
        }
    }

    /// `Some(true)` when git tracks `path` (it is committed or staged). `None` when unknown: git
    /// did not answer, or `path` was not asked about.
    pub fn is_tracked(&self, path: &str) -> Option<bool> {
        (self.source == GitSource::Git && self.asked.contains(path)).then(|| self.tracked.contains(path))
    }

    /// `Some(true)` when an ignore rule matches `path` (whether or not it is tracked); `None`
    /// for a path not asked about.
    pub fn is_ignored(&self, path: &str) -> Option<bool> {
        self.asked.contains(path).then(|| self.ignored.contains(path))
    }
}

fn git(root: &Path) -> Command {
    let mut cmd = Command::new("git");
    // No prompts, and no fsmonitor daemon started on the user's behalf.
    cmd.current_dir(root).args(["-c", "core.fsmonitor=false"]).env("GIT_TERMINAL_PROMPT", "0").stdin(Stdio::null()).stderr(Stdio::null());
    cmd
}

/// Splits NUL-terminated `git -z` output into paths.
fn nul_separated(bytes: &[u8]) -> BTreeSet<String> {
    bytes.split(|b| *b == 0).filter(|p| !p.is_empty()).map(|p| String::from_utf8_lossy(p).into_owned()).collect()
}

/// Both questions asked of git; `None` when the root is not in a work tree or git fails.
fn ask_git(root: &Path, paths: &[String]) -> Option<GitFacts> {
    // Paths are printed relative to the current directory, which is the root: the same form
    // as ours.
    // Pathspecs are file names, never globs. (`check-ignore` takes no pathspec magic at all and
    // fails on `--literal-pathspecs`; it matches each path as given.)
    let listed =
        git(root).arg("--literal-pathspecs").args(["ls-files", "-z", "--cached", "--"]).args(paths).stdout(Stdio::piped()).output().ok()?;
    if !listed.status.success() {
        return None;
    }
    let tracked = nul_separated(&listed.stdout);
    let ignored = check_ignore(root, paths).unwrap_or_else(|| from_gitignore_files(root, paths).ignored);
    Some(GitFacts { source: GitSource::Git, asked: paths.iter().cloned().collect(), tracked, ignored })
}

/// `git check-ignore --no-index --stdin -z`, all paths in one process. Exit 0 means some path
/// is ignored, 1 none; anything else (a path inside a submodule, a broken repo) is a failure.
fn check_ignore(root: &Path, paths: &[String]) -> Option<BTreeSet<String>> {
    let mut child =
        git(root).args(["check-ignore", "--no-index", "--stdin", "-z"]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().ok()?;
    let mut stdin = child.stdin.take()?;
    let input: Vec<u8> = paths.iter().flat_map(|p| p.bytes().chain([0])).collect();
    // Written from another thread: git may fill the stdout pipe before it has read all input.
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().ok()?;
    let written = writer.join().ok()?;
    if written.is_err() || !matches!(output.status.code(), Some(0 | 1)) {
        return None;
    }
    Some(nul_separated(&output.stdout))
}

/// The directory holding `.git` at or above `root`, if any (where git would start reading
/// `.gitignore` files).
fn repository_top(root: &Path) -> Option<&Path> {
    root.ancestors().find(|dir| dir.join(".git").exists())
}

/// Ignore status from the `.gitignore` files along each path (and `.git/info/exclude`), the
/// way git combines them: a deeper file's match, ignore or `!` re-include, overrides a
/// shallower one.
fn from_gitignore_files(root: &Path, paths: &[String]) -> GitFacts {
    let top = repository_top(root).unwrap_or(root).to_path_buf();
    let mut matchers: HashMap<PathBuf, Option<ignore::gitignore::Gitignore>> = HashMap::new();
    let mut ignored = BTreeSet::new();
    for rel in paths {
        let abs = root.join(rel);
        let Some(dir) = abs.parent() else { continue };
        // `.git/info/exclude` first (lowest priority), then each `.gitignore` from the top down.
        let mut chain: Vec<(PathBuf, PathBuf)> = vec![(top.clone(), top.join(".git/info/exclude"))];
        let mut dirs: Vec<&Path> = dir.ancestors().take_while(|d| d.starts_with(&top)).collect();
        dirs.reverse();
        chain.extend(dirs.into_iter().map(|d| (d.to_path_buf(), d.join(".gitignore"))));
        let mut is_ignored = false;
        for (base, file) in chain {
            let matcher = matchers.entry(file.clone()).or_insert_with(|| build_matcher(&base, &file));
            let Some(matcher) = matcher else { continue };
            // The matcher panics on a path outside its base; `chain` only holds ancestors.
            if !abs.starts_with(matcher.path()) {
                continue;
            }
            let m = matcher.matched_path_or_any_parents(&abs, false);
            if m.is_ignore() {
                is_ignored = true;
            } else if m.is_whitelist() {
                is_ignored = false;
            }
        }
        if is_ignored {
            ignored.insert(rel.clone());
        }
    }
    GitFacts { source: GitSource::GitignoreFiles, asked: paths.iter().cloned().collect(), tracked: BTreeSet::new(), ignored }
}

fn build_matcher(base: &Path, file: &Path) -> Option<ignore::gitignore::Gitignore> {
    // Through the one bounded reader: a `.gitignore` can be a FIFO or a link to `/dev/zero`.
    Some(crate::read::ignore_matcher(base, &[file.to_path_buf()])).filter(|m| !m.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, rel: &str, text: &str) {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn gitignore_files_along_the_path_nested_overrides_and_negation() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        write(root, ".gitignore", "# local env files\n.env*.local\n");
        write(root, "apps/web/.gitignore", "!.env.local\n.env.production\n");
        write(root, "apps/api/.gitignore", "/nothing-relevant\n");
        let paths: Vec<String> = [
            ".env.local",
            ".env",
            "apps/web/.env.local",
            "apps/web/.env.production",
            "apps/web/.env.development.local",
            "apps/api/.env.local",
        ]
        .iter()
        .map(|p| p.to_string())
        .collect();
        for p in &paths {
            write(root, p, "X=1\n");
        }
        let facts = from_gitignore_files(root, &paths);
        assert_eq!(facts.source, GitSource::GitignoreFiles);
        assert_eq!(facts.is_ignored(".env.local"), Some(true));
        assert_eq!(facts.is_ignored(".env"), Some(false));
        assert_eq!(facts.is_ignored("apps/web/.env.local"), Some(false), "re-included by the nested !rule");
        assert_eq!(facts.is_ignored("apps/web/.env.production"), Some(true));
        assert_eq!(facts.is_ignored("apps/web/.env.development.local"), Some(true), "the root pattern applies below");
        assert_eq!(facts.is_ignored("apps/api/.env.local"), Some(true));
        assert_eq!(facts.is_tracked(".env.local"), None, "tracking is unknown without git");
        assert_eq!(facts.is_ignored("never/asked"), None);
    }

    #[test]
    fn ignored_directory_ignores_its_files() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        write(root, ".gitignore", "secrets/\n");
        write(root, "secrets/.env", "X=1\n");
        let facts = from_gitignore_files(root, &["secrets/.env".to_string()]);
        assert_eq!(facts.is_ignored("secrets/.env"), Some(true));
    }

    #[test]
    fn git_answers_tracked_and_ignored_in_a_work_tree() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let run = |args: &[&str]| Command::new("git").current_dir(root).args(args).output().map(|o| o.status.success());
        if run(&["init", "-q"]).ok() != Some(true) {
            eprintln!("skipped: git is not installed");
            return;
        }
        write(root, ".gitignore", ".env*.local\n.env.production\n");
        write(root, ".env", "X=1\n");
        write(root, ".env.local", "X=2\n");
        write(root, ".env.production", "X=3\n");
        assert_eq!(run(&["add", ".gitignore", ".env"]).ok(), Some(true));
        // Committed before it was listed: git still tracks it.
        assert_eq!(run(&["add", "-f", ".env.production"]).ok(), Some(true));
        let paths: Vec<String> = [".env", ".env.local", ".env.production"].iter().map(|p| p.to_string()).collect();
        let facts = GitFacts::for_paths(root, paths);
        assert_eq!(facts.source, GitSource::Git);
        assert_eq!(facts.is_tracked(".env"), Some(true));
        assert_eq!(facts.is_tracked(".env.local"), Some(false));
        assert_eq!(facts.is_ignored(".env"), Some(false));
        assert_eq!(facts.is_ignored(".env.local"), Some(true));
        assert_eq!(facts.is_ignored(".env.production"), Some(true), "listed, though tracked");
        // Answered by git itself, not by the fallback reader of `.gitignore` files.
        assert!(check_ignore(root, &[".env.local".to_string()]).is_some());
    }

    #[test]
    fn no_paths_no_processes() {
        let facts = GitFacts::for_paths(Path::new("/definitely/not/here"), Vec::new());
        assert_eq!(facts.is_ignored(".env"), None);
    }

    #[test]
    fn nul_output() {
        let set = nul_separated(b".env.local\0apps/web/.env\0");
        assert_eq!(set.into_iter().collect::<Vec<_>>(), vec![".env.local".to_string(), "apps/web/.env".to_string()]);
    }
}
