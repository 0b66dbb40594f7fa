/** The patient as the professional's CRM sees it. Health-adjacent fields: phone, birthDate, notes. */
export const PATIENT_STATUSES = ['active', 'at_risk', 'paused', 'archived'] as const;
export type PatientStatus = (typeof PATIENT_STATUSES)[number];

/** Statuses a professional may set by hand; `at_risk` belongs to the risk engine. */
export const MANUAL_STATUSES = ['active', 'paused', 'archived'] as const;
export type ManualStatus = (typeof MANUAL_STATUSES)[number];

export const RISK_BANDS = ['low', 'moderate', 'high'] as const;
export type RiskBand = (typeof RISK_BANDS)[number];

/** The biological sex laboratory reference ranges are split by (not gender identity); `unknown` until recorded. */
export const PATIENT_SEXES = ['female', 'male', 'unknown'] as const;
export type PatientSex = (typeof PATIENT_SEXES)[number];

export const DEFAULT_TIMEZONE = 'America/Sao_Paulo';

export interface Patient {
  id: string;
  professionalId: string;
  name: string;
  email: string | null;
  phone: string | null;
  /** YYYY-MM-DD. */
  birthDate: string | null;
  /** For laboratory reference ranges (issue 10). */
  sex: PatientSex;
  notes: string | null;
  timezone: string;
  status: PatientStatus;
  riskScore: number | null;
  riskBand: RiskBand | null;
  lastActivityAt: Date | null;
  userId: string | null;
  /** Optimistic concurrency: incremented by every update; the HTTP ETag. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
}

/** The fields a professional edits (create and PATCH). */
export interface PatientFields {
  name: string;
  email: string | null;
  phone: string | null;
  birthDate: string | null;
  notes: string | null;
  timezone: string;
}

export type PatientSort = 'name' | 'risk' | 'lastActivity';
export type SortOrder = 'asc' | 'desc';

/** Natural direction of each sort: names A→Z, highest risk first, most recent activity first. */
export const DEFAULT_ORDER: Record<PatientSort, SortOrder> = { name: 'asc', risk: 'desc', lastActivity: 'desc' };

export interface PatientListQuery {
  statuses: readonly PatientStatus[] | null;
  riskBands: readonly RiskBand[] | null;
  /** Already normalised with normalizeSearchText; matched as a substring of name + e-mail. */
  q: string | null;
  sort: PatientSort;
  order: SortOrder;
  /** Keyset to continue after: the sort value and the id of the last row of the previous page. */
  after: { key: string | number; id: string } | null;
  limit: number;
}

/** What a CRM list row shows of a patient: the list reads these columns only (issue 9). */
export type PatientSummary = Pick<Patient, 'id' | 'name' | 'email' | 'timezone' | 'status' | 'riskScore' | 'riskBand' | 'lastActivityAt' | 'userId' | 'version' | 'createdAt'>;

export interface ListedPatient { patient: PatientSummary; key: string | number }
