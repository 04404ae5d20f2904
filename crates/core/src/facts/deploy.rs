//! Deploy-platform and bundler config of an app: `netlify.toml`, `_redirects`, `vercel.json`,
//! dev-server ports from `package.json` scripts, the redirect URIs `convex.json` registers with
//! WorkOS, and mentions of the removed `npx convex auth add workos` command.
//!
//! `vite.config.*` (`base`, `server.port`) and `next.config.*` (`basePath`) are TypeScript and go
//! through the single parse of the code index instead: see [`super::routes::BundlerConfig`].
//! Every file here is read through [`Files`] (kept for code frames). A file that does not parse
//! records why and yields nothing else: broken config is never a crash.

use crate::diagnostic::Location;
use crate::discover::{App, Project};
use crate::source::{Files, Span, join_rel};

/// A `[[redirects]]` rule of `netlify.toml` or a line of `_redirects`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedirectRule {
    pub from: String,
    pub to: String,
    /// `None` means Netlify's default, 301.
    pub status: Option<u16>,
    pub location: Location,
}

impl RedirectRule {
    /// The rule's `from` catches `path` (whatever it then does with it).
    pub fn catches(&self, path: &str) -> bool {
        netlify_pattern_matches(&self.from, path)
    }

    /// A rewrite (status 200) that serves the SPA's `index.html` for `path`.
    pub fn serves_index_for(&self, path: &str) -> bool {
        let to = self.to.trim_end_matches('/');
        let to_index = to == "/index.html" || to.is_empty() || to == "/index";
        self.status == Some(200) && to_index && netlify_pattern_matches(&self.from, path)
    }
}

/// Netlify `from` patterns: exact paths, a trailing `/*` splat, `:placeholders`.
fn netlify_pattern_matches(pattern: &str, path: &str) -> bool {
    let pattern = pattern.split(['?', ' ']).next().unwrap_or("");
    if let Some(prefix) = pattern.strip_suffix('*') {
        let prefix = prefix.trim_end_matches('/');
        return prefix.is_empty() || path == prefix || path.starts_with(&format!("{prefix}/"));
    }
    let p: Vec<&str> = pattern.split('/').filter(|s| !s.is_empty()).collect();
    let q: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    p.len() == q.len() && p.iter().zip(&q).all(|(a, b)| a.starts_with(':') || a == b)
}

#[derive(Debug, Clone, Default)]
pub struct NetlifyConfig {
    pub path: String,
    pub redirects: Vec<RedirectRule>,
    /// `[build] base`, when set.
    pub base: Option<String>,
    /// Lines the small TOML reader could not understand (they are skipped).
    pub unparsed_lines: Vec<Location>,
    /// `[[redirects]]` tables in the file, read or not (one without a string `from`/`to` is not
    /// in `redirects`).
    pub redirect_tables: usize,
}

#[derive(Debug, Clone, Default)]
pub struct RedirectsFile {
    pub path: String,
    pub rules: Vec<RedirectRule>,
}

/// A `rewrites` entry of `vercel.json`, or a legacy `routes` entry (`src`/`dest`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VercelRewrite {
    pub source: String,
    pub destination: String,
    pub location: Location,
}

impl VercelRewrite {
    /// The rewrite serves the SPA's `index.html` for `path`.
    pub fn serves_index_for(&self, path: &str) -> bool {
        let dest = self.destination.trim_end_matches('/');
        (dest == "/index.html" || dest.is_empty()) && vercel_source_matches(&self.source, path)
    }
}

/// Vercel sources are path-to-regexp patterns; the SPA fallbacks people write are `/(.*)`,
/// `/:path*`, `/((?!api/).*)`, `/.*` (legacy routes). Anything else must name the path exactly.
fn vercel_source_matches(source: &str, path: &str) -> bool {
    let source = source.trim();
    if let Some(rest) = source.strip_prefix("/((?!")
        && let Some((excluded, _)) = rest.split_once(")")
    {
        return !excluded.split('|').any(|e| path.trim_start_matches('/').starts_with(e.trim_end_matches('/')));
    }
    let catch_all = ["/(.*)", "/.*", "/(.+)", "/:path*", "/:path(.*)", "/:slug*", "/:all*", "/*", "(.*)", "/:match*"];
    catch_all.contains(&source) || source.trim_end_matches('/') == path
}

#[derive(Debug, Clone, Default)]
pub struct VercelConfig {
    pub path: String,
    pub rewrites: Vec<VercelRewrite>,
    /// `Some(message)` when the file does not parse.
    pub parse_error: Option<String>,
    /// Plain JSON: no comments, no trailing commas (what a text edit can safely extend).
    pub strict_json: bool,
    /// The top-level object, `{` to `}`.
    pub object: Option<Span>,
    /// The top-level properties (`"key": value`), in order.
    pub properties: Vec<(String, Span)>,
    /// The `rewrites` array (`[` to `]`) and each of its elements, when `rewrites` is an array.
    pub rewrites_array: Option<(Span, Vec<Span>)>,
}

/// The dev-server tool a `package.json` script starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DevTool {
    Vite,
    Next,
    ReactRouter,
    Remix,
    Vinxi,
}

/// A `package.json` script that starts a dev server.
#[derive(Debug, Clone)]
pub struct DevServerScript {
    pub name: String,
    pub tool: DevTool,
    /// `--port N`, `-p N`, `--port=N` or a `PORT=N` prefix.
    pub port: Option<u16>,
    /// A port flag whose value is not a number (`--port $PORT`).
    pub port_unknown: bool,
    /// The script's value in `package.json`.
    pub location: Location,
}

