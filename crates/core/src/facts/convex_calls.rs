//! Which Convex functions the project calls. A query or mutation that no client, no other
//! function, no HTTP route and no cron ever names runs for nobody: what it reads from the
//! identity cannot break sign-in. Neither can a helper that only such functions call.
//!
//! Two kinds of evidence, both cheap:
//! - every source file that imports a Convex dir's `_generated/api` (or the workspace package
//!   holding it) is scanned for function references (`api.users.get`,
//!   `internal.workos.sync.run`, `makeFunctionReference("users:get")`), a byte scan like the
//!   import scan: a match inside a comment counts too, which only ever keeps more alive;
//! - each Convex file's top-level declarations are listed with the names their bodies use and
//!   the properties they read, so that liveness can flow from called functions to the helpers
//!   and functions they name, and [`may_read_property`] can tell whether a value handed to a
//!   helper is ever read.
//!
//! Liveness is only judged where the answer can be known: a Convex dir whose app is in the
//! project and calls at least one of its functions. A backend whose clients live elsewhere
//! (another repo) is called by nothing in sight, and every function of it stays alive.

use oxc_ast::ast::*;
use oxc_ast_visit::{Visit, walk};
use std::collections::{BTreeSet, HashMap, HashSet};

/// One top-level declaration of a Convex file: `export const list = query({…})` (registered:
/// the Convex CLI turns it into `api.<module>.list`) or a helper (`async function requireUser`,
/// `const getUser = async (ctx) => …`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition {
    pub name: String,
    pub start: u32,
    pub end: u32,
    /// Exported and built by a call (`query(…)`, `internalMutation(…)`, `authedQuery(…)`).
    pub registered: bool,
    /// Names the declaration's body refers to.
    pub uses: BTreeSet<String>,
    /// Property names its body reads (`x.email`, `{ email } = x`, `x["email"]`).
    pub props_read: BTreeSet<String>,
    /// Property names it reads only as a fallback after another source
    /// (`explicitFirstName ?? identity.givenName`): it copes with their absence.
    pub props_read_as_fallback: BTreeSet<String>,
    /// Its body copies objects whole (`{ ...x }`, `const { a, ...rest } = x`, `Object.assign`,
    /// `Object.entries`, `x[key]`): any property may be read through the copy.
    pub copies_objects: bool,
}

/// The declarations of one file, and the names its other top-level code uses (HTTP routes,
/// cron schedules, re-exports, aliased imports): those are always called.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FileDeclarations {
    pub definitions: Vec<Definition>,
    pub top_level_uses: BTreeSet<String>,
    /// The specifiers of `export * from …`: those modules' functions are registered here too.
    pub reexports_all: Vec<String>,
}

pub fn collect(program: &Program) -> FileDeclarations {
    let mut out = FileDeclarations::default();
    for statement in &program.body {
        let (declaration, exported) = match statement {
            Statement::ExportDeclaration(e) => (Some(&e.declaration), true),
            Statement::ExportNamedDeclaration(e) => {
                // `export { a, b as c }`: what a module re-exports is its interface.
                for s in &e.specifiers {
                    out.top_level_uses.insert(s.local.name().to_string());
                }
                continue;
            }
            // `export { me } from './lib/me'`: the module registers what it re-exports.
            Statement::ExportFromDeclaration(e) => {
                for s in &e.specifiers {
                    out.top_level_uses.insert(s.local.name().to_string());
                }
                continue;
            }
            // `export * from './x'` registers every export of another module under this one.
            Statement::ExportAllDeclaration(e) => {
                out.reexports_all.push(e.source.value.to_string());
                continue;
            }
            Statement::ImportDeclaration(i) => {
                // `import { getUser as fetchUser }`: the body uses the local name, so the
                // exported one counts as used here.
                for s in i.specifiers.iter().flatten() {
                    if let ImportDeclarationSpecifier::ImportSpecifier(s) = s
                        && s.imported.name() != s.local.name
                    {
                        out.top_level_uses.insert(s.imported.name().to_string());
                    }
                }
                continue;
            }
            s => (s.as_declaration(), false),
        };
        match declaration {
            Some(Declaration::VariableDeclaration(v)) => {
                for d in &v.declarations {
                    let BindingPattern::BindingIdentifier(id) = &d.id else {
                        uses_in(&mut out.top_level_uses, |c| c.visit_variable_declarator(d));
                        continue;
                    };
                    let body = body_of(|c| c.visit_variable_declarator(d));
                    let registered =
                        exported && d.init.as_ref().is_some_and(|i| matches!(i.get_inner_expression(), Expression::CallExpression(_)));
                    out.definitions.push(Definition {
                        name: id.name.to_string(),
                        start: d.span.start,
                        end: d.span.end,
                        registered,
                        props_read_as_fallback: body.fallback_only(),
                        uses: body.names,
                        props_read: body.props,
                        copies_objects: body.copies,
                    });
                }
            }
            Some(Declaration::FunctionDeclaration(f)) if f.id.is_some() => {
                let body = body_of(|c| c.visit_statement(statement));
                let name = f.id.as_ref().map(|i| i.name.to_string()).unwrap_or_default();
                out.definitions.push(Definition {
                    name,
                    start: f.span.start,
                    end: f.span.end,
                    registered: false,
                    props_read_as_fallback: body.fallback_only(),
                    uses: body.names,
                    props_read: body.props,
                    copies_objects: body.copies,
                });
            }
            _ => uses_in(&mut out.top_level_uses, |c| c.visit_statement(statement)),
        }
    }
    out
}

