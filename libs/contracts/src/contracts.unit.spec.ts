import {
  ALL_EVENT_CONTRACTS,
  CardReadRequest,
  contractForTopic,
  deadLetterTopic,
  ImportVouchersRequest,
  OpenSessionRequest,
  PresentVoucherRequest,
  RegisterDeviceRequest,
  VoucherRecord,
} from './index';
import { CONTRACTS_WITHOUT_EXAMPLES, envelopeFor, EVENT_EXAMPLES, exampleKey } from './testing/examples';

describe('event contracts', () => {
  it('every contract has examples', () => {
    expect(CONTRACTS_WITHOUT_EXAMPLES).toEqual([]);
  });

  it('topics follow <domain>.<event>.v<major> and are unique', () => {
    const topics = ALL_EVENT_CONTRACTS.map((c) => c.topic);
    for (const t of topics) expect(t).toMatch(/^[a-z]+\.[a-z-]+\.v\d+$/);
    expect(new Set(topics).size).toBe(topics.length);
    expect(contractForTopic('session.opened.v1')?.type).toBe('session.opened');
    expect(deadLetterTopic('session.opened.v1')).toBe('session.opened.v1.dlq');
  });

  describe.each(ALL_EVENT_CONTRACTS.map((c) => [c.topic, c] as const))('%s', (_topic, contract) => {
    const examples = EVENT_EXAMPLES[exampleKey(contract)]!;

    it('accepts the valid example in an envelope', () => {
      const result = contract.envelope.safeParse(envelopeFor(contract, examples.valid));
      expect(result.error?.issues).toBeUndefined();
      expect(result.success).toBe(true);
    });

    it.each(examples.invalid)('refuses: %s', (_why, data) => {
      expect(contract.envelope.safeParse(envelopeFor(contract, data)).success).toBe(false);
    });

    it('refuses another version of the same type', () => {
      const env = envelopeFor(contract, examples.valid, { version: contract.version + 1 });
      expect(contract.envelope.safeParse(env).success).toBe(false);
    });

    it('refuses an envelope without a correlation id or with a non-uuid id', () => {
      const { correlationId: _omitted, ...noCorrelation } = envelopeFor(contract, examples.valid);
      expect(contract.envelope.safeParse(noCorrelation).success).toBe(false);
      expect(contract.envelope.safeParse(envelopeFor(contract, examples.valid, { id: 'not-a-uuid' })).success).toBe(false);
      expect(contract.envelope.safeParse(envelopeFor(contract, examples.valid, { source: 'someone-else' })).success).toBe(false);
    });
  });
});

