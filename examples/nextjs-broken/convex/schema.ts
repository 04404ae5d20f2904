import { defineSchema, defineTable } from 'convex/server';
import { v } from 'convex/values';

export default defineSchema({
  notes: defineTable({
    // `identity.tokenIdentifier` of the author: unique across issuers.
    owner: v.string(),
    text: v.string(),
  }).index('by_owner', ['owner']),
});