/// Runs `visit` with a collector of the identifiers it meets, into `into`.
fn uses_in(into: &mut BTreeSet<String>, visit: impl FnOnce(&mut Uses)) {
    let mut c = Uses { names: std::mem::take(into), ..Default::default() };
    visit(&mut c);
    *into = c.names;
}

/// Runs `visit` and returns everything it met: names, property reads, whole-object copies.
fn body_of(visit: impl FnOnce(&mut Uses)) -> Uses {
    let mut c = Uses::default();
    visit(&mut c);
    c
}

#[derive(Default)]
struct Uses {
    names: BTreeSet<String>,
    props: BTreeSet<String>,
    copies: bool,
    /// Parameters of the functions met, and names destructured from them: what a caller hands
    /// over. Only copies of these matter.
    handed: BTreeSet<String>,
    /// Properties read as a later operand of a `??`/`||` chain after another source.
    fallback_props: BTreeSet<String>,
    /// Spans of such member expressions, marked before they are visited.
    fallback_spans: BTreeSet<(u32, u32)>,
}

impl Uses {
    /// Properties read only as fallbacks: never read any other way.
    fn fallback_only(&self) -> BTreeSet<String> {
        self.fallback_props.difference(&self.props).cloned().collect()
    }

    fn read_property(&mut self, name: &str, span: oxc_span::Span) {
        if self.fallback_spans.contains(&(span.start, span.end)) {
            self.fallback_props.insert(name.to_string());
        } else {
            self.props.insert(name.to_string());
        }
    }

    /// `x`, `x.y` or `x?.y` where `x` holds what a caller handed over.
    fn is_handed(&self, e: &Expression) -> bool {
        match e.get_inner_expression() {
            Expression::Identifier(id) => self.handed.contains(id.name.as_str()),
            Expression::StaticMemberExpression(m) => self.is_handed(&m.object),
            Expression::ChainExpression(c) => c.expression.as_member_expression().is_some_and(|m| self.is_handed(m.object())),
            _ => false,
        }
    }
}

impl<'a> Visit<'a> for Uses {
    fn visit_identifier_reference(&mut self, it: &IdentifierReference<'a>) {
        self.names.insert(it.name.to_string());
    }

    fn visit_jsx_identifier(&mut self, it: &JSXIdentifier<'a>) {
        self.names.insert(it.name.to_string());
        walk::walk_jsx_identifier(self, it);
    }

    fn visit_static_member_expression(&mut self, it: &StaticMemberExpression<'a>) {
        let name = it.property.name.as_str();
        self.copies |= matches!(name, "assign" | "entries" | "values" | "keys" | "fromEntries")
            && matches!(&it.object, Expression::Identifier(o) if o.name == "Object");
        self.read_property(name, it.span);
        walk::walk_static_member_expression(self, it);
    }

    fn visit_computed_member_expression(&mut self, it: &ComputedMemberExpression<'a>) {
        match it.static_property_name() {
            Some(name) => {
                self.props.insert(name.to_string());
            }
            // `args[key]`: any property of what was handed over (`rows[0]` reads no name).
            None => self.copies |= self.is_handed(&it.object) && !matches!(it.expression, Expression::NumericLiteral(_)),
        }
        walk::walk_computed_member_expression(self, it);
    }

