import { authkitMiddleware } from '@workos-inc/authkit-nextjs';

// Runs on every app route so that `withAuth()` works everywhere and the
// session cookie is refreshed before it expires.
export default authkitMiddleware({
  // Hands the access token to the browser on the first render, so the Convex
  // client can authenticate without waiting for a server round trip.
  eagerAuth: true,
  middlewareAuth: {
    enabled: true,
    // Everything else requires a signed-in user. The callback path is added
    // automatically by the SDK.
    unauthenticatedPaths: ['/', '/sign-in', '/sign-up'],
  },
});

export const config = {
  // All routes except Next's build output and the favicon.
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
