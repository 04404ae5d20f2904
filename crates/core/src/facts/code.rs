//! Facts from the project's TS/JS code. Each file is read once; only files that mention a
//! name we care about (a cheap byte scan) go through the parser, so large monorepos stay fast.
//!
//! One parse feeds several collectors: the basic facts below, plus [`super::routes`] (callback,
//! sign-in/out routes, redirect URIs), [`super::react`] (imports, JSX trees, hooks),
//! [`super::nextjs_code`] (links, route handlers, effects) and [`super::functions_code`]
//! (identity fields read in Convex functions). Each
//! collector module owns a `NEEDLES` list and a `collect(file, program)` function; a file is
//! parsed when it mentions any needle of any collector. Every source file, parsed or not, is
//! scanned for `sk_test_`/`sk_live_` literals.

use crate::diagnostic::Location;
use crate::discover::Project;
use crate::source::{Files, SourceFile, Span};
use oxc_allocator::Allocator;
use oxc_ast::ast::*;
use oxc_ast_visit::{Visit, walk};
use oxc_parser::Parser;
use oxc_span::SourceType;

/// Names whose presence makes a file worth parsing for the basic facts, as the rare part of
/// each name (see [`need`]): `getUserIdentity`, `ConvexProviderWith…`, `setAuth`,
/// `workos-authkit`, `authKitAction`, `apiHostname`.
const BASIC_NEEDLES: &[&str] = &["serIdentity", "vexProviderWith", "etAuth", "thkit", "thKitAction", "iHostname"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnvAccess {
    /// `process.env.X`
    ProcessEnv,
    /// `import.meta.env.X`
    ImportMetaEnv,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeEnvRead {
    pub name: String,
    pub access: EnvAccess,
    pub location: Location,
}

/// Facts from one file.
#[derive(Debug, Default, Clone)]
pub struct CodeFileFacts {
    pub path: String,
    /// Directive prologue strings (`"use client"`, `"use server"`).
    pub directives: Vec<String>,
    pub identity_calls: Vec<Location>,
    pub env_reads: Vec<CodeEnvRead>,
    /// `<ConvexProviderWithAuth…>` elements and `.setAuth(` calls: the client hands tokens to Convex.
    pub convex_auth_uses: Vec<(String, Location)>,
    pub authkit_component: Option<Location>,
    pub authkit_actions: Option<Location>,
    /// `apiHostname` props or properties: a custom WorkOS auth domain is configured in code.
    pub api_hostnames: Vec<Location>,
    /// `apiHostname` set to WorkOS's own host as a literal (`'api.workos.com'`).
    pub default_api_hostnames: Vec<Location>,
    pub routes: super::routes::RouteFileFacts,
    pub react: super::react::ReactFileFacts,
    pub nextjs: super::nextjs_code::FileFacts,
    pub functions: super::functions_code::FileFacts,
    /// Top-level declarations, for files of a Convex functions dir.
    pub definitions: Option<super::convex_calls::FileDeclarations>,
}

impl CodeFileFacts {
    pub fn is_use_client(&self) -> bool {
        self.directives.iter().any(|d| d == "use client")
    }
}

/// Facts over an app's files: the parsed files themselves, plus merged lists for convenience.
#[derive(Debug, Default, Clone)]
pub struct CodeFacts {
    /// Every parsed file of the app, sorted by path.
    pub files: Vec<CodeFileFacts>,
    pub env_reads: Vec<CodeEnvRead>,
    pub convex_auth_uses: Vec<(String, Location)>,
    pub api_hostnames: Vec<Location>,
}

impl CodeFacts {
    pub fn merge<'a>(files: impl IntoIterator<Item = &'a CodeFileFacts>) -> Self {
        let mut out = CodeFacts::default();
        for f in files {
            out.env_reads.extend(f.env_reads.iter().cloned());
            out.convex_auth_uses.extend(f.convex_auth_uses.iter().cloned());
            out.api_hostnames.extend(f.api_hostnames.iter().cloned());
            out.files.push(f.clone());
        }
        out
    }

    pub fn file(&self, path: &str) -> Option<&CodeFileFacts> {
        self.files.iter().find(|f| f.path == path)
    }

    pub fn reads_env(&self, name: &str) -> Option<&CodeEnvRead> {
        self.env_reads.iter().find(|r| r.name == name)
    }
}

/// Code facts for every relevant file of the project, by path.
#[derive(Debug, Default)]
pub struct CodeIndex {
    pub files: Vec<CodeFileFacts>,
    pub files_parsed: usize,
    /// `sk_test_…`/`sk_live_…` literals in any source file of the project (not only app code).
    pub secret_literals: Vec<SecretLiteral>,
    /// The module specifiers every app or Convex file names (`import`, `export … from`,
    /// `import()`, `require()`), parsed or not: the module graph that reachability walks.
    pub module_imports: ModuleImports,
    /// App files recognised as built output or backups ([`is_generated`]), never read as code.
    pub generated: Vec<String>,
    /// Convex function references (`api.users.get`) by path, in the source files that import a
    /// Convex dir's generated api: offset and dotted path
    /// ([`super::convex_calls::scan_function_refs`]).
    pub function_refs: std::collections::HashMap<String, Vec<super::convex_calls::FunctionRef>>,
}

/// What a source file is to the doctor: a file of a Convex functions dir (always parsed, for
/// its declarations), code of an app or a package it uses (parsed when it mentions a needle),
/// or another file of the project (scanned for secrets and function references only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    ConvexFunctions,
    AppCode,
    Other,
}

