//! Convex function facts of one file: ctx.auth.getUserIdentity() results and the identity fields read from them (identity.email, identity.pictureUrl, ...).
//! Filled during the single parse in [`super::code`].

use crate::source::SourceFile;
use oxc_ast::ast::Program;

/// Names that make a file worth parsing for these facts.
pub const NEEDLES: &[&str] = &[];

#[derive(Debug, Default, Clone)]
pub struct FileFacts {}

pub fn collect(_file: &SourceFile, _program: &Program) -> FileFacts {
    FileFacts::default()
}
