import { useCallback, useEffect, useState } from 'react';
import { jstCalendarDate, Banner, Button, Facts, Panel, ScreenHeading, Stack, TextField } from '@hcv/ui';
import { allowed, useDesk } from '../desk-context';
import { errorText } from '../errors';
import { useI18n } from '../i18n';
import { hrefOf } from '../useRoute';
import { useDeskStream } from '../useStream';
import type { DeskItem } from '../view-model';
import { AlertCard, type DeskAlert } from './Alerts';

interface DeviceStatus {
  deviceId: string;
  siteId: string;
  lifecycle: 'requested' | 'active' | 'suspended' | 'retired';
  connectivity: 'online' | 'offline';
  lastSeenAt?: string;
}

interface SiteAnswer {
  at: string;
  item: DeskItem;
  devices: DeviceStatus[];
  alerts: DeskAlert[];
  today?: { date: string; stops: { stopId: string; name: string; from: string; to: string }[]; operating: boolean };
}

interface DeviceAnswer {
  at: string;
  device: DeviceStatus;
  site?: DeskItem;
  alerts: DeskAlert[];
}

interface Readiness {
  ready: boolean;
  markedReadyAt?: string;
  markedReadyBy?: string;
  devices: { deviceId: string; checkedAt?: string; checks: { check: string; state: 'green' | 'red'; reason?: string }[] }[];
}

