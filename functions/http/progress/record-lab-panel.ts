import { recordLabPanel } from '@korevitta/domain';
import { fromDomainError, progressCallerOf, registerHttp, withLabDeps } from '@korevitta/platform';
import { PatientParams } from './measurement-schemas.ts';
import { LabPanel, LabPanelBody, labResponses, toLabPanel } from './lab-schemas.ts';

export default registerHttp({
  name: 'lab-results-record',
  operationId: 'recordLabPanel',
  method: 'POST',
  route: 'v1/patients/{patientId}/lab-results',
  summary: "Record a lab panel of my patient (collection date, laboratory, optional exam file) with values per biomarker in any accepted unit; answers them canonical and flagged",
  description: 'Each value is stored in the catalog\'s canonical unit with the reported value and unit kept, and flagged low/normal/high/critical for the patient\'s sex and age '
    + 'at collection (null when no range fits). An unknown biomarker or unit is a 400 naming the value (`errors[].pointer`). '
    + 'An exam file is a `lab_exam` upload of this patient, checked like a photo (409 not arrived, 413 too large, 422 not the declared type) and kept read-only.',
  tag: 'Progress and biomarkers',
  auth: ['professional'],
  params: PatientParams,
  body: LabPanelBody,
  requestExample: {
    collectedOn: '2026-11-28', laboratory: 'Laboratório Central', examUploadId: null,
    values: [{ biomarker: 'glucose_fasting', value: 5.4, unit: 'mmol/L' }, { biomarker: 'hba1c', value: 5.9, unit: '%' }, { biomarker: 'ferritin', value: 12, unit: 'ng/mL' }],
  },
  idempotent: true,
  responses: {
    201: { description: 'Recorded', schema: LabPanel, headers: ['location'] },
    ...labResponses,
    409: { description: "The exam file has not arrived yet, the upload was already used, or the file does not fit the plan's storage (SUBSCRIPTION.LIMIT_REACHED; the upload stays pending)" },
    413: { description: 'The exam file is larger than the limit (deleted)' },
    422: { description: 'The exam file is not of the declared type (deleted)' },
  },
  handler: async ({ params, body, auth, rt, locale, requestId }) => {
    const result = await withLabDeps({ rt, auth, requestId }, (deps) => recordLabPanel(deps, progressCallerOf(auth), {
      patientId: params.patientId, collectedOn: body.collectedOn, laboratory: body.laboratory ?? null, examUploadId: body.examUploadId ?? null, values: body.values,
    }));
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 201, body: toLabPanel(result.value), headers: { location: `/v1/patients/${params.patientId}/lab-results?from=${result.value.collectedOn}&to=${result.value.collectedOn}` } };
  },
});
