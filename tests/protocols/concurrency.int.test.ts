import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf, withSystemBypass } from '@korevitta/db';
import type { TestHost } from '../support/test-host.ts';
import { isRealPostgres } from '../support/database.ts';
import { createInvitedPatient, createProfessional, type Professional } from '../support/factories.ts';
import { auth, createDraft, startProtocolHost } from './support.ts';

/** Seed §10.1 rule 1 under concurrency: needs real connections (PGlite runs one transaction at a time). */
describe.skipIf(!isRealPostgres())('concurrent activations for one patient', () => {
  let h: TestHost;
  let stop: () => Promise<void>;
  let pro: Professional;
  beforeAll(async () => {
    ({ h, stop } = await startProtocolHost());
    pro = await createProfessional(h);
  });
  afterAll(async () => { await stop(); });

  const statuses = (patientId: string) => withSystemBypass(h.db, 'test: statuses', async (tx) =>
    rowsOf<{ id: string; status: string }>(await tx.execute(sql`select id, status from protocols where patient_id = ${patientId}`)));

  /**
   * Fires the activations while the test holds the patient's activation lock, so both requests have read
   * the state they expect to replace before either can proceed: a real overlap on every run.
   */
  const activateTogether = async (patientId: string, protocolIds: string[]) => {
    let pending: Promise<{ status: number; body: { code?: string } }[]> = Promise.resolve([]);
    await withSystemBypass(h.db, 'test: hold the activation lock', async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`protocol-activation:${patientId}`}, 0))`);
      pending = Promise.all(protocolIds.map((id) => h.api.post(`/v1/protocols/${id}/activate`, undefined, auth(pro))));
      await new Promise((r) => setTimeout(r, 400));
    });
    return pending;
  };

  it.each([1, 2, 3])('when two drafts of one patient are activated at once (round %i), then exactly one is active and the loser gets 409', async () => {
    const { patientId } = await createInvitedPatient(h, pro.professionalId);
    const [a, b] = [await createDraft(h, pro, patientId), await createDraft(h, pro, patientId)];
    const results = await activateTogether(patientId, [a.id, b.id]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)?.body.code).toBe('PROTOCOL.ACTIVATION_CONFLICT');
    const rows = await statuses(patientId);
    expect(rows.filter((r) => r.status === 'active')).toHaveLength(1);
    expect(rows.filter((r) => r.status === 'draft')).toHaveLength(1);
  });

  it('when activations race without any help (Promise.all), then exactly one protocol is active whatever the interleaving', async () => {
    for (let round = 0; round < 5; round += 1) {
      const { patientId } = await createInvitedPatient(h, pro.professionalId);
      const drafts = [await createDraft(h, pro, patientId), await createDraft(h, pro, patientId), await createDraft(h, pro, patientId)];
      const results = await Promise.all(drafts.map((p) => h.api.post(`/v1/protocols/${p.id}/activate`, undefined, auth(pro))));
      expect(results.every((r) => r.status === 200 || (r.status === 409 && r.body.code === 'PROTOCOL.ACTIVATION_CONFLICT'))).toBe(true);
      expect((await statuses(patientId)).filter((r) => r.status === 'active')).toHaveLength(1);
    }
  });

  it('when a patient already has an active protocol and two drafts are activated at once, then one wins, the old one is archived, one stays a draft', async () => {
    const { patientId } = await createInvitedPatient(h, pro.professionalId);
    const old = await createDraft(h, pro, patientId);
    expect((await h.api.post(`/v1/protocols/${old.id}/activate`, undefined, auth(pro))).status).toBe(200);
    const [a, b] = [await createDraft(h, pro, patientId), await createDraft(h, pro, patientId)];
    const results = await activateTogether(patientId, [a.id, b.id]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const rows = await statuses(patientId);
    expect(rows.filter((r) => r.status === 'active')).toHaveLength(1);
    expect(rows.find((r) => r.id === old.id)?.status).toBe('archived');
    expect(rows.filter((r) => r.status === 'draft')).toHaveLength(1);
    const versions = await withSystemBypass(h.db, 'test: versions', async (tx) =>
      rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from protocol_versions v join protocols p on p.id = v.protocol_id where p.patient_id = ${patientId}`)));
    expect(versions[0]?.n).toBe(2);
  });
});
