import * as v from 'valibot';
import { ERROR_CODES, FIELD_CODES, integer, multiLine, singleLine, token } from '@korevitta/domain';

/** One invalid field: where (a JSON pointer into the request), why (a stable code) and, for people, a text. */
export const FieldErrorSchema = v.strictObject({
  pointer: v.pipe(token(/^\/(body|query|path)(\/.*)?$/, 1000, 'token'), v.description('JSON pointer into the request, e.g. /body/name or /query/limit')),
  code: v.pipe(v.picklist(FIELD_CODES), v.description('Stable reason; branch on it')),
  detail: v.pipe(singleLine(500), v.description("The reason in the response's language")),
});

/**
 * The RFC 9457 body every error answers with (problems.ts `ProblemBody`): `code` is the stable member to
 * branch on; `title` and `detail` are in the response's language.
 */
export const ProblemSchema = v.strictObject({
  type: v.pipe(v.string(), v.maxLength(200), v.url()),
  title: singleLine(200),
  status: integer(400, 599),
  detail: multiLine(1000),
  code: v.pipe(v.picklist([...ERROR_CODES, 'INTERNAL']), v.description('Stable error code; branch on it')),
  requestId: v.optional(token(/^[A-Za-z0-9._-]{8,64}$/, 64, 'token')),
  errors: v.optional(v.pipe(v.array(FieldErrorSchema), v.maxLength(50))),
});
