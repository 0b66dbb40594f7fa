import type { ErrorCode } from './errors.ts';
import type { FieldProblem } from './field-problems.ts';

/**
 * An expected failure: a stable code the HTTP edge maps to a status, a problem type and a localized
 * detail (with `params` interpolated), plus the invalid fields. The domain writes no user-facing text.
 */
export interface DomainError<C extends ErrorCode = ErrorCode> {
  readonly code: C;
  /** Values the code's detail text names (an instant, a limit, a version). */
  readonly params?: Readonly<Record<string, string | number>>;
  /** Seconds until retrying can succeed (throttling). */
  readonly retryAfterSeconds?: number;
  /** Field-level problems (JSON pointers into the request), e.g. one per invalid answer. */
  readonly fields?: readonly FieldProblem[];
}

export type Result<T, C extends ErrorCode = ErrorCode> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: DomainError<C> };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

export const fail = <C extends ErrorCode>(code: C, extra: Omit<DomainError<C>, 'code'> = {}): { ok: false; error: DomainError<C> } => ({
  ok: false,
  error: { code, ...extra },
});

/** A request the domain refuses field by field (400 with errors[]). */
export const invalid = (...fields: FieldProblem[]): { ok: false; error: DomainError<'REQUEST.VALIDATION'> } => fail('REQUEST.VALIDATION', { fields });