/// A redirect URI from `convex.json`'s `authKit` section (the Convex CLI registers
/// `configure.redirectUris` with WorkOS and writes `localEnvVars` into `.env.local`).
#[derive(Debug, Clone)]
pub struct ConvexRedirectUri {
    /// `dev`, `preview` or `prod`.
    pub deployment: String,
    /// The URI as written; `${buildEnv.X}` placeholders are kept.
    pub uri: String,
    /// `None` for `configure.redirectUris`, the env var name for a `localEnvVars` entry.
    pub env_var: Option<String>,
    pub location: Location,
}

#[derive(Debug, Clone, Default)]
pub struct DeployFacts {
    pub netlify: Option<NetlifyConfig>,
    /// `public/_redirects` (Vite copies `public/` into the published dir).
    pub redirects_file: Option<RedirectsFile>,
    pub vercel: Option<VercelConfig>,
    /// The app is linked to a Vercel project (`.vercel/project.json`).
    pub vercel_linked: bool,
    pub dev_servers: Vec<DevServerScript>,
    pub convex_redirect_uris: Vec<ConvexRedirectUri>,
    /// `convex.json` has an `authKit.preview` section: the Convex CLI registers preview URIs.
    pub convex_preview_configured: bool,
    /// `convex.json`'s `authKit` section (`None` without a `convex.json`, or without the section).
    pub convex_json_authkit: Option<ConvexJsonAuthKit>,
    /// Scripts, build commands and docs that run `npx convex auth add workos`.
    pub removed_command: Vec<Location>,
    /// The AuthKit packages' entries in `package.json` (anchors for "this app uses the SDK, but…").
    pub sdk_dependencies: Vec<(String, Location)>,
    /// Every dependency entry of the app's `package.json`, with where it is written.
    pub dependencies: Vec<DependencyEntry>,
    /// Claims a doc of the project adds in a WorkOS JWT template (`aud`, `email`, `name`), with
    /// where it says so. The dashboard is outside the repo; this is the project's own word.
    pub jwt_template_claims: Vec<(String, Location)>,
    /// Plain-text `vars` of a Cloudflare Workers config (`wrangler.jsonc`, `wrangler.json`,
    /// `wrangler.toml`): committed values the deployed app runs with, as (name, value, where).
    pub wrangler_vars: Vec<(String, String, Location)>,
}

impl DeployFacts {
    pub fn load(project: &Project, app: &App, files: &mut Files) -> Self {
        let mut facts = DeployFacts::default();
        let single_app = project.apps.len() == 1;
        // A root config applies to an app in a subdir when it is the only app, or names it as base.
        let candidates = |name: &str| {
            let mut paths = vec![join_rel(&app.dir, name)];
            if !app.dir.is_empty() {
                paths.push(name.to_string());
            }
            paths
        };
        for path in candidates("netlify.toml") {
            let Some(file) = files.load(&path) else { continue };
            let config = parse_netlify_toml(&path, &file.text);
            let applies = path == join_rel(&app.dir, "netlify.toml")
                || single_app
                || config.base.as_deref().is_some_and(|b| b.trim_matches('/') == app.dir.trim_matches('/'));
            if applies {
                facts.removed_command.extend(removed_command_in(&path, &file.text, 0, file.text.len()));
                facts.netlify = Some(config);
                break;
            }
        }
        let redirects = join_rel(&app.dir, "public/_redirects");
        if let Some(file) = files.load(&redirects) {
            facts.redirects_file = Some(RedirectsFile { rules: parse_redirects_file(&redirects, &file.text), path: redirects });
        }
        for path in candidates("vercel.json") {
            if !(path == join_rel(&app.dir, "vercel.json") || single_app) {
                continue;
            }
            let Some(file) = files.load(&path) else { continue };
            facts.removed_command.extend(removed_command_in(&path, &file.text, 0, file.text.len()));
            facts.vercel = Some(parse_vercel_json(&path, &file.text));
            break;
        }
        for path in candidates("wrangler.jsonc").into_iter().chain(candidates("wrangler.json")).chain(candidates("wrangler.toml")) {
            if !(path.starts_with(&app.dir) || single_app) {
                continue;
            }
            let Some(file) = files.load(&path) else { continue };
            facts.wrangler_vars =
                if path.ends_with(".toml") { wrangler_toml_vars(&path, &file.text) } else { wrangler_json_vars(&path, &file.text) };
            break;
        }
        let root = files.root().to_path_buf();
        facts.vercel_linked =
            [join_rel(&app.dir, ".vercel/project.json"), ".vercel/project.json".into()].iter().any(|p| root.join(p).is_file());

        let pkg = project.package_of_app(app);
        if let Some(file) = files.load(&pkg.path) {
            let (servers, removed) = scan_scripts(&pkg.path, &file.text);
            facts.dev_servers = servers;
            facts.removed_command.extend(removed);
            facts.dependencies = dependency_entries(&pkg.path, &file.text);
            facts.sdk_dependencies = sdk_dependencies(&facts.dependencies);
        }
        if let Some(convex_json) = app.convex.and_then(|c| project.convex_dirs[c].convex_json.clone())
            && let Some(file) = files.load(&convex_json)
        {
            let authkit = convex_json_authkit(&convex_json, &file.text);
            if let Some(authkit) = &authkit {
                facts.convex_redirect_uris = authkit.redirect_uris.clone();
                facts.convex_preview_configured = authkit.configures_preview;
            }
            facts.convex_json_authkit = authkit;
        }
        for path in doc_files(&app.dir, project) {
            if let Some(file) = files.load(path) {
                facts.removed_command.extend(removed_command_in(path, &file.text, 0, file.text.len()));
                add_template_claims(&mut facts.jwt_template_claims, path, &file.text);
            }
        }
        facts.removed_command.sort();
        facts.removed_command.dedup();
        facts
    }
}

