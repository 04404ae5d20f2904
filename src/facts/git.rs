//! What git knows about the project: which files are tracked and which are ignored (asked of
//! `git ls-files` / `git check-ignore` when the root is in a git work tree, else read from
//! `.gitignore`).

use crate::discover::Project;

#[derive(Debug, Default, Clone)]
pub struct GitFacts {}

impl GitFacts {
    pub fn load(_project: &Project) -> Self {
        GitFacts::default()
    }
}
