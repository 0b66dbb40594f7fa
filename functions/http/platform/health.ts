import * as v from 'valibot';
import { registerHttp } from '@korevitta/platform';

export default registerHttp({
  name: 'health',
  operationId: 'health',
  method: 'GET',
  route: 'health',
  summary: 'Liveness',
  tag: 'Platform',
  auth: 'public',
  publicReason: 'Liveness probe for the platform and the gateway; reveals nothing.',
  openToDirectCallers: true,
  responses: { 200: { description: 'The process is up', schema: v.strictObject({ status: v.literal('ok') }) } },
  handler: async () => ({ status: 200, body: { status: 'ok' }, headers: { 'cache-control': 'no-store' } }),
});
