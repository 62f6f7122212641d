import { isValidInstitutionNumber } from '@hcv/domain';
import { planLargeFederation } from './large-federation';

describe('the large federation', () => {
  // 10:00 JST
  const now = new Date('2026-12-07T01:00:00Z');
  const sites = planLargeFederation({ seed: 1, facilities: 500, buses: 200, devicesPerSite: 2, now });

  it('spreads 500 centres and 200 buses over the 47 prefectures, each institution number valid and its own', () => {
    expect(sites.filter((s) => s.kind === 'facility')).toHaveLength(500);
    expect(sites.filter((s) => s.kind === 'bus')).toHaveLength(200);
    expect(new Set(sites.map((s) => s.prefecture)).size).toBe(47);
    for (const s of sites) {
      expect(isValidInstitutionNumber(s.institutionNumber)).toBe(true);
      expect(s.institutionNumber.slice(0, 2)).toBe(s.prefecture);
      expect(s.institutionNumber[2]).toBe('1'); // 点数表番号 1: the check digit applies
    }
    expect(new Set(sites.map((s) => s.institutionNumber)).size).toBe(700);
    expect(new Set(sites.flatMap((s) => s.devices)).size).toBe(1_400);
    expect(sites.find((s) => s.siteId === 'fac-13-001')).toMatchObject({ name: '東京都健診センター1', prefecture: '13' });
  });

  it('gives each bus today’s stops in JST: about half inside their hours now, the rest done or off today', () => {
    const buses = sites.filter((s) => s.kind === 'bus');
    const operating = buses.filter((b) => b.itinerary!.some((s) => s.date === '2026-12-07' && s.from <= '10:00' && '10:00' < s.to));
    expect(operating).toHaveLength(100);
    expect(buses.filter((b) => b.itinerary!.every((s) => s.date === '2026-12-08'))).toHaveLength(50);
    for (const stop of buses.flatMap((b) => b.itinerary!)) expect(stop.from < stop.to).toBe(true);
  });
});
