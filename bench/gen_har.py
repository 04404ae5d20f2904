#!/usr/bin/env python3
"""Generate a large, deterministic HAR 1.2 file for benchmarking `authkit-doctor har`.

    python3 bench/gen_har.py OUT.har [--size-mb N] [--seed S]

The file looks like a Chrome DevTools export of a long session in a Next.js +
WorkOS AuthKit + Convex app: page navigations, static assets (scripts, CSS,
images with base64 bodies of 1 KB..2 MB), JSON API calls, RSC fetches,
WorkOS refresh calls every few minutes, and Convex sync WebSockets with
`_webSocketMessages` (Connect, Authenticate, ModifyQuerySet, Transition).
A few problems are planted so the detectors have work to do: one 429 on a
refresh, one AuthError frame, one prefetched /sign-out.

It is written entry by entry (never held in memory) and is byte-for-byte the
same for the same arguments. Only the standard library is used.
"""

from __future__ import annotations

import argparse
import base64
import json
import random
import sys

APP = "https://notes.example.com"
WORKOS = "https://api.workos.com"
CONVEX = "wss://happy-animal-123.convex.cloud/api/1.29.0/sync"
CLIENT_ID = "client_01JBENCHMARKHAR0000000000X"
UA = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
      "Chrome/131.0.0.0 Safari/537.36")


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def fake_jwt(rng: random.Random, iat: int) -> str:
    header = b64url(json.dumps({"alg": "RS256", "kid": "sso_oidc_key_pair_01BENCH", "typ": "JWT"}).encode())
    payload = b64url(json.dumps({
        "iss": f"{WORKOS}/user_management/{CLIENT_ID}", "sub": "user_01JBENCHUSER000000000000",
        "sid": "session_01JBENCHSESSION0000000000", "jti": f"token_{rng.getrandbits(64):016x}",
        "iat": iat, "exp": iat + 300}).encode())
    sig = b64url(rng.randbytes(256))
    return f"{header}.{payload}.{sig}"


def iso(ms: int) -> str:
    s, ms = divmod(ms, 1000)
    import time
    t = time.gmtime(s)
    return time.strftime("%Y-%m-%dT%H:%M:%S", t) + f".{ms:03d}Z"


def headers(pairs):
    return [{"name": k, "value": v} for k, v in pairs]


