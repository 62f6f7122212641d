import { Controller, Get, Inject } from '@nestjs/common';
import { RUNTIME, type ServiceRuntime } from './service-runtime';

/** Liveness: the process answers and knows who it is (readiness with broker/database checks: issue 6). */
@Controller('health')
export class HealthController {
  constructor(@Inject(RUNTIME) private readonly runtime: ServiceRuntime) {}

  @Get()
  health() {
    return { status: 'ok', service: this.runtime.service, storage: this.runtime.storage.kind };
  }
}
