import { recordMeasurement } from '@korevitta/domain';
import { fromDomainError, progressCallerOf, registerHttp, withMeasurements } from '@korevitta/platform';
import { Measurement, MeasurementBody, measurementResponses, PatientParams, toMeasurement } from './measurement-schemas.ts';

export default registerHttp({
  name: 'measurements-record',
  operationId: 'recordMeasurement',
  method: 'POST',
  route: 'v1/patients/{patientId}/measurements',
  summary: 'Record body measurements taken on a date (professional for its patient, or the patient itself); answers them with BMI, waist-to-hip ratio and changes',
  description: 'Each value must be plausible (e.g. weight 20–400 kg, body fat 2–75 %): outside, 400 naming the field. At least one value; not after the patient\'s today. A patient\'s own entry counts as activity for its risk score.',
  tag: 'Progress and biomarkers',
  auth: ['professional', 'patient'],
  params: PatientParams,
  body: MeasurementBody,
  requestExample: { measuredOn: '2026-12-01', weightKg: 72.4, heightCm: 168, bodyFatPct: 24.5, waistCm: 81, hipCm: 99 },
  idempotent: true,
  responses: { 201: { description: 'Recorded', schema: Measurement, headers: ['location'] }, ...measurementResponses },
  handler: async ({ params, body, auth, rt, locale, requestId }) => {
    const { measuredOn, ...values } = body;
    const result = await withMeasurements(rt, { auth, requestId, now: rt.clock.now() }, (deps) =>
      recordMeasurement(deps, progressCallerOf(auth), { patientId: params.patientId, measuredOn, values }));
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 201, body: toMeasurement(result.value), headers: { location: `/v1/patients/${params.patientId}/measurements/${result.value.id}` } };
  },
});
