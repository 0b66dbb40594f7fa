import type { PgPreparedQuery, PreparedQueryConfig } from 'drizzle-orm/pg-core';
import type { Tx } from './tenant.ts';

/** The part of drizzle's prepared query a transaction changes: the client it runs on (its session's). */
interface Bindable { client: unknown }
interface WithSession { session: { client: unknown } }

/**
 * A hot query built once per process (issue 9, ADR 0025). Drizzle builds a query's SQL text, its parameter
 * list and its row mapping on every call, a tenth of a cheap request's CPU; a prebuilt query is built on
 * first use, with `sql.placeholder(...)` for its values, and afterwards only bound to the calling
 * transaction's connection. The statement text, its parameters and the mapped rows are the ones drizzle
 * would have produced: RLS, the statement counter and the trace see no difference.
 *
 * `build` must not capture request values: everything that varies goes through placeholders.
 */
export function prebuilt<Q extends PgPreparedQuery<PreparedQueryConfig>>(build: (tx: Tx) => Q): (tx: Tx) => Q {
  // One template per driver (postgres.js, PGlite): their prepared queries are different classes.
  const templates = new Map<unknown, Q>();
  return (tx) => {
    const { session } = tx as unknown as WithSession;
    let template = templates.get(session.constructor);
    if (!template) {
      template = build(tx);
      templates.set(session.constructor, template);
    }
    const bound = Object.create(template) as Q & Bindable;
    bound.client = session.client;
    return bound;
  };
}
