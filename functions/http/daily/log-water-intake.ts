import * as v from 'valibot';
import { instant, integer, logWaterIntake } from '@korevitta/domain';
import { fromDomainError, registerHttp, withDailyDeps } from '@korevitta/platform';
import { WaterLog, problemResponses } from './schemas.ts';

const Body = v.strictObject({
  amountMl: integer(1, 5000),
  loggedAt: v.optional(v.pipe(instant(), v.transform((s) => new Date(s)))),
});

export default registerHttp({
  name: 'water-intake-log',
  operationId: 'logWaterIntake',
  method: 'POST',
  route: 'v1/me/water-intake',
  summary: "Log water (ml) for the patient-local date of loggedAt (default now); answers the day's hydration progress",
  tag: 'Daily execution',
  auth: ['patient'],
  body: Body,
  responses: { 201: { description: 'Logged', schema: WaterLog }, ...problemResponses, 404: { description: 'Not found' } },
  handler: async ({ body, auth, rt, locale, requestId }) => {
    const result = await withDailyDeps({ rt, auth, requestId }, (deps) =>
      logWaterIntake(deps, auth, { amountMl: body.amountMl, ...(body.loggedAt ? { loggedAt: body.loggedAt } : {}) }));
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 201, body: { ...result.value, loggedAt: result.value.loggedAt.toISOString() } };
  },
});
