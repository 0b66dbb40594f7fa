/**
 * One rule for optimistic concurrency (docs/adr/0009-api-contract-conventions.md): a mutable resource
 * carries an integer `revision`, sent as a strong `ETag: "<revision>"`; a write sends it back in
 * `If-Match`. A stale one answers 412; a PATCH without one answers 428.
 */
export const revisionEtag = (revision: number): string => `"${revision}"`;

/**
 * If-Match → the revisions it accepts: null when absent or `*` (any current revision), else every strong
 * ETag it lists. A weak (`W/`) or malformed tag matches nothing (RFC 9110 §13.1.1: strong comparison), so
 * such a write ends in 412 rather than overwriting.
 */
export function ifMatchRevisions(header: string | null): readonly number[] | null {
  if (header === null || header.trim() === '' || header.trim() === '*') return null;
  const out: number[] = [];
  for (const part of header.split(',')) {
    const m = /^\s*"(\d{1,9})"\s*$/.exec(part);
    if (m?.[1]) out.push(Number(m[1]));
  }
  return out;
}

/** True when the current revision satisfies If-Match (absent or `*` accepts any). */
export const matchesRevision = (current: number, accepted: readonly number[] | null): boolean => accepted === null || accepted.includes(current);
