import { and, desc, eq, isNull, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { ListedMessage, Message, ReadMarker, Thread, ThreadStore, ThreadSummary } from '@korevitta/domain';
import type { Tx } from '../tenant.ts';
import { sqlInstant } from '../sql-values.ts';
import { patients } from '../schema/identity.ts';
import { protocols } from '../schema/protocols.ts';
import { checkins } from '../schema/checkins.ts';
import { messages, threadReadMarkers, threadUnreadCounts, threads } from '../schema/communication.ts';

type ThreadRow = typeof threads.$inferSelect;
type MessageRow = typeof messages.$inferSelect;

const toThread = (r: ThreadRow): Thread => ({
  id: r.id, professionalId: r.professionalId, patientId: r.patientId, contextType: r.contextType, contextId: r.contextId, subject: r.subject,
  createdBy: r.createdBy, lastMessageAt: r.lastMessageAt, createdAt: r.createdAt, updatedAt: r.updatedAt,
});

const toMessage = (r: MessageRow): Message => ({
  id: r.id, threadId: r.threadId, professionalId: r.professionalId, patientId: r.patientId, senderUserId: r.senderUserId,
  senderRole: r.senderRole, body: r.body, createdAt: r.createdAt,
});

/** Dates cross into raw SQL as ISO text, never as driver-specific Date parameters. */

/** Threads of live patients only: a soft-deleted patient's conversations disappear with it. */
const livePatient = and(eq(patients.id, threads.patientId), isNull(patients.deletedAt));

/**
 * The same test as a per-row condition (NULL, so false, when the patient is soft-deleted or not visible under
 * RLS), for the lists: as a join, the planner multiplies the two tenant filters of threads and patients as if
 * independent, expects ~1 % of the tenant's threads, and on a custom plan reads and sorts all of them instead
 * of walking threads_professional_list_idx and stopping after the page (docs/BENCHMARKS.md, issue 4).
 */
const isLivePatient = (patientId: SQL | AnyColumn) => sql`(select p.deleted_at is null from ${patients} p where p.id = ${patientId})`;

/**
 * Unread counts are kept at write time (migration 0013): one row per (thread, participant user) in
 * thread_unread_counts, maintained by triggers on messages (+1 for the other participants whose marker is before
 * the message), on thread_read_markers (recount after the moved marker), on threads and on users (rows for new
 * threads and new logins). Same meaning as before: messages of others after the user's marker, all of them
 * without one. The app reads only its own rows (RLS) and never writes them.
 */
const countJoin = (userId: string) => and(eq(threadUnreadCounts.threadId, threads.id), eq(threadUnreadCounts.userId, userId));
const unreadOf = sql<number>`coalesce(${threadUnreadCounts.unreadCount}, 0)`;

/** The domain's ThreadStore over a tenant transaction: RLS limits every statement to the caller's threads. */
export function createThreadStore(tx: Tx): ThreadStore {
  const store: ThreadStore = {
    async findThread(id) {
      const [row] = await tx.select({ t: threads }).from(threads).innerJoin(patients, livePatient).where(eq(threads.id, id)).limit(1);
      return row ? toThread(row.t) : null;
    },
    async findByContext(patientId, contextType, contextId) {
      const [row] = await tx.select().from(threads).where(and(eq(threads.patientId, patientId), eq(threads.contextType, contextType),
        contextId === null ? isNull(threads.contextId) : eq(threads.contextId, contextId))).limit(1);
      return row ? toThread(row) : null;
    },
    async insertThread(t) {
      const inserted = await tx.insert(threads).values({
        id: t.id, professionalId: t.professionalId, patientId: t.patientId, contextType: t.contextType, contextId: t.contextId, subject: t.subject,
        createdBy: t.createdBy, lastMessageAt: t.lastMessageAt, createdAt: t.createdAt, updatedAt: t.updatedAt,
      }).onConflictDoNothing().returning({ id: threads.id });
      return inserted.length === 1;
    },
    async patientExists(patientId) {
      const [row] = await tx.select({ id: patients.id }).from(patients).where(and(eq(patients.id, patientId), isNull(patients.deletedAt))).limit(1);
      return row !== undefined;
    },
    async contextExists(patientId, contextType, contextId) {
      switch (contextType) {
        case 'protocol': {
          const [row] = await tx.select({ id: protocols.id }).from(protocols)
            .where(and(eq(protocols.id, contextId), eq(protocols.patientId, patientId), isNull(protocols.deletedAt))).limit(1);
          return row !== undefined;
        }
        case 'checkin': {
          const [row] = await tx.select({ id: checkins.id }).from(checkins).where(and(eq(checkins.id, contextId), eq(checkins.patientId, patientId))).limit(1);
          return row !== undefined;
        }
        default: {
          const never: never = contextType;
          throw new Error(`unknown thread context ${String(never)}`);
        }
      }
    },
    async listThreads(q): Promise<ThreadSummary[]> {
      const filters: (SQL | undefined)[] = [];
      if (q.patientId) filters.push(eq(threads.patientId, q.patientId));
      if (q.after) filters.push(sql`(${threads.activityAt}, ${threads.id}) < (${q.after.key}::timestamptz, ${q.after.id}::uuid)`);
      const rows = await tx.select({ t: threads, key: sql<string>`${threads.activityAt}::text`, unread: unreadOf })
        .from(threads).leftJoin(threadUnreadCounts, countJoin(q.userId))
        .where(and(...filters, isLivePatient(threads.patientId))).orderBy(desc(threads.activityAt), desc(threads.id)).limit(q.limit + 1);
      return rows.map((r) => ({ thread: toThread(r.t), key: r.key, unreadCount: Number(r.unread) }));
    },
    async unreadTotal(userId, patientId) {
      // The caller's rows with unread messages only (thread_unread_counts_unread_idx), each checked against the
      // thread (RLS) and its live patient: a handful of probes instead of every thread of the tenant.
      const [row] = await tx.select({ n: sql<number>`coalesce(sum(${threadUnreadCounts.unreadCount}), 0)::int` })
        .from(threadUnreadCounts).innerJoin(threads, eq(threads.id, threadUnreadCounts.threadId))
        .where(and(eq(threadUnreadCounts.userId, userId), sql`${threadUnreadCounts.unreadCount} > 0`,
          patientId ? eq(threads.patientId, patientId) : undefined, isLivePatient(threads.patientId)));
      return Number(row?.n ?? 0);
    },
    async unreadCount(threadId, userId) {
      const [row] = await tx.select({ n: unreadOf }).from(threads).leftJoin(threadUnreadCounts, countJoin(userId)).where(eq(threads.id, threadId));
      return Number(row?.n ?? 0);
    },
    async insertMessage(m) {
      await tx.insert(messages).values({
        id: m.id, professionalId: m.professionalId, patientId: m.patientId, threadId: m.threadId, senderUserId: m.senderUserId,
        senderRole: m.senderRole, body: m.body, createdAt: m.createdAt, updatedAt: m.createdAt,
      });
    },
    async touchThread(threadId, when) {
      await tx.update(threads).set({ lastMessageAt: sql`greatest(coalesce(${threads.lastMessageAt}, ${sqlInstant(when)}), ${sqlInstant(when)})`, updatedAt: when })
        .where(eq(threads.id, threadId));
    },
    async listMessages(q): Promise<ListedMessage[]> {
      const filters: (SQL | undefined)[] = [eq(messages.threadId, q.threadId)];
      if (q.after) filters.push(sql`(${messages.createdAt}, ${messages.id}) < (${q.after.key}::timestamptz, ${q.after.id}::uuid)`);
      const rows = await tx.select({ m: messages, key: sql<string>`${messages.createdAt}::text` }).from(messages)
        .where(and(...filters)).orderBy(desc(messages.createdAt), desc(messages.id)).limit(q.limit + 1);
      return rows.map((r) => ({ message: toMessage(r.m), key: r.key }));
    },
    async messageExists(threadId, messageId) {
      const [row] = await tx.select({ id: messages.id }).from(messages).where(and(eq(messages.threadId, threadId), eq(messages.id, messageId))).limit(1);
      return row !== undefined;
    },
    async advanceReadMarker({ threadId, userId, professionalId, messageId, now }) {
      // Insert, or move forward only: a late "read up to" an older message never un-reads newer ones. A marker
      // that moves recounts the caller's unread count in the same statement (trigger of migration 0013).
      await tx.execute(sql`
        insert into thread_read_markers (thread_id, user_id, professional_id, last_read_at, last_read_message_id, created_at, updated_at)
        select m.thread_id, ${userId}::uuid, ${professionalId}::uuid, m.created_at, m.id, ${sqlInstant(now)}, ${sqlInstant(now)}
        from messages m where m.thread_id = ${threadId}::uuid and m.id = ${messageId}::uuid
        on conflict (thread_id, user_id) do update
          set last_read_at = excluded.last_read_at, last_read_message_id = excluded.last_read_message_id, updated_at = excluded.updated_at
          where (thread_read_markers.last_read_at, thread_read_markers.last_read_message_id) < (excluded.last_read_at, excluded.last_read_message_id)`);
      return store.readMarker(threadId, userId);
    },
    async readMarker(threadId, userId): Promise<ReadMarker | null> {
      const [row] = await tx.select().from(threadReadMarkers).where(and(eq(threadReadMarkers.threadId, threadId), eq(threadReadMarkers.userId, userId))).limit(1);
      return row ? { threadId: row.threadId, lastReadAt: row.lastReadAt, lastReadMessageId: row.lastReadMessageId } : null;
    },
  };
  return store;
}
