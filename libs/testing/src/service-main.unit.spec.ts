import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serviceEntry, serviceMain, staleBundleInput } from './service-main';
import { temporaryFolder } from './temporary-folder';

describe('serviceEntry', () => {
  it('is the bundle unless HCV_SERVICE_ENTRY says modules, and refuses anything else', () => {
    expect(serviceEntry(undefined)).toBe('bundle');
    expect(serviceEntry('')).toBe('bundle');
    expect(serviceEntry('bundle')).toBe('bundle');
    expect(serviceEntry('modules')).toBe('modules');
    expect(() => serviceEntry('esm')).toThrow('HCV_SERVICE_ENTRY=esm: expected bundle or modules');
  });
});

describe('serviceMain', () => {
  it('names the compiled entry under the repository root for modules', () => {
    expect(serviceMain('audit', 'modules')).toMatch(/\/dist\/apps\/audit\/src\/main\.js$/);
  });
});

describe('staleBundleInput', () => {
  function madeFrom(root: string, files: Record<string, string>) {
    mkdirSync(join(root, 'dist/bundles'), { recursive: true });
    writeFileSync(join(root, 'dist/bundles/audit.inputs.json'), JSON.stringify(files));
  }

  it('is nothing while every input is as the bundle recorded it (size and mtime)', () => {
    const root = temporaryFolder('bundle-fresh');
    writeFileSync(join(root, 'a.ts'), 'export const a = 1;\n');
    const stat = statSync(join(root, 'a.ts'));
    madeFrom(root, { 'a.ts': `${stat.size}:${stat.mtimeMs}` });
    expect(staleBundleInput(root, 'audit')).toBeUndefined();
  });

  it('names an input that changed since, or one that is gone', () => {
    const root = temporaryFolder('bundle-stale');
    writeFileSync(join(root, 'a.ts'), 'export const a = 2;\n');
    const stat = statSync(join(root, 'a.ts'));
    madeFrom(root, { 'a.ts': `${stat.size}:${stat.mtimeMs - 1_000}` });
    expect(staleBundleInput(root, 'audit')).toBe('a.ts');
    madeFrom(root, { 'a.ts': `${stat.size}:${stat.mtimeMs}`, 'gone.ts': '10:1' });
    expect(staleBundleInput(root, 'audit')).toBe('gone.ts');
  });

  it('is nothing when the bundle recorded no inputs (an older build)', () => {
    expect(staleBundleInput(temporaryFolder('bundle-none'), 'audit')).toBeUndefined();
  });
});
