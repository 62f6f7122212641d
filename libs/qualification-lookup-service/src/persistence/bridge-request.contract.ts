// The bridge-request port's behaviour as one list of cases, run on both adapters: the memory one
// (bridge-request.memory.unit.spec.ts) and the MongoDB one (bridge-request.mongo.int.spec.ts).
// Not a test file by itself (no tier in its name): the specs of the adapters call it.
import { randomUUID } from 'node:crypto';
import { aPresentedVoucher, aQualification, EXAMPLE_INSTITUTION_NUMBER, EXAMPLE_INSURER_NUMBER } from '@hcv/testing';
import type { BridgeAnswerRecord, BridgeRequestRepository, OpenBridgeRequest } from './bridge-request.repository';

export interface BridgeRequestRepositoryUnderTest {
  repo: BridgeRequestRepository;
  cleanup?: () => Promise<void>;
}

/** Another institution than the example one (Hiroshima, MHLW's worked example). */
const OTHER_INSTITUTION = '3410712362';

const aRequest = (requestId: string, overrides: Partial<OpenBridgeRequest> = {}): OpenBridgeRequest => ({
  requestId,
  institutionNumber: EXAMPLE_INSTITUTION_NUMBER,
  requestedAt: '2026-11-24T09:00:00.000Z',
  deadline: '2026-11-24T09:10:00.000Z',
  correlationId: requestId,
  causationId: randomUUID(),
  query: {
    insurerNumber: EXAMPLE_INSURER_NUMBER,
    symbol: '1234',
    number: '0012345',
    branch: '00',
    birthDate: '1970-05-01',
    onDate: '2026-11-24',
  },
  request: {
    sessionId: requestId,
    deviceId: 'dev-1',
    institutionNumber: EXAMPLE_INSTITUTION_NUMBER,
    siteId: 'site-1',
    purpose: 'specific-checkup',
    checkupDate: '2026-11-24',
    cardReference: 'card-000001-0a1b2c3d',
    voucher: aPresentedVoucher(),
    terminalQuery: { birthDate: '1970-05-01', branch: '00' },
  },
  ...overrides,
});

const anAnswer = (overrides: Partial<BridgeAnswerRecord> = {}): BridgeAnswerRecord => ({
  result: { status: 'eligible', qualification: aQualification() },
  answeredAt: '2026-11-24T18:00:05+09:00',
  receivedAt: '2026-11-24T09:00:06.000Z',
  ...overrides,
});

export function bridgeRequestRepositoryContract(adapter: string, make: () => Promise<BridgeRequestRepositoryUnderTest>): void {
  describe(`bridge requests (${adapter})`, () => {
    let subject: BridgeRequestRepositoryUnderTest;
    let repo: BridgeRequestRepository;
    // Fresh ids per case: an adapter may share one database between cases.
    let id: string;
    beforeEach(async () => {
      subject = await make();
      repo = subject.repo;
      id = randomUUID();
    });
    afterEach(async () => subject.cleanup?.());

    it('opens one pending request per session: a redelivered request finds the first one', async () => {
      const first = aRequest(id);
      expect(await repo.open(first)).toEqual({ ...first, status: 'pending' });
      const again = await repo.open(aRequest(id, { requestedAt: '2026-11-24T09:00:03.000Z' }));
      expect(again.requestedAt).toBe('2026-11-24T09:00:00.000Z');
      expect(await repo.get(id)).toEqual({ ...first, status: 'pending' });
    });

    it('answers null for an unknown request', async () => {
      expect(await repo.get(id)).toBeNull();
      expect(await repo.answer(id, anAnswer())).toBeNull();
    });

    it('lists an institution’s pending requests before their deadline, oldest first, and never another institution’s', async () => {
      const later = randomUUID();
      const expired = randomUUID();
      const other = randomUUID();
      const answered = randomUUID();
      await repo.open(aRequest(later, { requestedAt: '2026-11-24T09:00:02.000Z' }));
      await repo.open(aRequest(id, { requestedAt: '2026-11-24T09:00:01.000Z' }));
      await repo.open(aRequest(expired, { requestedAt: '2026-11-24T08:00:00.000Z', deadline: '2026-11-24T08:10:00.000Z' }));
      await repo.open(aRequest(other, { institutionNumber: OTHER_INSTITUTION }));
      await repo.open(aRequest(answered, { requestedAt: '2026-11-24T09:00:00.500Z' }));
      await repo.answer(answered, anAnswer());

      const mine = (await repo.waiting(EXAMPLE_INSTITUTION_NUMBER, '2026-11-24T09:05:00.000Z', 100)).map((r) => r.requestId);
      expect(mine.filter((r) => [id, later, expired, other, answered].includes(r))).toEqual([id, later]);
      const theirs = (await repo.waiting(OTHER_INSTITUTION, '2026-11-24T09:05:00.000Z', 100)).map((r) => r.requestId);
      expect(theirs).toContain(other);
      expect(theirs).not.toContain(id);
      expect(await repo.waiting(EXAMPLE_INSTITUTION_NUMBER, '2026-11-24T09:05:00.000Z', 1)).toHaveLength(1);
      // after the deadline nothing is listed
      const afterDeadline = await repo.waiting(EXAMPLE_INSTITUTION_NUMBER, '2026-11-24T09:10:00.000Z', 100);
      expect(afterDeadline.map((r) => r.requestId)).not.toContain(id);
    });

    it('keeps the first answer: a repeated submission reads it back, a different later one changes nothing', async () => {
      await repo.open(aRequest(id));
      const accepted = await repo.answer(id, anAnswer());
      expect(accepted?.outcome).toBe('accepted');
      expect(accepted?.request).toMatchObject({ status: 'answered', answer: anAnswer() });
      const repeated = await repo.answer(id, anAnswer({ result: { status: 'not-found' } }));
      expect(repeated?.outcome).toBe('repeated');
      expect(repeated?.request.answer).toEqual(anAnswer());
      expect((await repo.get(id))?.answer).toEqual(anAnswer());
    });

    it('forgets the question, the request and the answer once closed, and takes no answer after that', async () => {
      await repo.open(aRequest(id));
      await repo.answer(id, anAnswer());
      await repo.close(id);
      const closed = await repo.get(id);
      expect(closed).toMatchObject({ requestId: id, status: 'closed', institutionNumber: EXAMPLE_INSTITUTION_NUMBER });
      expect(closed).not.toHaveProperty('query');
      expect(closed).not.toHaveProperty('request');
      expect(closed).not.toHaveProperty('answer');
      expect((await repo.answer(id, anAnswer()))?.outcome).toBe('repeated');
      expect(await repo.get(id)).not.toHaveProperty('answer');
    });

    it('closes an unanswered request (the deadline): it is no longer listed and a late answer is not taken', async () => {
      await repo.open(aRequest(id));
      await repo.close(id);
      expect((await repo.waiting(EXAMPLE_INSTITUTION_NUMBER, '2026-11-24T09:01:00.000Z', 100)).map((r) => r.requestId)).not.toContain(id);
      expect((await repo.answer(id, anAnswer()))?.outcome).toBe('repeated');
      expect((await repo.get(id))?.status).toBe('closed');
    });
  });
}
