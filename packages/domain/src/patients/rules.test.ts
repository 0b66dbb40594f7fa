import { describe, expect, it } from 'vitest';
import {
  canChangeStatus, checkPatientFields, decideInviteQuota, INVITE_QUOTA_WINDOW_MS, inviteRefusal, isValidBirthDate, isValidTimezone,
  matchesVersion, normalizeSearchText, searchTextOf,
} from './rules.ts';
import { createPatient } from './create-patient.ts';
import { updatePatient } from './update-patient.ts';
import { requestInvite } from './request-invite.ts';
import type { InviteDeps } from './ports.ts';
import type { Patient } from './types.ts';

const NOW = new Date('2026-03-02T12:00:00.000Z');

describe('patient search text', () => {
  it('when a Brazilian name is normalised, then case and accents are gone', () => {
    expect(normalizeSearchText('  João   da CONCEIÇÃO ')).toBe('joao da conceicao');
    expect(searchTextOf({ name: 'Inês Müller', email: 'INES@Example.com' })).toBe('ines muller ines@example.com');
  });
  it('when the query is typed without accents, then it is a substring of the stored text', () => {
    expect(searchTextOf({ name: 'Maria da Conceição', email: null }).includes(normalizeSearchText('conceicao'))).toBe(true);
  });
});

describe('field rules', () => {
  it('when the time zone is an IANA name, then it is accepted; otherwise refused', () => {
    expect(isValidTimezone('America/Sao_Paulo')).toBe(true);
    expect(isValidTimezone('UTC')).toBe(true);
    expect(isValidTimezone('Mars/Olympus')).toBe(false);
    expect(isValidTimezone('GMT-3 ')).toBe(false);
  });
  it('when a birth date is in the future, not a real day or before 1900, then it is refused', () => {
    expect(isValidBirthDate('1990-02-28', '2026-03-02')).toBe(true);
    expect(isValidBirthDate('1990-02-30', '2026-03-02')).toBe(false);
    expect(isValidBirthDate('2027-01-01', '2026-03-02')).toBe(false);
    expect(isValidBirthDate('1899-12-31', '2026-03-02')).toBe(false);
  });
  it('when the name is blank, then the fields are refused with the field named', () => {
    expect(checkPatientFields({ name: ' ', email: null, phone: null, birthDate: null, notes: null, timezone: 'UTC' }, NOW)).toEqual({ pointer: '/body/name', code: 'too_short', params: { min: 1, unit: 'characters' } });
  });
});

describe('status transitions', () => {
  it('when the professional moves among active, paused and archived, then it is allowed', () => {
    expect(canChangeStatus('active', 'paused')).toBe(true);
    expect(canChangeStatus('paused', 'active')).toBe(true);
    expect(canChangeStatus('archived', 'active')).toBe(true);
    expect(canChangeStatus('active', 'active')).toBe(true);
  });
  it('when an at-risk patient is marked active by hand, then it is refused (the risk engine clears it)', () => {
    expect(canChangeStatus('at_risk', 'active')).toBe(false);
    expect(canChangeStatus('at_risk', 'paused')).toBe(true);
    expect(canChangeStatus('archived', 'paused')).toBe(false);
  });
});

describe('optimistic concurrency', () => {
  it('when no If-Match is sent, then any version matches; otherwise only the listed ones', () => {
    expect(matchesVersion(3, null)).toBe(true);
    expect(matchesVersion(3, [2, 3])).toBe(true);
    expect(matchesVersion(3, [2])).toBe(false);
    expect(matchesVersion(3, [])).toBe(false);
  });
});

describe('invite rules', () => {
  const usage = (count: number, oldest: Date | null = null) => ({ count, oldest });
  it('when the practice used its daily quota, then it is denied until the oldest request ages out', () => {
    const oldest = new Date(NOW.getTime() - INVITE_QUOTA_WINDOW_MS + 90_000);
    const d = decideInviteQuota({ professional: usage(3, oldest), patient: usage(0) }, { perProfessionalPerDay: 3, perPatientPerDay: 5 }, NOW);
    expect(d).toEqual({ kind: 'deny', scope: 'professional', retryAfterSeconds: 90 });
  });
  it('when one patient used its own quota, then that patient is denied even if the practice has room', () => {
    const d = decideInviteQuota({ professional: usage(2), patient: usage(2, NOW) }, { perProfessionalPerDay: 10, perPatientPerDay: 2 }, NOW);
    expect(d.kind === 'deny' && d.scope).toBe('patient');
  });
  it('when under both quotas, then allowed', () => {
    expect(decideInviteQuota({ professional: usage(0), patient: usage(0) }, { perProfessionalPerDay: 1, perPatientPerDay: 1 }, NOW)).toEqual({ kind: 'allow' });
  });
  it('when the patient is deleted, has a login or no e-mail, then the invite is refused with the reason', () => {
    expect(inviteRefusal({ deletedAt: NOW, userId: null, email: 'a@b.c' })).toBe('PATIENT.NOT_FOUND');
    expect(inviteRefusal({ deletedAt: null, userId: 'u', email: 'a@b.c' })).toBe('PATIENT.HAS_LOGIN');
    expect(inviteRefusal({ deletedAt: null, userId: null, email: null })).toBe('PATIENT.NO_EMAIL');
    expect(inviteRefusal({ deletedAt: null, userId: null, email: 'a@b.c' })).toBeNull();
  });
});