fn add_template_claims(claims: &mut Vec<(String, Location)>, path: &str, text: &str) {
    for (claim, at) in jwt_template_claims_in(path, text) {
        if !claims.iter().any(|(c, _)| *c == claim) {
            claims.push((claim, at));
        }
    }
}

/// The JWT-template claims the docs around `dir` (a package dir) set up.
pub fn template_claims_near(project: &Project, dir: &str, files: &mut Files) -> Vec<(String, Location)> {
    let mut claims = Vec::new();
    for path in doc_files(dir, project) {
        if let Some(file) = files.load(path) {
            add_template_claims(&mut claims, path, &file.text);
        }
    }
    claims
}

/// `NAME=value` lines for the env vars `names` in the docs near `dir` (as in a `.env` block of a
/// README: `VITE_WORKOS_API_HOSTNAME=api.workos.com`, optionally `export`ed or quoted): the
/// values the project tells its developers to set.
pub fn documented_env_near(project: &Project, dir: &str, files: &mut Files, names: &[&str]) -> Vec<(String, String, Location)> {
    let mut out = Vec::new();
    for path in doc_files(dir, project) {
        let Some(file) = files.load(path) else { continue };
        out.extend(documented_env_in(path, &file.text, names));
    }
    out
}

/// [`documented_env_near`] for one doc's text.
pub fn documented_env_in(path: &str, text: &str, names: &[&str]) -> Vec<(String, String, Location)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim_start();
        let lead = line.len() - trimmed.len();
        let body = trimmed.strip_prefix("export ").unwrap_or(trimmed);
        let skipped = lead + (trimmed.len() - body.len());
        let Some((name, value)) = body.split_once('=') else { continue };
        if !names.contains(&name) {
            continue;
        }
        let value = value.trim().trim_matches(['"', '\'', '`']);
        if value.is_empty() || value.contains(char::is_whitespace) {
            continue;
        }
        let at = Span::new(start + skipped, start + skipped + name.len()).in_file(path);
        out.push((name.to_string(), value.to_string(), at));
    }
    out
}

/// Markdown docs a developer follows: in the package dir, the project root, and their `docs/`
/// (from the walk, so git-ignored docs are left out like every other ignored file).
fn doc_files<'a>(dir: &str, project: &'a Project) -> impl Iterator<Item = &'a String> {
    let dirs = [dir.to_string(), String::new()];
    // Docs folders at any depth (`docs/setup/auth.md`, `documentation/ADR/004-workos.md`).
    let doc_dirs: Vec<String> =
        ["docs", "doc", "documentation", "dev-docs"].iter().flat_map(|d| [join_rel(dir, d), d.to_string()]).collect();
    project.doc_files.iter().filter(move |path| {
        let parent = path.rsplit_once('/').map_or("", |(dir, _)| dir);
        dirs.iter().any(|d| d == parent) || doc_dirs.iter().any(|d| d == parent || crate::discover::is_under(parent, d))
    })
}

/// The claims a doc tells the reader to add in a WorkOS JWT template: the text speaks of a JWT
/// template and shows the claim as a key (`"aud":` in JSON, or `aud:`).
pub fn jwt_template_claims_in(path: &str, text: &str) -> Vec<(String, Location)> {
    let lower = text.to_ascii_lowercase();
    // "JWT template", or the dashboard page it lives on ("Authentication > Sessions") with
    // a claim to add.
    let template = lower.contains("jwt template") || lower.contains("jwt-template");
    let sessions_page = (lower.contains("> sessions") || lower.contains("→ sessions")) && lower.contains("claim");
    if !(template || sessions_page) {
        return Vec::new();
    }
    ["aud", "email", "name"]
        .iter()
        .filter_map(|claim| {
            let at = lower
                .find(&format!("\"{claim}\":"))
                .or_else(|| lower.find(&format!("\"{claim}\" :")))
                .or_else(|| lower.find(&format!("{claim}:")))
                // A Markdown list of the claims: "- `aud`: Audience (your client id)".
                .or_else(|| lower.find(&format!("`{claim}`:")));
            match at {
                Some(at) => Some((claim.to_string(), Location::new(path.to_string(), at, at + claim.len() + 2))),
                // The audience is the client id: a step that adds it to the token says `aud`
                // without naming it.
                None if *claim == "aud" => {
                    client_id_added_to_jwt(&lower).map(|(start, end)| ("aud".to_string(), Location::new(path, start, end)))
                }
                None => None,
            }
        })
        .collect()
}

