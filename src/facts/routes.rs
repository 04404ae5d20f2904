//! The routes of an app that matter for sign-in: which path completes the OAuth callback
//! (Next `app/**/route.ts` exporting `GET = handleAuth()`, TanStack `handleCallbackRoute`,
//! React Router / Remix loaders, SPA routes), sign-in / sign-out routes.

use crate::discover::{App, Project};
use crate::source::{Files, SourceFile};
use oxc_ast::ast::Program;

/// Names that make a file worth parsing for route facts.
pub const NEEDLES: &[&str] = &[];

/// Route facts of one parsed file (filled during the single parse in [`super::code`]).
#[derive(Debug, Default, Clone)]
pub struct RouteFileFacts {}

pub fn collect(_file: &SourceFile, _program: &Program) -> RouteFileFacts {
    RouteFileFacts::default()
}

#[derive(Debug, Default, Clone)]
pub struct RouteFacts {}

impl RouteFacts {
    pub fn load(_project: &Project, _app: &App, _files: &mut Files) -> Self {
        RouteFacts::default()
    }
}