/// A `sk_test_…`/`sk_live_…` literal in a source file, with its text (reporters mask it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretLiteral {
    pub location: Location,
    pub text: String,
}

/// Env-read needles (`process.env`, `import.meta.env`): a file that mentions only these needs no
/// parse (see [`scan_env_reads`]).
const ENV_NEEDLES: [&str; 2] = ["ocess.env", ".meta.env"];

/// What a file's bytes call for: a full parse (it mentions a name some collector looks for), a
/// byte scan for env reads only, or nothing. One pass over the bytes for all needles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Need {
    Parse,
    EnvReads,
    Nothing,
}

/// Needles are the rare part of the names collectors look for (`serIdentity` for
/// `getUserIdentity`, `seAuth` for `useAuth`): the SIMD search checks each candidate by the
/// needle's first bytes, and names that start like ordinary code (`use…`, `create…`, `import…`,
/// `get…`) made it stop at every `useState` and `import` line — a third of the time of `check`
/// on a large tree. A shorter needle only matches more files, never fewer.
fn need(bytes: &[u8]) -> Need {
    // One pass for every needle, env reads included: most files mention none, and a separate
    // search per env needle would read them twice more.
    static MATCHER: std::sync::LazyLock<aho_corasick::AhoCorasick> = std::sync::LazyLock::new(|| {
        let needles =
            [BASIC_NEEDLES, super::routes::NEEDLES, super::react::NEEDLES, super::nextjs_code::NEEDLES, super::functions_code::NEEDLES];
        let mut all: Vec<&str> = ENV_NEEDLES.to_vec();
        all.extend(needles.iter().flat_map(|n| n.iter()).filter(|n| !ENV_NEEDLES.contains(n)));
        // Leftmost-first lets aho-corasick use its SIMD (Teddy) prefilter, as ripgrep does.
        aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .build(all)
            .expect("needles are plain strings")
    });
    let mut env_only = false;
    for m in MATCHER.find_iter(bytes) {
        if m.pattern().as_usize() >= ENV_NEEDLES.len() {
            return Need::Parse;
        }
        env_only = true;
    }
    if env_only { Need::EnvReads } else { Need::Nothing }
}

/// Module-specifier needles: the bytes right before a specifier, rare in other code.
const IMPORT_NEEDLES: &[&str] = &["from \"", "from '", "from\"", "from'", "import \"", "import '", "import(", "require("];

/// `process.env.X`, `process.env["X"]`, `import.meta.env.X` found by a byte scan, with the same
/// spans the parser gives (the member expression). Most files that read env vars do nothing
/// else of interest; scanning them instead of parsing halves the parse work on large repos.
/// The price: a read inside a comment or string counts too.
fn scan_env_reads(file: &SourceFile) -> Vec<CodeEnvRead> {
    let text = file.text.as_str();
    let mut out = Vec::new();
    for (needle, access) in [("process.env", EnvAccess::ProcessEnv), ("import.meta.env", EnvAccess::ImportMetaEnv)] {
        for start in memchr::memmem::find_iter(text.as_bytes(), needle.as_bytes()) {
            let preceded_by_ident =
                text[..start].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$' || c == '.');
            if preceded_by_ident {
                continue;
            }
            let rest = &text[start + needle.len()..];
            let (name, len) = if let Some(after) = rest.strip_prefix('.') {
                let name: String = after.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '$').collect();
                let len = 1 + name.len();
                (name, len)
            } else if let Some(after) = rest.strip_prefix("[\"").or_else(|| rest.strip_prefix("['")) {
                let quote = rest.as_bytes()[1] as char;
                let Some(end) = after.find(quote) else { continue };
                if !after[end + 1..].starts_with(']') {
                    continue;
                }
                (after[..end].to_string(), 2 + end + 2)
            } else {
                continue;
            };
            if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
                continue;
            }
            let end = start + needle.len() + len;
            out.push(CodeEnvRead { name, access, location: Span::new(start, end).in_file(&file.path) });
        }
    }
    out.sort_by_key(|r| r.location.start);
    out
}

/// The directive prologue of a file that is not parsed (`"use client"` first in the file).
fn scan_directives(text: &str) -> Vec<String> {
    let mut rest = text.trim_start_matches('\u{feff}');
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("//") {
            rest = after.split_once('\n').map(|(_, r)| r).unwrap_or("");
        } else if let Some(after) = rest.strip_prefix("/*") {
            rest = after.split_once("*/").map(|(_, r)| r).unwrap_or("");
        } else {
            break;
        }
    }
    let mut out = Vec::new();
    while let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let Some(end) = rest[1..].find(q) else { break };
        out.push(rest[1..1 + end].to_string());
        rest = rest[end + 2..].trim_start().trim_start_matches(';').trim_start();
    }
    out
}

