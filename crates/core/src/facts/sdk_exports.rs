//! What each AuthKit SDK entry point exports at run time, by name. Read from the packages as
//! published on npm (the ESM or CJS entry of `npm pack <package>@<version>`, following its
//! `export * from` re-exports; type-only exports left out), so that an import of a name the
//! entry does not have can be told apart from one the tool merely does not know.
//!
//! Versions read: authkit-react 0.16.2, authkit-js 0.20.3, authkit-nextjs 2.17.0 / 3.0.1 /
//! 4.3.2 (root and `/components`), authkit-tanstack-react-start 0.11.1 (root and `/client`),
//! authkit-react-router 0.8.1, authkit-remix 0.17.0.

/// One entry point (`package` or `package/subpath`) and its value exports.
pub struct SdkEntry {
    pub entry: &'static str,
    /// For authkit-nextjs, the major version the list is for; `None`: every version checked.
    pub major: Option<u64>,
    pub exports: &'static [&'static str],
}

const NEXTJS_ROOT_4: &[&str] = &[
    "AUTHKIT_REQUEST_HEADERS",
    "AuthKitError",
    "CallbackError",
    "StateSchema",
    "TokenRefreshError",
    "applyResponseHeaders",
    "authkit",
    "authkitMiddleware",
    "authkitProxy",
    "checkRecentAuth",
    "getFeatureFlagsRuntimeClient",
    "getSignInUrl",
    "getSignUpUrl",
    "getTokenClaims",
    "getWorkOS",
    "handleAuth",
    "handleAuthkitHeaders",
    "handleAuthkitProxy",
    "isAuthkitRequestHeader",
    "partitionAuthkitHeaders",
    "refreshSession",
    "saveSession",
    "signOut",
    "switchToOrganization",
    "validateApiKey",
    "withAuth",
];
const NEXTJS_ROOT_3: &[&str] = &[
    "AUTHKIT_REQUEST_HEADERS",
    "AuthKitError",
    "StateSchema",
    "TokenRefreshError",
    "applyResponseHeaders",
    "authkit",
    "authkitMiddleware",
    "authkitProxy",
    "getSignInUrl",
    "getSignUpUrl",
    "getTokenClaims",
    "getWorkOS",
    "handleAuth",
    "handleAuthkitHeaders",
    "handleAuthkitProxy",
    "isAuthkitRequestHeader",
    "partitionAuthkitHeaders",
    "refreshSession",
    "saveSession",
    "signOut",
    "switchToOrganization",
    "validateApiKey",
    "withAuth",
];
const NEXTJS_ROOT_2: &[&str] = &[
    "AUTHKIT_REQUEST_HEADERS",
    "AuthKitError",
    "TokenRefreshError",
    "applyResponseHeaders",
    "authkit",
    "authkitMiddleware",
    "getSignInUrl",
    "getSignUpUrl",
    "getTokenClaims",
    "getWorkOS",
    "handleAuth",
    "handleAuthkitHeaders",
    "isAuthkitRequestHeader",
    "partitionAuthkitHeaders",
    "refreshSession",
    "saveSession",
    "signOut",
    "switchToOrganization",
    "validateApiKey",
    "withAuth",
];
const NEXTJS_COMPONENTS_4: &[&str] = &["AuthKitProvider", "Impersonation", "useAccessToken", "useAuth", "useRecentAuth", "useTokenClaims"];
const NEXTJS_COMPONENTS_2_3: &[&str] = &["AuthKitProvider", "Impersonation", "useAccessToken", "useAuth", "useTokenClaims"];

