import type { ThreadStore } from './ports.ts';
import type { Caller, ThreadSummary } from './types.ts';

/** The caller's threads (RLS: the practice's for a professional, its own for a patient) and its overall unread count. */
export async function listThreads(
  deps: { threads: ThreadStore },
  caller: Caller,
  q: { patientId: string | null; after: { key: string; id: string } | null; limit: number },
): Promise<{ rows: ThreadSummary[]; unreadTotal: number }> {
  // A patient sees only its own patient's threads (RLS): saying so explicitly lets the store walk
  // threads_patient_list_idx instead of every thread of the practice (docs/BENCHMARKS.md, issue 4).
  // A patient's explicit filter still wins, so filtering on another patient stays empty as before.
  const patientId = caller.role === 'patient' ? (q.patientId ?? caller.patientId) : q.patientId;
  const rows = await deps.threads.listThreads({ userId: caller.userId, ...q, patientId });
  const unreadTotal = await deps.threads.unreadTotal(caller.userId, caller.role === 'patient' ? caller.patientId : null);
  return { rows, unreadTotal };
}
