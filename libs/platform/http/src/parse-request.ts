import type { z } from 'zod';
import { ERROR_CATALOGUE, type ErrorCode } from '@hcv/contracts';
import { DomainError } from '@hcv/domain';

/**
 * The specific code a contract put on its issue (`params.code`, e.g. invalid-insurer-number from
 * InsurerNumberInput), so the same refusal reads the same in a body, a file row or a query filter.
 */
function catalogueCode(issue: z.core.$ZodIssue | undefined): ErrorCode | undefined {
  const code = issue?.code === 'custom' ? (issue.params as { code?: unknown } | undefined)?.code : undefined;
  return typeof code === 'string' && code in ERROR_CATALOGUE ? (code as ErrorCode) : undefined;
}

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
    catalogueCode(issue) ?? 'invalid-request',
    message,
    400,
    field ?? (issue?.code === 'unrecognized_keys' ? (issue as { keys: string[] }).keys[0] : undefined),
  );
}
