import * as v from 'valibot';
import { count, multiLine, PROTOCOL_STATUSES, ProtocolContent, singleLine, type Protocol, type ProtocolTemplate, type ProtocolVersion } from '@korevitta/domain';
import { revisionEtag, type AuthContext } from '@korevitta/platform';
import { ContentVersion, Id, Instant, Revision } from '../shared-schemas.ts';

/** Shared request/response schemas and plumbing of the protocol engine endpoints. */
export { Id };
export const ProtocolName = singleLine(200);
export const ProtocolParams = v.strictObject({ protocolId: Id });
export const Status = v.picklist(PROTOCOL_STATUSES);

export const ProtocolSummary = v.strictObject({
  id: Id,
  patientId: Id,
  name: ProtocolName,
  status: Status,
  /** The number of the current immutable content version: 0 for a draft never activated, 1 from activation, +1 per content edit while active. */
  contentVersion: count(),
  /** Concurrency token of the protocol (its ETag); send it back in If-Match. */
  revision: Revision,
  activatedAt: v.nullable(Instant),
  archivedAt: v.nullable(Instant),
  createdAt: Instant,
  updatedAt: Instant,
});
export const ProtocolView = v.strictObject({ ...ProtocolSummary.entries, content: ProtocolContent });
export const VersionView = v.strictObject({ contentVersion: ContentVersion, content: ProtocolContent, createdBy: Id, createdAt: Instant });
export const TemplateView = v.strictObject({
  id: Id, name: ProtocolName, description: v.nullable(multiLine(2000)), content: ProtocolContent, revision: Revision, createdAt: Instant, updatedAt: Instant,
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);
export const toSummary = (p: Protocol): v.InferOutput<typeof ProtocolSummary> => ({
  id: p.id, patientId: p.patientId, name: p.name, status: p.status, contentVersion: p.currentVersion, revision: p.rowVersion,
  activatedAt: iso(p.activatedAt), archivedAt: iso(p.archivedAt), createdAt: p.createdAt.toISOString(), updatedAt: p.updatedAt.toISOString(),
});
export const toView = (p: Protocol): v.InferOutput<typeof ProtocolView> => ({ ...toSummary(p), content: p.content });
export const toVersionView = (pv: ProtocolVersion): v.InferOutput<typeof VersionView> => ({ contentVersion: pv.version, content: pv.content, createdBy: pv.createdBy, createdAt: pv.createdAt.toISOString() });
export const toTemplateView = (t: ProtocolTemplate): v.InferOutput<typeof TemplateView> => ({
  id: t.id, name: t.name, description: t.description, content: t.content, revision: t.rowVersion, createdAt: t.createdAt.toISOString(), updatedAt: t.updatedAt.toISOString(),
});

/** The ETag of a protocol is its revision (strong). */
export const etagOf = (p: Protocol): Record<string, string> => ({ etag: revisionEtag(p.rowVersion) });

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
