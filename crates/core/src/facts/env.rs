//! Env files of an app or package, lexed once with our own span-keeping lexer, and what the
//! tools around them do with them: which files each bundler loads in which order
//! ([`Bundler::precedence`]), which names reach the browser ([`Bundler::public_prefixes`]),
//! which variables each AuthKit SDK needs, and what an `sk_test_`/`sk_live_` value is
//! ([`SecretKey`]: a WorkOS key decodes to `key_<ULID>,<secret>`; a Stripe key does not).

use crate::discover::{Framework, PackageJson};
use crate::env_file::{self, EnvEntry, EnvFile};
use crate::source::{Files, SourceFile};
use std::sync::Arc;

/// Which mode an env file applies to, from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnvMode {
    /// `.env`, `.env.local`: every mode.
    All,
    Development,
    Production,
    Test,
    /// `.env.example`, `.env.local.example`, `.env.sample`, `.env.template`: documentation only.
    Example,
    /// Any other `.env.<name>` (a custom Vite mode, a staging file).
    Other,
    /// A copy kept aside (`.env.bak`, `.env.local.backup`, `.env.old`): no tool loads it.
    Backup,
}

impl EnvMode {
    /// Whether a framework or the Convex CLI loads files of this kind: not an example, not a
    /// backup copy.
    pub fn is_loaded(self) -> bool {
        !matches!(self, EnvMode::Example | EnvMode::Backup)
    }
}

#[derive(Debug, Clone)]
pub struct EnvFileFacts {
    /// Relative path.
    pub path: String,
    /// File name (`.env.local`).
    pub name: String,
    pub mode: EnvMode,
    /// A `.local` file (machine-specific, normally git-ignored).
    pub local: bool,
    /// The file belongs to this working copy, not to the repository: a `.local` file, or one
    /// git ignores or does not track. A fresh clone has none of these.
    pub working_copy: bool,
    pub env: Arc<EnvFile>,
    pub file: Arc<SourceFile>,
}

impl EnvFileFacts {
    pub fn from_file(file: Arc<SourceFile>) -> Self {
        let name = file.path.rsplit('/').next().unwrap_or(&file.path).to_string();
        let (mode, local) = classify(&name);
        EnvFileFacts { path: file.path.clone(), name, mode, local, working_copy: local, env: Arc::new(env_file::lex(&file.text)), file }
    }

    pub fn get(&self, key: &str) -> Option<&EnvEntry> {
        self.env.get(key)
    }
}

/// Mode and locality of an env file name.
pub fn classify(name: &str) -> (EnvMode, bool) {
    let rest = name.strip_prefix(".env").unwrap_or(name);
    let parts: Vec<&str> = rest.split('.').filter(|p| !p.is_empty()).collect();
    if parts.iter().any(|p| matches!(*p, "example" | "sample" | "template" | "dist" | "defaults")) {
        return (EnvMode::Example, false);
    }
    if parts.iter().any(|p| matches!(*p, "bak" | "backup" | "old" | "orig" | "copy" | "save" | "tmp" | "prev")) || name.ends_with('~') {
        return (EnvMode::Backup, false);
    }
    let local = parts.last() == Some(&"local");
    let mode_part = parts.iter().find(|p| **p != "local");
    let mode = match mode_part.copied() {
        None => EnvMode::All,
        Some("development" | "dev") => EnvMode::Development,
        Some("production" | "prod") => EnvMode::Production,
        Some("test") => EnvMode::Test,
        Some(_) => EnvMode::Other,
    };
    (mode, local)
}

pub fn load_all(paths: &[String], files: &mut Files, git: &super::git::GitFacts) -> Vec<EnvFileFacts> {
    paths
        .iter()
        .filter_map(|p| files.load(p))
        .map(EnvFileFacts::from_file)
        .map(|mut f| {
            f.working_copy |= git.is_ignored(&f.path) == Some(true) || git.is_tracked(&f.path) == Some(false);
            f
        })
        .collect()
}

/// The build mode whose env a lookup resolves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Development,
    Production,
    /// `NODE_ENV=test` (Jest, Vitest): Next, Expo and CRA skip `.env.local` then.
    Test,
}

