import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { strFromU8, unzipSync } from 'fflate';
import { sql } from 'drizzle-orm';
import { rowsOf, withSystemBypass, withTenant } from '@korevitta/db';
import { DATA_EXPORT_REQUESTED } from '@korevitta/domain';
import { invokeQueueFunction, purgeExpiredDataExports, relayOutbox, type QueueFunctionDefinition } from '@korevitta/platform';
import { allFunctions } from '../../functions/index.ts';
import { startTestHost, type TestHost } from '../support/test-host.ts';
import { createInvitedPatient, createProfessional, randomUUID, STRONG_PASSWORD, type Professional } from '../support/factories.ts';
import { outboxDelivery } from '../support/outbox-delivery.ts';
import { deliverThumbnailJob, putUpload } from '../progress/support.ts';
import { seedCheckins } from '../risk/support.ts';
import { EXPORTED_RESOURCE_TYPES, fhirBundleErrors } from './fhir-schema.ts';

type Files = Record<string, Uint8Array>;
type Row = Record<string, unknown>;
interface ExportRow { status: string; completed_at: string; bytes: number; attempts: number }
interface FhirBundle { resourceType: string; type: string; entry: { fullUrl: string; resource: Row & { resourceType: string; id: string } }[] }

const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

const json = (files: Files, name: string): Row[] => {
  const file = files[name];
  if (!file) throw new Error(`${name} is not in the export (has: ${Object.keys(files).join(', ')})`);
  return JSON.parse(strFromU8(file)) as Row[];
};
const resources = (bundle: FhirBundle, type: string) => bundle.entry.map((e) => e.resource).filter((r) => r.resourceType === type);
const loincOf = (r: Row) => ((r.code as { coding?: { code: string }[] }).coding ?? []).map((c) => c.code);

/**
 * Issue 12 / ADR 0021: LGPD exports over HTTP, built by the bulk consumer into a ZIP on Azurite, opened and checked
 * file by file, on real Postgres.
 */
