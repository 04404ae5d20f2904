#!/usr/bin/env python3
"""Generate a large, deterministic, synthetic JS/TS monorepo for benchmarking.

    python3 bench/gen_monorepo.py OUT_DIR [--files N] [--seed S]
                                  [--layout monorepo|single] [--node-modules M]

The tree looks like a turbo + pnpm monorepo that uses WorkOS AuthKit and
Convex (see bench/README.md for the layout).  `--files N` is the number of
.ts/.tsx files in the *workspace* (node_modules/, .next/ and dist/ are extra
and git-ignored).  `--layout single` produces one template-sized Next.js +
Convex app instead (what `npm create convex -- -t nextjs-authkit` gives you),
used by bench/check.sh for the small-project timing.

Determinism: every byte of every generated file depends only on
(--files, --seed, --layout, --node-modules) and on this script.  Only lists
are iterated (never sets/dicts of str, whose order depends on PYTHONHASHSEED)
and all randomness comes from one random.Random(seed).  The `.git/` made by
`git init` is the one thing outside that guarantee (git writes its own
templates); it exists only so that both tools honour `.gitignore`.

Only the standard library is used; 20,000 files take a few seconds.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import subprocess
import sys
import time

# Bump when the output for a given seed changes, so caches can be invalidated.
GEN_VERSION = 1

# ---------------------------------------------------------------------------
# Vocabulary.  Plain lists (not sets) so iteration order is fixed.
# ---------------------------------------------------------------------------
NOUNS = [
    "account", "activity", "address", "alert", "analytics", "api", "asset",
    "audit", "avatar", "badge", "balance", "banner", "billing", "board",
    "booking", "budget", "calendar", "campaign", "card", "cart", "category",
    "channel", "chart", "checkout", "comment", "company", "contact", "contract",
    "coupon", "customer", "dashboard", "deal", "device", "document", "domain",
    "draft", "event", "feature", "feed", "file", "filter", "folder",
    "form", "goal", "group", "inbox", "rating", "shipping", "integration", "invite",
    "invoice", "issue", "item", "job", "label", "lead", "ledger", "license",
    "location", "log", "member", "message", "metric", "milestone", "note",
    "notification", "order", "organization", "page", "payment", "payout",
    "permission", "plan", "policy", "post", "preference", "price", "product",
    "profile", "project", "quote", "receipt", "record", "report", "request",
    "review", "role", "schedule", "search", "segment", "session", "setting",
    "shipment", "sprint", "status", "subscription", "survey", "tag", "task",
    "team", "template", "ticket", "timeline", "token", "transaction",
    "upload", "usage", "user", "vendor", "webhook", "widget", "workflow",
    "workspace",
]
ADJECTIVES = [
    "active", "archived", "basic", "compact", "current", "default", "detailed",
    "draft", "empty", "expanded", "featured", "filtered", "global", "inline",
    "latest", "linked", "local", "main", "mobile", "nested", "paged", "pending",
    "pinned", "primary", "private", "public", "quick", "recent", "remote",
    "secondary", "selected", "shared", "simple", "sorted", "stale", "sticky",
    "summary", "team", "unread", "visible",
]
VERBS = [
    "apply", "build", "calculate", "check", "clamp", "collect", "compare",
    "compute", "convert", "create", "decode", "derive", "encode", "ensure",
    "extract", "fetch", "filter", "find", "format", "group", "hydrate",
    "load", "map", "merge", "normalize", "parse", "pick", "prepare", "reduce",
    "render", "resolve", "sanitize", "serialize", "sort", "split", "sync",
    "to", "track", "transform", "update", "validate",
]
UI_SUFFIXES = [
    "Button", "Card", "Dialog", "Drawer", "Empty", "Form", "Grid", "Header",
    "Item", "List", "Menu", "Modal", "Panel", "Picker", "Popover", "Row",
    "Section", "Select", "Sheet", "Sidebar", "Skeleton", "Summary", "Table",
    "Tabs", "Toolbar", "Tooltip", "View",
]
FIELDS = [
    "id", "name", "title", "description", "status", "createdAt", "updatedAt",
    "ownerId", "amount", "currency", "email", "slug", "count", "priority",
    "dueDate", "tags", "url", "color", "position", "archived", "score",
]
FIELD_TYPES = [
    "string", "string", "string", "number", "boolean", "string | null",
    "number | undefined", "string[]", "Date", "Record<string, unknown>",
]
TW_CLASSES = [
    "flex items-center gap-2", "grid grid-cols-2 gap-4", "rounded-lg border p-4",
    "text-sm text-muted-foreground", "text-lg font-semibold", "mt-4 space-y-2",
    "inline-flex h-9 items-center px-3", "w-full max-w-md", "truncate",
    "bg-background shadow-sm", "divide-y", "hover:bg-accent", "sr-only",
    "px-6 py-4", "overflow-hidden", "justify-between", "text-xs uppercase",
]
NPM_IMPORTS = [  # (import line, names it binds)
    ('import clsx from "clsx";', ["clsx"]),
    ('import { z } from "zod";', ["z"]),
    ('import { format, parseISO } from "date-fns";', ["format", "parseISO"]),
    ('import { twMerge } from "tailwind-merge";', ["twMerge"]),
    ('import { useQuery, useMutation } from "convex/react";', ["useQuery", "useMutation"]),
    ('import { motion } from "framer-motion";', ["motion"]),
    ('import { ChevronRight, Loader2, Plus } from "lucide-react";', ["ChevronRight", "Loader2", "Plus"]),
    ('import * as Sentry from "@sentry/react";', ["Sentry"]),
    ('import { useForm } from "react-hook-form";', ["useForm"]),
    ('import { cva, type VariantProps } from "class-variance-authority";', ["cva", "VariantProps"]),
]
# Env vars read by generated code.  WorkOS ones are kept to the fixed files so
# that the tree is a *correct* setup (nothing unexplained for the tool).
PROCESS_ENV = [
    "NODE_ENV", "NEXT_PUBLIC_CONVEX_URL", "NEXT_PUBLIC_APP_URL",
    "NEXT_PUBLIC_POSTHOG_KEY", "NEXT_PUBLIC_SENTRY_DSN", "SENTRY_AUTH_TOKEN",
    "STRIPE_SECRET_KEY", "NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY", "RESEND_API_KEY",
    "VERCEL_URL", "LOG_LEVEL", "FEATURE_FLAGS",
]
VITE_ENV = [
    "VITE_CONVEX_URL", "VITE_API_BASE_URL", "VITE_POSTHOG_KEY",
    "VITE_SENTRY_DSN", "VITE_APP_VERSION", "VITE_FEATURE_FLAGS",
]
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

# The standard WorkOS <-> Convex auth config (from the task brief, verbatim).
AUTH_CONFIG_TS = """const clientId = process.env.WORKOS_CLIENT_ID;
const authConfig = {
  providers: [
    { type: "customJwt", issuer: "https://api.workos.com/", algorithm: "RS256", jwks: `https://api.workos.com/sso/jwks/${clientId}`, applicationID: clientId },
    { type: "customJwt", issuer: `https://api.workos.com/user_management/${clientId}`, algorithm: "RS256", jwks: `https://api.workos.com/sso/jwks/${clientId}` },
  ],
};
export default authConfig;
"""


def join(*parts: str) -> str:
    """Join path parts, skipping empty ones ('' = the tree root)."""
    return "/".join(p for p in parts if p)


def plural(word: str) -> str:
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


def pascal(*words: str) -> str:
    return "".join(w[:1].upper() + w[1:] for w in words)


def camel(*words: str) -> str:
    s = pascal(*words)
    return s[:1].lower() + s[1:]


def kebab(*words: str) -> str:
    return "-".join(words)


class Gen:
    """Holds the RNG and the write counters; all content comes from here."""

    def __init__(self, root: str, seed: int):
        self.root = root
        self.rng = random.Random(seed)
        self.dirs_made: dict[str, bool] = {}
        self.stats = {
            "ts": 0, "ts_bytes": 0, "other": 0, "other_bytes": 0,
            "ignored": 0, "ignored_bytes": 0,
            "process_env": 0, "import_meta_env": 0,
            "convex_provider": 0, "get_sign_in_url": 0,
        }
        self.used_names: dict[str, int] = {}
        # Top-level names declared/imported in the file being built, so no
        # file declares the same binding twice (a real compile error).
        self.local: dict[str, int] = {}

    # -- I/O ---------------------------------------------------------------
    def write(self, rel: str, text: str, ignored: bool = False) -> None:
        path = os.path.join(self.root, rel)
        d = os.path.dirname(path)
        if d not in self.dirs_made:
            os.makedirs(d, exist_ok=True)
            self.dirs_made[d] = True
        data = text.encode("utf-8")
        with open(path, "wb") as f:
            f.write(data)
        s = self.stats
        if ignored:
            s["ignored"] += 1
            s["ignored_bytes"] += len(data)
            return
        if rel.endswith((".ts", ".tsx")):
            s["ts"] += 1
            s["ts_bytes"] += len(data)
        else:
            s["other"] += 1
            s["other_bytes"] += len(data)
        # Counted on the final text so the summary is exact.
        if "process.env." in text:
            s["process_env"] += 1
        if "import.meta.env" in text:
            s["import_meta_env"] += 1
        if "ConvexProvider" in text:
            s["convex_provider"] += 1
        if "getSignInUrl" in text:
            s["get_sign_in_url"] += 1

    def unique(self, key: str, name: str) -> str:
        """Make `name` unique within scope `key` (a directory) by suffixing."""
        k = key + "/" + name
        n = self.used_names.get(k, 0)
        self.used_names[k] = n + 1
        return name if n == 0 else f"{name}{n + 1}"

    def begin_file(self) -> None:
        self.local = {}

    def fresh(self, name: str) -> str:
        """`name`, or `name2`, `name3`... if already bound in this file."""
        n = self.local.get(name, 0)
        self.local[name] = n + 1
        cand = name
        while n > 0:
            cand = f"{name}{n + 1}"
            if cand not in self.local:
                self.local[cand] = 1
                break
            n += 1
        return cand

    # -- random helpers ----------------------------------------------------
    def pick(self, seq):
        return seq[self.rng.randrange(len(seq))]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def crockford(self, n: int) -> str:
        return "".join(CROCKFORD[self.rng.randrange(32)] for _ in range(n))

    def alnum(self, n: int) -> str:
        a = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
        return "".join(a[self.rng.randrange(len(a))] for _ in range(n))

    def target_size(self) -> int:
        """Bytes for one source file, shaped like a React/Next code base:
        ~7% tiny (re-exports, small types), ~91.5% 1-8 KB skewed towards
        1-3 KB, ~1.5% big (20-60 KB: generated tables, huge forms, i18n)."""
        r = self.rng.random()
        if r < 0.07:
            return self.rng.randint(250, 1000)
        if r < 0.985:
            # log-uniform between 1 KB and 8 KB, then squeezed a little
            # towards the low end (median ~2.5 KB).
            x = self.rng.random() ** 1.3
            return int(1024 * math.exp(x * math.log(8)))
        return self.rng.randint(20 * 1024, 60 * 1024)

    def field_list(self, k: int) -> list[str]:
        return self.rng.sample(FIELDS, k)

    # -- snippets ----------------------------------------------------------
    def type_decl(self, name: str) -> str:
        name = self.fresh(name)
        fields = self.field_list(self.rng.randint(3, 8))
        lines = [f"export interface {name} {{"]
        for f in fields:
            opt = "?" if self.chance(0.25) else ""
            lines.append(f"  {f}{opt}: {self.pick(FIELD_TYPES)};")
        lines.append("}\n")
        if self.chance(0.4):
            vals = " | ".join(f'"{self.pick(ADJECTIVES)}"' for _ in range(self.rng.randint(2, 5)))
            lines.append(f"export type {name}Kind = {vals};\n")
        return "\n".join(lines) + "\n"

    def util_fn(self) -> str:
        v, n = self.pick(VERBS), self.pick(NOUNS)
        name = self.fresh(camel(v, n, self.pick(["", "s", "list", "map", "value"])))
        arg = camel(n)
        T = pascal(n)
        style = self.rng.randrange(6)
        if style == 0:
            return (
                f"export function {name}({arg}s: {T}[], query = \"\"): {T}[] {{\n"
                f"  const needle = query.trim().toLowerCase();\n"
                f"  if (!needle) return {arg}s;\n"
                f"  return {arg}s\n"
                f"    .filter((entry) => String(entry.{self.pick(FIELDS)}).toLowerCase().includes(needle))\n"
                f"    .sort((a, b) => String(a.{self.pick(FIELDS)}).localeCompare(String(b.{self.pick(FIELDS)})));\n"
                f"}}\n\n"
            )
        if style == 1:
            cases = "".join(
                f'    case "{self.pick(ADJECTIVES)}":\n      return {self.rng.randint(0, 500)};\n'
                for _ in range(self.rng.randint(3, 7))
            )
            return (
                f"export function {name}(kind: string): number {{\n"
                f"  switch (kind) {{\n{cases}    default:\n      return 0;\n  }}\n}}\n\n"
            )
        if style == 2:
            return (
                f"export async function {name}(id: string, init?: RequestInit): Promise<{T} | null> {{\n"
                f"  const res = await fetch(`/api/{kebab(n)}s/${{encodeURIComponent(id)}}`, {{\n"
                f"    ...init,\n"
                f"    headers: {{ \"content-type\": \"application/json\", ...(init?.headers ?? {{}}) }},\n"
                f"  }});\n"
                f"  if (res.status === 404) return null;\n"
                f"  if (!res.ok) throw new Error(`{name} failed: ${{res.status}}`);\n"
                f"  return (await res.json()) as {T};\n"
                f"}}\n\n"
            )
        if style == 3:
            f1, f2 = self.pick(FIELDS), self.pick(FIELDS)
            return (
                f"export function {name}<K extends keyof {T}>(items: {T}[], key: K): Map<{T}[K], {T}[]> {{\n"
                f"  const out = new Map<{T}[K], {T}[]>();\n"
                f"  for (const item of items) {{\n"
                f"    const bucket = out.get(item[key]);\n"
                f"    if (bucket) bucket.push(item);\n"
                f"    else out.set(item[key], [item]);\n"
                f"  }}\n"
                f"  // keep {f1}/{f2} ordering stable for the UI\n"
                f"  return out;\n"
                f"}}\n\n"
            )
        if style == 4:
            return (
                f"const {name.upper()}_PATTERN = /^[a-z0-9](?:[a-z0-9-]{{0,{self.rng.randint(20, 62)}}}[a-z0-9])?$/;\n\n"
                f"export function {name}(input: unknown): string {{\n"
                f"  if (typeof input !== \"string\") throw new TypeError(\"expected a string\");\n"
                f"  const value = input.normalize(\"NFKD\").replace(/[\\u0300-\\u036f]/g, \"\").toLowerCase();\n"
                f"  return {name.upper()}_PATTERN.test(value) ? value : value.replace(/[^a-z0-9]+/g, \"-\");\n"
                f"}}\n\n"
            )
        return (
            f"export class {self.fresh(pascal(n, self.pick(['Store', 'Cache', 'Registry', 'Queue'])))} {{\n"
            f"  private readonly entries = new Map<string, {T}>();\n"
            f"  constructor(private readonly ttlMs = {self.rng.randint(1, 60) * 1000}) {{}}\n\n"
            f"  get(id: string): {T} | undefined {{\n    return this.entries.get(id);\n  }}\n\n"
            f"  set(id: string, value: {T}): void {{\n    this.entries.set(id, value);\n  }}\n\n"
            f"  get size(): number {{\n    return this.entries.size;\n  }}\n}}\n\n"
        )

    def jsx_block(self, depth: int = 0) -> str:
        ind = "      " + "  " * depth
        n = self.pick(NOUNS)
        kind = self.rng.randrange(4)
        cls = self.pick(TW_CLASSES)
        if kind == 0 or depth > 2:
            return f'{ind}<p className="{cls}">{{{camel(n)}?.{self.pick(FIELDS)} ?? "—"}}</p>\n'
        if kind == 1:
            return (
                f"{ind}<ul className=\"{cls}\">\n"
                f"{ind}  {{{camel(n)}s.map(({camel(n)}) => (\n"
                f"{ind}    <li key={{{camel(n)}.id}} className=\"{self.pick(TW_CLASSES)}\">\n"
                f"{ind}      <span>{{{camel(n)}.{self.pick(FIELDS)}}}</span>\n"
                f"{ind}    </li>\n"
                f"{ind}  ))}}\n"
                f"{ind}</ul>\n"
            )
        if kind == 2:
            inner = "".join(self.jsx_block(depth + 1) for _ in range(self.rng.randint(1, 3)))
            return f'{ind}<div className="{cls}">\n{inner}{ind}</div>\n'
        return (
            f"{ind}{{is{pascal(self.pick(ADJECTIVES))} ? (\n"
            f"{ind}  <{pascal(n, self.pick(UI_SUFFIXES))} onClick={{handle{pascal(self.pick(VERBS))}}} />\n"
            f"{ind}) : null}}\n"
        )

    def component(self, name: str, env: str | None) -> str:
        name = self.fresh(name)
        n = self.pick(NOUNS)
        fields = self.field_list(3)
        adj = pascal(self.pick(ADJECTIVES))
        verb = pascal(self.pick(VERBS))
        env_line = ""
        if env == "process":
            env_line = f'  const endpoint = process.env.{self.pick(PROCESS_ENV)} ?? "";\n'
        elif env == "vite":
            env_line = f'  const endpoint = import.meta.env.{self.pick(VITE_ENV)} ?? "";\n'
        body = "".join(self.jsx_block() for _ in range(self.rng.randint(2, 5)))
        return (
            f"export interface {name}Props {{\n"
            f"  {camel(n)}s: {pascal(n)}[];\n"
            f"  {camel(n)}?: {pascal(n)} | null;\n"
            f"  onSelect?: (id: string) => void;\n"
            f"  className?: string;\n"
            f"}}\n\n"
            f"export function {name}({{ {camel(n)}s, {camel(n)}, onSelect, className }}: {name}Props) {{\n"
            f"  const [is{adj}, setIs{adj}] = useState(false);\n"
            f"  const [query, setQuery] = useState(\"\");\n"
            f"{env_line}"
            f"  const visible = useMemo(\n"
            f"    () => {camel(n)}s.filter((x) => String(x.{fields[0]}).includes(query)),\n"
            f"    [{camel(n)}s, query],\n"
            f"  );\n"
            f"  const handle{verb} = useCallback(() => {{\n"
            f"    setIs{adj}((v) => !v);\n"
            f"    if ({camel(n)}) onSelect?.({camel(n)}.id);\n"
            f"  }}, [{camel(n)}, onSelect]);\n\n"
            f"  useEffect(() => {{\n"
            f"    if (visible.length === 0) setQuery(\"\");\n"
            f"  }}, [visible.length]);\n\n"
            f"  return (\n"
            f"    <section className={{clsx(\"{self.pick(TW_CLASSES)}\", className)}} aria-label=\"{kebab(n, fields[1])}\">\n"
            f"{body}"
            f"    </section>\n"
            f"  );\n"
            f"}}\n\n"
        )

    def hook(self, name: str, env: str | None) -> str:
        name = self.fresh(name)
        n = self.pick(NOUNS)
        T = pascal(n)
        env_expr = '""'
        if env == "process":
            env_expr = f'process.env.{self.pick(PROCESS_ENV)} ?? ""'
        elif env == "vite":
            env_expr = f'import.meta.env.{self.pick(VITE_ENV)} ?? ""'
        return (
            f"export function {name}(id: string | undefined, options: {{ pollMs?: number }} = {{}}) {{\n"
            f"  const [data, setData] = useState<{T} | null>(null);\n"
            f"  const [error, setError] = useState<Error | null>(null);\n"
            f"  const base = {env_expr};\n"
            f"  useEffect(() => {{\n"
            f"    if (!id) return;\n"
            f"    let cancelled = false;\n"
            f"    const run = async () => {{\n"
            f"      try {{\n"
            f"        const res = await fetch(`${{base}}/{kebab(n)}s/${{id}}`);\n"
            f"        const json = (await res.json()) as {T};\n"
            f"        if (!cancelled) setData(json);\n"
            f"      }} catch (err) {{\n"
            f"        if (!cancelled) setError(err as Error);\n"
            f"      }}\n"
            f"    }};\n"
            f"    void run();\n"
            f"    const timer = options.pollMs ? setInterval(run, options.pollMs) : undefined;\n"
            f"    return () => {{\n"
            f"      cancelled = true;\n"
            f"      if (timer) clearInterval(timer);\n"
            f"    }};\n"
            f"  }}, [id, base, options.pollMs]);\n"
            f"  return {{ data, error, isLoading: !data && !error }} as const;\n"
            f"}}\n\n"
        )

    def test_block(self) -> str:
        v, n = self.pick(VERBS), self.pick(NOUNS)
        fn = camel(v, n)
        its = "".join(
            f'  it("{self.pick(VERBS)}s {self.pick(ADJECTIVES)} {n}s", () => {{\n'
            f"    const input = [{{ id: \"{self.alnum(6)}\", {self.pick(FIELDS[1:])}: {self.rng.randint(0, 99)} }}];\n"
            f"    expect({fn}(input as never)).toMatchSnapshot();\n"
            f"    expect(input).toHaveLength(1);\n"
            f"  }});\n\n"
            for _ in range(self.rng.randint(2, 5))
        )
        return f'describe("{fn}", () => {{\n{its}}});\n\n'

    def big_table(self) -> str:
        """Big literal tables: what makes real files 20-60 KB (icons, i18n)."""
        name = self.fresh(f"{camel(self.pick(NOUNS))}Messages")
        keys: list[str] = []
        while len(keys) < 40:
            k = f"{self.pick(NOUNS)}.{self.pick(ADJECTIVES)}.{self.pick(VERBS)}"
            if k not in keys:
                keys.append(k)
        rows = "".join(
            f'  "{k}": "{pascal(self.pick(VERBS))} the {self.pick(ADJECTIVES)} {self.pick(NOUNS)}",\n'
            for k in keys
        )
        return f"export const {name}: Record<string, string> = {{\n{rows}}};\n\n"

    def imports(self, tsx: bool, react: bool, pkg_scope: str) -> str:
        out = []
        if react:
            out.append('import { useCallback, useEffect, useMemo, useState } from "react";')
        if tsx:
            out.append('import clsx from "clsx";')
        for line, _ in self.rng.sample(NPM_IMPORTS, self.rng.randint(0, 3)):
            if not (tsx and "clsx" in line):
                out.append(line)
        for _ in range(self.rng.randint(1, 5)):
            n = self.pick(NOUNS)
            src = self.pick([
                f"@acme/{pkg_scope}/{n}",
                f"../{n}/{camel(self.pick(VERBS), n)}",
                f"./{camel(n)}",
                f"@acme/ui/{kebab(n)}",
                f"@acme/lib-core/{kebab(n)}",
            ])
            if self.chance(0.4):
                out.append(f'import type {{ {self.fresh(pascal(n))} }} from "{src}";')
            else:
                out.append(f'import {{ {self.fresh(camel(self.pick(VERBS), n))} }} from "{src}";')
        if tsx and self.chance(0.3):
            out.append(f'import {{ {self.fresh(pascal(self.pick(NOUNS), self.pick(UI_SUFFIXES)))} }} from "@acme/ui";')
        return "\n".join(out) + "\n\n"

    # -- whole files ---------------------------------------------------------
    def source_file(self, kind: str, name: str, pkg_scope: str, env: str | None,
                    extra_head: str = "", client_ok: bool = True) -> str:
        """Build one file of `kind`, appending snippets until its sampled size
        is reached (overshoot is at most one snippet, ~0.3-1.5 KB)."""
        self.begin_file()
        # Names bound by the fixed imports below and by extra_head.
        for bound in ["useCallback", "useEffect", "useMemo", "useState", "clsx", "SignInLink",
                      "getSignInUrl", "withAuth", "ConvexProvider", "ConvexReactClient"]:
            self.fresh(bound)
        for _, names in NPM_IMPORTS:
            for bound in names:
                self.fresh(bound)
        target = self.target_size()
        tsx = kind in ("component", "page", "test")
        parts = [extra_head]
        if client_ok and kind in ("component", "page") and self.chance(0.35):
            parts.insert(0, '"use client";\n\n')
        parts.append(self.imports(tsx, kind in ("component", "page", "hook"), pkg_scope))
        size = sum(len(p) for p in parts)
        if kind == "component":
            parts.append(self.type_decl(pascal(self.pick(NOUNS))))
            parts.append(self.component(name, env))
            env = None
        elif kind == "page":
            parts.append(self.component(name + "View", env))
            parts.append(
                f"export default function {name}Page() {{\n"
                f"  return <{name}View {camel(self.pick(NOUNS))}s={{[]}} />;\n}}\n\n"
            )
            env = None
        elif kind == "hook":
            parts.append(self.hook(name, env))
            env = None
        elif kind == "test":
            parts.append('import { describe, expect, it } from "vitest";\n\n')
        elif env is not None:
            # utils/types/config: one top-level env read
            if env == "process":
                parts.append(f"export const {self.fresh(camel(name, 'env'))} = process.env.{self.pick(PROCESS_ENV)};\n\n")
            else:
                parts.append(f"export const {self.fresh(camel(name, 'env'))} = import.meta.env.{self.pick(VITE_ENV)};\n\n")
        size = sum(len(p) for p in parts)
        big = target > 16 * 1024
        while size < target:
            if big and self.chance(0.5):
                s = self.big_table()
            elif kind == "component" or kind == "page":
                s = self.pick([
                    lambda: self.component(pascal(self.pick(ADJECTIVES), self.pick(NOUNS), self.pick(UI_SUFFIXES)), None),
                    self.util_fn,
                    lambda: self.type_decl(pascal(self.pick(ADJECTIVES), self.pick(NOUNS))),
                ])()
            elif kind == "hook":
                s = self.pick([
                    lambda: self.hook(camel("use", self.pick(ADJECTIVES), self.pick(NOUNS)), None),
                    self.util_fn,
                ])()
            elif kind == "types":
                s = self.type_decl(pascal(self.pick(ADJECTIVES), self.pick(NOUNS)))
            elif kind == "test":
                s = self.test_block()
            else:
                s = self.util_fn() if self.chance(0.8) else self.type_decl(pascal(self.pick(NOUNS)))
            parts.append(s)
            size += len(s)
        return "".join(parts)


# ---------------------------------------------------------------------------
# Bulk files: spread over a package's directory tree.
# ---------------------------------------------------------------------------
KIND_WEIGHTS = [  # (kind, weight, extension)
    ("component", 36, ".tsx"), ("hook", 12, ".ts"), ("util", 26, ".ts"),
    ("types", 8, ".ts"), ("index", 5, ".ts"), ("test", 8, ".test.tsx"),
    ("config", 5, ".ts"),
]
_KW_TOTAL = sum(w for _, w, _ in KIND_WEIGHTS)


def pick_kind(g: Gen) -> tuple[str, str]:
    r = g.rng.randrange(_KW_TOTAL)
    for kind, w, ext in KIND_WEIGHTS:
        if r < w:
            return kind, ext
        r -= w
    raise AssertionError


def bulk(g: Gen, base: str, count: int, scope: str, env: str,
         page_dirs: bool = False, provider_p: float = 0.0,
         signin_budget: int = 0) -> None:
    """Write `count` files under `base` in dirs of ~10-40 files each.

    env: "process" | "vite" - which kind of env read ~4% of files get.
    page_dirs: Next.js app-router style (app/<segment>/page.tsx).
    provider_p: share of files that mention ConvexProvider.
    signin_budget: how many files mention getSignInUrl (server components).
    """
    written = 0
    while written < count:
        if page_dirs:
            d = f"{base}/{g.pick(['(app)', '(marketing)', '(settings)'])}/{plural(g.pick(NOUNS))}/{g.unique(base, kebab(g.pick(ADJECTIVES)))}"
        else:
            d = f"{base}/{plural(g.pick(NOUNS))}/{g.unique(base, g.pick(ADJECTIVES) + '-' + g.pick(NOUNS))}"
        in_dir = min(count - written, g.rng.randint(10, 40))
        for i in range(in_dir):
            kind, ext = pick_kind(g)
            if page_dirs and i == 0:
                kind, ext = "page", ".tsx"
            head = ""
            env_kind = env if g.chance(0.04) else None
            if provider_p and g.chance(provider_p):
                # e.g. a test/story wrapper, or an alternate provider tree
                head = 'import { ConvexProvider, ConvexReactClient } from "convex/react";\n'
                if kind in ("types", "index"):
                    kind, ext = "util", ".ts"
            client_ok = True
            if signin_budget > 0 and kind == "component":
                # A server component rendering a sign-in link (never "use client").
                head = (
                    'import { getSignInUrl, withAuth } from "@workos-inc/authkit-nextjs";\n' + head +
                    "\nexport async function SignInLink() {\n"
                    "  const { user } = await withAuth();\n"
                    "  if (user) return null;\n"
                    "  const signInUrl = await getSignInUrl();\n"
                    '  return <a href={signInUrl}>Sign in</a>;\n}\n\n'
                )
                client_ok = False
                signin_budget -= 1
            if kind == "index" and (d + "/index") in g.used_names:
                kind, ext = "util", ".ts"  # one barrel per directory
            if kind == "page":
                fname = "page"
                name = pascal(g.pick(ADJECTIVES), g.pick(NOUNS))
            elif kind == "component":
                name = pascal(g.pick(ADJECTIVES), g.pick(NOUNS), g.pick(UI_SUFFIXES))
                fname = g.unique(d, name)
                name = fname
            elif kind == "hook":
                fname = g.unique(d, camel("use", g.pick(ADJECTIVES), g.pick(NOUNS)))
                name = fname
            elif kind == "index":
                fname = g.unique(d, "index")
                name = fname
            else:
                fname = g.unique(d, camel(g.pick(VERBS), g.pick(NOUNS)))
                name = fname
            rel = f"{d}/{fname}{ext}"
            if kind == "index":
                text = "".join(
                    f'export * from "./{camel(g.pick(VERBS), g.pick(NOUNS))}";\n'
                    for _ in range(g.rng.randint(3, 25))
                )
            else:
                text = g.source_file(kind, name, scope, env_kind, head, client_ok)
            g.write(rel, text)
            written += 1


# ---------------------------------------------------------------------------
# Fixed files
# ---------------------------------------------------------------------------
def pkg_json(name: str, deps: dict, dev: dict | None = None, scripts: dict | None = None,
             extra: dict | None = None) -> str:
    obj = {"name": name, "version": "0.0.0", "private": True}
    if extra:
        obj.update(extra)
    if scripts:
        obj["scripts"] = scripts
    obj["dependencies"] = deps
    if dev:
        obj["devDependencies"] = dev
    return json.dumps(obj, indent=2) + "\n"


TSCONFIG = json.dumps({
    "compilerOptions": {
        "target": "ES2022", "lib": ["dom", "dom.iterable", "esnext"],
        "strict": True, "module": "esnext", "moduleResolution": "bundler",
        "jsx": "preserve", "noEmit": True, "skipLibCheck": True,
        "paths": {"@/*": ["./*"]},
    },
    "include": ["**/*.ts", "**/*.tsx"], "exclude": ["node_modules"],
}, indent=2) + "\n"

GITIGNORE = """# dependencies
node_modules
.pnpm-store

