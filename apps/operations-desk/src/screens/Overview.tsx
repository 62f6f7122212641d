import { useCallback, useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import { Banner, CheckboxField, Panel, ScreenHeading, SelectField, Stack, TextField } from '@hcv/ui';
import { useDesk } from '../desk-context';
import { useI18n } from '../i18n';
import { neighbour, tileLayout } from '../tile-map';
import { hrefOf } from '../useRoute';
import { useDeskStream } from '../useStream';
import {
  applyOverviewDelta,
  filterItems,
  groupItems,
  prefectureStates,
  sortItems,
  type DeskFilter,
  type DeskItem,
  type GroupBy,
  type PrefectureState,
  type SiteState,
  type SortKey,
} from '../view-model';

interface Picture {
  at: string;
  items: DeskItem[];
  prefectures: PrefectureState[];
}

const PAGE = 100;

export function OverviewScreen() {
  const { api, go } = useDesk();
  const { t, dateTime, lang } = useI18n();
  const [picture, setPicture] = useState<Picture | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState<DeskFilter>({});
  const [groupBy, setGroupBy] = useState<GroupBy>('prefecture');
  const [sort, setSort] = useState<SortKey>('state');
  const [shown, setShown] = useState(PAGE);

  const load = useCallback(() => {
    Promise.all([
      api.get<{ at: string; items: DeskItem[] }>('audit', '/operations/overview?limit=1000'),
      api.get<{ at: string; prefectures: PrefectureState[] }>('audit', '/operations/prefectures'),
    ])
      .then(([overview, prefectures]) => setPicture({ at: overview.at, items: overview.items, prefectures: prefectures.prefectures }))
      .catch((e: Error) => setError(e.message));
  }, [api]);
  useEffect(load, [load]);

  const live = useDeskStream((event, data) => {
    if (event !== 'overview-changed') return;
    const delta = data as { at: string; items?: DeskItem[]; removed?: string[] };
    setPicture((p) => {
      if (!p) return p;
      const items = applyOverviewDelta(p.items, delta);
      return { at: delta.at, items, prefectures: prefectureStates(items, p.prefectures) };
    });
  }, load);

  const visible = useMemo(() => (picture ? sortItems(filterItems(picture.items, filter), sort) : []), [picture, filter, sort]);
  const groups = useMemo(
    () => (picture ? groupItems(visible.slice(0, shown), groupBy, picture.prefectures, t('overview.none')) : []),
    [picture, visible, shown, groupBy, t],
  );
  const prefName = (p: PrefectureState) => (lang === 'en' ? p.nameEn : p.name);
  const stateLabel = (s: SiteState) => t(`state.${s}`);
  const totals = useMemo(() => {
    const c = { sites: 0, buses: 0, ok: 0, degraded: 0, down: 0, alerting: 0 };
    for (const i of picture?.items ?? []) {
      if (i.kind === 'bus') c.buses++;
      else c.sites++;
      c[i.state]++;
      if (i.alerting) c.alerting++;
    }
    return c;
  }, [picture]);

  return (
    <Stack>
      <ScreenHeading>{t('overview.title')}</ScreenHeading>
      {error ? <Banner kind="error">{t('error.generic', { message: error })}</Banner> : null}
      <p role="status">{live === 'live' ? t('app.live') : t('app.live.lost')}</p>
      {picture ? (
        <>
          <p>
            {t('overview.totals', totals)} — {t('overview.at', { time: dateTime(picture.at) })}
          </p>
          <TileMap
            prefectures={picture.prefectures}
            selected={filter.prefecture}
            label={(p) =>
              t('overview.map.tile', { name: prefName(p), state: stateLabel(p.state), sites: p.counts.sites, buses: p.counts.buses })
            }
            onSelect={(code) => {
              setFilter((f) => ({ ...f, prefecture: f.prefecture === code ? undefined : code }));
              setShown(PAGE);
            }}
          />
          <Panel title={t('overview.filters')}>
            <div className="desk-filters">
              <TextField
                label={t('overview.search')}
                type="search"
                value={filter.q ?? ''}
                onChange={(e) => setFilter((f) => ({ ...f, q: e.target.value || undefined }))}
              />
              <SelectField
                label={t('overview.kind')}
                value={filter.kind ?? 'all'}
                options={[
                  { value: 'all', label: t('overview.kind.all') },
                  { value: 'site', label: t('overview.kind.site') },
                  { value: 'bus', label: t('overview.kind.bus') },
                ]}
                onChange={(v) => setFilter((f) => ({ ...f, kind: v === 'all' ? undefined : (v as 'site' | 'bus') }))}
              />
              <SelectField
                label={t('overview.state')}
                name="state"
                value={filter.state ?? 'all'}
                options={[
                  { value: 'all', label: t('overview.state.all') },
                  { value: 'down', label: t('state.down') },
                  { value: 'degraded', label: t('state.degraded') },
                  { value: 'ok', label: t('state.ok') },
                ]}
                onChange={(v) => setFilter((f) => ({ ...f, state: v === 'all' ? undefined : (v as SiteState) }))}
              />
              <SelectField
                label={t('overview.groupBy')}
                value={groupBy}
                options={[
                  { value: 'prefecture', label: t('overview.groupBy.prefecture') },
                  { value: 'region', label: t('overview.groupBy.region') },
                ]}
                onChange={(v) => setGroupBy(v as GroupBy)}
              />
              <SelectField
                label={t('overview.sort')}
                value={sort}
                options={(['state', 'name', 'prefecture', 'failure-rate', 'p95'] as const).map((s) => ({
                  value: s,
                  label: t(`overview.sort.${s}`),
                }))}
                onChange={(v) => setSort(v as SortKey)}
              />
              <CheckboxField
                label={t('overview.alerting')}
                checked={filter.alerting === true}
                onChange={(checked) => setFilter((f) => ({ ...f, alerting: checked ? true : undefined }))}
              />
            </div>
          </Panel>
          <p role="status" aria-live="polite" data-testid="overview-count">
            {t('overview.count', { shown: visible.length, total: picture.items.length })}
          </p>
          {visible.length === 0 ? <p>{t('overview.empty')}</p> : null}
          {groups.map((g) => (
            <section key={g.key} className="desk-group" aria-label={g.name}>
              <h3>
                {t('overview.group', {
                  name: g.name,
                  state: stateLabel(g.state),
                  total: g.counts.total,
                  down: g.counts.down,
                  degraded: g.counts.degraded,
                  alerting: g.counts.alerting,
                })}
              </h3>
              <ul className="desk-list">
                {g.items.map((i) => (
                  <li key={i.siteId} data-site={i.siteId} data-kind={i.kind} data-state={i.state}>
                    <span className={`desk-state desk-state--${i.state}`}>{stateLabel(i.state)}</span>{' '}
                    <a
                      href={hrefOf({ page: i.kind === 'bus' ? 'bus' : 'site', id: i.siteId })}
                      onClick={(e) => {
                        e.preventDefault();
                        go({ page: i.kind === 'bus' ? 'bus' : 'site', id: i.siteId });
                      }}
                    >
                      {i.kind === 'bus' ? '🚌 ' : ''}
                      {i.name ?? i.siteId}
                    </a>{' '}
                    — {t('item.devices', { online: i.devices.online, offline: i.devices.offline })}
                    {i.alerting ? ` — ${t('item.alerts', i.alerts)}` : ''}
                  </li>
                ))}
              </ul>
            </section>
          ))}
          {visible.length > shown ? (
            <button type="button" className="hcv-button hcv-button--secondary" onClick={() => setShown((n) => n + PAGE)}>
              {t('overview.more')}
            </button>
          ) : null}
        </>
      ) : (
        <p role="status">{t('app.loading')}</p>
      )}
    </Stack>
  );
}

/** The 47 tiles: one tab stop (roving focus), arrow keys between tiles, Enter or Space toggles the prefecture filter. */
function TileMap({
  prefectures,
  selected,
  label,
  onSelect,
}: {
  prefectures: readonly PrefectureState[];
  selected?: string;
  label(p: PrefectureState): string;
  onSelect(code: string): void;
}) {
  const { t, lang } = useI18n();
  const { columns, rows, tiles } = useMemo(() => tileLayout(prefectures), [prefectures]);
  const [focus, setFocus] = useState(0);
  const onKey = (e: KeyboardEvent<HTMLButtonElement>, index: number) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight' && e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
    e.preventDefault();
    const next = neighbour(tiles, index, e.key);
    setFocus(next);
    (e.currentTarget.parentElement?.querySelectorAll('button')[next] as HTMLButtonElement | undefined)?.focus();
  };
  return (
    <section aria-label={t('overview.map')}>
      <h2 className="hcv-panel__title">{t('overview.map')}</h2>
      <p>{t('overview.map.hint')}</p>
      <div
        className="desk-map"
        data-testid="tile-map"
        ref={(el) => {
          if (el) {
            el.style.gridTemplateColumns = `repeat(${columns}, minmax(44px, 1fr))`;
            el.style.gridTemplateRows = `repeat(${rows}, minmax(44px, auto))`;
          }
        }}
      >
        {tiles.map((tile, index) => {
          const p = tile.prefecture;
          const empty = p.counts.sites + p.counts.buses === 0;
          return (
            <button
              key={p.code}
              type="button"
              data-prefecture={p.code}
              data-state={p.state}
              className={`desk-tile desk-tile--${empty ? 'empty' : p.state}`}
              aria-pressed={selected === p.code}
              aria-label={label(p)}
              tabIndex={index === focus ? 0 : -1}
              onFocus={() => setFocus(index)}
              onKeyDown={(e) => onKey(e, index)}
              onClick={() => onSelect(p.code)}
              ref={(el) => {
                if (el) {
                  el.style.gridColumn = String(tile.column + 1);
                  el.style.gridRow = String(tile.row + 1);
                }
              }}
            >
              {lang === 'en' ? p.nameEn : p.code === '01' ? p.name : p.name.replace(/[都府県]$/, '')}
            </button>
          );
        })}
      </div>
      {selected ? (
        <button type="button" className="hcv-button hcv-button--quiet" onClick={() => onSelect(selected)}>
          {t('overview.map.clear')}
        </button>
      ) : null}
    </section>
  );
}
