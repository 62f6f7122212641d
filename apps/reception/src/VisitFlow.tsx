import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type {
  AlternativeMethodRequest,
  CapturedSessionRequest,
  CardProblem,
  CardReadRequest,
  PresentedVoucher,
  SessionResponse,
} from '@hcv/contracts';
import { isoJst, jstCalendarDate } from '@hcv/ui';
import type { DeviceApi } from './device/api';
import type { TourStop } from './device/api-types';
import { shownError, type ShownError } from './errors';
import { useI18n } from './i18n';
import { capturedVisit, newIdempotencyKey, type OfflineQueue } from './offline/queue';
import { clearDraft, loadDraft, saveDraft } from './offline/stores';
import { IdentityScreen } from './screens/IdentityScreen';
import { PurposeScreen } from './screens/PurposeScreen';
import { QueuedScreen } from './screens/QueuedScreen';
import { ResultScreen } from './screens/ResultScreen';
import { VoucherScreen } from './screens/VoucherScreen';
import { WaitingScreen } from './screens/WaitingScreen';
import { checkAlternative } from './visit/identity-form';
import { isFinished, type NextStep } from './visit/outcome';
import type { Purpose } from './visit/purpose';
import { initialVisit, persistable, retryStart, visitReducer, type VisitAction, type VisitState } from './visit/visit-state';