# build output
.next
dist
out
.turbo
coverage

# local env files
.env*.local

.DS_Store
*.log
"""

CONVEX_CLIENT_PROVIDER = """'use client';

import { ReactNode, useCallback, useRef } from 'react';
import { ConvexReactClient, ConvexProviderWithAuth } from 'convex/react';
import { AuthKitProvider, useAuth, useAccessToken } from '@workos-inc/authkit-nextjs/components';

const convex = new ConvexReactClient(process.env.NEXT_PUBLIC_CONVEX_URL!);

export function ConvexClientProvider({ children }: { children: ReactNode }) {
  return (
    <AuthKitProvider>
      <ConvexProviderWithAuth client={convex} useAuth={useAuthFromAuthKit}>
        {children}
      </ConvexProviderWithAuth>
    </AuthKitProvider>
  );
}

function useAuthFromAuthKit() {
  const { user, loading: isLoading } = useAuth();
  const { accessToken, loading: tokenLoading, error: tokenError } = useAccessToken();
  const loading = (isLoading ?? false) || (tokenLoading ?? false);
  const authenticated = !!user && !!accessToken && !loading;

  const stableAccessToken = useRef<string | null>(null);
  if (accessToken && !tokenError) {
    stableAccessToken.current = accessToken;
  }

  const fetchAccessToken = useCallback(async () => {
    if (stableAccessToken.current && !tokenError) {
      return stableAccessToken.current;
    }
    return null;
  }, [tokenError]);

  return {
    isLoading: loading,
    isAuthenticated: authenticated,
    fetchAccessToken,
  };
}
"""

NEXT_LAYOUT = """import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { ConvexClientProvider } from '@/components/ConvexClientProvider';
import './globals.css';

