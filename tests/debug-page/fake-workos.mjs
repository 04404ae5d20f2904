// A stand-in for the WorkOS API on 127.0.0.1 and a signed-in AuthKit session, for
// tests/debug_page.rs: the Next.js app verifies the session's access token against this
// server's JWKS (WORKOS_API_HOSTNAME=127.0.0.1, WORKOS_API_HTTPS=false, WORKOS_API_PORT).
//
//   WORKOS_CLIENT_ID=… WORKOS_COOKIE_PASSWORD=… node fake-workos.mjs
//
// Prints one JSON line — { port, cookieName, cookieValue, accessToken } — then serves
// GET /sso/jwks/<client id> and the refresh grant of POST /user_management/authenticate until it
// is killed. Tokens are RS256, signed by a key made here, with the claims AuthKit puts in its
// access tokens (no `aud`, no email).
import http from 'node:http';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { sealData } from 'iron-session';

const clientId = process.env.WORKOS_CLIENT_ID;
const password = process.env.WORKOS_COOKIE_PASSWORD;
if (!clientId || !password) {
  console.error('WORKOS_CLIENT_ID and WORKOS_COOKIE_PASSWORD must be set');
  process.exit(2);
}

const kid = 'sso_oidc_key_pair_debugpage';
const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };

const user = {
  object: 'user',
  id: 'user_01DEBUGPAGEUSER0000000000',
  email: 'ada@example.com',
  emailVerified: true,
  firstName: 'Ada',
  lastName: 'Lovelace',
  profilePictureUrl: null,
  lastSignInAt: new Date().toISOString(),
  externalId: null,
  metadata: {},
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
};
const mintAccessToken = () =>
  new SignJWT({ sid: 'session_01DEBUGPAGESESSION000000000' })
    .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
    .setIssuer(`https://api.workos.com/user_management/${clientId}`)
    .setSubject(user.id)
    .setJti(crypto.randomUUID())
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(privateKey);
const accessToken = await mintAccessToken();
const cookieValue = await sealData({ accessToken, refreshToken: 'refresh_fake_debug_page', user }, { password });

// The WorkOS API's shape of the user (snake_case), for the refresh response.
const apiUser = {
  object: 'user',
  id: user.id,
  email: user.email,
  email_verified: true,
  first_name: user.firstName,
  last_name: user.lastName,
  profile_picture_url: null,
  last_sign_in_at: user.lastSignInAt,
  external_id: null,
  metadata: {},
  created_at: user.createdAt,
  updated_at: user.updatedAt,
};

const server = http.createServer(async (req, res) => {
  if (req.method === 'GET' && req.url === `/sso/jwks/${clientId}`) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  } else if (req.method === 'POST' && req.url === '/user_management/authenticate') {
    // The Convex client asks for a fresh token once the first one is confirmed; AuthKit then
    // refreshes the session with its refresh token.
    let body = '';
    for await (const chunk of req) body += chunk;
    const grant = JSON.parse(body || '{}');
    if (grant.grant_type !== 'refresh_token' || grant.client_id !== clientId) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end('{"error":"invalid_grant","error_description":"Only the refresh grant of this client is faked."}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ user: apiUser, access_token: await mintAccessToken(), refresh_token: 'refresh_fake_debug_page', authentication_method: 'Password' }));
  } else {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"message":"not found"}');
  }
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  console.log(JSON.stringify({ port, cookieName: 'wos-session', cookieValue, accessToken }));
});
