import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { decodeCursor, encodeCursor, isKeysetTimestamp, keysetTimestamp, MAX_PAGE_SIZE, PageQuery, toPage } from './pagination.ts';
import { ProblemError } from './problems.ts';

const Keyset = v.object({ createdAt: v.string(), id: v.string() });
const Query = v.object(PageQuery);

describe('cursor pagination', () => {
  it('when no limit is given, then 20; the maximum is accepted, one above it is invalid (the document says 1–100)', () => {
    expect(v.parse(Query, {}).limit).toBe(20);
    expect(v.parse(Query, { limit: MAX_PAGE_SIZE }).limit).toBe(MAX_PAGE_SIZE);
    expect(v.safeParse(Query, { limit: MAX_PAGE_SIZE + 1 }).success).toBe(false);
  });
  it.each([0, -1, 1.5, '20'])('when limit is %s (the query layer already made digits a number), then it is invalid', (limit) => expect(v.safeParse(Query, { limit }).success).toBe(false));

  it('when a cursor round-trips, then the keyset comes back', () => {
    const c = encodeCursor({ createdAt: '2026-11-29T10:00:00.000Z', id: 'b' });
    expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(c, Keyset)).toEqual({ createdAt: '2026-11-29T10:00:00.000Z', id: 'b' });
  });

  it('when a cursor is tampered with or of another list, then a validation problem', () => {
    expect(() => decodeCursor('bm90LWpzb24', Keyset)).toThrow(ProblemError);
    expect(() => decodeCursor(encodeCursor({ other: 1 }), Keyset)).toThrow(ProblemError);
  });

  it('when limit+1 rows were fetched, then one page and a cursor at its last row; else no cursor', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    const page = toPage(rows, 2, (r) => r.id, (r) => ({ id: r.id }));
    expect(page.items).toEqual(['a', 'b']);
    expect(decodeCursor(page.nextCursor ?? undefined, v.object({ id: v.string() }))).toEqual({ id: 'b' });
    expect(toPage(rows, 3, (r) => r.id, (r) => ({ id: r.id })).nextCursor).toBeNull();
  });

  it.each(['2026-12-03 12:00:00.123456+00', '2026-12-03 12:00:00-03', '2024-02-29 00:00:00+05:30', '2026-12-03T12:00:00.000Z', '0001-01-01 00:00:00+00'])('when a keyset timestamp is %s, then it is one Postgres reads', (s) => {
    expect(isKeysetTimestamp(s)).toBe(true);
  });
  it.each(['2026-13-45 99:99:99+00', '2026-02-30 10:00:00+00', '2025-02-29 10:00:00+00', '0000-01-01 00:00:00+00', '9999-12-31 23:59:59+99:99', '2026-12-03 24:00:00+00', '2026-12-03 12:00:60+00', '2026-12-03 12:00:00', 'abc'])('when a forged keyset timestamp is %s, then it is refused (it answered 500 at the SQL)', (s) => {
    expect(isKeysetTimestamp(s)).toBe(false);
    expect(v.safeParse(keysetTimestamp(), s).success).toBe(false);
  });
});
