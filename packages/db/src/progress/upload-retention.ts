import { and, inArray, lte, ne } from 'drizzle-orm';
import type { Database } from '../connection.ts';
import { withSystemBypass } from '../tenant.ts';
import { uploads } from '../schema/index.ts';

/** Uploads never confirmed (pending or rejected) created at or before `cutoff`: the retention job removes them with their blobs. */
export function staleUploads(db: Database, input: { cutoff: Date; limit: number; professionalIds?: readonly string[] }): Promise<{ id: string; blobName: string }[]> {
  return withSystemBypass(db, 'job: retention stale uploads', (tx) => tx.select({ id: uploads.id, blobName: uploads.blobName }).from(uploads)
    .where(and(ne(uploads.status, 'confirmed'), lte(uploads.createdAt, input.cutoff), input.professionalIds ? inArray(uploads.professionalId, [...input.professionalIds]) : undefined))
    .limit(input.limit));
}

export async function deleteUploads(db: Database, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await withSystemBypass(db, 'job: retention delete uploads', (tx) => tx.delete(uploads).where(and(inArray(uploads.id, [...ids]), ne(uploads.status, 'confirmed'))));
}
