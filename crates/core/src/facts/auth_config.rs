//! `convex/auth.config.ts` evaluated statically: the default export as a value tree with a span
//! for every property, env reads kept symbolic (`${env:X}`) unless the deployment env is known.
//!
//! Convex evaluates this file in a V8 isolate and `JSON.stringify`s the default export; we mimic
//! what matters for that: literals, template literals, top-level `const` bindings, `process.env`,
//! `??`/`||` fallbacks, object/array spreads. Anything else becomes [`ValueKind::Unknown`] with
//! the reason, so rules can say what could not be verified instead of guessing.

use super::convex_env::DeploymentEnv;
use crate::facts::convex_push::{self, PushError};
use crate::source::{Decoding, SourceFile, Span};
use oxc_allocator::Allocator;
use oxc_ast::ast::*;
use oxc_parser::Parser;
use oxc_span::{GetSpan, SourceType};
use std::collections::HashMap;

/// A statically evaluated JavaScript value with the span of the expression it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub span: Span,
    pub kind: ValueKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ValueKind {
    Str(Str),
    Num(f64),
    Bool(bool),
    Null,
    Undefined,
    Object(Object),
    Array(Array),
    /// Not statically known; the reason says why (shown to the user).
    Unknown(Unknown),
}

/// Why a value is not statically known.
#[derive(Debug, Clone, PartialEq)]
pub enum Unknown {
    /// `authKit.getAuthConfigProviders()` from `@convex-dev/workos-authkit`: correct by construction.
    ComponentProviders,
    Other(String),
}

/// A string, possibly with `${env:NAME}` placeholders for env vars whose value is unknown.
#[derive(Debug, Clone, PartialEq)]
pub struct Str {
    pub text: String,
    /// Env vars the string was built from (resolved or not).
    pub env_vars: Vec<String>,
    /// True when `text` contains `${env:…}` placeholders.
    pub symbolic: bool,
}

