import type * as v from 'valibot';

/**
 * Why one field of a request is wrong: the stable `errors[].code` of a problem response. The HTTP edge
 * renders each code as text in the caller's language (packages/platform/src/http/field-messages.ts, a
 * total map over this list), so the domain never writes user-facing text.
 */
export const FIELD_CODES = [
  // Shape and type
  'required',
  'unknown_field',
  'invalid_type',
  'invalid_value',
  'invalid_format',
  'invalid_character',
  'not_integer',
  'too_short',
  'too_long',
  'too_small',
  'too_large',
  'duplicate_parameter',
  'duplicate_values',
  'invalid_json',
  'too_deep',
  'invalid_cursor',
  'empty_update',
  // Rules of one resource
  'must_be_absent',
  'must_be_past',
  'in_future',
  'too_old',
  'range_inverted',
  'range_too_long',
  'min_exceeds_max',
  'labels_incomplete',
  'invite_needs_email',
  'grace_too_long',
  'every_days_custom_only',
  'protocol_needs_component',
  'unknown_option',
  'out_of_range',
  'too_common',
  'contains_email',
  'no_measurement',
  'unknown_biomarker',
  'unknown_unit',
  'confirmation_mismatch',
  'low_contrast',
  'invalid_upload',
] as const;
export type FieldCode = (typeof FIELD_CODES)[number];

/** Values a message interpolates: limits, the expected type, the allowed values, a format name. */
export type FieldParams = Readonly<Record<string, string | number>>;

/** One invalid field: a JSON pointer into the request (`/body/name`, `/query/limit`), a code, its params. */
export interface FieldProblem {
  readonly pointer: string;
  readonly code: FieldCode;
  readonly params?: FieldParams;
}

/** Formats a string may be required to have; a schema names one with `formatMessage('phone')`. */
export const FIELD_FORMATS = ['uuid', 'email', 'date', 'time', 'timestamp', 'phone', 'timezone', 'token', 'cursor', 'slug', 'url', 'hex_color', 'version'] as const;
export type FieldFormat = (typeof FIELD_FORMATS)[number];

const CODES: ReadonlySet<string> = new Set(FIELD_CODES);
const FORMAT_PREFIX = 'invalid_format:';

/**
 * The message argument of a valibot action, as a stable code instead of text: `v.check(fn, fieldMessage('duplicate_values'))`.
 * The edge turns it into the caller's language; an action without one is named from the issue's type.
 */
export const fieldMessage = (code: FieldCode): string => code;
/** `v.regex(re, formatMessage('phone'))`: an `invalid_format` problem naming the expected format. */
export const formatMessage = (format: FieldFormat): string => `${FORMAT_PREFIX}${format}`;

const VALIDATION_FORMATS: Record<string, FieldFormat> = {
  uuid: 'uuid', email: 'email', iso_date: 'date', iso_time: 'time', iso_timestamp: 'timestamp', iso_date_time: 'timestamp', url: 'url',
};
const TYPES = new Set(['string', 'number', 'boolean', 'array', 'object', 'strict_object', 'loose_object', 'record', 'null', 'bigint', 'date', 'tuple', 'strict_tuple']);
const CHOICES = new Set(['picklist', 'literal', 'union', 'variant', 'enum']);

type Issue = v.BaseIssue<unknown>;

/** One segment of a JSON pointer (RFC 6901: `~` → `~0`, `/` → `~1`). */
export const escapePointer = (segment: string): string => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** One valibot issue → a field problem at `/{location}/{path}` (RFC 6901 escaping). */
export function fieldProblemOf(location: string, issue: Issue): FieldProblem {
  const segments = (issue.path ?? []).map((p) => escapePointer(String(p.key)));
  const pointer = `/${location}${segments.length > 0 ? `/${segments.join('/')}` : ''}`;
  return { pointer, ...codeOf(issue) };
}

export function fieldProblemsOf(location: string, issues: readonly Issue[]): FieldProblem[] {
  return issues.slice(0, 50).map((issue) => fieldProblemOf(location, issue));
}

function codeOf(issue: Issue): { code: FieldCode; params?: FieldParams } {
  const custom = issue.message;
  if (custom.startsWith(FORMAT_PREFIX)) return { code: 'invalid_format', params: { format: custom.slice(FORMAT_PREFIX.length) } };
  if (CODES.has(custom)) return { code: custom as FieldCode, ...limitParams(issue) };
  const isKeyIssue = issue.type === 'object' || issue.type === 'strict_object' || issue.type === 'loose_object';
  if (isKeyIssue && issue.expected === 'never') return { code: 'unknown_field' };
  if (isKeyIssue && issue.received === 'undefined' && (issue.path?.length ?? 0) > 0) return { code: 'required' };
  if (CHOICES.has(issue.type)) return { code: 'invalid_value', params: { values: choicesOf(issue.expected) } };
  if (TYPES.has(issue.type)) return { code: 'invalid_type', params: { expected: expectedTypeOf(issue) } };
  switch (issue.type) {
    case 'min_code_points':
    case 'min_length': return { code: 'too_short', params: { min: Number(issue.requirement), unit: unitOf(issue.input) } };
    case 'max_code_points':
    case 'max_length': return { code: 'too_long', params: { max: Number(issue.requirement), unit: unitOf(issue.input) } };
    case 'min_value': return { code: 'too_small', params: { min: String(issue.requirement) } };
    case 'gt_value': return { code: 'too_small', params: { min: String(issue.requirement), exclusive: 1 } };
    case 'lt_value': return { code: 'too_large', params: { max: String(issue.requirement), exclusive: 1 } };
    case 'max_value': return { code: 'too_large', params: { max: String(issue.requirement) } };
    case 'integer': return { code: 'not_integer' };
    default: {
      const format = VALIDATION_FORMATS[issue.type];
      return format ? { code: 'invalid_format', params: { format } } : { code: 'invalid_value' };
    }
  }
}

/** A custom code on a length or value action keeps its limit (e.g. too_short with min). */
function limitParams(issue: Issue): { params?: FieldParams } {
  if (typeof issue.requirement === 'number') return { params: { limit: issue.requirement, unit: unitOf(issue.input) } };
  return {};
}

function unitOf(input: unknown): string {
  return Array.isArray(input) ? 'items' : 'characters';
}

function expectedTypeOf(issue: Issue): string {
  if (issue.type === 'strict_object' || issue.type === 'loose_object' || issue.type === 'record' || issue.type === 'object') return 'object';
  if (issue.type === 'strict_tuple' || issue.type === 'tuple') return 'array';
  return issue.type;
}

/** `("a" | "b")` → `a, b`: the values a picklist, literal or variant allows. */
function choicesOf(expected: string | null): string {
  if (!expected) return '';
  return expected.replace(/^\(|\)$/g, '').split(' | ').map((x) => x.replace(/^"|"$/g, '')).join(', ');
}
