import * as v from 'valibot';
import { fieldProblemsOf, type FieldProblem } from '@korevitta/domain';

export type Location = 'body' | 'query' | 'path';

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

/** Validates one part of the request; the problems point into that part (`/body/name`, `/query/limit`). */
export function parseWith<T>(schema: v.GenericSchema<unknown, T> | undefined, location: Location, input: unknown): Parsed<T> {
  if (!schema) return { ok: true, value: undefined as T };
  const result = v.safeParse(schema, input, { abortPipeEarly: true });
  return result.success ? { ok: true, value: result.output } : { ok: false, problems: fieldProblemsOf(location, result.issues) };
}
