//! The element tree of an app ([`Graph`]): walks from the roots through provider components in
//! other files and packages, so a rule can ask which providers wrap an element.

use super::*;

/// An app's parsed files (its own, then workspace ones) with their resolved imports: answers
/// "what is `<X>` in this file?" across files.
pub struct Graph<'a> {
    pub files: Vec<&'a CodeFileFacts>,
    pub(super) import_targets: &'a [Vec<Target>],
    pub(super) reexport_targets: &'a [Vec<Target>],
    pub(super) by_path: HashMap<&'a str, usize>,
    pub(super) children: Vec<Vec<Vec<usize>>>,
}

impl<'a> Graph<'a> {
    pub(super) fn new(files: Vec<&'a CodeFileFacts>, import_targets: &'a [Vec<Target>], reexport_targets: &'a [Vec<Target>]) -> Self {
        let by_path = files.iter().enumerate().map(|(i, f)| (f.path.as_str(), i)).collect();
        let children = files
            .iter()
            .map(|f| {
                let mut c = vec![Vec::new(); f.react.elements.len()];
                for (i, e) in f.react.elements.iter().enumerate() {
                    if let Some(p) = e.parent {
                        c[p].push(i);
                    }
                }
                c
            })
            .collect();
        Graph { files, import_targets, reexport_targets, by_path, children }
    }

    pub fn file_id(&self, path: &str) -> Option<usize> {
        self.by_path.get(path).copied()
    }

    pub fn children(&self, file: usize, element: usize) -> &[usize] {
        &self.children[file][element]
    }

    /// What `local` is bound to in `file`.
    pub fn binding(&self, file: usize, local: &str) -> Binding {
        let r = &self.files[file].react;
        for (i, imp) in r.imports.iter().enumerate() {
            if let Some(n) = imp.names.iter().find(|n| n.local == local) {
                return match &self.import_targets[file][i] {
                    Target::Package => Binding::Package { source: imp.source.clone(), imported: n.imported.clone() },
                    Target::File(path) => Binding::File { path: path.clone(), imported: n.imported.clone() },
                    Target::Unresolved => Binding::Unresolved,
                };
            }
        }
        match r.unit_named(local) {
            Some(u) => Binding::Unit(u),
            None => Binding::None,
        }
    }

    /// The package export a local name comes from, if any: (source, exported name).
    pub fn package_binding(&self, file: usize, local: &str) -> Option<(String, String)> {
        match self.binding(file, local) {
            Binding::Package { source, imported } => Some((source, imported)),
            _ => None,
        }
    }

    /// The unit `name` exported by the project file `path`, following re-exports.
    pub fn export_unit(&self, path: &str, name: &str, depth: u8) -> Option<(usize, usize)> {
        if depth > 8 {
            return None;
        }
        let file = self.file_id(path)?;
        let r = &self.files[file].react;
        if let Some(ex) = r.exports.iter().find(|e| e.exported == name) {
            if let Some(u) = r.unit_named(&ex.local) {
                return Some((file, u));
            }
            return match self.binding(file, &ex.local) {
                Binding::File { path, imported } => self.export_unit(&path, &imported, depth + 1),
                _ => None,
            };
        }
        for (i, re) in r.reexports.iter().enumerate() {
            let Target::File(target) = &self.reexport_targets[file][i] else { continue };
            match &re.names {
                Some(names) => {
                    if let Some((_, imported)) = names.iter().find(|(exported, _)| exported == name) {
                        return self.export_unit(target, imported, depth + 1);
                    }
                }
                None if name != "default" => {
                    if let Some(hit) = self.export_unit(target, name, depth + 1) {
                        return Some(hit);
                    }
                }
                None => {}
            }
        }
        None
    }

    /// What a local name (used as a component or a function) stands for.
    pub fn ident_of_name(&self, file: usize, name: &str) -> Ident {
        if let Some((ns, prop)) = name.split_once('.') {
            return match self.binding(file, ns) {
                Binding::Package { source, imported } if imported == "*" => Ident::Package { source, name: prop.to_string() },
                _ => Ident::Intrinsic(name.to_string()),
            };
        }
        match self.binding(file, name) {
            Binding::Package { source, imported } => Ident::Package { source, name: imported },
            Binding::File { path, imported } => match self.export_unit(&path, &imported, 0) {
                Some((file, unit)) => Ident::Unit { file, unit },
                None => Ident::Opaque(path),
            },
            Binding::Unresolved => Ident::Opaque(name.to_string()),
            Binding::Unit(unit) => Ident::Unit { file, unit },
            Binding::None => Ident::Intrinsic(name.to_string()),
        }
    }

