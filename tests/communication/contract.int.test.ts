import { afterAll, beforeAll, describe, it } from 'vitest';
import { buildOpenApiDocument } from '@korevitta/platform';
import { allFunctions } from '../../functions/index.ts';
import { assertResponseMatchesSpec } from '../support/response-schemas.ts';
import type { TestHost } from '../support/test-host.ts';
import { createConversation, createPatientLogin, post, startCommunicationHost } from './support.ts';

/** TEST-CATALOG 16 for this routes: every answer matches the document (strict schemas, documented statuses). */
describe('communication: responses match the OpenAPI document', () => {
  const doc = buildOpenApiDocument(allFunctions, { version: '0.0.0-test' });
  let h: TestHost;
  beforeAll(async () => { h = await startCommunicationHost(); });
  afterAll(async () => { await h.stop(); });

  it('when each route answers success and its errors, then the body matches the schema for that status', async () => {
    const { pro, patient, threadId } = await createConversation(h);
    const check = (method: 'GET' | 'POST' | 'PUT', path: string, res: Parameters<typeof assertResponseMatchesSpec>[3]) => assertResponseMatchesSpec(doc, method, path, res);
    const msg = await post(h, pro.accessToken, threadId, 'oi');
    check('POST', `/v1/threads/${threadId}/messages`, msg);
    check('POST', `/v1/threads/${threadId}/messages`, await post(h, pro.accessToken, threadId, ' '));
    check('GET', `/v1/threads/${threadId}/messages`, await h.api.get(`/v1/threads/${threadId}/messages?limit=1`, { token: patient.token }));
    check('GET', '/v1/threads', await h.api.get('/v1/threads', { token: pro.accessToken }));
    check('POST', '/v1/threads', await h.api.post('/v1/threads', { patientId: patient.patientId }, { token: pro.accessToken }));
    const other = await createPatientLogin(h, pro);
    check('POST', '/v1/threads', await h.api.post('/v1/threads', { patientId: other.patientId, subject: 'Plano' }, { token: pro.accessToken }));
    check('POST', '/v1/threads', await h.api.post('/v1/threads', { contextType: 'protocol', contextId: threadId }, { token: patient.token }));
    check('POST', `/v1/threads/${threadId}/read`, await h.api.post(`/v1/threads/${threadId}/read`, { upToMessageId: msg.body.id }, { token: patient.token }));
    check('POST', `/v1/threads/${threadId}/read`, await h.api.post(`/v1/threads/${threadId}/read`, { upToMessageId: threadId }, { token: patient.token }));
    check('GET', `/v1/threads/${threadId}/messages`, await h.api.get(`/v1/threads/${threadId}/messages`, { token: other.token }));
    check('GET', '/v1/me/notification-preferences', await h.api.get('/v1/me/notification-preferences', { token: patient.token }));
    check('PUT', '/v1/me/notification-preferences', await h.api.put('/v1/me/notification-preferences', { emailOnMessage: false, quietPeriodMinutes: 45 }, { token: patient.token }));
    check('PUT', '/v1/me/notification-preferences', await h.api.put('/v1/me/notification-preferences', { emailOnMessage: false }, { token: patient.token }));
    check('GET', '/v1/threads', await h.api.get('/v1/threads'));
  });
});