impl Mode {
    /// The mode's name as it appears in env file names (`.env.development`).
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Development => "development",
            Mode::Production => "production",
            Mode::Test => "test",
        }
    }
}

/// Where a variable's effective value comes from in `mode`, following the precedence Vite and
/// Next share: `.env.[mode].local` > `.env.local` > `.env.[mode]` > `.env`.
pub fn lookup<'a>(files: &'a [EnvFileFacts], key: &str, mode: Mode) -> Option<(&'a EnvFileFacts, &'a EnvEntry)> {
    let wanted = match mode {
        Mode::Development => EnvMode::Development,
        Mode::Production => EnvMode::Production,
        Mode::Test => EnvMode::Test,
    };
    let rank = |f: &EnvFileFacts| match (f.mode, f.local) {
        (m, true) if m == wanted => Some(0),
        (EnvMode::All, true) => Some(1),
        (m, false) if m == wanted => Some(2),
        (EnvMode::All, false) => Some(3),
        _ => None,
    };
    files
        .iter()
        .filter_map(|f| Some((rank(f)?, f)))
        .filter_map(|(r, f)| f.get(key).map(|e| (r, f, e)))
        .min_by_key(|(r, _, _)| *r)
        .map(|(_, f, e)| (f, e))
}

/// Whether any non-example env file defines `key`.
pub fn defined_anywhere(files: &[EnvFileFacts], key: &str) -> bool {
    files.iter().any(|f| f.mode.is_loaded() && f.get(key).is_some())
}

// ---------------------------------------------------------------------------------------------
// Per-framework env resolution
// ---------------------------------------------------------------------------------------------

/// Which tool loads an app's env files: it decides the precedence of the files and which names
/// reach the browser bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bundler {
    /// Vite, and the frameworks built on it (a React SPA, TanStack Start, React Router, Remix on
    /// Vite): `.env` < `.env.local` < `.env.[mode]` < `.env.[mode].local`; `VITE_` is public.
    Vite,
    /// SvelteKit: Vite's loading order; `PUBLIC_` (`$env/*/public`) and `VITE_`
    /// (`import.meta.env`) are public.
    SvelteKit,
    /// Next.js (`@next/env`): highest first `.env.[mode].local`, `.env.local` (skipped in test),
    /// `.env.[mode]`, `.env`; `NEXT_PUBLIC_` is public.
    Next,
    /// Expo (`@expo/env`, same order as Next); `EXPO_PUBLIC_` is public.
    Expo,
    /// Create React App (`react-scripts`, same order as Next); `REACT_APP_` is public.
    CreateReactApp,
    /// Not recognised: Next's order is assumed, and every public prefix counts as public.
    Unknown,
}

/// Every name prefix some bundler inlines into browser code.
pub const PUBLIC_PREFIXES: &[&str] = &["NEXT_PUBLIC_", "VITE_", "EXPO_PUBLIC_", "REACT_APP_", "PUBLIC_"];

pub use crate::sdk::{BROWSER_SDKS, SERVER_SDKS};

/// The variables every server SDK reads (`src/env-variables.ts` of authkit-nextjs and the
/// equivalents of the other server SDKs).
pub const SERVER_REQUIRED_VARS: &[&str] = &["WORKOS_CLIENT_ID", "WORKOS_API_KEY", "WORKOS_COOKIE_PASSWORD"];

/// iron-session refuses shorter passwords ("Password string too short (min 32 characters required)").
pub const MIN_COOKIE_PASSWORD_CHARS: usize = 32;

/// Variables the bundler sets itself: reading them is never a missing-variable problem.
pub const BUILTIN_VARS: &[&str] = &["NODE_ENV", "MODE", "DEV", "PROD", "SSR", "BASE_URL", "PUBLIC_URL", "NEXT_RUNTIME", "TZ"];

