//! Convex function facts of one file: the values that hold a `ctx.auth.getUserIdentity()`
//! result (variables, destructuring, parameters typed `UserIdentity`) and the identity fields
//! read from them (`identity.email`, `identity?.pictureUrl`, `identity!["name"]`,
//! `const { email } = identity`, `(await ctx.auth.getUserIdentity())?.email`).
//!
//! Scoping is per function: a name is an identity when the innermost function that binds it
//! binds it to an identity. Filled during the single parse in [`super::code`].

use crate::diagnostic::Location;
use crate::source::{SourceFile, Span};
use oxc_ast::AstKind;
use oxc_ast::ast::*;
use oxc_ast_visit::{Visit, walk};
use oxc_span::GetSpan;
use std::collections::{BTreeMap, BTreeSet};

/// Names that make a file worth parsing for these facts (`getUserIdentity`, `UserIdentity`), as
/// their rare part (see `code::need`).
pub const NEEDLES: &[&str] = &["serIdentity"];

/// One field read from a user identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityRead {
    pub field: String,
    /// The member expression (or the destructured property).
    pub location: Location,
    /// The code copes with the claim being absent here: another source comes before it in an
    /// `||`/`??` chain (`a || identity.name`), or after it when that one holds the same fact
    /// (`identity.email || args.email`); it fills what another source left empty
    /// (`if (!name) name = identity.name`); it is tested for presence or only read where such a
    /// test holds (`if (identity.email) { … }`, `identity.name && …`); or its function tests the
    /// value's type in a ternary (`typeof identity.name === "string" ? identity.name : undefined`).
    pub absence_handled: bool,
    /// Handed to a function of the project as a property of an object argument
    /// (`link({ identity: { givenName: identity.givenName } })`): the callee's name and the key.
    /// Whether anything reads it then depends on that function ([`super::convex_calls`]).
    pub passed_to: Option<(String, String)>,
    /// Returned by a Convex function's handler as a field of its result object, under this
    /// top-level key (`return { user: { email: identity.email } }` → `user`). Whether anything
    /// reads it then depends on the function's callers ([`super::query_results`]).
    pub returned_under: Option<String>,
    /// Written to a record under a key naming the same fact, as a property value of an object
    /// handed to `db.insert`/`db.patch`/`db.replace` or `runMutation`
    /// (`ctx.db.insert("users", { email: identity.email })`). Where the project also fills that
    /// claim from the client ([`FileFacts::backfilled_claims`]), an absent claim only leaves the
    /// field empty until then.
    pub stored: bool,
}

#[derive(Debug, Default, Clone)]
pub struct FileFacts {
    pub identity_reads: Vec<IdentityRead>,
    /// Claims a handler fills from what the client sent when the token lacks them: as the
    /// fallback of the claim (`identity.email ?? args.email`), or in a write guarded by the
    /// stored field being empty (`if (!user.email) patch(user._id, { email: args.email })`).
    pub backfilled_claims: BTreeSet<String>,
}

pub fn collect(file: &SourceFile, program: &Program) -> FileFacts {
    let mut c = Collector {
        file,
        facts: FileFacts::default(),
        scopes: vec![BTreeMap::new()],
        functions: vec![0],
        next_function: 1,
        read_functions: Vec::new(),
        fallback_spans: BTreeSet::new(),
        conditional_tests: 0,
        present: Vec::new(),
        type_tested: BTreeSet::new(),
        aliases: BTreeMap::new(),
        passed: BTreeMap::new(),
        returned: BTreeMap::new(),
        handlers: BTreeSet::new(),
        next_is_handler: false,
        client_args: BTreeSet::new(),
        stored: BTreeSet::new(),
        empty_fields: Vec::new(),
    };
    c.visit_program(program);
    for (read, function) in c.facts.identity_reads.iter_mut().zip(&c.read_functions) {
        read.absence_handled |= c.type_tested.contains(&(*function, read.field.clone()));
    }
    c.facts
}

