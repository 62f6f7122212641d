import { SiteRegisteredV1 } from '@hcv/contracts';
import { buildEnvelope } from '@hcv/messaging';
import { EXAMPLE_INSTITUTION_NUMBER } from '@hcv/testing';
import { InMemorySiteNameRepository } from '../persistence/site-name.memory';
import { RecordSiteHandler } from './record-site.handler';

const registered = (name: string, registeredAt: string) =>
  buildEnvelope(
    SiteRegisteredV1,
    { siteId: 'bus-01', institutionNumber: EXAMPLE_INSTITUTION_NUMBER, kind: 'bus', name, plate: '品川 800 さ 12-34', registeredAt },
    'device-registry',
    { subject: 'bus-01', correlationId: 'bus-01' },
  );

describe('record site (handler)', () => {
  it('keeps the registered site’s name; a redelivered older registration does not rename it', async () => {
    const sites = new InMemorySiteNameRepository();
    const handler = new RecordSiteHandler(sites);
    await handler.handle(registered('健診バス1号車', '2026-04-01T00:00:00.000Z'));
    expect(await sites.nameOf('bus-01')).toBe('健診バス1号車');
    await handler.handle(registered('健診バス（新）', '2026-05-01T00:00:00.000Z'));
    await handler.handle(registered('健診バス1号車', '2026-04-01T00:00:00.000Z'));
    expect(await sites.nameOf('bus-01')).toBe('健診バス（新）');
  });
});