    fn visit_logical_expression(&mut self, it: &LogicalExpression<'a>) {
        // `a ?? b.x ?? null`: `x` is read only when `a` is absent. The chain's first operand
        // is read as is; a literal default before it would be no other source (`"" || b.x`).
        if let Some(chain) = super::functions_code::fallback_chain(it)
            && let Some((first, operands)) = chain.split_first()
        {
            let first_is_a_source = !matches!(
                first.get_inner_expression(),
                Expression::StringLiteral(_) | Expression::NullLiteral(_) | Expression::NumericLiteral(_) | Expression::BooleanLiteral(_)
            );
            if first_is_a_source {
                for operand in operands {
                    let e = match operand.get_inner_expression() {
                        Expression::ChainExpression(c) => c.expression.as_member_expression().map(oxc_span::GetSpan::span),
                        e => e.as_member_expression().map(oxc_span::GetSpan::span),
                    };
                    if let Some(span) = e {
                        self.fallback_spans.insert((span.start, span.end));
                    }
                }
            }
        }
        walk::walk_logical_expression(self, it);
    }

    fn visit_binding_property(&mut self, it: &BindingProperty<'a>) {
        if let Some(name) = it.key.static_name() {
            self.props.insert(name.to_string());
        }
        walk::walk_binding_property(self, it);
    }

    fn visit_formal_parameter(&mut self, it: &FormalParameter<'a>) {
        self.handed.extend(it.pattern.get_binding_identifiers().iter().map(|id| id.name.to_string()));
        walk::walk_formal_parameter(self, it);
    }

    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        // `const { ctx, identity } = args`: what the caller handed over, one level down.
        if it.init.as_ref().is_some_and(|init| self.is_handed(init)) {
            self.handed.extend(it.id.get_binding_identifiers().iter().map(|id| id.name.to_string()));
            self.copies |= matches!(&it.id, BindingPattern::ObjectPattern(o) if o.rest.is_some());
        }
        walk::walk_variable_declarator(self, it);
    }

    fn visit_spread_element(&mut self, it: &SpreadElement<'a>) {
        // `{ ...args }`, `f(...args)`: the handed object copied whole. A spread of the
        // function's own values (`...row`, `...(cond ? {} : {})`) copies nothing handed in.
        self.copies |= self.is_handed(&it.argument);
        walk::walk_spread_element(self, it);
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        // `ctx.db.insert("t", identity)`, `JSON.stringify(args)`: a handed object stored or
        // serialised whole, where any property may be read. (Handing a value on to a query
        // filter, `q.eq("userId", id)`, reads nothing; a call into the project's own functions
        // passes it on by name, which [`may_read_property`] follows.)
        let stores = it.callee.get_inner_expression().as_member_expression().and_then(|m| m.static_property_name()).is_some_and(|name| {
            matches!(
                name,
                "insert" | "patch" | "replace" | "stringify" | "runMutation" | "runAction" | "runQuery" | "runAfter" | "runAt" | "assign"
            )
        });
        let whole =
            |e: &Expression| matches!(e.get_inner_expression(), Expression::Identifier(id) if self.handed.contains(id.name.as_str()));
        if stores && it.arguments.iter().any(|a| a.as_expression().is_some_and(whole)) {
            self.copies = true;
        }
        walk::walk_call_expression(self, it);
    }
}

/// One reference to a Convex function (or module) found by [`scan_function_refs`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionRef {
    /// Byte offset of the reference (`api.users.get`) in its file.
    pub at: usize,
    /// The module path and name, dot-separated (`users.get`, `workos.sync.run`).
    pub path: String,
    /// What the code around it does with the function's result.
    pub result: super::query_results::ResultUse,
}

