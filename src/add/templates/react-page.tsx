// Written by `authkit-doctor add debug-page`: the auth debug page for an AuthKit React app.
// It must render inside your providers (below AuthKitProvider and the Convex provider): through
// a route, or for one path: `if (window.location.pathname === '__ROUTE__') return <AuthDebug />;`
// Delete this folder and __CONVEX_MODULE_PATH__ when you are done.

import { useEffect, useState } from 'react';
import { useAuth } from '@workos-inc/authkit-react';
import { AuthDebugView, type SessionSummary } from './AuthDebugView';

export function AuthDebug() {
  const { isLoading, user, organizationId, getAccessToken } = useAuth();
  const [accessToken, setAccessToken] = useState<string | null | undefined>(undefined);
  const [tokenError, setTokenError] = useState<string | null>(null);

  useEffect(() => {
    if (isLoading) {
      return;
    }
    if (!user) {
      setAccessToken(null);
      return;
    }
    let current = true;
    getAccessToken().then(
      (token) => current && setAccessToken(token),
      (error: unknown) => {
        if (current) {
          setAccessToken(null);
          setTokenError(error instanceof Error ? error.message : String(error));
        }
      },
    );
    return () => {
      current = false;
    };
  }, [isLoading, user, getAccessToken]);

  const session: SessionSummary | undefined = isLoading
    ? undefined
    : user
      ? { userId: user.id, email: user.email ?? null, sessionId: null, organizationId: organizationId ?? null }
      : null;
  return <AuthDebugView sdk="@workos-inc/authkit-react" session={session} accessToken={accessToken} tokenError={tokenError} />;
}
