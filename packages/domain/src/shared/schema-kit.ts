import * as v from 'valibot';
import { fieldMessage, formatMessage } from './field-problems.ts';

/**
 * The building blocks every request and response schema is made of (the domain's content schemas and the
 * HTTP edge's alike), so that each string is bounded and refuses what Postgres or a reader cannot take,
 * each integer has its range and each list its size, and the OpenAPI document says so for every field.
 *
 * Text refuses control characters (C0, DEL, C1) and unpaired UTF-16 surrogates: Postgres `text` refuses
 * NUL, JSONB refuses lone surrogates, and neither belongs in a name or a note. Single-line text also
 * refuses tab, newline and carriage return; multi-line text keeps them. The HTTP kit runs the same
 * character check over every string of every request first (packages/platform/src/http/input-guard.ts),
 * so no field can be forgotten; these patterns are what the document tells clients.
 */

/** No control character at all (single-line text). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const SINGLE_LINE_PATTERN = /^[^\u0000-\u001F\u007F-\u009F]*$/;
/** No control character but tab, newline and carriage return (multi-line text). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const MULTI_LINE_PATTERN = /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$/;

/** True when the string has no unpaired surrogate and no control character other than tab, LF and CR. */
export function isAcceptableText(s: string): boolean {
  return MULTI_LINE_PATTERN.test(s) && s.isWellFormed();
}

const wellFormed = v.check((s: string) => s.isWellFormed(), fieldMessage('invalid_character'));

interface TextOptions {
  /** Minimum length after trimming (default 1: blank is refused). 0 allows an empty string. */
  min?: number;
}

/**
 * Lengths count characters as Postgres and JSON Schema do (code points: an emoji is one), not UTF-16 units;
 * the document states them as minLength/maxLength (openapi-schema.ts maps the code-point actions).
 */

function text(pattern: RegExp, max: number, options: TextOptions) {
  return v.pipe(
    v.string(),
    v.trim(),
    v.regex(pattern, fieldMessage('invalid_character')),
    wellFormed,
    v.minCodePoints(options.min ?? 1),
    v.maxCodePoints(max),
  );
}

/** A trimmed single-line text of at most `max` characters (names, titles, labels). */
export const singleLine = (max: number, options: TextOptions = {}) => text(SINGLE_LINE_PATTERN, max, options);

/** A trimmed text that may span lines, of at most `max` characters (notes, descriptions, messages). */
export const multiLine = (max: number, options: TextOptions = {}) => text(MULTI_LINE_PATTERN, max, options);

/** A string that must match `pattern` (already excluding control characters), named as `format` in problems. */
export function token(pattern: RegExp, max: number, format: Parameters<typeof formatMessage>[0]) {
  return v.pipe(v.string(), v.maxLength(max), v.regex(pattern, formatMessage(format)));
}

export const uuid = () => v.pipe(v.string(), v.maxLength(36), v.uuid(formatMessage('uuid')));

/** A calendar date `YYYY-MM-DD` that exists (no 2026-02-30). */
export const calendarDate = () =>
  v.pipe(v.string(), v.maxLength(10), v.isoDate(formatMessage('date')), v.check(isCalendarDateString, formatMessage('date')));

/** An instant in ISO 8601 with an offset or Z, as `Date.toISOString()` writes it. */
export const instant = () => v.pipe(v.string(), v.maxLength(35), v.isoTimestamp(formatMessage('timestamp')));

/** A local time of day `HH:MM`. */
export const timeOfDay = () => v.pipe(v.string(), v.maxLength(5), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, formatMessage('time')));

export const integer = (min: number, max: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));

export const decimal = (min: number, max: number) => v.pipe(v.number(), v.finite(), v.minValue(min), v.maxValue(max));

/** A list of at most `max` items (and at least `min`, default 0). */
export function list<T extends v.GenericSchema>(item: T, max: number, min = 0) {
  return min > 0 ? v.pipe(v.array(item), v.minLength(min), v.maxLength(max)) : v.pipe(v.array(item), v.maxLength(max));
}

/** One or more of `values` (a filter: repeated query parameters, or a JSON array). */
export const oneOrMoreOf = <T extends string>(values: readonly [T, ...T[]]) => v.pipe(v.array(v.picklist(values)), v.minLength(1), v.maxLength(values.length));

/** Integers the API counts with (revisions, counts, versions): 0 … 2^31-1. */
export const MAX_INT32 = 2_147_483_647;
export const count = () => integer(0, MAX_INT32);

function isCalendarDateString(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
