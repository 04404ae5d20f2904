//! Facts from the project's TS/JS code. Each file is read once; only files that mention a
//! name we care about (a cheap byte scan) go through the parser, so large monorepos stay fast.

use crate::diagnostic::Location;
use crate::discover::{Project, is_under};
use crate::source::{Files, SourceFile, Span};
use oxc_allocator::Allocator;
use oxc_ast::ast::*;
use oxc_ast_visit::{Visit, walk};
use oxc_parser::Parser;
use oxc_span::SourceType;

/// Names whose presence makes a file worth parsing.
const NEEDLES: &[&str] = &[
    "getUserIdentity",
    "ConvexProviderWith",
    "setAuth",
    "process.env",
    "import.meta.env",
    "workos-authkit",
    "authKitAction",
    "apiHostname",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnvAccess {
    /// `process.env.X`
    ProcessEnv,
    /// `import.meta.env.X`
    ImportMetaEnv,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeEnvRead {
    pub name: String,
    pub access: EnvAccess,
    pub location: Location,
}

/// Facts from one file.
#[derive(Debug, Default, Clone)]
pub struct CodeFileFacts {
    pub path: String,
    pub identity_calls: Vec<Location>,
    pub env_reads: Vec<CodeEnvRead>,
    /// `<ConvexProviderWithAuth…>` elements and `.setAuth(` calls: the client hands tokens to Convex.
    pub convex_auth_uses: Vec<(String, Location)>,
    pub authkit_component: Option<Location>,
    pub authkit_actions: Option<Location>,
    /// `apiHostname` props or properties: a custom WorkOS auth domain is configured in code.
    pub api_hostnames: Vec<Location>,
}

/// Facts merged over an app's files.
#[derive(Debug, Default, Clone)]
pub struct CodeFacts {
    pub env_reads: Vec<CodeEnvRead>,
    pub convex_auth_uses: Vec<(String, Location)>,
    pub api_hostnames: Vec<Location>,
}

impl CodeFacts {
    pub fn merge<'a>(files: impl IntoIterator<Item = &'a CodeFileFacts>) -> Self {
        let mut out = CodeFacts::default();
        for f in files {
            out.env_reads.extend(f.env_reads.iter().cloned());
            out.convex_auth_uses.extend(f.convex_auth_uses.iter().cloned());
            out.api_hostnames.extend(f.api_hostnames.iter().cloned());
        }
        out
    }

    pub fn reads_env(&self, name: &str) -> Option<&CodeEnvRead> {
        self.env_reads.iter().find(|r| r.name == name)
    }
}

/// Code facts for every relevant file of the project, by path.
#[derive(Debug, Default)]
pub struct CodeIndex {
    pub files: Vec<CodeFileFacts>,
    pub files_parsed: usize,
}

impl CodeIndex {
    /// Reads the source files that belong to an app or a Convex dir; parses those that mention
    /// a relevant name. Parsed files are kept in `files` for code frames; the rest are dropped.
    pub fn build(project: &Project, files: &mut Files) -> Self {
        let roots: Vec<&str> = project
            .apps
            .iter()
            .map(|a| a.dir.as_str())
            .chain(project.convex_dirs.iter().map(|c| c.dir.as_str()))
            .collect();
        let wanted: Vec<&str> = project
            .source_files
            .iter()
            .filter(|(path, size)| *size <= crate::source::MAX_PARSE_BYTES && roots.iter().any(|r| is_under(path, r)))
            .map(|(p, _)| p.as_str())
            .collect();
        let root = files.root().to_path_buf();
        // Reading and parsing is independent per file: split across the available cores.
        let workers = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(8);
        let chunk = wanted.len().div_ceil(workers).max(1);
        let results: Vec<(SourceFile, CodeFileFacts)> = std::thread::scope(|scope| {
            let handles: Vec<_> = wanted
                .chunks(chunk)
                .map(|paths| {
                    let root = &root;
                    scope.spawn(move || {
                        let mut out = Vec::new();
                        for path in paths {
                            let Ok(bytes) = std::fs::read(root.join(path)) else { continue };
                            if !NEEDLES.iter().any(|n| contains(&bytes, n.as_bytes())) {
                                continue;
                            }
                            let file = SourceFile::from_bytes(*path, bytes);
                            if file.decoding == crate::source::Decoding::Binary {
                                continue;
                            }
                            let facts = extract_file(&file);
                            out.push((file, facts));
                        }
                        out
                    })
                })
                .collect();
            handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
        });
        let mut index = CodeIndex::default();
        for (file, facts) in results {
            index.files_parsed += 1;
            files.insert(file);
            index.files.push(facts);
        }
        index.files.sort_by(|a, b| a.path.cmp(&b.path));
        index
    }

    pub fn under(&self, dir: &str) -> Vec<&CodeFileFacts> {
        self.files.iter().filter(|f| is_under(&f.path, dir)).collect()
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Parses one file and collects its facts. A file that does not parse yields what the parser
/// recovered (oxc returns a partial program).
pub fn extract_file(file: &SourceFile) -> CodeFileFacts {
    let allocator = Allocator::default();
    let source_type = SourceType::from_path(&file.path).unwrap_or_else(|_| SourceType::tsx());
    let parsed = Parser::new(&allocator, &file.text, source_type).parse();
    let mut v = Collector { facts: CodeFileFacts { path: file.path.clone(), ..Default::default() } };
    v.visit_program(&parsed.program);
    v.facts
}

struct Collector {
    facts: CodeFileFacts,
}

impl Collector {
    fn loc(&self, span: oxc_span::Span) -> Location {
        Span::new(span.start as usize, span.end as usize).in_file(&self.facts.path)
    }
}

/// `process.env.X` / `import.meta.env.X` / `process.env["X"]` → (X, kind).
fn env_access(object: &Expression, property: Option<&str>) -> Option<(String, EnvAccess)> {
    let Expression::StaticMemberExpression(inner) = object.without_parentheses() else { return None };
    if inner.property.name != "env" {
        return None;
    }
    let access = match &inner.object {
        Expression::Identifier(id) if id.name == "process" => EnvAccess::ProcessEnv,
        Expression::ImportMeta(_) => EnvAccess::ImportMetaEnv,
        _ => return None,
    };
    Some((property?.to_string(), access))
}

impl<'a> Visit<'a> for Collector {
    fn visit_static_member_expression(&mut self, it: &StaticMemberExpression<'a>) {
        if let Some((name, access)) = env_access(&it.object, Some(it.property.name.as_str())) {
            let location = self.loc(it.span);
            self.facts.env_reads.push(CodeEnvRead { name, access, location });
        }
        walk::walk_static_member_expression(self, it);
    }

    fn visit_computed_member_expression(&mut self, it: &ComputedMemberExpression<'a>) {
        if let Expression::StringLiteral(key) = &it.expression
            && let Some((name, access)) = env_access(&it.object, Some(key.value.as_str()))
        {
            let location = self.loc(it.span);
            self.facts.env_reads.push(CodeEnvRead { name, access, location });
        }
        walk::walk_computed_member_expression(self, it);
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        if let Some(member) = it.callee.as_member_expression() {
            match member.static_property_name() {
                Some("getUserIdentity") => {
                    let location = self.loc(it.span);
                    self.facts.identity_calls.push(location);
                }
                Some("setAuth") => {
                    let location = self.loc(it.span);
                    self.facts.convex_auth_uses.push(("setAuth".into(), location));
                }
                Some("actions") => {
                    // `authKit.actions({...})` enables the component's WorkOS Actions endpoint.
                    if let Expression::Identifier(id) = member.object()
                        && id.name.to_ascii_lowercase().contains("authkit")
                    {
                        let location = self.loc(it.span);
                        self.facts.authkit_actions.get_or_insert(location);
                    }
                }
                _ => {}
            }
        }
        walk::walk_call_expression(self, it);
    }

    fn visit_import_declaration(&mut self, it: &ImportDeclaration<'a>) {
        if it.source.value.starts_with("@convex-dev/workos-authkit") && self.facts.authkit_component.is_none() {
            self.facts.authkit_component = Some(self.loc(it.span));
        }
        walk::walk_import_declaration(self, it);
    }

    fn visit_export_declaration(&mut self, it: &ExportDeclaration<'a>) {
        let text_mentions_action = match &it.declaration {
            Declaration::VariableDeclaration(d) => {
                d.declarations.iter().any(|d| d.id.get_binding_identifiers().iter().any(|b| b.name == "authKitAction"))
            }
            Declaration::FunctionDeclaration(f) => f.id.as_ref().is_some_and(|id| id.name == "authKitAction"),
            _ => false,
        };
        if text_mentions_action {
            let location = self.loc(it.span);
            self.facts.authkit_actions.get_or_insert(location);
        }
        walk::walk_export_declaration(self, it);
    }

    fn visit_jsx_opening_element(&mut self, it: &JSXOpeningElement<'a>) {
        let name = match &it.name {
            JSXElementName::IdentifierReference(id) => Some(id.name.as_str()),
            JSXElementName::Identifier(id) => Some(id.name.as_str()),
            _ => None,
        };
        if let Some(name) = name
            && name.starts_with("ConvexProviderWith")
        {
            let location = self.loc(it.span);
            self.facts.convex_auth_uses.push((name.to_string(), location));
        }
        for attr in &it.attributes {
            if let JSXAttributeItem::Attribute(a) = attr
                && let JSXAttributeName::Identifier(n) = &a.name
                && n.name == "apiHostname"
            {
                let location = self.loc(a.span);
                self.facts.api_hostnames.push(location);
            }
        }
        walk::walk_jsx_opening_element(self, it);
    }

    fn visit_object_property(&mut self, it: &ObjectProperty<'a>) {
        if it.key.static_name().as_deref() == Some("apiHostname") {
            let location = self.loc(it.span);
            self.facts.api_hostnames.push(location);
        }
        walk::walk_object_property(self, it);
    }
}
