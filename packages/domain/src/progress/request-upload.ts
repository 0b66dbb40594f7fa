import { fail, invalid, ok, type Result } from '../shared/result.ts';
import { checkGrowth, type GrowthError } from '../billing/check-growth.ts';
import { accessiblePatient } from './access.ts';
import type { ProgressCaller } from './ports.ts';
import type { UploadDeps } from './upload-ports.ts';
import { UPLOAD_RULES, UPLOAD_URL_TTL_MS, UPLOADS_PER_DAY } from './upload-rules.ts';
import { DAY_MS, type UploadRequest, type UploadTicket, uploadBlob } from './uploads.ts';

/**
 * Hands out a write-only URL for one new blob, after the purpose's rules: role (403), declared type (415), declared
 * size (413), patient (a patient only for itself, a professional only for its own: else 404), daily quota (429).
 */
export async function requestUpload(deps: UploadDeps, caller: ProgressCaller, input: UploadRequest):
  Promise<Result<UploadTicket, 'UPLOAD.PURPOSE_NOT_ALLOWED' | 'UPLOAD.TYPE_NOT_ALLOWED' | 'UPLOAD.TOO_LARGE' | 'UPLOAD.QUOTA_EXCEEDED' | 'PATIENT.NOT_FOUND' | 'REQUEST.VALIDATION' | GrowthError>> {
  const rule = UPLOAD_RULES[input.purpose];
  if (!rule.roles.includes(caller.role)) return fail('UPLOAD.PURPOSE_NOT_ALLOWED', { params: { purpose: input.purpose } });
  const contentType = rule.types.find((t) => t === input.contentType);
  if (!contentType) return fail('UPLOAD.TYPE_NOT_ALLOWED', { params: { purpose: input.purpose, allowed: rule.types.join(', ') } });
  if (input.contentLength > rule.maxBytes) return fail('UPLOAD.TOO_LARGE', { params: { purpose: input.purpose, limit: rule.maxBytes } });
  if (rule.patient === 'required' && input.patientId === null) return invalid({ pointer: '/body/patientId', code: 'required' });
  if (rule.patient === 'absent' && input.patientId !== null) return invalid({ pointer: '/body/patientId', code: 'must_be_absent' });
  const patient = input.patientId === null ? null : await accessiblePatient(deps.store, caller, input.patientId);
  if (input.patientId !== null && !patient) return fail('PATIENT.NOT_FOUND');
  const quota = await deps.store.requestedSince(caller.userId, new Date(deps.now.getTime() - DAY_MS));
  if (quota.count >= UPLOADS_PER_DAY) {
    const retry = quota.oldest ? (quota.oldest.getTime() + DAY_MS - deps.now.getTime()) / 1000 : 3600;
    return fail('UPLOAD.QUOTA_EXCEEDED', { params: { limit: UPLOADS_PER_DAY }, retryAfterSeconds: Math.max(1, retry) });
  }
  // Refused early on the declared size; confirmation decides again on the file's real size.
  const growth = await checkGrowth(deps, { professionalId: caller.professionalId, resource: 'storageBytes', adding: input.contentLength });
  if (!growth.ok) return growth;
  const id = deps.newId();
  const blobName = `${caller.professionalId}/${patient?.id ?? 'practice'}/${deps.newId()}`;
  const expiresAt = new Date(deps.now.getTime() + UPLOAD_URL_TTL_MS);
  await deps.store.insertUpload({
    id, professionalId: caller.professionalId, patientId: patient?.id ?? null, purpose: input.purpose, contentType, declaredBytes: input.contentLength,
    blobName, status: 'pending', storedBytes: null, requestedBy: caller.userId, createdAt: deps.now, expiresAt,
  });
  const signed = await deps.blobs.uploadUrl(uploadBlob({ blobName }), { contentType, expiresAt });
  return ok({ uploadId: id, url: signed.url, method: 'PUT', requestHeaders: { 'content-type': contentType, 'x-ms-blob-type': 'BlockBlob' }, expiresAt });
}
