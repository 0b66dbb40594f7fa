import { fail, ok, type Result } from '../shared/result.ts';
import type { ProtocolDeps, ProtocolListCursor } from './ports.ts';
import type { Protocol, ProtocolStatus } from './types.ts';

/** The patient's protocols, newest first; a patient outside the caller's tenant is not found. */
export async function listPatientProtocols(
  deps: Pick<ProtocolDeps, 'protocols'>,
  query: { patientId: string; limit: number; after: ProtocolListCursor | null; status: ProtocolStatus | null },
): Promise<Result<Protocol[], 'PATIENT.NOT_FOUND'>> {
  if (!(await deps.protocols.patientExists(query.patientId))) return fail('PATIENT.NOT_FOUND');
  return ok(await deps.protocols.listForPatient(query.patientId, { limit: query.limit, after: query.after, status: query.status }));
}
