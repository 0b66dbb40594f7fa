/** postgres.js returns an array of rows, PGlite returns `{ rows }`: read both the same way. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  if (result !== null && typeof result === 'object' && 'rows' in result) {
    const rows = (result as { rows: unknown }).rows;
    if (Array.isArray(rows)) return rows as T[];
  }
  return [];
}

export function firstRow<T>(result: unknown): T | undefined {
  return rowsOf<T>(result)[0];
}

/** Affected-row count of an UPDATE/DELETE on either driver. */
export function affectedRows(result: unknown): number {
  if (result !== null && typeof result === 'object') {
    if ('count' in result && typeof (result as { count: unknown }).count === 'number') return (result as { count: number }).count;
    if ('affectedRows' in result && typeof (result as { affectedRows: unknown }).affectedRows === 'number') return (result as { affectedRows: number }).affectedRows;
  }
  return 0;
}
