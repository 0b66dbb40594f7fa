/**
 * Issue 12 / ADR 0021: the build of a whole-account LGPD export (the bulk job's work) — wall time, peak RSS of this
 * process while it streams, and the archive's size — to show that memory does not grow with the account.
 *
 *   npx tsx bench/data-export.ts [patients=1000] [measurementsPerPatient=24] [messagesPerPatient=60] [photos=100]
 *   BENCH_ADMIN_URL=postgres://postgres@127.0.0.1:5432/postgres (default)
 *
 * A scratch database (migrated) and an in-memory Azurite; one professional with `patients` patients, each with
 * measurements, a thread of messages and (the first `photos` of them) one 400 KB photo blob. Then the export is
 * requested as a row and built by runDataExportBuild, as the consumer does, while RSS is sampled every 20 ms.
 */
import os from 'node:os';
import { randomBytes, randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { migrate } from '@korevitta/db';
import { startAzurite } from '@korevitta/local-host';
import { createAzureBlobStore, runDataExportBuild, type Runtime } from '@korevitta/platform';
import { openScratchDatabase, timed } from './scratch-db.ts';

const adminUrl = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const [patients, measurements, messages, photos] = [1000, 24, 60, 100].map((d, i) => Number(process.argv[2 + i] ?? d)) as [number, number, number, number];

const scratch = await openScratchDatabase('kv_bench_export', { adminUrl });
const azurite = await startAzurite({ port: 0, location: null });
try {
  await migrate(scratch.db.migrationTarget);
  const blobs = createAzureBlobStore({ serviceUrl: azurite.serviceUrl, auth: 'emulator' });
  await blobs.ensureContainers();
  const professionalId = randomUUID();
  const userId = randomUUID();
  const s = postgres(scratch.url, { max: 1, onnotice: () => undefined });
  await timed(`seed ${patients} patients × (${measurements} measurements, ${messages} messages), ${photos} photos`, async () => {
    await s.unsafe(`insert into professionals (id, name) values ('${professionalId}', 'Bench')`);
    await s.unsafe(`insert into patients (id, professional_id, name, email, timezone)
      select gen_random_uuid(), '${professionalId}', 'Paciente ' || g, 'p' || g || '@example.com', 'America/Sao_Paulo' from generate_series(1, ${patients}) g`);
    await s.unsafe(`insert into body_measurements (id, professional_id, patient_id, measured_on, weight_kg, height_cm, waist_cm, recorded_by_role, recorded_by_user_id)
      select gen_random_uuid(), professional_id, p.id, date '2026-01-01' + m * 7, 70 + (m % 10), 170, 85, 'professional', '${userId}'
      from patients p, generate_series(1, ${measurements}) m where p.professional_id = '${professionalId}'`);
    await s.unsafe(`insert into threads (id, professional_id, patient_id, context_type, created_by)
      select gen_random_uuid(), professional_id, id, 'general', '${userId}' from patients where professional_id = '${professionalId}'`);
    await s.unsafe(`insert into messages (id, professional_id, patient_id, thread_id, sender_user_id, sender_role, body, created_at)
      select gen_random_uuid(), t.professional_id, t.patient_id, t.id, '${userId}', case when m % 2 = 0 then 'professional' else 'patient' end,
        'Mensagem número ' || m || ' sobre a semana, as refeições e o treino.', now() - (m || ' hours')::interval
      from threads t, generate_series(1, ${messages}) m where t.professional_id = '${professionalId}'`);
    const withPhoto = await s.unsafe<{ id: string }[]>(`select id from patients where professional_id = '${professionalId}' order by id limit ${photos}`);
    for (const p of withPhoto) {
      const uploadId = randomUUID();
      const name = `${professionalId}/${p.id}/${randomUUID()}/display.jpg`;
      await s.unsafe(`insert into uploads (id, professional_id, patient_id, requested_by, purpose, content_type, declared_bytes, blob_name, status, expires_at)
        values ('${uploadId}', '${professionalId}', '${p.id}', '${userId}', 'progress_photo', 'image/jpeg', 409600, '${uploadId}', 'confirmed', now())`);
      await s.unsafe(`insert into progress_photos (id, professional_id, patient_id, upload_id, pose, taken_at, status, display_blob, width, height)
        values (gen_random_uuid(), '${professionalId}', '${p.id}', '${uploadId}', 'front', now(), 'ready', '${name}', 900, 1200)`);
      await blobs.write({ container: 'photos', name }, new Uint8Array(randomBytes(400 * 1024)), 'image/jpeg');
    }
  });
  const rows = await s.unsafe<{ n: number }[]>(`select (select count(*) from body_measurements) + (select count(*) from messages) + (select count(*) from patients) as n`);
  const exportId = randomUUID();
  const now = new Date();
  await s.unsafe(`insert into data_exports (id, professional_id, scope, requested_by, requester_role, expires_at)
    values ('${exportId}', '${professionalId}', 'account', '${userId}', 'professional', now() + interval '7 days')`);
  await s.end();

  const rt = { db: scratch.db, blobs } as unknown as Runtime;
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
  const load = os.loadavg().map((x) => x.toFixed(2)).join(' ');
  const { value: outcome, ms } = await timed('build the account export', () => runDataExportBuild(rt, exportId, now));
  clearInterval(sampler);
  const props = await blobs.properties({ container: 'exports', name: `${professionalId}/account/${exportId}.zip` });
  console.log(`outcome ${outcome}; ${Number(rows[0]?.n ?? 0).toLocaleString('en')} table rows + ${photos} photos (${(photos * 0.4).toFixed(0)} MB) → ZIP ${((props?.size ?? 0) / 1e6).toFixed(1)} MB in ${(ms / 1000).toFixed(2)} s`);
  console.log(`RSS before ${(baseline / 1e6).toFixed(0)} MB, peak ${(peak / 1e6).toFixed(0)} MB (+${((peak - baseline) / 1e6).toFixed(0)} MB); load average before the build ${load}`);
} finally {
  await azurite.close();
  await scratch.close();
}
