import { fail, invalid, ok, type Result } from '../shared/result.ts';
import { checkGrowth, type GrowthError } from '../billing/check-growth.ts';
import type { BlobRef, BlobStore } from './blob-port.ts';
import { accessiblePatient } from './access.ts';
import type { ProgressCaller } from './ports.ts';
import type { UploadDeps, UploadRecord, UploadStore } from './upload-ports.ts';
import { sniffContentType, SNIFF_BYTES, UPLOAD_RULES, UPLOAD_URL_TTL_MS, UPLOADS_PER_DAY, type UploadContentType, type UploadPurpose } from './upload-rules.ts';

export interface UploadRequest { purpose: UploadPurpose; contentType: string; contentLength: number; patientId: string | null }

export interface UploadTicket {
  uploadId: string;
  url: string;
  method: 'PUT';
  /** Headers the client must send with the PUT (Azure Storage needs the blob type). */
  requestHeaders: { 'content-type': UploadContentType; 'x-ms-blob-type': 'BlockBlob' };
  expiresAt: Date;
}

const DAY_MS = 86_400_000;

/** The blob an upload writes: the tenant, the patient (or the practice) and an unguessable id. */
export const uploadBlob = (u: Pick<UploadRecord, 'blobName'>): BlobRef => ({ container: 'uploads', name: u.blobName });

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

export type ReceivedError = 'UPLOAD.NOT_RECEIVED' | 'UPLOAD.TOO_LARGE' | 'UPLOAD.CONTENT_MISMATCH';

/**
 * The file of an upload as it arrived: it must exist (409 before it does), fit the purpose's cap (413) and be of
 * the declared type by its magic number (422). A file refused for size or content is deleted at once, and the
 * caller should mark the upload rejected.
 */
export async function receivedUpload(blobs: BlobStore, upload: UploadRecord): Promise<Result<{ bytes: number }, ReceivedError>> {
  const ref = uploadBlob(upload);
  const props = await blobs.properties(ref);
  if (!props) return fail('UPLOAD.NOT_RECEIVED');
  const rule = UPLOAD_RULES[upload.purpose];
  if (props.size > rule.maxBytes) {
    await blobs.delete(ref);
    return fail('UPLOAD.TOO_LARGE', { params: { purpose: upload.purpose, limit: rule.maxBytes } });
  }
  const head = await blobs.head(ref, SNIFF_BYTES);
  if (!head || sniffContentType(head) !== upload.contentType) {
    await blobs.delete(ref);
    return fail('UPLOAD.CONTENT_MISMATCH', { params: { declared: upload.contentType } });
  }
  return ok({ bytes: props.size });
}

/**
 * Takes a pending upload of this patient for this purpose as confirmed, once its file passes receivedUpload and
 * fits the practice's storage cap. Another patient's, another purpose's or a rejected upload is not found; a used
 * one is a conflict; a refused file marks the upload rejected (its blob is already deleted). Past the cap the
 * upload stays pending (a plan change within 24 h can still confirm it).
 */
export async function claimUpload(
  deps: { store: Pick<UploadStore, 'upload' | 'markUpload'>; blobs: BlobStore; entitlements: UploadDeps['entitlements']; now: Date },
  input: { uploadId: string; patientId: string; professionalId: string; purpose: UploadPurpose },
): Promise<Result<UploadRecord, 'UPLOAD.NOT_FOUND' | 'UPLOAD.ALREADY_CONFIRMED' | ReceivedError | GrowthError>> {
  const upload = await deps.store.upload(input.uploadId);
  if (!upload || upload.patientId !== input.patientId || upload.purpose !== input.purpose || upload.status === 'rejected') return fail('UPLOAD.NOT_FOUND');
  if (upload.status === 'confirmed') return fail('UPLOAD.ALREADY_CONFIRMED');
  const received = await receivedUpload(deps.blobs, upload);
  if (!received.ok) {
    if (received.error.code !== 'UPLOAD.NOT_RECEIVED') await deps.store.markUpload(upload.id, 'rejected', deps.now);
    return received;
  }
  const storage = await checkStorage(deps, input.professionalId, received.value.bytes);
  if (!storage.ok) return storage;
  await deps.store.markUpload(upload.id, 'confirmed', deps.now, received.value.bytes);
  return ok(upload);
}

/**
 * The storage cap at confirmation, on the file's real size, under the practice's growth lock (two confirmations
 * never both take the last bytes).
 */
export function checkStorage(deps: Pick<UploadDeps, 'entitlements' | 'now'>, professionalId: string, bytes: number): Promise<Result<void, GrowthError>> {
  return checkGrowth(deps, { professionalId, resource: 'storageBytes', adding: bytes });
}
