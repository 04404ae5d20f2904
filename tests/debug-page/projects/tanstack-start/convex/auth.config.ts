import type { AuthConfig } from 'convex/server';

// How Convex checks the access tokens that WorkOS AuthKit issues.
// Set on each Convex deployment (the same values the app is built with):
//   npx convex env set WORKOS_CLIENT_ID <your WorkOS client id>
//   npx convex env set WORKOS_API_HOSTNAME api.workos.com   (dev: WorkOS staging)
//   npx convex env set --prod WORKOS_API_HOSTNAME auth.example.com   (your custom auth domain)
// WorkOS puts the Authentication API host in the token's `iss`, so the issuers follow it.
const clientId = process.env.WORKOS_CLIENT_ID;
const authHost = process.env.WORKOS_API_HOSTNAME;

export default {
  providers: [
    {
      // Shared WorkOS issuer: the token must name this client id in `aud`.
      type: 'customJwt',
      issuer: `https://${authHost}/`,
      algorithm: 'RS256',
      jwks: `https://${authHost}/sso/jwks/${clientId}`,
      applicationID: clientId,
    },
    {
      // AuthKit access tokens: per-client issuer, no `aud` claim.
      type: 'customJwt',
      issuer: `https://${authHost}/user_management/${clientId}`,
      algorithm: 'RS256',
      jwks: `https://${authHost}/sso/jwks/${clientId}`,
    },
  ],
} satisfies AuthConfig;
