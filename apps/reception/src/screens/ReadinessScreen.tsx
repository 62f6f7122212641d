import { useEffect, useState, type FormEvent } from 'react';
import { Actions, Banner, Button, CheckboxField, Chip, isoJst, jstCalendarDate, Panel, ScreenHeading, SelectField, Stack } from '@hcv/ui';
import type { DeviceApi } from '../device/api';
import type { ReadinessCheck, ReadinessCheckResponse, TourReadiness, TourStop } from '../device/api-types';
import { ErrorBanner } from '../ErrorBanner';
import { shownError, type ShownError } from '../errors';
import { useI18n } from '../i18n';

function Checks({ checks }: { checks: readonly ReadinessCheck[] }) {
  const { t } = useI18n();
  return (
    <ul className="hcv-stack hcv-stack--s" data-checks>
      {checks.map((c) => (
        <li key={c.check} data-check={c.check} data-state={c.state}>
          <Chip tone={c.state === 'green' ? 'ok' : 'bad'}>{t(c.state === 'green' ? 'readiness.green' : 'readiness.red')}</Chip>{' '}
          {t(`check.${c.check}`)}
          {c.reason ? <span> — {c.reason}</span> : null}
        </li>
      ))}
    </ul>
  );
}

/**
 * The pre-tour check of a checkup bus: this device reports its clock, card reader, the national
 * app's test confirmation and the day's stops it loaded; the registry judges each check, and the
 * screen shows every device of the bus with its state.
 */
export function ReadinessScreen({
  api,
  busId,
  stops: knownStops,
}: {
  api: DeviceApi;
  busId: string | undefined;
  stops: readonly TourStop[];
}) {
  const { t, dateTime } = useI18n();
  const [reader, setReader] = useState(true);
  const [national, setNational] = useState<'ok' | 'failed' | 'not-run'>('ok');
  const [stops, setStops] = useState<readonly TourStop[]>(knownStops);
  const [result, setResult] = useState<ReadinessCheckResponse>();
  const [bus, setBus] = useState<TourReadiness>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError>();
  const tourDate = jstCalendarDate();

  useEffect(() => {
    if (!busId) return;
    let live = true;
    api.tour(busId, tourDate).then(
      (tour) => live && setStops(tour.stops),
      () => undefined, // the day's stops stay as the device knew them; the check reports what it has
    );
    api.readiness(busId, tourDate).then(
      (report) => live && setBus(report),
      (e) => live && setError(shownError(e)),
    );
    return () => {
      live = false;
    };
  }, [api, busId, tourDate]);

  if (!busId) return <Banner kind="info">{t('readiness.notBus')}</Banner>;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const now = isoJst();
      setResult(
        await api.readinessCheck(busId, tourDate, {
          deviceClockAt: now,
          reader: { present: reader },
          nationalSystem: { testConfirmation: national, ...(national === 'not-run' ? {} : { at: now }) },
          stopsLoaded: stops.map((s) => s.stopId),
        }),
      );
      setBus(await api.readiness(busId, tourDate));
    } catch (e) {
      setError(shownError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack>
      <ScreenHeading>{t('readiness.title')}</ScreenHeading>
      <p>{t('readiness.intro')}</p>
      <ErrorBanner error={error} />
      <form onSubmit={submit} noValidate>
        <Stack>
          <CheckboxField label={t('readiness.reader')} name="reader-present" checked={reader} onChange={setReader} />
          <SelectField
            label={t('readiness.national')}
            name="national-test"
            value={national}
            onChange={setNational}
            options={(['ok', 'failed', 'not-run'] as const).map((v) => ({ value: v, label: t(`readiness.national.${v}`) }))}
          />
          <p>{t('readiness.stops', { count: stops.length })}</p>
          <Actions>
            <Button type="submit" busy={busy}>
              {t('readiness.run')}
            </Button>
          </Actions>
        </Stack>
      </form>
      {result ? (
        <Panel title={t('readiness.checkedAt', { at: dateTime(result.checkedAt) })}>
          <Checks checks={result.checks} />
        </Panel>
      ) : null}
      {bus ? (
        <Panel title={t('readiness.bus')}>
          <div data-bus-ready={bus.ready}>
            <Banner kind={bus.ready ? 'success' : 'warning'}>{t(bus.ready ? 'readiness.ready' : 'readiness.notReady')}</Banner>
          </div>
          {bus.devices.map((d) => (
            <section key={d.deviceId} data-device={d.deviceId}>
              <h3>
                {d.deviceId}
                {d.checkedAt ? ` — ${t('readiness.checkedAt', { at: dateTime(d.checkedAt) })}` : ''}
              </h3>
              <Checks checks={d.checks} />
            </section>
          ))}
        </Panel>
      ) : null}
    </Stack>
  );
}
