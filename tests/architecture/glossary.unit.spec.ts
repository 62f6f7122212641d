import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as contracts from '@hcv/contracts';
import { ALL_EVENT_CONTRACTS, VerificationOutcomeKindV3 } from '@hcv/contracts';
import { z } from 'zod';

/**
 * docs/GLOSSARY.md is the one list of names: every field name and every enum or literal value of the
 * contracts (events with their envelopes, requests, responses) must have a row there, so a new name
 * cannot reach the wire without its Japanese term and its source.
 */

/** Names with no domain meaning, which need no glossary row; keep it short. */
const TECHNICAL: Readonly<Record<string, string>> = {
  id: 'an identifier',
  type: 'the event type, or a discriminator',
  version: 'the event version',
  time: 'CloudEvents envelope time',
  subject: 'CloudEvents envelope subject (the Kafka key)',
  data: 'the envelope payload',
  correlationId: 'tracing',
  causationId: 'tracing',
  kind: 'discriminator of its object',
  status: 'discriminator of its object',
  state: 'discriminator of its object',
  at: 'when it happened',
  by: 'who did it (a staff or device id)',
  reason: 'free text: why',
  message: 'free text',
  text: 'free text',
  value: 'a measured number',
  key: 'a column key',
  label: 'a column heading',
  from: 'range start',
  to: 'range end',
  date: 'a day',
  day: 'a day',
  limit: 'page size',
  format: 'output format',
  json: 'output format',
  csv: 'output format',
  true: 'a boolean query value',
  false: 'a boolean query value',
  count: 'a count',
  total: 'a count',
  line: 'a line of an import file',
  field: 'a field of an import row',
  action: 'discriminator of a history entry',
  ok: 'health status',
  error: 'health or job error',
  info: 'terminus health check details',
  details: 'terminus health check details',
  shutting_down: 'terminus health status',
  resourceType: 'FHIR R4',
  entry: 'FHIR R4 Bundle',
  fullUrl: 'FHIR R4 Bundle',
  resource: 'FHIR R4 Bundle',
  created: 'FHIR R4 search parameter',
  _count: 'FHIR R4 search parameter',
  iss: 'JWT registered claim',
  sub: 'JWT registered claim',
  iat: 'JWT registered claim',
  exp: 'JWT registered claim',
  topic: 'Kafka record position',
  partition: 'Kafka record position',
  offset: 'Kafka record position',
};

type Schema = z.core.$ZodType;
/** Name → where it was found: "<root>: <path>" (roots: `<event type> v<n>` or the export's name). */
type Found = Map<string, string[]>;

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && '_zod' in value;
}

/** Every object field name and string enum/literal value reachable from `schema`, recursively. */
function collectNames(root: string, schema: Schema, into: Found = new Map()): Found {
  const note = (name: string, path: string) => {
    const places = into.get(name) ?? [];
    places.push(`${root}: ${path}`);
    into.set(name, places);
  };
  const walking = new Set<Schema>();
  const walk = (s: Schema, path: string): void => {
    if (walking.has(s)) return; // a recursive (lazy) schema
    walking.add(s);
    const def = s._zod.def;
    switch (def.type) {
      case 'object': {
        const { shape, catchall } = def as z.core.$ZodObjectDef;
        for (const [name, field] of Object.entries(shape)) {
          note(name, `${path}.${name}`);
          walk(field, `${path}.${name}`);
        }
        if (catchall) walk(catchall, `${path}.*`);
        break;
      }
      case 'enum':
        for (const v of Object.values((def as z.core.$ZodEnumDef).entries)) if (typeof v === 'string') note(v, path);
        break;
      case 'literal':
        for (const v of (def as z.core.$ZodLiteralDef<z.core.util.Literal>).values) if (typeof v === 'string') note(v, path);
        break;
      case 'array':
        walk((def as z.core.$ZodArrayDef).element, `${path}[]`);
        break;
      case 'union':
        for (const option of (def as z.core.$ZodUnionDef).options) walk(option, path);
        break;
      case 'intersection':
        walk((def as z.core.$ZodIntersectionDef).left, path);
        walk((def as z.core.$ZodIntersectionDef).right, path);
        break;
      case 'tuple': {
        const { items, rest } = def as z.core.$ZodTupleDef;
        for (const item of items) walk(item, `${path}[]`);
        if (rest) walk(rest, `${path}[]`);
        break;
      }
      case 'record':
      case 'map':
        walk((def as z.core.$ZodRecordDef).keyType, `${path}{key}`);
        walk((def as z.core.$ZodRecordDef).valueType, `${path}{}`);
        break;
      case 'set':
        walk((def as z.core.$ZodSetDef).valueType, `${path}[]`);
        break;
      case 'pipe':
        walk((def as z.core.$ZodPipeDef).in, path);
        walk((def as z.core.$ZodPipeDef).out, path);
        break;
      case 'lazy':
        walk((def as z.core.$ZodLazyDef).getter(), path);
        break;
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'nonoptional':
      case 'catch':
      case 'readonly':
      case 'success':
      case 'promise':
        walk((def as z.core.$ZodOptionalDef).innerType, path);
        break;
      case 'string':
      case 'number':
      case 'int':
      case 'boolean':
      case 'bigint':
      case 'symbol':
      case 'null':
      case 'undefined':
      case 'void':
      case 'never':
      case 'any':
      case 'unknown':
      case 'date':
      case 'file':
      case 'nan':
      case 'template_literal':
      case 'transform':
      case 'function':
      case 'custom':
        break; // no names inside
    }
    walking.delete(s);
  };
  walk(schema, '');
  return into;
}

