import { useEffect, useRef, useState } from 'react';
import { useDesk } from './desk-context';

/**
 * Subscribes to GET /operations/stream while the screen is shown: each event to `onEvent`; when the
 * server ends the stream (its lifetime) or the network drops, it reconnects after a pause and calls
 * `onReconnect` (the screen reads its picture once again, then follows the deltas).
 */
export function useDeskStream(onEvent: (event: string, data: unknown) => void, onReconnect: () => void): 'live' | 'lost' {
  const { api } = useDesk();
  const [state, setState] = useState<'live' | 'lost'>('live');
  const handlers = useRef({ onEvent, onReconnect });
  handlers.current = { onEvent, onReconnect };
  useEffect(() => {
    const abort = new AbortController();
    let first = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const connect = () => {
      if (!first) handlers.current.onReconnect();
      first = false;
      api
        .stream(
          '/operations/stream',
          (event, data) => {
            setState('live');
            handlers.current.onEvent(event, data);
          },
          abort.signal,
        )
        .catch(() => undefined)
        .finally(() => {
          if (abort.signal.aborted) return;
          setState('lost');
          timer = setTimeout(connect, 3000);
        });
    };
    connect();
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [api]);
  return state;
}