/// A step that adds the client id to the JWT, in prose: one line that says "add", then the
/// client id (`client id`, `client_id`, `clientId`, `WORKOS_CLIENT_ID`), then "to/in the (your)
/// JWT" ("Add `WorkOS Client Id` to the JWT token"). `lower` is the lower-cased doc; the span is
/// the line. A line that only mentions both ("add WORKOS_CLIENT_ID to .env; Convex checks the
/// JWT") is not such a step.
fn client_id_added_to_jwt(lower: &str) -> Option<(usize, usize)> {
    let mut start = 0;
    for line in lower.split_inclusive('\n') {
        let at = start;
        start += line.len();
        let text: String = line.chars().filter(|c| !matches!(c, '`' | '*' | '_' | ' ' | '-')).collect();
        let Some(add) = text.find("add") else { continue };
        let Some(id) = text[add..].find("clientid").map(|i| add + i) else { continue };
        if ["tothejwt", "toyourjwt", "tojwt", "inthejwt", "inyourjwt"].iter().any(|to| text[id..].contains(to)) {
            return Some((at, at + line.trim_end().len()));
        }
    }
    None
}

impl DeployFacts {
    /// Where a doc adds `claim` in the JWT template, if one does.
    pub fn jwt_template_claim(&self, claim: &str) -> Option<&Location> {
        self.jwt_template_claims.iter().find(|(c, _)| c == claim).map(|(_, at)| at)
    }
}

/// Every `convex auth add workos` (any runner, any spacing) in `text[from..to]`.
pub fn removed_command_in(path: &str, text: &str, from: usize, to: usize) -> Vec<Location> {
    let mut out = Vec::new();
    let hay = &text.as_bytes()[..to.min(text.len())];
    let mut at = from;
    while let Some(pos) = find(&hay[at..], b"convex") {
        let start = at + pos;
        let mut i = start + "convex".len();
        let mut matched = true;
        for word in ["auth", "add", "workos"] {
            let ws = hay[i..].iter().take_while(|b| **b == b' ' || **b == b'\t').count();
            if ws == 0 || !hay[i + ws..].starts_with(word.as_bytes()) {
                matched = false;
                break;
            }
            i += ws + word.len();
        }
        if matched {
            // Include the runner in front when there is one (`npx `, `bunx `, `pnpm dlx `).
            let before = &text[..start];
            let runner =
                ["npx ", "bunx ", "pnpm dlx ", "yarn dlx ", "pnpx "].iter().find(|r| before.ends_with(*r)).map(|r| r.len()).unwrap_or(0);
            out.push(Location::new(path, start - runner, i));
        }
        at = start + 1;
    }
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

// ---------------------------------------------------------------------------------------------
// netlify.toml: a small reader for the parts we need. Tables (`[build]`, `[[redirects]]`) and
// `key = value` lines with strings, integers and booleans; arrays and inline tables are skipped.

#[derive(Debug, Clone, PartialEq)]
enum TomlValue {
    Str(String),
    Int(i64),
    Other,
}

struct TomlLine<'t> {
    key: &'t str,
    value: TomlValue,
}

/// The logical lines of a TOML text with their byte ranges; a value that spans lines (an array,
/// a multi-line string) is one logical line.
fn toml_lines(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut depth: i32 = 0;
    let mut in_multiline: Option<&str> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        if depth == 0 && in_multiline.is_none() {
            start = line_start;
        }
        let code = strip_toml_comment(line);
        for delim in ["\"\"\"", "'''"] {
            let count = code.matches(delim).count();
            if count % 2 == 1 {
                in_multiline = match in_multiline {
                    Some(d) if d == delim => None,
                    None => Some(delim),
                    other => other,
                };
            }
        }
        if in_multiline.is_none() {
            depth += bracket_balance(code);
            if depth <= 0 {
                depth = 0;
                out.push((start, offset));
            }
        }
    }
    if depth != 0 || in_multiline.is_some() {
        out.push((start, text.len()));
    }
    out
}

/// `[` minus `]` outside strings, for the value part of a line (a table header balances itself).
fn bracket_balance(code: &str) -> i32 {
    let trimmed = code.trim_start();
    if trimmed.starts_with('[') {
        return 0;
    }
    let Some((_, value)) = code.split_once('=') else { return 0 };
    let mut balance = 0;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in value.chars() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' && q == '"' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                '"' | '\'' => quote = Some(c),
                '[' | '{' => balance += 1,
                ']' | '}' => balance -= 1,
                _ => {}
            },
        }
    }
    balance
}

/// The line without a `#` comment (a `#` inside a string is kept).
fn strip_toml_comment(line: &str) -> &str {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' && q == '"' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                '"' | '\'' => quote = Some(c),
                '#' => return &line[..i],
                _ => {}
            },
        }
    }
    line
}

fn parse_toml_key_value(code: &str) -> Option<TomlLine<'_>> {
    let (key, value) = code.split_once('=')?;
    let key = key.trim().trim_matches('"').trim_matches('\'');
    if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')) {
        return None;
    }
    let value = value.trim();
    let parsed = if let Some(body) = value.strip_prefix('"').filter(|_| !value.starts_with("\"\"\"")) {
        let mut out = String::new();
        let mut chars = body.chars();
        let mut closed = false;
        while let Some(c) = chars.next() {
            match c {
                '"' => {
                    closed = true;
                    break;
                }
                '\\' => match chars.next()? {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    other => out.push(other),
                },
                c => out.push(c),
            }
        }
        if !closed || !chars.as_str().trim().is_empty() {
            return None;
        }
        TomlValue::Str(out)
    } else if let Some(body) = value.strip_prefix('\'').filter(|_| !value.starts_with("'''")) {
        let (content, rest) = body.split_once('\'')?;
        if !rest.trim().is_empty() {
            return None;
        }
        TomlValue::Str(content.to_string())
    } else if let Ok(n) = value.replace('_', "").parse::<i64>() {
        TomlValue::Int(n)
    } else if value.is_empty() {
        return None;
    } else {
        TomlValue::Other
    };
    Some(TomlLine { key, value: parsed })
}

