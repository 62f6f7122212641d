import {
  applyOverviewDelta,
  filterItems,
  groupItems,
  prefectureStates,
  sortItems,
  type DeskItem,
  type PrefectureState,
} from './view-model';

const item = (siteId: string, over: Partial<DeskItem> = {}): DeskItem => ({
  siteId,
  kind: 'site',
  name: siteId,
  state: 'ok',
  operating: true,
  alerting: false,
  alerts: { open: 0, acknowledged: 0 },
  devices: { online: 1, offline: 0, outOfService: 0 },
  inFlight: 0,
  last5: {},
  last60: {},
  ...over,
});

const tokyo = { code: '13', name: '東京都' };
const osaka = { code: '27', name: '大阪府' };
const prefectures: PrefectureState[] = [
  {
    ...tokyo,
    nameEn: 'Tokyo',
    region: 'kanto',
    regionName: '関東',
    state: 'ok',
    counts: { sites: 0, buses: 0, ok: 0, degraded: 0, down: 0, alerting: 0 },
  },
  {
    ...osaka,
    nameEn: 'Osaka',
    region: 'kinki',
    regionName: '近畿',
    state: 'ok',
    counts: { sites: 0, buses: 0, ok: 0, degraded: 0, down: 0, alerting: 0 },
  },
];

const items = [
  item('a', { name: '新宿健診センター', prefecture: tokyo, region: 'kanto', institutionNumber: '1311234569' }),
  item('b', {
    kind: 'bus',
    name: '巡回バス1号',
    prefecture: osaka,
    region: 'kinki',
    state: 'down',
    alerting: true,
    last60: { p95Millis: 90 },
  }),
  item('c', { name: '梅田クリニック', prefecture: osaka, region: 'kinki', state: 'degraded', last60: { failureRate: 0.2, p95Millis: 40 } }),
  item('d', { name: '保険者直営', state: 'degraded' }),
];

describe('the desk view model', () => {
  it('filters by kind, state, alerting, prefecture and a search over name, id and institution number', () => {
    expect(filterItems(items, { kind: 'bus' }).map((i) => i.siteId)).toEqual(['b']);
    expect(filterItems(items, { state: 'degraded' }).map((i) => i.siteId)).toEqual(['c', 'd']);
    expect(filterItems(items, { alerting: true }).map((i) => i.siteId)).toEqual(['b']);
    expect(filterItems(items, { alerting: false }).map((i) => i.siteId)).toEqual(['a', 'c', 'd']);
    expect(filterItems(items, { prefecture: '27', state: 'degraded' }).map((i) => i.siteId)).toEqual(['c']);
    expect(filterItems(items, { q: '新宿' }).map((i) => i.siteId)).toEqual(['a']);
    expect(filterItems(items, { q: '131123' }).map((i) => i.siteId)).toEqual(['a']);
    expect(filterItems(items, { q: ' B ' }).map((i) => i.siteId)).toEqual(['b']);
    expect(filterItems(items, {})).toHaveLength(4);
  });

  it('sorts worst first by default, and by name, prefecture, failure rate or p95 with a stable tie-break', () => {
    expect(sortItems(items, 'state').map((i) => i.siteId)).toEqual(['b', 'c', 'd', 'a']);
    expect(sortItems(items, 'prefecture').map((i) => i.siteId)).toEqual(['a', 'b', 'c', 'd']);
    expect(sortItems(items, 'failure-rate').map((i) => i.siteId)[0]).toBe('c');
    expect(
      sortItems(items, 'p95')
        .map((i) => i.siteId)
        .slice(0, 2),
    ).toEqual(['b', 'c']);
    expect(sortItems(items, 'name').map((i) => i.siteId)).toEqual(sortItems([...items].reverse(), 'name').map((i) => i.siteId));
  });

  it('groups by prefecture or region in the map’s order, with the worst state and counts, and the items without a prefecture last', () => {
    const byPrefecture = groupItems(items, 'prefecture', prefectures, '都道府県なし');
    expect(byPrefecture.map((g) => [g.key, g.name, g.state, g.counts.total, g.counts.alerting])).toEqual([
      ['13', '東京都', 'ok', 1, 0],
      ['27', '大阪府', 'down', 2, 1],
      ['00', '都道府県なし', 'degraded', 1, 0],
    ]);
    const byRegion = groupItems(items, 'region', prefectures, 'none');
    expect(byRegion.map((g) => [g.key, g.name, g.counts.down])).toEqual([
      ['kanto', '関東', 0],
      ['kinki', '近畿', 1],
      ['00', 'none', 0],
    ]);
  });

  it('applies a pushed delta (changed items replaced or added, removed ones gone) and recolours the prefectures', () => {
    const next = applyOverviewDelta(items, { items: [item('a', { prefecture: tokyo, state: 'down' }), item('e')], removed: ['d'] });
    expect(next.map((i) => [i.siteId, i.state])).toEqual([
      ['a', 'down'],
      ['b', 'down'],
      ['c', 'degraded'],
      ['e', 'ok'],
    ]);
    const states = prefectureStates(next, prefectures);
    expect(states.map((p) => [p.code, p.state, p.counts.sites, p.counts.buses])).toEqual([
      ['13', 'down', 1, 0],
      ['27', 'down', 1, 1],
    ]);
  });
});
