//! Deploy-platform and bundler config of an app: `netlify.toml`, `_redirects`, `vercel.json`,
//! `vite.config.*` (`base`, `server.port`), `next.config.*` (`basePath`), dev-server ports from
//! `package.json` scripts.

use crate::discover::{App, Project};
use crate::source::Files;

#[derive(Debug, Default, Clone)]
pub struct DeployFacts {}

impl DeployFacts {
    pub fn load(_project: &Project, _app: &App, _files: &mut Files) -> Self {
        DeployFacts::default()
    }
}
