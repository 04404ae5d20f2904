// A stand-in for a Convex deployment's sync WebSocket on 127.0.0.1, for tests/debug_page.rs:
// enough of the protocol for `useConvexAuth()` and `useQuery()` — it confirms every
// Authenticate message and answers every query with the identity built from the token's
// claims (or null without a token), the way a deployment whose auth config matches would.
// Whether a token *should* match is what `authkit-doctor token` judges; this server does not.
// After `POST /reject-auth` it rejects every token instead, as a deployment whose auth config
// matches no provider does (the client retries, then gives up and logs the error).
//
//   node fake-convex.mjs
//
// Prints one JSON line — { port } — then serves until it is killed. The app's Convex URL is
// http://127.0.0.1:<port>; the client connects to ws://127.0.0.1:<port>/api/<version>/sync.
import http from 'node:http';
import { WebSocketServer } from 'ws';

/** Convex encodes timestamps as 8 little-endian bytes in base64. */
function u64(n) {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(BigInt(n));
  return bytes.toString('base64');
}

/** The identity Convex builds from an accepted token's claims (the standard fields). */
function identityFromToken(token) {
  const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
  const identity = { tokenIdentifier: `${claims.iss}|${claims.sub}`, issuer: claims.iss, subject: claims.sub };
  for (const [claim, field] of [['email', 'email'], ['name', 'name'], ['email_verified', 'emailVerified']]) {
    if (claims[claim] !== undefined) identity[field] = claims[claim];
  }
  return identity;
}

let rejectingTokens = false;

const server = http.createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/reject-auth') {
    rejectingTokens = true;
    res.writeHead(204);
  } else {
    res.writeHead(404);
  }
  res.end();
});
const sockets = new WebSocketServer({ server });
sockets.on('connection', (socket) => {
  // What the client has seen (its start version for the next Transition) and what it asked for.
  let sent = { querySet: 0, identity: 0, ts: 0 };
  let wanted = { querySet: 0, identity: 0 };
  let identity = null;
  const queries = new Map(); // queryId → udfPath

  const answer = (udfPath) => (udfPath.replace(/\.js:/, ':') === 'debugIdentity:debugIdentity' ? identity : null);
  const sendTransition = () => {
    const end = { querySet: wanted.querySet, identity: wanted.identity, ts: sent.ts + 1 };
    const modifications = [...queries].map(([queryId, udfPath]) => ({
      type: 'QueryUpdated',
      queryId,
      value: answer(udfPath),
      logLines: [],
      journal: null,
    }));
    socket.send(
      JSON.stringify({
        type: 'Transition',
        startVersion: { ...sent, ts: u64(sent.ts) },
        endVersion: { ...end, ts: u64(end.ts) },
        modifications,
      }),
    );
    sent = end;
  };

  socket.on('message', (data) => {
    const message = JSON.parse(data.toString());
    switch (message.type) {
      case 'Authenticate':
        if (rejectingTokens && message.tokenType === 'User') {
          socket.send(
            JSON.stringify({
              type: 'AuthError',
              error: 'No auth provider found matching the given token',
              baseVersion: message.baseVersion,
              authUpdateAttempted: true,
            }),
          );
          break;
        }
        identity = message.tokenType === 'User' ? identityFromToken(message.value) : null;
        wanted.identity = message.baseVersion + 1;
        sendTransition();
        break;
      case 'ModifyQuerySet':
        for (const change of message.modifications) {
          if (change.type === 'Add') queries.set(change.queryId, change.udfPath);
          if (change.type === 'Remove') queries.delete(change.queryId);
        }
        wanted.querySet = message.newVersion;
        sendTransition();
        break;
      default:
        // Connect, Event and the rest need no answer here.
        break;
    }
  });
});
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
