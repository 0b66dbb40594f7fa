import { fail, ok, type Result } from '../shared/result.ts';
import type { ProtocolContent } from './content.ts';
import type { Protocol, ProtocolCaller } from './types.ts';

/**
 * The protocol state machine (seed §10.1): draft → active → archived, no way back; archived is final.
 * Drafts and active protocols can be edited: a draft edit rewrites its content, an edit of the active
 * protocol's content makes version N+1 (an immutable snapshot). Pure: `now` comes in.
 */

/** The revisions If-Match accepts; `null` when absent or `*` (any current representation). */
export type ExpectedRowVersion = readonly number[] | null;

export function checkPrecondition(p: Protocol, expected: ExpectedRowVersion): Result<void, 'RESOURCE.PRECONDITION_FAILED'> {
  if (expected !== null && !expected.includes(p.rowVersion)) {
    return fail('RESOURCE.PRECONDITION_FAILED', { params: { revision: p.rowVersion } });
  }
  return ok(undefined);
}

export type EditDecision =
  | { kind: 'unchanged' }
  | { kind: 'draft_updated'; next: Protocol }
  | { kind: 'active_renamed'; next: Protocol }
  | { kind: 'new_version'; next: Protocol; version: number };

export function decideEdit(
  p: Protocol,
  cmd: { expectedRowVersion: ExpectedRowVersion; name?: string | undefined; content?: ProtocolContent | undefined; now: Date },
): Result<EditDecision, 'RESOURCE.PRECONDITION_FAILED' | 'PROTOCOL.ARCHIVED'> {
  const pre = checkPrecondition(p, cmd.expectedRowVersion);
  if (!pre.ok) return pre;
  if (p.status === 'archived') return fail('PROTOCOL.ARCHIVED');
  const name = cmd.name ?? p.name;
  const contentChanged = cmd.content !== undefined && !sameContent(p.content, cmd.content);
  const content = contentChanged && cmd.content ? cmd.content : p.content;
  if (name === p.name && !contentChanged) return ok({ kind: 'unchanged' });
  const base: Protocol = { ...p, name, content, rowVersion: p.rowVersion + 1, updatedAt: cmd.now };
  switch (p.status) {
    case 'draft':
      return ok({ kind: 'draft_updated', next: base });
    case 'active':
      if (!contentChanged) return ok({ kind: 'active_renamed', next: base });
      return ok({ kind: 'new_version', next: { ...base, currentVersion: p.currentVersion + 1 }, version: p.currentVersion + 1 });
    default: {
      const never: never = p.status;
      throw new Error(`unknown status ${String(never)}`);
    }
  }
}

export function decideActivation(
  p: Protocol,
  cmd: { expectedRowVersion: ExpectedRowVersion; now: Date },
): Result<{ next: Protocol; version: number }, 'RESOURCE.PRECONDITION_FAILED' | 'PROTOCOL.ALREADY_ACTIVE' | 'PROTOCOL.ARCHIVED'> {
  const pre = checkPrecondition(p, cmd.expectedRowVersion);
  if (!pre.ok) return pre;
  switch (p.status) {
    case 'active':
      return fail('PROTOCOL.ALREADY_ACTIVE');
    case 'archived':
      return fail('PROTOCOL.ARCHIVED');
    case 'draft': {
      const version = p.currentVersion + 1;
      return ok({ next: { ...p, status: 'active', currentVersion: version, activatedAt: cmd.now, rowVersion: p.rowVersion + 1, updatedAt: cmd.now }, version });
    }
    default: {
      const never: never = p.status;
      throw new Error(`unknown status ${String(never)}`);
    }
  }
}

export function decideArchive(
  p: Protocol,
  cmd: { expectedRowVersion: ExpectedRowVersion; now: Date },
): Result<{ next: Protocol; wasActive: boolean }, 'RESOURCE.PRECONDITION_FAILED' | 'PROTOCOL.ARCHIVED'> {
  const pre = checkPrecondition(p, cmd.expectedRowVersion);
  if (!pre.ok) return pre;
  if (p.status === 'archived') return fail('PROTOCOL.ARCHIVED');
  return ok({ next: archived(p, cmd.now), wasActive: p.status === 'active' });
}

/** The previous active protocol, archived because another one is being activated (seed §10.1 rule 2). */
export const supersede = (previous: Protocol, now: Date): Protocol => archived(previous, now);

const archived = (p: Protocol, now: Date): Protocol => ({ ...p, status: 'archived', archivedAt: now, rowVersion: p.rowVersion + 1, updatedAt: now });

/** A professional reads any protocol of its tenant; a patient only its own active one. */
export function canRead(p: Protocol, caller: Pick<ProtocolCaller, 'role' | 'patientId'>): boolean {
  if (caller.role === 'professional') return true;
  return p.status === 'active' && caller.patientId !== null && p.patientId === caller.patientId;
}

/** Content equality independent of key order (JSONB returns keys in its own order). */
export function sameContent(a: ProtocolContent, b: ProtocolContent): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
