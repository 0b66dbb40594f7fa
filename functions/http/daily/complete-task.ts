import * as v from 'valibot';
import { completeDailyTask } from '@korevitta/domain';
import { fromDomainError, registerHttp, withDailyDeps } from '@korevitta/platform';
import { Completion, Uuid, iso, problemResponses } from './schemas.ts';

const Params = v.strictObject({ taskId: Uuid });

export default registerHttp({
  name: 'daily-tasks-complete',
  operationId: 'completeTask',
  method: 'POST',
  route: 'v1/daily-tasks/{taskId}/completion',
  summary: 'Complete one of my tasks (idempotent); not a task of a future day',
  tag: 'Daily execution',
  auth: ['patient'],
  params: Params,
  responses: {
    200: { description: 'Completed (also when it already was)', schema: Completion },
    ...problemResponses,
    404: { description: 'No such task of mine' },
    422: { description: 'A task of a future day, or the hydration task (problem+json)' },
  },
  handler: async ({ params, auth, rt, locale, requestId }) => {
    const result = await withDailyDeps({ rt, auth, requestId }, (deps) =>
      completeDailyTask(deps, auth, { taskId: params.taskId }));
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 200, body: { ...result.value, completedAt: iso(result.value.completedAt) } };
  },
});
