import { withInstitutionCheckDigit } from '@hcv/domain';
import { csvText } from '@hcv/platform-http';
import { parse } from 'csv-parse/sync';
import type { Contract } from './contract';
import {
  contractInstitutionList,
  contractListCsvRow,
  DEFAULT_CONTRACT_LIST_COLUMNS,
  openingHoursText,
  parseContractListColumns,
  type ListedInstitution,
} from './contract-institution-list';

// Numbers with the check digit over the 9-digit body: Tokyo (13), Osaka (27), Hiroshima (34), Hokkaido (01).
const [TOKYO, OSAKA, HIROSHIMA, SAPPORO] = ['131123456', '271123456', '341071236', '011011371'].map(withInstitutionCheckDigit);
const at = new Date('2026-11-24T08:00:00.000Z');

const contract = (over: Partial<Contract> = {}): Contract => ({
  contractId: 'zeneiren-2026',
  kind: 'collective-A',
  name: '集合契約A 2026',
  coordinator: { id: 'zeneiren', name: '全国労働衛生団体連合会' },
  insurerNumbers: ['01130012'],
  institutionNumbers: [OSAKA, TOKYO, HIROSHIMA, SAPPORO, TOKYO],
  purposes: ['specific-checkup', 'specific-guidance'],
  guidanceLevels: ['motivational', 'intensive'],
  unitPrices: { basic: 8000, detailed: 2500, guidance: 20000 },
  validFrom: '2026-04-01',
  validUntil: '2027-03-31',
  updatedAt: '2026-03-01T00:00:00.000Z',
  ...over,
});

const listed = (institutionNumber: string, over: Partial<ListedInstitution> = {}): ListedInstitution => ({
  institutionNumber,
  name: `機関 ${institutionNumber}`,
  registeredAt: '2026-04-01T00:00:00.000Z',
  ...over,
});

describe('実施機関一覧表 of one contract (rows)', () => {
  const institutions = new Map([
    [
      TOKYO,
      listed(TOKYO, {
        name: '東京健診センター',
        postalCode: '100-0013',
        address: '東京都千代田区霞が関1-2-2',
        phone: '03-1234-5678',
        checkupKinds: ['specific-checkup', 'specific-guidance'],
        openingHours: [
          { days: ['fri', 'mon', 'tue', 'wed', 'thu'], from: '09:00', to: '17:00' },
          { days: ['sat'], from: '09:00', to: '12:00' },
        ],
        openingNote: '祝日休み',
      }),
    ],
    [OSAKA, listed(OSAKA, { existingTypeTerminal: true, checkupKinds: ['specific-checkup'] })],
    [HIROSHIMA, listed(HIROSHIMA, { existingTypeTerminal: false })],
  ]);
  const devices = new Map([[TOKYO, 2]]);

  it('lists each institution once by number, with the contract’s prices and levels, the registry’s details, and the capability by either means', () => {
    const list = contractInstitutionList(contract(), institutions, devices, at);
    expect(list.institutions.map((r) => r.institutionNumber)).toEqual([SAPPORO, TOKYO, OSAKA, HIROSHIMA].sort());
    const byNumber = new Map(list.institutions.map((r) => [r.institutionNumber, r]));
    expect(byNumber.get(TOKYO)).toEqual({
      institutionNumber: TOKYO,
      registered: true,
      name: '東京健診センター',
      prefecture: '東京都',
      postalCode: '100-0013',
      address: '東京都千代田区霞が関1-2-2',
      phone: '03-1234-5678',
      unitPrices: { basic: 8000, detailed: 2500, guidance: 20000 },
      guidanceLevels: ['intensive', 'motivational'],
      openingHours: institutions.get(TOKYO)!.openingHours,
      openingNote: '祝日休み',
      onlineEligibility: { capable: true, limitedTypeDevices: 2, existingTypeTerminal: false },
    });
    // 既存型: capable without a 限定型 device; it offers no guidance, so no guidance level is listed for it.
    expect(byNumber.get(OSAKA)).toMatchObject({
      prefecture: '大阪府',
      guidanceLevels: [],
      onlineEligibility: { capable: true, limitedTypeDevices: 0, existingTypeTerminal: true },
    });
    expect(byNumber.get(HIROSHIMA)!.onlineEligibility).toEqual({ capable: false, limitedTypeDevices: 0, existingTypeTerminal: false });
    // Named by the contract, never announced by the registry: its number and what the number says.
    expect(byNumber.get(SAPPORO)).toEqual({
      institutionNumber: SAPPORO,
      registered: false,
      prefecture: '北海道',
      unitPrices: { basic: 8000, detailed: 2500, guidance: 20000 },
      guidanceLevels: ['intensive', 'motivational'],
      onlineEligibility: { capable: false, limitedTypeDevices: 0, existingTypeTerminal: false },
    });
    expect(list).toMatchObject({
      contractId: 'zeneiren-2026',
      contractName: '集合契約A 2026',
      kind: 'collective-A',
      coordinator: { id: 'zeneiren', name: '全国労働衛生団体連合会' },
      generatedAt: at.toISOString(),
      totals: { institutions: 4, onlineCapable: 2, withLimitedTypeDevices: 1, withExistingTypeTerminal: 1, notRegistered: 1 },
    });
  });

  it('lists no guidance level where the contract does not cover guidance, and every level where it names none', () => {
    const checkupsOnly = contractInstitutionList(contract({ purposes: ['specific-checkup'] }), institutions, devices, at);
    expect(checkupsOnly.institutions.every((r) => r.guidanceLevels.length === 0)).toBe(true);
    const everyLevel = contractInstitutionList(contract({ guidanceLevels: undefined }), institutions, devices, at);
    expect(everyLevel.institutions.find((r) => r.institutionNumber === TOKYO)!.guidanceLevels).toEqual([
      'intensive',
      'motivational',
      'motivational-equivalent',
    ]);
  });

  it('prints days in week order with their hours', () => {
    expect(openingHoursText(institutions.get(TOKYO)!.openingHours)).toBe('月・火・水・木・金 09:00-17:00／土 09:00-12:00');
    expect(openingHoursText(undefined)).toBe('');
  });
});

