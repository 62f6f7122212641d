import { Controller, Get, Inject, Param, ParseUUIDPipe, Res, type OnModuleDestroy } from '@nestjs/common';
import type { Response } from 'express';
import type { DeviceCredentialView } from '@hcv/platform-access';
import { AuthenticatedDevice, DeviceAuthenticated } from '@hcv/platform-access';
import { RUNTIME, type ServiceRuntime } from '@hcv/platform-runtime';
import { invalidSessionId, sessionView } from '../domain/session-view';
import { GetSessionHandler } from '../get-session/get-session.handler';
import { SESSION_STREAM_SETTINGS } from '../tokens';
import { SessionChanges } from './session-changes';
import { streamSession, type SessionStreamSettings } from './session-stream';

const sessionIdParam = new ParseUUIDPipe({ exceptionFactory: invalidSessionId });

/**
 * GET /sessions/:sessionId/stream — the device waits for its session's outcome without polling:
 * `text/event-stream`, event `session` with the same JSON as GET /sessions/:sessionId at once and
 * on every change, until a terminal state. Readable with `fetch` (the request is signed like any
 * other), so no EventSource is needed. An unknown session is refused as JSON before the stream starts.
 */
@Controller('sessions')
@DeviceAuthenticated()
export class StreamSessionHttpController implements OnModuleDestroy {
  /** The streams open now: ended when the service stops, so that the HTTP server can close (the app reconnects). */
  private readonly open = new Set<() => void>();

  constructor(
    private readonly sessions: GetSessionHandler,
    private readonly changes: SessionChanges,
    @Inject(SESSION_STREAM_SETTINGS) private readonly settings: SessionStreamSettings,
    @Inject(RUNTIME) private readonly runtime: ServiceRuntime,
  ) {}

  @Get(':sessionId/stream')
  async streamSession(
    @Param('sessionId', sessionIdParam) sessionId: string,
    @AuthenticatedDevice() caller: DeviceCredentialView,
    @Res() res: Response,
  ): Promise<void> {
    const read = async () => sessionView(await this.sessions.execute(sessionId, caller.deviceId));
    const first = await read();
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    // A buffering proxy (nginx) would hold the events back until the stream ends.
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    const stream = streamSession({
      first,
      read,
      subscribe: (listener) => this.changes.subscribe(sessionId, listener),
      write: (chunk) => res.write(chunk),
      end: () => res.end(),
      settings: this.settings,
      onError: (error) => this.runtime.logger.warn('session stream: re-read failed', { error }),
    });
    const stop = () => {
      stream.close();
      res.end();
    };
    this.open.add(stop);
    // The client went away (or the stream ended): no timer or subscription outlives the response.
    // (The request's own 'close' fires as soon as its body was read, so the response's is the one.)
    res.on('close', () => {
      stream.close();
      this.open.delete(stop);
    });
  }

  onModuleDestroy(): void {
    for (const stop of [...this.open]) stop();
  }
}