/// Byte ranges of `sk_test_…`/`sk_live_…` runs long enough to be keys (the prefix alone, or
/// a placeholder such as `sk_test_...`, is not).
pub fn find_secret_literals(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    static PREFIX: std::sync::LazyLock<memchr::memmem::Finder<'static>> = std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"sk_"));
    let mut from = 0;
    while let Some(pos) = PREFIX.find(&bytes[from..]) {
        let start = from + pos;
        let rest = &bytes[start + 3..];
        let prefixed = rest.starts_with(b"test_") || rest.starts_with(b"live_");
        let boundary = start == 0 || !(bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_');
        if prefixed && boundary {
            let body = &rest[5..];
            let len = body.iter().take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'_' | b'-')).count();
            if len >= 16 {
                out.push((start, start + 8 + len));
                from = start + 8 + len;
                continue;
            }
        }
        from = start + 3;
    }
    out
}

/// Each scanned file's module specifiers, sorted by path. A sorted list, not a hash map: the
/// scan's workers hand back runs already in path order, so building it is a merge, and the
/// reachability walk looks up only the few thousand files it reaches.
#[derive(Debug, Default)]
pub struct ModuleImports(Vec<(String, Vec<String>)>);

impl ModuleImports {
    pub fn get(&self, path: &str) -> Option<&[String]> {
        let i = self.0.binary_search_by(|(p, _)| p.as_str().cmp(path)).ok()?;
        Some(&self.0[i].1)
    }
}

impl CodeIndex {
    /// Reads the source files that belong to an app or a Convex dir; parses those that mention
    /// a relevant name. Parsed files are kept in `files` for code frames; the rest are dropped.
    /// Reads every source file once: records secret literals found anywhere, and parses the
    /// files of apps and Convex dirs that mention a needle. Kept files go into `files` for
    /// code frames.
    pub fn build(project: &Project, files: &mut Files) -> Self {
        let roots: Vec<&str> = project
            .apps
            .iter()
            .map(|a| a.dir.as_str())
            .chain(project.convex_dirs.iter().map(|c| c.dir.as_str()))
            // Workspace packages an app uses (e.g. `packages/ui` holding the provider component).
            .chain(project.apps.iter().flat_map(|a| super::react::workspace_packages(project, a)).map(|p| project.packages[p].dir.as_str()))
            .collect();
        // Each root's files are one run of the sorted list: marked run by run, not by testing
        // every file against every root.
        let sources = &project.source_files;
        let mut wanted: Vec<(&str, Role)> = sources.iter().map(|p| (p.as_str(), Role::Other)).collect();
        for root in &roots {
            for item in &mut wanted[crate::discover::sorted_under_range(sources, root, String::as_str)] {
                item.1 = Role::AppCode;
            }
        }
        for dir in &project.convex_dirs {
            for item in &mut wanted[crate::discover::sorted_under_range(sources, &dir.dir, String::as_str)] {
                if !item.0.contains("/_generated/") {
                    item.1 = Role::ConvexFunctions;
                }
            }
        }
        let root = files.root().to_path_buf();
        // Bare specifiers that can name project code: the workspace's own packages.
        let local_names: Vec<&str> = project.packages.iter().filter_map(|p| p.name.as_deref()).collect();
        // Workspace packages that hold a Convex dir: importing one (`import { api } from
        // "@app/backend"`) is how a monorepo's apps reach its functions.
        let convex_packages: Vec<&str> =
            project.convex_dirs.iter().filter_map(|c| c.package.and_then(|p| project.packages[p].name.as_deref())).collect();
        // Reading and parsing is independent per file: workers take files from a shared counter
        // so that a cluster of large app files does not leave one core idle.
        let next = std::sync::atomic::AtomicUsize::new(0);
        const CHUNK: usize = 16;
        let workers = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(8);
        // Each worker's results stay in its own vector: one flat vector of these large
        // records meant growing and copying it several times over.
        let results: Vec<Vec<Parsed>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers)
                .map(|_| {
                    let (root, wanted, next, local_names, convex_packages) = (&root, &wanted, &next, &local_names, &convex_packages);
                    scope.spawn(move || {
                        let mut out = Vec::new();
                        let mut worker = Worker { reader: crate::read::DirReader::new(root), buffer: Vec::new(), last_dir: None };
                        // Small runs of neighbouring files: one directory handle serves a run.
                        loop {
                            let start = next.fetch_add(CHUNK, std::sync::atomic::Ordering::Relaxed);
                            let Some(chunk) = wanted.get(start..(start + CHUNK).min(wanted.len())) else { break };
                            for &(path, role) in chunk {
                                out.extend(read_and_scan(&mut worker, path, role, (local_names, convex_packages)));
                            }
                        }
                        out
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap_or_default()).collect()
        });
        let mut index = CodeIndex::default();
        // Sized once: growing the map step by step rehashed every path several times, on the
        // one thread everything else waits for.
        index.module_imports.0.reserve(results.iter().flatten().filter(|p| p.imports.is_some()).count());
        for parsed in results.into_iter().flatten() {
            let path = parsed.path;
            if let Some(file) = &parsed.file {
                index.secret_literals.extend(parsed.secrets.iter().filter_map(|&(start, end)| {
                    let text = file.text.get(start..end)?.to_string();
                    Some(SecretLiteral { location: Location::new(path.clone(), start, end), text })
                }));
            }
            if let Some(facts) = parsed.facts {
                index.files_parsed += 1;
                index.files.push(*facts);
            }
            if parsed.generated {
                index.generated.push(path.clone());
            }
            if !parsed.function_refs.is_empty() {
                index.function_refs.insert(path.clone(), parsed.function_refs);
            }
            if let Some(imports) = parsed.imports {
                index.module_imports.0.push((path, imports));
            }
            if let Some(file) = parsed.file {
                files.insert(file);
            }
        }
        // Stable sorts: each finds the workers' runs (each worker took its files in path order)
        // and merges them.
        index.files.sort_by(|a, b| a.path.cmp(&b.path));
        index.module_imports.0.sort_by(|a, b| a.0.cmp(&b.0));
        index.generated.sort();
        index.secret_literals.sort_by(|a, b| a.location.cmp(&b.location));
        index
    }

