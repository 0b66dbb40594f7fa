import { and, count, desc, eq, gte, lte, min, or, lt, type SQL } from 'drizzle-orm';
import type { PhotoJobStore, UploadStore } from '@korevitta/domain';
import type { Tx } from '../tenant.ts';
import { progressPhotos, uploads } from '../schema/index.ts';
import { createMeasurementStore } from './measurement-store.ts';

const photoColumns = {
  id: progressPhotos.id, patientId: progressPhotos.patientId, pose: progressPhotos.pose, takenAt: progressPhotos.takenAt, status: progressPhotos.status,
  failureReason: progressPhotos.failureReason, displayBlob: progressPhotos.displayBlob, thumbnailBlob: progressPhotos.thumbnailBlob,
  width: progressPhotos.width, height: progressPhotos.height, createdAt: progressPhotos.createdAt,
};

/** Uploads and photos through the caller's RLS. */
export function createUploadStore(tx: Tx): UploadStore {
  return {
    patient: createMeasurementStore(tx).patient,
    async requestedSince(userId, since) {
      const [row] = await tx.select({ n: count(), oldest: min(uploads.createdAt) }).from(uploads)
        .where(and(eq(uploads.requestedBy, userId), gte(uploads.createdAt, since)));
      return { count: Number(row?.n ?? 0), oldest: row?.oldest ? new Date(row.oldest) : null };
    },
    async insertUpload(u) {
      await tx.insert(uploads).values({
        id: u.id, professionalId: u.professionalId, patientId: u.patientId, requestedBy: u.requestedBy, purpose: u.purpose, contentType: u.contentType,
        declaredBytes: u.declaredBytes, blobName: u.blobName, status: u.status, expiresAt: u.expiresAt, createdAt: u.createdAt, updatedAt: u.createdAt,
      });
    },
    async upload(uploadId) {
      const [row] = await tx.select({
        id: uploads.id, professionalId: uploads.professionalId, patientId: uploads.patientId, purpose: uploads.purpose, contentType: uploads.contentType,
        declaredBytes: uploads.declaredBytes, blobName: uploads.blobName, status: uploads.status, storedBytes: uploads.storedBytes,
      }).from(uploads).where(eq(uploads.id, uploadId)).limit(1);
      return row ?? null;
    },
    async markUpload(uploadId, status, at, storedBytes) {
      await tx.update(uploads).set({ status, settledAt: at, updatedAt: at, storedBytes: status === 'confirmed' ? storedBytes ?? null : null }).where(eq(uploads.id, uploadId));
    },
    async releaseUpload(uploadId, at) {
      await tx.update(uploads).set({ storedBytes: null, updatedAt: at }).where(eq(uploads.id, uploadId));
    },
    async insertPhoto(p) {
      await tx.insert(progressPhotos).values({ ...p, status: 'processing', updatedAt: p.createdAt });
    },
    async photos(q) {
      const where: (SQL | undefined)[] = [eq(progressPhotos.patientId, q.patientId)];
      if (q.pose) where.push(eq(progressPhotos.pose, q.pose));
      if (q.from) where.push(gte(progressPhotos.takenAt, q.from));
      if (q.to) where.push(lte(progressPhotos.takenAt, q.to));
      if (q.after) where.push(or(lt(progressPhotos.takenAt, q.after.takenAt), and(eq(progressPhotos.takenAt, q.after.takenAt), lt(progressPhotos.id, q.after.id))));
      return tx.select(photoColumns).from(progressPhotos).where(and(...where)).orderBy(desc(progressPhotos.takenAt), desc(progressPhotos.id)).limit(q.limit);
    },
    async photo(patientId, photoId) {
      const [row] = await tx.select({ ...photoColumns, originalBlob: progressPhotos.originalBlob }).from(progressPhotos)
        .where(and(eq(progressPhotos.id, photoId), eq(progressPhotos.patientId, patientId))).limit(1);
      return row ?? null;
    },
    async deletePhoto(photoId) {
      // The photo's upload no longer holds bytes against the plan's storage cap.
      const gone = await tx.delete(progressPhotos).where(eq(progressPhotos.id, photoId)).returning({ uploadId: progressPhotos.uploadId });
      if (gone[0]) await tx.update(uploads).set({ storedBytes: null }).where(eq(uploads.id, gone[0].uploadId));
    },
  };
}

/** The thumbnail job's view, in a system transaction. */
export function createPhotoJobStore(tx: Tx): PhotoJobStore {
  return {
    async photoForJob(photoId) {
      const [row] = await tx.select({ id: progressPhotos.id, professionalId: progressPhotos.professionalId, patientId: progressPhotos.patientId, status: progressPhotos.status, originalBlob: progressPhotos.originalBlob })
        .from(progressPhotos).where(eq(progressPhotos.id, photoId)).limit(1).for('update');
      return row ?? null;
    },
    async markReady(photoId, r) {
      await tx.update(progressPhotos).set({ status: 'ready', displayBlob: r.displayBlob, thumbnailBlob: r.thumbnailBlob, width: r.width, height: r.height, originalBlob: null, updatedAt: r.at })
        .where(eq(progressPhotos.id, photoId));
    },
    async markFailed(photoId, reason, at) {
      await tx.update(progressPhotos).set({ status: 'failed', failureReason: reason, originalBlob: null, updatedAt: at }).where(eq(progressPhotos.id, photoId));
    },
  };
}