describe('LGPD data exports', () => {
  let h: TestHost;
  let pro: Professional;
  let other: Professional;
  let delivery: ReturnType<typeof outboxDelivery>;
  const tag = randomUUID().slice(0, 8);
  const name = `Graciliana Exportável ${tag}`;
  let patient: { patientId: string; token: string };
  let patientUserId: string;
  let second: { patientId: string };
  let photoId: string;
  let panelId: string;
  let protocolId: string;

  beforeAll(async () => {
    h = await startTestHost();
    pro = await createProfessional(h);
    other = await createProfessional(h);
    const invite = await createInvitedPatient(h, pro.professionalId, { name });
    const accepted = await h.api.post('/v1/invites/accept', { token: invite.token, password: STRONG_PASSWORD });
    expect(accepted.status).toBe(201);
    patient = { patientId: invite.patientId, token: accepted.body.accessToken };
    patientUserId = (await h.api.get('/v1/me', { token: patient.token })).body.user.id;
    second = { patientId: (await createInvitedPatient(h, pro.professionalId, { name: `Segunda ${tag}` })).patientId };
    await createInvitedPatient(h, other.professionalId, { name: `Alheia ${tag}` });
    const id = patient.patientId;
    const auth = { token: pro.accessToken };
    // The practice's branding: the export speaks in its name (issue 11).
    expect((await h.api.put('/v1/branding', { displayName: `Clínica Vida Leve ${tag}`, primaryColor: '#0b7a5a', accentColor: '#1F4E79' }, { ...auth, headers: { 'if-match': '"0"' } })).status).toBe(201);
    // An edit of the record (an audit entry about the patient).
    const current = await h.api.get(`/v1/patients/${id}`, auth);
    expect((await h.api.patch(`/v1/patients/${id}`, { phone: '+5511988887777' }, { ...auth, headers: { 'if-match': current.headers.get('etag') ?? '' } })).status).toBe(200);

    // Measurements: weight and height (BMI derived), then weight alone (BMI from the last height), waist and body fat.
    expect((await h.api.post(`/v1/patients/${id}/measurements`, { measuredOn: '2026-10-01', weightKg: 80, heightCm: 170, waistCm: 90 }, auth)).status).toBe(201);
    expect((await h.api.post(`/v1/patients/${id}/measurements`, { measuredOn: '2026-11-01', weightKg: 78.5, bodyFatPct: 24.5, hipCm: 101 }, auth)).status).toBe(201);
    // A protocol, activated (a version).
    const protocol = await h.api.post(`/v1/patients/${id}/protocols`, { name: 'Plano de emagrecimento', content: { hydration: { dailyGoalMl: 2000 } } }, auth);
    expect(protocol.status).toBe(201);
    protocolId = protocol.body.id;
    expect((await h.api.post(`/v1/protocols/${protocolId}/activate`, undefined, auth)).status).toBe(200);
    // A thread with a message from each side.
    const thread = await h.api.post('/v1/threads', { patientId: id, subject: 'Acompanhamento' }, auth);
    expect(thread.status).toBe(201);
    expect((await h.api.post(`/v1/threads/${thread.body.id}/messages`, { body: 'Como foi a semana?' }, auth)).status).toBe(201);
    expect((await h.api.post(`/v1/threads/${thread.body.id}/messages`, { body: 'Foi boa, obrigado' }, { token: patient.token })).status).toBe(201);
    // A submitted check-in with a number, a choice and a free text.
    await seedCheckins(h.db, { professionalId: pro.professionalId, patientId: id }, [{ dueAt: new Date(Date.now() - 86_400_000).toISOString(), status: 'submitted', submittedAt: new Date().toISOString() }]);
    await withSystemBypass(h.db, 'test seed: answers', (tx) => tx.execute(sql`
      update checkins set responses = ${JSON.stringify({ energia: 4, dormiu_bem: true, comentario: 'Semana tranquila' })}::jsonb where patient_id = ${id}`));
    // A photo with a real blob, through upload → confirm → thumbnail job.
    const jpeg = new Uint8Array(await sharp({ create: { width: 600, height: 800, channels: 3, background: { r: 200, g: 150, b: 120 } } }).jpeg().toBuffer());
    const ticket = await h.api.post('/v1/uploads', { purpose: 'progress_photo', contentType: 'image/jpeg', contentLength: jpeg.length, patientId: id }, { token: patient.token });
    expect(ticket.status).toBe(201);
    expect(await putUpload(ticket.body, jpeg)).toBe(201);
    const confirmed = await h.api.post(`/v1/patients/${id}/photos`, { uploadId: ticket.body.uploadId, pose: 'front', takenAt: '2026-11-01T10:00:00.000Z' }, { token: patient.token });
    expect(confirmed.status).toBe(201);
    photoId = confirmed.body.id;
    await deliverThumbnailJob(h, photoId);
    // A lab panel (glucose given in mmol/L, stored in mg/dL) with its PDF exam.
    const examTicket = await h.api.post('/v1/uploads', { purpose: 'lab_exam', contentType: 'application/pdf', contentLength: PDF.length, patientId: id }, auth);
    expect(await putUpload(examTicket.body, PDF)).toBe(201);
    const panel = await h.api.post(`/v1/patients/${id}/lab-results`, { collectedOn: '2026-11-20', laboratory: 'Lab Central', examUploadId: examTicket.body.uploadId, values: [{ biomarker: 'glucose_fasting', value: 5.2, unit: 'mmol/L' }] }, auth);
    expect([panel.status, panel.body.code]).toEqual([201, undefined]);
    panelId = panel.body.id;
    delivery = outboxDelivery(h, [DATA_EXPORT_REQUESTED]);
  });
  afterAll(async () => {
    delivery.stop();
    await h.stop();
  });

  const request = (token: string, body: Record<string, unknown>) => h.api.post('/v1/data-exports', body, { token });
  const get = (exportId: string, token: string) => h.api.get(`/v1/data-exports/${exportId}`, { token });
  const build = () => delivery.deliver({ professionalId: pro.professionalId });
  async function download(exportId: string, token: string): Promise<Files> {
    const ready = await get(exportId, token);
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ id: exportId, status: 'ready' });
    const res = await fetch(ready.body.downloadUrl);
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(ready.body.bytes).toBe(bytes.length);
    return unzipSync(bytes);
  }

  let patientExport: string;
  let patientFiles: Files;
  let afterFirstBuild: ExportRow | undefined;
  let proPatientExport: string;
  let proAccountExport: string;
  let afterRedelivery: ExportRow | undefined;
  const exportRow = (id: string) => withSystemBypass(h.db, 'test read', async (tx) => rowsOf<ExportRow>(
    await tx.execute(sql`select status, completed_at::text, bytes::int, attempts from data_exports where id = ${id}`))[0]);

  it('when the patient asks for its export, then 202 with Location and status queued, no URL; the bulk job makes it ready', async () => {
    const res = await request(patient.token, { scope: 'patient' });
    expect(res.status).toBe(202);
    expect(res.headers.get('location')).toBe(`/v1/data-exports/${res.body.id}`);
    expect(res.body).toMatchObject({ scope: 'patient', patientId: patient.patientId, status: 'queued', downloadUrl: null, completedAt: null, bytes: null });
    expect(new Date(res.body.expiresAt).getTime() - new Date(res.body.createdAt).getTime()).toBe(7 * 86_400_000);
    patientExport = res.body.id;
    expect((await get(patientExport, patient.token)).body).toMatchObject({ status: 'queued', downloadUrl: null });
    // The build message, delivered twice (a redelivery): see the test of redelivery below.
    await relayOutbox({ db: h.db, sender: h.rt.queue, now: h.rt.clock.now(), onlyTypes: [DATA_EXPORT_REQUESTED], onlyProfessionalId: pro.professionalId });
    const received = await h.rt.localQueue!.receive('bulk', { max: 100 });
    const message = received.find((r) => r.messageId === patientExport);
    expect(message).toBeDefined();
    const bulk = allFunctions.find((fn): fn is QueueFunctionDefinition => fn.kind === 'queue' && fn.queue === 'bulk')!;
    await invokeQueueFunction(bulk, message!, h.rt);
    afterFirstBuild = await exportRow(patientExport);
    await invokeQueueFunction(bulk, message!, h.rt);
    afterRedelivery = await exportRow(patientExport);
    for (const r of received) await h.rt.localQueue!.complete(r.lockToken);
    patientFiles = await download(patientExport, patient.token);
  }, 120_000);

  it('when the ZIP is opened, then every file is there: one JSON per kind of data, the photo itself, the FHIR bundle and a README in pt-BR', async () => {
    const f = patientFiles;
    const [profile] = json(f, 'profile.json');
    expect(json(f, 'profile.json')).toHaveLength(1);
    expect(profile).toMatchObject({ id: patient.patientId, name, professional_id: pro.professionalId });
    const [account] = json(f, 'account.json');
    expect(account).toMatchObject({ patient_id: patient.patientId, role: 'patient' });
    expect(account).not.toHaveProperty('password_hash');
    expect(strFromU8(f['account.json']!)).not.toMatch(/argon2|password_hash/);
    expect(json(f, 'measurements.json').map((m) => m.weight_kg)).toEqual([80, 78.5]);
    expect(json(f, 'protocols.json')).toEqual([expect.objectContaining({ id: protocolId, name: 'Plano de emagrecimento', status: 'active' })]);
    expect(json(f, 'protocol-versions.json')).toEqual([expect.objectContaining({ protocol_id: protocolId, version: 1 })]);
    expect(json(f, 'checkins.json')).toEqual([expect.objectContaining({ status: 'submitted', responses: { energia: 4, dormiu_bem: true, comentario: 'Semana tranquila' } })]);
    expect(json(f, 'threads.json')).toEqual([expect.objectContaining({ subject: 'Acompanhamento' })]);
    expect(json(f, 'messages.json').map((m) => [m.sender_role, m.body])).toEqual([['professional', 'Como foi a semana?'], ['patient', 'Foi boa, obrigado']]);
    expect(json(f, 'photos.json')).toEqual([expect.objectContaining({ id: photoId, pose: 'front', status: 'ready' })]);
    const photo = f[`photos/${photoId}.jpg`];
    expect(photo).toBeDefined();
    expect((await sharp(Buffer.from(photo!)).metadata()).format).toBe('jpeg');
    expect(json(f, 'lab-results.json')).toEqual([expect.objectContaining({ id: panelId, laboratory: 'Lab Central', exam_content_type: 'application/pdf' })]);
    expect(json(f, 'lab-values.json')).toEqual([expect.objectContaining({ panel_id: panelId, biomarker_code: 'glucose_fasting', original_unit: 'mmol/L' })]);
    expect(strFromU8(f[`exams/${panelId}.pdf`]!)).toBe(strFromU8(PDF));
    expect(json(f, 'audit.json')).toEqual(expect.arrayContaining([expect.objectContaining({ entity_id: patient.patientId, action: 'patient.updated' })]));
    for (const file of ['daily-tasks.json', 'task-completions.json', 'adherence.json', 'water.json', 'checkin-schedule.json', 'access-log.json']) expect(Array.isArray(json(f, file))).toBe(true);
    // Nothing of another patient of the same professional, nor of another tenant.
    const everything = Object.entries(f).filter(([n]) => n.endsWith('.json')).map(([, b]) => strFromU8(b)).join('\n');
    expect(everything).not.toContain(second.patientId);
    expect(everything).not.toContain(`Alheia ${tag}`);
    expect(everything).not.toContain(`Segunda ${tag}`);
    // The README explains every file in pt-BR.
    const readme = strFromU8(f['README.txt']!);
    expect(readme.split('\n')[0]).toBe(`EXPORTAÇÃO DE DADOS PESSOAIS — Clínica Vida Leve ${tag}`);
    expect(readme).toContain(`fale com Clínica Vida Leve ${tag}, o profissional responsável`);
    expect(readme).toContain('Lei 13.709/2018');
    for (const file of Object.keys(f).filter((n) => !n.includes('/') && n !== 'README.txt')) expect(readme).toContain(`- ${file}`);
    expect(readme).toContain('- photos/ (1 arquivo)');
    expect(readme).toContain('- exams/ (1 arquivo)');
    expect(readme).toContain('- measurements.json (2 registros)');
  });

  it('when fhir-bundle.json is checked against the FHIR R4 JSON schema, then it is valid and has the patient, LOINC observations, the check-in, the protocol and the messages', async () => {
    const bundle = JSON.parse(strFromU8(patientFiles['fhir-bundle.json']!)) as FhirBundle;
    expect(fhirBundleErrors(bundle)).toEqual([]);
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    expect(new Set(bundle.entry.map((e) => e.resource.resourceType))).toEqual(new Set(EXPORTED_RESOURCE_TYPES));
    for (const e of bundle.entry) expect(e.fullUrl).toBe(`urn:uuid:${e.resource.id}`);
    const [p] = resources(bundle, 'Patient');
    expect(p).toMatchObject({ id: patient.patientId, name: [{ text: name }], active: true });
    const observations = resources(bundle, 'Observation');
    const byCode = (code: string) => observations.filter((o) => loincOf(o).includes(code)).map((o) => [o.effectiveDateTime, (o.valueQuantity as { value: number }).value]);
    expect(byCode('29463-7')).toEqual([['2026-10-01', 80], ['2026-11-01', 78.5]]);
    expect(byCode('8302-2')).toEqual([['2026-10-01', 170]]);
    expect(byCode('39156-5')).toEqual([['2026-10-01', 27.7], ['2026-11-01', 27.2]]);
    expect(byCode('41982-0')).toEqual([['2026-11-01', 24.5]]);
    expect(byCode('8280-0')).toEqual([['2026-10-01', 90]]);
    expect(byCode('62409-8')).toEqual([['2026-11-01', 101]]);
    const glucose = observations.filter((o) => loincOf(o).includes('1558-6'));
    expect(glucose).toEqual([expect.objectContaining({ effectiveDateTime: '2026-11-20', category: [{ coding: [expect.objectContaining({ code: 'laboratory' })] }] })]);
    expect(glucose[0]!.valueQuantity).toMatchObject({ unit: 'mg/dL', code: 'mg/dL', system: 'http://unitsofmeasure.org' });
    for (const o of observations) expect(o).toMatchObject({ status: 'final', subject: { reference: `urn:uuid:${patient.patientId}` }, valueQuantity: { system: 'http://unitsofmeasure.org' } });
    expect(observations).toHaveLength(4 + 4 + 1); // each measurement row: its three values and a BMI; one lab value

    const [qr] = resources(bundle, 'QuestionnaireResponse');
    expect(qr).toMatchObject({ status: 'completed', subject: { reference: `urn:uuid:${patient.patientId}` } });
    expect(qr!.item).toEqual(expect.arrayContaining([
      { linkId: 'energia', answer: [{ valueInteger: 4 }] }, { linkId: 'dormiu_bem', answer: [{ valueBoolean: true }] }, { linkId: 'comentario', answer: [{ valueString: 'Semana tranquila' }] },
    ]));
    expect(resources(bundle, 'CarePlan')).toEqual([expect.objectContaining({ id: protocolId, status: 'active', intent: 'plan', title: 'Plano de emagrecimento' })]);
    const communications = resources(bundle, 'Communication');
    expect(communications.map((c) => (c.payload as { contentString: string }[])[0]!.contentString)).toEqual(['Como foi a semana?', 'Foi boa, obrigado']);
    expect(communications[1]).toMatchObject({ sender: { reference: `urn:uuid:${patient.patientId}` } });
  }, 120_000);

  it('when a resource breaks FHIR R4 (an unknown status, a resource type the export does not write), then the schema check says so', () => {
    const bundle = JSON.parse(strFromU8(patientFiles['fhir-bundle.json']!)) as FhirBundle;
    const broken = structuredClone(bundle);
    resources(broken, 'Observation')[0]!.status = 'measured';
    expect(fhirBundleErrors(broken)).not.toEqual([]);
    expect(fhirBundleErrors({ ...bundle, entry: [{ fullUrl: 'urn:uuid:x', resource: { resourceType: 'Account', id: 'x', status: 'active' } }] })).not.toEqual([]);
  });

  it('when the build message is delivered again, then the export is not built twice and there is one ZIP', async () => {
    expect(afterFirstBuild).toMatchObject({ status: 'ready', attempts: 1 });
    expect(afterRedelivery).toEqual(afterFirstBuild);
    expect(await exportBlobs(h, pro.professionalId)).toEqual([`${pro.professionalId}/${patient.patientId}/${patientExport}.zip`]);
  });

  it("when the professional exports one patient, then the ZIP holds that patient only; the whole account holds every patient of its own and no one else's", async () => {
    const one = await request(pro.accessToken, { scope: 'patient', patientId: patient.patientId });
    expect(one.status).toBe(202);
    const all = await request(pro.accessToken, { scope: 'account' });
    expect(all.status).toBe(202);
    proPatientExport = one.body.id;
    proAccountExport = all.body.id;
    expect(all.body).toMatchObject({ scope: 'account', patientId: null });
    await build();
    const oneFiles = await download(one.body.id, pro.accessToken);
    expect(json(oneFiles, 'profile.json').map((p) => p.id)).toEqual([patient.patientId]);
    const allFiles = await download(all.body.id, pro.accessToken);
    expect(json(allFiles, 'profile.json').map((p) => p.id).sort()).toEqual([patient.patientId, second.patientId].sort());
    expect(strFromU8(allFiles['profile.json']!)).not.toContain(`Alheia ${tag}`);
    expect(allFiles[`photos/${photoId}.jpg`]).toBeDefined();
    const bundle = JSON.parse(strFromU8(allFiles['fhir-bundle.json']!)) as FhirBundle;
    expect(fhirBundleErrors(bundle)).toEqual([]);
    expect(resources(bundle, 'Patient').map((p) => p.id).sort()).toEqual([patient.patientId, second.patientId].sort());
    // The professional's download of a patient's export is in that patient's access log.
    const kinds = await withSystemBypass(h.db, 'test read', async (tx) => rowsOf<{ kind: string }>(await tx.execute(sql`
      select kind from patient_access_buffer where patient_id = ${patient.patientId} and actor_user_id = ${pro.userId}
      union all select kind from patient_access_log where patient_id = ${patient.patientId} and actor_user_id = ${pro.userId}`)));
    expect(kinds.map((k) => k.kind)).toContain('export');
  }, 120_000);

  it("when another professional asks for an export id, or a patient for an account export, then 404; a patient sees its professional's export of it; no one exports a patient not theirs", async () => {
    for (const id of [patientExport, proPatientExport, proAccountExport]) expect((await get(id, other.accessToken)).status).toBe(404);
    expect((await get(proAccountExport, patient.token)).status).toBe(404);
    expect((await get(proPatientExport, patient.token)).body).toMatchObject({ id: proPatientExport, status: 'ready', patientId: patient.patientId });
    expect((await get(patientExport, pro.accessToken)).body).toMatchObject({ id: patientExport, status: 'ready' });
    expect((await get(randomUUID(), pro.accessToken)).status).toBe(404);
    expect((await request(other.accessToken, { scope: 'patient', patientId: patient.patientId })).status).toBe(404);
    expect((await request(patient.token, { scope: 'patient', patientId: second.patientId })).status).toBe(404);
    // Under RLS, another tenant's context sees none of these rows at all.
    const seen = await withTenant(h.db, { userId: other.userId, role: 'professional', professionalId: other.professionalId, patientId: null }, async (tx) =>
      rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from data_exports where professional_id = ${pro.professionalId}`))[0]!.n);
    expect(seen).toBe(0);
  });

  it('when the scope does not fit the caller, then 403 (a patient asking for an account) or 400 (a patientId missing or extra), and nothing is queued', async () => {
    const account = await request(patient.token, { scope: 'account' });
    expect(account.status).toBe(403);
    expect(account.body.code).toBe('DATA_EXPORT.SCOPE_NOT_ALLOWED');
    const missing = await request(other.accessToken, { scope: 'patient' });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([expect.objectContaining({ pointer: '/body/patientId', code: 'required' })]);
    const extra = await request(other.accessToken, { scope: 'account', patientId: patient.patientId });
    expect(extra.status).toBe(400);
    expect(extra.body.errors).toEqual([expect.objectContaining({ pointer: '/body/patientId', code: 'must_be_absent' })]);
    expect((await request(other.accessToken, { scope: 'everything' })).status).toBe(400);
  });

  it('when a requester has asked three times in 24 hours, then the fourth is 429 with Retry-After, and creation and downloads are audited without health values', async () => {
    const quotaPro = await createProfessional(h);
    for (let i = 0; i < 3; i += 1) expect((await request(quotaPro.accessToken, { scope: 'account' })).status).toBe(202);
    const fourth = await request(quotaPro.accessToken, { scope: 'account' });
    expect(fourth.status).toBe(429);
    expect(fourth.body.code).toBe('DATA_EXPORT.QUOTA_EXCEEDED');
    expect(Number(fourth.headers.get('retry-after'))).toBeGreaterThan(86_000);
    const trail = await withSystemBypass(h.db, 'test read', async (tx) => rowsOf<{ action: string; changes: unknown; actor_user_id: string }>(await tx.execute(sql`
      select action, changes, actor_user_id from audit_log where entity_type = 'data_export' and entity_id = ${patientExport}::uuid order by occurred_at`)));
    // Requested by the patient, downloaded by the patient, then by its professional.
    expect(trail.map((t) => [t.action, t.actor_user_id])).toEqual([['data_export.requested', patientUserId], ['data_export.downloaded', patientUserId], ['data_export.downloaded', pro.userId]]);
    expect(JSON.stringify(trail)).not.toMatch(/78\.5|Semana|Graciliana/);
  });

  it('when an export is past its 7 days, then it reads expired without a URL, and the retention job deletes the row and the ZIP', async () => {
    await withSystemBypass(h.db, 'test: age the export', (tx) => tx.execute(sql`
      update data_exports set expires_at = now() - interval '1 minute' where id = ${patientExport}`));
    const expired = await get(patientExport, patient.token);
    expect(expired.status).toBe(200);
    expect(expired.body).toMatchObject({ status: 'expired', downloadUrl: null, downloadExpiresAt: null });
    const ref = { container: 'exports' as const, name: `${pro.professionalId}/${patient.patientId}/${patientExport}.zip` };
    expect(await h.rt.blobs!.properties(ref)).not.toBeNull();
    expect(await purgeExpiredDataExports(h.rt, { now: new Date(), professionalIds: [pro.professionalId] })).toBe(1);
    expect((await get(patientExport, patient.token)).status).toBe(404);
    expect(await h.rt.blobs!.properties(ref)).toBeNull();
    expect(await purgeExpiredDataExports(h.rt, { now: new Date(), professionalIds: [pro.professionalId] })).toBe(0);
  });
});

/** The ZIPs under one professional's prefix of the exports container. */
async function exportBlobs(h: TestHost, professionalId: string): Promise<string[]> {
  const { BlobServiceClient } = await import('@azure/storage-blob');
  const service = new BlobServiceClient(h.rt.config.blob.serviceUrl!, BlobServiceClient.fromConnectionString('UseDevelopmentStorage=true').credential);
  const names: string[] = [];
  for await (const b of service.getContainerClient('exports').listBlobsFlat({ prefix: `${professionalId}/` })) names.push(b.name);
  return names;
}

