//! Env files of an app or package, lexed once with our own span-keeping lexer.

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
    /// Any other `.env.<name>` (a custom Vite mode, a backup).
    Other,
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
    pub env: Arc<EnvFile>,
    pub file: Arc<SourceFile>,
}

impl EnvFileFacts {
    pub fn from_file(file: Arc<SourceFile>) -> Self {
        let name = file.path.rsplit('/').next().unwrap_or(&file.path).to_string();
        let (mode, local) = classify(&name);
        EnvFileFacts { path: file.path.clone(), name, mode, local, env: Arc::new(env_file::lex(&file.text)), file }
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

pub fn load_all(paths: &[String], files: &mut Files) -> Vec<EnvFileFacts> {
    paths.iter().filter_map(|p| files.load(p)).map(EnvFileFacts::from_file).collect()
}

/// The build mode whose env a lookup resolves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Development,
    Production,
}

/// Where a variable's effective value comes from in `mode`, following the precedence Vite and
/// Next share: `.env.[mode].local` > `.env.local` > `.env.[mode]` > `.env`.
pub fn lookup<'a>(files: &'a [EnvFileFacts], key: &str, mode: Mode) -> Option<(&'a EnvFileFacts, &'a EnvEntry)> {
    let wanted = match mode {
        Mode::Development => EnvMode::Development,
        Mode::Production => EnvMode::Production,
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
    files.iter().any(|f| f.mode != EnvMode::Example && f.get(key).is_some())
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
    }
}
