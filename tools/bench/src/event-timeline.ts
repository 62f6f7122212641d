import { Kafka, logLevel, type Admin, type Consumer } from 'kafkajs';
import { benchKafkaClient } from './bench-kafka';
import { ALL_EVENT_CONTRACTS } from '@hcv/contracts';
import { OffsetCommitter } from '@hcv/messaging';

// Each stage by its topics: every version of its event (the one producers publish now, and those
// of a platform not yet upgraded).
const topicsOf = (...types: string[]) => new Set(ALL_EVENT_CONTRACTS.filter((c) => types.includes(c.type)).map((c) => c.topic));
const REQUESTED = topicsOf('eligibility.requested', 'qualification.transcribed');
const RESOLVED = topicsOf('qualification.resolved');
const DECIDED = topicsOf('verification.outcome');
const COMPLETED = topicsOf('session.completed');
/** Every stage but the last: read after a measured window (see `pauseSteps`), not during it. */
const STEP_TOPICS = [...REQUESTED, ...RESOLVED, ...DECIDED];
/**
 * The reader's position is committed this often, not after every batch: kafkajs' autoCommit waits
 * for an OffsetCommit after each batch (the broker's commit linger, ≥ 5 ms), which delayed the
 * outcomes the driver waits on and cost the broker CPU the platform was charged with.
 */
const COMMIT_INTERVAL_MILLIS = 1_000;
/**
 * Longest the broker holds the reader's fetch while nothing new is there. It answers as soon as an
 * event arrives (kafkajs' minBytes 1), so this bounds only idle fetches: at 20 ms the reader fetched
 * 50 times a second whatever the load, on the broker charged to the platform and on the driver's
 * CPU; kept short enough that topics resumed after a window (catchUpSteps) are fetched soon.
 */
const FETCH_MAX_WAIT_MILLIS = 500;
import { OutcomeFeed, summarise, type LatencySummary } from '@hcv/federation-driver';

/** Event time with its microseconds (`…00.123456Z`) as fractional epoch milliseconds. */
function eventMillis(time: string): number {
  const micros = /\.\d{3}(\d{3})Z$/.exec(time)?.[1];
  return Date.parse(time) + (micros ? Number(micros) / 1000 : 0);
}

interface SessionTimes {
  requestedAt?: number;
  resolvedAt?: number;
  upstreamMillis?: number;
  decidedAt?: number;
  completedAt?: number;
  /** When each event's produce request was built (the Kafka record's CreateTime, set by the producer). */
  requestedSentAt?: number;
  resolvedSentAt?: number;
  decidedSentAt?: number;
}

/**
 * The pipeline cut where its time goes, per session, from two stamps of each event: the envelope's
 * `time` (staged by the use case, before its write) and the Kafka record's CreateTime (the moment
 * the producer built the request carrying it: after the write, the relay's wake-up and the
 * producer's queue). Each service's part is then
 *   sent → next staged: the broker, the consumer's fetch, the delivery and the handler up to its decision;
 *   staged → sent: its write (state + outbox), the relay and the producer.
 * The steps add up to the pipeline (CreateTime has millisecond resolution: compare medians).
 */
export interface PipelineSteps {
  /** card-session: eligibility.requested staged → sent (the session's write, the relay, the producer). */
  requestedOut: LatencySummary;
  /** eligibility.requested sent → qualification.resolved staged, national system excluded (broker, fetch, qualification-lookup's handling). */
  lookupIn: LatencySummary;
  /** qualification-lookup: qualification.resolved staged → sent (the lookup's write, relay, producer). */
  resolvedOut: LatencySummary;
  /** qualification.resolved sent → verification.outcome staged (broker, fetch, voucher-matching's handling and reads). */
  matchIn: LatencySummary;
  /** voucher-matching: verification.outcome staged → sent (the decision's write, relay, producer). */
  outcomeOut: LatencySummary;
  /** verification.outcome sent → session.completed staged (broker, fetch, card-session's handling). */
  completeIn: LatencySummary;
}

export interface PipelineLatency {
  sessions: number;
  /** eligibility.requested (or qualification.transcribed) → session.completed, minus the national system's time. */
  pipeline: LatencySummary;
  /** The simulated national system's own round trip (upstreamMillis in qualification.resolved). */
  nationalSystem: LatencySummary;
  /** eligibility.requested → qualification.resolved minus the national system: one hop + qualification-lookup. */
  lookupHop: LatencySummary;
  /** qualification.resolved → session.completed: voucher-matching, card-session and their two hops. */
  matchAndComplete: LatencySummary;
  /** qualification.resolved → verification.outcome: one hop + voucher-matching. */
  matchHop: LatencySummary;
  /** verification.outcome → session.completed: one hop + card-session recording the outcome. */
  completeHop: LatencySummary;
  steps: PipelineSteps;
  /** The slowest 5 % of the sessions, by step (undefined without complete sessions). */
  tail?: PipelineTail;
}

