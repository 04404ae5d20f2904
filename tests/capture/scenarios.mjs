// The stand-in servers and the scenarios they play, shared by capture.mjs (records the HAR
// fixtures with Playwright) and serve.mjs (runs one scenario for `authkit-doctor watch`'s
// end-to-end tests, tests/watch.rs).
//
// Every server runs on 127.0.0.1: a fake app (`app.authkit-doctor.test`, or `localhost`), a fake
// WorkOS API (`auth.workos.test`) and a fake Convex sync WebSocket (`convex.test`). Chromium maps
// the `.test` names to 127.0.0.1 (--host-resolver-rules) and every other name to NOTFOUND, so
// nothing leaves the machine. Tokens, codes and cookies are made up here; no real secret can
// end up in a capture. Each scenario's `start` is the page that plays it without a user: the
// sign-in link clicks itself when the URL ends with `#auto`.

import http from "node:http";
import crypto from "node:crypto";

// The recorded HARs were captured on 47801-47803. `watch`'s tests pass free ports in
// CAPTURE_PORTS ("app,auth,convex") so a port another process holds cannot fail them.
const [appPort, authPort, convexPort] = (process.env.CAPTURE_PORTS || "47801,47802,47803").split(",").map(Number);
export const PORTS = { app: appPort, auth: authPort, convex: convexPort };
export const APP = `http://app.authkit-doctor.test:${PORTS.app}`;
export const LOCAL_APP = `http://localhost:${PORTS.app}`;
const AUTH = `http://auth.workos.test:${PORTS.auth}`;
const CONVEX = `ws://convex.test:${PORTS.convex}/api/1.29.0/sync`;
export const CLIENT_ID = "client_01JCAPTUREFAKE0000000000AA";

// ---------------------------------------------------------------------------
// Made-up tokens: right shape, random signature, no key can verify them.
// ---------------------------------------------------------------------------
const b64url = (b) => Buffer.from(b).toString("base64url");
function fakeJwt(claims) {
  const now = Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({ alg: "RS256", kid: "sso_oidc_key_pair_01JCAPTUREFAKE", typ: "JWT" }));
  const payload = b64url(
    JSON.stringify({
      iss: `https://api.workos.com/user_management/${CLIENT_ID}`,
      sub: "user_01JCAPTUREUSER00000000000",
      sid: "session_01JCAPTURESESSION000000000",
      jti: `token_${crypto.randomBytes(8).toString("hex")}`,
      iat: now,
      exp: now + 300,
      ...claims,
    }),
  );
  return `${header}.${payload}.${b64url(crypto.randomBytes(256))}`;
}

// ---------------------------------------------------------------------------
// A minimal WebSocket server (RFC 6455 text frames) speaking a bit of Convex's sync protocol.
// ---------------------------------------------------------------------------
function wsAccept(key) {
  return crypto.createHash("sha1").update(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest("base64");
}
function wsSend(socket, text) {
  const data = Buffer.from(text);
  const len = data.length;
  const head = len < 126 ? Buffer.from([0x81, len]) : Buffer.from([0x81, 126, len >> 8, len & 255]);
  socket.write(Buffer.concat([head, data]));
}
function wsClose(socket) {
  socket.write(Buffer.from([0x88, 0x02, 0x03, 0xe8]));
  socket.end();
}
function wsFrames(onText) {
  let buf = Buffer.alloc(0);
  return (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      if (buf.length < 2) return;
      const opcode = buf[0] & 15;
      let len = buf[1] & 127;
      let off = 2;
      if (len === 126) {
        if (buf.length < 4) return;
        len = buf.readUInt16BE(2);
        off = 4;
      }
      const masked = buf[1] & 128;
      const need = off + (masked ? 4 : 0) + len;
      if (buf.length < need) return;
      let payload = buf.subarray(off + (masked ? 4 : 0), need);
      if (masked) {
        const mask = buf.subarray(off, off + 4);
        payload = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]));
      }
      buf = buf.subarray(need);
      if (opcode === 1) onText(payload.toString());
      if (opcode === 8) return;
    }
  };
}