struct Collector<'f> {
    file: &'f SourceFile,
    facts: FileFacts,
    /// Per function (innermost last): name → whether it holds an identity.
    scopes: Vec<BTreeMap<String, bool>>,
    /// Ids of the enclosing functions (innermost last; 0 is the file).
    functions: Vec<usize>,
    next_function: usize,
    /// The function of each read, same index as `facts.identity_reads`.
    read_functions: Vec<usize>,
    /// Spans of identity reads that are a later operand of a `||`/`??` chain after another source.
    fallback_spans: BTreeSet<(u32, u32)>,
    /// Depth of ternary tests being visited.
    conditional_tests: usize,
    /// Claims tested for presence around the code being visited (`if (identity.email) { … }`).
    present: Vec<String>,
    /// (function, field) pairs whose value is type-tested in a ternary.
    type_tested: BTreeSet<(usize, String)>,
    /// (function, local name) → the identity field the name was initialised from.
    aliases: BTreeMap<(usize, String), String>,
    /// Spans of identity reads placed in an object argument of a call: (callee, key).
    passed: BTreeMap<(u32, u32), (String, String)>,
    /// Spans of identity reads placed in a handler's returned object: the top-level key.
    returned: BTreeMap<(u32, u32), String>,
    /// Ids of the functions that are Convex handlers (`handler: async (ctx) => { … }`).
    handlers: BTreeSet<usize>,
    /// The function about to be entered is the value of a `handler` property.
    next_is_handler: bool,
    /// (handler, name): a handler's arguments object (`args`), or a name destructured from it
    /// (`{ email }`) — values the client sent.
    client_args: BTreeSet<(usize, String)>,
    /// Spans of identity reads written to a record under a key naming the same fact.
    stored: BTreeSet<(u32, u32)>,
    /// Record fields tested empty around the code being visited (`if (!user.email) { … }`).
    empty_fields: Vec<String>,
}

/// A variable or property whose name holds `field` (`args.email`, `profile.userEmail`,
/// `email`): another source of the same fact as `identity.<field>`.
fn names_the_same_fact(expr: &Expression, field: &str) -> bool {
    let name = match expr.get_inner_expression() {
        Expression::Identifier(id) => Some(id.name.as_str()),
        Expression::ChainExpression(c) => c.expression.as_member_expression().and_then(|m| m.static_property_name()),
        e => e.as_member_expression().and_then(|m| m.static_property_name()),
    };
    let Some(name) = name.map(str::to_lowercase) else { return false };
    // A display name falls back to the user's email as readily as to another name.
    let display = matches!(field, "name" | "givenName" | "familyName" | "nickname" | "preferredUsername") && name.contains("email");
    name.contains(&field.to_lowercase()) || display
}

/// Claims Convex sets on every identity: a chain ending in one never comes out empty.
const ALWAYS_SET_CLAIMS: &[&str] = &["tokenIdentifier", "subject", "issuer"];

/// The operands of an `||`/`??` chain, left to right (`a || b ?? c` → `a`, `b`, `c`); `None`
/// for an `&&`.
pub(super) fn fallback_chain<'e, 'a>(it: &'e LogicalExpression<'a>) -> Option<Vec<&'e Expression<'a>>> {
    if it.operator == LogicalOperator::And {
        return None;
    }
    let mut operands = vec![&it.right];
    let mut left = &it.left;
    while let Expression::LogicalExpression(l) = left.get_inner_expression()
        && l.operator != LogicalOperator::And
    {
        operands.push(&l.right);
        left = &l.left;
    }
    operands.push(left);
    operands.reverse();
    Some(operands)
}

/// `identity.givenName ?? null` (or `?? undefined`, `|| null`) as the claim alone: the empty
/// default says nothing about where the value goes.
fn without_empty_default<'e, 'a>(value: &'e Expression<'a>) -> &'e Expression<'a> {
    let value = value.get_inner_expression();
    if let Expression::LogicalExpression(l) = value
        && l.operator != LogicalOperator::And
        && matches!(l.right.get_inner_expression(), Expression::NullLiteral(_))
            | matches!(l.right.get_inner_expression(), Expression::Identifier(id) if id.name == "undefined")
    {
        return l.left.get_inner_expression();
    }
    value
}

/// The span a read is recorded under: the member expression itself, inside `?.` chains too.
fn read_span(e: &Expression) -> (u32, u32) {
    let span = match e {
        Expression::ChainExpression(c) => c.expression.span(),
        e => e.span(),
    };
    (span.start, span.end)
}