export const metadata: Metadata = {
  title: 'Acme',
  description: 'Acme workspace',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="antialiased">
        <ConvexClientProvider>{children}</ConvexClientProvider>
      </body>
    </html>
  );
}
"""

NEXT_CALLBACK = """import { handleAuth } from '@workos-inc/authkit-nextjs';

export const GET = handleAuth();
"""

NEXT_SIGN_IN = """import { redirect } from 'next/navigation';
import { getSignInUrl } from '@workos-inc/authkit-nextjs';

export async function GET() {
  const authorizationUrl = await getSignInUrl();
  return redirect(authorizationUrl);
}
"""

NEXT_SIGN_UP = """import { redirect } from 'next/navigation';
import { getSignUpUrl } from '@workos-inc/authkit-nextjs';

export async function GET() {
  const authorizationUrl = await getSignUpUrl();
  return redirect(authorizationUrl);
}
"""

NEXT_MIDDLEWARE = """import { authkitMiddleware } from '@workos-inc/authkit-nextjs';

export default authkitMiddleware({
  middlewareAuth: {
    enabled: true,
    unauthenticatedPaths: ['/', '/sign-in', '/sign-up'],
  },
});

export const config = {
  matcher: [
    // Skip Next.js internals and all static files, unless found in search params
    '/((?!_next|[^?]*\\\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*)',
    '/(api|trpc)(.*)',
  ],
};
"""

NEXT_PAGE = """import Link from 'next/link';
import { withAuth, signOut } from '@workos-inc/authkit-nextjs';

