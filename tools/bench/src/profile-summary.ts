import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The repository (this file runs from dist/tools/bench/src; bench-platform's ROOT, without reading the Dockerfile on import). */
const ROOT = join(__dirname, '../../../..');

/** The parts of a V8 .cpuprofile (node --cpu-prof) this summary reads. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/** Top self-time functions of a profile, and the same grouped by package (node_modules/<pkg>, our libs, node internals). */
export function summariseProfile(file: string, top = 25): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfMicros = new Map<number, number>();
  profile.samples.forEach((id, i) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...selfMicros.values()].reduce((s, x) => s + x, 0);
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  for (const [id, micros] of selfMicros) {
    const frame = byId.get(id)!.callFrame;
    const where = frame.url ? relative(ROOT, frame.url.replace(/^file:\/\//, '')) : '';
    const name = `${frame.functionName || '(anonymous)'} ${where ? `${where}:${frame.lineNumber + 1}` : ''}`.trim();
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
    const pkg =
      /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(where)?.[1] ??
      /(?:dist\/)?(libs\/[^/]+|apps\/[^/]+)/.exec(where)?.[1] ??
      (frame.url.startsWith('node:') ? 'node internals' : frame.functionName.startsWith('(') ? frame.functionName : 'other');
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + micros);
  }
  const rows = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `  ${((100 * v) / total).toFixed(1).padStart(5)} %  ${(v / 1000).toFixed(0).padStart(7)} ms  ${k}`)
      .join('\n');
  return [
    `${file}: ${(total / 1e6).toFixed(1)} s sampled`,
    'top self time by function:',
    rows(byFunction, top),
    'by package:',
    rows(byPackage, 15),
  ].join('\n');
}

/**
 * The pipeline's stages of an embedded or service profile, each a pattern on a frame's
 * `function url` (the first matching stage wins, in this order, so the more specific come first).
 */
export const PIPELINE_STAGES: readonly (readonly [stage: string, frame: RegExp])[] = [
  ['garbage collection', /^\(garbage collector\)/],
  ['copies (plainCopy, structuredClone, memory-store copies)', /^(plainCopy|structuredClone|copyWithoutOutbox) /],
  // zod's compiled object parsers are unnamed functions without a file
  ['zod (contract checks)', /\/zod\/|^\(anonymous\) $/],
  ['OpenTelemetry spans and context', /@opentelemetry|trace-context|async_local_storage|async_context_frame|async_hooks/],
  ['metrics', /platform\/metrics|messaging-observer|prom-client/],
  ['audit hash chain', /hash-chain/],
  ['processed-event log', /processed-event|batch-processed-log/],
  ['outbox staging and relay', /\/outbox\//],
  ['aggregate store (unit of work)', /unit-of-work/],
  ['envelope build and encode (JSON, headers, id, time)', /envelope-codec|node:internal\/crypto\/random|^randomUUID /],
  ['bus dispatch and delivery', /in-process-message-bus|kafka-message-bus|messaging\/src\/(delivery|transport)/],
  ['NestJS and rxjs dispatch', /@nestjs|rxjs/],
  ['timers, ticks and promises', /node:internal\/(timers|process\/task_queues)|^runMicrotasks /],
  ['load driver', /federation-driver|embedded-load|eligibility-simulator/],
];

/**
 * Exclusive time per pipeline stage: each sample goes to the innermost frame of its stack that
 * says where the time went — a stage (`stages`), else our own code's library (`libs/<name>`: a
 * service's logic, under whatever stage called it), else a package — passing over Node's internals
 * and unnamed frames. The profiler's own frames (node:inspector, as the load phase's Profiler.start)
 * are left out, and so is idle time, so the shares are of the work profiled.
 */
export function summariseStages(file: string, stages = PIPELINE_STAGES): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const frame = (id: number) => {
    const { functionName, url } = byId.get(id)!.callFrame;
    return `${functionName || '(anonymous)'} ${url ? relative(ROOT, url.replace(/^file:\/\//, '')) : ''}`;
  };
  const where = (name: string) =>
    stages.find(([, pattern]) => pattern.test(name))?.[0] ??
    /(?:libs|apps|tools)\/[^/]+/.exec(name)?.[0] ??
    /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(name)?.[1];
  const micros = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((leaf, i) => {
    const time = profile.timeDeltas[i] ?? 0;
    let stage: string | undefined;
    for (let id: number | undefined = leaf; id !== undefined && !stage; id = parent.get(id)) {
      const name = frame(id);
      if (name.includes('node:inspector') || name.startsWith('(idle)')) return;
      stage = where(name);
    }
    stage ??= frame(leaf).trim();
    micros.set(stage, (micros.get(stage) ?? 0) + time);
    total += time;
  });
  return [
    `${file}: time by stage (the innermost stage, library or package on the stack), profiler and idle excluded`,
    ...[...micros]
      .sort((a, b) => b[1] - a[1])
      .filter(([, v]) => v / total >= 0.002)
      .map(([k, v]) => `  ${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`),
  ].join('\n');
}

