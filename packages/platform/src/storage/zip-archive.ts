import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import type { ArchiveEntry, ArchiveWriter, BlobStore } from '@korevitta/domain';

/**
 * A ZIP made as it is read: entries are added one at a time and each is finished before the next, so fflate emits
 * the archive's bytes as the entry's chunks arrive, and this generator hands them on only when its reader pulls
 * (the blob upload takes a block at a time). Nothing holds a whole file or account; the memory is the upload's
 * blocks plus the one stored file being copied. Deflate for text, stored as-is for images (already compressed).
 * No ZIP64: an archive stays under 4 GiB (ADR 0021).
 */
export async function* zipChunks(entries: AsyncIterable<ArchiveEntry>, mtime: Date): AsyncGenerator<Uint8Array> {
  const ready: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else if (chunk.length > 0) ready.push(chunk);
  });
  const drain = function* (): Generator<Uint8Array> {
    if (failure) throw failure;
    while (ready.length > 0) yield ready.shift()!;
  };
  for await (const entry of entries) {
    const file = entry.compressed ? new ZipDeflate(entry.path, { level: 6 }) : new ZipPassThrough(entry.path);
    file.mtime = mtime;
    zip.add(file);
    if (entry.data instanceof Uint8Array) {
      file.push(entry.data, true);
    } else {
      for await (const chunk of entry.data) {
        file.push(chunk);
        yield* drain();
      }
      file.push(new Uint8Array(0), true);
    }
    yield* drain();
  }
  zip.end();
  yield* drain();
}

/** The domain's ArchiveWriter: a streamed ZIP written to one blob (overwriting it). */
export function zipArchiveWriter(blobs: BlobStore, mtime: Date): ArchiveWriter {
  return {
    async write(ref, entries) {
      const bytes = await blobs.writeStream(ref, zipChunks(entries, mtime), 'application/zip');
      return { bytes };
    },
  };
}
