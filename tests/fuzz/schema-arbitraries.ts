import fc from 'fast-check';

/**
 * fast-check arbitraries read from the OpenAPI document's JSON Schemas (TEST-CATALOG 27, 28): `validOf`
 * draws values the document accepts, biased to the edges (bounds, maximum lengths in code points, astral
 * characters, far dates); `invalidOf` draws values it refuses (wrong types, over the limits, out of range,
 * broken formats), each with a label saying why, so a counterexample reads as a sentence.
 */
export type JsonSchema = Record<string, unknown>;
export interface Invalid { value: unknown; why: string }

const INT32 = { min: -2_147_483_648, max: 2_147_483_647 };
/** Strings that are text by every pattern of the document (no control characters) but unusual. */
const EDGE_TEXT = ['a', 'ção', 'Ünïcödé', '😀', '👩‍👩‍👧‍👦', 'e\u0301', '\u200b', '\u2028', '\ufeff', 'مرحبا', '<script>alert(1)</script>', "'; drop table patients; --", '%s%n%x', '${x}{{7*7}}', '../../etc/passwd', 'null', '\uffff', 'a\nb\tc\r\n'];
const EDGE_DATES = ['0001-01-01', '1900-02-28', '1970-01-01', '2000-02-29', '2024-02-29', '2026-12-31', '2100-01-01', '9999-12-31'];
const EDGE_INSTANTS = ['1970-01-01T00:00:00.000Z', '2000-02-29T23:59:59.999Z', '2026-12-03T12:00:00Z', '2026-12-03T09:00:00-03:00', '9999-12-31T23:59:59.999Z'];

const codePoints = (s: string) => [...s].length;
const asList = (x: unknown): JsonSchema[] => (Array.isArray(x) ? (x as JsonSchema[]) : []);
const variantsOf = (s: JsonSchema) => [...asList(s.anyOf), ...asList(s.oneOf)];
const typeOf = (s: JsonSchema) => (typeof s.type === 'string' ? s.type : s.const !== undefined ? typeof s.const : undefined);
const repeatTo = (unit: string, n: number) => [...unit.repeat(n)].slice(0, n).join('');

/** A value the schema accepts. */
export function validOf(schema: JsonSchema): fc.Arbitrary<unknown> {
  const variants = variantsOf(schema);
  if (variants.length > 0) return fc.oneof(...variants.map(validOf));
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  switch (typeOf(schema)) {
    case 'string': return validString(schema);
    case 'integer': return validInteger(schema);
    case 'number': return validNumber(schema);
    case 'boolean': return fc.boolean();
    case 'null': return fc.constant(null);
    case 'array': return validArray(schema);
    case 'object': return validObject(schema);
    default: return fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean(), fc.constant(null));
  }
}

function validString(s: JsonSchema): fc.Arbitrary<string> {
  const min = Number(s.minLength ?? 0);
  const max = Number(s.maxLength ?? 1000);
  const pattern = typeof s.pattern === 'string' ? new RegExp(s.pattern, 'u') : null;
  const fits = (x: string) => codePoints(x) >= min && codePoints(x) <= max && (pattern === null || pattern.test(x)) && x.trim().length >= Math.min(min, 1);
  const format = s.format as string | undefined;
  if (format === 'uuid') return fc.uuid();
  if (format === 'date') return fc.oneof(fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), fc.constantFrom(...EDGE_DATES));
  if (format === 'date-time') return fc.oneof(fc.date({ min: new Date('1970-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }).map((d) => d.toISOString()), fc.constantFrom(...EDGE_INSTANTS));
  if (format === 'email') {
    const local = fc.stringMatching(/^[a-z0-9]{1,16}([.+_-][a-z0-9]{1,8})?$/);
    return fc.oneof(fc.tuple(local, fc.constantFrom('example.com', 'Example.COM.br', 'a.io', 'sub.domain-x.org')).map(([l, d]) => `${l}@${d}`), fc.constant(`${'a'.repeat(Math.max(1, Math.min(64, max - 12)))}@example.com`)).filter(fits);
  }
  if (pattern && !/^\^\[\^\\u0000/.test(String(s.pattern))) {
    return fc.oneof({ weight: 4, arbitrary: fc.stringMatching(pattern) }, { weight: 1, arbitrary: fc.constantFrom('a', 'a1', '00:00', '23:59') }).filter(fits);
  }
  // Free text: printable graphemes, any code point (controls made plain), the edge strings, the maximum length.
  const plain = (x: string) => x.toWellFormed().replace(/\p{Cc}/gu, 'x');
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: 'grapheme', minLength: min, maxLength: Math.min(max, 30) }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: min, maxLength: Math.min(max, 30) }).map(plain) },
    { weight: 2, arbitrary: fc.constantFrom(...EDGE_TEXT) },
    { weight: 1, arbitrary: fc.constantFrom('a', 'ç', '😀', 'e\u0301', '\ud83d\udc69\u200d\ud83d\udcbb').map((unit) => repeatTo(unit, max)) },
  ).map((x) => (codePoints(x) < min ? x + 'a'.repeat(min - codePoints(x)) : x)).filter(fits);
}

