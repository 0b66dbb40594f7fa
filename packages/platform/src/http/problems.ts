import type { DomainError, ErrorCode } from '@korevitta/domain';
import { INTERNAL_PROBLEM, PROBLEM_BASE, PROBLEMS } from './problem-map.ts';
import type { HttpOutput } from '../functions/definitions.ts';

export type Locale = 'pt-BR' | 'en';

/** One field-level problem (RFC 9457 extension member `errors`). */
export interface FieldError { pointer: string; detail: string }

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code?: string;
  requestId?: string;
  errors?: FieldError[];
}

/** Thrown inside the HTTP kit to stop a request with a problem; handlers return results instead. */
export class ProblemError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(code);
    this.name = 'ProblemError';
  }
}

export function problemOutput(
  code: ErrorCode,
  locale: Locale,
  opts: { detail?: string; errors?: FieldError[]; requestId?: string; headers?: Record<string, string> } = {},
): HttpOutput {
  const spec = PROBLEMS[code];
  const body: ProblemBody = {
    type: `${PROBLEM_BASE}${spec.slug}`,
    title: spec.title[locale],
    status: spec.status,
    code,
    ...(opts.detail ? { detail: opts.detail } : {}),
    ...(opts.errors ? { errors: opts.errors } : {}),
    ...(opts.requestId ? { requestId: opts.requestId } : {}),
  };
  return { status: spec.status, body, headers: { 'content-type': 'application/problem+json', ...opts.headers } };
}

export function fromDomainError(error: DomainError, locale: Locale, requestId: string): HttpOutput {
  const headers: Record<string, string> = {};
  if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(Math.max(1, Math.ceil(error.retryAfterSeconds)));
  const errors = error.fields && error.fields.length > 0 ? error.fields.map((f) => ({ pointer: f.pointer, detail: f.detail })) : undefined;
  return problemOutput(error.code, locale, { ...(error.detail ? { detail: error.detail } : {}), ...(errors ? { errors } : {}), requestId, headers });
}

/** An unexpected failure: the body carries only the request id. */
export function internalProblem(locale: Locale, requestId: string): HttpOutput {
  return {
    status: 500,
    body: { type: `${PROBLEM_BASE}${INTERNAL_PROBLEM.slug}`, title: INTERNAL_PROBLEM.title[locale], status: 500, requestId },
    headers: { 'content-type': 'application/problem+json' },
  };
}
