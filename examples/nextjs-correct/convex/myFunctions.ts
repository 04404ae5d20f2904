import { v } from 'convex/values';
import { mutation, query } from './_generated/server';

export const listNotes = query({
  args: {},
  handler: async (ctx) => {
    const identity = await ctx.auth.getUserIdentity();
    if (identity === null) {
      return [];
    }
    return await ctx.db
      .query('notes')
      .withIndex('by_owner', (q) => q.eq('owner', identity.tokenIdentifier))
      .order('desc')
      .take(50);
  },
});

export const addNote = mutation({
  args: { text: v.string() },
  handler: async (ctx, { text }) => {
    const identity = await ctx.auth.getUserIdentity();
    if (identity === null) {
      throw new Error('Not signed in');
    }
    // `subject` is the WorkOS user id (user_…); handy in logs.
    console.log('adding a note for', identity.subject);
    return await ctx.db.insert('notes', { owner: identity.tokenIdentifier, text });
  },
});
