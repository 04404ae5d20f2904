import type { AuthConfig } from 'convex/server';

// How Convex checks the access tokens that WorkOS AuthKit issues.
// Set on the Convex deployment: npx convex env set WORKOS_CLIENT_ID <your WorkOS client id>
// (the same id as VITE_WORKOS_CLIENT_ID in .env.local).
const clientId = process.env.WORKOS_CLIENT_ID;

export default {
  providers: [
    {
      // Shared WorkOS issuer: the token must name this client id in `aud`.
      type: 'customJwt',
      issuer: 'https://api.workos.com/',
      algorithm: 'RS256',
      jwks: `https://api.workos.com/sso/jwks/${clientId}`,
      applicationID: clientId,
    },
    {
      // AuthKit access tokens: per-client issuer, no `aud` claim.
      type: 'customJwt',
      issuer: `https://api.workos.com/user_management/${clientId}`,
      algorithm: 'RS256',
      jwks: `https://api.workos.com/sso/jwks/${clientId}`,
    },
  ],
} satisfies AuthConfig;
