//! The Convex deployment's environment variables, from the output of
//! `npx convex env list --include-values` saved to a file (`--convex-env`, `--convex-env-prod`,
//! or `convexEnv` in `authkit-doctor.json`).

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

    fn load(path: &Path, files: &mut Files) -> Result<Self, InputError> {
        let shown = if path.is_absolute() && path.starts_with(files.root()) {
            rel_path(files.root(), path)
        } else if path.is_relative() && files.root().join(path).is_file() {
            rel_path(Path::new(""), path)
        } else {
            path.display().to_string()
        };
        let abs = if path.is_relative() && files.root().join(path).is_file() { files.root().join(path) } else { path.to_path_buf() };
        let bytes = crate::read::argument_file(&abs, crate::read::MAX_TEXT_BYTES)
            .map_err(|e| InputError(format!("cannot read the Convex env file {}: {e}", path.display())))?;
        let file = files.insert(SourceFile::from_bytes(shown, bytes));
        if file.decoding == crate::source::Decoding::Binary {
            return Err(InputError(format!(
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
            return Err(InputError(format!(
                "{} holds no NAME=value lines: {}",
                path.display(),
                env_file::convex_env_list_message(&env.file.text, problem)
            )));
        }
        Ok(env)
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
        Ok(DeploymentEnvs {
            dev: options.convex_env_dev.as_deref().map(|p| DeploymentEnv::load(p, files)).transpose()?,
            prod: options.convex_env_prod.as_deref().map(|p| DeploymentEnv::load(p, files)).transpose()?,
        })
    }

    pub fn any(&self) -> bool {
        self.dev.is_some() || self.prod.is_some()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &DeploymentEnv)> {
        self.dev.iter().map(|d| ("development", d)).chain(self.prod.iter().map(|d| ("production", d)))
    }
}
