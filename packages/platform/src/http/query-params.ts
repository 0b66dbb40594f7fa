import type * as v from 'valibot';
import { escapePointer, type FieldProblem } from '@korevitta/domain';
import { toOpenApiSchema } from './openapi-schema.ts';

type Kind = 'array' | 'integer' | 'number' | 'boolean' | 'string';
type Shape = ReadonlyMap<string, Kind>;

const shapes = new WeakMap<v.GenericSchema, Shape>();
const NO_PARAMETERS: Shape = new Map();
const INTEGER = /^-?\d{1,15}$/;
const NUMBER = /^-?\d{1,15}(\.\d{1,15})?$/;

/**
 * The query string as the operation's schema types it, the way the OpenAPI document declares it and
 * generated clients send it: an array parameter is repeated (`?status=active&status=paused`, the
 * default `form` style with `explode`; a comma-separated value is accepted too), integers and numbers
 * are numbers, booleans are `true`/`false`. A parameter the operation does not declare is refused
 * (`unknown_field`), and so is a scalar one given twice (`duplicate_parameter`): nothing is silently
 * dropped. What cannot be coerced stays a string, so the schema reports it with its own message.
 */
export function typedQuery(schema: v.GenericSchema | undefined, query: URLSearchParams): { value: Record<string, unknown>; problems: FieldProblem[] } {
  const shape = schema ? shapeOf(schema) : NO_PARAMETERS;
  const value: Record<string, unknown> = {};
  const problems: FieldProblem[] = [];
  for (const name of new Set(query.keys())) {
    const kind = shape.get(name);
    const given = query.getAll(name);
    if (kind === undefined) {
      problems.push({ pointer: `/query/${escapePointer(name)}`, code: 'unknown_field' });
    } else if (kind === 'array') {
      value[name] = given.flatMap((g) => g.split(',')).map((s) => s.trim()).filter((s) => s.length > 0);
    } else if (given.length > 1) {
      problems.push({ pointer: `/query/${escapePointer(name)}`, code: 'duplicate_parameter' });
    } else {
      value[name] = coerce(given[0] ?? '', kind);
    }
  }
  return { value, problems };
}

function coerce(raw: string, kind: Exclude<Kind, 'array'>): unknown {
  switch (kind) {
    case 'integer': return INTEGER.test(raw) ? Number(raw) : raw;
    case 'number': return NUMBER.test(raw) ? Number(raw) : raw;
    case 'boolean': return raw === 'true' ? true : raw === 'false' ? false : raw;
    case 'string': return raw;
    default: {
      const never: never = kind;
      return never;
    }
  }
}

function shapeOf(schema: v.GenericSchema): Shape {
  const known = shapes.get(schema);
  if (known) return known;
  const json = toOpenApiSchema(schema);
  const properties = (json.properties ?? {}) as Record<string, Record<string, unknown>>;
  const shape = new Map<string, Kind>(Object.entries(properties).map(([name, property]) => [name, kindOf(property)]));
  shapes.set(schema, shape);
  return shape;
}

function kindOf(property: Record<string, unknown>): Kind {
  const type = property.type;
  if (type === 'array' || type === 'integer' || type === 'number' || type === 'boolean') return type;
  return 'string';
}
