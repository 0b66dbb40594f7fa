import { fail, ok, type Result } from '../shared/result.ts';
import { checkGrowth, type GrowthError } from '../billing/check-growth.ts';
import { READ_URL_TTL_MS } from '../progress/upload-rules.ts';
import { receivedUpload, uploadBlob, type ReceivedError } from '../progress/uploads.ts';
import type { UploadRecord } from '../progress/upload-ports.ts';
import type { BrandingDeps } from './ports.ts';

export type LogoError = 'REQUEST.VALIDATION' | ReceivedError | GrowthError;

const invalidLogo = (reason: 'not_found' | 'not_a_logo') =>
  fail('REQUEST.VALIDATION', { fields: [{ pointer: '/body/logoUploadId', code: 'invalid_upload', params: { reason } }] });

/**
 * Makes an upload the practice's logo: one of this practice's uploads (RLS, and the id), of purpose `logo`, bound
 * to no patient. A pending one is confirmed here: the file must have arrived whole, be a PNG by its magic bytes and
 * fit 1 MB (receivedUpload: 409, 413, 422; a refused file is deleted), and its bytes must fit the plan's storage
 * (409 SUBSCRIPTION.LIMIT_REACHED, decided under the growth lock; the replaced logo's bytes are freed). A confirmed
 * logo that still holds its file (the current one, or a previous one not yet replaced) is taken as it is.
 */
export async function claimLogo(deps: BrandingDeps, input: { professionalId: string; uploadId: string; replacing: string | null }): Promise<Result<UploadRecord, LogoError>> {
  const upload = await deps.uploads.upload(input.uploadId);
  if (!upload || upload.professionalId !== input.professionalId || upload.status === 'rejected') return invalidLogo('not_found');
  if (upload.purpose !== 'logo' || upload.patientId !== null) return invalidLogo('not_a_logo');
  if (upload.status === 'confirmed') return upload.storedBytes === null ? invalidLogo('not_found') : ok(upload);
  if (!deps.blobs) return invalidLogo('not_found');
  const received = await receivedUpload(deps.blobs, upload);
  if (!received.ok) {
    if (received.error.code !== 'UPLOAD.NOT_RECEIVED') await deps.uploads.markUpload(upload.id, 'rejected', deps.now);
    return received;
  }
  const previous = input.replacing ? await deps.uploads.upload(input.replacing) : null;
  const growth = await checkGrowth(deps, { professionalId: input.professionalId, resource: 'storageBytes', adding: received.value.bytes - (previous?.storedBytes ?? 0) });
  if (!growth.ok) return growth;
  await deps.uploads.markUpload(upload.id, 'confirmed', deps.now, received.value.bytes);
  return ok({ ...upload, status: 'confirmed', storedBytes: received.value.bytes });
}

/** A replaced logo: its bytes stop counting and its file goes (call last, after the new branding is saved). */
export async function releaseLogo(deps: BrandingDeps, uploadId: string): Promise<void> {
  const upload = await deps.uploads.upload(uploadId);
  if (!upload || upload.storedBytes === null) return;
  await deps.uploads.releaseUpload(upload.id, deps.now);
  await deps.blobs?.delete(uploadBlob(upload));
}

/** A short-lived read URL of the logo (15 min, read-only, this one blob), or null when there is none to show. */
export async function logoReadUrl(deps: Pick<BrandingDeps, 'uploads' | 'blobs' | 'now'>, uploadId: string | null): Promise<string | null> {
  if (!uploadId || !deps.blobs) return null;
  const upload = await deps.uploads.upload(uploadId);
  if (!upload || upload.status !== 'confirmed' || upload.storedBytes === null) return null;
  const signed = await deps.blobs.readUrl(uploadBlob(upload), { expiresAt: new Date(deps.now.getTime() + READ_URL_TTL_MS) });
  return signed.url;
}
