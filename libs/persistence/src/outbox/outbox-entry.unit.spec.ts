import { toOutboxEntry } from './outbox-entry';

const message = { eventId: 'e-1', topic: 't.v1', key: 'k', value: '{}', headers: { ce_id: 'e-1' } };

describe('toOutboxEntry', () => {
  it('stamps the ISO time of the write, of a given time or now, as Date#toISOString gives it', () => {
    for (const at of ['2026-12-07T08:00:00.000Z', '2026-12-07T08:00:00.001Z', '2026-12-07T08:00:00.001Z', '2026-12-31T23:59:59.999Z'])
      expect(toOutboxEntry(message, new Date(at)).stagedAt).toBe(at);
    const before = new Date().toISOString();
    const stamped = toOutboxEntry(message).stagedAt;
    expect(stamped >= before && stamped <= new Date().toISOString()).toBe(true);
    expect(toOutboxEntry(message, new Date('2026-12-07T08:00:00.002Z'))).toEqual({ ...message, stagedAt: '2026-12-07T08:00:00.002Z' });
  });

  it('refuses an invalid time, as before', () => {
    expect(() => toOutboxEntry(message, new Date('not a time'))).toThrow(RangeError);
  });
});
