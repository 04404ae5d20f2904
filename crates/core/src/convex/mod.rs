//! Emulations of what Convex itself does, so findings can quote Convex's own words.

pub mod issuer;
pub mod no_auth_provider;