/** The names of every registered event (envelope included) and every schema `@hcv/contracts` exports. */
function contractNames(): Found {
  const found: Found = new Map();
  for (const c of ALL_EVENT_CONTRACTS) collectNames(`${c.type} v${c.version}`, c.envelope, found);
  for (const [name, value] of Object.entries(contracts)) if (isSchema(value)) collectNames(name, value, found);
  return found;
}

interface GlossaryRow {
  cells: string[];
  names: string[];
}
interface Glossary {
  rows: GlossaryRow[];
  retired: { name: string; stillIn: string[] }[];
}

const ticked = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].flatMap((m) => m[1].split(',').map((n) => n.trim()));

/** The rows of every table whose header has "name in code", and of the "retired name" table. */
function parseGlossary(markdown: string): Glossary {
  const glossary: Glossary = { rows: [], retired: [] };
  let header: string[] | undefined;
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) {
      header = undefined;
      continue;
    }
    const cells = line
      .trim()
      .slice(1, -1)
      .split('|')
      .map((c) => c.trim());
    if (header === undefined) header = cells;
    else if (cells.every((c) => /^:?-+:?$/.test(c))) continue;
    else if (header.includes('name in code')) glossary.rows.push({ cells, names: ticked(cells[header.indexOf('name in code')]) });
    else if (header.includes('retired name'))
      for (const name of ticked(cells[header.indexOf('retired name')]))
        glossary.retired.push({ name, stillIn: ticked(cells[header.indexOf('still in')]) });
  }
  return glossary;
}

/** Names found in the schemas that neither the glossary nor the technical list knows, with where they were found. */
function undocumented(found: Found, glossary: Glossary, technical: Readonly<Record<string, string>>): string[] {
  const known = new Set([...glossary.rows.flatMap((r) => r.names), ...glossary.retired.map((r) => r.name), ...Object.keys(technical)]);
  return [...found]
    .filter(([name]) => !known.has(name))
    .map(([name, places]) => `${name} (${places[0]}${places.length > 1 ? ` and ${places.length - 1} more` : ''})`)
    .sort();
}

const glossary = parseGlossary(readFileSync(join(__dirname, '../../docs/GLOSSARY.md'), 'utf8'));
const found = contractNames();

