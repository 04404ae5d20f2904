//! `authkit-doctor.json` at the project root: per-project settings.
//!
//! ```json
//! { "ignore": ["auth-config/missing-sso-provider"],
//!   "convexEnv": { "development": "convex-env.dev.txt", "production": "convex-env.prod.txt" } }
//! ```
//! Comments and trailing commas are allowed (JSONC). Paths are relative to the project root.

use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "authkit-doctor.json";

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ProjectConfig {
    pub ignore: Vec<String>,
    pub convex_env_dev: Option<PathBuf>,
    pub convex_env_prod: Option<PathBuf>,
}

/// Reads `authkit-doctor.json` from `root` if it exists. An invalid file is an input error.
pub fn load(root: &Path) -> Result<ProjectConfig, String> {
    let path = root.join(FILE_NAME);
    let Ok(text) = std::fs::read_to_string(&path) else { return Ok(ProjectConfig::default()) };
    parse(&text, root).map_err(|e| format!("{}: {e}", path.display()))
}

pub fn parse(text: &str, root: &Path) -> Result<ProjectConfig, String> {
    let value: Option<serde_json::Value> = jsonc_parser::parse_to_serde_value(text, &Default::default()).map_err(|e| e.to_string())?;
    let Some(serde_json::Value::Object(obj)) = value else { return Err("expected a JSON object".into()) };
    let mut config = ProjectConfig::default();
    for (key, value) in &obj {
        match key.as_str() {
            "ignore" => {
                let list = value.as_array().ok_or("`ignore` must be an array of rule ids")?;
                for item in list {
                    let id = item.as_str().ok_or("`ignore` must be an array of rule ids")?;
                    if crate::rules::find(id).is_none() {
                        return Err(format!("`ignore` names an unknown rule `{id}`"));
                    }
                    config.ignore.push(id.to_string());
                }
            }
            "convexEnv" => match value {
                serde_json::Value::String(dev) => config.convex_env_dev = Some(root.join(dev)),
                serde_json::Value::Object(map) => {
                    for (mode, path) in map {
                        let path = path.as_str().ok_or("`convexEnv` values must be file paths")?;
                        match mode.as_str() {
                            "development" | "dev" => config.convex_env_dev = Some(root.join(path)),
                            "production" | "prod" => config.convex_env_prod = Some(root.join(path)),
                            other => return Err(format!("`convexEnv` has an unknown key `{other}` (use development / production)")),
                        }
                    }
                }
                _ => return Err("`convexEnv` must be an object { development, production }".into()),
            },
            // Reserved for the env-mode selection; accepted so configs written for newer versions load.
            "env" | "$schema" => {}
            other => return Err(format!("unknown setting `{other}` (known: ignore, convexEnv, env)")),
        }
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_jsonc() {
        let c = parse(
            "{ // comment\n \"ignore\": [\"auth-config/missing-sso-provider\"], \"convexEnv\": { \"development\": \"a.txt\" }, }",
            Path::new("/p"),
        )
        .unwrap();
        assert_eq!(c.ignore, vec!["auth-config/missing-sso-provider"]);
        assert_eq!(c.convex_env_dev, Some(PathBuf::from("/p/a.txt")));
        assert!(parse("{\"ignore\": [\"nope/nope\"]}", Path::new("/")).is_err());
        assert!(parse("[1]", Path::new("/")).is_err());
        assert!(parse("{", Path::new("/")).is_err());
    }
}