/** A site, a bus (with today's stops and its pre-tour readiness report) or a device, with its actions. */
export function DetailScreen({ kind, id }: { kind: 'site' | 'bus' | 'device'; id: string }) {
  const { api, go } = useDesk();
  const { t, dateTime } = useI18n();
  const [site, setSite] = useState<SiteAnswer | null>(null);
  const [device, setDevice] = useState<DeviceAnswer | null>(null);
  const [readiness, setReadiness] = useState<Readiness | null | 'none'>(null);
  // the registry's own state of a device (the desk's picture follows it by events, a few seconds later)
  const [registryState, setRegistryState] = useState<DeviceStatus['lifecycle'] | null>(null);
  const [error, setError] = useState<string | null>(null);

  // A bus's pre-tour readiness report: read with the page, and again when the stream says it changed.
  const loadReadiness = useCallback(() => {
    if (kind !== 'bus') return;
    api
      .get<Readiness>('deviceRegistry', `/tours/${encodeURIComponent(id)}/${jstCalendarDate(new Date())}/readiness`)
      .then(setReadiness)
      .catch(() => setReadiness('none'));
  }, [api, kind, id]);

  const load = useCallback(() => {
    setError(null);
    if (kind === 'device') {
      api
        .get<DeviceAnswer>('audit', `/operations/devices/${encodeURIComponent(id)}`)
        .then(setDevice)
        .catch((e: Error) => setError(e.message));
      api
        .get<{ state: DeviceStatus['lifecycle'] }>('deviceRegistry', `/devices/${encodeURIComponent(id)}`)
        .then((d) => setRegistryState(d.state))
        .catch(() => setRegistryState(null));
    } else
      api
        .get<SiteAnswer>('audit', `/operations/${kind === 'bus' ? 'buses' : 'sites'}/${encodeURIComponent(id)}`)
        .then(setSite)
        .catch((e: Error) => setError(e.message));
    loadReadiness();
  }, [api, kind, id, loadReadiness]);
  useEffect(load, [load]);
  useDeskStream((event, data) => {
    if (event === 'readiness-changed' && (data as { busId?: string } | undefined)?.busId === id) loadReadiness();
  }, loadReadiness);

  const back = (
    <a
      href={hrefOf({ page: 'overview' })}
      onClick={(e) => {
        e.preventDefault();
        go({ page: 'overview' });
      }}
    >
      {t('detail.back')}
    </a>
  );

  if (kind === 'device')
    return (
      <Stack>
        {back}
        <ScreenHeading>{t('detail.device', { deviceId: id })}</ScreenHeading>
        {error ? <Banner kind="error">{t('error.generic', { message: error })}</Banner> : null}
        {device ? (
          <>
            <Facts
              items={[
                { label: t('detail.facts.lifecycle'), value: t(`lifecycle.${registryState ?? device.device.lifecycle}`) },
                { label: t('detail.facts.connectivity'), value: t(`connectivity.${device.device.connectivity}`) },
                { label: t('detail.facts.lastSeen'), value: device.device.lastSeenAt ? dateTime(device.device.lastSeenAt) : '—' },
                { label: t('detail.facts.site'), value: device.site?.name ?? device.device.siteId },
              ]}
            />
            <DeviceActions deviceId={id} lifecycle={registryState ?? device.device.lifecycle} onChanged={load} />
            {device.alerts.length ? (
              <Panel title={t('detail.alerts')}>
                {device.alerts.map((a) => (
                  <AlertCard key={a.alertId} alert={a} onChanged={load} />
                ))}
              </Panel>
            ) : null}
          </>
        ) : null}
      </Stack>
    );

  const item = site?.item;
  return (
    <Stack>
      {back}
      <ScreenHeading>{t(kind === 'bus' ? 'detail.bus' : 'detail.site', { name: item?.name ?? id })}</ScreenHeading>
      {error ? <Banner kind="error">{t('error.generic', { message: error })}</Banner> : null}
      {site && item ? (
        <>
          <Facts
            items={[
              {
                label: t('detail.facts.state'),
                value: <span className={`desk-state desk-state--${item.state}`}>{t(`state.${item.state}`)}</span>,
              },
              { label: t('detail.facts.institution'), value: item.institutionNumber ?? '—' },
              { label: t('detail.facts.prefecture'), value: item.prefecture?.name ?? '—' },
              { label: t('detail.facts.outcomes'), value: String(item.last60.outcomes ?? 0) },
              { label: t('detail.facts.p95'), value: item.last60.p95Millis !== undefined ? `${item.last60.p95Millis} ms` : '—' },
              {
                label: t('detail.facts.failureRate'),
                value: item.last60.failureRate !== undefined ? `${(Number(item.last60.failureRate) * 100).toFixed(1)}%` : '—',
              },
            ]}
          />
          {site.today ? (
            <Panel title={t('detail.today', { date: site.today.date })}>
              {site.today.stops.length ? (
                <ul>
                  {site.today.stops.map((s) => (
                    <li key={s.stopId}>
                      {s.from}–{s.to} {s.name}
                    </li>
                  ))}
                </ul>
              ) : (
                <p>{t('detail.noStops')}</p>
              )}
            </Panel>
          ) : null}
          {kind === 'bus' ? <ReadinessPanel readiness={readiness} /> : null}
          <Panel title={t('detail.devices')}>
            <ul className="desk-list">
              {site.devices.map((d) => (
                <li key={d.deviceId}>
                  <a
                    href={hrefOf({ page: 'device', id: d.deviceId })}
                    onClick={(e) => {
                      e.preventDefault();
                      go({ page: 'device', id: d.deviceId });
                    }}
                  >
                    {d.deviceId}
                  </a>{' '}
                  — {t(`lifecycle.${d.lifecycle}`)}・{t(`connectivity.${d.connectivity}`)}
                  {d.lastSeenAt ? `（${t('detail.facts.lastSeen')} ${dateTime(d.lastSeenAt)}）` : ''}
                </li>
              ))}
            </ul>
          </Panel>
          {site.alerts.length ? (
            <Panel title={t('detail.alerts')}>
              {site.alerts.map((a) => (
                <AlertCard key={a.alertId} alert={a} onChanged={load} />
              ))}
            </Panel>
          ) : null}
        </>
      ) : null}
    </Stack>
  );
}