/** In-memory ports: the use cases run without I/O. */
function fakeDeps(seed: Patient[] = []) {
  const rows = new Map(seed.map((p) => [p.id, p]));
  const audits: { action: string; changes?: Record<string, unknown> }[] = [];
  const events: unknown[] = [];
  const superseded: string[] = [];
  let ledger = 0;
  let n = 0;
  const deps: InviteDeps = {
    now: NOW,
    newId: () => `id-${++n}`,
    correlationId: 'req-1',
    patients: {
      findById: async (id) => { const p = rows.get(id); return p && !p.deletedAt ? p : null; },
      findForUpdate: async (id) => { const p = rows.get(id); return p && !p.deletedAt ? p : null; },
      insert: async (p) => { rows.set(p.id, p); },
      update: async (p) => { rows.set(p.id, p); },
      list: async () => [],
      supersedeOpenInvites: async (id) => { superseded.push(id); },
    },
    audit: { record: async (e) => { audits.push(e); } },
    // Unlimited plan: growth limits have their own tests (billing/entitlements.test.ts).
    entitlements: { lockGrowth: async () => {}, subscription: async () => null, plans: async () => new Map(), usage: async () => 0 },
    // Stands in for the recalculation (tests/patients cover the real one over Postgres).
    risk: { assess: async (id) => { const p = rows.get(id); return p ? { riskScore: 12, riskBand: 'low', status: p.status } : null; } },
    ledger: { lockAndCount: async () => ({ professional: { count: ledger, oldest: null }, patient: { count: 0, oldest: null } }), record: async () => { ledger += 1; } },
    outbox: { append: async (e) => { events.push(e); } },
  };
  return { deps, rows, audits, events, superseded };
}

const patient = (over: Partial<Patient> = {}): Patient => ({
  id: 'p1', professionalId: 'pro', name: 'João', email: 'joao@example.com', phone: null, birthDate: null, sex: 'unknown', notes: null, timezone: 'America/Sao_Paulo',
  status: 'active', riskScore: null, riskBand: null, lastActivityAt: null, userId: null, version: 1, createdAt: NOW, updatedAt: NOW, deletedAt: null, ...over,
});

describe('use cases', () => {
  it('when a patient is created without a time zone, then it is America/Sao_Paulo, active, version 1, and audited', async () => {
    const { deps, audits } = fakeDeps();
    const r = await createPatient(deps, { professionalId: 'pro', name: ' Ana ' });
    expect(r.ok && { tz: r.value.timezone, status: r.value.status, version: r.value.version, name: r.value.name }).toEqual({ tz: 'America/Sao_Paulo', status: 'active', version: 1, name: 'Ana' });
    expect(audits.map((a) => a.action)).toEqual(['patient.created']);
  });
  it('when a patient is created, then it carries the risk assessed at creation (never a null score in the list)', async () => {
    const r = await createPatient(fakeDeps().deps, { professionalId: 'pro', name: 'Ana' });
    expect(r.ok && { score: r.value.riskScore, band: r.value.riskBand }).toEqual({ score: 12, band: 'low' });
  });
  it('when the time zone is unknown, then creation is a validation failure', async () => {
    const r = await createPatient(fakeDeps().deps, { professionalId: 'pro', name: 'Ana', timezone: 'Brazil/Nowhere' });
    expect(!r.ok && r.error.code).toBe('REQUEST.VALIDATION');
  });
  it('when the If-Match version is stale, then nothing changes', async () => {
    const { deps, rows, audits } = fakeDeps([patient({ version: 2 })]);
    const r = await updatePatient(deps, { patientId: 'p1', patch: { name: 'Outro' }, expectedVersions: [1] });
    expect(!r.ok && r.error.code).toBe('RESOURCE.PRECONDITION_FAILED');
    expect(rows.get('p1')?.name).toBe('João');
    expect(audits).toEqual([]);
  });
  it('when the e-mail changes, then the version goes up, open invites are voided and only changed fields are audited', async () => {
    const { deps, audits, superseded } = fakeDeps([patient()]);
    const r = await updatePatient(deps, { patientId: 'p1', patch: { email: 'novo@example.com', timezone: 'America/Sao_Paulo' }, expectedVersions: [1] });
    expect(r.ok && r.value.version).toBe(2);
    expect(superseded).toEqual(['p1']);
    expect(Object.keys(audits[0]?.changes ?? {})).toEqual(['email']);
  });
  it('when a patch changes nothing, then there is no write and no audit row', async () => {
    const { deps, audits } = fakeDeps([patient()]);
    const r = await updatePatient(deps, { patientId: 'p1', patch: { name: 'João' }, expectedVersions: null });
    expect(r.ok && r.value.version).toBe(1);
    expect(audits).toEqual([]);
  });
  it('when an invite is requested, then one ids-only event goes to the default queue with a deterministic message id', async () => {
    const { deps, events, superseded } = fakeDeps([patient()]);
    const r = await requestInvite(deps, { professionalId: 'pro', patientId: 'p1', requestedBy: 'u1' });
    expect(r.ok).toBe(true);
    expect(events).toEqual([{ queue: 'default', type: 'patients.invite_requested', version: 1, payload: { patientId: 'p1', inviteRequestId: 'id-1' }, messageId: 'id-1' }]);
    expect(superseded).toEqual(['p1']);
  });
  it('when the quota is used up, then the request fails with Retry-After and nothing is queued', async () => {
    const { deps, events } = fakeDeps([patient()]);
    const limits = { perProfessionalPerDay: 1, perPatientPerDay: 5 };
    await requestInvite(deps, { professionalId: 'pro', patientId: 'p1', requestedBy: 'u1', limits });
    const second = await requestInvite(deps, { professionalId: 'pro', patientId: 'p1', requestedBy: 'u1', limits });
    expect(!second.ok && second.error.code).toBe('INVITE.QUOTA_EXCEEDED');
    expect(!second.ok && second.error.retryAfterSeconds).toBeGreaterThan(0);
    expect(events).toHaveLength(1);
  });
});
