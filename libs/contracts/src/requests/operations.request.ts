import { z } from 'zod';
import { Identifier } from '../common';

/** GET /operations/feed: the newest lines of the live feed, of one site or of every site the reader sees. */
export const OperationsFeedQuery = z.strictObject({
  siteId: Identifier.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type OperationsFeedQuery = z.infer<typeof OperationsFeedQuery>;