function ReadinessPanel({ readiness }: { readiness: Readiness | null | 'none' }) {
  const { t, dateTime } = useI18n();
  return (
    <Panel title={t('detail.readiness')}>
      {readiness === null ? (
        <p role="status">{t('app.loading')}</p>
      ) : readiness === 'none' ? (
        <p>{t('detail.readiness.none')}</p>
      ) : (
        <>
          <p>
            {readiness.ready && readiness.markedReadyAt
              ? t('detail.readiness.ready', { time: dateTime(readiness.markedReadyAt), by: readiness.markedReadyBy ?? '' })
              : t('detail.readiness.notReady')}
          </p>
          {readiness.devices.map((d) => (
            <div key={d.deviceId}>
              <p>
                {t('detail.readiness.device', {
                  deviceId: d.deviceId,
                  time: d.checkedAt ? dateTime(d.checkedAt) : t('detail.readiness.notChecked'),
                })}
              </p>
              <ul>
                {d.checks.map((c) => (
                  <li key={c.check}>
                    <span className={`desk-state desk-state--${c.state}`}>{t(`detail.check.${c.state}`)}</span> {c.check}
                    {c.reason ? ` — ${c.reason}` : ''}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </>
      )}
    </Panel>
  );
}

/** Activation code, suspend / reactivate / retire: shown to the roles that may (device-registry checks again). */
function DeviceActions({ deviceId, lifecycle, onChanged }: { deviceId: string; lifecycle: DeviceStatus['lifecycle']; onChanged(): void }) {
  const { api, roles, user } = useDesk();
  const { t, dateTime } = useI18n();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'success' | 'error' | 'warning'; text: string } | null>(null);
  const [code, setCode] = useState<{ code: string; expiresAt: string } | null>(null);
  const [confirmRetire, setConfirmRetire] = useState(false);
  if (!allowed(roles, 'manageDevices')) return null;
  const path = `/devices/${encodeURIComponent(deviceId)}`;
  const act = async (action: 'suspend' | 'activate' | 'retire') => {
    setBusy(true);
    setMessage(null);
    try {
      const body =
        action === 'activate'
          ? { activatedBy: user }
          : { by: user, reason: reason || (action === 'suspend' ? '運用デスクから停止' : '運用デスクから廃止') };
      const device = await api.post<{ state: DeviceStatus['lifecycle'] }>('deviceRegistry', `${path}/${action}`, body);
      setMessage({ kind: 'success', text: t('device.done', { deviceId, state: t(`lifecycle.${device.state}`) }) });
      onChanged();
    } catch (e) {
      setMessage({ kind: 'error', text: errorText(t, e) });
    } finally {
      setBusy(false);
      setConfirmRetire(false);
    }
  };
  return (
    <Panel title={t('device.actions')}>
      <Stack gap="s">
        {message ? <Banner kind={message.kind}>{message.text}</Banner> : null}
        {code ? (
          <Banner kind="info">
            <span className="desk-code" data-testid="activation-code">
              {code.code}
            </span>
            <br />
            {t('device.code', { code: code.code, time: dateTime(code.expiresAt) })}
          </Banner>
        ) : null}
        {lifecycle !== 'retired' ? (
          <Button
            variant="secondary"
            busy={busy}
            onClick={() => {
              setBusy(true);
              api
                .post<{ code: string; expiresAt: string }>('deviceRegistry', `${path}/activation-codes`, {})
                .then(setCode)
                .catch((e: unknown) => setMessage({ kind: 'error', text: errorText(t, e) }))
                .finally(() => setBusy(false));
            }}
          >
            {t('device.issueCode')}
          </Button>
        ) : null}
        {lifecycle === 'active' || lifecycle === 'suspended' ? (
          <TextField label={t('device.reason')} value={reason} maxLength={300} onChange={(e) => setReason(e.target.value)} />
        ) : null}
        {lifecycle === 'active' ? (
          <Button variant="danger" busy={busy} onClick={() => void act('suspend')}>
            {t('device.suspend')}
          </Button>
        ) : null}
        {lifecycle === 'suspended' ? (
          <Button busy={busy} onClick={() => void act('activate')}>
            {t('device.reactivate')}
          </Button>
        ) : null}
        {lifecycle === 'active' || lifecycle === 'suspended' ? (
          <>
            {confirmRetire ? <Banner kind="warning">{t('device.confirmRetire')}</Banner> : null}
            <Button variant="danger" busy={busy} onClick={() => (confirmRetire ? void act('retire') : setConfirmRetire(true))}>
              {t('device.retire')}
            </Button>
          </>
        ) : null}
      </Stack>
    </Panel>
  );
}
