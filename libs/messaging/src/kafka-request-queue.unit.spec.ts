import { PATCHED_KAFKAJS_VERSION, stopIdleRequestQueueTimers } from './kafka-request-queue';

/* eslint-disable @typescript-eslint/no-require-imports */
const RequestQueue = require('kafkajs/src/network/requestQueue') as new (options: object) => Queue;
const { version } = require('kafkajs/package.json') as { version: string };
/* eslint-enable @typescript-eslint/no-require-imports */

interface Queue {
  throttledUntil: number;
  throttleCheckTimeoutId: ReturnType<typeof setTimeout> | null;
  pending: unknown[];
  inflight: Map<number, unknown>;
  checkPendingRequests(): void;
  maybeThrottle(millis: number): void;
  push(request: object): void;
  fulfillRequest(response: { correlationId: number; size: number; payload: Buffer | null }): void;
  destroy(): void;
}

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const queue = (maxInFlightRequests: number | null = null): Queue =>
  new RequestQueue({
    instrumentationEmitter: null,
    maxInFlightRequests,
    requestTimeout: 30_000,
    enforceRequestTimeout: false,
    clientId: 'spec',
    broker: 'localhost:9092',
    logger: quiet,
    isConnected: () => true,
  });
const request = (correlationId: number, sent: number[]) => ({
  entry: { correlationId, resolve: () => undefined, reject: () => undefined },
  expectResponse: true,
  sendRequest: () => sent.push(correlationId),
});

describe('stopIdleRequestQueueTimers (kafkajs RequestQueue without its idle 1 ms loop)', () => {
  beforeAll(() => {
    expect(version).toBe(PATCHED_KAFKAJS_VERSION);
    expect(stopIdleRequestQueueTimers()).toBe(true);
  });
  afterEach(() => jest.useRealTimers());

  it('arms no timer when nothing is pending and nothing throttled (kafkajs armed one every millisecond)', () => {
    const q = queue();
    q.checkPendingRequests();
    expect(q.throttleCheckTimeoutId).toBeNull();
  });

  it('a throttle still arms a check for its end', () => {
    const q = queue();
    q.maybeThrottle(50);
    q.checkPendingRequests();
    expect(q.throttleCheckTimeoutId).not.toBeNull();
    q.destroy();
  });

  it('a request pushed while throttled leaves when the throttle ends, then no timer stays armed', () => {
    jest.useFakeTimers();
    const sent: number[] = [];
    const q = queue();
    q.maybeThrottle(50);
    q.push(request(1, sent));
    expect(sent).toEqual([]);
    jest.advanceTimersByTime(60);
    expect(sent).toEqual([1]);
    expect(q.pending).toEqual([]);
    expect(q.throttleCheckTimeoutId).toBeNull();
  });

  it('a request over the in-flight limit leaves when an answer frees a slot', () => {
    jest.useFakeTimers();
    const sent: number[] = [];
    const q = queue(1);
    q.push(request(1, sent));
    q.push(request(2, sent));
    expect(sent).toEqual([1]);
    q.fulfillRequest({ correlationId: 1, size: 0, payload: null });
    expect(sent).toEqual([1, 2]);
    jest.advanceTimersByTime(100);
    expect(q.pending).toEqual([]);
    expect(q.throttleCheckTimeoutId).toBeNull();
  });

  it('leaves another kafkajs version as it is', () => {
    const required: string[] = [];
    const load = (id: string) => (required.push(id), { version: '2.3.0' });
    expect(stopIdleRequestQueueTimers(load)).toBe(false);
    expect(required).toEqual(['kafkajs/package.json']);
    // asked again (another client built), it answers the same without looking again
    expect(stopIdleRequestQueueTimers(load)).toBe(false);
    expect(required).toEqual(['kafkajs/package.json']);
  });

  it('is applied once: a second call (the runtime, then every client built) loads and replaces nothing', () => {
    const required: string[] = [];
    const original = function scheduleCheckPendingRequests(): void {};
    const prototype = { scheduleCheckPendingRequests: original };
    const load = (id: string) => (required.push(id), id === 'kafkajs/package.json' ? { version: PATCHED_KAFKAJS_VERSION } : { prototype });
    expect(stopIdleRequestQueueTimers(load)).toBe(true);
    const fixed = prototype.scheduleCheckPendingRequests;
    expect(fixed).not.toBe(original);
    expect(stopIdleRequestQueueTimers(load)).toBe(true);
    expect(stopIdleRequestQueueTimers(load)).toBe(true);
    expect(prototype.scheduleCheckPendingRequests).toBe(fixed);
    expect(required).toEqual(['kafkajs/package.json', 'kafkajs/src/network/requestQueue']);
  });

  it("applied again to kafkajs' own RequestQueue, it stays the fixed method and still arms no idle timer", () => {
    const prototype = (RequestQueue as unknown as { prototype: Queue & { scheduleCheckPendingRequests(): void } }).prototype;
    const fixed = prototype.scheduleCheckPendingRequests;
    expect(stopIdleRequestQueueTimers()).toBe(true);
    expect(prototype.scheduleCheckPendingRequests).toBe(fixed);
    const q = queue();
    q.checkPendingRequests();
    expect(q.throttleCheckTimeoutId).toBeNull();
  });
});