/** The parts of a V8 sampling heap profile (HeapProfiler.stopSampling, a .heapprofile) this summary reads. */
interface HeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children?: HeapNode[];
}

/**
 * What a sampling heap profile says was allocated, per `per` units of work (a verification): by
 * allocating function (self), and by stage — each allocation to the innermost stage, library or
 * package on its stack, as `summariseStages` does for time.
 */
export function summariseHeapProfile(file: string, per = 1, top = 25, stages = PIPELINE_STAGES): string {
  const { head } = JSON.parse(readFileSync(file, 'utf8')) as { head: HeapNode };
  const frame = (n: HeapNode) => {
    const { functionName, url, lineNumber } = n.callFrame;
    const where = url ? relative(ROOT, url.replace(/^file:\/\//, '')) : '';
    return {
      name: `${functionName || '(anonymous)'} ${where}`,
      at: `${functionName || '(anonymous)'} ${where ? `${where}:${lineNumber + 1}` : ''}`.trim(),
    };
  };
  const stageOf = (name: string) =>
    stages.find(([, pattern]) => pattern.test(name))?.[0] ??
    /(?:libs|apps|tools)\/[^/]+/.exec(name)?.[0] ??
    /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(name)?.[1];
  const byFunction = new Map<string, number>();
  const byStage = new Map<string, number>();
  let total = 0;
  // Depth first with an explicit stack: a profile's trees are deep.
  const work: { node: HeapNode; stage: string | undefined }[] = [{ node: head, stage: undefined }];
  while (work.length) {
    const { node, stage: outer } = work.pop()!;
    const { name, at } = frame(node);
    const stage = stageOf(name) ?? outer;
    if (node.selfSize) {
      total += node.selfSize;
      byFunction.set(at, (byFunction.get(at) ?? 0) + node.selfSize);
      const key = stage ?? at;
      byStage.set(key, (byStage.get(key) ?? 0) + node.selfSize);
    }
    for (const child of node.children ?? []) work.push({ node: child, stage });
  }
  const rows = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `  ${((100 * v) / total).toFixed(1).padStart(5)} %  ${(v / per / 1024).toFixed(1).padStart(7)} KB  ${k}`)
      .join('\n');
  return [
    `${file}: ${(total / 2 ** 20).toFixed(0)} MB allocated (sampled)${per > 1 ? `, ${(total / per / 1024).toFixed(1)} KB per verification` : ''}`,
    'top allocating functions (self):',
    rows(byFunction, top),
    'by stage (the innermost stage, library or package on the stack):',
    rows(byStage, 20),
  ].join('\n');
}

if (require.main === module) {
  // `<file.heapprofile> [verifications]`: the count (the run's `completed`) gives the figures per verification
  const [first, count] = process.argv.slice(2);
  if (first?.endsWith('.heapprofile')) console.log(summariseHeapProfile(first, Number(count ?? 1) || 1));
  else for (const file of process.argv.slice(2)) console.log(`${summariseProfile(file)}\n${summariseStages(file)}`);
}
