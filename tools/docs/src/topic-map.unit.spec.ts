import { z } from 'zod';
import { defineEvent, type EventContract } from '@hcv/contracts';
import type { ServiceTopics } from '@hcv/messaging';
import { parseDoc } from './contract-docs';
import { renderReadmes } from './topic-map';
import { processesOf, renderServiceTopics, renderTopicFlow, renderTopicMap, topicGaps, type TopicMapSources } from './topic-map.render';

function firstDifference(current: string, rendered: string): string {
  const a = current.split('\n');
  const b = rendered.split('\n');
  const at = a.findIndex((line, i) => line !== b[i]);
  const line = at < 0 ? a.length : at;
  return `line ${line + 1}:\n    is:        ${a[line] ?? '(end of file)'}\n    rendered:  ${b[line] ?? '(end of file)'}`;
}

describe('topic map', () => {
  it('README.md, docs/topics.md and every service README hold the topic sections the contracts and *.topics.ts files render', async () => {
    const stale = (await renderReadmes()).filter((f) => f.current !== f.rendered);
    const report = stale.map((f) => `  ${f.path}, ${firstDifference(f.current, f.rendered)}`).join('\n');
    if (stale.length) throw new Error(`topic map out of date — run npm run docs:topics\n${report}`);
  });

  describe('rendering', () => {
    const A = defineEvent({ type: 'thing.made', version: 1, data: z.object({}) });
    const B = defineEvent({ type: 'thing.used', version: 1, data: z.object({}) });
    const Old = defineEvent({ type: 'thing.made', version: 0, data: z.object({}) });
    const Lost = defineEvent({ type: 'thing.lost', version: 1, data: z.object({}) });
    const maker: ServiceTopics = { service: 'device-registry', consumes: [], publishes: [A] };
    const user: ServiceTopics = {
      service: 'card-session',
      consumes: [{ group: 'card-session.use', purpose: 'uses things', ordering: 'key', topics: [A, Old], controllers: [] }],
      publishes: [B, Lost],
    };
    const catalogue: EventContract[] = [A, B, Old];
    const sources: TopicMapSources = {
      services: [maker, user],
      catalogue,
      docs: new Map([['thing.made.v1', { summary: 'A thing was made.', key: 'thing id' }]]),
    };

    it('gives each topic one row with its producers and its consumer groups', () => {
      const map = renderTopicMap(sources);
      expect(map).toContain('| `thing.made.v1` | device-registry | card-session (`card-session.use`) |');
      expect(map).toContain('| `thing.used.v1` | card-session | — (no group) |');
      expect(map).toContain('device_registry -->|"thing.made.v1"| card_session');
    });

    it('gives the README the flowchart without the table', () => {
      const flow = renderTopicFlow(sources);
      expect(flow).toContain('device_registry -->|"thing.made.v1"| card_session');
      expect(flow).not.toContain('| `thing.made.v1` |');
    });

    it('flags contracts nobody publishes or reads and topics missing from the catalogue', () => {
      expect(topicGaps(sources)).toEqual({
        unpublished: ['thing.made.v0'],
        unread: ['thing.used.v1'],
        uncatalogued: ['thing.lost.v1'],
        undocumented: ['thing.used.v1', 'thing.made.v0'],
        unkeyed: [],
      });
      expect(renderTopicMap(sources)).toContain('- In the catalogue, published by no service: `thing.made.v0`.');
    });

    it('lists a service’s groups with their delivery and purpose, and each published event with its key', () => {
      const section = renderServiceTopics(sources, user);
      expect(section).toContain('| in | `thing.made.v1`, `thing.made.v0` | `card-session.use` (key order) | uses things |');
      expect(section).toContain('| out | `thing.used.v1` | — | — |');
      expect(renderServiceTopics(sources, maker)).toContain('| out | `thing.made.v1` | key: thing id | A thing was made. |');
    });

    it('lists libraries of one process as one service, their groups of one name joined', () => {
      const desk: ServiceTopics = {
        service: 'card-session',
        consumes: [{ group: 'card-session.use', purpose: 'a projection of the same group', topics: [B, A], controllers: [] }],
        publishes: [Old],
      };
      const [merged, ...others] = processesOf([user, maker, desk]);
      expect(others.map((s) => s.service)).toEqual(['device-registry']);
      expect(merged!.consumes).toHaveLength(1);
      expect(merged!.consumes[0]).toMatchObject({ group: 'card-session.use', purpose: 'uses things', ordering: 'key' });
      expect(merged!.consumes[0]!.topics.map((c) => c.topic)).toEqual(['thing.made.v1', 'thing.made.v0', 'thing.used.v1']);
      expect(merged!.publishes.map((c) => c.topic)).toEqual(['thing.used.v1', 'thing.lost.v1', 'thing.made.v0']);
    });

    it('reads the first sentence and the key of a doc comment', () => {
      expect(parseDoc('The session was abandoned: nothing happened (e.g. for a while). More. Key: session id.')).toEqual({
        summary: 'The session was abandoned: nothing happened (e.g. for a while).',
        key: 'session id',
      });
      expect(parseDoc('No key here.')).toEqual({ summary: 'No key here.' });
    });
  });
});
