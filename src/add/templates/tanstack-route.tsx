// Written by `authkit-doctor add debug-page`: the route of the auth debug page (__ROUTE__). It
// renders inside the providers around your RouterProvider; the TanStack Router plugin adds it
// to routeTree.gen.ts on the next `vite dev` or `vite build`.
// Delete this file, __COMPONENT_DIR__/ and __CONVEX_MODULE_PATH__ when you are done.

import { createFileRoute } from '@tanstack/react-router';
import { AuthDebug } from '__SRC_PREFIX__auth-debug/AuthDebug';

export const Route = createFileRoute('__ROUTE__')({ component: AuthDebug });