impl Bundler {
    /// The bundler of an app, from its framework and its `package.json`.
    pub fn of(framework: Framework, package: &PackageJson) -> Bundler {
        let vite = package.depends_on("vite");
        match framework {
            Framework::Nextjs => Bundler::Next,
            Framework::Expo => Bundler::Expo,
            Framework::Sveltekit => Bundler::SvelteKit,
            // React Router 7's framework mode and TanStack Start always build with Vite.
            Framework::TanstackStart | Framework::ReactRouter => Bundler::Vite,
            Framework::ViteReact if package.depends_on("react-scripts") => Bundler::CreateReactApp,
            Framework::ViteReact | Framework::Remix | Framework::Unknown if vite => Bundler::Vite,
            _ => Bundler::Unknown,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Bundler::Vite => "Vite",
            Bundler::SvelteKit => "SvelteKit",
            Bundler::Next => "Next.js",
            Bundler::Expo => "Expo",
            Bundler::CreateReactApp => "Create React App",
            Bundler::Unknown => "the bundler",
        }
    }

    /// Name prefixes this bundler inlines into browser code.
    pub fn public_prefixes(self) -> &'static [&'static str] {
        match self {
            Bundler::Vite => &["VITE_"],
            Bundler::SvelteKit => &["PUBLIC_", "VITE_"],
            Bundler::Next => &["NEXT_PUBLIC_"],
            Bundler::Expo => &["EXPO_PUBLIC_"],
            Bundler::CreateReactApp => &["REACT_APP_"],
            Bundler::Unknown => PUBLIC_PREFIXES,
        }
    }

    /// The public prefix `name` starts with, if the bundler exposes it to the browser.
    pub fn public_prefix_of(self, name: &str) -> Option<&'static str> {
        self.public_prefixes().iter().copied().find(|p| name.starts_with(p) && name.len() > p.len())
    }

    /// Vite's order (mode-specific files beat `.env.local`) or dotenv-flow's (`.env.local` beats
    /// `.env.[mode]`).
    fn vite_order(self) -> bool {
        matches!(self, Bundler::Vite | Bundler::SvelteKit)
    }

    /// The load order as a sentence, highest precedence first, for messages.
    pub fn order_description(self, mode: Mode) -> String {
        let m = mode.as_str();
        if self.vite_order() {
            format!("{}: .env.{m}.local > .env.{m} > .env.local > .env", self.name())
        } else if mode == Mode::Test {
            format!("{}: .env.{m}.local > .env.{m} > .env (.env.local is skipped in test)", self.name())
        } else {
            format!("{}: .env.{m}.local > .env.local > .env.{m} > .env", self.name())
        }
    }

    /// Rank of an env file when this bundler resolves `mode` (0 wins), or `None` when the file
    /// is not loaded in that mode. Only the exact names count: Vite's default dev mode is
    /// `development`, so `.env.dev` is not loaded by `vite dev`.
    pub fn precedence(self, file: &EnvFileFacts, mode: Mode) -> Option<u8> {
        let rest = file.name.strip_prefix(".env")?;
        let mode_file = format!(".{}", mode.as_str());
        let mode_local = format!(".{}.local", mode.as_str());
        let local = rest == ".local";
        if self.vite_order() {
            return match rest {
                r if r == mode_local => Some(0),
                r if r == mode_file => Some(1),
                ".local" => Some(2),
                "" => Some(3),
                _ => None,
            };
        }
        if local && mode == Mode::Test {
            return None;
        }
        match rest {
            r if r == mode_local => Some(0),
            ".local" => Some(1),
            r if r == mode_file => Some(2),
            "" => Some(3),
            _ => None,
        }
    }

    /// The files this bundler loads for `mode`, highest precedence first.
    pub fn files_for(self, files: &[EnvFileFacts], mode: Mode) -> Vec<&EnvFileFacts> {
        let mut ranked: Vec<(u8, &EnvFileFacts)> = files.iter().filter_map(|f| Some((self.precedence(f, mode)?, f))).collect();
        ranked.sort_by_key(|(rank, f)| (*rank, f.path.clone()));
        ranked.into_iter().map(|(_, f)| f).collect()
    }

    /// Every definition of `key` the bundler sees in `mode`, the winning one first.
    pub fn definitions<'a>(self, files: &'a [EnvFileFacts], key: &str, mode: Mode) -> Vec<(&'a EnvFileFacts, &'a EnvEntry)> {
        self.files_for(files, mode).into_iter().filter_map(|f| Some((f, f.get(key)?))).collect()
    }

    /// Where `key`'s effective value comes from in `mode`.
    pub fn resolve<'a>(self, files: &'a [EnvFileFacts], key: &str, mode: Mode) -> Option<(&'a EnvFileFacts, &'a EnvEntry)> {
        self.definitions(files, key, mode).into_iter().next()
    }
}

