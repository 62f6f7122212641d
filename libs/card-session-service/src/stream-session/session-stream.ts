import type { SessionResponse } from '@hcv/contracts';

/** A session stream ends once the session reached one of these. */
export const TERMINAL_STATES: readonly SessionResponse['state'][] = ['completed', 'cancelled', 'expired'];

export interface SessionStreamSettings {
  /** The cross-replica fallback: how often the stream reads the session again (1 s). */
  rereadMillis: number;
  /** A comment line this often keeps proxies and the browser from closing an idle stream (15 s). */
  heartbeatMillis: number;
  /**
   * The longest one stream stays open before the server ends it (10 min): the client reconnects,
   * so no connection is held forever by a session that never finishes (a device switched off).
   */
  maxMillis: number;
}

export const DEFAULT_STREAM_SETTINGS: SessionStreamSettings = { rereadMillis: 1_000, heartbeatMillis: 15_000, maxMillis: 600_000 };

/** One Server-Sent Event named `session` carrying the view (JSON on one line). */
export const sessionEvent = (view: SessionResponse) => `event: session\ndata: ${JSON.stringify(view)}\n\n`;
export const HEARTBEAT = ': heartbeat\n\n';

/**
 * Pushes a session's view to one client: the view at once, then every change (told by `subscribe`
 * when this replica stored it, or found by a re-read every `rereadMillis`), never the same view
 * twice; a heartbeat comment every `heartbeatMillis`; ends after a terminal state, or after
 * `maxMillis` (the client reconnects). `close` (the
 * client went away) stops every timer and subscription.
 */
export function streamSession(options: {
  first: SessionResponse;
  read: () => Promise<SessionResponse>;
  subscribe: (listener: () => void) => () => void;
  write: (chunk: string) => void;
  end: () => void;
  settings: SessionStreamSettings;
  /** A failed re-read: reported, and the next one tries again. */
  onError?: (error: unknown) => void;
}): { close: () => void } {
  const { read, write, settings } = options;
  let last = '';
  let closed = false;
  let reading: Promise<void> | undefined;
  let again = false;
  const timers: NodeJS.Timeout[] = [];
  let limit: NodeJS.Timeout | undefined;
  let unsubscribe = () => {};

  const close = () => {
    if (closed) return;
    closed = true;
    for (const t of timers) clearInterval(t);
    if (limit) clearTimeout(limit);
    unsubscribe();
  };
  const send = (view: SessionResponse) => {
    const json = JSON.stringify(view);
    if (closed || json === last) return;
    last = json;
    write(sessionEvent(view));
    if (TERMINAL_STATES.includes(view.state)) {
      close();
      options.end();
    }
  };
  // One read at a time; a notice during a read asks for one more read after it.
  const refresh = () => {
    if (closed) return;
    if (reading) {
      again = true;
      return;
    }
    reading = read()
      .then(send, (error: unknown) => options.onError?.(error))
      .finally(() => {
        reading = undefined;
        if (again) {
          again = false;
          refresh();
        }
      });
  };

  send(options.first);
  if (!closed) {
    unsubscribe = options.subscribe(refresh);
    timers.push(setInterval(refresh, settings.rereadMillis));
    timers.push(
      setInterval(() => {
        if (!closed) write(HEARTBEAT);
      }, settings.heartbeatMillis),
    );
    limit = setTimeout(() => {
      close();
      options.end();
    }, settings.maxMillis);
  }
  return { close };
}
