import { describe, expect, it } from 'vitest';
import type { BlobRef, BlobStore } from '../progress/blob-port.ts';
import type { OutboxEvent } from '../shared/message.ts';
import { buildDataExport } from './build-data-export.ts';
import { DATA_EXPORT_MAX_ATTEMPTS, type BuildDataExportDeps, type DataExportDeps, type DataExportRecord } from './data-export-ports.ts';
import { checkinEntry, measurementEntries, messageEntry, patientEntry, protocolEntry } from './fhir-bundle.ts';
import { dataExportStatus, getDataExport } from './get-data-export.ts';
import { requestDataExport } from './request-data-export.ts';

const NOW = new Date('2026-12-03T12:00:00.000Z');
const PRO = { userId: 'u-pro', role: 'professional' as const, professionalId: 'p1', patientId: null };
const PATIENT = { userId: 'u-pat', role: 'patient' as const, professionalId: 'p1', patientId: 'pat-1' };

function world(opts: { requested?: number; oldest?: Date | null; visible?: string[] } = {}) {
  const inserted: DataExportRecord[] = [];
  const events: OutboxEvent[] = [];
  const audits: string[] = [];
  const accesses: string[] = [];
  let n = 0;
  const deps: DataExportDeps = {
    store: {
      patientVisible: async (id) => (opts.visible ?? ['pat-1']).includes(id),
      requestedSince: async () => ({ count: opts.requested ?? 0, oldest: opts.oldest ?? null }),
      insert: async (e) => { inserted.push(e); },
      find: async (id) => inserted.find((e) => e.id === id) ?? null,
    },
    blobs: { readUrl: async (ref: BlobRef, o: { expiresAt: Date }) => ({ url: `https://blob/${ref.container}/${ref.name}?sig=x`, expiresAt: o.expiresAt }) } as unknown as BlobStore,
    audit: { record: async (e) => { audits.push(e.action); } },
    outbox: { append: async (e) => { events.push(e); } },
    access: { record: async (patientId, kind) => { accesses.push(`${patientId}:${kind}`); } },
    newId: () => `e${(n += 1)}`,
    now: NOW,
    correlationId: 'req-1',
  };
  return { deps, inserted, events, audits, accesses };
}

describe('requestDataExport', () => {
  it('when a patient asks, then its own data is queued with the audit entry and one bulk message keyed by the export', async () => {
    const w = world();
    const r = await requestDataExport(w.deps, PATIENT, { scope: 'patient', patientId: null });
    expect(r).toMatchObject({ ok: true, value: { patientId: 'pat-1', scope: 'patient', requesterRole: 'patient', status: 'queued', expiresAt: new Date('2026-12-10T12:00:00.000Z') } });
    expect(w.events).toEqual([expect.objectContaining({ queue: 'bulk', type: 'compliance.data_export_requested', messageId: 'e1', payload: { exportId: 'e1' } })]);
    expect(w.audits).toEqual(['data_export.requested']);
  });

  it('when the scope does not fit the caller, then 403, 404, or a field problem, and nothing is written', async () => {
    const w = world();
    expect(await requestDataExport(w.deps, PATIENT, { scope: 'account', patientId: null })).toMatchObject({ ok: false, error: { code: 'DATA_EXPORT.SCOPE_NOT_ALLOWED' } });
    expect(await requestDataExport(w.deps, PATIENT, { scope: 'patient', patientId: 'pat-2' })).toMatchObject({ ok: false, error: { code: 'PATIENT.NOT_FOUND' } });
    expect(await requestDataExport(w.deps, PRO, { scope: 'patient', patientId: null })).toMatchObject({ ok: false, error: { fields: [{ pointer: '/body/patientId', code: 'required' }] } });
    expect(await requestDataExport(w.deps, PRO, { scope: 'account', patientId: 'pat-1' })).toMatchObject({ ok: false, error: { fields: [{ pointer: '/body/patientId', code: 'must_be_absent' }] } });
    expect(await requestDataExport(w.deps, PRO, { scope: 'patient', patientId: 'pat-9' })).toMatchObject({ ok: false, error: { code: 'PATIENT.NOT_FOUND' } });
    expect([w.inserted, w.events, w.audits]).toEqual([[], [], []]);
  });

  it('when three exports were asked in the last 24 h, then 429 with Retry-After until the oldest leaves the window', async () => {
    const w = world({ requested: 3, oldest: new Date(NOW.getTime() - 23 * 3_600_000) });
    expect(await requestDataExport(w.deps, PRO, { scope: 'account', patientId: null })).toMatchObject({ ok: false, error: { code: 'DATA_EXPORT.QUOTA_EXCEEDED', retryAfterSeconds: 3600 } });
  });
});