/** Each step's label in the benches' logs, in PipelineSteps' order. */
const STEP_LABELS: Record<keyof PipelineSteps, string> = {
  requestedOut: 'cs requested out',
  lookupIn: '→ ql in',
  resolvedOut: 'ql resolved out',
  matchIn: '→ vm in',
  outcomeOut: 'vm outcome out',
  completeIn: '→ cs in',
};

/** Two lines for the benches' logs: each step's p50, then its p95 / p99 (a tail in one step shows there). */
export function formatPipelineSteps(steps: PipelineSteps, indent = '    '): string {
  const keys = Object.keys(STEP_LABELS) as (keyof PipelineSteps)[];
  const cells = (cell: (s: LatencySummary) => string) => keys.map((k) => `${STEP_LABELS[k]} ${cell(steps[k])}`).join(' | ');
  return (
    `${indent}pipeline steps p50 ms (staged → sent = write + relay + producer; sent → staged = broker + fetch + handling): ` +
    `${cells((s) => s.p50.toFixed(1))} (n=${steps.requestedOut.count})\n` +
    `${indent}pipeline steps p95 / p99 ms: ${cells((s) => `${s.p95.toFixed(1)} / ${s.p99.toFixed(1)}`)}`
  );
}

/** The slowest share of the sessions that `PipelineTail` describes. */
const TAIL_FRACTION = 0.05;

/**
 * Where the tail's time goes: over the slowest 5 % of the sessions, each step's mean
 * excess over that step's p50, as a share of their total excess (which step, if any, makes the tail).
 */
export interface PipelineTail {
  sessions: number;
  /** The tail sessions' mean pipeline time minus the pipeline's p50 (ms). */
  excessMillis: number;
  /** Per step: its share (0–1) of the tail's excess; negative when the step was faster than its p50. */
  share: Record<keyof PipelineSteps, number>;
}

export function formatPipelineTail(tail: PipelineTail | undefined, indent = '    '): string {
  if (!tail) return `${indent}pipeline tail (slowest 5 %): none`;
  const parts = (Object.keys(STEP_LABELS) as (keyof PipelineSteps)[]).map((k) => `${STEP_LABELS[k]} ${(tail.share[k] * 100).toFixed(0)} %`);
  return `${indent}pipeline tail (slowest ${tail.sessions} sessions, ${tail.excessMillis.toFixed(1)} ms over the p50), share of their excess: ${parts.join(' | ')}`;
}

/** A session's six steps in ms (PipelineSteps' order), or undefined while one of its stamps is missing. */
function stepsOf(t: SessionTimes): Record<keyof PipelineSteps, number> | undefined {
  const { requestedAt, resolvedAt, decidedAt, completedAt, requestedSentAt, resolvedSentAt, decidedSentAt } = t;
  if (requestedAt === undefined || resolvedAt === undefined || decidedAt === undefined || completedAt === undefined) return undefined;
  if (requestedSentAt === undefined || resolvedSentAt === undefined || decidedSentAt === undefined) return undefined;
  return {
    requestedOut: requestedSentAt - requestedAt,
    lookupIn: resolvedAt - requestedSentAt - (t.upstreamMillis ?? 0),
    resolvedOut: resolvedSentAt - resolvedAt,
    matchIn: decidedAt - resolvedSentAt,
    outcomeOut: decidedSentAt - decidedAt,
    completeIn: completedAt - decidedSentAt,
  };
}

/**
 * Reads the pipeline's own events from Kafka as an extra consumer group (the services do not know
 * it is there): when each session's eligibility was requested, resolved (and how long the national
 * system took) and completed. Gives the driver its outcomes without polling, and the latency
 * breakdown from the events' own timestamps.
 *
 * During a measured window (`pauseSteps` … `catchUpSteps`) it reads only session.completed, which
 * the driver waits on; the other stages' topics are read after the window, from where it paused.
 * Every figure comes from the events' own stamps, so reading them later changes none, and the
 * broker's CPU in the window does not include a bench reader fetching the pipeline's other topics
 * (the messaging skeleton, measured beside the platform, has no such reader).
 */
export class EventTimeline {
  private readonly consumer: Consumer;
  private readonly admin: Admin;
  private readonly committer: OffsetCommitter;
  /** Next offset to read, by `topic:partition`, of the partitions read so far. */
  private readonly positions = new Map<string, bigint>();
  /** The step topics' ends when they were paused (`pauseSteps`), by `topic:partition`. */
  private pausedAt: Map<string, bigint> | undefined;
  private readonly times = new Map<string, SessionTimes>();
  private readonly feed = new OutcomeFeed();
  /** The driver's outcome waiter: resolves when the session's session.completed event is read. */
  readonly awaitOutcome = this.feed.awaitOutcome;