pub fn parse_netlify_toml(path: &str, text: &str) -> NetlifyConfig {
    let mut config = NetlifyConfig { path: path.to_string(), ..Default::default() };
    let mut table = String::new();
    let mut current: Option<(RedirectRuleDraft, usize)> = None;
    let finish = |draft: Option<(RedirectRuleDraft, usize)>, config: &mut NetlifyConfig| {
        if let Some((d, start)) = draft
            && let (Some(from), Some(to)) = (d.from, d.to)
        {
            config.redirects.push(RedirectRule { from, to, status: d.status, location: Location::new(path, start, d.header_end) });
        }
    };
    for (start, end) in toml_lines(text) {
        let raw = &text[start..end];
        let code = strip_toml_comment(raw).trim();
        if code.is_empty() {
            continue;
        }
        if let Some(header) = code.strip_prefix("[[").and_then(|h| h.strip_suffix("]]")) {
            finish(current.take(), &mut config);
            table = header.trim().to_string();
            if table == "redirects" {
                config.redirect_tables += 1;
                let header_end = start + raw.trim_end().len();
                current = Some((RedirectRuleDraft { header_end, ..Default::default() }, start + (raw.len() - raw.trim_start().len())));
            }
            continue;
        }
        if let Some(header) = code.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
            let header = header.trim();
            // `[redirects.headers]` and the like belong to the last `[[redirects]]`.
            if !header.starts_with("redirects.") {
                finish(current.take(), &mut config);
            }
            table = header.to_string();
            continue;
        }
        let Some(line) = parse_toml_key_value(code) else {
            let trimmed = start + (raw.len() - raw.trim_start().len());
            config.unparsed_lines.push(Location::new(path, trimmed, start + raw.trim_end().len()));
            continue;
        };
        match (table.as_str(), line.key, &line.value) {
            ("build", "base", TomlValue::Str(s)) => config.base = Some(s.clone()),
            ("redirects", key, value) => {
                if let Some((draft, _)) = current.as_mut() {
                    match (key, value) {
                        ("from", TomlValue::Str(s)) => draft.from = Some(s.clone()),
                        ("to", TomlValue::Str(s)) => draft.to = Some(s.clone()),
                        ("status", TomlValue::Int(n)) => draft.status = u16::try_from(*n).ok(),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    finish(current.take(), &mut config);
    config
}

#[derive(Debug, Default)]
struct RedirectRuleDraft {
    from: Option<String>,
    to: Option<String>,
    status: Option<u16>,
    header_end: usize,
}

/// Netlify `_redirects`: `from to [status][!]`, one rule per line, `#` comments.
pub fn parse_redirects_file(path: &str, text: &str) -> Vec<RedirectRule> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let code = line.split('#').next().unwrap_or("");
        let parts: Vec<&str> = code.split_whitespace().collect();
        if parts.len() < 2 {
            continue;
        }
        // Query-parameter matches (`key=value`) sit between `to` and the status; skip them.
        let status = parts[2..].iter().find_map(|p| p.trim_end_matches('!').parse::<u16>().ok());
        let lead = line.len() - line.trim_start().len();
        let location = Location::new(path, start + lead, start + line.trim_end().len());
        out.push(RedirectRule { from: parts[0].to_string(), to: parts[1].to_string(), status: status.or(Some(301)), location });
    }
    out
}

// ---------------------------------------------------------------------------------------------
// JSON files (vercel.json, package.json, convex.json) through jsonc-parser's AST, for ranges.

fn parse_json(text: &str) -> Result<Option<jsonc_parser::ast::Value<'_>>, String> {
    jsonc_parser::parse_to_ast(text, &Default::default(), &Default::default()).map(|r| r.value).map_err(|e| e.to_string())
}

fn range_location(path: &str, range: jsonc_parser::common::Range) -> Location {
    Location::new(path, range.start, range.end)
}

fn json_str<'x>(object: &'x jsonc_parser::ast::Object, key: &str) -> Option<&'x jsonc_parser::ast::StringLit<'x>> {
    object.get_string(key)
}

/// The top-level `vars` object of a `wrangler.json(c)` (per-environment `env.<name>.vars` are
/// left out: which one deploys is decided on the command line).
pub fn wrangler_json_vars(path: &str, text: &str) -> Vec<(String, String, Location)> {
    let Ok(Some(value)) = parse_json(text) else { return Vec::new() };
    let Some(vars) = value.as_object().and_then(|root| root.get_object("vars")) else { return Vec::new() };
    vars.properties
        .iter()
        .filter_map(|p| match &p.value {
            jsonc_parser::ast::Value::StringLit(s) => {
                Some((p.name.as_str().to_string(), s.value.to_string(), range_location(path, s.range)))
            }
            _ => None,
        })
        .collect()
}

