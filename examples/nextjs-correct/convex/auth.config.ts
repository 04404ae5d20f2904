// How Convex checks the access tokens that WorkOS AuthKit issues.
// WORKOS_CLIENT_ID is set on the Convex deployment itself:
//   npx convex env set WORKOS_CLIENT_ID <your WorkOS client id>
const clientId = process.env.WORKOS_CLIENT_ID;

const authConfig = {
  providers: [
    {
      // Tokens issued by the shared WorkOS API host carry this app's client id
      // in `aud`, so the audience must be checked.
      type: 'customJwt',
      issuer: 'https://api.workos.com/',
      algorithm: 'RS256',
      jwks: `https://api.workos.com/sso/jwks/${clientId}`,
      applicationID: clientId,
    },
    {
      // AuthKit session tokens: the issuer already names the client id and the
      // token has no `aud` claim, so no applicationID here.
      type: 'customJwt',
      issuer: `https://api.workos.com/user_management/${clientId}`,
      algorithm: 'RS256',
      jwks: `https://api.workos.com/sso/jwks/${clientId}`,
    },
  ],
};

export default authConfig;
