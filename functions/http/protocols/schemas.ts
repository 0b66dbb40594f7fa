import * as v from 'valibot';
import { PROTOCOL_STATUSES, ProtocolContent, type Protocol, type ProtocolDeps, type ProtocolTemplate, type ProtocolVersion, type TaskRegenerator } from '@korevitta/domain';
import { createProtocolDeps, materializingTasks, withTenant, type Tx } from '@korevitta/db';
import { ids, tenantOf, type AuthContext, type Runtime } from '@korevitta/platform';

/** Shared request/response schemas and plumbing of the protocol engine endpoints. */
export const Id = v.pipe(v.string(), v.uuid('must be a UUID'));
export const ProtocolName = v.pipe(v.string(), v.trim(), v.minLength(1, 'is required'), v.maxLength(200));
export const ProtocolParams = v.strictObject({ protocolId: Id });
export const Status = v.picklist(PROTOCOL_STATUSES);

const Instant = v.string();
export const ProtocolView = v.strictObject({
  id: v.string(),
  patientId: v.string(),
  name: v.string(),
  status: Status,
  content: ProtocolContent,
  currentVersion: v.number(),
  rowVersion: v.number(),
  activatedAt: v.nullable(Instant),
  archivedAt: v.nullable(Instant),
  createdAt: Instant,
  updatedAt: Instant,
});
export const ProtocolSummary = v.strictObject({
  id: v.string(), patientId: v.string(), name: v.string(), status: Status, currentVersion: v.number(), rowVersion: v.number(),
  activatedAt: v.nullable(Instant), archivedAt: v.nullable(Instant), createdAt: Instant, updatedAt: Instant,
});
export const VersionView = v.strictObject({ version: v.number(), content: ProtocolContent, createdBy: v.string(), createdAt: Instant });
export const TemplateView = v.strictObject({
  id: v.string(), name: v.string(), description: v.nullable(v.string()), content: ProtocolContent, rowVersion: v.number(), createdAt: Instant, updatedAt: Instant,
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);
export const toSummary = (p: Protocol): v.InferOutput<typeof ProtocolSummary> => ({
  id: p.id, patientId: p.patientId, name: p.name, status: p.status, currentVersion: p.currentVersion, rowVersion: p.rowVersion,
  activatedAt: iso(p.activatedAt), archivedAt: iso(p.archivedAt), createdAt: p.createdAt.toISOString(), updatedAt: p.updatedAt.toISOString(),
});
export const toView = (p: Protocol): v.InferOutput<typeof ProtocolView> => ({ ...toSummary(p), content: p.content });
export const toVersionView = (pv: ProtocolVersion): v.InferOutput<typeof VersionView> => ({ version: pv.version, content: pv.content, createdBy: pv.createdBy, createdAt: pv.createdAt.toISOString() });
export const toTemplateView = (t: ProtocolTemplate): v.InferOutput<typeof TemplateView> => ({
  id: t.id, name: t.name, description: t.description, content: t.content, rowVersion: t.rowVersion, createdAt: t.createdAt.toISOString(), updatedAt: t.updatedAt.toISOString(),
});

/** The ETag of a protocol is its row version (strong). */
export const etagOf = (p: Protocol): Record<string, string> => ({ etag: `"${p.rowVersion}"` });

/**
 * If-Match → the row version the client expects: `missing` (428 where required), `null` for `*`, a number,
 * or `unmatchable` for anything else (412: a malformed tag never matches).
 */
export function expectedRowVersion(header: string | null): 'missing' | 'unmatchable' | number | null {
  if (header === null || header.trim() === '') return 'missing';
  const value = header.trim();
  if (value === '*') return null;
  const m = /^(?:W\/)?"(\d{1,9})"$/.exec(value);
  return m?.[1] ? Number(m[1]) : 'unmatchable';
}

type TaskRegeneratorFactory = (tx: Tx, now: Date) => TaskRegenerator;

/**
 * Where protocol changes reach daily execution: activation, a new version of the active protocol and
 * archiving the active protocol regenerate the patient's tasks in the same transaction. The default is
 * the real materialization (@korevitta/db materializeTasksForPatient).
 */
let taskRegenerator: TaskRegeneratorFactory = materializingTasks;

/** Tests only: swap the task regenerator (returns a function that restores the previous one). */
export function overrideTaskRegenerator(replacement: TaskRegeneratorFactory): () => void {
  const previous = taskRegenerator;
  taskRegenerator = replacement;
  return () => { taskRegenerator = previous; };
}

/** Runs a protocol use case in the caller's tenant transaction with its dependencies bound. */
export function inProtocolTx<T>(rt: Runtime, auth: AuthContext, requestId: string, fn: (deps: ProtocolDeps, now: Date) => Promise<T>): Promise<T> {
  const now = rt.clock.now();
  return withTenant(rt.db, tenantOf(auth), (tx) =>
    fn(createProtocolDeps(tx, { professionalId: auth.professionalId, actor: { userId: auth.userId, role: auth.role }, requestId, now, newId: ids.newId }, taskRegenerator(tx, now)), now),
  );
}

export const callerOf = (auth: AuthContext) => ({ userId: auth.userId, role: auth.role, professionalId: auth.professionalId, patientId: auth.patientId });

export const notFound = { 404: { description: 'Not found (or another tenant’s)' } } as const;

/** The database's own guard (partial unique index, one active protocol per patient) fired: a lost race. */
export function isOneActiveViolation(error: unknown): boolean {
  for (let cur: unknown = error, i = 0; cur !== null && typeof cur === 'object' && i < 4; i += 1) {
    if ('code' in cur && cur.code === '23505' && 'constraint_name' in cur && cur.constraint_name === 'protocols_one_active_per_patient') return true;
    if ('code' in cur && cur.code === '23505' && 'constraint' in cur && cur.constraint === 'protocols_one_active_per_patient') return true;
    cur = 'cause' in cur ? cur.cause : null;
  }
  return false;
}
