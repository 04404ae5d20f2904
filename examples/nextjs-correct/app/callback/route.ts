import { handleAuth } from '@workos-inc/authkit-nextjs';

// WorkOS redirects here (NEXT_PUBLIC_WORKOS_REDIRECT_URI) with ?code=&state=.
// handleAuth exchanges the code, stores the session cookie and sends the user to "/".
export const GET = handleAuth();