/// `behaviour(message, send, close)` answers each client message.
function convexServer(behaviour) {
  const server = http.createServer((req, res) => res.writeHead(404).end());
  server.on("upgrade", (req, socket) => {
    socket.write(
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        `Sec-WebSocket-Accept: ${wsAccept(req.headers["sec-websocket-key"])}\r\n\r\n`,
    );
    const send = (obj) => wsSend(socket, JSON.stringify(obj));
    socket.on("data", wsFrames((text) => behaviour(JSON.parse(text), send, () => wsClose(socket))));
    socket.on("error", () => {});
  });
  return server;
}

const healthyConvex = (msg, send) => {
  if (msg.type === "ModifyQuerySet") {
    send({
      type: "Transition",
      startVersion: { querySet: 0, ts: "AAAAAAAAAAA=", identity: 0 },
      endVersion: { querySet: 1, ts: "AAAAAAAAAAE=", identity: msg.type === "Authenticate" ? 1 : 0 },
      modifications: [{ type: "QueryUpdated", queryId: 0, value: [{ _id: "k17abc", text: "hello" }], logLines: [] }],
    });
  }
};

// ---------------------------------------------------------------------------
// The fake WorkOS API.
// ---------------------------------------------------------------------------
function readBody(req) {
  return new Promise((resolve) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => resolve(body));
  });
}

/// options: { allowOrigins: [..] | "*", refresh: (n, body, req) => [status, json, headers] }
function workosServer(options) {
  let refreshes = 0;
  return http.createServer(async (req, res) => {
    const url = new URL(req.url, AUTH);
    const origin = req.headers.origin;
    const allowed = options.allowOrigins === "*" || (origin && options.allowOrigins.includes(origin));
    const cors = allowed && origin ? { "access-control-allow-origin": origin, "access-control-allow-credentials": "true" } : {};
    if (req.method === "OPTIONS") {
      res.writeHead(allowed ? 204 : 403, {
        ...cors,
        ...(allowed ? { "access-control-allow-methods": "POST", "access-control-allow-headers": "content-type" } : {}),
      });
      return res.end();
    }
    if (url.pathname === "/user_management/authorize") {
      const redirect = url.searchParams.get("redirect_uri");
      if (options.registered && !options.registered.includes(redirect)) {
        res.writeHead(302, { location: `http://error.workos.test:${PORTS.auth}/sso/redirect-uri-invalid?redirect_uri=${encodeURIComponent(redirect)}` });
        return res.end();
      }
      const state = url.searchParams.get("state") ?? "";
      res.writeHead(302, { location: `${redirect}?code=01JCAPTURECODE${crypto.randomBytes(4).toString("hex")}&state=${state}` });
      return res.end();
    }
    if (url.pathname === "/sso/redirect-uri-invalid") {
      res.writeHead(400, { "content-type": "text/html" });
      return res.end("<!doctype html><title>Invalid redirect URI</title><h1>Invalid redirect URI</h1><p>This redirect URI is not allowed: redirect-uri-invalid</p>");
    }
    if (url.pathname === "/user_management/sessions/logout") {
      res.writeHead(302, { location: url.searchParams.get("return_to") ?? "/" });
      return res.end();
    }
    if (url.pathname === "/user_management/authenticate" && req.method === "POST") {
      const body = JSON.parse((await readBody(req)) || "{}");
      if (body.grant_type === "refresh_token") {
        refreshes += 1;
        const [status, json, headers] = options.refresh ? options.refresh(refreshes, body, req) : [200, null, {}];
        res.writeHead(status, { "content-type": "application/json", ...cors, ...headers });
        return res.end(JSON.stringify(json ?? { access_token: fakeJwt({}), user: { id: "user_01JCAPTUREUSER00000000000" } }));
      }
      res.writeHead(200, {
        "content-type": "application/json",
        ...cors,
        "set-cookie": "wos-refresh=rt_fake_capture; Path=/; HttpOnly; SameSite=Lax",
      });
      return res.end(JSON.stringify({ access_token: fakeJwt({}), user: { id: "user_01JCAPTUREUSER00000000000", email: "ada@example.test" } }));
    }
    res.writeHead(404, { "content-type": "application/json" });
    res.end('{"message":"Not found"}');
  });
}