function boundsOf(s: JsonSchema): { min: number; max: number; minExcluded: boolean } {
  const exclusive = typeof s.exclusiveMinimum === 'number';
  const min = exclusive ? Number(s.exclusiveMinimum) : typeof s.minimum === 'number' ? s.minimum : s.type === 'integer' ? INT32.min : -1e9;
  const max = typeof s.maximum === 'number' ? s.maximum : s.type === 'integer' ? INT32.max : 1e9;
  return { min, max, minExcluded: exclusive };
}

function validInteger(s: JsonSchema): fc.Arbitrary<number> {
  const { min, max, minExcluded } = boundsOf(s);
  const lo = minExcluded ? min + 1 : min;
  return fc.oneof(fc.integer({ min: lo, max }), fc.constantFrom(lo, max, Math.min(max, Math.max(lo, 0))));
}

function validNumber(s: JsonSchema): fc.Arbitrary<number> {
  const { min, max, minExcluded } = boundsOf(s);
  return fc.oneof(
    fc.double({ min, max, minExcluded, noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n)),
    fc.integer({ min: Math.ceil(min + (minExcluded ? 1e-9 : 0)), max: Math.floor(max) }),
    fc.constantFrom(...[max, minExcluded ? min + 0.001 : min, 0.1, 5e-324].filter((n) => n <= max && (minExcluded ? n > min : n >= min))),
  );
}

function validArray(s: JsonSchema): fc.Arbitrary<unknown[]> {
  const item = validOf((s.items ?? {}) as JsonSchema);
  const min = Number(s.minItems ?? 0);
  const max = Number(s.maxItems ?? 10);
  return fc.oneof({ weight: 5, arbitrary: fc.array(item, { minLength: min, maxLength: Math.min(max, Math.max(min, 3)) }) }, { weight: 1, arbitrary: fc.array(item, { minLength: max, maxLength: max }) });
}

function validObject(s: JsonSchema): fc.Arbitrary<Record<string, unknown>> {
  const properties = (s.properties ?? {}) as Record<string, JsonSchema>;
  if (Object.keys(properties).length === 0 && typeof s.additionalProperties === 'object') {
    const keys = s.propertyNames ? validOf(s.propertyNames as JsonSchema) as fc.Arbitrary<string> : fc.string({ minLength: 1, maxLength: 20 });
    return fc.dictionary(keys, validOf(s.additionalProperties as JsonSchema), { maxKeys: Math.min(Number(s.maxProperties ?? 5), 5), noNullPrototype: true });
  }
  const model = Object.fromEntries(Object.entries(properties).map(([k, sub]) => [k, validOf(sub)]));
  return fc.record(model, { requiredKeys: asList(s.required) as unknown as string[] }) as fc.Arbitrary<Record<string, unknown>>;
}

