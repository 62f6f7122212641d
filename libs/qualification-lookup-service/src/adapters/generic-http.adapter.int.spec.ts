import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GenericHttpEligibility, type UpstreamAnswer, type UpstreamMatch } from './generic-http.adapter';

/** The HTTP adapter's request/response mapping against a local HTTP server playing the upstream. */
const match: UpstreamMatch = {
  insurerNumber: ' ０1130012　', // space-padded (half-width and ideographic), a full-width digit
  insurerName: '全国健康保険協会',
  insuredCardSymbol: '１２３４',
  insuredIdentificationNumber: '0012345',
  insuredBranchNumber: '1',
  personalFamilyClassification: '2',
  name: '佐藤　花子',
  nameKana: 'サトウ　ハナコ',
  sex1: '2',
  birthdate: '19700501',
  qualificationDate: '20100401',
};

const answers: Record<string, UpstreamAnswer | number> = {
  'card-eligible-01': { processingResult: { status: '1' }, qualificationValidity: '1', results: [match] },
  'card-lost-00001': {
    processingResult: { status: '1' },
    qualificationValidity: '2',
    results: [{ ...match, disqualificationDate: '20261001' }],
  },
  // A dropped leading zero (7 digits) is a known real defect: never padded back, the answer is unusable.
  'card-7digit-001': { processingResult: { status: '1' }, qualificationValidity: '1', results: [{ ...match, insurerNumber: ' 1130012' }] },
  // A 6-digit 国保 number in the 8-digit layout ("00" + 6) is read as the 6 digits.
  'card-kokuho-001': { processingResult: { status: '1' }, qualificationValidity: '1', results: [{ ...match, insurerNumber: '00131011' }] },
  'card-nomatch-01': { processingResult: { status: '1' }, qualificationValidity: '4' },
  'card-several-01': { processingResult: { status: '1' }, qualificationValidity: '5', results: [match, match, match] },
  'card-abnormal-1': { processingResult: { status: '3', errorCode: 'E9001', errorMessage: 'maintenance' } },
  'card-5xx-000001': 503,
};

describe('GenericHttpEligibility', () => {
  let server: Server;
  let baseUrl = '';
  const received: unknown[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const request = JSON.parse(body) as { cardReference: string };
        received.push({ method: req.method, url: req.url, ...request });
        const answer = answers[request.cardReference];
        if (typeof answer === 'number') {
          res.writeHead(answer).end();
          return;
        }
        // Consent flags the eligibility-only variant must never surface.
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ ...answer, specificHealthCheckupConsent: '1', drugInfoConsent: '1' }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const lookup = (cardReference: string) =>
    new GenericHttpEligibility({ baseUrl, timeoutMillis: 2_000 }).lookup({
      cardReference,
      onDate: '2026-11-24',
      institutionNumber: '1311234569',
    });

  it('sends the inquiry in the upstream format', async () => {
    await lookup('card-eligible-01');
    expect(received.at(-1)).toEqual({
      method: 'POST',
      url: '/eligibility/inquiries',
      institutionCode: '1311234569',
      cardReference: 'card-eligible-01',
      inquiryDate: '20261124',
    });
  });

  it('maps a valid qualification, normalising padding and full-width digits, with nothing else', async () => {
    const result = await lookup('card-eligible-01');
    expect(result).toEqual({
      status: 'eligible',
      qualification: {
        insurerNumber: '01130012',
        insurerName: '全国健康保険協会',
        symbol: '１２３４',
        number: '0012345',
        branch: '01',
        relationship: 'dependent',
        name: '佐藤　花子',
        nameKana: 'サトウ　ハナコ',
        birthDate: '1970-05-01',
        sex: 'female',
        acquiredOn: '2010-04-01',
      },
    });
    expect(JSON.stringify(result)).not.toMatch(/Consent/);
  });

  it('never pads a 7-digit insurer number, and folds "00" + a 6-digit 国保 number', async () => {
    expect(await lookup('card-7digit-001')).toEqual({
      status: 'unavailable',
      reason: 'national system: the answer carries no valid insurer number',
    });
    expect(await lookup('card-kokuho-001')).toMatchObject({ status: 'eligible', qualification: { insurerNumber: '131011' } });
  });

  it('maps lost (with the loss date), no match, several matches and an abnormal end', async () => {
    expect(await lookup('card-lost-00001')).toMatchObject({ status: 'lost', lostOn: '2026-10-01' });
    expect(await lookup('card-nomatch-01')).toEqual({ status: 'not-found' });
    expect(await lookup('card-several-01')).toEqual({ status: 'multiple', candidates: 3 });
    expect(await lookup('card-abnormal-1')).toEqual({ status: 'unavailable', reason: 'national system: abnormal end E9001' });
  });

  it('throws on a transport failure so the resilience layer retries', async () => {
    await expect(lookup('card-5xx-000001')).rejects.toThrow(/HTTP 503/);
  });
});
