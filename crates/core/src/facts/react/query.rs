//! The app query API rules use ([`AppCode`]): one app's code facts plus its cross-file graph.

use super::*;

/// One app's code as rules see it: its facts plus the cross-file graph.
pub struct AppCode<'a> {
    pub index: usize,
    pub app: &'a App,
    pub facts: &'a crate::facts::AppFacts,
    pub project: &'a Project,
    pub graph: Graph<'a>,
}

impl<'a> AppCode<'a> {
    pub fn new(project: &'a Project, index: usize, facts: &'a crate::facts::AppFacts) -> Self {
        let react = &facts.react;
        let files: Vec<&CodeFileFacts> = facts.code.files.iter().chain(react.workspace_files.iter()).collect();
        let graph = if react.import_targets.len() == files.len() {
            Graph::new(files, &react.import_targets, &react.reexport_targets)
        } else {
            // Built without `AppReact::build` (tests): no cross-file resolution.
            Graph::new(Vec::new(), &[], &[])
        };
        AppCode { index, app: &project.apps[index], facts, project, graph }
    }

    pub fn react(&self) -> &'a AppReact {
        &self.facts.react
    }

    /// The app's files and the workspace files it uses, with their ids.
    pub fn files(&self) -> impl Iterator<Item = (usize, &'a CodeFileFacts)> + '_ {
        let used = &self.facts.react.used;
        self.graph.files.iter().copied().enumerate().filter(move |(i, _)| used.get(*i).copied().unwrap_or(true))
    }

    /// A file of the app's own dir (not of a workspace package).
    pub fn is_own(&self, file: usize) -> bool {
        file < self.facts.code.files.len()
    }

    pub fn file(&self, id: usize) -> &'a CodeFileFacts {
        self.graph.files[id]
    }

    pub fn loc(&self, file: usize, span: Span) -> Location {
        span.in_file(&self.graph.files[file].path)
    }

    /// The registry package a hook call's callee comes from.
    pub fn callee_package(&self, file: usize, local: &str) -> Option<(String, String)> {
        self.graph.package_binding(file, local)
    }

    /// Whether `package` is declared where `file` can use it: the file's own package, the app's,
    /// or the workspace root (hoisted).
    pub fn declares(&self, file: usize, package: &str) -> bool {
        let own = self.react().file_packages.get(file).copied().flatten();
        let root = self.project.packages.iter().position(|p| p.dir.is_empty());
        [own, Some(self.app.package), root].into_iter().flatten().any(|p| self.project.packages[p].depends_on(package))
    }

    /// Hook calls of `file` whose callee is `hook` imported from one of `packages`.
    pub fn hooks_from<'s>(&'s self, file: usize, hook: &'s str, packages: &'s [&'s str]) -> impl Iterator<Item = &'a HookCall> + 's {
        self.graph.files[file].react.hooks.iter().filter(move |h| {
            self.callee_package(file, &h.callee).is_some_and(|(source, name)| name == hook && packages.contains(&base_package(&source)))
        })
    }

    /// Rendered occurrences whose element satisfies `pred`.
    pub fn rendered_where(&self, pred: impl Fn(&Ident) -> bool) -> Vec<&'a Rendered> {
        self.react().rendered.iter().filter(|r| pred(&self.graph.ident(r.file, r.element))).collect()
    }

    /// All elements (rendered or not) of the app's files that satisfy `pred`.
    pub fn elements_where(&self, pred: impl Fn(&Ident) -> bool) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for (f, file) in self.files() {
            for (i, e) in file.react.elements.iter().enumerate() {
                if e.name != CHILDREN && e.name.starts_with(|c: char| c.is_ascii_uppercase()) && pred(&self.graph.ident(f, i)) {
                    out.push((f, i));
                }
            }
        }
        out
    }
}
