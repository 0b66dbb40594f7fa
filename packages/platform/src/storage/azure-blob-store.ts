import { Readable } from 'node:stream';
import { DefaultAzureCredential } from '@azure/identity';
import {
  BlobSASPermissions,
  BlobServiceClient,
  generateBlobSASQueryParameters,
  RestError,
  SASProtocol,
  StorageSharedKeyCredential,
  type BlobSASSignatureValues,
  type UserDelegationKey,
} from '@azure/storage-blob';
import { BLOB_CONTAINERS, type BlobRef, type BlobStore, type SignedUrl } from '@korevitta/domain';

/**
 * The one blob adapter, on @azure/storage-blob, for Azure and for Azurite alike.
 *
 * - `entra` (Azure): the process's managed identity; SAS are user-delegation SAS signed with a key from Entra ID
 *   (never the account key), HTTPS only. The delegation key is fetched for 6 h and renewed an hour before it ends.
 * - `emulator` (local, tests): Azurite's development account. Its well-known key is the one the SDK itself supplies
 *   for `UseDevelopmentStorage=true` (no key is written in this repository); SAS are service SAS signed with it.
 *
 * Every SAS names one blob, a start a minute back (clock skew) and an end minutes ahead. Upload SAS carry only
 * the `create` permission: the URL can write a new blob once, never read it, list the container or overwrite.
 */
export type BlobAuth = 'emulator' | 'entra';

export interface AzureBlobStore extends BlobStore {
  /** Readiness: the service answers for the uploads container. */
  probe(): Promise<void>;
  /** Creates the containers (emulator only; in Azure the Bicep template owns them) and, given origins, browser CORS. */
  ensureContainers(corsOrigins?: readonly string[]): Promise<void>;
}

const DELEGATION_KEY_TTL_MS = 6 * 3_600_000;
const DELEGATION_KEY_RENEW_BEFORE_MS = 3_600_000;
const CLOCK_SKEW_MS = 60_000;
const STREAM_BLOCK_BYTES = 4 * 1024 * 1024;

function emulatorCredential(): StorageSharedKeyCredential {
  const credential = BlobServiceClient.fromConnectionString('UseDevelopmentStorage=true').credential;
  if (!(credential instanceof StorageSharedKeyCredential)) throw new Error('the storage SDK gave no development credential');
  return credential;
}

const notFound = (error: unknown): boolean => error instanceof RestError && error.statusCode === 404;

export function createAzureBlobStore(options: { serviceUrl: string; auth: BlobAuth; now?: () => Date }): AzureBlobStore {
  const now = options.now ?? (() => new Date());
  const serviceUrl = options.serviceUrl.replace(/\/+$/, '');
  const sharedKey = options.auth === 'emulator' ? emulatorCredential() : null;
  const service = sharedKey ? new BlobServiceClient(serviceUrl, sharedKey) : new BlobServiceClient(serviceUrl, new DefaultAzureCredential());
  const blob = (ref: BlobRef) => service.getContainerClient(ref.container).getBlockBlobClient(ref.name);

  let delegation: { key: UserDelegationKey; renewAt: number } | null = null;
  async function delegationKey(): Promise<UserDelegationKey> {
    const at = now().getTime();
    if (delegation && at < delegation.renewAt) return delegation.key;
    const startsOn = new Date(at - CLOCK_SKEW_MS);
    const expiresOn = new Date(at + DELEGATION_KEY_TTL_MS);
    const key = await service.getUserDelegationKey(startsOn, expiresOn);
    delegation = { key, renewAt: expiresOn.getTime() - DELEGATION_KEY_RENEW_BEFORE_MS };
    return key;
  }

  async function sign(ref: BlobRef, permissions: string, expiresAt: Date, extra: Partial<BlobSASSignatureValues> = {}): Promise<SignedUrl> {
    const values: BlobSASSignatureValues = {
      containerName: ref.container,
      blobName: ref.name,
      permissions: BlobSASPermissions.parse(permissions),
      startsOn: new Date(now().getTime() - CLOCK_SKEW_MS),
      expiresOn: expiresAt,
      ...(sharedKey ? {} : { protocol: SASProtocol.Https }),
      ...extra,
    };
    const query = sharedKey
      ? generateBlobSASQueryParameters(values, sharedKey).toString()
      : generateBlobSASQueryParameters(values, await delegationKey(), service.accountName).toString();
    return { url: `${blob(ref).url}?${query}`, expiresAt };
  }

  return {
    uploadUrl: (ref, opts) => sign(ref, 'c', opts.expiresAt),
    readUrl: (ref, opts) => sign(ref, 'r', opts.expiresAt),
    async properties(ref) {
      try {
        const p = await blob(ref).getProperties();
        return { size: p.contentLength ?? 0, contentType: p.contentType ?? null };
      } catch (error) {
        if (notFound(error)) return null;
        throw error;
      }
    },
    async head(ref, bytes) {
      try {
        const p = await blob(ref).getProperties();
        const size = p.contentLength ?? 0;
        if (size === 0) return new Uint8Array();
        return new Uint8Array(await blob(ref).downloadToBuffer(0, Math.min(size, bytes)));
      } catch (error) {
        if (notFound(error)) return null;
        throw error;
      }
    },
    async read(ref) {
      try {
        return new Uint8Array(await blob(ref).downloadToBuffer());
      } catch (error) {
        if (notFound(error)) return null;
        throw error;
      }
    },
    async write(ref, bytes, contentType) {
      await blob(ref).uploadData(bytes, { blobHTTPHeaders: { blobContentType: contentType } });
    },
    async writeStream(ref, chunks, contentType) {
      let bytes = 0;
      const counted = async function* () {
        for await (const chunk of chunks) {
          bytes += chunk.length;
          // The SDK's block scheduler copies Buffers (a plain Uint8Array has no .copy): a view, not a copy.
          yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        }
      };
      // Blocks of 4 MiB, two in flight: memory stays near 8 MiB whatever the size of the blob.
      await blob(ref).uploadStream(Readable.from(counted()), STREAM_BLOCK_BYTES, 2, { blobHTTPHeaders: { blobContentType: contentType } });
      return bytes;
    },
    async copy(from, to) {
      const source = blob(from);
      const p = await source.getProperties();
      await blob(to).uploadData(await source.downloadToBuffer(), { blobHTTPHeaders: { blobContentType: p.contentType ?? 'application/octet-stream' } });
    },
    async delete(ref) {
      await blob(ref).deleteIfExists();
    },
    async deleteUnder(container, prefix) {
      if (!/^[^/]+\/([^/]+\/)*$/.test(prefix)) throw new Error('deleteUnder needs a folder prefix ending with /');
      const client = service.getContainerClient(container);
      let deleted = 0;
      try {
        for await (const item of client.listBlobsFlat({ prefix })) {
          if ((await client.getBlockBlobClient(item.name).deleteIfExists()).succeeded) deleted += 1;
        }
      } catch (error) {
        if (!notFound(error)) throw error;
      }
      return deleted;
    },
    async probe() {
      await service.getContainerClient('uploads').getProperties();
    },
    async ensureContainers(corsOrigins) {
      if (!sharedKey) return;
      await Promise.all(BLOB_CONTAINERS.map((name) => service.getContainerClient(name).createIfNotExists()));
      if (corsOrigins && corsOrigins.length > 0) {
        await service.setProperties({
          cors: [{ allowedOrigins: corsOrigins.join(','), allowedMethods: 'GET,PUT,HEAD', allowedHeaders: 'content-type,x-ms-blob-type', exposedHeaders: 'etag', maxAgeInSeconds: 3600 }],
        });
      }
    },
  };
}
