/**
 * Azurite (the Azure Storage emulator) in this process, for `npm start` and the test run: the blob adapter then
 * talks to it exactly as to Azure Storage (ADR 0017). `import 'azurite'` fails (its main is a VS Code extension),
 * so its blob server is loaded from its dist folder. Pinned to 3.35.0, the last release that runs on Node 20;
 * newer storage SDKs send an API version it does not know, hence skipApiVersionCheck.
 */
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';

interface AzuriteServer { start(): Promise<void>; close(): Promise<void>; getHttpServerAddress(): string }
type ServerCtor = new (config: unknown) => AzuriteServer;
type ConfigCtor = new (...args: unknown[]) => unknown;

const require = createRequire(import.meta.url);

export interface LocalAzurite {
  /** The blob service URL of the development account, e.g. http://127.0.0.1:10000/devstoreaccount1. */
  serviceUrl: string;
  close(): Promise<void>;
}

/** Starts the blob service on 127.0.0.1:`port` (0: any free port), in memory or persisted under `location`. */
export async function startAzurite(options: { port: number; location: string | null }): Promise<LocalAzurite> {
  const BlobServer = (require('azurite/dist/src/blob/BlobServer.js') as { default: ServerCtor }).default;
  const BlobConfiguration = (require('azurite/dist/src/blob/BlobConfiguration.js') as { default: ConfigCtor }).default;
  const location = options.location;
  if (location) await mkdir(location, { recursive: true });
  const at = (file: string) => (location ? path.join(location, file) : file);
  const persistence = [{ locationId: 'Default', locationPath: at('__blobstorage__'), maxConcurrency: 10 }];
  const config = new BlobConfiguration(
    '127.0.0.1', options.port, undefined, at('__azurite_db_blob__.json'), at('__azurite_db_blob_extent__.json'), persistence,
    false, undefined, false, undefined, // no access log, no debug log
    false, true, // not loose; skipApiVersionCheck
    '', '', '', undefined, false, // no certificate, no OAuth, product-style URLs
    location === null, // in-memory persistence when no location
  );
  const server = new BlobServer(config);
  await server.start();
  const account = BlobServiceClient.fromConnectionString('UseDevelopmentStorage=true').accountName;
  return { serviceUrl: `${server.getHttpServerAddress()}/${account}`, close: () => server.close() };
}
