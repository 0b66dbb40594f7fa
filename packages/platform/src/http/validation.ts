import * as v from 'valibot';
import type { FieldError } from './problems.ts';

export type Location = 'body' | 'query' | 'path';

/** valibot issues → RFC 9457 `errors[]` entries with a JSON pointer into the part that failed. */
export function issuesToErrors(location: Location, issues: readonly v.BaseIssue<unknown>[]): FieldError[] {
  return issues.slice(0, 50).map((issue) => {
    const segments = (issue.path ?? []).map((p) => String(p.key).replace(/~/g, '~0').replace(/\//g, '~1'));
    return { pointer: `/${location}${segments.length ? `/${segments.join('/')}` : ''}`, detail: issue.message };
  });
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export function parseWith<T>(schema: v.GenericSchema<unknown, T> | undefined, location: Location, input: unknown): Parsed<T> {
  if (!schema) return { ok: true, value: undefined as T };
  const result = v.safeParse(schema, input, { abortPipeEarly: true });
  return result.success ? { ok: true, value: result.output } : { ok: false, errors: issuesToErrors(location, result.issues) };
}
