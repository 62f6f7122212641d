import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { VerificationOutcomeV1, VerificationOutcomeV2 } from '@hcv/contracts';
import type { PlatformClient, AuditEntry } from '@hcv/federation-driver';
import { asStaff, CARD_VERIFICATION_TRAIL } from '@hcv/testing';
import type { Verification } from './steady-load';

/** The events of one card verification, each expected exactly once in the session's audit trail. */
export const TRAIL_TYPES = CARD_VERIFICATION_TRAIL;

export interface OutcomeCheck {
  accepted: number;
  completed: number;
  /** Accepted but no outcome readable from card-session. */
  lost: string[];
  /** More than one verification.outcome (distinct event ids) for a session, in the audit store or on the topic. */
  duplicated: string[];
  /** Accepted sessions whose trail misses an event or holds one twice (session → what is wrong). */
  incompleteTrails: Record<string, string>;
  chain: { ok: boolean; records: number; firstBroken?: unknown };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What is wrong with a session's trail ('' when every expected event is there exactly once). */
export function trailProblem(events: Pick<AuditEntry, 'type' | 'id'>[]): string {
  const problems: string[] = [];
  for (const type of TRAIL_TYPES) {
    const n = new Set(events.filter((e) => e.type === type).map((e) => e.id)).size;
    if (n !== 1) problems.push(`${type}×${n}`);
  }
  return problems.join(', ');
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

/** Distinct verification.outcome event ids per session on the outcome topics (read from the beginning). */
export async function outcomeEventsOnTopics(brokers: string[], sessionIds: Set<string>): Promise<Map<string, Set<string>>> {
  const kafka = new Kafka({ clientId: 'fault-check', brokers, logLevel: logLevel.NOTHING });
  const topics = [VerificationOutcomeV1.topic, VerificationOutcomeV2.topic];
  const admin = kafka.admin();
  await admin.connect();
  const remaining = new Map<string, bigint>(); // topic:partition → last offset to read
  try {
    for (const topic of topics) {
      for (const p of await admin.fetchTopicOffsets(topic)) {
        if (BigInt(p.high) > BigInt(p.low)) remaining.set(`${topic}:${p.partition}`, BigInt(p.high) - 1n);
      }
    }
  } finally {
    await admin.disconnect();
  }
  const seen = new Map<string, Set<string>>();
  if (remaining.size === 0) return seen;
  const consumer = kafka.consumer({ groupId: `fault-check-${randomUUID()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`outcome topics not read to the end within 60 s (${remaining.size} partitions left)`)),
        60_000,
      );
      void consumer.run({
        autoCommit: false,
        eachMessage: async ({ topic, partition, message }) => {
          const envelope = JSON.parse(message.value?.toString('utf8') ?? '{}') as { id?: string; subject?: string };
          if (envelope.subject && sessionIds.has(envelope.subject)) {
            const ids = seen.get(envelope.subject) ?? new Set<string>();
            ids.add(envelope.id ?? message.offset);
            seen.set(envelope.subject, ids);
          }
          const key = `${topic}:${partition}`;
          if (remaining.has(key) && BigInt(message.offset) >= remaining.get(key)!) remaining.delete(key);
          if (remaining.size === 0) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return seen;
}

/**
 * Checks the accepted verifications: each has an outcome readable via card-session, exactly one
 * verification.outcome (audit store and topic), one complete audit trail, and the audit hash
 * chains verify. Waits (up to `trailTimeoutMillis`) for the audit service to catch up.
 */
export async function checkOutcomes(options: {
  client: PlatformClient;
  auditUrl: string;
  brokers: string[];
  verifications: Verification[];
  trailTimeoutMillis?: number;
  /** What else to print when trails stay incomplete (e.g. lines of the audit service's log). */
  diagnose?: () => string;
}): Promise<OutcomeCheck> {
  const accepted = options.verifications.filter((v) => v.acceptedAt !== undefined);
  const completed = accepted.filter((v) => v.completedAt !== undefined);
  const lost = accepted.filter((v) => v.completedAt === undefined).map((v) => v.sessionId!);
  const sessions = accepted.map((v) => v.sessionId!);

  const problems = new Map<string, string>(sessions.map((s) => [s, 'not read yet']));
  const outcomesInStore = new Map<string, number>();
  const deadline = Date.now() + (options.trailTimeoutMillis ?? 120_000);
  // How many trails were still incomplete at each pass: falling means the audit service lags,
  // flat means events are missing for good.
  const progress: number[] = [];
  while (problems.size && Date.now() < deadline) {
    await mapLimit([...problems.keys()], 8, async (sessionId) => {
      try {
        const { events } = await options.client.auditTrail(sessionId);
        outcomesInStore.set(sessionId, new Set(events.filter((e) => e.type === 'verification.outcome').map((e) => e.id)).size);
        const problem = trailProblem(events);
        if (problem) problems.set(sessionId, problem);
        else problems.delete(sessionId);
      } catch (error) {
        problems.set(sessionId, `audit trail unreadable: ${(error as Error).message.slice(0, 120)}`);
      }
    });
    progress.push(problems.size);
    if (problems.size) await sleep(500);
  }
  if (problems.size) {
    // What the audit service says of itself: a consumer stopped for good shows in its health.
    const health = await Promise.all(
      ['live', 'ready'].map(async (probe) => {
        try {
          const answer = await fetch(`${options.auditUrl}/health/${probe}`, { signal: AbortSignal.timeout(5_000) });
          return `${probe}: ${answer.status} ${(await answer.text()).slice(0, 300)}`;
        } catch (error) {
          return `${probe}: no answer (${(error as Error).message})`;
        }
      }),
    );
    console.log(
      `audit trails still incomplete after each pass: ${progress.join(' → ')}\naudit health: ${health.join('; ')}` +
        (options.diagnose ? `\n${options.diagnose()}` : ''),
    );
  }

  const onTopic = await outcomeEventsOnTopics(options.brokers, new Set(sessions));
  const duplicated = sessions.filter((s) => (outcomesInStore.get(s) ?? 0) > 1 || (onTopic.get(s)?.size ?? 0) > 1);

  const day = (offset: number) => new Date(Date.now() + offset).toISOString().slice(0, 10);
  const verify = await fetch(`${options.auditUrl}/audit/verify?from=${day(-86_400_000)}&to=${day(0)}`, { headers: asStaff('auditor') });
  const chain = (await verify.json()) as OutcomeCheck['chain'];

  return {
    accepted: accepted.length,
    completed: completed.length,
    lost,
    duplicated,
    incompleteTrails: Object.fromEntries(problems),
    chain,
  };
}