// ---------------------------------------------------------------------------
// The fake app: routes -> handler(req, res, url).
// ---------------------------------------------------------------------------
function appServer(routes) {
  return http.createServer(async (req, res) => {
    const url = new URL(req.url, "http://app");
    const handler = routes[url.pathname] ?? routes["*"];
    if (!handler) {
      res.writeHead(404, { "content-type": "text/plain" });
      return res.end("not found");
    }
    await handler(req, res, url);
  });
}
const html = (body) => (req, res) => {
  res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  res.end(`<!doctype html><html><head><meta charset="utf-8"><title>capture</title></head><body>${body}</body></html>`);
};
const js = (code) => (req, res) => {
  res.writeHead(200, { "content-type": "text/javascript" });
  res.end(code);
};

// Browser-side helpers shared by the SPA pages.
const SPA_LIB = `
window.done = false;
async function exchange(code) {
  const r = await fetch("${AUTH}/user_management/authenticate", {
    method: "POST", credentials: "include", headers: { "content-type": "application/json" },
    body: JSON.stringify({ client_id: "${CLIENT_ID}", grant_type: "authorization_code", code, code_verifier: "fake-verifier" }),
  });
  return (await r.json()).access_token;
}
async function refresh({ devMode = false } = {}) {
  // Without devMode authkit-js relies on WorkOS's refresh cookie; with it, the refresh token
  // (kept in localStorage) goes in the body.
  const body = { client_id: "${CLIENT_ID}", grant_type: "refresh_token" };
  if (devMode) body.refresh_token = "fake_refresh_token_capture";
  const r = await fetch("${AUTH}/user_management/authenticate", {
    method: "POST", credentials: "include", headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return r.status;
}
function convex(token, { authenticate = true } = {}) {
  return new Promise((resolve) => {
    const ws = new WebSocket("${CONVEX}");
    const seen = [];
    ws.onopen = () => {
      ws.send(JSON.stringify({ type: "Connect", sessionId: "5f1c2b8e-capture", connectionCount: 0, lastCloseReason: null }));
      if (authenticate) ws.send(JSON.stringify({ type: "Authenticate", tokenType: "User", value: token, baseVersion: 0 }));
      ws.send(JSON.stringify({ type: "ModifyQuerySet", baseVersion: 0, newVersion: 1, modifications: [{ type: "Add", queryId: 0, udfPath: "messages:list", args: [{}] }] }));
    };
    ws.onmessage = (e) => { seen.push(JSON.parse(e.data).type); if (seen.includes("Transition") || seen.includes("AuthError")) setTimeout(() => { ws.close(); resolve(seen); }, 50); };
    ws.onclose = () => resolve(seen);
  });
}
`;

/// A server-side (Next.js-like) sign-in: GET / links to /sign-in, which redirects to authorize
/// with the callback on localhost.
function serverSignIn() {
  return {
    "/": html(`<a id="signin" href="/sign-in">Sign in</a><script>if (location.hash === "#auto") setTimeout(() => document.getElementById("signin").click(), 50);</script>`),
    "/sign-in": (req, res) => {
      res.writeHead(307, { location: `${AUTH}/user_management/authorize?client_id=${CLIENT_ID}&redirect_uri=${encodeURIComponent(LOCAL_APP + "/callback")}&response_type=code&state=st4te` });
      res.end();
    },
  };
}

/// A sign-in through the fake WorkOS and back: GET / → authorize → /callback?code=… .
function spaRoutes(afterSignIn) {
  return {
    "/": html(`<h1>Notes</h1><a id="signin" href="${AUTH}/user_management/authorize?client_id=${CLIENT_ID}&redirect_uri=REDIRECT&response_type=code&provider=authkit&state=st4te&code_challenge=abc&code_challenge_method=S256">Sign in</a><script>document.getElementById('signin').href = document.getElementById('signin').href.replace('REDIRECT', encodeURIComponent(location.origin + '/callback')); if (location.hash === "#auto") setTimeout(() => document.getElementById("signin").click(), 50);</script>`),
    "/callback": html(`<p>Finishing sign in…</p><script src="/lib.js"></script><script>(async () => { const code = new URLSearchParams(location.search).get("code"); const token = await exchange(code); ${afterSignIn} window.done = true; })().catch(e => { console.error(e); window.done = true; });</script>`),
    "/lib.js": js(SPA_LIB),
  };
}

