import { withInstitutionCheckDigit } from '@hcv/domain';
import { createLogger } from '@hcv/observability';
import { OutboxRelay } from '@hcv/persistence';
import { OpenSessionHandler } from '../open-session/open-session.handler';
import { InMemoryDeviceDirectory } from '../persistence/device-directory.memory';
import { RecentSessions } from '../persistence/recent-sessions';
import { sessionStore } from '../persistence/session-store';
import { InMemorySessionRepository } from '../persistence/session.memory';
import { SubmitCardReadHandler } from '../submit-card-read/submit-card-read.handler';
import { VerifyIdentityHandler } from './verify-identity.handler';

describe('recording the identity verified with the My Number card (人間ドック)', () => {
  const now = new Date('2026-11-25T09:02:00.000Z');

  it('sends an insurer-only lookup without a voucher, and records the identity step separately with who checked', async () => {
    const sessions = new InMemorySessionRepository();
    const devices = new InMemoryDeviceDirectory();
    const sent: { topic: string; data: unknown }[] = [];
    const relay = new OutboxRelay({
      source: 'card-session',
      stores: [sessions.outbox],
      logger: createLogger({ service: 'test', level: 'error' }),
      send: async (topic, message) => void sent.push({ topic, data: (JSON.parse(message.value) as { data: unknown }).data }),
    });
    const store = sessionStore(sessions, relay, new RecentSessions());
    await devices.setState(
      'dev-1',
      { state: 'active', institutionNumber: withInstitutionCheckDigit('131123456'), siteId: 'site-1' },
      '2026-11-25T08:00:00.000Z',
    );
    const { sessionId } = await new OpenSessionHandler(store, devices, () => now).execute(
      { deviceId: 'dev-1', purpose: 'comprehensive-checkup', withoutVoucher: true },
      undefined,
    );
    const reported = {
      validity: 'valid' as const,
      insurerNumber: '06139018',
      number: '0012345',
      name: '佐藤　太郎',
      birthDate: '1970-05-01',
      confirmedAt: '2026-11-25T18:01:00+09:00',
    };
    const read = await new SubmitCardReadHandler(store, () => now).execute(
      sessionId,
      { identityCheck: 'pin', pinVerified: true, reported },
      'dev-1',
    );
    expect(read.state).toBe('eligibility-requested');
    const verified = await new VerifyIdentityHandler(store, () => now).execute(sessionId, { checkedBy: 'staff-tanaka' }, 'dev-1');
    expect(verified.identityVerification).toEqual({
      method: 'mynumber-card-presented',
      checkedBy: 'staff-tanaka',
      verifiedAt: now.toISOString(),
    });
    expect(sent.map((e) => e.topic)).toEqual([
      'session.opened.v2',
      'session.card-read.v2',
      'eligibility.requested.v3',
      'session.identity-verified.v1',
    ]);
    expect(sent[2]!.data).not.toHaveProperty('voucher');
  });
});
