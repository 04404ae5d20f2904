//! Browser HAR exports: read in bounded memory and reduced to the auth-relevant requests
//! ([`crate::facts::har`]), judged by the `har/*` rules ([`crate::rules::har`]), and shown as a
//! compact timeline ([`timeline`]).

pub mod timeline;

use crate::diagnostic::Diagnosed;
use crate::facts::har::{HarFacts, reader};

/// Reads and analyses a HAR: the facts and what the detectors found.
pub fn analyze(input: impl std::io::Read) -> Result<(HarFacts, Vec<Diagnosed>), reader::HarError> {
    let mut facts = HarFacts::new();
    let meta = reader::read(input, |e| facts.add(e))?;
    facts.finish(meta);
    let mut out = Vec::new();
    for (_, detect) in crate::rules::har::detectors() {
        detect(&facts, &mut out);
    }
    Ok((facts, out))
}