/// `KEY = "value"` lines of the top-level `[vars]` table of a `wrangler.toml`.
pub fn wrangler_toml_vars(path: &str, text: &str) -> Vec<(String, String, Location)> {
    let mut out = Vec::new();
    let mut in_vars = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            in_vars = trimmed == "[vars]";
            continue;
        }
        let Some((key, value)) = trimmed.split_once('=').filter(|_| in_vars) else { continue };
        let value = value.trim();
        let Some(quote) = value.chars().next().filter(|c| *c == '"' || *c == '\'') else { continue };
        let Some(end) = value[1..].find(quote) else { continue };
        let inner = &value[1..1 + end];
        let at = start + line.find(value).unwrap_or(0) + 1;
        out.push((key.trim().trim_matches('"').to_string(), inner.to_string(), Span::new(at, at + inner.len()).in_file(path)));
    }
    out
}

pub fn parse_vercel_json(path: &str, text: &str) -> VercelConfig {
    let mut config = VercelConfig { path: path.to_string(), ..Default::default() };
    let value = match parse_json(text) {
        Ok(Some(v)) => v,
        Ok(None) => return config,
        Err(e) => {
            config.parse_error = Some(e);
            return config;
        }
    };
    let Some(root) = value.as_object() else {
        config.parse_error = Some("expected a JSON object".into());
        return config;
    };
    use jsonc_parser::common::Ranged;
    let span = |r: jsonc_parser::common::Range| Span::new(r.start, r.end);
    config.strict_json = serde_json::from_str::<serde_json::Value>(text).is_ok();
    config.object = Some(span(root.range));
    config.properties = root.properties.iter().map(|p| (p.name.as_str().to_string(), span(p.range))).collect();
    if let Some(array) = root.get_array("rewrites") {
        config.rewrites_array = Some((span(array.range), array.elements.iter().map(|e| span(e.range())).collect()));
    }
    for (key, source_key, dest_key) in [("rewrites", "source", "destination"), ("routes", "src", "dest")] {
        let Some(array) = root.get_array(key) else { continue };
        for element in &array.elements {
            let Some(entry) = element.as_object() else { continue };
            if let (Some(source), Some(dest)) = (json_str(entry, source_key), json_str(entry, dest_key)) {
                config.rewrites.push(VercelRewrite {
                    source: source.value.to_string(),
                    destination: dest.value.to_string(),
                    location: range_location(path, entry.range),
                });
            }
        }
    }
    config
}

/// Dev servers started by `package.json` scripts, and scripts that run the removed command.
fn scan_scripts(path: &str, text: &str) -> (Vec<DevServerScript>, Vec<Location>) {
    let mut servers = Vec::new();
    let mut removed = Vec::new();
    let Ok(Some(value)) = parse_json(text) else { return (servers, removed) };
    let Some(scripts) = value.as_object().and_then(|o| o.get_object("scripts")) else { return (servers, removed) };
    for prop in &scripts.properties {
        let Some(command) = prop.value.as_string_lit() else { continue };
        let name = prop.name.as_str().to_string();
        removed.extend(removed_command_in(path, text, command.range.start, command.range.end));
        if let Some((tool, port, port_unknown)) = dev_server_of(&command.value) {
            servers.push(DevServerScript { name, tool, port, port_unknown, location: range_location(path, command.range) });
        }
    }
    (servers, removed)
}

/// One dependency entry of a `package.json`, with where it is written.
#[derive(Debug, Clone)]
pub struct DependencyEntry {
    pub name: String,
    /// `dependencies`, `devDependencies`, `peerDependencies` or `optionalDependencies`.
    pub section: &'static str,
    /// The whole `"name": "range"` property.
    pub entry: Location,
    /// The version range, inside its quotes (`None` when it is not a string).
    pub range: Option<Location>,
}

/// The dependency entries of a `package.json` (`dependencies`, `devDependencies`,
/// `peerDependencies`, `optionalDependencies`, in that order), read with spans: the one place
/// that finds where a dependency is written.
pub fn dependency_entries(path: &str, text: &str) -> Vec<DependencyEntry> {
    let Ok(Some(value)) = parse_json(text) else { return Vec::new() };
    let Some(root) = value.as_object() else { return Vec::new() };
    ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"]
        .iter()
        .filter_map(|section| Some((*section, root.get_object(section)?)))
        .flat_map(|(section, deps)| deps.properties.iter().map(move |p| (section, p)))
        .map(|(section, p)| DependencyEntry {
            name: p.name.as_str().to_string(),
            section,
            entry: range_location(path, p.range),
            range: p.value.as_string_lit().map(|v| Location::new(path, v.range.start + 1, v.range.end.saturating_sub(1))),
        })
        .collect()
}

/// The entries of the AuthKit packages in `dependencies`/`devDependencies`/`peerDependencies`.
fn sdk_dependencies(entries: &[DependencyEntry]) -> Vec<(String, Location)> {
    entries
        .iter()
        .filter(|d| d.section != "optionalDependencies" && crate::discover::AUTHKIT_PACKAGES.contains(&d.name.as_str()))
        .map(|d| (d.name.clone(), d.entry.clone()))
        .collect()
}

/// Commands that run the dev server behind a local URL of their own.
const LOCAL_URL_WRAPPERS: &[&str] = &["portless"];

