import { defineSchema, defineTable } from 'convex/server';
import { v } from 'convex/values';

export default defineSchema({
  messages: defineTable({
    // WorkOS user id (`identity.subject`) of the author.
    author: v.string(),
    body: v.string(),
  }),
});