const sleep = (millis: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, millis);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/** One visit after another at this device: the screens, the calls behind them, the draft kept across a reload. */
export function VisitFlow({
  api,
  online,
  stops,
  queue,
  onQueued,
}: {
  api: DeviceApi;
  online: boolean;
  stops: readonly TourStop[];
  queue: OfflineQueue;
  onQueued(): void;
}) {
  const { t } = useI18n();
  const [visit, dispatch] = useReducer(visitReducer, undefined, initialVisit);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError>();
  const [reconnecting, setReconnecting] = useState(false);
  const [restored, setRestored] = useState(false);
  const latest = useRef<VisitState>(visit);
  latest.current = visit;

  // A reload continues where the desk was: the draft (sealed in IndexedDB), or the result read again.
  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const draft = await loadDraft<ReturnType<typeof persistable>>();
        if (!live || !draft) return;
        if ('sessionId' in draft) {
          const session = await api.session(draft.sessionId);
          if (live) dispatch({ type: 'restore', state: { ...initialVisit(), screen: 'result', session } });
        } else {
          dispatch({ type: 'restore', state: draft });
          // The session may have moved on while the page was away.
          if (draft.session && !isFinished(draft.session.state)) {
            const session = await api.session(draft.session.sessionId);
            if (live) dispatch({ type: 'session', session });
          }
        }
      } catch {
        // nothing to restore, or the session is gone: start afresh
      } finally {
        if (live) setRestored(true);
      }
    })();
    return () => {
      live = false;
    };
  }, [api]);

  useEffect(() => {
    if (!restored) return;
    const keep = persistable(visit);
    void (keep ? saveDraft(keep) : clearDraft()).catch(() => undefined);
  }, [visit, restored]);

  // Waiting: the outcome comes by server push; a dropped stream is opened again (never a polling loop).
  const sessionId = visit.session?.sessionId;
  const waiting = visit.screen === 'waiting';
  useEffect(() => {
    if (!waiting || !sessionId) return;
    const abort = new AbortController();
    void (async () => {
      let backoff = 500;
      while (!abort.signal.aborted) {
        try {
          await api.stream(
            sessionId,
            (session) => {
              setReconnecting(false);
              backoff = 500;
              dispatch({ type: 'session', session });
            },
            abort.signal,
          );
        } catch (e) {
          if (abort.signal.aborted) return;
          setError(shownError(e));
        }
        const current = latest.current.session;
        if (abort.signal.aborted || (current && isFinished(current.state))) return;
        setReconnecting(true);
        await sleep(backoff, abort.signal);
        backoff = Math.min(backoff * 2, 5_000);
      }
    })();
    return () => abort.abort();
  }, [api, sessionId, waiting]);

  const call = useCallback(async (work: () => Promise<SessionResponse | void>) => {
    setBusy(true);
    setError(undefined);
    try {
      const session = await work();
      if (session) dispatch({ type: 'session', session });
    } catch (e) {
      setError(shownError(e));
    } finally {
      setBusy(false);
    }
  }, []);

  const open = (start: Extract<VisitAction, { type: 'start' }>) =>
    call(async () => {
      const session = await api.openSession({
        idempotencyKey: newIdempotencyKey(api.deviceId, crypto.randomUUID()),
        purpose: start.purpose,
        checkupDate: jstCalendarDate(),
        ...(start.stopId ? { stopId: start.stopId } : {}),
      });
      dispatch(start);
      return session;
    });

  const onStart = (purpose: Purpose, stopId: string | undefined) => {
    const start = { type: 'start' as const, purpose, captured: !online, at: isoJst(), ...(stopId ? { stopId } : {}) };
    if (!online) dispatch(start);
    else void open(start);
  };

  const id = visit.session?.sessionId ?? '';
  const onCardRead = (request: CardReadRequest) => call(() => api.cardRead(id, request));
  const onCardProblem = (problem: CardProblem) => call(() => api.cardProblem(id, { problem }));
  const onAlternative = (request: AlternativeMethodRequest) => call(() => api.alternative(id, request));

  const onVoucher = (voucher: PresentedVoucher) => {
    if (!visit.captured) {
      void call(() => api.voucher(id, voucher));
      return;
    }
    const { alternative } = checkAlternative(visit.alternative, { final: true });
    if (!alternative || !visit.purpose || !visit.capturedAt) return;
    const request: CapturedSessionRequest = {
      idempotencyKey: newIdempotencyKey(api.deviceId, crypto.randomUUID()),
      deviceId: api.deviceId,
      purpose: visit.purpose,
      checkupDate: jstCalendarDate(Date.parse(visit.capturedAt)),
      capturedAt: visit.capturedAt,
      ...(visit.stopId ? { stopId: visit.stopId } : {}),
      alternative,
      voucher,
    };
    void call(async () => {
      await queue.add(capturedVisit(request, isoJst()));
      dispatch({ type: 'queued', key: request.idempotencyKey });
      onQueued();
    });
  };

  const onCancel = () => {
    if (visit.captured || !visit.session) {
      dispatch({ type: 'next-visitor' });
      setError(undefined);
      return;
    }
    void call(() => api.cancel(id, visit.staff.trim() || api.deviceId, t('waiting.cancel.reason')));
  };

  const onStep = (step: NextStep) => {
    setError(undefined);
    if (step === 'next-visitor') {
      dispatch({ type: 'next-visitor' });
      return;
    }
    const start = retryStart(visit, step, isoJst());
    if (start?.type === 'start') void open(start);
  };

  if (!restored) return null;
  switch (visit.screen) {
    case 'purpose':
      return <PurposeScreen online={online} stops={stops} busy={busy} error={error} onStart={onStart} />;
    case 'identity':
      return (
        <IdentityScreen
          visit={visit}
          dispatch={dispatch}
          busy={busy}
          error={error}
          onCardRead={onCardRead}
          onCardProblem={onCardProblem}
          onAlternative={onAlternative}
          onCancel={onCancel}
        />
      );
    case 'voucher':
      return <VoucherScreen visit={visit} dispatch={dispatch} busy={busy} error={error} onVoucher={onVoucher} onCancel={onCancel} />;
    case 'waiting':
      return <WaitingScreen reconnecting={reconnecting} error={error} onCancel={onCancel} />;
    case 'result':
      return visit.session ? (
        <ResultScreen
          session={visit.session}
          busy={busy}
          error={error}
          onStep={onStep}
          onRequestSettlement={() => void call(() => api.requestSettlement(id))}
        />
      ) : null;
    case 'queued':
      return <QueuedScreen onNext={() => dispatch({ type: 'next-visitor' })} />;
  }
}
