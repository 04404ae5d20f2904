#!/usr/bin/env bash
# Peak memory and CPU of a long `authkit-doctor watch` on a busy page: a local page that fetches
# every 50 ms and logs to the console every 500 ms (about 6,000 requests in 5 minutes), watched
# headless. Prints the watch process's own peak RSS (VmHWM, Chromium not included), its CPU time,
# and how many entries it recorded.
#
#   bench/watch-memory.sh [SECONDS] [BINARY]      default: 300 s, target/release/authkit-doctor
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-300}
bin=${2:-target/release/authkit-doctor}
port=47990
[ -x "$bin" ] || cargo build --release --locked
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
python3 - "$port" <<'PY' &
import http.server, socketserver, sys
PAGE = b"<script>let n=0; setInterval(()=>{ fetch('/ping?n='+(n++)); if(n%10==0) console.log('tick '+n); }, 50);</script>"
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_GET(self):
        body = b"ok" if self.path.startswith("/ping") else PAGE
        self.send_response(200)
        self.send_header("Content-Type", "text/plain" if self.path.startswith("/ping") else "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a): pass
class T(socketserver.ThreadingMixIn, socketserver.TCPServer):
    allow_reuse_address = True
    daemon_threads = True
T(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
PY
server=$!
sleep 0.5
"$bin" watch "http://127.0.0.1:$port/" --headless --for "${secs}s" --format json --quiet >"$work/out.json" 2>"$work/err" &
pid=$!
peak=0
while kill -0 "$pid" 2>/dev/null; do
  hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
  cpu=$(awk '{print $14+$15}' "/proc/$pid/stat" 2>/dev/null || echo "$cpu")
  [ "${hwm:-0}" -gt "$peak" ] && peak=$hwm
  sleep 1
done
wait "$pid" || true
ticks=$(getconf CLK_TCK)
entries=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['watch']['entries'])" "$work/out.json")
echo "watch for ${secs} s: ${entries} entries recorded, peak RSS $((peak / 1024)) MiB, CPU $(python3 -c "print(round(${cpu:-0}/${ticks}, 1))") s"
