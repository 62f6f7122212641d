import { VerificationOutcomeKindV3 } from '@hcv/contracts';
import { isFinished, isMatched, nextSteps, notVerifiedOnline } from './outcome';

describe('outcome next steps', () => {
  it('gives every outcome kind at least one step, ending with the next visitor where the visit is over', () => {
    for (const kind of VerificationOutcomeKindV3.options) {
      const steps = nextSteps({ kind });
      expect({ kind, some: steps.length > 0 }).toEqual({ kind, some: true });
      expect(steps).toContain('next-visitor');
    }
  });

  it('sends a settleable outcome to the insurer and the settlement, a voucher problem back to the voucher', () => {
    expect(nextSteps({ kind: 'member-mismatch' })).toEqual(['call-insurer', 'request-settlement', 'next-visitor']);
    expect(nextSteps({ kind: 'voucher-not-found' })[0]).toBe('re-enter-voucher');
    expect(nextSteps({ kind: 'no-qualification', verifiedOnline: true })[0]).toBe('re-read-card');
    expect(nextSteps({ kind: 'no-qualification', verifiedOnline: false })[0]).toBe('alternative-document');
    expect(isMatched({ kind: 'matched-after-settlement' })).toBe(true);
    expect(isMatched({ kind: 'voucher-expired' })).toBe(false);
  });

  it('marks eligibility from a document as not verified online', () => {
    expect(notVerifiedOnline({ method: 'eligibility-certificate' })).toBe(true);
    expect(notVerifiedOnline({ method: 'mynumber-card' })).toBe(false);
    expect(notVerifiedOnline({})).toBe(false);
    expect(isFinished('completed') && isFinished('expired') && !isFinished('eligibility-requested')).toBe(true);
  });
});