    pub fn under(&self, dir: &str) -> Vec<&CodeFileFacts> {
        crate::discover::sorted_under(&self.files, dir, |f| f.path.as_str()).iter().collect()
    }
}

/// Whether a source file is generated or built output, or a backup copy, rather than code
/// that runs: a minified bundle, a bundler's hashed asset (`assets/index-B3x9QaZ1.js`), a
/// `*.min.js`, a code generator's `*.gen.ts`, a file under an output folder that discovery
/// does not already skip (`out/`, `storybook-static/`, `public/build/`), or a backup
/// (`app.old/`, `*.bak.tsx`).
pub fn is_generated(path: &str, bytes: &[u8]) -> bool {
    let (dir, name) = crate::read::split_dir(path);
    OutputDir::of(dir).holds_generated(name, bytes)
}

/// What a file's dir says about whether the files in it run: judged once per dir, since a
/// scan meets the files of one dir one after another.
#[derive(Debug, Clone, Copy, Default)]
struct OutputDir {
    /// An output folder discovery does not skip, or a backup copy of a folder.
    generated: bool,
    /// Inside an `assets`/`chunks`/`static` folder, where bundlers put hashed chunks.
    in_assets: bool,
}

impl OutputDir {
    fn of(dir: &str) -> OutputDir {
        let mut verdict = OutputDir::default();
        for d in dir.split('/') {
            // Output folders discovery does not skip, and backup copies (`app.old/`) kept for
            // reference, never run.
            if matches!(d, "out" | "storybook-static" | ".vinxi" | ".wrangler" | ".docusaurus" | ".svelte-kit")
                || [".old", ".bak", ".backup", ".orig"].iter().any(|b| d.ends_with(b))
            {
                verdict.generated = true;
            }
            verdict.in_assets |= matches!(d, "assets" | "chunks" | "static");
        }
        // SvelteKit's client build: `_app/immutable/{chunks,nodes,entry}/…`, wherever it was
        // copied; Remix's `public/build`.
        verdict.generated |= dir.contains("_app/immutable") || dir.contains("public/build");
        verdict
    }

    /// Whether the file `name` (with `bytes`) in this dir is generated ([`is_generated`]).
    fn holds_generated(self, name: &str, bytes: &[u8]) -> bool {
        self.generated || generated_name(name, self.in_assets) || looks_minified(bytes)
    }
}

/// A generated or backup file by its name: `*.min.js`, `*.gen.ts`, `*.bak.tsx`, … (a marker
/// between two dots), or, inside an assets folder, a bundler's hashed chunk
/// (`index-B3x9QaZ1.js`: Vite and Rollup add `-<8 hash chars>`).
fn generated_name(name: &str, in_assets: bool) -> bool {
    let mut parts = name.split('.');
    let stem = parts.next().unwrap_or(name);
    let mut inner = parts.rev().skip(1);
    if inner.any(|part| matches!(part, "min" | "gen" | "bundle" | "old" | "bak" | "backup" | "orig")) {
        return true;
    }
    let hash_like = |hash: &str| {
        hash.len() >= 8
            && hash.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && hash.chars().any(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
    };
    in_assets && stem.rsplit_once('-').is_some_and(|(base, hash)| !base.is_empty() && hash_like(hash))
}

/// Minified code: long lines with almost no line breaks. People write lines of at most a few
/// hundred characters; bundlers write tens of thousands.
fn looks_minified(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    if head.len() < 2048 {
        return false;
    }
    // Written code breaks lines early: a dozen short lines at the top settle it.
    let start_lines = memchr::memchr_iter(b'\n', &head[..2048]).take(12).count();
    if start_lines >= 12 {
        return false;
    }
    let (mut lines, mut longest, mut start) = (1, 0, 0);
    for end in memchr::memchr_iter(b'\n', head) {
        longest = longest.max(end - start);
        start = end + 1;
        lines += 1;
    }
    longest = longest.max(head.len() - start);
    head.len() / lines > 300 || longest > 5000
}

/// What one scanning thread keeps from file to file: its directory handle, its read buffer
/// (allocated and faulted in once) and the verdict on the last dir it saw.
struct Worker<'r> {
    reader: crate::read::DirReader<'r>,
    buffer: Vec<u8>,
    last_dir: Option<(String, OutputDir)>,
}