/// The dev server a shell command starts, with the port it asks for (unknown when the command
/// sets it from a variable or a wrapper picks it).
pub fn dev_server_of(command: &str) -> Option<(DevTool, Option<u16>, bool)> {
    // Quotes only group nested commands (`convex dev --start 'vite dev --port 3000'`).
    let cleaned: String = command.chars().map(|c| if matches!(c, '"' | '\'') { ' ' } else { c }).collect();
    let tokens: Vec<&str> = cleaned.split_whitespace().collect();
    let separators = ["&&", "||", ";", "|", "&"];
    for (i, token) in tokens.iter().enumerate() {
        let name = token.rsplit('/').next().unwrap_or(token);
        let next = tokens.get(i + 1).copied().unwrap_or("");
        let tool = match name {
            "vite" if !matches!(next, "build" | "preview" | "optimize") => DevTool::Vite,
            "next" if next == "dev" => DevTool::Next,
            "react-router" if next == "dev" => DevTool::ReactRouter,
            "remix" if next == "dev" || next == "vite:dev" => DevTool::Remix,
            "vinxi" if next == "dev" => DevTool::Vinxi,
            _ => continue,
        };
        // The rest of this command, up to the next separator.
        let rest: Vec<&str> = tokens[i + 1..].iter().copied().take_while(|t| !separators.contains(t)).collect();
        // A `PORT=…` assignment in front of the command, back to the previous separator.
        let before: Vec<&str> = tokens[..i].iter().rev().copied().take_while(|t| !separators.contains(t)).collect();
        // The last port flag wins, as with the CLIs themselves.
        let mut value = None;
        for (j, t) in rest.iter().enumerate() {
            if let Some(v) = t.strip_prefix("--port=").or_else(|| t.strip_prefix("-p=")) {
                value = Some(v);
            } else if (*t == "--port" || *t == "-p")
                && let Some(v) = rest.get(j + 1)
            {
                value = Some(*v);
            }
        }
        if value.is_none() {
            value = before.iter().find_map(|t| t.strip_prefix("PORT="));
        }
        // A wrapper that puts the dev server behind its own local URL (`portless myapp vite dev`
        // serves https://myapp.localhost and picks the server's port itself).
        if before.iter().any(|t| LOCAL_URL_WRAPPERS.contains(&t.rsplit('/').next().unwrap_or(t))) {
            return Some((tool, None, true));
        }
        let (port, unknown) = match value.map(|v| v.parse::<u16>()) {
            None => (None, false),
            Some(Ok(p)) if p > 0 => (Some(p), false),
            Some(_) => (None, true),
        };
        return Some((tool, port, unknown));
    }
    None
}

/// What `convex.json`'s `authKit` section asks the Convex CLI to register in WorkOS, per
/// deployment (`dev`, `preview`, `prod`), every value with its span. The one reader of that
/// section: deploy facts and the React app facts both build on it.
#[derive(Debug, Clone, Default)]
pub struct ConvexJsonAuthKit {
    /// `configure.redirectUris`, then `localEnvVars` `*REDIRECT_URI` values.
    pub redirect_uris: Vec<ConvexRedirectUri>,
    /// `configure.corsOrigins`: (deployment, origin, span).
    pub cors_origins: Vec<(String, String, Location)>,
    /// `authKit.preview.configure` is present.
    pub configures_preview: bool,
}

