#!/usr/bin/env bash
# bench/har.sh - how fast, and in how much memory, does `authkit-doctor har`
# read a large HAR, compared with `jq '.log.entries | length'` on the same file?
#
#   bench/har.sh [--size-mb N] [--runs R] [--keep] [--bin PATH] [--no-jq]
#
# Measures (docs/har-and-logs.md explains how to read the output):
#   1. mean wall time of `authkit-doctor har FILE --format json` on a generated
#      HAR of N MiB (default 512; bench/gen_har.py), and its throughput,
#   2. mean wall time of `jq '.log.entries | length' FILE`, and the ratio 2/1
#      (goal: har >= 10x faster),
#   3. peak RSS of one run of each (goal for har: < 100 MiB).
#
# This is a measurement, not a test: it exits 0 when goals are missed, and
# non-zero only when something could not be run (build failure, the tool
# exiting with status >= 2, a wrong answer, ...).
set -uo pipefail

SIZE=512
RUNS=3
KEEP=0
BIN=""
JQ=1

usage() { sed -n '2,/^set -uo/p' "$0" | sed -e '/^set -uo/d' -e 's/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --size-mb) SIZE=${2:?--size-mb needs a value}; shift 2 ;;
    --runs) RUNS=${2:?--runs needs a value}; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --bin) BIN=${2:?--bin needs a value}; shift 2 ;;
    --no-jq) JQ=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1 (try --help)" >&2; exit 2 ;;
  esac
done
[[ $SIZE =~ ^[0-9]+$ && $RUNS =~ ^[0-9]+$ ]] || { echo "--size-mb and --runs take numbers" >&2; exit 2; }
(( RUNS >= 1 )) || { echo "--runs must be >= 1" >&2; exit 2; }

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
CACHE="$BENCH_DIR/.cache"
GEN="$BENCH_DIR/gen_har.py"
PY=$(command -v python3 || command -v python || true)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/authkit-doctor-har-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }
[[ -n $PY ]] || die "python3 is required (generator, timing, report)"
[[ -f $BENCH_DIR/.gitignore ]] || printf '.cache/\n' > "$BENCH_DIR/.gitignore"

# 1. The tool.
if [[ -z $BIN ]]; then
  log "cargo build --release"
  (cd "$ROOT" && cargo build --release --quiet) || die "cargo build --release failed"
  BIN="$ROOT/target/release/authkit-doctor"
fi
[[ -x $BIN ]] || die "no executable at $BIN"
if (( JQ )) && ! command -v jq >/dev/null 2>&1; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    log "installing jq"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq >/dev/null 2>&1; }
  fi
  command -v jq >/dev/null 2>&1 || { echo "warning: jq not available; measuring har only" >&2; JQ=0; }
fi

# 2. The HAR: reused from bench/.cache when made by this generator with this size.
STAMP="gen=$(cksum < "$GEN") size=$SIZE"
HAR="$CACHE/bench-$SIZE.har"
if [[ -f $HAR && -f $HAR.stamp && $(cat "$HAR.stamp") == "$STAMP" ]]; then
  log "reusing $HAR"
else
  if (( KEEP )); then mkdir -p "$CACHE"; else HAR="$WORK/bench-$SIZE.har"; fi
  log "generating a $SIZE MiB HAR"
  "$PY" "$GEN" "$HAR" --size-mb "$SIZE" || die "generating the HAR failed"
  (( KEEP )) && printf '%s\n' "$STAMP" > "$HAR.stamp"
fi
BYTES=$(wc -c < "$HAR" | tr -d ' ')

# 3. Sanity: both tools read the file, and agree on the number of entries.
HAR_CMD=("$BIN" har "$HAR" --format json)
JQ_CMD=(jq '.log.entries | length' "$HAR")
"${HAR_CMD[@]}" > "$WORK/har.json" 2> "$WORK/har.err"
st=$?
(( st <= 1 )) || { sed -n '1,10p' "$WORK/har.err" >&2; die "har exited with status $st"; }
ENTRIES=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["har"]["entries"])' "$WORK/har.json") \
  || die "har printed no valid JSON"
if (( JQ )); then
  JQ_ENTRIES=$("${JQ_CMD[@]}") || die "jq failed"
  [[ $JQ_ENTRIES == "$ENTRIES" ]] || die "entries: har says $ENTRIES, jq says $JQ_ENTRIES"
fi

# 4. Timing (hot page cache: one untimed run above) and peak RSS.
measure() {  # measure NAME CMD... -> $WORK/NAME.json {"times": [...], "rss_kib": N}
  local name=$1; shift
  log "timing $name ($RUNS runs)"
  "$PY" - "$RUNS" "$WORK/$name.json" "$@" <<'PY' || return 1
import json, re, subprocess, sys, time
runs, out, argv = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
times, rss = [], 0
for _ in range(runs):
    t0 = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-v", *argv], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    times.append(time.perf_counter() - t0)
    if p.returncode > 1:
        sys.exit(f"{argv[0]} exited with status {p.returncode}")
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
    rss = max(rss, int(m.group(1)) if m else 0)
json.dump({"times": times, "rss_kib": rss}, open(out, "w"))
PY
}
[[ -x /usr/bin/time ]] || die "/usr/bin/time is needed for peak RSS (apt-get install time)"
measure har "${HAR_CMD[@]}" || die "timing har failed"
if (( JQ )); then measure jq "${JQ_CMD[@]}" || die "timing jq failed"; fi

# 5. Report.
"$PY" - "$WORK" "$BYTES" "$ENTRIES" "$HAR" "$BIN" "$RUNS" <<'PY'
import json, os, platform, statistics, subprocess, sys
work, size, entries, har, binary, runs = sys.argv[1:7]
size = int(size)
def load(n):
    p = os.path.join(work, n + ".json")
    return json.load(open(p)) if os.path.exists(p) else None
def version(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True).stdout.strip().splitlines()[0]
    except Exception:
        return "?"
h, j = load("har"), load("jq")
mib = size / 1048576
print("authkit-doctor har benchmark")
print(f"  machine : {os.cpu_count()} cpus, {platform.system()} {platform.release()}")
print(f"  file    : {har}")
print(f"            {mib:.1f} MiB, {entries} entries (bench/gen_har.py)")
print(f"  tools   : {binary}; {version(['jq', '--version']) if j else 'jq not run'}; {runs} timed runs each, hot cache")
print()
print("  measurement                 value              goal        result")
print("  " + "-" * 68)
hm = statistics.mean(h["times"])
hs = statistics.stdev(h["times"]) if len(h["times"]) > 1 else 0.0
print(f"  har, wall time          {hm * 1000:9.0f} ms ± {hs * 1000:.0f}")
print(f"  har, throughput         {mib / hm:9.0f} MiB/s")
if j:
    jm = statistics.mean(j["times"])
    js = statistics.stdev(j["times"]) if len(j["times"]) > 1 else 0.0
    ratio = jm / hm
    print(f"  jq, wall time           {jm * 1000:9.0f} ms ± {js * 1000:.0f}")
    print(f"  jq, throughput          {mib / jm:9.0f} MiB/s")
    print(f"  speed-up har vs jq      {ratio:9.1f} x          >= 10x      {'met' if ratio >= 10 else 'MISSED'}")
rss = h["rss_kib"] / 1024
print(f"  peak RSS, har           {rss:9.1f} MiB        < 100 MiB   {'met' if rss < 100 else 'MISSED'}")
if j:
    print(f"  peak RSS, jq            {j['rss_kib'] / 1024:9.1f} MiB")
print("  " + "-" * 68)
PY