/// One kept file after the parse stage: parsed when it belongs to an app or Convex dir.
struct Parsed {
    path: String,
    /// Kept for code frames when it has facts or secrets.
    file: Option<SourceFile>,
    /// Boxed: most scanned files have none, and a record this size was copied whole each
    /// time the workers' vectors grew and again when they were merged.
    facts: Option<Box<CodeFileFacts>>,
    secrets: Vec<(usize, usize)>,
    /// Module specifiers, for files of an app or Convex dir.
    imports: Option<Vec<String>>,
    function_refs: Vec<super::convex_calls::FunctionRef>,
    generated: bool,
}

/// Reads one source file: every file is scanned for secret literals (a fast `memmem` search);
/// files of an app or Convex dir that mention a collector's needle are parsed. Only files with
/// something to show are kept.
fn read_and_scan(worker: &mut Worker, path: &str, role: Role, (local_names, convex_packages): (&[&str], &[&str])) -> Option<Parsed> {
    let in_root = role != Role::Other;
    let (dir, name) = crate::read::split_dir(path);
    worker.reader.read_into(path, crate::source::MAX_PARSE_BYTES, &mut worker.buffer).ok()?;
    let bytes = worker.buffer.as_slice();
    let secrets = find_secret_literals(bytes);
    // Built output is not the app's source: it is neither evidence nor a place to report. A
    // key inside a committed bundle is still a leak, so secrets are scanned everywhere.
    let generated = in_root && {
        let output_dir = match &worker.last_dir {
            Some((last, verdict)) if last == dir => *verdict,
            _ => {
                let verdict = OutputDir::of(dir);
                worker.last_dir = Some((dir.to_string(), verdict));
                verdict
            }
        };
        output_dir.holds_generated(name, bytes)
    };
    // Binary files have no imports worth following.
    let binary = bytes[..bytes.len().min(8192)].contains(&0);
    let need = match role {
        _ if generated => Need::Nothing,
        Role::ConvexFunctions => Need::Parse,
        Role::AppCode => need(bytes),
        Role::Other => Need::Nothing,
    };
    // Registry packages (`react`, `convex/react`) are not part of the module graph: keep only
    // what may resolve to a project file (relative, an alias, a workspace package, a baseUrl path).
    // Apps and Convex dirs alike: an app's entries and a Convex dir's entry points reach
    // the rest of their code through these.
    let mut imports_generated = false;
    let imports = (in_root && !generated && !binary).then(|| {
        let sources = scan_import_sources(bytes);
        imports_generated = sources.iter().any(|s| s.contains("_generated") || convex_packages.contains(&super::react::base_package(s)));
        sources.into_iter().filter(|s| may_name_project_file(s, local_names)).map(str::to_string).collect::<Vec<_>>()
    });
    // Any file may call Convex functions (a mobile app, a script, server code): all count. A
    // file that does imports `api`/`internal` from a Convex dir's `_generated/api`; only those
    // are scanned, which keeps the scan off the thousands of files that call nothing.
    let calls_convex = match role {
        Role::Other => memchr::memmem::find(bytes, b"_generated").is_some(),
        _ => imports_generated,
    };
    let function_refs = if generated || binary || !calls_convex { Vec::new() } else { super::convex_calls::scan_function_refs(bytes) };
    let keep = need != Need::Nothing || !secrets.is_empty();
    if !keep {
        // Nothing to show from this file: only its place in the module graph is kept.
        let imports = imports.filter(|i| !i.is_empty());
        return (imports.is_some() || generated || !function_refs.is_empty()).then(|| Parsed {
            path: path.to_string(),
            file: None,
            facts: None,
            secrets,
            imports,
            function_refs,
            generated,
        });
    }
    let file = SourceFile::from_bytes(path, bytes.to_vec());
    if file.decoding == crate::source::Decoding::Binary {
        return None;
    }
    let facts = match need {
        Need::Parse => Some(Box::new(extract_file_as(&file, role == Role::ConvexFunctions))),
        Need::EnvReads => Some(Box::new(CodeFileFacts {
            path: file.path.clone(),
            directives: scan_directives(&file.text),
            env_reads: scan_env_reads(&file),
            ..Default::default()
        })),
        Need::Nothing => None,
    };
    Some(Parsed { path: path.to_string(), file: Some(file), facts, secrets, imports, function_refs, generated })
}