/// Function references in a file's bytes, with their offset and dotted path after the root:
/// `users.get` for `api.users.get`, `workos.sync.run` for `internal.workos.sync.run`,
/// `users.get` for `makeFunctionReference("users:get")`. Any name ending in `api`/`Api` is a
/// root (an aliased `api`); a path that stops early (`api.users` passed on) names the whole
/// module.
pub fn scan_function_refs(bytes: &[u8]) -> Vec<FunctionRef> {
    static NEEDLES: std::sync::LazyLock<aho_corasick::AhoCorasick> = std::sync::LazyLock::new(|| {
        // Leftmost-first lets aho-corasick use its SIMD prefilter: most files mention none.
        aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .build(["api.", "Api.", "internal.", "makeFunctionReference("])
            .expect("plain strings")
    });
    let mut out = Vec::new();
    for m in NEEDLES.find_iter(bytes) {
        let rest = &bytes[m.end()..];
        if m.pattern().as_usize() == 3 {
            // makeFunctionReference("dir/module:name")
            let Some(&quote) = rest.first().filter(|q| matches!(q, b'"' | b'\'' | b'`')) else { continue };
            let body = &rest[1..];
            let Some(end) = body.iter().position(|b| *b == quote) else { continue };
            if let Ok(text) = std::str::from_utf8(&body[..end])
                && let Some((module, name)) = text.split_once(':')
            {
                let path = format!("{}.{name}", module.trim_end_matches(".js").replace('/', "."));
                out.push(FunctionRef { at: m.start(), path, result: super::query_results::result_use(bytes, m.start()) });
            }
            continue;
        }
        // `internal.` must start a name (not `isInternal.`); `api.` may end one (`convexApi.`).
        if m.pattern().as_usize() == 2 && m.start() > 0 && is_ident_byte(bytes[m.start() - 1]) {
            continue;
        }
        let mut path = String::new();
        let mut i = 0;
        loop {
            let len = rest[i..].iter().take_while(|b| is_ident_byte(**b)).count();
            if len == 0 || rest[i].is_ascii_digit() {
                break;
            }
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(std::str::from_utf8(&rest[i..i + len]).unwrap_or_default());
            i += len;
            if rest.get(i) != Some(&b'.') {
                break;
            }
            i += 1;
        }
        if !path.is_empty() {
            // `convexApi.x.y`: the reference starts at the whole name.
            let at = m.start() - bytes[..m.start()].iter().rev().take_while(|b| is_ident_byte(**b)).count();
            out.push(FunctionRef { at, path, result: super::query_results::result_use(bytes, at) });
        }
    }
    out
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$'
}

/// One Convex file as liveness sees it: its module path (`workos.userMutations` for
/// `convex/workos/userMutations.ts`), its declarations and the references it makes.
pub struct ModuleFile<'a> {
    pub path: &'a str,
    pub module: String,
    pub declarations: &'a FileDeclarations,
    pub refs: &'a [FunctionRef],
}

/// The module path a relative specifier names from module `from` (`ai` + `./aiModules/core` →
/// `aiModules.core`).
fn resolve_module(from: &str, specifier: &str) -> String {
    let mut parts: Vec<&str> = from.split('.').collect();
    parts.pop();
    let specifier = specifier.trim_end_matches(".js").trim_end_matches(".ts");
    for segment in specifier.split('/') {
        match segment {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join(".")
}

/// The module path of a file of a Convex dir (`dir`-relative, extension dropped, `/` → `.`).
pub fn module_path(dir: &str, path: &str) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path).trim_start_matches('/');
    let stem = rel.rsplit_once('.').map_or(rel, |(s, _)| s);
    stem.replace('/', ".")
}

