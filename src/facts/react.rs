//! React wiring facts of one file: imports (resolved to packages or project files), JSX element
//! trees, hook calls and what they destructure, calls inside effects/intervals/loops/catch
//! blocks, `next/link` elements. Filled during the single parse in [`super::code`].

use crate::source::SourceFile;
use oxc_ast::ast::Program;

/// Names that make a file worth parsing for React facts.
pub const NEEDLES: &[&str] = &[];

#[derive(Debug, Default, Clone)]
pub struct ReactFileFacts {}

pub fn collect(_file: &SourceFile, _program: &Program) -> ReactFileFacts {
    ReactFileFacts::default()
}
