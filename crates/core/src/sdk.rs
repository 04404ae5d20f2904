//! The npm packages the tool knows by name: the AuthKit SDKs and the Convex packages that
//! bridge to them. Written once here; lists elsewhere are built from these names.

pub const AUTHKIT_NEXTJS: &str = "@workos-inc/authkit-nextjs";
/// Client components of authkit-nextjs 2.0 and later (`AuthKitProvider`, `useAuth`, …).
pub const AUTHKIT_NEXTJS_COMPONENTS: &str = "@workos-inc/authkit-nextjs/components";
pub const AUTHKIT_REACT: &str = "@workos-inc/authkit-react";
pub const AUTHKIT_JS: &str = "@workos-inc/authkit-js";
pub const AUTHKIT_TANSTACK: &str = "@workos/authkit-tanstack-react-start";
/// The TanStack Start SDK's name under the older scope.
pub const AUTHKIT_TANSTACK_LEGACY: &str = "@workos-inc/authkit-tanstack-react-start";
pub const AUTHKIT_REACT_ROUTER: &str = "@workos-inc/authkit-react-router";
pub const AUTHKIT_REMIX: &str = "@workos-inc/authkit-remix";
pub const AUTHKIT_SVELTEKIT: &str = "@workos/authkit-sveltekit";
pub const AUTHKIT_SVELTEKIT_LEGACY: &str = "@workos-inc/authkit-sveltekit";
pub const WORKOS_NODE: &str = "@workos-inc/node";
/// `ConvexProviderWithAuthKit`: the adapter from authkit-react to Convex.
pub const CONVEX_DEV_WORKOS: &str = "@convex-dev/workos";
/// The Convex component that syncs WorkOS users and events.
pub const CONVEX_WORKOS_AUTHKIT: &str = "@convex-dev/workos-authkit";

/// The React Router and Remix SDKs (the same API under two names).
pub const REACT_ROUTER_SDKS: &[&str] = &[AUTHKIT_REACT_ROUTER, AUTHKIT_REMIX];
/// Both names of the SvelteKit SDK.
pub const SVELTEKIT_SDKS: &[&str] = &[AUTHKIT_SVELTEKIT, AUTHKIT_SVELTEKIT_LEGACY];
/// Both names of the TanStack Start SDK.
pub const TANSTACK_SDKS: &[&str] = &[AUTHKIT_TANSTACK, AUTHKIT_TANSTACK_LEGACY];

/// The AuthKit packages that make a `package.json` an app we check.
pub const AUTHKIT_PACKAGES: &[&str] = &[
    AUTHKIT_NEXTJS,
    AUTHKIT_REACT,
    AUTHKIT_JS,
    AUTHKIT_TANSTACK,
    AUTHKIT_TANSTACK_LEGACY,
    AUTHKIT_REACT_ROUTER,
    AUTHKIT_REMIX,
    AUTHKIT_SVELTEKIT,
    AUTHKIT_SVELTEKIT_LEGACY,
    CONVEX_DEV_WORKOS,
    CONVEX_WORKOS_AUTHKIT,
];

/// The AuthKit SDKs that run on a server: they need `WORKOS_CLIENT_ID`, `WORKOS_API_KEY` and a
/// `WORKOS_COOKIE_PASSWORD` of at least 32 characters (iron-session seals the session cookie).
pub const SERVER_SDKS: &[&str] = &[
    AUTHKIT_NEXTJS,
    AUTHKIT_TANSTACK,
    AUTHKIT_TANSTACK_LEGACY,
    AUTHKIT_REACT_ROUTER,
    AUTHKIT_REMIX,
    AUTHKIT_SVELTEKIT,
    AUTHKIT_SVELTEKIT_LEGACY,
];

/// The browser-only AuthKit SDKs: they need only the client id the code passes to
/// `AuthKitProvider` / `createClient`.
pub const BROWSER_SDKS: &[&str] = &[AUTHKIT_REACT, AUTHKIT_JS];
