import { fail, ok, type Result } from '../shared/result.ts';

/**
 * What kind of a patient's health data a read showed (seed §8.5, LGPD Art. 37: the controller keeps a record
 * of its processing). A new readable kind is added here and recorded by its read; the database accepts any slug.
 */
export const ACCESS_KINDS = ['patient_record', 'protocols', 'checkins', 'messages', 'adherence', 'risk', 'measurements', 'photos', 'lab_results', 'export'] as const;
export type AccessKind = (typeof ACCESS_KINDS)[number];

export interface AccessReader {
  userId: string | null;
  role: 'professional' | 'patient' | 'system';
  /** Set when the reader is a patient (its own patient id). */
  patientId: string | null;
}

/**
 * Whether a read goes into the access log: every read by someone other than the data subject. A patient reading
 * its own data is the subject exercising its right, not an access to account for.
 */
export function isRecordedAccess(reader: AccessReader, patientId: string): boolean {
  return !(reader.role === 'patient' && reader.patientId === patientId);
}

export interface PatientAccessEntry {
  id: string;
  actorUserId: string | null;
  actorRole: 'professional' | 'patient' | 'system';
  kind: string;
  requestId: string | null;
  accessedAt: Date;
  /** Exact database text of accessed_at (microseconds), used as the keyset. */
  accessedAtKey: string;
}

/** Appends to the access log in the caller's transaction (reader and request bound by the adapter). */
export interface PatientAccessRecorder {
  record(patientId: string, kind: AccessKind): Promise<void>;
}

export interface PatientAccessLogReader {
  /** Whether the caller can see this patient at all (RLS: another tenant's patient does not exist). */
  patientVisible(patientId: string): Promise<boolean>;
  /** `limit + 1` entries of the patient, newest first, after the keyset. */
  list(query: { patientId: string; after: { accessedAt: string; id: string } | null; limit: number }): Promise<PatientAccessEntry[]>;
}

/** GET /v1/patients/{id}/access-log: who read this patient's health data. Another tenant's patient is not found. */
export async function listPatientAccessLog(
  deps: { accessLog: PatientAccessLogReader },
  query: { patientId: string; after: { accessedAt: string; id: string } | null; limit: number },
): Promise<Result<PatientAccessEntry[], 'PATIENT.NOT_FOUND'>> {
  if (!(await deps.accessLog.patientVisible(query.patientId))) return fail('PATIENT.NOT_FOUND');
  return ok(await deps.accessLog.list(query));
}