/// The byte ranges, per file, of the declarations nothing calls. `outside_refs` are the
/// references made by every file that is not one of `modules` (clients, server code, tests).
/// When none of them names a function of these modules, nothing is judged (empty map).
///
/// `dead_callers`: the project has references to this dir, but only in files its apps never
/// run (an unused hook, a test). Those are left out of `outside_refs`, and nothing being called
/// from outside then means nothing is, rather than that the callers are out of sight.
pub fn uncalled(modules: &[ModuleFile], outside_refs: &[&str], dead_callers: bool) -> HashMap<String, Vec<(u32, u32)>> {
    // `export * from './x'` in module `m`: x's functions are also called as `m.<name>`.
    let mut also_as: HashMap<String, Vec<&str>> = HashMap::new();
    for m in modules {
        for specifier in &m.declarations.reexports_all {
            also_as.entry(resolve_module(&m.module, specifier)).or_default().push(&m.module);
        }
    }
    // Every declaration, by (file index, declaration index).
    let mut live: HashSet<(usize, usize)> = HashSet::new();
    let mut queue: Vec<(usize, usize)> = Vec::new();
    let mut by_name: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    for (f, m) in modules.iter().enumerate() {
        for (d, decl) in m.declarations.definitions.iter().enumerate() {
            by_name.entry(decl.name.as_str()).or_default().push((f, d));
        }
    }
    // A reference names a registered function `module.name`; one that stops at a module (or a
    // folder of modules) names all of them. Indexed once: a big app makes thousands of
    // references into hundreds of modules.
    let mut by_function: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
    let mut by_module: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
    for (f, m) in modules.iter().enumerate() {
        for (d, decl) in m.declarations.definitions.iter().enumerate().filter(|(_, d)| d.registered) {
            let names = std::iter::once(m.module.as_str()).chain(also_as.get(&m.module).into_iter().flatten().copied());
            for module in names {
                by_function.entry(format!("{module}.{}", decl.name)).or_default().push((f, d));
                // The module and every folder above it.
                let mut prefix = module;
                loop {
                    by_module.entry(prefix.to_string()).or_default().push((f, d));
                    let Some(dot) = prefix.rfind('.') else { break };
                    prefix = &prefix[..dot];
                }
            }
        }
    }
    let referenced = |path: &str| -> Vec<(usize, usize)> {
        if let Some(found) = by_function.get(path).or_else(|| by_module.get(path)) {
            return found.clone();
        }
        // `api.users.get.x` (a property of the reference) still names `users.get`.
        let mut at = path;
        while let Some(dot) = at.rfind('.') {
            at = &at[..dot];
            if let Some(found) = by_function.get(at) {
                return found.clone();
            }
        }
        Vec::new()
    };
    let mark = |targets: Vec<(usize, usize)>, live: &mut HashSet<(usize, usize)>, queue: &mut Vec<(usize, usize)>| {
        for t in targets {
            if live.insert(t) {
                queue.push(t);
            }
        }
    };
    let outside: HashSet<&str> = outside_refs.iter().copied().collect();
    for path in outside {
        mark(referenced(path), &mut live, &mut queue);
    }
    // No call from outside reaches this dir: its callers are not in sight (a client in another
    // repo, a fixture, a backend still being written), so nothing can be called unused.
    if live.is_empty() && !dead_callers {
        return HashMap::new();
    }
    for m in modules {
        for name in &m.declarations.top_level_uses {
            mark(by_name.get(name.as_str()).cloned().unwrap_or_default(), &mut live, &mut queue);
        }
        // References in top-level code (an HTTP router, a cron table) are calls.
        for r in m.refs {
            let inside = m.declarations.definitions.iter().any(|d| (d.start as usize..d.end as usize).contains(&r.at));
            if !inside {
                mark(referenced(&r.path), &mut live, &mut queue);
            }
        }
    }
    while let Some((f, d)) = queue.pop() {
        let decl = &modules[f].declarations.definitions[d];
        for name in &decl.uses {
            mark(by_name.get(name.as_str()).cloned().unwrap_or_default(), &mut live, &mut queue);
        }
        for r in modules[f].refs {
            if (decl.start as usize..decl.end as usize).contains(&r.at) {
                mark(referenced(&r.path), &mut live, &mut queue);
            }
        }
    }
    let mut out: HashMap<String, Vec<(u32, u32)>> = HashMap::new();
    for (f, m) in modules.iter().enumerate() {
        for (d, decl) in m.declarations.definitions.iter().enumerate() {
            if !live.contains(&(f, d)) {
                out.entry(m.path.to_string()).or_default().push((decl.start, decl.end));
            }
        }
    }
    out
}

/// The top-level fields of `function`'s result (`users.me`) that its callers read, from every
/// reference to it in `refs`. `None` when one of them uses the result whole, when a reference
/// names only its module (an alias such as `const users = api.users` may call anything), or
/// when nothing references it: then any field may be read.
pub fn result_fields_read<'r>(refs: impl IntoIterator<Item = &'r FunctionRef>, function: &str) -> Option<BTreeSet<String>> {
    let mut read = BTreeSet::new();
    let mut callers = 0;
    for r in refs {
        let names_it = r.path.strip_prefix(function).is_some_and(|rest| rest.is_empty() || rest.starts_with('.'));
        if names_it {
            callers += 1;
            match &r.result {
                super::query_results::ResultUse::Fields(fields) => read.extend(fields.iter().cloned()),
                super::query_results::ResultUse::Whole => return None,
            }
        } else if function.strip_prefix(r.path.as_str()).is_some_and(|rest| rest.starts_with('.')) {
            return None;
        }
    }
    (callers > 0).then_some(read)
}

