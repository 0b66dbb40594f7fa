import type * as v from 'valibot';
import { toJsonSchema, type ConversionConfig } from '@valibot/to-json-schema';

export type JsonSchema = Record<string, unknown>;

/**
 * `typeMode: 'ignore'` keeps the constraints after a transform (`v.trim()` then `v.maxLength(254)`), which
 * 'input' would drop; `errorMode: 'ignore'` skips what JSON Schema cannot say (STACK-NOTES).
 */
const CONVERSION: ConversionConfig = {
  target: 'draft-2020-12',
  errorMode: 'ignore',
  // Text lengths are counted in code points (schema-kit.ts), which is what JSON Schema's length means.
  overrideAction: ({ valibotAction, jsonSchema }) => {
    if (valibotAction.type === 'max_code_points' && 'requirement' in valibotAction) return { ...jsonSchema, maxLength: Number(valibotAction.requirement) };
    if (valibotAction.type === 'min_code_points' && 'requirement' in valibotAction) return { ...jsonSchema, minLength: Number(valibotAction.requirement) };
    return undefined;
  },
};
const INT32 = 2_147_483_647;

/** The JSON Schema (OpenAPI 3.1 dialect) of a valibot schema; integers say whether they fit int32. */
export function toOpenApiSchema(schema: v.GenericSchema): JsonSchema {
  const { $schema: _dialect, ...rest } = toJsonSchema(schema, CONVERSION) as JsonSchema;
  return withIntegerFormats(rest) as JsonSchema;
}

function withIntegerFormats(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withIntegerFormats);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) out[key] = withIntegerFormats(value);
  if (out.type === 'integer' && out.format === undefined) {
    const fits = typeof out.minimum === 'number' && typeof out.maximum === 'number' && out.minimum >= -INT32 - 1 && out.maximum <= INT32;
    out.format = fits ? 'int32' : 'int64';
  }
  return out;
}
