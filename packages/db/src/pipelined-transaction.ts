import postgres from 'postgres';

/**
 * A transaction on a reserved postgres.js connection whose opening statements and the callback's first
 * statements leave in ONE write (issue 9, ADR 0025).
 *
 * postgres.js's own `begin()` waits for BEGIN's answer before it runs the callback, so a tenant transaction
 * cost a round trip for BEGIN, one for the settings (and the session check pipelined behind them), then the
 * queries and COMMIT. Here BEGIN, the `opening` statements and whatever the callback asks for before its
 * first answer are queued together on one connection (postgres.js writes what was queued in one tick as
 * one write). The server runs them in order: BEGIN, the settings, the check, then the callback's queries,
 * so the settings are transaction-local and in force before the first of them. An opening statement that
 * fails (the session check RAISES when the session ended) aborts the transaction on the server: every
 * statement queued behind it fails with 25P02 and returns nothing, and the opening's error is the one
 * thrown. The callback is always awaited to its end before the rollback, so none of its statements can
 * land on the connection after it went back to the pool.
 *
 * The rest keeps postgres.js's semantics: the first error of any query in the transaction fails it even
 * when the callback caught it (COMMIT of an aborted transaction would silently roll back), the callback's
 * error rolls back, and a nested `begin` is a savepoint with its own error scope.
 */

interface Scope { error: unknown }
/**
 * What postgres.js passes to a query's `onexecute`: the connection object (internal, postgres.js 3.4). Its
 * `onclose` is the hook postgres.js's own `begin()` uses to fail a transaction whose connection closed.
 */
interface ConnectionHandle { onclose: ((e: unknown) => void) | null }
/** The connection is gone: the statement is refused here instead of being written to a closed socket. */
interface Lost { error: unknown }

const ABORTED = '25P02';

/**
 * An error that ends the connection rather than the statement: postgres.js's own (CONNECTION_CLOSED,
 * _DESTROYED, _ENDED), a socket error, or a FATAL/PANIC from the server (e.g. the backend was terminated).
 * Its close event may come only later, so the transaction must not hand the connection back meanwhile.
 */
function endsConnection(e: unknown): boolean {
  if (e instanceof postgres.PostgresError) return e.severity === 'FATAL' || e.severity === 'PANIC';
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('CONNECTION_') || /^E[A-Z]+$/.test(code));
}

/** Tracks the first error of every query sent through `sql` (postgres.js scope semantics). */
function tracked(sql: postgres.ReservedSql, scope: Scope, lost: Lost, openSavepoint: (fn: (sp: postgres.TransactionSql) => unknown) => Promise<unknown>): postgres.TransactionSql {
  const note = (send: () => Promise<unknown>): Promise<unknown> => {
    if (lost.error) {
      const refused = Promise.reject(lost.error);
      refused.catch(() => undefined);
      return Object.assign(refused, { values: () => refused, raw: () => refused, execute: () => refused });
    }
    const q = send();
    q.catch((e: unknown) => { scope.error ??= e; });
    return q;
  };
  return new Proxy(sql, {
    apply(target, thisArg, args: unknown[]) {
      return note(() => Reflect.apply(target as unknown as (...a: unknown[]) => Promise<unknown>, thisArg, args) as Promise<unknown>);
    },
    get(target, prop, receiver) {
      if (prop === 'unsafe') {
        return (query: string, params?: unknown[], options?: postgres.UnsafeQueryOptions) => note(() => target.unsafe(query, params as never[], options));
      }
      if (prop === 'begin' || prop === 'savepoint') return openSavepoint;
      return Reflect.get(target, prop, receiver) as unknown;
    },
  }) as unknown as postgres.TransactionSql;
}

export interface PipelinedOpening {
  /**
   * Statements queued right behind BEGIN on the same write (they run in order, before the callback's). One
   * that must stop the callback has to fail on the server (raise), not merely return a value to check.
   */
  opening: (sql: postgres.TransactionSql) => Promise<void>;
}

export async function pipelinedTransaction<T>(
  client: postgres.Sql,
  { opening }: PipelinedOpening,
  fn: (sql: postgres.TransactionSql) => Promise<T>,
): Promise<T> {
  const reserved = await client.reserve();
  let connection: ConnectionHandle | null = null;
  let savepoints = 0;
  const lost: Lost = { error: null };
  let onLost: (e: unknown) => void = () => undefined;
  const closed = new Promise<never>((_, reject) => { onLost = reject; });
  closed.catch(() => undefined);

  const inScope = async <R>(scope: Scope, body: (sql: postgres.TransactionSql) => Promise<R>, name: string | null): Promise<R> => {
    const sql = tracked(reserved, scope, lost, (sp) => inScope({ error: null }, async (s) => sp(s) as Promise<unknown>, `s${savepoints++}`));
    if (name) await sql.unsafe(`savepoint ${name}`);
    let result: R;
    try {
      result = await body(sql);
      if (scope.error) throw scope.error;
    } catch (e) {
      if (!lost.error && (endsConnection(e) || endsConnection(scope.error))) lost.error = endsConnection(e) ? e : scope.error;
      if (!lost.error) await reserved.unsafe(name ? `rollback to savepoint ${name}` : 'rollback');
      throw e instanceof postgres.PostgresError && e.code === ABORTED && scope.error ? scope.error : e;
    }
    // Checked before COMMIT: a statement that failed on the client (never sent) does not abort the
    // transaction on the server, so committing first would keep what the callback wrote before it.
    await reserved.unsafe(name ? `release savepoint ${name}` : 'commit').catch((e: unknown) => {
      if (endsConnection(e)) lost.error ??= e;
      throw e;
    });
    return result;
  };

  try {
    const run = inScope({ error: null }, async (sql) => {
      // BEGIN and the opening statements are issued in this order, in one tick: postgres.js writes them
      // together and the server answers them in order. A query is dispatched when first awaited or
      // executed, so BEGIN is executed at once, before `opening` creates (and awaits) its statements.
      const begin = reserved.unsafe('begin', [], {
        onexecute: (c: ConnectionHandle) => {
          connection = c;
          c.onclose = (e) => { lost.error = e; onLost(e); };
          return true;
        },
      } as postgres.UnsafeQueryOptions).execute();
      const opened = opening(sql);
      // Not waiting for the opening: the callback's first statements join the same write.
      const result = fn(sql);
      const [began, open, done] = await Promise.allSettled([begin, opened, result]);
      for (const step of [began, open, done]) if (step.status === 'rejected') throw step.reason;
      return (done as PromiseFulfilledResult<T>).value;
    }, null);
    return await Promise.race([run, closed]);
  } finally {
    // A connection that closed under the transaction is already in postgres.js's closed queue (it
    // reconnects from there); handing it back as open would put a dead socket in the pool.
    if (connection) (connection as ConnectionHandle).onclose = null;
    if (!lost.error) reserved.release();
  }
}