/// Whether `files` holds at least one real (non-example) env file. A fresh clone usually has
/// only `.env.example`; then there is nothing to check values against.
pub fn has_real_files(files: &[EnvFileFacts]) -> bool {
    files.iter().any(|f| f.mode.is_loaded())
}

/// Whether this working copy has env files of its own (`.env.local`, or any env file git
/// ignores or does not track). Without one — a fresh clone, a CI checkout — a variable that no
/// committed file defines may well be in the `.env.local` a developer creates: missing is then
/// unknown, not wrong.
pub fn has_local_env(files: &[EnvFileFacts]) -> bool {
    files.iter().any(|f| f.mode.is_loaded() && f.working_copy)
}

/// The server SDK an app's package depends on, if any.
pub fn server_sdk(package: &PackageJson) -> Option<&'static str> {
    SERVER_SDKS.iter().copied().find(|p| package.depends_on(p))
}

/// The browser SDK an app's package depends on, if any.
pub fn browser_sdk(package: &PackageJson) -> Option<&'static str> {
    BROWSER_SDKS.iter().copied().find(|p| package.depends_on(p))
}

/// A variable the doctor cares about: WorkOS or Convex configuration.
pub fn is_auth_var(key: &str) -> bool {
    key.contains("WORKOS") || key.contains("CONVEX")
}

/// Whether a value refers to other variables (`$NAME`, `${NAME}`): Next.js and Vite expand
/// these (dotenv-expand), so the final value is not what the file says.
pub fn references_other_vars(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.iter().enumerate().any(|(i, b)| {
        *b == b'$'
            && (i == 0 || bytes[i - 1] != b'\\')
            && bytes.get(i + 1).is_some_and(|n| *n == b'{' || n.is_ascii_alphabetic() || *n == b'_')
    })
}

/// A value's length as JavaScript counts it (UTF-16 code units): what iron-session compares
/// with 32.
pub fn js_length(value: &str) -> usize {
    value.encode_utf16().count()
}

/// Whether a value is an obvious placeholder: `client_...`, `sk_test_xxx`, `<your key>`,
/// `replace-me`, `changeme`, `TODO`.
pub fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    let body = ["client_", "sk_test_", "sk_live_"].iter().find_map(|p| v.strip_prefix(p)).unwrap_or(v);
    let lower = v.to_ascii_lowercase();
    body.is_empty()
        || body.chars().all(|c| matches!(c, '.' | '*' | 'x' | 'X' | '…' | '-' | '_'))
        || (v.starts_with('<') && v.ends_with('>'))
        || ["your", "replace", "changeme", "change-me", "change_me", "todo", "placeholder"].iter().any(|w| lower.contains(w))
}

// ---------------------------------------------------------------------------------------------
// Secret keys
// ---------------------------------------------------------------------------------------------

/// What an `sk_test_…`/`sk_live_…` value is. WorkOS and Stripe share the prefix; WorkOS keys
/// are the unpadded base64 of `key_<26-char ULID>,<secret>`, which tells them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretKeyKind {
    /// Decodes to `key_<ULID>,<secret>`.
    Workos,
    /// Starts like a WorkOS key (base64 of `key_`) but does not decode to the whole shape: cut
    /// short, or edited.
    WorkosDamaged,
    /// A Stripe secret key (`sk_live_51…`, about 100 characters after the prefix).
    Stripe,
    /// Anything else after the prefix (an older WorkOS key format, another service's key).
    Unrecognized,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecretKey {
    /// `sk_live_` (a production environment) rather than `sk_test_` (staging / sandbox).
    pub live: bool,
    pub kind: SecretKeyKind,
}

