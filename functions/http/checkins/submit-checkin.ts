import { submitCheckin } from '@korevitta/domain';
import { checkinActorOf, fromDomainError, registerHttp, withCheckinDeps } from '@korevitta/platform';
import { CheckinDetailBody, checkinNotFound, CheckinParams, errorResponses, SubmitBody, toCheckinDetail } from './schemas.ts';
import { EXAMPLE_IDS } from '../examples.ts';

export default registerHttp({
  name: 'checkin-submit',
  operationId: 'submitCheckin',
  method: 'POST',
  route: 'v1/checkins/{checkinId}/submit',
  summary: 'Answer a check-in while it is open (pending) or late (recorded as late); answers are checked against its form version',
  tag: 'Check-ins and risk',
  auth: ['patient'],
  params: CheckinParams,
  body: SubmitBody,
  requestExample: { formContentVersion: 1, answers: { peso: 71.4, energia: 4, treinos: true, observacoes: 'Semana corrida, mas segui o plano.' } },
  idempotent: true,
  responses: {
    200: {
      description: 'Submitted; the next check-in is scheduled',
      schema: CheckinDetailBody,
      example: {
        id: EXAMPLE_IDS.checkin, patientId: EXAMPLE_IDS.patient, patientName: 'Ana Souza', formId: EXAMPLE_IDS.form, formName: 'Check-in semanal', formContentVersion: 1,
        status: 'submitted', opensAt: '2026-12-02T12:00:00.000Z', dueAt: '2026-12-03T12:00:00.000Z', graceEndsAt: '2026-12-04T12:00:00.000Z',
        openedAt: '2026-12-02T12:00:00.000Z', lateAt: null, missedAt: null, submittedAt: '2026-12-03T10:15:00.000Z', submittedLate: false,
        reviewedAt: null, reviewNotes: null, timeToReviewMs: 0,
        formSchema: { questions: [
          { id: 'peso', type: 'number', label: 'Peso (kg)', unit: 'kg', min: 20, max: 400, required: true },
          { id: 'energia', type: 'scale', label: 'Energia na semana', max: 5, required: true },
          { id: 'treinos', type: 'yes_no', label: 'Fez todos os treinos?', required: false },
          { id: 'observacoes', type: 'long_text', label: 'Observações', required: false },
        ] },
        answers: { peso: 71.4, energia: 4, treinos: true, observacoes: 'Semana corrida, mas segui o plano.' },
      },
    },
    ...errorResponses,
    ...checkinNotFound,
    409: { description: 'Not open yet, already answered, missed, or answers for another form version' },
    422: { description: 'Answers that do not fit the form (errors[] points at each question: /body/answers/<id>)' },
  },
  handler: async ({ params, body, auth, rt, locale, requestId }) => {
    const now = rt.clock.now();
    const result = await withCheckinDeps({ rt, auth, requestId, now }, (deps) =>
      submitCheckin(deps, checkinActorOf(auth), { checkinId: params.checkinId, formVersion: body.formContentVersion, responses: body.answers }));
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 200, body: toCheckinDetail(result.value.detail, now) };
  },
});
