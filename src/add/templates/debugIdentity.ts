// Written by `authkit-doctor add debug-page` for the auth debug page (__PAGE_PATH__).
// It returns what Convex knows about the caller: the identity built from the claims of the
// token Convex accepted, or null when the request carried no token it accepted.
// Delete this file together with the page.
import { query } from './_generated/server';

export const debugIdentity = query({
  args: {},
  handler: async (ctx) => {
    return await ctx.auth.getUserIdentity();
  },
});