pub static SDK_ENTRIES: &[SdkEntry] = &[
    SdkEntry {
        entry: "@workos-inc/authkit-react",
        major: None,
        exports: &["AuthKitError", "AuthKitProvider", "LoginRequiredError", "getClaims", "useAuth"],
    },
    SdkEntry {
        entry: "@workos-inc/authkit-js",
        major: None,
        exports: &[
            "AuthKitError",
            "LoginRequiredError",
            "NoSessionError",
            "RefreshError",
            "RefreshTimeoutError",
            "createClient",
            "getClaims",
        ],
    },
    SdkEntry { entry: "@workos-inc/authkit-nextjs", major: Some(4), exports: NEXTJS_ROOT_4 },
    SdkEntry { entry: "@workos-inc/authkit-nextjs", major: Some(3), exports: NEXTJS_ROOT_3 },
    SdkEntry { entry: "@workos-inc/authkit-nextjs", major: Some(2), exports: NEXTJS_ROOT_2 },
    SdkEntry { entry: "@workos-inc/authkit-nextjs/components", major: Some(4), exports: NEXTJS_COMPONENTS_4 },
    SdkEntry { entry: "@workos-inc/authkit-nextjs/components", major: Some(3), exports: NEXTJS_COMPONENTS_2_3 },
    SdkEntry { entry: "@workos-inc/authkit-nextjs/components", major: Some(2), exports: NEXTJS_COMPONENTS_2_3 },
    SdkEntry {
        entry: "@workos/authkit-tanstack-react-start",
        major: None,
        exports: &[
            "OAuthStateMismatchError",
            "PKCECookieMissingError",
            "authkitMiddleware",
            "checkRecentAuth",
            "checkSessionAction",
            "getAccessTokenAction",
            "getAuth",
            "getAuthAction",
            "getAuthKitContext",
            "getAuthKitContextOrNull",
            "getAuthkit",
            "getAuthorizationUrl",
            "getOrganizationAction",
            "getSignInUrl",
            "getSignUpUrl",
            "handleCallbackRoute",
            "refreshAccessTokenAction",
            "refreshAuthAction",
            "signOut",
            "switchToOrganization",
            "switchToOrganizationAction",
        ],
    },
    SdkEntry {
        entry: "@workos/authkit-tanstack-react-start/client",
        major: None,
        exports: &["AuthKitProvider", "Impersonation", "getAuthAction", "useAccessToken", "useAuth", "useRecentAuth", "useTokenClaims"],
    },
    SdkEntry {
        entry: "@workos-inc/authkit-react-router",
        major: None,
        exports: &[
            "authLoader",
            "authkitLoader",
            "configure",
            "getConfig",
            "getSignInUrl",
            "getSignUpUrl",
            "getWorkOS",
            "refreshSession",
            "signOut",
            "switchToOrganization",
            "withAuth",
        ],
    },
    SdkEntry {
        entry: "@workos-inc/authkit-remix",
        major: None,
        exports: &[
            "authLoader",
            "authkitLoader",
            "configure",
            "getConfig",
            "getSignInUrl",
            "getSignUpUrl",
            "getWorkOS",
            "signOut",
            "switchToOrganization",
            "withAuth",
        ],
    },
];

/// The export list of `entry` for the given authkit-nextjs major (ignored for other SDKs).
/// `None` when the entry, or that major of it, was not read: then nothing is known.
pub fn exports_of(entry: &str, nextjs_major: Option<u64>) -> Option<&'static [&'static str]> {
    SDK_ENTRIES.iter().filter(|e| e.entry == entry).find(|e| e.major.is_none() || e.major == nextjs_major).map(|e| e.exports)
}

/// The other entries that export `name` (each named once, newest list first).
pub fn entries_exporting(name: &str, except: &str) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for e in SDK_ENTRIES.iter().filter(|e| e.entry != except && e.exports.contains(&name)) {
        if !out.contains(&e.entry) {
            out.push(e.entry);
        }
    }
    out
}

/// Methods of authkit-react's `useAuth()` result (authkit-react 0.16.2): names people import
/// from an SDK as if they were exports.
pub const USE_AUTH_METHODS: &[&str] =
    &["signIn", "signUp", "signOut", "getAccessToken", "getUser", "switchToOrganization", "getSignInUrl", "getSignUpUrl"];

/// Props of authkit-react's `AuthKitProvider`: `clientId`, `children` and authkit-js's
/// `CreateClientOptions` (authkit-react 0.11.0 and 0.16.2 with authkit-js 0.20.3).
const REACT_PROVIDER_PROPS: &[&str] = &[
    "clientId",
    "children",
    "apiHostname",
    "https",
    "port",
    "redirectUri",
    "devMode",
    "onRedirectCallback",
    "onBeforeAutoRefresh",
    "onRefresh",
    "onRefreshFailure",
    "refreshBufferInterval",
];
/// Props of the server SDKs' `AuthKitProvider` (authkit-nextjs 2.7.1 and 4.3.2,
/// authkit-tanstack-react-start 0.11.1): their configuration comes from the environment.
const SERVER_SDK_PROVIDER_PROPS: &[&str] = &["children", "onSessionExpired", "initialAuth"];

/// The props the `AuthKitProvider` exported by `entry` takes, in any release read (the union,
/// so a prop added in a later release is never called missing). `None` for an entry whose
/// provider was not read.
pub fn provider_props(entry: &str) -> Option<&'static [&'static str]> {
    match entry {
        crate::sdk::AUTHKIT_REACT => Some(REACT_PROVIDER_PROPS),
        crate::sdk::AUTHKIT_NEXTJS_COMPONENTS | "@workos/authkit-tanstack-react-start/client" | crate::sdk::AUTHKIT_TANSTACK => {
            Some(SERVER_SDK_PROVIDER_PROPS)
        }
        _ => None,
    }
}
