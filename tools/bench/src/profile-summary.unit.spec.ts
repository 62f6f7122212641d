import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summariseHeapProfile, summariseStages } from './profile-summary';

/** A profile whose nodes form stacks root → … → leaf; `samples` are [leaf id, microseconds]. */
function profileFile(frames: [id: number, parent: number | undefined, name: string, url: string][], samples: [number, number][]): string {
  const nodes = frames.map(([id, , functionName, url]) => ({
    id,
    callFrame: { functionName, url, lineNumber: 0 },
    children: frames.filter(([, parent]) => parent === id).map(([child]) => child),
  }));
  const file = join(mkdtempSync(join(tmpdir(), 'profile-summary-')), 'p.cpuprofile');
  writeFileSync(file, JSON.stringify({ nodes, samples: samples.map(([id]) => id), timeDeltas: samples.map(([, us]) => us) }));
  return file;
}

describe('summariseStages', () => {
  it('gives each sample to the innermost stage, library or package on its stack, without the profiler and idle time', () => {
    const dist = 'file:///repo/dist';
    const file = profileFile(
      [
        [1, undefined, '(root)', ''],
        [2, 1, 'stage', `${dist}/libs/persistence/src/outbox/outbox-relay.js`],
        [3, 2, 'stageEvent', `${dist}/libs/messaging/src/envelope-codec.js`],
        [4, 3, 'safeParse', 'file:///repo/node_modules/zod/v4/classic/schemas.cjs'],
        [5, 3, 'plainCopy', `${dist}/libs/messaging/src/plain-copy.js`],
        [10, 1, 'eventHandler', 'file:///repo/node_modules/@nestjs/microservices/listeners-controller.js'],
        [6, 10, 'match', `${dist}/libs/voucher-matching-service/src/match-voucher/match-voucher.handler.js`],
        [11, 6, 'hash', 'node:internal/crypto/hash'],
        [7, 1, 'post', 'node:inspector'],
        [8, 1, '(garbage collector)', ''],
        [9, 1, '(idle)', ''],
      ],
      [
        [4, 400],
        [5, 100],
        [3, 200],
        [2, 100],
        [6, 100],
        [11, 50],
        [8, 50],
        [7, 5_000],
        [9, 5_000],
      ],
    );
    const lines = summariseStages(file).split('\n').slice(1);
    expect(lines).toEqual([
      '   40.0 %  zod (contract checks)',
      '   20.0 %  envelope build and encode (JSON, headers, id, time)',
      '   15.0 %  libs/voucher-matching-service',
      '   10.0 %  copies (plainCopy, structuredClone, memory-store copies)',
      '   10.0 %  outbox staging and relay',
      '    5.0 %  garbage collection',
    ]);
  });
});

describe('summariseHeapProfile', () => {
  it('gives each allocation to its function and to the innermost stage, library or package on its stack, per unit of work', () => {
    const dist = 'file:///repo/dist';
    const node = (functionName: string, url: string, selfSize: number, children: unknown[] = []) => ({
      callFrame: { functionName, url, lineNumber: 0 },
      selfSize,
      children,
    });
    const head = node('(root)', '', 0, [
      node('stage', `${dist}/libs/persistence/src/outbox/outbox-relay.js`, 1024, [
        node('stageEvent', `${dist}/libs/messaging/src/envelope-codec.js`, 2048, [node('(anonymous)', '', 4096)]),
      ]),
      node('match', `${dist}/libs/voucher-matching-service/src/match-voucher/match-voucher.handler.js`, 1024, [
        node('plainCopy', `${dist}/libs/messaging/src/plain-copy.js`, 2048),
      ]),
    ]);
    const file = join(mkdtempSync(join(tmpdir(), 'profile-summary-')), 'p.heapprofile');
    writeFileSync(file, JSON.stringify({ head }));
    const text = summariseHeapProfile(file, 2);
    expect(text).toContain('5.0 KB per verification');
    // zod's compiled parsers are unnamed, without a file: 4 KB of 10 under "zod", 2 KB each per verification
    expect(text).toMatch(/40\.0 %\s+2\.0 KB {2}zod \(contract checks\)/);
    expect(text).toMatch(/20\.0 %\s+1\.0 KB {2}envelope build and encode/);
    expect(text).toMatch(/20\.0 %\s+1\.0 KB {2}copies/);
    expect(text).toMatch(/10\.0 %\s+0\.5 KB {2}outbox staging and relay/);
    expect(text).toMatch(/10\.0 %\s+0\.5 KB {2}libs\/voucher-matching-service/);
  });
});