impl Str {
    fn literal(text: impl Into<String>) -> Self {
        Str { text: text.into(), env_vars: Vec::new(), symbolic: false }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Object {
    pub props: Vec<Prop>,
    /// Spreads or computed keys we could not evaluate.
    pub unknown_parts: Vec<(Span, String)>,
}

impl Object {
    /// The last property with this key (later ones win in JS), skipping `undefined` values,
    /// which `JSON.stringify` drops.
    pub fn get(&self, key: &str) -> Option<&Prop> {
        self.props.iter().rev().find(|p| p.key == key).filter(|p| p.value.kind != ValueKind::Undefined)
    }

    pub fn get_str(&self, key: &str) -> Option<&Str> {
        match &self.get(key)?.value.kind {
            ValueKind::Str(s) => Some(s),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Array {
    pub items: Vec<Value>,
    pub unknown_parts: Vec<(Span, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Prop {
    pub key: String,
    pub key_span: Span,
    /// The whole `key: value` property.
    pub span: Span,
    pub value: Value,
}

/// One entry of the `providers` array that is an object literal.
#[derive(Debug, Clone, PartialEq)]
pub struct Provider {
    /// Position in the array Convex receives.
    pub index: usize,
    pub span: Span,
    pub object: Object,
}

impl Provider {
    pub fn get(&self, key: &str) -> Option<&Prop> {
        self.object.get(key)
    }

    pub fn str(&self, key: &str) -> Option<&Str> {
        self.object.get_str(key)
    }

    /// The `type` field as Convex reads it (absent means OIDC).
    pub fn type_str(&self) -> Option<&str> {
        self.str("type").map(|s| s.text.as_str())
    }

    pub fn is_custom_jwt(&self) -> bool {
        self.type_str() == Some("customJwt")
    }

    pub fn issuer(&self) -> Option<&Str> {
        self.str("issuer")
    }

    pub fn application_id(&self) -> Option<&Prop> {
        self.get("applicationID")
    }

    /// Whether the provider is meant for WorkOS: its issuer (or OIDC domain) or JWKS names a
    /// WorkOS host or a WorkOS path.
    pub fn is_workos_shaped(&self) -> bool {
        let issuer = self.issuer().or_else(|| self.str("domain")).map(|s| s.text.as_str()).unwrap_or("");
        let jwks = self.str("jwks").map(|s| s.text.as_str()).unwrap_or("");
        issuer.contains("workos") || jwks.contains("workos") || issuer.contains("/user_management/") || jwks.contains("/sso/jwks/")
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Providers {
    /// The `providers` key.
    pub key_span: Span,
    /// The array (or whatever the value is).
    pub span: Span,
    pub items: Vec<Provider>,
    /// Entries that are not statically known (helper calls, conditional spreads, ...).
    pub unknown: Vec<(Span, Unknown)>,
    /// The value is not an array at all (Convex: "invalid type: map, expected a sequence").
    pub not_an_array: bool,
}

/// A `process.env.NAME` read.
#[derive(Debug, Clone, PartialEq)]
pub struct EnvRead {
    pub name: String,
    pub span: Span,
    /// The literal after `??`/`||`, if any (`process.env.X ?? "client_…"`).
    pub fallback: Option<(String, Span)>,
}

/// How many `const a = b` hops the evaluator follows before it gives up on a value.
const MAX_ALIAS_DEPTH: usize = 256;

#[derive(Debug, Clone, PartialEq)]
pub enum FileProblem {
    /// A syntax error; `span` points at the first bad token, or at the first merge-conflict
    /// marker when the file has one.
    Parse {
        span: Span,
        message: String,
        merge_conflict: bool,
    },
    Binary,
    TooLarge(u64),
    /// Nested deeper than [`crate::source::MAX_NESTING`] (the depth found): not analysed.
    TooDeep(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct AuthConfigFacts {
    pub file: String,
    pub problem: Option<FileProblem>,
    /// `None` when the file has no default export (and parsed).
    pub default_export: Option<Value>,
    pub providers: Option<Providers>,
    pub env_reads: Vec<EnvRead>,
    /// Every `client_…` string literal (or template text) in the file.
    pub client_id_literals: Vec<(String, Span)>,
    /// `import … from "<source>"` in the file.
    pub imports: Vec<(String, Span)>,
    /// What Convex's push would reject, in the order it checks (the first is what it prints).
    pub push_errors: Vec<PushError>,
}

impl AuthConfigFacts {
    pub fn reads_env(&self, name: &str) -> bool {
        self.env_reads.iter().any(|r| r.name == name)
    }
}

/// Loads a project file by its root-relative path (for helpers the auth config imports).
pub type ModuleLoader<'l> = dyn FnMut(&str) -> Option<std::sync::Arc<SourceFile>> + 'l;

/// Parses and evaluates one auth config file. `env` is the deployment env used to resolve
/// `process.env.X` (symbolic when absent). Imported helpers stay unknown; see
/// [`analyze_with_modules`].
pub fn analyze(file: &SourceFile, env: Option<&DeploymentEnv>) -> AuthConfigFacts {
    analyze_with_modules(file, env, &mut |_| None)
}

/// [`analyze`], following imports of project files through `modules`: a helper there that
/// returns an env read or a literal (`export const getClientId = () => process.env.X!`) is
/// evaluated like code of the auth config itself.
pub fn analyze_with_modules(file: &SourceFile, env: Option<&DeploymentEnv>, modules: &mut ModuleLoader) -> AuthConfigFacts {
    let mut facts = AuthConfigFacts {
        file: file.path.clone(),
        problem: None,
        default_export: None,
        providers: None,
        env_reads: Vec::new(),
        client_id_literals: Vec::new(),
        imports: Vec::new(),
        push_errors: Vec::new(),
    };
    match file.decoding {
        Decoding::Binary => {
            facts.problem = Some(FileProblem::Binary);
            return facts;
        }
        Decoding::TooLarge(n) => {
            facts.problem = Some(FileProblem::TooLarge(n));
            return facts;
        }
        Decoding::TooDeep(depth) => {
            facts.problem = Some(FileProblem::TooDeep(depth));
            return facts;
        }
        Decoding::Utf8 | Decoding::Lossy => {}
    }
    let allocator = Allocator::default();
    let source_type = SourceType::from_path(&file.path).unwrap_or_else(|_| SourceType::ts());
    let parsed = Parser::new(&allocator, &file.text, source_type).parse();
    if let Some(error) = parsed.diagnostics.errors().next() {
        let span = error.labels.first().map(|l| Span::new(l.span().start as usize, l.span().end as usize)).unwrap_or_default();
        let marker = conflict_marker(&file.text);
        facts.problem =
            Some(FileProblem::Parse { span: marker.unwrap_or(span), message: error.message.to_string(), merge_conflict: marker.is_some() });
        return facts;
    }
    if parsed.panicked {
        facts.problem =
            Some(FileProblem::Parse { span: Span::default(), message: "the parser gave up on this file".into(), merge_conflict: false });
        return facts;
    }

    let mut eval = Evaluator {
        text: &file.text,
        path: &file.path,
        env,
        bindings: HashMap::new(),
        env_reads: Vec::new(),
        client_ids: Vec::new(),
        evaluating: Vec::new(),
        budget: 100_000,
        modules,
        module_depth: 0,
        mutated: mutated_names(&parsed.program),
    };
    let mut default_expr: Option<&Expression> = None;
    let mut default_name: Option<&str> = None;
    for stmt in &parsed.program.body {
        eval.bind_top_level(stmt);
        match stmt {
            Statement::ImportDeclaration(import) => {
                facts.imports.push((import.source.value.to_string(), span_of(import.span)));
            }
            Statement::ExportNamedDeclaration(export) => {
                for spec in &export.specifiers {
                    if spec.exported.name() == "default" {
                        default_name = Some(spec.local.name().as_str());
                    }
                }
            }
            Statement::ExportDefaultDeclaration(export) => {
                if let Some(expr) = export.declaration.as_expression() {
                    default_expr = Some(expr);
                } else {
                    facts.default_export = Some(Value {
                        span: span_of(export.span),
                        kind: ValueKind::Unknown(Unknown::Other("the default export is a function or class, not an object".into())),
                    });
                }
            }
            Statement::ExpressionStatement(stmt) => {
                // CommonJS `module.exports = {...}` in auth.config.js.
                if let Expression::AssignmentExpression(assign) = &stmt.expression
                    && let AssignmentTarget::StaticMemberExpression(member) = &assign.left
                    && member.property.name == "exports"
                    && matches!(&member.object, Expression::Identifier(id) if id.name == "module")
                {
                    default_expr = Some(&assign.right);
                }
            }
            _ => {}
        }
    }
    if let Some(expr) = default_expr {
        facts.default_export = Some(eval.eval(expr));
    } else if let Some(name) = default_name {
        facts.default_export = Some(eval.eval_identifier(name, Span::default()));
    }
    // Literals anywhere in the file count for `hardcoded-client-id`, used or not.
    collect_client_literals(&parsed.program, &file.text, &mut eval.client_ids);

    facts.env_reads = dedup_reads(std::mem::take(&mut eval.env_reads));
    eval.client_ids.sort_by_key(|(_, s)| *s);
    eval.client_ids.dedup();
    facts.client_id_literals = eval.client_ids;
    if let Some(export) = &facts.default_export {
        facts.providers = providers_of(export);
    }
    facts.push_errors = convex_push::validate(&facts);
    facts
}

/// Points parse errors in a merge conflict at the first conflict marker line.
fn conflict_marker(text: &str) -> Option<Span> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        if body.starts_with("<<<<<<< ") || body == "<<<<<<<" {
            return Some(Span::new(offset, offset + body.len()));
        }
        offset += line.len();
    }
    None
}

fn dedup_reads(mut reads: Vec<EnvRead>) -> Vec<EnvRead> {
    reads.sort_by_key(|r| r.span);
    reads.dedup_by(|a, b| a.span == b.span);
    reads
}

fn providers_of(export: &Value) -> Option<Providers> {
    let ValueKind::Object(obj) = &export.kind else { return None };
    let prop = obj.get("providers")?;
    let mut providers =
        Providers { key_span: prop.key_span, span: prop.value.span, items: Vec::new(), unknown: Vec::new(), not_an_array: false };
    match &prop.value.kind {
        ValueKind::Array(array) => {
            for (index, item) in array.items.iter().enumerate() {
                match &item.kind {
                    ValueKind::Object(object) => providers.items.push(Provider { index, span: item.span, object: object.clone() }),
                    ValueKind::Unknown(why) => providers.unknown.push((item.span, why.clone())),
                    _ => providers.items.push(Provider { index, span: item.span, object: Object::default() }),
                }
            }
            for (span, why) in &array.unknown_parts {
                providers.unknown.push((*span, Unknown::Other(why.clone())));
            }
        }
        ValueKind::Unknown(why) => providers.unknown.push((prop.value.span, why.clone())),
        _ => providers.not_an_array = true,
    }
    Some(providers)
}

/// The `return` arguments of a function body, not of functions nested in it, and its local
/// `const`s (handed to `local`). Follows blocks, `if`/`else` and `try`.
fn collect_returns<'a, 'b>(
    statements: &'b [Statement<'a>],
    returns: &mut Vec<&'b Expression<'a>>,
    local: &mut dyn FnMut(&'b VariableDeclaration<'a>),
) {
    for stmt in statements {
        match stmt {
            Statement::ReturnStatement(r) => {
                if let Some(arg) = &r.argument {
                    returns.push(arg);
                }
            }
            Statement::VariableDeclaration(decl) if decl.kind == VariableDeclarationKind::Const => local(decl),
            Statement::BlockStatement(b) => collect_returns(&b.body, returns, local),
            Statement::IfStatement(i) => {
                collect_returns(std::slice::from_ref(&i.consequent), returns, local);
                if let Some(alt) = &i.alternate {
                    collect_returns(std::slice::from_ref(alt), returns, local);
                }
            }
            Statement::TryStatement(t) => collect_returns(&t.block.body, returns, local),
            _ => {}
        }
    }
}

fn span_of(span: oxc_span::Span) -> Span {
    Span::new(span.start as usize, span.end as usize)
}

enum Binding<'a, 'b> {
    Expr(&'b Expression<'a>),
    /// `import { imported as local } from "source"`.
    Imported {
        source: &'b str,
        imported: &'b str,
    },
    /// A top-level `function name() {}`.
    Function(&'b Function<'a>),
}

/// How many files deep imported helpers are followed (auth config → helper → its import).
const MAX_MODULE_DEPTH: usize = 2;

struct Evaluator<'a, 'b, 'm, 'l> {
    text: &'b str,
    /// The evaluated file's root-relative path (to resolve its relative imports).
    path: &'b str,
    env: Option<&'b DeploymentEnv>,
    bindings: HashMap<&'b str, Binding<'a, 'b>>,
    env_reads: Vec<EnvRead>,
    client_ids: Vec<(String, Span)>,
    /// Names being evaluated right now, to stop on `const a = b; const b = a;`.
    evaluating: Vec<&'b str>,
    /// Expression nodes left to evaluate; stops pathological fan-out (`const a = [b, b, b]` chains).
    budget: usize,
    modules: &'m mut ModuleLoader<'l>,
    module_depth: usize,
    /// Names the file changes after declaring them (`providers.push(…)`, `list[0] = …`): their
    /// declared value is not what Convex receives.
    mutated: std::collections::HashSet<String>,
}

/// Names of arrays and objects a program changes in place anywhere (in `if` blocks included).
fn mutated_names(program: &Program) -> std::collections::HashSet<String> {
    use oxc_ast_visit::Visit;
    #[derive(Default)]
    struct Mutations(std::collections::HashSet<String>);
    impl<'a> Visit<'a> for Mutations {
        fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
            if let Some(member) = it.callee.as_member_expression()
                && matches!(
                    member.static_property_name(),
                    Some("push" | "unshift" | "splice" | "pop" | "shift" | "fill" | "reverse" | "sort")
                )
                && let Expression::Identifier(object) = member.object()
            {
                self.0.insert(object.name.to_string());
            }
            oxc_ast_visit::walk::walk_call_expression(self, it);
        }
        fn visit_assignment_expression(&mut self, it: &AssignmentExpression<'a>) {
            if let Some(member) = it.left.as_member_expression()
                && let Expression::Identifier(object) = member.object()
            {
                self.0.insert(object.name.to_string());
            }
            oxc_ast_visit::walk::walk_assignment_expression(self, it);
        }
    }
    let mut m = Mutations::default();
    m.visit_program(program);
    m.0
}

impl<'a, 'b, 'm, 'l> Evaluator<'a, 'b, 'm, 'l> {
    /// Records what a top-level statement binds: constants, functions, imports (exported or not).
    fn bind_top_level(&mut self, stmt: &'b Statement<'a>) {
        match stmt {
            Statement::ImportDeclaration(import) => {
                for spec in import.specifiers.iter().flatten() {
                    let imported = match spec {
                        ImportDeclarationSpecifier::ImportSpecifier(s) => s.imported.name().as_str(),
                        ImportDeclarationSpecifier::ImportDefaultSpecifier(_) => "default",
                        ImportDeclarationSpecifier::ImportNamespaceSpecifier(_) => "*",
                    };
                    self.bindings.insert(spec.local().name.as_str(), Binding::Imported { source: import.source.value.as_str(), imported });
                }
            }
            Statement::VariableDeclaration(decl) => self.bind(decl),
            Statement::FunctionDeclaration(f) => {
                if let Some(id) = &f.id {
                    self.bindings.insert(id.name.as_str(), Binding::Function(f));
                }
            }
            Statement::ExportDeclaration(export) => match &export.declaration {
                Declaration::VariableDeclaration(decl) => self.bind(decl),
                Declaration::FunctionDeclaration(f) => {
                    if let Some(id) = &f.id {
                        self.bindings.insert(id.name.as_str(), Binding::Function(f));
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }

    /// The value a call of a helper returns, when every `return` of its body yields the same
    /// string (`const id = process.env.X; if (!id) throw …; return id;`).
    fn eval_call(&mut self, call: &'b CallExpression<'a>, span: Span) -> Value {
        let why = || format!("`{}` is computed by a function call", snippet(self.text, span));
        let Expression::Identifier(callee) = &call.callee else { return Self::unknown(span, why()) };
        let name = callee.name.as_str();
        if !call.arguments.is_empty() || self.evaluating.contains(&name) {
            return Self::unknown(span, why());
        }
        match self.bindings.get_key_value(name) {
            Some((key, Binding::Function(f))) => {
                let (key, f): (&'b str, &'b Function<'a>) = (key, f);
                let Some(body) = &f.body else { return Self::unknown(span, why()) };
                self.evaluating.push(key);
                let value = self.eval_body(&body.statements, span);
                self.evaluating.pop();
                value.unwrap_or_else(|| Self::unknown(span, why()))
            }
            Some((key, Binding::Expr(expr))) => {
                let (key, expr): (&'b str, &'b Expression<'a>) = (key, expr);
                self.evaluating.push(key);
                let value = match expr.get_inner_expression() {
                    Expression::ArrowFunctionExpression(arrow) if arrow.params.items.is_empty() => self.eval_arrow(&arrow.body, span),
                    Expression::FunctionExpression(f) if f.params.items.is_empty() => {
                        f.body.as_ref().and_then(|b| self.eval_body(&b.statements, span))
                    }
                    _ => None,
                };
                self.evaluating.pop();
                value.unwrap_or_else(|| Self::unknown(span, why()))
            }
            Some((_, Binding::Imported { source, imported })) => {
                let (source, imported) = (*source, *imported);
                self.eval_imported(source, imported, true, span).unwrap_or_else(|| Self::unknown(span, why()))
            }
            None => Self::unknown(span, why()),
        }
    }

    /// An arrow function's result: its expression, or the common value of its body's returns.
    fn eval_arrow(&mut self, body: &'b ArrowFunctionBody<'a>, span: Span) -> Option<Value> {
        match body {
            ArrowFunctionBody::FunctionBody(b) => self.eval_body(&b.statements, span),
            other => {
                let mut value = self.eval(other.as_expression()?);
                value.span = span;
                (!matches!(value.kind, ValueKind::Unknown(_))).then_some(value)
            }
        }
    }

    /// The common value of a function body's `return`s, with its local constants in scope.
    /// `None` when they differ or one is unknown.
    fn eval_body(&mut self, statements: &'b oxc_allocator::Vec<'a, Statement<'a>>, span: Span) -> Option<Value> {
        let mut returns: Vec<&'b Expression<'a>> = Vec::new();
        let mut shadowed: Vec<(&'b str, Option<Binding<'a, 'b>>)> = Vec::new();
        collect_returns(statements, &mut returns, &mut |decl: &'b VariableDeclaration<'a>| {
            for d in &decl.declarations {
                if let (BindingPattern::BindingIdentifier(id), Some(init)) = (&d.id, &d.init) {
                    shadowed.push((id.name.as_str(), Some(Binding::Expr(init))));
                }
            }
        });
        let mut restore: Vec<(&'b str, Option<Binding<'a, 'b>>)> = Vec::new();
        for (name, binding) in shadowed {
            let previous = self.bindings.remove(name);
            if let Some(b) = binding {
                self.bindings.insert(name, b);
            }
            restore.push((name, previous));
        }
        let mut result: Option<Value> = None;
        let mut agreed = !returns.is_empty();
        for expr in returns {
            let mut value = self.eval(expr);
            value.span = span;
            match (&result, &value.kind) {
                (_, ValueKind::Unknown(_)) => agreed = false,
                (None, _) => result = Some(value),
                (Some(first), _) if first.kind == value.kind => {}
                _ => agreed = false,
            }
        }
        for (name, previous) in restore.into_iter().rev() {
            self.bindings.remove(name);
            if let Some(b) = previous {
                self.bindings.insert(name, b);
            }
        }
        result.filter(|_| agreed)
    }

    /// Evaluates `name` exported by a project file this one imports (called, when `call`).
    /// Env vars it reads are recorded at `span`, the place in this file that uses them.
    fn eval_imported(&mut self, source: &str, name: &str, call: bool, span: Span) -> Option<Value> {
        if !(source.starts_with("./") || source.starts_with("../")) || self.module_depth >= MAX_MODULE_DEPTH {
            return None;
        }
        let base = super::react::normalize_join(self.path.rsplit_once('/').map(|(d, _)| d).unwrap_or(""), source);
        let file = ["", ".ts", ".js", ".mts", ".mjs", ".cts", ".cjs", "/index.ts", "/index.js"]
            .iter()
            .find_map(|ext| (self.modules)(&format!("{base}{ext}")).filter(|f| matches!(f.decoding, Decoding::Utf8 | Decoding::Lossy)))?;
        let allocator = Allocator::default();
        let source_type = SourceType::from_path(&file.path).unwrap_or_else(|_| SourceType::ts());
        let parsed = Parser::new(&allocator, &file.text, source_type).parse();
        if parsed.panicked || parsed.diagnostics.errors().next().is_some() {
            return None;
        }
        let mut sub = Evaluator {
            text: &file.text,
            path: &file.path,
            env: self.env,
            bindings: HashMap::new(),
            env_reads: Vec::new(),
            client_ids: Vec::new(),
            evaluating: Vec::new(),
            budget: self.budget,
            modules: &mut *self.modules,
            module_depth: self.module_depth + 1,
            mutated: mutated_names(&parsed.program),
        };
        let mut local = name;
        for stmt in &parsed.program.body {
            sub.bind_top_level(stmt);
            if let Statement::ExportNamedDeclaration(export) = stmt {
                for spec in &export.specifiers {
                    if spec.exported.name() == name {
                        local = spec.local.name().as_str();
                    }
                }
            }
        }
        let exported = parsed.program.body.iter().any(|stmt| match stmt {
            Statement::ExportNamedDeclaration(export) => export.specifiers.iter().any(|s| s.exported.name() == name),
            Statement::ExportDeclaration(export) => match &export.declaration {
                Declaration::VariableDeclaration(d) => {
                    d.declarations.iter().any(|d| d.id.get_binding_identifiers().iter().any(|b| b.name == name))
                }
                Declaration::FunctionDeclaration(f) => f.id.as_ref().is_some_and(|id| id.name == name),
                _ => false,
            },
            _ => false,
        });
        if !exported {
            return None;
        }
        let value = if call {
            enum Callee<'x, 'y> {
                Body(&'y oxc_allocator::Vec<'x, Statement<'x>>),
                Arrow(&'y ArrowFunctionBody<'x>),
            }
            let callee = match sub.bindings.get(local) {
                Some(Binding::Function(f)) if f.params.items.is_empty() => f.body.as_ref().map(|b| Callee::Body(&b.statements)),
                Some(Binding::Expr(e)) => match e.get_inner_expression() {
                    Expression::ArrowFunctionExpression(a) if a.params.items.is_empty() => Some(Callee::Arrow(&a.body)),
                    Expression::FunctionExpression(f) if f.params.items.is_empty() => f.body.as_ref().map(|b| Callee::Body(&b.statements)),
                    _ => None,
                },
                _ => None,
            };
            match callee {
                Some(Callee::Body(statements)) => sub.eval_body(statements, span)?,
                Some(Callee::Arrow(body)) => sub.eval_arrow(body, span)?,
                None => return None,
            }
        } else {
            let mut v = sub.eval_identifier(local, span);
            v.span = span;
            v
        };
        if matches!(value.kind, ValueKind::Unknown(_)) {
            return None;
        }
        self.budget = sub.budget;
        let reads: Vec<String> = sub.env_reads.into_iter().map(|r| r.name).collect();
        for name in reads {
            self.env_reads.push(EnvRead { name, span, fallback: None });
        }
        Some(value)
    }

    fn bind(&mut self, decl: &'b VariableDeclaration<'a>) {
        for d in &decl.declarations {
            if let (BindingPattern::BindingIdentifier(id), Some(init)) = (&d.id, &d.init) {
                self.bindings.insert(id.name.as_str(), Binding::Expr(init));
            }
        }
    }

    fn unknown(span: Span, why: impl Into<String>) -> Value {
        Value { span, kind: ValueKind::Unknown(Unknown::Other(why.into())) }
    }

    fn eval_identifier(&mut self, name: &str, span: Span) -> Value {
        if name == "undefined" {
            return Value { span, kind: ValueKind::Undefined };
        }
        if self.evaluating.contains(&name) {
            return Self::unknown(span, format!("`{name}` refers to itself"));
        }
        // Each alias is one more level of recursion; a generated chain of thousands would
        // exhaust the stack. No hand-written config comes near this.
        if self.evaluating.len() >= MAX_ALIAS_DEPTH {
            return Self::unknown(span, format!("`{name}` is behind more than {MAX_ALIAS_DEPTH} aliases; too deep to analyse"));
        }
        if self.mutated.contains(name) {
            return Self::unknown(
                span,
                format!("`{name}` is changed after it is declared (`{name}.push(…)`, …), so its final value is known only at run time"),
            );
        }
        match self.bindings.get_key_value(name) {
            Some((key, Binding::Expr(expr))) => {
                let (key, expr): (&'b str, &'b Expression<'a>) = (key, expr);
                self.evaluating.push(key);
                let mut value = self.eval(expr);
                self.evaluating.pop();
                if span != Span::default() {
                    value.span = span;
                }
                value
            }
            Some((_, Binding::Imported { source, imported })) => {
                let (source, imported) = (*source, *imported);
                self.eval_imported(source, imported, false, span)
                    .unwrap_or_else(|| Self::unknown(span, format!("`{name}` is imported from \"{source}\"")))
            }
            Some((_, Binding::Function(_))) => Self::unknown(span, format!("`{name}` is a function")),
            None => Self::unknown(span, format!("`{name}` is not a top-level constant of this file")),
        }
    }

    fn env_read(&mut self, name: &str, span: Span) -> Value {
        self.env_reads.push(EnvRead { name: name.to_string(), span, fallback: None });
        let str = match self.env.and_then(|e| e.get(name)) {
            Some(entry) => Str { text: entry.value.clone(), env_vars: vec![name.to_string()], symbolic: false },
            None => Str { text: format!("${{env:{name}}}"), env_vars: vec![name.to_string()], symbolic: true },
        };
        Value { span, kind: ValueKind::Str(str) }
    }

    fn eval(&mut self, expr: &'b Expression<'a>) -> Value {
        let span = span_of(expr.span());
        if self.budget == 0 {
            return Self::unknown(span, "the expression is too large to evaluate");
        }
        self.budget -= 1;
        match expr {
            Expression::StringLiteral(s) => Value { span, kind: ValueKind::Str(Str::literal(s.value.as_str())) },
            Expression::NumericLiteral(n) => Value { span, kind: ValueKind::Num(n.value) },
            Expression::BooleanLiteral(b) => Value { span, kind: ValueKind::Bool(b.value) },
            Expression::NullLiteral(_) => Value { span, kind: ValueKind::Null },
            Expression::TemplateLiteral(t) => self.eval_template(t, span),
            Expression::Identifier(id) => self.eval_identifier(id.name.as_str(), span),
            Expression::ParenthesizedExpression(p) => self.eval(&p.expression),
            Expression::TSAsExpression(e) => self.eval(&e.expression),
            Expression::TSSatisfiesExpression(e) => self.eval(&e.expression),
            Expression::TSNonNullExpression(e) => self.eval(&e.expression),
            Expression::TSTypeAssertion(e) => self.eval(&e.expression),
            Expression::StaticMemberExpression(_) => match env_name(expr) {
                Some(name) => self.env_read(&name, span),
                None => Self::unknown(span, format!("`{}` is computed at run time", snippet(self.text, span))),
            },
            Expression::ComputedMemberExpression(_) => match env_name(expr) {
                Some(name) => self.env_read(&name, span),
                None => Self::unknown(span, format!("`{}` is computed at run time", snippet(self.text, span))),
            },
            Expression::LogicalExpression(l) => self.eval_logical(l, span),
            Expression::BinaryExpression(b) if b.operator == BinaryOperator::Addition => self.eval_concat(b, span),
            Expression::ObjectExpression(o) => self.eval_object(o, span),
            Expression::ArrayExpression(a) => self.eval_array(a, span),
            Expression::ConditionalExpression(_) => {
                Self::unknown(span, format!("`{}` depends on a run-time condition", snippet(self.text, span)))
            }
            Expression::CallExpression(call) => {
                if let Some(member) = call.callee.as_member_expression()
                    && member.static_property_name() == Some("getAuthConfigProviders")
                {
                    return Value { span, kind: ValueKind::Unknown(Unknown::ComponentProviders) };
                }
                self.eval_call(call, span)
            }
            _ => Self::unknown(span, format!("`{}` is not a literal", snippet(self.text, span))),
        }
    }

    fn eval_template(&mut self, t: &'b TemplateLiteral<'a>, span: Span) -> Value {
        let mut out = Str::literal("");
        for (i, quasi) in t.quasis.iter().enumerate() {
            let cooked = quasi.value.cooked.as_ref().map(|c| c.as_str()).unwrap_or(quasi.value.raw.as_str());
            out.text.push_str(cooked);
            let Some(expr) = t.expressions.get(i) else { continue };
            let part = self.eval(expr);
            match part.kind {
                ValueKind::Str(s) => {
                    out.text.push_str(&s.text);
                    out.symbolic |= s.symbolic;
                    out.env_vars.extend(s.env_vars);
                }
                ValueKind::Num(n) => out.text.push_str(&n.to_string()),
                ValueKind::Bool(b) => out.text.push_str(&b.to_string()),
                ValueKind::Null => out.text.push_str("null"),
                ValueKind::Undefined => out.text.push_str("undefined"),
                ValueKind::Unknown(why) => return Value { span, kind: ValueKind::Unknown(why) },
                ValueKind::Object(_) | ValueKind::Array(_) => {
                    return Self::unknown(span, "a template literal interpolates an object");
                }
            }
        }
        Value { span, kind: ValueKind::Str(out) }
    }

    /// `"https://…/sso/jwks/" + clientId`: string concatenation (a number joins as its text).
    fn eval_concat(&mut self, b: &'b BinaryExpression<'a>, span: Span) -> Value {
        let (left, right) = (self.eval(&b.left), self.eval(&b.right));
        let text = |v: &Value| match &v.kind {
            ValueKind::Str(s) => Some(s.clone()),
            ValueKind::Num(n) => Some(Str::literal(n.to_string())),
            _ => None,
        };
        match (text(&left), text(&right)) {
            (Some(l), Some(r)) if matches!(left.kind, ValueKind::Str(_)) || matches!(right.kind, ValueKind::Str(_)) => {
                let mut out = l;
                out.text.push_str(&r.text);
                out.symbolic |= r.symbolic;
                out.env_vars.extend(r.env_vars);
                Value { span, kind: ValueKind::Str(out) }
            }
            _ => match (left.kind, right.kind) {
                (ValueKind::Unknown(why), _) | (_, ValueKind::Unknown(why)) => Value { span, kind: ValueKind::Unknown(why) },
                _ => Self::unknown(span, format!("`{}` is not a string concatenation", snippet(self.text, span))),
            },
        }
    }

    fn eval_logical(&mut self, l: &'b LogicalExpression<'a>, span: Span) -> Value {
        let left = self.eval(&l.left);
        let is_env = matches!(&left.kind, ValueKind::Str(s) if !s.env_vars.is_empty());
        if is_env {
            // Remember a literal fallback on an env read: that is a hard-coded value.
            let right = self.eval(&l.right);
            if let ValueKind::Str(r) = &right.kind
                && !r.symbolic
                && let Some(read) = self.env_reads.iter_mut().rev().find(|r| r.span == left.span)
            {
                read.fallback = Some((r.text.clone(), right.span));
            }
            // Inside Convex an unset env var throws, so the fallback never applies there;
            // a known value simply wins.
            let mut value = left;
            value.span = span;
            return value;
        }
        let left_absent = match &left.kind {
            ValueKind::Undefined | ValueKind::Null => true,
            ValueKind::Str(s) if l.operator == LogicalOperator::Or => s.text.is_empty(),
            ValueKind::Bool(false) if l.operator == LogicalOperator::Or => true,
            _ => false,
        };
        match (&left.kind, l.operator) {
            (ValueKind::Unknown(_), _) => left,
            (_, LogicalOperator::And) => Self::unknown(span, "`&&` expression"),
            _ if left_absent => self.eval(&l.right),
            _ => left,
        }
    }

    fn eval_object(&mut self, o: &'b ObjectExpression<'a>, span: Span) -> Value {
        let mut obj = Object::default();
        for prop in &o.properties {
            match prop {
                ObjectPropertyKind::ObjectProperty(p) => {
                    let key_span = span_of(p.key.span());
                    let Some(key) = p.key.static_name().filter(|_| !p.computed || matches!(p.key, PropertyKey::StringLiteral(_))) else {
                        obj.unknown_parts.push((key_span, "a computed property key".into()));
                        continue;
                    };
                    let value = if p.method { Self::unknown(span_of(p.value.span()), "a method") } else { self.eval(&p.value) };
                    obj.props.push(Prop { key: key.to_string(), key_span, span: span_of(p.span), value });
                }
                ObjectPropertyKind::SpreadProperty(s) => {
                    let v = self.eval(&s.argument);
                    match v.kind {
                        ValueKind::Object(inner) => {
                            obj.props.extend(inner.props);
                            obj.unknown_parts.extend(inner.unknown_parts);
                        }
                        ValueKind::Unknown(Unknown::Other(why)) => obj.unknown_parts.push((span_of(s.span), why)),
                        ValueKind::Unknown(Unknown::ComponentProviders) => {
                            obj.unknown_parts.push((span_of(s.span), "spreads component providers".into()))
                        }
                        _ => {}
                    }
                }
            }
        }
        Value { span, kind: ValueKind::Object(obj) }
    }

    fn eval_array(&mut self, a: &'b ArrayExpression<'a>, span: Span) -> Value {
        let mut arr = Array::default();
        for el in &a.elements {
            match el {
                ArrayExpressionElement::SpreadElement(s) => {
                    let v = self.eval(&s.argument);
                    match v.kind {
                        ValueKind::Array(inner) => {
                            arr.items.extend(inner.items);
                            arr.unknown_parts.extend(inner.unknown_parts);
                        }
                        ValueKind::Unknown(why) => arr.items.push(Value { span: span_of(s.span), kind: ValueKind::Unknown(why) }),
                        _ => arr.unknown_parts.push((span_of(s.span), "spreads a value that is not an array".into())),
                    }
                }
                ArrayExpressionElement::Elision(e) => arr.items.push(Value { span: span_of(e.span), kind: ValueKind::Null }),
                _ => {
                    let expr = el.to_expression();
                    arr.items.push(self.eval(expr));
                }
            }
        }
        Value { span, kind: ValueKind::Array(arr) }
    }
}

/// `process.env.NAME` / `process.env["NAME"]` → `NAME`.
fn env_name(expr: &Expression) -> Option<String> {
    let member = expr.as_member_expression()?;
    let object = member.object().without_parentheses();
    let is_process_env = match object {
        Expression::StaticMemberExpression(m) => {
            m.property.name == "env" && matches!(&m.object, Expression::Identifier(id) if id.name == "process")
        }
        _ => false,
    };
    if !is_process_env {
        return None;
    }
    member.static_property_name().map(str::to_string)
}

fn snippet(text: &str, span: Span) -> String {
    let s = text.get(span.start..span.end).unwrap_or("");
    let one_line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > 60 { one_line.chars().take(57).collect::<String>() + "..." } else { one_line }
}

/// Every `client_…` literal in the file, by walking the AST's string literals and template texts.
fn collect_client_literals(program: &Program, text: &str, out: &mut Vec<(String, Span)>) {
    use oxc_ast_visit::Visit;
    struct Literals<'t> {
        text: &'t str,
        out: Vec<(String, Span)>,
    }
    impl<'a> Visit<'a> for Literals<'_> {
        // Text meant for people — an error to throw, a line to log — is not configuration,
        // even when it shows a `client_…` example.
        fn visit_new_expression(&mut self, it: &NewExpression<'a>) {
            if !matches!(&it.callee, Expression::Identifier(id) if id.name.ends_with("Error")) {
                oxc_ast_visit::walk::walk_new_expression(self, it);
            }
        }
        fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
            let logs =
                it.callee.as_member_expression().is_some_and(|m| matches!(m.object(), Expression::Identifier(o) if o.name == "console"));
            if !logs {
                oxc_ast_visit::walk::walk_call_expression(self, it);
            }
        }
        fn visit_throw_statement(&mut self, _: &ThrowStatement<'a>) {}
        fn visit_string_literal(&mut self, lit: &StringLiteral<'a>) {
            push_client_ids(lit.value.as_str(), span_of(lit.span), self.text, &mut self.out);
        }
        fn visit_template_element(&mut self, el: &TemplateElement<'a>) {
            push_client_ids(el.value.raw.as_str(), span_of(el.span), self.text, &mut self.out);
        }
    }
    let mut v = Literals { text, out: Vec::new() };
    v.visit_program(program);
    out.extend(v.out);
}

fn push_client_ids(value: &str, span: Span, text: &str, out: &mut Vec<(String, Span)>) {
    // A string with spaces is a sentence for people (an error text, a setup step), not a value
    // Convex reads: a `client_…` in it is an example.
    if value.contains(char::is_whitespace) {
        return;
    }
    let raw = text.get(span.start..span.end).unwrap_or("");
    let mut search = 0;
    while let Some(pos) = value[search..].find("client_") {
        let start = search + pos;
        let id: String = value[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        // Point at the id itself when it appears verbatim in the source.
        let id_span = raw.find(&id).map(|p| Span::new(span.start + p, span.start + p + id.len())).unwrap_or(span);
        // WorkOS ids are `client_` + a ULID: digits and capitals. `client_local_preview` is a
        // sentinel of the project's own (a placeholder, a `startsWith` prefix), not an id.
        let tail = &id["client_".len()..];
        if tail.len() >= 4 && tail.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase()) {
            out.push((id.clone(), id_span));
        }
        search = start + id.len().max(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn analyze_text(text: &str) -> AuthConfigFacts {
        analyze(&SourceFile::new("convex/auth.config.ts", text.to_string(), Decoding::Utf8), None)
    }

    const GOOD: &str = r#"
const clientId = process.env.WORKOS_CLIENT_ID;
const authConfig = {
  providers: [
    { type: "customJwt", issuer: "https://api.workos.com/", algorithm: "RS256", jwks: `https://api.workos.com/sso/jwks/${clientId}`, applicationID: clientId },
    { type: "customJwt", issuer: `https://api.workos.com/user_management/${clientId}`, algorithm: "RS256", jwks: `https://api.workos.com/sso/jwks/${clientId}` },
  ],
};
export default authConfig;
"#;

    #[test]
    fn evaluates_the_known_good_config() {
        let f = analyze_text(GOOD);
        assert!(f.problem.is_none());
        let p = f.providers.unwrap();
        assert_eq!(p.items.len(), 2);
        assert_eq!(p.items[1].issuer().unwrap().text, "https://api.workos.com/user_management/${env:WORKOS_CLIENT_ID}");
        assert!(p.items[1].application_id().is_none());
        assert_eq!(p.items[0].str("applicationID").unwrap().text, "${env:WORKOS_CLIENT_ID}");
        assert_eq!(f.env_reads.len(), 1);
        assert!(f.push_errors.is_empty(), "{:?}", f.push_errors);
    }

    #[test]
    fn satisfies_and_fallbacks() {
        let f = analyze_text(
            "import type { AuthConfig } from 'convex/server';\nconst id = process.env.WORKOS_CLIENT_ID ?? 'client_01ABC';\nexport default { providers: [{ type: 'customJwt', issuer: `https://api.workos.com/user_management/${id}`, algorithm: 'RS256', jwks: 'x', applicationID: undefined }] } satisfies AuthConfig;",
        );
        let p = f.providers.unwrap();
        assert!(p.items[0].application_id().is_none(), "undefined is dropped like JSON.stringify does");
        assert_eq!(f.env_reads[0].fallback.as_ref().unwrap().0, "client_01ABC");
        assert_eq!(f.client_id_literals[0].0, "client_01ABC");
    }

    #[test]
    fn string_concatenation() {
        let f = analyze_text(
            "export default { providers: [{ type: 'customJwt', issuer: 'https://api.workos.com/user_management/' + process.env.WORKOS_CLIENT_ID, jwks: 'a' + 1, applicationID: f() + 'x' }] };",
        );
        let p = f.providers.unwrap();
        assert_eq!(p.items[0].issuer().unwrap().text, "https://api.workos.com/user_management/${env:WORKOS_CLIENT_ID}");
        assert!(p.items[0].issuer().unwrap().symbolic);
        assert_eq!(p.items[0].str("jwks").unwrap().text, "a1");
        assert!(matches!(p.items[0].get("applicationID").unwrap().value.kind, ValueKind::Unknown(_)));
        assert_eq!(f.env_reads.len(), 1);
    }

    #[test]
    fn conditional_spread_is_unknown() {
        let f = analyze_text("export default { providers: [...(process.env.X ? [{type:'customJwt'}] : [])] };");
        let p = f.providers.unwrap();
        assert!(p.items.is_empty());
        assert_eq!(p.unknown.len(), 1);
    }

    #[test]
    fn component_helper_is_recognised() {
        let f = analyze_text("import { authKit } from './auth';\nexport default { providers: authKit.getAuthConfigProviders() };");
        assert_eq!(f.providers.unwrap().unknown[0].1, Unknown::ComponentProviders);
    }

    #[test]
    fn merge_conflict_points_at_marker() {
        let f = analyze_text("export default {\n<<<<<<< HEAD\n providers: []\n=======\n providers: [1]\n>>>>>>> b\n};\n");
        match f.problem {
            Some(FileProblem::Parse { span, merge_conflict, .. }) => {
                assert_eq!(span.start, 17);
                assert!(merge_conflict);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn self_reference_terminates() {
        let f = analyze_text("const a = b; const b = a; export default { providers: [a] };");
        assert!(f.providers.is_some());
    }
}