export default async function Home() {
  const { user } = await withAuth();
  return (
    <main className="mx-auto max-w-3xl p-8">
      <h1 className="text-2xl font-bold">Acme</h1>
      {user ? (
        <form
          action={async () => {
            'use server';
            await signOut();
          }}
        >
          <p>Signed in as {user.email}</p>
          <button type="submit">Sign out</button>
        </form>
      ) : (
        <div className="flex gap-2">
          <Link href="/sign-in">Sign in</Link>
          <Link href="/sign-up">Sign up</Link>
        </div>
      )}
    </main>
  );
}
"""

NEXT_ENV_DTS = """/// <reference types="next" />
/// <reference types="next/image-types/global" />

// NOTE: This file should not be edited
"""

VITE_MAIN = """import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { AuthKitProvider, useAuth } from "@workos-inc/authkit-react";
import { ConvexReactClient } from "convex/react";
import { ConvexProviderWithAuthKit } from "@convex-dev/workos";
import App from "./App";
import "./index.css";

const convex = new ConvexReactClient(import.meta.env.VITE_CONVEX_URL);

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <AuthKitProvider
      clientId={import.meta.env.VITE_WORKOS_CLIENT_ID}
      redirectUri={import.meta.env.VITE_WORKOS_REDIRECT_URI}
    >
      <ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>
        <App />
      </ConvexProviderWithAuthKit>
    </AuthKitProvider>
  </StrictMode>,
);
"""

VITE_APP = """import { Authenticated, Unauthenticated, useQuery } from "convex/react";
import { useAuth } from "@workos-inc/authkit-react";
import { api } from "@acme/backend/convex/_generated/api";

