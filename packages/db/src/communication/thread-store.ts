import { and, desc, eq, isNull, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { ListedMessage, Message, ReadMarker, Thread, ThreadStore, ThreadSummary } from '@korevitta/domain';
import type { Tx } from '../tenant.ts';
import { firstRow, rowsOf } from '../rows.ts';
import { patients } from '../schema/identity.ts';
import { protocols } from '../schema/protocols.ts';
import { messages, threadReadMarkers, threads } from '../schema/communication.ts';

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
const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;

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
 * Unread for `userId` in the thread of the outer row: messages of others after the user's marker (all of
 * them without one). A range scan of the messages primary key (thread_id, created_at, id). The lower bound on
 * created_at stands on its own (not inside the OR), so PostgreSQL prunes, at run time, the monthly partitions
 * older than the marker: without it every partition's part of the thread is read and filtered (all 5,000
 * messages of a busy thread, on every list that shows it).
 */
const unreadOf = (userId: string) => sql<number>`(select count(*)::int from messages m
  where m.thread_id = ${threads.id} and m.sender_user_id <> ${userId}::uuid
    and m.created_at >= coalesce(${threadReadMarkers.lastReadAt}, '-infinity'::timestamptz)
    and (${threadReadMarkers.lastReadAt} is null
      or (m.created_at, m.id) > (${threadReadMarkers.lastReadAt}, ${threadReadMarkers.lastReadMessageId})))`;

/** The domain's ThreadStore over a tenant transaction: RLS limits every statement to the caller's threads. */
export function createThreadStore(tx: Tx): ThreadStore {
  const markerJoin = (userId: string) => and(eq(threadReadMarkers.threadId, threads.id), eq(threadReadMarkers.userId, userId));
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
          // The check-in engine (same issue, another migration) owns `checkins`: until it exists, no check-in does.
          const present = firstRow<{ present: boolean }>(await tx.execute(sql`select to_regclass('public.checkins') is not null as present`));
          if (!present?.present) return false;
          return rowsOf(await tx.execute(sql`select 1 from checkins where id = ${contextId}::uuid and patient_id = ${patientId}::uuid limit 1`)).length === 1;
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
      const rows = await tx.select({ t: threads, key: sql<string>`${threads.activityAt}::text`, unread: unreadOf(q.userId) })
        .from(threads).leftJoin(threadReadMarkers, markerJoin(q.userId))
        .where(and(...filters, isLivePatient(threads.patientId))).orderBy(desc(threads.activityAt), desc(threads.id)).limit(q.limit + 1);
      return rows.map((r) => ({ thread: toThread(r.t), key: r.key, unreadCount: Number(r.unread) }));
    },
    async unreadTotal(userId) {
      // Only threads with activity after the caller's marker can hold unread messages: the rest cost no count.
      // The live-patient test sits in the aggregate's FILTER, so it runs on those candidates only (as a WHERE
      // condition the planner would push it down to every thread of the tenant).
      const [row] = await tx.select({ n: sql<number>`coalesce(sum(${unreadOf(userId)}) filter (where ${isLivePatient(threads.patientId)}), 0)::int` })
        .from(threads).leftJoin(threadReadMarkers, markerJoin(userId))
        .where(sql`${threads.lastMessageAt} is not null and (${threadReadMarkers.lastReadAt} is null or ${threads.lastMessageAt} > ${threadReadMarkers.lastReadAt})`);
      return Number(row?.n ?? 0);
    },
    async unreadCount(threadId, userId) {
      const [row] = await tx.select({ n: unreadOf(userId) }).from(threads).leftJoin(threadReadMarkers, markerJoin(userId)).where(eq(threads.id, threadId));
      return Number(row?.n ?? 0);
    },
    async insertMessage(m) {
      await tx.insert(messages).values({
        id: m.id, professionalId: m.professionalId, patientId: m.patientId, threadId: m.threadId, senderUserId: m.senderUserId,
        senderRole: m.senderRole, body: m.body, createdAt: m.createdAt, updatedAt: m.createdAt,
      });
    },
    async touchThread(threadId, when) {
      await tx.update(threads).set({ lastMessageAt: sql`greatest(coalesce(${threads.lastMessageAt}, ${at(when)}), ${at(when)})`, updatedAt: when })
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
      // Insert, or move forward only: a late "read up to" an older message never un-reads newer ones.
      await tx.execute(sql`
        insert into thread_read_markers (thread_id, user_id, professional_id, last_read_at, last_read_message_id, created_at, updated_at)
        select m.thread_id, ${userId}::uuid, ${professionalId}::uuid, m.created_at, m.id, ${at(now)}, ${at(now)}
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
