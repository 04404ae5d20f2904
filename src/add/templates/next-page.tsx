// Written by `authkit-doctor add debug-page`: the auth debug page at __ROUTE__.
// The server half: the session as `withAuth()` sees it (the middleware must run on this path).
// Delete this folder and __CONVEX_MODULE_PATH__ when you are done.

import { withAuth } from '@workos-inc/authkit-nextjs';
import { AuthDebugPanel } from './AuthDebugPanel';

// Always render per request: the page is about the current session.
export const dynamic = 'force-dynamic';

export default async function AuthDebugPage() {
  const { user, sessionId, organizationId } = await withAuth();
  const serverSession = user
    ? { userId: user.id, email: user.email ?? null, sessionId: sessionId ?? null, organizationId: organizationId ?? null }
    : null;
  return <AuthDebugPanel serverSession={serverSession} />;
}
