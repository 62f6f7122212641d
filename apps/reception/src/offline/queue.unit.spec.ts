import type { CapturedSessionRequest } from '@hcv/contracts';
import { capturedVisit, MemoryQueueStore, newIdempotencyKey, OfflineQueue, type SendResult } from './queue';

const request = (key: string, capturedAt: string): CapturedSessionRequest => ({
  idempotencyKey: key,
  deviceId: 'bus-01-tablet',
  purpose: 'specific-checkup',
  capturedAt,
  alternative: {
    method: 'eligibility-certificate',
    eligibility: { insurerNumber: '01130012', symbol: '', number: '7', name: '山田 太郎', birthDate: '1970-04-01' },
  },
});

describe('the offline queue', () => {
  it('makes keys the service accepts', () => {
    expect(newIdempotencyKey('bus-01-tablet', 'a1b2c3d4-0000-4000-8000-000000000000')).toMatch(/^[A-Za-z0-9_.:-]{8,128}$/);
  });

  it('sends in capture order, removes what the service has, and stops at the first retry', async () => {
    const store = new MemoryQueueStore();
    const sent: string[] = [];
    const answers: Record<string, SendResult> = {
      'key-0002': { kind: 'sent', sessionId: 's-2', resent: false },
      'key-0001': { kind: 'retry' },
    };
    const queue = new OfflineQueue(store, async (r) => {
      sent.push(r.idempotencyKey);
      return answers[r.idempotencyKey]!;
    });
    await queue.add(capturedVisit(request('key-0001', '2026-12-06T10:05:00+09:00'), '2026-12-06T10:05:00+09:00'));
    await queue.add(capturedVisit(request('key-0002', '2026-12-06T10:01:00+09:00'), '2026-12-06T10:01:00+09:00'));
    const report = await queue.flush();
    expect(sent).toEqual(['key-0002', 'key-0001']);
    expect(report).toEqual({
      sent: [{ idempotencyKey: 'key-0002', sessionId: 's-2', resent: false }],
      refused: [],
      remaining: 1,
      stoppedEarly: true,
    });
    expect((await queue.waiting()).map((v) => [v.idempotencyKey, v.attempts])).toEqual([['key-0001', 1]]);
  });

  it('never has a visit in flight twice: a second flush joins the first', async () => {
    const store = new MemoryQueueStore();
    let calls = 0;
    let release: () => void = () => {};
    const queue = new OfflineQueue(store, async () => {
      calls++;
      await new Promise<void>((r) => (release = r));
      return { kind: 'sent', sessionId: 's-1', resent: false };
    });
    await queue.add(capturedVisit(request('key-0001', '2026-12-06T10:05:00+09:00'), '2026-12-06T10:05:00+09:00'));
    const first = queue.flush();
    const second = queue.flush();
    await new Promise((r) => setTimeout(r, 0));
    release();
    expect(await first).toBe(await second);
    expect(calls).toBe(1);
    expect(await store.all()).toEqual([]);
  });

  it('keeps a refused visit with its reason until the staff discard it', async () => {
    const store = new MemoryQueueStore();
    const queue = new OfflineQueue(store, async () => ({ kind: 'refused', code: 'method-not-valid-on-date', message: '…' }));
    await queue.add(capturedVisit(request('key-0001', '2026-12-06T10:05:00+09:00'), '2026-12-06T10:05:00+09:00'));
    expect((await queue.flush()).refused).toEqual(['key-0001']);
    expect((await queue.flush()).refused).toEqual([]); // not sent again
    expect((await queue.waiting())[0]!.refused?.code).toBe('method-not-valid-on-date');
    await queue.discard('key-0001');
    expect(await queue.waiting()).toEqual([]);
  });
});
