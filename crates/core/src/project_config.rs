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
    let text = match crate::read::project_file(&path, crate::read::MAX_TEXT_BYTES) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(crate::read::ReadError::NotFound) => return Ok(ProjectConfig::default()),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    parse(&text, root).map_err(|e| format!("{}: {e}", path.display()))
}

/// A path from the project config, resolved against `root`. It must stay inside the project:
/// the config comes with the project (a pull request can change it) and the file it names is
/// quoted in findings, so it may not point at `/etc/passwd` or `~/.env`, directly, through
/// `..`, or through a symlink. A file outside is still accepted from the command line.
fn inside_project(root: &Path, path: &str) -> Result<PathBuf, String> {
    let rel = Path::new(path);
    let escapes = rel.components().any(|c| !matches!(c, std::path::Component::Normal(_) | std::path::Component::CurDir));
    let outside = || format!("`convexEnv` path `{path}` is outside the project; pass a file outside it with --convex-env instead");
    if escapes {
        return Err(outside());
    }
    let joined = root.join(rel);
    if let (Ok(real), Ok(real_root)) = (std::fs::canonicalize(&joined), std::fs::canonicalize(root))
        && !real.starts_with(&real_root)
    {
        return Err(outside());
    }
    if std::fs::metadata(&joined).is_ok_and(|m| !m.is_file()) {
        return Err(format!("`convexEnv` path `{path}` is not a regular file"));
    }
    Ok(joined)
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
                serde_json::Value::String(dev) => config.convex_env_dev = Some(inside_project(root, dev)?),
                serde_json::Value::Object(map) => {
                    for (mode, path) in map {
                        let path = path.as_str().ok_or("`convexEnv` values must be file paths")?;
                        match mode.as_str() {
                            "development" | "dev" => config.convex_env_dev = Some(inside_project(root, path)?),
                            "production" | "prod" => config.convex_env_prod = Some(inside_project(root, path)?),
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

    #[test]
    fn convex_env_paths_stay_inside_the_project() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("dev.txt"), "A=1\n").unwrap();
        assert_eq!(parse(r#"{"convexEnv":"dev.txt"}"#, root).unwrap().convex_env_dev, Some(root.join("dev.txt")));
        for bad in ["/etc/passwd", "../outside.txt", "sub/../../x"] {
            let err = parse(&format!(r#"{{"convexEnv":{{"development":"{bad}"}}}}"#), root).unwrap_err();
            assert!(err.contains("outside the project"), "{bad}: {err}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/etc/hostname", root.join("link.txt")).unwrap();
            let err = parse(r#"{"convexEnv":"link.txt"}"#, root).unwrap_err();
            assert!(err.contains("outside the project"), "{err}");
            std::os::unix::fs::symlink("/dev/zero", root.join("zero.txt")).unwrap();
            assert!(parse(r#"{"convexEnv":"zero.txt"}"#, root).is_err());
        }
    }
}