export default function App() {
  const { user, signIn, signOut } = useAuth();
  const viewer = useQuery(api.users.viewer);
  return (
    <main className="p-8">
      <Authenticated>
        <p>Welcome {viewer?.name ?? user?.email}</p>
        <button onClick={() => signOut()}>Sign out</button>
      </Authenticated>
      <Unauthenticated>
        <button onClick={() => void signIn()}>Sign in</button>
      </Unauthenticated>
    </main>
  );
}
"""

VITE_CONFIG = """import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

export default defineConfig({
  plugins: [react()],
  server: { port: 5173 },
});
"""

VITE_INDEX_HTML = """<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />
    <title>Acme Dashboard</title>
  </head>
  <body>
    <div id="root"></div>
    <script type="module" src="/src/main.tsx"></script>
  </body>
</html>
"""

CONVEX_GENERATED_SERVER_DTS = """/* eslint-disable */
/**
 * Generated utilities for implementing server-side Convex query and mutation functions.
 *
 * THIS CODE IS AUTOMATICALLY GENERATED.
 */
import {
  ActionBuilder,
  MutationBuilder,
  QueryBuilder,
  GenericActionCtx,
  GenericMutationCtx,
  GenericQueryCtx,
} from "convex/server";
import type { DataModel } from "./dataModel.js";

export declare const query: QueryBuilder<DataModel, "public">;
export declare const internalQuery: QueryBuilder<DataModel, "internal">;
export declare const mutation: MutationBuilder<DataModel, "public">;
export declare const internalMutation: MutationBuilder<DataModel, "internal">;
export declare const action: ActionBuilder<DataModel, "public">;
export declare const internalAction: ActionBuilder<DataModel, "internal">;
export type QueryCtx = GenericQueryCtx<DataModel>;
export type MutationCtx = GenericMutationCtx<DataModel>;
export type ActionCtx = GenericActionCtx<DataModel>;
"""

CONVEX_GENERATED_DATAMODEL_DTS = """/* eslint-disable */
/**
 * Generated data model types.
 *
 * THIS CODE IS AUTOMATICALLY GENERATED.
 */
import type { DataModelFromSchemaDefinition } from "convex/server";
import schema from "../schema.js";

