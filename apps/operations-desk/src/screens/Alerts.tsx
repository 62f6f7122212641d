import { useCallback, useEffect, useState } from 'react';
import { Banner, Button, ChoiceGroup, Panel, ScreenHeading, Stack, TextField } from '@hcv/ui';
import { allowed, useDesk } from '../desk-context';
import { useI18n } from '../i18n';
import { useDeskStream } from '../useStream';

export interface DeskAlert {
  alertId: string;
  kind: string;
  severity: 'warning' | 'critical';
  scope: { siteId?: string; deviceId?: string };
  message: string;
  state: 'open' | 'acknowledged' | 'resolved';
  raisedAt: string;
  changedAt: string;
  history: { action: 'raised' | 'acknowledged' | 'resolved' | 'cleared'; at: string; by: string; note?: string }[];
}

type AlertState = DeskAlert['state'];

/** The alerts by state, newest change first; changes arrive by the stream's `alert-changed`. */
export function AlertsScreen() {
  const { api } = useDesk();
  const { t } = useI18n();
  const [state, setState] = useState<AlertState>('open');
  const [alerts, setAlerts] = useState<DeskAlert[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    api
      .get<{ alerts: DeskAlert[] }>('audit', `/operations/alerts?state=${state}`)
      .then((r) => setAlerts(r.alerts))
      .catch((e: Error) => setError(e.message));
  }, [api, state]);
  useEffect(load, [load]);
  const live = useDeskStream((event, data) => {
    if (event !== 'alert-changed') return;
    const changed = ((data as { alert?: DeskAlert }).alert ?? data) as DeskAlert;
    setAlerts((list) => {
      if (!list) return list;
      const rest = list.filter((a) => a.alertId !== changed.alertId);
      return changed.state === state ? [changed, ...rest] : rest;
    });
  }, load);
  return (
    <Stack>
      <ScreenHeading>{t('alerts.title')}</ScreenHeading>
      <p role="status">{live === 'live' ? t('app.live') : t('app.live.lost')}</p>
      {error ? <Banner kind="error">{t('error.generic', { message: error })}</Banner> : null}
      <ChoiceGroup
        legend={t('alerts.filter')}
        value={state}
        onChange={setState}
        options={(['open', 'acknowledged', 'resolved'] as const).map((s) => ({ value: s, label: t(`alerts.state.${s}`) }))}
      />
      {alerts === null ? <p role="status">{t('app.loading')}</p> : alerts.length === 0 ? <p>{t('alerts.empty')}</p> : null}
      {alerts?.map((a) => (
        <AlertCard key={a.alertId} alert={a} onChanged={load} />
      ))}
    </Stack>
  );
}

/** One alert with its history and, for the roles that may, acknowledge / resolve with a note. */
export function AlertCard({ alert, onChanged }: { alert: DeskAlert; onChanged(): void }) {
  const { api, roles } = useDesk();
  const { t, dateTime } = useI18n();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const work = async (action: 'acknowledge' | 'resolve') => {
    if (action === 'resolve' && !note.trim()) return setError(t('alerts.resolve.noteRequired'));
    setBusy(true);
    setError(null);
    try {
      await api.post(
        'audit',
        `/operations/alerts/${encodeURIComponent(alert.alertId)}/${action}`,
        note.trim() ? { note: note.trim() } : {},
      );
      setNote('');
      onChanged();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const may = allowed(roles, 'workAlerts') && alert.state !== 'resolved';
  return (
    <Panel title={`${t(`alerts.state.${alert.state}`)}：${alert.message}`}>
      <div data-alert={alert.alertId}>
        <p>
          {alert.scope.siteId ?? ''} {alert.scope.deviceId ?? ''} — {t('alerts.raised', { time: dateTime(alert.raisedAt) })}
        </p>
        <details>
          <summary>{t('alerts.history')}</summary>
          <ul className="desk-history">
            {alert.history.map((h, i) => (
              <li key={i}>
                {t('alerts.history.entry', { time: dateTime(h.at), action: t(`alerts.action.${h.action}`), by: h.by, note: h.note ?? '' })}
              </li>
            ))}
          </ul>
        </details>
        {may ? (
          <Stack gap="s">
            <TextField
              label={t('alerts.note')}
              value={note}
              maxLength={500}
              onChange={(e) => setNote(e.target.value)}
              error={error ?? undefined}
            />
            <div className="hcv-actions">
              {alert.state === 'open' ? (
                <Button variant="secondary" busy={busy} onClick={() => void work('acknowledge')}>
                  {t('alerts.acknowledge')}
                </Button>
              ) : null}
              <Button busy={busy} onClick={() => void work('resolve')}>
                {t('alerts.resolve')}
              </Button>
            </div>
          </Stack>
        ) : null}
      </div>
    </Panel>
  );
}
