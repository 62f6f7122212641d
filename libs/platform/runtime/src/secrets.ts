import { readFileSync } from 'node:fs';

/**
 * A secret from the environment: the value itself, or the file it is mounted as (`<NAME>_FILE`, a
 * Kubernetes/compose secret). A development default is accepted only outside production: with
 * NODE_ENV=production the secret must be set, must not be the default, and must be long enough.
 * The caller passes `process.env.X` itself so that the names stay greppable (deploy manifest check).
 */
export function secretFromEnv(input: {
  name: string;
  value: string | undefined;
  file: string | undefined;
  nodeEnv: string | undefined;
  /** A value clearly marked dev-only; refused in production. */
  devDefault?: string;
  /** Minimum length in production (and always, if the value is set). */
  minLength: number;
}): string {
  const production = input.nodeEnv === 'production';
  const fromFile = input.file ? readFileSync(input.file, 'utf8').trim() : undefined;
  const secret = fromFile ?? input.value;
  if (!secret) {
    if (input.devDefault !== undefined && !production) return input.devDefault;
    throw new Error(`Invalid configuration: ${input.name} (or ${input.name}_FILE) must be set${production ? ' in production' : ''}`);
  }
  if (production && secret === input.devDefault)
    throw new Error(`Invalid configuration: ${input.name} is the development default, which is refused in production`);
  if (production && secret.length < input.minLength)
    throw new Error(`Invalid configuration: ${input.name} must be at least ${input.minLength} characters in production`);
  return secret;
}
