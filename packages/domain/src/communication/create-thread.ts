import { fail, invalid, ok, type Result } from '../shared/result.ts';
import type { CommunicationDeps } from './ports.ts';
import { resolveThreadTarget } from './rules.ts';
import type { Caller, Thread } from './types.ts';
import type { CreateThreadError, CreateThreadInput } from './threads.ts';

/**
 * Opens the thread of a patient for a context, or returns the one that exists (one per patient and context):
 * `created` says which. A new thread is audited (ids and context only, never a subject or a body).
 */
export async function createThread(deps: CommunicationDeps, caller: Caller, input: CreateThreadInput): Promise<Result<{ thread: Thread; created: boolean; unreadCount: number }, CreateThreadError>> {
  const target = resolveThreadTarget(caller, input);
  if (!target.ok) {
    const p = target.problem;
    return p.code === 'REQUEST.VALIDATION' ? invalid(p.field) : fail(p.code);
  }
  if (!(await deps.threads.patientExists(target.patientId))) return fail('PATIENT.NOT_FOUND');
  if (target.contextType !== 'general' && target.contextId !== null && !(await deps.threads.contextExists(target.patientId, target.contextType, target.contextId))) {
    return fail('THREAD.CONTEXT_NOT_FOUND', { params: { contextType: target.contextType } });
  }
  const existing = await deps.threads.findByContext(target.patientId, target.contextType, target.contextId);
  if (existing) return ok({ thread: existing, created: false, unreadCount: await deps.threads.unreadCount(existing.id, caller.userId) });
  const subject = input.subject?.trim() || null;
  const thread: Thread = {
    id: deps.newId(),
    professionalId: caller.professionalId,
    patientId: target.patientId,
    contextType: target.contextType,
    contextId: target.contextId,
    subject,
    createdBy: caller.userId,
    lastMessageAt: null,
    createdAt: deps.now,
    updatedAt: deps.now,
  };
  if (!(await deps.threads.insertThread(thread))) {
    const raced = await deps.threads.findByContext(target.patientId, target.contextType, target.contextId);
    if (raced) return ok({ thread: raced, created: false, unreadCount: await deps.threads.unreadCount(raced.id, caller.userId) });
    throw new Error('thread insert conflicted but no thread is visible');
  }
  await deps.audit.record({
    action: 'thread.created',
    entityType: 'thread',
    entityId: thread.id,
    changes: { patientId: { after: thread.patientId }, contextType: { after: thread.contextType }, ...(thread.contextId ? { contextId: { after: thread.contextId } } : {}) },
  });
  return ok({ thread, created: true, unreadCount: 0 });
}