/// The record fields a condition requires to be empty: `!user.email`, alone or as an operand
/// of an `&&` chain (`user && !user.email`).
fn empty_fields_tested(test: &Expression) -> Vec<String> {
    match test.get_inner_expression() {
        Expression::LogicalExpression(l) if l.operator == LogicalOperator::And => {
            let mut fields = empty_fields_tested(&l.left);
            fields.extend(empty_fields_tested(&l.right));
            fields
        }
        Expression::UnaryExpression(u) if u.operator == UnaryOperator::LogicalNot => {
            let member = match u.argument.get_inner_expression() {
                Expression::ChainExpression(c) => c.expression.as_member_expression(),
                e => e.as_member_expression(),
            };
            member.and_then(|m| m.static_property_name()).map(|n| vec![n.to_string()]).unwrap_or_default()
        }
        _ => Vec::new(),
    }
}

/// `ctx.auth.getUserIdentity()`, with or without `await`, parentheses or `!`.
fn is_identity_call(expr: &Expression) -> bool {
    let mut e = expr.get_inner_expression();
    if let Expression::AwaitExpression(a) = e {
        e = a.argument.get_inner_expression();
    }
    match e {
        Expression::CallExpression(call) => {
            call.callee.get_inner_expression().as_member_expression().and_then(|m| m.static_property_name()) == Some("getUserIdentity")
        }
        _ => false,
    }
}

