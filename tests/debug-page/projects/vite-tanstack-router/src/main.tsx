import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createRouter, RouterProvider } from '@tanstack/react-router';
import { AuthKitProvider, useAuth } from '@workos-inc/authkit-react';
import { ConvexReactClient } from 'convex/react';
import { ConvexProviderWithAuthKit } from '@convex-dev/workos';
import { routeTree } from './routeTree.gen';

const convex = new ConvexReactClient(import.meta.env.VITE_CONVEX_URL);
const router = createRouter({ routeTree });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}

// The provider tree of Convex's Vite + AuthKit template: Convex's own adapter package.
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AuthKitProvider
      clientId={import.meta.env.VITE_WORKOS_CLIENT_ID}
      redirectUri={import.meta.env.VITE_WORKOS_REDIRECT_URI}
      apiHostname={import.meta.env.VITE_WORKOS_API_HOSTNAME}
    >
      <ConvexProviderWithAuthKit client={convex} useAuth={useAuth}>
        <RouterProvider router={router} />
      </ConvexProviderWithAuthKit>
    </AuthKitProvider>
  </StrictMode>,
);
