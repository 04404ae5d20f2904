/// <reference types="vite/client" />
import { useCallback, useMemo, type ReactNode } from 'react';
import { createRootRoute, HeadContent, Outlet, Scripts } from '@tanstack/react-router';
import { ConvexProviderWithAuth, ConvexReactClient } from 'convex/react';
import { AuthKitProvider, useAccessToken, useAuth } from '@workos/authkit-tanstack-react-start/client';

const convex = new ConvexReactClient(import.meta.env.VITE_CONVEX_URL);

export const Route = createRootRoute({
  head: () => ({ meta: [{ charSet: 'utf-8' }, { title: 'Notes' }] }),
  shellComponent: RootDocument,
  component: () => (
    <AuthKitProvider>
      <ConvexProviderWithAuth client={convex} useAuth={useAuthFromAuthKit}>
        <Outlet />
      </ConvexProviderWithAuth>
    </AuthKitProvider>
  ),
});

// Adapts AuthKit's hooks to the shape ConvexProviderWithAuth expects.
function useAuthFromAuthKit() {
  const { user, loading } = useAuth();
  const { getAccessToken, refresh } = useAccessToken();

  const fetchAccessToken = useCallback(
    async ({ forceRefreshToken }: { forceRefreshToken: boolean }) => {
      if (!user) {
        return null;
      }
      // Only a rejected or expiring token needs a refresh.
      return forceRefreshToken ? ((await refresh()) ?? null) : ((await getAccessToken()) ?? null);
    },
    [user, refresh, getAccessToken],
  );

  return useMemo(() => ({ isLoading: loading, isAuthenticated: !!user, fetchAccessToken }), [loading, user, fetchAccessToken]);
}

function RootDocument({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <HeadContent />
      </head>
      <body>
        {children}
        <Scripts />
      </body>
    </html>
  );
}
