#!/usr/bin/env bash
# bench/check.sh - how fast is `authkit-doctor check` on a big monorepo,
# compared with a plain `rg -l` over the same tree?
#
#   bench/check.sh [--files N] [--keep] [--runs R] [--warmup W] [--bin PATH]
#
# Measures (see bench/README.md for how to read the output):
#   1. mean time of `authkit-doctor check DIR --format json --quiet` on a
#      generated monorepo of N .ts/.tsx files (default 20000),
#   2. mean time of `rg -l -e getSignInUrl -e ConvexProvider -e process.env
#      -e import.meta.env DIR` on the same tree, and the ratio 1/2
#      (goal: <= 1.5x),
#   3. mean time of `check` on one template-sized project (goal: < 50 ms),
#   4. peak RSS of one `check` run on the big tree.
#
# This is a measurement, not a test: it exits 0 when goals are missed, and
# non-zero only when something could not be run (build failure, missing rg,
# the tool exiting with status >= 2, ...).
#
# Deliberately no `set -e`: `check` exits 1 when it finds problems, which is
# a normal outcome here; every exit status is looked at explicitly instead.
set -uo pipefail

# ---------------------------------------------------------------------------
# Options
# ---------------------------------------------------------------------------
FILES=20000
KEEP=0
RUNS=10
WARMUP=3
BIN=""

