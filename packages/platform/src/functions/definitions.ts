import type * as v from 'valibot';
import type { HttpRequest, InvocationContext } from '@azure/functions';
import type { MessageEnvelope, QueueName } from '@korevitta/domain';
import type { Runtime } from '../runtime.ts';
import type { Logger } from '../observability/logger.ts';

import type { AuthContext, Role } from '../auth/auth-context.ts';

export type { AuthContext, Role };
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type AnySchema = v.GenericSchema;

export interface ResponseSpec {
  description: string;
  schema?: AnySchema;
  /** Defaults to application/json. */
  contentType?: string;
  /** Headers this response sets beyond the common ones: the resource's `ETag`, a created resource's `Location`. */
  headers?: readonly ('etag' | 'location')[];
  /** A real example body, for the P0 flows (seed §9.4); validated against `schema` in the lint test. */
  example?: unknown;
}

/** The sections of API.md: each operation of the document is tagged with the one it belongs to. */
export const API_TAGS = [
  'Platform',
  'Identity and access',
  'Patients',
  'Protocol engine',
  'Daily execution',
  'Check-ins and risk',
  'Communication',
  'Progress and biomarkers',
  'Branding, subscription, analytics, compliance',
  'Local development',
] as const;
export type ApiTag = (typeof API_TAGS)[number];

export interface HttpInput<P, Q, B, A> {
  params: P;
  query: Q;
  body: B;
  auth: A;
  rt: Runtime;
  request: HttpRequest;
  requestId: string;
  /**
   * The revisions `If-Match` accepts: null when absent or `*`, else the strong ETags it lists (an
   * unparseable or weak one accepts none, so the write ends in 412). See `ifMatch` on the definition.
   */
  ifMatch: readonly number[] | null;
  /** The exact bytes of the body, for an operation declared with `rawBody` (size-checked only). */
  rawBody?: Uint8Array;
  locale: 'pt-BR' | 'en';
  clientIp: string;
  log: Logger;
}

export interface HttpOutput {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** For non-JSON bodies (the docs page): sent as is. */
  raw?: { contentType: string; text: string };
}

type Out<S> = S extends AnySchema ? v.InferOutput<S> : undefined;

export interface HttpFunctionDefinition<
  PS extends AnySchema | undefined = AnySchema | undefined,
  QS extends AnySchema | undefined = AnySchema | undefined,
  BS extends AnySchema | undefined = AnySchema | undefined,
  Auth extends 'public' | readonly Role[] = 'public' | readonly Role[],
> {
  kind: 'http';
  /** Registered function name, e.g. `patients-list` (STYLE.md rule 4). */
  name: string;
  /** The OpenAPI operationId: the camelCase of the function's file name, verb first (`listPatients`). */
  operationId: string;
  method: HttpMethod;
  /** Azure route template without a leading slash, e.g. `v1/patients/{patientId}`. */
  route: string;
  summary: string;
  /** More than the summary says, when there is more to say (the document adds roles and headers). */
  description?: string;
  tag: ApiTag;
  auth: Auth;
  /** Why a public operation needs no token (required when `auth` is 'public'; the document says it). */
  publicReason?: string;
  /**
   * Optimistic concurrency over the resource's `revision`: 'required' answers 428 without If-Match
   * (PATCH, where a stale partial edit is the lost update); 'optional' honours it when sent.
   */
  ifMatch?: 'required' | 'optional';
  params?: PS;
  query?: QS;
  body?: BS;
  /** A real request body example, for the P0 flows (seed §9.4); validated against `body` in the lint test. */
  requestExample?: unknown;
  /**
   * The handler gets the exact bytes (`rawBody`), checked for size only: no JSON parse, no text guard, no
   * schema (a signed webhook is verified over the bytes as sent). The document still describes the body
   * with `documentedAs` and marks the operation `x-raw-body`. Excludes `body`.
   */
  rawBody?: { documentedAs: AnySchema; contentType: string };
  responses: Record<number, ResponseSpec>;
  /** Honour `Idempotency-Key` (authenticated POSTs only). */
  idempotent?: boolean;
  /** Exists only outside production (the local mailbox). */
  devOnly?: boolean;
  /** Left out of the OpenAPI document (the document and docs page themselves). */
  hidden?: boolean;
  /**
   * Answers callers that did not come through API Management (the liveness probe only). Every other HTTP
   * function is registered with authLevel `function`: the Functions host refuses a request without the
   * host key that only the gateway holds (ADR 0011).
   */
  openToDirectCallers?: boolean;
  /**
   * Why this operation is exempt from the app's per-address and per-user rate limits (the billing webhook: the
   * provider delivers bursts from few addresses, and every request is authenticated by its signature). Unset:
   * limited like every other route.
   */
  rateLimitExemptReason?: string;
  handler: (input: HttpInput<Out<PS>, Out<QS>, Out<BS>, Auth extends 'public' ? AuthContext | null : AuthContext>) => Promise<HttpOutput>;
}

export interface TimerContext {
  rt: Runtime;
  /** Fixed once per run (STYLE.md rule 9). */
  now: Date;
  isPastDue: boolean;
  log: Logger;
}

export interface TimerFunctionDefinition {
  kind: 'timer';
  name: string;
  /** NCRONTAB with seconds (six fields), e.g. every five minutes: "0 0/5 * * * *". */
  schedule: string;
  handler: (ctx: TimerContext) => Promise<void>;
}

export interface QueueDelivery {
  messageId: string;
  deliveryCount: number;
  enqueuedAt: Date | null;
}

export interface QueueFunctionDefinition {
  kind: 'queue';
  name: string;
  queue: QueueName;
  /** Receives the decoded body; throwing abandons the message (retry, then dead-letter). */
  handler: (body: unknown, delivery: QueueDelivery, ctx: { rt: Runtime; log: Logger; invocation: InvocationContext }) => Promise<void>;
}

export type FunctionDefinition = HttpFunctionDefinition<any, any, any, any> | TimerFunctionDefinition | QueueFunctionDefinition; // eslint-disable-line @typescript-eslint/no-explicit-any

export type { MessageEnvelope };