describe('request contracts', () => {
  const cases: Array<[string, { safeParse(v: unknown): { success: boolean } }, unknown, unknown[]]> = [
    [
      'RegisterDeviceRequest',
      RegisterDeviceRequest,
      { deviceId: 'bus-01-tab-1', institutionNumber: '1311234569', siteId: 'bus-01', kind: 'tablet', requestedBy: 'ops' },
      [
        { deviceId: 'bus-01-tab-1', institutionNumber: '1311234569', siteId: 'bus-01', kind: 'tablet' },
        { deviceId: '../etc', institutionNumber: '1311234569', siteId: 'bus-01', kind: 'tablet', requestedBy: 'ops' },
        { deviceId: 'd', institutionNumber: { $gt: '' }, siteId: 'bus-01', kind: 'tablet', requestedBy: 'ops' },
      ],
    ],
    [
      'OpenSessionRequest',
      OpenSessionRequest,
      { deviceId: 'dev-1', purpose: 'specific-checkup', checkupDate: '2026-11-24' },
      [
        { deviceId: 'dev-1' },
        { deviceId: 'dev-1', purpose: 'specific-checkup', extra: 1 },
        { deviceId: 'dev-1', purpose: 'x', checkupDate: '24/11/2026' },
      ],
    ],
    [
      'CardReadRequest',
      CardReadRequest,
      {
        identityCheck: 'visual',
        checkedBy: 'staff-1',
        reported: {
          validity: 'valid',
          insurerNumber: '０６１３９０１８',
          number: '1',
          name: 'x',
          birthDate: '1970-01-01',
          confirmedAt: '2026-11-24T09:00:00Z',
        },
      },
      [
        { identityCheck: 'pin', cardReference: 'short' },
        { identityCheck: 'fingerprint', cardReference: 'card-000001-0a1b2c3d' },
        { identityCheck: 'visual', cardReference: 'card-000001-0a1b2c3d' },
        { identityCheck: 'pin', pinVerified: true },
        { identityCheck: 'pin', pinVerified: false, reported: { validity: 'no-match', confirmedAt: '2026-11-24T09:00:00Z' } },
        {
          identityCheck: 'pin',
          pinVerified: true,
          cardReference: 'card-000001-0a1b2c3d',
          reported: { validity: 'no-match', confirmedAt: '2026-11-24T09:00:00Z' },
        },
        { identityCheck: 'pin', pinVerified: true, reported: { validity: 'valid', confirmedAt: '2026-11-24T09:00:00Z' } },
        {
          identityCheck: 'pin',
          pinVerified: true,
          reported: {
            validity: 'valid',
            insurerNumber: '0613901',
            number: '1',
            name: 'x',
            birthDate: '1970-01-01',
            confirmedAt: '2026-11-24T09:00:00Z',
          },
        },
        // 既存型: the terminal query goes with a card reference only, and is a complete query.
        {
          identityCheck: 'pin',
          pinVerified: true,
          reported: { validity: 'no-match', confirmedAt: '2026-11-24T09:00:00Z' },
          terminalQuery: { birthDate: '1970-01-01' },
        },
        { identityCheck: 'pin', pinVerified: true, cardReference: 'card-000001-0a1b2c3d', terminalQuery: { branch: '00' } },
        {
          identityCheck: 'pin',
          pinVerified: true,
          cardReference: 'card-000001-0a1b2c3d',
          terminalQuery: { birthDate: '1970-01-01', insurerNumber: '06139012' }, // wrong check digit
        },
      ],
    ],
    [
      'PresentVoucherRequest',
      PresentVoucherRequest,
      {
        insurerNumber: '06139018',
        voucherNumber: '12345678901',
        voucherKind: 'guidance',
        validUntil: '2027-03-31',
        guidanceLevel: 'motivational',
        copayments: { guidance: { kind: 'rate', percent: 10 } },
        guidanceStep: 'follow-up',
      },
      [
        { voucherNumber: '12345678901' },
        {
          insurerNumber: '06139018',
          voucherNumber: '1234567890a',
          voucherKind: 'checkup',
          validUntil: '2027-03-31',
          copayments: { basic: { kind: 'none' } },
        },
        { insurerNumber: '06139018', voucherNumber: '12345678901', voucherKind: 'checkup', validUntil: '2027-03-31', copayments: {} },
        {
          insurerNumber: '06139018',
          voucherNumber: '12345678901',
          voucherKind: 'checkup',
          validUntil: '2027-03-31',
          copayments: { basic: { kind: 'upper-limit' } },
        },
      ],
    ],
    [
      'ImportVouchersRequest',
      ImportVouchersRequest,
      {
        vouchers: [
          {
            voucherNumber: '12345678901',
            voucherKind: 'checkup',
            copayments: { basic: { kind: 'none' } },
            insurerNumber: '06139018',
            symbol: '1234',
            number: '0012345',
            name: '佐藤　太郎',
            birthDate: '1970-05-01',
            sex: 'male',
            validFrom: '2026-04-01',
            validUntil: '2027-03-31',
            fiscalYear: 2026,
          },
        ],
      },
      [{ vouchers: [] }, { vouchers: 'all of them' }, { vouchers: Array.from({ length: 10_001 }, () => ({})) }],
    ],
    [
      'VoucherRecord',
      VoucherRecord,
      {
        voucherNumber: '12345678901',
        voucherKind: 'guidance',
        insurerNumber: '06139018',
        symbol: '1234',
        number: '0012345',
        name: '佐藤　太郎',
        birthDate: '1970-05-01',
        sex: 'male',
        validFrom: '2026-04-01',
        validUntil: '2027-03-31',
        fiscalYear: 2026,
        guidanceLevel: 'intensive',
        copayments: { guidance: { kind: 'upper-limit' } },
        insurerUpperLimit: 20000,
        coordinator: { kind: 'collective-A', organisation: { id: 'zeneiren', name: '全国労働衛生団体連合会' } },
        paymentAgentNumber: '12345678',
      },
      [
        {
          voucherNumber: '12345678901',
          voucherKind: 'checkup',
          copayments: { basic: { kind: 'none' } },
          insurerNumber: '06139018',
          symbol: '1',
          number: '1',
          name: 'x',
          birthDate: '1970-05-01',
          sex: 'male',
          validFrom: '2026-04-01',
          validUntil: '2027-03-31',
          fiscalYear: 2026,
          guidanceLevel: 'intensive',
        },
        {
          voucherNumber: '12345678901',
          voucherKind: 'checkup',
          copayments: { basic: { kind: 'none' } },
          insurerNumber: '06139018',
          symbol: '1',
          number: '1',
          name: 'x',
          birthDate: '1970-05-01',
          sex: 'male',
          validFrom: '2027-04-01',
          validUntil: '2027-03-31',
          fiscalYear: 2026,
        },
        {
          voucherNumber: '12345678901',
          voucherKind: 'checkup',
          copayments: { basic: { kind: 'none' } },
          insurerNumber: '06139018',
          symbol: '1',
          number: '1',
          name: 'x',
          birthDate: '1970-05-01',
          sex: 'male',
          validFrom: '2026-04-01',
          validUntil: '2027-03-31',
          fiscalYear: 2026,
          copayment: { kind: 'fixed', amount: 1_000_000 },
        },
      ],
    ],
  ];

  it.each(cases)('%s accepts its example and refuses broken ones', (_name, schema, valid, invalid) => {
    expect(schema.safeParse(valid).success).toBe(true);
    for (const bad of invalid) expect(schema.safeParse(bad).success).toBe(false);
  });
});

describe('a 既存型 card read', () => {
  it('takes the terminal query with the card reference, its insurer number read as written and normalised', () => {
    expect(
      CardReadRequest.parse({
        identityCheck: 'face',
        cardReference: 'card-000001-0a1b2c3d',
        terminalQuery: { insurerNumber: '０６１３９０１８', symbol: '77', number: '8899', branch: '02', birthDate: '1961-02-03' },
      }).terminalQuery,
    ).toEqual({ insurerNumber: '06139018', symbol: '77', number: '8899', branch: '02', birthDate: '1961-02-03' });
  });
});
