import { fail, ok, type Result } from '../shared/result.ts';
import { checkGrowth, type GrowthError } from '../billing/check-growth.ts';
import type { BlobRef, BlobStore } from './blob-port.ts';
import type { UploadDeps, UploadRecord, UploadStore } from './upload-ports.ts';
import { sniffContentType, SNIFF_BYTES, UPLOAD_RULES, type UploadContentType, type UploadPurpose } from './upload-rules.ts';

export interface UploadRequest { purpose: UploadPurpose; contentType: string; contentLength: number; patientId: string | null }

export interface UploadTicket {
  uploadId: string;
  url: string;
  method: 'PUT';
  /** Headers the client must send with the PUT (Azure Storage needs the blob type). */
  requestHeaders: { 'content-type': UploadContentType; 'x-ms-blob-type': 'BlockBlob' };
  expiresAt: Date;
}

export const DAY_MS = 86_400_000;

/** The blob an upload writes: the tenant, the patient (or the practice) and an unguessable id. */
export const uploadBlob = (u: Pick<UploadRecord, 'blobName'>): BlobRef => ({ container: 'uploads', name: u.blobName });

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
