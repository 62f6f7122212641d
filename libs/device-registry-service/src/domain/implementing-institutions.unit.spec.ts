import { implementingInstitutions, listCsvRow, prefectureCodeOf, prefectureName } from './implementing-institutions';
import type { Institution } from './institution.decide';

const at = '2026-11-24T00:00:00.000Z';
/** An insurer that runs checkups itself is listed under its オンライン資格確認用コード, not an institution number. */
const insurerCode = '9000000422';
const institution = (over: Partial<Institution>): Institution => ({
  institutionNumber: '1321234561',
  kind: 'checkup-institution',
  name: 'x',
  status: 'active',
  registeredAt: at,
  ...over,
});

describe('implementing institutions list (実施機関一覧表)', () => {
  it('takes the prefecture from the institution number, or from an insurer’s number', () => {
    expect(prefectureCodeOf(institution({}))).toBe('13');
    expect(prefectureName('13')).toBe('東京都');
    expect(prefectureName('47')).toBe('沖縄県');
    expect(prefectureName('48')).toBeUndefined();
    expect(prefectureCodeOf(institution({ kind: 'insurer', institutionNumber: insurerCode, insurerNumber: '06270011' }))).toBe('27');
    expect(prefectureCodeOf(institution({ kind: 'insurer', institutionNumber: insurerCode, insurerNumber: '011015' }))).toBe('01');
  });

  it('marks an institution online-capable exactly when it has an active device, and leaves out withdrawn ones', () => {
    const list = implementingInstitutions(
      [
        institution({ institutionNumber: '2721234565', name: 'b' }),
        institution({ institutionNumber: '1321234561', name: 'a', checkupKinds: ['specific-checkup'] }),
        institution({ institutionNumber: insurerCode, kind: 'insurer', insurerNumber: '06270011', status: 'withdrawn' }),
      ],
      new Map([
        ['1321234561', 2],
        [insurerCode, 1],
      ]),
    );
    expect(list.map((i) => [i.institutionNumber, i.onlineEligibilityConfirmation, i.activeDevices])).toEqual([
      ['1321234561', true, 2],
      ['2721234565', false, 0],
    ]);
    expect(list[0]).toMatchObject({ prefecture: '東京都', specificCheckup: true, specificGuidance: false, comprehensiveCheckup: false });
    expect(list[1]!.specificCheckup).toBeUndefined();
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
        institution({ institutionNumber: '2721234565', kind: 'checkup-institution' }),
      ],
      new Map([['1321234561', 1]]),
    );
    expect(listCsvRow(a!)).toEqual({
      institutionNumber: '1321234561',
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
