'use client';

// Written by `authkit-doctor add debug-page`. It shows each link of the sign-in chain side by
// side — WorkOS session → access token → Convex client → Convex server — so the first broken
// link is visible at a glance. It is a debugging aid: delete this folder and
// __CONVEX_MODULE_PATH__ when you are done.

import { useState, type ReactNode } from 'react';
import { useConvexAuth, useQuery } from 'convex/react';
import { makeFunctionReference } from 'convex/server';

/** What the Convex server knows about the caller (`ctx.auth.getUserIdentity()`), or null. */
type ServerIdentity = Record<string, unknown>;

// Referenced by name rather than through convex/_generated/api, so this page compiles before
// `npx convex dev` has regenerated the API with the new module.
const debugIdentity = makeFunctionReference<'query', Record<string, never>, ServerIdentity | null>(
  '__CONVEX_FUNCTION__',
);

export type SessionSummary = {
  userId: string;
  email: string | null;
  sessionId: string | null;
  organizationId: string | null;
} | null;

export type AuthDebugViewProps = {
  /** The AuthKit package that supplied the session. */
  sdk: string;
  /** The browser's view of the WorkOS session; undefined while it loads. */
  session: SessionSummary | undefined;
  /** The server's view of the session, when there is a server. */
  serverSession?: SessionSummary;
  /** Where `serverSession` comes from, e.g. `withAuth()`. */
  serverSource?: string;
  /** The access token the Convex client is handed; undefined while it loads. */
  accessToken: string | null | undefined;
  tokenError: string | null;
};

type DecodedToken = { header: Record<string, unknown>; claims: Record<string, unknown> } | { error: string };

