import { createAuditLogReader, createPatientRiskReader, createProfileReader, withTenant, type Tx } from '@korevitta/db';
import type { AccessKind, AuditLogReader, CheckinDeps, CommunicationDeps, DailyDeps, InviteDeps, LabDeps, PatientRiskReader, ProfileReader, ProtocolDeps } from '@korevitta/domain';
import type { AuthContext } from '../functions/definitions.ts';
import type { Runtime } from '../runtime.ts';
import { tenantOf } from '../auth/tenant-of.ts';
import { ids } from '../ids.ts';
import { checkinDeps } from './checkin-deps.ts';
import { communicationDeps } from './communication-deps.ts';
import { dailyDeps } from './daily-deps.ts';
import { patientDeps } from './patient-deps.ts';
import { createProtocolDeps, requestTaskRegenerator } from './protocol-deps.ts';
import { patientAccessRecorder } from './compliance-deps.ts';
import { labDeps } from './lab-deps.ts';

/**
 * One request's way into its use cases: each helper opens the caller's tenant transaction (RLS bound to the
 * caller), builds the context's ports over it and hands them to `fn`. Handlers call these and never touch
 * the database package. `now` is the request's fixed instant when the handler already read it, else read here.
 */
export interface RequestScope {
  rt: Pick<Runtime, 'db' | 'clock'>;
  auth: AuthContext;
  requestId: string;
  now?: Date;
}

type SuccessValue<T> = T extends { ok: true; value: infer V } ? V : never;
/**
 * A read of a patient's health data (the helpers' last argument): when the use case succeeds, the read is recorded
 * in the access log in the same transaction (one insert into the buffer; ADR 0019), never for a failed read.
 */
export interface AccessRecord<T> { kind: AccessKind; patientIdOf: (value: SuccessValue<T>) => string }

const succeeded = (r: unknown): r is { ok: true; value: unknown } => typeof r === 'object' && r !== null && (r as { ok?: unknown }).ok === true;

/** The caller's tenant transaction around `fn`, recording the read when `record` is given and the use case succeeded. */
export function inTenant<T>(scope: RequestScope, fn: (tx: Tx) => Promise<T>, record?: AccessRecord<T>): Promise<T> {
  return withTenant(scope.rt.db, tenantOf(scope.auth), async (tx) => {
    const result = await fn(tx);
    if (record && succeeded(result)) {
      await patientAccessRecorder(tx, requestOf(scope)).record(record.patientIdOf(result.value as SuccessValue<T>), record.kind);
    }
    return result;
  });
}

const nowOf = (scope: RequestScope): Date => scope.now ?? scope.rt.clock.now();
const requestOf = (scope: RequestScope) => ({ auth: scope.auth, requestId: scope.requestId, now: nowOf(scope) });

export const withPatientDeps = <T>(scope: RequestScope, fn: (deps: InviteDeps) => Promise<T>, record?: AccessRecord<T>): Promise<T> =>
  inTenant(scope, (tx) => fn(patientDeps(tx, requestOf(scope))), record);

export const withCheckinDeps = <T>(scope: RequestScope, fn: (deps: CheckinDeps) => Promise<T>, record?: AccessRecord<T>): Promise<T> =>
  inTenant(scope, (tx) => fn(checkinDeps(tx, requestOf(scope))), record);

export const withCommunicationDeps = <T>(scope: RequestScope, fn: (deps: CommunicationDeps) => Promise<T>, record?: AccessRecord<T>): Promise<T> =>
  inTenant(scope, (tx) => fn(communicationDeps(tx, requestOf(scope))), record);

export const withDailyDeps = <T>(scope: RequestScope, fn: (deps: DailyDeps) => Promise<T>, record?: AccessRecord<T>): Promise<T> =>
  inTenant(scope, (tx) => fn(dailyDeps(tx, requestOf(scope))), record);

/** The protocol use cases get `now` too: it is fixed before the transaction opens. */
export function withProtocolDeps<T>(scope: RequestScope, fn: (deps: ProtocolDeps, now: Date) => Promise<T>, record?: AccessRecord<T>): Promise<T> {
  const now = nowOf(scope);
  const { auth, requestId } = scope;
  return inTenant(scope, (tx) =>
    fn(createProtocolDeps(tx, { professionalId: auth.professionalId, actor: { userId: auth.userId, role: auth.role }, requestId, now, newId: ids.newId }, requestTaskRegenerator(tx, now)), now), record);
}

export const withProfiles = <T>(scope: RequestScope, fn: (deps: { profiles: ProfileReader }) => Promise<T>, record?: AccessRecord<T>): Promise<T> =>
  inTenant(scope, (tx) => fn({ profiles: createProfileReader(tx) }), record);

export const withPatientRisk = <T>(scope: RequestScope, fn: (deps: { risk: PatientRiskReader; now: Date }) => Promise<T>, record?: AccessRecord<T>): Promise<T> => {
  const now = nowOf(scope);
  return inTenant(scope, (tx) => fn({ risk: createPatientRiskReader(tx), now }), record);
};

export const withAuditLog = <T>(scope: RequestScope, fn: (deps: { auditLog: AuditLogReader }) => Promise<T>, record?: AccessRecord<T>): Promise<T> =>
  inTenant(scope, (tx) => fn({ auditLog: createAuditLogReader(tx) }), record);

/** Lab panels: the exam files' blob store (null without storage: panels without an exam still work) and the catalog. */
export const withLabDeps = <T>(scope: RequestScope & { rt: Pick<Runtime, 'db' | 'clock' | 'blobs'> }, fn: (deps: LabDeps) => Promise<T>, record?: AccessRecord<T>): Promise<T> =>
  inTenant(scope, (tx) => fn(labDeps(tx, requestOf(scope), scope.rt)), record);
