import { z } from 'zod';
import { Identifier, QueryLimit } from '../common';

/** GET /operations/feed: the newest lines of the live feed, of one site or of every site the reader sees. */
export const OperationsFeedQuery = z.strictObject({
  siteId: Identifier.optional(),
  limit: QueryLimit(200, 50),
});
export type OperationsFeedQuery = z.infer<typeof OperationsFeedQuery>;
