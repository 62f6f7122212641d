import { Controller, Get, Inject, Module, Res, type DynamicModule } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService, TerminusModule, type HealthIndicatorResult } from '@nestjs/terminus';
import type { Response } from 'express';
import { RUNTIME, type ServiceRuntime } from './service-runtime';
import { Public } from '@hcv/platform-access';
import { installMessagingMetrics, metricsText, watchConsumerLag } from '@hcv/platform-metrics';
import { DEFAULT_READINESS, ReadinessHysteresis } from './readiness';

/** Set by runService on SIGTERM: readiness turns red at once so no new work is routed here while it drains. */
export const lifecycle = { draining: false };

const withinMillis = <T>(millis: number, work: Promise<T>): Promise<T> =>
  Promise.race([
    work,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${millis} ms`)), millis).unref()),
  ]);

/**
 * Probes (terminus): /health/live — the process answers (liveness: restart me if not);
 * /health/ready — the broker and the database answer and the service is not draining (readiness:
 * route work to me), through the runtime's readiness policy (readiness.ts): a few failed probes in
 * a row before not ready, a few passed ones before ready again; draining is not ready at once.
 * /health is kept for humans and older probes (= live plus who I am).
 */
@Controller('health')
@Public()
export class HealthController {
  private readonly policy;
  private readonly readiness;

  constructor(
    @Inject(RUNTIME) private readonly runtime: ServiceRuntime,
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
  ) {
    this.policy = runtime.readiness ?? DEFAULT_READINESS;
    this.readiness = new ReadinessHysteresis(this.policy);
  }

  @Get()
  summary() {
    return { status: 'ok', service: this.runtime.service, storage: this.runtime.storage.kind };
  }

  @Get('live')
  async live(@Res() res: Response) {
    await this.respond(res, [
      async () => this.indicators.check('process').up({ pid: process.pid, uptimeSeconds: Math.round(process.uptime()) }),
      async () => {
        // Only what a restart repairs (a consumer the client gave up on); a broker outage is readiness.
        const consumers = this.runtime.bus.alive?.() ?? { up: true, detail: 'no consumer state' };
        const check = this.indicators.check('consumers');
        return consumers.up ? check.up({ detail: consumers.detail }) : check.down({ detail: consumers.detail });
      },
    ]);
  }

  @Get('ready')
  async ready(@Res() res: Response) {
    const { passed, body } = await this.run([() => this.broker(), () => this.database()]);
    // Draining is not a flap: no new work from the moment SIGTERM arrived.
    if (lifecycle.draining) {
      const details = { ...(body.details as object), accepting: { status: 'down', detail: 'draining after SIGTERM' } };
      res.status(503).json({ ...body, status: 'error', details });
      return;
    }
    const readiness = this.readiness.observe(passed);
    const details = { ...(body.details as object), accepting: { status: 'up' } };
    res.status(readiness.ready ? 200 : 503).json({ ...body, details, readiness: { ...readiness, checksPassed: passed } });
  }

  private async respond(res: Response, checks: (() => Promise<HealthIndicatorResult>)[]) {
    const { passed, body } = await this.run(checks);
    res.status(passed ? 200 : 503).json(body);
  }

  private async run(checks: (() => Promise<HealthIndicatorResult>)[]): Promise<{ passed: boolean; body: Record<string, unknown> }> {
    try {
      return { passed: true, body: (await this.health.check(checks)) as unknown as Record<string, unknown> };
    } catch (error) {
      // terminus throws 503 with the per-check details; pass them on as they are.
      const body = (error as { getResponse?: () => unknown }).getResponse?.() ?? { status: 'error', details: {} };
      return { passed: false, body: body as Record<string, unknown> };
    }
  }

  private async broker(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('broker');
    const health = await withinMillis(this.policy.checkTimeoutMillis, this.runtime.bus.health()).catch((error: unknown) => ({
      up: false,
      detail: `broker unreachable: ${(error as Error).message}`,
    }));
    return health.up ? check.up({ detail: health.detail }) : check.down({ detail: health.detail });
  }

  private async database(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('database');
    const storage = this.runtime.storage;
    if (storage.kind === 'memory') return check.up({ detail: 'memory store' });
    try {
      await withinMillis(this.policy.checkTimeoutMillis, storage.connection.db!.admin().ping());
      return check.up({ detail: `database ${storage.connection.name}` });
    } catch (error) {
      return check.down({ detail: `database unreachable: ${(error as Error).message}` });
    }
  }
}

/**
 * Prometheus scrape endpoint: the process's registry (libs/platform/metrics) in the text format.
 * Public like the probes; in a deployment it is reached by the scraper inside the cluster, not
 * through the ingress (deploy/ and docs/operations.md).
 */
@Controller('metrics')
@Public()
export class MetricsController {
  @Get()
  async metrics(@Res() res: Response) {
    const { contentType, text } = await metricsText();
    res.status(200).type(contentType).send(text);
  }
}

/** The probes and the metrics of a service; each service module imports it with its runtime. */
@Module({})
export class HealthModule {
  static register(runtime: ServiceRuntime): DynamicModule {
    installMessagingMetrics();
    watchConsumerLag(runtime.service, runtime.bus);
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController, MetricsController],
      providers: [{ provide: RUNTIME, useValue: runtime }],
    };
  }
}
