import * as v from 'valibot';
import { ProblemError } from './problems.ts';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/**
 * `?limit=&cursor=` for every list. A limit above the maximum is clamped (TEST-CATALOG 28); the cursor
 * is opaque to clients (base64url of the keyset values) and a tampered one is a 400, never a 500.
 */
export const PageQuery = {
  limit: v.optional(
    v.pipe(v.string(), v.regex(/^\d{1,6}$/, 'must be a positive integer'), v.transform(Number), v.minValue(1), v.transform((n) => Math.min(n, MAX_PAGE_SIZE))),
    String(DEFAULT_PAGE_SIZE),
  ),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(512), v.regex(/^[A-Za-z0-9_-]+$/, 'is not a valid cursor'))),
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

/** Rows were fetched with `limit + 1`: the extra row only says another page exists. */
export function toPage<Row, Item>(rows: Row[], limit: number, toItem: (r: Row) => Item, keyOf: (r: Row) => Record<string, string | number>): Page<Item> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return { items: pageRows.map(toItem), nextCursor: hasMore && last !== undefined ? encodeCursor(keyOf(last)) : null };
}

const invalidCursor = () => new ProblemError('REQUEST.VALIDATION', 'cursor is not valid for this list', [{ pointer: '/query/cursor', detail: 'is not a valid cursor' }]);
