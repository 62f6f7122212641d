import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ServiceName } from '@hcv/contracts';

/**
 * What a service process runs, for the tests' and the benches' launchers alike: `bundle` (the
 * default) is dist/bundles/<service>.js, the one file `npm run build` makes per service
 * (tools/bundle/bundle.mjs) and the images run; `modules` is the compiled entry
 * dist/apps/<service>/src/main.js, which loads dist/ and node_modules module by module. Chosen by
 * HCV_SERVICE_ENTRY in the test run's or the bench's environment (never passed on to the service).
 */
export type ServiceEntry = 'bundle' | 'modules';
export const SERVICE_ENTRY_SETTING = 'HCV_SERVICE_ENTRY';

export function serviceEntry(value: string | undefined = process.env[SERVICE_ENTRY_SETTING]): ServiceEntry {
  if (value === undefined || value === '' || value === 'bundle') return 'bundle';
  if (value === 'modules') return 'modules';
  throw new Error(`${SERVICE_ENTRY_SETTING}=${value}: expected bundle or modules`);
}

/** The service's entry file; a bundle older than a file it was made from is refused (it would run old code). */
export function serviceMain(service: ServiceName, entry: ServiceEntry = serviceEntry()): string {
  const root = repositoryRoot();
  if (entry === 'modules') return join(root, 'dist/apps', service, 'src/main.js');
  const bundle = join(root, 'dist/bundles', `${service}.js`);
  const stale = staleBundleInput(root, service);
  if (stale) throw new Error(`${bundle} is older than ${stale}: run \`npm run build\` (tsc alone does not bundle)`);
  return bundle;
}

/** A file the service's bundle was made from that changed since (tools/bundle/bundle.mjs records each one's size and mtime), if any. */
export function staleBundleInput(root: string, service: ServiceName): string | undefined {
  const inputs = join(root, 'dist/bundles', `${service}.inputs.json`);
  if (!existsSync(inputs)) return undefined;
  for (const [file, made] of Object.entries(JSON.parse(readFileSync(inputs, 'utf8')) as Record<string, string>)) {
    const stat = statSync(join(root, file), { throwIfNoEntry: false });
    if ((stat ? `${stat.size}:${stat.mtimeMs}` : 'missing') !== made) return file;
  }
  return undefined;
}

/** The repository's root (the folder of nx.json), from the sources (jest) or from dist/ (the benches). */
function repositoryRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no nx.json above ${from}`);
  }
}
