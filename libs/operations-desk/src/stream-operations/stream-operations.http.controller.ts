import { Controller, Get, Inject, Res, type OnModuleDestroy } from '@nestjs/common';
import type { Response } from 'express';
import type { StaffClaims } from '@hcv/contracts';
import { canSeeSite, RequireRoles, Staff } from '@hcv/platform-access';
import { sitesOf } from '../domain/operations-view';
import type { DeskChange } from '../refresh-desk/desk-changes';
import { DeskChanges } from '../refresh-desk/desk-changes';
import { DESK_STREAM_TIMING } from '../tokens';

/**
 * What a reader gets of a change: everything for the central desk; for a site manager, only the
 * deltas of their sites (an overview delta cut to them, without the federation's totals).
 */
export function changeFor(staff: StaffClaims, change: DeskChange): DeskChange['data'] | null {
  if (!sitesOf(staff)) return change.data;
  if (!change.siteIds?.some((id) => canSeeSite(staff, id))) return null;
  if (change.event !== 'overview-changed') return change.data;
  const { items, removed } = change.data as { items: { siteId: string }[]; removed: string[] };
  return {
    at: change.data.at,
    items: items.filter((i) => canSeeSite(staff, i.siteId)),
    removed: removed.filter((id) => canSeeSite(staff, id)),
  };
}

/** One server-sent event (JSON on one data line). */
export const sseFrame = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/**
 * GET /operations/stream: server-sent events for the desk, readable with fetch and the staff Bearer
 * header (EventSource cannot send one). Events: `overview-changed` (the changed items and
 * prefectures, the new totals), `alert-changed` (one alert with its history), `readiness-changed`;
 * first a `ready` event; a comment heartbeat every OPS_STREAM_HEARTBEAT_MS. The subscription and
 * the heartbeat end when the client goes away; the server ends a stream after OPS_STREAM_MAX_MS
 * (the client reconnects and reads the overview again).
 */
@Controller('operations')
export class StreamOperationsHttpController implements OnModuleDestroy {
  /** Open streams, ended when the module stops (an open response would hold the server's close). */
  private readonly open = new Set<() => void>();

  constructor(
    private readonly changes: DeskChanges,
    @Inject(DESK_STREAM_TIMING) private readonly timing: { heartbeatMillis: number; maxMillis: number },
  ) {}

  @Get('stream')
  @RequireRoles('operator', 'site-manager')
  stream(@Res() res: Response, @Staff() staff: StaffClaims): void {
    res.status(200);
    res.setHeader('content-type', 'text/event-stream; charset=utf-8');
    res.setHeader('cache-control', 'no-cache, no-transform');
    res.setHeader('connection', 'keep-alive');
    // a proxy (nginx) must not hold the events back
    res.setHeader('x-accel-buffering', 'no');
    res.flushHeaders();
    res.write(`retry: 3000\n${sseFrame('ready', { at: new Date().toISOString() })}`);
    const unsubscribe = this.changes.subscribe((change) => {
      const data = changeFor(staff, change);
      if (data) res.write(sseFrame(change.event, data));
    });
    const heartbeat = setInterval(() => res.write(`: heartbeat ${new Date().toISOString()}\n\n`), this.timing.heartbeatMillis);
    heartbeat.unref();
    // a stream is recycled after OPS_STREAM_MAX_MS (the client reconnects, `retry` above)
    const lifetime = setTimeout(() => end(), this.timing.maxMillis);
    lifetime.unref();
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      clearTimeout(lifetime);
      unsubscribe();
      this.open.delete(end);
    };
    const end = () => {
      close();
      res.end();
    };
    this.open.add(end);
    // the response's close is the connection's end (a request's 'close' only says its body was read)
    res.on('close', close);
    res.on('error', close);
  }

  onModuleDestroy(): void {
    for (const end of [...this.open]) end();
  }
}
