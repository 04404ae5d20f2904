'use client';

// Written by `authkit-doctor add debug-page`: the browser half of the auth debug page, fed by
// the same hooks the Convex provider reads.

import { useAccessToken, useAuth } from '@workos-inc/authkit-nextjs/components';
import { AuthDebugView, type SessionSummary } from './AuthDebugView';

export function AuthDebugPanel({ serverSession }: { serverSession: SessionSummary }) {
  const { user, sessionId, organizationId, loading } = useAuth();
  const { accessToken, loading: tokenLoading, error } = useAccessToken();
  const session: SessionSummary | undefined = loading
    ? undefined
    : user
      ? { userId: user.id, email: user.email ?? null, sessionId: sessionId ?? null, organizationId: organizationId ?? null }
      : null;
  return (
    <AuthDebugView
      sdk="@workos-inc/authkit-nextjs"
      session={session}
      serverSession={serverSession}
      serverSource="withAuth()"
      accessToken={tokenLoading ? undefined : (accessToken ?? null)}
      tokenError={error ? error.message : null}
    />
  );
}
