// One configuration for every tier; the tier is in the file name (STYLE.md). `npm test` runs the unit
// tier on two workers, then the integration and end-to-end tiers one file at a time:
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
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
  // One file at a time: the e2e files start five service processes each, and on a 2-core machine
  // running them beside the broker tests starved Kafka group joins (seen in CI); integration files
  // running in-process services of the same name would also share their consumer groups. The unit
  // tier needs no servers and runs on two workers (`npm run test:unit` passes --maxWorkers=2).
  maxWorkers: 1,
  testTimeout: 60_000,
  // The transform cache stays with the checkout (ignored by git), not in the system temporary folder.
  cacheDirectory: '<rootDir>/.cache/jest',
  // Finishing a test while a kafkajs consumer is still leaving would hang the worker; fail instead.
  forceExit: false,
  reporters: ['default'],
};
