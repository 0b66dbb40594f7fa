import * as v from 'valibot';
import { getMeasurement } from '@korevitta/domain';
import { fromDomainError, progressCallerOf, registerHttp, withMeasurements } from '@korevitta/platform';
import { Id } from '../shared-schemas.ts';
import { Measurement, measurementResponses, toMeasurement } from './measurement-schemas.ts';

export default registerHttp({
  name: 'measurements-get',
  operationId: 'getMeasurement',
  method: 'GET',
  route: 'v1/patients/{patientId}/measurements/{measurementId}',
  summary: 'One body measurement with its derived values',
  tag: 'Progress and biomarkers',
  auth: ['professional', 'patient'],
  params: v.strictObject({ patientId: Id, measurementId: Id }),
  responses: { 200: { description: 'The measurement', schema: Measurement }, ...measurementResponses },
  handler: async ({ params, auth, rt, locale, requestId }) => {
    const result = await withMeasurements(rt, { auth, requestId, now: rt.clock.now() }, (deps) => getMeasurement(deps, progressCallerOf(auth), params),
      { kind: 'measurements', patientIdOf: () => params.patientId });
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 200, body: toMeasurement(result.value) };
  },
});
