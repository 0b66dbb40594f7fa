const UNIQUE_VIOLATION = '23505';

/** A unique-constraint violation, however deep the driver wrapped it (drizzle wraps postgres.js errors). */
export const isUniqueViolation = (e: unknown): boolean => {
  for (let cur: unknown = e, i = 0; cur && typeof cur === 'object' && i < 4; i += 1) {
    if ((cur as { code?: unknown }).code === UNIQUE_VIOLATION) return true;
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
};
