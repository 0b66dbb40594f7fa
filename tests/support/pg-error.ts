/** The SQLSTATE of a database error, looking through Drizzle's wrapping (`cause`). */
export const pgCode = (e: unknown): string | undefined => {
  for (let cur: unknown = e, i = 0; cur && typeof cur === 'object' && i < 4; i += 1) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
};