/** A value the schema refuses, with why. */
export function invalidOf(schema: JsonSchema): fc.Arbitrary<Invalid> {
  const variants = variantsOf(schema);
  const type = variants.length > 0 ? undefined : typeOf(schema);
  const options: fc.Arbitrary<Invalid>[] = [wrongType(schema, type)];
  if (schema.const !== undefined || Array.isArray(schema.enum)) {
    const allowed = (schema.const !== undefined ? [schema.const] : (schema.enum as unknown[])).map(String);
    options.push(fc.constantFrom('', 'ACTIVE', `${allowed[0] ?? ''} `, 'x'.repeat(300)).filter((x) => !allowed.includes(x)).map((value) => ({ value, why: 'not in the enum' })));
  }
  if (type === 'string') options.push(...invalidStrings(schema));
  if (type === 'integer' || type === 'number') options.push(invalidNumbers(schema, type));
  if (type === 'array') options.push(...invalidArrays(schema));
  return fc.oneof(...options);
}

function wrongType(schema: JsonSchema, type: string | undefined): fc.Arbitrary<Invalid> {
  const nullable = type === 'null' || variantsOf(schema).some((v) => v.type === 'null');
  const samples: [string, unknown][] = [['string', 'texto'], ['integer', 7], ['number', 1.5], ['boolean', true], ['null', null], ['array', ['a', 1]], ['object', { a: 1 }], ['empty object', {}], ['empty array', []]];
  const types = variantsOf(schema).map(typeOf);
  const wrong = samples.filter(([name, value]) => {
    if (name === 'null') return !nullable;
    if (variantsOf(schema).length > 0) return !types.includes(name === 'empty object' ? 'object' : name === 'empty array' ? 'array' : name) && !(name === 'integer' && types.includes('number'));
    if (schema.const !== undefined || Array.isArray(schema.enum)) return typeof value !== 'string';
    if (type === 'number') return name !== 'integer' && name !== 'number';
    if (type === 'integer') return name !== 'integer';
    return !name.endsWith(type ?? '?');
  });
  return fc.constantFrom(...(wrong.length > 0 ? wrong : samples)).map(([name, value]) => ({ value, why: `wrong type (${name})` }));
}

