import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditPiiKeyFromEnv, DEV_PII_KEY } from '@hcv/audit-service';
import { staffTokenSecretFromEnv } from '@hcv/platform-access';
import { DEV_VOUCHER_PII_KEY, voucherPiiKeyFromEnv } from '@hcv/voucher-matching-service';

/**
 * Secrets live in the environment or in mounted files, never in the repository:
 * - no tracked file holds a secret-looking value (keys, tokens, credentials in URLs, long values
 *   assigned to secret-like names — unless the value says it is a test or example value);
 * - every secret the code reads (…SECRET, …KEY, …TOKEN, …PASSWORD) can also come from <NAME>_FILE,
 *   and never falls back to a fixed value, except a dev-only default that production refuses.
 */
const ROOT = join(__dirname, '../..');

function trackedFiles(): string[] {
  let out: string;
  try {
    out = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    throw new Error(`the secret scan needs the git checkout (git ls-files failed: ${(error as Error).message})`);
  }
  return out.split('\0').filter(Boolean);
}

const readText = (file: string): string | null => {
  try {
    const buf = readFileSync(join(ROOT, file));
    return buf.includes(0) ? null : buf.toString('utf8');
  } catch {
    return null; // deleted in the working tree
  }
};

/** Unmistakable credential formats. */
const CREDENTIAL_PATTERNS: Array<[string, RegExp]> = [
  ['private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['AWS access key id', /\b(AKIA|ASIA)[0-9A-Z]{16}\b/],
  ['GitHub token', /\b(gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{40,})\b/],
  ['Slack token', /\bxox[abprs]-[A-Za-z0-9-]{10,}/],
  ['Google API key', /\bAIza[0-9A-Za-z_-]{35}\b/],
  ['npm token', /\bnpm_[A-Za-z0-9]{36}\b/],
  ['JWT', /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/],
  ['credentials in a URL', /\b(mongodb(\+srv)?|https?|amqp|redis|postgres(ql)?):\/\/[^/\s:@'"`]+:[^@\s'"`$]+@/],
];

/** A long literal assigned to a secret-like name (TS/JS/YAML/JSON/env forms). */
// Same line only: `case *corev1.Secret:` followed by a newline is not an assignment.
const ASSIGNED_SECRET =
  /(secret|password|passwd|token|api[_-]?key|pii[_-]?key|private[_-]?key)["']?[ \t]*[:=][ \t]*(["'`]?)([^"'`\s,;)}]{12,})/gi;
/** In code, a value is a quoted literal; elsewhere (YAML, .env, JSON) it may be bare. */
const isCode = (file: string) => /\.(ts|js|mjs|cjs|go)$/.test(file);
/** Values that say what they are: test fixtures, examples, placeholders, references. */
const HARMLESS_VALUE =
  /(?<![a-z])test(?![a-z])|dev-only|example|change-?me|placeholder|fake|dummy|not-for|fuzz|e2e|rbac|abuse|forged|another-secret|\$\{|process\.env|env\.|secretKeyRef|readFileSync|issueStaffToken|randomBytes|signingKey|\.\.\.|=>|\(/i;

describe('no secret in the repository', () => {
  const files = trackedFiles();

  it('scans the tracked files (sanity)', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files).toContain('package.json');
  });

  it('finds no credential-shaped value in any tracked file', () => {
    const findings: string[] = [];
    for (const file of files) {
      const text = readText(file);
      if (text === null) continue;
      for (const [what, pattern] of CREDENTIAL_PATTERNS) {
        const m = pattern.exec(text);
        // A placeholder password (`<password>`, `change-me`) in an example URL is not a credential.
        if (m && !HARMLESS_VALUE.test(m[0]) && !/:<[a-z-]+>@$/.test(m[0])) findings.push(`${file}: ${what} (${m[0].slice(0, 12)}…)`);
      }
    }
    expect(findings).toEqual([]);
  });

  it('finds no real-looking value assigned to a secret-like name', () => {
    const findings: string[] = [];
    for (const file of files.filter((f) => f !== 'package-lock.json')) {
      const text = readText(file);
      if (text === null) continue;
      for (const m of text.matchAll(ASSIGNED_SECRET)) {
        const value = m[3]!;
        if (isCode(file) && !m[2]) continue;
        const line = text.slice(
          text.lastIndexOf('\n', m.index) + 1,
          text.indexOf('\n', m.index) === -1 ? undefined : text.indexOf('\n', m.index),
        );
        // Names of things (types, variables, functions) are not values: a value has no camelCase identifier shape.
        if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(value) && !/\d/.test(value)) continue;
        if (HARMLESS_VALUE.test(value) || HARMLESS_VALUE.test(line)) continue;
        findings.push(`${file}: ${line.trim().slice(0, 160)}`);
      }
    }
    expect(findings).toEqual([]);
  });

  it('catches a planted secret (the scan can fail)', () => {
    // Assembled at run time so that this file itself holds none of them.
    const join2 = (...parts: string[]) => parts.join('');
    const planted = [
      join2('const apiKey = "q8Zr4KmN2', 'xVw7PbL9sTd";'),
      join2('MONGO_URL=mongodb://admin', ':hunter2@db:27017'),
      join2('token: eyJhbGciOiJIUzI1NiJ9', '.eyJzdWIiOiJhbGljZSJ9', '.c2lnbmF0dXJlLXZhbHVl'),
      join2('AUDIT_PII_KEY: 9f2c1a7e5b3d', '8c6f4a2e0b1d3f5a7c9e'),
    ];
    const hits = planted.filter(
      (line) =>
        CREDENTIAL_PATTERNS.some(([, p]) => p.test(line)) ||
        [...line.matchAll(ASSIGNED_SECRET)].some((m) => !HARMLESS_VALUE.test(m[3]!) && !HARMLESS_VALUE.test(line)),
    );
    expect(hits).toEqual(planted);
  });
});

describe('secrets come from the environment or files', () => {
  const sources = trackedFiles().filter(
    (f) => /^(apps|libs)\/.*\.ts$/.test(f) && !f.endsWith('.spec.ts') && !f.startsWith('libs/testing/'),
  );
  const code = sources.map((f) => ({ file: f, text: readText(f) ?? '' }));

  it('every secret the code reads can also be read from <NAME>_FILE, and none falls back to a fixed value', () => {
    const secretNames = new Set<string>();
    for (const { text } of code)
      for (const m of text.matchAll(/\benv\.([A-Z][A-Z0-9_]*(SECRET|PASSWORD|TOKEN|_KEY))\b/g)) secretNames.add(m[1]!);
    expect([...secretNames]).toEqual(expect.arrayContaining(['HCV_STAFF_TOKEN_SECRET', 'AUDIT_PII_KEY', 'VOUCHER_PII_KEY']));
    const all = code.map((c) => c.text).join('\n');
    for (const name of secretNames)
      expect({ name, fileVariantRead: all.includes(`env.${name}_FILE`) }).toEqual({ name, fileVariantRead: true });
    // `env.X ?? 'literal'` would ship a secret; a fresh random one (embedded runs) is fine.
    for (const { file, text } of code) {
      for (const m of text.matchAll(/\benv\.([A-Z][A-Z0-9_]*(?:SECRET|PASSWORD|TOKEN|_KEY))\s*(\?\?|\|\|)\s*([^;\n]{0,40})/g)) {
        expect({ file, name: m[1], fallback: m[3]!.startsWith('randomBytes') }).toEqual({ file, name: m[1], fallback: true });
      }
    }
  });

  it('dev-only defaults say so in their value', () => {
    for (const { file, text } of code) {
      for (const m of text.matchAll(/const DEV_[A-Z0-9_]+ = '([^']*)'/g))
        expect({ file, value: m[1], marked: m[1]!.includes('dev-only') }).toMatchObject({ file, marked: true });
    }
  });

  it('the staff token secret has no default: env or file, at least 32 characters', () => {
    expect(() => staffTokenSecretFromEnv({})).toThrow(/HCV_STAFF_TOKEN_SECRET/);
    expect(() => staffTokenSecretFromEnv({ HCV_STAFF_TOKEN_SECRET: 'short' })).toThrow(/32/);
    const dir = mkdtempSync(join(tmpdir(), 'hcv-secret-'));
    try {
      writeFileSync(join(dir, 'staff'), `${'s'.repeat(40)}\n`);
      expect(staffTokenSecretFromEnv({ HCV_STAFF_TOKEN_SECRET_FILE: join(dir, 'staff') })).toBe('s'.repeat(40));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['AUDIT_PII_KEY', auditPiiKeyFromEnv, DEV_PII_KEY],
    ['VOUCHER_PII_KEY', voucherPiiKeyFromEnv, DEV_VOUCHER_PII_KEY],
  ] as const)(
    '%s: dev-only default outside production, refused in production (unset, default or short); env or file',
    (name, fromEnv, devDefault) => {
      expect(fromEnv({})).toBe(devDefault);
      expect(devDefault).toContain('dev-only');
      expect(() => fromEnv({ NODE_ENV: 'production' })).toThrow(new RegExp(name));
      expect(() => fromEnv({ NODE_ENV: 'production', [name]: devDefault })).toThrow(/development default/);
      expect(() => fromEnv({ NODE_ENV: 'production', [name]: 'too-short' })).toThrow(/32/);
      expect(fromEnv({ NODE_ENV: 'production', [name]: 'k'.repeat(32) })).toBe('k'.repeat(32));
      const dir = mkdtempSync(join(tmpdir(), 'hcv-secret-'));
      try {
        writeFileSync(join(dir, 'pii'), `${'p'.repeat(48)}\n`);
        expect(fromEnv({ NODE_ENV: 'production', [`${name}_FILE`]: join(dir, 'pii') })).toBe('p'.repeat(48));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