impl Collector<'_> {
    fn loc(&self, span: oxc_span::Span) -> Location {
        Span::new(span.start as usize, span.end as usize).in_file(&self.file.path)
    }

    fn is_identity_name(&self, name: &str) -> bool {
        self.scopes.iter().rev().find_map(|s| s.get(name).copied()).unwrap_or(false)
    }

    /// The expression evaluates to an identity (or `null`).
    fn is_identity(&self, expr: &Expression) -> bool {
        let e = match expr.get_inner_expression() {
            Expression::ChainExpression(c) => match &c.expression {
                ChainElement::TSNonNullExpression(n) => n.expression.get_inner_expression(),
                _ => return false,
            },
            e => e,
        };
        match e {
            Expression::Identifier(id) => self.is_identity_name(id.name.as_str()),
            // `(await ctx.auth.getUserIdentity()) ?? {}`
            Expression::LogicalExpression(l) if l.operator != LogicalOperator::And => self.is_identity(&l.left),
            e => is_identity_call(e),
        }
    }

    fn annotated_identity(&self, annotation: Option<&TSTypeAnnotation>) -> bool {
        annotation
            .is_some_and(|a| self.file.text.get(a.span.start as usize..a.span.end as usize).is_some_and(|t| t.contains("UserIdentity")))
    }

    fn bind(&mut self, pattern: &BindingPattern, identity: bool) {
        let scope = self.scopes.last_mut().expect("file scope");
        for id in pattern.get_binding_identifiers() {
            scope.insert(id.name.to_string(), identity);
        }
    }

    /// A claim tested for presence by itself (`if (identity.email)`, `identity.email && …`)
    /// copes with its absence: the code that needs it only runs when it is there.
    fn mark_truthiness_test(&mut self, test: &Expression) -> Option<String> {
        let field = self.identity_field(test)?;
        let span = test.get_inner_expression().span();
        self.fallback_spans.insert((span.start, span.end));
        Some(field)
    }

    /// Visits an `if` whose test tells `names` in its consequent: they are pushed on the stack
    /// `stack` picks for the consequent only (the test and the alternate know nothing more).
    fn visit_if_knowing<'a>(&mut self, it: &IfStatement<'a>, names: Vec<String>, stack: fn(&mut Self) -> &mut Vec<String>) {
        self.visit_expression(&it.test);
        let depth = stack(self).len();
        stack(self).extend(names);
        self.visit_statement(&it.consequent);
        stack(self).truncate(depth);
        if let Some(alternate) = &it.alternate {
            self.visit_statement(alternate);
        }
    }

    /// The claims a condition requires to be present: the claim itself, or any operand of an
    /// `&&` chain (`identity.name && existing.name !== identity.name`).
    fn presence_tested(&mut self, test: &Expression) -> Vec<String> {
        match test.get_inner_expression() {
            Expression::LogicalExpression(l) if l.operator == LogicalOperator::And => {
                let mut fields = self.presence_tested(&l.left);
                fields.extend(self.presence_tested(&l.right));
                fields
            }
            e => self.mark_truthiness_test(e).into_iter().collect(),
        }
    }

    fn read(&mut self, field: &str, span: oxc_span::Span) {
        let location = self.loc(span);
        let absence_handled = self.fallback_spans.contains(&(span.start, span.end)) || self.present.iter().any(|p| p == field);
        let passed_to = self.passed.get(&(span.start, span.end)).cloned();
        let returned_under = self.returned.get(&(span.start, span.end)).cloned();
        let stored = self.stored.contains(&(span.start, span.end));
        self.facts.identity_reads.push(IdentityRead {
            field: field.to_string(),
            location,
            absence_handled,
            passed_to,
            returned_under,
            stored,
        });
        self.read_functions.push(*self.functions.last().expect("file function"));
    }

    /// The identity field `expr` reads (`identity.email`, `identity?.email`), if it is one.
    fn identity_field(&self, expr: &Expression) -> Option<String> {
        let e = match expr.get_inner_expression() {
            Expression::ChainExpression(c) => c.expression.as_member_expression()?,
            e => e.as_member_expression()?,
        };
        let field = e.static_property_name()?;
        self.is_identity(e.object()).then(|| field.to_string())
    }

    /// The identity field a plain name was copied from (`const email = identity.email`).
    fn alias_field(&self, name: &str) -> Option<String> {
        let function = *self.functions.last()?;
        self.aliases.get(&(function, name.to_string())).cloned()
    }

    /// A value the client sent, naming `field`: `args.email`, or `email` destructured from a
    /// handler's arguments.
    fn client_value_naming(&self, expr: &Expression, field: &str) -> bool {
        let name = match expr.get_inner_expression() {
            Expression::Identifier(id) => id.name.as_str(),
            e => match e.as_member_expression() {
                Some(m) => match m.object().get_inner_expression() {
                    Expression::Identifier(id) => id.name.as_str(),
                    _ => return false,
                },
                None => return false,
            },
        };
        names_the_same_fact(expr, field) && self.functions.iter().any(|f| self.client_args.contains(&(*f, name.to_string())))
    }

    /// Identity reads written to a record under a key naming the same fact, and claims written
    /// from the client's value where the stored field was tested empty.
    fn note_stored(&mut self, object: &ObjectExpression) {
        for property in &object.properties {
            let ObjectPropertyKind::ObjectProperty(p) = property else { continue };
            let Some(key) = p.key.static_name() else { continue };
            let value = without_empty_default(&p.value);
            if let Some(field) = self.identity_field(value) {
                if key.to_lowercase().contains(&field.to_lowercase()) {
                    self.stored.insert(read_span(value));
                }
            } else if self.empty_fields.iter().any(|f| f == key.as_ref()) && self.client_value_naming(value, &key) {
                self.facts.backfilled_claims.insert(key.to_string());
            }
        }
    }

    /// `const { email, name: n } = identity`: every destructured key is a read.
    fn destructure(&mut self, pattern: &ObjectPattern) {
        for prop in &pattern.properties {
            if let Some(key) = prop.key.static_name() {
                self.read(&key, prop.span);
            }
        }
    }

    /// Identity reads that are property values of an object argument of `callee`, at any depth
    /// of nesting (`{ identity: { email: identity.email ?? null } }`).
    fn note_passed(&mut self, object: &ObjectExpression, callee: &str) {
        for property in &object.properties {
            let ObjectPropertyKind::ObjectProperty(p) = property else { continue };
            let Some(key) = p.key.static_name() else { continue };
            match without_empty_default(&p.value) {
                Expression::ObjectExpression(inner) => self.note_passed(inner, callee),
                e if self.identity_field(e).is_some() => {
                    self.passed.insert(read_span(e), (callee.to_string(), key.to_string()));
                }
                _ => {}
            }
        }
    }

    /// Identity reads that are field values of a handler's returned object, at any depth
    /// (`{ user: { email: identity.email ?? null } }`), keyed by the top-level field.
    fn note_returned(&mut self, object: &ObjectExpression, top: Option<&str>) {
        for property in &object.properties {
            let ObjectPropertyKind::ObjectProperty(p) = property else { continue };
            let Some(key) = p.key.static_name() else { continue };
            let top = top.unwrap_or(&key);
            // `identity.name ?? null`, `identity.name || "Anonymous"`: whichever operand is
            // returned, it sits under this key.
            let mut operands = vec![p.value.get_inner_expression()];
            while let Some(value) = operands.pop() {
                match value {
                    Expression::LogicalExpression(l) if l.operator != LogicalOperator::And => {
                        operands.push(l.left.get_inner_expression());
                        operands.push(l.right.get_inner_expression());
                    }
                    Expression::ObjectExpression(inner) => self.note_returned(inner, Some(top)),
                    e if self.identity_field(e).is_some() => {
                        self.returned.insert(read_span(e), top.to_string());
                    }
                    _ => {}
                }
            }
        }
    }

    fn enter_function(&mut self, params: &FormalParameters) {
        self.functions.push(self.next_function);
        if std::mem::take(&mut self.next_is_handler) {
            self.handlers.insert(self.next_function);
            // `handler: async (ctx, args)`: the second parameter is what the client sent.
            if let Some(args) = params.items.get(1) {
                for id in args.pattern.get_binding_identifiers() {
                    self.client_args.insert((self.next_function, id.name.to_string()));
                }
            }
        }
        self.next_function += 1;
        let mut scope = BTreeMap::new();
        for param in &params.items {
            let identity = self.annotated_identity(param.type_annotation.as_deref());
            for id in param.pattern.get_binding_identifiers() {
                scope.insert(id.name.to_string(), identity);
            }
        }
        self.scopes.push(scope);
    }
}

