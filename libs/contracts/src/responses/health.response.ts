import { z } from 'zod';
import { ServiceName } from '../envelope';

/** GET /health: the service and its storage. */
export const HealthSummaryResponse = z.strictObject({
  status: z.literal('ok'),
  service: ServiceName,
  storage: z.enum(['memory', 'mongo']),
});

/** GET /health/live and /health/ready (terminus): the overall status and each check's details. */
export const HealthCheckResponse = z.looseObject({
  status: z.enum(['ok', 'error', 'shutting_down']),
  info: z.record(z.string(), z.looseObject({ status: z.string() })).optional(),
  error: z.record(z.string(), z.looseObject({ status: z.string() })).optional(),
  details: z.record(z.string(), z.looseObject({ status: z.string() })),
});
