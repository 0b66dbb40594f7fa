import type { FieldProblem } from '../shared/field-problems.ts';
import type { ManualStatus, Patient, PatientFields, PatientStatus } from './types.ts';

/**
 * Lower case, accents stripped (NFD, combining marks removed), whitespace collapsed: "João  Conceição"
 * → "joao conceicao". The same function builds patients.search_text and normalises the `q` filter, so a
 * Brazilian name matches with or without accents.
 */
export function normalizeSearchText(input: string): string {
  return input.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** What the list searches: name and e-mail. */
export const searchTextOf = (p: Pick<Patient, 'name' | 'email'>): string => normalizeSearchText(`${p.name} ${p.email ?? ''}`);
/** What the list sorts by name on. */
export const sortNameOf = (p: Pick<Patient, 'name'>): string => normalizeSearchText(p.name);

let zones: ReadonlySet<string> | null = null;
/**
 * An IANA zone the runtime knows. Reading the ICU table is not I/O: it is the same for every call.
 * `UTC` is accepted although some runtimes list only `Etc/UTC`-style names.
 */
export function isValidTimezone(tz: string): boolean {
  zones ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC', 'Etc/UTC']);
  return zones.has(tz);
}

/** YYYY-MM-DD that is a real calendar day, not in the future (relative to `today`), not before 1900. */
export function isValidBirthDate(date: string, today: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return false;
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== date) return false;
  return date >= '1900-01-01' && date <= today;
}

/** Rules the edge schema cannot see (or that must hold whatever the edge does). */
export function checkPatientFields(f: PatientFields, now: Date): FieldProblem | null {
  if (f.name.trim().length === 0) return { pointer: '/body/name', code: 'too_short', params: { min: 1, unit: 'characters' } };
  if (!isValidTimezone(f.timezone)) return { pointer: '/body/timezone', code: 'invalid_format', params: { format: 'timezone' } };
  if (f.birthDate !== null && !isValidBirthDate(f.birthDate, now.toISOString().slice(0, 10))) {
    return { pointer: '/body/birthDate', code: 'must_be_past' };
  }
  return null;
}

/**
 * Status changes a professional may make. `at_risk` is set and cleared only by the risk engine (it is not
 * a ManualStatus, so it cannot be asked for); from `at_risk` the professional may pause or archive the
 * patient, but not mark them `active` (that would hide a live risk signal until the next risk run).
 */
const ALLOWED: Record<PatientStatus, readonly ManualStatus[]> = {
  active: ['paused', 'archived'],
  paused: ['active', 'archived'],
  archived: ['active'],
  at_risk: ['paused', 'archived'],
};

export function canChangeStatus(from: PatientStatus, to: ManualStatus): boolean {
  return from === to || ALLOWED[from].includes(to);
}

/** `expected` null = no If-Match (accepted); otherwise one of the versions must be the current one. */
export function matchesVersion(current: number, expected: readonly number[] | null): boolean {
  return expected === null || expected.includes(current);
}

export interface InviteQuotaLimits { perProfessionalPerDay: number; perPatientPerDay: number }
/**
 * Documented daily caps (TEST-CATALOG 17): a practice, and one target address, per rolling 24 h. The practice's
 * cap in force is its plan's `invitesPerDay` (free 10, pro 50, clinic 200; requestInvite reads it); this
 * default is the pro plan's, for callers that pass none.
 */
export const INVITE_QUOTA: InviteQuotaLimits = { perProfessionalPerDay: 50, perPatientPerDay: 5 };
export const INVITE_QUOTA_WINDOW_MS = 24 * 3600 * 1000;

export interface InviteUsage { count: number; oldest: Date | null }

export type QuotaDecision = { kind: 'allow' } | { kind: 'deny'; scope: 'professional' | 'patient'; retryAfterSeconds: number };

/** Rolling 24-hour window: when full, retry once the oldest request in it ages out. */
export function decideInviteQuota(usage: { professional: InviteUsage; patient: InviteUsage }, limits: InviteQuotaLimits, now: Date): QuotaDecision {
  const retryAfter = (u: InviteUsage) => Math.max(1, Math.ceil(((u.oldest?.getTime() ?? now.getTime()) + INVITE_QUOTA_WINDOW_MS - now.getTime()) / 1000));
  if (usage.professional.count >= limits.perProfessionalPerDay) return { kind: 'deny', scope: 'professional', retryAfterSeconds: retryAfter(usage.professional) };
  if (usage.patient.count >= limits.perPatientPerDay) return { kind: 'deny', scope: 'patient', retryAfterSeconds: retryAfter(usage.patient) };
  return { kind: 'allow' };
}

/** Why an invite cannot be requested for this patient, if it cannot. */
export function inviteRefusal(p: Pick<Patient, 'deletedAt' | 'userId' | 'email'>): 'PATIENT.NOT_FOUND' | 'PATIENT.HAS_LOGIN' | 'PATIENT.NO_EMAIL' | null {
  if (p.deletedAt !== null) return 'PATIENT.NOT_FOUND';
  if (p.userId !== null) return 'PATIENT.HAS_LOGIN';
  if (!p.email) return 'PATIENT.NO_EMAIL';
  return null;
}

/** The fields of a patient the audit trail diffs (values of personal fields are masked by the writer). */
export const auditedFields = (p: Patient): Record<string, unknown> => ({
  name: p.name,
  email: p.email,
  phone: p.phone,
  birthDate: p.birthDate,
  sex: p.sex,
  notes: p.notes,
  timezone: p.timezone,
  status: p.status,
});
