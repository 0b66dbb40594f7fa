import * as v from 'valibot';
import { getMyDay } from '@korevitta/domain';
import { createDailyDeps, withTenant } from '@korevitta/db';
import { fromDomainError, ids, registerHttp, tenantOf } from '@korevitta/platform';
import { CalendarDate, MyDay, iso, problemResponses } from './schemas.ts';

const Query = v.strictObject({ date: v.optional(CalendarDate) });

export default registerHttp({
  name: 'daily-me-get',
  method: 'GET',
  route: 'v1/me/daily',
  summary: "The patient's tasks of a day (default: today in its time zone) with completion state and hydration progress",
  tags: ['daily'],
  auth: ['patient'],
  query: Query,
  responses: { 200: { description: 'The day', schema: MyDay }, ...problemResponses, 404: { description: 'Not found' } },
  handler: async ({ query, auth, rt, locale, requestId }) => {
    const now = rt.clock.now();
    const result = await withTenant(rt.db, tenantOf(auth), (tx) =>
      getMyDay(createDailyDeps(tx, { caller: auth, requestId, now, ids }), auth, query.date ? { date: query.date } : {}));
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 200, body: { ...result.value, tasks: result.value.tasks.map((t) => ({ ...t, completedAt: iso(t.completedAt) })) } };
  },
});
