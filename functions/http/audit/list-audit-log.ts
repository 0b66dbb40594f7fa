import * as v from 'valibot';
import { listAuditLog } from '@korevitta/domain';
import { createAuditLogReader, withTenant } from '@korevitta/db';
import { decodeCursor, PageQuery, registerHttp, tenantOf, toPage } from '@korevitta/platform';

const Query = v.object({
  ...PageQuery,
  entityType: v.optional(v.pipe(v.string(), v.regex(/^[a-z_]{1,40}$/, 'must be an entity type, e.g. patient'))),
  entityId: v.optional(v.pipe(v.string(), v.uuid('must be a UUID'))),
});
const Keyset = v.object({ t: v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/)), id: v.pipe(v.string(), v.uuid()) });

const Change = v.strictObject({ before: v.optional(v.unknown()), after: v.optional(v.unknown()) });
const Entry = v.strictObject({
  id: v.string(),
  occurredAt: v.string(),
  actorUserId: v.nullable(v.string()),
  actorRole: v.picklist(['professional', 'patient', 'system']),
  action: v.string(),
  entityType: v.string(),
  entityId: v.nullable(v.string()),
  changes: v.record(v.string(), Change),
  requestId: v.nullable(v.string()),
});
const Page = v.strictObject({ items: v.array(Entry), nextCursor: v.nullable(v.string()) });

export default registerHttp({
  name: 'audit-log-list',
  method: 'GET',
  route: 'v1/audit-log',
  summary: "The practice's own audit trail, newest first (personal and health values are masked)",
  tags: ['compliance'],
  auth: ['professional'],
  query: Query,
  responses: { 200: { description: 'One page of audit entries', schema: Page }, 400: { description: 'Invalid filter or cursor' }, 403: { description: 'Professionals only' } },
  handler: async ({ query, auth, rt }) => {
    const after = decodeCursor(query.cursor, Keyset);
    const rows = await withTenant(rt.db, tenantOf(auth), (tx) => listAuditLog({ auditLog: createAuditLogReader(tx) }, {
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
