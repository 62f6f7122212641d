import { Module } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { InMemoryProcessedEventLog, InProcessMessageBus, type BusHealth } from '@hcv/messaging';
import { createLogger } from '@hcv/observability';
import { StaffTokenVerifier } from '@hcv/platform-access';
import { HealthModule, lifecycle } from './health.controller';
import { createHttpApp } from '@hcv/platform-http';
import type { ServiceRuntime } from './service-runtime';

@Module({})
class ProbeHost {}

describe('health probes', () => {
  const logger = createLogger({ service: 'audit', level: 'error' });
  let busHealth: BusHealth = { up: true, detail: 'fine' };
  const bus = new InProcessMessageBus(logger);
  bus.health = async () => busHealth;
  let busAlive: BusHealth = { up: true, detail: 'consumers running' };
  Object.assign(bus, { alive: () => busAlive });
  const runtime: ServiceRuntime = {
    service: 'audit',
    bus,
    publisher: bus.publisher('audit'),
    processedLog: new InMemoryProcessedEventLog(),
    storage: { kind: 'memory' },
    logger,
    clock: () => new Date(),
    readiness: { failuresToNotReady: 3, successesToReady: 2, checkTimeoutMillis: 500 },
  };
  let url = '';
  let close = async () => undefined as unknown;

  beforeAll(async () => {
    const app = await createHttpApp({ module: ProbeHost, imports: [HealthModule.register(runtime)] }, logger, {
      staffTokens: new StaffTokenVerifier('x'.repeat(32)),
    });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    close = () => app.close();
  });
  afterAll(() => close());
  afterEach(() => {
    lifecycle.draining = false;
    busHealth = { up: true, detail: 'fine' };
    busAlive = { up: true, detail: 'consumers running' };
  });

  const ready = async () => {
    const response = await fetch(`${url}/health/ready`);
    return {
      status: response.status,
      body: (await response.json()) as { status: string; details: Record<string, { status: string; detail?: string }> },
    };
  };

  it('is ready when the bus and the store answer', async () => {
    expect((await ready()).status).toBe(200);
    expect((await fetch(`${url}/health/live`)).status).toBe(200);
  });

  it('is not ready (503, naming the failing check) after three failed probes in a row when the broker is unreachable, but stays live', async () => {
    busHealth = { up: false, detail: 'broker unreachable: connection refused' };
    // One or two failed probes (a slow check under load) do not take the service out of rotation.
    expect((await ready()).status).toBe(200);
    expect((await ready()).status).toBe(200);
    const { status, body } = await ready();
    expect(status).toBe(503);
    expect(body.details.broker).toMatchObject({ status: 'down', detail: 'broker unreachable: connection refused' });
    expect(body.details.database?.status).toBe('up');
    expect((await fetch(`${url}/health/live`)).status).toBe(200);
    // Ready again after two passed probes in a row.
    busHealth = { up: true, detail: 'fine' };
    expect((await ready()).status).toBe(503);
    expect((await ready()).status).toBe(200);
  });

  it('counts a broker check slower than the timeout as failed', async () => {
    bus.health = () => new Promise<BusHealth>((resolve) => setTimeout(() => resolve({ up: true, detail: 'late' }), 1_000));
    try {
      const answers = [await ready(), await ready(), await ready()];
      expect(answers.map((a) => a.status)).toEqual([200, 200, 503]);
      expect(answers[2]!.body.details.broker?.detail).toContain('no answer within 500 ms');
    } finally {
      bus.health = async () => busHealth;
      await ready();
      await ready();
    }
  });

  it('is not ready while draining after SIGTERM', async () => {
    lifecycle.draining = true;
    const { status, body } = await ready();
    expect(status).toBe(503);
    expect(body.details.accepting?.status).toBe('down');
  });

  it('is not live (503) when a consumer stopped for good — only a restart repairs that', async () => {
    busAlive = { up: false, detail: 'consumer stopped for good: audit.record' };
    const response = await fetch(`${url}/health/live`);
    expect(response.status).toBe(503);
    const body = (await response.json()) as { details: Record<string, { status: string; detail?: string }> };
    expect(body.details.consumers).toMatchObject({ status: 'down', detail: 'consumer stopped for good: audit.record' });
  });
});
