//! `functions/*` rules (catalog: docs/rules.md).

pub mod identity_claim_needs_template;
pub mod identity_field_never_set;

/// This area's rules, in catalog order.
pub static RULES: &[&crate::rules::Rule] = &[&identity_field_never_set::RULE, &identity_claim_needs_template::RULE];

use super::CheckContext;
use crate::facts::ConvexFacts;
use crate::facts::functions_code::IdentityRead;
use std::collections::BTreeMap;

/// The Convex dirs whose identities come from WorkOS `customJwt` tokens: an AuthKit app talks
/// to the deployment (or the AuthKit component is installed), the detected setup is AuthKit +
/// Convex, and the auth config has no OIDC provider (which would fill the typed fields for its
/// own users).
pub fn workos_custom_jwt_dirs<'a>(cx: &'a CheckContext) -> impl Iterator<Item = (usize, &'a ConvexFacts)> + 'a {
    cx.facts.convex.iter().enumerate().filter_map(|(index, convex)| {
        let workos = (cx.project.apps.iter().any(|a| a.convex == Some(index)) || convex.authkit_component.is_some())
            && cx.facts.setup.of_convex(index) == crate::facts::setup::AuthSetup::AuthkitConvex;
        let has_oidc = convex
            .auth_config
            .as_ref()
            .and_then(|c| c.providers.as_ref())
            .is_some_and(|p| p.items.iter().any(|p| p.type_str().is_none_or(|t| t == "oidc")));
        (workos && !has_oidc).then_some((index, convex))
    })
}

/// The first read of each field per file, with the number of reads, in file order.
/// Like [`workos_custom_jwt_dirs`], but only where the auth config is known to list `customJwt`
/// providers (every provider's type known, none `oidc`). What Convex puts in the typed OIDC
/// fields depends on the provider type: when the providers are unknown (built under a
/// condition, from a helper), nothing may be claimed about those fields.
pub fn known_custom_jwt_dirs<'a>(cx: &'a CheckContext) -> impl Iterator<Item = (usize, &'a ConvexFacts)> + 'a {
    workos_custom_jwt_dirs(cx).filter(|(_, convex)| {
        let providers = convex.auth_config.as_ref().and_then(|c| c.providers.as_ref());
        providers.is_some_and(|p| p.unknown.is_empty() && !p.items.is_empty() && p.items.iter().all(|p| p.type_str() == Some("customJwt")))
    })
}

/// The identity reads of a Convex dir that do not cope with an absent claim (see
/// [`IdentityRead::absence_handled`]): the ones a missing claim can hurt.
pub fn reads_without_fallback(convex: &ConvexFacts) -> Vec<IdentityRead> {
    convex.identity_reads.iter().filter(|r| !r.absence_handled).cloned().collect()
}

pub fn first_reads<'a>(reads: &'a [IdentityRead], fields: &[&str]) -> Vec<(&'a IdentityRead, usize)> {
    let mut seen: BTreeMap<(&str, &str), (usize, usize)> = BTreeMap::new();
    let mut order = Vec::new();
    for (i, r) in reads.iter().enumerate() {
        if !fields.contains(&r.field.as_str()) {
            continue;
        }
        let entry = seen.entry((r.location.file.as_str(), r.field.as_str())).or_insert_with(|| {
            order.push(i);
            (i, 0)
        });
        entry.1 += 1;
    }
    order.into_iter().map(|i| (&reads[i], seen[&(reads[i].location.file.as_str(), reads[i].field.as_str())].1)).collect()
}
