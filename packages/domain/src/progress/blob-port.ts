/**
 * Port: private blob storage. Clients never get a key: they get a short-lived URL for ONE blob, write-only
 * (create, no overwrite) to upload, read-only to download. Names carry the tenant and an unguessable id
 * (`{professionalId}/{patientId}/{uuid}`); a blob is reached only through a row the caller's RLS lets it see.
 */
export const BLOB_CONTAINERS = ['uploads', 'photos', 'exports', 'documents'] as const;
export type BlobContainer = (typeof BLOB_CONTAINERS)[number];

export interface BlobRef { container: BlobContainer; name: string }

export interface SignedUrl { url: string; expiresAt: Date }

export interface BlobProperties { size: number; contentType: string | null }

export interface BlobStore {
  /** A URL that can create this blob once (no read, no overwrite), with the content type pinned where the service allows. */
  uploadUrl(ref: BlobRef, opts: { contentType: string; expiresAt: Date }): Promise<SignedUrl>;
  /** A URL that can only read this blob until `expiresAt`. */
  readUrl(ref: BlobRef, opts: { expiresAt: Date }): Promise<SignedUrl>;
  /** Size and type, or null when the blob does not exist. */
  properties(ref: BlobRef): Promise<BlobProperties | null>;
  /** The first `bytes` bytes (a magic-number check), or null when the blob does not exist. */
  head(ref: BlobRef, bytes: number): Promise<Uint8Array | null>;
  /** The whole blob, or null when it does not exist. */
  read(ref: BlobRef): Promise<Uint8Array | null>;
  write(ref: BlobRef, bytes: Uint8Array, contentType: string): Promise<void>;
  /**
   * Writes (or overwrites) a blob from chunks as they are produced, pulling the next only when the upload has room,
   * so an archive larger than memory streams through. Returns the bytes written.
   */
  writeStream(ref: BlobRef, chunks: AsyncIterable<Uint8Array>, contentType: string): Promise<number>;
  /** Server-side copy within the account (an exam PDF kept as a document). */
  copy(from: BlobRef, to: BlobRef): Promise<void>;
  /** Idempotent: a missing blob is not an error. */
  delete(ref: BlobRef): Promise<void>;
  /**
   * Deletes every blob of `container` whose name starts with `prefix` (a tenant's or a patient's folder, so it must
   * end with `/`); idempotent, returns how many it deleted.
   */
  deleteUnder(container: BlobContainer, prefix: string): Promise<number>;
}