impl SecretKey {
    /// Classifies a value that starts with `sk_test_`/`sk_live_`; `None` for anything else.
    pub fn parse(value: &str) -> Option<SecretKey> {
        let (live, body) = if let Some(b) = value.strip_prefix("sk_live_") { (true, b) } else { (false, value.strip_prefix("sk_test_")?) };
        let kind = if decodes_to_workos_key(body) {
            SecretKeyKind::Workos
        } else if body.starts_with("a2V5X") {
            // "a2V5X" is base64 for "key_" (plus two bits of the next byte).
            SecretKeyKind::WorkosDamaged
        } else if body.starts_with("51") && body.len() >= 90 && body.bytes().all(|b| b.is_ascii_alphanumeric()) {
            SecretKeyKind::Stripe
        } else {
            SecretKeyKind::Unrecognized
        };
        Some(SecretKey { live, kind })
    }

    pub fn is_workos(self) -> bool {
        matches!(self.kind, SecretKeyKind::Workos | SecretKeyKind::WorkosDamaged)
    }

    /// "a WorkOS API key", "a Stripe secret key", …, for messages.
    pub fn describe(self) -> &'static str {
        match self.kind {
            SecretKeyKind::Workos | SecretKeyKind::WorkosDamaged => "a WorkOS API key",
            SecretKeyKind::Stripe => "a Stripe secret key",
            SecretKeyKind::Unrecognized => "a secret key",
        }
    }

    pub fn environment(self) -> &'static str {
        if self.live { "production (sk_live_)" } else { "staging/test (sk_test_)" }
    }
}

/// Whether `body` is the base64 (standard or URL-safe, padding optional) of
/// `key_<26 Crockford base32 chars>,<secret>`.
fn decodes_to_workos_key(body: &str) -> bool {
    let Some(bytes) = decode_base64(body) else { return false };
    let Ok(text) = std::str::from_utf8(&bytes) else { return false };
    let Some(rest) = text.strip_prefix("key_") else { return false };
    let Some((ulid, secret)) = rest.split_once(',') else { return false };
    crate::workos::is_client_id(&format!("client_{ulid}"))
        && secret.len() >= 8
        && secret.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
}