/// The module specifiers a file names: `import … from "x"`, `import "x"`, `export … from "x"`,
/// `import("x")` and `require("x")`. A byte scan, not a parse: it looks for the few byte
/// sequences that sit right before a specifier (`from "`, `import "`, `import(`, `require(`),
/// which ordinary code rarely contains, so it stays cheap on large trees. One inside a comment
/// or a string counts too, which only ever makes more of the app reachable, never less.
/// Borrowed from `bytes`, sorted, without duplicates: most specifiers name registry packages
/// and are dropped right after, so none is copied here.
pub fn scan_import_sources(bytes: &[u8]) -> Vec<&str> {
    static NEEDLES: std::sync::LazyLock<aho_corasick::AhoCorasick> = std::sync::LazyLock::new(|| {
        aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .build(IMPORT_NEEDLES)
            .expect("plain strings")
    });
    let mut out: Vec<&str> = NEEDLES.find_iter(bytes).filter_map(|m| specifier_at(bytes, m.start(), m.end())).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Whether a specifier may resolve to a project file: relative, an alias (`@/`, `~/`, `#`,
/// `$lib`), a workspace package, or a bare path a tsconfig `baseUrl` could map (`components/x`).
/// Scoped and plain registry names (`@workos-inc/authkit-react`, `convex/react`, `react`) not
/// in the workspace are left out.
fn may_name_project_file(source: &str, local_names: &[&str]) -> bool {
    if source.starts_with('.') || source.starts_with("@/") || source.starts_with('~') || source.starts_with('#') || source.starts_with('$')
    {
        return true;
    }
    let base = super::react::base_package(source);
    if local_names.contains(&base) {
        return true;
    }
    // `components/Nav` under a baseUrl; `react` or `convex/react` are packages.
    !source.starts_with('@') && source.contains('/') && !KNOWN_PACKAGE_ROOTS.contains(&base)
}

/// Registry packages imported by sub-path in nearly every AuthKit + Convex app.
const KNOWN_PACKAGE_ROOTS: &[&str] =
    &["convex", "next", "react", "react-dom", "lucide-react", "date-fns", "zod", "@tanstack/react-router", "node:fs"];

/// The specifier after an import needle matched at `start..end`, unless the needle is the tail
/// of a longer name (`myimport(`).
fn specifier_at(bytes: &[u8], start: usize, end: usize) -> Option<&str> {
    let preceded = start > 0 && {
        let b = bytes[start - 1];
        b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b == b'.'
    };
    if preceded || in_comment_line(bytes, start) {
        return None;
    }
    // Call forms end with `(`; the others end with the opening quote itself.
    let source = if bytes[end - 1] == b'(' { call_argument_after_paren(&bytes[end..]) } else { quoted(&bytes[end - 1..]) }?;
    (!source.is_empty()).then_some(source)
}

/// Whether the text before `at` on its line opens a comment: `// import x from "./y"`, or a
/// JSDoc line (` * import { a } from "./lib/server"`). A usage example in a doc comment names
/// a path relative to somewhere else; taken as an import it would not resolve and hide the
/// module graph.
fn in_comment_line(bytes: &[u8], at: usize) -> bool {
    let line_start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
    let before = &bytes[line_start..at];
    let trimmed = skip_space(before);
    trimmed.starts_with(b"*") || trimmed.starts_with(b"/*") || memchr::memmem::find(before, b"//").is_some()
}

/// The literal right after `(` (spaces allowed), if the call has one.
fn call_argument_after_paren(rest: &[u8]) -> Option<&str> {
    quoted(skip_space(rest))
}

fn skip_space(bytes: &[u8]) -> &[u8] {
    let n = bytes.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &bytes[n..]
}

fn quoted(bytes: &[u8]) -> Option<&str> {
    let q = *bytes.first().filter(|b| **b == b'"' || **b == b'\'')?;
    let end = bytes[1..].iter().take(1024).position(|b| *b == q || *b == b'\n')?;
    // A specifier that is not UTF-8 names no file the resolver could find.
    if bytes[1 + end] == q { std::str::from_utf8(&bytes[1..1 + end]).ok() } else { None }
}

/// Parses one file and collects its facts. A file that does not parse yields what the parser
/// recovered (oxc returns a partial program).
pub fn extract_file(file: &SourceFile) -> CodeFileFacts {
    extract_file_as(file, false)
}

/// [`extract_file`], plus the top-level declarations of a Convex functions file.
fn extract_file_as(file: &SourceFile, convex_functions: bool) -> CodeFileFacts {
    // One arena per thread, emptied between files: a fresh one per file meant fresh pages from
    // the OS (and their faults) for every parse.
    thread_local! {
        static ARENA: std::cell::RefCell<Allocator> = std::cell::RefCell::new(Allocator::default());
    }
    ARENA.with(|arena| match arena.try_borrow_mut() {
        Ok(mut allocator) => {
            allocator.reset();
            extract_file_in(file, convex_functions, &allocator)
        }
        // Only if a collector ever parsed another file from inside this one.
        Err(_) => extract_file_in(file, convex_functions, &Allocator::default()),
    })
}

fn extract_file_in(file: &SourceFile, convex_functions: bool, allocator: &Allocator) -> CodeFileFacts {
    let source_type = SourceType::from_path(&file.path).unwrap_or_else(|_| SourceType::tsx());
    let parsed = Parser::new(allocator, &file.text, source_type).parse();
    let mut v = Collector { facts: CodeFileFacts { path: file.path.clone(), ..Default::default() } };
    v.facts.directives = parsed.program.directives.iter().map(|d| d.directive.to_string()).collect();
    v.visit_program(&parsed.program);
    let mut facts = v.facts;
    facts.routes = super::routes::collect(file, &parsed.program);
    facts.react = super::react::collect(file, &parsed.program);
    facts.nextjs = super::nextjs_code::collect(file, &parsed.program);
    // What functions read from the user identity matters only where Convex runs them.
    if convex_functions {
        facts.functions = super::functions_code::collect(file, &parsed.program);
        facts.definitions = Some(super::convex_calls::collect(&parsed.program));
    }
    facts
}

struct Collector {
    facts: CodeFileFacts,
}

impl Collector {
    fn loc(&self, span: oxc_span::Span) -> Location {
        Span::new(span.start as usize, span.end as usize).in_file(&self.facts.path)
    }
}

/// `process.env.X` / `import.meta.env.X` / `process.env["X"]` → (X, kind).
fn env_access(object: &Expression, property: Option<&str>) -> Option<(String, EnvAccess)> {
    let Expression::StaticMemberExpression(inner) = object.without_parentheses() else { return None };
    if inner.property.name != "env" {
        return None;
    }
    let access = match &inner.object {
        Expression::Identifier(id) if id.name == "process" => EnvAccess::ProcessEnv,
        Expression::ImportMeta(_) => EnvAccess::ImportMetaEnv,
        _ => return None,
    };
    Some((property?.to_string(), access))
}

impl<'a> Visit<'a> for Collector {
    fn visit_static_member_expression(&mut self, it: &StaticMemberExpression<'a>) {
        if let Some((name, access)) = env_access(&it.object, Some(it.property.name.as_str())) {
            let location = self.loc(it.span);
            self.facts.env_reads.push(CodeEnvRead { name, access, location });
        }
        walk::walk_static_member_expression(self, it);
    }

    fn visit_computed_member_expression(&mut self, it: &ComputedMemberExpression<'a>) {
        if let Expression::StringLiteral(key) = &it.expression
            && let Some((name, access)) = env_access(&it.object, Some(key.value.as_str()))
        {
            let location = self.loc(it.span);
            self.facts.env_reads.push(CodeEnvRead { name, access, location });
        }
        walk::walk_computed_member_expression(self, it);
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        if let Some(member) = it.callee.as_member_expression() {
            match member.static_property_name() {
                Some("getUserIdentity") => {
                    let location = self.loc(it.span);
                    self.facts.identity_calls.push(location);
                }
                Some("setAuth") => {
                    let location = self.loc(it.span);
                    self.facts.convex_auth_uses.push(("setAuth".into(), location));
                }
                Some("actions") => {
                    // `authKit.actions({...})` enables the component's WorkOS Actions endpoint.
                    if let Expression::Identifier(id) = member.object()
                        && id.name.to_ascii_lowercase().contains("authkit")
                    {
                        let location = self.loc(it.span);
                        self.facts.authkit_actions.get_or_insert(location);
                    }
                }
                _ => {}
            }
        }
        walk::walk_call_expression(self, it);
    }

    fn visit_import_declaration(&mut self, it: &ImportDeclaration<'a>) {
        if it.source.value.starts_with(crate::sdk::CONVEX_WORKOS_AUTHKIT) && self.facts.authkit_component.is_none() {
            self.facts.authkit_component = Some(self.loc(it.span));
        }
        walk::walk_import_declaration(self, it);
    }

    fn visit_export_declaration(&mut self, it: &ExportDeclaration<'a>) {
        let text_mentions_action = match &it.declaration {
            Declaration::VariableDeclaration(d) => {
                d.declarations.iter().any(|d| d.id.get_binding_identifiers().iter().any(|b| b.name == "authKitAction"))
            }
            Declaration::FunctionDeclaration(f) => f.id.as_ref().is_some_and(|id| id.name == "authKitAction"),
            _ => false,
        };
        if text_mentions_action {
            let location = self.loc(it.span);
            self.facts.authkit_actions.get_or_insert(location);
        }
        walk::walk_export_declaration(self, it);
    }

    fn visit_jsx_opening_element(&mut self, it: &JSXOpeningElement<'a>) {
        let name = match &it.name {
            JSXElementName::IdentifierReference(id) => Some(id.name.as_str()),
            JSXElementName::Identifier(id) => Some(id.name.as_str()),
            _ => None,
        };
        if let Some(name) = name
            && name.starts_with("ConvexProviderWith")
        {
            let location = self.loc(it.span);
            self.facts.convex_auth_uses.push((name.to_string(), location));
        }
        for attr in &it.attributes {
            if let JSXAttributeItem::Attribute(a) = attr
                && let JSXAttributeName::Identifier(n) = &a.name
                && n.name == "apiHostname"
            {
                let location = self.loc(a.span);
                match &a.value {
                    Some(JSXAttributeValue::StringLiteral(s)) if crate::workos::is_default_api_host(&s.value) => {
                        self.facts.default_api_hostnames.push(location)
                    }
                    _ => self.facts.api_hostnames.push(location),
                }
            }
        }
        walk::walk_jsx_opening_element(self, it);
    }

    fn visit_object_property(&mut self, it: &ObjectProperty<'a>) {
        if it.key.static_name().as_deref() == Some("apiHostname") {
            let location = self.loc(it.span);
            // `apiHostname: 'api.workos.com'`: a config stating WorkOS's own host (the default
            // of a vendored SDK config), not a custom domain.
            match it.value.get_inner_expression() {
                Expression::StringLiteral(s) if crate::workos::is_default_api_host(&s.value) => {
                    self.facts.default_api_hostnames.push(location)
                }
                _ => self.facts.api_hostnames.push(location),
            }
        }
        walk::walk_object_property(self, it);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imports_in_comments_are_not_imports() {
        let text = b"/**\n * import { authQuery } from \"./lib/server\";\n */\n// import x from './old';\nimport { a } from './a';\n";
        assert_eq!(scan_import_sources(text), vec!["./a"]);
    }

    #[test]
    fn import_sources_are_found_without_a_parse() {
        let text = br#"import React from "react";
import { a,
  b } from './a';
import type { T } from "../types";
import "./side-effect.css";
export { x } from "./x";
export * from './all';
const Page = lazy(() => import("./pages/Page"));
const legacy = require('./legacy');
function later() { return import(
  "./lazy/Later"); }
const notAnImport = "important";
someObject.import("ignored");
export const value = 1;
"#;
        let mut found = scan_import_sources(text);
        found.sort();
        let mut want = ["react", "./a", "../types", "./side-effect.css", "./x", "./all", "./pages/Page", "./legacy", "./lazy/Later"];
        want.sort();
        assert_eq!(found, want);
    }

    #[test]
    fn generated_and_built_files_are_recognised() {
        let written = b"import { ConvexProvider } from 'convex/react';\nexport const x = 1;\n";
        assert!(!is_generated("src/main.tsx", written));
        assert!(!is_generated("src/assets/logo-component.tsx", written));
        assert!(!is_generated("src/components/sign-in.tsx", written));
        assert!(is_generated("docs/assets/index-B3x9QaZ1.js", written));
        assert!(is_generated("www/_app/immutable/chunks/BMem1uWD.js", written));
        assert!(is_generated(".svelte-kit/output/client/app.js", written));
        assert!(!is_generated("src/assets/NavLinks.tsx", written));
        assert!(is_generated("src/routeTree.gen.ts", written));
        assert!(is_generated("vendor/react.min.js", written));
        assert!(is_generated("out/_next/page.js", written));
        assert!(is_generated("app.old/layout.tsx", written));
        assert!(is_generated("src/ConvexClientProvider.bak.tsx", written));
        let bundle = format!("var a=1;{}", "function f(){return ConvexProvider}".repeat(200));
        assert!(is_generated("public/app.js", bundle.as_bytes()));
        let many_lines = "const value = process.env.VITE_CONVEX_URL;\n".repeat(200);
        assert!(!is_generated("src/config.ts", many_lines.as_bytes()));
    }

    #[test]
    fn secret_literals() {
        let text = br#"const a = "sk_test_"; const b = "sk_test_abcdefghijklmnopqrstuvwxyz0123"; const c = "mysk_live_aaaaaaaaaaaaaaaaaaaaaaa"; x = 'sk_live_...';"#;
        let found = find_secret_literals(text);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].0..found[0].1], b"sk_test_abcdefghijklmnopqrstuvwxyz0123");
    }

    #[test]
    fn env_read_scan_matches_the_parser() {
        let text = "// header\n'use client';\nconst a = process.env.NEXT_PUBLIC_CONVEX_URL!;\nconst b = import.meta.env['VITE_X'];\nconst c = myprocess.env.NOPE; const d = process.env[name];\nconst e = import.meta.env.VITE_Y ?? process.env[\"Z\"];\n";
        let file = SourceFile::new("app/x.tsx", text.into(), crate::source::Decoding::Utf8);
        let parsed = extract_file(&file);
        assert_eq!(scan_env_reads(&file), parsed.env_reads);
        assert_eq!(scan_directives(&file.text), parsed.directives);
        assert_eq!(need(text.as_bytes()), Need::EnvReads);
        assert_eq!(need(b"ctx.auth.getUserIdentity()"), Need::Parse);
        assert_eq!(need(b"const x = 1;"), Need::Nothing);
    }

    #[test]
    fn use_client_and_env_reads() {
        let file = SourceFile::new(
            "app/x.tsx",
            "'use client';\nconst a = process.env.NEXT_PUBLIC_CONVEX_URL; const b = import.meta.env['VITE_X'];\n".into(),
            crate::source::Decoding::Utf8,
        );
        let f = extract_file(&file);
        assert!(f.is_use_client());
        let names: Vec<_> = f.env_reads.iter().map(|r| (r.name.as_str(), r.access)).collect();
        assert_eq!(names, vec![("NEXT_PUBLIC_CONVEX_URL", EnvAccess::ProcessEnv), ("VITE_X", EnvAccess::ImportMetaEnv)]);
    }
}
