import { requestDevice, transition } from './device.decide';
import {
  activationCodeFrom,
  activationCodeHash,
  assertRedeemable,
  attemptWindow,
  formatActivationCode,
  issueActivationCode,
  normaliseActivationCode,
  redemptionSteps,
  type ActivationCode,
} from './activation-code';

const device = requestDevice({
  deviceId: 'tab-1',
  institutionNumber: '3410712362',
  siteId: 'hall',
  kind: 'tablet',
  requestedBy: 'ops',
  at: new Date('2026-12-06T09:00:00Z'),
});
const at = new Date('2026-12-06T09:00:00.000Z');

describe('activation codes', () => {
  it('makes 12 Crockford base32 characters of 60 random bits, shown as XXXX-XXXX-XXXX', () => {
    expect(activationCodeFrom(new Uint8Array(8))).toBe('000000000000');
    expect(activationCodeFrom(new Uint8Array(8).fill(0xff))).toBe('ZZZZZZZZZZZZ');
    // 0x0123456789ABCDEF >> 4, five bits at a time: 0 4 17 20 10 25 28 9 21 15 6 30
    expect(activationCodeFrom(Uint8Array.from([0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef]))).toBe('04HMASW9NF6Y');
    expect(formatActivationCode('04HMASW9NF6Y')).toBe('04HM-ASW9-NF6Y');
    expect(() => activationCodeFrom(new Uint8Array(7))).toThrow();
  });

  it('reads a code as typed: any case, hyphens, spaces, full-width characters, and I L O as 1 1 0', () => {
    for (const typed of [
      '04HM-ASW9-NF6Y',
      '04hmasw9nf6y',
      ' 0 4 H M - A S W 9 - N F 6 Y ',
      '０４ＨＭ－ＡＳＷ９－ＮＦ６Ｙ',
      'O4HM-ASW9-NF6Y',
      '04HM ASW9 NF6Y',
    ])
      expect(normaliseActivationCode(typed)).toBe('04HMASW9NF6Y');
    expect(normaliseActivationCode('ILO0-0000-0000')).toBe('110000000000');
  });

  it('refuses what cannot be a code: too short, too long, U or other letters outside the alphabet', () => {
    for (const typed of ['', '04HM-ASW9-NF6', '04HM-ASW9-NF6YZ', '04HU-ASW9-NF6Y', '04HM_ASW9_NF6Y', '04HM-ASW9-NF6!'])
      expect(normaliseActivationCode(typed)).toBeNull();
  });

  it('stores a hash of the canonical code only, the same for every way of typing it', () => {
    const issued = issueActivationCode({ canonical: '04HMASW9NF6Y', device, issuedBy: 'op-1', at, ttlMinutes: 30 });
    expect(issued).toEqual({
      codeHash: activationCodeHash(normaliseActivationCode('04hm-asw9-nf6y')!),
      deviceId: 'tab-1',
      issuedBy: 'op-1',
      issuedAt: '2026-12-06T09:00:00.000Z',
      expiresAt: '2026-12-06T09:30:00.000Z',
      state: 'unused',
    });
    expect(JSON.stringify(issued)).not.toContain('04HMASW9NF6Y');
    expect(issued.codeHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('issues no code for a retired device', () => {
    const retired = transition(device, 'retired', 'ops', at, 'broken');
    expect(() => issueActivationCode({ canonical: '0'.repeat(12), device: retired, issuedBy: 'op-1', at, ttlMinutes: 30 })).toThrow(
      expect.objectContaining({ code: 'device-retired', status: 403 }),
    );
  });

  describe('redeeming', () => {
    const code: ActivationCode = {
      codeHash: 'h',
      deviceId: 'tab-1',
      issuedBy: 'op-1',
      issuedAt: '2026-12-06T09:00:00.000Z',
      expiresAt: '2026-12-06T09:30:00.000Z',
      state: 'unused',
    };
    const refusal = (c: ActivationCode | null, when: string) => {
      try {
        assertRedeemable(c, new Date(when));
        return undefined;
      } catch (error) {
        return { code: (error as { code: string }).code, status: (error as { status: number }).status };
      }
    };

    it('accepts an unused code until just before it expires, and refuses it from its expiry on', () => {
      expect(assertRedeemable(code, new Date('2026-12-06T09:29:59.999Z'))).toBe(code);
      expect(refusal(code, '2026-12-06T09:30:00.000Z')).toEqual({ code: 'activation-code-expired', status: 410 });
    });

    it('refuses an unknown code (400), a used one (409), one replaced by a newer code (410)', () => {
      expect(refusal(null, '2026-12-06T09:01:00Z')).toEqual({ code: 'activation-code-invalid', status: 400 });
      expect(refusal({ ...code, state: 'used', usedAt: '2026-12-06T09:01:00.000Z' }, '2026-12-06T09:02:00Z')).toEqual({
        code: 'activation-code-used',
        status: 409,
      });
      expect(refusal({ ...code, state: 'voided' }, '2026-12-06T09:02:00Z')).toEqual({ code: 'activation-code-expired', status: 410 });
    });

    it('activates a requested device, re-activates and re-keys a suspended one, re-keys an active one, refuses a retired one', () => {
      const active = transition(device, 'active', 'ops', at);
      expect(redemptionSteps(device)).toEqual({ activate: true, rotate: false });
      expect(redemptionSteps(active)).toEqual({ activate: false, rotate: true });
      expect(redemptionSteps(transition(active, 'suspended', 'ops', at, 'lost'))).toEqual({ activate: true, rotate: true });
      expect(() => redemptionSteps(transition(active, 'retired', 'ops', at, 'end'))).toThrow(
        expect.objectContaining({ code: 'device-retired', status: 403 }),
      );
    });
  });

  it('counts failures in fixed windows', () => {
    expect(attemptWindow(new Date('2026-12-06T09:14:59.999Z'), 15)).toEqual({
      start: '2026-12-06T09:00:00.000Z',
      end: '2026-12-06T09:15:00.000Z',
    });
    expect(attemptWindow(new Date('2026-12-06T09:15:00.000Z'), 15).start).toBe('2026-12-06T09:15:00.000Z');
  });
});
