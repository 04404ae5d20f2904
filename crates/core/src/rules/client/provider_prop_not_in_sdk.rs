use super::{apps, push};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::facts::sdk_exports::provider_props;
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds a prop on `<AuthKitProvider>` that the provider of the SDK it is imported from
    /// does not take: `clientId` or `redirectUri` on the Next.js or TanStack Start provider
    /// (those SDKs read their settings from the environment), `onSessionExpired` or
    /// `initialAuth` on authkit-react's provider (they belong to the server SDKs). The props are
    /// those of every release read from npm, so a prop that only a newer release added is
    /// never reported. Elements with a `{...spread}` are judged on their named props only.
    ///
    /// ### Why is this bad?
    /// React passes the prop and the provider never reads it: the setting the code shows is not
    /// the one in effect. A `redirectUri` on the Next.js provider does not change where WorkOS
    /// sends users back; `NEXT_PUBLIC_WORKOS_REDIRECT_URI` does.
    ///
    /// ### Symptom
    /// Changing the prop changes nothing: sign-in still returns to the old redirect URI, or the
    /// session-expiry handler never runs.
    ///
    /// ### Fix
    /// Remove the prop and set the value where this SDK reads it (the env var the message names,
    /// or the prop this provider has for it).
    ///
    /// ### Example
    /// ```tsx
    /// // before (Next.js)
    /// <AuthKitProvider clientId={clientId} redirectUri="https://app.example.com/callback">
    /// // after: WORKOS_CLIENT_ID and NEXT_PUBLIC_WORKOS_REDIRECT_URI in the environment
    /// <AuthKitProvider>
    /// ```
    pub static RULE = {
        id: "client/provider-prop-not-in-sdk",
        severity: Warning,
        symptoms: [SignInDoesNothing, CallbackFails],
        summary: "an AuthKitProvider prop that this SDK's provider does not take: it is ignored",
    };
}

/// Where a server SDK reads what a browser-SDK prop would set.
fn server_setting(prop: &str, nextjs: bool) -> Option<&'static str> {
    Some(match (prop, nextjs) {
        ("clientId", _) => "the `WORKOS_CLIENT_ID` env var",
        ("redirectUri", true) => "`NEXT_PUBLIC_WORKOS_REDIRECT_URI` (or the middleware's `redirectUri` option)",
        ("redirectUri", false) => "`WORKOS_REDIRECT_URI` (or `authkitMiddleware({ redirectUri })`)",
        ("apiHostname", _) => "the `WORKOS_API_HOSTNAME` env var",
        ("https", _) => "the `WORKOS_API_HTTPS` env var",
        ("port", _) => "the `WORKOS_API_PORT` env var",
        _ => return None,
    })
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for a in apps(cx) {
        for (f, file) in a.files() {
            for import in file.react.imports.iter().filter(|i| !i.type_only) {
                let Some(props) = provider_props(&import.source) else { continue };
                let browser_sdk = import.source == crate::sdk::AUTHKIT_REACT;
                let nextjs = import.source.starts_with(crate::sdk::AUTHKIT_NEXTJS);
                for name in import.names.iter().filter(|n| n.imported == "AuthKitProvider") {
                    for element in file.react.elements.iter().filter(|e| e.name == name.local) {
                        for attr in &element.attrs {
                            if props.contains(&attr.name.as_str()) || matches!(attr.name.as_str(), "key" | "ref") {
                                continue;
                            }
                            let instead = if browser_sdk {
                                match attr.name.as_str() {
                                    "onSessionExpired" => {
                                        Some("authkit-react reports a failed refresh through `onRefreshFailure`".to_string())
                                    }
                                    "initialAuth" => Some("authkit-react loads the session in the browser itself".to_string()),
                                    _ => None,
                                }
                            } else {
                                server_setting(&attr.name, nextjs).map(|s| format!("this SDK reads it from {s}"))
                            };
                            let instead = instead.unwrap_or_else(|| {
                                format!("it takes {}", props.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", "))
                            });
                            push(
                                out,
                                RULE.finding(format!(
                                    "`{}` is not a prop of {}'s `AuthKitProvider`: it is ignored ({instead})",
                                    attr.name, import.source
                                ))
                                .at(a.loc(f, attr.span))
                                .help("React hands the prop over and the provider never reads it, so the value written here is not the one in effect. The AuthKit SDKs configure their providers differently: the browser SDK through props, the server SDKs through the environment.")
                                .fix(format!("Remove `{}` and set the value where this SDK reads it.", attr.name)),
                            );
                        }
                    }
                }
            }
        }
    }
}
