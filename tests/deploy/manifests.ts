import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

/**
 * Reads the deployment sources (docker-compose.yml, k8s/ kustomize files, config.env) for the
 * consistency tests. Rendering and schema checks are the Go validator's job (npm run
 * validate:deploy); these tests compare the sources with the code.
 */
export const ROOT = join(__dirname, '../..');
export const read = (p: string): string => readFileSync(join(ROOT, p), 'utf8');
export const exists = (p: string): boolean => existsSync(join(ROOT, p));

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- YAML documents are untyped; the tests check their shape
export type Doc = Record<string, any>;

export function yamlDocs(path: string): Doc[] {
  return parseAllDocuments(read(path)).map((d) => d.toJS() as Doc);
}

export function yamlDoc(path: string): Doc {
  return parse(read(path), { merge: true }) as Doc;
}

/** KEY=VALUE lines, comments and blank lines skipped (the format kustomize and compose both read). */
export function envFile(path: string): Record<string, string> {
  const entries = read(path)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as const);
  return Object.fromEntries(entries);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts'))
    .map((e) => join(e.parentPath, e.name));
}

/** Every environment variable name the code reads: env.X / process.env.X, and the keys of the zod env schemas. */
export function envNamesReadByCode(dirs: readonly string[] = ['apps', 'libs'], except: readonly string[] = []): Set<string> {
  const names = new Set<string>();
  const skipped = except.map((dir) => join(ROOT, dir) + '/');
  for (const file of dirs.flatMap(sourceFiles).filter((f) => !skipped.some((dir) => f.startsWith(dir)))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\benv\.([A-Z][A-Z0-9_]+)/g)) names.add(m[1]!);
    for (const block of text.matchAll(/\b\w*Env = z\.object\(\{([\s\S]*?)\n\}\)/g)) {
      for (const m of block[1]!.matchAll(/^\s+([A-Z][A-Z0-9_]+):/gm)) names.add(m[1]!);
    }
  }
  return names;
}

/** The Kafka consumer groups a service consumes with (`group: '…'` in its libs/<service>-service/src/<service>.topics.ts). */
export function consumerGroupsInCode(service: string): string[] {
  const dir = `libs/${service}-service/src`;
  if (!exists(dir)) return [];
  const topics = sourceFiles(dir).filter((f) => f.endsWith('.topics.ts'));
  const groups = topics.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/\bgroup: '([^']+)'/g)].map((m) => m[1]!));
  return [...new Set(groups)].sort();
}

/** host:port of a URL or a broker list's first entry. */
export function hostAndPort(value: string): { host: string; port: number } {
  const url = new URL(value.includes('://') ? value : `tcp://${value.split(',')[0]}`);
  return { host: url.hostname, port: Number(url.port) };
}