function invalidStrings(s: JsonSchema): fc.Arbitrary<Invalid>[] {
  const max = Number(s.maxLength ?? 1000);
  const min = Number(s.minLength ?? 0);
  const out: fc.Arbitrary<Invalid>[] = [
    fc.constantFrom('a', '😀', 'ç').map((unit) => ({ value: repeatTo(unit, max + 1), why: `over maxLength ${max}` })),
    fc.constant({ value: 'a'.repeat(Math.min(max * 50 + 1, 200_000)), why: `far over maxLength ${max}` }),
  ];
  if (min > 0) out.push(fc.constantFrom('', ' '.repeat(min)).map((value) => ({ value, why: `under minLength ${min}` })));
  const formats: Record<string, string[]> = {
    'uuid': ['not-a-uuid', '00000000000000000000000000000000', '{6f1c3a4e-0000-4000-8000-000000000000}', '6f1c3a4e-0000-4000-8000-0000000000000', 'g0000000-0000-4000-8000-000000000000', '6f1c3a4e_0000_4000_8000_000000000000'],
    'date': ['2026-02-30', '2026-13-01', '2026-00-10', '26-1-1', '2026-1-01', '20261201', '2026-12-01T00:00:00Z', '+002026-12-01', '0000-00-00', '-0001-01-01'],
    'date-time': ['2026-12-01', '2026-12-01T25:00:00Z', '2026-12-01 10:00', 'yesterday', '2026-02-30T10:00:00Z', '+275760-09-13T00:00:00.000Z', '2026-12-01T10:00:00+25:00'],
    'email': ['a', '@example.com', 'a@', 'a@@example.com', 'a b@example.com', 'a@b', '<a@example.com>'],
  };
  const broken = formats[String(s.format)];
  if (broken) out.push(fc.constantFrom(...broken).map((value) => ({ value, why: `not a ${String(s.format)}` })));
  if (typeof s.pattern === 'string' && !/^\^\[\^\\u0000/.test(s.pattern)) {
    const re = new RegExp(s.pattern, 'u');
    out.push(fc.constantFrom('!', ' a', 'Ω', 'A B', '24:00', '-x', '../', '%20').filter((x) => !re.test(x) && codePoints(x) <= max).map((value) => ({ value, why: `does not match ${String(s.pattern)}` })));
  }
  return out;
}

function invalidNumbers(s: JsonSchema, type: 'integer' | 'number'): fc.Arbitrary<Invalid> {
  const { min, max, minExcluded } = boundsOf(s);
  const candidates = [min - 1, max + 1, minExcluded ? min : min - 0.5, 1e308, -1e308, 9_007_199_254_740_992, 1e21, 2_147_483_648, -2_147_483_649, ...(type === 'integer' ? [1.5, min + 0.5] : [])];
  const refused = (n: number) => n > max || (minExcluded ? n <= min : n < min) || (type === 'integer' && !Number.isInteger(n));
  return fc.constantFrom(...candidates.filter(refused)).map((value) => ({ value, why: `out of range or not an ${type} (${value})` }));
}

function invalidArrays(s: JsonSchema): fc.Arbitrary<Invalid>[] {
  const item = validOf((s.items ?? {}) as JsonSchema);
  const max = Number(s.maxItems ?? 100);
  const min = Number(s.minItems ?? 0);
  const out = [
    item.map((one) => ({ value: Array.from({ length: max + 1 }, () => one), why: `over maxItems ${max}` })),
    fc.constant({ value: Array.from({ length: 10_000 }, (_, i) => i), why: 'ten thousand items' }),
    invalidOf((s.items ?? {}) as JsonSchema).map((bad) => ({ value: [bad.value], why: `an item: ${bad.why}` })),
  ];
  if (min > 0) out.push(fc.constant({ value: [], why: `under minItems ${min}` }));
  return out;
}

/** The schema of the value at `path` inside a value drawn from `schema` (following the variants the value took on the way). */
export function schemaAt(schema: JsonSchema, value: unknown, path: readonly (string | number)[]): JsonSchema | undefined {
  let node: JsonSchema | undefined = schema;
  let current = value;
  for (const key of path) {
    if (!node) return undefined;
    node = variantFor(node, current);
    current = (current as Record<string | number, unknown>)?.[key];
    if (typeof key === 'number') node = node.items as JsonSchema | undefined;
    else node = ((node.properties as Record<string, JsonSchema> | undefined)?.[key]) ?? (typeof node.additionalProperties === 'object' ? node.additionalProperties as JsonSchema : undefined);
  }
  // Not narrowed to a variant: what is refused here depends on all of them (`null` is fine in `string | null`).
  return node;
}

/** Among anyOf/oneOf, the variant a value conforms to (type and constant members). */
function variantFor(schema: JsonSchema, value: unknown): JsonSchema {
  const variants = variantsOf(schema);
  if (variants.length === 0) return schema;
  const jsonType = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'number' ? (Number.isInteger(value) ? 'integer' : 'number') : typeof value;
  const fits = variants.find((v) => {
    if (v.type !== jsonType && !(v.type === 'number' && jsonType === 'integer') && typeOf(v) !== jsonType) return false;
    if (jsonType !== 'object') return true;
    const props = (v.properties ?? {}) as Record<string, JsonSchema>;
    return Object.entries(props).every(([k, p]) => p.const === undefined || (value as Record<string, unknown>)[k] === p.const);
  });
  return variantFor(fits ?? variants[0]!, value);
}

/** Every place in a value a mutation can go: its own path, and whether the schema requires it there. */
export function sitesOf(schema: JsonSchema, value: unknown, path: (string | number)[] = [], required = true): { path: (string | number)[]; required: boolean; present: boolean }[] {
  const node = variantFor(schema, value);
  const here = [{ path, required, present: value !== undefined }];
  if (value === undefined || value === null || typeof value !== 'object') return here;
  if (Array.isArray(value)) return [...here, ...value.flatMap((item, i) => sitesOf((node.items ?? {}) as JsonSchema, item, [...path, i]))];
  const properties = (node.properties ?? {}) as Record<string, JsonSchema>;
  const requiredKeys = new Set(asList(node.required) as unknown as string[]);
  const record = value as Record<string, unknown>;
  return [...here, ...Object.entries(properties).flatMap(([k, sub]) => sitesOf(sub, record[k], [...path, k], requiredKeys.has(k)))];
}