// ---------------------------------------------------------------------------
// Scenarios: each returns { servers, run(page) }; the HAR is written to OUT/<name>.har.
// ---------------------------------------------------------------------------
async function signInFrom(page, origin) {
  await page.goto(origin + "/");
  await Promise.all([page.waitForURL(/\/callback/), page.click("#signin")]);
  await page.waitForFunction(() => window.done === true, null, { timeout: 10000 });
  await page.waitForTimeout(300);
}

export const scenarios = {
  // A healthy SPA: sign in, exchange the code, authenticate on the Convex socket, one refresh.
  "clean-spa": () => ({
    servers: {
      app: appServer(spaRoutes(`await convex(token); await refresh({ devMode: true });`)),
      auth: workosServer({ allowOrigins: [APP] }),
      convex: convexServer(healthyConvex),
    },
    run: (page) => signInFrom(page, APP),
  }),

  // A healthy server-side (Next.js-like) app: the callback sets the session cookie, the page
  // links to /sign-out without prefetching it, the Convex socket authenticates.
  "clean-nextjs": () => ({
    servers: {
      app: appServer({
        ...serverSignIn(),
        "/callback": (req, res) => {
          res.writeHead(307, { location: "/dashboard", "set-cookie": "wos-session=Fe26.2*1*fakecapturesealedsession; Path=/; HttpOnly; SameSite=Lax" });
          res.end();
        },
        "/dashboard": html(`<h1>Dashboard</h1><a href="/sign-out">Sign out</a><script src="/lib.js"></script><script>(async () => { await convex("${fakeJwt({})}"); window.done = true; })();</script>`),
        "/lib.js": js(SPA_LIB),
        "/sign-out": (req, res) => {
          res.writeHead(307, { location: `${AUTH}/user_management/sessions/logout?session_id=session_01JCAPTURESESSION000000000&return_to=${encodeURIComponent(LOCAL_APP + "/")}`, "set-cookie": "wos-session=; Path=/; Max-Age=0" });
          res.end();
        },
      }),
      auth: workosServer({ allowOrigins: [LOCAL_APP] }),
      convex: convexServer(healthyConvex),
    },
    run: async (page) => {
      await page.goto(LOCAL_APP + "/");
      await Promise.all([page.waitForURL(/\/dashboard/), page.click("#signin")]);
      await page.waitForFunction(() => window.done === true, null, { timeout: 10000 });
      await page.waitForTimeout(300);
    },
  }),

  // A Next.js <Link href="/sign-out"> prefetch (RSC fetch with Next-Router-Prefetch) and a
  // <link rel="prefetch"> of /logout: both run the sign-out handler in the background.
  "prefetch-sign-out": () => {
    const signOut = (req, res) => {
      res.writeHead(307, {
        location: `${AUTH}/user_management/sessions/logout?session_id=session_01JCAPTURESESSION000000000&return_to=${encodeURIComponent(LOCAL_APP + "/")}`,
        "set-cookie": "wos-session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax",
        vary: "RSC, Next-Router-State-Tree, Next-Router-Prefetch",
      });
      res.end();
    };
    return {
      servers: {
        app: appServer({
          "/": html(`<h1>Signed out</h1>`),
          "/callback": (req, res) => {
            res.writeHead(307, { location: "/dashboard", "set-cookie": "wos-session=Fe26.2*1*fakecapturesealedsession; Path=/; HttpOnly; SameSite=Lax" });
            res.end();
          },
          "/dashboard": html(`<h1>Dashboard</h1><a href="/sign-out">Sign out</a><link rel="prefetch" href="/logout">
            <script>setTimeout(() => fetch("/sign-out?_rsc=1x9zq", { headers: { RSC: "1", "Next-Router-Prefetch": "1", "Next-Router-State-Tree": "%5B%22%22%2C%7B%7D%5D", "Next-Url": "/dashboard" } }).catch(() => {}).finally(() => { window.done = true; }), 200);</script>`),
          "/sign-out": signOut,
          "/logout": signOut,
        }),
        auth: workosServer({ allowOrigins: [] }),
      },
      run: async (page) => {
        await page.goto(LOCAL_APP + "/callback?code=01JCAPTURECODE&state=st4te");
        await page.waitForFunction(() => window.done === true, null, { timeout: 10000 });
        await page.waitForTimeout(800);
      },
    };
  },

  // A refresh forced in a loop: five refreshes succeed, then WorkOS answers 429.
  "refresh-429": () => ({
    servers: {
      app: appServer(spaRoutes(`for (let i = 0; i < 7; i++) { await refresh(); }`)),
      auth: workosServer({
        allowOrigins: [APP],
        refresh: (n) => (n <= 5 ? [200, null, {}] : [429, { code: "rate_limit_exceeded", message: "Rate limit exceeded" }, { "retry-after": "60" }]),
      }),
    },
    run: (page) => signInFrom(page, APP),
  }),

  // Two refreshes race with one refresh token: the second gets invalid_grant (from localhost).
  "refresh-invalid-grant": () => ({
    servers: {
      app: appServer(spaRoutes(`await Promise.all([refresh(), refresh()]);`)),
      auth: workosServer({
        allowOrigins: [LOCAL_APP],
        refresh: (n) => (n === 1 ? [200, null, {}] : [400, { error: "invalid_grant", error_description: "Refresh token already exchanged." }, {}]),
      }),
    },
    run: (page) => signInFrom(page, LOCAL_APP),
  }),

  // authkit-js without devMode on a non-localhost origin: the refresh carries no cookie and
  // WorkOS answers 400.
  "spa-third-party-cookie": () => ({
    servers: {
      app: appServer(spaRoutes(`await convex(token); await refresh();`)),
      auth: workosServer({
        allowOrigins: [APP],
        refresh: (n, body, req) => (req.headers.cookie ? [200, null, {}] : [400, { error: "invalid_grant", error_description: "Missing refresh token." }, {}]),
      }),
      convex: convexServer(healthyConvex),
    },
    // The code exchange's SameSite cookie comes from a cross-site response, so Chromium drops
    // it, as browsers drop WorkOS's third-party cookie: the refresh carries none.
    run: (page) => signInFrom(page, APP),
  }),

  // The deployed origin is not on WorkOS's CORS list: the code exchange is blocked.
  "cors-blocked": () => ({
    servers: {
      app: appServer(spaRoutes(``)),
      auth: workosServer({ allowOrigins: [LOCAL_APP] }),
    },
    run: (page) => signInFrom(page, APP),
  }),

  // Convex rejects the token: the user_management provider has applicationID, and the
  // client retries once with a new token before giving up.
  "convex-auth-error": () => ({
    servers: {
      app: appServer(spaRoutes(`await convex(token); await convex(token);`)),
      auth: workosServer({ allowOrigins: [APP] }),
      convex: convexServer((msg, send, close) => {
        if (msg.type === "Authenticate") {
          send({
            type: "AuthError",
            error: `No auth provider found matching the given token. Check that your JWT's issuer and audience match one of your configured providers: [CustomJWT(issuer=https://api.workos.com/, app_id=${CLIENT_ID}), CustomJWT(issuer=https://api.workos.com/user_management/${CLIENT_ID}, app_id=${CLIENT_ID})]`,
            baseVersion: 0,
            authUpdateAttempted: true,
          });
          setTimeout(close, 20);
        }
      }),
    },
    run: (page) => signInFrom(page, APP),
  }),

  // Signed in to WorkOS, but the Convex client never authenticates (plain ConvexProvider).
  "no-convex-token": () => ({
    servers: {
      app: appServer(spaRoutes(`await convex(token, { authenticate: false });`)),
      auth: workosServer({ allowOrigins: [APP] }),
      convex: convexServer(healthyConvex),
    },
    run: (page) => signInFrom(page, APP),
  }),

  // The app asks for a redirect URI that is not registered.
  "redirect-uri-invalid": () => ({
    servers: {
      app: appServer(spaRoutes(``)),
      auth: workosServer({ allowOrigins: [APP], registered: ["https://notes.example.com/callback"] }),
    },
    run: async (page) => {
      await page.goto(APP + "/");
      await Promise.all([page.waitForURL(/redirect-uri-invalid/), page.click("#signin")]);
      await page.waitForTimeout(300);
    },
  }),

  // The server-side callback fails (authkit-nextjs's error body).
  "callback-error": () => ({
    servers: {
      app: appServer({
        ...serverSignIn(),
        "/callback": (req, res) => {
          res.writeHead(500, { "content-type": "application/json" });
          res.end(JSON.stringify({ error: { message: "Something went wrong", description: "Couldn't sign in. If you are not sure what happened, please contact your organization admin." } }));
        },
      }),
      auth: workosServer({ allowOrigins: [LOCAL_APP] }),
    },
    run: async (page) => {
      await page.goto(LOCAL_APP + "/");
      await Promise.all([page.waitForURL(/\/callback/), page.click("#signin")]);
      await page.waitForTimeout(300);
    },
  }),

  // An SPA whose index.html uses a relative module path: at /auth/callback the module URL is
  // /auth/assets/…, which the host's SPA fallback answers with index.html.
  "module-as-html": () => {
    const index = html(`<div id="root"></div><script type="module" src="./assets/index-4f2a.js"></script>`);
    return {
      servers: {
        app: appServer({ "/assets/index-4f2a.js": js(`document.getElementById("root").textContent = "app";`), "*": index }),
      },
      run: async (page) => {
        await page.goto(APP + "/auth/callback?code=01JCAPTURECODE&state=st4te");
        await page.waitForTimeout(500);
      },
    };
  },
};

