// Written by `authkit-doctor add debug-page`: the auth debug page at __ROUTE__ for TanStack
// Start. The loader asks the server for the session (`getAuth()`); the component reads the same
// hooks the Convex provider reads.
// Delete this file, __COMPONENT_DIR__/ and __CONVEX_MODULE_PATH__ when you are done.

import { createFileRoute } from '@tanstack/react-router';
import { getAuth } from '@workos/authkit-tanstack-react-start';
import { useAccessToken, useAuth } from '@workos/authkit-tanstack-react-start/client';
import { AuthDebugView, type SessionSummary } from '__SRC_PREFIX__auth-debug/AuthDebugView';

export const Route = createFileRoute('__ROUTE__')({
  loader: async () => {
    // Only the summary leaves the server: the access token in `auth` is never sent to the page.
    const auth = await getAuth();
    const serverSession: SessionSummary = auth.user
      ? { userId: auth.user.id, email: auth.user.email ?? null, sessionId: auth.sessionId, organizationId: auth.organizationId ?? null }
      : null;
    return { serverSession };
  },
  component: AuthDebugPage,
});

function AuthDebugPage() {
  const { serverSession } = Route.useLoaderData();
  const { user, sessionId, organizationId, loading } = useAuth();
  const { accessToken, loading: tokenLoading, error } = useAccessToken();
  const session: SessionSummary | undefined = loading
    ? undefined
    : user
      ? { userId: user.id, email: user.email ?? null, sessionId: sessionId ?? null, organizationId: organizationId ?? null }
      : null;
  return (
    <AuthDebugView
      sdk="@workos/authkit-tanstack-react-start"
      session={session}
      serverSession={serverSession}
      serverSource="getAuth()"
      accessToken={tokenLoading ? undefined : (accessToken ?? null)}
      tokenError={error ? error.message : null}
    />
  );
}