describe('getDataExport', () => {
  it('when ready, then a URL until at most the expiry, audited, and a professional reading a patient export is an access', async () => {
    const w = world();
    const created = await requestDataExport(w.deps, PRO, { scope: 'patient', patientId: 'pat-1' });
    if (!created.ok) throw new Error('not created');
    expect(await getDataExport(w.deps, created.value.id)).toMatchObject({ ok: true, value: { status: 'queued', download: null } });
    w.inserted[0] = { ...w.inserted[0]!, status: 'ready', blobName: 'p1/pat-1/e1.zip', completedAt: NOW };
    const ready = await getDataExport(w.deps, created.value.id);
    expect(ready).toMatchObject({ ok: true, value: { status: 'ready', download: { url: 'https://blob/exports/p1/pat-1/e1.zip?sig=x', expiresAt: new Date(NOW.getTime() + 5 * 60_000) } } });
    expect(w.audits).toEqual(['data_export.requested', 'data_export.downloaded']);
    expect(w.accesses).toEqual(['pat-1:export']);
    expect(dataExportStatus(w.inserted[0]!, new Date('2026-12-10T12:00:00.000Z'))).toBe('expired');
    expect(await getDataExport(w.deps, 'nope')).toMatchObject({ ok: false, error: { code: 'DATA_EXPORT.NOT_FOUND' } });
  });
});

describe('buildDataExport', () => {
  const job = { id: 'e1', professionalId: 'p1', patientId: 'pat-1', scope: 'patient' as const, createdAt: NOW };
  function buildWorld(attempt: number, fail: boolean, practice: string | null = 'Clínica  Vida\nPlena') {
    const calls: string[] = [];
    const texts = new Map<string, string>();
    const deps: BuildDataExportDeps = {
      jobs: {
        claim: async () => ({ kind: 'build', job, attempt }),
        complete: async (_id, r) => { calls.push(`complete ${r.blobName}`); },
        fail: async () => { calls.push('fail'); },
      },
      snapshot: async (_job, fn) => fn({ tables: async () => [], rows: async function* () { /* none */ }, blobFiles: async function* () { /* none */ }, biomarkers: async () => [], practiceName: async () => practice }),
      blobs: { delete: async (ref: BlobRef) => { calls.push(`delete ${ref.name}`); } } as unknown as BlobStore,
      archive: {
        write: async (_ref, entries) => {
          const paths: string[] = [];
          for await (const e of entries) {
            paths.push(e.path);
            if (e.data instanceof Uint8Array) texts.set(e.path, new TextDecoder().decode(e.data));
          }
          calls.push(`write ${paths.join(',')}`);
          if (fail) throw new Error('storage down');
          return { bytes: 10 };
        },
      },
      newId: () => 'x',
      now: NOW,
    };
    return { deps, calls, texts };
  }

  it('when built, then the archive has the bundle and the README, and the export is completed under its one blob name', async () => {
    const w = buildWorld(1, false);
    expect(await buildDataExport(w.deps, 'e1')).toBe('built');
    expect(w.calls).toEqual(['write fhir-bundle.json,README.txt', 'complete p1/pat-1/e1.zip']);
  });

  it('when built, then the README speaks in the practice\'s branded name (issue 11); without one, in KoreVitta\'s', async () => {
    const branded = buildWorld(1, false);
    await buildDataExport(branded.deps, 'e1');
    const readme = branded.texts.get('README.txt')!;
    expect(readme.split('\n')[0]).toBe('EXPORTAÇÃO DE DADOS PESSOAIS — Clínica Vida Plena');
    expect(readme).toContain('fale com Clínica Vida Plena, o profissional responsável, que é o controlador dos dados');
    const plain = buildWorld(1, false, null);
    await buildDataExport(plain.deps, 'e1');
    expect(plain.texts.get('README.txt')!.split('\n')[0]).toBe('EXPORTAÇÃO DE DADOS PESSOAIS — KoreVitta');
  });

  it('when the build fails before the last attempt, then the error goes back to the queue; at the last, the export fails and its blob goes', async () => {
    await expect(buildDataExport(buildWorld(1, true).deps, 'e1')).rejects.toThrow('storage down');
    const last = buildWorld(DATA_EXPORT_MAX_ATTEMPTS, true);
    expect(await buildDataExport(last.deps, 'e1')).toBe('failed');
    expect(last.calls.slice(1)).toEqual(['delete p1/pat-1/e1.zip', 'fail']);
  });

  it('when the claim says the export is done, then nothing is written', async () => {
    const w = buildWorld(1, false);
    w.deps.jobs.claim = async () => ({ kind: 'skip', reason: 'done' });
    expect(await buildDataExport(w.deps, 'e1')).toBe('skipped');
    expect(w.calls).toEqual([]);
  });
});

