import type { PatientRepository } from './ports.ts';
import type { ListedPatient, PatientListQuery } from './types.ts';

/**
 * The CRM list (the adapter runs the keyset query; the domain owns its shape). Deliberate seam (ADR 0016):
 * the filters are the rule, and RLS with the store's query decides what the caller sees.
 */
export async function listPatients(deps: { patients: PatientRepository }, query: PatientListQuery): Promise<ListedPatient[]> {
  return deps.patients.list(query);
}