    pub fn ident(&self, file: usize, element: usize) -> Ident {
        let name = &self.files[file].react.elements[element].name;
        if name.starts_with('#') || name.starts_with(|c: char| c.is_ascii_lowercase()) && !name.contains('.') {
            return Ident::Intrinsic(name.clone());
        }
        self.ident_of_name(file, name)
    }
}

/// The context a component is expanded in: whose `{children}` it renders.
pub(super) enum Ctx {
    Root,
    Usage { file: usize, element: usize, outer: Rc<Ctx> },
}

pub(super) struct Walker<'g, 'a> {
    pub(super) graph: &'g Graph<'a>,
    pub(super) out: Vec<Rendered>,
    pub(super) complete: bool,
    pub(super) budget: usize,
    /// Ancestors at each `{children}` reached from a root context.
    pub(super) slots: Vec<Vec<Ident>>,
}

impl Walker<'_, '_> {
    /// Starts from the app's roots: the Next root layout (or `pages/_app`), React Router/Remix
    /// `app/root`, Expo `app/_layout`, `createRoot(…).render(…)`, TanStack's router wrappers
    /// and root route. Returns where it started.
    pub(super) fn walk_from_roots(&mut self, app: &App) -> Vec<(usize, String)> {
        let g = self.graph;
        let mut roots = Vec::new();
        let under = |rel: &str| join_rel(&app.dir, rel);
        let find = |stem: &str| -> Option<usize> { SOURCE_EXTS.iter().find_map(|ext| g.file_id(&under(&format!("{stem}{ext}")))) };
        let mut unit_chain: Vec<(usize, usize)> = Vec::new();
        let layout_files: &[&str] = match app.framework {
            Framework::Nextjs => &["app/layout", "src/app/layout", "pages/_app", "src/pages/_app"],
            Framework::ReactRouter | Framework::Remix => &["app/root"],
            Framework::Expo => &["app/_layout", "src/app/_layout"],
            _ => &[],
        };
        for stem in layout_files {
            if let Some(f) = find(stem) {
                let path = g.files[f].path.clone();
                // React Router / Remix: `Layout` wraps the default export.
                for export in ["Layout", "default"] {
                    if let Some(hit) = g.export_unit(&path, export, 0) {
                        roots.push((f, format!("{} ({export} export)", g.files[f].path)));
                        unit_chain.push(hit);
                    }
                }
                break;
            }
        }
        // TanStack: Wrap > InnerWrap > root shell > root component.
        for key in ["Wrap", "InnerWrap", "root:shellComponent", "root:component"] {
            for (f, file) in g.files.iter().enumerate() {
                for (k, name) in &file.react.wrappers {
                    if k != key {
                        continue;
                    }
                    let hit = match file.react.unit_named(name) {
                        Some(u) => Some((f, u)),
                        None => match g.ident_of_name(f, name) {
                            Ident::Unit { file, unit } => Some((file, unit)),
                            _ => None,
                        },
                    };
                    if let Some(hit) = hit {
                        roots.push((f, format!("{} ({key})", file.path)));
                        unit_chain.push(hit);
                    }
                }
            }
        }
        let mut outer: Vec<Vec<Ident>> = vec![Vec::new()];
        // A TanStack Router SPA renders its router's `Wrap` where `<RouterProvider>` is, inside
        // whatever the `createRoot(…).render(…)` tree puts around it (`<AuthKitProvider>`).
        let has_wrappers = g.files.iter().any(|f| f.react.wrappers.iter().any(|(k, _)| k == "Wrap" || k == "InnerWrap"));
        if has_wrappers && app.framework != Framework::Nextjs {
            let mut pre = Walker { graph: g, out: Vec::new(), complete: true, budget: self.budget, slots: Vec::new() };
            for (f, file) in g.files.iter().enumerate() {
                for &r in &file.react.render_roots {
                    pre.visit(f, r, &mut Vec::new(), &Rc::new(Ctx::Root), &mut Vec::new());
                }
            }
            let at_router: Vec<Vec<Ident>> = pre
                .out
                .iter()
                .filter_map(|r| {
                    let ident = g.ident(r.file, r.element);
                    ident.is_package_export(&["@tanstack/react-router"], &["RouterProvider"]).then(|| {
                        let mut around = r.ancestors.clone();
                        around.push(ident);
                        around
                    })
                })
                .collect();
            if !at_router.is_empty() {
                outer = at_router;
            }
        }
        for (file, unit) in unit_chain {
            let mut next = Vec::new();
            for anc in &outer {
                self.slots.clear();
                let mut anc = anc.clone();
                self.expand_unit(file, unit, &mut anc, Rc::new(Ctx::Root), &mut Vec::new());
                next.append(&mut self.slots);
            }
            if !next.is_empty() {
                outer = next;
            }
        }
        let page_slots = if roots.is_empty() { Vec::new() } else { outer };
        // Next.js renders nested layouts, templates and pages inside the root layout's children.
        if app.framework == Framework::Nextjs && !page_slots.is_empty() {
            let inner = page_slots[0].clone();
            for (f, file) in g.files.iter().enumerate() {
                let Some(rel) = file.path.strip_prefix(&app.dir).map(|p| p.trim_start_matches('/')) else { continue };
                let routed = ["app/", "src/app/"].iter().any(|d| rel.starts_with(d))
                    && ["layout", "template", "page"].iter().any(|n| SOURCE_EXTS.iter().any(|e| rel.ends_with(&format!("/{n}{e}"))));
                if !routed || roots.iter().any(|(r, _)| *r == f) {
                    continue;
                }
                if let Some(hit) = g.export_unit(&file.path, "default", 0) {
                    let mut anc = inner.clone();
                    self.expand_unit(hit.0, hit.1, &mut anc, Rc::new(Ctx::Root), &mut Vec::new());
                }
            }
        }
        self.slots = page_slots;
        for (f, file) in g.files.iter().enumerate() {
            for &r in &file.react.render_roots {
                roots.push((f, format!("{} (render)", file.path)));
                self.visit(f, r, &mut Vec::new(), &Rc::new(Ctx::Root), &mut Vec::new());
            }
        }
        roots
    }

