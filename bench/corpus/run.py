#!/usr/bin/env python3
"""Runs `authkit-doctor check` over the real-world corpus and measures precision.

Usage: bench/corpus/run.py CORPUS_DIR [--bin PATH] [--unreviewed-tsv FILE] [--all]

CORPUS_DIR holds one work tree per project, named `<owner>__<name>` (see projects.tsv for the
repositories and the pinned commits; fetch them yourself — none of their code is kept here).
Every error and warning finding is looked up in reviews.tsv (repo, rule, file, line, verdict,
reason), where a person who read the project's code marked it `right`, `wrong` or `debatable`.
Prints precision = right / (right + wrong), the per-project counts, and every finding nobody
has reviewed yet (or writes them as review rows to --unreviewed-tsv, verdict left as `?`).
Not part of .ci/run: the corpus needs the network to fetch.
"""
import argparse
import csv
import json
import os
import subprocess
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def read_tsv(name):
    path = os.path.join(HERE, name)
    if not os.path.exists(path):
        return []
    with open(path, newline="") as f:
        return [row for row in csv.DictReader(f, delimiter="\t") if not row.get("repo", "").startswith("#")]


def run_check(binary, tree):
    proc = subprocess.run([binary, "check", tree, "--format", "json"], capture_output=True, text=True, timeout=300)
    if proc.returncode == 2 and "no AuthKit or Convex project" in proc.stderr:
        return {"findings": [], "no_project": True}, None
    if proc.returncode not in (0, 1):
        return None, proc.stderr.strip().splitlines()[-1:] or [f"exit {proc.returncode}"]
    return json.loads(proc.stdout), None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus")
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "authkit-doctor"))
    ap.add_argument("--unreviewed-tsv", help="write unreviewed findings here as review rows")
    ap.add_argument("--all", action="store_true", help="list every finding, reviewed or not")
    args = ap.parse_args()

    projects = read_tsv("projects.tsv")
    reviews = {}
    for r in read_tsv("reviews.tsv"):
        reviews[(r["repo"], r["rule"], r["file"], str(r["line"]))] = r
    counts = Counter()
    per_project = defaultdict(Counter)
    unreviewed = []
    seen_keys = set()
    for p in projects:
        repo = p["repo"]
        tree = os.path.join(args.corpus, repo.replace("/", "__"))
        if not os.path.isdir(tree):
            print(f"skip {repo}: no work tree at {tree}", file=sys.stderr)
            counts["missing"] += 1
            continue
        report, err = run_check(args.bin, tree)
        if report is None:
            print(f"{repo}: check failed: {err}", file=sys.stderr)
            counts["failed"] += 1
            continue
        counts["projects"] += 1
        counts["no project found"] += bool(report.get("no_project"))
        for f in report["findings"]:
            if f["severity"] not in ("error", "warning"):
                counts["info"] += 1
                continue
            key = (repo, f["rule"], f.get("file", "-"), str(f.get("line", 0)))
            seen_keys.add(key)
            review = reviews.get(key)
            verdict = review["verdict"] if review else "unreviewed"
            counts[verdict] += 1
            counts[f["severity"] + ":" + verdict] += 1
            per_project[repo][verdict] += 1
            if review is None or args.all:
                unreviewed.append((key, f, verdict))
    right, wrong = counts["right"], counts["wrong"]
    print(f"projects checked: {counts['projects']} ({counts['no project found']} with no AuthKit app or Convex dir; missing {counts['missing']}, failed {counts['failed']})")
    print(f"error+warning findings: {right + wrong + counts['debatable'] + counts['unreviewed']}"
          f"  right {right}  wrong {wrong}  debatable {counts['debatable']}  unreviewed {counts['unreviewed']}"
          f"  (info findings: {counts['info']})")
    for sev in ("error", "warning"):
        r, w = counts[sev + ":right"], counts[sev + ":wrong"]
        if r + w:
            print(f"  {sev}s: right {r}  wrong {w}  precision {r / (r + w):.1%}")
    if right + wrong:
        print(f"precision: {right / (right + wrong):.1%}")
    stale = [k for k in reviews if k not in seen_keys and any(p["repo"] == k[0] for p in projects)]
    if stale:
        print(f"reviews no longer matched by a finding: {len(stale)}")
        for k in stale:
            print("  stale: " + "  ".join(k) + f"  [{reviews[k]['verdict']}]")
    for repo in sorted(per_project):
        c = per_project[repo]
        print(f"  {repo}: " + ", ".join(f"{k} {v}" for k, v in sorted(c.items())))
    if unreviewed:
        print(f"\n{'findings' if args.all else 'unreviewed findings'}:")
        for (repo, rule, file, line), f, verdict in unreviewed:
            print(f"  [{verdict}] {repo} {f['severity']} {rule} {file}:{line}  {f['message']}")
    if args.unreviewed_tsv:
        with open(args.unreviewed_tsv, "w", newline="") as out:
            w = csv.writer(out, delimiter="\t", lineterminator="\n")
            w.writerow(["repo", "rule", "file", "line", "verdict", "reason", "message"])
            for (repo, rule, file, line), f, verdict in unreviewed:
                w.writerow([repo, rule, file, line, "?", "", f["message"]])


if __name__ == "__main__":
    main()
