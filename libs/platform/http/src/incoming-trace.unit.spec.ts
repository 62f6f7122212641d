import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { context, propagation } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { createLogger } from '@hcv/observability';
import { Public, StaffTokenVerifier } from '@hcv/platform-access';
import { createHttpApp } from './http-app';

/**
 * With nothing exported the HTTP instrumentation does not follow incoming requests (telemetry.ts):
 * the app takes up the caller's `traceparent` itself, so what a handler sends onwards — after its
 * body was read, across awaits — carries the caller's trace, as it did with the instrumentation's
 * unrecorded server span.
 */
const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

/** The traceparent that what the handler sends now would carry ('none' without a trace). */
const sent = () => {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return { traceparent: carrier.traceparent ?? 'none' };
};

@Controller('probe')
class ProbeController {
  @Public()
  @Post('body')
  async body(@Body() _body: unknown) {
    await sleep(1);
    return sent();
  }

  @Public()
  @Get('plain')
  plain() {
    return sent();
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

describe('the caller’s trace context in a request of createHttpApp (nothing exported)', () => {
  let url = '';
  let close = async () => undefined as unknown;

  beforeAll(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    const app = await createHttpApp({ module: ProbeModule }, createLogger({ service: 'audit', level: 'error' }), {
      staffTokens: new StaffTokenVerifier('x'.repeat(32)),
    });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    close = () => app.close();
  });
  afterAll(async () => {
    await close();
    context.disable();
    propagation.disable();
  });

  it('reaches what a handler sends after reading a JSON body and awaiting', async () => {
    const answer = await fetch(`${url}/probe/body`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: TRACEPARENT },
      body: JSON.stringify({ a: 1 }),
    });
    expect(await answer.json()).toEqual({ traceparent: TRACEPARENT });
  });

  it('reaches a request without a body', async () => {
    const answer = await fetch(`${url}/probe/plain`, { headers: { traceparent: TRACEPARENT } });
    expect(await answer.json()).toEqual({ traceparent: TRACEPARENT });
  });

  it('a request without one carries none, also right after a traced one', async () => {
    await fetch(`${url}/probe/plain`, { headers: { traceparent: TRACEPARENT } });
    const answer = await fetch(`${url}/probe/body`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(await answer.json()).toEqual({ traceparent: 'none' });
  });
});
