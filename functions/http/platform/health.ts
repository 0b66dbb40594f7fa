import * as v from 'valibot';
import { registerHttp } from '@korevitta/platform';

export default registerHttp({
  name: 'health',
  method: 'GET',
  route: 'health',
  summary: 'Liveness',
  tags: ['platform'],
  auth: 'public',
  openToDirectCallers: true,
  responses: { 200: { description: 'The process is up', schema: v.strictObject({ status: v.literal('ok') }) } },
  handler: async () => ({ status: 200, body: { status: 'ok' }, headers: { 'cache-control': 'no-store' } }),
});
