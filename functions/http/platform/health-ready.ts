import * as v from 'valibot';
import { registerHttp } from '@korevitta/platform';

const Check = v.picklist(['ok', 'failed', 'not_configured']);
const Ready = v.strictObject({ status: v.picklist(['ready', 'not_ready']), checks: v.strictObject({ database: Check, queue: Check, storage: Check }) });

const settle = async (probe: (() => Promise<unknown>) | null): Promise<'ok' | 'failed' | 'not_configured'> => {
  if (!probe) return 'not_configured';
  try {
    await Promise.race([probe(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000))]);
    return 'ok';
  } catch {
    return 'failed';
  }
};

export default registerHttp({
  name: 'health-ready',
  operationId: 'healthReady',
  method: 'GET',
  route: 'health/ready',
  summary: 'Readiness: database, queue and storage reachable',
  tag: 'Platform',
  auth: 'public',
  publicReason: 'Readiness probe for the platform and the gateway; reveals only whether dependencies answer.',
  responses: { 200: { description: 'Ready', schema: Ready }, 503: { description: 'A dependency is unreachable', schema: Ready } },
  handler: async ({ rt }) => {
    const [database, queue, storage] = await Promise.all([settle(() => rt.db.ping()), settle(() => rt.probes.queue()), settle(rt.probes.storage)]);
    const ready = [database, queue, storage].every((c) => c !== 'failed');
    return { status: ready ? 200 : 503, body: { status: ready ? 'ready' : 'not_ready', checks: { database, queue, storage } }, headers: { 'cache-control': 'no-store' } };
  },
});
