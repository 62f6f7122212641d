import { readHeader } from './voucher-file-layout';

const JA_HEADER = [
  '受診券整理番号',
  '券種',
  '保険者番号',
  '記号',
  '番号',
  '枝番',
  '氏名',
  '生年月日',
  '性別',
  '有効期限',
  '交付日',
  '年度',
  '基本 負担区分',
  '基本 負担額/負担率',
  '詳細 負担区分',
  '詳細 負担額/負担率',
  '追加 負担区分',
  '追加 負担額/負担率',
  '人間ドック 負担区分',
  '人間ドック 負担額/負担率',
  '保険者負担上限額',
  '支援レベル',
  '契約区分',
  '契約取りまとめ機関コード',
  '契約取りまとめ機関名',
  '支払代行機関番号',
];

const jaRow = (overrides: Record<string, string> = {}) => {
  const base: Record<string, string> = {
    受診券整理番号: '26001000001',
    券種: '1',
    保険者番号: '06139018',
    記号: '1234',
    番号: '0012345',
    枝番: '01',
    氏名: '佐藤 太郎',
    生年月日: '昭和45年5月1日',
    性別: '1',
    有効期限: '20270331',
    交付日: 'R08.04.01',
    年度: '2026',
    '基本 負担区分': '2',
    '基本 負担額/負担率': '1000',
    '詳細 負担区分': '3',
    '詳細 負担額/負担率': '10',
    '追加 負担区分': '4',
    '人間ドック 負担区分': '1',
    保険者負担上限額: '5000',
    契約区分: '1',
    契約取りまとめ機関コード: 'zeneiren',
    契約取りまとめ機関名: '全国労働衛生団体連合会',
    支払代行機関番号: '12345678',
    ...overrides,
  };
  return JA_HEADER.map((c) => base[c] ?? '');
};

