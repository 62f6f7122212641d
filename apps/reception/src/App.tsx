import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { AppShell, Banner, Button, Chip, LanguageSwitch, Progress, ScreenHeading } from '@hcv/ui';
import { ApiError, DeviceApi, loadConfig, NetworkError } from './device/api';
import type { DeviceSelf, ReceptionConfig } from './device/api-types';
import { forgetDevice, loadCredential, type DeviceCredential } from './device/credential';
import { useI18n } from './i18n';
import { OfflineQueue, type QueuedVisit, type SendResult } from './offline/queue';
import { SealedQueueStore } from './offline/stores';
import { ActivationScreen } from './screens/ActivationScreen';
import { QueuePanel } from './screens/QueuePanel';
import { ReadinessScreen } from './screens/ReadinessScreen';
import { RefusedScreen } from './screens/RefusedScreen';
import { useOnline } from './useOnline';
import { VisitFlow } from './VisitFlow';

type Phase =
  | { kind: 'loading' }
  | { kind: 'failed'; reason: 'config' | 'storage' }
  | { kind: 'activate' }
  | { kind: 'refused'; reason: 'suspended' | 'retired'; message: string }
  | { kind: 'ready' };

/** How long to keep asking while card-session has not yet learnt a just-activated device (its events travel over Kafka). */
const ACTIVATION_ARRIVAL_MILLIS = 120_000;

/** A queued visit's send: the service's answer sorted into sent, refused for good, or worth a retry. */
async function sendCaptured(api: DeviceApi, request: QueuedVisit['request']): Promise<SendResult> {
  try {
    const session = await api.captured(request);
    return { kind: 'sent', sessionId: session.sessionId, resent: session.resent };
  } catch (e) {
    if (e instanceof ApiError && e.status >= 400 && e.status < 500 && ![401, 408, 409, 429].includes(e.status))
      return { kind: 'refused', code: e.code, message: e.message };
    return { kind: 'retry' };
  }
}

