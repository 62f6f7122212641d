import {
  EligibilityRequestedV3,
  QualificationResolvedV3,
  SessionCardReadV2,
  SessionCompletedV4,
  SessionOpenedV3,
  SessionVoucherPresentedV3,
  VerificationOutcomeV3,
} from '@hcv/contracts';

/**
 * The messaging skeleton's flow: the platform's seven events of one verification, on the topics
 * the platform publishes them to today, each keyed by the session id as the platform keys them.
 * Four hops in a row (requested → resolved → outcome → completed), and audit reading all seven.
 */
export const SKELETON_TOPICS = {
  opened: SessionOpenedV3.topic,
  cardRead: SessionCardReadV2.topic,
  voucherPresented: SessionVoucherPresentedV3.topic,
  requested: EligibilityRequestedV3.topic,
  resolved: QualificationResolvedV3.topic,
  outcome: VerificationOutcomeV3.topic,
  completed: SessionCompletedV4.topic,
} as const;
export const SKELETON_ALL_TOPICS: string[] = Object.values(SKELETON_TOPICS);

export type SkeletonRole = 'card-session' | 'qualification-lookup' | 'voucher-matching' | 'audit';
export const SKELETON_ROLES: SkeletonRole[] = ['card-session', 'qualification-lookup', 'voucher-matching', 'audit'];

/** What each role consumes (its one consumer group) and what it publishes for each message. */
export const SKELETON_HOPS: Record<SkeletonRole, { consumes: string[]; publishes?: string }> = {
  'card-session': { consumes: [SKELETON_TOPICS.outcome], publishes: SKELETON_TOPICS.completed },
  'qualification-lookup': { consumes: [SKELETON_TOPICS.requested], publishes: SKELETON_TOPICS.resolved },
  'voucher-matching': { consumes: [SKELETON_TOPICS.resolved], publishes: SKELETON_TOPICS.outcome },
  audit: { consumes: SKELETON_ALL_TOPICS },
};

/** Size of each event's JSON body: about the platform's (its envelopes are 0.8–1.3 KB). */
export const SKELETON_EVENT_BYTES = 1024;

/** Messages between the bench and its skeleton processes (Node IPC). */
export type SkeletonCommand =
  { cmd: 'load'; rate: number; seconds: number; maxInFlight: number; seed: number } | { cmd: 'collect' } | { cmd: 'stop' };

export type SkeletonReply =
  | { type: 'ready' }
  | { type: 'loaded'; offered: number; sent: number; shed: number }
  /** From audit: each session.completed read since the last collect, (completed at, pipeline ms). */
  | { type: 'collected'; completions: [number, number][] };

/** Wall-clock milliseconds with sub-millisecond precision (comparable across processes). */
export function nowMillis(): number {
  return performance.timeOrigin + performance.now();
}