/// The page each scenario starts from when it plays itself (serve.mjs, `authkit-doctor watch`).
export const START = {
  "clean-spa": `${APP}/#auto`,
  "clean-nextjs": `${LOCAL_APP}/#auto`,
  "prefetch-sign-out": `${LOCAL_APP}/callback?code=01JCAPTURECODE&state=st4te`,
  "refresh-429": `${APP}/#auto`,
  "refresh-invalid-grant": `${LOCAL_APP}/#auto`,
  "spa-third-party-cookie": `${APP}/#auto`,
  "cors-blocked": `${APP}/#auto`,
  "convex-auth-error": `${APP}/#auto`,
  "no-convex-token": `${APP}/#auto`,
  "redirect-uri-invalid": `${APP}/#auto`,
  "callback-error": `${LOCAL_APP}/#auto`,
  "module-as-html": `${APP}/auth/callback?code=01JCAPTURECODE&state=st4te`,
};

/// Scenarios only `watch` plays (no recorded HAR): what a browser driver would not show.
export const watchOnly = {
  // The sign-in runs in a popup the page opens (the popup starts a moment later, once the
  // watch has attached to it), and WorkOS refuses its redirect URI there.
  "popup-redirect-uri-invalid": () => ({
    servers: {
      app: appServer({
        "/": html(`<h1>Notes</h1><script>setTimeout(() => window.open("/popup", "signin", "width=500,height=600"), 50);</script>`),
        "/popup": html(`<p>Redirecting to sign in…</p><script>setTimeout(() => { location.href = "${AUTH}/user_management/authorize?client_id=${CLIENT_ID}&redirect_uri=" + encodeURIComponent(location.origin + "/callback") + "&response_type=code&state=st4te"; }, 2000);</script>`),
      }),
      auth: workosServer({ allowOrigins: [APP], registered: ["https://notes.example.com/callback"] }),
    },
  }),
};
START["popup-redirect-uri-invalid"] = `${APP}/`;
