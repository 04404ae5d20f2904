'use client';

import { type ReactNode, useCallback, useEffect, useMemo } from 'react';
import { ConvexProviderWithAuth, ConvexReactClient } from 'convex/react';
import { AuthKitProvider, useAccessToken, useAuth } from '@workos-inc/authkit-nextjs/components';

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

// Adapts AuthKit's hooks to the shape ConvexProviderWithAuth expects.
function useAuthFromAuthKit() {
  const { user, loading } = useAuth();
  const { getAccessToken, refresh } = useAccessToken();

  // Keep the access token fresh while the tab is open.
  useEffect(() => {
    const id = setInterval(() => {
      void refresh();
    }, 60_000);
    return () => clearInterval(id);
  }, [refresh]);

  const fetchAccessToken = useCallback(
    async ({ forceRefreshToken }: { forceRefreshToken: boolean }) => {
      if (!user) {
        return null;
      }
      // Convex asks for a fresh token when the current one is about to expire
      // or was rejected; only then do we force a refresh.
      return forceRefreshToken ? ((await refresh()) ?? null) : ((await getAccessToken()) ?? null);
    },
    [user, refresh, getAccessToken],
  );

  return useMemo(
    () => ({ isLoading: loading, isAuthenticated: !!user, fetchAccessToken }),
    [loading, user, fetchAccessToken],
  );
}