export type DataModel = DataModelFromSchemaDefinition<typeof schema>;
"""


def convex_schema(g: Gen, tables: list[str]) -> str:
    lines = ['import { defineSchema, defineTable } from "convex/server";',
             'import { v } from "convex/values";', "", "export default defineSchema({"]
    lines.append('  users: defineTable({\n    tokenIdentifier: v.string(),\n    name: v.string(),\n'
                 '    email: v.string(),\n  }).index("by_token", ["tokenIdentifier"]),')
    for t in tables:
        if t == "users":
            continue
        fs = g.field_list(g.rng.randint(2, 6))
        body = "".join(f"    {f}: v.{g.pick(['string()', 'number()', 'boolean()', 'optional(v.string())'])},\n"
                       for f in fs if f not in ("id", "ownerId"))
        lines.append(f"  {t}: defineTable({{\n    ownerId: v.id(\"users\"),\n{body}  }}).index(\"by_owner\", [\"ownerId\"]),")
    lines.append("});\n")
    return "\n".join(lines)


def convex_function_file(g: Gen, table: str) -> str:
    """A convex/*.ts module: queries/mutations that all check the identity."""
    g.begin_file()
    g.fresh("requireUser")
    target = g.target_size()
    parts = [
        'import { v } from "convex/values";\n',
        'import { query, mutation, internalMutation } from "./_generated/server";\n',
        'import type { QueryCtx, MutationCtx } from "./_generated/server";\n\n',
        "async function requireUser(ctx: QueryCtx | MutationCtx) {\n"
        "  const identity = await ctx.auth.getUserIdentity();\n"
        "  if (identity === null) {\n"
        '    throw new Error("Not authenticated");\n'
        "  }\n"
        "  const user = await ctx.db\n"
        '    .query("users")\n'
        '    .withIndex("by_token", (q) => q.eq("tokenIdentifier", identity.tokenIdentifier))\n'
        "    .unique();\n"
        '  if (!user) throw new Error("Unknown user");\n'
        "  return user;\n"
        "}\n\n",
    ]
    size = sum(len(p) for p in parts)
    first = True
    while size < target or first:
        first = False
        adj = g.pick(ADJECTIVES)
        style = g.rng.randrange(3)
        if style == 0:
            s = (
                f"export const {g.fresh(camel('list', adj))} = query({{\n"
                f"  args: {{ limit: v.optional(v.number()) }},\n"
                f"  handler: async (ctx, args) => {{\n"
                f"    const identity = await ctx.auth.getUserIdentity();\n"
                f"    if (!identity) return [];\n"
                f"    const user = await requireUser(ctx);\n"
                f"    return await ctx.db\n"
                f"      .query(\"{table}\")\n"
                f"      .withIndex(\"by_owner\", (q) => q.eq(\"ownerId\", user._id))\n"
                f"      .order(\"desc\")\n"
                f"      .take(args.limit ?? {g.rng.randint(10, 100)});\n"
                f"  }},\n}});\n\n"
            )
        elif style == 1:
            # not "id"/"ownerId": those keys are written explicitly below
            f = g.pick([x for x in FIELDS if x not in ("id", "ownerId")])
            s = (
                f"export const {g.fresh(camel(g.pick(['create', 'update', 'archive', 'rename']), adj))} = mutation({{\n"
                f"  args: {{ id: v.optional(v.id(\"{table}\")), {f}: v.string() }},\n"
                f"  handler: async (ctx, args) => {{\n"
                f"    const identity = await ctx.auth.getUserIdentity();\n"
                f"    if (identity === null) throw new Error(\"Unauthenticated call to mutation\");\n"
                f"    const user = await requireUser(ctx);\n"
                f"    if (args.id) {{\n"
                f"      const existing = await ctx.db.get(args.id);\n"
                f"      if (!existing || existing.ownerId !== user._id) throw new Error(\"Not found\");\n"
                f"      await ctx.db.patch(args.id, {{ {f}: args.{f} }} as never);\n"
                f"      return args.id;\n"
                f"    }}\n"
                f"    return await ctx.db.insert(\"{table}\", {{ ownerId: user._id, {f}: args.{f} }} as never);\n"
                f"  }},\n}});\n\n"
            )
        else:
            s = (
                f"export const {g.fresh(camel('cleanup', adj))} = internalMutation({{\n"
                f"  args: {{ before: v.number() }},\n"
                f"  handler: async (ctx, args) => {{\n"
                f"    const stale = await ctx.db\n"
                f"      .query(\"{table}\")\n"
                f"      .filter((q) => q.lt(q.field(\"_creationTime\"), args.before))\n"
                f"      .take({g.rng.randint(50, 500)});\n"
                f"    for (const doc of stale) await ctx.db.delete(doc._id);\n"
                f"    return stale.length;\n"
                f"  }},\n}});\n\n"
            )
        parts.append(s)
        size += len(s)
    return "".join(parts)


def convex_users_file() -> str:
    return '''import { query, mutation } from "./_generated/server";

export const viewer = query({
  args: {},
  handler: async (ctx) => {
    const identity = await ctx.auth.getUserIdentity();
    if (identity === null) return null;
    return await ctx.db
      .query("users")
      .withIndex("by_token", (q) => q.eq("tokenIdentifier", identity.tokenIdentifier))
      .unique();
  },
});

export const store = mutation({
  args: {},
  handler: async (ctx) => {
    const identity = await ctx.auth.getUserIdentity();
    if (!identity) throw new Error("Called store without authentication present");
    const existing = await ctx.db
      .query("users")
      .withIndex("by_token", (q) => q.eq("tokenIdentifier", identity.tokenIdentifier))
      .unique();
    if (existing !== null) return existing._id;
    return await ctx.db.insert("users", {
      tokenIdentifier: identity.tokenIdentifier,
      name: identity.name ?? "",
      email: identity.email ?? "",
    });
  },
});
'''


def convex_dir(g: Gen, base: str, n_funcs: int) -> None:
    """<base>/convex: auth.config.ts, schema.ts, users.ts, _generated/, and
    n_funcs function modules named after their table."""
    cx = join(base, "convex")
    tables: list[str] = []
    for _ in range(n_funcs):
        tables.append(g.unique(cx, camel(g.pick(ADJECTIVES), plural(g.pick(NOUNS)))))
    g.write(f"{cx}/auth.config.ts", AUTH_CONFIG_TS)
    g.write(f"{cx}/schema.ts", convex_schema(g, tables))
    g.write(f"{cx}/users.ts", convex_users_file())
    g.write(f"{cx}/_generated/server.d.ts", CONVEX_GENERATED_SERVER_DTS)
    g.write(f"{cx}/_generated/dataModel.d.ts", CONVEX_GENERATED_DATAMODEL_DTS)
    mods = "\n".join(f'import type * as {t} from "../{t}.js";' for t in ["users"] + tables)
    fullapi = "\n".join(f"  {t}: typeof {t};" for t in ["users"] + tables)
    g.write(
        f"{cx}/_generated/api.d.ts",
        "/* eslint-disable */\n/** THIS CODE IS AUTOMATICALLY GENERATED. */\n"
        'import type { ApiFromModules, FilterApi, FunctionReference } from "convex/server";\n'
        f"{mods}\n\ndeclare const fullApi: ApiFromModules<{{\n{fullapi}\n}}>;\n"
        'export declare const api: FilterApi<typeof fullApi, FunctionReference<any, "public">>;\n'
        'export declare const internal: FilterApi<typeof fullApi, FunctionReference<any, "internal">>;\n',
    )
    g.write(f"{cx}/_generated/api.js",
            '/* eslint-disable */\nimport { anyApi } from "convex/server";\n'
            "export const api = anyApi;\nexport const internal = anyApi;\n")
    g.write(f"{cx}/tsconfig.json", json.dumps({
        "compilerOptions": {"allowJs": True, "strict": True, "moduleResolution": "Bundler",
                            "jsx": "react-jsx", "skipLibCheck": True, "target": "ESNext",
                            "lib": ["ES2021", "dom"], "module": "ESNext", "isolatedModules": True,
                            "noEmit": True},
        "include": ["./**/*"], "exclude": ["./_generated"],
    }, indent=2) + "\n")
    for t in tables:
        g.write(f"{cx}/{t}.ts", convex_function_file(g, t))


# ---------------------------------------------------------------------------
# Ignored trees: node_modules, .next, dist.  They contain the very strings the
# benchmark greps for, so if either tool failed to skip them it would show.
# ---------------------------------------------------------------------------
NM_PACKAGES = [
    "react", "react-dom", "next", "convex", "@workos-inc/authkit-nextjs",
    "@workos-inc/authkit-react", "@workos-inc/node", "@convex-dev/workos", "clsx",
    "zod", "date-fns", "tailwind-merge", "framer-motion", "lucide-react",
    "@sentry/react", "react-hook-form", "class-variance-authority", "jose",
    "iron-session", "scheduler", "use-sync-external-store", "typescript",
    "@types/react", "vite", "esbuild", "rollup", "postcss", "tailwindcss",
]


def js_blob(g: Gen, target: int, mention: str | None) -> str:
    parts = ['"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\n']
    if mention == "convex":
        parts.append("exports.ConvexProvider = ConvexProvider;\nfunction ConvexProvider(props) { return props.children; }\n")
    elif mention == "workos":
        parts.append("exports.getSignInUrl = getSignInUrl;\nasync function getSignInUrl(opts) { return getAuthorizationUrl({ screenHint: 'sign-in', ...opts }); }\n")
    elif mention == "env":
        parts.append('const isProd = process.env.NODE_ENV === "production";\n')
    size = sum(len(p) for p in parts)
    while size < target:
        fn = camel(g.pick(VERBS), g.pick(NOUNS))
        s = (f"function {fn}(a, b) {{\n  if (a == null) return b;\n  var r = Object.assign({{}}, a);\n"
             f"  for (var k in b) if (Object.prototype.hasOwnProperty.call(b, k)) r[k] = b[k];\n"
             f"  return r;\n}}\nexports.{fn} = {fn};\n")
        parts.append(s)
        size += len(s)
    return "".join(parts)


