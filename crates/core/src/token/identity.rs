//! The `UserIdentity` Convex builds for a customJwt token (`UserIdentity::from_custom_jwt`) and
//! returns from `ctx.auth.getUserIdentity()`:
//! - `tokenIdentifier` is `"{iss}|{sub}"` with the token's **raw** `iss` (not normalised);
//! - `subject` and `issuer` are `sub` and the raw `iss`;
//! - registered claims (`iss sub aud exp nbf iat jti`) are consumed by the JWT library and never
//!   appear; `fva` is removed;
//! - every other claim keeps its own name and JSON type; nested objects are flattened with dots
//!   (`{"properties": {"id": 1}}` → `"properties.id": 1`). No typed OIDC fields (`email` stays
//!   `email`, `picture` is never `pictureUrl`).

use crate::jwt::Claims;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The identity object, keyed as functions see it; `None` without `iss` or `sub`.
pub fn build(c: &Claims) -> Option<Map<String, Value>> {
    let iss = c.iss.as_ref()?;
    let sub = c.sub.as_ref()?;
    let mut custom = BTreeMap::new();
    for (k, v) in &c.custom {
        flatten(k, v, &mut custom);
    }
    custom.remove("fva");
    let mut out = Map::new();
    out.insert("tokenIdentifier".into(), Value::String(format!("{iss}|{sub}")));
    out.insert("subject".into(), Value::String(sub.clone()));
    out.insert("issuer".into(), Value::String(iss.clone()));
    for (k, v) in custom {
        if !out.contains_key(&k) {
            out.insert(k, v);
        }
    }
    Some(out)
}

fn flatten(prefix: &str, v: &Value, out: &mut BTreeMap<String, Value>) {
    match v {
        Value::Object(map) => {
            for (k, inner) in map {
                flatten(&format!("{prefix}.{k}"), inner, out);
            }
        }
        other => {
            out.insert(prefix.to_string(), other.clone());
        }
    }
}

/// Whether functions reading `identity.<field>` get a value from this identity. `field` may be
/// a dotted path (`properties.email`), which Convex stores as one flattened key.
pub fn provides(identity: &Map<String, Value>, field: &str) -> bool {
    identity.get(field).is_some_and(|v| !v.is_null()) || identity.keys().any(|k| k.starts_with(&format!("{field}.")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn workos_like_token() {
        let c = Claims {
            iss: Some("https://api.workos.com/user_management/client_01TEST/".into()),
            sub: Some("user_01ABC".into()),
            exp: Some(1),
            custom: vec![
                ("sid".into(), json!("session_01X")),
                ("properties".into(), json!({"id": "123", "color": {"a": 1}})),
                ("fva".into(), json!([0, 0])),
                ("email_verified".into(), json!(true)),
                ("roles".into(), json!(["member"])),
            ],
            ..Default::default()
        };
        let id = build(&c).unwrap();
        let keys: Vec<&str> = id.keys().map(String::as_str).collect();
        assert_eq!(keys, ["tokenIdentifier", "subject", "issuer", "email_verified", "properties.color.a", "properties.id", "roles", "sid"]);
        assert_eq!(id["tokenIdentifier"], "https://api.workos.com/user_management/client_01TEST/|user_01ABC");
        assert!(provides(&id, "properties") && provides(&id, "sid") && !provides(&id, "email"));
        assert!(build(&Claims { iss: Some("i".into()), ..Default::default() }).is_none());
    }
}