  constructor(brokers: string) {
    const kafka = new Kafka({ clientId: 'bench-timeline', ...benchKafkaClient(brokers), logLevel: logLevel.NOTHING });
    this.consumer = kafka.consumer({
      groupId: `bench-timeline-${process.pid}-${Date.now().toString(36)}`,
      maxWaitTimeInMs: FETCH_MAX_WAIT_MILLIS,
    });
    this.admin = kafka.admin();
    const consumer = this.consumer;
    this.committer = new OffsetCommitter((offsets) => consumer.commitOffsets(offsets), COMMIT_INTERVAL_MILLIS);
  }

  private at(sessionId: string): SessionTimes {
    let t = this.times.get(sessionId);
    if (!t) this.times.set(sessionId, (t = {}));
    return t;
  }

  /** Joins the group at the topics' ends; events from now on are recorded. */
  async start(): Promise<void> {
    await Promise.all([this.consumer.connect(), this.admin.connect()]);
    const topics = [...STEP_TOPICS, ...COMPLETED];
    await this.consumer.subscribe({ topics, fromBeginning: false });
    const joined = new Promise<void>((resolve) =>
      this.consumer.on(this.consumer.events.GROUP_JOIN, (event) => {
        this.committer.assigned(event.payload.memberAssignment);
        resolve();
      }),
    );
    await this.consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: 4,
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) this.record(batch.topic, message.value?.toString('utf8') ?? '', Number(message.timestamp));
        const last = batch.messages[batch.messages.length - 1];
        if (last) {
          this.committer.handled(batch.topic, batch.partition, last.offset);
          this.positions.set(`${batch.topic}:${batch.partition}`, BigInt(last.offset) + 1n);
        }
      },
    });
    this.committer.start();
    await joined;
    // The first fetch resolves the "latest" offsets; give it a moment before load starts.
    await new Promise((r) => setTimeout(r, 1_000));
  }

  private record(topic: string, value: string, sentAt: number): void {
    const event = JSON.parse(value) as { subject: string; time: string; data: { upstreamMillis?: number; outcome?: string } };
    const t = this.at(event.subject);
    const at = eventMillis(event.time);
    if (REQUESTED.has(topic)) {
      t.requestedAt = at;
      t.requestedSentAt = sentAt;
    } else if (RESOLVED.has(topic)) {
      t.resolvedAt = at;
      t.resolvedSentAt = sentAt;
      t.upstreamMillis = event.data.upstreamMillis ?? 0;
    } else if (DECIDED.has(topic)) {
      // a settlement's later outcome is not the pipeline's decision
      if (event.data.outcome !== 'matched-after-settlement' && t.decidedAt === undefined) {
        t.decidedAt = at;
        t.decidedSentAt = sentAt;
      }
    } else if (COMPLETED.has(topic)) {
      t.completedAt = at;
      this.feed.completed(event.subject, event.data.outcome ?? 'unknown');
    }
  }

  /** Sessions completed since the start (or the last reset). */
  get completed(): number {
    return this.feed.count;
  }

  /** Forgets what was recorded (between runs on the same platform). */
  reset(): void {
    this.times.clear();
    this.feed.reset();
  }

  /**
   * The slowest sessions (pipeline time, national system excluded) with their six steps and when
   * they started (ms after the first request recorded): whether a tail has one step or one moment.
   */
  slowest(count: number): string[] {
    const rows: { pipeline: number; at: number; steps: number[] }[] = [];
    let first = Infinity;
    for (const t of this.times.values()) if (t.requestedAt !== undefined) first = Math.min(first, t.requestedAt);
    for (const t of this.times.values()) {
      const steps = stepsOf(t);
      if (!steps) continue;
      rows.push({
        pipeline: t.completedAt! - t.requestedAt! - (t.upstreamMillis ?? 0),
        at: t.requestedAt! - first,
        steps: Object.values(steps),
      });
    }
    rows.sort((a, b) => b.pipeline - a.pipeline);
    return rows
      .slice(0, count)
      .map((r) => `${r.pipeline.toFixed(1)} ms at +${(r.at / 1000).toFixed(1)} s: ${r.steps.map((x) => x.toFixed(1)).join(' | ')}`);
  }

  latency(): PipelineLatency {
    const pipeline: number[] = [];
    const national: number[] = [];
    const lookupHop: number[] = [];
    const matchAndComplete: number[] = [];
    const matchHop: number[] = [];
    const completeHop: number[] = [];
    const steps = { requestedOut: [], lookupIn: [], resolvedOut: [], matchIn: [], outcomeOut: [], completeIn: [] } as Record<
      keyof PipelineSteps,
      number[]
    >;
    for (const t of this.times.values()) {
      if (t.requestedAt === undefined || t.completedAt === undefined) continue;
      const upstream = t.upstreamMillis ?? 0;
      pipeline.push(t.completedAt - t.requestedAt - upstream);
      if (t.resolvedAt !== undefined) {
        national.push(upstream);
        lookupHop.push(t.resolvedAt - t.requestedAt - upstream);
        matchAndComplete.push(t.completedAt - t.resolvedAt);
        if (t.decidedAt !== undefined) {
          matchHop.push(t.decidedAt - t.resolvedAt);
          completeHop.push(t.completedAt - t.decidedAt);
          const own = stepsOf(t);
          if (own) for (const key of Object.keys(own) as (keyof PipelineSteps)[]) steps[key].push(own[key]);
        }
      }
    }
    const stepSummaries = Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, summarise(v)])) as unknown as PipelineSteps;
    return {
      sessions: pipeline.length,
      pipeline: summarise(pipeline),
      nationalSystem: summarise(national),
      lookupHop: summarise(lookupHop),
      matchAndComplete: summarise(matchAndComplete),
      matchHop: summarise(matchHop),
      completeHop: summarise(completeHop),
      steps: stepSummaries,
      tail: this.tail(stepSummaries),
    };
  }

  /** The slowest 5 % of the sessions with all six steps: each step's share of their excess over the p50s. */
  private tail(steps: PipelineSteps): PipelineTail | undefined {
    const rows: { pipeline: number; steps: Record<keyof PipelineSteps, number> }[] = [];
    for (const t of this.times.values()) {
      const own = stepsOf(t);
      if (own) rows.push({ pipeline: t.completedAt! - t.requestedAt! - (t.upstreamMillis ?? 0), steps: own });
    }
    if (!rows.length) return undefined;
    const overall = summarise(rows.map((r) => r.pipeline));
    const tail = rows.sort((a, b) => b.pipeline - a.pipeline).slice(0, Math.ceil(rows.length * TAIL_FRACTION));
    const keys = Object.keys(steps) as (keyof PipelineSteps)[];
    const excess = Object.fromEntries(
      keys.map((k) => [k, tail.reduce((sum, r) => sum + (r.steps[k] - steps[k].p50), 0) / tail.length]),
    ) as Record<keyof PipelineSteps, number>;
    const total = keys.reduce((sum, k) => sum + excess[k], 0);
    return {
      sessions: tail.length,
      excessMillis: tail.reduce((sum, r) => sum + r.pipeline, 0) / tail.length - overall.p50,
      share: Object.fromEntries(keys.map((k) => [k, total > 0 ? excess[k] / total : Number.NaN])) as Record<keyof PipelineSteps, number>,
    };
  }

  /** The end of each step topic's partitions now, by `topic:partition`. */
  private async stepEnds(): Promise<Map<string, bigint>> {
    const ends = new Map<string, bigint>();
    for (const topic of STEP_TOPICS)
      for (const { partition, high } of await this.admin.fetchTopicOffsets(topic)) ends.set(`${topic}:${partition}`, BigInt(high));
    return ends;
  }

  /** Before a measured window: stops fetching every topic but session.completed (their ends noted). */
  async pauseSteps(): Promise<void> {
    if (this.pausedAt) return;
    this.pausedAt = await this.stepEnds();
    this.consumer.pause(STEP_TOPICS.map((topic) => ({ topic })));
  }

  /**
   * After the window: reads the step topics again and waits until every partition that grew since
   * `pauseSteps` has been read to its end as of now.
   */
  async catchUpSteps(timeoutMillis = 120_000): Promise<void> {
    const pausedAt = this.pausedAt;
    if (!pausedAt) return;
    const ends = await this.stepEnds();
    this.consumer.resume(STEP_TOPICS.map((topic) => ({ topic })));
    this.pausedAt = undefined;
    const behind = () => [...ends].filter(([tp, end]) => end > (pausedAt.get(tp) ?? 0n) && (this.positions.get(tp) ?? 0n) < end);
    const deadline = performance.now() + timeoutMillis;
    while (behind().length) {
      if (performance.now() > deadline)
        throw new Error(
          `event timeline: step topics not read to their ends within ${timeoutMillis} ms (${behind()
            .map(([tp]) => tp)
            .join(', ')})`,
        );
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async stop(): Promise<void> {
    await this.committer.stop().catch(() => undefined);
    await Promise.all([this.consumer.disconnect(), this.admin.disconnect()]);
  }
}
