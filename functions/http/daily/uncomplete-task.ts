import * as v from 'valibot';
import { uncompleteDailyTask } from '@korevitta/domain';
import { createDailyDeps, withTenant } from '@korevitta/db';
import { fromDomainError, ids, registerHttp, tenantOf } from '@korevitta/platform';
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
    const now = rt.clock.now();
    const result = await withTenant(rt.db, tenantOf(auth), (tx) =>
      uncompleteDailyTask(createDailyDeps(tx, { caller: auth, requestId, now, ids }), auth, { taskId: params.taskId }));
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 200, body: { ...result.value, completedAt: iso(result.value.completedAt) } };
  },
});
