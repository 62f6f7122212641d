export { EligibilitySimulator, type SimulatorOptions } from './eligibility-simulator';
export { generatePopulation, syntheticInsurers, type InsuredPerson, type SyntheticInsurer } from './population';
export { seededRandom } from './seeded-random';
export { nationalAppReport } from './national-app-report';
