import { assertCanAct, onCleared, onRaised, onStaffStep, type DeskAlert } from './alert-lifecycle';

const condition = {
  alertId: 'device-offline:fac-1',
  kind: 'device-offline' as const,
  severity: 'warning' as const,
  scope: { siteId: 'fac-1' },
  message: '1 device(s) at fac-1 offline: fac-1-dev-1.',
  value: 1,
};
const raisedAt = '2026-12-06T01:00:00.000Z';
const open = () => onRaised(undefined, { ...condition, raisedAt }, 'e-raise')!;
const step = (by: string, at: string, note?: string) => ({ by, at, ...(note ? { note } : {}) });

describe('an alert as people work with it', () => {
  it('opens when raised, then goes acknowledged → resolved with who, when and the note, each a history line', () => {
    const a = open();
    expect(a).toMatchObject({
      state: 'open',
      condition: 'active',
      raisedAt,
      history: [{ action: 'raised', by: 'system', eventId: 'e-raise' }],
    });
    const acked = onStaffStep(a, 'acknowledged', step('tanaka', '2026-12-06T01:02:00.000Z', '確認中'), 'e-ack')!;
    expect(acked).toMatchObject({
      state: 'acknowledged',
      acknowledged: { by: 'tanaka', note: '確認中' },
      changedAt: '2026-12-06T01:02:00.000Z',
    });
    const resolved = onStaffStep(acked, 'resolved', step('suzuki', '2026-12-06T01:10:00.000Z', '再起動'), 'e-res')!;
    expect(resolved).toMatchObject({ state: 'resolved', condition: 'active', resolved: { by: 'suzuki', note: '再起動' } });
    expect(resolved.history.map((h) => [h.action, h.by])).toEqual([
      ['raised', 'system'],
      ['acknowledged', 'tanaka'],
      ['resolved', 'suzuki'],
    ]);
  });

  it('may be resolved straight from open', () => {
    expect(onStaffStep(open(), 'resolved', step('sato', '2026-12-06T01:05:00.000Z', 'ok'), 'e-res')).toMatchObject({ state: 'resolved' });
  });

  it('refuses to acknowledge twice, to act on a resolved alert, and an unknown alert', () => {
    const acked = onStaffStep(open(), 'acknowledged', step('tanaka', '2026-12-06T01:02:00.000Z'), 'e-ack')!;
    expect(() => assertCanAct(acked, acked.alertId, 'acknowledged')).toThrow(
      expect.objectContaining({ code: 'alert-already-acknowledged', status: 409 }),
    );
    expect(assertCanAct(acked, acked.alertId, 'resolved')).toBe(acked);
    const resolved = onStaffStep(acked, 'resolved', step('suzuki', '2026-12-06T01:10:00.000Z', 'done'), 'e-res')!;
    for (const action of ['acknowledged', 'resolved'] as const)
      expect(() => assertCanAct(resolved, resolved.alertId, action)).toThrow(
        expect.objectContaining({ code: 'alert-already-resolved', status: 409 }),
      );
    expect(() => assertCanAct(undefined, 'x:y', 'resolved')).toThrow(expect.objectContaining({ code: 'alert-not-found', status: 404 }));
    // a step that no longer applies (applied meanwhile by another replica) changes nothing
    expect(onStaffStep(resolved, 'acknowledged', step('late', '2026-12-06T01:11:00.000Z'), 'e-late')).toBeNull();
  });

  it('applies each event once (a redelivery, or a step its route already applied)', () => {
    const a = open();
    expect(onRaised(a, { ...condition, raisedAt }, 'e-raise')).toBeNull();
    const acked = onStaffStep(a, 'acknowledged', step('tanaka', '2026-12-06T01:02:00.000Z'), 'e-ack')!;
    expect(onStaffStep(acked, 'acknowledged', step('tanaka', '2026-12-06T01:02:00.000Z'), 'e-ack')).toBeNull();
    const cleared = onCleared(acked, '2026-12-06T01:20:00.000Z', 'e-clear')!;
    expect(onCleared(cleared, '2026-12-06T01:20:00.000Z', 'e-clear')).toBeNull();
  });

  it('is resolved by the system when the condition ends unattended; keeps the staff’s resolution otherwise', () => {
    const cleared = onCleared(open(), '2026-12-06T01:20:00.000Z', 'e-clear')!;
    expect(cleared).toMatchObject({
      state: 'resolved',
      condition: 'cleared',
      clearedAt: '2026-12-06T01:20:00.000Z',
      resolved: { by: 'system', note: 'the condition is over' },
    });
    const byStaff = onStaffStep(open(), 'resolved', step('suzuki', '2026-12-06T01:10:00.000Z', '交換'), 'e-res')!;
    expect(onCleared(byStaff, '2026-12-06T01:20:00.000Z', 'e-clear')).toMatchObject({
      state: 'resolved',
      condition: 'cleared',
      resolved: { by: 'suzuki', note: '交換' },
    });
  });

  it('reopens when the condition comes back, keeping the earlier history; a late older raise changes nothing', () => {
    const acked = onStaffStep(open(), 'acknowledged', step('tanaka', '2026-12-06T01:02:00.000Z'), 'e-ack')!;
    const cleared = onCleared(acked, '2026-12-06T01:20:00.000Z', 'e-clear')!;
    expect(onRaised(cleared, { ...condition, raisedAt: '2026-12-06T00:59:00.000Z' }, 'e-old')).toBeNull();
    const again: DeskAlert = onRaised(cleared, { ...condition, value: 2, raisedAt: '2026-12-06T02:00:00.000Z' }, 'e-again')!;
    expect(again).toMatchObject({ state: 'open', condition: 'active', value: 2, raisedAt: '2026-12-06T02:00:00.000Z' });
    expect(again).not.toHaveProperty('acknowledged');
    expect(again).not.toHaveProperty('resolved');
    expect(again).not.toHaveProperty('clearedAt');
    expect(again.history.map((h) => h.action)).toEqual(['raised', 'acknowledged', 'cleared', 'raised']);
  });
});
