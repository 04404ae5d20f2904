import { StrictMode, useCallback, useMemo } from 'react';
import { createRoot } from 'react-dom/client';
import { AuthKitProvider, LoginRequiredError, useAuth } from '@workos-inc/authkit-react';
import { ConvexProviderWithAuth, ConvexReactClient } from 'convex/react';
import App from './App';

const convex = new ConvexReactClient(import.meta.env.VITE_CONVEX_URL);

// Adapts authkit-react's useAuth() to the shape ConvexProviderWithAuth expects.
function useAuthFromAuthKit() {
  const { isLoading, user, getAccessToken } = useAuth();

  const fetchAccessToken = useCallback(
    async ({ forceRefreshToken }: { forceRefreshToken: boolean }) => {
      if (!user) {
        return null;
      }
      try {
        // Convex sets forceRefreshToken when the token is about to expire or
        // was rejected: then a cached token would not do.
        return await getAccessToken({ forceRefresh: forceRefreshToken });
      } catch (error) {
        // The session is gone: tell Convex the user is signed out.
        if (error instanceof LoginRequiredError) {
          return null;
        }
        // Anything else (network, rate limit) is not a sign-out.
        throw error;
      }
    },
    [user, getAccessToken],
  );

  return useMemo(
    () => ({ isLoading, isAuthenticated: !!user, fetchAccessToken }),
    [isLoading, user, fetchAccessToken],
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {/* Also renders at /callback: it spots ?code= there and finishes sign-in.
        apiHostname: api.workos.com in staging; in production the custom Authentication
        API domain, so the session cookie is first-party on the deployed site. */}
    <AuthKitProvider
      clientId={import.meta.env.VITE_WORKOS_CLIENT_ID}
      redirectUri={import.meta.env.VITE_WORKOS_REDIRECT_URI}
      apiHostname={import.meta.env.VITE_WORKOS_API_HOSTNAME}
    >
      <ConvexProviderWithAuth client={convex} useAuth={useAuthFromAuthKit}>
        <App />
      </ConvexProviderWithAuth>
    </AuthKitProvider>
  </StrictMode>,
);
