import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApiDocument, type OpenApiDocument } from '@korevitta/platform';
import { allFunctions } from '../../functions/index.ts';
import type { TestHost } from '../support/test-host.ts';
import { createInvitedPatient, createProfessional, type Professional } from '../support/factories.ts';
import { assertResponseMatchesSpec } from '../support/response-schemas.ts';
import { auth, CONTENT, startProtocolHost } from './support.ts';

/** TEST-CATALOG 16 for the protocol engine: every answer matches the strict schema the document declares. */
describe('protocol engine responses vs the OpenAPI document', () => {
  let h: TestHost;
  let stop: () => Promise<void>;
  let pro: Professional;
  let doc: OpenApiDocument;
  beforeAll(async () => {
    ({ h, stop } = await startProtocolHost());
    pro = await createProfessional(h);
    doc = buildOpenApiDocument(allFunctions, { version: 'test' });
  });
  afterAll(async () => { await stop(); });

  it('when each protocol operation answers, success or problem, then the body matches its documented schema', async () => {
    const { patientId } = await createInvitedPatient(h, pro.professionalId);
    const check = (method: 'GET' | 'POST' | 'PATCH', path: string, res: Awaited<ReturnType<TestHost['api']['get']>>) =>
      assertResponseMatchesSpec(doc, method, path, res);
    const created = await h.api.post(`/v1/patients/${patientId}/protocols`, { name: 'Plano', content: CONTENT }, auth(pro));
    expect(check('POST', `/v1/patients/${patientId}/protocols`, created)).toBe('createProtocol');
    const id = created.body.id as string;
    check('GET', `/v1/patients/${patientId}/protocols`, await h.api.get(`/v1/patients/${patientId}/protocols`, auth(pro)));
    check('GET', `/v1/protocols/${id}`, await h.api.get(`/v1/protocols/${id}`, auth(pro)));
    check('POST', `/v1/protocols/${id}/activate`, await h.api.post(`/v1/protocols/${id}/activate`, undefined, auth(pro)));
    const patched = await h.api.patch(`/v1/protocols/${id}`, { content: { ...CONTENT, hydration: { dailyGoalMl: 3000 } } }, { ...auth(pro), headers: { 'if-match': '*' } });
    check('PATCH', `/v1/protocols/${id}`, patched);
    check('PATCH', `/v1/protocols/${id}`, await h.api.patch(`/v1/protocols/${id}`, { name: 'x' }, { ...auth(pro), headers: { 'if-match': '"1"' } }));
    check('PATCH', `/v1/protocols/${id}`, await h.api.patch(`/v1/protocols/${id}`, { name: 'x' }, auth(pro)));
    check('GET', `/v1/protocols/${id}/versions`, await h.api.get(`/v1/protocols/${id}/versions`, auth(pro)));
    check('GET', `/v1/protocols/${id}/versions/diff`, await h.api.get(`/v1/protocols/${id}/versions/diff?from=1&to=2`, auth(pro)));
    const template = await h.api.post('/v1/protocol-templates', { name: 'T', content: CONTENT }, auth(pro));
    check('POST', '/v1/protocol-templates', template);
    check('GET', '/v1/protocol-templates', await h.api.get('/v1/protocol-templates', auth(pro)));
    check('POST', `/v1/protocol-templates/${template.body.id}/apply`, await h.api.post(`/v1/protocol-templates/${template.body.id}/apply`, { patientId }, auth(pro)));
    check('POST', `/v1/protocols/${id}/archive`, await h.api.post(`/v1/protocols/${id}/archive`, undefined, auth(pro)));
    check('POST', `/v1/protocols/${id}/archive`, await h.api.post(`/v1/protocols/${id}/archive`, undefined, auth(pro)));
  });
});