usage() {
  sed -n '2,/^set -uo/p' "$0" | sed -e '/^set -uo/d' -e 's/^# \{0,1\}//'
  cat <<'EOF'
Options:
  --files N    .ts/.tsx files in the generated monorepo (default 20000)
  --keep       keep generated trees in bench/.cache/ for the next run
               (a tree already in bench/.cache/ is always reused)
  --runs R     timed runs per command, at least 5 (default 10)
  --warmup W   untimed warm-up runs per command (default 3)
  --bin PATH   time this authkit-doctor binary instead of building
               target/release/authkit-doctor
EOF
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --files) FILES=${2:?--files needs a value}; shift 2 ;;
    --files=*) FILES=${1#*=}; shift ;;
    --keep) KEEP=1; shift ;;
    --runs) RUNS=${2:?--runs needs a value}; shift 2 ;;
    --runs=*) RUNS=${1#*=}; shift ;;
    --warmup) WARMUP=${2:?--warmup needs a value}; shift 2 ;;
    --warmup=*) WARMUP=${1#*=}; shift ;;
    --bin) BIN=${2:?--bin needs a value}; shift 2 ;;
    --bin=*) BIN=${1#*=}; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1 (try --help)" >&2; exit 2 ;;
  esac
done
for v in FILES RUNS WARMUP; do
  [[ ${!v} =~ ^[0-9]+$ ]] || { echo "--${v,,} must be a number" >&2; exit 2; }
done
(( RUNS >= 5 )) || { echo "--runs must be >= 5" >&2; exit 2; }

# ---------------------------------------------------------------------------
# Paths and helpers
# ---------------------------------------------------------------------------
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
CACHE="$BENCH_DIR/.cache"
GEN="$BENCH_DIR/gen_monorepo.py"
PY=$(command -v python3 || command -v python || true)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/authkit-doctor-bench.XXXXXX")
RES="$WORK/results"          # one JSON file per measurement, read at the end
mkdir -p "$RES"
trap 'rm -rf "$WORK"' EXIT

# A user's ripgrep config (RIPGREP_CONFIG_PATH) could add flags to every run.
unset RIPGREP_CONFIG_PATH

FAILURES=()
if [[ -t 2 ]]; then B=$'\033[1m' R=$'\033[0m'; else B="" R=""; fi
log()  { printf '%s==>%s %s\n' "$B" "$R" "$*" >&2; }
warn() { printf 'warning: %s\n' "$*" >&2; }
fail() { printf 'FAILED: %s\n' "$*" >&2; FAILURES+=("$*"); }
die()  { printf 'error: %s\n' "$*" >&2; exit 1; }

[[ -n $PY ]] || die "python3 is required (for the generator and the report)"

# The cache must never be committed; recreate bench/.gitignore if it is gone.
[[ -f $BENCH_DIR/.gitignore ]] || printf '.cache/\n' > "$BENCH_DIR/.gitignore"

# ---------------------------------------------------------------------------
# 1. Build the tool
# ---------------------------------------------------------------------------
if [[ -z $BIN ]]; then
  log "cargo build --release"
  (cd "$ROOT" && cargo build --release) || die "cargo build --release failed"
  BIN="$ROOT/target/release/authkit-doctor"
fi
[[ -x $BIN ]] || die "no executable at $BIN"

# ---------------------------------------------------------------------------
# 2. ripgrep and hyperfine
# ---------------------------------------------------------------------------
apt_install() {  # apt_install PKG - only as root, only if apt-get exists
  [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1 || return 1
  local q=(env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1")
  "${q[@]}" >/dev/null 2>&1 && return 0
  # A fresh machine often has empty package lists: update once, retry.
  if [[ -z ${APT_UPDATED:-} ]]; then
    APT_UPDATED=1
    apt-get update -qq >/dev/null 2>&1 || return 1
    "${q[@]}" >/dev/null 2>&1 && return 0
  fi
  return 1
}

if ! command -v rg >/dev/null 2>&1; then
  log "installing ripgrep"
  if ! apt_install ripgrep; then
    warn "apt-get could not install ripgrep; trying cargo install ripgrep --locked"
    cargo install ripgrep --locked >&2 || true
    export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
  fi
fi
command -v rg >/dev/null 2>&1 || die "ripgrep (rg) is not available and could not be installed"

# BENCH_NO_HYPERFINE=1 forces the Python timing loop (to test it, or to
# compare the two timers).
HYPERFINE=""
if [[ -n ${BENCH_NO_HYPERFINE:-} ]]; then
  :
elif command -v hyperfine >/dev/null 2>&1 || { log "installing hyperfine"; apt_install hyperfine; }; then
  HYPERFINE=$(command -v hyperfine || true)
fi
if [[ -z $HYPERFINE ]]; then
  warn "hyperfine not available; timing with a Python loop instead"
fi

# ---------------------------------------------------------------------------
# 3. The trees
# ---------------------------------------------------------------------------
# prepare_tree NAME GEN_ARGS... -> prints the tree's path.
# Reuses bench/.cache/NAME when it was made by this very generator with the
# same arguments (a .stamp file next to it records that); otherwise generates
# into the temp dir, or into bench/.cache/ with --keep.
GEN_SUM=$(cksum < "$GEN")
prepare_tree() {
  local name=$1; shift
  local cached="$CACHE/$name" stamp="$CACHE/$name.stamp"
  local want="gen=$GEN_SUM args=$*"
  if [[ -d $cached && ! -f $stamp ]]; then
    # Made by hand (e.g. `gen_monorepo.py bench/.cache/monorepo-N`): trust it.
    log "reusing $cached (no .stamp: assuming it matches the current generator)"
    echo "$cached"; return 0
  fi
  if [[ -d $cached && $(cat "$stamp") == "$want" ]]; then
    log "reusing $cached"
    echo "$cached"; return 0
  fi
  [[ -d $cached ]] && warn "$cached is stale (other generator version or arguments); not reusing it"
  local dest="$WORK/$name"
  if (( KEEP )); then
    mkdir -p "$CACHE"
    dest="$cached.tmp.$$"     # renamed only once complete
  fi
  log "generating $name"
  "$PY" "$GEN" "$dest" --force "$@" >&2 || return 1
  if (( KEEP )); then
    rm -rf "$cached" && mv "$dest" "$cached" && printf '%s\n' "$want" > "$stamp" || return 1
    dest=$cached
  fi
  echo "$dest"
}

BIG=$(prepare_tree "monorepo-$FILES" --files "$FILES") || die "generating the monorepo failed"
if [[ -d $ROOT/examples/nextjs-correct ]]; then
  SMALL="$ROOT/examples/nextjs-correct"
  SMALL_LABEL="examples/nextjs-correct"
else
  SMALL=$(prepare_tree "single-40" --files 40 --layout single) || die "generating the small project failed"
  SMALL_LABEL="generated Next.js + Convex app, 40 files"
fi

# Tree facts for the report (what the tools are supposed to look at).
tree_info() {  # tree_info DIR OUT.json
  "$PY" - "$1" "$2" <<'PY'
import json, os, sys
root, out = sys.argv[1], sys.argv[2]
ignored = {"node_modules", ".next", "dist", ".git"}
n = size = nign = 0
for d, dirs, files in os.walk(root):
    skip = [x for x in dirs if x in ignored]
    for x in skip:
        dirs.remove(x)
        if x != ".git":
            for d2, _, f2 in os.walk(os.path.join(d, x)):
                nign += len(f2)
    for f in files:
        if f.endswith((".ts", ".tsx")):
            n += 1
            size += os.path.getsize(os.path.join(d, f))
json.dump({"ts_files": n, "ts_bytes": size, "ignored_files": nign}, open(out, "w"))
PY
}
tree_info "$BIG" "$RES/tree_big.json"
tree_info "$SMALL" "$RES/tree_small.json"

# ---------------------------------------------------------------------------
# 4. Timing
# ---------------------------------------------------------------------------
# sanity_run NAME MAX_OK CMD... - run once; exit status > MAX_OK is a failure
# (for `check`: 1 = "found problems" is fine, 2/3 = usage/internal error).
sanity_run() {
  local name=$1 max_ok=$2; shift 2
  "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"
  local st=$?
  echo "$st" > "$RES/$name.exit"
  if (( st > max_ok )); then
    fail "$name: '$*' exited with status $st"
    sed -n '1,15p' "$WORK/$name.err" | sed 's/^/    /' >&2
    return 1
  fi
  return 0
}

# time_cmd NAME RUNS MAX_OK CMD... - writes $RES/NAME.json, hyperfine's format.
time_cmd() {
  local name=$1 runs=$2 max_ok=$3; shift 3
  log "timing $name ($WARMUP warm-up + $runs runs)"
  if [[ -n $HYPERFINE ]]; then
    # -N: no intermediate shell (its start-up noise would matter for the
    # small project).  -i: `check` exits 1 when it finds problems, which must
    # not abort the benchmark; the exit codes are checked afterwards instead,
    # so a run exiting >= 2 still fails.  hyperfine splits the command line
    # shell-style, hence the %q quoting.
    "$HYPERFINE" -N -i --style basic --warmup "$WARMUP" --runs "$runs" \
      --command-name "$name" --export-json "$RES/$name.json" "$(printf '%q ' "$@")" 2>&1 \
      | grep -v 'Ignoring non-zero exit code' >&2
    if [[ ${PIPESTATUS[0]} -ne 0 || ! -s $RES/$name.json ]]; then
      fail "$name: hyperfine failed"; rm -f "$RES/$name.json"; return 1
    fi
    local bad
    bad=$("$PY" -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]
print(" ".join(str(c) for c in r.get("exit_codes", []) if c is None or c > int(sys.argv[2])))' \
      "$RES/$name.json" "$max_ok")
    if [[ -n $bad ]]; then
      fail "$name: timed runs exited with status $bad"; rm -f "$RES/$name.json"; return 1
    fi
  else
    "$PY" - "$WARMUP" "$runs" "$max_ok" "$RES/$name.json" "$@" <<'PY' \
      || { fail "$name: a timed run failed"; rm -f "$RES/$name.json"; return 1; }
import json, statistics, subprocess, sys, time
warmup, runs, max_ok, out = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
argv = sys.argv[5:]
times = []
for i in range(warmup + runs):
    t0 = time.perf_counter()
    rc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    dt = time.perf_counter() - t0
    if rc > max_ok or rc < 0:
        sys.exit(f"run {i + 1}: exit status {rc}")
    if i >= warmup:
        times.append(dt)
res = {"mean": statistics.mean(times), "stddev": statistics.stdev(times),
       "median": statistics.median(times), "min": min(times), "max": max(times),
       "times": times}
json.dump({"results": [res]}, open(out, "w"))
print(f"  {argv[0]}: mean {res['mean'] * 1000:.1f} ms ± {res['stddev'] * 1000:.1f} ms "
      f"(min {res['min'] * 1000:.1f}, max {res['max'] * 1000:.1f}, {runs} runs)", file=sys.stderr)
PY
  fi
}

# peak_rss NAME MAX_OK CMD... - writes $RES/NAME.rss (KiB) from one run.
peak_rss() {
  local name=$1 max_ok=$2; shift 2
  local kib="" st
  if [[ -x /usr/bin/time ]] && /usr/bin/time -v true >/dev/null 2>&1; then
    /usr/bin/time -v "$@" >/dev/null 2>"$WORK/$name.time"
    st=$?
    kib=$(sed -n 's/.*Maximum resident set size (kbytes): *\([0-9]*\).*/\1/p' "$WORK/$name.time")
  fi
  if [[ -z $kib ]]; then
    # ru_maxrss (KiB on Linux) of the child.  Caveat: a child forked from
    # Python keeps Python's own peak RSS across exec, so ru_maxrss is only
    # the child's when it exceeds ours; below that, use the peak of the
    # child's VmHWM sampled from /proc while it runs.
    read -r st kib < <("$PY" - "$@" <<'PY'
import resource, subprocess, sys, time
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
hwm = 0
while p.poll() is None:
    try:
        with open(f"/proc/{p.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    hwm = max(hwm, int(line.split()[1]))
    except OSError:
        pass
    time.sleep(0.001)
ru = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(p.returncode, ru if ru > own or not hwm else hwm)
PY
)
  fi
  if [[ -z ${st:-} ]] || (( st > max_ok )); then
    fail "$name: exit status ${st:-?} while measuring peak RSS"
    return 1
  fi
  echo "$kib" > "$RES/$name.rss"
}

CHECK_BIG=("$BIN" check "$BIG" --format json --quiet)
CHECK_SMALL=("$BIN" check "$SMALL" --format json --quiet)
RG_BIG=(rg -l -e getSignInUrl -e ConvexProvider -e process.env -e import.meta.env "$BIG")

# rg exits 1 when nothing matches; allowed, but the report flags it.
if sanity_run rg 1 "${RG_BIG[@]}"; then
  wc -l < "$WORK/rg.out" | tr -d ' ' > "$RES/rg.matches"
  time_cmd rg "$RUNS" 1 "${RG_BIG[@]}"
  peak_rss rg 1 "${RG_BIG[@]}"
fi
if sanity_run check 1 "${CHECK_BIG[@]}"; then
  time_cmd check "$RUNS" 1 "${CHECK_BIG[@]}"
  peak_rss check 1 "${CHECK_BIG[@]}"
fi
# A fast command needs more runs for a stable mean.
if sanity_run check_small 1 "${CHECK_SMALL[@]}"; then
  time_cmd check_small $(( RUNS * 3 )) 1 "${CHECK_SMALL[@]}"
fi

# Was the JSON output parseable?  Reported, not a failure: this is a timing script.
for n in check check_small; do
  if [[ -f $RES/$n.exit ]] && (( $(cat "$RES/$n.exit") <= 1 )) && ! "$PY" -c 'import json,sys; json.load(open(sys.argv[1]))' "$WORK/$n.out" 2>/dev/null; then
    echo "not valid JSON ($(wc -c < "$WORK/$n.out") bytes on stdout)" > "$RES/$n.jsonnote"
  fi
done

# ---------------------------------------------------------------------------
# 5. Report
# ---------------------------------------------------------------------------
"$PY" - "$RES" "$BIG" "$SMALL_LABEL" "$BIN" "${HYPERFINE:-python loop}" "$RUNS" "$WARMUP" <<'PY'
import json, os, platform, subprocess, sys
res, big, small_label, binary, timer, runs, warmup = sys.argv[1:8]

def load(name):
    p = os.path.join(res, name + ".json")
    return json.load(open(p))["results"][0] if os.path.exists(p) else None

def text(name, suffix):
    p = os.path.join(res, f"{name}.{suffix}")
    return open(p).read().strip() if os.path.exists(p) else None

def ms(r):
    return f"{r['mean'] * 1000:8.1f} ms ± {r['stddev'] * 1000:.1f}" if r else "     n/a"

def mib(kib):
    return f"{int(kib) / 1024:8.1f} MiB" if kib else "     n/a"

def version(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True).stdout.splitlines()[0]
    except Exception:
        return "?"

tb, ts = json.load(open(os.path.join(res, "tree_big.json"))), json.load(open(os.path.join(res, "tree_small.json")))
chk, rg, small = load("check"), load("rg"), load("check_small")

print()
print("authkit-doctor benchmark")
print(f"  machine : {os.cpu_count()} cpus, {platform.system()} {platform.release()}")
print(f"  tools   : {binary}")
print(f"            {version(['rg', '--version'])}; timer: {os.path.basename(timer)}, "
      f"{warmup} warm-up + {runs} runs")
print(f"  big tree: {big}")
print(f"            {tb['ts_files']} .ts/.tsx files, {tb['ts_bytes'] / 2**20:.1f} MiB, "
      f"+ {tb['ignored_files']} git-ignored files (node_modules/, .next/, dist/)")
m = text("rg", "matches")
if m is not None:
    print(f"            rg -l matched {m} files" + ("  <- expected > 0!" if m == "0" else ""))
print(f"  small   : {small_label} ({ts['ts_files']} .ts/.tsx files)")
for n in ("check", "check_small"):
    code, note = text(n, "exit"), text(n, "jsonnote")
    if code is not None:
        print(f"  {n} exit status: {code}" + (f"; stdout {note}" if note else ""))
print()

rows = []  # (what, value, goal, verdict)
rows.append(("check, big tree", ms(chk), "", ""))
rows.append(("rg -l, big tree", ms(rg), "", ""))
if chk and rg:
    ratio = chk["mean"] / rg["mean"]
    rows.append(("ratio check / rg", f"{ratio:8.2f} x", "<= 1.5x", "met" if ratio <= 1.5 else "MISSED"))
else:
    rows.append(("ratio check / rg", "     n/a", "<= 1.5x", "n/a"))
if small:
    rows.append(("check, small project", ms(small), "< 50 ms", "met" if small["mean"] < 0.050 else "MISSED"))
else:
    rows.append(("check, small project", "     n/a", "< 50 ms", "n/a"))
rows.append(("peak RSS, check big tree", mib(text("check", "rss")), "", ""))
rows.append(("peak RSS, rg big tree", mib(text("rg", "rss")), "", ""))

w = [max(len(r[i]) for r in rows + [("measurement", "mean", "goal", "")]) for i in range(4)]
line = "  " + "-" * (sum(w) + 6 + len("result"))
print(f"  {'measurement':<{w[0]}}  {'mean':<{w[1]}}  {'goal':<{w[2]}}  result")
print(line)
for r in rows:
    print(f"  {r[0]:<{w[0]}}  {r[1]:<{w[1]}}  {r[2]:<{w[2]}}  {r[3]}")
print(line)
PY

if (( ${#FAILURES[@]} )); then
  echo >&2
  echo "Some commands failed to run (their rows show n/a):" >&2
  printf '  - %s\n' "${FAILURES[@]}" >&2
  exit 1
fi
exit 0
