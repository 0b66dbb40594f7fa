import { sql, type SQL } from 'drizzle-orm';

/**
 * An instant as a SQL `timestamptz` parameter. Raw `sql` templates must never get a JS Date: postgres.js
 * serializes it by the connection's rules, PGlite by its own; an ISO string with an explicit cast means the
 * same on both.
 */
export const sqlInstant = (d: Date | number): SQL => sql`${new Date(d).toISOString()}::timestamptz`;