describe('FHIR mapping', () => {
  let n = 0;
  const newId = () => `00000000-0000-4000-8000-${String((n += 1)).padStart(12, '0')}`;

  it('when a measurement has a weight but no height, then the BMI uses the last height; values without LOINC keep a text code', () => {
    const entries = measurementEntries({ id: 'm1', patient_id: 'pat-1', measured_on: '2026-11-01', weight_kg: 78.5, height_cm: null, chest_cm: '95.0' }, 170, newId);
    const codes = entries.map((e) => e.resource.code);
    expect(codes).toEqual([
      expect.objectContaining({ coding: [expect.objectContaining({ code: '29463-7' })] }),
      { text: 'Circunferência do tórax' },
      expect.objectContaining({ coding: [expect.objectContaining({ code: '39156-5' })] }),
    ]);
    expect(entries[2]!.resource.valueQuantity).toEqual({ value: 27.2, unit: 'kg/m2', system: 'http://unitsofmeasure.org', code: 'kg/m2' });
    expect(measurementEntries({ id: 'm2', patient_id: 'pat-1', measured_on: '2026-11-01', weight_kg: 70 }, null, newId)).toHaveLength(1);
  });

  it('when answers are numbers, booleans, texts, lists or empty, then each gets its FHIR answer type and empty ones are left out', () => {
    const qr = checkinEntry({ id: 'c1', patient_id: 'pat-1', submitted_at: '2026-11-01T10:00:00.123456+00:00', responses: { a: 3, b: 2.5, c: false, d: 'ok', e: '', f: ['x', 1], g: null } });
    expect(qr?.resource).toMatchObject({ status: 'completed', authored: '2026-11-01T10:00:00.123Z' });
    expect(qr?.resource.item).toEqual([
      { linkId: 'a', answer: [{ valueInteger: 3 }] }, { linkId: 'b', answer: [{ valueDecimal: 2.5 }] }, { linkId: 'c', answer: [{ valueBoolean: false }] },
      { linkId: 'd', answer: [{ valueString: 'ok' }] }, { linkId: 'f', answer: [{ valueString: 'x' }, { valueInteger: 1 }] },
    ]);
    expect(checkinEntry({ id: 'c2', patient_id: 'pat-1', submitted_at: null, responses: null })).toBeNull();
  });

  it('when a patient, a protocol or a message has empty or missing fields, then the resource leaves them out (FHIR has no nulls or empty strings)', () => {
    expect(patientEntry({ id: 'pat-1', name: 'Ana', email: null, phone: '', birth_date: null, status: 'active', deleted_at: null }).resource)
      .toEqual({ resourceType: 'Patient', id: 'pat-1', active: true, name: [{ text: 'Ana' }] });
    expect(protocolEntry({ id: 'pr1', patient_id: 'pat-1', name: 'Plano', status: 'archived', activated_at: null, archived_at: '2026-11-01T00:00:00+00:00', created_at: null, deleted_at: null }).resource)
      .toMatchObject({ status: 'completed', intent: 'plan', period: { end: '2026-11-01T00:00:00.000Z' } });
    expect(protocolEntry({ id: 'pr2', patient_id: 'pat-1', name: 'Plano', status: 'draft', deleted_at: '2026-11-01T00:00:00+00:00' }).resource.status).toBe('revoked');
    expect(messageEntry({ id: 'm1', patient_id: 'pat-1', sender_role: 'professional', body: '', created_at: '2026-11-01T00:00:00+00:00' }).resource)
      .toEqual({ resourceType: 'Communication', id: 'm1', status: 'completed', subject: { reference: 'urn:uuid:pat-1' }, sent: '2026-11-01T00:00:00.000Z', sender: { display: 'Profissional responsável' }, recipient: [{ reference: 'urn:uuid:pat-1' }] });
  });
});