/// How a property handed to a project function is read on its call path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PropertyRead {
    /// Nothing on the path reads it.
    Never,
    /// Read only as a fallback after another source (`explicit ?? identity.givenName`).
    AsFallback,
    /// Read, or possibly read through a whole-object copy.
    Read,
}

/// How the functions named `callee` in these files, and every function they name in turn,
/// read property `key` of what they are handed: by name somewhere, or through a whole-object
/// copy (read); only as a fallback after another source; or not at all. `None` when no
/// function of that name is defined here (an import from a package, a parameter): nothing is
/// known.
pub fn may_read_property(files: &[&FileDeclarations], callee: &str, key: &str) -> Option<PropertyRead> {
    let find = |name: &str| files.iter().flat_map(|f| f.definitions.iter()).filter(|d| d.name == name).collect::<Vec<_>>();
    let mut queue = find(callee);
    if queue.is_empty() {
        return None;
    }
    let mut seen: HashSet<(u32, u32, &str)> = HashSet::new();
    let mut read = PropertyRead::Never;
    while let Some(d) = queue.pop() {
        if !seen.insert((d.start, d.end, d.name.as_str())) {
            continue;
        }
        if d.copies_objects || d.props_read.contains(key) {
            return Some(PropertyRead::Read);
        }
        if d.props_read_as_fallback.contains(key) {
            read = PropertyRead::AsFallback;
        }
        for name in &d.uses {
            queue.extend(find(name));
        }
    }
    Some(read)
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxc_allocator::Allocator;
    use oxc_parser::Parser;
    use oxc_span::SourceType;

    fn declarations(text: &str) -> FileDeclarations {
        let allocator = Allocator::default();
        let parsed = Parser::new(&allocator, text, SourceType::ts()).parse();
        collect(&parsed.program)
    }

    #[test]
    fn lists_registered_functions_helpers_and_top_level_uses() {
        let d = declarations(
            "import { query } from './_generated/server';\nimport { a as b } from './x';\nasync function requireUser(ctx) { return ctx.auth.getUserIdentity(); }\nexport const list = query({ handler: async (ctx) => { await requireUser(ctx); } });\nconst helper = (ctx) => b(ctx);\nexport const VALUE = 3;\nhttp.route({ path: '/x', handler: hook });\nexport { helper as h };\n",
        );
        let got: Vec<(&str, bool)> = d.definitions.iter().map(|d| (d.name.as_str(), d.registered)).collect();
        assert_eq!(got, vec![("requireUser", false), ("list", true), ("helper", false), ("VALUE", false)]);
        assert!(d.definitions[1].uses.contains("requireUser"));
        assert!(d.definitions[2].uses.contains("b"));
        for name in ["a", "http", "hook", "helper"] {
            assert!(d.top_level_uses.contains(name), "{name}");
        }
    }

    #[test]
    fn a_property_nothing_on_the_call_path_reads() {
        let files = declarations(
            "export async function link(args) {\n  const { ctx, identity } = args;\n  const row = await byUser(ctx, identity.subject);\n  return { ...row, email: identity.email };\n}\nasync function byUser(ctx, id) { const rows = await ctx.db.query('p').withIndex('by', (q) => q.eq('userId', id)).collect(); return rows[0]; }\nexport function store(args) { return args.ctx.db.insert('p', args); }\nexport function copy(args) { return { ...args }; }\n",
        );
        let all = [&files];
        assert_eq!(may_read_property(&all, "link", "givenName"), Some(PropertyRead::Never));
        assert_eq!(may_read_property(&all, "link", "email"), Some(PropertyRead::Read));
        // Stored or copied whole: any property may be read.
        assert_eq!(may_read_property(&all, "store", "givenName"), Some(PropertyRead::Read));
        assert_eq!(may_read_property(&all, "copy", "givenName"), Some(PropertyRead::Read));
        assert_eq!(may_read_property(&all, "imported", "givenName"), None);
        // Read after another source, through a helper: the claim is only a fallback.
        let names = declarations(
            "export function resolve(args) { return first(args.identity, args.firstName); }
function first(identity, explicit) { return explicit ?? identity.givenName ?? identity.firstName ?? null; }
function direct(identity) { return identity.givenName ?? 'Guest'; }
function both(identity, explicit) { return [explicit ?? identity.givenName, identity.givenName]; }
",
        );
        let all = [&names];
        assert_eq!(may_read_property(&all, "resolve", "givenName"), Some(PropertyRead::AsFallback));
        assert_eq!(may_read_property(&all, "direct", "givenName"), Some(PropertyRead::Read));
        assert_eq!(may_read_property(&all, "both", "givenName"), Some(PropertyRead::Read));
    }

    #[test]
    fn scans_references_through_api_internal_aliases_and_string_references() {
        let refs: Vec<String> = scan_function_refs(
            b"useQuery(api.users.get); ctx.runMutation(internal.workos.sync.run, {}); convexApi.notes.list; isInternal.x; makeFunctionReference(\"dir/mod:fn\"); const m = api.users;",
        )
        .into_iter()
        .map(|r| r.path)
        .collect();
        assert_eq!(refs, vec!["users.get", "workos.sync.run", "notes.list", "dir.mod.fn", "users"]);
    }

    fn module<'a>(path: &'a str, d: &'a FileDeclarations, refs: &'a [FunctionRef]) -> ModuleFile<'a> {
        ModuleFile { path, module: module_path("convex", path), declarations: d, refs }
    }

    #[test]
    fn liveness_flows_from_references_through_helpers_and_internal_calls() {
        let users_text = "async function requireUser(ctx) { return ctx.auth.getUserIdentity(); }\nasync function unusedHelper(ctx) { return ctx.auth.getUserIdentity(); }\nexport const me = query({ handler: async (ctx) => requireUser(ctx) });\nexport const claim = mutation({ handler: async (ctx) => { await unusedHelper(ctx); await ctx.runMutation(internal.users.store, {}); } });\nexport const store = internalMutation({ handler: async (ctx) => {} });\nexport const sync = internalMutation({ handler: async (ctx) => {} });\n";
        let crons_text =
            "const crons = cronJobs();\ncrons.daily('x', { hourUTC: 1, minuteUTC: 0 }, internal.users.sync);\nexport default crons;\n";
        let users = declarations(users_text);
        let crons = declarations(crons_text);
        let users_refs = scan_function_refs(users_text.as_bytes());
        let crons_refs = scan_function_refs(crons_text.as_bytes());
        let modules = [module("convex/users.ts", &users, &users_refs), module("convex/crons.ts", &crons, &crons_refs)];
        let dead = uncalled(&modules, &["users.me"], false);
        let names: Vec<&str> = dead["convex/users.ts"]
            .iter()
            .map(|(s, _)| users.definitions.iter().find(|d| d.start == *s).map(|d| d.name.as_str()).unwrap())
            .collect();
        // `claim` is never called, so neither is the helper only it uses, nor `store` that
        // only it runs; the cron keeps `sync` alive.
        assert_eq!(names, vec!["unusedHelper", "claim", "store"]);
        // A reference to the whole module keeps every function of it.
        assert!(uncalled(&modules, &["users"], false).is_empty());
        // With no call from outside in sight, nothing is judged.
        assert!(uncalled(&modules, &[], false).is_empty());
        assert!(uncalled(&modules, &["other.fn", "get"], false).is_empty());
        // Callers only in files the apps never run: nothing is called but what the Convex dir
        // itself runs (the cron's `sync`).
        let dead = uncalled(&modules, &[], true);
        let names: Vec<&str> = dead["convex/users.ts"]
            .iter()
            .map(|(s, _)| users.definitions.iter().find(|d| d.start == *s).map(|d| d.name.as_str()).unwrap())
            .collect();
        assert_eq!(names, vec!["requireUser", "unusedHelper", "me", "claim", "store"]);
        // `export * from './users'` in ai.ts: `api.ai.me` calls users' `me`.
        let ai = declarations("export * from './users';\n");
        let with_barrel = [module("convex/users.ts", &users, &users_refs), module("convex/ai.ts", &ai, &[])];
        let dead = uncalled(&with_barrel, &["ai.claim"], false);
        assert!(dead["convex/users.ts"].iter().all(|(s, _)| users.definitions.iter().find(|d| d.start == *s).unwrap().name != "claim"));
        assert_eq!(resolve_module("ai", "./aiModules/core"), "aiModules.core");
        assert_eq!(resolve_module("a.b", "../c.js"), "c");
    }
}