/// Decodes base64 with either alphabet, padding optional. `None` on any other character or an
/// impossible length.
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    if text.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for b in text.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// Whether an env entry holds a secret worth protecting: a secret-named variable
/// ([`crate::redact::is_secret_name`]) with a real value, or any `sk_test_`/`sk_live_` key.
pub fn holds_secret(entry: &EnvEntry) -> bool {
    let value = entry.value.trim();
    if value.is_empty() || is_placeholder(value) {
        return false;
    }
    crate::redact::is_api_key(value)
        || (crate::redact::is_secret_name(&entry.key) && value.chars().count() >= crate::redact::MIN_SECRET_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(classify(".env"), (EnvMode::All, false));
        assert_eq!(classify(".env.local"), (EnvMode::All, true));
        assert_eq!(classify(".env.production.local"), (EnvMode::Production, true));
        assert_eq!(classify(".env.development"), (EnvMode::Development, false));
        assert_eq!(classify(".env.local.example"), (EnvMode::Example, false));
        assert_eq!(classify(".env.example"), (EnvMode::Example, false));
        assert_eq!(classify(".env.staging"), (EnvMode::Other, false));
        assert_eq!(classify(".env.bak"), (EnvMode::Backup, false));
        assert_eq!(classify(".env.local.backup"), (EnvMode::Backup, false));
        assert!(!EnvMode::Backup.is_loaded() && !EnvMode::Example.is_loaded() && EnvMode::Other.is_loaded());
    }

    fn file(name: &str, text: &str) -> EnvFileFacts {
        EnvFileFacts::from_file(Arc::new(SourceFile::new(name, text.to_string(), crate::source::Decoding::Utf8)))
    }

    fn winner(bundler: Bundler, files: &[EnvFileFacts], mode: Mode) -> Option<String> {
        bundler.resolve(files, "X", mode).map(|(f, _)| f.name.clone())
    }

    #[test]
    fn precedence_per_bundler() {
        let all = [
            file(".env", "X=base"),
            file(".env.local", "X=local"),
            file(".env.development", "X=dev"),
            file(".env.development.local", "X=devlocal"),
            file(".env.production", "X=prod"),
            file(".env.test", "X=test"),
            file(".env.dev", "X=custom-mode"),
            file(".env.example", "X=doc"),
        ];
        for bundler in [Bundler::Vite, Bundler::Next] {
            assert_eq!(winner(bundler, &all, Mode::Development).as_deref(), Some(".env.development.local"));
            let order: Vec<&str> = bundler.definitions(&all, "X", Mode::Development).iter().map(|(f, _)| f.name.as_str()).collect();
            let expected = match bundler {
                Bundler::Vite => [".env.development.local", ".env.development", ".env.local", ".env"],
                _ => [".env.development.local", ".env.local", ".env.development", ".env"],
            };
            assert_eq!(order, expected, "{bundler:?}");
        }
        // Vite: a mode file beats .env.local; Next: .env.local beats a mode file.
        let two = [file(".env.local", "X=local"), file(".env.production", "X=prod")];
        assert_eq!(winner(Bundler::Vite, &two, Mode::Production).as_deref(), Some(".env.production"));
        assert_eq!(winner(Bundler::Next, &two, Mode::Production).as_deref(), Some(".env.local"));
        // Next skips .env.local in test; Vite does not.
        let test = [file(".env", "X=base"), file(".env.local", "X=local")];
        assert_eq!(winner(Bundler::Next, &test, Mode::Test).as_deref(), Some(".env"));
        assert_eq!(winner(Bundler::Vite, &test, Mode::Test).as_deref(), Some(".env.local"));
        // Example files and other modes are never loaded.
        assert_eq!(winner(Bundler::Vite, &[file(".env.example", "X=1"), file(".env.dev", "X=2")], Mode::Development), None);
        assert!(!has_real_files(&[file(".env.example", "X=1")]));
        assert!(has_real_files(&[file(".env.example", "X=1"), file(".env.production", "")]));
    }

    #[test]
    fn public_prefixes() {
        assert_eq!(Bundler::Vite.public_prefix_of("VITE_WORKOS_API_KEY"), Some("VITE_"));
        assert_eq!(Bundler::Vite.public_prefix_of("NEXT_PUBLIC_X"), None);
        assert_eq!(Bundler::SvelteKit.public_prefix_of("PUBLIC_X"), Some("PUBLIC_"));
        assert_eq!(Bundler::Next.public_prefix_of("NEXT_PUBLIC_X"), Some("NEXT_PUBLIC_"));
        assert_eq!(Bundler::Next.public_prefix_of("NEXT_PUBLIC_"), None);
        assert_eq!(Bundler::Unknown.public_prefix_of("EXPO_PUBLIC_X"), Some("EXPO_PUBLIC_"));
    }

    /// Base64 of `key_<ULID>,<secret>`, as WorkOS issues them.
    fn workos_key(prefix: &str, ulid: &str, secret: &str) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let data = format!("key_{ulid},{secret}").into_bytes();
        let mut out = String::from(prefix);
        for chunk in data.chunks(3) {
            let n = chunk.iter().enumerate().fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
            for i in 0..=chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            }
        }
        out
    }

    #[test]
    fn workos_keys_are_told_from_stripe_keys() {
        let key = workos_key("sk_test_", "01JN9ADJ6FGF1HH8P4ZAH87BZ5", "L97YCU8ko7P7K9toEtbAGUIKQ");
        assert_eq!(key, "sk_test_a2V5XzAxSk45QURKNkZHRjFISDhQNFpBSDg3Qlo1LEw5N1lDVThrbzdQN0s5dG9FdGJBR1VJS1E");
        assert_eq!(SecretKey::parse(&key), Some(SecretKey { live: false, kind: SecretKeyKind::Workos }));
        let live = workos_key("sk_live_", "01JN9ADJ6FGF1HH8P4ZAH87BZ5", "L97YCU8ko7P7K9toEtbAGUIKQ");
        assert_eq!(SecretKey::parse(&live), Some(SecretKey { live: true, kind: SecretKeyKind::Workos }));
        // Cut short: still recognisably WorkOS, but damaged.
        assert_eq!(SecretKey::parse(&key[..40]).map(|k| k.kind), Some(SecretKeyKind::WorkosDamaged));
        // A Stripe key shares the prefix.
        let stripe = format!("sk_live_51{}", "Hq7LyjWDarjtT1zdp7dc0123456789abcdefABCDEF".repeat(3));
        assert_eq!(SecretKey::parse(&stripe).map(|k| k.kind), Some(SecretKeyKind::Stripe));
        assert!(!SecretKey::parse(&stripe).unwrap().is_workos());
        // The old documentation example and other vendors: not decodable, not claimed.
        assert_eq!(SecretKey::parse("sk_test_Sz3IQjepeSWaI4cMS4ms4sMuU").map(|k| k.kind), Some(SecretKeyKind::Unrecognized));
        assert_eq!(SecretKey::parse("pk_test_abc"), None);
        // A bad ULID inside (an `I`) is not a WorkOS key.
        let bad = workos_key("sk_test_", "01JN9ADJ6FGF1HH8P4ZAH87BZI", "L97YCU8ko7P7K9toEtbAGUIKQ");
        assert_eq!(SecretKey::parse(&bad).map(|k| k.kind), Some(SecretKeyKind::WorkosDamaged));
        // URL-safe alphabet and padding are accepted.
        assert_eq!(decode_base64("a2V5Xw=="), Some(b"key_".to_vec()));
        assert_eq!(decode_base64("-_8"), Some(vec![0xfb, 0xff]));
        assert_eq!(decode_base64("a"), None);
        assert_eq!(decode_base64("a2V5X!"), None);
    }

    #[test]
    fn example_keys_in_this_repository_are_workos_keys() {
        for key in [
            "sk_test_a2V5XzAxSk45QURKNkZHRjFISDhQNFpBSDg3Qlo1LEw5N1lDVThrbzdQN0s5dG9FdGJBR1VJS1E",
            "sk_test_a2V5XzAxSlZENFZYS0Q3TkhTUkVWNFNUMFhENlAxLFh0WEFRazBKQ2JMUkV3SlpydTBYNXBrZUs",
        ] {
            assert_eq!(SecretKey::parse(key).map(|k| k.kind), Some(SecretKeyKind::Workos), "{key}");
        }
    }

    #[test]
    fn placeholders_and_secrets() {
        for v in ["client_...", "sk_test_...", "sk_test_xxxxxxxx", "<your api key>", "replace-with-a-random-string", "changeme", ""] {
            assert!(is_placeholder(v), "{v}");
        }
        for v in ["client_01JCPX3DEJZDNW4GCA5WQCYMFS", "sk_test_a2V5XzAx", "https://notes.example.com/callback"] {
            assert!(!is_placeholder(v), "{v}");
        }
        let env = env_file::lex(
            "WORKOS_API_KEY=sk_test_...\nWORKOS_COOKIE_PASSWORD=0123456789abcdef0123456789abcdef\nX=sk_live_0123456789abcdef\nWORKOS_CLIENT_ID=client_01JCPX3DEJZDNW4GCA5WQCYMFS\n",
        );
        let secret: Vec<bool> = env.entries.iter().map(holds_secret).collect();
        assert_eq!(secret, [false, true, true, false]);
        assert_eq!(js_length("é🙂"), 3);
        for v in ["${WORKOS_CLIENT_ID_STAGING}", "$WORKOS_CLIENT_ID", "pre-${X}-post"] {
            assert!(references_other_vars(v), "{v}");
        }
        for v in ["client_01JCPX3DEJZDNW4GCA5WQCYMFS", "price: 5$", "a\\$b", "$1"] {
            assert!(!references_other_vars(v), "{v}");
        }
    }
}
