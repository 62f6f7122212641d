import { InMemoryDeviceDirectory } from '../persistence/device-directory.memory';
import { InMemorySiteDirectory } from '../persistence/site-directory.memory';
import { TrackSitesHandler } from '../track-sites/track-sites.handler';
import { GetOwnDeviceHandler, japanDate } from './get-own-device.handler';

describe('the device reads itself', () => {
  // 2026-12-05T23:30Z is already 12-06 in Japan.
  const now = new Date('2026-12-05T23:30:00.000Z');
  const stop = (stopId: string, date: string, from: string) => ({ stopId, name: `会場 ${stopId}`, date, from, to: '23:00' });

  async function setUp() {
    const devices = new InMemoryDeviceDirectory();
    const sites = new InMemorySiteDirectory();
    const track = new TrackSitesHandler(sites);
    await devices.setState('bus-tab', { state: 'active', institutionNumber: '3410712362', siteId: 'bus-01' }, '2026-12-01T00:00:00.000Z');
    await devices.setState('desk-pc', { state: 'active', institutionNumber: '3410712362', siteId: 'hall' }, '2026-12-01T00:00:00.000Z');
    await track.registered({
      siteId: 'bus-01',
      institutionNumber: '3410712362',
      kind: 'bus',
      name: '巡回1号車',
      plate: 'p',
      registeredAt: '2026-11-01T00:00:00.000Z',
    });
    await track.registered({
      siteId: 'hall',
      institutionNumber: '3410712362',
      kind: 'facility',
      name: '健診センター',
      registeredAt: '2026-11-01T00:00:00.000Z',
    });
    await track.itineraryPlanned({
      siteId: 'bus-01',
      itinerary: [stop('s3', '2026-12-06', '13:00'), stop('s1', '2026-12-05', '09:00'), stop('s2', '2026-12-06', '09:30')],
      plannedAt: '2026-11-30T00:00:00.000Z',
    });
    return new GetOwnDeviceHandler(devices, sites, () => now);
  }

  it('shows a bus’s device its bus and today’s stops (Japan time), in order of their hours', async () => {
    expect(japanDate(now)).toBe('2026-12-06');
    expect(await (await setUp()).execute('bus-tab')).toEqual({
      deviceId: 'bus-tab',
      state: 'active',
      siteId: 'bus-01',
      siteName: '巡回1号車',
      kind: 'bus',
      busId: 'bus-01',
      institutionNumber: '3410712362',
      today: {
        tourDate: '2026-12-06',
        stops: [
          { stopId: 's2', name: '会場 s2', from: '09:30', to: '23:00' },
          { stopId: 's3', name: '会場 s3', from: '13:00', to: '23:00' },
        ],
      },
    });
  });

  it('shows a facility’s device its site, with no stops; refuses a device it does not know', async () => {
    const handler = await setUp();
    expect(await handler.execute('desk-pc')).toEqual({
      deviceId: 'desk-pc',
      state: 'active',
      siteId: 'hall',
      siteName: '健診センター',
      kind: 'site',
      institutionNumber: '3410712362',
      today: { tourDate: '2026-12-06', stops: [] },
    });
    await expect(handler.execute('nobody')).rejects.toMatchObject({ code: 'device-not-registered', status: 403 });
  });
});
