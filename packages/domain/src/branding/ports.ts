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

/**
 * Port to issue 10's uploads: a logo is an upload of purpose `logo` of this practice, confirmed (bytes
 * checked), not bound to a patient. `url` is a short-lived read URL for showing it.
 */
export interface LogoFiles {
  check(professionalId: string, uploadId: string): Promise<'ok' | 'not_found' | 'not_a_logo'>;
  url(professionalId: string, uploadId: string): Promise<string | null>;
}

export interface BrandingAudit {
  record(entry: { action: string; entityType: string; entityId: string | null; changes?: Record<string, { before?: unknown; after?: unknown }> }): Promise<void>;
}

export interface BrandingDeps {
  brandings: BrandingStore;
  logos: LogoFiles;
  audit: BrandingAudit;
  now: Date;
}
