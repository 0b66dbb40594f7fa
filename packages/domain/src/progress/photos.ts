import type { PhotoPose, PhotoRecord, UploadDeps } from './upload-ports.ts';
import { READ_URL_TTL_MS } from './upload-rules.ts';

export const GENERATE_THUMBNAIL = 'progress.generate_thumbnail';

export interface GenerateThumbnailPayload { photoId: string }

/** A photo as the API shows it: read URLs for its sizes once the job made them. */
export interface PhotoView extends PhotoRecord { thumbnailUrl: string | null; displayUrl: string | null; urlsExpireAt: Date | null }

export const MAX_FUTURE_MS = 5 * 60_000;

/** Read URLs (short-lived, one blob each) for a ready photo; none otherwise. */
export async function photoView(deps: Pick<UploadDeps, 'blobs' | 'now'>, p: PhotoRecord): Promise<PhotoView> {
  if (p.status !== 'ready' || !p.displayBlob || !p.thumbnailBlob) return { ...p, thumbnailUrl: null, displayUrl: null, urlsExpireAt: null };
  const expiresAt = new Date(deps.now.getTime() + READ_URL_TTL_MS);
  const [thumb, display] = await Promise.all([
    deps.blobs.readUrl({ container: 'photos', name: p.thumbnailBlob }, { expiresAt }),
    deps.blobs.readUrl({ container: 'photos', name: p.displayBlob }, { expiresAt }),
  ]);
  return { ...p, thumbnailUrl: thumb.url, displayUrl: display.url, urlsExpireAt: expiresAt };
}

export interface PhotoQuery { patientId: string; pose: PhotoPose | null; from: Date | null; to: Date | null; after: { takenAt: Date; id: string } | null; limit: number }
