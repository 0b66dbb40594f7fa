import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf, withSystemBypass } from '@korevitta/db';
import sharp from 'sharp';
import { GPS_POINTER, jpegWithGps, progressWorld, putUpload, startTestHost, type ProgressWorld, type TestHost } from './support.ts';

const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** Issue 10: the biomarker catalog and lab panels over HTTP, on Postgres and Azurite (exam files). */
describe('biomarker catalog and lab panels', () => {
  let h: TestHost;
  let a: ProgressWorld;
  let b: ProgressWorld;

  beforeAll(async () => {
    h = await startTestHost();
    a = await progressWorld(h);
    b = await progressWorld(h, 'Outra Lab');
    expect((await patchPatient({ sex: 'female', birthDate: '1990-06-15' })).status).toBe(200);
  });

  /** PATCH the patient of A under its current revision (If-Match is required). */
  const patchPatient = async (body: Record<string, unknown>) => {
    const current = await h.api.get(`/v1/patients/${a.patientId}`, { token: a.pro.accessToken });
    return h.api.patch(`/v1/patients/${a.patientId}`, body, { token: a.pro.accessToken, headers: { 'if-match': current.headers.get('etag')! } });
  };
  afterAll(async () => { await h.stop(); });

  const post = (w: ProgressWorld, token: string, body: unknown) => h.api.post(`/v1/patients/${w.patientId}/lab-results`, body, { token });
  const list = (w: ProgressWorld, token: string, query = '') => h.api.get(`/v1/patients/${w.patientId}/lab-results${query}`, { token });
  const accessCount = (patientId: string) => withSystemBypass(h.db, 'test: access buffer', async (tx) =>
    Number(rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from patient_access_buffer where patient_id = ${patientId} and kind = 'lab_results'`))[0]?.n));

  it('when the catalog is read, then it has 40+ markers with LOINC, both names, exact conversions and sourced ranges, versioned and cacheable', async () => {
    const res = await h.api.get('/v1/biomarkers', { token: a.patientToken });
    expect(res.status).toBe(200);
    expect(res.body.catalogVersion).toBe(1);
    expect(res.headers.get('etag')).toBe('"biomarkers-v1"');
    expect(res.headers.get('cache-control')).toBe('private, max-age=3600');
    const items = res.body.items as { code: string; loinc: string; namePtBr: string; nameEn: string; unit: string; alternativeUnits: { unit: string; factorNumerator: number; factorDenominator: number }[]; ranges: { source: string }[] }[];
    expect(items.length).toBeGreaterThanOrEqual(40);
    const codes = items.map((i) => i.code);
    for (const c of ['glucose_fasting', 'hba1c', 'insulin', 'cholesterol_total', 'hdl', 'ldl', 'triglycerides', 'tsh', 'free_t4', 'ferritin', 'iron', 'vitamin_d_25oh', 'vitamin_b12', 'folate',
      'creatinine', 'urea', 'alt', 'ast', 'ggt', 'crp', 'uric_acid', 'sodium', 'potassium', 'calcium', 'magnesium', 'albumin', 'hemoglobin', 'hematocrit', 'platelets', 'leukocytes']) {
      expect(codes).toContain(c);
    }
    const glucose = items.find((i) => i.code === 'glucose_fasting')!;
    expect(glucose).toMatchObject({ loinc: '1558-6', namePtBr: 'Glicemia de jejum', unit: 'mg/dL' });
    expect(glucose.alternativeUnits).toEqual([{ unit: 'mmol/L', factorNumerator: 18.016, factorDenominator: 1, offset: 0 }]);
    expect(items.every((i) => i.ranges.length > 0 && i.ranges.every((r) => r.source.length > 10))).toBe(true);
    expect(new Set(items.map((i) => i.loinc)).size).toBe(items.length);
  });

  it('when a panel is recorded in mixed units, then values are stored canonical with the original kept, flagged for a 36-year-old woman', async () => {
    const res = await post(a, a.pro.accessToken, {
      collectedOn: '2026-11-20', laboratory: 'Laboratório Central',
      values: [
        { biomarker: 'glucose_fasting', value: 5.5, unit: 'mmol/L' },
        { biomarker: 'ferritin', value: 10, unit: 'ng/mL' },
        { biomarker: 'creatinine', value: 88.4, unit: 'µmol/L' },
        { biomarker: 'potassium', value: 6.8, unit: 'meq/L' },
        { biomarker: 'hba1c', value: 5.4, unit: '%' },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/v1/patients/${a.patientId}/lab-results?from=2026-11-20&to=2026-11-20`);
    const byCode = Object.fromEntries((res.body.values as { biomarker: string }[]).map((v) => [v.biomarker, v]));
    expect(byCode.glucose_fasting).toEqual({ biomarker: 'glucose_fasting', value: 99.088, unit: 'mg/dL', originalValue: 5.5, originalUnit: 'mmol/L', flag: 'high', referenceLow: 70, referenceHigh: 99 });
    expect(byCode.ferritin).toMatchObject({ value: 10, flag: 'low', referenceLow: 13, referenceHigh: 150 });
    expect(byCode.creatinine).toMatchObject({ value: 0.99998, originalUnit: 'umol/L', flag: 'high', referenceHigh: 0.95 });
    expect(byCode.potassium).toMatchObject({ value: 6.8, unit: 'mmol/L', flag: 'critical' });
    expect(byCode.hba1c).toMatchObject({ flag: 'normal' });
    expect(res.body).toMatchObject({ laboratory: 'Laboratório Central', documentUrl: null, recordedBy: 'professional' });
  });

  it('when a biomarker or a unit is unknown, then 400 names each bad value and nothing is stored', async () => {
    const before = await list(a, a.pro.accessToken);
    const res = await post(a, a.pro.accessToken, {
      collectedOn: '2026-11-21',
      values: [{ biomarker: 'glucose_fasting', value: 90, unit: 'mg/dL' }, { biomarker: 'unobtainium', value: 1, unit: 'mg/dL' }, { biomarker: 'ferritin', value: 30, unit: 'mmol/L' }],
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.errors).toEqual([
      expect.objectContaining({ pointer: '/body/values/1/biomarker', code: 'unknown_biomarker' }),
      expect.objectContaining({ pointer: '/body/values/2/unit', code: 'unknown_unit' }),
    ]);
    expect(res.body.errors[1].detail).toContain('ng/mL');
    const dup = await post(a, a.pro.accessToken, { collectedOn: '2026-11-21', values: [{ biomarker: 'tsh', value: 2, unit: 'm[IU]/L' }, { biomarker: 'tsh', value: 2, unit: 'u[IU]/mL' }] });
    expect(dup.status).toBe(400);
    expect(dup.body.errors[0].pointer).toBe('/body/values/1/biomarker');
    const future = await post(a, a.pro.accessToken, { collectedOn: '2099-01-01', values: [{ biomarker: 'tsh', value: 2, unit: 'm[IU]/L' }] });
    expect(future.status).toBe(400);
    expect((await list(a, a.pro.accessToken)).body.items).toHaveLength(before.body.items.length);
  });

  it('when panels are listed and a biomarker series asked for, then newest-first pages and an oldest-first flagged series', async () => {
    for (const [collectedOn, value] of [['2026-09-01', 4.9], ['2026-10-01', 5.2]] as const) {
      expect((await post(a, a.pro.accessToken, { collectedOn, values: [{ biomarker: 'glucose_fasting', value, unit: 'mmol/L' }] })).status).toBe(201);
    }
    const first = await list(a, a.pro.accessToken, '?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items.map((p: { collectedOn: string }) => p.collectedOn)).toEqual(['2026-11-20', '2026-10-01']);
    const second = await list(a, a.pro.accessToken, `?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body).toMatchObject({ items: [expect.objectContaining({ collectedOn: '2026-09-01', recordedBy: 'professional' })], nextCursor: null });
    const series = await list(a, a.pro.accessToken, '?biomarker=glucose_fasting');
    expect(series.status).toBe(200);
    expect(series.body.biomarker).toEqual({ code: 'glucose_fasting', namePtBr: 'Glicemia de jejum', nameEn: 'Fasting glucose', unit: 'mg/dL' });
    expect(series.body.items.map((p: { collectedOn: string; value: number; flag: string }) => [p.collectedOn, p.value, p.flag])).toEqual([
      ['2026-09-01', 88.278, 'normal'], ['2026-10-01', 93.683, 'normal'], ['2026-11-20', 99.088, 'high'],
    ]);
    const ranged = await list(a, a.pro.accessToken, '?biomarker=glucose_fasting&from=2026-10-01&to=2026-10-31');
    expect(ranged.body.items).toHaveLength(1);
    const unknown = await list(a, a.pro.accessToken, '?biomarker=kryptonite');
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0]).toMatchObject({ pointer: '/query/biomarker', code: 'unknown_biomarker' });
  });

  it('when the sex is changed later, then old values are re-flagged on read (flags are derived, not stored)', async () => {
    const patch = (sex: string) => patchPatient({ sex });
    expect((await patch('male')).status).toBe(200);
    const asMale = await list(a, a.pro.accessToken, '?biomarker=creatinine');
    expect(asMale.body.items[0]).toMatchObject({ flag: 'normal', referenceHigh: 1.17 });
    expect((await patch('unknown')).status).toBe(200);
    expect((await list(a, a.pro.accessToken, '?biomarker=creatinine')).body.items[0]).toMatchObject({ flag: null, referenceLow: null, referenceHigh: null });
    expect((await list(a, a.pro.accessToken, '?biomarker=glucose_fasting')).body.items[2].flag).toBe('high');
    expect((await patch('female')).status).toBe(200);
  });

  it('when the professional reads, then the access log records it; the patient reading its own does not', async () => {
    const start = await accessCount(a.patientId);
    expect((await list(a, a.pro.accessToken)).status).toBe(200);
    expect((await list(a, a.pro.accessToken, '?biomarker=ferritin')).status).toBe(200);
    expect(await accessCount(a.patientId)).toBe(start + 2);
    expect((await list(a, a.patientToken)).status).toBe(200);
    expect(await accessCount(a.patientId)).toBe(start + 2);
  });

  it('when another professional or another patient asks for the panels, then 404 and nothing is recorded', async () => {
    for (const token of [b.pro.accessToken, b.patientToken]) {
      expect((await list(a, token)).status).toBe(404);
      expect((await list(a, token, '?biomarker=glucose_fasting')).status).toBe(404);
    }
    expect((await post(a, b.pro.accessToken, { collectedOn: '2026-11-01', values: [{ biomarker: 'tsh', value: 2, unit: 'm[IU]/L' }] })).status).toBe(404);
    expect((await post(a, a.patientToken, { collectedOn: '2026-11-01', values: [{ biomarker: 'tsh', value: 2, unit: 'm[IU]/L' }] })).status).toBe(403);
    expect((await list(b, b.pro.accessToken)).body.items).toEqual([]);
  });

  it('when a PDF exam is attached, then it is checked, kept read-only in documents and served with a short read URL; reuse and forgeries are refused', async () => {
    const ticket = await h.api.post('/v1/uploads', { purpose: 'lab_exam', contentType: 'application/pdf', contentLength: PDF.length, patientId: a.patientId }, { token: a.patientToken });
    expect(ticket.status).toBe(201);
    const values = [{ biomarker: 'vitamin_d_25oh', value: 45, unit: 'nmol/L' }];
    expect((await post(a, a.pro.accessToken, { collectedOn: '2026-11-25', examUploadId: ticket.body.uploadId, values })).status).toBe(409);
    expect(await putUpload(ticket.body, PDF)).toBe(201);
    expect((await post(a, b.pro.accessToken, { collectedOn: '2026-11-25', examUploadId: ticket.body.uploadId, values })).status).toBe(404);
    const res = await post(a, a.pro.accessToken, { collectedOn: '2026-11-25', laboratory: 'Lab Norte', examUploadId: ticket.body.uploadId, values });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ documentContentType: 'application/pdf', values: [expect.objectContaining({ value: 18.0288, flag: 'low' })] });
    expect(new URL(res.body.documentUrl).pathname).toContain(`/documents/${a.pro.professionalId}/${a.patientId}/`);
    const served = await fetch(res.body.documentUrl);
    expect(served.status).toBe(200);
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(PDF);
    expect((await fetch(res.body.documentUrl, { method: 'PUT', headers: { 'x-ms-blob-type': 'BlockBlob' }, body: 'tampered' })).status).toBe(403);
    expect((await post(a, a.pro.accessToken, { collectedOn: '2026-11-25', examUploadId: ticket.body.uploadId, values })).status).toBe(409);
    const listed = await list(a, a.pro.accessToken, '?from=2026-11-25&to=2026-11-25');
    expect(listed.body.items[0].documentUrl).toMatch(/^http/);

    const fake = await h.api.post('/v1/uploads', { purpose: 'lab_exam', contentType: 'application/pdf', contentLength: 8, patientId: a.patientId }, { token: a.pro.accessToken });
    expect(await putUpload(fake.body, new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]))).toBe(201);
    const refused = await post(a, a.pro.accessToken, { collectedOn: '2026-11-26', examUploadId: fake.body.uploadId, values });
    expect(refused.status).toBe(422);
    const photo = await h.api.post('/v1/uploads', { purpose: 'progress_photo', contentType: 'image/jpeg', contentLength: 6, patientId: a.patientId }, { token: a.pro.accessToken });
    expect((await post(a, a.pro.accessToken, { collectedOn: '2026-11-26', examUploadId: photo.body.uploadId, values })).status).toBe(404);
  });

  it('when the exam is a photo of the report with GPS tags, then the kept document is the same JPEG upright without any metadata; a JPEG that does not decode is refused and its upload rejected', async () => {
    const original = await jpegWithGps(1200, 900);
    expect(Buffer.from(original).includes(GPS_POINTER)).toBe(true);
    const ticket = await h.api.post('/v1/uploads', { purpose: 'lab_exam', contentType: 'image/jpeg', contentLength: original.length, patientId: a.patientId }, { token: a.patientToken });
    expect(ticket.status).toBe(201);
    expect(await putUpload(ticket.body, original)).toBe(201);
    const values = [{ biomarker: 'tsh', value: 2, unit: 'm[IU]/L' }];
    const res = await post(a, a.pro.accessToken, { collectedOn: '2026-11-27', examUploadId: ticket.body.uploadId, values });
    expect(res.status).toBe(201);
    expect(res.body.documentContentType).toBe('image/jpeg');
    const kept = Buffer.from(await (await fetch(res.body.documentUrl)).arrayBuffer());
    const meta = await sharp(kept).metadata();
    expect([meta.format, meta.width, meta.height, meta.exif, meta.orientation]).toEqual(['jpeg', 900, 1200, undefined, undefined]);
    expect(kept.includes(GPS_POINTER)).toBe(false);
    expect(kept.includes(Buffer.from('TestCam'))).toBe(false);

    // JPEG magic bytes, then garbage: passes the sniff, fails to decode.
    const broken = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...new Array(60).fill(7)]);
    const bad = await h.api.post('/v1/uploads', { purpose: 'lab_exam', contentType: 'image/jpeg', contentLength: broken.length, patientId: a.patientId }, { token: a.pro.accessToken });
    expect(await putUpload(bad.body, broken)).toBe(201);
    const refused = await post(a, a.pro.accessToken, { collectedOn: '2026-11-27', examUploadId: bad.body.uploadId, values });
    expect([refused.status, refused.body.code]).toEqual([422, 'UPLOAD.CONTENT_MISMATCH']);
    const [row] = await withSystemBypass(h.db, 'test: upload status', async (tx) => rowsOf<{ status: string }>(await tx.execute(sql`select status from uploads where id = ${bad.body.uploadId}`)));
    expect(row).toEqual({ status: 'rejected' });
    expect((await post(a, a.pro.accessToken, { collectedOn: '2026-11-27', examUploadId: bad.body.uploadId, values })).status).toBe(404);
  });
});
