import type { BlobStore } from './blob-port.ts';
import { uploadBlob } from './uploads.ts';

/** Port: decodes an image, applies its orientation, strips every metadata (EXIF, GPS, ICC comments) and re-encodes. */
export interface ImageProcessor {
  /** Null when the bytes are not an image it can decode (e.g. HEIC without an HEVC decoder). */
  render(bytes: Uint8Array): Promise<{ display: { bytes: Uint8Array; width: number; height: number }; thumbnail: { bytes: Uint8Array } } | null>;
  /**
   * The same image, oriented, in the same format and size, with every metadata gone (a photographed lab report
   * must not carry where it was taken). Null when it cannot decode the bytes as `contentType`.
   */
  stripMetadata(bytes: Uint8Array, contentType: StrippableImageType): Promise<Uint8Array | null>;
}

/** The image types the processor can re-encode without metadata (HEIC: no HEVC decoder in sharp's libvips). */
export const STRIPPABLE_IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type StrippableImageType = (typeof STRIPPABLE_IMAGE_TYPES)[number];
export const isStrippableImage = (contentType: string): contentType is StrippableImageType => (STRIPPABLE_IMAGE_TYPES as readonly string[]).includes(contentType);

/** Port: the job's view of a photo (system transaction: the job serves every tenant). */
export interface PhotoJobStore {
  photoForJob(photoId: string): Promise<{ id: string; professionalId: string; patientId: string; status: 'processing' | 'ready' | 'failed'; originalBlob: string | null } | null>;
  markReady(photoId: string, r: { displayBlob: string; thumbnailBlob: string; width: number; height: number; at: Date }): Promise<void>;
  markFailed(photoId: string, reason: string, at: Date): Promise<void>;
}

export type ThumbnailOutcome = 'ready' | 'failed' | 'skipped';

/**
 * `generate_thumbnail`: makes the display size and the thumbnail of a photo, both stripped of metadata, and deletes
 * the upload (ADR 0017: only stripped images are kept). Idempotent: a photo no longer `processing` (a redelivery)
 * is skipped, and the blob names are fixed per photo, so a retry after a crash overwrites instead of adding.
 */
export async function generateThumbnail(deps: { store: PhotoJobStore; blobs: BlobStore; images: ImageProcessor; now: Date }, photoId: string): Promise<ThumbnailOutcome> {
  const photo = await deps.store.photoForJob(photoId);
  if (!photo || photo.status !== 'processing' || !photo.originalBlob) return 'skipped';
  const original = uploadBlob({ blobName: photo.originalBlob });
  const bytes = await deps.blobs.read(original);
  const rendered = bytes ? await deps.images.render(bytes) : null;
  if (!rendered) {
    await deps.store.markFailed(photo.id, 'unreadable_image', deps.now);
    await deps.blobs.delete(original);
    return 'failed';
  }
  const base = `${photo.professionalId}/${photo.patientId}/${photo.id}`;
  const displayBlob = `${base}/display.jpg`;
  const thumbnailBlob = `${base}/thumbnail.jpg`;
  await deps.blobs.write({ container: 'photos', name: displayBlob }, rendered.display.bytes, 'image/jpeg');
  await deps.blobs.write({ container: 'photos', name: thumbnailBlob }, rendered.thumbnail.bytes, 'image/jpeg');
  await deps.store.markReady(photo.id, { displayBlob, thumbnailBlob, width: rendered.display.width, height: rendered.display.height, at: deps.now });
  await deps.blobs.delete(original);
  return 'ready';
}
