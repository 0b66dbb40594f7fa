import type { EntitlementReader } from '../billing/ports.ts';
import type { BlobStore } from '../progress/blob-port.ts';
import type { UploadStore } from '../progress/upload-ports.ts';
import type { Branding } from './types.ts';

/** Brandings of the caller's tenant (RLS-bound): a practice sees and writes only its own. */
export interface BrandingStore {
  /** The saved branding, or null while the practice has the default one. */
  find(professionalId: string): Promise<Branding | null>;
  /** Locks the practice's branding row (or its absence, through the practice row) until the transaction ends. */
  findForUpdate(professionalId: string): Promise<Branding | null>;
  /** The practice's own name, the default display name until a branding is saved. */
  practiceName(professionalId: string): Promise<string | null>;
  save(branding: Branding & { updatedBy: string; updatedAt: Date }, isNew: boolean): Promise<void>;
}

export interface BrandingAudit {
  record(entry: { action: string; entityType: string; entityId: string | null; changes?: Record<string, { before?: unknown; after?: unknown }> }): Promise<void>;
}

export interface BrandingDeps {
  brandings: BrandingStore;
  /** The practice's uploads (issue 10): a logo is one of them, confirmed when a branding first names it. */
  uploads: Pick<UploadStore, 'upload' | 'markUpload' | 'releaseUpload'>;
  /** Null when no blob storage is configured: no logo can be confirmed or shown. */
  blobs: BlobStore | null;
  /** A logo's bytes count against the plan's storage. */
  entitlements: EntitlementReader;
  audit: BrandingAudit;
  now: Date;
}
