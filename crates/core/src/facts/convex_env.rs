//! The Convex deployment's environment variables, from the output of
//! `npx convex env list --include-values` saved to a file (`--convex-env`, `--convex-env-prod`,
//! or `convexEnv` in `authkit-doctor.json`), or already read from the Convex CLI
//! (`check --online`, [`DeploymentEnvText`]).

use super::{ExtractOptions, InputError};
use crate::env_file::{self, EnvEntry, EnvFile};
use crate::source::{Files, SourceFile, rel_path};
use std::path::Path;
use std::sync::Arc;

/// Variables Convex provides on every deployment itself: functions and `auth.config.ts` can
/// read them, and `npx convex env list` never prints them.
pub const SYSTEM_VARS: &[&str] = &["CONVEX_CLOUD_URL", "CONVEX_SITE_URL"];

#[derive(Debug, Clone)]
pub struct DeploymentEnv {
    /// The dump's path as shown in findings (relative to the root when inside it).
    pub path: String,
    pub env: Arc<EnvFile>,
    pub file: Arc<SourceFile>,
}

impl DeploymentEnv {
    pub fn get(&self, name: &str) -> Option<&EnvEntry> {
        self.env.get(name)
    }

    pub fn is_set(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Parses a dump already registered in `files`.
    pub fn from_file(file: Arc<SourceFile>) -> Self {
        DeploymentEnv { path: file.path.clone(), env: Arc::new(env_file::lex_convex_env_list(&file.text)), file }
    }

    /// Registers output already read (the Convex CLI's) in `files` under `text.shown` and
    /// parses it. The caller decided it is a dump ([`DeploymentEnvText::usable`]).
    fn from_text(text: &DeploymentEnvText, files: &mut Files) -> Self {
        DeploymentEnv::from_file(files.insert(SourceFile::new(text.shown.clone(), text.text.clone(), crate::source::Decoding::Utf8)))
    }

    fn load(path: &Path, files: &mut Files, prod: bool) -> Result<Self, InputError> {
        let shown = if path.is_absolute() && path.starts_with(files.root()) {
            rel_path(files.root(), path)
        } else if path.is_relative() && files.root().join(path).is_file() {
            rel_path(Path::new(""), path)
        } else {
            path.display().to_string()
        };
        let abs = if path.is_relative() && files.root().join(path).is_file() { files.root().join(path) } else { path.to_path_buf() };
        let bytes = crate::read::argument_file(&abs, crate::read::MAX_TEXT_BYTES)
            .map_err(|e| InputError::new(format!("cannot read the Convex env file {}: {e}", path.display())))?;
        let file = files.insert(SourceFile::from_bytes(shown, bytes));
        if file.decoding == crate::source::Decoding::Binary {
            return Err(InputError::new(format!(
                "{} is not a text file; expected the output of `npx convex env list --include-values`",
                path.display()
            )));
        }
        let env = DeploymentEnv::from_file(file);
        // A dump with no values at all (names only, or a pasted error) would make every variable
        // look unset; refuse it instead of reporting false findings.
        if env.env.entries.is_empty()
            && let Some(problem) = env.env.problems.first()
        {
            // The path as read: a relative one may have been found in the project root, not here.
            let read = if abs == path { path.display().to_string() } else { abs.display().to_string() };
            return Err(InputError::new(not_a_dump_message(&read, &env.file.text, problem, prod)));
        }
        Ok(env)
    }
}

/// Why a `--convex-env` file with no `NAME=value` line is refused: the file, its first line
/// that does not fit (masked when it may hold a secret), and the command that writes the
/// right file.
fn not_a_dump_message(path: &str, text: &str, problem: &env_file::EnvProblem, prod: bool) -> String {
    let reason = match env_file::convex_env_list_message(text, problem) {
        // The generic wording ("this line is not a NAME=value line … so it is ignored") reads
        // as if the rest were fine; with no line fitting, the whole file is the wrong one.
        generic if generic.ends_with("so it is ignored") => {
            "nothing in it looks like `npx convex env list --include-values` output".to_string()
        }
        specific => specific,
    };
    let line = text.get(problem.span.clone()).unwrap_or("").lines().next().unwrap_or("").trim();
    let (command, flag, file) = if prod {
        ("npx convex env list --prod --include-values", "--convex-env-prod", "prod-env.txt")
    } else {
        ("npx convex env list --include-values", "--convex-env", "dev-env.txt")
    };
    format!(
        "{path} holds no NAME=value line: {reason}\n  first line that does not fit, line {}: {}\n\
         write the right file with: {command} > {file}  (then pass {flag} {file})",
        problem.line,
        shown_line(line)
    )
}

/// A line of a file the user passed, fit to quote in a message: secrets masked (also the value
/// of a `SECRET_NAME: value` line, which is not NAME=value and so not registered anywhere),
/// control characters made visible, at most 100 characters.
fn shown_line(line: &str) -> String {
    let name_end = line.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(line.len());
    let masked = if name_end > 0 && name_end < line.len() && crate::redact::is_secret_name(&line[..name_end]) {
        let value_start = line[name_end..].find(|c: char| c.is_alphanumeric()).map_or(line.len(), |i| name_end + i);
        format!("{}{}", &line[..value_start], crate::redact::mask(&line[value_start..]))
    } else {
        crate::redact::Redactor::new().redact(line).into_owned()
    };
    let visible = crate::redact::sanitize(&masked).into_owned();
    if visible.chars().count() > 100 { format!("{}…", visible.chars().take(99).collect::<String>()) } else { visible }
}

/// A deployment env already read, not a file: `check --online` runs the Convex CLI and passes
/// what it printed. It replaces the file of the same deployment (`--convex-env`, or
/// `--convex-env-prod` when `production`, and `convexEnv` in `authkit-doctor.json`).
#[derive(Debug, Clone)]
pub struct DeploymentEnvText {
    /// What findings show as its path: the command line that printed it.
    pub shown: String,
    pub text: String,
    pub production: bool,
}

impl DeploymentEnvText {
    /// Whether `text` is `npx convex env list --include-values` output: at least one
    /// `NAME=value` line, or nothing but the CLI's "No environment variables set" (an empty
    /// deployment). Otherwise, why not, in words.
    pub fn usable(text: &str) -> Result<(), String> {
        let env = env_file::lex_convex_env_list(text);
        if !env.entries.is_empty() {
            return Ok(());
        }
        match env.problems.as_slice() {
            [] => Ok(()),
            [only] if text.get(only.span.clone()).is_some_and(|l| l.trim_start().starts_with("No environment variables set")) => Ok(()),
            [first, ..] => Err(env_file::convex_env_list_message(text, first)),
        }
    }
}

/// The dev and prod deployment envs, when the user supplied them.
#[derive(Debug, Default, Clone)]
pub struct DeploymentEnvs {
    pub dev: Option<DeploymentEnv>,
    pub prod: Option<DeploymentEnv>,
}

impl DeploymentEnvs {
    pub fn load(options: &ExtractOptions, files: &mut Files) -> Result<Self, InputError> {
        let text = |production: bool| options.convex_env_text.as_ref().filter(|t| t.production == production);
        Ok(DeploymentEnvs {
            dev: match text(false) {
                Some(t) => Some(DeploymentEnv::from_text(t, files)),
                None => options.convex_env_dev.as_deref().map(|p| DeploymentEnv::load(p, files, false)).transpose()?,
            },
            prod: match text(true) {
                Some(t) => Some(DeploymentEnv::from_text(t, files)),
                None => options.convex_env_prod.as_deref().map(|p| DeploymentEnv::load(p, files, true)).transpose()?,
            },
        })
    }

    pub fn any(&self) -> bool {
        self.dev.is_some() || self.prod.is_some()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &DeploymentEnv)> {
        self.dev.iter().map(|d| ("development", d)).chain(self.prod.iter().map(|d| ("production", d)))
    }
}

#[cfg(test)]
mod tests {
    use super::DeploymentEnvText;

    #[test]
    fn cli_output_is_usable_when_it_is_a_dump_or_an_empty_deployment() {
        assert!(DeploymentEnvText::usable("WORKOS_CLIENT_ID=client_01X\n").is_ok());
        assert!(DeploymentEnvText::usable("").is_ok(), "a deployment without variables");
        assert!(DeploymentEnvText::usable("No environment variables set.\n").is_ok());
        let names_only = DeploymentEnvText::usable("WORKOS_CLIENT_ID\nWORKOS_API_KEY\n").unwrap_err();
        assert!(names_only.contains("--include-values"), "{names_only}");
        assert!(DeploymentEnvText::usable("Error: something went wrong\n").is_err());
    }
}
