// How Convex checks the access tokens that WorkOS AuthKit issues.
// Set on the Convex deployment: npx convex env set WORKOS_CLIENT_ID <your WorkOS client id>
// (the same id as VITE_WORKOS_CLIENT_ID in .env.local).
const clientId = process.env.WORKOS_CLIENT_ID;

export default {
  providers: [
    {
      type: 'customJWT',
      issuer: 'https://api.workos.com/',
      algorithm: 'RS256',
      jwks: `https://api.workos.com/sso/jwks/${clientId}`,
      applicationId: clientId,
    },
    {
      type: 'customJwt',
      issuer: `https://api.workos.com/user_management/${clientId}`,
      algorithm: 'rs256',
      jwks: `https://api.workos.com/sso/jwks/${clientId}`,
    },
  ],
};
