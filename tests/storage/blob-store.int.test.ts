import { randomUUID } from 'node:crypto';
import { inject, describe, expect, it } from 'vitest';
import { createAzureBlobStore } from '@korevitta/platform';
import type { BlobRef } from '@korevitta/domain';

/** TEST-CATALOG 18, ADR 0017: the blob adapter against the run's Azurite; Azurite itself enforces every SAS. */
describe('blob store on Azurite', () => {
  const store = createAzureBlobStore({ serviceUrl: inject('blobServiceUrl'), auth: 'emulator' });
  const ref = (container: BlobRef['container'] = 'uploads'): BlobRef => ({ container, name: `${randomUUID()}/${randomUUID()}/${randomUUID()}` });
  const minutes = (n: number) => new Date(Date.now() + n * 60_000);
  const put = (url: string, body: string, contentType = 'image/jpeg') =>
    fetch(url, { method: 'PUT', headers: { 'x-ms-blob-type': 'BlockBlob', 'content-type': contentType }, body });

  it('when a client uses an upload URL, then it creates that blob once and can neither read it, overwrite it, nor list the container', async () => {
    await store.ensureContainers();
    const target = ref();
    const { url } = await store.uploadUrl(target, { contentType: 'image/jpeg', expiresAt: minutes(10) });
    expect(new URL(url).pathname).toContain(target.name);
    expect((await put(url, 'first')).status).toBe(201);
    expect((await put(url, 'second')).status).toBe(403);
    expect((await fetch(url)).status).toBe(403);
    const sas = new URL(url).search.slice(1);
    expect((await fetch(`${inject('blobServiceUrl')}/uploads?restype=container&comp=list&${sas}`)).status).toBe(403);
    expect(new TextDecoder().decode((await store.read(target)) ?? new Uint8Array())).toBe('first');
    expect(await store.properties(target)).toEqual({ size: 5, contentType: 'image/jpeg' });
  });

  it('when a SAS names one blob, then it cannot write or read another blob', async () => {
    const [a, b] = [ref(), ref()];
    await store.write(b, new TextEncoder().encode('secret'), 'text/plain');
    const upload = await store.uploadUrl(a, { contentType: 'image/jpeg', expiresAt: minutes(10) });
    const read = await store.readUrl(a, { expiresAt: minutes(10) });
    const other = (u: string) => u.replace(a.name, b.name);
    expect((await put(other(upload.url), 'x')).status).toBe(403);
    expect((await fetch(other(read.url))).status).toBe(403);
  });

  it('when a SAS has expired, then Azurite refuses it', async () => {
    const target = ref();
    await store.write(target, new TextEncoder().encode('x'), 'text/plain');
    const past = new Date(Date.now() - 60_000);
    const expiredRead = createAzureBlobStore({ serviceUrl: inject('blobServiceUrl'), auth: 'emulator', now: () => new Date(Date.now() - 10 * 60_000) });
    const read = await expiredRead.readUrl(target, { expiresAt: past });
    expect((await fetch(read.url)).status).toBe(403);
    const upload = await expiredRead.uploadUrl(ref(), { contentType: 'image/jpeg', expiresAt: past });
    expect((await put(upload.url, 'x')).status).toBe(403);
  });

  it('when a read URL is used, then it serves the bytes and cannot write', async () => {
    const target = ref('photos');
    await store.write(target, new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2]), 'image/jpeg');
    const read = await store.readUrl(target, { expiresAt: minutes(5) });
    const res = await fetch(read.url);
    expect(res.status).toBe(200);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2]));
    expect((await put(read.url, 'overwrite')).status).toBe(403);
  });

  it('when blobs are read partly, copied and deleted, then missing blobs answer null and deleting twice is fine', async () => {
    const source = ref();
    const copy = ref('documents');
    await store.write(source, new TextEncoder().encode('%PDF-1.7 body'), 'application/pdf');
    expect(new TextDecoder().decode((await store.head(source, 5)) ?? new Uint8Array())).toBe('%PDF-');
    expect(await store.head(source, 1000)).toHaveLength(13);
    await store.copy(source, copy);
    expect(await store.properties(copy)).toEqual({ size: 13, contentType: 'application/pdf' });
    await store.delete(source);
    await store.delete(source);
    expect(await store.properties(source)).toBeNull();
    expect(await store.head(source, 4)).toBeNull();
    expect(await store.read(source)).toBeNull();
  });
});
