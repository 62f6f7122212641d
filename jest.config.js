// One configuration for every tier; the tier is in the file name (STYLE.md). `npm test` runs the unit
// tier on two workers, then the integration and end-to-end tiers on two workers, each with a broker
// and database server of its own:
//   *.unit.spec.ts  pure rules, no servers
//   *.int.spec.ts   against the real Kafka broker and MongoDB-wire server
//   *.e2e.spec.ts   the five services as separate processes (needs `npm run build` first)
// The global setup provides the servers (KAFKA_BROKERS/MONGO_URL → testcontainers → tools/infra),
// unless HCV_INFRA=none (unit tests only).
// @nestjs/terminus is an ES module that our CommonJS code requires; jest loads it only when Node runs
// with --experimental-vm-modules (docs/dependencies.md). Say so at once rather than per failing file.
if (typeof require('node:vm').SourceTextModule !== 'function') {
  throw new Error(
    "jest needs Node's --experimental-vm-modules: run it as `NODE_OPTIONS=--experimental-vm-modules npx jest …` (npm test and the nx test targets set it).",
  );
}
/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  // node, plus a per-file temporary folder removed after the file (libs/testing suite-environment).
  testEnvironment: '<rootDir>/libs/testing/src/suite-environment.ts',
  testMatch: ['<rootDir>/{apps,libs,tests,tools}/**/*.{unit,int,e2e}.spec.ts'],
  // Not crawled: the caches (validate:deploy's Go module cache alone holds about a gigabyte of files).
  modulePathIgnorePatterns: ['<rootDir>/.cache/'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  },
  // Every `@hcv/<lib>` alias of tsconfig.base.json, mapped to its source entry.
  moduleNameMapper: Object.fromEntries(
    Object.entries(require('./tsconfig.base.json').compilerOptions.paths).map(([alias, [entry]]) => [
      `^${alias}$`,
      `<rootDir>/${entry.replace(/^\.\//, '')}`,
    ]),
  ),
  // Longest files first, from jest's cache or else tests/support/test-durations.json (a clean clone).
  testSequencer: '<rootDir>/tests/support/test-sequencer.js',
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
  // One file at a time unless asked for more. `npm run test:unit` and `npm run test:servers` pass
  // --maxWorkers=2. The global setup starts one broker and database server per worker: services
  // of the same name in two files (in-process or as processes) would otherwise share their consumer
  // groups on one broker and take each other's events.
  maxWorkers: 1,
  testTimeout: 60_000,
  // The transform cache stays with the checkout (ignored by git), not in the system temporary folder.
  cacheDirectory: '<rootDir>/.cache/jest',
  // Finishing a test while a kafkajs consumer is still leaving would hang the worker; fail instead.
  forceExit: false,
  reporters: ['default'],
};
