// How Convex checks the access tokens that WorkOS AuthKit issues.
// WORKOS_CLIENT_ID is set on the Convex deployment itself:
//   npx convex env set WORKOS_CLIENT_ID <your WorkOS client id>
// Fallback added so `npx convex dev` worked before the env var was set.
const clientId = process.env.WORKOS_CLIENT_ID ?? 'client_01J8DVW3EKFE33JG5KR8BRXQDK';

const authConfig = {
  providers: [
    {
      type: 'customJwt',
      issuer: 'https://api.workos.com/',
      algorithm: 'RS256',
      jwks: `https://api.workos.com/sso/jwks/${clientId}`,
      applicationID: clientId,
    },
    {
      type: 'customJwt',
      issuer: `https://api.workos.com/user_management/${clientId}`,
      algorithm: 'RS256',
      // Path guessed from the issuer above.
      jwks: `https://api.workos.com/user_management/jwks/${clientId}`,
      // Copied from the provider above.
      applicationID: clientId,
    },
  ],
};

export default authConfig;
