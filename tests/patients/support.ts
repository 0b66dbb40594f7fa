import { sql } from 'drizzle-orm';
import { withSystemBypass } from '@korevitta/db';
import { PATIENT_INVITE_REQUESTED } from '@korevitta/domain';
import type { FunctionDefinition } from '@korevitta/platform';
import { allFunctions } from '../../functions/index.ts';
import listPatients from '../../functions/http/patients/list-patients.ts';
import createPatient from '../../functions/http/patients/create-patient.ts';
import getPatient from '../../functions/http/patients/get-patient.ts';
import updatePatient from '../../functions/http/patients/update-patient.ts';
import deletePatient from '../../functions/http/patients/delete-patient.ts';
import invitePatient from '../../functions/http/patients/invite-patient.ts';
import listAuditLog from '../../functions/http/audit/list-audit-log.ts';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { outboxDelivery } from '../support/outbox-delivery.ts';

/** This functions, until the lead adds them to functions/index.ts (then the filter drops the duplicates). */
export const patientFunctions: FunctionDefinition[] = [listPatients, createPatient, getPatient, updatePatient, deletePatient, invitePatient, listAuditLog];

export function startPatientsHost(): Promise<TestHost> {
  const registered = new Set(allFunctions.map((f) => f.name));
  return startTestHost({ extraFunctions: patientFunctions.filter((f) => !registered.has(f.name)) });
}

/** The relay timer and the queue worker, run by hand for this event type. */
export const inviteDelivery = (h: TestHost) => outboxDelivery(h, [PATIENT_INVITE_REQUESTED]);

/** What the risk engine and daily execution would write (columns this issue only reads). */
export async function setRiskAndActivity(h: TestHost, patientId: string, v: { status?: string; riskScore?: number | null; riskBand?: string | null; lastActivityAt?: string | null }) {
  await withSystemBypass(h.db, 'test: risk columns', async (tx) => {
    await tx.execute(sql`update patients set
      status = coalesce(${v.status ?? null}, status),
      risk_score = ${v.riskScore ?? null}, risk_band = ${v.riskBand ?? null},
      last_activity_at = ${v.lastActivityAt ?? null}::timestamptz
      where id = ${patientId}`);
  });
}
