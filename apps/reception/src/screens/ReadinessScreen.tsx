import { useEffect, useState, type FormEvent } from 'react';
import { Actions, Banner, Button, CheckboxField, Chip, isoJst, jstCalendarDate, Panel, ScreenHeading, SelectField, Stack } from '@hcv/ui';
import type {
  NationalSystemTestConfirmation,
  ReadinessCheckResponse,
  ReportedReadinessCheck,
  TourReadinessResponse,
  TourStop,
} from '@hcv/contracts';
import type { DeviceApi } from '../device/api';
import { ErrorBanner } from '../ErrorBanner';
import { shownError, type ShownError } from '../errors';
import { useI18n } from '../i18n';

/**
 * A device's checks: green, or red with what to do. The registry's reasons are English sentences with
 * specifics (which stop, how many seconds); in Japanese the screen says what to do per check instead.
 */
function Checks({ checks }: { checks: readonly ReportedReadinessCheck[] }) {
  const { t, lang } = useI18n();
  return (
    <ul className="hcv-stack hcv-stack--s" data-checks>
      {checks.map((c) => (
        <li key={c.check} data-check={c.check} data-state={c.state}>
          <Chip tone={c.state === 'green' ? 'ok' : 'bad'}>{t(c.state === 'green' ? 'readiness.green' : 'readiness.red')}</Chip>{' '}
          {t(`check.${c.check}`)}
          {c.state === 'red' ? <span> — {lang === 'en' && c.reason ? c.reason : t(`check.${c.check}.red`)}</span> : null}
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
  const [national, setNational] = useState<NationalSystemTestConfirmation>('ok');
  const [stops, setStops] = useState<readonly TourStop[]>(knownStops);
  const [result, setResult] = useState<ReadinessCheckResponse>();
  const [bus, setBus] = useState<TourReadinessResponse>();
  const [busy, setBusy] = useState(false);
  const [marking, setMarking] = useState(false);
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

  const markReady = async () => {
    setMarking(true);
    setError(undefined);
    try {
      setBus(await api.markReady(busId, tourDate));
    } catch (e) {
      setError(shownError(e));
      // A check turned red meanwhile (409 tour-not-ready): show the bus as it is now.
      setBus(await api.readiness(busId, tourDate).catch(() => bus));
    } finally {
      setMarking(false);
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
          <div data-bus-ready={bus.ready} data-marked-ready={bus.markedReadyAt !== undefined}>
            <Banner kind={bus.ready ? 'success' : 'warning'}>
              {bus.markedReadyAt
                ? t('readiness.marked', { at: dateTime(bus.markedReadyAt), by: bus.markedReadyBy ?? '' })
                : t(bus.ready ? 'readiness.ready' : 'readiness.notReady')}
            </Banner>
          </div>
          {bus.ready && !bus.markedReadyAt ? (
            <Actions>
              <Button data-action="mark-ready" busy={marking} onClick={() => void markReady()}>
                {t('readiness.markReady')}
              </Button>
            </Actions>
          ) : null}
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
