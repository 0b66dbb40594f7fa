import * as v from 'valibot';
import { listAuditLog, token } from '@korevitta/domain';
import { decodeCursor, keysetTimestamp, PageQuery, registerHttp, toPage, withAuditLog } from '@korevitta/platform';
import { Id, Instant, pageOf } from '../shared-schemas.ts';

const EntityType = token(/^[a-z_]{1,40}$/, 40, 'slug');
const Query = v.strictObject({
  ...PageQuery,
  entityType: v.optional(EntityType),
  entityId: v.optional(Id),
});
const Keyset = v.object({ t: keysetTimestamp(), id: v.pipe(v.string(), v.uuid()) });

/** A field's value before and after; health values and secrets read "[masked]" (null stays null). */
const Change = v.strictObject({ before: v.optional(v.unknown()), after: v.optional(v.unknown()) });
const Entry = v.strictObject({
  id: Id,
  occurredAt: Instant,
  actorUserId: v.nullable(Id),
  actorRole: v.picklist(['professional', 'patient', 'system']),
  action: token(/^[a-z_]+\.[a-z_]+$/, 80, 'slug'),
  entityType: EntityType,
  entityId: v.nullable(Id),
  changes: v.pipe(v.record(token(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 64, 'slug'), Change), v.maxEntries(100)),
  requestId: v.nullable(token(/^[A-Za-z0-9._-]{1,64}$/, 64, 'token')),
});
const Page = pageOf(Entry);

export default registerHttp({
  name: 'audit-log-list',
  operationId: 'listAuditLog',
  method: 'GET',
  route: 'v1/audit-log',
  summary: "The practice's own audit trail, newest first (personal and health values are masked)",
  tag: 'Branding, subscription, analytics, compliance',
  auth: ['professional'],
  query: Query,
  responses: { 200: { description: 'One page of audit entries', schema: Page }, 400: { description: 'Invalid filter or cursor' }, 403: { description: 'Professionals only' } },
  handler: async ({ query, auth, rt, requestId }) => {
    const after = decodeCursor(query.cursor, Keyset);
    const rows = await withAuditLog({ rt, auth, requestId }, (deps) => listAuditLog(deps, {
      entityType: query.entityType ?? null, entityId: query.entityId ?? null, after: after ? { occurredAt: after.t, id: after.id } : null, limit: query.limit,
    }));
    return {
      status: 200,
      body: toPage(rows, query.limit, (r) => ({
        id: r.id, occurredAt: r.occurredAt.toISOString(), actorUserId: r.actorUserId, actorRole: r.actorRole, action: r.action,
        entityType: r.entityType, entityId: r.entityId, changes: r.changes, requestId: r.requestId,
      }), (r) => ({ t: r.occurredAtKey, id: r.id })),
    };
  },
});
