import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CATALOGUE } from '@hcv/contracts';
import { cardSessionOpenApi, CARD_SESSION_ROUTES } from '@hcv/card-session-service';
import { deviceRegistryOpenApi, DEVICE_REGISTRY_ROUTES } from '@hcv/device-registry-service';
import { qualificationLookupOpenApi, QUALIFICATION_LOOKUP_ROUTES } from '@hcv/qualification-lookup-service';
import { voucherMatchingOpenApi, VOUCHER_MATCHING_ROUTES } from '@hcv/voucher-matching-service';
import { auditOpenApi, AUDIT_ROUTES } from '@hcv/audit-service';
import { operationsDeskOpenApi, OPERATIONS_DESK_ROUTES } from '@hcv/operations-desk';

/**
 * The device-facing API is documented from the same zod contracts the handlers parse with, and
 * every error a caller can meet has a code and a sentence: scanned from the source, so a new
 * `DomainError('code', …)` without a catalogue entry fails here.
 */
const ROOT = join(__dirname, '../..');
const files = (dir: string) =>
  readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') && !e.name.endsWith('.contract.ts'))
    .map((e) => join(e.parentPath, e.name));

describe('error catalogue', () => {
  const sources = files('libs').map((f) => readFileSync(f, 'utf8'));

  it('holds every code the code base throws, each with a sentence', () => {
    const thrown = new Set<string>();
    for (const text of sources) {
      for (const m of text.matchAll(/(?:DomainError|refuse)\(\s*'([a-z-]+)'/g)) thrown.add(m[1]!);
      for (const m of text.matchAll(/NotFoundError\(\s*'([a-z-]+)'/g)) thrown.add(`${m[1]}-not-found`);
    }
    // Built from a state name: device-suspended / device-retired (both catalogued).
    expect(thrown.size).toBeGreaterThan(30);
    for (const code of thrown) expect({ code, catalogued: code in ERROR_CATALOGUE }).toEqual({ code, catalogued: true });
    for (const [code, entry] of Object.entries(ERROR_CATALOGUE)) {
      expect({ code, sentence: entry.sentence.length > 10 }).toEqual({ code, sentence: true });
      expect(entry.status).toBeGreaterThanOrEqual(400);
    }
  });
});

describe.each([
  ['card-session', 'libs/card-session-service/src', CARD_SESSION_ROUTES, cardSessionOpenApi],
  ['device-registry', 'libs/device-registry-service/src', DEVICE_REGISTRY_ROUTES, deviceRegistryOpenApi],
  ['qualification-lookup', 'libs/qualification-lookup-service/src', QUALIFICATION_LOOKUP_ROUTES, qualificationLookupOpenApi],
  ['voucher-matching', 'libs/voucher-matching-service/src', VOUCHER_MATCHING_ROUTES, voucherMatchingOpenApi],
  ['audit', 'libs/audit-service/src', AUDIT_ROUTES, auditOpenApi],
  ['audit (operations desk)', 'libs/operations-desk/src', OPERATIONS_DESK_ROUTES, operationsDeskOpenApi],
] as const)('%s OpenAPI document', (_name, dir, routes, build) => {
  it('documents every route its controllers serve', () => {
    const served: string[] = [];
    for (const file of files(dir).filter((f) => f.endsWith('.http.controller.ts'))) {
      const text = readFileSync(file, 'utf8');
      const prefix = text.match(/@Controller\('([^']*)'\)/)?.[1] ?? '';
      for (const m of text.matchAll(/@(Get|Post|Put)\((?:'([^']*)')?\)/g)) {
        served.push(
          `${m[1]!.toLowerCase()} ${['', prefix, m[2] ?? ''].filter(Boolean).join('/').replace(/^/, '/').replace(/\/+/g, '/').replace(/\/$/, '')}`,
        );
      }
    }
    const documented = routes.map((r) => `${r.method} ${r.path}`);
    expect(served.sort()).toEqual(documented.sort());
  });

  it('is OpenAPI 3.1 with request schemas generated from the contracts and error codes per status', () => {
    const doc = build() as {
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: { content: Record<string, { schema: { type?: string; properties?: object } }> };
            responses: Record<string, { description: string }>;
          }
        >
      >;
    };
    expect(doc.openapi).toBe('3.1.0');
    for (const route of routes) {
      const op = doc.paths[route.path.replace(/:(\w+)/g, '{$1}')]![route.method]!;
      if (route.request) expect(op.requestBody!.content[route.request === 'csv' ? 'text/csv' : 'application/json']!.schema).toBeDefined();
      for (const code of route.errors) {
        const status = String(ERROR_CATALOGUE[code].status);
        expect(op.responses[status]!.description).toContain(code);
      }
    }
  });
});
