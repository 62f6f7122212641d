import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import NodeEnvironment from 'jest-environment-node';
import { useWorkerInfra } from './worker-infra';

/**
 * jest's node environment plus one temporary folder per spec file, made on first use by
 * temporaryFolder() and removed when the file's environment is torn down: after every afterAll
 * hook, whether the tests passed, failed or a hook threw, so a run leaves nothing in the system
 * temporary folder. HCV_KEEP_TEST_FOLDERS=1 keeps it (the path is printed) for a look after a failure.
 * Before the file's sandbox copies the environment, KAFKA_BROKERS and MONGO_URL of the worker process
 * are pointed at the worker's own broker and database (worker-infra.ts): its child processes inherit them too.
 */
export default class SuiteEnvironment extends NodeEnvironment {
  private folder: string | undefined;

  constructor(...args: ConstructorParameters<typeof NodeEnvironment>) {
    useWorkerInfra();
    super(...args);
    this.global.__hcvSuiteFolder = () => (this.folder ??= mkdtempSync(join(tmpdir(), 'hcv-test-')));
  }

  override async teardown(): Promise<void> {
    if (this.folder) {
      if (process.env.HCV_KEEP_TEST_FOLDERS === '1') process.stderr.write(`[test folders] kept ${this.folder}\n`);
      else rmSync(this.folder, { recursive: true, force: true, maxRetries: 3 });
    }
    await super.teardown();
  }
}
