import type { DomainError, ErrorCode, FieldProblem } from '@korevitta/domain';
import { INTERNAL_PROBLEM, PROBLEM_BASE, PROBLEMS } from './problem-map.ts';
import { renderFieldProblem, type FieldError } from './field-messages.ts';
import type { HttpOutput } from '../functions/definitions.ts';

export type { Locale } from './locale.ts';
import type { Locale } from './locale.ts';
export type { FieldError };

/**
 * The RFC 9457 body every error answers with: `code` is the stable member clients branch on; `title` and
 * `detail` are in one language per response (pt-BR, or en on `Accept-Language: en`); `errors[]` lists
 * the invalid fields, each with a JSON pointer, a stable code and a text.
 */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  requestId?: string;
  errors?: FieldError[];
}

interface ProblemOptions {
  params?: Readonly<Record<string, string | number>>;
  fields?: readonly FieldProblem[];
  headers?: Record<string, string>;
}

/** Thrown inside the HTTP kit (and by handlers inside a transaction) to stop a request with a problem. */
export class ProblemError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly options: ProblemOptions = {},
  ) {
    super(code);
    this.name = 'ProblemError';
  }
}

export function problemOutput(code: ErrorCode, locale: Locale, opts: ProblemOptions & { requestId?: string } = {}): HttpOutput {
  const spec = PROBLEMS[code];
  const errors = opts.fields && opts.fields.length > 0 ? opts.fields.map((f) => renderFieldProblem(f, locale)) : undefined;
  const body: ProblemBody = {
    type: `${PROBLEM_BASE}${spec.slug}`,
    title: spec.title[locale],
    status: spec.status,
    detail: spec.detail[locale](opts.params ?? {}),
    code,
    ...(opts.requestId ? { requestId: opts.requestId } : {}),
    ...(errors ? { errors } : {}),
  };
  return { status: spec.status, body, headers: { 'content-type': 'application/problem+json', ...opts.headers } };
}

/** Retry-After (whole seconds, at least 1) for an error that says when a retry can succeed. */
export function retryAfterHeaders(error: Pick<DomainError, 'retryAfterSeconds'>): Record<string, string> {
  return error.retryAfterSeconds === undefined ? {} : { 'retry-after': String(Math.max(1, Math.ceil(error.retryAfterSeconds))) };
}

export function fromDomainError(error: DomainError, locale: Locale, requestId: string): HttpOutput {
  return problemOutput(error.code, locale, { ...(error.params ? { params: error.params } : {}), ...(error.fields ? { fields: error.fields } : {}), requestId, headers: retryAfterHeaders(error) });
}

/** Inside a transaction: stop with the domain error and roll everything back (the pipeline maps it). */
export function rollbackWith(error: DomainError): ProblemError {
  return new ProblemError(error.code, { ...(error.params ? { params: error.params } : {}), ...(error.fields ? { fields: error.fields } : {}), headers: retryAfterHeaders(error) });
}

/** An unexpected failure: the body carries only the request id. */
export function internalProblem(locale: Locale, requestId: string): HttpOutput {
  return {
    status: 500,
    body: { type: `${PROBLEM_BASE}${INTERNAL_PROBLEM.slug}`, title: INTERNAL_PROBLEM.title[locale], status: 500, detail: INTERNAL_PROBLEM.detail[locale], code: 'INTERNAL', requestId },
    headers: { 'content-type': 'application/problem+json' },
  };
}
