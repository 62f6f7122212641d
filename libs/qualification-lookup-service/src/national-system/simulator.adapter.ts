import { z } from 'zod';
import { EligibilitySimulator } from '@hcv/eligibility-simulator';
import { HttpNationalSystem } from './http-national-system.adapter';
import type { NationalEligibilitySystem } from './national-eligibility-system.port';

const SimulatorEnv = z.object({
  SIMULATOR_SEED: z.coerce.number().int().default(20240131),
  SIMULATOR_POPULATION: z.coerce.number().int().min(1).max(1_000_000).default(5_000),
  SIMULATOR_LATENCY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  SIMULATOR_FAILURE_RATE: z.coerce.number().min(0).max(1).default(0),
});

/**
 * The port's adapter, configured from the environment (fails fast when invalid): the HTTP adapter
 * when NATIONAL_SYSTEM_URL is set, otherwise the simulator.
 */
export function simulatorFromEnv(env: NodeJS.ProcessEnv = process.env): NationalEligibilitySystem {
  if (env.NATIONAL_SYSTEM_URL) {
    const url = z.url({ protocol: /^https?$/ }).parse(env.NATIONAL_SYSTEM_URL);
    return new HttpNationalSystem({ baseUrl: url.replace(/\/$/, ''), timeoutMillis: Number(env.LOOKUP_TIMEOUT_MS ?? 5_000) });
  }
  const config = SimulatorEnv.parse(env);
  return new EligibilitySimulator({
    seed: config.SIMULATOR_SEED,
    size: config.SIMULATOR_POPULATION,
    latencyMillis: config.SIMULATOR_LATENCY_MS,
    failureRate: config.SIMULATOR_FAILURE_RATE,
  });
}