function decodeBase64Url(segment: string): string {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(segment.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

// Only the header and the claims are decoded; the signature is never shown.
function decodeToken(token: string): DecodedToken {
  const parts = token.split('.');
  if (parts.length !== 3) {
    return { error: `not a JWT: ${parts.length} dot-separated parts instead of 3` };
  }
  try {
    return { header: JSON.parse(decodeBase64Url(parts[0])), claims: JSON.parse(decodeBase64Url(parts[1])) };
  } catch (error) {
    return { error: `not a JWT: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function describeTime(seconds: unknown, now: number): string {
  if (typeof seconds !== 'number') {
    return String(seconds);
  }
  const minutes = Math.round((seconds * 1000 - now) / 60000);
  const relative = minutes === 0 ? 'now' : minutes > 0 ? `in ${minutes} min` : `${-minutes} min ago`;
  return `${new Date(seconds * 1000).toISOString()} (${relative})`;
}

function Panel({ title, status, children }: { title: string; status: 'ok' | 'bad' | 'wait'; children: ReactNode }) {
  const colour = status === 'ok' ? '#1a7f37' : status === 'bad' ? '#cf222e' : '#9a6700';
  return (
    <section data-auth-debug-panel={title} style={{ border: `2px solid ${colour}`, borderRadius: 8, padding: 12, minWidth: 0, overflowWrap: 'anywhere' }}>
      <h2 style={{ margin: '0 0 8px', fontSize: 16, color: colour }}>{title}</h2>
      {children}
    </section>
  );
}

function Json({ value }: { value: unknown }) {
  return (
    <pre style={{ margin: 0, fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{JSON.stringify(value, null, 2)}</pre>
  );
}

function Session({ label, session }: { label: string; session: SessionSummary | undefined }) {
  return (
    <p style={{ margin: '4px 0' }}>
      <strong>{label}:</strong>{' '}
      {session === undefined ? 'loading…' : session === null ? 'none (signed out)' : `${session.userId} ${session.email ?? ''}`}
    </p>
  );
}

/** The first broken link, in words, with the next thing to try. */
function verdict(props: AuthDebugViewProps, decoded: DecodedToken | null, convex: { isLoading: boolean; isAuthenticated: boolean }, identity: ServerIdentity | null | undefined, now: number): string {
  if (props.session === undefined) {
    return 'Waiting for the WorkOS session…';
  }
  if (props.session === null) {
    return props.serverSession
      ? 'The server has a WorkOS session but the browser does not: is AuthKitProvider above this page, and is the session cookie reaching the browser?'
      : 'No WorkOS session: sign in first. The other panels stay empty until then.';
  }
  if (props.accessToken === undefined) {
    return 'Signed in with WorkOS; waiting for the access token…';
  }
  if (props.accessToken === null) {
    return `Signed in with WorkOS but no access token was handed out${props.tokenError ? `: ${props.tokenError}` : ''}. Check the refresh calls (authkit-doctor har) and the session cookie.`;
  }
  if (decoded === null || 'error' in decoded) {
    return `The access token is ${decoded ? decoded.error : 'missing'}.`;
  }
  if (typeof decoded.claims.exp === 'number' && decoded.claims.exp * 1000 < now) {
    return 'The access token has expired and was not refreshed: Convex rejects it. Check the adapter passes forceRefreshToken through.';
  }
  if (convex.isLoading) {
    return 'Convex is validating the token…';
  }
  if (!convex.isAuthenticated) {
    return 'WorkOS issued a token but Convex did not accept it. Copy the token and run `authkit-doctor token -` in the project: it names the provider, claim or key that does not match.';
  }
  if (identity === undefined) {
    return `Convex accepted the token; waiting for the server's answer (is ${'__CONVEX_MODULE_PATH__'} deployed? \`npx convex dev\` deploys it).`;
  }
  if (identity === null) {
    return 'The Convex client is authenticated but the server saw no identity: the query ran without the token. Check that ConvexProviderWithAuth wraps this page.';
  }
  if (identity.email === undefined) {
    return 'Every link holds. Note: identity.email is undefined because WorkOS access tokens carry no email claim (add one with a JWT template, or read the user from WorkOS).';
  }
  return 'Every link holds: Convex sees the signed-in user.';
}

export function AuthDebugView(props: AuthDebugViewProps) {
  const convex = useConvexAuth();
  const identity = useQuery(debugIdentity, {});
  const [copied, setCopied] = useState(false);
  const now = Date.now();
  const decoded = props.accessToken ? decodeToken(props.accessToken) : null;
  const claims = decoded && !('error' in decoded) ? decoded.claims : null;
  const shownClaims = claims
    ? { ...claims, ...Object.fromEntries(['exp', 'iat', 'nbf'].filter((k) => k in claims).map((k) => [k, describeTime(claims[k], now)])) }
    : null;

  const copyToken = async () => {
    if (props.accessToken) {
      await navigator.clipboard.writeText(props.accessToken);
      setCopied(true);
    }
  };

  return (
    <main data-auth-debug style={{ fontFamily: 'system-ui, sans-serif', padding: 16, maxWidth: 1200, margin: '0 auto' }}>
      <h1 style={{ fontSize: 22 }}>Auth debug: WorkOS AuthKit → Convex</h1>
      <p data-auth-debug-verdict style={{ padding: 12, background: '#f6f8fa', borderRadius: 8 }}>
        {verdict(props, decoded, convex, identity, now)}
      </p>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(260px, 1fr))', gap: 12 }}>
        <Panel title="WorkOS session" status={props.session ? 'ok' : props.session === null ? 'bad' : 'wait'}>
          <Session label={`Browser (${props.sdk})`} session={props.session} />
          {props.serverSession !== undefined && <Session label={`Server (${props.serverSource ?? 'server'})`} session={props.serverSession} />}
        </Panel>
        <Panel title="Access token" status={claims ? 'ok' : props.accessToken === undefined && props.session !== null ? 'wait' : 'bad'}>
          {decoded === null ? (
            <p>{props.accessToken === undefined && props.session !== null ? 'loading…' : `none${props.tokenError ? `: ${props.tokenError}` : ''}`}</p>
          ) : 'error' in decoded ? (
            <p>{decoded.error}</p>
          ) : (
            <>
              <Json value={{ header: decoded.header, claims: shownClaims, signature: '(hidden)' }} />
              <p style={{ fontSize: 12 }}>
                {'aud' in decoded.claims
                  ? 'Has `aud` (a JWT template adds it): the matching Convex provider needs applicationID equal to it.'
                  : 'No `aud`: the Convex provider for this issuer must not set applicationID.'}
              </p>
              <button type="button" onClick={copyToken}>
                {copied ? 'Copied' : 'Copy the token for `authkit-doctor token -`'}
              </button>
            </>
          )}
        </Panel>
        <Panel title="Convex client" status={convex.isAuthenticated ? 'ok' : convex.isLoading ? 'wait' : 'bad'}>
          <Json value={{ isLoading: convex.isLoading, isAuthenticated: convex.isAuthenticated }} />
          <p style={{ fontSize: 12 }}>useConvexAuth(): true only once the Convex backend has accepted the token.</p>
        </Panel>
        <Panel title="Convex server identity" status={identity ? 'ok' : identity === null ? 'bad' : 'wait'}>
          {identity === undefined ? <p>waiting for Convex…</p> : <Json value={identity} />}
          <p style={{ fontSize: 12 }}>ctx.auth.getUserIdentity() in {'__CONVEX_FUNCTION__'}</p>
        </Panel>
      </div>
    </main>
  );
}
