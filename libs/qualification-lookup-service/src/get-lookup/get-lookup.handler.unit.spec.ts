import { DomainError } from '@hcv/domain';
import { InMemoryLookupRecordRepository } from '../persistence/lookup-record.memory';
import { GetLookupHandler } from './get-lookup.handler';

describe('get a lookup', () => {
  const sessionId = '5f0c6a43-2b0d-4f7e-9a51-0c9f4d1e2a37';

  it('answers the session’s record: status, insurer and timing', async () => {
    const records = new InMemoryLookupRecordRepository();
    const record = {
      sessionId,
      institutionNumber: '1311234569',
      status: 'eligible' as const,
      insurerNumber: '06139018',
      upstreamMillis: 12,
      resolvedAt: '2026-11-24T09:00:00.000Z',
    };
    await records.save(record);
    expect(await new GetLookupHandler(records).execute(sessionId)).toEqual(record);
  });

  it('refuses a session never answered with lookup-not-found (404)', async () => {
    const error = await new GetLookupHandler(new InMemoryLookupRecordRepository()).execute(sessionId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'lookup-not-found', status: 404 });
  });
});
