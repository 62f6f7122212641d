import type { z } from 'zod';
import { ERROR_CATALOGUE, type ErrorCode } from '@hcv/contracts';
import { DomainError } from '@hcv/domain';
import type { FieldProblem } from './error-language';

/**
 * The specific code a contract put on its issue (`params.code`, e.g. invalid-insurer-number from
 * InsurerNumberInput), so the same refusal reads the same in a body, a file row or a query filter.
 */
function catalogueCode(issue: z.core.$ZodIssue | undefined): ErrorCode | undefined {
  const code = issue?.code === 'custom' ? (issue.params as { code?: unknown } | undefined)?.code : undefined;
  return typeof code === 'string' && code in ERROR_CATALOGUE ? (code as ErrorCode) : undefined;
}

/**
 * A body or query that does not match its contract: `fields` lists every problem by its path and
 * zod's issue code (`invalid_type`, `too_small`, `unrecognized_keys`, …) so that a screen can mark
 * the fields; the message is a sentence naming them, never the validator's own text.
 */
export class InvalidRequestError extends DomainError {
  constructor(
    readonly fields: FieldProblem[],
    field?: string,
  ) {
    super('invalid-request', invalidRequestSentence(fields), 400, field);
    this.name = 'InvalidRequestError';
  }
}

const pathOf = (path: readonly PropertyKey[]) => path.map(String).join('.');

/** Every problem of the issues, one per field (an unknown key is a problem of that key). */
export function fieldProblems(issues: readonly z.core.$ZodIssue[]): FieldProblem[] {
  const problems = issues.flatMap((issue): FieldProblem[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: pathOf([...issue.path, key]), code: issue.code }))
      : [{ path: pathOf(issue.path), code: issue.code }],
  );
  return problems.filter((p, i) => problems.findIndex((q) => q.path === p.path && q.code === p.code) === i);
}

function invalidRequestSentence(fields: readonly FieldProblem[]): string {
  const unknown = fields.filter((f) => f.code === 'unrecognized_keys').map((f) => f.path);
  const wrong = fields.filter((f) => f.code !== 'unrecognized_keys').map((f) => f.path || 'the body');
  const parts = [
    ...(wrong.length ? [`${wrong.join(', ')}: missing or not in the form the contract asks for`] : []),
    ...(unknown.length ? [`Unknown field(s): ${unknown.join(', ')}`] : []),
  ];
  return `${parts.join('. ')}.`;
}

/**
 * Validates a request body with its contract. A problem the contract gave a catalogue code (an
 * insurer or institution number) is refused with that code and its sentence; any other becomes
 * `invalid-request` with every problem in `fields`; `field` names the first either way.
 */
export function parseRequest<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const fields = fieldProblems(result.error.issues);
  const field = fields[0]?.path || undefined;
  const code = catalogueCode(issue);
  if (code) throw new DomainError(code, `${pathOf(issue!.path) || 'body'}: ${issue!.message}.`, 400, pathOf(issue!.path) || undefined);
  throw new InvalidRequestError(fields, field);
}
