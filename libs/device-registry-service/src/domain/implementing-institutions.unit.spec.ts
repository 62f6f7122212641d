import {
  implementingInstitutions,
  listCsvRow,
  prefectureCodeOf,
  prefectureName,
  type ActiveDeviceCounts,
} from './implementing-institutions';
import type { Institution } from './institution.decide';
import type { InsurerEnrolment } from './insurer.decide';

const at = '2026-11-24T00:00:00.000Z';
const now = new Date('2026-11-24T08:00:00.000Z');
// Numbers with the check digit over the 9-digit body.
const [TOKYO, OSAKA] = ['1321234567', '2721234561'];
const institution = (over: Partial<Institution>): Institution => ({
  institutionNumber: TOKYO,
  kind: 'checkup-institution',
  name: 'x',
  status: 'active',
  registeredAt: at,
  ...over,
});
const insurer = (over: Partial<InsurerEnrolment>): InsurerEnrolment => ({
  onlineEligibilityCode: '9000000422',
  insurerNumber: '06270011',
  name: '直営健保',
  facilities: [{ name: 'hall' }],
  status: 'active',
  registeredAt: at,
  ...over,
});
const counts = (byInstitution: [string, number][], byInsurerCode: [string, number][] = []): ActiveDeviceCounts => ({
  byInstitution: new Map(byInstitution),
  byInsurerCode: new Map(byInsurerCode),
});

describe('implementing institutions list (実施機関一覧表)', () => {
  it('takes the prefecture from the institution number, or from an insurer’s number', () => {
    expect(prefectureCodeOf({ institutionNumber: TOKYO })).toBe('13');
    expect(prefectureName('13')).toBe('東京都');
    expect(prefectureName('47')).toBe('沖縄県');
    expect(prefectureName('48')).toBeUndefined();
    expect(prefectureCodeOf({ insurerNumber: '06270011' })).toBe('27');
    expect(prefectureCodeOf({ insurerNumber: '011015' })).toBe('01');
  });

  it('marks an institution online-capable exactly when it has an active device, and leaves out withdrawn ones', () => {
    const list = implementingInstitutions(
      [
        institution({ institutionNumber: OSAKA, name: 'b' }),
        institution({ institutionNumber: TOKYO, name: 'a', checkupKinds: ['specific-checkup'] }),
      ],
      [insurer({ status: 'withdrawn' })],
      counts([[TOKYO, 2]], [['9000000422', 1]]),
      now,
    );
    expect(list.map((i) => [i.institutionNumber, i.onlineEligibilityConfirmation, i.activeDevices])).toEqual([
      [TOKYO, true, 2],
      [OSAKA, false, 0],
    ]);
    expect(list[0]).toMatchObject({ prefecture: '東京都', specificCheckup: true, specificGuidance: false, comprehensiveCheckup: false });
    expect(list[1]!.specificCheckup).toBeUndefined();
  });

  it('never prints an insurer’s code under 機関番号: the row carries its insurer number, and the code appears nowhere', () => {
    const list = implementingInstitutions([institution({})], [insurer({})], counts([], [['9000000422', 1]]), now);
    expect(list[1]).toMatchObject({ insurerNumber: '06270011', kind: 'insurer', prefecture: '大阪府', activeDevices: 1 });
    expect(list[1]).not.toHaveProperty('institutionNumber');
    const row = listCsvRow(list[1]!);
    expect(row).toMatchObject({
      institutionNumber: '',
      insurerNumber: '06270011',
      kind: '保険者（直営）',
      onlineEligibilityConfirmation: '可',
    });
    expect(JSON.stringify(list)).not.toContain('9000000422');
  });

  it('leaves an insurer out from its withdrawal’s effective date, swept or not', () => {
    const withdrawal = { effectiveDate: '2026-11-24', effectiveFrom: '2026-11-23T15:00:00.000Z', filedAt: at, filedBy: 'x', reason: 'x' };
    const later = { ...withdrawal, effectiveDate: '2026-12-01', effectiveFrom: '2026-11-30T15:00:00.000Z' };
    const list = implementingInstitutions(
      [],
      [insurer({ withdrawal }), insurer({ onlineEligibilityCode: 'B2', insurerNumber: '01130012', withdrawal: later })],
      counts([]),
      now,
    );
    expect(list.map((i) => i.insurerNumber)).toEqual(['01130012']);
  });

  it('writes the CSV row with the annex’s marks', () => {
    const [a, b] = implementingInstitutions(
      [
        institution({
          checkupKinds: ['specific-guidance'],
          postalCode: '100-0013',
          phone: '03-1234-5678',
          address: '東京都千代田区霞が関1-2-2',
        }),
        institution({ institutionNumber: OSAKA, kind: 'checkup-institution' }),
      ],
      [],
      counts([[TOKYO, 1]]),
      now,
    );
    expect(listCsvRow(a!)).toEqual({
      institutionNumber: TOKYO,
      insurerNumber: '',
      name: 'x',
      kind: '健診・保健指導機関',
      prefecture: '東京都',
      postalCode: '100-0013',
      address: '東京都千代田区霞が関1-2-2',
      phone: '03-1234-5678',
      specificCheckup: '×',
      specificGuidance: '○',
      comprehensiveCheckup: '×',
      onlineEligibilityConfirmation: '可',
      activeDevices: 1,
    });
    expect(listCsvRow(b!)).toMatchObject({ specificCheckup: '', onlineEligibilityConfirmation: '否', activeDevices: 0 });
  });
});