describe('docs/GLOSSARY.md names every name of the contracts', () => {
  it('has a row for every field name and enum value of the events, requests and responses', () => {
    expect(found.size).toBeGreaterThan(200);
    expect(undocumented(found, glossary, TECHNICAL)).toEqual([]);
  });

  it('gives every row a Japanese term, a name, where it is used and a source', () => {
    const bad = glossary.rows.filter(
      ({ cells: [term = '', names = '', where = '', source = ''] }) =>
        !/[\u3040-\u30ff\u4e00-\u9fff]/.test(term) || !names || !where || !/(DOMAIN|INTERFACES|DESIGN)\.md|platform term/.test(source),
    );
    expect(glossary.rows.length).toBeGreaterThan(100);
    expect(bad.map((r) => r.cells.join(' | '))).toEqual([]);
  });

  it('gives every outcome kind a row of its own (its desk wording)', () => {
    const ownRow = new Set(glossary.rows.filter((r) => r.names.length === 1).map((r) => r.names[0]));
    expect(VerificationOutcomeKindV3.options.filter((kind) => !ownRow.has(kind))).toEqual([]);
  });

  it('lists every event type', () => {
    const names = new Set(glossary.rows.flatMap((r) => r.names));
    expect([...new Set(ALL_EVENT_CONTRACTS.map((c) => c.type))].filter((t) => !names.has(t))).toEqual([]);
  });

  it('keeps retired names only where the glossary says they still are', () => {
    expect(glossary.retired.length).toBeGreaterThan(0);
    const current = new Set(glossary.rows.flatMap((r) => r.names));
    const misplaced = glossary.retired.flatMap(({ name, stillIn }) => [
      ...(current.has(name) ? [`${name}: both retired and current in the glossary`] : []),
      ...(found.get(name) ?? []).filter((place) => !stillIn.includes(place.split(':')[0])).map((place) => `${name} in ${place}`),
    ]);
    expect(misplaced).toEqual([]);
  });

  it('lists no technical name the contracts no longer use', () => {
    expect(Object.keys(TECHNICAL).filter((name) => !found.has(name))).toEqual([]);
  });
});

describe('the glossary check itself', () => {
  const small = parseGlossary(
    [
      '| 日本語 | name in code | where used | source |',
      '| --- | --- | --- | --- |',
      '| 保険者番号 | `insurerNumber`, `VoucherKind` | vouchers | DOMAIN.md §Identifiers |',
      '| 券種 | `voucherKind`, `checkup`, `guidance` | vouchers | DOMAIN.md §Vouchers |',
      '',
      '| 日本語 | retired name | use instead | still in |',
      '| --- | --- | --- | --- |',
      '| 券種 | `cardType` | `voucherKind` | `OldVoucher` |',
    ].join('\n'),
  );

  it('reads names, several per row, and retired names with where they may stay', () => {
    expect(small.rows.map((r) => r.names)).toEqual([
      ['insurerNumber', 'VoucherKind'],
      ['voucherKind', 'checkup', 'guidance'],
    ]);
    expect(small.retired).toEqual([{ name: 'cardType', stillIn: ['OldVoucher'] }]);
  });

  it('fails on a field and an enum value without a row, however deep they are', () => {
    const synthetic = z.strictObject({
      insurerNumber: z.string(),
      lines: z
        .array(
          z.discriminatedUnion('voucherKind', [
            z.object({ voucherKind: z.literal('checkup') }),
            z.object({ voucherKind: z.literal('guidance'), mysteryLevel: z.enum(['mystery-value']).optional() }),
          ]),
        )
        .optional(),
      byPart: z.record(z.enum(['checkup']), z.object({ hiddenField: z.number() }).nullable()).readonly(),
      later: z.lazy(() => z.object({ deferredField: z.string() })),
    });
    const missing = undocumented(collectNames('Synthetic', synthetic), small, { id: 'an identifier' });
    expect(missing).toEqual([
      'byPart (Synthetic: .byPart)',
      'deferredField (Synthetic: .later.deferredField)',
      'hiddenField (Synthetic: .byPart{}.hiddenField)',
      'later (Synthetic: .later)',
      'lines (Synthetic: .lines)',
      'mystery-value (Synthetic: .lines[].mysteryLevel)',
      'mysteryLevel (Synthetic: .lines[].mysteryLevel)',
    ]);
  });

  it('passes once the glossary has the rows', () => {
    const synthetic = z.object({ insurerNumber: z.string(), voucherKind: z.enum(['checkup', 'guidance']) });
    expect(undocumented(collectNames('Synthetic', synthetic), small, {})).toEqual([]);
  });
});
