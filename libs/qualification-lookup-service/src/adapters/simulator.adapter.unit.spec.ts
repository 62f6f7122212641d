import { EligibilitySimulator } from '@hcv/eligibility-simulator';
import { loadQualificationLookupConfig } from '../qualification-lookup.config';
import { HttpNationalSystem } from './http-national-system.adapter';
import { simulatorFromEnv } from './simulator.adapter';

describe('the national system adapter chosen at start-up', () => {
  it('is the simulator of the configured population while NATIONAL_SYSTEM_URL is unset', () => {
    const system = simulatorFromEnv(loadQualificationLookupConfig({ SIMULATOR_SEED: '7', SIMULATOR_POPULATION: '20' }));
    expect(system).toBeInstanceOf(EligibilitySimulator);
    expect((system as EligibilitySimulator).people()).toHaveLength(20);
  });

  it('is the HTTP adapter when NATIONAL_SYSTEM_URL is set', () => {
    expect(simulatorFromEnv(loadQualificationLookupConfig({ NATIONAL_SYSTEM_URL: 'http://127.0.0.1:9/' }))).toBeInstanceOf(
      HttpNationalSystem,
    );
  });
});
