import * as v from 'valibot';
import { integer, token } from '@korevitta/domain';
import { ProblemError } from './problems.ts';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/**
 * `?limit=&cursor=` for every list. `limit` is an integer 1–100 (default 20), documented as such; one
 * outside the range is a 400 (TEST-CATALOG 28). The cursor is opaque to clients (base64url of the keyset
 * values) and a tampered one is a 400, never a 500.
 */
export const PageQuery = {
  limit: v.optional(integer(1, MAX_PAGE_SIZE), DEFAULT_PAGE_SIZE),
  cursor: v.optional(token(/^[A-Za-z0-9_-]+$/, 512, 'cursor')),
};

export interface Page<T> { items: T[]; nextCursor: string | null }

export function encodeCursor(values: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify({ v: 1, k: values }), 'utf8').toString('base64url');
}

/** Decodes a cursor into the keyset the list query continues after; anything else is REQUEST.VALIDATION. */
export function decodeCursor<T>(cursor: string | undefined, keyset: v.GenericSchema<unknown, T>): T | null {
  if (cursor === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const envelope = v.safeParse(v.object({ v: v.literal(1), k: keyset }), parsed);
  if (!envelope.success) throw invalidCursor();
  return envelope.output.k;
}

const KEYSET_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?(?:([+-])(\d{2})(?::?(\d{2}))?(?::(\d{2}))?|Z)$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * True when `s` is an instant as Postgres (`2026-12-03 12:00:00.123456+00`) or `Date.toISOString()` writes
 * it, and one Postgres can read back: a cursor is opaque but easy to forge, and a timestamp that only looks
 * right (month 13, 30 February, year 0, offset +99) reached the keyset comparison and answered 500 (found
 * by the schema fuzzer, TEST-CATALOG 27). A cursor that fails this is a 400 like any other tampered one.
 */
export function isKeysetTimestamp(s: string): boolean {
  const m = KEYSET_TIMESTAMP.exec(s);
  if (!m) return false;
  const [year, month, day, hour, minute, second, , , offsetHours, offsetMinutes, offsetSeconds] = m.slice(1).map((x) => (x === undefined || x === '+' || x === '-' || x.startsWith('.') ? 0 : Number(x)));
  const leap = year! % 4 === 0 && (year! % 100 !== 0 || year! % 400 === 0);
  const days = month! >= 1 && month! <= 12 ? (DAYS_IN_MONTH[month! - 1]! + (month === 2 && leap ? 1 : 0)) : 0;
  return year! >= 1 && day! >= 1 && day! <= days && hour! <= 23 && minute! <= 59 && second! <= 59 && offsetHours! <= 15 && offsetMinutes! <= 59 && offsetSeconds! <= 59;
}

/** A keyset member holding an instant (see isKeysetTimestamp). */
export const keysetTimestamp = () => v.pipe(v.string(), v.maxLength(40), v.check(isKeysetTimestamp));

/** Rows were fetched with `limit + 1`: the extra row only says another page exists. */
export function toPage<Row, Item>(rows: Row[], limit: number, toItem: (r: Row) => Item, keyOf: (r: Row) => Record<string, string | number>): Page<Item> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return { items: pageRows.map(toItem), nextCursor: hasMore && last !== undefined ? encodeCursor(keyOf(last)) : null };
}

/** A cursor that does not belong to this list (tampered, or of another sort or thread): a 400 on `cursor`. */
export const invalidCursor = () => new ProblemError('REQUEST.VALIDATION', { fields: [{ pointer: '/query/cursor', code: 'invalid_cursor' }] });