    pub(super) fn expand_unit(&mut self, file: usize, unit: usize, anc: &mut Vec<Ident>, ctx: Rc<Ctx>, stack: &mut Vec<(usize, usize)>) {
        if stack.contains(&(file, unit)) || stack.len() > 48 || self.budget == 0 {
            return;
        }
        stack.push((file, unit));
        let r = &self.graph.files[file].react;
        let tops: Vec<usize> =
            r.elements.iter().enumerate().filter(|(_, e)| e.unit == Some(unit) && e.parent.is_none()).map(|(i, _)| i).collect();
        let renders_children = r.elements.iter().any(|e| e.unit == Some(unit) && e.name == CHILDREN);
        for e in tops {
            self.visit(file, e, anc, &ctx, stack);
        }
        if !renders_children && let Ctx::Usage { file: uf, element: ue, outer } = &*ctx {
            // It may pass children on in a way we do not follow: assume they render inside.
            for &c in self.graph.children(*uf, *ue).to_vec().iter() {
                self.visit(*uf, c, anc, outer, stack);
            }
        }
        stack.pop();
    }

    pub(super) fn visit(&mut self, file: usize, element: usize, anc: &mut Vec<Ident>, ctx: &Rc<Ctx>, stack: &mut Vec<(usize, usize)>) {
        if self.budget == 0 {
            self.complete = false;
            return;
        }
        self.budget -= 1;
        let g = self.graph;
        let el = &g.files[file].react.elements[element];
        if el.name == CHILDREN {
            match &**ctx {
                Ctx::Usage { file: uf, element: ue, outer } => {
                    for &c in g.children(*uf, *ue) {
                        self.visit(*uf, c, anc, outer, stack);
                    }
                }
                Ctx::Root => self.slots.push(anc.clone()),
            }
            return;
        }
        let ident = g.ident(file, element);
        if let Ident::Intrinsic(_) = ident {
            // DOM elements and locals only pass their children through: keep the ancestor
            // lists short by leaving them out.
            for &c in g.children(file, element) {
                self.visit(file, c, anc, ctx, stack);
            }
            return;
        }
        self.out.push(Rendered { file, element, ancestors: anc.clone() });
        anc.push(ident.clone());
        match ident {
            Ident::Unit { file: f2, unit } => {
                let inner = Rc::new(Ctx::Usage { file, element, outer: ctx.clone() });
                self.expand_unit(f2, unit, anc, inner, stack);
            }
            other => {
                if matches!(other, Ident::Opaque(_)) {
                    self.complete = false;
                }
                for &c in g.children(file, element) {
                    self.visit(file, c, anc, ctx, stack);
                }
            }
        }
        anc.pop();
    }
}
