import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { Options } from 'prettier';
import { format } from 'prettier/standalone';
import * as markdown from 'prettier/plugins/markdown';
import { ALL_EVENT_CONTRACTS } from '@hcv/contracts';
import type { ServiceTopics } from '@hcv/messaging';
import { AUDIT_TOPICS } from '@hcv/audit-service';
import { OPERATIONS_DESK_TOPICS } from '@hcv/operations-desk';
import { CARD_SESSION_TOPICS } from '@hcv/card-session-service';
import { DEVICE_REGISTRY_TOPICS } from '@hcv/device-registry-service';
import { QUALIFICATION_LOOKUP_TOPICS } from '@hcv/qualification-lookup-service';
import { VOUCHER_MATCHING_TOPICS } from '@hcv/voucher-matching-service';
import { readContractDocs } from './contract-docs';
import { processesOf, renderServiceTopics, renderTopicFlow, renderTopicMap, topicGaps, type TopicMapSources } from './topic-map.render';

/**
 * Each library's topics and the README its section is written into, in the order an eligibility
 * check flows through them (the root table follows it). The operations desk is a library of its own
 * that runs in the audit process: on the root map its topics are audit's.
 */
const LIBRARIES: readonly { topics: ServiceTopics; readme: string }[] = [
  { topics: DEVICE_REGISTRY_TOPICS, readme: 'libs/device-registry-service/README.md' },
  { topics: CARD_SESSION_TOPICS, readme: 'libs/card-session-service/README.md' },
  { topics: QUALIFICATION_LOOKUP_TOPICS, readme: 'libs/qualification-lookup-service/README.md' },
  { topics: VOUCHER_MATCHING_TOPICS, readme: 'libs/voucher-matching-service/README.md' },
  { topics: AUDIT_TOPICS, readme: 'libs/audit-service/README.md' },
  { topics: OPERATIONS_DESK_TOPICS, readme: 'libs/operations-desk/README.md' },
];

/** The repository root: the nearest folder up with nx.json (the same from the sources and from dist/). */
export function repositoryRoot(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no nx.json above ${from}`);
  }
}

export function topicMapSources(root = repositoryRoot()): TopicMapSources {
  return {
    services: processesOf(LIBRARIES.map((l) => l.topics)),
    catalogue: ALL_EVENT_CONTRACTS,
    docs: readContractDocs(join(root, 'libs/contracts/src')),
  };
}

/** Markdown the way `prettier --write` leaves it, with the repository's .prettierrc (embedded code is not generated here). */
async function prettier(text: string, root: string): Promise<string> {
  const config = JSON.parse(readFileSync(join(root, '.prettierrc'), 'utf8')) as Options;
  return format(text, { ...config, parser: 'markdown', plugins: [markdown] });
}

function replaceSection(text: string, file: string, name: string, body: string): string {
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${file} has no ${begin} … ${end} section`);
  return `${text.slice(0, from + begin.length)}\n\n${body}\n${text.slice(to)}`;
}

export interface RenderedFile {
  /** Relative to the repository root. */
  path: string;
  current: string;
  rendered: string;
}

/** The root README, docs/topics.md and every service README as they are and as the generator renders them. */
export async function renderReadmes(root = repositoryRoot()): Promise<RenderedFile[]> {
  const sources = topicMapSources(root);
  const sections = [
    { path: 'README.md', name: 'topic-flow', body: renderTopicFlow(sources) },
    { path: 'docs/topics.md', name: 'topic-map', body: renderTopicMap(sources) },
    ...LIBRARIES.map((library) => ({
      path: library.readme,
      name: 'topics',
      body: renderServiceTopics(sources, library.topics),
    })),
  ];
  return Promise.all(
    sections.map(async ({ path, name, body }) => {
      const current = readFileSync(join(root, path), 'utf8');
      return { path, current, rendered: replaceSection(current, path, name, await prettier(body, root)) };
    }),
  );
}

async function main(args: readonly string[]): Promise<number> {
  const root = repositoryRoot();
  const stale = (await renderReadmes(root)).filter((f) => f.current !== f.rendered);
  const gaps = topicGaps(topicMapSources(root));
  for (const [what, topics] of Object.entries(gaps)) if (topics.length) console.log(`${what}: ${topics.join(', ')}`);
  if (args.includes('--write')) {
    for (const f of stale) writeFileSync(join(root, f.path), f.rendered);
    console.log(stale.length ? `rewrote ${stale.map((f) => f.path).join(', ')}` : 'topic map up to date');
    return 0;
  }
  if (stale.length)
    console.error(`stale: ${stale.map((f) => relative(process.cwd(), join(root, f.path))).join(', ')} (run npm run docs:topics)`);
  return stale.length ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
