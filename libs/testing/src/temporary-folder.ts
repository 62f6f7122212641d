import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A fresh folder for this spec file's work (service logs, state files, secrets written for a
 * process), inside the suite folder the jest environment removes after the file has run.
 */
export function temporaryFolder(name: string): string {
  const suiteFolder = (globalThis as { __hcvSuiteFolder?: () => string }).__hcvSuiteFolder;
  if (!suiteFolder) throw new Error('temporaryFolder() needs the suite environment of libs/testing (testEnvironment in jest.config.js)');
  return mkdtempSync(join(suiteFolder(), `${name}-`));
}
