import * as v from 'valibot';
import { integer, UPLOAD_CONTENT_TYPES, UPLOAD_PURPOSES, token, type PhotoView } from '@korevitta/domain';
import { errorResponses, Id, Instant } from '../shared-schemas.ts';

/** Request and response schemas of uploads and progress photos. */
const SignedUrl = v.pipe(v.string(), v.maxLength(2048), v.url());

export const UploadBody = v.strictObject({
  purpose: v.picklist(UPLOAD_PURPOSES),
  /** The file's media type; what each purpose accepts is in the description (SVG never). */
  contentType: token(/^[a-z]+\/[a-z0-9.+-]+$/, 100, 'token'),
  contentLength: integer(1, 1_073_741_824),
  patientId: v.optional(Id),
});

export const UploadTicket = v.strictObject({
  uploadId: Id,
  /** Write-only, for this one blob, minutes long: PUT the file here with `requestHeaders`. */
  url: SignedUrl,
  method: v.literal('PUT'),
  requestHeaders: v.strictObject({ 'content-type': v.picklist(UPLOAD_CONTENT_TYPES), 'x-ms-blob-type': v.literal('BlockBlob') }),
  expiresAt: Instant,
});

export const Pose = v.picklist(['front', 'side', 'back', 'other']);

export const ConfirmPhotoBody = v.strictObject({ uploadId: Id, pose: Pose, takenAt: v.pipe(Instant, v.transform((s) => new Date(s))) });

export const Photo = v.strictObject({
  id: Id,
  patientId: Id,
  pose: Pose,
  takenAt: Instant,
  /** `processing` until the job made the stripped sizes; `failed` when the file could not be decoded. */
  status: v.picklist(['processing', 'ready', 'failed']),
  failureReason: v.nullable(v.picklist(['unreadable_image'])),
  width: v.nullable(integer(1, 100_000)),
  height: v.nullable(integer(1, 100_000)),
  /** Read-only URLs, one blob each, valid until `urlsExpireAt` (null until ready). */
  thumbnailUrl: v.nullable(SignedUrl),
  displayUrl: v.nullable(SignedUrl),
  urlsExpireAt: v.nullable(Instant),
  createdAt: Instant,
});

export const PhotoPage = v.strictObject({
  items: v.pipe(v.array(Photo), v.maxLength(100)),
  nextCursor: v.nullable(v.pipe(v.string(), v.maxLength(512), v.regex(/^[A-Za-z0-9_-]+$/))),
});

export const photoResponses = { ...errorResponses, 404: { description: 'No such patient (of mine, or myself), upload or photo' } } as const;

export function toPhoto(p: PhotoView): v.InferOutput<typeof Photo> {
  return {
    id: p.id, patientId: p.patientId, pose: p.pose, takenAt: p.takenAt.toISOString(), status: p.status,
    failureReason: p.failureReason === 'unreadable_image' ? 'unreadable_image' : null, width: p.width, height: p.height,
    thumbnailUrl: p.thumbnailUrl, displayUrl: p.displayUrl, urlsExpireAt: p.urlsExpireAt?.toISOString() ?? null, createdAt: p.createdAt.toISOString(),
  };
}
