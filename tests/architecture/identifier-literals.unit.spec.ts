import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isValidInstitutionNumber, parseInsurerNumber } from '@hcv/domain';

/**
 * Every insurer and institution number written in code, examples, tests and docs passes its check
 * digit: a wrong example teaches a wrong number. The patterns are those of the team's scanner
 * (idscan.py): a literal assigned to a field or variable named insurer / insurerNumber /
 * institution / institutionNumber / MedicalInstitutionCode. A line that means its number to be
 * wrong says so (invalid, wrong, bad, tamper, typo, refus…, reject, malformed, check digit, 誤).
 */
const root = join(__dirname, '..', '..');
const ROOTS = ['apps', 'libs', 'tests', 'tools', 'docs', 'README.md'];
const SKIPPED_DIRECTORIES = new Set(['node_modules', 'dist', '.cache', 'test-output']);
const EXTENSIONS = ['.ts', '.tsx', '.md', '.json', '.csv', '.mjs'];

const INSURER = /insurer(?:Number)?['"]?\s*[:=,]\s*['"`](\d{6}|\d{8})['"`]/gi;
const INSTITUTION = /(?:institution(?:Number)?|MedicalInstitutionCode)['"]?\s*[:=,]\s*['"`](\d{10})['"`]/gi;
const MEANT_WRONG = /invalid|wrong|bad|tamper|typo|mistyp|誤|refus|reject|malformed|check.?digit/i;

/** The literals of one text that fail their check digit, as `<name>:<line>: <kind> <number>`. */
function badIdentifierLiterals(name: string, text: string): string[] {
  const bad: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (MEANT_WRONG.test(line)) return;
    for (const [, n] of line.matchAll(INSURER)) if (!('value' in parseInsurerNumber(n!))) bad.push(`${name}:${i + 1}: insurer ${n}`);
    for (const [, n] of line.matchAll(INSTITUTION)) if (!isValidInstitutionNumber(n!)) bad.push(`${name}:${i + 1}: institution ${n}`);
  });
  return bad;
}

function* sourceFiles(path: string): Generator<string> {
  if (statSync(path).isFile()) {
    if (EXTENSIONS.some((e) => path.endsWith(e))) yield path;
    return;
  }
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.isDirectory() && SKIPPED_DIRECTORIES.has(entry.name)) continue;
    yield* sourceFiles(join(path, entry.name));
  }
}

// The literals below are assembled from parts so that this file's own lines hold no number to scan.
const field = (name: string, value: string) => `  ${name}: '${value}',`;

describe('identifier literals in the repository', () => {
  it('finds a wrong insurer or institution number and names file and line', () => {
    const text = ['const example = {', field('insurerNumber', '0613' + '9012'), field('institutionNumber', '13112' + '34566'), '};'].join(
      '\n',
    );
    expect(badIdentifierLiterals('example.ts', text)).toEqual(['example.ts:2: insurer 06139012', 'example.ts:3: institution 1311234566']);
  });

  it('passes right numbers ("00" + 6-digit 国保 too) and lines that say their number is meant to be wrong', () => {
    const text = [
      field('insurerNumber', '0113' + '0012'),
      field('insurer', '0013' + '1011'),
      field('institutionNumber', '34107' + '12362'),
      field('MedicalInstitutionCode', '01101' + '13719'),
      `${field('insurerNumber', '0613' + '9012')} // wrong check digit`,
    ].join('\n');
    expect(badIdentifierLiterals('example.ts', text)).toEqual([]);
  });

  it('has none in apps, libs, tests, tools, docs and README.md', () => {
    const bad = ROOTS.flatMap((r) => [...sourceFiles(join(root, r))]).flatMap((file) =>
      badIdentifierLiterals(relative(root, file), readFileSync(file, 'utf8')),
    );
    expect(bad).toEqual([]);
  });
});
