import { listPatients } from '@korevitta/domain';
import { registerHttp, withPatientDeps } from '@korevitta/platform';
import { ListPatientsQuery, PatientPage, toListQuery, toPatientPage } from './list-schemas.ts';

export default registerHttp({
  name: 'patients-list',
  operationId: 'listPatients',
  method: 'GET',
  route: 'v1/patients',
  summary: 'The CRM list: filter by status, risk band and text (accent-insensitive); sort by name, risk or last activity',
  tag: 'Patients',
  auth: ['professional'],
  query: ListPatientsQuery,
  responses: {
    200: { description: 'One page of patients; keyset cursor, stable under inserts', schema: PatientPage },
    400: { description: 'Invalid filter, sort or cursor (problem+json with errors[])' },
    403: { description: 'Professionals only' },
  },
  handler: async ({ query, auth, rt, requestId }) => {
    const listQuery = toListQuery(query);
    const rows = await withPatientDeps({ rt, auth, requestId }, (deps) => listPatients(deps, listQuery));
    return { status: 200, body: toPatientPage(rows, listQuery) };
  },
});