describe('実施機関一覧表 of one contract (CSV)', () => {
  const institutions = new Map([
    [TOKYO, listed(TOKYO, { name: '健診センター "本館", 東京', openingHours: [{ days: ['mon'], from: '09:00', to: '12:00' }] })],
    [OSAKA, listed(OSAKA, { existingTypeTerminal: true })],
  ]);
  const list = contractInstitutionList(contract({ institutionNumbers: [TOKYO, OSAKA] }), institutions, new Map([[TOKYO, 1]]), at);

  it('writes the default columns with their headings, one row per institution, readable by a CSV parser', () => {
    const text = csvText(
      DEFAULT_CONTRACT_LIST_COLUMNS,
      list.institutions.map((r) => contractListCsvRow(r, DEFAULT_CONTRACT_LIST_COLUMNS)),
    );
    const [header, ...rows] = parse(text) as string[][];
    expect(header).toEqual([
      '機関番号',
      '機関名称',
      '都道府県',
      '郵便番号',
      '所在地',
      '電話番号',
      '単価（基本的な健診）',
      '単価（詳細な健診）',
      '単価（追加健診）',
      '単価（人間ドック）',
      '単価（特定保健指導）',
      '保健指導の区分',
      '実施日・実施時間',
      '実施日の備考',
      '受診券等のオンライン資格確認',
      'オンライン資格確認の手段',
    ]);
    expect(rows).toEqual([
      [
        TOKYO,
        '健診センター "本館", 東京',
        '東京都',
        '',
        '',
        '',
        '8000',
        '2500',
        '',
        '',
        '20000',
        '積極的支援・動機付け支援',
        '月 09:00-12:00',
        '',
        '可',
        '限定型端末1台',
      ],
      [
        OSAKA,
        `機関 ${OSAKA}`,
        '大阪府',
        '',
        '',
        '',
        '8000',
        '2500',
        '',
        '',
        '20000',
        '積極的支援・動機付け支援',
        '',
        '',
        '可',
        '既存型資格確認端末',
      ],
    ]);
  });

  it('writes the configured columns only, in the configured order, under the configured headings', () => {
    const columns = parseContractListColumns('onlineEligibility=オンライン資格確認, institutionNumber=医療機関コード');
    const [header, ...rows] = parse(
      csvText(
        columns,
        list.institutions.map((r) => contractListCsvRow(r, columns)),
      ),
    ) as string[][];
    expect(header).toEqual(['オンライン資格確認', '医療機関コード']);
    expect(rows).toEqual([
      ['可', TOKYO],
      ['可', OSAKA],
    ]);
  });

  it('refuses a column setting naming no known column, or one twice', () => {
    expect(parseContractListColumns(undefined)).toEqual(DEFAULT_CONTRACT_LIST_COLUMNS);
    expect(parseContractListColumns('  ')).toEqual(DEFAULT_CONTRACT_LIST_COLUMNS);
    expect(() => parseContractListColumns('onlineEligibilityCode')).toThrow(/unknown column "onlineEligibilityCode"/);
    expect(() => parseContractListColumns('name,name=名称')).toThrow(/given twice/);
  });
});