impl<'a> Visit<'a> for Collector<'_> {
    fn enter_node(&mut self, kind: AstKind<'a>) {
        match kind {
            AstKind::Function(f) => self.enter_function(&f.params),
            AstKind::ArrowFunctionExpression(f) => self.enter_function(&f.params),
            _ => {}
        }
    }

    fn leave_node(&mut self, kind: AstKind<'a>) {
        if matches!(kind, AstKind::Function(_) | AstKind::ArrowFunctionExpression(_)) && self.scopes.len() > 1 {
            self.scopes.pop();
            self.functions.pop();
        }
    }

    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        walk::walk_variable_declarator(self, it);
        if let (BindingPattern::BindingIdentifier(id), Some(init)) = (&it.id, &it.init)
            && let Some(field) = self.identity_field(init)
        {
            let function = *self.functions.last().expect("file function");
            self.aliases.insert((function, id.name.to_string()), field);
        }
        let from_identity = it.init.as_ref().is_some_and(|init| self.is_identity(init));
        match &it.id {
            BindingPattern::ObjectPattern(pattern) if from_identity => {
                self.destructure(pattern);
                self.bind(&it.id, false);
            }
            pattern => {
                let identity = from_identity || self.annotated_identity(it.type_annotation.as_deref());
                self.bind(pattern, identity);
            }
        }
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        let method = it.callee.get_inner_expression().as_member_expression().and_then(|m| m.static_property_name());
        if matches!(method, Some("insert" | "patch" | "replace" | "runMutation")) {
            for argument in &it.arguments {
                if let Some(Expression::ObjectExpression(o)) = argument.as_expression().map(|e| e.get_inner_expression()) {
                    self.note_stored(o);
                }
            }
        }
        if let Expression::Identifier(callee) = it.callee.get_inner_expression() {
            for argument in &it.arguments {
                if let Some(Expression::ObjectExpression(o)) = argument.as_expression().map(|e| e.get_inner_expression()) {
                    self.note_passed(o, callee.name.as_str());
                }
            }
        }
        walk::walk_call_expression(self, it);
    }

    fn visit_object_property(&mut self, it: &ObjectProperty<'a>) {
        // `handler: async (ctx) => { … }` in `query({ … })` or a wrapper's config.
        if it.key.static_name().as_deref() == Some("handler")
            && matches!(it.value.get_inner_expression(), Expression::ArrowFunctionExpression(_) | Expression::FunctionExpression(_))
        {
            self.next_is_handler = true;
        }
        walk::walk_object_property(self, it);
    }

    fn visit_return_statement(&mut self, it: &ReturnStatement<'a>) {
        // Only the handler's own `return`: one inside a callback (`rows.map(r => { return … })`)
        // builds something else.
        if self.functions.last().is_some_and(|f| self.handlers.contains(f))
            && let Some(Expression::ObjectExpression(object)) = it.argument.as_ref().map(|a| a.get_inner_expression())
        {
            self.note_returned(object, None);
        }
        walk::walk_return_statement(self, it);
    }

    fn visit_logical_expression(&mut self, it: &LogicalExpression<'a>) {
        if it.operator == LogicalOperator::And
            && let Some(field) = self.mark_truthiness_test(&it.left)
        {
            // `identity.email && notify(identity.email)`: nothing happens without the claim.
            self.visit_expression(&it.left);
            self.present.push(field);
            self.visit_expression(&it.right);
            self.present.pop();
            return;
        }
        // An identity read after an operand that is not one is a fallback for that other source.
        if let Some(operands) = fallback_chain(it) {
            // An identity read copes with an absent claim when another source comes before it
            // (`profile.name || identity.name`), or after it when that one holds the same fact
            // (`identity.email || args.email`). A default made up after it (`'Anonymous'`,
            // `` `${id.subject}@guest.local` ``) does not: that is what every user then gets.
            for (i, operand) in operands.iter().enumerate() {
                let Some(field) = self.identity_field(operand) else { continue };
                let before = operands[..i].iter().any(|o| self.identity_field(o).is_none());
                let after = operands[i + 1..].iter().any(|o| match self.identity_field(o) {
                    None => names_the_same_fact(o, &field),
                    // `identity.email ?? identity.name ?? identity.tokenIdentifier`
                    Some(later) => ALWAYS_SET_CLAIMS.contains(&later.as_str()),
                });
                if before || after {
                    let span = operand.get_inner_expression().span();
                    self.fallback_spans.insert((span.start, span.end));
                }
                if operands[i + 1..].iter().any(|o| self.client_value_naming(o, &field)) {
                    self.facts.backfilled_claims.insert(field);
                }
            }
        }
        walk::walk_logical_expression(self, it);
    }

    fn visit_if_statement(&mut self, it: &IfStatement<'a>) {
        // `if (identity.email) { … }`: the branch only runs when the claim is there.
        let tested = self.presence_tested(&it.test);
        if !tested.is_empty() {
            self.visit_if_knowing(it, tested, |c| &mut c.present);
            return;
        }
        // `if (!user.email) { patch(user._id, { email: args.email }) }`: the client's value
        // fills a stored field left empty.
        let emptied = empty_fields_tested(&it.test);
        if !emptied.is_empty() {
            self.visit_if_knowing(it, emptied, |c| &mut c.empty_fields);
            return;
        }
        // `if (!firstName) firstName = identity.givenName;`: the claim only fills a value that
        // another source left empty.
        if let Expression::UnaryExpression(u) = it.test.get_inner_expression()
            && u.operator == UnaryOperator::LogicalNot
            && let Expression::Identifier(tested) = u.argument.get_inner_expression()
        {
            let statements: Vec<&Statement> = match &it.consequent {
                Statement::BlockStatement(b) => b.body.iter().collect(),
                other => vec![other],
            };
            for statement in statements {
                if let Statement::ExpressionStatement(e) = statement
                    && let Expression::AssignmentExpression(a) = e.expression.get_inner_expression()
                    && let AssignmentTarget::AssignmentTargetIdentifier(target) = &a.left
                    && target.name == tested.name
                    && self.identity_field(&a.right).is_some()
                {
                    let span = a.right.get_inner_expression().span();
                    self.fallback_spans.insert((span.start, span.end));
                }
            }
        }
        walk::walk_if_statement(self, it);
    }

    fn visit_conditional_expression(&mut self, it: &ConditionalExpression<'a>) {
        self.conditional_tests += 1;
        self.visit_expression(&it.test);
        self.conditional_tests -= 1;
        self.visit_expression(&it.consequent);
        self.visit_expression(&it.alternate);
    }

    fn visit_unary_expression(&mut self, it: &UnaryExpression<'a>) {
        if it.operator == UnaryOperator::Typeof && self.conditional_tests > 0 {
            let field = match it.argument.get_inner_expression() {
                Expression::Identifier(id) => self.alias_field(id.name.as_str()),
                e => self.identity_field(e),
            };
            if let Some(field) = field {
                self.type_tested.insert((*self.functions.last().expect("file function"), field));
            }
        }
        walk::walk_unary_expression(self, it);
    }

    fn visit_static_member_expression(&mut self, it: &StaticMemberExpression<'a>) {
        if self.is_identity(&it.object) {
            self.read(it.property.name.as_str(), it.span);
        }
        walk::walk_static_member_expression(self, it);
    }

    fn visit_computed_member_expression(&mut self, it: &ComputedMemberExpression<'a>) {
        if let Some(field) = it.static_property_name()
            && self.is_identity(&it.object)
        {
            self.read(field.as_str(), it.span);
        }
        walk::walk_computed_member_expression(self, it);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Decoding;
    use oxc_allocator::Allocator;
    use oxc_parser::Parser;
    use oxc_span::SourceType;

    fn reads(text: &str) -> Vec<String> {
        let file = SourceFile::new("convex/x.ts", text.to_string(), Decoding::Utf8);
        let allocator = Allocator::default();
        let parsed = Parser::new(&allocator, &file.text, SourceType::ts()).parse();
        collect(&file, &parsed.program).identity_reads.into_iter().map(|r| r.field).collect()
    }

    #[test]
    fn reads_through_variables_destructuring_and_params() {
        assert_eq!(reads("async function f(ctx) { const { email } = (await ctx.auth.getUserIdentity()) ?? {}; }"), vec!["email"]);
        let got = reads(
            "export const q = query({ handler: async (ctx) => {\n  const identity = await ctx.auth.getUserIdentity();\n  if (!identity) return null;\n  const { email, name: n } = identity;\n  return [identity.pictureUrl, identity?.subject, identity!['emailVerified'], (await ctx.auth.getUserIdentity())?.name];\n} });\nfunction isAdmin(user: UserIdentity | null) { return user?.email === 'a@b.c'; }\nfunction other(identity: { email: string }) { return identity.email; }\n",
        );
        assert_eq!(got, vec!["email", "name", "pictureUrl", "subject", "emailVerified", "name", "email"]);
    }

    fn handled(text: &str) -> Vec<(String, bool)> {
        let file = SourceFile::new("convex/x.ts", text.to_string(), Decoding::Utf8);
        let allocator = Allocator::default();
        let parsed = Parser::new(&allocator, &file.text, SourceType::ts()).parse();
        collect(&file, &parsed.program).identity_reads.into_iter().map(|r| (r.field, r.absence_handled)).collect()
    }

    fn facts_of(text: &str) -> FileFacts {
        let file = SourceFile::new("convex/x.ts", text.to_string(), Decoding::Utf8);
        let allocator = Allocator::default();
        let parsed = Parser::new(&allocator, &file.text, SourceType::ts()).parse();
        collect(&file, &parsed.program)
    }

    #[test]
    fn stored_claims_and_client_backfills() {
        let f = facts_of(
            "export const s = mutation({ handler: async (ctx, args) => { const i = await ctx.auth.getUserIdentity(); await ctx.db.insert('users', { email: i.email, displayName: i.name ?? undefined, contact: i.email }); await ctx.runMutation(internal.u.make, { userName: i.name }); return i.email === 'a'; } });",
        );
        let stored: Vec<(&str, bool)> = f.identity_reads.iter().map(|r| (r.field.as_str(), r.stored)).collect();
        // Under a key naming the claim it is stored; under another key (`contact`) or compared,
        // it is not.
        assert_eq!(stored, vec![("email", true), ("name", true), ("email", false), ("name", true), ("email", false)]);
        assert!(f.backfilled_claims.is_empty());
        // A fallback to what the client sent, and a client write guarded by an empty field.
        let f = facts_of(
            "export const a = mutation({ handler: async (ctx, args) => { const i = await ctx.auth.getUserIdentity(); return i.name ?? args.name; } });\nexport const b = mutation({ handler: async (ctx, { email }) => { const u = await load(ctx); if (u && !u.email) { await ctx.db.patch(u._id, { email }); } } });",
        );
        assert_eq!(f.backfilled_claims.iter().map(String::as_str).collect::<Vec<_>>(), vec!["email", "name"]);
        // Not from the client (a made-up value, a value outside a handler's arguments), or not
        // guarded by the field being empty.
        let f = facts_of(
            "export const a = mutation({ handler: async (ctx, args) => { const i = await ctx.auth.getUserIdentity(); const profile = await load(); const n = i.name ?? profile.name; if (!u.email) { await ctx.db.patch(u._id, { email: 'x@y.z' }); } await ctx.db.patch(u._id, { name: args.name }); } });",
        );
        assert!(f.backfilled_claims.is_empty(), "{:?}", f.backfilled_claims);
    }

    #[test]
    fn fallbacks_and_type_tests_cope_with_an_absent_claim() {
        let h = |field: &str, handled: bool| (field.to_string(), handled);
        // A later fallback after another source; the first operand is the claim itself.
        assert_eq!(
            handled(
                "async function f(ctx, profile) { const identity = await ctx.auth.getUserIdentity(); return [profile.name || identity.name || '', identity.email ?? '']; }"
            ),
            vec![h("name", true), h("email", false)]
        );
        // Two claims in one chain: neither is a fallback for another source.
        assert_eq!(
            handled("async function f(ctx) { const i = await ctx.auth.getUserIdentity(); return i.name ?? i.email ?? 'Unknown'; }"),
            vec![h("name", false), h("email", false)]
        );
        // A chain ending in a claim Convex always sets never comes out empty; a display name
        // may fall back to an email.
        assert_eq!(
            handled(
                "async function f(ctx, p) { const i = await ctx.auth.getUserIdentity(); return [i.email ?? i.name ?? i.tokenIdentifier, i.name ?? p.email, i.email ?? p.name, i.name ?? i.subject]; }"
            ),
            vec![
                h("email", true),
                h("name", true),
                h("tokenIdentifier", false),
                h("name", true),
                h("email", false),
                h("name", true),
                h("subject", false)
            ]
        );
        // A type test in a ternary, on the claim or on a copy of it, in the same function.
        assert_eq!(
            handled(
                "async function f(ctx) { const i = await ctx.auth.getUserIdentity(); const e = i.email; const n = typeof i.name === 'string' ? i.name : undefined; return typeof e === 'string' ? e : undefined; }"
            ),
            vec![h("email", true), h("name", true), h("name", true)]
        );
        // Another source of the same fact after the claim copes; a made-up default does not.
        assert_eq!(
            handled(
                "async function f(ctx, args) { const i = await ctx.auth.getUserIdentity(); return [i.email || args.email, i.name ?? 'Anonymous', i.email ?? `${i.subject}@guest.local`, i.name ?? (args.guest ? 'Guest' : args.label)]; }"
            ),
            vec![h("email", true), h("name", false), h("email", false), h("subject", false), h("name", false)]
        );
        // A presence test on the claim copes; a comparison does not.
        assert_eq!(
            handled(
                "async function f(ctx, u) { const i = await ctx.auth.getUserIdentity(); if (i.email) { log(i.email as string); } const n = i.name && greet(i.name); if (i.name && u.name !== i.name) { u.name = i.name; } if (i.email === 'a@b.c') return 1; }"
            ),
            vec![
                h("email", true),
                h("email", true),
                h("name", true),
                h("name", true),
                h("name", true),
                h("name", true),
                h("name", true),
                h("email", false)
            ]
        );
        // `if (!x) x = identity.y` fills what another source left empty; other ifs do not.
        assert_eq!(
            handled(
                "async function f(ctx, args) { const i = await ctx.auth.getUserIdentity(); let first = args.first; if (!first) first = i.givenName as string; if (!first) { first = i.name; } let p; if (!args.p) p = i.pictureUrl; return [first, p]; }"
            ),
            vec![h("givenName", true), h("name", true), h("pictureUrl", false)]
        );
        // A type test that throws is not coping: sign-in breaks.
        assert_eq!(
            handled(
                "async function f(ctx) { const i = await ctx.auth.getUserIdentity(); if (typeof i.email !== 'string') throw new Error('no email'); return i.email; }"
            ),
            vec![h("email", false), h("email", false)]
        );
    }
}
