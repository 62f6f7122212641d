import type { z } from 'zod';
import { DomainError } from '@hcv/domain';

/** Validates a request body with its contract; the first problem becomes a 400 naming the field. */
export function parseRequest<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') || undefined;
  const message =
    issue?.code === 'unrecognized_keys'
      ? `Unknown field(s): ${(issue as { keys: string[] }).keys.join(', ')}.`
      : `${field ?? 'body'}: ${issue?.message ?? 'invalid'}.`;
  throw new DomainError(
    'invalid-request',
    message,
    400,
    field ?? (issue?.code === 'unrecognized_keys' ? (issue as { keys: string[] }).keys[0] : undefined),
  );
}