def ignored_trees(g: Gen, n_nm: int, next_dirs: list[str], dist_dirs: list[str]) -> None:
    per = max(1, n_nm // len(NM_PACKAGES))
    written = 0
    for i, pkg in enumerate(NM_PACKAGES):
        k = per if i < len(NM_PACKAGES) - 1 else max(0, n_nm - written)
        if k <= 0:
            continue
        g.write(f"node_modules/{pkg}/package.json",
                json.dumps({"name": pkg, "version": f"{g.rng.randint(1, 19)}.{g.rng.randint(0, 9)}.0",
                            "main": "dist/index.js"}, indent=2) + "\n", ignored=True)
        for j in range(k):
            sub = g.pick(["dist", "dist/esm", "dist/cjs", "lib", "build"])
            mention = None
            if pkg == "convex" and j % 10 == 0:
                mention = "convex"
            elif pkg.startswith("@workos-inc/") and j % 10 == 0:
                mention = "workos"
            elif g.chance(0.05):
                mention = "env"
            size = g.rng.randint(1024, 20 * 1024)
            g.write(f"node_modules/{pkg}/{sub}/{g.unique('nm/' + pkg + sub, camel(g.pick(VERBS), g.pick(NOUNS)))}.js",
                    js_blob(g, size, mention), ignored=True)
            written += 1
    for d in next_dirs:
        for j in range(max(5, n_nm // 20)):
            g.write(f"{join(d, '.next')}/static/chunks/{j:04d}-{g.crockford(16).lower()}.js",
                    js_blob(g, g.rng.randint(2048, 40 * 1024), "convex" if j % 7 == 0 else "env"), ignored=True)
    for d in dist_dirs:
        for j in range(max(3, n_nm // 100)):
            g.write(f"{join(d, 'dist')}/assets/index-{g.crockford(8).lower()}.js",
                    js_blob(g, g.rng.randint(8 * 1024, 60 * 1024), "convex" if j == 0 else "env"), ignored=True)


# ---------------------------------------------------------------------------
# Layouts
# ---------------------------------------------------------------------------
def env_files(g: Gen) -> tuple[str, str, str]:
    client_id = "client_01" + g.crockford(24)  # 26-char ULID after "client_"
    deployment = f"{g.pick(ADJECTIVES)}-{g.pick(NOUNS)}-{g.rng.randint(100, 999)}"
    convex_url = f"https://{deployment}.convex.cloud"
    web = (
        f"WORKOS_CLIENT_ID={client_id}\n"
        f"WORKOS_API_KEY=sk_test_{g.alnum(48)}\n"
        f"WORKOS_COOKIE_PASSWORD={g.alnum(40)}\n"
        f"NEXT_PUBLIC_WORKOS_REDIRECT_URI=http://localhost:3000/callback\n"
        f"CONVEX_DEPLOYMENT=dev:{deployment}\n"
        f"NEXT_PUBLIC_CONVEX_URL={convex_url}\n"
    )
    vite = (
        f"VITE_WORKOS_CLIENT_ID={client_id}\n"
        f"VITE_WORKOS_REDIRECT_URI=http://localhost:5173/callback\n"
        f"VITE_CONVEX_URL={convex_url}\n"
    )
    backend = f"CONVEX_DEPLOYMENT=dev:{deployment}\nCONVEX_URL={convex_url}\n"
    return web, vite, backend


NEXT_DEPS = {
    "@workos-inc/authkit-nextjs": "^2.5.0", "convex": "^1.27.0",
    "next": "15.5.4", "react": "^19.1.0", "react-dom": "^19.1.0",
}


def next_app(g: Gen, base: str, web_env: str, bulk_n: int, signin_budget: int, scope: str) -> None:
    """A Next.js app-router app with AuthKit + Convex at `base` ('' = root)."""
    p = (base + "/") if base else ""
    g.write(f"{p}app/layout.tsx", NEXT_LAYOUT)
    g.write(f"{p}app/page.tsx", NEXT_PAGE)
    g.write(f"{p}app/globals.css", "@import \"tailwindcss\";\n")
    g.write(f"{p}app/callback/route.ts", NEXT_CALLBACK)
    g.write(f"{p}app/sign-in/route.ts", NEXT_SIGN_IN)
    g.write(f"{p}app/sign-up/route.ts", NEXT_SIGN_UP)
    g.write(f"{p}middleware.ts", NEXT_MIDDLEWARE)
    g.write(f"{p}components/ConvexClientProvider.tsx", CONVEX_CLIENT_PROVIDER)
    g.write(f"{p}next-env.d.ts", NEXT_ENV_DTS)
    g.write(f"{p}next.config.ts", 'import type { NextConfig } from "next";\n\n'
            "const nextConfig: NextConfig = {};\n\nexport default nextConfig;\n")
    g.write(f"{p}tsconfig.json", TSCONFIG)
    g.write(f"{p}.env.local", web_env)
    if bulk_n > 0:
        n_app = bulk_n // 2
        bulk(g, f"{p}app", n_app, scope, "process", page_dirs=True,
             provider_p=0.002, signin_budget=signin_budget)
        bulk(g, f"{p}components", bulk_n - n_app, scope, "process", provider_p=0.002)


def layout_monorepo(g: Gen, n_files: int, n_nm: int) -> None:
    web_env, vite_env, backend_env = env_files(g)
    g.write("package.json", json.dumps({
        "name": "acme", "private": True, "packageManager": "pnpm@9.12.0",
        "workspaces": ["apps/*", "packages/*"],
        "scripts": {"build": "turbo run build", "dev": "turbo run dev", "lint": "turbo run lint"},
        "devDependencies": {"turbo": "^2.1.0", "typescript": "^5.6.0", "prettier": "^3.3.0"},
    }, indent=2) + "\n")
    g.write("pnpm-workspace.yaml", "packages:\n  - \"apps/*\"\n  - \"packages/*\"\n")
    g.write("turbo.json", json.dumps({
        "$schema": "https://turbo.build/schema.json",
        "tasks": {
            "build": {"dependsOn": ["^build"], "outputs": [".next/**", "!.next/cache/**", "dist/**"]},
            "dev": {"cache": False, "persistent": True},
            "lint": {},
        },
    }, indent=2) + "\n")
    g.write(".gitignore", GITIGNORE)
    g.write("README.md", "# acme\n\nSynthetic monorepo generated by bench/gen_monorepo.py.\n")

    # Fixed .ts/.tsx files written below, so the bulk fills up to exactly N.
    libs = ["lib-core", "lib-data", "lib-forms", "lib-charts", "lib-i18n",
            "lib-analytics", "lib-payments", "lib-editor"]
    fixed_ts = (9  # web: layout, page, 3 routes, middleware, provider, next-env, next.config
                + 4  # dashboard: main, App, vite.config, vite-env.d.ts
                + 2  # docs: layout, page
                + 5  # backend: auth.config, schema, users, 2 _generated .d.ts ... + api.d.ts below
                + 1  # api.d.ts
                + 1  # ui index
                + len(libs))  # lib index files
    n_convex = max(2, min(400, round(n_files * 0.015)))
    rest = max(0, n_files - fixed_ts - n_convex)
    shares = [("web", 14), ("dashboard", 12), ("docs", 4), ("ui", 10)] + [(lb, 60 / len(libs)) for lb in libs]
    tot = sum(s for _, s in shares)
    alloc = {k: int(rest * s / tot) for k, s in shares}
    alloc["lib-core"] += rest - sum(alloc.values())  # rounding remainder
    # ~6 files in the big tree mention getSignInUrl (sign-in route + a few
    # server components); scale down for tiny trees.
    signin_budget = max(0, min(5, n_files // 4000))

    # apps/web: Next.js + AuthKit + Convex
    g.write("apps/web/package.json", pkg_json(
        "@acme/web", {**NEXT_DEPS, "@acme/backend": "workspace:*", "@acme/ui": "workspace:*",
                      "@acme/lib-core": "workspace:*"},
        {"typescript": "^5.6.0", "@types/react": "^19.0.0", "tailwindcss": "^4.0.0"},
        {"dev": "next dev", "build": "next build", "start": "next start"}))
    next_app(g, "apps/web", web_env, alloc["web"], signin_budget, "lib-core")

    # apps/dashboard: Vite SPA + authkit-react + Convex
    g.write("apps/dashboard/package.json", pkg_json(
        "@acme/dashboard",
        {"@workos-inc/authkit-react": "^0.12.0", "@convex-dev/workos": "^0.0.1", "convex": "^1.27.0",
         "react": "^19.1.0", "react-dom": "^19.1.0", "@acme/backend": "workspace:*", "@acme/ui": "workspace:*"},
        {"vite": "^6.0.0", "@vitejs/plugin-react": "^4.3.0", "typescript": "^5.6.0"},
        {"dev": "vite", "build": "tsc -b && vite build", "preview": "vite preview"},
        {"type": "module"}))
    g.write("apps/dashboard/index.html", VITE_INDEX_HTML)
    g.write("apps/dashboard/vite.config.ts", VITE_CONFIG)
    g.write("apps/dashboard/src/main.tsx", VITE_MAIN)
    g.write("apps/dashboard/src/App.tsx", VITE_APP)
    g.write("apps/dashboard/src/vite-env.d.ts", '/// <reference types="vite/client" />\n')
    g.write("apps/dashboard/tsconfig.json", TSCONFIG)
    g.write("apps/dashboard/.env.local", vite_env)
    bulk(g, "apps/dashboard/src", alloc["dashboard"], "lib-data", "vite", provider_p=0.002)

    # apps/docs: plain Next.js, no auth
    g.write("apps/docs/package.json", pkg_json(
        "@acme/docs", {"next": "15.5.4", "react": "^19.1.0", "react-dom": "^19.1.0", "@acme/ui": "workspace:*"},
        {"typescript": "^5.6.0"}, {"dev": "next dev --port 3001", "build": "next build"}))
    g.write("apps/docs/app/layout.tsx",
            "import type { ReactNode } from 'react';\n\nexport default function Layout({ children }: "
            "{ children: ReactNode }) {\n  return (\n    <html lang=\"en\">\n      <body>{children}</body>\n"
            "    </html>\n  );\n}\n")
    g.write("apps/docs/app/page.tsx", "export default function Page() {\n  return <h1>Docs</h1>;\n}\n")
    bulk(g, "apps/docs/app", alloc["docs"], "ui", "process", page_dirs=True)

    # packages/backend: the Convex deployment
    g.write("packages/backend/package.json", pkg_json(
        "@acme/backend", {"convex": "^1.27.0"}, {"typescript": "^5.6.0"},
        {"dev": "convex dev", "deploy": "convex deploy"}))
    g.write("packages/backend/.env.local", backend_env)
    convex_dir(g, "packages/backend", n_convex)

    # packages/ui and packages/lib-*: the bulk
    g.write("packages/ui/package.json", pkg_json(
        "@acme/ui", {"react": "^19.1.0", "clsx": "^2.1.0", "class-variance-authority": "^0.7.0",
                     "convex": "^1.27.0"},
        extra={"exports": {".": "./src/index.ts", "./*": "./src/*.tsx"}}))
    g.write("packages/ui/src/index.ts", "".join(
        f'export * from "./{kebab(g.pick(NOUNS))}";\n' for _ in range(30)))
    bulk(g, "packages/ui/src", alloc["ui"], "ui", "process", provider_p=0.01)
    for lb in libs:
        g.write(f"packages/{lb}/package.json", pkg_json(
            f"@acme/{lb}", {"zod": "^3.23.0", "date-fns": "^4.1.0"},
            extra={"exports": {".": "./src/index.ts"}}))
        g.write(f"packages/{lb}/src/index.ts", "".join(
            f'export * from "./{plural(g.pick(NOUNS))}";\n' for _ in range(12)))
        bulk(g, f"packages/{lb}/src", alloc[lb], lb, "process", provider_p=0.0005)

    ignored_trees(g, n_nm, ["apps/web", "apps/docs"], ["apps/dashboard", "packages/ui"])


def layout_single(g: Gen, n_files: int, n_nm: int) -> None:
    """One Next.js + AuthKit + Convex app, like the official template."""
    web_env, _, _ = env_files(g)
    g.write("package.json", pkg_json(
        "acme-app", NEXT_DEPS,
        {"typescript": "^5.6.0", "@types/react": "^19.0.0", "npm-run-all2": "^6.2.0"},
        {"dev": "npm-run-all --parallel dev:frontend dev:backend", "dev:frontend": "next dev",
         "dev:backend": "convex dev", "build": "next build"}))
    g.write(".gitignore", GITIGNORE)
    g.write("README.md", "# acme-app\n\nSynthetic app generated by bench/gen_monorepo.py --layout single.\n")
    fixed_ts = 9 + 6  # next_app fixed + convex fixed (auth.config, schema, users, 3 _generated)
    n_convex = max(2, min(400, round(n_files * 0.05)))
    rest = max(0, n_files - fixed_ts - n_convex)
    next_app(g, "", web_env, rest, 0, "lib")
    convex_dir(g, "", n_convex)
    ignored_trees(g, n_nm, [""], [])


def git_init(root: str) -> str:
    """`git init -q` so that .gitignore is honoured (ripgrep and the `ignore`
    crate only apply .gitignore inside a git repository).  Falls back to a
    bare-minimum .git/ that both tools accept as a repo marker."""
    git = shutil.which("git")
    if git:
        r = subprocess.run([git, "init", "-q", root], capture_output=True, text=True)
        if r.returncode == 0:
            return "git init"
    os.makedirs(os.path.join(root, ".git", "objects"), exist_ok=True)
    os.makedirs(os.path.join(root, ".git", "refs"), exist_ok=True)
    with open(os.path.join(root, ".git", "HEAD"), "w") as f:
        f.write("ref: refs/heads/main\n")
    return "minimal .git (git not found)"


def human(n: float) -> str:
    for unit in ["B", "KiB", "MiB", "GiB"]:
        if n < 1024 or unit == "GiB":
            return f"{n:.1f} {unit}" if unit != "B" else f"{int(n)} B"
        n /= 1024
    return str(n)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("--files", type=int, default=20000,
                    help="number of .ts/.tsx files in the workspace (default 20000)")
    ap.add_argument("--seed", type=int, default=1, help="RNG seed (default 1)")
    ap.add_argument("--layout", choices=["monorepo", "single"], default="monorepo",
                    help="monorepo (default) or one template-sized Next.js + Convex app")
    ap.add_argument("--node-modules", type=int, default=None, metavar="M",
                    help="number of .js files under node_modules/ (default: files/5, "
                         "between 50 and 4000)")
    ap.add_argument("--force", action="store_true", help="delete OUT_DIR first if it exists")
    args = ap.parse_args(argv)
    if args.files < 1:
        ap.error("--files must be >= 1")
    n_nm = args.node_modules if args.node_modules is not None else max(50, min(4000, args.files // 5))

    out = os.path.abspath(args.out_dir)
    if os.path.exists(out) and os.listdir(out):
        if not args.force:
            print(f"error: {out} exists and is not empty (use --force)", file=sys.stderr)
            return 2
        shutil.rmtree(out)
    os.makedirs(out, exist_ok=True)

    t0 = time.perf_counter()
    g = Gen(out, args.seed * 1_000_003 + GEN_VERSION)
    if args.layout == "monorepo":
        layout_monorepo(g, args.files, n_nm)
    else:
        layout_single(g, args.files, n_nm)
    how = git_init(out)
    dt = time.perf_counter() - t0

    s = g.stats
    total = s["ts_bytes"] + s["other_bytes"] + s["ignored_bytes"]
    print(f"generated {args.layout} in {out} (seed {args.seed}, {how}) in {dt:.2f} s")
    print(f"  workspace .ts/.tsx files : {s['ts']:>7}  {human(s['ts_bytes'])}"
          f"  (avg {s['ts_bytes'] / max(1, s['ts']) / 1024:.1f} KiB)")
    print(f"  other workspace files    : {s['other']:>7}  {human(s['other_bytes'])}")
    print(f"  git-ignored files        : {s['ignored']:>7}  {human(s['ignored_bytes'])}"
          "  (node_modules/, .next/, dist/)")
    print(f"  total                    : {s['ts'] + s['other'] + s['ignored']:>7}  {human(total)}")
    print(f"  files reading process.env: {s['process_env']}, import.meta.env: {s['import_meta_env']}, "
          f"mentioning ConvexProvider: {s['convex_provider']}, getSignInUrl: {s['get_sign_in_url']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