/// Reads `convex.json`'s `authKit` section; `None` when the file is not JSON(C) or has none.
pub fn convex_json_authkit(path: &str, text: &str) -> Option<ConvexJsonAuthKit> {
    let Ok(Some(value)) = parse_json(text) else { return None };
    let auth_kit = value.as_object().and_then(|o| o.get_object("authKit"))?;
    let mut out = ConvexJsonAuthKit {
        configures_preview: auth_kit.get_object("preview").is_some_and(|p| p.get_object("configure").is_some()),
        ..Default::default()
    };
    for deployment in ["dev", "preview", "prod"] {
        let Some(section) = auth_kit.get_object(deployment) else { continue };
        let configure = section.get_object("configure");
        if let Some(uris) = configure.and_then(|c| c.get_array("redirectUris")) {
            for uri in uris.elements.iter().filter_map(|e| e.as_string_lit()) {
                out.redirect_uris.push(ConvexRedirectUri {
                    deployment: deployment.into(),
                    uri: uri.value.to_string(),
                    env_var: None,
                    location: range_location(path, uri.range),
                });
            }
        }
        if let Some(origins) = configure.and_then(|c| c.get_array("corsOrigins")) {
            for origin in origins.elements.iter().filter_map(|e| e.as_string_lit()) {
                out.cors_origins.push((deployment.into(), origin.value.to_string(), range_location(path, origin.range)));
            }
        }
        if let Some(vars) = section.get_object("localEnvVars") {
            for prop in &vars.properties {
                let name = prop.name.as_str();
                if let (true, Some(value)) = (name.ends_with("REDIRECT_URI"), prop.value.as_string_lit()) {
                    out.redirect_uris.push(ConvexRedirectUri {
                        deployment: deployment.into(),
                        uri: value.value.to_string(),
                        env_var: Some(name.to_string()),
                        location: range_location(path, value.range),
                    });
                }
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn env_values_a_doc_tells_developers_to_set() {
        let text = "Set these:\n\n```\nVITE_WORKOS_API_HOSTNAME=api.workos.com\nexport WORKOS_API_HOSTNAME=\"auth.example.com\"\nWORKOS_API_HOSTNAME=\nOTHER=x\n```\nRun `WORKOS_API_HOSTNAME=a b`.\n";
        let found: Vec<(String, String)> =
            super::documented_env_in("README.md", text, crate::workos::HOSTNAME_VARS).into_iter().map(|(n, v, _)| (n, v)).collect();
        assert_eq!(
            found,
            vec![
                ("VITE_WORKOS_API_HOSTNAME".to_string(), "api.workos.com".to_string()),
                ("WORKOS_API_HOSTNAME".to_string(), "auth.example.com".to_string())
            ]
        );
        let (_, _, at) = &super::documented_env_in("README.md", text, crate::workos::HOSTNAME_VARS)[1];
        assert_eq!(&text[at.start..at.end], "WORKOS_API_HOSTNAME");
    }

    use super::*;

    #[test]
    fn netlify_toml_redirects() {
        let text = "[build]\n  base = \"apps/web\" # the app\n  publish = \"dist\"\n\n[[redirects]]\n  from = \"/*\"\n  to = '/index.html'\n  status = 200\n  [redirects.headers]\n    X = \"y\"\n\n[[redirects]]\nfrom = \"/old\"\nto = \"/new\"\n";
        let c = parse_netlify_toml("netlify.toml", text);
        assert_eq!(c.base.as_deref(), Some("apps/web"));
        assert_eq!(c.redirects.len(), 2);
        assert_eq!((c.redirects[0].from.as_str(), c.redirects[0].to.as_str(), c.redirects[0].status), ("/*", "/index.html", Some(200)));
        assert!(c.redirects[0].serves_index_for("/callback"));
        assert_eq!(&text[c.redirects[0].location.start..c.redirects[0].location.end], "[[redirects]]");
        assert_eq!(c.redirects[1].status, None);
        assert!(!c.redirects[1].serves_index_for("/callback"));
    }

    #[test]
    fn netlify_toml_never_panics_on_junk() {
        for text in [
            "[[redirects",
            "from = \"unterminated",
            "= 1\n[x]]\n",
            "a = [1,\n2",
            "\"\"\"",
            "[[redirects]]\nfrom = \"é\nto = 'x",
            "\u{feff}[build]\nx = 'é'",
        ] {
            let _ = parse_netlify_toml("n", text);
        }
        let c = parse_netlify_toml("n", "[[redirects]]\nfrom = [\"/*\",\n  \"/a\"]\nto = \"/index.html\"\nstatus = 200\n");
        assert!(c.redirects.is_empty());
    }

    #[test]
    fn redirects_file() {
        let rules =
            parse_redirects_file("public/_redirects", "# SPA\n/api/*  https://api.example.com/:splat  200\n/*    /index.html   200\n");
        assert_eq!(rules.len(), 2);
        assert!(!rules[0].serves_index_for("/callback"));
        assert!(rules[1].serves_index_for("/callback"));
        let rules = parse_redirects_file("r", "/*  /index.html\n");
        assert!(!rules[0].serves_index_for("/callback"), "a 301 changes the URL and drops the code");
    }

    #[test]
    fn vercel_rewrites() {
        let c = parse_vercel_json(
            "vercel.json",
            "{\n  // SPA\n  \"rewrites\": [{ \"source\": \"/((?!api/).*)\", \"destination\": \"/index.html\" }]\n}",
        );
        assert!(c.rewrites[0].serves_index_for("/callback"));
        assert!(!c.rewrites[0].serves_index_for("/api/callback"));
        let c = parse_vercel_json(
            "vercel.json",
            "{ \"routes\": [{ \"handle\": \"filesystem\" }, { \"src\": \"/.*\", \"dest\": \"/index.html\" }] }",
        );
        assert!(c.rewrites[0].serves_index_for("/callback"));
        assert!(parse_vercel_json("vercel.json", "{ \"rewrites\": [").parse_error.is_some());
        assert!(parse_vercel_json("vercel.json", "[]").parse_error.is_some());
    }

    #[test]
    fn dev_server_ports() {
        assert_eq!(dev_server_of("vite"), Some((DevTool::Vite, None, false)));
        assert_eq!(dev_server_of("vite --port 3000 --open"), Some((DevTool::Vite, Some(3000), false)));
        assert_eq!(dev_server_of("next dev -p 4000"), Some((DevTool::Next, Some(4000), false)));
        assert_eq!(dev_server_of("next dev --turbopack --port=4001"), Some((DevTool::Next, Some(4001), false)));
        assert_eq!(dev_server_of("PORT=3001 next dev"), Some((DevTool::Next, Some(3001), false)));
        assert_eq!(dev_server_of("next dev -p $PORT"), Some((DevTool::Next, None, true)));
        assert_eq!(dev_server_of("convex dev --start 'vite dev --port 3000'"), Some((DevTool::Vite, Some(3000), false)));
        assert_eq!(dev_server_of("portless nahtnam vite dev"), Some((DevTool::Vite, None, true)));
        assert_eq!(dev_server_of("bunx portless app next dev -p 3000"), Some((DevTool::Next, None, true)));
        assert_eq!(dev_server_of("tsc -b && vite build"), None);
        assert_eq!(dev_server_of("next start -p 80"), None);
        assert_eq!(dev_server_of("npm-run-all --parallel dev:frontend dev:backend"), None);
    }

    #[test]
    fn removed_command() {
        let text = "Run `npx convex auth add workos` then `npx  convex auth   add workos`; not `convex auth add github`.";
        let found = removed_command_in("README.md", text, 0, text.len());
        assert_eq!(found.len(), 2);
        assert_eq!(&text[found[0].start..found[0].end], "npx convex auth add workos");
    }
}
