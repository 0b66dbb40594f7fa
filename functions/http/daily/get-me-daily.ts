import * as v from 'valibot';
import { getMyDay } from '@korevitta/domain';
import { fromDomainError, registerHttp, withDailyDeps } from '@korevitta/platform';
import { CalendarDate, MyDay, iso, problemResponses } from './schemas.ts';

const Query = v.strictObject({ date: v.optional(CalendarDate) });

export default registerHttp({
  name: 'daily-me-get',
  operationId: 'getMeDaily',
  method: 'GET',
  route: 'v1/me/daily',
  summary: "The patient's tasks of a day (default: today in its time zone) with completion state and hydration progress",
  tag: 'Daily execution',
  auth: ['patient'],
  query: Query,
  responses: {
    200: {
      description: 'The day',
      schema: MyDay,
      example: {
        date: '2026-12-03', today: '2026-12-03', timezone: 'America/Sao_Paulo', source: 'tasks',
        tasks: [
          { id: '0193a3b4-1a2b-7c3d-8e4f-5a6b7c8d9e0f', taskKey: 'meal:cafe', kind: 'meal', title: 'Café da manhã', scheduledTime: '07:30', targetMl: null,
            protocolId: '0193a3b3-0a1b-7c2d-9e3f-4a5b6c7d8e9f', protocolContentVersion: 1, completed: true, completedAt: '2026-12-03T10:41:00.000Z' },
          { id: '0193a3b4-1a2b-7c3d-8e4f-5a6b7c8d9e10', taskKey: 'hydration', kind: 'hydration', title: 'Hidratação', scheduledTime: null, targetMl: 2000,
            protocolId: '0193a3b3-0a1b-7c2d-9e3f-4a5b6c7d8e9f', protocolContentVersion: 1, completed: false, completedAt: null },
        ],
        hydration: { goalMl: 2000, consumedMl: 750, percent: 38 },
      },
    },
    ...problemResponses,
    404: { description: 'Not found' },
  },
  handler: async ({ query, auth, rt, locale, requestId }) => {
    const result = await withDailyDeps({ rt, auth, requestId }, (deps) =>
      getMyDay(deps, auth, query.date ? { date: query.date } : {}));
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 200, body: { ...result.value, tasks: result.value.tasks.map(({ protocolVersion, ...t }) => ({ ...t, protocolContentVersion: protocolVersion, completedAt: iso(t.completedAt) })) } };
  },
});
