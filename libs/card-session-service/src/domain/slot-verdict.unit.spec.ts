import { anOpenedSession } from '@hcv/testing';
import { slotVerdict, type Session } from './session.decide';

/** What a device's new open does about the session holding the device's one slot. */
describe('slotVerdict', () => {
  const held = (over: Partial<Session>): Session => ({ ...anOpenedSession({ deviceId: 'dev-1' }), ...over });

  it('takes over a finished holder (its finishing write freed the slot meanwhile)', () => {
    for (const state of ['completed', 'cancelled', 'expired'] as const) expect(slotVerdict(held({ state, version: 3 }))).toBe('take-over');
  });

  it('supersedes an untouched session (opened, no step stored): its device never got it or left it', () => {
    expect(slotVerdict(held({ state: 'opened', version: 0 }))).toBe('supersede');
  });

  it('refuses a visit under way: a step was stored, whatever the state', () => {
    expect(slotVerdict(held({ state: 'opened', version: 1 }))).toBe('refuse');
    for (const state of ['card-read', 'card-locked', 'alternative-recorded', 'eligibility-requested'] as const)
      expect(slotVerdict(held({ state, version: 1 }))).toBe('refuse');
  });
});