describe('voucher file layouts', () => {
  it('reads the Japanese roster layout: codes, 8-digit and 和暦 dates, 窓口負担 per part, the coordinator', () => {
    const header = readHeader(JA_HEADER);
    expect(header.layout).toBe('japanese-roster');
    expect(header.toCandidate(jaRow())).toEqual({
      value: {
        voucherNumber: '26001000001',
        voucherKind: 'checkup',
        insurerNumber: '06139018',
        symbol: '1234',
        number: '0012345',
        branch: '01',
        name: '佐藤 太郎',
        birthDate: '1970-05-01',
        sex: 'male',
        validFrom: '2026-04-01', // no 有効開始日: valid from its 交付日
        validUntil: '2027-03-31',
        issuedOn: '2026-04-01',
        fiscalYear: 2026,
        copayments: {
          basic: { kind: 'fixed', amount: 1000 },
          detailed: { kind: 'rate', percent: 10 },
          additional: { kind: 'upper-limit' },
          comprehensive: { kind: 'none' },
        },
        insurerUpperLimit: 5000,
        coordinator: { kind: 'collective-A', organisation: { id: 'zeneiren', name: '全国労働衛生団体連合会' } },
        paymentAgentNumber: '12345678',
      },
    });
  });

  it('takes the codes of 性別, 券種, 支援レベル, 負担区分 and 契約区分 (or their labels) and refuses any other, naming the column', () => {
    const header = readHeader(JA_HEADER);
    const value = (o: Record<string, string>) => (header.toCandidate(jaRow(o)) as { value: Record<string, unknown> }).value;
    expect(value({ 性別: '2' }).sex).toBe('female');
    expect(value({ 性別: '女' }).sex).toBe('female');
    expect(value({ 券種: '2', 支援レベル: '1' })).toMatchObject({ voucherKind: 'guidance', guidanceLevel: 'intensive' });
    expect(value({ 券種: '利用券', 支援レベル: '2' })).toMatchObject({ voucherKind: 'guidance', guidanceLevel: 'motivational' });
    expect(value({ 券種: '2', 支援レベル: '3' }).guidanceLevel).toBe('motivational-equivalent');
    expect(value({ 契約区分: '２' }).coordinator).toMatchObject({ kind: 'collective-B' });
    expect(value({ 契約区分: '集合契約Ａ' }).coordinator).toMatchObject({ kind: 'collective-A' });
    expect(value({ 契約区分: '3', 契約取りまとめ機関コード: '', 契約取りまとめ機関名: '' }).coordinator).toEqual({ kind: 'individual' });
    expect(value({ '基本 負担区分': '定額' }).copayments).toMatchObject({ basic: { kind: 'fixed', amount: 1000 } });
    for (const [column, bad] of [
      ['性別', '3'],
      ['券種', '0'],
      ['支援レベル', '4'],
      ['基本 負担区分', '5'],
      ['契約区分', '9'],
    ] as const) {
      expect(header.toCandidate(jaRow({ [column]: bad, ...(column === '支援レベル' ? { 券種: '2' } : {}) }))).toEqual({
        problem: { field: column, code: 'invalid-code', reason: expect.stringContaining(column) },
      });
    }
  });

  it('refuses a date it cannot read, a 窓口負担 without its value or with one it does not take, and a row with neither 有効開始日 nor 交付日', () => {
    const header = readHeader(JA_HEADER);
    expect(header.toCandidate(jaRow({ 生年月日: '平成31年5月1日' }))).toEqual({
      problem: { field: '生年月日', code: 'invalid-date', reason: expect.stringContaining('平成') },
    });
    expect(header.toCandidate(jaRow({ '基本 負担額/負担率': '' }))).toMatchObject({
      problem: { field: '基本 負担額/負担率', code: 'missing-field' },
    });
    expect(header.toCandidate(jaRow({ '人間ドック 負担額/負担率': '100' }))).toMatchObject({
      problem: { field: '人間ドック 負担額/負担率', code: 'inconsistent-fields' },
    });
    expect(header.toCandidate(jaRow({ 交付日: '' }))).toMatchObject({ problem: { field: '有効開始日', code: 'missing-field' } });
  });

  it('names the file’s column for a contract problem, in both layouts', () => {
    const ja = readHeader(JA_HEADER);
    expect(ja.columnOf('copayments.detailed.percent')).toBe('詳細 負担額/負担率');
    expect(ja.columnOf('copayments.basic')).toBe('基本 負担区分');
    expect(ja.columnOf('coordinator.organisation.id')).toBe('契約取りまとめ機関コード');
    expect(ja.columnOf('birthDate')).toBe('生年月日');
    const en = readHeader([
      'voucherNumber',
      'voucherKind',
      'insurerNumber',
      'symbol',
      'number',
      'name',
      'birthDate',
      'sex',
      'validFrom',
      'validUntil',
      'fiscalYear',
    ]);
    expect(en.layout).toBe('field-names');
    expect(en.columnOf('copayments.basic.amount')).toBe('basicCopaymentValue');
    expect(en.columnOf('coordinator.kind')).toBe('coordinatorKind');
  });

  it('folds widths and spaces in headers, takes 利用券整理番号 for 受診券整理番号, and normalises the insurer number', () => {
    const header = readHeader(JA_HEADER.map((h) => (h === '受診券整理番号' ? '利用券整理番号' : h.replace(' ', '　'))));
    expect(header.layout).toBe('japanese-roster');
    expect(header.toCandidate(jaRow({ 保険者番号: ' ０６１３９０１８ ' }))).toMatchObject({ value: { insurerNumber: '06139018' } });
  });

  it('refuses a header with unknown, repeated or missing required columns, naming them', () => {
    expect(() => readHeader([...JA_HEADER, '備考'])).toThrow(
      expect.objectContaining({ code: 'unknown-columns', message: expect.stringContaining('備考') }),
    );
    expect(() => readHeader([...JA_HEADER, '氏名'])).toThrow(
      expect.objectContaining({ code: 'duplicate-columns', message: expect.stringContaining('氏名') }),
    );
    expect(() => readHeader(JA_HEADER.filter((h) => h !== '生年月日'))).toThrow(
      expect.objectContaining({ code: 'missing-columns', message: expect.stringContaining('生年月日') }),
    );
    expect(() => readHeader(['voucherNumber', 'cardType'])).toThrow(
      expect.objectContaining({ code: 'unknown-columns', message: expect.stringContaining('cardType') }),
    );
  });
});
