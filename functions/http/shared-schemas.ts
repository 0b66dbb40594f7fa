import * as v from 'valibot';
import { calendarDate, count, formatMessage, instant, isValidTimezone, token, uuid } from '@korevitta/domain';

/**
 * The building blocks the endpoints' schemas share (docs/adr/0009-api-contract-conventions.md). Every
 * field of a request or a response is bounded and typed, so the document tells clients exactly what to
 * send and what to expect.
 */
export const Id = uuid();
export const Instant = instant();
export const CalendarDate = calendarDate();
/** A mutable resource's concurrency token, also sent as `ETag: "<revision>"`. */
export const Revision = count();
/** The number of an immutable version of content (protocol content, check-in forms), from 1. */
export const ContentVersion = v.pipe(count(), v.minValue(1));
export const Count = count();
/** An IANA time zone name, e.g. America/Sao_Paulo. */
export const Timezone = v.pipe(token(/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/, 64, 'timezone'), v.check(isValidTimezone, formatMessage('timezone')));
export const Role = v.picklist(['professional', 'patient']);
export const Locale = v.picklist(['pt-BR', 'en']);

/** Responses every authenticated endpoint documents the same way (the problem+json bodies come from the HTTP kit). */
export const errorResponses = {
  400: { description: 'Invalid or unknown fields or parameters, or a bad cursor (problem+json with errors[])' },
  401: { description: 'Not authenticated' },
  403: { description: 'Not allowed for this role' },
} as const;

/** A list page: at most 100 items and the cursor of the next page (null on the last). */
export const pageOf = <T extends v.GenericSchema>(item: T) => v.strictObject({ items: v.pipe(v.array(item), v.maxLength(100)), nextCursor: v.nullable(v.pipe(v.string(), v.maxLength(512), v.regex(/^[A-Za-z0-9_-]+$/))) });
