import * as v from 'valibot';
import { uncompleteDailyTask } from '@korevitta/domain';
import { fromDomainError, registerHttp, withDailyDeps } from '@korevitta/platform';
import { Completion, Uuid, iso, problemResponses } from './schemas.ts';

const Params = v.strictObject({ taskId: Uuid });

export default registerHttp({
  name: 'daily-tasks-uncomplete',
  operationId: 'uncompleteTask',
  method: 'DELETE',
  route: 'v1/daily-tasks/{taskId}/completion',
  summary: 'Undo the completion of one of my tasks (idempotent)',
  tag: 'Daily execution',
  auth: ['patient'],
  params: Params,
  responses: { 200: { description: 'Not completed (also when it was not)', schema: Completion }, ...problemResponses, 404: { description: 'No such task of mine' } },
  handler: async ({ params, auth, rt, locale, requestId }) => {
    const result = await withDailyDeps({ rt, auth, requestId }, (deps) =>
      uncompleteDailyTask(deps, auth, { taskId: params.taskId }));
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 200, body: { ...result.value, completedAt: iso(result.value.completedAt) } };
  },
});