def entry(t_ms, method, url, status, mime, body=None, encoding=None, req_headers=(), resp_headers=(),
          resource_type="fetch", post=None, extra=None):
    req_h = [(":authority", url.split("/")[2]), (":method", method), ("accept", "*/*"),
             ("user-agent", UA), ("accept-language", "en-US,en;q=0.9")] + list(req_headers)
    if url.startswith(APP):
        # The app's own requests carry its session cookie (a non-sanitized export).
        req_h.append(("cookie", "wos-session=Fe26.2**bench-fake-sealed-session"))
    e = {
        "_initiator": {"type": "script" if resource_type in ("fetch", "xhr") else "parser"},
        "_priority": "High",
        "_resourceType": resource_type,
        "cache": {},
        "connection": "443",
        "pageref": "page_1",
        "request": {
            "method": method, "url": url, "httpVersion": "http/2.0",
            "headers": headers(req_h),
            "queryString": [], "cookies": [], "headersSize": -1, "bodySize": len(post or ""),
        },
        "response": {
            "status": status, "statusText": "", "httpVersion": "http/2.0",
            "headers": headers([("content-type", mime), ("date", "Mon, 17 Nov 2025 10:00:00 GMT")] + list(resp_headers)),
            "cookies": [],
            "content": {"size": len(body or ""), "mimeType": mime},
            "redirectURL": "", "headersSize": -1, "bodySize": len(body or ""),
            "_transferSize": len(body or "") + 200, "_error": None,
        },
        "serverIPAddress": "203.0.113.7",
        "startedDateTime": iso(t_ms),
        "time": 42.5,
        "timings": {"blocked": 1.2, "dns": -1, "ssl": -1, "connect": -1, "send": 0.1, "wait": 40.0,
                    "receive": 1.2, "_blocked_queueing": 0.8},
    }
    if body is not None:
        e["response"]["content"]["text"] = body
        if encoding:
            e["response"]["content"]["encoding"] = encoding
    if post is not None:
        e["request"]["postData"] = {"mimeType": "application/json", "text": post}
    if extra:
        e.update(extra)
    return e


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--size-mb", type=int, default=512)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    target = args.size_mb * 1024 * 1024
    t = 1763373600000  # 2025-11-17T10:00:00Z
    written = 0
    n = 0
    with open(args.out, "w", encoding="utf-8") as f:
        head = {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"},
                "pages": [{"startedDateTime": iso(t), "id": "page_1", "title": APP + "/",
                           "pageTimings": {"onContentLoad": 300.1, "onLoad": 500.2}}]}
        text = '{\n  "log": ' + json.dumps(head, indent=2)[:-2] + ',\n    "entries": [\n'
        f.write(text)
        written += len(text)
        planted = {"429": False, "autherr": False, "prefetch": False}
        first = True
        while written < target:
            t += rng.randint(5, 400)
            kind = rng.random()
            if n % 500 == 0:
                e = entry(t, "GET", APP + "/notes", 200, "text/html",
                          body="<!DOCTYPE html><html><body>" + "x" * rng.randint(1000, 20000) + "</body></html>",
                          resource_type="document")
            elif n % 97 == 0:
                # A refresh; one of them is rate limited.
                status = 200
                if not planted["429"] and written > target // 3:
                    status, planted["429"] = 429, True
                body = (json.dumps({"access_token": fake_jwt(rng, t // 1000), "user": {"id": "user_01JBENCHUSER000000000000"}})
                        if status == 200 else '{"message":"Rate limit exceeded"}')
                e = entry(t, "POST", WORKOS + "/user_management/authenticate", status, "application/json", body=body,
                          req_headers=[("origin", APP), ("content-type", "application/json")],
                          resp_headers=[("access-control-allow-origin", APP), ("access-control-allow-credentials", "true")],
                          post=json.dumps({"client_id": CLIENT_ID, "grant_type": "refresh_token"}))
            elif n % 251 == 0:
                msgs = [{"type": "send", "time": t / 1000, "opcode": 1,
                         "data": json.dumps({"type": "Connect", "sessionId": "0f5c", "connectionCount": 0})},
                        {"type": "send", "time": t / 1000 + 0.01, "opcode": 1,
                         "data": json.dumps({"type": "Authenticate", "tokenType": "User", "baseVersion": 0,
                                             "value": fake_jwt(rng, t // 1000)})}]
                for k in range(rng.randint(5, 40)):
                    msgs.append({"type": "receive", "time": t / 1000 + 0.1 + k, "opcode": 1,
                                 "data": json.dumps({"type": "Transition", "startVersion": {"querySet": k, "ts": "AAAA", "identity": 0},
                                                     "endVersion": {"querySet": k + 1, "ts": "AAAB", "identity": 0},
                                                     "modifications": [{"type": "QueryUpdated", "queryId": k,
                                                                        "value": ["n" * rng.randint(10, 3000)], "logLines": []}]})})
                if not planted["autherr"] and written > target // 2:
                    planted["autherr"] = True
                    msgs.append({"type": "receive", "time": t / 1000 + 50, "opcode": 1,
                                 "data": json.dumps({"type": "AuthError", "error": "Could not validate token: Token expired 12 seconds ago",
                                                     "baseVersion": 1, "authUpdateAttempted": False})})
                e = entry(t, "GET", CONVEX, 101, "", resource_type="websocket",
                          extra={"_webSocketMessages": msgs})
            elif n % 1000 == 999 and not planted["prefetch"]:
                planted["prefetch"] = True
                e = entry(t, "GET", APP + "/sign-out?_rsc=1x2y3", 307, "text/x-component",
                          req_headers=[("next-router-prefetch", "1"), ("rsc", "1")],
                          resp_headers=[("location", WORKOS + "/user_management/sessions/logout?session_id=session_01J")])
            elif kind < 0.35:
                size = rng.choice([800, 4000, 30000, 120000, 600000, 2000000]) if rng.random() < 0.3 else rng.randint(500, 20000)
                e = entry(t, "GET", f"{APP}/_next/static/media/img-{n}.png", 200, "image/png",
                          body=base64.b64encode(rng.randbytes(size * 3 // 4)).decode(), encoding="base64",
                          resource_type="image")
            elif kind < 0.6:
                e = entry(t, "GET", f"{APP}/_next/static/chunks/{n:06x}.js", 200, "application/javascript",
                          body="(()=>{" + "var a=1;" * rng.randint(100, 6000) + "})();", resource_type="script")
            elif kind < 0.75:
                e = entry(t, "GET", f"{APP}/notes/{n}?_rsc=abc{n}", 200, "text/x-component",
                          body='0:["$","div",null,{"children":"' + "note " * rng.randint(10, 800) + '"}]\n',
                          req_headers=[("rsc", "1"), ("next-router-state-tree", "%5B%22%22%5D")])
            else:
                e = entry(t, "GET", f"{APP}/api/items?page={n}", 200, "application/json",
                          body=json.dumps({"items": [{"id": i, "title": "item " * 5} for i in range(rng.randint(1, 60))]}))
            text = ("" if first else ",\n") + json.dumps(e, separators=(",", ":"))
            first = False
            f.write(text)
            written += len(text)
            n += 1
        f.write("\n    ]\n  }\n}\n")
    print(f"{args.out}: {n} entries, {written / 1048576:.1f} MiB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
