import type { ErrorCode } from './errors.ts';

/** An expected failure: a stable code the HTTP edge maps to a status, plus optional detail. */
export interface DomainError<C extends ErrorCode = ErrorCode> {
  readonly code: C;
  readonly detail?: string;
  /** Seconds until retrying can succeed (throttling). */
  readonly retryAfterSeconds?: number;
  /** Field-level problems (JSON pointers into the request body), e.g. one per invalid answer. */
  readonly fields?: readonly { pointer: string; detail: string }[];
}

export type Result<T, C extends ErrorCode = ErrorCode> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: DomainError<C> };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

export const fail = <C extends ErrorCode>(code: C, extra: Omit<DomainError<C>, 'code'> = {}): { ok: false; error: DomainError<C> } => ({
  ok: false,
  error: { code, ...extra },
});
