#!/usr/bin/env bash
# bench/scaling.sh - does `authkit-doctor logs` and the .env path of `check` grow linearly?
#
#   bench/scaling.sh [--bin PATH] [--quick]
#
# Measures, each input size once (hot cache), wall time and peak RSS (/usr/bin/time -v):
#   1. `logs FILE --format json` on N copies of one matching line (57 bytes), N doubling from
#      20k to 1.28M, plus exactly one million lines (goal: about 1 s, < 100 MiB),
#   2. `check` on a project whose .env.local holds a WORKOS_COOKIE_PASSWORD quoted over L
#      lines followed by a WORKOS_API_KEY of S MB: L doubling from 1,000 to 64,000 at S = 5
#      (64,000 took 30 s before the fix), then S doubling at L = 1000 (the shapes issue 13
#      measured at 15 s and 55 s).
# For each step it prints the ratio to the previous one: about 2 for a doubling means linear,
# about 4 quadratic. This is a measurement, not a test: it exits 0 when goals are missed, and
# non-zero only when something could not be run.
set -uo pipefail

BIN=""
QUICK=0
usage() { sed -n '2,/^set -uo/p' "$0" | sed -e '/^set -uo/d' -e 's/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --bin) BIN=${2:?--bin needs a value}; shift 2 ;;
    --quick) QUICK=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1 (try --help)" >&2; exit 2 ;;
  esac
done

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
PY=$(command -v python3 || true)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/authkit-doctor-scaling.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
die() { printf 'error: %s\n' "$*" >&2; exit 1; }
[[ -n $PY ]] || die "python3 is required (generator, timing, report)"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is needed for peak RSS (apt-get install time)"
if [[ -z $BIN ]]; then
  printf '==> cargo build --release\n' >&2
  (cd "$ROOT" && cargo build --release --quiet) || die "cargo build --release failed"
  BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/authkit-doctor"
fi
[[ -x $BIN ]] || die "no executable at $BIN"

"$PY" - "$BIN" "$WORK" "$QUICK" <<'PY'
import json, os, re, subprocess, sys, time

binary, work, quick = sys.argv[1], sys.argv[2], sys.argv[3] == "1"

def measure(argv):
    t0 = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-v", binary, *argv], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - t0
    if p.returncode > 1:
        sys.exit(f"authkit-doctor {' '.join(argv[:2])} exited with status {p.returncode}:\n{p.stderr[-2000:]}")
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
    return elapsed, (int(m.group(1)) if m else 0) / 1024

def table(title, unit, rows):
    print(title)
    print(f"  {unit:>12}  {'input MiB':>10}  {'time':>9}  {'ratio':>6}  {'peak RSS':>10}")
    prev = None
    for size, mib, t, rss in rows:
        ratio = f"{t / prev:6.2f}" if prev else "     -"
        print(f"  {size:>12}  {mib:10.1f}  {t * 1000:7.0f}ms  {ratio}  {rss:7.1f} MiB")
        prev = t
    print()

# 1. logs
line = "[CONVEX] No auth provider found matching the given token\n"
counts = [20_000, 40_000, 80_000, 160_000] if quick else [20_000, 40_000, 80_000, 160_000, 320_000, 640_000, 1_280_000]
rows = []
for n in counts:
    path = os.path.join(work, f"repeat-{n}.log")
    with open(path, "w") as f:
        f.write(line * n)
    t, rss = measure(["logs", path, "--format", "json"])
    rows.append((n, os.path.getsize(path) / 1048576, t, rss))
    os.remove(path)
table("logs: N copies of one matching line (ratio per doubling: 2 = linear, 4 = quadratic)", "lines", rows)
if not quick:
    path = os.path.join(work, "million.log")
    with open(path, "w") as f:
        f.write(line * 1_000_000)
    t, rss = measure(["logs", path, "--format", "json"])
    size = os.path.getsize(path) / 1048576
    print(f"logs, one million matching lines ({size:.0f} MiB): {t * 1000:.0f} ms, peak RSS {rss:.1f} MiB"
          f"   goal ~1 s: {'met' if t < 1.5 else 'MISSED'}, < 100 MiB: {'met' if rss < 100 else 'MISSED'}\n")
    os.remove(path)

# 2. .env files
def env_project(lines, mb):
    root = os.path.join(work, f"env-{lines}-{mb}")
    os.makedirs(os.path.join(root, "convex"), exist_ok=True)
    with open(os.path.join(root, "package.json"), "w") as f:
        json.dump({"dependencies": {"convex": "^1.29.0", "@workos-inc/authkit-react": "^0.16.0", "react": "^19.0.0"}}, f)
    with open(os.path.join(root, "convex", "auth.config.ts"), "w") as f:
        f.write("export default { providers: [] };\n")
    with open(os.path.join(root, ".env.local"), "w") as f:
        f.write('WORKOS_COOKIE_PASSWORD="')
        f.write("".join(f"line-{i:08d}-of-the-value\n" for i in range(lines)))
        f.write('"\nWORKOS_API_KEY="' + "x" * (mb * 1_000_000) + '"\n')
    return root

def env_rows(shapes):
    rows = []
    for lines, mb in shapes:
        root = env_project(lines, mb)
        t, rss = measure(["check", root])
        rows.append((f"{lines} x {mb}MB", os.path.getsize(os.path.join(root, ".env.local")) / 1048576, t, rss))
        subprocess.run(["rm", "-rf", root])
    return rows

lines = [1000, 2000, 4000, 8000] if quick else [1000, 2000, 4000, 8000, 16000, 32000, 64000]
table(".env: a quoted value over L lines, then a 5 MB value (check)", "L x S", env_rows([(n, 5) for n in lines]))
sizes = [1, 2, 4] if quick else [1, 2, 4, 8]
table(".env: a 1000-line quoted value, then an S MB value (check; files over 8 MiB are not read)", "L x S",
      env_rows([(1000, s) for s in sizes]))
PY
