import { busOperatingNow, jstClock, operatingHours } from './bus-hours';

const stops = [
  { stopId: 'afternoon', name: '公民館', date: '2026-12-07', from: '13:00', to: '16:30' },
  { stopId: 'morning', name: '駅前', date: '2026-12-07', from: '08:30', to: '11:45' },
  { stopId: 'next-day', name: '役場', date: '2026-12-08', from: '09:00', to: '12:00' },
];

describe('a bus’s operating hours, in JST whatever the server’s zone', () => {
  it('reads an instant as Japan’s date and clock (UTC+9, across midnight)', () => {
    expect(jstClock(new Date('2026-12-06T23:30:00Z'))).toEqual({ date: '2026-12-07', time: '08:30' });
    expect(jstClock(new Date('2026-12-07T14:59:00Z'))).toEqual({ date: '2026-12-07', time: '23:59' });
  });

  it('spans a day from its first stop’s start to its last stop’s end (driving between stops counts)', () => {
    expect(operatingHours(stops, '2026-12-07')).toEqual({ from: '08:30', to: '16:30' });
    expect(operatingHours(stops, '2026-12-09')).toBeNull();
  });

  it.each([
    ['2026-12-06T23:29:00Z', false], // 08:29 JST, before the first stop
    ['2026-12-06T23:30:00Z', true], // 08:30 JST
    ['2026-12-07T03:00:00Z', true], // 12:00 JST, between stops
    ['2026-12-07T07:29:00Z', true], // 16:29 JST
    ['2026-12-07T07:30:00Z', false], // 16:30 JST, the day is over
    ['2026-12-07T01:00:00Z', true], // 10:00 JST on the 7th, although the UTC date is the 7th too
    ['2026-12-06T01:00:00Z', false], // 10:00 JST on the 6th: no stop that day
    ['2026-12-08T00:30:00Z', true], // 09:30 JST on the 8th
  ])('at %s the bus operates: %s', (at, operating) => {
    expect(busOperatingNow(stops, new Date(at))).toBe(operating);
  });

  it('counts a bus whose itinerary the desk never received as operating, and a known empty one as off', () => {
    expect(busOperatingNow(undefined, new Date('2026-12-07T18:00:00Z'))).toBe(true);
    expect(busOperatingNow([], new Date('2026-12-07T01:00:00Z'))).toBe(false);
  });
});
