import { anOpenedSession } from '@hcv/testing';
import { OPEN_IN_PROGRESS_MILLIS, slotVerdict, type Session } from './session.decide';

/** What a device's new open does about the session holding the device's one slot. */
describe('slotVerdict', () => {
  const now = new Date('2026-11-25T09:00:00.000Z');
  const ago = (millis: number) => new Date(now.getTime() - millis).toISOString();
  const held = (over: Partial<Session>): Session => ({ ...anOpenedSession({ deviceId: 'dev-1' }), ...over });

  it('takes over a finished holder (its release runs after its write)', () => {
    for (const state of ['completed', 'cancelled', 'expired'] as const)
      expect(slotVerdict(held({ state, version: 3 }), ago(60_000), now)).toBe('take-over');
  });

  it('refuses while an open whose session is not stored yet may still be in progress, and takes the slot once it cannot be', () => {
    expect(slotVerdict(null, ago(500), now)).toBe('refuse');
    expect(slotVerdict(null, ago(OPEN_IN_PROGRESS_MILLIS - 1), now)).toBe('refuse');
    expect(slotVerdict(null, ago(OPEN_IN_PROGRESS_MILLIS), now)).toBe('take-over');
    // A slot taken before its time was kept: no open lasts that long.
    expect(slotVerdict(null, undefined, now)).toBe('take-over');
  });

  it('supersedes an untouched session (opened, no step stored): its device never got it or left it', () => {
    expect(slotVerdict(held({ state: 'opened', version: 0 }), ago(1_000), now)).toBe('supersede');
  });

  it('refuses a visit under way: a step was stored, whatever the state', () => {
    expect(slotVerdict(held({ state: 'opened', version: 1 }), ago(1_000), now)).toBe('refuse');
    for (const state of ['card-read', 'card-locked', 'alternative-recorded', 'eligibility-requested'] as const)
      expect(slotVerdict(held({ state, version: 1 }), ago(1_000), now)).toBe('refuse');
  });
});
