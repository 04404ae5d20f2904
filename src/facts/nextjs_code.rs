//! Next.js-specific facts of one file: next/link Link elements (href, prefetch), route handlers (GET exporting signOut / redirects), calls in effects/intervals/loops/retry blocks (refresh, getAccessToken({ forceRefresh })), getSignInUrl/withAuth during Server Component render, middleware/proxy config (matcher, unauthenticatedPaths).
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
