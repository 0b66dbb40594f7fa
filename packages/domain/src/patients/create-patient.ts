import { invalid, ok, type Result } from '../shared/result.ts';
import { checkGrowth, type GrowthError } from '../billing/check-growth.ts';
import type { PatientDeps } from './ports.ts';
import { auditedFields, checkPatientFields } from './rules.ts';
import { DEFAULT_TIMEZONE, type ManualStatus, type Patient, type PatientSex } from './types.ts';

export interface CreatePatientInput {
  professionalId: string;
  name: string;
  email?: string | null;
  phone?: string | null;
  birthDate?: string | null;
  sex?: PatientSex;
  notes?: string | null;
  timezone?: string;
  /** A new patient starts `active` (or `paused`); never `at_risk` (the risk engine's) nor archived. */
  status?: Extract<ManualStatus, 'active' | 'paused'>;
}

/**
 * Creates a patient of the caller's practice, records it in the audit trail and assesses its risk at once
 * (so a new patient has a score and a band in the CRM list, like every other). Past the plan's active-patient
 * limit, or past due beyond the grace period, nothing is created (409).
 */
export async function createPatient(deps: PatientDeps, input: CreatePatientInput): Promise<Result<Patient, 'REQUEST.VALIDATION' | GrowthError>> {
  const fields = {
    name: input.name.trim(),
    email: input.email ?? null,
    phone: input.phone ?? null,
    birthDate: input.birthDate ?? null,
    notes: input.notes ?? null,
    timezone: input.timezone ?? DEFAULT_TIMEZONE,
  };
  const problem = checkPatientFields(fields, deps.now);
  if (problem) return invalid(problem);
  const growth = await checkGrowth(deps, { professionalId: input.professionalId, resource: 'activePatients', adding: 1 });
  if (!growth.ok) return growth;
  const patient: Patient = {
    id: deps.newId(),
    professionalId: input.professionalId,
    ...fields,
    sex: input.sex ?? 'unknown',
    status: input.status ?? 'active',
    riskScore: null,
    riskBand: null,
    lastActivityAt: null,
    userId: null,
    version: 1,
    createdAt: deps.now,
    updatedAt: deps.now,
    deletedAt: null,
  };
  await deps.patients.insert(patient);
  await deps.audit.record({ action: 'patient.created', entityType: 'patient', entityId: patient.id, changes: diffFromNothing(auditedFields(patient)) });
  const risk = await deps.risk.assess(patient.id);
  return ok(risk ? { ...patient, ...risk } : patient);
}

const diffFromNothing = (after: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(after).filter(([, value]) => value !== null).map(([k, value]) => [k, { after: value }]));
