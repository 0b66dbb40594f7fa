import type { ProgressCaller, ProgressPatient } from './ports.ts';

/**
 * The patient a caller may act on: a patient only on itself, a professional on its own patients (the store reads
 * through RLS, so another tenant's patient is simply absent). Null answers 404, never 403: no existence leak.
 */
export async function accessiblePatient<P extends ProgressPatient>(store: { patient(id: string): Promise<P | null> }, caller: ProgressCaller, patientId: string): Promise<P | null> {
  if (caller.role === 'patient' && caller.patientId !== patientId) return null;
  const patient = await store.patient(patientId);
  return patient && patient.professionalId === caller.professionalId ? patient : null;
}