export function App() {
  const { t, lang, setLang } = useI18n();
  const online = useOnline();
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [config, setConfig] = useState<ReceptionConfig>();
  const [credential, setCredential] = useState<DeviceCredential>();
  const [self, setSelf] = useState<DeviceSelf>();
  const [waitingForActivation, setWaitingForActivation] = useState(false);
  const [view, setView] = useState<'visit' | 'readiness'>('visit');
  const [queued, setQueued] = useState<QueuedVisit[]>([]);
  const langRef = useRef(lang);
  langRef.current = lang;

  useEffect(() => {
    void (async () => {
      try {
        setConfig(await loadConfig());
      } catch {
        setPhase({ kind: 'failed', reason: 'config' });
        return;
      }
      try {
        const stored = await loadCredential();
        setCredential(stored);
        setPhase(stored ? { kind: 'loading' } : { kind: 'activate' });
      } catch {
        setPhase({ kind: 'failed', reason: 'storage' });
      }
    })();
  }, []);

  const api = useMemo(
    () => (config && credential ? new DeviceApi(config, credential, () => langRef.current) : undefined),
    [config, credential],
  );

  // The device's own state: active, or suspended / retired with what to do. Offline, the app works from what it knows.
  const checkSelf = useCallback(async () => {
    if (!api) return;
    const deadline = Date.now() + ACTIVATION_ARRIVAL_MILLIS;
    for (;;) {
      try {
        setSelf(await api.self());
        setWaitingForActivation(false);
        setPhase({ kind: 'ready' });
        return;
      } catch (e) {
        if (e instanceof ApiError && (e.code === 'device-suspended' || e.code === 'device-retired')) {
          setPhase({ kind: 'refused', reason: e.code === 'device-suspended' ? 'suspended' : 'retired', message: e.message });
          return;
        }
        if (
          e instanceof ApiError &&
          (e.code === 'device-unknown' || e.code === 'device-not-active' || e.code === 'device-not-registered') &&
          Date.now() < deadline
        ) {
          setWaitingForActivation(true);
          await new Promise((r) => setTimeout(r, 1_000));
          continue;
        }
        // Offline, or the service unreachable: go on with the stored description (offline capture works).
        if (e instanceof NetworkError || e instanceof ApiError) {
          setWaitingForActivation(false);
          setPhase({ kind: 'ready' });
          return;
        }
        throw e;
      }
    }
  }, [api]);

  useEffect(() => {
    void checkSelf();
  }, [checkSelf]);

  const queue = useMemo(() => (api ? new OfflineQueue(new SealedQueueStore(), (request) => sendCaptured(api, request)) : undefined), [api]);
  const refreshQueue = useCallback(async () => {
    if (queue) setQueued(await queue.waiting());
  }, [queue]);
  const flush = useCallback(async () => {
    if (!queue || !navigator.onLine) return;
    await queue.flush();
    await refreshQueue();
  }, [queue, refreshQueue]);

  // Send what was captured offline when the network is back, at start, and again while some wait.
  useEffect(() => {
    void refreshQueue();
    if (online) void flush();
  }, [online, flush, refreshQueue]);
  useEffect(() => {
    if (!online || queued.every((v) => v.refused)) return;
    const timer = setInterval(() => void flush(), 15_000);
    return () => clearInterval(timer);
  }, [online, queued, flush]);

  const onActivated = (c: DeviceCredential) => {
    setCredential(c);
    setPhase({ kind: 'loading' });
  };
  const newCode = async () => {
    await forgetDevice();
    setCredential(undefined);
    setSelf(undefined);
    setPhase({ kind: 'activate' });
  };

  const device = self ?? credential?.device;
  const busId =
    self?.kind === 'bus'
      ? (self.busId ?? self.siteId)
      : credential?.device.kind === 'bus'
        ? (credential.device.busId ?? credential.device.siteId)
        : undefined;
  const stops = self?.today?.stops ?? [];
  const status = (
    <>
      {credential ? (
        <span className="hcv-device">
          {t('app.device', { deviceId: credential.deviceId, site: device?.siteName ?? device?.siteId ?? '' })}
        </span>
      ) : null}
      <span data-online={online}>
        <Chip tone={online ? 'ok' : 'bad'}>{online ? t('app.online') : t('app.offline')}</Chip>
      </span>
      {queued.length > 0 ? (
        <span data-queue-count={queued.length}>
          <Chip tone="neutral">{t('app.queue', { count: queued.length })}</Chip>
        </span>
      ) : null}
      <LanguageSwitch lang={lang} onChange={setLang} label={t('app.language')} />
    </>
  );

  let content;
  if (phase.kind === 'failed')
    content = <Banner kind="error">{t(phase.reason === 'config' ? 'app.config.failed' : 'app.storage.failed')}</Banner>;
  else if (phase.kind === 'activate' && config) content = <ActivationScreen config={config} onActivated={onActivated} />;
  else if (phase.kind === 'refused' && credential)
    content = (
      <RefusedScreen
        deviceId={credential.deviceId}
        reason={phase.reason}
        message={phase.message}
        onCheckAgain={() => void checkSelf()}
        onNewCode={() => void newCode()}
      />
    );
  else if (phase.kind === 'ready' && api && queue)
    content = (
      <>
        {!online ? (
          <div data-banner="offline">
            <Banner kind="warning">{t('app.offline.banner')}</Banner>
          </div>
        ) : null}
        {busId ? (
          <nav aria-label={t('app.nav')} className="hcv-actions">
            <Button
              variant={view === 'visit' ? 'primary' : 'secondary'}
              aria-current={view === 'visit' ? 'page' : undefined}
              onClick={() => setView('visit')}
            >
              {t('app.nav.visit')}
            </Button>
            <Button
              variant={view === 'readiness' ? 'primary' : 'secondary'}
              aria-current={view === 'readiness' ? 'page' : undefined}
              onClick={() => setView('readiness')}
            >
              {t('app.nav.readiness')}
            </Button>
          </nav>
        ) : null}
        {view === 'readiness' && busId ? (
          <ReadinessScreen api={api} busId={busId} stops={stops} />
        ) : (
          <VisitFlow api={api} online={online} stops={stops} queue={queue} onQueued={() => void refreshQueue().then(flush)} />
        )}
        <QueuePanel
          visits={queued}
          online={online}
          onSend={() => void flush()}
          onDiscard={(key) => void queue.discard(key).then(refreshQueue)}
        />
      </>
    );
  else
    content = (
      <>
        <ScreenHeading>{t('app.title')}</ScreenHeading>
        <Progress label={waitingForActivation ? t('refused.unknown') : t('app.loading')} />
      </>
    );

  return (
    <AppShell title={t('app.title')} skipLabel={t('app.skip')} status={status}>
      {content}
    </AppShell>
  );
}
